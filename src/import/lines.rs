//! Line numbers as an editor shows them: a line ends at LF, CRLF or a lone
//! CR (`text::ends_line`). The csv crate counts only LFs, and a record that
//! follows a CRLF starts at its LF, so rows are numbered here from their byte
//! offsets instead.

use crate::domain::text::ends_line;

pub(super) struct Lines<'a> {
    bytes: &'a [u8],
    /// Bytes before `at` have been counted...
    at: usize,
    /// ...and `at` is on this line.
    line: u64,
}

impl<'a> Lines<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Lines { bytes, at: 0, line: 1 }
    }

    /// The line of a record the csv reader says starts at byte `start`.
    /// Offsets are expected in order; an earlier one counts again from the top.
    pub(super) fn line_at(&mut self, start: u64) -> u64 {
        let mut start = usize::try_from(start).unwrap_or(usize::MAX).min(self.bytes.len());
        // The record's text begins after any line breaks it starts with.
        while start < self.bytes.len() && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start < self.at {
            self.at = 0;
            self.line = 1;
        }
        self.line += (self.at..start).filter(|i| ends_line(self.bytes, *i)).count() as u64;
        self.at = start;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::Lines;

    fn lines_of(bytes: &[u8], starts: &[u64]) -> Vec<u64> {
        let mut lines = Lines::new(bytes);
        starts.iter().map(|s| lines.line_at(*s)).collect()
    }

    #[test]
    fn every_line_ending_counts_once() {
        // "h\r\na\r\nb": the csv crate starts records at the LF of each CRLF.
        assert_eq!(lines_of(b"h\r\na\r\nb", &[0, 2, 5]), [1, 2, 3]);
        assert_eq!(lines_of(b"h\na\nb\n", &[0, 2, 4]), [1, 2, 3]);
        assert_eq!(lines_of(b"h\ra\rb", &[0, 1, 3]), [1, 2, 3]);
        // Blank lines before a record are skipped over; a quoted line break
        // inside the previous record still counts.
        assert_eq!(lines_of(b"h\n\n\na\n\"x\ny\"\nb", &[0, 2, 5, 12]), [1, 4, 5, 7]);
        // Asking again, or going back, gives the same answers.
        assert_eq!(lines_of(b"h\na\nb", &[4, 2, 4]), [3, 2, 3]);
    }
}
