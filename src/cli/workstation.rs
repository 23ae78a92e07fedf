//! Opening the full-screen workstation from the command line.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{Context, Failure};
use crate::app::{App, Rules};
use crate::domain::checklist::Checklist;
use crate::tui;

/// The workstation's texts and the agent's dial command; the checklist from
/// the config directory when there is one there. The book's rules are read
/// from the book by `App`.
pub fn rules(ctx: &Context) -> Result<Rules, Failure> {
    let path = ctx.paths.config_dir.join("checklist.toml");
    let checklist = match std::fs::read_to_string(&path) {
        Ok(text) => Checklist::parse(&text).map_err(|e| {
            Failure::BadInput(format!("{} is not a valid checklist: {e}", path.display()))
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Checklist::default_list(),
        Err(e) => {
            return Err(Failure::BadInput(format!("cannot read {}: {e}", path.display())));
        }
    };
    Ok(Rules { checklist, dial_command: ctx.config.dial_command.clone(), ..Rules::default() })
}

pub fn run(ctx: Context) -> Result<(), Failure> {
    let rules = rules(&ctx)?;
    let store = ctx.open_store()?;
    // The outbox is sent from here while `[mail]` is set (and no other
    // process on this book is sending it).
    let stop_sender = Arc::new(AtomicBool::new(false));
    let clock = super::serve::server_clock();
    let _sender = crate::letters::sender::spawn(
        std::path::absolute(&ctx.db).unwrap_or_else(|_| ctx.db.clone()),
        &crate::letters::place::get().mail,
        Arc::new(move || clock.now_utc()),
        stop_sender.clone(),
    );
    let me = ctx.agent(&store)?;
    // The day's collection strategies, at the rollover (when on, and not
    // yet run today by another process).
    let clock = super::serve::server_clock();
    let _strategies = crate::strategy::daily::spawn(
        std::path::absolute(&ctx.db).unwrap_or_else(|_| ctx.db.clone()),
        me.clone(),
        Arc::new(move || clock.now_utc()),
        stop_sender.clone(),
    );
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut app = App::new(store, me, ctx.clock, rules, color)
        .map_err(|e| Failure::Runtime(format!("cannot open the workstation: {e}")))?;
    let stop = tui::stop_flag();
    let (mut terminal, guard) =
        tui::enter().map_err(|e| Failure::Runtime(format!("cannot use this terminal: {e}")))?;
    #[cfg(feature = "faults")]
    let result = match std::env::var("RECOUP_FAULT_PANIC_KEY") {
        Ok(key) => {
            let terminal_events = tui::TerminalEvents::start();
            app.set_waker(terminal_events.waker());
            let mut events = tui::PanicOnKey::new(terminal_events, &key);
            tui::run(&mut terminal, &mut events, &mut app, &stop)
        }
        Err(_) => {
            let mut events = tui::TerminalEvents::start();
            app.set_waker(events.waker());
            tui::run(&mut terminal, &mut events, &mut app, &stop)
        }
    };
    #[cfg(not(feature = "faults"))]
    let result = {
        let mut events = tui::TerminalEvents::start();
        app.set_waker(events.waker());
        tui::run(&mut terminal, &mut events, &mut app, &stop)
    };
    if tui::terminal_hung_up() {
        // ratatui's Terminal prints to stderr when it cannot show the cursor
        // on drop, which panics on a terminal that is gone.
        std::mem::forget(terminal);
    } else {
        drop(terminal);
    }
    drop(guard);
    stop_sender.store(true, Ordering::Relaxed);
    match result {
        // The window closed or the session dropped: everything typed is
        // already saved; nothing to report to a terminal that is gone.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe || tui::terminal_hung_up() => {
            tracing::info!("terminal closed: {e}");
            Ok(())
        }
        other => other.map_err(|e| Failure::Runtime(format!("terminal error: {e}"))),
    }
}
