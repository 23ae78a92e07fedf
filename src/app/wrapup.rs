//! Wrap-up: pick the outcome, confirm the next contact, `Ctrl-S` commits the
//! call, its note, any promise and the next contact in one transaction. A
//! call someone else took over saves its outcome and notes only: the form
//! says so up front and takes no next contact.

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::cx::Cx;
use super::done::Done;
use super::effect::Request;
use super::keymap::{Command, Scope};
use super::open::{OnCall, Open, WrapUpOf};
use super::screen::{Handled, Input, Screen};
use super::text_input::TextLine;
use crate::domain::next_contact::{parse_next, understood};
use crate::domain::outcome::{Outcome, OutcomeCode, Suggestion, suggest};
use crate::store::{PromiseRequest, WrapUp};

/// What a takeover does to a promise typed on the call, in the status
/// line's words: `the promise of 1,200.00 by Tue 15 Dec will not be
/// recorded`.
pub fn unrecorded(p: &PromiseRequest) -> String {
    let total = p.total().format();
    let first = p.first_due().map(|d| d.format("%a %d %b").to_string()).unwrap_or_default();
    match p.instalments.len() {
        0 | 1 => format!("the promise of {total} by {first} will not be recorded"),
        n => format!("the plan of {total} in {n} instalments from {first} will not be recorded"),
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct WrapUpForm {
    pub of: WrapUpOf,
    pub outcomes: Vec<Outcome>,
    pub selected: usize,
    /// The next contact as typed: a date form, optionally with HH:MM.
    pub next: TextLine,
    /// What the outcome suggests, in words.
    pub hint: String,
    /// The agent has typed over the suggestion.
    pub next_edited: bool,
    pub editing_next: bool,
    pub error: Option<String>,
    /// The next contact as understood: `Mon 30 Nov 10:00`, or why not.
    pub understood: String,
    /// The debtor's time zone: next-contact times are theirs.
    pub timezone: Tz,
    /// Taken over while open: who, and what will not be saved.
    pub notice: Option<String>,
}

impl WrapUpForm {
    pub fn new(of: WrapUpOf, cx: &Cx<'_>) -> WrapUpForm {
        let timezone = of.timezone.parse().unwrap_or(Tz::UTC);
        let mut f = WrapUpForm {
            of,
            outcomes: cx.rules.outcomes.clone(),
            selected: 0,
            next: TextLine::default(),
            hint: String::new(),
            next_edited: false,
            editing_next: false,
            error: None,
            understood: String::new(),
            timezone,
            notice: None,
        };
        f.suggest(cx.today);
        f.refresh(cx);
        f.say_taken_over(cx);
        f
    }

    /// Someone else took the call over: only its outcome and notes are
    /// saved; the next contact and any promise are theirs.
    pub fn note_only(&self) -> bool {
        self.of.taken_over.is_some()
    }

    fn say_taken_over(&mut self, cx: &Cx<'_>) {
        self.notice = self.of.taken_over.as_ref().map(|t| {
            let at = t.at.with_timezone(cx.now.offset()).format("%H:%M");
            let promise = self
                .of
                .pending
                .as_ref()
                .map(|p| format!("; {}", unrecorded(p)))
                .unwrap_or_default();
            format!("Taken over by {} at {at} — only your notes will be saved{promise}", t.by)
        });
    }

    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcomes.get(self.selected)
    }

    fn promise_due(&self) -> Option<NaiveDate> {
        self.of.pending.as_ref().and_then(|p| p.instalments.first()).map(|i| i.due_on)
    }

    /// Says how the typed next contact is understood.
    fn refresh(&mut self, cx: &Cx<'_>) {
        self.understood = match self.note_only() {
            true => String::new(),
            false => understood(self.next.as_str(), &cx.now, self.timezone, &cx.rules.book.contact),
        };
    }

    /// Fills in the next contact the outcome suggests (unless typed over).
    pub fn suggest(&mut self, today: NaiveDate) {
        if let Some(t) = &self.of.taken_over {
            self.hint = format!("{} decides the next contact", t.by);
            self.next = TextLine::default();
            self.editing_next = false;
            return;
        }
        let due = self.promise_due();
        let Some(outcome) = self.outcome() else {
            return;
        };
        let code = outcome.code;
        let (next, hint) = match suggest(outcome, today, due) {
            Suggestion::On(d) => {
                (d.format("%Y-%m-%d").to_string(), format!("suggested for {code}"))
            }
            Suggestion::AskAgent if code == OutcomeCode::Ptp => {
                (String::new(), "the day after the promise is due, once it is recorded".into())
            }
            Suggestion::AskAgent => {
                (String::new(), "type the time agreed, e.g. fri 14:30 or 2026-12-01 09:00".into())
            }
            Suggestion::None => (String::new(), "no next contact needed".into()),
            Suggestion::Review(what) => (String::new(), format!("no date: for {what}")),
        };
        self.hint = hint;
        if !self.next_edited {
            self.next = TextLine::new(&next);
        }
    }

    fn save(&mut self, cx: &mut Cx<'_>) -> Handled {
        let Some(outcome) = self.outcome().cloned() else {
            return Handled::done();
        };
        let of = &self.of;
        let note_only = self.note_only();
        // Taken over, a promise recorded now would not be saved either.
        if outcome.code == OutcomeCode::Ptp && of.pending.is_none() && !note_only {
            cx.info("PTP needs the promise: record it, then Ctrl-S again");
            let call = Some(OnCall { call_id: of.call_id });
            return Handled::open(Open::Promise { debtor: of.debtor.clone(), call });
        }
        if of.pending.is_some() && !outcome.code.fits_a_promise() {
            let why = format!(
                "A promise was recorded on this call, so the outcome is 1 PTP (or 2 PAID), not {}",
                outcome.code
            );
            self.error = Some(why.clone());
            cx.error(why);
            return Handled::done();
        }
        let next = match parse_next(self.next.as_str(), &cx.now, self.timezone) {
            _ if note_only => None,
            Ok(n) => n,
            Err(e) => {
                self.error = Some(e.clone());
                cx.error(format!("Not saved: next contact: {e}"));
                return Handled::done();
            }
        };
        Handled::one(
            Request::WrapUp(WrapUp {
                call_id: of.call_id,
                debtor_id: of.debtor.id,
                agent_id: cx.me.id,
                outcome: outcome.code.as_str().to_owned(),
                contacted: outcome.contacted,
                next_contact_at: next,
                note: of.note.clone(),
                promise: of.pending.clone(),
            })
            .into(),
        )
    }

    fn command(&mut self, command: Command, cx: &mut Cx<'_>) -> Handled {
        let last = self.outcomes.len().saturating_sub(1);
        match command {
            Command::Down if !self.editing_next => self.selected = (self.selected + 1).min(last),
            Command::Up if !self.editing_next => self.selected = self.selected.saturating_sub(1),
            Command::Pick(n) if !self.editing_next => {
                if (1..=self.outcomes.len()).contains(&usize::from(n)) {
                    self.selected = usize::from(n) - 1;
                }
            }
            Command::NextField | Command::Accept if self.note_only() => return Handled::done(),
            Command::NextField | Command::Accept => {
                self.editing_next = !self.editing_next;
                return Handled::done();
            }
            Command::Cancel if self.editing_next => self.editing_next = false,
            // Back to the call, which is still open.
            Command::Cancel => return Handled::close(),
            Command::Save => return self.save(cx),
            _ => return Handled::done(),
        }
        self.error = None;
        self.suggest(cx.today);
        self.refresh(cx);
        Handled::done()
    }

    /// Typing the next contact: the first key replaces the suggestion.
    fn type_next(&mut self, input: &Input, cx: &Cx<'_>) {
        if !self.next_edited {
            self.next = TextLine::default();
        }
        self.next.input(input);
        self.next_edited = true;
        self.error = None;
        self.refresh(cx);
    }
}

impl Screen for WrapUpForm {
    fn scopes(&self) -> &'static [Scope] {
        if self.editing_next {
            &[Scope::WrapUpEdit, Scope::Global]
        } else {
            &[Scope::WrapUp, Scope::Global]
        }
    }

    fn handle(&mut self, input: Input, cx: &mut Cx<'_>) -> Handled {
        match input {
            Input::Command(command) => self.command(command, cx),
            typed if self.editing_next => {
                self.type_next(&typed, cx);
                Handled::done()
            }
            _ => Handled::done(),
        }
    }

    fn on_result(&mut self, done: &Done, cx: &mut Cx<'_>) -> Handled {
        match done {
            Done::PendingPromise { call_id, promise } if *call_id == self.of.call_id => {
                self.of.pending = Some(promise.clone());
                self.suggest(cx.today);
                self.refresh(cx);
                self.say_taken_over(cx);
                Handled::done()
            }
            Done::CallTakenOver { call_id, taken }
                if *call_id == self.of.call_id && !self.note_only() =>
            {
                self.of.taken_over = Some(taken.clone());
                self.suggest(cx.today);
                self.refresh(cx);
                self.say_taken_over(cx);
                Handled::done()
            }
            Done::CallWrapped { debtor_id, .. } if *debtor_id == self.of.debtor.id => {
                Handled::close()
            }
            _ => Handled::Ignored,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::cx::testing::Fixture;
    use crate::app::effect::Effect;
    use crate::app::fixtures::{account, promise, taken_by};
    use crate::app::open::Debtor;
    use crate::domain::people::Role;

    fn form(cx: &Cx<'_>) -> WrapUpForm {
        let acme = account(3, "Acme");
        WrapUpForm::new(
            WrapUpOf {
                call_id: 5,
                debtor: Debtor::of(&acme),
                timezone: "America/New_York".into(),
                note: "left a message".into(),
                pending: None,
                taken_over: None,
            },
            cx,
        )
    }

    #[test]
    fn the_suggestion_follows_the_outcome_until_typed_over_and_paste_types_too() {
        let mut fx = Fixture::new(Role::Agent);
        let mut cx = fx.cx();
        let mut w = form(&cx);
        assert_eq!(w.next.as_str(), "", "PTP without a promise has no date yet");
        w.handle(Input::Command(Command::Pick(4)), &mut cx); // LM
        assert_eq!(w.next.as_str(), "2026-11-27");
        w.handle(Input::Command(Command::NextField), &mut cx);
        w.handle(Input::Paste("fri 14:30".into()), &mut cx);
        assert_eq!(w.next.as_str(), "fri 14:30");
        assert!(w.understood.starts_with("→ Fri 27 Nov 2026 14:30"), "{}", w.understood);
        w.handle(Input::Command(Command::Accept), &mut cx);
        w.handle(Input::Command(Command::Pick(5)), &mut cx); // NA
        assert_eq!(w.next.as_str(), "fri 14:30", "typed over: kept");
        let saved = w.handle(Input::Command(Command::Save), &mut cx);
        assert!(matches!(saved, Handled::Done(e) if matches!(&e[..],
            [Effect::Store(Request::WrapUp(u))] if u.outcome == "NA" && u.note == "left a message")));
    }

    #[test]
    fn ptp_without_a_promise_asks_for_it_first() {
        let mut fx = Fixture::new(Role::Agent);
        let mut cx = fx.cx();
        let mut w = form(&cx);
        let asked = w.handle(Input::Command(Command::Save), &mut cx);
        assert!(matches!(asked, Handled::Open(o, _)
            if matches!(&*o, Open::Promise { call: Some(OnCall { call_id: 5 }), .. })));
    }

    fn carol() -> crate::store::TakenOver {
        taken_by("carol", "2026-11-25T14:59:00Z")
    }

    fn the_wrap_up(saved: Handled) -> WrapUp {
        match saved {
            Handled::Done(e) => match &e[..] {
                [Effect::Store(Request::WrapUp(u))] => u.clone(),
                other => panic!("expected the wrap-up, got {other:?}"),
            },
            other => panic!("expected the wrap-up, got {other:?}"),
        }
    }

    #[test]
    fn taken_over_it_says_so_up_front_and_saves_no_next_contact() {
        let mut fx = Fixture::new(Role::Agent);
        let mut cx = fx.cx();
        let mut w = form(&cx);
        w.of.pending = Some(promise(120_000, "2026-12-15"));
        w.handle(Input::Command(Command::Pick(4)), &mut cx); // LM: a date is suggested
        assert_eq!(w.next.as_str(), "2026-11-27");
        assert_eq!(w.notice, None);
        // Carol takes the call over while the form is open.
        let told = Done::CallTakenOver { call_id: 5, taken: carol() };
        assert!(matches!(w.on_result(&told, &mut cx), Handled::Done(_)));
        assert_eq!(
            w.notice.as_deref(),
            Some(
                "Taken over by carol at 14:59 — only your notes will be saved; the promise of 1,200.00 by Tue 15 Dec will not be recorded"
            )
        );
        assert_eq!((w.next.as_str(), w.hint.as_str()), ("", "carol decides the next contact"));
        w.handle(Input::Command(Command::NextField), &mut cx);
        assert!(!w.editing_next, "no next contact to type");
        w.handle(Input::Command(Command::Pick(1)), &mut cx); // PTP, as the customer said
        let u = the_wrap_up(w.handle(Input::Command(Command::Save), &mut cx));
        assert_eq!((u.outcome.as_str(), u.next_contact_at), ("PTP", None));
        assert_eq!(u.note, "left a message");
    }

    #[test]
    fn taken_over_before_it_opened_ptp_without_a_promise_saves_the_notes() {
        let mut fx = Fixture::new(Role::Agent);
        let mut cx = fx.cx();
        let mut of = form(&cx).of;
        of.taken_over = Some(carol());
        let mut w = WrapUpForm::new(of, &cx);
        assert_eq!(
            w.notice.as_deref(),
            Some("Taken over by carol at 14:59 — only your notes will be saved")
        );
        let u = the_wrap_up(w.handle(Input::Command(Command::Save), &mut cx));
        assert_eq!((u.outcome.as_str(), u.next_contact_at, u.promise), ("PTP", None, None));
        let mut plan = promise(120_000, "2026-12-15");
        plan.instalments.push(plan.instalments[0]);
        assert_eq!(
            unrecorded(&plan),
            "the plan of 2,400.00 in 2 instalments from Tue 15 Dec will not be recorded"
        );
    }
}
