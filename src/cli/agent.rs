//! `recoup agent add NAME [--role agent|lead]` and `recoup agent list`.

use super::{Context, Failure};
use crate::domain::people::Role;

pub fn add(ctx: &Context, name: &str, role: Role) -> Result<(), Failure> {
    let store = ctx.open_store()?;
    let by = store.agent_by_name(&ctx.agent_name)?;
    if store.agents()?.is_empty() {
        // The first agent of a new database is whoever is named here.
        store.add_agent(name, role, None, ctx.clock.now_utc())?;
        return Ok(());
    }
    match by {
        Some(lead) if lead.is_lead() => {
            store.add_agent(name, role, Some(lead.id), ctx.clock.now_utc())?;
            Ok(())
        }
        Some(agent) => Err(Failure::BadInput(format!(
            "only a lead can add agents; {} is an agent",
            agent.name
        ))),
        None => Err(Failure::BadInput(format!(
            "there is no agent called {:?}; run as a lead with --agent NAME",
            ctx.agent_name
        ))),
    }
}

pub fn list(ctx: &Context) -> Result<(), Failure> {
    let store = ctx.open_store()?;
    for a in store.agents()? {
        println!("{}\t{}", a.name, a.role);
    }
    Ok(())
}
