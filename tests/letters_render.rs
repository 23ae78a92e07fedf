//! Every default template rendered on demo accounts: the text as a snapshot,
//! the figures checked against the book; and a desk's template with a
//! mistake named by template, line and column, with nothing sent.

mod common;

use recoup::domain::Money;
use recoup::domain::interest_terms::InterestRegime;
use recoup::domain::letters::compose::{compose, plain_text, table_total};
use recoup::domain::letters::defaults::DEFAULTS;
use recoup::domain::letters::template::LetterTemplate;
use recoup::store::Store;

fn facts(store: &Store, reference: &str) -> recoup::domain::letters::facts::LetterFacts {
    let id = store.debtor_id_by_ref(reference).unwrap().unwrap();
    store.letter_facts(id, "alice", common::moment().today).unwrap().unwrap()
}

/// What the book says is open, overdue and asked for, read another way: the
/// account's own invoice rows.
fn book_figures(store: &Store, reference: &str) -> (Money, Money) {
    let id = store.debtor_id_by_ref(reference).unwrap().unwrap();
    let account = store.account(id, 1).unwrap().unwrap();
    let today = common::moment().today;
    let open: Money = account.invoices.iter().map(|i| i.balance).sum();
    let asked: Money = account
        .invoices
        .iter()
        .filter(|i| i.due_on < today && !i.is_disputed())
        .map(|i| i.balance)
        .sum();
    (open, asked)
}

#[test]
fn each_default_template_renders_on_demo_accounts_with_the_books_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = common::demo_book(dir.path(), 12);
    // ACC-10003 has payments lately; ACC-10005 a disputed invoice.
    for reference in ["ACC-10003", "ACC-10005"] {
        let facts = facts(&store, reference);
        let (open, asked) = book_figures(&store, reference);
        for (name, source) in DEFAULTS {
            let template = LetterTemplate::parse(name, source).unwrap();
            let letter = compose(&template, &facts).unwrap();
            assert_eq!(table_total(&letter), open, "{name} {reference}: the table adds up");
            let total =
                |label: &str| letter.totals.iter().find(|(l, _)| l == label).map(|(_, m)| *m);
            assert_eq!(total("Total open"), Some(open), "{name} {reference}");
            assert_eq!(total("Amount due now"), Some(asked), "{name} {reference}");
            assert_eq!(letter.remittance.as_ref().unwrap().amount_due, asked);
            let text = plain_text(&letter);
            assert!(text.contains(&format!("Amount due now {:>13}", asked.format())), "{text}");
            for i in &letter.invoices {
                assert!(text.contains(&i.number), "{name}: {} listed", i.number);
            }
            insta::assert_snapshot!(format!("{name}_{reference}"), text);
        }
    }
}

#[test]
fn a_debtor_whose_regime_claims_interest_is_asked_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = common::demo_book(dir.path(), 12);
    let id = store.debtor_id_by_ref("ACC-10003").unwrap().unwrap();
    let carol = store.agent_by_name("carol").unwrap().unwrap();
    store
        .set_debtor_interest(id, InterestRegime::Contract, 800, carol.id, common::moment().now)
        .unwrap();
    let facts = facts(&store, "ACC-10003");
    let claims = facts.claims.expect("the contract regime claims");
    assert!(claims.interest.cents() > 0, "{claims:?}");
    let (_, asked) = book_figures(&store, "ACC-10003");
    let (name, source) = DEFAULTS[3];
    let letter = compose(&LetterTemplate::parse(name, source).unwrap(), &facts).unwrap();
    let due = letter.totals.iter().find(|(l, _)| l == "Amount due now").unwrap().1;
    assert_eq!(due, asked + claims.interest + claims.compensation);
    assert!(letter.body.contains(&format!("late-payment interest of {}", claims.interest)));
}

#[test]
fn a_desks_template_with_a_mistake_is_named_by_line_and_column_and_sends_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::cli_book::demo(dir.path(), 8);
    std::fs::create_dir_all(dir.path().join("letters")).unwrap();
    std::fs::write(
        dir.path().join("letters/thanks.txt"),
        "---\ntitle = \"Thanks\"\nsubject = \"Thank you\"\nchannel = \"email\"\n---\nDear {{ contact.name }},\n\nThank you, {{ debtor.nmae }}.\n",
    )
    .unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "").unwrap();
    let run = |args: &[&str]| {
        common::recoup(dir.path())
            .env("RECOUP_NOW", common::NOW)
            .args(["--db", &db, "--agent", "carol", "--config", config.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["letters", "render", "thanks", "ACC-10001"]);
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("recoup: letter template thanks, line 8, column 15: undefined value"),
        "{err}"
    );
    let out = run(&["letters", "send", "thanks", "--filter", "all"]);
    assert_eq!(out.status.code(), Some(2), "{}", common::stderr(&out));
    let list = common::stdout(&run(&["outbox", "list"]));
    assert_eq!(list.lines().count(), 1, "only the heading: nothing queued: {list}");
    // A syntax error shows in the list already, before any letter.
    std::fs::write(
        dir.path().join("letters/broken.txt"),
        "---\ntitle = \"B\"\nsubject = \"B\"\nchannel = \"email\"\n---\n{% if %}\n",
    )
    .unwrap();
    let listed = common::stdout(&run(&["letters", "list"]));
    assert!(listed.contains("thanks                   email   Thanks"), "{listed}");
    assert!(listed.contains("broken                   -       cannot be used: letter template broken, line 6, column"), "{listed}");
}

#[test]
fn a_demo_statement_as_a_pdf_holds_its_invoices_and_the_amount_due() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::cli_book::demo(dir.path(), 12);
    let file = dir.path().join("statement.pdf");
    let out = common::cli_book::run(
        dir.path(),
        &db,
        "alice",
        &["letters", "render", "statement", "ACC-10005", "--pdf", file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", common::stderr(&out));
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    assert_eq!(pages.len(), 1);
    let text = doc.extract_text(&pages).unwrap();
    // The same letter as text says what the PDF must hold.
    let letter = common::stdout(&common::cli_book::run(
        dir.path(),
        &db,
        "alice",
        &["letters", "render", "statement", "ACC-10005"],
    ));
    let numbers: Vec<&str> = letter
        .lines()
        .filter_map(|l| l.split(' ').next())
        .filter(|w| w.starts_with("INV-"))
        .collect();
    assert!(numbers.len() >= 3, "{letter}");
    for n in numbers {
        assert!(text.contains(n), "{n} in the PDF: {text}");
    }
    let due = letter
        .lines()
        .find(|l| l.contains("Amount due now"))
        .unwrap()
        .split_whitespace()
        .last()
        .unwrap();
    assert!(text.contains("Amount due now") && text.contains(due), "{due}: {text}");
    assert!(text.contains("(disputed)") && text.contains("Remittance advice"), "{text}");
}
