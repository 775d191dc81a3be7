//! Normalized gradients, eq. 6.13–6.14:
//!
//! `m_{t+1} <- dL/dphi`, `v_{t+1} <- (dL/dphi)²`,
//! `phi_{t+1} <- phi_t - alpha m_{t+1} / sqrt(v_{t+1} + epsilon)` (epsilon **inside** the root).
//!
//! Each coordinate moves a fixed distance `alpha` downhill, so the iterate bounces around the
//! minimum instead of converging (figure 6.9c).

use super::hyper::{ALPHA, EPS};
use super::{Descriptor, Internals, Optimizer, Oracle, Row, Step, StepError};
use crate::linalg::Vector;

#[derive(Clone, Debug)]
pub struct Normalized {
    eps: f64,
}

impl Normalized {
    pub fn new(eps: f64) -> Self {
        Normalized { eps }
    }
}

/// Normalized gradients (eq. 6.13-6.14): the hyperparameters it reads and how it is built.
pub const NORMALIZED: Descriptor = Descriptor {
    reads: &[ALPHA, EPS],
    snapshot: false,
    build: |h| Box::new(Normalized::new(h[EPS])),
};

impl Optimizer for Normalized {
    fn step(
        &mut self,
        phi: Vector,
        alpha: f64,
        oracle: &mut dyn Oracle,
    ) -> Result<Step, StepError> {
        let m = oracle.gradient(phi);
        let v = m.squared();
        Ok(Step {
            phi: phi - alpha * m.div_elem((v + self.eps).sqrt()),
            internals: Internals {
                gradient: Some(m),
                rows: vec![Row::vector("v", v)],
                ..Internals::default()
            },
        })
    }
}
