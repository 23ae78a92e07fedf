//! Tests of the book's rules.
use super::*;

#[test]
fn every_key_reads_back_what_was_set() {
    let mut r = BookRules::default();
    let values = [
        ("timezone", "America/New_York"),
        ("grace_days", "5"),
        ("escalation_days", "60"),
        ("calling_hours", "09:00-17:30"),
        ("calling_days", "Mon,Wed,Sat"),
        ("max_attempts_7d", "4"),
        ("priority.per_100_overdue", "2"),
        ("priority.per_day_oldest", "3"),
        ("priority.per_broken_promise", "100"),
        ("priority.per_day_since_contact", "4"),
        ("priority.per_pin", "500"),
        ("priority.promise_due", "250"),
        ("priority.callback_due", "300"),
        ("allocation_order", "costs_interest_principal"),
        ("sender.name", "Northwind Supplies Ltd"),
        ("sender.address", "1 Quay Street | Bristol | BS1 4DJ"),
        ("sender.email", "accounts@northwind.example"),
        ("sender.phone", "+44 117 496 0000"),
        ("sender.bank", "Sort code 12-34-56 | Account 12345678"),
        ("letters.paper", "letter"),
        ("strategies", "on"),
        ("strategy.default", "gentle-2"),
    ];
    assert_eq!(values.len(), KEYS.len());
    for (k, v) in values {
        r.set(k, v).unwrap();
        assert_eq!(r.get(k).as_deref(), Some(v), "{k}");
    }
    let again = BookRules::from_pairs(values).unwrap();
    assert_eq!(again, r);
    assert_eq!(r.pairs().len(), KEYS.len());
}

#[test]
fn bad_values_say_what_was_expected() {
    let mut r = BookRules::default();
    let err = r.set("priority.per_pin", "-1000").unwrap_err();
    assert!(err.contains("from 0 to"), "{err}");
    assert!(r.set("timezone", "Olympus").unwrap_err().contains("IANA"));
    assert!(r.set("calling_hours", "18:00-08:00").unwrap_err().contains("not after"));
    assert!(r.set("calling_days", "Funday").unwrap_err().contains("weekday"));
    assert!(r.set("colour", "red").unwrap_err().contains("no rule"));
    assert_eq!(
        r.set("allocation_order", "interest_first").unwrap_err(),
        "allocation_order \"interest_first\" is not principal_first or costs_interest_principal"
    );
    assert_eq!(r, BookRules::default(), "nothing changed by a refused value");
}

#[test]
fn a_refused_value_names_its_rule() {
    let mut r = BookRules::default();
    assert_eq!(
        r.set("grace_days", "99").unwrap_err(),
        "grace_days \"99\" is not a whole number from 0 to 60"
    );
    assert!(r.set("escalation_days", "0").unwrap_err().starts_with("escalation_days \"0\""));
    assert!(r.set("escalation_days", "3651").unwrap_err().contains("from 1 to 3650"));
    assert!(r.set("max_attempts_7d", "1001").unwrap_err().contains("from 1 to 1000"));
    r.set("escalation_days", "3650").unwrap();
    r.set("max_attempts_7d", "1000").unwrap();
    // User text is quoted, not escaped: no `\u{301}` in a message.
    let err = r.set("timezone", "Europe/Lo\u{301}ndon").unwrap_err();
    assert!(err.contains("\"Europe/Lo\u{301}ndon\" is not an IANA"), "{err}");
    assert!(!err.contains('\\'), "{err}");
}

#[test]
fn calling_days_are_stored_once_each_in_week_order() {
    let mut r = BookRules::default();
    r.set("calling_days", "mon,mon,tue").unwrap();
    assert_eq!(r.get("calling_days").as_deref(), Some("Mon,Tue"));
    r.set("calling_days", "Sat, fri,Mon,sat").unwrap();
    assert_eq!(r.get("calling_days").as_deref(), Some("Mon,Fri,Sat"));
}

#[test]
fn calling_hours_may_end_at_24_00() {
    let mut r = BookRules::default();
    r.set("calling_hours", "09:00-24:00").unwrap();
    assert_eq!(r.get("calling_hours").as_deref(), Some("09:00-24:00"));
    assert_eq!(BookRules::from_pairs([("calling_hours", "09:00-24:00")]).unwrap(), r);
    assert!(r.set("calling_hours", "24:00-24:00").is_err());
}

#[test]
fn a_bad_stored_rule_is_left_out_when_it_is_the_one_being_set() {
    let stored = [("timezone", "Mars/Base"), ("grace_days", "5")];
    let err = BookRules::from_pairs(stored).unwrap_err();
    assert_eq!(
        err,
        "the book's rule timezone cannot be used: \"Mars/Base\" is not an IANA time zone (like Europe/London); a lead can set it right with `recoup rules set timezone VALUE`"
    );
    let r = BookRules::from_pairs_except(stored, Some("timezone")).unwrap();
    assert_eq!((r.timezone, r.policy.grace_days), (Tz::UTC, 5));
    let err = BookRules::from_pairs_except(stored, Some("grace_days")).unwrap_err();
    assert!(err.contains("rule timezone cannot be used"), "{err}");
}

#[test]
fn today_is_the_books_date_whatever_the_agent() {
    let now: DateTime<Utc> = "2026-11-25T23:30:00Z".parse().unwrap();
    let london = BookRules::in_zone(chrono_tz::Europe::London);
    let tokyo = BookRules::in_zone(chrono_tz::Asia::Tokyo);
    assert_eq!(london.today(now).to_string(), "2026-11-25");
    assert_eq!(tokyo.today(now).to_string(), "2026-11-26");
}
