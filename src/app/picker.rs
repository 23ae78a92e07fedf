//! A list to pick from, narrowed by typing (the assign picker).

use super::cx::Cx;
use super::done::Done;
use super::effect::Request;
use super::keymap::{Command, Scope};
use super::open::Open;
use super::screen::{Handled, Input, Screen};
use super::text_input::TextLine;
use super::triage_select::Chosen;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picker {
    pub title: String,
    /// (agent id or none for "unassigned", label).
    pub options: Vec<(Option<i64>, String)>,
    pub typed: TextLine,
    pub index: usize,
    /// The debtors to assign.
    pub on: Chosen,
}

impl Picker {
    /// `agents` are the book's agents; "(unassigned)" is offered after them.
    pub fn assign(on: Chosen, agents: &[(i64, String)]) -> Picker {
        let mut options: Vec<(Option<i64>, String)> =
            agents.iter().map(|(id, n)| (Some(*id), n.clone())).collect();
        options.push((None, "(unassigned)".into()));
        Picker {
            title: format!("Assign {} to", on.label),
            options,
            typed: TextLine::default(),
            index: 0,
            on,
        }
    }

    /// Enter: assign, or, for a whole filter, ask first with the count.
    fn accept(&self, cx: &mut Cx<'_>) -> Handled {
        let Some((to, name)) = self.shown().get(self.index).map(|o| (o.0, o.1.clone())) else {
            cx.error("No agent matches what you typed");
            return Handled::done();
        };
        let assign = Request::Assign { targets: self.on.targets.clone(), to };
        if !self.on.confirm {
            return Handled::one(assign.into());
        }
        let question = match to {
            Some(_) => format!("Assign {} to {name}?", self.on.label),
            None => format!("Leave {} unassigned?", self.on.label),
        };
        Handled::Replace(
            Box::new(Open::Confirm { question, yes: assign.into(), no: None }),
            Vec::new(),
        )
    }

    /// The options that match what was typed.
    pub fn shown(&self) -> Vec<&(Option<i64>, String)> {
        let t = self.typed.as_str().to_lowercase();
        self.options.iter().filter(|(_, name)| name.to_lowercase().contains(&t)).collect()
    }
}

/// What a key did to a list narrowed by typing.
pub enum Steer {
    Accept,
    Cancel,
    Moved,
}

/// Moves the cursor over `shown` rows, or narrows them by what is typed
/// (the cursor goes back to the first row): the keys of every picker.
pub fn steer(input: Input, typed: &mut TextLine, index: &mut usize, shown: usize) -> Steer {
    match input {
        Input::Command(Command::Down) => *index = (*index + 1).min(shown.saturating_sub(1)),
        Input::Command(Command::Up) => *index = index.saturating_sub(1),
        Input::Command(Command::Accept) => return Steer::Accept,
        Input::Command(Command::Cancel) => return Steer::Cancel,
        Input::Command(_) => {}
        typed_input => {
            if typed.input(&typed_input) {
                *index = 0;
            }
        }
    }
    Steer::Moved
}

impl Screen for Picker {
    fn scopes(&self) -> &'static [Scope] {
        &[Scope::Picker, Scope::Global]
    }

    fn handle(&mut self, input: Input, cx: &mut Cx<'_>) -> Handled {
        let shown = self.shown().len();
        match steer(input, &mut self.typed, &mut self.index, shown) {
            Steer::Accept => self.accept(cx),
            Steer::Cancel => Handled::close(),
            Steer::Moved => Handled::done(),
        }
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
    use crate::domain::aging::Bucket;
    use crate::domain::people::Role;
    use crate::domain::queue::QueueFilter;
    use crate::store::LeadTargets;

    #[test]
    fn typing_or_pasting_narrows_the_agents_and_enter_assigns() {
        let mut fx = Fixture::new(Role::Lead);
        let mut cx = fx.cx();
        let on = Chosen {
            targets: LeadTargets::Debtors(vec![1, 2]),
            label: "2 debtors".into(),
            confirm: false,
        };
        let mut p =
            Picker::assign(on, &[(1, "alice".into()), (2, "bob".into()), (3, "carol".into())]);
        assert_eq!(p.title, "Assign 2 debtors to");
        assert_eq!(p.shown().len(), 4);
        p.handle(Input::Paste("B".into()), &mut cx);
        assert_eq!(p.shown().iter().map(|o| o.1.as_str()).collect::<Vec<_>>(), ["bob"]);
        let assigned = p.handle(Input::Command(Command::Accept), &mut cx);
        assert!(matches!(assigned, Handled::Done(e)
        if e == [Effect::Store(Request::Assign {
            targets: LeadTargets::Debtors(vec![1, 2]),
            to: Some(2),
        })]));
        assert!(p.on_result(&Done::LeadActionDone("2 reassigned".into()), &mut cx).is_close());
    }

    #[test]
    fn a_whole_filter_is_assigned_only_once_the_count_is_confirmed() {
        let mut fx = Fixture::new(Role::Lead);
        let mut cx = fx.cx();
        let all = LeadTargets::AllOf(QueueFilter::Bucket(Bucket::Over90));
        let on = Chosen {
            targets: all.clone(),
            label: "1,234 debtors (all of 'owing 90+')".into(),
            confirm: true,
        };
        let mut p = Picker::assign(on, &[(3, "carol".into())]);
        assert_eq!(p.shown().iter().filter(|o| o.1 == "(unassigned)").count(), 1);
        let asked = p.handle(Input::Command(Command::Accept), &mut cx);
        let Handled::Replace(open, _) = asked else { panic!("expected a question: {asked:?}") };
        let Open::Confirm { question, yes, .. } = *open else { panic!("expected a question") };
        assert_eq!(question, "Assign 1,234 debtors (all of 'owing 90+') to carol?");
        assert_eq!(yes, Effect::Store(Request::Assign { targets: all, to: Some(3) }));
    }
}
