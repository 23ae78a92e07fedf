//! Several recoup processes writing one file at once: nothing is lost and
//! nobody sees "database is locked".

mod common;

use common::{csv_rows, recoup, stderr, stdout};

#[test]
fn four_processes_appending_fifty_notes_each_all_land() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.sqlite");
    let db = db.to_str().unwrap().to_owned();
    let out = recoup(dir.path()).args(["demo", "--db", &db, "--debtors", "8"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let count = |dir: &std::path::Path| {
        let out = recoup(dir).args(["--db", &db, "export", "notes"]).output().unwrap();
        csv_rows(&stdout(&out)).len() - 1
    };
    let before = count(dir.path());

    let writers: Vec<_> = ["alice", "bob", "carol", "alice"]
        .into_iter()
        .enumerate()
        .map(|(w, agent)| {
            let (dir, db) = (dir.path().to_owned(), db.clone());
            std::thread::spawn(move || {
                for i in 0..50 {
                    let reference = format!("ACC-{}", 10_000 + (i % 8));
                    let text = format!("writer {w} note {i}");
                    let out = recoup(&dir)
                        .args(["--db", &db, "--agent", agent, "note", "add", &reference, &text])
                        .output()
                        .unwrap();
                    assert!(out.status.success(), "writer {w} note {i}: {}", stderr(&out));
                    assert!(!stderr(&out).contains("locked"));
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }

    assert_eq!(count(dir.path()), before + 200);
    let out = recoup(dir.path()).args(["--db", &db, "export", "notes"]).output().unwrap();
    let rows = csv_rows(&stdout(&out));
    for w in 0..4 {
        for i in 0..50 {
            let text = format!("writer {w} note {i}");
            assert_eq!(rows.iter().filter(|r| r[6] == text).count(), 1, "{text}");
        }
    }
    let check = recoup(dir.path()).args(["--db", &db, "check"]).output().unwrap();
    assert!(check.status.success(), "{}", stdout(&check));
}
