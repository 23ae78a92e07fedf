//! The clap definitions of recoup's command line (DESIGN.md §4).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::cli::report::Format;
use crate::domain::people::Role;
use crate::import::Kind;
use crate::store::{AgingBy, ExportKind};

#[derive(Debug, Parser)]
#[command(
    name = "recoup",
    version,
    about = "A terminal workstation for commercial debt collection",
    after_help = "Without a command, opens the workstation."
)]
pub struct Cli {
    /// The database file (default: recoup.sqlite in the data directory).
    #[arg(long, global = true, env = "RECOUP_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Who is working (default: `agent` in the config, else $USER).
    #[arg(long, global = true, value_name = "NAME")]
    pub agent: Option<String>,
    /// The config file (default: config.toml in the config directory).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Open the workstation on a demo book (created on first use).
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a generated demo book (also used for benchmarks).
    Demo {
        /// Number of debtors (about ten invoices each).
        #[arg(long, default_value_t = 1000)]
        debtors: usize,
        /// Seed: the same seed and day give the same book.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Import a CSV file with recoup's own column names.
    Import {
        kind: Kind,
        file: PathBuf,
        /// Read an accounting system's own columns and dates: a map kept in
        /// the book (`recoup map list`), or a TOML file (a path with a / or a .).
        #[arg(long, value_name = "NAME|MAP.toml")]
        map: Option<PathBuf>,
        /// The field separator: , ; | or tab (detected from the header otherwise).
        #[arg(long, value_name = "CHAR")]
        delimiter: Option<String>,
        /// Check the file and report what would change, writing nothing.
        #[arg(long)]
        dry_run: bool,
        /// Create debtors named by invoices or payments that are not known yet.
        #[arg(long)]
        create_debtors: bool,
    },
    /// Export records as CSV.
    Export {
        kind: ExportKind,
        /// Write to this file instead of standard output (never the database).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[command(flatten)]
        flags: ExportFlags,
    },
    /// Notes from scripts and dialers.
    Note {
        #[command(subcommand)]
        action: NoteAction,
    },
    /// Manage agents.
    Agent {
        #[command(subcommand)]
        action: AgentAction,
    },
    /// Reports for team leads, as a table or CSV.
    Report {
        kind: ReportKind,
        /// Figures as of this day (default today). Every DATE is YYYY-MM-DD,
        /// today, yesterday, tomorrow, or +N / -N days from today.
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        as_of: Option<String>,
        /// Start of the period (default the first of the as-of month; `kpi`
        /// without --from and --to covers the last full month).
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        from: Option<String>,
        /// End of the period for `agents` and `kpi` (default the as-of date).
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        to: Option<String>,
        /// Group the aging report by agent or by debtor (default: one total).
        #[arg(long, value_enum)]
        by: Option<AgingBy>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The book's time zone and shared rules (a lead sets them).
    Rules {
        #[command(subcommand)]
        action: RulesAction,
    },
    /// Serve the book over SSH: each agent logs in with their own key.
    Serve {
        /// The address and port to listen on (0.0.0.0:2222 for a whole desk).
        #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:2222")]
        listen: String,
    },
    /// Import maps kept in the book by name (`import --map NAME`).
    Map {
        #[command(subcommand)]
        action: MapAction,
    },
    /// Reference rates for late-payment interest (boe_base, ecb_refi).
    Rates {
        #[command(subcommand)]
        action: RatesAction,
    },
    /// Letters and statements: list the templates, render one, send one to
    /// many debtors.
    Letters {
        #[command(subcommand)]
        action: LettersAction,
    },
    /// The outbox every letter goes through: list it, send what is due,
    /// retry or cancel a message.
    Outbox {
        #[command(subcommand)]
        action: OutboxAction,
    },
    /// Collection strategies: list and show them, store one in the book,
    /// set a debtor's, run the day's steps or preview the next days.
    Strategy {
        #[command(subcommand)]
        action: StrategyAction,
    },
    /// Check the database's integrity.
    Check {
        /// An audit row noted from an earlier check (its `last ROW:HASH`):
        /// the log must still hold that row with that hash.
        #[arg(long, value_name = "ROW:HASH")]
        audit_row: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// List every rule and its value.
    Show,
    /// Set one rule for everyone working the book (leads only; audited).
    Set {
        /// timezone, grace_days, escalation_days, calling_hours, calling_days,
        /// max_attempts_7d, allocation_order, or priority.per_100_overdue and
        /// the other weights.
        key: String,
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
}

/// How an export is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::Args)]
pub struct ExportFlags {
    /// Replace the --out file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Neutralise cells a spreadsheet would run as formulas (= + - @ first):
    /// for opening in Excel, not for importing back.
    #[arg(long)]
    pub spreadsheet: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportKind {
    /// Open receivables by aging bucket as of a date.
    Aging,
    /// Promises due in the period, per agent: kept, partly kept, broken.
    Promises,
    /// Per agent: accounts, overdue, contacts, right-party contacts, promises kept.
    Agents,
    /// DSO, best possible DSO, average days delinquent and CEI for a period.
    Kpi,
    /// Late-payment interest and compensation per late invoice as of a date.
    Interest,
}

#[derive(Debug, Subcommand)]
pub enum NoteAction {
    /// Append a note to a debtor.
    Add {
        /// The debtor's ref (account number).
        debtor_ref: String,
        /// The note text.
        text: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AgentAction {
    /// Add an agent.
    Add {
        name: String,
        #[arg(long, value_enum, default_value_t = Role::Agent)]
        role: Role,
    },
    /// List the agents.
    List,
    /// The agents' SSH keys for `recoup serve` (leads, or the book's owner).
    Key {
        #[command(subcommand)]
        action: KeyAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeyAction {
    /// Register an agent's public key (a .pub file; - for standard input).
    Add {
        name: String,
        #[arg(value_name = "PUBKEY_FILE")]
        file: PathBuf,
    },
    /// List every registered key.
    List,
    /// Remove one of an agent's keys, named by its fingerprint (SHA256:...).
    Remove { name: String, fingerprint: String },
}

#[derive(Debug, Subcommand)]
pub enum RatesAction {
    /// Add or change rates from a CSV file `rate,effective_on,percent` (-
    /// for standard input; leads only; all or nothing; audited).
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// List every rate, by series and day.
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Debug, Subcommand)]
pub enum LettersAction {
    /// The templates there are (the defaults and the desk's own).
    List,
    /// A letter to one debtor as text (or as a PDF with --pdf FILE), without
    /// sending it.
    Render {
        template: String,
        debtor_ref: String,
        /// Write the PDF here instead of printing the text.
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
    },
    /// Send TEMPLATE to every debtor the filter holds (leads only): by
    /// email where there is an address, else as a PDF in --pdf-dir.
    Send {
        template: String,
        /// `overdue`, `all`, `bucket:31-60`, `agent:NAME`, `debtor:REF`;
        /// several, comma-separated, must all hold.
        #[arg(long, default_value = "overdue")]
        filter: String,
        /// Say what would be sent; send nothing.
        #[arg(long)]
        dry_run: bool,
        /// Where PDFs go (default: the data directory's letters/).
        #[arg(long, value_name = "DIR")]
        pdf_dir: Option<PathBuf>,
        /// PDFs for everyone, no email.
        #[arg(long)]
        pdf: bool,
        /// Send even to debtors sent this template today.
        #[arg(long)]
        again: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum StrategyAction {
    /// Every strategy: the book's, the desk's files, the standard one.
    List,
    /// A strategy's steps, in order.
    Show { name: String },
    /// Keep a strategy (a TOML file; - for standard input) in the book as
    /// NAME, replacing one of that name (leads only; audited).
    Add {
        name: String,
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Set the strategy a debtor follows; `default` for the book's
    /// (leads only; audited).
    Set {
        #[arg(value_name = "DEBTOR_REF")]
        debtor: String,
        name: String,
    },
    /// Take the day's steps (leads only). A day already run takes nothing.
    Run {
        /// With --dry-run: the day to preview from (YYYY-MM-DD, today,
        /// yesterday, +N, -N); a run itself is for today.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// List what would be taken, changing nothing.
        #[arg(long)]
        dry_run: bool,
        /// With --dry-run: also each of the next N days.
        #[arg(long, default_value_t = 0, value_name = "N")]
        days: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum OutboxAction {
    /// Messages, newest first (leads only).
    List {
        /// queued, sending, sent, printed, failed or cancelled.
        #[arg(long)]
        status: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Send every message due now, then stop.
    Send,
    /// Send a failed message again (leads only).
    Retry { id: i64 },
    /// Cancel a message not yet sent (leads only).
    Cancel { id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum MapAction {
    /// Keep a map (a TOML file; - for standard input) in the book as NAME
    /// (leads, or the book's owner; audited).
    Add {
        /// A short word: a-z, 0-9, _ and -.
        name: String,
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Replace the map of that name if there is one.
        #[arg(long)]
        replace: bool,
    },
    /// List the maps: name, added by, when, what they map.
    List,
    /// Print a map's TOML as it was added.
    Show { name: String },
    /// Remove a map (leads, or the book's owner; audited).
    Remove { name: String },
}
