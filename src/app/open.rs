//! A screen to open, said in plain data: screens ask for one without
//! knowing each other's types, and `layer.rs` builds it.

use chrono::{DateTime, Utc};

use super::effect::Effect;
use super::keymap::Scope;
use super::triage_select::Chosen;
use crate::domain::contact_rules::Check;
use crate::domain::interest_terms::InterestRegime;
use crate::store::{Account, InvoiceRow, PromiseRequest, TakenOver};

/// A debtor's invoices, as a form checks what is typed against them.
#[derive(Clone, Debug, PartialEq)]
pub struct Debtor {
    pub id: i64,
    pub name: String,
    pub invoices: Vec<InvoiceRow>,
    /// Promises still open: a new one keeps or replaces them.
    pub open_promises: usize,
    /// The debtor's regime is not `none`: a promise may offer to waive
    /// interest.
    pub interest: bool,
}

impl Debtor {
    pub fn of(account: &Account) -> Debtor {
        Debtor {
            id: account.debtor.id,
            name: account.debtor.name.clone(),
            invoices: account.invoices.clone(),
            open_promises: account.open_promises(),
            interest: account.claims.is_some(),
        }
    }
}

/// The live call a form belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OnCall {
    pub call_id: i64,
}

/// Always boxed where it travels (`Handled::Open`), so its variants may differ
/// in size.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Open {
    Search,
    /// Writing to the debtor (`W`; `Ctrl-W` on a call, the statement chosen).
    Write {
        debtor_id: i64,
        debtor_name: String,
        preselect: Option<String>,
        on_call: bool,
        /// From triage: the debtors a lead sends it to.
        bulk: Option<Chosen>,
    },
    Note {
        debtor_id: i64,
        debtor_name: String,
        draft: Option<String>,
    },
    /// A promise (or plan); on a call it is kept with the call until wrap-up.
    Promise {
        debtor: Debtor,
        call: Option<OnCall>,
    },
    Payment {
        debtor: Debtor,
    },
    /// A dispute on one invoice (`d` in the Invoices pane).
    Dispute {
        invoice_id: i64,
        number: String,
    },
    /// A dispute raised on a call: the invoice is picked from the call's
    /// open invoices (type to narrow), then the dispute form opens on it.
    CallDispute {
        debtor: Debtor,
    },
    Escalate {
        on: Chosen,
    },
    /// A lead's: the debtor's interest regime and rate (`I`).
    InterestTerms {
        debtor_id: i64,
        name: String,
        regime: InterestRegime,
        rate_bp: i64,
    },
    /// A lead's waiver (`X`): on an invoice, or the whole account.
    Waive {
        debtor_id: i64,
        invoice_id: Option<i64>,
        on: String,
    },
    /// Hold or release, with a reason.
    Hold {
        on: Chosen,
        title: String,
    },
    /// Why a call goes ahead although checks failed.
    Override {
        failing: String,
        hint: &'static str,
    },
    Confirm {
        question: String,
        yes: Effect,
        no: Option<Effect>,
    },
    PreCall {
        account: Box<Account>,
        checks: Vec<Check>,
    },
    Call(Box<CallStarted>),
    WrapUp(Box<WrapUpOf>),
    Triage,
    Picker {
        on: Chosen,
        agents: Vec<(i64, String)>,
    },
    Why {
        title: String,
        lines: Vec<String>,
    },
    Help,
    /// Help with the keys of this screen first.
    HelpFor(Scope),
}

/// A live call to show: started now, or found open at start-up.
#[derive(Clone, Debug, PartialEq)]
pub struct CallStarted {
    pub call_id: i64,
    pub started_at: DateTime<Utc>,
    pub goal: String,
    /// The fallback offer typed in the plan (empty when none was).
    pub fallback: String,
    pub account: Box<Account>,
    pub draft: String,
    pub pending: Option<PromiseRequest>,
    pub recovered: bool,
    /// The phone to dial, when there is a dial command.
    pub dial: Option<String>,
}

/// What the wrap-up of a call works from.
#[derive(Clone, Debug, PartialEq)]
pub struct WrapUpOf {
    pub call_id: i64,
    pub debtor: Debtor,
    pub timezone: String,
    pub note: String,
    pub pending: Option<PromiseRequest>,
    pub taken_over: Option<TakenOver>,
}
