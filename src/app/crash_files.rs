//! The crash files are written on a thread of their own, so that a key
//! never waits for the disk: opening, renaming and removing a file can take
//! tens of milliseconds when the disk is busy (measured at a served desk:
//! 30–80 ms under another process's writes), and the agent's key would wait
//! for it. Each debtor's latest word wins when several wait (a write then a
//! removal removes). Closing waits until everything sent is on disk.

use std::collections::HashMap;
use std::sync::mpsc;
use std::thread::JoinHandle;

use super::autosave::{Journal, Kept};

/// What to do with one debtor's crash file.
enum Change {
    Write { call_id: Option<i64>, body: String },
    Remove,
}

/// The writer thread's end of the journal.
pub struct CrashFiles {
    journal: Journal,
    tx: Option<mpsc::Sender<(i64, Change)>>,
    thread: Option<JoinHandle<()>>,
}

impl CrashFiles {
    pub fn start(journal: Journal) -> CrashFiles {
        let (tx, rx) = mpsc::channel::<(i64, Change)>();
        let files = journal.clone();
        let thread = std::thread::Builder::new()
            .name("crash-files".into())
            .spawn(move || keep(&files, &rx))
            .map_err(|e| tracing::warn!("cannot start the crash-file thread: {e}"))
            .ok();
        // Without its thread the journal is written in place (below).
        let tx = thread.as_ref().map(|_| tx);
        CrashFiles { journal, tx, thread }
    }

    /// Keeps a draft's text until the store has it.
    pub fn write(&self, debtor_id: i64, call_id: Option<i64>, body: &str) {
        self.change(debtor_id, Change::Write { call_id, body: body.to_owned() });
    }

    /// The store has the debtor's text: no crash file is needed.
    pub fn remove(&self, debtor_id: i64) {
        self.change(debtor_id, Change::Remove);
    }

    /// The crash files left by an earlier run (read at once, at the start).
    pub fn kept(&self) -> Vec<Kept> {
        self.journal.kept()
    }

    fn change(&self, debtor_id: i64, change: Change) {
        match &self.tx {
            Some(tx) => {
                if let Err(mpsc::SendError((id, change))) = tx.send((debtor_id, change)) {
                    apply(&self.journal, id, change);
                }
            }
            None => apply(&self.journal, debtor_id, change),
        }
    }
}

impl Drop for CrashFiles {
    /// Everything sent is on disk before the workstation is gone.
    fn drop(&mut self) {
        self.tx = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The thread: waits for changes, takes all that wait, writes each
/// debtor's latest.
fn keep(journal: &Journal, rx: &mpsc::Receiver<(i64, Change)>) {
    while let Ok((debtor_id, change)) = rx.recv() {
        let mut latest = HashMap::from([(debtor_id, change)]);
        while let Ok((debtor_id, change)) = rx.try_recv() {
            latest.insert(debtor_id, change);
        }
        for (debtor_id, change) in latest {
            apply(journal, debtor_id, change);
        }
    }
}

fn apply(journal: &Journal, debtor_id: i64, change: Change) {
    match change {
        Change::Write { call_id, body } => {
            if let Err(e) = journal.write(debtor_id, call_id, &body) {
                tracing::warn!("cannot keep the draft in a crash file: {e}");
            }
        }
        Change::Remove => journal.remove(debtor_id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_word_per_debtor_is_on_disk_once_closed() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("book.sqlite");
        let files = CrashFiles::start(Journal::beside(&book, 7));
        for n in 1..=200 {
            files.write(3, Some(9), &format!("typed {n}"));
        }
        files.write(4, None, "kept for later");
        files.remove(4);
        files.write(5, None, "written again");
        files.remove(5);
        files.write(5, None, "and again");
        drop(files);
        let kept = Journal::beside(&book, 7).kept();
        assert_eq!(
            kept,
            [
                Kept { debtor_id: 3, call_id: Some(9), body: "typed 200".into() },
                Kept { debtor_id: 5, call_id: None, body: "and again".into() },
            ]
        );
    }

    #[test]
    fn a_write_reaches_the_disk_without_closing() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("book.sqlite");
        let files = CrashFiles::start(Journal::beside(&book, 7));
        files.write(3, None, "on its way");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while Journal::beside(&book, 7).kept().is_empty() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(Journal::beside(&book, 7).kept()[0].body, "on its way");
        drop(files);
    }
}
