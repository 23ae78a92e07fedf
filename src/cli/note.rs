//! `recoup note add DEBTOR_REF TEXT`: append a note from a script or dialer.

use super::{Context, Failure};

pub fn add(ctx: &Context, debtor_ref: &str, text: &str) -> Result<(), Failure> {
    let store = ctx.open_existing_store()?;
    let agent = ctx.agent(&store)?;
    store.add_note_by_ref(debtor_ref, agent.id, text, ctx.clock.now_utc())?;
    Ok(())
}
