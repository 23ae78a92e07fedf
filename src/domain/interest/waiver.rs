//! Waivers of interest and compensation, outright (a lead's) or tied to a
//! promise (an agent's offer on a call, in effect only once it is kept).

/// Where the promise a conditional waiver hangs on stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromiseState {
    /// Not yet due (or within grace): the waiver is offered, not given.
    Open,
    Kept,
    /// Broken, partly kept or cancelled: the waiver never takes effect.
    Broken,
}

/// One waiver as the book holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Waiver {
    /// The invoice it is for; `None` for every invoice of the debtor.
    pub invoice_id: Option<i64>,
    pub interest: bool,
    pub compensation: bool,
    /// `Some` when tied to a promise: the state of that promise.
    pub promise: Option<PromiseState>,
}

impl Waiver {
    pub fn covers(&self, invoice_id: i64) -> bool {
        self.invoice_id.is_none_or(|id| id == invoice_id)
    }

    /// In effect: outright, or its promise was kept.
    pub fn in_effect(&self) -> bool {
        matches!(self.promise, None | Some(PromiseState::Kept))
    }

    /// Offered on a promise that is still open.
    pub fn pending(&self) -> bool {
        self.promise == Some(PromiseState::Open)
    }
}

/// What is waived on one invoice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Waived {
    pub interest: bool,
    pub compensation: bool,
}

impl Waived {
    fn join(self, w: &Waiver) -> Waived {
        Waived {
            interest: self.interest || w.interest,
            compensation: self.compensation || w.compensation,
        }
    }
}

/// What the waivers in effect take off `invoice_id`.
pub fn waived_for(invoice_id: i64, waivers: &[Waiver]) -> Waived {
    waivers
        .iter()
        .filter(|w| w.covers(invoice_id) && w.in_effect())
        .fold(Waived::default(), Waived::join)
}

/// What open promises would take off `invoice_id` if kept.
pub fn pending_for(invoice_id: i64, waivers: &[Waiver]) -> Waived {
    waivers
        .iter()
        .filter(|w| w.covers(invoice_id) && w.pending())
        .fold(Waived::default(), Waived::join)
}
