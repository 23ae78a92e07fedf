//! Lines wrapped into rows of a width, at spaces, so that a screen knows how
//! many rows its text takes and can show part of it with a mark for the
//! rest (`▼ 2 more`). Text is cleaned before it gets here (`safe`).

use std::ops::Range;

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

use super::text::width;

/// A run of text between spaces (`word`) or of spaces, as styled pieces.
struct Token {
    space: bool,
    pieces: Vec<(String, Style)>,
}

impl Token {
    fn width(&self) -> usize {
        self.pieces.iter().map(|(t, _)| width(t)).sum()
    }
}

fn tokens(line: &Line<'_>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    for span in &line.spans {
        let style = line.style.patch(span.style);
        for c in span.content.chars() {
            let space = c == ' ';
            match out.last_mut() {
                Some(t) if t.space == space => match t.pieces.last_mut() {
                    Some((text, s)) if *s == style => text.push(c),
                    _ => t.pieces.push((c.to_string(), style)),
                },
                _ => out.push(Token { space, pieces: vec![(c.to_string(), style)] }),
            }
        }
    }
    out
}

/// Builds rows of at most `width` cells.
struct Rows {
    width: usize,
    rows: Vec<Vec<Span<'static>>>,
    used: usize,
}

impl Rows {
    fn push(&mut self, text: String, style: Style, cells: usize) {
        if let Some(row) = self.rows.last_mut() {
            row.push(Span::styled(text, style));
        }
        self.used += cells;
    }

    fn break_row(&mut self) {
        if let Some(row) = self.rows.last_mut() {
            while row.last().is_some_and(|s| s.content.trim().is_empty()) {
                row.pop();
            }
        }
        self.rows.push(Vec::new());
        self.used = 0;
    }

    /// A word longer than a row breaks where it must.
    fn push_long(&mut self, pieces: Vec<(String, Style)>) {
        for (text, style) in pieces {
            for c in text.chars() {
                let w = c.width().unwrap_or(0);
                if self.used + w > self.width && self.used > 0 {
                    self.break_row();
                }
                self.push(c.to_string(), style, w);
            }
        }
    }
}

/// One line as rows of at most `width` cells, broken at spaces; spaces
/// that start a wrapped row are dropped, the line's own indent is kept.
pub fn wrap(line: &Line<'_>, width: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let mut rows = Rows { width, rows: vec![Vec::new()], used: 0 };
    for token in tokens(line) {
        let w = token.width();
        if token.space {
            if rows.used == 0 && rows.rows.len() > 1 {
                continue;
            }
            if rows.used + w <= width {
                for (text, style) in token.pieces {
                    rows.push(text, style, 0);
                }
                rows.used += w;
            } else {
                rows.break_row();
            }
            continue;
        }
        if rows.used > 0 && rows.used + w > width {
            rows.break_row();
        }
        if w > width {
            rows.push_long(token.pieces);
        } else {
            for (text, style) in token.pieces {
                rows.push(text, style, 0);
            }
            rows.used += w;
        }
    }
    rows.rows.into_iter().map(Line::from).collect()
}

/// Every line wrapped, in order.
pub fn wrap_all(lines: &[Line<'_>], width: usize) -> Vec<Line<'static>> {
    lines.iter().flat_map(|l| wrap(l, width)).collect()
}

/// At most `max` rows of a line; the last one kept ends with `…` when some
/// were left out.
pub fn wrap_at_most(line: &Line<'_>, width: usize, max: usize) -> Vec<Line<'static>> {
    let mut rows = wrap(line, width);
    if rows.len() > max.max(1) {
        rows.truncate(max.max(1));
        if let Some(last) = rows.last_mut() {
            let mut spans = std::mem::take(&mut last.spans);
            let used = spans.iter().map(Span::width).sum::<usize>();
            let mark = if used + 2 <= width { " …" } else { "…" };
            while spans.iter().map(Span::width).sum::<usize>() + mark.chars().count() > width {
                let Some(mut span) = spans.pop() else { break };
                let mut text = span.content.into_owned();
                text.pop();
                if !text.is_empty() {
                    span.content = text.into();
                    spans.push(span);
                }
            }
            spans.push(Span::raw(mark));
            *last = Line::from(spans);
        }
    }
    rows
}

/// `▼ 2 more` and `▲ 2 more`: rows left out below and above.
pub fn more_below(n: usize, style: Style) -> Line<'static> {
    Line::styled(format!("▼ {n} more"), style)
}

pub fn more_above(n: usize, style: Style) -> Line<'static> {
    Line::styled(format!("▲ {n} more"), style)
}

/// The first rows that fit in `height`, with `▼ N more` in the last row
/// when some are left out.
pub fn top(mut rows: Vec<Line<'static>>, height: usize, mark: Style) -> Vec<Line<'static>> {
    if rows.len() <= height {
        return rows;
    }
    let shown = height.saturating_sub(1);
    let left = rows.len() - shown;
    rows.truncate(shown);
    if height > 0 {
        rows.push(more_below(left, mark));
    }
    rows
}

/// The rows that fit in `height` with the rows of `focus` among them,
/// marked `▲ N more` / `▼ N more` where rows are left out.
pub fn around(
    rows: Vec<Line<'static>>,
    height: usize,
    focus: Range<usize>,
    mark: Style,
) -> Vec<Line<'static>> {
    let total = rows.len();
    if total <= height || height < 3 {
        return top(rows, height, mark);
    }
    let start = if focus.end < height {
        0
    } else {
        // A mark above and, unless the end is reached, one below.
        let start = focus.end.saturating_sub(height - 2);
        start.min(total - (height - 1))
    };
    let avail = height - usize::from(start > 0);
    let below = total - start > avail;
    let shown = if below { avail - 1 } else { avail };
    let mut out = Vec::with_capacity(height);
    if start > 0 {
        out.push(more_above(start, mark));
    }
    out.extend(rows.into_iter().skip(start).take(shown));
    if below {
        out.push(more_below(total - start - shown, mark));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(rows: &[Line<'_>]) -> Vec<String> {
        rows.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    #[test]
    fn lines_break_at_spaces_and_long_words_where_they_must() {
        let line = Line::from(vec![Span::raw("  ✓ calling "), Span::raw("hours: inside")]);
        assert_eq!(text(&wrap(&line, 14)), ["  ✓ calling", "hours: inside"]);
        assert_eq!(text(&wrap(&Line::raw("abcdefgh ij"), 4)), ["abcd", "efgh", "ij"]);
        assert_eq!(text(&wrap(&Line::raw(""), 4)), [""]);
        // A no-break space keeps an entry whole.
        assert_eq!(text(&wrap(&Line::raw("a b\u{a0}c"), 4)), ["a", "b\u{a0}c"]);
    }

    #[test]
    fn a_note_is_cut_after_its_rows_with_an_ellipsis() {
        let rows = wrap_at_most(&Line::raw("one two three four five"), 9, 2);
        assert_eq!(text(&rows), ["one two", "three …"]);
        assert!(rows.iter().all(|r| r.width() <= 9));
    }

    #[test]
    fn the_rows_around_the_focus_are_shown_with_marks() {
        let rows: Vec<Line<'static>> = (0..10).map(|i| Line::raw(format!("r{i}"))).collect();
        let s = Style::default();
        assert_eq!(text(&around(rows.clone(), 5, 0..1, s)), ["r0", "r1", "r2", "r3", "▼ 6 more"]);
        assert_eq!(
            text(&around(rows.clone(), 5, 5..6, s)),
            ["▲ 3 more", "r3", "r4", "r5", "▼ 4 more"]
        );
        assert_eq!(text(&around(rows.clone(), 5, 9..10, s)), ["▲ 6 more", "r6", "r7", "r8", "r9"]);
        assert_eq!(text(&top(rows, 3, s)), ["r0", "r1", "▼ 8 more"]);
    }
}
