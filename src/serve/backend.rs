//! Drawing into an SSH channel: ratatui's `CrosstermBackend` writes into a
//! buffer that each flush sends to the channel (as russh's ratatui example
//! does); the size is the client's (its pty request and window changes),
//! never asked of a terminal, since the server has none.

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use tokio::sync::mpsc::UnboundedSender;

use super::input::SharedSize;

/// What a session sends to its channel, in order.
#[derive(Debug)]
pub enum Out {
    Data(Vec<u8>),
    /// Standard error (the channel's extended data 1).
    Error(Vec<u8>),
    /// The end: this exit status, then EOF and close.
    Exit(u32),
}

/// Bytes written here go to the channel on `flush`.
pub struct ChannelWriter {
    tx: UnboundedSender<Out>,
    sink: Vec<u8>,
}

impl ChannelWriter {
    pub fn new(tx: UnboundedSender<Out>) -> ChannelWriter {
        ChannelWriter { tx, sink: Vec::new() }
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.sink.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.sink.is_empty() {
            return Ok(());
        }
        let bytes = std::mem::take(&mut self.sink);
        self.tx
            .send(Out::Data(bytes))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the connection was closed"))
    }
}

/// A ratatui backend over a channel.
pub struct SshBackend {
    inner: CrosstermBackend<ChannelWriter>,
    size: SharedSize,
    cursor: Position,
    /// Whether the client's cursor is hidden, if known: ratatui hides or
    /// shows it after every frame, and only a change is sent.
    hidden: Option<bool>,
    /// Whether the client's cursor is at `cursor` (drawing moves it).
    placed: bool,
}

impl SshBackend {
    pub fn new(writer: ChannelWriter, size: SharedSize) -> SshBackend {
        SshBackend {
            inner: CrosstermBackend::new(writer),
            size,
            cursor: Position::ORIGIN,
            hidden: None,
            placed: false,
        }
    }

    /// Writes bytes straight to the channel (entering and leaving the
    /// alternate screen).
    pub fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        (self.hidden, self.placed) = (None, false);
        self.inner.write_all(bytes)?;
        Write::flush(&mut self.inner)
    }
}

impl Backend for SshBackend {
    type Error = io::Error;

    /// An unchanged frame sends nothing (crossterm's backend would send its
    /// colour resets all the same, and ratatui the cursor's state: a packet
    /// per session and frame, ten a second for an idle screen).
    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut content = content.peekable();
        if content.peek().is_none() {
            return Ok(());
        }
        self.placed = false;
        self.inner.draw(content)
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.placed = false;
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.hidden == Some(true) {
            return Ok(());
        }
        self.hidden = Some(true);
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.hidden == Some(false) {
            return Ok(());
        }
        self.hidden = Some(false);
        self.inner.show_cursor()
    }

    /// Where the cursor was put last: asking the client's terminal would
    /// mean reading its answer from the input.
    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let position = position.into();
        if self.placed && position == self.cursor {
            return Ok(());
        }
        (self.cursor, self.placed) = (position, true);
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.placed = false;
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.placed = false;
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        let (width, height) = self.size.get();
        Ok(Size { width, height })
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize { columns_rows: self.size()?, pixels: Size { width: 0, height: 0 } })
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::widgets::Paragraph;
    use tokio::sync::mpsc::unbounded_channel;

    use super::*;

    #[test]
    fn an_unchanged_frame_sends_nothing() {
        let (tx, mut rx) = unbounded_channel();
        let backend = SshBackend::new(ChannelWriter::new(tx), SharedSize::new(20, 3));
        let mut terminal = Terminal::new(backend).unwrap();
        let draw = |t: &mut Terminal<SshBackend>, text: &'static str| {
            t.draw(|f| f.render_widget(Paragraph::new(text), f.area())).unwrap();
        };
        let sent = |rx: &mut tokio::sync::mpsc::UnboundedReceiver<Out>| {
            let mut bytes = Vec::new();
            while let Ok(out) = rx.try_recv() {
                let Out::Data(data) = out else { panic!("only data: {out:?}") };
                bytes.extend(data);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        };
        draw(&mut terminal, "queue-1-of-9");
        assert!(sent(&mut rx).contains("queue-1-of-9"), "the first frame is sent");
        draw(&mut terminal, "queue-1-of-9");
        assert_eq!(sent(&mut rx), "", "the same frame again sends nothing");
        draw(&mut terminal, "queue-2-of-9");
        assert!(sent(&mut rx).contains('2'), "a change is sent");
        // A text field's cursor, shown at the same place twice.
        for expected in ["\x1b[?25h\x1b[2;4H", ""] {
            terminal
                .draw(|f| {
                    f.render_widget(Paragraph::new("queue-2-of-9"), f.area());
                    f.set_cursor_position((3, 1));
                })
                .unwrap();
            assert_eq!(sent(&mut rx), expected);
        }
    }
}
