//! A yes/no question; `yes` runs if the agent agrees, `no` (if any) if not.

use super::cx::Cx;
use super::effect::Effect;
use super::keymap::{Command, Scope};
use super::screen::{Handled, Input, Screen};

#[derive(Clone, Debug, PartialEq)]
pub struct Confirm {
    pub question: String,
    pub yes: Effect,
    pub no: Option<Effect>,
}

impl Screen for Confirm {
    fn scopes(&self) -> &'static [Scope] {
        &[Scope::Confirm, Scope::Global]
    }

    fn handle(&mut self, input: Input, _cx: &mut Cx<'_>) -> Handled {
        match input {
            Input::Command(Command::Confirm) => Handled::Close(vec![self.yes.clone()]),
            Input::Command(Command::Refuse) => {
                Handled::Close(self.no.clone().into_iter().collect())
            }
            _ => Handled::done(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::cx::testing::Fixture;
    use crate::app::effect::Request;
    use crate::domain::people::Role;

    #[test]
    fn yes_and_no_each_run_their_effect_and_other_keys_wait() {
        let mut fx = Fixture::new(Role::Agent);
        let mut cx = fx.cx();
        let mut c = Confirm {
            question: "Save?".into(),
            yes: Request::ResolveDispute { invoice_id: 1 }.into(),
            no: Some(Request::ReleaseLease(2).into()),
        };
        assert!(
            matches!(c.handle(Input::Paste("y".into()), &mut cx), Handled::Done(e) if e.is_empty())
        );
        assert!(
            matches!(c.handle(Input::Command(Command::Confirm), &mut cx), Handled::Close(e) if e == [c.yes.clone()])
        );
        assert!(
            matches!(c.handle(Input::Command(Command::Refuse), &mut cx), Handled::Close(e) if e.len() == 1)
        );
    }
}
