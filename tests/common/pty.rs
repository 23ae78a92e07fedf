//! Running the real binary in a pseudo-terminal and reading its screen.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

pub struct Pty {
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Pty {
    /// Starts `recoup ARGS` in a `cols`×`rows` terminal, with the test dir as
    /// HOME and its own log file.
    pub fn recoup(dir: &Path, args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Pty {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_recoup"));
        cmd.args(args);
        cmd.cwd(dir);
        cmd.env("HOME", dir);
        cmd.env("XDG_CONFIG_HOME", dir.join("config"));
        cmd.env("XDG_DATA_HOME", dir.join("data"));
        cmd.env("RECOUP_LOG", dir.join("recoup.log"));
        cmd.env("TERM", "xterm-256color");
        // New books take the machine's zone: the tests' is fixed.
        cmd.env("TZ", "UTC");
        cmd.env_remove("RECOUP_DB");
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        Pty::spawn(cmd, cols, rows)
    }

    /// Starts any program (an `ssh` client, say) in a `cols`×`rows`
    /// terminal, as `recoup` does.
    pub fn spawn(cmd: CommandBuilder, cols: u16, rows: u16) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .unwrap();
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (Arc::clone(&parser), Arc::clone(&raw));
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Pty { writer, parser, raw, child, _master: pair.master }
    }

    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
        // Let the app read each burst of keys as it would a person's.
        std::thread::sleep(Duration::from_millis(30));
    }

    /// Sends the bytes at once, without waiting after them.
    pub fn send_now(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let mut b = [0u8; 4];
            self.writer.write_all(c.encode_utf8(&mut b).as_bytes()).unwrap();
        }
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(30));
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    /// Everything the program wrote, as text.
    pub fn output(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }

    /// Waits until the screen shows `text`; panics with the screen if not.
    pub fn wait_for(&self, text: &str, timeout: Duration) -> Duration {
        let start = Instant::now();
        loop {
            if self.screen().contains(text) {
                return start.elapsed();
            }
            if start.elapsed() > timeout {
                panic!("screen never showed {text:?} in {timeout:?}:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Waits for the program to end and returns its exit code.
    pub fn wait_exit(&mut self, timeout: Duration) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Give the reader thread a moment to take the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            if start.elapsed() > timeout {
                let _ = self.child.kill();
                panic!("recoup did not exit in {timeout:?}:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Resizes the terminal, as dragging the window would.
    pub fn resize(&self, cols: u16, rows: u16) {
        self._master.resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).unwrap();
        self.parser
            .lock()
            .unwrap()
            .set_size(NonZeroU16::new(rows).unwrap(), NonZeroU16::new(cols).unwrap());
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().unwrap()
    }

    /// Whether the terminal is in raw mode (no line editing, no echo), as
    /// the program left it.
    pub fn raw_mode(&self) -> bool {
        let fd = self._master.as_raw_fd().expect("a pty has a descriptor");
        // SAFETY: a zeroed termios is a valid out-parameter; fd is the pty's.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        assert_eq!(unsafe { libc::tcgetattr(fd, &mut t) }, 0);
        t.c_lflag & (libc::ICANON | libc::ECHO) == 0
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
