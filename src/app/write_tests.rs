//! The Write screen's keys and answers.

use super::*;
use crate::app::cx::testing::Fixture;
use crate::domain::people::Role;

fn templates() -> Vec<TemplateChoice> {
    let t = |name: &str, channel| TemplateChoice {
        name: name.into(),
        title: name.replace('-', " "),
        channel,
    };
    vec![
        t("final-demand", Channel::Letter),
        t("reminder-friendly", Channel::Email),
        t("statement", Channel::Both),
    ]
}

fn preview(to: Option<&str>) -> LetterPreview {
    LetterPreview {
        subject: "Statement of account".into(),
        text: "Dear Acme".into(),
        to: to.map(str::to_owned),
    }
}

fn requests(h: Handled) -> Vec<Request> {
    match h {
        Handled::Done(effects) => effects
            .into_iter()
            .filter_map(|e| match e {
                Effect::Store(r) => Some(r),
                _ => None,
            })
            .collect(),
        other => panic!("expected requests, got {other:?}"),
    }
}

#[test]
fn on_a_call_the_statement_is_chosen_and_rendered_once_the_list_is_read() {
    let mut fx = Fixture::new(Role::Agent);
    let (mut view, reads) = WriteView::open(7, "Acme".into(), Some("statement".into()), true, None);
    assert_eq!(reads, vec![Effect::Store(Request::LetterTemplates)]);
    let asked = requests(view.on_result(&Done::LetterTemplates(templates()), &mut fx.cx()));
    assert_eq!(asked, vec![Request::PreviewLetter { debtor_id: 7, template: "statement".into() }]);
    assert_eq!(view.chosen().unwrap().name, "statement");
    assert_eq!(view.output, WriteOutput::Email);
}

#[test]
fn moving_renders_the_next_template_and_a_letter_template_goes_as_a_pdf() {
    let mut fx = Fixture::new(Role::Agent);
    let (mut view, _) =
        WriteView::open(7, "Acme".into(), Some("reminder-friendly".into()), false, None);
    view.on_result(&Done::LetterTemplates(templates()), &mut fx.cx());
    let asked = requests(view.handle(Input::Command(Command::Up), &mut fx.cx()));
    assert_eq!(
        asked,
        vec![Request::PreviewLetter { debtor_id: 7, template: "final-demand".into() }]
    );
    assert_eq!(view.output, WriteOutput::Pdf);
    assert_eq!(view.preview, Preview::Reading);
    // At the top already: nothing read again.
    assert!(requests(view.handle(Input::Command(Command::Up), &mut fx.cx())).is_empty());
}

#[test]
fn a_preview_for_another_template_is_not_shown() {
    let mut fx = Fixture::new(Role::Agent);
    let (mut view, _) = WriteView::open(7, "Acme".into(), Some("statement".into()), false, None);
    view.on_result(&Done::LetterTemplates(templates()), &mut fx.cx());
    let stale = Done::LetterPreview {
        debtor_id: 7,
        template: "final-demand".into(),
        preview: Ok(preview(None)),
    };
    assert!(matches!(view.on_result(&stale, &mut fx.cx()), Handled::Ignored));
    assert_eq!(view.preview, Preview::Reading);
}

#[test]
fn email_without_an_address_is_refused_and_tab_saves_a_pdf_once() {
    let mut fx = Fixture::new(Role::Agent);
    let (mut view, _) = WriteView::open(7, "Acme".into(), Some("statement".into()), false, None);
    view.on_result(&Done::LetterTemplates(templates()), &mut fx.cx());
    let shown = Done::LetterPreview {
        debtor_id: 7,
        template: "statement".into(),
        preview: Ok(preview(None)),
    };
    view.on_result(&shown, &mut fx.cx());
    assert!(requests(view.handle(Input::Command(Command::Save), &mut fx.cx())).is_empty());
    let said = fx.status.take().unwrap();
    assert!(said.error);
    assert_eq!(
        said.text,
        "Acme has no billing email in the book: Tab to save a PDF to post instead"
    );
    view.handle(Input::Command(Command::NextField), &mut fx.cx());
    let asked = requests(view.handle(Input::Command(Command::Save), &mut fx.cx()));
    assert_eq!(
        asked,
        vec![Request::SendLetter {
            debtor_id: 7,
            template: "statement".into(),
            output: WriteOutput::Pdf
        }]
    );
    // A second Ctrl-S while it is on its way sends nothing more.
    assert!(requests(view.handle(Input::Command(Command::Save), &mut fx.cx())).is_empty());
    let sent = Done::LetterSent { debtor_id: 7, result: Ok("Statement saved".into()) };
    assert!(view.on_result(&sent, &mut fx.cx()).is_close());
    assert_eq!(fx.status.unwrap().text, "Statement saved");
}

#[test]
fn a_template_that_fails_sends_nothing() {
    let mut fx = Fixture::new(Role::Agent);
    let (mut view, _) = WriteView::open(7, "Acme".into(), None, false, None);
    view.on_result(&Done::LetterTemplates(templates()), &mut fx.cx());
    let failed = Done::LetterPreview {
        debtor_id: 7,
        template: "final-demand".into(),
        preview: Err("template final-demand line 3, column 9: undefined value".into()),
    };
    view.on_result(&failed, &mut fx.cx());
    assert!(requests(view.handle(Input::Command(Command::Save), &mut fx.cx())).is_empty());
    assert_eq!(fx.status.unwrap().text, "This template cannot be rendered: nothing is sent");
}

#[test]
fn from_triage_ctrl_s_asks_before_sending_to_every_debtor_chosen() {
    use crate::store::LeadTargets;
    let mut fx = Fixture::new(Role::Lead);
    let on = Chosen {
        targets: LeadTargets::Debtors(vec![7, 9, 11]),
        label: "3 debtors".into(),
        confirm: false,
    };
    let (mut view, _) = WriteView::open(7, "Acme".into(), None, false, Some(on));
    view.on_result(&Done::LetterTemplates(templates()), &mut fx.cx());
    view.handle(Input::Command(Command::Down), &mut fx.cx());
    view.handle(Input::Command(Command::Down), &mut fx.cx());
    // No address for the debtor previewed: the others may have one.
    let shown = Done::LetterPreview {
        debtor_id: 7,
        template: "statement".into(),
        preview: Ok(preview(None)),
    };
    view.on_result(&shown, &mut fx.cx());
    let Handled::Open(open, _) = view.handle(Input::Command(Command::Save), &mut fx.cx()) else {
        panic!("a confirmation first");
    };
    let Open::Confirm { question, yes, .. } = *open else { panic!("a confirmation") };
    assert_eq!(
        question,
        "Send statement to 3 debtors by email (a PDF to post where there is no address)?"
    );
    assert_eq!(
        yes,
        Effect::Store(Request::SendLetters {
            targets: LeadTargets::Debtors(vec![7, 9, 11]),
            template: "statement".into(),
            output: WriteOutput::Email,
        })
    );
    assert!(view.on_result(&Done::LeadActionDone("sent".into()), &mut fx.cx()).is_close());
}
