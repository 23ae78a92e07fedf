//! A lead's interest keys on the selected account (issue 13): `I` sets the
//! debtor's regime and rate, `X` waives interest and/or compensation on the
//! invoice picked in the Invoices pane, or on the whole account from any
//! other pane. An agent is told, in one sentence, that these are a lead's.

use super::cx::Cx;
use super::keymap::Command;
use super::open::Open;
use super::screen::Handled;
use super::workstation::Pane;
use crate::domain::interest::DEFAULT_RATE_BP;
use crate::domain::interest_terms::InterestRegime;
use crate::store::Account;

/// `I` or `X` on `a`, the Invoices pane's selection being `selected` when
/// it has focus.
pub fn command(
    command: Command,
    a: &Account,
    focus: Pane,
    selected: usize,
    cx: &mut Cx<'_>,
) -> Handled {
    if !cx.me.is_lead() {
        // One line at 80 columns.
        cx.error("Only a lead sets interest or waives it; offer a waiver with a promise (p)");
        return Handled::done();
    }
    let (debtor_id, name) = (a.debtor.id, a.debtor.name.clone());
    if command == Command::InterestTerms {
        let rate_bp = a.claims.as_ref().map_or(DEFAULT_RATE_BP, |c| c.terms.rate_bp);
        let regime = a.debtor.interest;
        return Handled::open(Open::InterestTerms { debtor_id, name, regime, rate_bp });
    }
    if a.debtor.interest == InterestRegime::None {
        cx.error("This debtor claims no interest (regime none): set a regime with I first");
        return Handled::done();
    }
    let invoice = (focus == Pane::Invoices).then(|| a.invoices.get(selected)).flatten();
    let on = invoice.map_or("the whole account".to_owned(), |i| format!("invoice {}", i.number));
    Handled::open(Open::Waive { debtor_id, invoice_id: invoice.map(|i| i.id), on })
}
