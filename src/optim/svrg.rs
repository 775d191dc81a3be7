//! Stochastic variance-reduced gradient (Johnson & Zhang, 2013; the chapter's notes): the full
//! gradient is computed periodically at a snapshot `phi~` and corrects every stochastic step,
//!
//! `g = sum_{i in B} de_i(phi)/dphi - sum_{i in B} de_i(phi~)/dphi + (|B|/I) dL(phi~)/dphi`,
//! `phi <- phi - alpha g`.
//!
//! `g` is unbiased for the batch's summed gradient (eq. 6.10's convention); with `reduce=mean`
//! every term is a mean, as in the paper. The snapshot is refreshed every `every` steps (default:
//! one epoch), the first at step 0.

use super::hyper::ALPHA;
use super::{Descriptor, Internals, Optimizer, Oracle, Row, Step, StepError};
use crate::linalg::Vector;

#[derive(Clone, Debug)]
pub struct Svrg {
    every: usize,
    steps: usize,
    /// The snapshot `phi~` and its full gradient.
    snapshot: Option<(Vector, Vector)>,
}

impl Svrg {
    pub fn new(every: usize) -> Self {
        Svrg {
            every: every.max(1),
            steps: 0,
            snapshot: None,
        }
    }
}

/// SVRG: the hyperparameters it reads and how it is built.
pub const SVRG: Descriptor = Descriptor {
    reads: &[ALPHA],
    snapshot: true,
    build: |h| Box::new(Svrg::new(h.every.unwrap_or(1))),
};

impl Optimizer for Svrg {
    fn step(
        &mut self,
        phi: Vector,
        alpha: f64,
        oracle: &mut dyn Oracle,
    ) -> Result<Step, StepError> {
        let (anchor, full) = match self.snapshot {
            Some(s) if self.steps % self.every != 0 => s,
            _ => (phi, oracle.full_gradient(phi)),
        };
        self.snapshot = Some((anchor, full));
        self.steps += 1;
        let mu = oracle.batch_share() * full;
        let g = oracle.gradient(phi) - oracle.gradient(anchor) + mu;
        Ok(Step {
            phi: phi - alpha * g,
            internals: Internals {
                gradient: Some(g),
                rows: vec![Row::vector("φ̃", anchor), Row::vector("μ", mu)],
                ..Internals::default()
            },
        })
    }
}
