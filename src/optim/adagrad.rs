//! AdaGrad (Duchi et al., 2011): every coordinate's step shrinks with its accumulated squared
//! gradient, so the step size only ever falls (the chapter's notes):
//!
//! `v_{t+1} <- v_t + g²`, `phi_{t+1} <- phi_t - alpha g / (sqrt(v_{t+1}) + epsilon)`, `v_0 = 0`.

use super::{Internals, Optimizer, Oracle, Row, Step, StepError};
use crate::linalg::Vector;

#[derive(Clone, Debug)]
pub struct AdaGrad {
    eps: f64,
    v: Vector,
}

impl AdaGrad {
    pub fn new(eps: f64) -> Self {
        AdaGrad {
            eps,
            v: Vector::ZERO,
        }
    }
}

impl Optimizer for AdaGrad {
    fn step(
        &mut self,
        phi: Vector,
        alpha: f64,
        oracle: &mut dyn Oracle,
    ) -> Result<Step, StepError> {
        self.v = self.v.sized(phi.dim());
        let g = oracle.gradient(phi);
        self.v += g.squared();
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
