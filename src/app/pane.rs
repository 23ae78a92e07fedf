//! The panes of the workstation.

/// The panes of the workstation, in `Tab` order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Queue,
    Invoices,
    Commitments,
    Notes,
}

impl Pane {
    const ORDER: [Pane; 4] = [Pane::Queue, Pane::Invoices, Pane::Commitments, Pane::Notes];

    pub fn next(self) -> Pane {
        let i = Self::ORDER.iter().position(|p| *p == self).unwrap_or(0);
        Self::ORDER[(i + 1) % Self::ORDER.len()]
    }

    pub fn previous(self) -> Pane {
        let i = Self::ORDER.iter().position(|p| *p == self).unwrap_or(0);
        Self::ORDER[(i + Self::ORDER.len() - 1) % Self::ORDER.len()]
    }
}
