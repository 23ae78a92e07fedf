//! A strategy previewed over a generated book (issue 15, first part): each
//! debtor's planned steps come in order, one a day, none twice; paused and
//! settled debtors plan nothing; the counts add up to the plans.

mod common;

use recoup::domain::people::DebtorStatus;
use recoup::domain::strategy::evaluate::Decision;
use recoup::domain::strategy::preview::Preview;
use recoup::domain::strategy::{STANDARD, Strategy};

#[test]
fn fourteen_days_of_the_standard_strategy_over_a_demo_book() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = common::demo_book(dir.path(), 200);
    let strategy = Strategy::parse("standard", STANDARD).unwrap();
    let today = common::moment().today;
    let mut states = Vec::new();
    let mut after = 0;
    loop {
        let page = store.strategy_states(after, 64).unwrap();
        let Some(last) = page.last() else { break };
        after = last.id;
        states.extend(page);
    }
    assert_eq!(states.len(), 200, "every debtor, a page at a time");

    let mut preview = Preview::default();
    let (mut planned, mut paused, mut settled) = (0, 0, 0);
    for row in &states {
        let (reference, state) = (&row.reference, &row.state);
        let plans = strategy.plan(state, today, 14);
        match strategy.decide(state, today) {
            Decision::Paused(_) => {
                paused += 1;
                assert!(plans.is_empty(), "{reference}: paused plans nothing");
            }
            Decision::Settled => {
                settled += 1;
                assert!(plans.is_empty(), "{reference}");
            }
            _ => {}
        }
        if matches!(
            state.status,
            DebtorStatus::Hold | DebtorStatus::Closed | DebtorStatus::Escalated
        ) {
            assert!(plans.is_empty(), "{reference} is {:?}", state.status);
        }
        for pair in plans.windows(2) {
            assert!(pair[0].step < pair[1].step, "{reference}: in order, none twice: {plans:?}");
            assert!(pair[0].day < pair[1].day, "{reference}: one a day: {plans:?}");
        }
        assert!(plans.iter().all(|p| p.day >= today && (p.day - today).num_days() <= 14));
        planned += plans.len();
        preview.add(reference, &strategy, &plans);
    }
    assert!(planned > 100 && paused > 0 && settled > 0, "{planned} {paused} {settled}");
    assert_eq!(preview.total(), planned);
    assert_eq!(preview.per_day().values().sum::<usize>(), planned);
    let lines = preview.lines();
    // The first run takes each debtor's first step due: today's line is the longest.
    assert!(lines[0].starts_with(&format!("{today}  step ")), "{lines:?}");
    assert!(lines.iter().all(|l| l.contains(" of standard: ")), "{lines:?}");
    eprintln!(
        "{} debtors: {planned} steps planned over 14 days, {paused} paused, {settled} settled",
        states.len()
    );
    for line in &lines {
        eprintln!("{line}");
    }
}
