//! `recoup rules show` and `recoup rules set KEY VALUE`: the book's time zone
//! and the rules that shape shared figures, changed only by a lead.

use super::{Context, Failure};
use crate::domain::book::KEYS;
use crate::domain::text::clean;

pub fn show(ctx: &Context) -> Result<(), Failure> {
    let store = ctx.open_existing_store()?;
    let rules = store.book_rules()?;
    let width = KEYS.iter().map(|k| k.len()).max().unwrap_or(0);
    for (key, value) in rules.pairs() {
        println!("{key:<width$}  {value}");
    }
    Ok(())
}

pub fn set(ctx: &Context, key: &str, value: &str) -> Result<(), Failure> {
    let store = ctx.open_existing_store()?;
    let lead = ctx.lead(&store, "change the book's rules")?;
    let change = store.set_rule(key, value, &lead, ctx.clock.now_utc())?;
    if change.before == change.after {
        eprintln!("{key} is already {}", change.after);
    } else {
        // A value set right may have been anything someone wrote into the book.
        let before = clean(&change.before);
        eprintln!("{key}: {before} → {} (for everyone working this book)", change.after);
    }
    Ok(())
}
