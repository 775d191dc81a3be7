//! AdaGrad (Duchi et al., 2011) and RMSProp (Hinton et al., 2012a): every coordinate's step is
//! divided by the root of its accumulated squared gradient. AdaGrad sums them, so the step size
//! only ever falls (the chapter's notes); RMSProp keeps a decaying average instead:
//!
//! AdaGrad: `v_{t+1} <- v_t + g²`; RMSProp: `v_{t+1} <- gamma v_t + (1 - gamma) g²`;
//! both: `phi_{t+1} <- phi_t - alpha g / (sqrt(v_{t+1}) + epsilon)`, `v_0 = 0` (PyTorch's
//! convention; `gamma` is PyTorch's RMSProp `alpha`, the decay rate). AdaGrad's `v_0` is
//! `acc0=` in every coordinate (optax's `initial_accumulator_value`, 0.1 there).

use super::hyper::{ACC0, ALPHA, EPS, GAMMA};
use super::{Descriptor, Internals, Optimizer, Oracle, Row, Step, StepError};
use crate::linalg::Vector;

#[derive(Clone, Debug)]
pub struct AdaGrad {
    /// RMSProp's decay `gamma`; `None` for AdaGrad's sum.
    decay: Option<f64>,
    eps: f64,
    /// What every coordinate's accumulator starts from.
    v0: f64,
    v: Vector,
}

impl AdaGrad {
    pub fn new(eps: f64) -> Self {
        AdaGrad {
            decay: None,
            eps,
            v0: 0.0,
            v: Vector::ZERO,
        }
    }

    /// RMSProp.
    pub fn rmsprop(gamma: f64, eps: f64) -> Self {
        AdaGrad {
            decay: Some(gamma),
            ..AdaGrad::new(eps)
        }
    }
}

/// AdaGrad: the hyperparameters it reads and how it is built.
pub const ADAGRAD: Descriptor = Descriptor {
    reads: &[ALPHA, EPS, ACC0],
    snapshot: false,
    build: |h| {
        Box::new(AdaGrad {
            v0: h[ACC0],
            ..AdaGrad::new(h[EPS])
        })
    },
};

/// RMSProp: the hyperparameters it reads and how it is built.
pub const RMSPROP: Descriptor = Descriptor {
    reads: &[ALPHA, GAMMA, EPS],
    snapshot: false,
    build: |h| Box::new(AdaGrad::rmsprop(h[GAMMA], h[EPS])),
};

impl Optimizer for AdaGrad {
    fn step(
        &mut self,
        phi: Vector,
        alpha: f64,
        oracle: &mut dyn Oracle,
    ) -> Result<Step, StepError> {
        if self.v.dim() == 0 {
            self.v = Vector::zeros(phi.dim()).map(|_| self.v0);
        }
        let g = oracle.gradient(phi);
        self.v = match self.decay {
            None => self.v + g.squared(),
            Some(gamma) => gamma * self.v + (1.0 - gamma) * g.squared(),
        };
        Ok(Step {
            phi: phi - alpha * g.div_elem(self.v.sqrt() + self.eps),
            internals: Internals {
                gradient: Some(g),
                rows: vec![Row::vector("v", self.v)],
                ..Internals::default()
            },
        })
    }
}
