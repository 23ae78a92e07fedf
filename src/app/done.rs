//! What the store workers answer: the results of requests, and what they
//! noticed on their own (another desk's commit, a new rule).

use chrono::{DateTime, Utc};

use super::effect::{ListTarget, QueueLoad};
use super::triage_figures::TriageFigures;
use super::write::{LetterPreview, TemplateChoice};
use crate::domain::book::BookRules;
use crate::domain::contact_rules::Check;
use crate::domain::queue::{CallingSplit, QueueFilter};
use crate::store::{Account, EscalateTo, OpenCall, PromiseRequest, QueueRow, Quoted, TakenOver};

#[derive(Clone, Debug)]
pub enum Done {
    QueueLoaded {
        target: ListTarget,
        load: QueueLoad,
        rows: Vec<QueueRow>,
        /// The queue's length, when it was counted.
        total: Option<usize>,
    },
    /// A list's length, counted after its first page was shown.
    ListCounted {
        target: ListTarget,
        scope: crate::store::QueueScope,
        filter: QueueFilter,
        total: usize,
    },
    /// A debtor's account as it is now (`None`: it is gone).
    AccountLoaded {
        debtor_id: i64,
        account: Option<Box<Account>>,
    },
    /// How the due-now queue just read was split: the debtors callable
    /// now first.
    QueueSplit(CallingSplit),
    SearchDone {
        query: String,
        rows: Vec<QueueRow>,
        /// The invoice each debtor was found by, when its number matched.
        quoted: Vec<Quoted>,
    },
    /// Triage's search: the debtors of `filter` matching `query`; not
    /// `complete` when there may be more than were read.
    TriageSearchDone {
        query: String,
        filter: QueueFilter,
        rows: Vec<QueueRow>,
        complete: bool,
    },
    /// Where escalated debtors of a list just read were sent.
    Escalations(Vec<(i64, EscalateTo)>),
    NoteSaved {
        debtor_id: i64,
    },
    /// A form or confirmation was saved; the message says what happened.
    Saved(String),
    /// The debtor is leased, the checks read and its account pinned: the
    /// pre-call plan opens on it.
    PreCallReady {
        account: Box<Account>,
        checks: Vec<Check>,
    },
    ChecksRefreshed {
        debtor_id: i64,
        checks: Vec<Check>,
    },
    CallStarted {
        debtor_id: i64,
        call_id: i64,
        started_at: DateTime<Utc>,
    },
    /// A promise was recorded on the live call.
    PendingPromise {
        call_id: i64,
        promise: PromiseRequest,
    },
    CallWrapped {
        debtor_id: i64,
        message: String,
    },
    /// Another agent took over the debtor of this live call.
    CallTakenOver {
        call_id: i64,
        taken: TakenOver,
    },
    /// A call found open at start-up whose debtor someone else took over,
    /// with the promise typed on it (not to be recorded).
    RecoveredTakenOver {
        call_id: i64,
        debtor: String,
        taken: TakenOver,
        pending: Option<PromiseRequest>,
    },
    /// A call found open at start-up, with its account.
    CallRecovered {
        call: Box<OpenCall>,
        account: Box<Account>,
    },
    /// Debtors with unsaved notes of this agent's, found at start-up.
    DraftsWaiting(Vec<String>),
    /// The draft of this version is in the book.
    DraftSaved {
        debtor_id: i64,
        version: u64,
        at: DateTime<Utc>,
    },
    /// The draft could not be saved yet; it is tried again.
    DraftFailed {
        debtor_id: i64,
        why: String,
    },
    TriageLoaded(Box<TriageFigures>),
    BookInterest(Box<crate::store::BookInterest>),
    /// A lead's bulk action was saved.
    LeadActionDone(String),
    /// Another process committed: read what is shown again.
    ChangedElsewhere,
    /// Another session of the desk changed this debtor's records (a note,
    /// a call, a promise, a payment, a lease): read again only if it is
    /// shown.
    ChangedDebtor(i64),
    /// The book's rules, read at start and whenever a lead changes them.
    Rules(Box<BookRules>),
    Failed(String),
    /// The letter templates there are.
    LetterTemplates(Vec<TemplateChoice>),
    /// A template rendered for a debtor, or why it could not be.
    LetterPreview {
        debtor_id: i64,
        template: String,
        preview: Result<LetterPreview, String>,
    },
    /// A letter went to the outbox or was saved as a PDF: what was done, or
    /// why nothing was.
    LetterSent {
        debtor_id: i64,
        result: Result<String, String>,
    },
}
