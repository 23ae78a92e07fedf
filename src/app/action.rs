//! What flows into `update` (actions) and out of it (effects).

use chrono::{DateTime, FixedOffset, Utc};
use crossterm::event::KeyEvent;

use super::keymap::Command;
use super::triage::TriageFigures;
use crate::domain::contact_rules::Check;
use crate::domain::queue::QueueFilter;
use crate::store::{
    Account, CallStart, OpenCall, Page, PaymentRequest, PromiseRequest, QueueRow, QueueScope,
    TakenOver, WrapUp,
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

#[derive(Clone, Debug)]
pub enum Action {
    Command(Command),
    /// A key for the text field of the top layer.
    Edit(KeyEvent),
    /// Text pasted into the terminal.
    Paste(String),
    Tick(DateTime<FixedOffset>),
    Resize {
        queue_rows: usize,
    },
    QueueLoaded {
        target: ListTarget,
        load: QueueLoad,
        rows: Vec<QueueRow>,
        /// The queue's length, when it was counted.
        total: Option<usize>,
    },
    AccountLoaded(Option<Box<Account>>),
    SearchDone {
        query: String,
        rows: Vec<QueueRow>,
    },
    NoteSaved,
    /// A form or confirmation was saved; the message says what happened.
    Saved(String),
    /// The debtor is leased and the checks read: open the pre-call plan.
    PreCallReady {
        debtor_id: i64,
        checks: Vec<Check>,
    },
    ChecksRefreshed(Vec<Check>),
    CallStarted {
        call_id: i64,
        started_at: DateTime<Utc>,
    },
    /// A promise was recorded on the live call.
    PendingPromise(PromiseRequest),
    CallWrapped {
        debtor_id: i64,
        message: String,
    },
    /// Another agent took over the debtor of this live call.
    CallTakenOver {
        call_id: i64,
        taken: TakenOver,
    },
    /// A call found open at start-up whose debtor someone else took over.
    RecoveredTakenOver {
        call_id: i64,
        debtor: String,
        taken: TakenOver,
    },
    /// A call found open at start-up, with its account.
    CallRecovered {
        call: Box<OpenCall>,
        account: Box<Account>,
    },
    TriageLoaded(Box<TriageFigures>),
    /// A lead's bulk action was saved.
    LeadActionDone(String),
    /// Another process committed: read what is shown again.
    ChangedElsewhere,
    Failed(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    LoadQueue {
        target: ListTarget,
        scope: QueueScope,
        filter: QueueFilter,
        load: QueueLoad,
        page: Page,
        limit: usize,
    },
    LoadAccount(i64),
    Search(String),
    SaveDraft {
        debtor_id: i64,
        call_id: Option<i64>,
        body: String,
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
    BeginPreCall(i64),
    RefreshChecks(i64),
    ReleaseLease(i64),
    StartCall {
        start: CallStart,
        phone: Option<String>,
    },
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
    /// Read the list again around a debtor, keeping it selected.
    LocateInList {
        target: ListTarget,
        scope: QueueScope,
        filter: QueueFilter,
        debtor_id: i64,
    },
    /// Run the dial command with this phone number.
    Dial(String),
    LoadTriage,
    Assign {
        ids: Vec<i64>,
        to: Option<i64>,
    },
    Pin {
        ids: Vec<i64>,
        delta: i64,
    },
    ToggleHold {
        ids: Vec<i64>,
    },
    Escalate {
        ids: Vec<i64>,
        to: String,
        reason: String,
    },
}
