//! AdamW (Loshchilov & Hutter, 2019): Adam (eq. 6.15–6.17) with weight decay decoupled from the
//! gradient:
//!
//! `phi_{t+1} <- phi_t - alpha (m̂ / (sqrt(v̂) + epsilon) + lambda phi_t)`.
//!
//! This equals PyTorch's order (first `phi *= 1 - alpha lambda`, then the Adam step with the
//! gradient taken at the undecayed `phi_t`).

use super::adam::Moments;
use super::hyper::{ALPHA, BETA, EPS, GAMMA, WD};
use super::{Descriptor, Optimizer, Oracle, Step, StepError};
use crate::linalg::Vector;

#[derive(Clone, Debug)]
pub struct AdamW {
    moments: Moments,
    eps: f64,
    wd: f64,
}

impl AdamW {
    pub fn new(beta: f64, gamma: f64, eps: f64, wd: f64) -> Self {
        AdamW {
            moments: Moments::new(beta, gamma),
            eps,
            wd,
        }
    }
}

/// AdamW: the hyperparameters it reads and how it is built.
pub const ADAMW: Descriptor = Descriptor {
    reads: &[ALPHA, BETA, GAMMA, EPS, WD],
    snapshot: false,
    build: |h| Box::new(AdamW::new(h[BETA], h[GAMMA], h[EPS], h[WD])),
};

impl Optimizer for AdamW {
    fn step(
        &mut self,
        phi: Vector,
        alpha: f64,
        oracle: &mut dyn Oracle,
    ) -> Result<Step, StepError> {
        let g = oracle.gradient(phi);
        let (m_hat, v_hat) = self.moments.update(g);
        let update = m_hat.div_elem(v_hat.sqrt() + self.eps) + self.wd * phi;
        Ok(Step {
            phi: phi - alpha * update,
            internals: self.moments.internals(g, m_hat, v_hat),
        })
    }
}
