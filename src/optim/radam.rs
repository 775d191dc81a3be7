//! Rectified Adam (Liu et al., 2021a). Adam's moments (eq. 6.15–6.16), but while the variance of
//! the adaptive step is untrustworthy (early steps) it takes a plain momentum step:
//!
//! `rho_inf = 2/(1 - gamma) - 1`, `rho_t = rho_inf - 2 t gamma^t / (1 - gamma^t)` (t 1-based);
//! if `rho_t > 5`: `r_t = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))`
//! and `phi <- phi - alpha r_t m̂ / (sqrt(v̂) + epsilon)`; otherwise `phi <- phi - alpha m̂`.
//! The threshold 5 is PyTorch's.

use super::adam::Moments;
use super::hyper::{ALPHA, BETA, EPS, GAMMA};
use super::{Descriptor, Optimizer, Oracle, Row, Step, StepError};
use crate::linalg::Vector;
use crate::math as m;

#[derive(Clone, Debug)]
pub struct RAdam {
    moments: Moments,
    eps: f64,
}

impl RAdam {
    pub fn new(beta: f64, gamma: f64, eps: f64) -> Self {
        RAdam {
            moments: Moments::new(beta, gamma),
            eps,
        }
    }
}

/// RAdam: the hyperparameters it reads and how it is built.
pub const RADAM: Descriptor = Descriptor {
    reads: &[ALPHA, BETA, GAMMA, EPS],
    snapshot: false,
    build: |h| Box::new(RAdam::new(h[BETA], h[GAMMA], h[EPS])),
};

impl Optimizer for RAdam {
    fn step(
        &mut self,
        phi: Vector,
        alpha: f64,
        oracle: &mut dyn Oracle,
    ) -> Result<Step, StepError> {
        let g = oracle.gradient(phi);
        let (m_hat, v_hat) = self.moments.update(g);
        let gamma = self.moments.gamma;
        let t = f64::from(self.moments.t);
        let rho_inf = 2.0 / (1.0 - gamma) - 1.0;
        let gt = m::powi(gamma, self.moments.t);
        let rho_t = rho_inf - 2.0 * t * gt / (1.0 - gt);
        let mut internals = self.moments.internals(g, m_hat, v_hat);
        let next = if rho_t > 5.0 {
            let r = ((rho_t - 4.0) * (rho_t - 2.0) * rho_inf
                / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t))
                .sqrt();
            internals.rows.push(Row::number("rₜ", r));
            phi - (alpha * r) * m_hat.div_elem(v_hat.sqrt() + self.eps)
        } else {
            phi - alpha * m_hat
        };
        Ok(Step {
            phi: next,
            internals,
        })
    }
}
