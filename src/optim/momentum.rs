//! SGD with momentum, eq. 6.11, and Nesterov accelerated momentum, eq. 6.12. One rule; Nesterov
//! only takes the gradient where momentum alone would reach, `phi_t - alpha m_t`:
//!
//! `m_{t+1} <- beta m_t + (1 - beta) sum_{i in B_t} de_i(x)/dphi`, with `x = phi_t` (momentum)
//! or `x = phi_t - alpha m_t` (Nesterov),
//! `phi_{t+1} <- phi_t - alpha m_{t+1}`, with `m_0 = 0`.
//!
//! `alpha` in the look-ahead is the current step's learning rate. Note the book's `(1 - beta)`
//! factor: PyTorch's `SGD(momentum=beta)` uses `m <- beta m + g` instead, whose steps are
//! `1/(1 - beta)` times larger at the same `alpha`.

use super::hyper::{ALPHA, BETA};
use super::{Descriptor, Internals, Optimizer, Oracle, Row, Step, StepError};
use crate::linalg::Vector;

#[derive(Clone, Debug)]
pub struct Momentum {
    beta: f64,
    m: Vector,
    /// Nesterov's look-ahead (eq. 6.12).
    nesterov: bool,
}

impl Momentum {
    pub fn new(beta: f64) -> Self {
        Momentum {
            beta,
            m: Vector::ZERO,
            nesterov: false,
        }
    }

    pub fn nesterov(beta: f64) -> Self {
        Momentum {
            nesterov: true,
            ..Momentum::new(beta)
        }
    }
}

/// Momentum (eq. 6.11): the hyperparameters it reads and how it is built.
pub const MOMENTUM: Descriptor = Descriptor {
    reads: &[ALPHA, BETA],
    snapshot: false,
    build: |h| Box::new(Momentum::new(h[BETA])),
};

/// Nesterov momentum (eq. 6.12): the hyperparameters it reads and how it is built.
pub const NESTEROV: Descriptor = Descriptor {
    reads: &[ALPHA, BETA],
    snapshot: false,
    build: |h| Box::new(Momentum::nesterov(h[BETA])),
};

impl Optimizer for Momentum {
    fn step(
        &mut self,
        phi: Vector,
        alpha: f64,
        oracle: &mut dyn Oracle,
    ) -> Result<Step, StepError> {
        self.m = self.m.sized(phi.dim());
        let lookahead = self.nesterov.then(|| phi - alpha * self.m);
        let g = oracle.gradient(lookahead.unwrap_or(phi));
        let m_prev = self.m;
        self.m = self.beta * self.m + (1.0 - self.beta) * g;
        let mut rows = vec![Row::vector("m", self.m)];
        rows.extend(lookahead.map(|l| Row::vector("φ − α·m", l)));
        Ok(Step {
            phi: phi - alpha * self.m,
            internals: Internals {
                gradient: Some(g),
                m: Some(self.m),
                m_prev: Some(m_prev),
                lookahead,
                rows,
                ..Internals::default()
            },
        })
    }
}
