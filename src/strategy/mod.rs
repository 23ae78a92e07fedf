//! Collection strategies, the application's side (issue 15): finding a
//! strategy by name (the book's, the desk's, the standard one), taking the
//! day's steps over the book, previewing the next days, and the daily run
//! at the rollover. The rules are in `domain::strategy`; the SQL in
//! `store::strategy_*`.

pub mod daily;
pub mod library;
pub mod line;
pub mod run;
pub mod take;
