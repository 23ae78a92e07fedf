//! recoup: a terminal workstation for commercial debt collection.

pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod domain;
pub mod import;
pub mod letters;
pub mod pdf;
pub mod serve;
pub mod store;
pub mod strategy;
pub mod tui;
pub mod ui;
