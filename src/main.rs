//! recoup's entry point: parse the command line, set up logging and the
//! panic hook, dispatch, and turn failures into exit codes.

use std::io::Write;
use std::path::Path;

use clap::Parser;

use recoup::cli::args::{AgentAction, Cli, Command, NoteAction, ReportKind, RulesAction};
use recoup::cli::report::{DayFlag, Format};
use recoup::cli::{self, Context, Failure};
use recoup::clock::{Clock, ShiftedClock, SystemClock};
use recoup::config::{Config, Paths};
use recoup::demo::DemoOptions;
use recoup::store::AgingBy;

fn main() {
    std::process::exit(run());
}

fn run() -> i32 {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        // --help and --version, printed as clap prints them.
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return 0;
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{}", cli::usage::one_line(&e, &args));
            return 2;
        }
    };
    let paths = Paths::platform();
    let log = std::env::var_os("RECOUP_LOG").map(Into::into).unwrap_or_else(|| paths.log_file());
    init_logging(&log);
    install_panic_hook(log.clone());
    match dispatch(cli, paths) {
        Ok(()) => 0,
        Err(failure) => {
            tracing::error!("{failure}");
            let help = match failure {
                Failure::Usage(_) => format!("; see '{} --help'", cli::usage::command_name(&args)),
                _ => String::new(),
            };
            // Never panic here: stderr may be a terminal that has gone away.
            let _ = writeln!(std::io::stderr(), "recoup: {failure}{help}");
            failure.exit_code()
        }
    }
}

/// Where letters' templates and PDFs are, and how mail goes: the config
/// directory's `letters/` (beside `--config` when one is given).
fn set_letters_place(config_path: Option<&Path>, config: &Config, paths: &Paths) {
    let config_dir = match config_path {
        Some(path) => path.parent().map(Path::to_path_buf).unwrap_or_default(),
        None => paths.config_dir.clone(),
    };
    recoup::letters::place::set(recoup::letters::place::Place {
        templates: Some(config_dir.join("letters")),
        pdf_dir: config.pdf_dir.clone().unwrap_or_else(|| paths.data_dir.join("letters")),
        mail: config.mail.clone(),
        strategies: Some(config_dir.join("strategies")),
    });
}

fn dispatch(cli: Cli, paths: Paths) -> Result<(), Failure> {
    let config = match &cli.config {
        Some(path) => Config::load(path, true),
        None => Config::load(&paths.default_config(), false),
    }
    .map_err(|e| Failure::BadInput(e.to_string()))?;
    let clock: Box<dyn Clock> = match std::env::var("RECOUP_NOW") {
        Ok(text) => Box::new(ShiftedClock::starting_at(&text).ok_or_else(|| {
            Failure::BadInput(format!(
                "RECOUP_NOW={} is not an RFC 3339 time",
                recoup::domain::text::quote(&text)
            ))
        })?),
        Err(_) => Box::new(SystemClock),
    };
    let db = cli
        .db
        .clone()
        .unwrap_or_else(|| if cli.demo { paths.demo_db() } else { paths.default_db() });
    let agent_name = cli
        .agent
        .clone()
        .or_else(|| cli.demo.then(|| "alice".to_owned()))
        .or_else(|| config.agent.clone())
        .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| "agent".to_owned());
    set_letters_place(cli.config.as_deref(), &config, &paths);
    let ctx = Context { paths, config, db, agent_name, clock };
    if cli.command.is_some() {
        restore_sigpipe();
    }
    // `--demo` stands for the demo book, made on first use, for every command.
    if cli.demo && !matches!(cli.command, Some(Command::Demo { .. })) {
        cli::demo::ensure(&ctx)?;
    }
    match cli.command {
        None => cli::workstation::run(ctx),
        Some(Command::Demo { debtors, seed }) => {
            cli::demo::run(&ctx, DemoOptions { debtors, seed })
        }
        Some(Command::Import { kind, file, map, delimiter, dry_run, create_debtors }) => {
            let opts = cli::import::Options {
                kind,
                file: &file,
                map: map.as_deref(),
                delimiter: delimiter.as_deref(),
                dry_run,
                create_debtors,
            };
            cli::import::run(&ctx, &opts).map(|_| ())
        }
        Some(Command::Export { kind, out, flags }) => {
            cli::export::run(&ctx, kind, out.as_deref(), flags)
        }
        Some(Command::Note { action: NoteAction::Add { debtor_ref, text } }) => {
            cli::note::add(&ctx, &debtor_ref, &text)
        }
        Some(Command::Agent { action }) => match action {
            AgentAction::Add { name, role } => cli::agent::add(&ctx, &name, role),
            AgentAction::List => cli::agent::list(&ctx),
            AgentAction::Key { action } => cli::agent_key::run(&ctx, action),
        },
        Some(Command::Report { kind, as_of, from, to, by, format }) => {
            report(&ctx, kind, [as_of, from, to], by, format)
        }
        Some(Command::Rules { action: RulesAction::Show }) => cli::rules::show(&ctx),
        Some(Command::Rules { action: RulesAction::Set { key, value } }) => {
            cli::rules::set(&ctx, &key, &value)
        }
        Some(Command::Map { action }) => cli::map::run(&ctx, action),
        Some(Command::Rates { action }) => cli::rates::run(&ctx, action),
        Some(Command::Letters { action }) => cli::letters::run_action(&ctx, action),
        Some(Command::Outbox { action }) => cli::outbox::run(&ctx, action),
        Some(Command::Strategy { action }) => cli::strategy::run(&ctx, action),
        Some(Command::Check { audit_row }) => cli::check::run(&ctx, audit_row.as_deref()),
        Some(Command::Serve { listen }) => cli::serve::run(ctx, &listen, cli.config),
    }
}

/// `recoup report KIND`: the date flags are read before any book opens.
fn report(
    ctx: &Context,
    kind: ReportKind,
    [as_of, from, to]: [Option<String>; 3],
    by: Option<AgingBy>,
    format: Format,
) -> Result<(), Failure> {
    let as_of = DayFlag::read("--as-of", as_of.as_deref())?;
    let from = DayFlag::read("--from", from.as_deref())?;
    let to = DayFlag::read("--to", to.as_deref())?;
    let (as_of, from, to) = (as_of.as_ref(), from.as_ref(), to.as_ref());
    match kind {
        ReportKind::Promises => cli::report::promises(ctx, as_of, from, format),
        ReportKind::Aging => {
            cli::report_aging::run(ctx, as_of, by.unwrap_or(AgingBy::Total), format)
        }
        ReportKind::Agents => cli::report_agents::run(ctx, from, to.or(as_of), format),
        ReportKind::Kpi => cli::report_kpi::run(ctx, from, to.or(as_of), format),
        ReportKind::Interest => cli::report_interest::run(ctx, as_of, format),
    }
}

/// Commands that print (exports, reports) stop quietly when the reader goes
/// away, as in `recoup report aging | head`, like other Unix tools.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: resetting a signal to its default action before any threads start.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Logs go to a file, never to the terminal the workstation owns.
fn init_logging(path: &Path) {
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    // The log holds customer data: readable by its owner only.
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let Ok(file) = options.open(path) else {
        return;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A log made before this rule keeps no wider mode either.
        let _ = file.set_permissions(std::fs::Permissions::from_mode(0o600));
    }
    let _ = tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("RECOUP_LOG_LEVEL")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .try_init();
}

/// On a panic: restore the terminal first, log the panic, and say where.
fn install_panic_hook(log: std::path::PathBuf) {
    std::panic::set_hook(Box::new(move |info| {
        recoup::tui::restore();
        let backtrace = std::backtrace::Backtrace::force_capture();
        tracing::error!("panic: {info}\n{backtrace}");
        let _ = writeln!(
            std::io::stderr(),
            "recoup stopped because of a bug: {info}\nThe details are in {}. Notes typed so far were saved as drafts.",
            log.display()
        );
    }));
}

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
