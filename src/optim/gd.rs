//! Gradient descent, eq. 6.3: `phi <- phi - alpha * dL/dphi`.
//!
//! On minibatches this is SGD, eq. 6.10: `phi_{t+1} <- phi_t - alpha * sum_{i in B_t} de_i/dphi`
//! (the oracle sums over the batch).

use super::hyper::ALPHA;
use super::{Descriptor, Internals, Optimizer, Oracle, Step, StepError};
use crate::linalg::Vector;

/// Plain (stochastic) gradient descent; it has no state.
#[derive(Clone, Debug, Default)]
pub struct Gd;

/// Gradient descent (eq. 6.3) and SGD (eq. 6.10): the hyperparameters it reads and how it is built.
pub const GD: Descriptor = Descriptor {
    reads: &[ALPHA],
    snapshot: false,
    build: |_| Box::new(Gd),
};

impl Optimizer for Gd {
    fn step(
        &mut self,
        phi: Vector,
        alpha: f64,
        oracle: &mut dyn Oracle,
    ) -> Result<Step, StepError> {
        let g = oracle.gradient(phi);
        Ok(Step {
            phi: phi - alpha * g,
            internals: Internals {
                gradient: Some(g),
                ..Internals::default()
            },
        })
    }
}
