//! SGD with momentum, eq. 6.11:
//!
//! `m_{t+1} <- beta m_t + (1 - beta) sum_{i in B_t} de_i/dphi`,
//! `phi_{t+1} <- phi_t - alpha m_{t+1}`, with `m_0 = 0`.
//!
//! Note the book's `(1 - beta)` factor: PyTorch's `SGD(momentum=beta)` uses `m <- beta m + g`
//! instead, whose steps are `1/(1 - beta)` times larger at the same `alpha`.

use super::{Internals, Optimizer, Oracle, Row, Step, StepError};
use crate::linalg::Vector;

#[derive(Clone, Debug)]
pub struct Momentum {
    beta: f64,
    m: Vector,
}

impl Momentum {
    pub fn new(beta: f64) -> Self {
        Momentum {
            beta,
            m: Vector::ZERO,
        }
    }
}

impl Optimizer for Momentum {
    fn step(
        &mut self,
        phi: Vector,
        alpha: f64,
        oracle: &mut dyn Oracle,
    ) -> Result<Step, StepError> {
        self.m = self.m.sized(phi.dim());
        let g = oracle.gradient(phi);
        let m_prev = self.m;
        self.m = self.beta * self.m + (1.0 - self.beta) * g;
        Ok(Step {
            phi: phi - alpha * self.m,
            internals: Internals {
                gradient: Some(g),
                m: Some(self.m),
                m_prev: Some(m_prev),
                rows: vec![Row::vector("m", self.m)],
                ..Internals::default()
            },
        })
    }
}
