//! The template's prose: paragraphs separated by blank lines, each line of
//! a paragraph kept (a sign-off's name stays under "Yours faithfully,") and
//! wrapped to the text width.

use super::geometry::PARAGRAPH_GAP;
use super::pages::Pages;
use super::style::BODY;
use super::wrap::wrap;

pub fn draw(pages: &mut Pages, body: &str) {
    let width = pages.size.right() - pages.size.left();
    for paragraph in paragraphs(body) {
        for line in paragraph {
            for wrapped in wrap(line, width, |s| pages.width(BODY, s)) {
                pages.line(pages.size.left(), BODY, &wrapped);
            }
        }
        pages.advance(PARAGRAPH_GAP);
    }
}

/// The body's paragraphs, each a list of its lines; blank lines (however
/// many, and with or without spaces) separate paragraphs.
pub fn paragraphs(body: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in body.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line.trim_end());
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_separate_paragraphs_and_single_breaks_are_kept() {
        let body = "Dear Sir,\n\nYour account is overdue.\nPlease pay.\n \n\n\nYours faithfully,\nAccounts\n";
        assert_eq!(
            paragraphs(body),
            vec![
                vec!["Dear Sir,"],
                vec!["Your account is overdue.", "Please pay."],
                vec!["Yours faithfully,", "Accounts"],
            ]
        );
    }

    #[test]
    fn an_empty_body_has_no_paragraphs() {
        assert!(paragraphs("").is_empty());
        assert!(paragraphs("\n  \n").is_empty());
    }
}
