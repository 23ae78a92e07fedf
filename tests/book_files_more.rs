//! The file at `--db` before it is a book: an empty file is no book to the
//! commands that read, and becomes a private one for those that create;
//! anything but a regular file is refused before SQLite opens it; and a new
//! book takes its zone from `TZ` in every form the C library reads (issue 9
//! follow-ups, items 2 to 4).

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{recoup, stderr, stdout};

/// Every name in the directory.
fn names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// Runs a command, failing the test instead of hanging when it does not end
/// (SQLite opening a FIFO waits for a writer for ever).
fn run_within(mut cmd: Command, limit: Duration) -> Output {
    let mut child =
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let deadline = Instant::now() + limit;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            let out = child.wait_with_output().unwrap();
            panic!("still running after {limit:?}: {}", stderr(&out));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
fn touch_0644(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, "").unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn a_command_that_reads_refuses_an_empty_file_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("touched.sqlite");
    std::fs::write(&db, "").unwrap();
    let shown = db.to_str().unwrap();
    let before = names(dir.path());
    for args in [
        vec!["check"],
        vec!["export", "notes"],
        vec!["report", "aging"],
        vec!["rules", "show"],
        vec!["rules", "set", "grace_days", "5"],
        vec!["agent", "list"],
        vec!["note", "add", "ACC-1", "hello"],
    ] {
        let out = recoup(dir.path())
            .args(["--db", shown, "--agent", "dana"])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let message = stderr(&out);
        assert_eq!(
            message.trim_end(),
            format!(
                "recoup: {shown} is empty, not a recoup book yet; run a command that creates a book there (recoup --db {shown} import ..., or the workstation) or remove the file"
            ),
            "{args:?}"
        );
        assert_eq!(stdout(&out), "", "{args:?}");
        assert_eq!(std::fs::metadata(&db).unwrap().len(), 0, "{args:?} wrote to the file");
        // Nothing beside it either: no -wal, -shm or -journal (the log lives
        // in its own data directory).
        let mut now = names(dir.path());
        now.remove("recoup.log");
        assert_eq!(now, before, "{args:?}");
    }
}

#[cfg(unix)]
#[test]
fn a_command_that_creates_books_makes_an_empty_file_a_private_book() {
    let dir = tempfile::tempdir().unwrap();
    let debtors = dir.path().join("debtors.csv");
    std::fs::write(&debtors, "ref,name\nACC-1,Acme Ltd\n").unwrap();
    let cases: [(&str, Vec<&str>); 3] = [
        ("agent.sqlite", vec!["--agent", "dana", "agent", "add", "dana"]),
        ("import.sqlite", vec!["--agent", "dana", "import", "debtors", debtors.to_str().unwrap()]),
        ("demo.sqlite", vec!["demo", "--debtors", "3"]),
    ];
    for (name, args) in cases {
        let db = dir.path().join(name);
        touch_0644(&db);
        let out =
            recoup(dir.path()).args(["--db", db.to_str().unwrap()]).args(&args).output().unwrap();
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert_eq!(mode(&db), 0o600, "{name}: made readable by its owner only");
        let out =
            recoup(dir.path()).args(["--db", db.to_str().unwrap(), "check"]).output().unwrap();
        assert!(out.status.success(), "{name}: {}", stdout(&out));
    }
    let out = recoup(dir.path())
        .args(["--db", dir.path().join("import.sqlite").to_str().unwrap(), "export", "debtors"])
        .output()
        .unwrap();
    assert!(stdout(&out).contains("ACC-1,Acme Ltd"), "{}", stdout(&out));
}

#[cfg(unix)]
fn fifo(at: &Path) {
    let path = std::ffi::CString::new(at.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a node.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0, "mkfifo {}", at.display());
}

#[cfg(unix)]
#[test]
fn a_path_that_is_not_a_regular_file_is_refused_before_sqlite_opens_it() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("book.fifo");
    fifo(&pipe);
    let folder = dir.path().join("shelf");
    std::fs::create_dir(&folder).unwrap();
    let before = names(dir.path());
    let beside_null =
        || ["-wal", "-shm", "-journal"].map(|s| Path::new(&format!("/dev/null{s}")).exists());
    let null_before = beside_null();
    for (path, what) in [
        (Path::new("/dev/null"), "a character device"),
        (pipe.as_path(), "a FIFO"),
        (folder.as_path(), "a directory"),
    ] {
        let shown = path.to_str().unwrap();
        for args in [
            vec!["check"],
            vec!["export", "notes"],
            vec!["rules", "show"],
            vec!["agent", "add", "dana"],
            vec!["demo"],
            vec!["--demo", "report", "aging"],
            // The workstation: refused before it takes the terminal.
            vec![],
        ] {
            let mut cmd = recoup(dir.path());
            cmd.args(["--db", shown, "--agent", "dana"]).args(&args);
            let out = run_within(cmd, Duration::from_secs(20));
            assert_eq!(out.status.code(), Some(2), "{shown} {args:?}: {}", stderr(&out));
            let message = stderr(&out);
            assert_eq!(
                message.trim_end(),
                format!(
                    "recoup: {shown} is {what}, not a file a recoup book can live in; give --db the path of a regular file (or of a new one)"
                ),
                "{args:?}"
            );
        }
    }
    assert!(std::fs::metadata(&pipe).unwrap().file_type().is_fifo(), "still a FIFO");
    assert_eq!(names(&folder), BTreeSet::new(), "nothing made in the directory");
    let mut now = names(dir.path());
    now.remove("recoup.log");
    assert_eq!(now, before, "no -wal or -shm beside them");
    assert_eq!(beside_null(), null_before, "nothing made beside /dev/null");
}

#[test]
fn tz_naming_a_zone_file_gives_a_new_book_that_zone() {
    let dir = tempfile::tempdir().unwrap();
    for (i, (tz, zone)) in [
        (":/usr/share/zoneinfo/America/New_York", "America/New_York"),
        (":America/New_York", "America/New_York"),
        ("/usr/share/zoneinfo/Europe/Paris", "Europe/Paris"),
    ]
    .into_iter()
    .enumerate()
    {
        let db = dir.path().join(format!("b{i}.sqlite"));
        let db = db.to_str().unwrap();
        let out = recoup(dir.path())
            .env("TZ", tz)
            .args(["--db", db, "--agent", "dana", "agent", "add", "dana"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{tz}: {}", stderr(&out));
        let out = recoup(dir.path()).args(["--db", db, "rules", "show"]).output().unwrap();
        let line = stdout(&out).lines().next().unwrap_or_default().to_owned();
        assert_eq!(line.split_whitespace().collect::<Vec<_>>(), ["timezone", zone], "TZ={tz}");
    }
}
