//! The top bar: who is working, which queue, and the time.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::Theme;
use super::text::clean;
use crate::app::Model;
use crate::domain::queue::QueueFilter;
use crate::store::QueueScope;

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, theme: Theme) {
    let whose = match model.desk.queue.scope {
        QueueScope::Mine(_) => "My queue",
        QueueScope::All => "All debtors",
    };
    let queue = match (&model.desk.queue.search, model.desk.queue.filter) {
        (Some(q), _) => format!("search {q:?}: {} found", model.desk.queue.total),
        (None, QueueFilter::DueNow) => format!("{whose} {} due", model.desk.queue.shown_total()),
        (None, f) => format!("{whose} · {} {}", f.label(), model.desk.queue.shown_total()),
    };
    let text = format!(
        " recoup · {} ({}) · {queue} · {}",
        model.me.name,
        model.me.role,
        model.now.format("%a %d %b %H:%M")
    );
    frame.render_widget(Paragraph::new(Line::from(clean(&text))).style(theme.header()), area);
}
