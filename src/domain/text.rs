//! Text that came from data, made safe for where it goes: a terminal (no
//! control or bidi-override characters; width in cells) or a spreadsheet
//! (no formulas).

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// What an unsafe character is drawn as.
pub const MARK: char = '\u{FFFD}';

/// Characters that reorder the text around them (embeddings, overrides and
/// isolates): invisible, and able to make a line read differently from what
/// it holds.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// C0 and C1 controls, DEL, and the bidi embeddings, overrides and isolates.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// The first unsafe character of `text`, if any.
pub fn first_unsafe(text: &str) -> Option<char> {
    // Most text is printable ASCII: no need to decode it.
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return None;
    }
    text.chars().find(|c| is_unsafe(*c))
}

/// The first unsafe character of a multi-line text (a note) that is not a
/// line break or a tab, with its place (1-based, in characters).
pub fn first_unsafe_in_lines(text: &str) -> Option<(usize, char)> {
    first_unsafe(text)?;
    text.chars()
        .enumerate()
        .find(|(_, c)| is_unsafe(*c) && !matches!(c, '\n' | '\r' | '\t'))
        .map(|(i, c)| (i + 1, c))
}

/// A short name for an unsafe character, for messages: `U+0000 (NUL)`.
pub fn describe(c: char) -> String {
    let name = match c {
        '\0' => Some("NUL"),
        '\t' => Some("tab"),
        '\n' | '\r' => Some("line break"),
        '\x1b' => Some("ESC"),
        '\x7f' => Some("DEL"),
        c if is_bidi_control(c) => Some("bidi override"),
        _ => None,
    };
    match name {
        Some(name) => format!("{} ({name})", code_point(c)),
        None => code_point(c),
    }
}

/// `text` for one line of a terminal: every control character (C0, C1, DEL,
/// including line breaks and tabs) and every bidi override is replaced by
/// `MARK`, so nothing in data can move the cursor, set a title, hide a link
/// or reorder what is shown, and the agent sees that something was there.
pub fn clean(text: &str) -> Cow<'_, str> {
    if first_unsafe(text).is_none() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| if is_unsafe(c) { MARK } else { c }).collect())
}

/// The lines of a multi-line text (a note), each cleaned.
pub fn clean_lines(text: &str) -> impl Iterator<Item = Cow<'_, str>> {
    lines(text).map(clean)
}

/// Whether a line ends at byte `i` of `bytes`. A line ends at an LF, a CRLF
/// (at its LF) or a lone CR, as editors count them: every file and text
/// recoup reads counts its lines by this one rule.
pub fn ends_line(bytes: &[u8], i: usize) -> bool {
    match bytes.get(i) {
        Some(b'\n') => true,
        Some(b'\r') => bytes.get(i + 1) != Some(&b'\n'),
        _ => false,
    }
}

/// `text` with every line end an LF (a CRLF or a lone CR becomes one).
pub fn unix_newlines(text: &str) -> Cow<'_, str> {
    if !text.contains('\r') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\r' {
            out.push_str(&text[from..i]);
            if ends_line(bytes, i) {
                out.push('\n');
            }
            from = i + 1;
        }
    }
    out.push_str(&text[from..]);
    Cow::Owned(out)
}

/// The lines of `text`, without their line ends (see `ends_line`); like
/// `str::lines`, a last line end adds no empty line.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut from = 0;
    let mut ends = (0..bytes.len()).filter(move |i| ends_line(bytes, *i));
    std::iter::from_fn(move || {
        if from >= text.len() {
            return None;
        }
        let Some(end) = ends.next() else {
            let last = &text[from..];
            from = text.len();
            return Some(last);
        };
        // A CRLF's CR is part of the line end, not of the line.
        let cut = if bytes[end] == b'\n' && end > from && bytes[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        let line = &text[from..cut];
        from = end + 1;
        Some(line)
    })
}

/// How to name an unsafe character in a message: `U+001B`.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// A value quoted in a message: cleaned, and cut to 60 columns so a
/// megabyte of junk does not become a megabyte of error.
pub fn quote(text: &str) -> String {
    format!("\"{}\"", fit(text, 60))
}

/// Columns `text` takes on a terminal, grapheme by grapheme as ratatui
/// draws it (CJK and most emoji take two).
pub fn width(text: &str) -> usize {
    text.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// `text`, cleaned and cut to at most `columns` columns, ending with `…`
/// when cut.
pub fn fit(text: &str, columns: usize) -> String {
    let text = clean(text);
    if width(&text) <= columns {
        return text.into_owned();
    }
    if columns == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = g.width();
        if used + w > columns - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// `text` cleaned, cut and padded with spaces to exactly `columns` columns.
pub fn pad(text: &str, columns: usize) -> String {
    let mut out = fit(text, columns);
    // A wide character that does not fit leaves one column short.
    let short = columns.saturating_sub(width(&out));
    out.extend(std::iter::repeat_n(' ', short));
    out
}

/// Like `pad`, with the spaces on the left.
pub fn pad_left(text: &str, columns: usize) -> String {
    let fitted = fit(text, columns);
    let short = columns.saturating_sub(width(&fitted));
    format!("{}{fitted}", " ".repeat(short))
}

/// A cell for a spreadsheet: text that a spreadsheet would read as a
/// formula (starting, perhaps after spaces, with `=` `+` `-` `@`, a tab or
/// a carriage return) gets a leading `'`, as OWASP advises against CSV
/// injection. A plain number (`-12.50`, `+44 20 7946 0958`) stays as it is.
pub fn spreadsheet_cell(text: &str) -> Cow<'_, str> {
    let start = text.trim_start_matches(' ');
    let risky = start.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if !risky || is_plain_number(start) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(format!("'{text}"))
}

/// A sign, then digits with the spaces, dots, commas, dashes and brackets
/// that numbers and phone numbers are written with.
fn is_plain_number(text: &str) -> bool {
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    body.bytes().any(|b| b.is_ascii_digit())
        && body.bytes().all(|b| b.is_ascii_digit() || b" .,()-".contains(&b))
}

/// The 1-based line and column (in characters) of a byte offset in `text`,
/// as an editor shows them: for pointing at a place in a TOML file.
pub fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let bytes = text.as_bytes();
    let (count, last) =
        (0..at).filter(|i| ends_line(bytes, *i)).fold((0, None), |(n, _), i| (n + 1, Some(i)));
    let start = last.map_or(0, |i| i + 1);
    (count + 1, text[start..at].chars().count() + 1)
}

/// `1 problem`, `2 problems`.
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `A`, `A and B`, `A, B and C`.
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_may_hold_line_breaks_and_tabs_but_no_other_control() {
        assert_eq!(first_unsafe_in_lines("plain"), None);
        assert_eq!(first_unsafe_in_lines("a\nb\r\nc\td\re"), None);
        assert_eq!(first_unsafe_in_lines("ok\n\x1b[2J"), Some((4, '\x1b')));
        assert_eq!(first_unsafe_in_lines("bell\x07"), Some((5, '\x07')));
        assert_eq!(first_unsafe_in_lines("\0"), Some((1, '\0')));
        assert_eq!(first_unsafe_in_lines("é\u{202e}"), Some((2, '\u{202e}')));
    }

    #[test]
    fn control_characters_and_bidi_overrides_become_a_visible_mark() {
        assert_eq!(clean("Acme Ltd"), "Acme Ltd");
        assert!(matches!(clean("Acme Ltd"), Cow::Borrowed(_)));
        // An OSC title sequence, a BEL, a newline, a tab, DEL and a C1 CSI.
        assert_eq!(clean("\x1b]0;pwned\x07"), "�]0;pwned�");
        assert_eq!(clean("a\nb\tc\x7fd\u{9b}e"), "a�b�c�d�e");
        // RIGHT-TO-LEFT OVERRIDE and FIRST STRONG ISOLATE.
        assert_eq!(clean("abc\u{202e}fdp.exe\u{2068}"), "abc�fdp.exe�");
        // Text in any script stays.
        assert_eq!(clean("株式会社 Ünïcode שלום 😀"), "株式会社 Ünïcode שלום 😀");
        assert_eq!(first_unsafe("ok\0"), Some('\0'));
        assert_eq!(code_point('\x1b'), "U+001B");
        assert_eq!(describe('\0'), "U+0000 (NUL)");
        assert_eq!(describe('\u{202e}'), "U+202E (bidi override)");
        assert_eq!(describe('\u{85}'), "U+0085");
    }

    #[test]
    fn notes_keep_their_lines_and_lose_the_rest() {
        let lines: Vec<_> = clean_lines("one\r\ntwo\x1b[2J\nthree").collect();
        assert_eq!(lines, ["one", "two�[2J", "three"]);
        // A lone CR ends a line too: it is not drawn as a mark.
        let lines: Vec<_> = clean_lines("one\rtwo\r\n").collect();
        assert_eq!(lines, ["one", "two"]);
    }

    #[test]
    fn a_line_ends_at_lf_crlf_or_a_lone_cr_and_nowhere_else() {
        let ends =
            |t: &str| (0..t.len()).filter(|i| ends_line(t.as_bytes(), *i)).collect::<Vec<_>>();
        assert_eq!(ends("a\nb\r\nc\rd"), [1, 4, 6]);
        assert_eq!(ends("\r\r\n"), [0, 2]);
        assert_eq!(ends("no end"), Vec::<usize>::new());
        assert_eq!(unix_newlines("a\r\nb\rc\nd\r"), "a\nb\nc\nd\n");
        assert!(matches!(unix_newlines("a\nb"), Cow::Borrowed("a\nb")));
        assert_eq!(unix_newlines("株\r\n式\r"), "株\n式\n");
        let split = |t| lines(t).collect::<Vec<_>>();
        assert_eq!(split("a\r\nb\rc\nd"), ["a", "b", "c", "d"]);
        assert_eq!(split("a\n\nb\n"), ["a", "", "b"]);
        assert_eq!(split("a\r"), ["a"]);
        assert_eq!(split(""), Vec::<&str>::new());
        // Splitting agrees with making the line ends LFs and splitting there.
        for t in ["a\r\nb\rc\nd", "x\n\n\r\ny\r", "", "\n", "one"] {
            assert_eq!(unix_newlines(t).lines().collect::<Vec<_>>(), split(t), "{t:?}");
        }
    }

    #[test]
    fn width_is_in_terminal_cells() {
        assert_eq!(width("Acme"), 4);
        assert_eq!(width("株式会社"), 8);
        assert_eq!(width("😀 ok"), 5);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(fit("株式会社山田", 7), "株式会…");
        assert_eq!(fit("Northwind Traders", 9), "Northwin…");
        assert_eq!(pad("株式", 6), "株式  ");
        // A wide character that would straddle the edge is left out.
        assert_eq!(pad("ab株式", 5), "ab株…");
        assert_eq!(width(&pad("a株式会社", 6)), 6);
        assert_eq!(pad_left("株", 4), "  株");
        assert_eq!(fit("x\x1b", 5), "x�");
    }

    #[test]
    fn quoted_values_are_clean_and_short() {
        assert_eq!(quote("a\0b"), "\"a�b\"");
        let long = "x".repeat(70_000);
        assert_eq!(quote(&long).chars().count(), 62);
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        for risky in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0",
            "  =1+1",
            "\t=1",
            "\r=1",
            "-",
        ] {
            assert_eq!(spreadsheet_cell(risky), format!("'{risky}"), "{risky}");
        }
        for plain in ["-12.50", "+44 20 7946 0958", "1,234.56", "Acme", "", "(555) 010-0199"] {
            assert_eq!(spreadsheet_cell(plain), plain, "{plain}");
        }
    }

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "a = 1\nbé = x\n";
        assert_eq!(line_and_column(text, 0), (1, 1));
        assert_eq!(line_and_column(text, 6), (2, 1));
        assert_eq!(line_and_column(text, 11), (2, 5));
        assert_eq!(line_and_column(text, 999), (3, 1));
        // Counted by the same line ends as everything else.
        assert_eq!(line_and_column("a\r\nb\rc", 3), (2, 1));
        assert_eq!(line_and_column("a\r\nb\rc", 5), (3, 1));
    }

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(counted(1, "problem", "problems"), "1 problem");
        assert_eq!(counted(0, "problem", "problems"), "0 problems");
        assert_eq!(counted(3, "debtor", "debtors"), "3 debtors");
    }
}
