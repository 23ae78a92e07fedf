//! `W`: write to the debtor. Pick a template, read the letter as it will go
//! out, choose email or PDF, and send or save it (`Ctrl-S`). On a call,
//! `Ctrl-W` opens it with the statement chosen ("I'll email you the
//! statement now"), and `Esc` goes back to the call.

use super::cx::Cx;
use super::done::Done;
use super::effect::{Effect, Request};
use super::keymap::{Command, Scope};
use super::open::Open;
use super::screen::{Handled, Input, Screen};
use super::triage_select::Chosen;
use crate::domain::letters::Channel;

/// The template chosen on a call.
pub const ON_CALL_TEMPLATE: &str = "statement";

/// A template as the list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateChoice {
    pub name: String,
    pub title: String,
    pub channel: Channel,
}

/// How the letter leaves: by email through the outbox, or as a PDF file
/// (to print and post).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteOutput {
    Email,
    Pdf,
}

impl WriteOutput {
    pub fn label(self) -> &'static str {
        match self {
            WriteOutput::Email => "email",
            WriteOutput::Pdf => "PDF",
        }
    }

    /// The way a template says it goes, where it says one.
    fn for_channel(channel: Channel) -> WriteOutput {
        match channel {
            Channel::Letter => WriteOutput::Pdf,
            Channel::Email | Channel::Both => WriteOutput::Email,
        }
    }
}

/// A letter rendered for the preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterPreview {
    pub subject: String,
    /// The letter as plain text.
    pub text: String,
    /// The debtor's billing email, when the book has one.
    pub to: Option<String>,
}

/// What the preview pane shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Preview {
    Reading,
    Shown(LetterPreview),
    /// The template could not be rendered: the sentence says where.
    Failed(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriteView {
    pub debtor_id: i64,
    pub debtor_name: String,
    /// Empty until the list is read.
    pub templates: Vec<TemplateChoice>,
    pub index: usize,
    /// The template to choose once the list is read.
    preselect: Option<String>,
    pub preview: Preview,
    pub output: WriteOutput,
    /// Lines of the preview scrolled past.
    pub scroll: u16,
    /// A send is on its way: a second `Ctrl-S` does not send again.
    pub sending: bool,
    /// Opened on a call (`Ctrl-W`).
    pub on_call: bool,
    /// A lead's bulk send from triage: the letter goes to these debtors
    /// (by email where the book has an address, else as a PDF), and the
    /// preview shows it for the debtor under the cursor.
    pub bulk: Option<Chosen>,
}

impl WriteView {
    /// The screen and the reads it starts with.
    pub fn open(
        debtor_id: i64,
        debtor_name: String,
        preselect: Option<String>,
        on_call: bool,
        bulk: Option<Chosen>,
    ) -> (WriteView, Vec<Effect>) {
        let view = WriteView {
            debtor_id,
            debtor_name,
            templates: Vec::new(),
            index: 0,
            preselect,
            preview: Preview::Reading,
            output: WriteOutput::Email,
            scroll: 0,
            sending: false,
            on_call,
            bulk,
        };
        (view, vec![Request::LetterTemplates.into()])
    }

    pub fn chosen(&self) -> Option<&TemplateChoice> {
        self.templates.get(self.index)
    }

    fn render_chosen(&mut self) -> Vec<Effect> {
        let Some(t) = self.chosen() else { return Vec::new() };
        let request =
            Request::PreviewLetter { debtor_id: self.debtor_id, template: t.name.clone() };
        self.output = WriteOutput::for_channel(t.channel);
        self.preview = Preview::Reading;
        self.scroll = 0;
        vec![request.into()]
    }

    fn step(&mut self, delta: isize) -> Vec<Effect> {
        if self.templates.is_empty() {
            return Vec::new();
        }
        let last = self.templates.len() - 1;
        let next = self.index.saturating_add_signed(delta).min(last);
        if next == self.index {
            return Vec::new();
        }
        self.index = next;
        self.render_chosen()
    }

    fn send(&mut self, cx: &mut Cx<'_>) -> Handled {
        if self.sending {
            cx.info("Already on its way");
            return Handled::done();
        }
        let (Some(t), Preview::Shown(p)) = (self.chosen(), &self.preview) else {
            cx.error(match &self.preview {
                Preview::Failed(_) => "This template cannot be rendered: nothing is sent",
                _ => "Still rendering the letter",
            });
            return Handled::done();
        };
        if let Some(on) = &self.bulk {
            let request = Request::SendLetters {
                targets: on.targets.clone(),
                template: t.name.clone(),
                output: self.output,
            };
            let how = match self.output {
                WriteOutput::Email => "by email (a PDF to post where there is no address)",
                WriteOutput::Pdf => "as PDFs to post",
            };
            // Sent twice, the second finds each debtor sent it today.
            return Handled::open(Open::Confirm {
                question: format!("Send {} to {} {how}?", t.title, on.label),
                yes: request.into(),
                no: None,
            });
        }
        if self.output == WriteOutput::Email && p.to.is_none() {
            cx.error(format!(
                "{} has no billing email in the book: Tab to save a PDF to post instead",
                self.debtor_name
            ));
            return Handled::done();
        }
        let request = Request::SendLetter {
            debtor_id: self.debtor_id,
            template: t.name.clone(),
            output: self.output,
        };
        self.sending = true;
        cx.info(match self.output {
            WriteOutput::Email => "Putting the email in the outbox…",
            WriteOutput::Pdf => "Saving the PDF…",
        });
        Handled::one(request.into())
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> Handled {
        let effects = match command {
            Command::Down => self.step(1),
            Command::Up => self.step(-1),
            Command::NextField => {
                self.output = match self.output {
                    WriteOutput::Email => WriteOutput::Pdf,
                    WriteOutput::Pdf => WriteOutput::Email,
                };
                Vec::new()
            }
            Command::PageDown => {
                self.scroll = self.scroll.saturating_add(cx.page.max(1) as u16);
                Vec::new()
            }
            Command::PageUp => {
                self.scroll = self.scroll.saturating_sub(cx.page.max(1) as u16);
                Vec::new()
            }
            Command::Save => return self.send(cx),
            Command::Cancel => return Handled::close(),
            _ => return Handled::Ignored,
        };
        Handled::Done(effects)
    }
}

impl Screen for WriteView {
    fn scopes(&self) -> &'static [Scope] {
        &[Scope::Write, Scope::Global]
    }

    fn handle(&mut self, input: Input, cx: &mut Cx<'_>) -> Handled {
        match input {
            Input::Command(command) => self.command(command, cx),
            // Nothing to type here; keys of the screens below stay theirs.
            _ => Handled::done(),
        }
    }

    fn on_result(&mut self, done: &Done, cx: &mut Cx<'_>) -> Handled {
        match done {
            Done::LetterTemplates(list) if self.templates.is_empty() => {
                self.templates = list.clone();
                if self.templates.is_empty() {
                    self.preview = Preview::Failed("No letter templates are set up".into());
                    return Handled::done();
                }
                let wanted = self.preselect.take();
                self.index = wanted
                    .and_then(|w| self.templates.iter().position(|t| t.name == w))
                    .unwrap_or(0);
                Handled::Done(self.render_chosen())
            }
            Done::LetterPreview { debtor_id, template, preview }
                if *debtor_id == self.debtor_id
                    && self.chosen().is_some_and(|t| &t.name == template) =>
            {
                self.preview = match preview {
                    Ok(p) => Preview::Shown(p.clone()),
                    Err(why) => Preview::Failed(why.clone()),
                };
                Handled::done()
            }
            // A bulk send was saved (or the lead said no: the confirmation
            // closed without it, and the next Ctrl-S asks again).
            Done::LeadActionDone(_) if self.bulk.is_some() => Handled::close(),
            Done::LetterSent { debtor_id, result } if *debtor_id == self.debtor_id => {
                self.sending = false;
                match result {
                    Ok(message) => {
                        cx.info(message.clone());
                        Handled::close()
                    }
                    Err(why) => {
                        cx.error(why.clone());
                        Handled::done()
                    }
                }
            }
            _ => Handled::Ignored,
        }
    }
}

#[cfg(test)]
mod tests {
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
        let (mut view, reads) =
            WriteView::open(7, "Acme".into(), Some("statement".into()), true, None);
        assert_eq!(reads, vec![Effect::Store(Request::LetterTemplates)]);
        let asked = requests(view.on_result(&Done::LetterTemplates(templates()), &mut fx.cx()));
        assert_eq!(
            asked,
            vec![Request::PreviewLetter { debtor_id: 7, template: "statement".into() }]
        );
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
        let (mut view, _) =
            WriteView::open(7, "Acme".into(), Some("statement".into()), false, None);
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
        let (mut view, _) =
            WriteView::open(7, "Acme".into(), Some("statement".into()), false, None);
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
        let Handled::Open(open, _) = view.handle(Input::Command(Command::Save), &mut fx.cx())
        else {
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
}
