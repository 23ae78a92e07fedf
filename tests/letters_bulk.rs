//! `recoup letters send`: a lead's letter to a filter of debtors. Email where
//! the debtor has an address, a PDF where it has none; a dry run writes
//! nothing; a re-run the same day sends nothing twice unless `--again`; an
//! agent is refused.

mod common;

use std::path::Path;

use common::{cli_book, stderr, stdout};

fn send(dir: &Path, db: &str, agent: &str, extra: &[&str]) -> std::process::Output {
    let pdfs = dir.join("pdfs");
    let mut args = vec!["letters", "send", "reminder-firm", "--pdf-dir", pdfs.to_str().unwrap()];
    args.extend_from_slice(extra);
    cli_book::run(dir, db, agent, &args)
}

fn outbox_rows(dir: &Path, db: &str) -> Vec<String> {
    let out = cli_book::run(dir, db, "carol", &["outbox", "list", "--limit", "1000"]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).lines().skip(1).map(str::to_owned).collect()
}

#[test]
fn a_lead_writes_to_the_filter_by_email_or_pdf_once_a_day_unless_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli_book::demo(dir.path(), 12);
    // ACC-10003's contact has no email any more: it gets a PDF.
    let contacts = dir.path().join("contacts.csv");
    std::fs::write(&contacts, "debtor_ref,name,role,email,primary\nACC-10003,Ben Larsen,AP,,yes\n")
        .unwrap();
    let out = cli_book::run(
        dir.path(),
        &db,
        "carol",
        &["import", "contacts", contacts.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));

    let dry = send(dir.path(), &db, "carol", &["--filter", "overdue", "--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    let said = stdout(&dry);
    assert!(said.starts_with("Dry run: "), "{said}");
    assert!(said.contains("1 to save as PDF"), "{said}");
    let to_email: usize = said["Dry run: ".len()..].split(' ').next().unwrap().parse().unwrap();
    assert!(to_email >= 5, "{said}");
    assert!(outbox_rows(dir.path(), &db).is_empty(), "a dry run writes nothing");
    assert!(!dir.path().join("pdfs").exists(), "nor any PDF");

    let real = send(dir.path(), &db, "carol", &["--filter", "overdue"]);
    assert!(real.status.success(), "{}", stderr(&real));
    let said = stdout(&real);
    assert!(said.contains(&format!("{to_email} letters emailed")), "{said}");
    assert!(said.contains("1 saved as PDF"), "{said}");
    let rows = outbox_rows(dir.path(), &db);
    assert_eq!(rows.len(), to_email + 1, "{rows:?}");
    assert_eq!(rows.iter().filter(|r| r.contains(" queued ")).count(), to_email);
    let pdf = dir.path().join("pdfs/ACC-10003-reminder-firm-2026-11-25.pdf");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));

    // The same day again: nothing twice.
    let again = send(dir.path(), &db, "carol", &["--filter", "overdue"]);
    let said = stdout(&again);
    assert!(said.starts_with("0 letters emailed, 0 saved as PDF"), "{said}");
    assert!(said.contains(&format!("{} already sent it today", to_email + 1)), "{said}");
    assert_eq!(outbox_rows(dir.path(), &db).len(), to_email + 1);
    // Unless asked, for one debtor.
    let forced = send(dir.path(), &db, "carol", &["--filter", "debtor:ACC-10001", "--again"]);
    assert!(stdout(&forced).starts_with("1 letter emailed"), "{}", stdout(&forced));
    assert_eq!(outbox_rows(dir.path(), &db).len(), to_email + 2);

    // An agent may not, and nothing is written.
    let refused = send(dir.path(), &db, "alice", &["--filter", "all", "--again"]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        stderr(&refused).trim(),
        "recoup: only a lead can send letters to many debtors; alice is an agent"
    );
    assert_eq!(outbox_rows(dir.path(), &db).len(), to_email + 2);
    // A filter that is not one is one sentence.
    let bad = send(dir.path(), &db, "carol", &["--filter", "bucket:5-9"]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(stderr(&bad).lines().count(), 1, "{}", stderr(&bad));
}

#[test]
fn a_lead_cancels_or_retries_a_message_audited_and_an_agent_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let db = cli_book::demo(dir.path(), 12);
    let out = send(dir.path(), &db, "carol", &["--filter", "debtor:ACC-10001"]);
    assert!(stdout(&out).starts_with("1 letter emailed"), "{}", stdout(&out));
    let id = outbox_rows(dir.path(), &db)[0].split_whitespace().next().unwrap().to_owned();

    let agent = cli_book::run(dir.path(), &db, "alice", &["outbox", "cancel", &id]);
    assert_eq!(agent.status.code(), Some(2));
    assert_eq!(
        stderr(&agent).trim(),
        "recoup: only a lead can cancel a message; alice is an agent"
    );
    let retry = cli_book::run(dir.path(), &db, "carol", &["outbox", "retry", &id]);
    assert!(retry.status.success(), "{}", stderr(&retry));
    let cancel = cli_book::run(dir.path(), &db, "carol", &["outbox", "cancel", &id]);
    assert_eq!(stdout(&cancel).trim(), format!("Message {id} is cancelled"));
    assert!(outbox_rows(dir.path(), &db)[0].contains(" cancelled "));
    // Cancelled is final; a message that is not there is said so.
    let again = cli_book::run(dir.path(), &db, "carol", &["outbox", "retry", &id]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains(&format!(
            "message {id} is cancelled; only a queued or failed message can be retried"
        )),
        "{}",
        stderr(&again)
    );
    let none = cli_book::run(dir.path(), &db, "carol", &["outbox", "cancel", "999"]);
    assert!(stderr(&none).contains("there is no message 999 in the outbox"), "{}", stderr(&none));
    // A cancelled letter does not count as written today.
    let out = send(dir.path(), &db, "carol", &["--filter", "debtor:ACC-10001"]);
    assert!(stdout(&out).starts_with("1 letter emailed"), "{}", stdout(&out));
    let audit = stdout(&cli_book::run(dir.path(), &db, "carol", &["export", "audit"]));
    let outbox_rows: Vec<&str> = audit.lines().filter(|l| l.contains(",outbox,")).collect();
    assert_eq!(outbox_rows.len(), 2, "retry and cancel audited: {audit}");
}
