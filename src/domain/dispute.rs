//! Dispute reason codes.

/// The reasons a customer disputes an invoice, in the order the form lists them.
pub const REASONS: [&str; 6] =
    ["not received", "price", "quantity", "quality", "already paid", "other"];

/// The reason code for typed text (a prefix, any case), if it names one.
pub fn parse_reason(text: &str) -> Option<&'static str> {
    let t = text.trim().to_ascii_lowercase();
    if t.is_empty() {
        return None;
    }
    REASONS.iter().copied().find(|r| r.starts_with(&t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_parse_from_prefixes() {
        assert_eq!(parse_reason("Qua"), Some("quantity"));
        assert_eq!(parse_reason("qual"), Some("quality"));
        assert_eq!(parse_reason("already"), Some("already paid"));
        assert_eq!(parse_reason("late"), None);
        assert_eq!(parse_reason(""), None);
    }
}
