//! `recoup map add NAME FILE [--replace]`, `map list`, `map show NAME`, `map
//! remove NAME`: import maps kept in the book by name, for `import KIND FILE
//! --map NAME` (over SSH too, where a path would name the desk's files).
//! Adding and removing are for a lead, or at the desk's own command line
//! for the book's owner (the service account), as for keys; a map is
//! checked as `--map FILE` checks it before anything is written.

use std::io::Read;
use std::path::Path;

use super::args::MapAction;
use super::import::read_regular;
use super::{Context, Failure, agent_key};
use crate::domain::text::clean;
use crate::import::map::{MAX_MAP_BYTES, check_map_name, check_map_text};
use crate::store::{KeyAdmin, MapAdded, Store};

pub fn run(ctx: &Context, action: MapAction) -> Result<(), Failure> {
    match action {
        MapAction::Add { name, file, replace } => add(ctx, &name, &file, replace),
        MapAction::List => list(ctx),
        MapAction::Show { name } => show(ctx, &name),
        MapAction::Remove { name } => remove(ctx, &name),
    }
}

/// A map's text from a file or standard input (`-`), checked as `--map
/// FILE` checks it; problems name the file (`-` for standard input).
pub(crate) fn read_map(file: &Path) -> Result<String, Failure> {
    let shown = clean(&file.display().to_string()).into_owned();
    let bytes = if file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().take(MAX_MAP_BYTES as u64 + 1).read_to_end(&mut bytes)?;
        bytes
    } else {
        read_regular(file, "the map ")?
    };
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::BadInput(format!("the map {shown} is not UTF-8 text")))?;
    check_map_text(&text).map_err(|e| Failure::BadInput(format!("{shown}: {e}")))?;
    Ok(text)
}

fn add(ctx: &Context, name: &str, file: &Path, replace: bool) -> Result<(), Failure> {
    check_map_name(name).map_err(Failure::BadInput)?;
    let text = read_map(file)?;
    let store = ctx.open_existing_store()?;
    let by = admin(ctx, &store, "add maps")?;
    let summary = summary(&text);
    match store.add_import_map(name, &text, replace, by, ctx.clock.now_utc())? {
        MapAdded::Added => println!("added map {name} ({summary})"),
        MapAdded::Replaced => println!("replaced map {name} ({summary})"),
        MapAdded::Unchanged => println!("map {name} is unchanged"),
    }
    Ok(())
}

fn list(ctx: &Context) -> Result<(), Failure> {
    let store = ctx.open_existing_store()?;
    for map in store.import_maps()? {
        let by = map.added_by.as_deref().unwrap_or("service account");
        println!("{}\t{}\t{}\t{}", map.name, clean(by), map.added_at, summary(&map.text));
    }
    Ok(())
}

fn show(ctx: &Context, name: &str) -> Result<(), Failure> {
    let store = ctx.open_existing_store()?;
    let map = store.import_map(name)?;
    // Checked for control characters when added: printed as it is.
    print!("{}", map.text);
    Ok(())
}

fn remove(ctx: &Context, name: &str) -> Result<(), Failure> {
    let store = ctx.open_existing_store()?;
    let by = admin(ctx, &store, "remove maps")?;
    store.remove_import_map(name, by, ctx.clock.now_utc())?;
    println!("removed map {name}");
    Ok(())
}

/// What a map reads, for `add` and `list`.
fn summary(text: &str) -> String {
    match crate::import::ImportMap::parse(text) {
        Ok(map) => map.summary(),
        Err(e) => clean(&format!("not readable now: {e}")).into_owned(),
    }
}

/// Who may add or remove maps: as for keys (`agent_key::admin`), except
/// that naming an agent who is not a lead (`--agent alice`) is refused even
/// to the book's owner: whoever says they are alice acts as alice.
fn admin(ctx: &Context, store: &Store, what: &str) -> Result<KeyAdmin, Failure> {
    if let Some(me) = store.agent_by_name(&ctx.agent_name)?
        && !me.is_lead()
    {
        return Err(Failure::BadInput(format!("only a lead can {what}; {} is an agent", me.name)));
    }
    agent_key::admin(ctx, store, what)
}
