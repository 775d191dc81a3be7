//! RMSProp (Hinton et al., 2012a): AdaGrad with a decaying average instead of a sum,
//!
//! `v_{t+1} <- gamma v_t + (1 - gamma) g²`, `phi_{t+1} <- phi_t - alpha g / (sqrt(v_{t+1}) + epsilon)`,
//! `v_0 = 0` (PyTorch's convention; `gamma` is PyTorch's `alpha`, the decay rate).

use super::{Internals, Optimizer, Oracle, Row, Step, StepError};
use crate::linalg::Vector;

#[derive(Clone, Debug)]
pub struct RmsProp {
    gamma: f64,
    eps: f64,
    v: Vector,
}

impl RmsProp {
    pub fn new(gamma: f64, eps: f64) -> Self {
        RmsProp {
            gamma,
            eps,
            v: Vector::ZERO,
        }
    }
}

impl Optimizer for RmsProp {
    fn step(
        &mut self,
        phi: Vector,
        alpha: f64,
        oracle: &mut dyn Oracle,
    ) -> Result<Step, StepError> {
        self.v = self.v.sized(phi.dim());
        let g = oracle.gradient(phi);
        self.v = self.gamma * self.v + (1.0 - self.gamma) * g.squared();
        Ok(Step {
            phi: phi - alpha * g.div_elem(self.v.sqrt() + self.eps),
            internals: Internals {
                gradient: Some(g),
                rows: vec![Row::vector("v", self.v)],
                ..Internals::default()
            },
        })
    }
}
