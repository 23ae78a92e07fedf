//! Triage's keys, selection, search and answers, with no store.

use super::*;
use crate::app::cx::testing::Fixture;
use crate::app::effect::QueueLoad;
use crate::app::fixtures::row;
use crate::domain::people::Role;

fn loaded(t: &mut Triage, n: usize, cx: &mut Cx<'_>) {
    let rows: Vec<_> = (0..n).map(row).collect();
    t.on_result(
        &Done::QueueLoaded {
            target: ListTarget::Triage,
            load: QueueLoad::First,
            rows,
            total: Some(n),
        },
        cx,
    );
}

fn command(t: &mut Triage, c: Command, cx: &mut Cx<'_>) -> Handled {
    t.handle(Input::Command(c), cx)
}

#[test]
fn space_selects_and_moves_and_actions_apply_to_the_selected() {
    let mut fx = Fixture::new(Role::Lead);
    let mut cx = fx.cx();
    let (mut t, reads) = Triage::open(&cx);
    // The figures, the list, then the book's interest (a pass of its own).
    assert_eq!(reads.len(), 3);
    assert_eq!(reads[2], Effect::Store(Request::LoadBookInterest));
    loaded(&mut t, 5, &mut cx);
    command(&mut t, Command::ToggleSelect, &mut cx);
    command(&mut t, Command::ToggleSelect, &mut cx);
    assert_eq!(t.selection, Selection::Debtors([1, 2].into()));
    assert_eq!(t.selected().as_deref(), Some("2 selected"));
    assert_eq!(t.list.selected_debtor(), Some(3));
    let pinned = command(&mut t, Command::PinUp, &mut cx);
    assert!(matches!(pinned, Handled::Done(e)
        if e == [Effect::Store(Request::Pin { targets: LeadTargets::Debtors(vec![1, 2]), delta: 1 })]));
    let escalate = command(&mut t, Command::Escalate, &mut cx);
    assert!(matches!(escalate, Handled::Open(o, _)
        if matches!(&*o, Open::Escalate { on } if on.label == "2 debtors" && !on.confirm)));
    command(&mut t, Command::NextFilter, &mut cx);
    assert!(t.selection.is_empty(), "a new filter starts a new choice");
    assert!(command(&mut t, Command::Cancel, &mut cx).is_close());
}

#[test]
fn v_selects_the_whole_filter_as_the_filter_and_asks_before_acting_on_it() {
    let mut fx = Fixture::new(Role::Lead);
    let mut cx = fx.cx();
    let (mut t, _) = Triage::open(&cx);
    command(&mut t, Command::NextFilter, &mut cx);
    let rows: Vec<_> = (0..3).map(row).collect();
    // A page of 3 rows of a filter of 1,234: nothing more is read for V.
    t.on_result(
        &Done::QueueLoaded {
            target: ListTarget::Triage,
            load: QueueLoad::First,
            rows,
            total: Some(1_234),
        },
        &mut cx,
    );
    let v = command(&mut t, Command::SelectAll, &mut cx);
    assert!(matches!(v, Handled::Done(e) if e.is_empty()), "V reads nothing");
    assert_eq!(t.selection, Selection::AllOf(QueueFilter::Unassigned));
    assert_eq!(t.selected().as_deref(), Some("1,234 selected (all of 'unassigned')"));
    let asked = command(&mut t, Command::PinUp, &mut cx);
    let Handled::Open(open, _) = asked else { panic!("expected a question: {asked:?}") };
    let Open::Confirm { question, yes, .. } = *open else { panic!("expected a question") };
    assert_eq!(question, "Pin 1,234 debtors (all of 'unassigned') higher?");
    let all = LeadTargets::AllOf(QueueFilter::Unassigned);
    assert_eq!(yes, Effect::Store(Request::Pin { targets: all.clone(), delta: 1 }));
    let assign = command(&mut t, Command::Assign, &mut cx);
    assert!(matches!(assign, Handled::Open(o, _)
        if matches!(&*o, Open::Picker { on, .. } if on.targets == all && on.confirm)));
    // A search shown does not change what all of the filter counts.
    command(&mut t, Command::Search, &mut cx);
    t.on_reply(Reply::Searching("acm".into()), &mut cx);
    let found = Done::TriageSearchDone {
        query: "acm".into(),
        filter: QueueFilter::Unassigned,
        rows: vec![row(1)],
        complete: true,
    };
    t.on_result(&found, &mut cx);
    assert_eq!(t.list.total, 1);
    assert_eq!(t.chosen().unwrap().label, "1,234 debtors (all of 'unassigned')");
    t.on_reply(Reply::SearchCancelled, &mut cx);
    // Space cannot pick out of a whole filter; V again clears it.
    command(&mut t, Command::ToggleSelect, &mut cx);
    assert!(fx_message(&cx).starts_with("All of 'unassigned' is selected: V clears it"));
    command(&mut t, Command::SelectAll, &mut cx);
    assert!(t.selection.is_empty());
}

fn fx_message(cx: &Cx<'_>) -> String {
    cx.status.as_ref().map(|s| s.text.clone()).unwrap_or_default()
}

#[test]
fn search_narrows_the_filter_and_esc_gives_back_the_list_and_cursor() {
    let mut fx = Fixture::new(Role::Lead);
    let mut cx = fx.cx();
    let (mut t, _) = Triage::open(&cx);
    loaded(&mut t, 10, &mut cx);
    command(&mut t, Command::Down, &mut cx);
    command(&mut t, Command::Down, &mut cx);
    assert_eq!(t.list.selected_debtor(), Some(3));
    let opened = command(&mut t, Command::Search, &mut cx);
    assert!(matches!(opened, Handled::Open(o, _) if *o == Open::Search));
    let asked = t.on_reply(Reply::Searching("acm".into()), &mut cx);
    assert!(matches!(asked, Handled::Done(e)
        if e == [Effect::Store(Request::TriageSearch { query: "acm".into(), filter: QueueFilter::All })]));
    // An older query's answer, or another filter's, is not shown.
    let answer = |query: &str, filter, ids: &[usize]| Done::TriageSearchDone {
        query: query.into(),
        filter,
        rows: ids.iter().map(|i| row(*i)).collect(),
        complete: true,
    };
    t.on_result(&answer("ac", QueueFilter::All, &[7]), &mut cx);
    t.on_result(&answer("acm", QueueFilter::Unassigned, &[7]), &mut cx);
    assert_eq!(t.list.search, None);
    t.on_result(&answer("acm", QueueFilter::All, &[7, 8]), &mut cx);
    assert_eq!(t.list.search.as_deref(), Some("acm"));
    assert_eq!((t.list.total, t.list.selected_debtor()), (2, Some(8)));
    assert_eq!(fx_message(&cx), "2 debtors of 'all' match \"acm\"");
    t.on_reply(Reply::SearchAccepted, &mut cx);
    // Esc: the list again, the cursor where it was, read again there.
    let back = command(&mut t, Command::Cancel, &mut cx);
    assert!(matches!(back, Handled::Done(e) if e.len() == 1));
    assert_eq!((t.list.search.clone(), t.list.total), (None, 10));
    assert_eq!(t.list.selected_debtor(), Some(3));
    assert!(command(&mut t, Command::Cancel, &mut cx).is_close(), "Esc again leaves triage");
}

#[test]
fn hold_asks_for_a_reason_saying_hold_or_release() {
    let mut fx = Fixture::new(Role::Lead);
    let mut cx = fx.cx();
    let (mut t, _) = Triage::open(&cx);
    let mut rows: Vec<_> = (0..2).map(row).collect();
    rows[1].status = DebtorStatus::Hold;
    t.on_result(
        &Done::QueueLoaded {
            target: ListTarget::Triage,
            load: QueueLoad::First,
            rows,
            total: Some(2),
        },
        &mut cx,
    );
    let title = |h: Handled| match h {
        Handled::Open(o, _) => match *o {
            Open::Hold { title, .. } => title,
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    };
    assert_eq!(title(command(&mut t, Command::Hold, &mut cx)), "Hold Debtor 0 (R0)");
    command(&mut t, Command::Down, &mut cx);
    assert_eq!(title(command(&mut t, Command::Hold, &mut cx)), "Release Debtor 1 (R1)");
    command(&mut t, Command::SelectAll, &mut cx);
    assert_eq!(
        title(command(&mut t, Command::Hold, &mut cx)),
        "Hold or release 2 debtors (all of 'all')"
    );
}

#[test]
fn escalated_debtors_say_where_they_went() {
    let mut fx = Fixture::new(Role::Lead);
    let mut cx = fx.cx();
    let (mut t, _) = Triage::open(&cx);
    loaded(&mut t, 3, &mut cx);
    t.on_result(&Done::Escalations(vec![(2, EscalateTo::Legal)]), &mut cx);
    assert_eq!(t.escalated.get(&2), Some(&EscalateTo::Legal));
    loaded(&mut t, 3, &mut cx);
    assert!(t.escalated.is_empty(), "a new list reads them again");
}
