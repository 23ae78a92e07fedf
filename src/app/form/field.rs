//! A form's fields: a label, what kind of value, the text typed, a hint, and
//! why the value was refused.

use crate::app::text_input::TextLine;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Amount,
    Date,
    Count,
    /// One of a fixed list; `←` `→` step through it, or type a prefix.
    Choice(&'static [&'static str]),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub label: &'static str,
    pub kind: FieldKind,
    pub input: TextLine,
    /// How to fill it in, shown when there is no error.
    pub hint: &'static str,
    pub error: Option<String>,
}

impl Field {
    pub fn new(label: &'static str, kind: FieldKind, value: &str, hint: &'static str) -> Field {
        Field { label, kind, input: TextLine::new(value), hint, error: None }
    }

    pub fn value(&self) -> &str {
        self.input.as_str()
    }

    /// Steps a choice through its options.
    pub fn cycle(&mut self, forward: bool) {
        if let FieldKind::Choice(options) = self.kind {
            let at = options.iter().position(|o| *o == self.value());
            let next = match (at, forward) {
                (None, true) => 0,
                (None, false) => options.len() - 1,
                (Some(i), true) => (i + 1) % options.len(),
                (Some(i), false) => (i + options.len() - 1) % options.len(),
            };
            self.input = TextLine::new(options[next]);
            self.error = None;
        }
    }
}

/// A form's fields named by an enum of its own, so that a misspelt field
/// is a compile error rather than an empty value.
pub trait FieldId: Copy {
    fn index(self) -> usize;
}

/// The fields of a form, in order, reached by their names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fields(pub Vec<Field>);

impl Fields {
    pub fn value<F: FieldId>(&self, id: F) -> &str {
        self.0.get(id.index()).map_or("", Field::value)
    }

    pub fn has<F: FieldId>(&self, id: F) -> bool {
        id.index() < self.0.len()
    }

    pub fn refuse<F: FieldId>(&mut self, id: F, why: impl Into<String>) {
        if let Some(f) = self.0.get_mut(id.index()) {
            f.error = Some(why.into());
        }
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|f| f.error.is_some())
    }

    pub fn clear_errors(&mut self) {
        for f in &mut self.0 {
            f.error = None;
        }
    }
}
