//! Word wrapping for the body prose, measured with whatever width function
//! the caller passes (the font's advance widths in the PDF; a character
//! count in the tests).

/// Splits `line` into lines no wider than `max_width`, breaking between
/// words. A word wider than a whole line is broken between characters, so
/// nothing ever runs past the margin.
pub fn wrap(line: &str, max_width: f32, width: impl Fn(&str) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in line.split_whitespace() {
        let candidate =
            if current.is_empty() { word.to_string() } else { format!("{current} {word}") };
        if width(&candidate) <= max_width {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if width(word) <= max_width {
            current = word.to_string();
        } else {
            let mut pieces = break_word(word, max_width, &width);
            current = pieces.pop().unwrap_or_default();
            lines.extend(pieces);
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// `text` cut to fit `max_width`, ending in an ellipsis when anything was
/// cut (for a table cell, where wrapping would break the row grid).
pub fn fit(text: &str, max_width: f32, width: impl Fn(&str) -> f32) -> String {
    if width(text) <= max_width {
        return text.to_string();
    }
    let mut kept = String::new();
    for c in text.chars() {
        kept.push(c);
        if width(&format!("{kept}…")) > max_width {
            kept.pop();
            break;
        }
    }
    format!("{kept}…")
}

/// A word too long for a line, in pieces that each fit (at least one
/// character per piece, so a very narrow width still makes progress).
fn break_word(word: &str, max_width: f32, width: &impl Fn(&str) -> f32) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut piece = String::new();
    for c in word.chars() {
        piece.push(c);
        if piece.chars().count() > 1 && width(&piece) > max_width {
            piece.pop();
            pieces.push(std::mem::take(&mut piece));
            piece.push(c);
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One unit per character: a monospace stand-in for the font.
    fn chars(s: &str) -> f32 {
        s.chars().count() as f32
    }

    #[test]
    fn short_line_is_left_as_it_is() {
        assert_eq!(wrap("Please pay today.", 40.0, chars), vec!["Please pay today."]);
    }

    #[test]
    fn breaks_between_words_at_the_width() {
        let lines = wrap("the quick brown fox jumps over the lazy dog", 15.0, chars);
        assert_eq!(lines, vec!["the quick brown", "fox jumps over", "the lazy dog"]);
        assert!(lines.iter().all(|l| chars(l) <= 15.0));
    }

    #[test]
    fn a_word_exactly_the_width_fits() {
        assert_eq!(wrap("abcde fghij", 5.0, chars), vec!["abcde", "fghij"]);
    }

    #[test]
    fn runs_of_spaces_collapse_to_one() {
        assert_eq!(wrap("  pay    now  ", 20.0, chars), vec!["pay now"]);
    }

    #[test]
    fn an_overlong_word_is_broken_between_characters() {
        let lines = wrap("see https://example.com/pay/abcdef now", 10.0, chars);
        assert_eq!(lines, vec!["see", "https://ex", "ample.com/", "pay/abcdef", "now"]);
    }

    #[test]
    fn an_empty_line_stays_one_empty_line() {
        assert_eq!(wrap("", 10.0, chars), vec![String::new()]);
    }

    #[test]
    fn wrapping_uses_the_width_function_not_the_character_count() {
        // 'W' is three units wide, everything else one.
        let wide = |s: &str| s.chars().map(|c| if c == 'W' { 3.0 } else { 1.0 }).sum::<f32>();
        assert_eq!(wrap("WWW ab", 9.0, wide), vec!["WWW", "ab"]);
        assert_eq!(wrap("www ab", 9.0, wide), vec!["www ab"]);
    }

    #[test]
    fn fit_keeps_text_that_fits_and_cuts_text_that_does_not() {
        assert_eq!(fit("INV-1", 5.0, chars), "INV-1");
        assert_eq!(fit("INV-2026-0001", 8.0, chars), "INV-202…");
        assert!(chars(&fit("INV-2026-0001", 8.0, chars)) <= 8.0);
    }
}
