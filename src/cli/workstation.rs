//! Opening the full-screen workstation from the command line.

use super::{Context, Failure};
use crate::app::App;
use crate::domain::Policy;
use crate::tui;

pub fn run(ctx: Context, policy: Policy) -> Result<(), Failure> {
    let store = ctx.open_store()?;
    let me = ctx.agent(&store)?;
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut app = App::new(store, me, ctx.clock, policy, color);
    let stop = tui::stop_flag();
    let (mut terminal, guard) =
        tui::enter().map_err(|e| Failure::Runtime(format!("cannot use this terminal: {e}")))?;
    let result = match std::env::var("RECOUP_FAULT_PANIC_KEY") {
        Ok(key) => {
            let mut events = tui::PanicOnKey::new(tui::TerminalEvents, &key);
            tui::run(&mut terminal, &mut events, &mut app, &stop)
        }
        Err(_) => tui::run(&mut terminal, &mut tui::TerminalEvents, &mut app, &stop),
    };
    drop(guard);
    result.map_err(|e| Failure::Runtime(format!("terminal error: {e}")))
}
