//! NAdam (Dozat, 2016): Nesterov momentum inside Adam. With Adam's moments (eq. 6.15–6.16) and
//! `t` counted from 1 (the steps taken, this one included),
//!
//! `phi_{t+1} <- phi_t - alpha (beta m_t / (1 - beta^{t+1}) + (1 - beta) g / (1 - beta^t)) / (sqrt(v̂) + epsilon)`:
//!
//! the momentum term is corrected as the *next* step's `m̂` will be (it looks one step ahead,
//! as Nesterov does), the gradient term as this step's. This is Dozat's algorithm 2, and optax's
//! `nadam` (`scale_by_adam(nesterov=True)`). The first step is therefore
//! `alpha (1 + 2 beta) / (1 + beta)` per coordinate (with epsilon negligible), not Adam's `alpha`.
//! PyTorch's `NAdam` additionally ramps `beta` with a "momentum decay" schedule; Downhill does not.

use super::adam::Moments;
use super::hyper::{ALPHA, BETA, EPS, GAMMA};
use super::{Descriptor, Optimizer, Oracle, Step, StepError};
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

/// NAdam: the hyperparameters it reads and how it is built.
pub const NADAM: Descriptor = Descriptor {
    reads: &[ALPHA, BETA, GAMMA, EPS],
    snapshot: false,
    build: |h| Box::new(NAdam::new(h[BETA], h[GAMMA], h[EPS])),
};

impl Optimizer for NAdam {
    fn step(
        &mut self,
        phi: Vector,
        alpha: f64,
        oracle: &mut dyn Oracle,
    ) -> Result<Step, StepError> {
        let g = oracle.gradient(phi);
        let (m_hat, v_hat) = self.moments.update(g);
        let (beta, t) = (self.moments.beta, self.moments.t);
        let ahead = self.moments.m / (1.0 - m::powi(beta, t + 1));
        let nesterov_m = beta * ahead + ((1.0 - beta) / (1.0 - m::powi(beta, t))) * g;
        Ok(Step {
            phi: phi - alpha * nesterov_m.div_elem(v_hat.sqrt() + self.eps),
            internals: self.moments.internals(g, m_hat, v_hat),
        })
    }
}
