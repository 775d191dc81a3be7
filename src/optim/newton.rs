//! Newton's method (the chapter's notes): `phi <- phi - alpha H^{-1} dL/dphi`, plain Newton at
//! the default `alpha = 1`.
//!
//! It jumps to the nearest stationary point of the local quadratic model, whatever its kind: near
//! a maximum it climbs, near a saddle it stops there, as the notes warn. A singular Hessian makes
//! the step undefined; that is reported as an error, never turned into NaN.

use super::hyper::ALPHA;
use super::{Descriptor, Internals, Optimizer, Oracle, Step, StepError};
use crate::linalg::Vector;

#[derive(Clone, Debug, Default)]
pub struct Newton;

/// Newton's method (eq. 6.20): the hyperparameters it reads and how it is built.
pub const NEWTON: Descriptor = Descriptor {
    reads: &[ALPHA],
    snapshot: false,
    build: |_| Box::new(Newton),
};

impl Optimizer for Newton {
    fn step(
        &mut self,
        phi: Vector,
        alpha: f64,
        oracle: &mut dyn Oracle,
    ) -> Result<Step, StepError> {
        let g = oracle.gradient(phi);
        let hessian = oracle.hessian(phi);
        let dir = hessian.solve(g).ok_or_else(|| StepError::SingularHessian {
            phi,
            det: hessian.det(),
            eigenvalues: hessian.eigenvalues(),
        })?;
        Ok(Step {
            phi: phi - alpha * dir,
            internals: Internals {
                gradient: Some(g),
                ..Internals::default()
            },
        })
    }
}
