//! `W`: the templates on the left, how the letter goes under them, and the
//! letter itself on the right, as it will be sent.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::text::{clean, safe};
use super::{Theme, pane};
use crate::app::write::{Preview, WriteOutput, WriteView};

pub fn draw(frame: &mut Frame<'_>, area: Rect, w: &WriteView, theme: Theme) {
    frame.render_widget(Clear, area);
    let side = (area.width / 4).clamp(20, 30);
    let [left, right] =
        Layout::horizontal([Constraint::Length(side), Constraint::Min(20)]).areas(area);
    let title = match &w.bulk {
        Some(chosen) => format!("Write to {}", chosen.label),
        None => format!("Write to {}", w.debtor_name),
    };
    frame.render_widget(
        Paragraph::new(safe(choices(w, theme))).block(pane(&title, true, theme)),
        left,
    );
    let (title, lines) = preview(w, theme);
    let text = Paragraph::new(safe(lines)).wrap(Wrap { trim: false }).scroll((w.scroll, 0));
    frame.render_widget(text.block(pane(&title, false, theme)), right);
}

fn choices(w: &WriteView, theme: Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = Vec::new();
    if w.templates.is_empty() {
        lines.push(Line::styled("Reading the templates…", theme.dim()));
    }
    for (i, t) in w.templates.iter().enumerate() {
        let chosen = i == w.index;
        let line = Line::raw(format!("{} {}", if chosen { "▶" } else { " " }, clean(&t.title)));
        lines.push(if chosen { line.style(theme.selected()) } else { line });
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Send as (Tab)", theme.title()));
    for output in [WriteOutput::Email, WriteOutput::Pdf] {
        let on = output == w.output;
        let label = match output {
            WriteOutput::Email => "email, PDF attached",
            WriteOutput::Pdf => "PDF, to print and post",
        };
        let mark = if on { "(•)" } else { "( )" };
        lines.push(Line::from(vec![
            Span::styled(mark, if on { theme.key() } else { theme.dim() }),
            Span::raw(format!(" {label}")),
        ]));
    }
    if w.sending {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Sending…", theme.info()));
    }
    lines
}

fn preview(w: &WriteView, theme: Theme) -> (String, Vec<Line<'static>>) {
    match &w.preview {
        Preview::Reading => {
            ("Preview".into(), vec![Line::styled("Rendering the letter…", theme.dim())])
        }
        Preview::Failed(why) => {
            ("Preview: nothing can be sent".into(), vec![Line::styled(why.clone(), theme.alert())])
        }
        Preview::Shown(p) => {
            let to = match (&p.to, w.output) {
                (_, WriteOutput::Pdf) => "as a PDF to print and post".to_owned(),
                (Some(to), WriteOutput::Email) => format!("by email to {to}"),
                (None, WriteOutput::Email) => "no billing email: Tab for a PDF".to_owned(),
            };
            // The way it goes stays in sight on a narrow screen, and for a
            // bulk send says whose letter this is.
            let whose = match &w.bulk {
                Some(_) => format!("{} (one of them): ", w.debtor_name),
                None => String::new(),
            };
            let mut lines =
                vec![Line::styled(format!("{whose}{to}"), theme.title()), Line::raw("")];
            lines.extend(p.text.lines().map(|l| Line::raw(l.to_owned())));
            (p.subject.clone(), lines)
        }
    }
}
