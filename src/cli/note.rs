//! `recoup note add DEBTOR_REF TEXT`: append a note from a script or dialer.

use super::{Context, Failure};
use crate::domain::text::{describe, first_unsafe_in_lines, quote};

pub fn add(ctx: &Context, debtor_ref: &str, text: &str) -> Result<(), Failure> {
    // Refused before the book is opened: as in imports, text takes no
    // control characters, but a note keeps its line breaks and tabs.
    if let Some((at, c)) = first_unsafe_in_lines(text) {
        return Err(Failure::BadInput(format!(
            "the note {} contains {} at character {at}; a note takes no control characters but line breaks and tabs",
            quote(text),
            describe(c)
        )));
    }
    let store = ctx.open_existing_store()?;
    let agent = ctx.agent(&store)?;
    store.add_note_by_ref(debtor_ref, agent.id, text, ctx.clock.now_utc())?;
    Ok(())
}
