//! The files around a book: commands that only read create nothing, the log
//! is private, and a path recoup cannot use is named with what it needs
//! (issue 9, items 25 and 26).

mod common;

use std::path::Path;

use common::{recoup, stderr, stdout};

#[test]
fn a_read_only_command_on_a_mistyped_path_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("typo").join("deeper").join("book.sqlite");
    let db = db.to_str().unwrap();
    for args in [
        vec!["agent", "list"],
        vec!["report", "aging"],
        vec!["export", "notes"],
        vec!["check"],
        vec!["rules", "show"],
    ] {
        let out = recoup(dir.path()).args(["--db", db]).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("there is no database at"), "{args:?}: {}", stderr(&out));
        assert!(!dir.path().join("typo").exists(), "{args:?} made directories");
    }
}

#[cfg(unix)]
#[test]
fn the_log_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("fresh.log");
    let old = dir.path().join("old.log");
    std::fs::write(&old, "an old log\n").unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
    for (i, log) in [&fresh, &old].into_iter().enumerate() {
        let db = dir.path().join(format!("b{i}.sqlite"));
        let out = recoup(dir.path())
            .env("RECOUP_LOG", log)
            .args(["--db", db.to_str().unwrap(), "--agent", "dana"])
            .args(["agent", "add", "dana"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let mode = std::fs::metadata(log).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", log.display());
    }
}

#[test]
fn a_parent_path_that_is_a_file_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "not a directory").unwrap();
    let db = file.join("book.sqlite");
    let out = recoup(dir.path())
        .args(["--db", db.to_str().unwrap(), "--agent", "dana", "agent", "add", "dana"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let message = stderr(&out);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.contains(&format!("{} is a file, not a directory", file.display())),
        "{message}"
    );
    assert!(!message.contains("os error"), "{message}");
}

/// Runs recoup as someone who is not root (root writes anywhere), so that
/// file modes mean what they say.
fn as_unprivileged(dir: &Path) -> std::process::Command {
    // SAFETY: getuid has no preconditions.
    let root = unsafe { libc::getuid() } == 0;
    let mut cmd = if root {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        c.arg(env!("CARGO_BIN_EXE_recoup"));
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_recoup"))
    };
    cmd.env("RECOUP_LOG", dir.join("other.log"))
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("TZ", "UTC")
        .env_remove("RECOUP_DB");
    cmd
}

#[cfg(unix)]
#[test]
fn a_read_only_book_or_directory_is_named_with_what_recoup_needs() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mode =
        |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    mode(dir.path(), 0o777);
    let shelf = dir.path().join("shelf");
    std::fs::create_dir(&shelf).unwrap();
    let db = shelf.join("book.sqlite");
    let out = recoup(dir.path())
        .args(["--db", db.to_str().unwrap(), "--agent", "dana", "agent", "add", "dana"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let run = || {
        as_unprivileged(dir.path())
            .args(["--db", db.to_str().unwrap(), "--agent", "dana", "agent", "add", "eli"])
            .output()
            .unwrap()
    };
    // The book is writable, its directory is not: no room for -wal and -shm.
    mode(&db, 0o666);
    mode(&shelf, 0o555);
    let out = run();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let message = stderr(&out);
    assert!(
        message.contains(&format!("its directory {} is read-only", shelf.display()))
            && message.contains("-wal and -shm"),
        "{message}"
    );
    // The book itself is read-only.
    mode(&shelf, 0o777);
    mode(&db, 0o444);
    let out = run();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let message = stderr(&out);
    assert!(
        message.contains("the file is read-only (recoup needs to read and write it)"),
        "{message}"
    );
    assert!(!message.contains("attempt to write a readonly database"), "{message}");
    // A new book in a directory that cannot be written.
    mode(&shelf, 0o555);
    let out = as_unprivileged(dir.path())
        .args(["--db", shelf.join("new.sqlite").to_str().unwrap()])
        .args(["--agent", "dana", "agent", "add", "dana"])
        .output()
        .unwrap();
    mode(&shelf, 0o777);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let message = stderr(&out);
    assert!(
        message.contains(&format!("no permission to write in {}", shelf.display())),
        "{message}"
    );
}

#[test]
fn check_on_a_damaged_file_prints_what_sqlite_found_line_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = common::demo_book(dir.path(), 30);
    drop(store);
    // Scribble over the cells of three of the invoices' leaf pages (not the
    // first pages, which say what the file is, nor the schema's, which would
    // stop the check before it starts): page numbers from SQLite's page map.
    let pages: Vec<i64> = rusqlite::Connection::open(&path)
        .unwrap()
        .prepare(
            "SELECT pageno - 1 FROM dbstat WHERE name = 'invoices' AND pagetype = 'leaf'
              ORDER BY pageno DESC LIMIT 3",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(pages.len(), 3, "{pages:?}");
    let mut bytes = std::fs::read(&path).unwrap();
    for &page in &pages {
        let at = page as usize * 4096 + 100;
        bytes[at..at + 200].copy_from_slice(&[0xee; 200]);
    }
    std::fs::write(&path, bytes).unwrap();
    let out = recoup(dir.path()).args(["--db", path.to_str().unwrap(), "check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let problems: Vec<&str> =
        text.lines().filter(|l| l.starts_with("problem: integrity: ")).collect();
    assert!(problems.len() >= 3, "a line per problem: {text}");
    let named = |p: &&str| {
        pages.iter().any(|n| {
            p.contains(&format!("page {}", n + 1)) || p.contains(&format!("Page {}", n + 1))
        })
    };
    assert!(problems.iter().any(named), "{text}");
    assert!(!text.contains("***"), "{text}");
    let n = problems.len();
    assert!(stderr(&out).contains(&format!("{n} problems found")), "{}", stderr(&out));
}
