//! The pre-call plan: tick and text items, some required.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Tick,
    Text,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub text: String,
    pub kind: ItemKind,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub hint: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    #[serde(rename = "item")]
    pub items: Vec<Item>,
}

/// The checklist recoup ships with (`assets/checklist.toml`).
pub const DEFAULT_TOML: &str = include_str!("../../assets/checklist.toml");

impl Checklist {
    pub fn parse(text: &str) -> Result<Checklist, String> {
        let list: Checklist = toml::from_str(text).map_err(|e| e.message().to_owned())?;
        if list.items.is_empty() {
            return Err("the checklist has no [[item]] entries".into());
        }
        if let Some(item) = list.items.iter().find(|i| i.text.trim().is_empty()) {
            return Err(format!("an item has no text (kind {:?})", item.kind));
        }
        Ok(list)
    }

    pub fn default_list() -> Checklist {
        Checklist::parse(DEFAULT_TOML).unwrap_or(Checklist { items: Vec::new() })
    }

    /// The item that holds the call's goal: the first text item whose
    /// text starts with "Goal".
    pub fn goal_index(&self) -> Option<usize> {
        self.text_item("goal")
    }

    /// The item that holds the fallback offer: the first text item whose
    /// text starts with "Fallback".
    pub fn fallback_index(&self) -> Option<usize> {
        self.text_item("fallback")
    }

    fn text_item(&self, starts: &str) -> Option<usize> {
        self.items
            .iter()
            .position(|i| i.kind == ItemKind::Text && i.text.to_lowercase().starts_with(starts))
    }
}

/// How the agent filled in one item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    Tick(bool),
    Text(String),
}

impl Answer {
    pub fn blank(kind: ItemKind) -> Answer {
        match kind {
            ItemKind::Tick => Answer::Tick(false),
            ItemKind::Text => Answer::Text(String::new()),
        }
    }

    pub fn is_done(&self) -> bool {
        match self {
            Answer::Tick(t) => *t,
            Answer::Text(s) => !s.trim().is_empty(),
        }
    }
}

/// The required items not yet done, in checklist order.
pub fn missing<'a>(list: &'a Checklist, answers: &[Answer]) -> Vec<&'a str> {
    list.items
        .iter()
        .zip(answers)
        .filter(|(item, answer)| item.required && !answer.is_done())
        .map(|(item, _)| item.text.as_str())
        .collect()
}

/// Where the required items not yet done are, in checklist order.
pub fn missing_at(list: &Checklist, answers: &[Answer]) -> Vec<usize> {
    list.items
        .iter()
        .zip(answers)
        .enumerate()
        .filter(|(_, (item, answer))| item.required && !answer.is_done())
        .map(|(i, _)| i)
        .collect()
}

/// The fallback offer typed in a call's stored answers (`answers_json`),
/// empty when none was: a call reopened after a crash shows it again.
pub fn fallback_in(json: &str) -> String {
    #[derive(Deserialize)]
    struct Row {
        item: String,
        answer: serde_json::Value,
    }
    let rows: Vec<Row> = serde_json::from_str(json).unwrap_or_default();
    rows.into_iter()
        .find(|r| r.item.to_lowercase().starts_with("fallback"))
        .and_then(|r| r.answer.as_str().map(|t| t.trim().to_owned()))
        .unwrap_or_default()
}

/// The answers as stored on the call: `[{"item": ..., "answer": ...}]`.
pub fn answers_json(list: &Checklist, answers: &[Answer]) -> String {
    #[derive(Serialize)]
    struct Row<'a> {
        item: &'a str,
        answer: &'a Answer,
    }
    let rows: Vec<Row<'_>> =
        list.items.iter().zip(answers).map(|(i, a)| Row { item: &i.text, answer: a }).collect();
    serde_json::to_string(&rows).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_checklist_is_the_designed_one_in_order() {
        let list = Checklist::default_list();
        let texts: Vec<&str> = list.items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Invoices, amounts and due dates reviewed",
                "Prior commitments and track record reviewed",
                "Terms of trade and late-fee clause checked",
                "Goal for this call",
                "Fallback offer",
                "If it gets heated: pause, breathe, acknowledge, restate",
            ]
        );
        let required: Vec<bool> = list.items.iter().map(|i| i.required).collect();
        assert_eq!(required, [true, true, false, true, false, true]);
        assert_eq!(list.goal_index(), Some(3));
    }

    #[test]
    fn missing_names_the_required_items_still_open() {
        let list = Checklist::default_list();
        let mut answers: Vec<Answer> = list.items.iter().map(|i| Answer::blank(i.kind)).collect();
        assert_eq!(missing(&list, &answers).len(), 4);
        answers[0] = Answer::Tick(true);
        answers[3] = Answer::Text("  ".into());
        answers[5] = Answer::Tick(true);
        assert_eq!(
            missing(&list, &answers),
            ["Prior commitments and track record reviewed", "Goal for this call"]
        );
        answers[1] = Answer::Tick(true);
        answers[3] = Answer::Text("PTP 2,000 by Friday".into());
        assert!(missing(&list, &answers).is_empty(), "optional items may stay open");
        let json = answers_json(&list, &answers);
        assert!(
            json.contains(r#"{"item":"Goal for this call","answer":"PTP 2,000 by Friday"}"#),
            "{json}"
        );
        assert!(json.contains(r#""answer":false"#));
        assert_eq!(missing_at(&list, &answers), Vec::<usize>::new());
        answers[4] = Answer::Text(" 3 monthly instalments ".into());
        assert_eq!(list.fallback_index(), Some(4));
        assert_eq!(fallback_in(&answers_json(&list, &answers)), "3 monthly instalments");
        assert_eq!(fallback_in(""), "", "a call started before checklists were kept");
    }

    #[test]
    fn missing_at_says_where_the_open_required_items_are() {
        let list = Checklist::default_list();
        let mut answers: Vec<Answer> = list.items.iter().map(|i| Answer::blank(i.kind)).collect();
        assert_eq!(missing_at(&list, &answers), [0, 1, 3, 5]);
        answers[0] = Answer::Tick(true);
        assert_eq!(missing_at(&list, &answers), [1, 3, 5]);
    }

    #[test]
    fn a_malformed_checklist_is_refused_with_a_reason() {
        assert!(
            Checklist::parse("[[item]]\ntext = \"x\"\nkind = \"radio\"\n")
                .unwrap_err()
                .contains("radio")
        );
        assert!(Checklist::parse("").unwrap_err().contains("item"));
        assert!(Checklist::parse("[[item]]\ntext = \" \"\nkind = \"tick\"\n").is_err());
    }
}
