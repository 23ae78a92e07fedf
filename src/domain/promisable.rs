//! Whether a promise can count: it must be on money still owed, not all of
//! it in dispute, and not more than is owed.

use super::Money;

/// An invoice as a promise sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owed<'a> {
    pub id: i64,
    pub number: &'a str,
    pub balance: Money,
    pub disputed: bool,
}

/// Which part of a promise is at fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    Amount,
    Invoices,
}

/// Checks a promise of `total` on the invoices `ids` (none: on the whole
/// account) against what the account owes.
pub fn promisable(total: Money, ids: &[i64], invoices: &[Owed<'_>]) -> Result<(), (Fault, String)> {
    let named: Vec<&Owed<'_>> = invoices.iter().filter(|i| ids.contains(&i.id)).collect();
    if let Some(paid) = named.iter().find(|i| i.balance.cents() == 0) {
        return Err((Fault::Invoices, format!("{} is already paid", paid.number)));
    }
    if !named.is_empty() && named.iter().all(|i| i.disputed) {
        return Err((
            Fault::Invoices,
            "disputed: a promise on it would not count until the dispute is resolved".into(),
        ));
    }
    let covered: Vec<&Owed<'_>> = if named.is_empty() { invoices.iter().collect() } else { named };
    let owed: Money = covered.iter().filter(|i| !i.disputed).map(|i| i.balance).sum();
    if total > owed {
        let on = if ids.is_empty() { "owed (disputes apart)" } else { "open on those invoices" };
        return Err((Fault::Amount, format!("more than the {} {on}", owed.format())));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owed(id: i64, number: &'static str, cents: i64, disputed: bool) -> Owed<'static> {
        Owed { id, number, balance: Money(cents), disputed }
    }

    #[test]
    fn a_promise_counts_only_on_money_owed_and_undisputed() {
        let book = [
            owed(7, "INV-7", 200_000, false),
            owed(9, "INV-9", 200_000, true),
            owed(10, "INV-10", 0, false),
        ];
        assert_eq!(promisable(Money(200_000), &[], &book), Ok(()));
        assert_eq!(
            promisable(Money(200_001), &[], &book),
            Err((Fault::Amount, "more than the 2,000.00 owed (disputes apart)".into()))
        );
        assert_eq!(promisable(Money(100), &[10], &book).unwrap_err().1, "INV-10 is already paid");
        assert_eq!(promisable(Money(100), &[9], &book).unwrap_err().0, Fault::Invoices);
        assert_eq!(
            promisable(Money(250_000), &[7, 9], &book).unwrap_err().1,
            "more than the 2,000.00 open on those invoices"
        );
    }
}
