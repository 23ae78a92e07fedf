//! `recoup report kpi` and the triage figures on a small book worked out by
//! hand (recoup issue 9, item 11): the last full month by default, the CSV
//! header as documented, and the same figures on the triage screen.

mod common;

use recoup::import::rules::new_debtor;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use chrono::{DateTime, Days, NaiveDate};
use common::keys::{Script, ctrl, key, screen};
use common::{csv_rows, recoup, stderr, stdout};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use recoup::app::Rules;
use recoup::app::layer::Layer;
use recoup::app::triage::PeriodView;
use recoup::clock::{FixedClock, Moment};
use recoup::domain::Money;
use recoup::domain::kpi::{PeriodChoice, tenths};
use recoup::domain::people::Role;
use recoup::store::{NewInvoice, NewPayment, Store};
use recoup::tui;

/// Wednesday 2 December 2026: the last full month is November.
const NOW: &str = "2026-12-02T10:00:00+00:00";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Two debtors (invoice: issued, due, amount; payments toward the oldest due):
/// - A: INV-1 issued 5 Oct, due 4 Nov, 10,000.00, 4,000.00 paid 10 Nov and
///   1,000.00 on 1 Dec; INV-2 issued 12 Nov, due 12 Dec, 6,000.00; INV-6
///   issued 1 Dec, due 31 Dec, 2,000.00.
/// - B: INV-3 issued 1 Sep, due 1 Oct, 5,000.00, paid in full 20 Nov; INV-4
///   issued 20 Nov, due 20 Dec, 1,000.00; INV-5 issued 31 Oct, due 30 Nov,
///   500.00 (due on the last day of November: not yet past due then).
///
/// November, 30 days:
/// - opening receivables (31 Oct): INV-1 10,000 + INV-3 5,000 + INV-5 500 = 15,500.00
/// - credit sales: INV-2 6,000 + INV-4 1,000 = 7,000.00; collected 9,000.00
/// - receivables (30 Nov): INV-1 6,000 + INV-2 6,000 + INV-4 1,000 + INV-5 500 = 13,500.00
/// - current (due 30 Nov or later): INV-2 + INV-4 + INV-5 = 7,500.00
/// - DSO = 13,500 / 7,000 × 30 = 57.857 → 57.9
/// - best DSO = 7,500 / 7,000 × 30 = 32.143 → 32.1
/// - ADD = 6,000 / 7,000 × 30 = 25.714 → 25.7 (rounded once: not 57.9 − 32.1)
/// - CEI = (15,500 + 7,000 − 13,500) / (15,500 + 7,000 − 7,500) = 9,000 / 15,000 = 60.0 %
fn book(dir: &Path) -> String {
    let path = dir.join("kpi.sqlite");
    let store = Store::open(&path).unwrap();
    let now = Moment { now: NOW.parse().unwrap(), today: d("2026-12-02") };
    let carol = store.resolve_agent("carol", now.now).unwrap();
    store.add_agent("alice", Role::Agent, Some(carol.id), now.now).unwrap();
    let mut w = store.book_writer(now).unwrap();
    let debtors = [
        (
            "A",
            vec![
                ("INV-1", "2026-10-05", "2026-11-04", 1_000_000),
                ("INV-2", "2026-11-12", "2026-12-12", 600_000),
                ("INV-6", "2026-12-01", "2026-12-31", 200_000),
            ],
            vec![("2026-11-10", 400_000), ("2026-12-01", 100_000)],
        ),
        (
            "B",
            vec![
                ("INV-3", "2026-09-01", "2026-10-01", 500_000),
                ("INV-4", "2026-11-20", "2026-12-20", 100_000),
                ("INV-5", "2026-10-31", "2026-11-30", 50_000),
            ],
            vec![("2026-11-20", 500_000)],
        ),
    ];
    for (reference, invoices, payments) in debtors {
        let (id, _) = w.debtor(&new_debtor(reference, &format!("Debtor {reference}"))).unwrap();
        for (number, issued, due, cents) in invoices {
            let invoice = NewInvoice {
                number: number.into(),
                supplied_on: Some(d(issued) - Days::new(1)),
                issued_on: d(issued),
                due_on: d(due),
                amount: Money(cents),
                currency: "USD".into(),
                dispute: None,
            };
            w.invoice(id, invoice).unwrap();
        }
        for (on, cents) in payments {
            let reference = format!("{reference}-{on}");
            let payment = NewPayment {
                received_on: d(on),
                amount: Money(cents),
                invoice_number: None,
                reference,
            };
            w.payment(id, &payment).unwrap();
        }
    }
    w.finish().unwrap();
    path.to_str().unwrap().to_owned()
}

fn report(dir: &Path, db: &str, args: &[&str]) -> std::process::Output {
    recoup(dir)
        .env("RECOUP_NOW", NOW)
        .args(["--db", db, "report", "kpi"])
        .args(args)
        .output()
        .unwrap()
}

const HEADER: &str = "from,to,days,opening_receivables,credit_sales,collected,receivables,current,dso,best_dso,add,cei";

#[test]
fn report_kpi_defaults_to_the_last_full_month_as_worked_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let out = report(dir.path(), &db, &["--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().next(), Some(HEADER));
    let rows = csv_rows(&text);
    assert_eq!(rows.len(), 2, "{text}");
    assert_eq!(
        rows[1],
        [
            "2026-11-01",
            "2026-11-30",
            "30",
            "15500.00",
            "7000.00",
            "9000.00",
            "13500.00",
            "7500.00",
            "57.9",
            "32.1",
            "25.7",
            "60.0"
        ]
    );

    // The same November asked for by its dates, as a table.
    let out = report(dir.path(), &db, &["--from", "2026-11-01", "--to", "2026-11-30"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(table.starts_with("Collection KPIs from 2026-11-01 to 2026-11-30 (30 days"), "{table}");
    assert!(
        table.contains("15,500.00") && table.contains("57.9") && table.contains("60.0%"),
        "{table}"
    );
}

#[test]
fn a_period_without_credit_sales_has_no_ratios_rather_than_infinite_ones() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    // 1 to 4 November: receivables, but nothing invoiced.
    let out =
        report(dir.path(), &db, &["--from", "2026-11-01", "--to", "2026-11-04", "--format", "csv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = csv_rows(&stdout(&out));
    assert_eq!(&rows[1][..5], ["2026-11-01", "2026-11-04", "4", "15500.00", "0.00"]);
    assert_eq!(&rows[1][8..11], ["", "", ""], "no DSO, best DSO or ADD without sales");
    // Nothing collected of the 15,500.00 open, 5,000.00 of it past due by the 4th
    // (INV-3 and the 10,000.00 of INV-1 due that day is current): 0 / 5,000.
    assert_eq!(rows[1][11], "0.0", "CEI still divides");
    let out = report(dir.path(), &db, &["--from", "2026-11-01", "--to", "2026-11-04"]);
    let table = stdout(&out);
    assert!(table.contains('—') && !table.contains("inf"), "{table}");
}

#[test]
fn report_kpi_refuses_a_period_that_is_not_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let out = report(dir.path(), &db, &["--from", "2026-11-10", "--to", "2026-11-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        "recoup: --from 2026-11-10 is after --to 2026-11-01; expected the first day of the period, then the last"
    );
    let out = report(dir.path(), &db, &["--to", "2026-12-03"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--to 2026-12-03 is after today (2026-12-02)"),
        "{}",
        stderr(&out)
    );
    let out = report(dir.path(), &db, &["--from", "30/11/2026"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("expected YYYY-MM-DD"), "{}", stderr(&out));
}

/// Triage, opened by the lead on the same day, shows the same figures.
fn triage(db: &str, keys: &[char]) -> (String, Vec<PeriodView>) {
    let store = Store::open(Path::new(db)).unwrap();
    let me = store.agent_by_name("carol").unwrap().unwrap();
    let clock = FixedClock::new(DateTime::parse_from_rfc3339(NOW).unwrap());
    let mut app = common::open_app(store, me, Box::new(clock), Rules::default(), false);
    let mut events: Vec<_> = keys.iter().map(|c| key(KeyCode::Char(*c))).collect();
    events.push(ctrl('c'));
    let mut terminal = Terminal::new(TestBackend::new(140, 42)).unwrap();
    tui::run(&mut terminal, &mut Script(events.into()), &mut app, &AtomicBool::new(false)).unwrap();
    let views = app
        .model
        .layers
        .iter()
        .find_map(|l| match l {
            Layer::Triage(t) => t.figures.as_ref().map(|f| f.periods.clone()),
            _ => None,
        })
        .expect("triage figures");
    (screen(&terminal), views)
}

#[test]
fn triage_and_report_kpi_agree_for_every_period() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let (shown, views) = triage(&db, &['L']);
    assert!(
        shown.contains("Collection KPIs · November 2026 (last full month, 2026-11-01 to 2026-11-30, 30 days) · as of 02 Dec 2026"),
        "{shown}"
    );
    let row = shown.lines().find(|l| l.contains("last full month  ")).unwrap();
    for part in
        ["2026-11-01 – 2026-11-30", "9,000.00", "57.9 days", "32.1 days", "25.7 days", "60.0%"]
    {
        assert!(row.contains(part), "lacks {part:?}: {row}");
    }
    assert!(shown.contains("month to date      2026-12-01 – 2026-12-02"), "{shown}");

    assert_eq!(views.len(), 3);
    for view in &views {
        let (from, to) = (view.period.from.to_string(), view.period.to.to_string());
        let out = report(dir.path(), &db, &["--from", &from, "--to", &to, "--format", "csv"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let row = &csv_rows(&stdout(&out))[1];
        let k = view.kpis();
        let f = &view.figures;
        let money = |m: Money| m.format_plain();
        let ratio = |v: Option<i64>| v.map(|_| tenths(v)).unwrap_or_default();
        let expected = [
            from.clone(),
            to.clone(),
            view.period.days().to_string(),
            money(f.opening_receivables),
            money(f.credit_sales),
            money(view.activity.collected),
            money(f.closing_receivables),
            money(f.closing_current),
            ratio(k.dso),
            ratio(k.best_dso),
            ratio(k.add),
            ratio(k.cei),
        ];
        assert_eq!(row[..], expected[..], "{:?}", view.choice);
    }
    let quarter = views.iter().find(|v| v.choice == PeriodChoice::LastThreeMonths).unwrap();
    assert_eq!((quarter.period.from, quarter.period.to), (d("2026-09-01"), d("2026-11-30")));
}

#[test]
fn p_cycles_the_triage_period_and_the_header_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let (shown, _) = triage(&db, &['L', 'p']);
    assert!(
        shown.contains("Collection KPIs · September – November 2026 (last 3 full months, 2026-09-01 to 2026-11-30, 91 days)"),
        "{shown}"
    );
    assert!(shown.contains("kept: September – November 2026 (last 3 full months)"), "{shown}");
    let (shown, _) = triage(&db, &['L', 'p', 'p']);
    assert!(
        shown.contains(
            "Collection KPIs · 1–2 December 2026 (month to date, 2026-12-01 to 2026-12-02, 2 days)"
        ),
        "{shown}"
    );
    assert!(shown.contains("last full month    2026-11-01 – 2026-11-30"), "{shown}");
    let (shown, _) = triage(&db, &['L', 'p', 'p', 'p']);
    assert!(
        shown.contains("Collection KPIs · November 2026 (last full month, 2026-11-01"),
        "{shown}"
    );
}
