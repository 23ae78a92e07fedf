//! Where each pane goes. Shared by drawing and by the event loop, which
//! tells the app how many queue rows fit.

use ratatui::layout::{Constraint, Layout, Rect};

/// Below this the workstation shows a "terminal too small" message.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub queue: Rect,
    pub debtor: Rect,
    pub invoices: Rect,
    pub commitments: Rect,
    pub notes: Rect,
    pub status: Rect,
}

pub fn fits(area: Rect) -> bool {
    area.width >= MIN_WIDTH && area.height >= MIN_HEIGHT
}

pub fn areas(area: Rect) -> Areas {
    let notes_height = (area.height / 4).max(6);
    let [header, main, notes, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(10),
        Constraint::Length(notes_height),
        Constraint::Length(1),
    ])
    .areas(area);
    let queue_width = (area.width * 35 / 100).max(34);
    let [queue, right] =
        Layout::horizontal([Constraint::Length(queue_width), Constraint::Min(40)]).areas(main);
    let commitments_height = (right.height.saturating_sub(5) * 2 / 5).max(5);
    let [debtor, invoices, commitments] = Layout::vertical([
        Constraint::Length(5),
        Constraint::Min(4),
        Constraint::Length(commitments_height),
    ])
    .areas(right);
    Areas { header, queue, debtor, invoices, commitments, notes, status }
}

/// Queue rows that fit: two lines each, below a one-line caption.
pub fn queue_rows(area: Rect) -> usize {
    if !fits(area) {
        return 1;
    }
    let inner = areas(area).queue.height.saturating_sub(3);
    (inner / 2).max(1) as usize
}

/// A rectangle centred in `area`, as a percentage of it.
pub fn centered(area: Rect, width_pct: u16, height_pct: u16) -> Rect {
    let w = (area.width * width_pct / 100).max(20).min(area.width);
    let h = (area.height * height_pct / 100).max(6).min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
