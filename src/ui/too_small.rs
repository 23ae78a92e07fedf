//! What is shown instead of a broken layout when the terminal is too small.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::Theme;
use super::layout::{MIN_HEIGHT, MIN_WIDTH};

pub fn draw(frame: &mut Frame<'_>, area: Rect, theme: Theme) {
    let lines = vec![
        Line::styled("Terminal too small", theme.alert()),
        Line::from(format!(
            "{}×{} here; recoup needs at least {MIN_WIDTH}×{MIN_HEIGHT}.",
            area.width, area.height
        )),
        Line::from("Enlarge the window, or press q to quit."),
    ];
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    let body = Rect { y: area.y + top, height: area.height - top, ..area };
    frame.render_widget(
        Paragraph::new(lines).alignment(Alignment::Center).wrap(Wrap { trim: true }),
        body,
    );
}
