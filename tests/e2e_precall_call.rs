//! End to end (issue 11): the pre-call plan shows the last three notes, the
//! terms and the last contacts whole, and names what is still to do; the
//! live call's header keeps every field at 80x24; `Ctrl-D` picks the
//! invoice from the call's open ones; the calm card restates the overdue
//! with the year. The real binary in a pseudo-terminal, on a demo book.

mod common;

use std::ops::Range;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use common::pty::Pty;
use common::{demo_book, exported};
use recoup::domain::Money;
use recoup::store::ExportKind;

const WAIT: Duration = Duration::from_secs(10);
/// Wednesday 25 November 2026, 09:00 in Chicago: inside calling hours.
const T0: &str = "2026-11-25T15:00:00+00:00";
/// Lakeside Manufacturing Corp (Chicago) of the demo book: an open plan of
/// three instalments, four notes, six open invoices.
const DEBTOR: &str = "ACC-10004";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn book(dir: &Path) -> String {
    let (path, store) = demo_book(dir, 12);
    drop(store);
    path.to_str().unwrap().to_owned()
}

/// The workstation as alice, with the debtor selected.
fn workstation(dir: &Path, db: &str, cols: u16, rows: u16) -> Pty {
    let mut pty =
        Pty::recoup(dir, &["--db", db, "--agent", "alice"], &[("RECOUP_NOW", T0)], cols, rows);
    pty.wait_for("My queue", WAIT);
    pty.send(b"/");
    pty.type_text(DEBTOR);
    pty.wait_for("1 found", WAIT);
    pty.send(b"\r");
    pty
}

type Row = std::collections::HashMap<String, String>;

/// The debtor's rows of an export, by column name.
fn rows(path: &str, kind: ExportKind) -> Vec<Row> {
    let all = exported(Path::new(path), kind);
    let header = all[0].clone();
    let debtor = if kind == ExportKind::Debtors { "ref" } else { "debtor_ref" };
    all[1..]
        .iter()
        .map(|r| header.iter().cloned().zip(r.iter().cloned()).collect::<Row>())
        .filter(|r| r[debtor] == DEBTOR)
        .collect()
}

fn money(text: &str) -> Money {
    Money::parse(text).unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// Ticks the required items, types the goal and the fallback offer, and
/// starts the call.
fn start_call(pty: &mut Pty, goal: &str, fallback: &str) {
    pty.send(b"c");
    pty.wait_for("Pre-call plan", WAIT);
    for keys in [&b" "[..], b"j", b" ", b"j", b"j", b"\r"] {
        pty.send(keys);
    }
    pty.type_text(goal);
    pty.send(b"\r");
    pty.send(b"j");
    pty.send(b"\r");
    pty.type_text(fallback);
    pty.send(b"\r");
    pty.send(b"j");
    pty.send(b" ");
    pty.send(b"\x13");
    pty.wait_for("ON CALL", WAIT);
}

/// The screen once `ok` holds for it (a frame may be half drawn when a
/// text first shows); panics with the screen after `WAIT`.
fn settled(pty: &Pty, what: &str, ok: impl Fn(&str) -> bool) -> String {
    let start = std::time::Instant::now();
    loop {
        let screen = pty.screen();
        if ok(&screen) {
            return screen;
        }
        assert!(start.elapsed() < WAIT, "{what}:\n{screen}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The screen's text in some columns, rows joined: wrapped text reads on.
fn words(screen: &str, rows: Range<usize>, cols: Range<usize>) -> String {
    let text: Vec<String> = screen
        .lines()
        .skip(rows.start)
        .take(rows.len())
        .map(|l| l.chars().skip(cols.start).take(cols.len()).collect())
        .collect();
    text.join(" ").replace(['│', '\u{a0}'], " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_call_header_keeps_every_field_at_80x24_and_the_calm_card_says_the_year() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let debtor = rows(&db, ExportKind::Debtors).remove(0);
    let invoices = rows(&db, ExportKind::Invoices);
    let open: Vec<_> = invoices.iter().filter(|i| money(&i["balance"]).cents() > 0).collect();
    let balance: Money = open.iter().map(|i| money(&i["balance"])).sum();
    let overdue: Money = open
        .iter()
        .filter(|i| date(&i["due_on"]) < today() && i["disputed"] == "no")
        .map(|i| money(&i["balance"]))
        .sum();
    let oldest = open.iter().min_by_key(|i| date(&i["due_on"])).unwrap();
    let age = (today() - date(&oldest["due_on"])).num_days();
    let promises = rows(&db, ExportKind::Promises);
    let mut open_promises: Vec<_> = promises.iter().filter(|p| p["status"] == "open").collect();
    open_promises.sort_by_key(|p| date(&p["due_on"]));
    assert_eq!(open_promises.len(), 3, "the demo debtor has an open plan");
    let next = open_promises[0];

    let mut pty = workstation(dir.path(), &db, 80, 24);
    start_call(&mut pty, "PTP 2,400 Mon", "3 x 800");
    let screen = settled(&pty, "the call's header", |s| s.contains("Fallback: 3 x 800"));
    let head = words(&screen, 1..4, 0..80);
    let role = format!("{} ({})", debtor["contact_name"], debtor["contact_role"]);
    let next_due = date(&next["due_on"]).format("%d %b").to_string();
    for field in [
        "ON CALL 00:",
        "Goal: PTP 2,400 Mon",
        "09:00 (Chicago)",
        role.as_str(),
        debtor["phone"].as_str(),
        &balance.format(),
        &overdue.format(),
        oldest["number"].as_str(),
        &format!("{age}d"),
        &money(&next["amount"]).format(),
        &next_due,
        "+2",
        "Fallback: 3 x 800",
    ] {
        assert!(head.contains(field), "{field:?} is not in the header:\n{screen}");
    }
    assert!(head.contains("Lakeside Manufact"), "{screen}");
    // Three lines, each within the 80 columns: nothing pushed off.
    assert!(screen.lines().nth(4).is_some_and(|l| l.starts_with("┌Notes")), "{screen}");

    // The calm card: the total overdue and the oldest invoice, its year.
    pty.send(b"\x05");
    let due = date(&oldest["due_on"]).format("%-d %B %Y");
    let said = format!(
        "So the total overdue is {}, and the oldest invoice is {} for {}, due on {due}.",
        overdue.format(),
        oldest["number"],
        money(&oldest["balance"]).format()
    );
    settled(&pty, &format!("{said:?} is not on the card"), |s| {
        s.contains("If it gets heated") && words(s, 4..23, 10..70).contains(&said)
    });
    pty.send(b"\x1b");
    pty.send(b"\x03");
    pty.wait_exit(WAIT);
}

#[test]
fn the_plan_shows_the_last_three_notes_the_terms_and_each_last_contact_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let debtor = rows(&db, ExportKind::Debtors).remove(0);
    let mut notes = rows(&db, ExportKind::Notes);
    notes.sort_by_key(|n| std::cmp::Reverse(n["created_at"].clone()));
    assert_eq!(notes.len(), 4, "the demo debtor has four notes");
    let mut pty = workstation(dir.path(), &db, 140, 42);
    pty.send(b"c");
    let stamp = |n: &Row| {
        let at: DateTime<Utc> = n["created_at"].parse().unwrap();
        format!("{} {}: ", at.format("%a %d %b %H:%M"), n["agent"])
    };
    let screen = settled(&pty, "the plan", |s| {
        s.contains("Automatic checks") && words(s, 5..41, 1..69).contains(&stamp(&notes[2]))
    });
    let left = words(&screen, 5..41, 1..69);
    for note in &notes[..3] {
        let shown = format!("{}{}", stamp(note), note["body"]);
        assert!(left.contains(&shown), "{shown:?} is not in the plan:\n{screen}");
    }
    assert!(!left.contains(&stamp(&notes[3])), "only the three newest:\n{screen}");
    // Newest first.
    let at = |n| left.find(&stamp(&notes[n])).unwrap();
    assert!(at(0) < at(1) && at(1) < at(2), "{screen}");
    let accepted = date(&debtor["terms_accepted_on"]).format("%d %b %Y");
    let terms = format!("Terms: Net {} · accepted {accepted}", debtor["terms_days"]);
    assert!(screen.contains(&terms), "{terms:?}:\n{screen}");

    // Each last contact on one row, never split between two.
    let entries: Vec<String> = rows(&db, ExportKind::Calls)
        .iter()
        .map(|call| {
            let at: DateTime<Utc> = call["started_at"].parse().unwrap();
            format!("{} {} {}", at.format("%a %d %b %H:%M"), call["outcome"], call["agent"])
        })
        .collect();
    assert_eq!(entries.len(), 4);
    settled(&pty, &format!("one of {entries:?} is split"), |s| {
        let plain = s.replace('\u{a0}', " ");
        plain.contains("Open invoices")
            && entries.iter().all(|e| plain.lines().any(|l| l.contains(e.as_str())))
    });
    pty.send(b"\x1b");
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);
}

#[test]
fn a_refused_start_names_what_is_still_to_do_and_goes_to_the_first_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let mut pty = workstation(dir.path(), &db, 80, 24);
    pty.send(b"c");
    pty.wait_for("Pre-call plan", WAIT);
    // The cursor on the last item; the first is ticked.
    pty.send(b" ");
    for _ in 0..5 {
        pty.send(b"j");
    }
    pty.wait_for("▶ [ ] If it gets heated", WAIT);
    pty.send(b"\x13");
    pty.wait_for(
        " Not started, still to do: Prior commitments and track record reviewed · +2 more",
        WAIT,
    );
    let screen = pty.screen();
    assert!(
        screen.lines().any(|l| l.contains("▶ [ ] Prior commitments and track")),
        "the cursor is on the first item still to do:\n{screen}"
    );
    assert!(!screen.contains("ON CALL"));
    // Doing it: the next one is named first.
    pty.send(b" ");
    pty.wait_for(" Not started, still to do: Goal for this call · +1 more", WAIT);
    pty.send(b"\x1b");
    pty.wait_for("Call not started", WAIT);
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);
}

#[test]
fn ctrl_d_on_a_call_picks_the_invoice_from_the_open_ones_and_disputes_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let invoices = rows(&db, ExportKind::Invoices);
    let mut open: Vec<_> = invoices.iter().filter(|i| money(&i["balance"]).cents() > 0).collect();
    open.sort_by_key(|i| date(&i["due_on"]));
    let mut pty = open_call(dir.path(), &db);

    // Esc leaves the picker, back on the call.
    pty.send(b"\x04");
    pty.wait_for("Dispute which invoice?", WAIT);
    pty.send(b"\x1b");
    pty.wait_for("Ctrl-D dispute", WAIT);
    assert!(!pty.screen().contains("Dispute which invoice?"));

    pty.send(b"\x04");
    let listed = |s: &str, i: &Row| {
        let row =
            format!("{} {}", date(&i["due_on"]).format("%d %b %Y"), money(&i["balance"]).format());
        s.lines().any(|l| {
            l.contains(i["number"].as_str())
                && l.split_whitespace().collect::<Vec<_>>().join(" ").contains(&row)
        })
    };
    let screen = settled(&pty, "the open invoices with due date and amount", |s| {
        s.contains("Dispute which invoice?") && open.iter().all(|i| listed(s, i))
    });
    assert!(screen.contains(&format!("▶ {}", open[0]["number"])), "oldest first:\n{screen}");
    // Typing narrows by number; Enter opens the dispute form on it.
    let pick = open[2]["number"].clone();
    pty.type_text(&pick[pick.len() - 3..]);
    pty.wait_for(&format!("▶ {pick}"), WAIT);
    let unpicked = format!("│  {}", open[0]["number"]);
    assert!(!pty.screen().contains(&unpicked), "narrowed:\n{}", pty.screen());
    pty.send(b"\r");
    pty.wait_for(&format!("Dispute · invoice {pick}"), WAIT);
    pty.type_text("price");
    pty.send(b"\t");
    pty.type_text("Quoted lower");
    pty.send(b"\x13");
    pty.wait_for("Invoice disputed (price)", WAIT);
    pty.wait_for("ON CALL", WAIT);
    pty.send(b"\x03");
    pty.wait_exit(WAIT);

    let disputed: Vec<String> = rows(&db, ExportKind::Invoices)
        .into_iter()
        .filter(|i| i["disputed"] == "yes")
        .map(|i| i["number"].clone())
        .collect();
    assert_eq!(disputed, [pick]);
}

fn open_call(dir: &Path, db: &str) -> Pty {
    let mut pty = workstation(dir, db, 140, 42);
    start_call(&mut pty, "PTP 2,400 Mon", "3 x 800");
    pty
}
