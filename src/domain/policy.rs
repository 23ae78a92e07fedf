//! The tunable rules a store needs when it recomputes figures.

use super::priority::Weights;

#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub grace_days: u32,
    pub weights: Weights,
}

impl Default for Policy {
    fn default() -> Self {
        Policy { grace_days: 3, weights: Weights::default() }
    }
}
