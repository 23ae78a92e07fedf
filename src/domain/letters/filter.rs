//! Which debtors a bulk send goes to (`recoup letters send TEMPLATE
//! --filter ...`): criteria separated by commas, all of which must hold.
//! Debtors on hold, escalated or closed are never written to in bulk.

use std::fmt;

use crate::domain::aging::Bucket;
use crate::domain::text::quote;

/// One criterion of a filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Criterion {
    /// An open balance (statements to everyone who owes).
    All,
    /// Something past due.
    Overdue,
    /// Something in this aging bucket.
    Bucket(Bucket),
    /// One debtor, by reference.
    Debtor(String),
    /// Debtors assigned to this agent.
    Agent(String),
}

/// Every criterion must hold; none at all is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterFilter(pub Vec<Criterion>);

pub const FILTER_HELP: &str = "overdue, all, bucket:current|1-30|31-60|61-90|90+, debtor:REF or agent:NAME, separated by commas";

impl LetterFilter {
    pub fn parse(text: &str) -> Result<LetterFilter, String> {
        let mut criteria = Vec::new();
        for part in text.split(',').map(str::trim) {
            let criterion = match part.split_once(':') {
                None if part.eq_ignore_ascii_case("all") => Criterion::All,
                None if part.eq_ignore_ascii_case("overdue") => Criterion::Overdue,
                Some((k, v)) if k.eq_ignore_ascii_case("bucket") => Bucket::ALL
                    .into_iter()
                    .find(|b| b.label().eq_ignore_ascii_case(v.trim()))
                    .map(Criterion::Bucket)
                    .ok_or_else(|| {
                        format!(
                            "the filter's bucket {} is not one of current, 1-30, 31-60, 61-90, 90+",
                            quote(v)
                        )
                    })?,
                Some((k, v)) if k.eq_ignore_ascii_case("debtor") && !v.trim().is_empty() => {
                    Criterion::Debtor(v.trim().to_owned())
                }
                Some((k, v)) if k.eq_ignore_ascii_case("agent") && !v.trim().is_empty() => {
                    Criterion::Agent(v.trim().to_owned())
                }
                _ => {
                    return Err(format!(
                        "the filter {} has {}, expected {FILTER_HELP}",
                        quote(text),
                        if part.is_empty() { "an empty part".to_owned() } else { quote(part) }
                    ));
                }
            };
            if !criteria.contains(&criterion) {
                criteria.push(criterion);
            }
        }
        Ok(LetterFilter(criteria))
    }
}

impl fmt::Display for LetterFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|c| match c {
                Criterion::All => "all".to_owned(),
                Criterion::Overdue => "overdue".to_owned(),
                Criterion::Bucket(b) => format!("bucket:{}", b.label()),
                Criterion::Debtor(r) => format!("debtor:{r}"),
                Criterion::Agent(a) => format!("agent:{a}"),
            })
            .collect();
        f.write_str(&parts.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria_are_read_and_said_back() {
        let f = LetterFilter::parse("Overdue, bucket:31-60,agent:alice").unwrap();
        assert_eq!(
            f.0,
            vec![
                Criterion::Overdue,
                Criterion::Bucket(Bucket::Days31To60),
                Criterion::Agent("alice".into())
            ]
        );
        assert_eq!(f.to_string(), "overdue,bucket:31-60,agent:alice");
        assert_eq!(LetterFilter::parse("all,all").unwrap().0, vec![Criterion::All]);
        assert_eq!(
            LetterFilter::parse("debtor:ACC-10001").unwrap().0,
            vec![Criterion::Debtor("ACC-10001".into())]
        );
    }

    #[test]
    fn a_bad_filter_is_one_sentence_naming_the_part() {
        assert_eq!(
            LetterFilter::parse("bucket:45").unwrap_err(),
            "the filter's bucket \"45\" is not one of current, 1-30, 31-60, 61-90, 90+"
        );
        assert_eq!(
            LetterFilter::parse("overdue,late").unwrap_err(),
            format!("the filter \"overdue,late\" has \"late\", expected {FILTER_HELP}")
        );
        assert!(LetterFilter::parse("").unwrap_err().contains("an empty part"));
        assert!(LetterFilter::parse("agent:").is_err());
    }
}
