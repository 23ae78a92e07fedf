//! Notes are saved as they are typed: each change goes to the store as a
//! draft (the latest text wins when several wait), and first into a crash
//! file beside the book, so that nothing typed is lost while the book is
//! busy or if the workstation dies before the store has it. The caption
//! says where it stands.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, FixedOffset, Utc};

/// Where the note being typed stands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SaveState {
    #[default]
    Idle,
    /// Typed since the last save, from this moment.
    Saving(DateTime<Utc>),
    Saved(DateTime<Utc>),
    /// Not saved yet, and why; it is tried again.
    Failed(String),
}

/// A save in flight shows as `saving…` only once it has taken this long: a
/// save normally lands within milliseconds, and a caption flickering on
/// every key (and a frame drawn for each flicker, fifty sessions at a
/// served desk) would tell the agent nothing.
pub const SAVING_SHOWN_AFTER: chrono::TimeDelta = chrono::TimeDelta::seconds(1);

#[derive(Clone, Debug, Default)]
pub struct Autosave {
    pub state: SaveState,
    /// When the store last had the latest text.
    last_saved: Option<DateTime<Utc>>,
    /// The latest version sent, per debtor.
    latest: HashMap<i64, u64>,
}

impl Autosave {
    /// A change to a debtor's draft at `now`: its version number.
    pub fn typed(&mut self, debtor_id: i64, now: DateTime<Utc>) -> u64 {
        let v = self.latest.entry(debtor_id).or_insert(0);
        *v += 1;
        if !matches!(self.state, SaveState::Saving(_)) {
            self.state = SaveState::Saving(now);
        }
        *v
    }

    /// The store has this version; true when it is the latest.
    pub fn saved(&mut self, debtor_id: i64, version: u64, at: DateTime<Utc>) -> bool {
        let latest = self.latest.get(&debtor_id).is_none_or(|v| *v <= version);
        if latest {
            self.state = SaveState::Saved(at);
            self.last_saved = Some(at);
        }
        latest
    }

    pub fn failed(&mut self, why: &str) {
        self.state = SaveState::Failed(why.to_owned());
    }

    /// The caption of the notes at `now`: `saved 10:42:07`, `saving…` once
    /// a save has taken a second, or why not yet.
    pub fn caption(&self, now: &DateTime<FixedOffset>) -> String {
        let saved = |at: DateTime<Utc>| {
            format!("saved {}", at.with_timezone(now.offset()).format("%H:%M:%S"))
        };
        match &self.state {
            SaveState::Saving(since) if now.signed_duration_since(*since) >= SAVING_SHOWN_AFTER => {
                "saving…".into()
            }
            SaveState::Saving(_) | SaveState::Idle => {
                self.last_saved.map_or_else(|| "saved as you type".into(), saved)
            }
            SaveState::Saved(at) => saved(*at),
            SaveState::Failed(why) => format!("not saved yet ({why}); kept here, trying again"),
        }
    }
}

/// The crash files: one per debtor with unsaved text, until the store has it.
#[derive(Clone, Debug)]
pub struct Journal {
    dir: PathBuf,
    agent_id: i64,
}

/// A draft found in a crash file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    pub debtor_id: i64,
    pub call_id: Option<i64>,
    pub body: String,
}

impl Journal {
    /// Beside the book: `BOOK-unsaved/`.
    pub fn beside(book: &Path, agent_id: i64) -> Journal {
        let mut name = book.file_name().unwrap_or_default().to_os_string();
        name.push("-unsaved");
        Journal { dir: book.with_file_name(name), agent_id }
    }

    fn path(&self, debtor_id: i64) -> PathBuf {
        self.dir.join(format!("{}-{debtor_id}.draft", self.agent_id))
    }

    /// Keeps the text (written whole, then renamed into place).
    pub fn write(&self, debtor_id: i64, call_id: Option<i64>, body: &str) -> std::io::Result<()> {
        make_private_dir(&self.dir)?;
        let path = self.path(debtor_id);
        let tmp = tmp_name(&path);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&tmp)?;
        let call = call_id.map(|c| c.to_string()).unwrap_or_default();
        write!(file, "call={call}\n{body}")?;
        std::fs::rename(tmp, path)
    }

    pub fn remove(&self, debtor_id: i64) {
        let _ = std::fs::remove_file(self.path(debtor_id));
    }

    /// This agent's crash files, oldest debtor first.
    pub fn kept(&self) -> Vec<Kept> {
        let prefix = format!("{}-", self.agent_id);
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut kept: Vec<Kept> = entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                let debtor_id = name.strip_prefix(&prefix)?.strip_suffix(".draft")?.parse().ok()?;
                let text = std::fs::read_to_string(e.path()).ok()?;
                let (head, body) = text.split_once('\n').unwrap_or((&text, ""));
                let call_id = head.strip_prefix("call=")?.parse().ok();
                Some(Kept { debtor_id, call_id, body: body.to_owned() })
            })
            .collect();
        kept.sort_by_key(|k| k.debtor_id);
        kept
    }
}

/// A temporary name of this thread's own: two sessions of one agent (two
/// crash-file threads) may keep the same debtor's draft at once, and one
/// would rename the other's file away.
fn tmp_name(path: &Path) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    thread_local!(static MINE: u64 = NEXT.fetch_add(1, Ordering::Relaxed));
    let n = MINE.with(|n| *n);
    path.with_extension(format!("{}-{n}.tmp", std::process::id()))
}

fn make_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caption_follows_the_latest_version_only() {
        let mut a = Autosave::default();
        let t = |s: &str| -> DateTime<Utc> { format!("2026-11-25T{s}Z").parse().unwrap() };
        let at = |s: &str| t(s).fixed_offset();
        assert_eq!(a.caption(&at("10:42:00")), "saved as you type");
        let (v1, v2) = (a.typed(3, t("10:42:00")), a.typed(3, t("10:42:00.5")));
        // A save in flight for less than a second says nothing new.
        assert_eq!(a.caption(&at("10:42:00.9")), "saved as you type");
        assert_eq!(a.caption(&at("10:42:01")), "saving…", "a second from the first key");
        assert!(!a.saved(3, v1, t("10:42:01")), "an older version is not the last word");
        assert_eq!(a.caption(&at("10:42:01")), "saving…");
        a.failed("database is locked");
        assert!(a.caption(&at("10:42:02")).starts_with("not saved yet (database is locked)"));
        assert!(a.saved(3, v2, t("10:42:07")));
        assert_eq!(a.caption(&at("10:42:07")), "saved 10:42:07");
        // Typing on: the last save is shown until a save takes a second.
        let v3 = a.typed(3, t("10:42:08"));
        assert_eq!(a.caption(&at("10:42:08.5")), "saved 10:42:07");
        assert_eq!(a.caption(&at("10:42:09")), "saving…");
        assert!(a.saved(3, v3, t("10:42:09")));
        assert_eq!(a.caption(&at("10:42:09")), "saved 10:42:09");
    }

    #[test]
    fn two_threads_keeping_one_debtors_draft_both_succeed() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("book.sqlite");
        let writers: Vec<_> = (0..4)
            .map(|w| {
                let j = Journal::beside(&book, 7);
                std::thread::spawn(move || {
                    (0..200).filter(|n| j.write(3, None, &format!("{w} {n}")).is_err()).count()
                })
            })
            .collect();
        let failed: usize = writers.into_iter().map(|w| w.join().unwrap()).sum();
        assert_eq!(failed, 0, "every write lands whole");
        assert_eq!(Journal::beside(&book, 7).kept().len(), 1);
    }

    #[test]
    fn crash_files_keep_the_text_and_the_call_until_removed() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::beside(&dir.path().join("book.sqlite"), 7);
        j.write(12, Some(40), "line one\nline two").unwrap();
        j.write(3, None, "short").unwrap();
        Journal::beside(&dir.path().join("book.sqlite"), 8).write(5, None, "bob's").unwrap();
        assert_eq!(
            j.kept(),
            [
                Kept { debtor_id: 3, call_id: None, body: "short".into() },
                Kept { debtor_id: 12, call_id: Some(40), body: "line one\nline two".into() },
            ]
        );
        j.remove(12);
        assert_eq!(j.kept().len(), 1);
        assert!(dir.path().join("book.sqlite-unsaved").is_dir());
    }
}
