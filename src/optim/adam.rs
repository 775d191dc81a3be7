//! Adam (Kingma & Ba, 2015), eq. 6.15–6.17 (and 6.18 on minibatches):
//!
//! `m_{t+1} <- beta m_t + (1 - beta) g`, `v_{t+1} <- gamma v_t + (1 - gamma) g²`,
//! `m̂ = m_{t+1} / (1 - beta^{t+1})`, `v̂ = v_{t+1} / (1 - gamma^{t+1})`,
//! `phi_{t+1} <- phi_t - alpha m̂ / (sqrt(v̂) + epsilon)` (epsilon **outside** the root),
//!
//! with `m_0 = v_0 = 0`, `t` the 0-based step, and `g` the batch's summed gradient; `g²` squares
//! that summed gradient element-wise, as Adam squares its minibatch gradient. (The Chinese edition
//! prints eq. 6.18 with the sum outside the square; we follow the English original and every
//! implementation.)

use super::hyper::{ALPHA, BETA, EPS, GAMMA};
use super::{Descriptor, Internals, Optimizer, Oracle, Row, Step, StepError};
use crate::linalg::Vector;
use crate::math as m;

/// The moment estimates shared by Adam, AdamW, NAdam and RAdam.
#[derive(Clone, Debug)]
pub struct Moments {
    pub beta: f64,
    pub gamma: f64,
    pub m: Vector,
    pub v: Vector,
    /// Steps taken so far (`t`).
    pub t: i32,
}

impl Moments {
    pub fn new(beta: f64, gamma: f64) -> Self {
        Moments {
            beta,
            gamma,
            m: Vector::ZERO,
            v: Vector::ZERO,
            t: 0,
        }
    }

    /// Folds in gradient `g` (eq. 6.15) and returns the bias-corrected `(m̂, v̂)` (eq. 6.16).
    pub fn update(&mut self, g: Vector) -> (Vector, Vector) {
        self.m = self.m.sized(g.dim());
        self.v = self.v.sized(g.dim());
        self.m = self.beta * self.m + (1.0 - self.beta) * g;
        self.v = self.gamma * self.v + (1.0 - self.gamma) * g.squared();
        self.t += 1;
        let m_hat = self.m / (1.0 - m::powi(self.beta, self.t));
        let v_hat = self.v / (1.0 - m::powi(self.gamma, self.t));
        (m_hat, v_hat)
    }

    /// The inspector's view of the moments after an update.
    pub fn internals(&self, g: Vector, m_hat: Vector, v_hat: Vector) -> Internals {
        Internals {
            gradient: Some(g),
            m: Some(self.m),
            rows: vec![
                Row::vector("m", self.m),
                Row::vector("v", self.v),
                Row::vector("m̂", m_hat),
                Row::vector("v̂", v_hat),
            ],
            ..Internals::default()
        }
    }
}

#[derive(Clone, Debug)]
pub struct Adam {
    moments: Moments,
    eps: f64,
}

impl Adam {
    pub fn new(beta: f64, gamma: f64, eps: f64) -> Self {
        Adam {
            moments: Moments::new(beta, gamma),
            eps,
        }
    }
}

/// Adam (eq. 6.15-6.17): the hyperparameters it reads and how it is built.
pub const ADAM: Descriptor = Descriptor {
    reads: &[ALPHA, BETA, GAMMA, EPS],
    snapshot: false,
    build: |h| Box::new(Adam::new(h[BETA], h[GAMMA], h[EPS])),
};

impl Optimizer for Adam {
    fn step(
        &mut self,
        phi: Vector,
        alpha: f64,
        oracle: &mut dyn Oracle,
    ) -> Result<Step, StepError> {
        let g = oracle.gradient(phi);
        let (m_hat, v_hat) = self.moments.update(g);
        Ok(Step {
            phi: phi - alpha * m_hat.div_elem(v_hat.sqrt() + self.eps),
            internals: self.moments.internals(g, m_hat, v_hat),
        })
    }
}
