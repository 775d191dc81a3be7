//! Nesterov accelerated momentum, eq. 6.12: the gradient is taken at the point momentum alone
//! would reach, `phi_t - alpha m_t`:
//!
//! `m_{t+1} <- beta m_t + (1 - beta) sum_{i in B_t} de_i(phi_t - alpha m_t)/dphi`,
//! `phi_{t+1} <- phi_t - alpha m_{t+1}`, with `m_0 = 0`.
//!
//! `alpha` in the look-ahead is the current step's learning rate.

use super::{Internals, Optimizer, Oracle, Row, Step, StepError};
use crate::linalg::Vector;

#[derive(Clone, Debug)]
pub struct Nesterov {
    beta: f64,
    m: Vector,
}

impl Nesterov {
    pub fn new(beta: f64) -> Self {
        Nesterov {
            beta,
            m: Vector::ZERO,
        }
    }
}

impl Optimizer for Nesterov {
    fn step(
        &mut self,
        phi: Vector,
        alpha: f64,
        oracle: &mut dyn Oracle,
    ) -> Result<Step, StepError> {
        self.m = self.m.sized(phi.dim());
        let lookahead = phi - alpha * self.m;
        let g = oracle.gradient(lookahead);
        let m_prev = self.m;
        self.m = self.beta * self.m + (1.0 - self.beta) * g;
        Ok(Step {
            phi: phi - alpha * self.m,
            internals: Internals {
                gradient: Some(g),
                m: Some(self.m),
                m_prev: Some(m_prev),
                lookahead: Some(lookahead),
                rows: vec![Row::vector("m", self.m), Row::vector("φ − α·m", lookahead)],
                ..Internals::default()
            },
        })
    }
}
