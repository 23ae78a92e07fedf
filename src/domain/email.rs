//! Email addresses as the book keeps them.

/// An email address as a desk types it: one `@`, something before it, a
/// domain with a dot after it, no spaces, brackets or commas (one address,
/// not a list). Returns it trimmed; the error follows the value in a
/// sentence.
pub fn email_address(text: &str) -> Result<String, String> {
    let text = text.trim();
    let bad = || "is not an email address (like ap@example.com)".to_owned();
    let (local, domain) = text.split_once('@').ok_or_else(bad)?;
    let plain = |s: &str| {
        !s.is_empty()
            && s.len() <= 254
            && !s
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>,;:\"()[]\\@".contains(c))
    };
    let labels_ok = domain.split('.').all(|l| !l.is_empty() && !l.starts_with('-'));
    if plain(local) && plain(domain) && domain.contains('.') && labels_ok {
        Ok(text.to_owned())
    } else {
        Err(bad())
    }
}

#[cfg(test)]
mod tests {
    use super::email_address;

    #[test]
    fn one_address_with_a_domain_is_an_email_address() {
        assert_eq!(email_address(" ap@acme.example ").as_deref(), Ok("ap@acme.example"));
        assert!(email_address("a.b+c@x.co.uk").is_ok());
        for bad in [
            "ap",
            "ap@",
            "@acme.com",
            "ap@acme",
            "a p@acme.com",
            "a@b.com, c@d.com",
            "a@@b.com",
            "a@b..com",
        ] {
            assert!(email_address(bad).is_err(), "{bad}");
        }
    }
}
