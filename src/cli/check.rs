//! `recoup check`: integrity of the database; exit 1 when something is wrong.
//! The file is looked at before it is opened as a book, so a file that is
//! not a book, of an unknown version, or damaged is reported, not refused.

use super::{Context, Failure};
use crate::clock::parse_utc;
use crate::domain::text::{clean, counted, quote};
use crate::store::AuditEnd;

/// `--audit-row ROW:HASH`: an audit row a lead noted from an earlier check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Noted {
    pub id: i64,
    pub hash: String,
}

impl Noted {
    /// Reads `ROW:HASH` as `recoup check` prints it (`1234:3f9a…`, the whole
    /// 64-digit hash).
    pub fn parse(text: &str) -> Result<Noted, Failure> {
        let bad = || {
            Failure::BadInput(format!(
                "--audit-row {}: expected ROW:HASH as recoup check prints it after \"last\", a row number and that row's hash of 64 hex digits",
                quote(text)
            ))
        };
        let (id, hash) = text.trim().split_once(':').ok_or_else(bad)?;
        let id: i64 = id.trim().parse().ok().filter(|id| *id > 0).ok_or_else(bad)?;
        let hash = hash.trim().to_ascii_lowercase();
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(Noted { id, hash })
    }
}

pub fn run(ctx: &Context, audit_row: Option<&str>) -> Result<(), Failure> {
    let noted = audit_row.map(Noted::parse).transpose()?;
    // No book there (missing, empty, not a regular file) is said in the
    // usual words, and nothing is created.
    ctx.existing_book()?;
    let shown = ctx.db.display();
    let early = crate::store::inspect(&ctx.db)
        .map_err(|e| Failure::Runtime(format!("cannot read {shown}: {e}")))?;
    if !early.is_empty() {
        println!("{shown}: not checked further");
        return problems(ctx, &early);
    }
    let store = ctx.open_existing_store()?;
    let mut report = store.check()?;
    let n = |count: i64, one: &str, many: &str| counted(count as usize, one, many);
    println!(
        "{shown}: {}, {}, {}, {}; time zone {}",
        n(report.debtors, "debtor", "debtors"),
        n(report.invoices, "invoice", "invoices"),
        n(report.payments, "payment", "payments"),
        n(report.notes, "note", "notes"),
        report.timezone
    );
    println!("audit log: {}", audit_end(&report.audit));
    if let Some(noted) = &noted {
        match against_noted(noted, store.audit_hash(noted.id)?, &report.audit) {
            Ok(line) => println!("{line}"),
            Err(problem) => report.problems.push(problem),
        }
    }
    // Warnings do not fail the check: the book is sound, a figure unknown.
    // (Rules that cannot be read are a problem above; no "today" then.)
    if let Ok(moment) = ctx.moment(&store) {
        let mut warnings = store.interest_rate_gaps(moment.today)?;
        warnings.extend(store.stale_rate_warnings(moment.today)?);
        for warning in warnings {
            println!("warning: {}", clean(&warning));
        }
    }
    if report.problems.is_empty() {
        println!("ok");
        return Ok(());
    }
    problems(ctx, &report.problems)
}

/// `1234 rows, last 1234:3f9a… at 2026-12-01 10:42:07 UTC`: what a lead
/// notes to give `--audit-row` later.
fn audit_end(end: &AuditEnd) -> String {
    let Some(last) = &end.last else {
        return "empty".to_owned();
    };
    let at = match parse_utc(&last.at) {
        Some(t) => t.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
        None => clean(&last.at).into_owned(),
    };
    format!(
        "{}, last {}:{} at {at}",
        counted(end.rows as usize, "row", "rows"),
        last.id,
        clean(&last.hash)
    )
}

/// Whether the log still holds the noted row with its hash: the chain
/// checks every row up to the end, so a row that is still as noted vouches
/// for every row before it; one gone or changed means the log was cut or
/// rewritten (hashes and all) since it was noted.
fn against_noted(noted: &Noted, found: Option<String>, end: &AuditEnd) -> Result<String, String> {
    let id = noted.id;
    match found {
        Some(hash) if hash == noted.hash => Ok(format!("audit row {id}: as noted")),
        Some(hash) => Err(format!(
            "audit row {id} has hash {}, not the {} noted: the log was rewritten at or before that row",
            clean(&hash),
            noted.hash
        )),
        None => Err(format!(
            "the audit log has no row {id} any more ({}): rows noted earlier were removed",
            match &end.last {
                Some(last) => format!("it ends at row {}", last.id),
                None => "it is empty".to_owned(),
            }
        )),
    }
}

fn problems(ctx: &Context, found: &[String]) -> Result<(), Failure> {
    for p in found {
        println!("problem: {p}");
    }
    let n = found.len();
    Err(Failure::Runtime(format!(
        "{} found in {}",
        crate::domain::text::counted(n, "problem", "problems"),
        ctx.db.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::AuditRow;

    const HASH: &str = "3f9a0000000000000000000000000000000000000000000000000000000000c2";

    #[test]
    fn a_noted_row_reads_as_check_prints_it() {
        let noted = Noted::parse(&format!("1234:{}", HASH.to_uppercase())).unwrap();
        assert_eq!(noted, Noted { id: 1234, hash: HASH.to_owned() });
        for bad in ["1234".to_owned(), format!("0:{HASH}"), format!("x:{HASH}"), "12:3f9a".into()] {
            let e = Noted::parse(&bad).unwrap_err();
            assert_eq!(e.exit_code(), 2);
            assert!(e.to_string().contains("expected ROW:HASH"), "{e}");
        }
    }

    #[test]
    fn the_end_of_the_log_is_printed_to_be_noted() {
        let end = AuditEnd {
            rows: 1234,
            last: Some(AuditRow { id: 1234, at: "2026-12-01T10:42:07Z".into(), hash: HASH.into() }),
        };
        assert_eq!(
            audit_end(&end),
            format!("1234 rows, last 1234:{HASH} at 2026-12-01 10:42:07 UTC")
        );
        assert_eq!(audit_end(&AuditEnd::default()), "empty");
        let noted = Noted { id: 1200, hash: HASH.into() };
        assert_eq!(
            against_noted(&noted, Some(HASH.into()), &end),
            Ok("audit row 1200: as noted".into())
        );
        let other = "a".repeat(64);
        let e = against_noted(&noted, Some(other.clone()), &end).unwrap_err();
        assert!(e.contains(&format!("has hash {other}, not the {HASH} noted")), "{e}");
        let gone = Noted { id: 1300, hash: HASH.into() };
        let e = against_noted(&gone, None, &end).unwrap_err();
        assert_eq!(
            e,
            "the audit log has no row 1300 any more (it ends at row 1234): rows noted earlier were removed"
        );
    }
}
