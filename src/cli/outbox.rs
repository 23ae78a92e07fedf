//! `recoup outbox list|send|retry|cancel`: what waits, what failed and
//! why, sending what is due (by the process holding the outbox lock), and
//! a lead's retry or cancel.

use std::sync::atomic::AtomicBool;

use super::args::OutboxAction;
use super::{Context, Failure};
use crate::letters::place;
use crate::letters::sender::{send_due, try_lock};
use crate::letters::transport::MailOut;

const STATUSES: [&str; 6] = ["queued", "sending", "sent", "printed", "failed", "cancelled"];

pub fn run(ctx: &Context, action: OutboxAction) -> Result<(), Failure> {
    match action {
        OutboxAction::List { status, limit } => list(ctx, status.as_deref(), limit),
        OutboxAction::Send => send(ctx),
        OutboxAction::Retry { id } => {
            let store = ctx.open_existing_store()?;
            let lead = ctx.lead(&store, "retry a message")?;
            store.retry_message(id, lead.id, ctx.clock.now_utc())?;
            println!("Message {id} is queued to send again");
            Ok(())
        }
        OutboxAction::Cancel { id } => {
            let store = ctx.open_existing_store()?;
            let lead = ctx.lead(&store, "cancel a message")?;
            store.cancel_message(id, lead.id, ctx.clock.now_utc())?;
            println!("Message {id} is cancelled");
            Ok(())
        }
    }
}

fn list(ctx: &Context, status: Option<&str>, limit: usize) -> Result<(), Failure> {
    if let Some(s) = status.filter(|s| !STATUSES.contains(s)) {
        return Err(Failure::BadInput(format!(
            "--status {s} is not a message status; the statuses are {}",
            STATUSES.join(", ")
        )));
    }
    let store = ctx.open_existing_store()?;
    ctx.lead(&store, "list the outbox")?;
    println!(
        "{:>6}  {:<10}  {:<20}  {:<5}  {:<9}  {:>8}  {:<30}  last error",
        "id", "debtor", "template", "kind", "status", "attempts", "to"
    );
    for r in store.outbox_list(status, limit)? {
        println!(
            "{:>6}  {:<10}  {:<20}  {:<5}  {:<9}  {:>8}  {:<30}  {}",
            r.id,
            r.debtor_ref,
            r.template,
            r.kind,
            r.status,
            r.attempts,
            r.to,
            r.last_error.unwrap_or_default().replace('\n', " ")
        );
    }
    Ok(())
}

fn send(ctx: &Context) -> Result<(), Failure> {
    let out = MailOut::from_config(&place::get().mail)
        .map_err(Failure::BadInput)?
        .ok_or_else(|| {
            Failure::BadInput(
                "no [mail] is set up in the config (smtp = \"host:port\" or sendmail = \"COMMAND\"), so nothing can be sent".into(),
            )
        })?;
    let store = ctx.open_existing_store()?;
    ctx.agent(&store)?;
    let Some(_lock) = try_lock(&ctx.db).map_err(|e| Failure::Runtime(e.to_string()))? else {
        println!("Another recoup is sending this book's outbox; it sends what is due");
        return Ok(());
    };
    let now = || ctx.clock.now_utc();
    store.requeue_abandoned(now())?;
    let stop = AtomicBool::new(false);
    let done = send_due(&store, &out, &now, &stop, |m, result| match result {
        Ok(()) => eprintln!("sent {} to {}", m.id, m.to),
        Err(why) => eprintln!("not sent {} to {}: {why}", m.id, m.to),
    })?;
    println!("{} sent, {} not sent, {} waiting", done.sent, done.failed, store.outbox_waiting()?);
    Ok(())
}
