//! AdaDelta (Zeiler, 2012): RMSProp whose step is rescaled by a running average of past updates,
//! so it needs no learning rate (alpha scales the result, default 1, as in PyTorch):
//!
//! `v_{t+1} <- gamma v_t + (1 - gamma) g²`,
//! `d = sqrt(u_t + epsilon) / sqrt(v_{t+1} + epsilon) * g`,
//! `u_{t+1} <- gamma u_t + (1 - gamma) d²`, `phi_{t+1} <- phi_t - alpha d`, `u_0 = v_0 = 0`.
//! `m` in the inspector shows `u` (the running average of squared updates).

use super::{Internals, Optimizer, Oracle, Row, Step, StepError};
use crate::linalg::Vec2;

#[derive(Clone, Debug)]
pub struct AdaDelta {
    gamma: f64,
    eps: f64,
    v: Vec2,
    u: Vec2,
}

impl AdaDelta {
    pub fn new(gamma: f64, eps: f64) -> Self {
        AdaDelta {
            gamma,
            eps,
            v: Vec2::ZERO,
            u: Vec2::ZERO,
        }
    }
}

impl Optimizer for AdaDelta {
    fn step(&mut self, phi: Vec2, alpha: f64, oracle: &mut dyn Oracle) -> Result<Step, StepError> {
        let g = oracle.gradient(phi);
        let k = self.gamma;
        self.v = k * self.v + (1.0 - k) * g.squared();
        let d = (self.u + self.eps)
            .sqrt()
            .div_elem((self.v + self.eps).sqrt())
            .hadamard(g);
        self.u = k * self.u + (1.0 - k) * d.squared();
        Ok(Step {
            phi: phi - alpha * d,
            internals: Internals {
                gradient: Some(g),
                rows: vec![Row::vector("v", self.v), Row::vector("u", self.u)],
                ..Internals::default()
            },
        })
    }
}
