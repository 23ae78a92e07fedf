//! `recoup agent key add NAME PUBKEY_FILE`, `agent key list`, `agent key
//! remove NAME FINGERPRINT`: the public keys agents log in to `recoup serve`
//! with. Registering and removing keys is for a lead, or, at the desk's own
//! command line, for the Unix user who owns the book (the service account);
//! over SSH only a lead may (the server marks the commands it runs).

use std::io::Read;
use std::path::Path;

use super::args::KeyAction;
use super::import::read_regular;
use super::{Context, Failure};
use crate::domain::text::clean;
use crate::serve::{exec::SERVED, pubkey};
use crate::store::{KeyAdmin, Store};

/// A public key is one line: anything much longer is not one.
const MAX_KEY_FILE: u64 = 64 * 1024;

pub fn run(ctx: &Context, action: KeyAction) -> Result<(), Failure> {
    match action {
        KeyAction::Add { name, file } => add(ctx, &name, &file),
        KeyAction::List => list(ctx),
        KeyAction::Remove { name, fingerprint } => remove(ctx, &name, &fingerprint),
    }
}

fn add(ctx: &Context, name: &str, file: &Path) -> Result<(), Failure> {
    let (text, shown) = if file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().take(MAX_KEY_FILE).read_to_end(&mut bytes)?;
        (bytes, "standard input".to_owned())
    } else {
        (read_regular(file, "the key file ")?, file.display().to_string())
    };
    let text = String::from_utf8(text).map_err(|_| {
        Failure::BadInput(format!("{} is not a public key (not text)", clean(&shown)))
    })?;
    let key = pubkey::parse(&text, &clean(&shown)).map_err(Failure::BadInput)?;
    let store = ctx.open_existing_store()?;
    let by = admin(ctx, &store, "register keys")?;
    let agent = store.add_agent_key(name, &key, by, ctx.clock.now_utc())?;
    println!("added key {} for {}", key.fingerprint, agent.name);
    Ok(())
}

fn list(ctx: &Context) -> Result<(), Failure> {
    let store = ctx.open_existing_store()?;
    for k in store.agent_keys()? {
        let algorithm = k.public_key.split(' ').next().unwrap_or("");
        println!(
            "{}\t{}\t{algorithm}\t{}\t{}",
            clean(&k.agent),
            k.fingerprint,
            clean(&k.comment),
            k.added_at
        );
    }
    Ok(())
}

fn remove(ctx: &Context, name: &str, fingerprint: &str) -> Result<(), Failure> {
    let store = ctx.open_existing_store()?;
    let by = admin(ctx, &store, "remove keys")?;
    let agent = store.remove_agent_key(name, fingerprint, by, ctx.clock.now_utc())?;
    println!("removed key {fingerprint} of {}", agent.name);
    Ok(())
}

/// Who may manage keys: over SSH a lead; at the desk's command line a lead
/// (`--agent`) or the book's owner.
pub(crate) fn admin(ctx: &Context, store: &Store, what: &str) -> Result<KeyAdmin, Failure> {
    if std::env::var_os(SERVED).is_some() {
        return Ok(KeyAdmin::Lead(ctx.lead(store, what)?.id));
    }
    if let Some(me) = store.agent_by_name(&ctx.agent_name)?
        && me.is_lead()
    {
        return Ok(KeyAdmin::Lead(me.id));
    }
    if owns(&ctx.db) {
        return Ok(KeyAdmin::ServiceAccount);
    }
    Err(Failure::BadInput(format!(
        "only a lead, or the owner of {} (the desk's service account), can {what}; {} is not a lead",
        ctx.db.display(),
        clean(&ctx.agent_name)
    )))
}

/// Whether this process runs as the Unix user who owns the book (or root).
fn owns(book: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        me == 0 || std::fs::metadata(book).is_ok_and(|m| m.uid() == me)
    }
    #[cfg(not(unix))]
    {
        let _ = book;
        false
    }
}
