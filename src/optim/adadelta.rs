//! AdaDelta (Zeiler, 2012): RMSProp whose step is rescaled by a running average of past updates,
//! so it needs no learning rate (alpha scales the result, default 1, as in PyTorch):
//!
//! `v_{t+1} <- gamma v_t + (1 - gamma) g²`,
//! `d = sqrt(u_t + epsilon) / sqrt(v_{t+1} + epsilon) * g`,
//! `u_{t+1} <- gamma u_t + (1 - gamma) d²`, `phi_{t+1} <- phi_t - alpha d`, `u_0 = v_0 = 0`.
//! `m` in the inspector shows `u` (the running average of squared updates).

use super::hyper::{ALPHA, EPS, GAMMA};
use super::{Descriptor, Internals, Optimizer, Oracle, Row, Step, StepError};
use crate::linalg::Vector;

#[derive(Clone, Debug)]
pub struct AdaDelta {
    gamma: f64,
    eps: f64,
    v: Vector,
    u: Vector,
}

impl AdaDelta {
    pub fn new(gamma: f64, eps: f64) -> Self {
        AdaDelta {
            gamma,
            eps,
            v: Vector::ZERO,
            u: Vector::ZERO,
        }
    }
}

/// AdaDelta: the hyperparameters it reads and how it is built.
pub const ADADELTA: Descriptor = Descriptor {
    reads: &[ALPHA, GAMMA, EPS],
    snapshot: false,
    build: |h| Box::new(AdaDelta::new(h[GAMMA], h[EPS])),
};

impl Optimizer for AdaDelta {
    fn step(
        &mut self,
        phi: Vector,
        alpha: f64,
        oracle: &mut dyn Oracle,
    ) -> Result<Step, StepError> {
        let g = oracle.gradient(phi);
        self.u = self.u.sized(phi.dim());
        self.v = self.v.sized(phi.dim());
        let k = self.gamma;
        self.v = k * self.v + (1.0 - k) * g.squared();
        // Component by component: the same arithmetic as
        // `(u + eps).sqrt().div_elem((v + eps).sqrt()).hadamard(g)`, which LLVM 22 fails to
        // compile at opt-level 3 (a crash in x86's two-address pass).
        let mut d = Vector::zeros(phi.dim());
        for k in 0..phi.dim() {
            d[k] = (self.u[k] + self.eps).sqrt() / (self.v[k] + self.eps).sqrt() * g[k];
        }
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
