//! clap's usage errors said as recoup says every error: one line on stderr
//! that names what is wrong and the command whose `--help` explains it
//! (exit 2). clap's own are four or five lines with a usage block.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, Error, ErrorKind};
use clap::{Command, CommandFactory};

use super::args::Cli;
use crate::domain::text::{clean, fit};

/// The line for a usage error, given the arguments it came from:
/// `recoup: unexpected argument '--foo' for 'recoup export'; see 'recoup
/// export --help'`.
pub fn one_line(e: &Error, args: &[OsString]) -> String {
    let mut root = Cli::command();
    root.build();
    let (path, at) = command_path(&root, args);
    let what = describe(e, &path, at).unwrap_or_else(|| collapsed(e));
    format!("recoup: {what}; see '{path} --help'")
}

/// The command the arguments name (`recoup report`), for the `--help`
/// hint after a usage error of recoup's own.
pub fn command_name(args: &[OsString]) -> String {
    let mut root = Cli::command();
    root.build();
    command_path(&root, args).0
}

/// The command the arguments reach (`recoup export`) and its definition:
/// subcommand names, skipping options and the values they take.
fn command_path<'c>(root: &'c Command, args: &[OsString]) -> (String, &'c Command) {
    let mut names = vec![root.get_name().to_owned()];
    let mut at = root;
    let mut rest = args.iter().skip(1);
    while let Some(arg) = rest.next() {
        let arg = arg.to_string_lossy();
        if arg == "--" {
            break;
        }
        if let Some(long) = arg.strip_prefix("--") {
            let takes_value = at
                .get_arguments()
                .find(|a| a.get_long() == Some(long))
                .is_some_and(|a| a.get_action().takes_values());
            if takes_value {
                rest.next();
            }
        } else if !arg.starts_with('-')
            && let Some(sub) = at.find_subcommand(arg.as_ref())
            // `recoup help frob` is about recoup's commands.
            && sub.get_name() != "help"
        {
            names.push(sub.get_name().to_owned());
            at = sub;
        }
    }
    (names.join(" "), at)
}

/// A context value of the error that is one word, shown.
fn one(e: &Error, kind: ContextKind) -> Option<String> {
    match e.get(kind) {
        Some(ContextValue::String(s)) => Some(shown(s)),
        _ => None,
    }
}

/// A context value of the error that may be several words, shown.
fn many(e: &Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.iter().map(|s| shown(s)).collect(),
        Some(ContextValue::String(s)) => vec![shown(s)],
        _ => Vec::new(),
    }
}

fn quoted(items: &[String]) -> String {
    items.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(", ")
}

/// What is wrong, in one clause, for the errors people make; `None` for
/// the rest, which clap's own words describe.
fn describe(e: &Error, path: &str, at: &Command) -> Option<String> {
    let hint =
        [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand, ContextKind::SuggestedValue]
            .into_iter()
            .map(|kind| many(e, kind))
            .find(|s| !s.is_empty())
            .map(|s| format!(" (did you mean {}?)", quoted(&s)))
            .unwrap_or_default();
    Some(match e.kind() {
        ErrorKind::UnknownArgument => {
            format!("unexpected argument '{}' for '{path}'{hint}", one(e, ContextKind::InvalidArg)?)
        }
        ErrorKind::InvalidSubcommand => format!(
            "unknown command '{}' for '{path}'{hint}",
            one(e, ContextKind::InvalidSubcommand)?
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => bad_value(e, &hint)?,
        ErrorKind::MissingRequiredArgument => {
            let missing = many(e, ContextKind::InvalidArg);
            if missing.is_empty() {
                return None;
            }
            format!("missing {} for '{path}'", missing.join(" and "))
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let subs: Vec<_> =
                at.get_subcommands().map(|s| s.get_name()).filter(|name| *name != "help").collect();
            if subs.is_empty() {
                format!("'{path}' needs its arguments")
            } else {
                format!("'{path}' needs a command: {}", subs.join(", "))
            }
        }
        ErrorKind::ArgumentConflict => {
            let arg = one(e, ContextKind::InvalidArg)?;
            let prior = many(e, ContextKind::PriorArg);
            if prior.is_empty() || prior == [arg.clone()] {
                format!("'{arg}' may be given only once")
            } else {
                format!("'{arg}' cannot be used with {}", quoted(&prior))
            }
        }
        ErrorKind::TooManyValues => format!(
            "unexpected value '{}' for '{}'",
            one(e, ContextKind::InvalidValue)?,
            one(e, ContextKind::InvalidArg)?
        ),
        _ => return None,
    })
}

/// A value clap refused: none given, not one of those allowed (which are
/// listed), or not of its type (with why).
fn bad_value(e: &Error, hint: &str) -> Option<String> {
    let arg = one(e, ContextKind::InvalidArg)?;
    let value = one(e, ContextKind::InvalidValue)?;
    if e.kind() == ErrorKind::ValueValidation {
        let why = std::error::Error::source(e)
            .map(|s| format!(": {}", shown(&s.to_string())))
            .unwrap_or_default();
        return Some(format!("invalid value '{value}' for '{arg}'{why}"));
    }
    let valid = many(e, ContextKind::ValidValue);
    let expected = if valid.is_empty() || !hint.is_empty() {
        String::new()
    } else {
        format!(" (expected {})", valid.join(", "))
    };
    Some(if value.is_empty() {
        format!("'{arg}' needs a value{expected}")
    } else {
        format!("invalid value '{value}' for '{arg}'{expected}{hint}")
    })
}

/// clap's own message on one line: no usage block, no help hint.
fn collapsed(e: &Error) -> String {
    let text = e.render().to_string();
    let text = text.split("\nUsage:").next().unwrap_or(&text);
    let text = text.split("\nFor more information").next().unwrap_or(text);
    let parts: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let joined = parts.join(" ");
    let joined = joined.strip_prefix("error: ").unwrap_or(&joined);
    clean(joined).into_owned()
}

/// A word from the command line in a message: cleaned and cut short.
fn shown(text: &str) -> String {
    fit(text, 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(args: &[&str]) -> String {
        let mut root = Cli::command();
        root.build();
        let args: Vec<OsString> = args.iter().map(OsString::from).collect();
        command_path(&root, &args).0
    }

    #[test]
    fn the_command_path_skips_options_and_their_values() {
        assert_eq!(path(&["recoup"]), "recoup");
        assert_eq!(path(&["recoup", "export", "notes", "--foo"]), "recoup export");
        assert_eq!(path(&["recoup", "--agent", "demo", "note", "add"]), "recoup note add");
        assert_eq!(path(&["recoup", "--db=x", "agent", "list"]), "recoup agent list");
        assert_eq!(path(&["recoup", "export", "--db", "report", "notes"]), "recoup export");
        assert_eq!(path(&["recoup", "--", "export"]), "recoup");
        assert_eq!(path(&["recoup", "help", "frob"]), "recoup");
        assert_eq!(path(&["recoup", "report", "aging", "--as-of", "-7x"]), "recoup report");
    }
}
