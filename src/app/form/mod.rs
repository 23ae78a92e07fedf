//! Forms (promise, payment, dispute, escalation, an override's reason):
//! single-line fields, `Tab` between them, `Ctrl-S` to save. A field that
//! does not parse says why beside it and nothing is saved.

mod dispute;
mod escalate;
pub mod field;
mod hold;
mod interest;
mod parse;
mod payment;
mod promise;

use super::cx::Cx;
use super::done::Done;
use super::effect::{Effect, Request};
use super::keymap::{Command, Scope};
use super::open::{Debtor, OnCall, Open};
use super::screen::{Handled, Input, Reply, Screen};
use super::triage_select::Chosen;
pub use field::{Field, FieldKind, Fields};

/// What the form is for, and on what.
#[derive(Clone, Debug, PartialEq)]
pub enum Purpose {
    Promise {
        debtor: Debtor,
        call: Option<OnCall>,
    },
    Payment {
        debtor: Debtor,
    },
    Dispute {
        invoice_id: i64,
    },
    Escalate {
        on: Chosen,
    },
    /// A lead's hold or release.
    Hold {
        on: Chosen,
    },
    /// Why a call goes ahead although an automatic check failed.
    Override,
    /// A lead's: the debtor's interest regime and rate.
    InterestTerms {
        debtor_id: i64,
    },
    /// A lead's waiver on an invoice, or (`None`) the whole account.
    Waive {
        debtor_id: i64,
        invoice_id: Option<i64>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub purpose: Purpose,
    pub title: String,
    pub fields: Fields,
    pub focus: usize,
    /// Lines under the fields: what saving would record.
    pub preview: Vec<String>,
}

impl Form {
    fn new(purpose: Purpose, title: String, fields: Fields) -> Form {
        Form { purpose, title, fields, focus: 0, preview: Vec::new() }
    }

    pub fn promise(debtor: Debtor, call: Option<OnCall>) -> Form {
        let (title, fields) = (promise::title(&debtor), promise::fields(&debtor));
        Form::new(Purpose::Promise { debtor, call }, title, fields)
    }

    pub fn payment(debtor: Debtor, today: chrono::NaiveDate) -> Form {
        let title = format!("Payment taken · {}", debtor.name);
        Form::new(Purpose::Payment { debtor }, title, payment::fields(today))
    }

    pub fn dispute(invoice_id: i64, number: &str) -> Form {
        let title = format!("Dispute · invoice {number}");
        Form::new(Purpose::Dispute { invoice_id }, title, dispute::fields())
    }

    /// `on.label` says what is escalated: a debtor's name, or how many.
    pub fn escalate(on: Chosen) -> Form {
        let title = format!("Escalate {}", on.label);
        Form::new(Purpose::Escalate { on }, title, escalate::fields())
    }

    /// `title` says hold or release, and what.
    pub fn hold(on: Chosen, title: String) -> Form {
        Form::new(Purpose::Hold { on }, title, hold::fields())
    }

    /// `hint` fits the check being overridden.
    pub fn override_reason(failing: &str, hint: &'static str) -> Form {
        let fields = Fields(vec![Field::new("Reason", FieldKind::Text, "", hint)]);
        Form::new(Purpose::Override, format!("Override: {failing}"), fields)
    }

    pub fn interest_terms(
        debtor_id: i64,
        name: &str,
        regime: crate::domain::interest_terms::InterestRegime,
        rate_bp: i64,
    ) -> Form {
        let fields = interest::terms_fields(regime, rate_bp);
        Form::new(Purpose::InterestTerms { debtor_id }, format!("Interest · {name}"), fields)
    }

    /// `on` names the invoice, or the whole account.
    pub fn waive(debtor_id: i64, invoice_id: Option<i64>, on: &str) -> Form {
        let title = format!("Waive on {on}");
        Form::new(Purpose::Waive { debtor_id, invoice_id }, title, interest::waive_fields())
    }

    fn focused(&mut self) -> &mut Field {
        let n = self.fields.0.len();
        &mut self.fields.0[self.focus.min(n - 1)]
    }

    fn refresh_preview(&mut self, cx: &Cx<'_>) {
        if let Purpose::Promise { .. } = self.purpose {
            self.preview = promise::preview(&self.fields, cx.today);
        }
    }

    /// Checks every field; the request that saves the form, or the screen's
    /// answer when it is not a request.
    fn save(&mut self, cx: &mut Cx<'_>) -> Handled {
        self.fields.clear_errors();
        let (today, agent_id) = (cx.today, cx.me.id);
        let request = match &self.purpose {
            Purpose::Promise { debtor, call: None } => {
                promise::submit(&mut self.fields, debtor, agent_id, None, today)
                    .map(Request::SavePromise)
            }
            Purpose::Promise { debtor, call: Some(on) } => {
                promise::submit(&mut self.fields, debtor, agent_id, Some(on.call_id), today)
                    .map(|promise| Request::SetPendingPromise { call_id: on.call_id, promise })
            }
            Purpose::Payment { debtor } => {
                payment::submit(&mut self.fields, debtor, agent_id, today).map(Request::SavePayment)
            }
            Purpose::Dispute { invoice_id } => dispute::submit(&mut self.fields, *invoice_id),
            Purpose::InterestTerms { debtor_id } => {
                interest::submit_terms(&mut self.fields, *debtor_id)
            }
            Purpose::Waive { debtor_id, invoice_id } => {
                interest::submit_waiver(&mut self.fields, *debtor_id, *invoice_id)
            }
            Purpose::Escalate { on } => {
                let request = escalate::submit(&mut self.fields, &on.targets);
                return self.lead_action(request, escalate::question, cx);
            }
            Purpose::Hold { on } => {
                let request = hold::submit(&mut self.fields, &on.targets);
                return self.lead_action(request, hold::question, cx);
            }
            Purpose::Override => {
                let reason = self.fields.0[0].value().trim().to_owned();
                if reason.is_empty() {
                    self.fields.0[0].error = Some("say why the call goes ahead anyway".into());
                    cx.error("Not started: an override needs a reason");
                    return Handled::done();
                }
                return Handled::Reply(Reply::OverrideReason(reason));
            }
        };
        match request.filter(|_| !self.fields.has_errors()) {
            Some(r) => Handled::one(r.into()),
            None => {
                let marked: Vec<&str> =
                    self.fields.0.iter().filter(|f| f.error.is_some()).map(|f| f.label).collect();
                cx.error(match marked.as_slice() {
                    [] => "Nothing saved: see the fields marked".to_owned(),
                    _ => format!("Nothing saved: see the fields marked ({})", marked.join(", ")),
                });
                Handled::done()
            }
        }
    }

    /// A lead's action: saved at once, or, on a whole filter, asked first
    /// with the count (`question` words it).
    fn lead_action(
        &self,
        request: Option<Request>,
        question: fn(&str, &Request) -> String,
        cx: &mut Cx<'_>,
    ) -> Handled {
        let on = match &self.purpose {
            Purpose::Escalate { on } | Purpose::Hold { on } => on,
            _ => return Handled::done(),
        };
        match request {
            Some(r) if on.confirm => Handled::Replace(
                Box::new(Open::Confirm {
                    question: question(&on.label, &r),
                    yes: r.into(),
                    no: None,
                }),
                Vec::new(),
            ),
            Some(r) => Handled::one(r.into()),
            None => {
                cx.error("Nothing saved: see the fields marked");
                Handled::done()
            }
        }
    }

    /// Whether a result means this form's request was saved.
    fn saved_by(&self, done: &Done) -> bool {
        match (&self.purpose, done) {
            (Purpose::Promise { call: Some(on), .. }, Done::PendingPromise { call_id, .. }) => {
                on.call_id == *call_id
            }
            (Purpose::Escalate { .. } | Purpose::Hold { .. }, Done::LeadActionDone(_)) => true,
            (
                Purpose::Promise { call: None, .. }
                | Purpose::Payment { .. }
                | Purpose::Dispute { .. }
                | Purpose::InterestTerms { .. }
                | Purpose::Waive { .. },
                Done::Saved(_),
            ) => true,
            _ => false,
        }
    }
}

impl Screen for Form {
    fn scopes(&self) -> &'static [Scope] {
        &[Scope::Form, Scope::Global]
    }

    fn handle(&mut self, input: Input, cx: &mut Cx<'_>) -> Handled {
        let n = self.fields.0.len();
        match input {
            Input::Command(Command::NextField) => self.focus = (self.focus + 1) % n,
            Input::Command(Command::PreviousField) => self.focus = (self.focus + n - 1) % n,
            Input::Command(c @ (Command::ChoiceNext | Command::ChoicePrevious)) => {
                self.focused().cycle(c == Command::ChoiceNext);
                self.refresh_preview(cx);
            }
            Input::Command(Command::Save) => return self.save(cx),
            Input::Command(Command::Cancel) => return Handled::close(),
            Input::Command(_) => {}
            typed => {
                let field = self.focused();
                if field.input.input(&typed) {
                    field.error = None;
                    self.refresh_preview(cx);
                }
            }
        }
        Handled::done()
    }

    fn on_result(&mut self, done: &Done, _cx: &mut Cx<'_>) -> Handled {
        if self.saved_by(done) { Handled::close() } else { Handled::Ignored }
    }
}

/// The effect a promise form's request becomes (for tests and callers that
/// check what a form would save).
pub fn request_of(handled: &Handled) -> Option<&Request> {
    match handled {
        Handled::Done(effects) => effects.iter().find_map(|e| match e {
            Effect::Store(r) => Some(r),
            Effect::Dial(_) => None,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::cx::testing::Fixture;
    use crate::domain::people::Role;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn typed(form: &mut Form, text: &str, cx: &mut Cx<'_>) {
        for c in text.chars() {
            form.handle(Input::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)), cx);
        }
    }

    fn acme() -> Debtor {
        Debtor {
            id: 4,
            name: "Acme".into(),
            invoices: vec![parse::fixtures::invoice(7, "INV-7")],
            open_promises: 0,
            interest: false,
        }
    }

    #[test]
    fn a_promise_is_typed_and_pasted_field_by_field_and_saved() {
        let mut fx = Fixture::new(Role::Agent);
        let mut cx = fx.cx();
        let mut form = Form::promise(acme(), None);
        typed(&mut form, "1,500", &mut cx);
        form.handle(Input::Command(Command::NextField), &mut cx);
        form.handle(Input::Paste("fri\nignored".into()), &mut cx);
        assert_eq!(form.preview, ["1,500.00 by Fri 27 Nov 2026"]);
        let saved = form.handle(Input::Command(Command::Save), &mut cx);
        let Some(Request::SavePromise(p)) = request_of(&saved) else { panic!("{saved:?}") };
        assert_eq!(p.instalments.len(), 1);
        assert_eq!(p.debtor_id, 4);
        assert!(form.on_result(&Done::Saved("ok".into()), &mut cx).is_close());
    }

    #[test]
    fn a_call_promise_closes_when_the_call_has_it_and_an_override_answers_below() {
        let mut fx = Fixture::new(Role::Agent);
        let mut cx = fx.cx();
        let mut form = Form::promise(acme(), Some(OnCall { call_id: 12 }));
        assert!(!form.on_result(&Done::Saved("another form".into()), &mut cx).is_close());
        let mut o = Form::override_reason("calling hours", "recorded on the call");
        assert!(matches!(o.handle(Input::Command(Command::Save), &mut cx), Handled::Done(_)));
        typed(&mut o, "asked for an early call", &mut cx);
        assert!(matches!(
            o.handle(Input::Command(Command::Save), &mut cx),
            Handled::Reply(Reply::OverrideReason(r)) if r == "asked for an early call"
        ));
        assert!(matches!(form.handle(Input::Command(Command::Cancel), &mut cx), Handled::Close(_)));
        assert_eq!(
            cx.status.as_ref().map(|s| s.text.as_str()),
            Some("Not started: an override needs a reason")
        );
    }
}
