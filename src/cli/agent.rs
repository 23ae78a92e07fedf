//! `recoup agent add NAME [--role agent|lead]` and `recoup agent list`.

use super::{Context, Failure};
use crate::domain::people::Role;
use crate::domain::text::clean;

/// Adds an agent. Only leads may; on a new database the person running the
/// command becomes its first user, a lead, as DESIGN.md §2 says.
pub fn add(ctx: &Context, name: &str, role: Role) -> Result<(), Failure> {
    let store = ctx.open_store()?;
    let was_empty = store.agents()?.is_empty();
    let by = ctx.agent(&store)?;
    if was_empty && by.name.eq_ignore_ascii_case(name) {
        println!("{name} is the first user of this database, and a lead");
        return Ok(());
    }
    if !by.is_lead() {
        return Err(Failure::BadInput(format!(
            "only a lead can add agents; {} is an agent",
            by.name
        )));
    }
    store.add_agent(name, role, Some(by.id), ctx.clock.now_utc())?;
    println!("added {name} ({role})");
    Ok(())
}

pub fn list(ctx: &Context) -> Result<(), Failure> {
    let store = ctx.open_existing_store()?;
    for a in store.agents()? {
        // Names from before they were restricted may hold anything.
        println!("{}\t{}", clean(&a.name), a.role);
    }
    Ok(())
}
