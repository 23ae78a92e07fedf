//! A letter template: a front-matter block (TOML between `---` lines:
//! title, subject, channel, and whether the invoice table and the
//! remittance slip are shown) over a minijinja body. Parsing and rendering
//! are pure; a mistake is one sentence naming the template, the line and
//! the column, counted in the template's own file.

use minijinja::syntax::SyntaxConfig;
use minijinja::{Environment, UndefinedBehavior, value::Serde};
use serde::Deserialize;

use super::Channel;

/// A template that failed: which, where in its file, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("letter template {template}, line {line}, column {column}: {what}")]
pub struct TemplateError {
    pub template: String,
    pub line: usize,
    pub column: usize,
    pub what: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    subject: String,
    channel: Channel,
    #[serde(default = "yes")]
    table: bool,
    #[serde(default = "yes")]
    remittance: bool,
}

fn yes() -> bool {
    true
}

/// A parsed template, ready to render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterTemplate {
    pub name: String,
    pub title: String,
    pub channel: Channel,
    /// The invoice table and the totals are shown.
    pub table: bool,
    /// The remittance slip is shown.
    pub remittance: bool,
    subject: String,
    /// The line (from 1) the subject is on, for its errors.
    subject_line: usize,
    /// The whole file with the front matter blanked out, so that minijinja's
    /// lines and columns are the file's.
    body: String,
}

/// The subject and the prose of one rendering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prose {
    pub subject: String,
    pub body: String,
}

impl LetterTemplate {
    /// Reads a template's text; `name` is what errors call it.
    pub fn parse(name: &str, source: &str) -> Result<LetterTemplate, TemplateError> {
        let fail = |line: usize, column: usize, what: String| TemplateError {
            template: name.to_owned(),
            line,
            column,
            what,
        };
        let source = source.replace("\r\n", "\n");
        let mut lines = source.split_inclusive('\n');
        if lines.next().map(str::trim_end) != Some("---") {
            return Err(fail(
                1,
                1,
                "the first line must be `---`, opening the front matter".into(),
            ));
        }
        let mut front = String::new();
        let mut front_lines = 1;
        let mut closed = false;
        for line in lines.by_ref() {
            front_lines += 1;
            if line.trim_end() == "---" {
                closed = true;
                break;
            }
            front.push_str(line);
        }
        if !closed {
            return Err(fail(front_lines, 1, "the front matter has no closing `---` line".into()));
        }
        let matter: FrontMatter = toml::from_str(&front).map_err(|e| {
            let (line, column) = e.span().map_or((1, 1), |s| line_column(&front, s.start));
            fail(line + 1, column, format!("front matter: {}", e.message()))
        })?;
        let subject_line =
            front.lines().position(|l| l.trim_start().starts_with("subject")).map_or(2, |i| i + 2);
        let body = "\n".repeat(front_lines) + &lines.collect::<String>();
        let template = LetterTemplate {
            name: name.to_owned(),
            title: matter.title,
            channel: matter.channel,
            table: matter.table,
            remittance: matter.remittance,
            subject: matter.subject,
            subject_line,
            body,
        };
        // Syntax errors show now, not at the first letter.
        let env = environment();
        env.template_from_named_str(name, &template.body).map_err(|e| template.error(&e, false))?;
        env.template_from_str(&template.subject).map_err(|e| template.error(&e, true))?;
        Ok(template)
    }

    /// Renders the subject and the prose over `context`; a variable the
    /// context does not have is an error, not an empty string.
    pub fn render(&self, context: &impl serde::Serialize) -> Result<Prose, TemplateError> {
        let env = environment();
        let value = minijinja::Value::from(Serde(context));
        let body = env
            .template_from_named_str(&self.name, &self.body)
            .and_then(|t| t.render(&value))
            .map_err(|e| self.error(&e, false))?;
        let subject = env
            .template_from_str(&self.subject)
            .and_then(|t| t.render(&value))
            .map_err(|e| self.error(&e, true))?;
        Ok(Prose {
            subject: subject.split_whitespace().collect::<Vec<_>>().join(" "),
            body: tidy(&body),
        })
    }

    fn error(&self, e: &minijinja::Error, in_subject: bool) -> TemplateError {
        let mut what = match e.kind() {
            minijinja::ErrorKind::OutOfFuel => {
                "it does more work than one letter may (a loop too long?)".to_owned()
            }
            kind => kind.to_string(),
        };
        if let Some(detail) = e.detail() {
            what = format!("{what} ({detail})");
        }
        let source = if in_subject { &self.subject } else { &self.body };
        let (line, column) = match e.range() {
            Some(r) => line_column(source, r.start),
            None => (e.line().unwrap_or(1), 1),
        };
        let line = if in_subject { self.subject_line } else { line };
        let what = if in_subject { format!("in the subject: {what}") } else { what };
        TemplateError { template: self.name.clone(), line, column, what }
    }
}

/// Instructions one rendering may run: a statement of hundreds of invoices
/// takes a small part of it.
const FUEL: u64 = 5_000_000;

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_debug(true);
    // Block tags on their own lines leave no blank line behind.
    if let Ok(syntax) = SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build() {
        env.set_syntax(syntax);
    }
    // A desk's own template cannot loop for ever.
    env.set_fuel(Some(FUEL));
    env
}

/// The line and column (from 1, in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// The prose without the blank lines the front matter left, trailing
/// spaces, or runs of more than one blank line.
fn tidy(body: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in body.lines().map(str::trim_end) {
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "---\ntitle = \"Hello\"\nsubject = \"To {{ name }}\"\nchannel = \"email\"\n---\nDear {{ name }},\n\n\n{% if owed %}You owe {{ owed }}.{% endif %}\n";

    #[test]
    fn renders_the_subject_and_the_body() {
        let t = LetterTemplate::parse("hello", GOOD).unwrap();
        assert_eq!(t.title, "Hello");
        assert_eq!(t.channel, Channel::Email);
        assert!(t.table && t.remittance);
        let prose = t.render(&serde_json::json!({"name": "Acme", "owed": "12.00"})).unwrap();
        assert_eq!(prose.subject, "To Acme");
        assert_eq!(prose.body, "Dear Acme,\n\nYou owe 12.00.");
    }

    #[test]
    fn an_unknown_variable_names_the_template_line_and_column() {
        let t = LetterTemplate::parse("hello", GOOD).unwrap();
        let e = t.render(&serde_json::json!({"nmae": "Acme", "owed": "1"})).unwrap_err();
        assert_eq!((e.template.as_str(), e.line, e.column), ("hello", 6, 9), "{e}");
        assert!(e.to_string().starts_with("letter template hello, line 6, column 9: undefined"));
        let in_subject = GOOD.replace("Dear {{ name }}", "Dear all");
        let t = LetterTemplate::parse("hello", &in_subject).unwrap();
        let e = t.render(&serde_json::json!({"owed": "1"})).unwrap_err();
        assert_eq!((e.line, e.column), (3, 7), "{e}");
        assert!(e.what.starts_with("in the subject: undefined"), "{e}");
    }

    #[test]
    fn a_syntax_error_is_found_when_the_template_is_read() {
        let bad = GOOD.replace("{% endif %}", "");
        let e = LetterTemplate::parse("hello", &bad).unwrap_err();
        assert_eq!(e.template, "hello");
        assert!(e.line >= 9, "{e}");
        assert!(e.what.contains("syntax"), "{e}");
    }

    #[test]
    fn a_template_that_would_loop_for_ever_is_stopped() {
        let looping = GOOD.replace(
            "Dear {{ name }},",
            "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
        );
        let t = LetterTemplate::parse("loop", &looping).unwrap();
        let e = t.render(&serde_json::json!({"name": "A", "owed": "1"})).unwrap_err();
        assert!(e.what.starts_with("it does more work than one letter may"), "{e}");
    }

    #[test]
    fn front_matter_mistakes_say_where() {
        let e = LetterTemplate::parse("x", "Dear all").unwrap_err();
        assert_eq!((e.line, e.column), (1, 1));
        let e = LetterTemplate::parse("x", "---\ntitle = \"a\"\n").unwrap_err();
        assert!(e.what.contains("closing"), "{e}");
        let e = LetterTemplate::parse(
            "x",
            "---\ntitle = \"a\"\nsubject = \"b\"\nchannel = \"fax\"\n---\nbody",
        )
        .unwrap_err();
        assert_eq!(e.line, 4, "{e}");
        assert!(e.what.contains("fax") || e.what.contains("variant"), "{e}");
    }
}
