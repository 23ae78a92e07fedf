//! The live call: `ON CALL` with a running timer, the notes editor saved as
//! it changes, and the promise, read-back, calm card and dispute keys, on
//! the account the call was started for.

use chrono::{DateTime, NaiveDate, Utc};
use ratatui_textarea::TextArea;

use super::cx::Cx;
use super::done::Done;
use super::effect::{Effect, Request};
use super::keymap::{Command, Scope};
use super::open::{CallStarted, Debtor, OnCall, Open, WrapUpOf};
use super::screen::{Handled, Input, Screen};
use super::text_input::{edit, editor, text};
use super::write::write_on_call;
use crate::domain::promise::PromiseStatus;
use crate::domain::readback::{Agreement, OpenInvoice, read_back, restate};
use crate::domain::readback_interest::{Claimed, read_back_interest, restate_interest};
use crate::store::{Account, InvoiceRow, PromiseRequest, PromiseRow, TakenOver};

/// A card shown over the editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallCard {
    ReadBack(Vec<String>),
    Calm { title: String, steps: Vec<String> },
}

#[derive(Clone, Debug)]
pub struct LiveCall {
    pub call_id: i64,
    /// The debtor on the line: only its own account ever replaces it.
    pub account: Box<Account>,
    pub started_at: DateTime<Utc>,
    pub goal: String,
    /// The fallback offer typed in the plan.
    pub fallback: String,
    /// recoup ran the dial command with the contact's number.
    pub dialled: bool,
    pub editor: TextArea<'static>,
    /// The promise recorded on this call, written at wrap-up.
    pub pending: Option<PromiseRequest>,
    pub card: Option<CallCard>,
    /// Reopened after a crash.
    pub recovered: bool,
    /// Someone else took the debtor over: this call's wrap-up saves its
    /// notes only.
    pub taken_over: Option<TakenOver>,
    /// The agent claims interest on this call (`Ctrl-T`): the read-back and
    /// the calm card say it.
    pub claim_interest: bool,
}

impl LiveCall {
    pub fn new(c: CallStarted) -> LiveCall {
        LiveCall {
            call_id: c.call_id,
            editor: editor(&c.draft, "Notes of the call: typed here, saved as you type."),
            account: c.account,
            started_at: c.started_at,
            goal: c.goal,
            fallback: c.fallback,
            dialled: c.dial.is_some(),
            pending: c.pending,
            card: None,
            recovered: c.recovered,
            taken_over: None,
            claim_interest: false,
        }
    }

    pub fn debtor_id(&self) -> i64 {
        self.account.debtor.id
    }

    pub fn text(&self) -> String {
        text(&self.editor)
    }

    /// `mm:ss` since the call started (hours roll into the minutes).
    pub fn timer(&self, now: DateTime<Utc>) -> String {
        let secs = (now - self.started_at).num_seconds().max(0);
        format!("{:02}:{:02}", secs / 60, secs % 60)
    }

    fn draft(&self) -> Effect {
        Request::SaveDraft {
            debtor_id: self.debtor_id(),
            call_id: Some(self.call_id),
            body: self.text(),
            version: 0,
        }
        .into()
    }

    /// The promise in words, to read to the customer.
    fn read_back(&self, cx: &Cx<'_>) -> CallCard {
        let numbers: Vec<String> = match &self.pending {
            Some(p) => self
                .account
                .invoices
                .iter()
                .filter(|i| p.invoice_ids.contains(&i.id))
                .map(|i| i.number.clone())
                .collect(),
            None => Vec::new(),
        };
        let contact = self.account.contacts.first().map_or("", |c| c.name.as_str());
        let agreement = self.pending.as_ref().map(|p| Agreement {
            debtor: &self.account.debtor.name,
            contact: if contact.is_empty() { "there" } else { contact },
            instalments: &p.instalments,
            frequency: p.frequency.map(|f| f.as_str()),
            invoices: &numbers,
        });
        let mut lines = read_back(&cx.rules.templates, agreement.as_ref());
        if let (Some(c), Some(_)) = (self.claimed(), &agreement) {
            let at = lines.len().saturating_sub(1);
            lines.insert(at, read_back_interest(&c, &self.account.debtor.name));
        }
        CallCard::ReadBack(lines)
    }

    /// The interest claimed on this call: when the agent chose to claim it
    /// (`Ctrl-T`, or a promise offering to waive it) and it is known.
    pub fn claimed(&self) -> Option<Claimed> {
        let total = self.account.claims.as_ref()?.total.as_ref().ok()?;
        let offered = self.pending.as_ref().filter(|p| p.waive_interest);
        if !self.claim_interest && offered.is_none() {
            return None;
        }
        Some(Claimed {
            interest: total.interest,
            compensation: total.compensation,
            waived_if_paid_by: offered.and_then(|p| p.instalments.last()).map(|i| i.due_on),
        })
    }

    /// `Ctrl-T`: claim interest on this call, or stop claiming it.
    fn toggle_claim(&mut self, cx: &mut Cx<'_>) {
        let Some(claims) = &self.account.claims else {
            cx.error("This debtor claims no interest (regime none): nothing to claim on the call");
            return;
        };
        if let Err(e) = &claims.total {
            cx.error(format!(
                "The interest is unknown (no {} rate for {}): it cannot be claimed on a call",
                e.series.as_str(),
                e.day
            ));
            return;
        }
        self.claim_interest = !self.claim_interest;
        cx.info(if self.claim_interest {
            "Interest claimed on this call: the read-back and the calm card say it"
        } else {
            "Interest no longer claimed on this call"
        });
    }

    /// The oldest open invoice not in dispute (the account lists open
    /// invoices first, oldest due first).
    pub fn oldest_open(&self) -> Option<&InvoiceRow> {
        self.account.invoices.iter().find(|i| i.balance.cents() > 0 && !i.is_disputed())
    }

    /// The oldest open invoice not in dispute that is past due today.
    pub fn oldest_overdue(&self, today: NaiveDate) -> Option<&InvoiceRow> {
        self.oldest_open().filter(|i| i.due_on < today)
    }

    /// The account's open promises, the next due first.
    pub fn open_promises(&self) -> Vec<&PromiseRow> {
        let mut open: Vec<&PromiseRow> =
            self.account.promises.iter().filter(|p| p.status == PromiseStatus::Open).collect();
        open.sort_by_key(|p| (p.due_on, p.id));
        open
    }

    /// The de-escalation card, restating the total overdue and the oldest
    /// invoice, its due date with the year.
    fn calm(&self, cx: &Cx<'_>) -> CallCard {
        let card = &cx.rules.card;
        let oldest = self.oldest_open().map(|i| OpenInvoice {
            number: &i.number,
            open: i.balance,
            due_on: i.due_on,
        });
        let mut said = restate(self.account.debtor.overdue, oldest, cx.today);
        if let Some(c) = self.claimed() {
            said.push_str(&restate_interest(&c));
        }
        CallCard::Calm { title: card.title.clone(), steps: card.steps_for(&said) }
    }

    fn wrap_up(&mut self) -> Open {
        self.card = None;
        Open::WrapUp(Box::new(WrapUpOf {
            call_id: self.call_id,
            debtor: Debtor::of(&self.account),
            timezone: self.account.debtor.timezone.clone(),
            note: self.text(),
            pending: self.pending.clone(),
            taken_over: self.taken_over.clone(),
        }))
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> Handled {
        let on = Some(OnCall { call_id: self.call_id });
        match command {
            Command::CallPromise => {
                return Handled::open(Open::Promise {
                    debtor: Debtor::of(&self.account),
                    call: on,
                });
            }
            Command::CallDispute => {
                return Handled::open(Open::CallDispute { debtor: Debtor::of(&self.account) });
            }
            Command::Write => {
                return Handled::open(write_on_call(self.debtor_id(), &self.account.debtor.name));
            }
            Command::ReadBack => self.card = Some(self.read_back(cx)),
            Command::Calm => self.card = Some(self.calm(cx)),
            Command::ClaimInterest => self.toggle_claim(cx),
            Command::Cancel if self.card.is_some() => self.card = None,
            // Esc cannot leave a live call: say what does.
            Command::Cancel => {
                cx.info("On a call: Ctrl-S ends it and opens the wrap-up; the notes are kept")
            }
            Command::EndCall => return Handled::open(self.wrap_up()),
            _ => {}
        }
        Handled::done()
    }
}

impl Screen for LiveCall {
    fn scopes(&self) -> &'static [Scope] {
        &[Scope::Call, Scope::Global]
    }

    fn handle(&mut self, input: Input, cx: &mut Cx<'_>) -> Handled {
        match input {
            Input::Command(command) => self.command(command, cx),
            typed => {
                if edit(&mut self.editor, &typed) {
                    Handled::one(self.draft())
                } else {
                    Handled::done()
                }
            }
        }
    }

    fn on_result(&mut self, done: &Done, cx: &mut Cx<'_>) -> Handled {
        match done {
            Done::PendingPromise { call_id, promise } if *call_id == self.call_id => {
                self.pending = Some(promise.clone());
                cx.info("Promise noted for wrap-up; Ctrl-R reads it back to the customer");
                Handled::done()
            }
            Done::AccountLoaded { debtor_id, account: Some(a) }
                if *debtor_id == self.debtor_id() =>
            {
                self.account = a.clone();
                Handled::done()
            }
            Done::CallTakenOver { call_id, taken }
                if *call_id == self.call_id && self.taken_over.is_none() =>
            {
                let at = taken.at.with_timezone(cx.now.offset()).format("%H:%M");
                cx.error(format!(
                    "{} took over this call at {at}: your notes still save, as a note; your wrap-up will not change the next contact",
                    taken.by
                ));
                self.taken_over = Some(taken.clone());
                Handled::done()
            }
            Done::CallWrapped { debtor_id, .. } if *debtor_id == self.debtor_id() => {
                Handled::close()
            }
            _ => Handled::Ignored,
        }
    }

    /// The lease is kept alive, unless someone took the call over: then it
    /// would be taken back.
    fn tick(&mut self, _cx: &mut Cx<'_>) -> Vec<Effect> {
        if self.taken_over.is_some() {
            return Vec::new();
        }
        let (debtor_id, call_id) = (self.debtor_id(), Some(self.call_id));
        vec![Request::Heartbeat { debtor_id, call_id }.into()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::cx::testing::Fixture;
    use crate::app::fixtures::account;
    use crate::domain::people::Role;

    fn call() -> LiveCall {
        LiveCall::new(CallStarted {
            call_id: 5,
            started_at: "2026-11-25T14:58:00Z".parse().unwrap(),
            goal: "PTP".into(),
            fallback: "3 monthly instalments".into(),
            account: account(3, "Acme"),
            draft: String::new(),
            pending: None,
            recovered: false,
            dial: None,
        })
    }

    #[test]
    fn notes_typed_or_pasted_are_saved_as_a_draft_of_this_call() {
        let mut fx = Fixture::new(Role::Agent);
        let mut cx = fx.cx();
        let mut c = call();
        let h = c.handle(Input::Paste("Jane says\r\nthe invoice is approved".into()), &mut cx);
        assert!(matches!(h, Handled::Done(e) if matches!(&e[..],
            [Effect::Store(Request::SaveDraft { debtor_id: 3, call_id: Some(5), body, .. })]
                if body == "Jane says\nthe invoice is approved")));
        assert_eq!(c.timer(cx.now_utc()), "02:00");
        assert!(matches!(c.handle(Input::Command(Command::Cancel), &mut cx), Handled::Done(_)));
        assert!(matches!(c.handle(Input::Command(Command::EndCall), &mut cx),
            Handled::Open(o, _) if matches!(&*o, Open::WrapUp(w) if w.note.ends_with("approved"))));
    }

    #[test]
    fn another_debtors_account_never_replaces_the_one_on_the_call() {
        let mut fx = Fixture::new(Role::Agent);
        let mut cx = fx.cx();
        let mut c = call();
        let other = Done::AccountLoaded { debtor_id: 4, account: Some(account(4, "Other")) };
        assert!(matches!(c.on_result(&other, &mut cx), Handled::Ignored));
        assert_eq!(c.account.debtor.name, "Acme");
        let card = c.handle(Input::Command(Command::Calm), &mut cx);
        assert!(matches!(card, Handled::Done(_)));
        let Some(CallCard::Calm { steps, .. }) = &c.card else { panic!("{:?}", c.card) };
        assert!(
            steps[3].contains(
                "the total overdue is 3,000.00, and the oldest invoice is INV-3-1 for 1,000.00, due on 1 October 2026"
            ),
            "{steps:?}"
        );
    }

    #[test]
    fn interest_is_said_only_once_the_agent_claims_it_on_the_call() {
        let mut fx = Fixture::new(Role::Agent);
        let mut cx = fx.cx();
        let mut c = call();
        c.account = crate::app::fixtures::uk_account(3, "Acme");
        c.pending = Some(crate::app::fixtures::promise(100_000, "2026-12-04"));
        c.handle(Input::Command(Command::ReadBack), &mut cx);
        let Some(CallCard::ReadBack(lines)) = &c.card else { panic!("{:?}", c.card) };
        assert!(lines.iter().all(|l| !l.contains("interest")), "{lines:?}");
        c.handle(Input::Command(Command::ClaimInterest), &mut cx);
        c.handle(Input::Command(Command::ReadBack), &mut cx);
        let Some(CallCard::ReadBack(lines)) = &c.card else { panic!("{:?}", c.card) };
        assert_eq!(
            lines[1],
            "On top of the invoices, late-payment interest of 37.02 and compensation of 70.00 are owed."
        );
        c.handle(Input::Command(Command::Calm), &mut cx);
        let Some(CallCard::Calm { steps, .. }) = &c.card else { panic!("{:?}", c.card) };
        assert!(steps[3].contains("on top of that late-payment interest of 37.02"), "{steps:?}");
        c.handle(Input::Command(Command::ClaimInterest), &mut cx);
        c.pending.as_mut().unwrap().waive_interest = true;
        c.handle(Input::Command(Command::ReadBack), &mut cx);
        let Some(CallCard::ReadBack(lines)) = &c.card else { panic!("{:?}", c.card) };
        assert!(lines[1].ends_with("by Friday 4 December 2026, the interest of 37.02 is waived."));
    }

    #[test]
    fn interest_cannot_be_claimed_from_a_debtor_without_a_regime() {
        let mut fx = Fixture::new(Role::Agent);
        let mut c = call();
        c.handle(Input::Command(Command::ClaimInterest), &mut fx.cx());
        assert!(!c.claim_interest);
        assert!(fx.message().starts_with("This debtor claims no interest"), "{}", fx.message());
    }

    #[test]
    fn a_takeover_is_said_at_once_and_stops_the_heartbeat() {
        let mut fx = Fixture::new(Role::Agent);
        let mut c = call();
        assert_eq!(c.tick(&mut fx.cx()).len(), 1);
        let taken = TakenOver { by: "carol".into(), at: "2026-11-25T14:59:00Z".parse().unwrap() };
        c.on_result(&Done::CallTakenOver { call_id: 5, taken }, &mut fx.cx());
        assert!(c.tick(&mut fx.cx()).is_empty());
        assert!(fx.message().starts_with("carol took over this call at 14:59"), "{}", fx.message());
    }
}
