//! The screens over the workstation, top one last. Every screen is one
//! variant here and one `Screen` impl in its own file; the two matches below
//! (and `screen_ref`) are the only places that list them, with no catch-all arm, so a new
//! screen that is not wired in does not compile.

use super::call::LiveCall;
use super::confirm::Confirm;
use super::cx::Cx;
use super::effect::Effect;
use super::form::Form;
use super::help::HelpView;
use super::invoice_picker::InvoicePicker;
use super::note::NoteForm;
use super::open::Open;
use super::picker::Picker;
use super::precall::PreCall;
use super::screen::Screen;
use super::search::SearchInput;
use super::triage::Triage;
use super::why::WhyView;
use super::wrapup::WrapUpForm;
use super::write::WriteView;

#[derive(Clone, Debug)]
pub enum Layer {
    Search(SearchInput),
    Note(Box<NoteForm>),
    Form(Box<Form>),
    Confirm(Box<Confirm>),
    PreCall(Box<PreCall>),
    Call(Box<LiveCall>),
    WrapUp(Box<WrapUpForm>),
    Triage(Box<Triage>),
    Picker(Box<Picker>),
    InvoicePicker(Box<InvoicePicker>),
    Why(WhyView),
    Help(HelpView),
    Write(Box<WriteView>),
}

impl Layer {
    pub fn screen(&mut self) -> &mut dyn Screen {
        match self {
            Layer::Search(s) => s,
            Layer::Note(s) => s.as_mut(),
            Layer::Form(s) => s.as_mut(),
            Layer::Confirm(s) => s.as_mut(),
            Layer::PreCall(s) => s.as_mut(),
            Layer::Call(s) => s.as_mut(),
            Layer::WrapUp(s) => s.as_mut(),
            Layer::Triage(s) => s.as_mut(),
            Layer::Picker(s) => s.as_mut(),
            Layer::InvoicePicker(s) => s.as_mut(),
            Layer::Why(s) => s,
            Layer::Help(s) => s,
            Layer::Write(s) => s.as_mut(),
        }
    }

    pub fn screen_ref(&self) -> &dyn Screen {
        match self {
            Layer::Search(s) => s,
            Layer::Note(s) => s.as_ref(),
            Layer::Form(s) => s.as_ref(),
            Layer::Confirm(s) => s.as_ref(),
            Layer::PreCall(s) => s.as_ref(),
            Layer::Call(s) => s.as_ref(),
            Layer::WrapUp(s) => s.as_ref(),
            Layer::Triage(s) => s.as_ref(),
            Layer::Picker(s) => s.as_ref(),
            Layer::InvoicePicker(s) => s.as_ref(),
            Layer::Why(s) => s,
            Layer::Help(s) => s,
            Layer::Write(s) => s.as_ref(),
        }
    }

    pub fn scopes(&self) -> &'static [super::keymap::Scope] {
        self.screen_ref().scopes()
    }

    /// Builds the screen asked for, with what it reads first.
    pub fn build(open: Open, cx: &Cx<'_>) -> (Layer, Vec<Effect>) {
        let layer = match open {
            Open::Search => Layer::Search(SearchInput::default()),
            Open::Write { debtor_id, debtor_name, preselect, on_call, bulk } => {
                let (view, reads) =
                    WriteView::open(debtor_id, debtor_name, preselect, on_call, bulk);
                return (Layer::Write(Box::new(view)), reads);
            }
            Open::Note { debtor_id, debtor_name, draft } => {
                Layer::Note(Box::new(NoteForm::new(debtor_id, debtor_name, draft.as_deref())))
            }
            Open::Promise { debtor, call } => Layer::Form(Box::new(Form::promise(debtor, call))),
            Open::Payment { debtor } => Layer::Form(Box::new(Form::payment(debtor, cx.today))),
            Open::Dispute { invoice_id, number } => {
                Layer::Form(Box::new(Form::dispute(invoice_id, &number)))
            }
            Open::CallDispute { debtor } => {
                Layer::InvoicePicker(Box::new(InvoicePicker::dispute(&debtor)))
            }
            Open::Escalate { on } => Layer::Form(Box::new(Form::escalate(on))),
            Open::InterestTerms { debtor_id, name, regime, rate_bp } => {
                Layer::Form(Box::new(Form::interest_terms(debtor_id, &name, regime, rate_bp)))
            }
            Open::Waive { debtor_id, invoice_id, on } => {
                Layer::Form(Box::new(Form::waive(debtor_id, invoice_id, &on)))
            }
            Open::Hold { on, title } => Layer::Form(Box::new(Form::hold(on, title))),
            Open::Override { failing, hint } => {
                Layer::Form(Box::new(Form::override_reason(&failing, hint)))
            }
            Open::Confirm { question, yes, no } => {
                Layer::Confirm(Box::new(Confirm { question, yes, no }))
            }
            Open::PreCall { account, checks } => {
                Layer::PreCall(Box::new(PreCall::new(account, &cx.rules.checklist, checks)))
            }
            Open::Call(started) => Layer::Call(Box::new(LiveCall::new(*started))),
            Open::WrapUp(of) => Layer::WrapUp(Box::new(WrapUpForm::new(*of, cx))),
            Open::Triage => {
                let (triage, reads) = Triage::open(cx);
                return (Layer::Triage(Box::new(triage)), reads);
            }
            Open::Picker { on, agents } => Layer::Picker(Box::new(Picker::assign(on, &agents))),
            Open::Why { title, lines } => Layer::Why(WhyView { title, lines }),
            Open::Help => Layer::Help(HelpView::default()),
            Open::HelpFor(scope) => Layer::Help(HelpView::first(scope)),
        };
        (layer, Vec::new())
    }
}
