//! The PDF of a letter, read back with lopdf: what a reader (and a text
//! extractor, through the fonts' ToUnicode maps) finds in it.

use lopdf::{Document, ObjectId};
use recoup::domain::Money;
use recoup::domain::letters::{Channel, LetterInvoice, Paper, Remittance, Rendered};
use recoup::pdf::letter_pdf;

fn invoice(i: usize) -> LetterInvoice {
    let cents = 12_345 + (i as i64) * 104_729;
    LetterInvoice {
        number: format!("INV-{:05}", 10_000 + i),
        issued: format!("2026-{:02}-{:02}", 1 + i % 9, 1 + i % 28),
        due: format!("2026-{:02}-{:02}", 2 + i % 9, 1 + i % 28),
        days_overdue: 90 - i as i64,
        amount: Money(cents),
        open: Money(cents - (i as i64 % 3) * 1_000),
        disputed: i == 1,
    }
}

fn letter(invoices: usize) -> Rendered {
    let invoices: Vec<LetterInvoice> = (0..invoices).map(invoice).collect();
    let due: Money = invoices.iter().map(|i| i.open).sum();
    let disputed: Money = invoices.iter().filter(|i| i.disputed).map(|i| i.open).sum();
    Rendered {
        template: "statement".into(),
        title: "Statement".into(),
        subject: "Statement of account NW-00042".into(),
        channel: Channel::Letter,
        sender: vec![
            "Acme Supplies Ltd".into(),
            "1 Mill Lane".into(),
            "Leeds LS1 4AB".into(),
            "accounts@acme.example".into(),
            "0113 496 0000".into(),
        ],
        recipient: vec![
            "Northwind Trading Ltd".into(),
            "Attn: Jo Bloggs".into(),
            "22 Harbour Road".into(),
            "Hull HU1 2AA".into(),
        ],
        date: "2 December 2026".into(),
        reference: "NW-00042".into(),
        body: "Dear Jo Bloggs,\n\nOur records show the invoices below as open on your account. \
               Several of them are now well past their due date, and we would be grateful if \
               you could arrange payment of the balance within seven days of the date of this \
               letter, quoting your reference.\n\nIf you have already paid, please accept our \
               thanks and disregard this statement. If you believe any amount is not owed, \
               reply to this letter and tell us which invoice and why.\n\nYours sincerely,\n\
               Credit Control"
            .into(),
        invoices,
        totals: vec![("Disputed".into(), disputed), ("Total due".into(), due)],
        remittance: Some(Remittance {
            reference: "NW-00042".into(),
            amount_due: due,
            bank: vec![
                "Acme Supplies Ltd".into(),
                "Sort code 12-34-56".into(),
                "Account 12345678".into(),
                "IBAN GB33 BUKB 2020 1555 5555 55".into(),
            ],
        }),
    }
}

fn render(letter: &Rendered, paper: Paper) -> (Vec<u8>, Document) {
    let bytes = letter_pdf(letter, paper).expect("the letter renders");
    let doc = Document::load_mem(&bytes).expect("lopdf reads the PDF");
    (bytes, doc)
}

fn pages(doc: &Document) -> Vec<(u32, ObjectId)> {
    doc.get_pages().into_iter().collect()
}

fn page_text(doc: &Document, page: u32) -> String {
    doc.extract_text(&[page]).expect("text extracts")
}

fn all_text(doc: &Document) -> String {
    let numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&numbers).expect("text extracts")
}

fn media_box(doc: &Document, page: ObjectId) -> Vec<f32> {
    let dict = doc.get_object(page).and_then(|o| o.as_dict()).expect("a page dictionary");
    let array = dict.get(b"MediaBox").and_then(|o| o.as_array()).expect("a MediaBox");
    array.iter().map(|n| n.as_float().expect("a number")).collect()
}

fn assert_box(actual: &[f32], expected: [f32; 4]) {
    assert_eq!(actual.len(), 4, "{actual:?}");
    for (a, e) in actual.iter().zip(expected) {
        assert!((a - e).abs() < 0.05, "MediaBox {actual:?}, expected {expected:?}");
    }
}

#[test]
fn a_three_invoice_statement_is_one_page_holding_every_figure() {
    let letter = letter(3);
    let (bytes, doc) = render(&letter, Paper::A4);
    assert!(bytes.starts_with(b"%PDF"));
    assert_eq!(pages(&doc).len(), 1);

    let text = all_text(&doc);
    for invoice in &letter.invoices {
        assert!(text.contains(&invoice.number), "{} missing from:\n{text}", invoice.number);
        assert!(text.contains(&invoice.open.format()), "{} missing", invoice.open);
    }
    let due = letter.totals[1].1.format();
    assert_eq!(due, "3,482.22");
    assert!(text.contains("Total due"), "{text}");
    assert!(text.contains(&due), "total due {due} missing from:\n{text}");
    assert!(text.contains("Reference: NW-00042"), "{text}");
    assert!(text.contains("INV-10001 (disputed)"), "{text}");
    assert!(!text.contains("INV-10000 (disputed)"), "{text}");
    assert!(text.contains("Remittance advice"), "{text}");
    assert!(text.contains("Sort code 12-34-56"), "{text}");
    assert!(text.contains("Page 1 of 1"), "{text}");
}

#[test]
fn a4_and_letter_pages_have_their_own_media_box() {
    let letter = letter(3);
    let (_, a4) = render(&letter, Paper::A4);
    let (_, us) = render(&letter, Paper::Letter);
    assert_box(&media_box(&a4, pages(&a4)[0].1), [0.0, 0.0, 595.28, 841.89]);
    assert_box(&media_box(&us, pages(&us)[0].1), [0.0, 0.0, 612.0, 792.0]);
}

#[test]
fn one_letter_is_small_because_its_fonts_are_subsetted() {
    for paper in [Paper::A4, Paper::Letter] {
        let (bytes, _) = render(&letter(3), paper);
        // The two DejaVu faces alone are 1.4 MB; subsetted they are a few KB.
        assert!(bytes.len() < 100_000, "{paper:?}: {} bytes", bytes.len());
    }
    let (bytes, _) = render(&letter(120), Paper::A4);
    assert!(bytes.len() < 100_000, "120 invoices: {} bytes", bytes.len());
}

// 120 invoices. A page's content runs from its top margin (18 mm) to the
// content bottom (20 mm): 841.9 - 51.0 - 56.7 = 734.2 pt on A4, 792 - 51.0 -
// 56.7 = 684.3 pt on Letter. The table's header takes 17 pt, a row 13.5 pt.
//
// Page 1 spends 362 pt before the header: the sender (12 + 4 x 11.5 = 58),
// a gap (21), the address (4 x 13 = 52), a gap (21), date and reference (26),
// a gap (14), the subject (16), a gap (7), the prose (7 lines x 14 = 98, plus
// 4 paragraph gaps x 7 = 28, at both widths) and a gap (7). That leaves
// (734.2 - 362 - 17) / 13.5 = 26.3 -> 26 rows on A4 and
// (684.3 - 362 - 17) / 13.5 = 22.6 -> 22 on Letter.
// A continuation page holds (734.2 - 17) / 13.5 = 53.1 -> 53 rows on A4 and
// (684.3 - 17) / 13.5 = 49.4 -> 49 on Letter.
// Under the last row the totals need 3.5 + 14 + 15 = 32.5 pt and the slip
// 78 pt plus a 14 pt gap. The last two rows go with the totals, so those
// never start a page alone: they need 2 x 13.5 + 32.5 = 59.5 pt.
//
// A4: 26 + 53 = 79, so 41 rows on page 3: 17 + 41 x 13.5 + 2 + 32.5 + 92 =
// 697 <= 734.2 pt, three pages.
// Letter: 22 + 49 = 71; page 3 could take the other 49 (17 + 49 x 13.5 =
// 678.5 of 684.3 pt) but not the totals, so after 47 rows (651.5 pt, 32.8
// left < 59.5) the last two go with the totals and the slip onto a fourth.
const A4_ROWS: [usize; 3] = [26, 53, 41];
const LETTER_ROWS: [usize; 4] = [22, 49, 47, 2];

/// The invoice numbers on a page, in the order the text gives them.
fn invoice_numbers(text: &str) -> Vec<String> {
    text.split_whitespace().filter(|w| w.starts_with("INV-")).map(String::from).collect()
}

#[test]
fn many_invoices_flow_onto_further_pages_with_the_header_repeated() {
    let letter = letter(120);
    for (paper, rows) in [(Paper::A4, &A4_ROWS[..]), (Paper::Letter, &LETTER_ROWS[..])] {
        let (_, doc) = render(&letter, paper);
        let pages = pages(&doc);
        assert_eq!(pages.len(), rows.len(), "{paper:?}");

        let mut seen = Vec::new();
        for (i, (number, page)) in pages.iter().enumerate() {
            let text = page_text(&doc, *number);
            assert!(
                text.contains(&format!("Page {} of {}", i + 1, rows.len())),
                "{paper:?} page {}:\n{text}",
                i + 1
            );
            assert_box(
                &media_box(&doc, *page),
                match paper {
                    Paper::A4 => [0.0, 0.0, 595.28, 841.89],
                    Paper::Letter => [0.0, 0.0, 612.0, 792.0],
                },
            );
            let numbers = invoice_numbers(&text);
            assert_eq!(numbers.len(), rows[i], "{paper:?} page {}: {numbers:?}", i + 1);
            if !numbers.is_empty() {
                assert!(text.contains("Days overdue"), "{paper:?} page {} has no header", i + 1);
            }
            let last = i + 1 == rows.len();
            assert_eq!(text.contains("Remittance advice"), last, "{paper:?} page {}", i + 1);
            assert_eq!(text.contains("Total due"), last, "{paper:?} page {}", i + 1);
            seen.extend(numbers);
        }
        let expected: Vec<String> = letter.invoices.iter().map(|i| i.number.clone()).collect();
        assert_eq!(seen, expected, "{paper:?}: every invoice once, in order");
        let text = all_text(&doc);
        assert!(text.contains(&letter.totals[1].1.format()), "{paper:?}");
    }
}
