//! A list to pick from, narrowed by typing (the assign picker).

use super::cx::Cx;
use super::done::Done;
use super::effect::Request;
use super::keymap::{Command, Scope};
use super::screen::{Handled, Input, Screen};
use super::text_input::TextLine;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picker {
    pub title: String,
    /// (agent id or none for "unassigned", label).
    pub options: Vec<(Option<i64>, String)>,
    pub typed: TextLine,
    pub index: usize,
    /// The debtors to assign.
    pub debtors: Vec<i64>,
}

impl Picker {
    /// `label` says what is assigned: a debtor's name, or how many.
    pub fn assign(debtors: Vec<i64>, label: &str, agents: &[(i64, String)]) -> Picker {
        let mut options: Vec<(Option<i64>, String)> =
            agents.iter().map(|(id, n)| (Some(*id), n.clone())).collect();
        options.push((None, "(unassigned)".into()));
        Picker {
            title: format!("Assign {label} to"),
            options,
            typed: TextLine::default(),
            index: 0,
            debtors,
        }
    }

    /// The options that match what was typed.
    pub fn shown(&self) -> Vec<&(Option<i64>, String)> {
        let t = self.typed.as_str().to_lowercase();
        self.options.iter().filter(|(_, name)| name.to_lowercase().contains(&t)).collect()
    }
}

impl Screen for Picker {
    fn scopes(&self) -> &'static [Scope] {
        &[Scope::Picker, Scope::Global]
    }

    fn handle(&mut self, input: Input, cx: &mut Cx<'_>) -> Handled {
        let shown = self.shown().len();
        match input {
            Input::Command(Command::Down) => {
                self.index = (self.index + 1).min(shown.saturating_sub(1))
            }
            Input::Command(Command::Up) => self.index = self.index.saturating_sub(1),
            Input::Command(Command::Accept) => {
                let Some(to) = self.shown().get(self.index).map(|o| o.0) else {
                    cx.error("No agent matches what you typed");
                    return Handled::done();
                };
                return Handled::one(Request::Assign { ids: self.debtors.clone(), to }.into());
            }
            Input::Command(Command::Cancel) => return Handled::close(),
            Input::Command(_) => {}
            typed => {
                if self.typed.input(&typed) {
                    self.index = 0;
                }
            }
        }
        Handled::done()
    }

    fn on_result(&mut self, done: &Done, _cx: &mut Cx<'_>) -> Handled {
        match done {
            Done::LeadActionDone(_) => Handled::close(),
            _ => Handled::Ignored,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::cx::testing::Fixture;
    use crate::app::effect::Effect;
    use crate::domain::people::Role;

    #[test]
    fn typing_or_pasting_narrows_the_agents_and_enter_assigns() {
        let mut fx = Fixture::new(Role::Lead);
        let mut cx = fx.cx();
        let mut p = Picker::assign(
            vec![1, 2],
            "2 debtors",
            &[(1, "alice".into()), (2, "bob".into()), (3, "carol".into())],
        );
        assert_eq!(p.title, "Assign 2 debtors to");
        assert_eq!(p.shown().len(), 4);
        p.handle(Input::Paste("B".into()), &mut cx);
        assert_eq!(p.shown().iter().map(|o| o.1.as_str()).collect::<Vec<_>>(), ["bob"]);
        let assigned = p.handle(Input::Command(Command::Accept), &mut cx);
        assert!(matches!(assigned, Handled::Done(e)
            if e == [Effect::Store(Request::Assign { ids: vec![1, 2], to: Some(2) })]));
        assert!(p.on_result(&Done::LeadActionDone("2 reassigned".into()), &mut cx).is_close());
    }
}
