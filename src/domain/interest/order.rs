//! The book's allocation order for a payment not tied to an invoice.

use chrono::NaiveDate;

use crate::domain::money::Money;

/// Which of an invoice's debts a payment pays first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AllocationOrder {
    /// Principal of every invoice, oldest due first (as `allocation::allocate`
    /// does); what is left pays compensation then interest, oldest first.
    #[default]
    PrincipalFirst,
    /// German law (§366, §367 BGB): oldest-due invoice first, and on each
    /// its compensation (costs), then its interest, then its principal.
    CostsInterestPrincipal,
}

impl AllocationOrder {
    pub fn parse(text: &str) -> Option<AllocationOrder> {
        match text.trim().to_ascii_lowercase().as_str() {
            "principal_first" => Some(AllocationOrder::PrincipalFirst),
            "costs_interest_principal" => Some(AllocationOrder::CostsInterestPrincipal),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AllocationOrder::PrincipalFirst => "principal_first",
            AllocationOrder::CostsInterestPrincipal => "costs_interest_principal",
        }
    }
}

impl std::str::FromStr for AllocationOrder {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AllocationOrder::parse(s)
            .ok_or_else(|| "is not principal_first or costs_interest_principal".into())
    }
}

/// What one invoice still owes, by bucket (after waivers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Owed {
    pub id: i64,
    pub due_on: NaiveDate,
    pub compensation: Money,
    pub interest: Money,
    pub principal: Money,
    /// Disputed invoices take nothing from an unallocated payment.
    pub disputed: bool,
}

/// What a payment gives one invoice, by bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Split {
    pub id: i64,
    pub compensation: Money,
    pub interest: Money,
    pub principal: Money,
}

/// A payment spread over a debtor's invoices.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Spread {
    /// One entry per invoice that got something, oldest due first.
    pub splits: Vec<Split>,
    /// What no invoice took: held on account.
    pub on_account: Money,
}

#[derive(Clone, Copy)]
enum Bucket {
    Compensation,
    Interest,
    Principal,
}

/// Spreads `amount` over `owed` in `order`. Oldest due first (then by id),
/// disputed invoices skipped, as `allocation::allocate` does for principal.
pub fn spread_payment(amount: Money, order: AllocationOrder, owed: &[Owed]) -> Spread {
    let mut open: Vec<&Owed> = owed.iter().filter(|o| !o.disputed).collect();
    open.sort_by_key(|o| (o.due_on, o.id));
    let mut splits: Vec<Split> = open
        .iter()
        .map(|o| Split {
            id: o.id,
            compensation: Money::ZERO,
            interest: Money::ZERO,
            principal: Money::ZERO,
        })
        .collect();
    let mut left = amount.cents().max(0);
    let mut pay = |at: usize, bucket: Bucket, left: &mut i64| {
        let o = open[at];
        let (owes, got) = match bucket {
            Bucket::Compensation => (o.compensation, &mut splits[at].compensation),
            Bucket::Interest => (o.interest, &mut splits[at].interest),
            Bucket::Principal => (o.principal, &mut splits[at].principal),
        };
        let take = owes.cents().max(0).min(*left);
        *got = Money(take);
        *left -= take;
    };
    let passes: Vec<(usize, Bucket)> = match order {
        AllocationOrder::PrincipalFirst => {
            let principal = (0..open.len()).map(|i| (i, Bucket::Principal));
            let rest =
                (0..open.len()).flat_map(|i| [(i, Bucket::Compensation), (i, Bucket::Interest)]);
            principal.chain(rest).collect()
        }
        AllocationOrder::CostsInterestPrincipal => (0..open.len())
            .flat_map(|i| {
                [(i, Bucket::Compensation), (i, Bucket::Interest), (i, Bucket::Principal)]
            })
            .collect(),
    };
    for (at, bucket) in passes {
        pay(at, bucket, &mut left);
    }
    splits.retain(|s| !(s.compensation.is_zero() && s.interest.is_zero() && s.principal.is_zero()));
    Spread { splits, on_account: Money(left) }
}
