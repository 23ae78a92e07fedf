//! Pure rules: money, aging, dates, promises, the queue order. No IO here;
//! "today" is always passed in.

pub mod aging;
pub mod allocation;
pub mod dates;
pub mod dispute;
pub mod money;
pub mod people;
pub mod plan;
pub mod policy;
pub mod priority;
pub mod promise;
pub mod promise_report;
pub mod queue;
pub mod search;
pub mod track_record;

pub use money::Money;
pub use policy::Policy;
