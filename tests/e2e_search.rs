//! Search by invoice number, end to end (issue 11, item 4): the customer
//! quotes an invoice, `/INV-…`, Enter, Tab lands on that invoice; `Esc`
//! from the search puts the queue back where it was.

mod common;

use std::time::Duration;

use common::pty::Pty;
use common::{alice_due_now, demo_book};

const WAIT: Duration = Duration::from_secs(10);

/// The row of the screen the queue's selection marker is on, and the ref
/// in the account header (once the account is read).
fn selection(pty: &Pty, reference: &str) -> usize {
    pty.wait_for(&format!(" · {reference} · "), WAIT);
    let screen = pty.screen();
    screen.lines().position(|l| l.contains("│▶ ")).expect("a selected row")
}

#[test]
fn a_quoted_invoice_number_selects_that_invoice_and_esc_returns_to_the_queue_row() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = demo_book(dir.path(), 60);
    let queue = alice_due_now(&store);
    let alice = store.agent_by_name("alice").unwrap().unwrap().id;
    // The fifth debtor, where the cursor will be; and a debtor with several
    // invoices, one of them quoted (not the first shown).
    let fifth = queue[4].reference.clone();
    let (quoted, number) = queue
        .iter()
        .skip(6)
        .find_map(|r| {
            let account = store.account(r.debtor_id(), alice).unwrap()?;
            let invoice = account.invoices.get(2)?;
            Some((r.reference.clone(), invoice.number.clone()))
        })
        .expect("a debtor with three invoices or more");
    drop(store);

    let db = path.to_str().unwrap();
    let env = [("RECOUP_NOW", common::NOW)];
    let mut pty = Pty::recoup(dir.path(), &["--db", db, "--agent", "alice"], &env, 140, 42);
    pty.wait_for("due now · 1 of", WAIT);
    pty.send(b"jjjj");
    pty.wait_for("due now · 5 of", WAIT);
    let row = selection(&pty, &fifth);

    // The customer quotes an invoice: search it, browse, Tab to Invoices.
    pty.send(b"/");
    pty.type_text(&number);
    pty.wait_for(&format!("1 debtor matches {:?}", number), WAIT);
    pty.send(b"\r");
    pty.wait_for(&format!("search {:?} · 1 of 1", number), WAIT);
    pty.wait_for(&format!(" · {quoted} · "), WAIT);
    pty.send(b"\t");
    // `d` acts on the selected invoice and names it.
    pty.send(b"d");
    let named =
        [format!("Dispute · invoice {number}"), format!("Resolve the dispute on invoice {number}")];
    let deadline = std::time::Instant::now() + WAIT;
    while !named.iter().any(|n| pty.screen().contains(n.as_str())) {
        assert!(std::time::Instant::now() < deadline, "{number} not selected:\n{}", pty.screen());
        std::thread::sleep(Duration::from_millis(10));
    }
    pty.send(b"\x1b");
    pty.send(b"\x1b");

    // Esc from the results: the fifth row again, on the same screen row.
    pty.wait_for("due now · 5 of", WAIT);
    assert_eq!(selection(&pty, &fifth), row, "{}", pty.screen());

    // Esc from the search line itself, with results shown.
    pty.send(b"/");
    pty.type_text(&quoted);
    pty.wait_for(&format!("1 debtor matches {:?}", quoted), WAIT);
    pty.send(b"\x1b");
    pty.wait_for("due now · 5 of", WAIT);
    assert_eq!(selection(&pty, &fifth), row, "{}", pty.screen());
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), 0);
}
