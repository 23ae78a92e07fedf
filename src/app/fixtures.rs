//! Accounts and rows for the screens' unit tests: no store, no files.

use chrono::NaiveDate;

use crate::domain::Money;
use crate::domain::people::DebtorStatus;
use crate::domain::plan::Instalment;
use crate::store::{
    Account, ContactRow, DebtorHeader, InvoiceRow, PromiseRequest, QueueKey, QueueRow, TakenOver,
};

pub fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn invoice(id: i64, number: &str, cents: i64) -> InvoiceRow {
    InvoiceRow {
        id,
        number: number.into(),
        supplied_on: None,
        issued_on: day("2026-09-01"),
        due_on: day("2026-10-01"),
        amount: Money(cents),
        balance: Money(cents),
        currency: "USD".into(),
        dispute_reason: None,
    }
}

/// A debtor in New York with one contact and two open invoices.
pub fn account(id: i64, name: &str) -> Box<Account> {
    Box::new(Account {
        debtor: DebtorHeader {
            id,
            reference: format!("ACC-{id}"),
            name: name.into(),
            timezone: "America/New_York".into(),
            terms_days: 30,
            terms_accepted_on: None,
            assigned_to: Some("alice".into()),
            status: DebtorStatus::Active,
            do_not_call: false,
            next_contact_at: None,
            balance: Money(300_000),
            overdue: Money(300_000),
            disputed: Money::ZERO,
            oldest_overdue_on: Some(day("2026-10-01")),
            next_promise_on: None,
            latest_open_made_on: None,
            last_failed_due: None,
            broken_promises: 0,
            last_contact_at: None,
            last_attempt_at: None,
            pin: 0,
            interest: Default::default(),
            strategy_call: None,
        },
        contacts: vec![ContactRow {
            id: 70 + id,
            name: "Jane Roe".into(),
            role: "AP".into(),
            phone: "+1 555 0100".into(),
            email: String::new(),
            primary: true,
        }],
        invoices: vec![
            invoice(10 * id + 1, &format!("INV-{id}-1"), 100_000),
            invoice(10 * id + 2, &format!("INV-{id}-2"), 200_000),
        ],
        promises: Vec::new(),
        notes: Vec::new(),
        calls: Vec::new(),
        plans: Vec::new(),
        days_late: None,
        draft: None,
        payments: Default::default(),
        claims: None,
        letters: Vec::new(),
        strategy: None,
    })
}

pub fn row(i: usize) -> QueueRow {
    QueueRow {
        key: QueueKey { later: false, sort_key: i as i64, debtor_id: i as i64 + 1 },
        name: format!("Debtor {i}"),
        reference: format!("R{i}"),
        overdue: Money(100),
        balance: Money(100),
        oldest_overdue_on: None,
        ptp_due: false,
        ptp_broken: false,
        callback_due: false,
        assigned: None,
        pin: 0,
        disputed: false,
        over_90: false,
        do_not_call: false,
        on_call: None,
        status: DebtorStatus::Active,
        timezone: "America/New_York".into(),
    }
}

/// A promise of `cents` by `due` on call 5 with debtor 3 (Acme).
pub fn promise(cents: i64, due: &str) -> PromiseRequest {
    PromiseRequest {
        debtor_id: 3,
        agent_id: 1,
        call_id: Some(5),
        instalments: vec![Instalment { amount: Money(cents), due_on: day(due) }],
        frequency: None,
        invoice_ids: Vec::new(),
        cancel_open: false,
        waive_interest: false,
    }
}

/// Someone else's call on the debtor, started at `at` (UTC).
pub fn taken_by(by: &str, at: &str) -> TakenOver {
    TakenOver { by: by.into(), at: at.parse().unwrap() }
}

/// Claims under `uk` for `account`'s two invoices (as `account` makes
/// them): 12.34 interest and 70.00 compensation on the first; 24.68 and
/// 70.00 on the second, its compensation waived.
pub fn uk_claims(account: &Account) -> crate::store::DebtorClaims {
    use crate::domain::interest::{Claim, Regime, Terms, Waived, total_of};
    let claim = |inv: &InvoiceRow, interest, waived| Claim {
        invoice_id: inv.id,
        principal_unpaid: inv.balance,
        days_late: 55,
        rate_bp: Some(1200),
        interest: Money(interest),
        compensation: Money(7_000),
        waived: Waived { interest: false, compensation: waived },
        pending: Waived::default(),
    };
    let claims =
        [claim(&account.invoices[0], 1_234, false), claim(&account.invoices[1], 2_468, true)];
    crate::store::DebtorClaims {
        debtor_id: account.debtor.id,
        debtor_ref: account.debtor.reference.clone(),
        terms: Terms { regime: Regime::Uk, rate_bp: 800 },
        invoices: account
            .invoices
            .iter()
            .zip(claims)
            .map(|(inv, c)| crate::store::InvoiceClaim {
                id: inv.id,
                number: inv.number.clone(),
                due_on: inv.due_on,
                principal_unpaid: c.principal_unpaid,
                days_late: c.days_late,
                claim: Ok(c),
            })
            .collect(),
        total: Ok(total_of(&claims)),
    }
}

/// `account(id, name)` under `uk`, with `uk_claims`.
pub fn uk_account(id: i64, name: &str) -> Box<Account> {
    let mut a = account(id, name);
    a.debtor.interest = crate::domain::interest::Regime::Uk;
    a.claims = Some(uk_claims(&a));
    a
}
