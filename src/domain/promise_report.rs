//! The promises report: per agent, promises due in a period and how they went.

use std::collections::BTreeMap;

use super::money::Money;
use super::promise::PromiseStatus;

/// One agent's line (or the total).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PromiseLine {
    pub agent: String,
    pub due: usize,
    pub due_amount: Money,
    pub kept: usize,
    pub kept_amount: Money,
    pub partly_kept: usize,
    pub partly_kept_amount: Money,
    /// Received toward the partly kept ones.
    pub partly_paid: Money,
    pub broken: usize,
    pub broken_amount: Money,
    pub open: usize,
    pub open_amount: Money,
    pub cancelled: usize,
}

impl PromiseLine {
    fn add(&mut self, status: PromiseStatus, amount: Money, paid: Money) {
        if status == PromiseStatus::Cancelled {
            self.cancelled += 1;
            return;
        }
        self.due += 1;
        self.due_amount = self.due_amount + amount;
        match status {
            PromiseStatus::Kept => {
                self.kept += 1;
                self.kept_amount = self.kept_amount + amount;
            }
            PromiseStatus::PartlyKept => {
                self.partly_kept += 1;
                self.partly_kept_amount = self.partly_kept_amount + amount;
                self.partly_paid = self.partly_paid + paid;
            }
            PromiseStatus::Broken => {
                self.broken += 1;
                self.broken_amount = self.broken_amount + amount;
            }
            PromiseStatus::Open => {
                self.open += 1;
                self.open_amount = self.open_amount + amount;
            }
            PromiseStatus::Cancelled => {}
        }
    }

    fn settled(&self) -> usize {
        self.kept + self.partly_kept + self.broken
    }

    /// Kept ÷ (kept + partly kept + broken), in whole percent.
    pub fn kept_rate(&self) -> Option<u32> {
        let settled = self.settled();
        (settled > 0).then(|| (self.kept * 100 / settled) as u32)
    }

    /// By amount: what was paid toward the settled promises (kept in full,
    /// and the part payments toward partly kept ones) ÷ what they asked for.
    pub fn kept_rate_by_amount(&self) -> Option<u32> {
        // Widened: three book-sized sums, then a hundredfold. By amount, what
        // was paid toward the partly kept counts too.
        let settled = [self.kept_amount, self.partly_kept_amount, self.broken_amount]
            .iter()
            .map(|m| i128::from(m.cents()))
            .sum::<i128>();
        let paid = i128::from(self.kept_amount.cents()) + i128::from(self.partly_paid.cents());
        (settled > 0).then(|| (paid * 100 / settled) as u32)
    }
}

/// Groups evaluated promises (agent, status, amount, paid) into one line per
/// agent, sorted by name, and a total.
pub fn by_agent(
    promises: impl IntoIterator<Item = (String, PromiseStatus, Money, Money)>,
) -> (Vec<PromiseLine>, PromiseLine) {
    let mut lines: BTreeMap<String, PromiseLine> = BTreeMap::new();
    let mut total = PromiseLine { agent: "TOTAL".into(), ..PromiseLine::default() };
    for (agent, status, amount, paid) in promises {
        lines
            .entry(agent.clone())
            .or_insert_with(|| PromiseLine { agent, ..PromiseLine::default() })
            .add(status, amount, paid);
        total.add(status, amount, paid);
    }
    (lines.into_values().collect(), total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use PromiseStatus::*;

    #[test]
    fn lines_per_agent_with_rates() {
        let rows = vec![
            ("bob".to_owned(), Kept, Money(10_000), Money(10_000)),
            ("alice".to_owned(), Broken, Money(5_000), Money(0)),
            ("alice".to_owned(), Kept, Money(20_000), Money(20_000)),
            ("alice".to_owned(), PartlyKept, Money(10_000), Money(4_000)),
            ("alice".to_owned(), Open, Money(7_000), Money(0)),
            ("alice".to_owned(), Cancelled, Money(9_000), Money(0)),
        ];
        let (lines, total) = by_agent(rows);
        assert_eq!(lines.iter().map(|l| l.agent.as_str()).collect::<Vec<_>>(), ["alice", "bob"]);
        let alice = &lines[0];
        assert_eq!(
            (alice.due, alice.kept, alice.partly_kept, alice.broken, alice.open),
            (4, 1, 1, 1, 1)
        );
        assert_eq!(alice.cancelled, 1);
        assert_eq!(alice.due_amount, Money(42_000));
        assert_eq!(alice.partly_paid, Money(4_000));
        assert_eq!(alice.kept_rate(), Some(33));
        // 20,000 kept and 4,000 paid toward the partly kept one, of 35,000 settled
        assert_eq!(alice.kept_rate_by_amount(), Some(68));
        assert_eq!(total.due, 5);
        assert_eq!(total.kept_rate(), Some(50));
        assert_eq!(lines[1].kept_rate(), Some(100));
    }
}
