//! Letters to PDF: 1,000 statements of 12 invoices each, rendered to bytes
//! on one thread and on two (the target is under 20 s on 2 cores), then
//! criterion's figure for one statement. `cargo bench --bench letters_pdf`.

use std::time::{Duration, Instant};

use criterion::Criterion;
use recoup::domain::Money;
use recoup::domain::letters::{Channel, LetterInvoice, Paper, Remittance, Rendered};
use recoup::pdf::letter_pdf;

const STATEMENTS: usize = 1_000;
const INVOICES: usize = 12;

fn statement(n: usize) -> Rendered {
    let invoices: Vec<LetterInvoice> = (0..INVOICES)
        .map(|i| {
            let cents = 25_000 + ((n * 7919 + i * 104_729) % 2_500_000) as i64;
            LetterInvoice {
                number: format!("INV-{n:04}-{i:02}"),
                issued: format!("2026-{:02}-{:02}", 1 + i % 9, 1 + (n + i) % 28),
                due: format!("2026-{:02}-{:02}", 2 + i % 9, 1 + (n + i) % 28),
                days_overdue: 120 - (i as i64) * 10,
                amount: Money(cents),
                open: Money(cents - (i as i64 % 4) * 500),
                disputed: i == 3,
            }
        })
        .collect();
    let due: Money = invoices.iter().map(|i| i.open).sum();
    Rendered {
        template: "statement".into(),
        title: "Statement".into(),
        subject: format!("Statement of account D-{n:05}"),
        channel: Channel::Letter,
        sender: vec![
            "Acme Supplies Ltd".into(),
            "1 Mill Lane".into(),
            "Leeds LS1 4AB".into(),
            "accounts@acme.example".into(),
        ],
        recipient: vec![
            format!("Debtor {n} Trading Ltd"),
            "Accounts Payable".into(),
            format!("{} High Street", 1 + n % 200),
            "Sheffield S1 2AB".into(),
        ],
        date: "2 December 2026".into(),
        reference: format!("D-{n:05}"),
        body: "Dear Sir or Madam,\n\nOur records show the invoices below as open on your \
               account. Please arrange payment of the balance within seven days, quoting your \
               reference.\n\nIf you have already paid, please disregard this statement.\n\n\
               Yours faithfully,\nCredit Control"
            .into(),
        invoices,
        totals: vec![("Total due".into(), due)],
        remittance: Some(Remittance {
            reference: format!("D-{n:05}"),
            amount_due: due,
            bank: vec!["Sort code 12-34-56".into(), "Account 12345678".into()],
        }),
    }
}

/// Renders every letter on `threads` threads; the time and the total bytes.
fn render_all(letters: &[Rendered], threads: usize) -> (Duration, usize) {
    let started = Instant::now();
    let chunk = letters.len().div_ceil(threads);
    let bytes: usize = std::thread::scope(|s| {
        let workers: Vec<_> = letters
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|l| letter_pdf(l, Paper::A4).expect("renders").len())
                        .sum::<usize>()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().expect("worker")).sum()
    });
    (started.elapsed(), bytes)
}

fn main() {
    // `cargo bench` passes --bench; anything else (cargo test) skips the run.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let letters: Vec<Rendered> = (0..STATEMENTS).map(statement).collect();
    // The first letter parses the fonts; keep that out of the figures.
    let first = letter_pdf(&letters[0], Paper::A4).expect("renders");
    println!("one {INVOICES}-invoice statement: {} bytes", first.len());
    for threads in [1, 2] {
        let (took, bytes) = render_all(&letters, threads);
        println!(
            "{STATEMENTS} statements of {INVOICES} invoices on {threads} thread(s): {took:.2?} \
             ({:.2?} each, {:.1} MB in all)",
            took / STATEMENTS as u32,
            bytes as f64 / 1e6
        );
    }

    let mut c = Criterion::default().configure_from_args().sample_size(30);
    c.bench_function("letter_pdf_12_invoices", |b| {
        b.iter(|| letter_pdf(&letters[1], Paper::A4).expect("renders"))
    });
    c.final_summary();
}
