//! Updates around the contact flow: ticks that keep the lease alive, the
//! call starting, dialling.

use super::action::Effect;
use super::call::LiveCall;
use super::layers::Layer;
use super::model::Model;

/// Each tick keeps a lease alive while the agent works a debtor, and
/// re-reads the automatic checks while the pre-call plan is open.
pub(super) fn tick_effects(model: &Model) -> Vec<Effect> {
    let mut effects = Vec::new();
    let working = model.layers.iter().rev().find_map(|l| match l {
        // A call taken over keeps no lease: it would take it back.
        Layer::Call(c) if c.taken_over.is_some() => None,
        Layer::Call(c) => Some((c.debtor_id, Some(c.call_id))),
        Layer::PreCall(p) => Some((p.debtor_id, None)),
        _ => None,
    });
    if let Some((debtor_id, call_id)) = working {
        effects.push(Effect::Heartbeat { debtor_id, call_id });
    }
    if let Some(Layer::PreCall(p)) = model.layers.last() {
        effects.push(Effect::RefreshChecks(p.debtor_id));
    }
    effects
}

/// Someone else took the debtor over: say so at once, on the call.
pub(super) fn taken_over(model: &mut Model, call_id: i64, taken: crate::store::TakenOver) {
    let offset = *model.now.offset();
    let Some(c) = model.layers.iter_mut().find_map(|l| match l {
        Layer::Call(c) if c.call_id == call_id && c.taken_over.is_none() => Some(c),
        _ => None,
    }) else {
        return;
    };
    let message = format!(
        "{} took over this call at {}: your notes still save, as a note; your wrap-up will not change the next contact",
        taken.by,
        taken.at.with_timezone(&offset).format("%H:%M")
    );
    c.taken_over = Some(taken);
    model.error(message);
}

/// The pre-call plan becomes the live call.
pub(super) fn call_started(
    model: &mut Model,
    call_id: i64,
    started_at: chrono::DateTime<chrono::Utc>,
) -> Vec<Effect> {
    let Some(pos) = model.layers.iter().rposition(|l| matches!(l, Layer::PreCall(_))) else {
        return Vec::new();
    };
    let Layer::PreCall(p) = model.layers.remove(pos) else {
        return Vec::new();
    };
    model.layers.truncate(pos);
    let Some(account) = model.account.as_deref().filter(|a| a.debtor.id == p.debtor_id) else {
        return Vec::new();
    };
    let draft = account.draft.clone().unwrap_or_default();
    let live = LiveCall::new(call_id, started_at, &p.goal(), account, &draft);
    model.layers.push(Layer::Call(Box::new(live)));
    let mut effects = Vec::new();
    match (&model.rules.dial_command, p.phone()) {
        (Some(_), Some(phone)) => {
            model.info(format!("On call with {}: dialling {phone}", p.debtor_name));
            effects.push(Effect::Dial(phone));
        }
        _ => model.info(format!("On call with {}", p.debtor_name)),
    }
    effects
}

/// `D`: dial the selected debtor's contact without a call.
pub(super) fn dial(model: &mut Model) -> Vec<Effect> {
    let phone = model
        .account
        .as_ref()
        .and_then(|a| a.contacts.first())
        .map(|c| c.phone.clone())
        .filter(|p| !p.is_empty());
    match (&model.rules.dial_command, phone) {
        (None, _) => model.error("No dial_command in the config; see the README"),
        (_, None) => model.error("No phone number for this debtor"),
        (Some(_), Some(phone)) => {
            model.info(format!("Dialling {phone}"));
            return vec![Effect::Dial(phone)];
        }
    }
    Vec::new()
}
