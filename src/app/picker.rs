//! A list to pick from, narrowed by typing (the assign picker).

use super::action::Effect;
use super::keymap::Command;
use super::layers::Layer;
use super::model::Model;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picker {
    pub title: String,
    /// (agent id or none for "unassigned", label).
    pub options: Vec<(Option<i64>, String)>,
    pub typed: String,
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
            typed: String::new(),
            index: 0,
            debtors,
        }
    }

    /// The options that match what was typed.
    pub fn shown(&self) -> Vec<&(Option<i64>, String)> {
        let t = self.typed.to_lowercase();
        self.options.iter().filter(|(_, name)| name.to_lowercase().contains(&t)).collect()
    }
}

pub fn command(model: &mut Model, command: Command) -> Vec<Effect> {
    let Some(Layer::Picker(p)) = model.layers.last_mut() else {
        return Vec::new();
    };
    let shown = p.shown().len();
    match command {
        Command::Down => p.index = (p.index + 1).min(shown.saturating_sub(1)),
        Command::Up => p.index = p.index.saturating_sub(1),
        Command::Accept => {
            let Some((to, _)) = p.shown().get(p.index).map(|o| (*o).clone()) else {
                model.error("No agent matches what you typed");
                return Vec::new();
            };
            let ids = p.debtors.clone();
            return vec![Effect::Assign { ids, to }];
        }
        Command::Cancel => {
            model.layers.pop();
        }
        Command::Quit => model.quit = true,
        _ => {}
    }
    Vec::new()
}

pub fn edit(p: &mut Picker, key: crossterm::event::KeyEvent) {
    use crossterm::event::{KeyCode, KeyModifiers};
    match key.code {
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => p.typed.push(c),
        KeyCode::Backspace => {
            p.typed.pop();
        }
        _ => return,
    }
    p.index = 0;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_narrows_the_agents() {
        let mut p = Picker::assign(
            vec![1, 2],
            "2 debtors",
            &[(1, "alice".into()), (2, "bob".into()), (3, "carol".into())],
        );
        assert_eq!(p.title, "Assign 2 debtors to");
        assert_eq!(p.shown().len(), 4);
        p.typed = "B".into();
        assert_eq!(p.shown().iter().map(|o| o.1.as_str()).collect::<Vec<_>>(), ["bob"]);
        p.typed = "un".into();
        assert_eq!(p.shown()[0].0, None);
    }
}
