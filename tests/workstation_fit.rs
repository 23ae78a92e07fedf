//! The workstation fits at 140×42 and at 80×24 (issue 11, items 14 and
//! 15): the account header keeps the debtor's local time and what is
//! overdue and shows the next contact whole where there is room; ages line
//! up; a row's flags are shortened or counted, never silently dropped.

mod common;

use chrono::Duration;
use common::keys::{region, screen};
use common::{clock, demo_book, moment, open_app};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use recoup::app::{App, Rules};
use recoup::domain::queue::QueueFilter;
use recoup::store::{Page, QueueKey, QueueScope, Store};
use rusqlite::Connection;

struct Desk {
    _dir: tempfile::TempDir,
    app: App,
    reference: String,
}

/// Alice's workstation on a debtor of hers with a broken promise and 90+
/// days' debt, a dispute opened, a next contact booked for Thursday 3 Dec
/// 10:00 (UTC), and bob on a call with it: every flag at once.
fn desk() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 40);
    let at = moment();
    let alice = store.agent_by_name("alice").unwrap().unwrap().id;
    let bob = store.agent_by_name("bob").unwrap().unwrap().id;
    let rows = store
        .queue_page(
            QueueScope::Mine(alice),
            QueueFilter::DueNow,
            Page::From(QueueKey::FIRST),
            100,
            at.now,
        )
        .unwrap();
    let row = rows
        .iter()
        .find(|r| r.ptp_broken && r.over_90 && !r.disputed && !r.do_not_call)
        .expect("a debtor with a broken promise and 90+ days' debt");
    let account = store.account(row.debtor_id(), alice).unwrap().unwrap();
    let invoice = account.invoices.iter().find(|i| i.balance.cents() > 0).unwrap();
    Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE debtors SET next_contact_at = '2026-12-03T10:00:00Z' WHERE id = ?1",
            [row.debtor_id()],
        )
        .unwrap();
    store.open_dispute(invoice.id, "price", "", alice, &at).unwrap();
    store.lease_for_precall(row.debtor_id(), bob, at.now - Duration::seconds(30)).unwrap();
    let reference = row.reference.clone();
    drop(store);

    let store = Store::open(&path).unwrap();
    let me = store.agent_by_name("alice").unwrap().unwrap();
    let mut app = open_app(store, me, Box::new(clock()), Rules::default(), false);
    let mut press = |code| {
        app.key(KeyEvent::new(code, KeyModifiers::NONE));
        app.settle();
    };
    press(KeyCode::Char('/'));
    for c in reference.chars() {
        press(KeyCode::Char(c));
    }
    press(KeyCode::Enter);
    Desk { _dir: dir, app, reference }
}

fn frame(desk: &mut Desk, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    desk.app.resize(recoup::ui::layout::queue_rows(Rect::new(0, 0, width, height)));
    terminal.draw(|f| recoup::ui::draw(f, &desk.app.model)).unwrap();
    terminal
}

fn areas(width: u16, height: u16) -> recoup::ui::layout::Areas {
    recoup::ui::layout::areas(Rect::new(0, 0, width, height))
}

/// Every age in the Invoices pane ends in the column where `Age` ends.
fn ages_line_up(t: &Terminal<TestBackend>, width: u16, height: u16) {
    let pane = region(t, areas(width, height).invoices);
    let lines: Vec<Vec<char>> = pane.lines().map(|l| l.chars().collect()).collect();
    let header = lines.iter().find(|l| l.iter().collect::<String>().contains(" Age")).unwrap();
    let text: String = header.iter().collect();
    let end = text.find("Age").map(|i| text[..i].chars().count() + 2).unwrap();
    let mut ages = 0;
    for line in lines.iter().filter(|l| l.iter().collect::<String>().contains("INV-")) {
        let row: String = line.iter().collect();
        // Payments (below the invoices) name invoices after an arrow.
        if row.contains("disputed") || row.contains('→') {
            continue;
        }
        let last = line[end];
        assert!(
            matches!(last, 'd' | 'y' | 'p') && line.get(end + 1).is_none_or(|c| *c == ' '),
            "the age does not end under `Age` (column {end}):\n{pane}"
        );
        ages += 1;
    }
    assert!(ages >= 2, "{pane}");
}

#[test]
fn at_140_by_42_everything_is_shown_whole() {
    let mut desk = desk();
    let t = frame(&mut desk, 140, 42);
    let header = region(&t, areas(140, 42).debtor);
    assert!(header.contains(&format!(" · {} · local ", desk.reference)), "{header}");
    assert!(header.contains("overdue "), "{header}");
    assert!(header.contains("Thu 03 Dec 10:00"), "the next contact whole:\n{header}");
    assert!(!header.contains('…'), "{header}");
    let queue = region(&t, areas(140, 42).queue);
    let row = queue.lines().find(|l| l.contains("on call: bob")).expect("bob's call shown");
    assert!(row.contains("disp"), "the dispute is not dropped: {row}");
    assert!(row.contains("90+") && row.contains("PTP"), "{row}");
    ages_line_up(&t, 140, 42);
    insta::assert_snapshot!("workstation_fit_140x42", t.backend());
}

#[test]
fn at_80_by_24_the_local_time_and_the_overdue_figure_stay() {
    let mut desk = desk();
    let t = frame(&mut desk, 80, 24);
    let s = screen(&t);
    assert!(!s.contains("too small"), "{s}");
    let header = region(&t, areas(80, 24).debtor);
    let zone = &desk.app.model.desk.account.as_ref().unwrap().debtor.timezone;
    let city = zone.rsplit('/').next().unwrap().replace('_', " ");
    let local = moment().now.with_timezone(&zone.parse::<chrono_tz::Tz>().unwrap());
    assert!(header.contains(&format!("{} {city}", local.format("%H:%M"))), "{header}");
    assert!(header.contains("overdue "), "{header}");
    let queue = region(&t, areas(80, 24).queue);
    let row = queue.lines().find(|l| l.contains("on call: bob")).expect("bob's call shown");
    assert!(
        row.contains("disp") || row.contains('+'),
        "hidden flags are counted, never dropped: {row}"
    );
    ages_line_up(&t, 80, 24);
    insta::assert_snapshot!("workstation_fit_80x24", t.backend());
}
