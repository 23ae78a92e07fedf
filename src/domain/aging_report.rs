//! The aging report: open receivables by bucket as of a date, grouped.
//! Disputed invoices are shown apart from the buckets (they are left out of
//! the amount to collect); the total is everything open.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::aging::{Bucket, bucket};
use super::money::Money;

/// An open invoice as of the report date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenItem {
    pub group: String,
    pub due_on: NaiveDate,
    pub open: Money,
    pub disputed: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AgingLine {
    pub label: String,
    /// current, 1-30, 31-60, 61-90, 90+ (undisputed).
    pub buckets: [Money; 5],
    pub disputed: Money,
}

impl AgingLine {
    fn add(&mut self, item: &OpenItem, as_of: NaiveDate) {
        if item.disputed {
            self.disputed = self.disputed + item.open;
        } else {
            let i = Bucket::ALL.iter().position(|b| *b == bucket(item.due_on, as_of)).unwrap_or(0);
            self.buckets[i] = self.buckets[i] + item.open;
        }
    }

    /// Everything open, disputed included.
    pub fn total(&self) -> Money {
        self.buckets.iter().copied().sum::<Money>() + self.disputed
    }

    /// Undisputed and past due.
    pub fn overdue(&self) -> Money {
        self.buckets[1..].iter().copied().sum()
    }
}

/// One line per group (sorted), and the total line.
pub fn aging(items: &[OpenItem], as_of: NaiveDate) -> (Vec<AgingLine>, AgingLine) {
    let mut groups: BTreeMap<&str, AgingLine> = BTreeMap::new();
    let mut total = AgingLine { label: "TOTAL".into(), ..AgingLine::default() };
    for item in items.iter().filter(|i| i.open.cents() > 0) {
        groups
            .entry(&item.group)
            .or_insert_with(|| AgingLine { label: item.group.clone(), ..AgingLine::default() })
            .add(item, as_of);
        total.add(item, as_of);
    }
    (groups.into_values().collect(), total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(group: &str, due: &str, cents: i64, disputed: bool) -> OpenItem {
        OpenItem { group: group.into(), due_on: due.parse().unwrap(), open: Money(cents), disputed }
    }

    #[test]
    fn buckets_by_days_past_due_with_disputes_apart() {
        let as_of: NaiveDate = "2026-11-30".parse().unwrap();
        let items = [
            item("alice", "2026-12-05", 1_000, false), // current
            item("alice", "2026-11-30", 2_000, false), // due today: current
            item("alice", "2026-10-31", 3_000, false), // 30 days: 1-30
            item("bob", "2026-10-30", 4_000, false),   // 31: 31-60
            item("bob", "2026-09-01", 5_000, false),   // 90: 61-90
            item("bob", "2026-08-31", 6_000, false),   // 91: 90+
            item("bob", "2026-08-01", 7_000, true),    // disputed
            item("bob", "2026-08-01", 0, false),       // settled: ignored
        ];
        let (lines, total) = aging(&items, as_of);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].buckets, [Money(3_000), Money(3_000), Money(0), Money(0), Money(0)]);
        assert_eq!(
            lines[1].buckets,
            [Money(0), Money(0), Money(4_000), Money(5_000), Money(6_000)]
        );
        assert_eq!(lines[1].disputed, Money(7_000));
        assert_eq!(total.total(), Money(28_000));
        assert_eq!(total.overdue(), Money(18_000));
    }
}
