//! What a lead has selected in triage: debtors one by one (`Space`), or all
//! of the filter shown (`V`), kept as the filter itself and found by the
//! store when the action is saved.

use std::collections::BTreeSet;

use crate::domain::queue::QueueFilter;
use crate::store::LeadTargets;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// Chosen one by one (none yet when empty).
    Debtors(BTreeSet<i64>),
    /// Every debtor of the filter, whatever is on screen.
    AllOf(QueueFilter),
}

impl Default for Selection {
    fn default() -> Self {
        Selection::Debtors(BTreeSet::new())
    }
}

impl Selection {
    pub fn is_empty(&self) -> bool {
        matches!(self, Selection::Debtors(ids) if ids.is_empty())
    }

    pub fn contains(&self, id: i64) -> bool {
        match self {
            Selection::Debtors(ids) => ids.contains(&id),
            Selection::AllOf(_) => true,
        }
    }

    /// How many are selected; `total` is the filter's count.
    pub fn count(&self, total: usize) -> usize {
        match self {
            Selection::Debtors(ids) => ids.len(),
            Selection::AllOf(_) => total,
        }
    }

    /// `3 selected`, `1,234 selected (all of 'owing 90+')`; `None` when
    /// nothing is.
    pub fn summary(&self, total: usize) -> Option<String> {
        match self {
            Selection::Debtors(ids) if ids.is_empty() => None,
            Selection::Debtors(ids) => Some(format!("{} selected", grouped(ids.len()))),
            Selection::AllOf(filter) => {
                Some(format!("{} selected ({})", grouped(total), all_of(*filter)))
            }
        }
    }
}

/// `all of 'owing 90+'`.
pub fn all_of(filter: QueueFilter) -> String {
    format!("all of '{}'", filter.label())
}

/// What a bulk action acts on, and how it is named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chosen {
    pub targets: LeadTargets,
    /// `Acme Ltd (ACC-1)`, `3 debtors`, `1,234 debtors (all of 'owing 90+')`.
    pub label: String,
    /// An action on a whole filter asks first, naming how many.
    pub confirm: bool,
}

/// A count with thousands grouped: `1,234`.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1 debtor`, `1,234 debtors`.
pub fn debtors(n: usize) -> String {
    format!("{} debtor{}", grouped(n), if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::aging::Bucket;

    #[test]
    fn counts_are_grouped_and_a_filter_selection_names_its_filter() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_234), "1,234");
        assert_eq!(grouped(40_000), "40,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(debtors(1), "1 debtor");
        let all = Selection::AllOf(QueueFilter::Bucket(Bucket::Over90));
        assert_eq!(all.summary(1_234).as_deref(), Some("1,234 selected (all of 'owing 90+')"));
        assert!(all.contains(77) && !all.is_empty());
        assert_eq!(Selection::default().summary(10), None);
    }
}
