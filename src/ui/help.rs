//! `?`: every key, built from the key table, in two columns where each line
//! fits whole, else in one.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::layout::centered;
use super::{Theme, pane};
use crate::app::Model;
use crate::app::help::{BOX_HEIGHT_PCT, BOX_WIDTH_PCT, HelpLine, HelpView, KEYS_WIDTH};

pub fn draw(frame: &mut Frame<'_>, area: Rect, model: &Model, view: &HelpView, theme: Theme) {
    let box_area = centered(area, BOX_WIDTH_PCT, BOX_HEIGHT_PCT);
    let layout = view.layout(&model.keymap, area.width);
    let lines = |column: &[HelpLine]| -> Vec<Line<'static>> {
        column
            .iter()
            .map(|line| match line {
                HelpLine::Title(t) => Line::styled(*t, theme.title()),
                HelpLine::Key(keys, what) => Line::from(vec![
                    Span::styled(format!("  {keys:<KEYS_WIDTH$} "), theme.key()),
                    Span::raw(*what),
                ]),
                HelpLine::Blank => Line::from(""),
            })
            .collect()
    };
    let mut left = lines(&layout.left);
    let mut right = lines(&layout.right);
    let end = Line::styled("Esc closes help; j/k scroll", theme.dim());
    if right.is_empty() {
        left.push(end)
    } else {
        right.push(end)
    }
    frame.render_widget(Clear, box_area);
    let block = pane("Help · Esc closes · j/k PgUp/PgDn scroll", true, theme);
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    let scroll = (view.scroll as u16, 0);
    if layout.right.is_empty() {
        frame.render_widget(Paragraph::new(left).scroll(scroll), inner);
        return;
    }
    let [l, r] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(inner);
    frame.render_widget(Paragraph::new(left).scroll(scroll), l);
    frame.render_widget(Paragraph::new(right).scroll(scroll), r);
}
