//! Pure rules: money, aging, dates, promises, the queue order. No IO here;
//! "today" is always passed in.

pub mod aging;
pub mod aging_report;
pub mod allocation;
pub mod audit_chain;
pub mod book;
pub mod checklist;
pub mod contact_policy;
pub mod contact_rules;
pub mod csv_columns;
pub mod dates;
pub mod dispute;
pub mod interest;
pub mod interest_terms;
pub mod kpi;
pub mod lease;
pub mod money;
pub mod next_contact;
pub mod outcome;
pub mod people;
pub mod period;
pub mod phone;
pub mod plan;
pub mod policy;
pub mod priority;
pub mod promisable;
pub mod promise;
pub mod promise_report;
pub mod queue;
pub mod readback;
pub mod readback_interest;
pub mod search;
pub mod text;
pub mod track_record;

pub use money::Money;
pub use policy::Policy;
