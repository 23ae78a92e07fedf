//! What a connection may ask to run. The server decides the book, the agent
//! and the config, so a client giving `--db`, `--agent` or `--config` is
//! refused, as are commands that belong at the server's own command line
//! (`serve`, `demo`) and paths that would name the server's files: a file
//! is read from standard input (`import invoices -`, `agent key add NAME
//! -`, `map add NAME -`, `rates import -`), an import's map is one kept in the book (`--map
//! NAME`), and an export comes to standard output. Words clap cannot read are
//! passed on, for the command to say what is wrong with them.

use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches};

use crate::cli::args::{
    AgentAction, Cli, Command, KeyAction, LettersAction, MapAction, RatesAction, StrategyAction,
};
use crate::import::map::is_map_name;

/// `Ok` when the words may run as the connection's agent; else why not,
/// in one sentence.
pub fn check(words: &[String]) -> Result<(), String> {
    let argv = std::iter::once("recoup".to_owned()).chain(words.iter().cloned());
    let Ok(matches) = Cli::command().try_get_matches_from(argv) else {
        return Ok(());
    };
    for flag in ["db", "agent", "config"] {
        if given(&matches, flag) {
            return Err(format!(
                "--{flag} is not taken over SSH: the desk decides the book, the config and who you are (your key)"
            ));
        }
    }
    let Ok(cli) = Cli::from_arg_matches(&matches) else {
        return Ok(());
    };
    if cli.demo {
        return Err("--demo is not taken over SSH: the desk serves one book".into());
    }
    command(cli.command.as_ref())
}

fn command(command: Option<&Command>) -> Result<(), String> {
    let stdin = |p: &std::path::Path| p.as_os_str() == "-";
    match command {
        Some(Command::Serve { .. }) => {
            Err("`serve` runs at the desk's own command line, not over SSH".into())
        }
        Some(Command::Demo { .. }) => {
            Err("`demo` writes a new book at the desk's own command line, not over SSH".into())
        }
        Some(Command::Import { file, .. }) if !stdin(file) => Err(
            "over SSH an import reads standard input: `ssh desk import KIND - < FILE` (a path would name a file on the desk)".into(),
        ),
        Some(Command::Import { map: Some(map), .. })
            if !map.to_str().is_some_and(is_map_name) =>
        {
            Err("over SSH --map takes the name of a map kept in the book (`ssh desk map list`); a path would name a file on the desk".into())
        }
        Some(Command::Strategy { action: StrategyAction::Add { file, .. } }) if !stdin(file) => {
            Err("over SSH a strategy is read from standard input: `ssh desk strategy add NAME - < STRATEGY.toml`".into())
        }
        Some(Command::Map { action: MapAction::Add { file, .. } }) if !stdin(file) => {
            Err("over SSH a map is read from standard input: `ssh desk map add NAME - < MAP.toml`".into())
        }
        Some(Command::Rates { action: RatesAction::Import { file } }) if !stdin(file) => {
            Err("over SSH rates are read from standard input: `ssh desk rates import - < rates.csv`".into())
        }
        Some(Command::Letters { action: LettersAction::Render { pdf: Some(_), .. } }) => Err(
            "--pdf would write a file on the desk; over SSH `letters render` prints the text".into(),
        ),
        Some(Command::Letters { action: LettersAction::Send { pdf_dir: Some(_), .. } }) => Err(
            "--pdf-dir would name a directory on the desk; over SSH PDFs go where the desk's config says (pdf_dir)".into(),
        ),
        Some(Command::Export { out: Some(_), .. }) => Err(
            "--out would write a file on the desk; over SSH an export comes to standard output: `ssh desk export KIND > FILE`".into(),
        ),
        Some(Command::Agent { action: AgentAction::Key { action: KeyAction::Add { file, .. } } })
            if !stdin(file) =>
        {
            Err("over SSH a key is read from standard input: `ssh desk agent key add NAME - < KEY.pub`".into())
        }
        _ => Ok(()),
    }
}

/// Whether the client gave `id` on the command line (before or after the
/// subcommand), rather than its default or the server's environment.
fn given(matches: &ArgMatches, id: &str) -> bool {
    let here = matches.ids().any(|i| i.as_str() == id)
        && matches.value_source(id) == Some(ValueSource::CommandLine);
    here || matches.subcommand().is_some_and(|(_, sub)| given(sub, id))
}

#[cfg(test)]
mod tests {
    use super::check;

    fn vet(line: &str) -> Result<(), String> {
        check(&line.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
    }

    #[test]
    fn ordinary_commands_pass() {
        for line in [
            "report aging --format csv",
            "import payments -",
            "export debtors",
            "agent key add bob -",
            "agent key list",
            "import invoices - --map ibm --create-debtors",
            "map add ibm -",
            "map add ibm - --replace",
            "map list",
            "rates import -",
            "rates list --format csv",
            "map show ibm",
            "map remove ibm",
            "note add D-1 hello",
            "letters list",
            "letters render statement D-1",
            "letters send statement --filter overdue --dry-run",
            "outbox list --status failed",
            "strategy run --dry-run --days 14",
            "strategy add gentle -",
            "report --bogus",
            "--help",
        ] {
            assert_eq!(vet(line), Ok(()), "{line}");
        }
    }

    #[test]
    fn what_the_server_decides_is_refused_wherever_it_is_given() {
        for line in [
            "--db /tmp/x report aging",
            "report aging --db /tmp/x",
            "report aging --db=/tmp/x",
            "--agent carol import payments -",
            "import payments - --agent carol",
            "note add D-1 hi --config /etc/passwd",
        ] {
            let err = vet(line).unwrap_err();
            assert!(err.contains("is not taken over SSH"), "{line}: {err}");
        }
        for (line, part) in [
            ("--demo report aging", "--demo"),
            ("demo --db x", "--db"),
            ("demo", "`demo`"),
            ("serve", "`serve`"),
            ("serve --listen 0.0.0.0:22", "`serve`"),
            ("import payments /etc/passwd", "reads standard input"),
            ("import invoices - --map /etc/map.toml", "--map takes the name of a map"),
            ("import invoices - --map ibm.toml", "a path would name a file"),
            ("import invoices - --map ./ibm", "a path would name a file"),
            ("map add ibm /etc/passwd", "a map is read from standard input"),
            ("rates import /etc/passwd", "rates are read from standard input"),
            ("export debtors --out /home/recoup/.ssh/x", "--out"),
            ("agent key add bob /etc/ssh/key.pub", "standard input"),
            ("letters render statement D-1 --pdf /home/recoup/.bashrc", "--pdf would write"),
            ("letters send statement --pdf-dir /etc", "--pdf-dir would name"),
            ("strategy add gentle /etc/passwd", "a strategy is read from standard input"),
        ] {
            let err = vet(line).unwrap_err();
            assert!(err.contains(part), "{line}: {err}");
        }
    }
}
