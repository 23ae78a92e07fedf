//! The desk under load: `recoup serve` (the release binary) on a copy of a
//! book, keys made in this process and registered at the desk's command
//! line, and its memory and CPU read from /proc.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

use russh::keys::ssh_key::{Algorithm, PrivateKey};
use tempfile::TempDir;

pub struct Server {
    pub port: u16,
    /// The sessions' keys, in order.
    pub keys: Vec<PrivateKey>,
    child: Child,
    _stdout: BufReader<ChildStdout>,
    _dir: TempDir,
}

/// The server process at one moment.
pub struct Usage {
    pub rss_kib: u64,
    pub hwm_kib: u64,
    pub threads: u64,
    /// utime + stime so far.
    pub cpu: Duration,
}

/// `recoup` with its files in `dir`, as the tests run it.
fn recoup(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_recoup"));
    let log = std::env::var_os("SERVE_LOAD_LOG").map_or(dir.join("recoup.log"), Into::into);
    cmd.env("RECOUP_LOG", log)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env_remove("RECOUP_DB")
        .env_remove("RECOUP_NOW");
    cmd
}

impl Server {
    /// Copies `source` into a temp dir, registers `sessions` new keys (to
    /// `agents` in turn) and starts `recoup serve` on a free port.
    pub fn start(source: &Path, sessions: usize, agents: &[&str]) -> Server {
        let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target");
        let dir = tempfile::Builder::new().prefix("serve-load").tempdir_in(target).unwrap();
        let book = dir.path().join("book.sqlite");
        std::fs::copy(source, &book).unwrap();
        let mut keys = Vec::new();
        for i in 0..sessions {
            let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).unwrap();
            let file = dir.path().join(format!("key{i}.pub"));
            std::fs::write(&file, key.public_key().to_openssh().unwrap()).unwrap();
            let agent = agents[i % agents.len()];
            let out = recoup(dir.path())
                .args(["--db", book.to_str().unwrap(), "agent", "key", "add", agent])
                .arg(&file)
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            keys.push(key);
        }
        let stderr = std::fs::File::create(dir.path().join("serve.err")).unwrap();
        let mut child = recoup(dir.path())
            .args(["serve", "--db", book.to_str().unwrap(), "--listen", "127.0.0.1:0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut port = None;
        while port.is_none() {
            let mut line = String::new();
            assert!(stdout.read_line(&mut line).unwrap() > 0, "recoup serve stopped");
            // "listening on 127.0.0.1:PORT for the book PATH"
            if let Some(rest) = line.strip_prefix("listening on ") {
                let address = rest.split_whitespace().next().unwrap();
                port = address.rsplit(':').next().and_then(|p| p.parse().ok());
            }
        }
        Server { port: port.unwrap(), keys, child, _stdout: stdout, _dir: dir }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// VmRSS, VmHWM, threads and CPU time from /proc/PID.
    pub fn usage(&self) -> Usage {
        let pid = self.child.id();
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
        let field = |name: &str| -> u64 {
            let line = status.lines().find(|l| l.starts_with(name)).unwrap();
            line.split_whitespace().nth(1).unwrap().parse().unwrap()
        };
        Usage {
            rss_kib: field("VmRSS:"),
            hwm_kib: field("VmHWM:"),
            threads: field("Threads:"),
            cpu: cpu(pid),
        }
    }
}

/// utime + stime of process `pid` so far.
pub fn cpu(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // After "(comm)": state is field 3, utime 14 and stime 15.
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    // SAFETY: sysconf only reads a configuration value.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    Duration::from_secs_f64(ticks as f64 / per_second)
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
