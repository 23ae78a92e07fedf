//! A header line of items joined by ` · ` that never drops one: when the
//! line is too narrow, items take their short labels (`balance` → `bal`),
//! then free text (names, the goal) is cut with `…`.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::text::{clean, fit, width};

const SEP: &str = " · ";

#[derive(Clone, Debug)]
pub struct Item {
    pub long: String,
    pub short: String,
    pub style: Style,
    /// Free text that may be cut with `…` as a last resort.
    pub cut: bool,
}

impl Item {
    /// Cleaned before it is measured: items hold data text.
    pub fn new(long: impl AsRef<str>, short: impl AsRef<str>, style: Style) -> Item {
        Item { long: clean(long.as_ref()), short: clean(short.as_ref()), style, cut: false }
    }

    /// One text at every width, cut last.
    pub fn text(text: impl AsRef<str>, style: Style) -> Item {
        let text = clean(text.as_ref());
        Item { long: text.clone(), short: text, style, cut: true }
    }

    pub fn cut(mut self) -> Item {
        self.cut = true;
        self
    }
}

fn total(texts: &[String]) -> usize {
    texts.iter().map(|t| width(t)).sum::<usize>() + width(SEP) * texts.len().saturating_sub(1)
}

/// The items in `columns` cells, after `lead` (spans drawn first, as they
/// are): long labels if they all fit, else short ones from the last item
/// back, else the free text cut, the widest first, down to the next.
pub fn line(lead: Vec<Span<'static>>, items: &[Item], columns: usize) -> Line<'static> {
    let room = columns.saturating_sub(lead.iter().map(Span::width).sum());
    let mut texts: Vec<String> = items.iter().map(|i| i.long.clone()).collect();
    for (i, item) in items.iter().enumerate().rev() {
        if total(&texts) <= room {
            break;
        }
        texts[i] = item.short.clone();
    }
    // Cut a cell at a time from the widest free text, so that two long
    // texts end up cut alike rather than one of them to nothing.
    let full = texts.clone();
    let mut widths: Vec<usize> = texts.iter().map(|t| width(t)).collect();
    while total(&texts) > room {
        let widest = (0..items.len())
            .filter(|&i| items[i].cut && widths[i] > 6)
            .max_by_key(|&i| (widths[i], std::cmp::Reverse(i)));
        let Some(i) = widest else { break };
        widths[i] -= 1;
        texts[i] = fit(&full[i], widths[i]);
    }
    let mut spans = lead;
    for (i, (item, text)) in items.iter().zip(texts).enumerate() {
        if i > 0 {
            spans.push(Span::raw(SEP));
        }
        spans.push(Span::styled(text, item.style));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(l: &Line<'_>) -> String {
        l.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn labels_shorten_before_text_is_cut_and_no_item_is_dropped() {
        let s = Style::default();
        let items = [
            Item::text("Northwind Traders Ltd", s),
            Item::new("balance 12,400.00", "bal 12,400.00", s),
            Item::new("overdue 9,800.00", "od 9,800.00", s),
        ];
        let wide = line(Vec::new(), &items, 80);
        assert_eq!(shown(&wide), "Northwind Traders Ltd · balance 12,400.00 · overdue 9,800.00");
        let narrower = line(Vec::new(), &items, 51);
        assert_eq!(shown(&narrower), "Northwind Traders Ltd · bal 12,400.00 · od 9,800.00");
        let narrower = line(Vec::new(), &items, 50);
        assert_eq!(shown(&narrower), "Northwind Traders L… · bal 12,400.00 · od 9,800.00");
        let narrow = line(vec![Span::raw("ON ")], &items, 40);
        assert_eq!(shown(&narrow), "ON Northw… · bal 12,400.00 · od 9,800.00");
        assert!(narrow.width() <= 40);
        // Two free texts are cut alike.
        let two =
            [Item::text("Northwind Traders Ltd", s), Item::text("Goal: PTP 2,000 by Friday", s)];
        assert_eq!(shown(&line(Vec::new(), &two, 33)), "Northwind Trad… · Goal: PTP 2,00…");
    }
}
