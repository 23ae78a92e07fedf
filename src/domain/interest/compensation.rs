//! Fixed compensation per late invoice. Amounts are in the book's currency
//! (recoup keeps one currency per book): a UK book's 40.00 is £40, an EU
//! book's is €40; nothing is converted.

use super::regime::Regime;
use crate::domain::money::Money;

/// UK bands (Late Payment of Commercial Debts Regulations 2002): under
/// 1,000.00 → 40.00; 1,000.00 to 9,999.99 → 70.00; 10,000.00 and over →
/// 100.00.
pub fn uk_band(amount: Money) -> Money {
    match amount.cents() {
        ..100_000 => Money(4_000),
        100_000..1_000_000 => Money(7_000),
        _ => Money(10_000),
    }
}

/// What `regime` gives for one invoice of `amount` that became late: UK by
/// band, EU 40.00, none for `contract` and `none`.
pub fn compensation_for(regime: Regime, amount: Money) -> Money {
    match regime {
        Regime::Uk => uk_band(amount),
        Regime::Eu => Money(4_000),
        Regime::Contract | Regime::None => Money::ZERO,
    }
}
