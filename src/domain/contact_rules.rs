//! The automatic checks before a call: calling hours and days in the
//! debtor's local time, do-not-call, dispute hold, attempts, live calls.

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;

pub use super::contact_policy::ContactPolicy;
use super::text::quote;

/// What the checks look at, read by the store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactFacts {
    pub timezone: String,
    pub do_not_call: bool,
    pub on_hold: bool,
    /// There are open disputes and nothing undisputed is left to collect.
    pub all_disputed: bool,
    /// Calls started in the last seven days.
    pub attempts_7d: u32,
    /// Another agent on a live call with this debtor.
    pub other_on_call: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CheckId {
    CallingHours,
    CallingDays,
    DoNotCall,
    DisputeHold,
    Attempts,
    OtherOnCall,
}

impl CheckId {
    pub fn name(self) -> &'static str {
        match self {
            CheckId::CallingHours => "calling hours",
            CheckId::CallingDays => "calling days",
            CheckId::DoNotCall => "do not call",
            CheckId::DisputeHold => "dispute hold",
            CheckId::Attempts => "attempts in 7 days",
            CheckId::OtherOnCall => "someone else on a call",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub id: CheckId,
    pub passed: bool,
    /// What was found, in words.
    pub text: String,
}

impl Check {
    /// Only a lead may override a do-not-call flag or someone else's live
    /// call.
    pub fn agent_may_override(&self) -> bool {
        !matches!(self.id, CheckId::OtherOnCall | CheckId::DoNotCall)
    }
}

impl CheckId {
    /// The override form's hint: an example of a reason that would justify
    /// overriding this check.
    pub fn override_example(self) -> &'static str {
        match self {
            CheckId::CallingHours => {
                "recorded on the call, e.g. customer asked us to call at this hour"
            }
            CheckId::CallingDays => "recorded on the call, e.g. customer asked for a call today",
            CheckId::DoNotCall => {
                "recorded on the call, e.g. customer's written request of 20 Nov to call again"
            }
            CheckId::DisputeHold => {
                "recorded on the call, e.g. customer asked to talk about the dispute"
            }
            CheckId::Attempts => "recorded on the call, e.g. customer asked us to call back today",
            CheckId::OtherOnCall => {
                "recorded on the call, e.g. taking over: the agent is away from the desk"
            }
        }
    }

    /// Why only a lead may override this check.
    pub fn lead_only(self) -> Option<&'static str> {
        match self {
            CheckId::DoNotCall => Some("Only a lead can override do-not-call."),
            CheckId::OtherOnCall => Some("Only a lead can take over a live call."),
            _ => None,
        }
    }
}

fn city(tz: &str) -> String {
    tz.rsplit('/').next().unwrap_or(tz).replace('_', " ")
}

pub fn checks(now: DateTime<Utc>, facts: &ContactFacts, policy: &ContactPolicy) -> Vec<Check> {
    let mut out = match policy.calling_time(now, &facts.timezone).local() {
        Some(local) => calling_time(local, &facts.timezone, policy),
        // Never guessed: an unknown zone fails both, saying why.
        None => {
            let why = format!(
                "time zone {} is not a real zone, so their local time is unknown",
                quote(&facts.timezone)
            );
            vec![
                Check { id: CheckId::CallingHours, passed: false, text: why.clone() },
                Check { id: CheckId::CallingDays, passed: false, text: why },
            ]
        }
    };
    out.extend(account_checks(facts, policy));
    out
}

/// Calling hours and days at the debtor's local time, each checked alone.
fn calling_time(local: DateTime<Tz>, name: &str, policy: &ContactPolicy) -> Vec<Check> {
    let in_hours = policy.in_hours(local.time());
    let (opens, closes) = policy.hours_text();
    let day_ok = policy.days.contains(&local.weekday());
    vec![
        Check {
            id: CheckId::CallingHours,
            passed: in_hours,
            text: format!(
                "{} in {} is {} {opens}–{closes}",
                local.format("%H:%M %Z"),
                city(name),
                if in_hours { "inside" } else { "outside" },
            ),
        },
        Check {
            id: CheckId::CallingDays,
            passed: day_ok,
            text: format!(
                "it is {} there, {}a calling day",
                local.format("%A"),
                if day_ok { "" } else { "not " }
            ),
        },
    ]
}

/// The flags, holds, attempts and live calls.
fn account_checks(facts: &ContactFacts, policy: &ContactPolicy) -> Vec<Check> {
    let mut out = vec![
        Check {
            id: CheckId::DoNotCall,
            passed: !facts.do_not_call,
            text: if facts.do_not_call {
                "marked do not call".into()
            } else {
                "no do-not-call flag".into()
            },
        },
        Check {
            id: CheckId::DisputeHold,
            passed: !facts.on_hold && !facts.all_disputed,
            text: if facts.on_hold {
                "the account is on hold".into()
            } else if facts.all_disputed {
                "everything owed is in dispute".into()
            } else {
                "no dispute hold".into()
            },
        },
        Check {
            id: CheckId::Attempts,
            passed: facts.attempts_7d < policy.max_attempts_7d,
            text: format!("{} so far, at most {}", facts.attempts_7d, policy.max_attempts_7d),
        },
    ];
    out.push(match &facts.other_on_call {
        Some(agent) => Check {
            id: CheckId::OtherOnCall,
            passed: false,
            text: format!("{agent} is working this debtor now"),
        },
        None => Check {
            id: CheckId::OtherOnCall,
            passed: true,
            text: "nobody else is on a call with this debtor".into(),
        },
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(tz: &str) -> ContactFacts {
        ContactFacts {
            timezone: tz.into(),
            do_not_call: false,
            on_hold: false,
            all_disputed: false,
            attempts_7d: 0,
            other_on_call: None,
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn passed(now: &str, f: &ContactFacts, id: CheckId) -> bool {
        checks(at(now), f, &ContactPolicy::default())
            .into_iter()
            .find(|c| c.id == id)
            .unwrap()
            .passed
    }

    #[test]
    fn calling_hours_are_the_debtors_local_time() {
        // 14:03 UTC on a Wednesday: 09:03 in New York, 01:03 Thursday in Sydney.
        let now = "2026-11-25T14:03:00Z";
        assert!(passed(now, &facts("America/New_York"), CheckId::CallingHours));
        assert!(!passed(now, &facts("Australia/Sydney"), CheckId::CallingHours));
        assert!(
            passed("2026-11-25T13:00:00Z", &facts("America/New_York"), CheckId::CallingHours),
            "08:00 opens"
        );
        assert!(
            !passed("2026-11-25T23:00:00Z", &facts("America/New_York"), CheckId::CallingHours),
            "18:00 has closed"
        );
        let c = checks(at(now), &facts("America/New_York"), &ContactPolicy::default());
        assert_eq!(c[0].text, "09:03 EST in New York is inside 08:00–18:00");
    }

    #[test]
    fn calling_hours_follow_a_dst_change() {
        // New York leaves summer time at 02:00 on Sunday 1 November 2026.
        let ny = facts("America/New_York");
        // 12:30 UTC is 08:30 EDT on Saturday 31 October...
        let c = checks(at("2026-10-31T12:30:00Z"), &ny, &ContactPolicy::default());
        assert!(c[0].passed, "{}", c[0].text);
        // ...but 07:30 EST on Monday 2 November, before the lines open.
        let c = checks(at("2026-11-02T12:30:00Z"), &ny, &ContactPolicy::default());
        assert!(!c[0].passed, "{}", c[0].text);
        assert_eq!(c[0].text, "07:30 EST in New York is outside 08:00–18:00");
    }

    #[test]
    fn calling_days_are_local_too() {
        // Friday 23:30 UTC is Saturday morning in Tokyo.
        let tokyo = facts("Asia/Tokyo");
        assert!(!passed("2026-11-27T23:30:00Z", &tokyo, CheckId::CallingDays));
        assert!(passed("2026-11-27T01:30:00Z", &tokyo, CheckId::CallingDays));
    }

    #[test]
    fn flags_holds_attempts_and_live_calls() {
        let mut f = facts("Europe/London");
        f.do_not_call = true;
        f.attempts_7d = 7;
        f.other_on_call = Some("bob".into());
        let c = checks(at("2026-11-25T10:00:00Z"), &f, &ContactPolicy::default());
        let failed: Vec<CheckId> = c.iter().filter(|c| !c.passed).map(|c| c.id).collect();
        assert_eq!(failed, [CheckId::DoNotCall, CheckId::Attempts, CheckId::OtherOnCall]);
        assert_eq!(c[5].text, "bob is working this debtor now");
        assert!(!c[5].agent_may_override(), "another agent's live call is a lead's to override");
        assert!(!c[2].agent_may_override(), "so is do-not-call");
        assert!(c[4].agent_may_override(), "an agent may override the attempts cap");
        assert!(CheckId::DoNotCall.lead_only().is_some_and(|w| w.contains("do-not-call")));
        assert!(CheckId::DoNotCall.override_example().contains("request"));
        assert!(CheckId::CallingHours.override_example().contains("this hour"));
        f.attempts_7d = 6;
        f.all_disputed = true;
        assert!(passed("2026-11-25T10:00:00Z", &f, CheckId::Attempts));
        assert!(!passed("2026-11-25T10:00:00Z", &f, CheckId::DisputeHold));
    }

    #[test]
    fn an_unknown_time_zone_fails_the_calling_checks_instead_of_passing_as_utc() {
        let f = facts("Olympus");
        let c = checks(at("2026-11-25T12:30:00Z"), &f, &ContactPolicy::default());
        for id in [CheckId::CallingHours, CheckId::CallingDays] {
            let check = c.iter().find(|c| c.id == id).unwrap();
            assert!(!check.passed, "{id:?}");
            assert!(check.text.contains("\"Olympus\" is not a real zone"), "{}", check.text);
        }
        assert!(c.iter().filter(|c| !c.passed).count() == 2, "the others still run: {c:?}");
    }
}
