//! A strategy's TOML, read with every mistake named by its line and column.

use serde::Deserialize;

use super::{Action, Conditions, Step, Strategy, Trigger};
use crate::domain::Money;
use crate::domain::text::quote;

/// A strategy that cannot be used: which, where, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("strategy {strategy}, line {line}, column {column}: {what}")]
pub struct StrategyError {
    pub strategy: String,
    pub line: usize,
    pub column: usize,
    pub what: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    name: String,
    #[serde(default)]
    step: Vec<StepFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepFile {
    name: String,
    days_past_due: Option<i64>,
    days_after_previous: Option<i64>,
    action: String,
    template: Option<String>,
    #[serde(default)]
    when: WhenFile,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct WhenFile {
    min_balance: Option<String>,
    max_balance: Option<String>,
    min_terms_days: Option<i64>,
    max_terms_days: Option<i64>,
    tag: Option<String>,
    regime: Option<String>,
}

/// The longest a trigger may reach, either way: ten years.
const MAX_DAYS: i64 = 3650;

impl Strategy {
    /// Reads a strategy; `label` is what errors call it (its file or name).
    pub fn parse(label: &str, text: &str) -> Result<Strategy, StrategyError> {
        let file: File = toml::from_str(text).map_err(|e| {
            let (line, column) =
                e.span().map_or((1, 1), |s| crate::domain::text::line_and_column(text, s.start));
            StrategyError { strategy: label.to_owned(), line, column, what: e.message().to_owned() }
        })?;
        let mut steps = Vec::with_capacity(file.step.len());
        for (i, s) in file.step.into_iter().enumerate() {
            let line = step_line(text, i);
            let fail = |what: String| StrategyError {
                strategy: label.to_owned(),
                line,
                column: 1,
                what: format!("step {} ({}): {what}", i + 1, quote(&s.name)),
            };
            // A step's name is shown on screens, notes and terminals: one
            // short line of plain text.
            if s.name.trim().is_empty()
                || s.name.chars().count() > 80
                || s.name.chars().any(char::is_control)
            {
                return Err(fail("a step's name is one line of 1 to 80 characters".into()));
            }
            let trigger = match (s.days_past_due, s.days_after_previous) {
                (Some(d), None) if d.abs() <= MAX_DAYS => Trigger::DaysPastDue(d),
                (None, Some(d)) if (0..=MAX_DAYS).contains(&d) && i > 0 => {
                    Trigger::DaysAfterPrevious(d)
                }
                (None, Some(_)) if i == 0 => {
                    return Err(fail(
                        "the first step has no step before it: give days_past_due".into(),
                    ));
                }
                (Some(_), Some(_)) | (None, None) => {
                    return Err(fail("give one of days_past_due or days_after_previous".into()));
                }
                _ => {
                    return Err(fail(format!(
                        "days are at most {MAX_DAYS} (after_previous: 0 or more)"
                    )));
                }
            };
            let action = action(&s.action, s.template).map_err(fail)?;
            let when = conditions(s.when).map_err(fail)?;
            steps.push(Step { name: s.name, trigger, action, when });
        }
        if steps.is_empty() {
            return Err(StrategyError {
                strategy: label.to_owned(),
                line: 1,
                column: 1,
                what: "it has no [[step]]".into(),
            });
        }
        Ok(Strategy { name: file.name, steps })
    }
}

fn action(name: &str, template: Option<String>) -> Result<Action, String> {
    let needs = |t: Option<String>| {
        t.filter(|t| !t.trim().is_empty())
            .ok_or_else(|| format!("action {name} needs a template (a letter template's name)"))
    };
    let plain = |a: Action, t: &Option<String>| match t {
        Some(_) => Err(format!("action {name} takes no template")),
        None => Ok(a),
    };
    match name {
        "email" => Ok(Action::Email(needs(template)?)),
        "letter" => Ok(Action::Letter(needs(template)?)),
        "call" => plain(Action::Call, &template),
        "review" => plain(Action::Review, &template),
        "escalate" => plain(Action::Escalate, &template),
        "hold" => plain(Action::Hold, &template),
        other => Err(format!(
            "action {} is not one of email, letter, call, review, escalate, hold",
            quote(other)
        )),
    }
}

fn conditions(w: WhenFile) -> Result<Conditions, String> {
    let money = |field: &str, v: Option<String>| {
        v.map(|t| Money::parse(&t).map_err(|e| format!("when.{field} {}: {e}", quote(&t))))
            .transpose()
    };
    Ok(Conditions {
        min_balance: money("min_balance", w.min_balance)?,
        max_balance: money("max_balance", w.max_balance)?,
        min_terms_days: w.min_terms_days,
        max_terms_days: w.max_terms_days,
        tag: w.tag,
        regime: w
            .regime
            .map(|r| r.parse().map_err(|e| format!("when.regime {}: {e}", quote(&r))))
            .transpose()?,
    })
}

/// The line (from 1) of the `i`th `[[step]]` header, for a step's errors.
fn step_line(text: &str, i: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == "[[step]]")
        .nth(i)
        .map_or(1, |(n, _)| n + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::strategy::STANDARD;

    #[test]
    fn the_standard_strategy_reads() {
        let s = Strategy::parse("standard", STANDARD).unwrap();
        assert_eq!(s.name, "standard");
        assert_eq!(s.steps.len(), 8);
        assert_eq!(s.steps[0].trigger, Trigger::DaysPastDue(-3));
        assert_eq!(s.steps[1].action, Action::Email("reminder-friendly".into()));
        assert_eq!(s.steps[4].trigger, Trigger::DaysAfterPrevious(7));
        assert_eq!(s.steps[6].when.min_balance, Some(Money(10_000)));
        assert_eq!(s.steps[7].action, Action::Escalate);
    }

    #[test]
    fn mistakes_name_the_line() {
        let e = Strategy::parse(
            "x",
            "name = \"x\"\n[[step]]\nname = \"a\"\naction = \"fax\"\ndays_past_due = 1\n",
        )
        .unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert!(e.what.contains("\"fax\" is not one of"), "{e}");
        let e = Strategy::parse("x", "name = \"x\"\n[[step]]\nname = \"a\"\naction = \"call\"\n")
            .unwrap_err();
        assert!(e.what.contains("give one of days_past_due"), "{e}");
        let e = Strategy::parse(
            "x",
            "name = \"x\"\n[[step]]\nname = \"a\"\naction = \"email\"\ndays_past_due = 1\n",
        )
        .unwrap_err();
        assert!(e.what.contains("needs a template"), "{e}");
        let e = Strategy::parse(
            "x",
            "name = \"x\"\n[[step]]\nname = \"a\"\naction = \"call\"\ndays_after_previous = 1\n",
        )
        .unwrap_err();
        assert!(e.what.contains("the first step has no step before it"), "{e}");
        let e = Strategy::parse("x", "name = \"x\"\nstep = 3\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 8), "{e}");
        let e = Strategy::parse("x", "name = \"x\"\n").unwrap_err();
        assert!(e.what.contains("no [[step]]"), "{e}");
    }
}
