//! Agents, roles and debtor statuses: the small vocabularies the rest uses.

use std::fmt;
use std::str::FromStr;

use super::text::quote;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Role {
    Agent,
    Lead,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Lead => "lead",
        }
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "agent" => Ok(Role::Agent),
            "lead" => Ok(Role::Lead),
            other => Err(format!("expected agent or lead, found {}", quote(other))),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The agent using this process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agent {
    pub id: i64,
    pub name: String,
    pub role: Role,
}

impl Agent {
    pub fn is_lead(&self) -> bool {
        self.role == Role::Lead
    }
}

/// Agent names are ASCII letters, digits, `.`, `-` and `_`, 1 to 32 of
/// them, with at least one letter or digit: nothing that looks like another
/// name (spaces, look-alike letters, direction marks) or like a path (`.`,
/// `..`) can be added. Names are compared without regard to case.
pub fn check_agent_name(name: &str) -> Result<(), String> {
    let ok = (1..=32).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        && name.bytes().any(|b| b.is_ascii_alphanumeric());
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{} is not a usable agent name: use 1 to 32 letters (a-z), digits, '.', '-' or '_', with at least one letter or digit",
            quote(name)
        ))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DebtorStatus {
    Active,
    Hold,
    Arrangement,
    Escalated,
    Closed,
}

impl DebtorStatus {
    pub const ALL: [DebtorStatus; 5] = [
        DebtorStatus::Active,
        DebtorStatus::Hold,
        DebtorStatus::Arrangement,
        DebtorStatus::Escalated,
        DebtorStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DebtorStatus::Active => "active",
            DebtorStatus::Hold => "hold",
            DebtorStatus::Arrangement => "arrangement",
            DebtorStatus::Escalated => "escalated",
            DebtorStatus::Closed => "closed",
        }
    }

    /// Whether agents should be working this account from the queue.
    pub fn is_workable(self) -> bool {
        matches!(self, DebtorStatus::Active | DebtorStatus::Arrangement)
    }
}

impl FromStr for DebtorStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        DebtorStatus::ALL.into_iter().find(|st| st.as_str() == t).ok_or_else(|| {
            format!(
                "expected one of active, hold, arrangement, escalated, closed, found {}",
                quote(s)
            )
        })
    }
}

/// Yes/no as accounting exports write it.
pub fn parse_flag(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" | "0" | "no" | "n" | "false" | "f" => Some(false),
        "1" | "yes" | "y" | "true" | "t" => Some(true),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_statuses_parse_case_insensitively() {
        assert_eq!("Lead".parse::<Role>(), Ok(Role::Lead));
        assert!("boss".parse::<Role>().is_err());
        assert_eq!("HOLD".parse::<DebtorStatus>(), Ok(DebtorStatus::Hold));
        assert!("gone".parse::<DebtorStatus>().is_err());
        assert!(DebtorStatus::Arrangement.is_workable());
        assert!(!DebtorStatus::Escalated.is_workable());
    }

    #[test]
    fn agent_names_need_a_letter_or_digit() {
        for good in ["carol", "Carol", "j.smith", "a-b_c", "7", "x", &"a".repeat(32)] {
            assert_eq!(check_agent_name(good), Ok(()), "{good}");
        }
        for bad in [".", "..", "-", "_", "._-", "", "carol ", "caröl", &"a".repeat(33)] {
            let err = check_agent_name(bad).unwrap_err();
            assert!(err.contains("at least one letter or digit"), "{bad}: {err}");
        }
        assert!(check_agent_name("..").unwrap_err().starts_with("\"..\" is not a usable"));
    }

    #[test]
    fn flags_accept_the_usual_spellings() {
        assert_eq!(parse_flag("Yes"), Some(true));
        assert_eq!(parse_flag("1"), Some(true));
        assert_eq!(parse_flag(""), Some(false));
        assert_eq!(parse_flag("No"), Some(false));
        assert_eq!(parse_flag("maybe"), None);
    }
}
