//! The served desk's memory settings (issue 12): the server keeps to
//! ordinary pages, since transparent huge pages more than doubled what each
//! session costs (BENCHMARKS.md, "Served desk: 50 sessions").

mod common;

use common::serve::Desk;

#[cfg(target_os = "linux")]
#[test]
fn the_server_runs_without_transparent_huge_pages() {
    let dir = tempfile::tempdir().unwrap();
    let desk = Desk::start(dir.path());
    let status = std::fs::read_to_string(format!("/proc/{}/status", desk.pid())).unwrap();
    let line =
        status.lines().find(|l| l.starts_with("THP_enabled:")).expect("THP_enabled in status");
    assert_eq!(line.split_whitespace().nth(1), Some("0"), "{line}");
}
