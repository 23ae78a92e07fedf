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
    pub invoice_id: i64,
    pub group: String,
    pub due_on: NaiveDate,
    pub open: Money,
    pub disputed: bool,
    /// Its late-payment claim (issue 13), once known.
    pub interest: ItemInterest,
}

/// What an open invoice adds to the interest and compensation columns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ItemInterest {
    /// No regime, or nothing claimed.
    #[default]
    None,
    /// Claimable (after waivers).
    Known { interest: Money, compensation: Money },
    /// Needs a rate the book lacks: the bucket's figure is unknown.
    Unknown,
}

/// Where the interest columns keep a bucket: 0..5 as `buckets`, 5 disputed.
pub const DISPUTED_SLOT: usize = 5;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AgingLine {
    pub label: String,
    /// current, 1-30, 31-60, 61-90, 90+ (undisputed).
    pub buckets: [Money; 5],
    pub disputed: Money,
    /// Claimable interest and compensation per bucket, disputed last
    /// ([`DISPUTED_SLOT`]); `unknown` where an invoice's figure is.
    pub interest: [Money; 6],
    pub compensation: [Money; 6],
    pub unknown: [bool; 6],
}

impl AgingLine {
    fn add(&mut self, item: &OpenItem, as_of: NaiveDate) {
        let slot = if item.disputed {
            self.disputed = self.disputed + item.open;
            DISPUTED_SLOT
        } else {
            let i = Bucket::ALL.iter().position(|b| *b == bucket(item.due_on, as_of)).unwrap_or(0);
            self.buckets[i] = self.buckets[i] + item.open;
            i
        };
        match item.interest {
            ItemInterest::None => {}
            ItemInterest::Known { interest, compensation } => {
                self.interest[slot] = self.interest[slot] + interest;
                self.compensation[slot] = self.compensation[slot] + compensation;
            }
            ItemInterest::Unknown => self.unknown[slot] = true,
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
    let mut tally = AgingTally::new(as_of);
    for item in items {
        tally.add(item);
    }
    tally.lines()
}

/// The aging report summed as open items come, one at a time (a large
/// book's items are never all held at once).
#[derive(Clone, Debug)]
pub struct AgingTally {
    as_of: NaiveDate,
    groups: BTreeMap<String, AgingLine>,
    total: AgingLine,
}

impl AgingTally {
    pub fn new(as_of: NaiveDate) -> AgingTally {
        AgingTally {
            as_of,
            groups: BTreeMap::new(),
            total: AgingLine { label: "TOTAL".into(), ..AgingLine::default() },
        }
    }

    /// Adds an item (a settled one adds nothing).
    pub fn add(&mut self, item: &OpenItem) {
        if item.open.cents() <= 0 {
            return;
        }
        match self.groups.get_mut(item.group.as_str()) {
            Some(line) => line.add(item, self.as_of),
            None => {
                let mut line = AgingLine { label: item.group.clone(), ..AgingLine::default() };
                line.add(item, self.as_of);
                self.groups.insert(item.group.clone(), line);
            }
        }
        self.total.add(item, self.as_of);
    }

    /// One line per group (sorted), and the total line.
    pub fn lines(self) -> (Vec<AgingLine>, AgingLine) {
        (self.groups.into_values().collect(), self.total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(group: &str, due: &str, cents: i64, disputed: bool) -> OpenItem {
        OpenItem {
            invoice_id: cents,
            group: group.into(),
            due_on: due.parse().unwrap(),
            open: Money(cents),
            disputed,
            interest: ItemInterest::None,
        }
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
        assert_eq!(total.interest, [Money::ZERO; 6], "no claims given, none added");
    }

    #[test]
    fn interest_and_compensation_add_up_per_bucket_unknown_marks_its_bucket() {
        let as_of: NaiveDate = "2026-11-30".parse().unwrap();
        let known = |interest, compensation| ItemInterest::Known {
            interest: Money(interest),
            compensation: Money(compensation),
        };
        let mut items = [
            item("a", "2026-10-31", 3_000, false), // 1-30
            item("a", "2026-10-30", 4_000, false), // 31-60
            item("a", "2026-10-29", 5_000, false), // 31-60
            item("a", "2026-08-01", 7_000, true),  // disputed
            item("a", "2026-08-31", 6_000, false), // 90+
        ];
        items[0].interest = known(12, 4_000);
        items[1].interest = known(30, 4_000);
        items[2].interest = known(45, 7_000);
        items[3].interest = known(9, 0);
        items[4].interest = ItemInterest::Unknown;
        let (_, total) = aging(&items, as_of);
        assert_eq!(total.interest[1..], [Money(12), Money(75), Money(0), Money(0), Money(9)]);
        assert_eq!(total.compensation[2], Money(11_000));
        assert_eq!(total.unknown, [false, false, false, false, true, false]);
    }
}
