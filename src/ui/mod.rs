//! Drawing only: `draw(&Model, &mut Frame)`. Never calls the store.

mod call;
mod claims;
mod commitments;
mod debtor;
mod fit;
mod form;
mod header;
mod help;
mod invoice_picker;
mod invoices;
pub mod layout;
mod note_form;
mod notes;
mod payments;
mod popups;
mod precall;
mod queue;
mod status;
mod text;
mod theme;
mod too_small;
mod triage;
mod triage_figures;
mod wrap;
mod wrapup;
mod write;

use ratatui::Frame;
use ratatui::widgets::{Block, Borders};

use crate::app::Model;
use crate::app::layer::Layer;
pub use theme::Theme;

pub fn draw(frame: &mut Frame<'_>, model: &Model) {
    let area = frame.area();
    let theme = Theme { color: model.color };
    if !layout::fits(area) {
        too_small::draw(frame, area, theme);
        return;
    }
    let mut a = layout::areas(area);
    // A claim line in the debtor's header takes a line from the invoices.
    let grow = debtor::height(model).saturating_sub(a.debtor.height).min(a.invoices.height / 2);
    a.debtor.height += grow;
    a.invoices.y += grow;
    a.invoices.height -= grow;
    header::draw(frame, a.header, model, theme);
    queue::draw(frame, a.queue, model, theme);
    debtor::draw(frame, a.debtor, model, theme);
    let (invoices_area, payments_area) = payments::split(a.invoices, model);
    invoices::draw(frame, invoices_area, model, theme);
    payments::draw(frame, payments_area, model, theme);
    commitments::draw(frame, a.commitments, model, theme);
    notes::draw(frame, a.notes, model, theme);
    status::draw(frame, a.status, model, theme);
    // Full-screen layers leave the header and the status line (with its key
    // hints) visible.
    let body =
        ratatui::layout::Rect { y: area.y + 1, height: area.height.saturating_sub(2), ..area };
    for layer in &model.layers {
        match layer {
            Layer::PreCall(p) => precall::draw(frame, body, model, p, theme),
            Layer::Call(c) => call::draw(frame, body, model, c, theme),
            Layer::WrapUp(w) => wrapup::draw(frame, body, model, w, theme),
            Layer::Triage(t) => triage::draw(frame, body, model, t, theme),
            Layer::Picker(p) => popups::draw_picker(frame, body, p, theme),
            Layer::InvoicePicker(p) => invoice_picker::draw(frame, area, p, theme),
            Layer::Why(w) => popups::draw_why(frame, body, w, theme),
            Layer::Note(form) => note_form::draw(frame, area, model, form, theme),
            Layer::Help(view) => help::draw(frame, area, model, view, theme),
            Layer::Form(f) => form::draw(frame, area, f, theme),
            Layer::Confirm(c) => form::draw_confirm(frame, area, c, theme),
            Layer::Write(w) => write::draw(frame, body, w, theme),
            Layer::Search(_) => {}
        }
    }
}

/// A pane's frame, titled, highlighted when it has focus. Titles may name a
/// debtor, so they are cleaned like any data text.
fn pane(title: &str, focused: bool, theme: Theme) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(focused))
        .title(text::clean(title))
        .title_style(theme.title())
}
