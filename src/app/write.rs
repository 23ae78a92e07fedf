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

/// `Ctrl-W` on a call: Write, with the statement chosen.
pub fn write_on_call(debtor_id: i64, debtor_name: &str) -> Open {
    Open::Write {
        debtor_id,
        debtor_name: debtor_name.to_owned(),
        preselect: Some(ON_CALL_TEMPLATE.into()),
        on_call: true,
        bulk: None,
    }
}

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
#[path = "write_tests.rs"]
mod tests;
