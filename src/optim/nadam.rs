//! NAdam (Dozat, 2016): Nesterov momentum inside Adam. With Adam's moments (eq. 6.15–6.16),
//!
//! `phi_{t+1} <- phi_t - alpha (beta m̂ + (1 - beta) g / (1 - beta^{t+1})) / (sqrt(v̂) + epsilon)`,
//!
//! the form in Dozat's paper and Ruder's overview. PyTorch's `NAdam` additionally ramps `beta`
//! with a "momentum decay" schedule; Downhill does not.

use super::adam::Moments;
use super::{Optimizer, Oracle, Step, StepError};
use crate::linalg::Vector;
use crate::math as m;

#[derive(Clone, Debug)]
pub struct NAdam {
    moments: Moments,
    eps: f64,
}

impl NAdam {
    pub fn new(beta: f64, gamma: f64, eps: f64) -> Self {
        NAdam {
            moments: Moments::new(beta, gamma),
            eps,
        }
    }
}

impl Optimizer for NAdam {
    fn step(
        &mut self,
        phi: Vector,
        alpha: f64,
        oracle: &mut dyn Oracle,
    ) -> Result<Step, StepError> {
        let g = oracle.gradient(phi);
        let (m_hat, v_hat) = self.moments.update(g);
        let beta = self.moments.beta;
        let bias = 1.0 - m::powi(beta, self.moments.t);
        let nesterov_m = beta * m_hat + ((1.0 - beta) / bias) * g;
        Ok(Step {
            phi: phi - alpha * nesterov_m.div_elem(v_hat.sqrt() + self.eps),
            internals: self.moments.internals(g, m_hat, v_hat),
        })
    }
}
