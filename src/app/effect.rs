//! What screens ask for: requests to the store (run on a worker thread, never
//! on the one that draws) and dialling.

use super::write::WriteOutput;
use crate::domain::interest_terms::{InterestRegime, Waived};
use crate::domain::queue::QueueFilter;
use crate::store::{
    CallStart, EscalateTo, LeadTargets, Page, PaymentRequest, PromiseRequest, QueueScope, WrapUp,
};

/// Which list a page of debtors is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ListTarget {
    /// The workstation's queue.
    #[default]
    Queue,
    /// The triage screen's list of all debtors.
    Triage,
}

/// Why a queue page was read, which says how to merge it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueLoad {
    /// A fresh queue from the top.
    First,
    /// The end of the queue (`G`).
    Last,
    /// More rows after the window.
    Forward,
    /// More rows before the window.
    Backward,
    /// The same window again, after a change.
    Refresh,
    /// A window starting at this position, with this debtor selected.
    Around { start: usize, debtor_id: i64 },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    Store(Request),
    /// Run the dial command with this phone number.
    Dial(String),
}

impl From<Request> for Effect {
    fn from(r: Request) -> Self {
        Effect::Store(r)
    }
}

/// A request to the store. Reads go to one worker, writes to another, so a
/// read never waits behind a write that waits for the book's lock.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    LoadQueue {
        target: ListTarget,
        scope: QueueScope,
        filter: QueueFilter,
        load: QueueLoad,
        page: Page,
        limit: usize,
    },
    /// Count a list whose first page was read without its length (a large
    /// book's count comes after the first frame, not before it).
    CountList {
        target: ListTarget,
        scope: QueueScope,
        filter: QueueFilter,
    },
    /// Read the list again around a debtor, keeping it selected.
    LocateInList {
        target: ListTarget,
        scope: QueueScope,
        filter: QueueFilter,
        debtor_id: i64,
    },
    LoadAccount(i64),
    Search(String),
    /// Triage's search, within the filter shown.
    TriageSearch {
        query: String,
        filter: QueueFilter,
    },
    LoadTriage,
    /// The book's claimable interest and compensation (triage): a pass over
    /// every debtor with a regime, read after the other figures so that
    /// triage opens without waiting for it.
    LoadBookInterest,
    RefreshChecks(i64),
    /// The book's rules (at start; later they come when they change).
    LoadRules,
    /// The letter templates there are (`W`).
    LetterTemplates,
    /// A template rendered for the debtor, for the preview.
    PreviewLetter {
        debtor_id: i64,
        template: String,
    },
    /// Render it again and send it: by email through the outbox, or as a
    /// PDF saved to print; either way noted on the account.
    SendLetter {
        debtor_id: i64,
        template: String,
        output: WriteOutput,
    },
    /// A lead's bulk send from triage: to each debtor, by email where the
    /// book has an address (else a PDF), skipping those sent it today.
    SendLetters {
        targets: LeadTargets,
        template: String,
        output: WriteOutput,
    },
    /// At start-up, with the writes (after drafts kept in crash files are
    /// restored): the figures brought up to the book's date, then the
    /// first page of the queue, then a call left open or drafts unsaved.
    Start(Box<Request>),
    /// The draft as typed; `version` counts the agent's changes to it.
    SaveDraft {
        debtor_id: i64,
        call_id: Option<i64>,
        body: String,
        version: u64,
    },
    DiscardDraft {
        debtor_id: i64,
    },
    SaveNote {
        debtor_id: i64,
        body: String,
    },
    SavePromise(PromiseRequest),
    SavePayment(PaymentRequest),
    OpenDispute {
        invoice_id: i64,
        reason: String,
        note: String,
    },
    ResolveDispute {
        invoice_id: i64,
    },
    /// A lead sets the debtor's interest regime and rate (basis points).
    SetInterest {
        debtor_id: i64,
        regime: InterestRegime,
        rate_bp: i64,
    },
    /// A lead waives interest and/or compensation on an invoice (or, with
    /// none, the whole account), with a reason.
    WaiveInterest {
        debtor_id: i64,
        invoice_id: Option<i64>,
        what: Waived,
        reason: String,
    },
    /// Lease the debtor, read the checks' facts and pin its account.
    BeginPreCall(i64),
    ReleaseLease(i64),
    StartCall(CallStart),
    Heartbeat {
        debtor_id: i64,
        call_id: Option<i64>,
    },
    SetPendingPromise {
        call_id: i64,
        promise: PromiseRequest,
    },
    WrapUp(WrapUp),
    /// Ends a call found open at start-up that someone else took over.
    CloseTakenOverCall {
        call_id: i64,
        save_notes: bool,
    },
    /// Brings the figures up to the book's date (once a day does work).
    Rollover,
    Assign {
        targets: LeadTargets,
        to: Option<i64>,
    },
    Pin {
        targets: LeadTargets,
        delta: i64,
    },
    ToggleHold {
        targets: LeadTargets,
        reason: String,
    },
    Escalate {
        targets: LeadTargets,
        to: EscalateTo,
        reason: String,
    },
}

impl Request {
    /// Whether it writes to the book (and so may wait for its lock).
    pub fn writes(&self) -> bool {
        !matches!(
            self,
            Request::LoadQueue { .. }
                | Request::CountList { .. }
                | Request::LocateInList { .. }
                | Request::LoadAccount(_)
                | Request::Search(_)
                | Request::TriageSearch { .. }
                | Request::LoadTriage
                | Request::LoadBookInterest
                | Request::RefreshChecks(_)
                | Request::LoadRules
                | Request::LetterTemplates
                | Request::PreviewLetter { .. }
        )
    }

    /// A newer request of the same kind makes this one pointless: the
    /// latest draft, search, account or heartbeat wins.
    pub fn superseded_by(&self, newer: &Request) -> bool {
        match (self, newer) {
            (Request::SaveDraft { debtor_id: a, .. }, Request::SaveDraft { debtor_id: b, .. }) => {
                a == b
            }
            (Request::Search(_), Request::Search(_))
            | (Request::TriageSearch { .. }, Request::TriageSearch { .. })
            | (Request::LoadAccount(_), Request::LoadAccount(_))
            | (Request::LoadTriage, Request::LoadTriage)
            | (Request::LoadBookInterest, Request::LoadBookInterest)
            | (Request::PreviewLetter { .. }, Request::PreviewLetter { .. })
            | (Request::Rollover, Request::Rollover) => true,
            (Request::Heartbeat { call_id: a, .. }, Request::Heartbeat { call_id: b, .. }) => {
                a == b
            }
            (Request::RefreshChecks(a), Request::RefreshChecks(b)) => a == b,
            (Request::CountList { target: a, .. }, Request::CountList { target: b, .. }) => a == b,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_draft_search_and_account_win_other_requests_all_run() {
        let draft = |debtor_id, body: &str, version| Request::SaveDraft {
            debtor_id,
            call_id: None,
            body: body.into(),
            version,
        };
        assert!(draft(1, "a", 1).superseded_by(&draft(1, "ab", 2)));
        assert!(!draft(1, "a", 1).superseded_by(&draft(2, "b", 1)));
        assert!(Request::Search("ac".into()).superseded_by(&Request::Search("acm".into())));
        assert!(Request::LoadAccount(1).superseded_by(&Request::LoadAccount(2)));
        let note = Request::SaveNote { debtor_id: 1, body: "x".into() };
        assert!(!note.superseded_by(&note.clone()), "every note is saved");
        assert!(note.writes() && !Request::Search("x".into()).writes());
    }
}
