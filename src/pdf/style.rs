//! The type styles of the letter: face, size and line spacing, in points.

use super::fonts::Weight;

/// How a run of text is set.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    pub weight: Weight,
    pub size: f32,
    /// Baseline to baseline.
    pub leading: f32,
}

const fn regular(size: f32, leading: f32) -> Style {
    Style { weight: Weight::Regular, size, leading }
}

const fn bold(size: f32, leading: f32) -> Style {
    Style { weight: Weight::Bold, size, leading }
}

pub const SENDER_NAME: Style = bold(9.5, 12.0);
pub const SENDER: Style = regular(9.0, 11.5);
pub const ADDRESS: Style = regular(10.0, 13.0);
pub const HEADING: Style = bold(12.0, 16.0);
pub const BODY: Style = regular(10.0, 14.0);
pub const TABLE_HEAD: Style = bold(9.0, 15.0);
pub const TABLE: Style = regular(9.0, 13.5);
pub const TOTAL: Style = regular(10.0, 14.0);
pub const TOTAL_DUE: Style = bold(10.0, 15.0);
pub const SLIP_TITLE: Style = bold(10.0, 15.0);
pub const SLIP: Style = regular(9.0, 12.0);
pub const FOOTER: Style = regular(8.0, 10.0);
