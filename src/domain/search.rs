//! How a typed search is understood before the store looks it up.

/// A search as typed in `/`, normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchQuery {
    /// The text as typed, trimmed and lower-cased.
    pub text: String,
    /// Only the digits, when the text looks like a phone number.
    pub phone_digits: Option<String>,
}

impl SearchQuery {
    pub fn new(typed: &str) -> SearchQuery {
        let text = typed.trim().to_lowercase();
        let phone_like =
            !text.is_empty() && text.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
        let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
        SearchQuery { phone_digits: (phone_like && digits.len() >= 3).then_some(digits), text }
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// The text a debtor is found by: name, ref and the digits of each phone.
pub fn search_text(name: &str, reference: &str, phones: &[&str]) -> String {
    let mut out = format!("{} {}", name.to_lowercase(), reference.to_lowercase());
    for phone in phones {
        let digits: String = phone.chars().filter(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() {
            out.push(' ');
            out.push_str(&digits);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_like_queries_search_by_digits() {
        let q = SearchQuery::new(" +1 (555) 0100 ");
        assert_eq!(q.phone_digits.as_deref(), Some("15550100"));
        assert_eq!(SearchQuery::new("North").phone_digits, None);
        assert_eq!(SearchQuery::new("55").phone_digits, None);
        assert_eq!(SearchQuery::new("North").text, "north");
    }

    #[test]
    fn search_text_holds_name_ref_and_phone_digits() {
        assert_eq!(
            search_text("Acme Corp", "ACC-1", &["+1 555-0100", ""]),
            "acme corp acc-1 15550100"
        );
    }
}
