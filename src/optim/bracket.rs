//! The bracketing line search of figure 6.10 as a stepper, for watching it work on a 1-D
//! function: each step is **one** iteration of the search along `phi0` over
//! `[phi0_start, phi0_start + maxdist]` (the rules are in [`super::linesearch`]), and the iterate
//! is the current answer `(b + c) / 2`. `phi1` is left alone. The inspector shows the four points
//! and which rule fired.

use super::hyper::MAXDIST;
use super::linesearch::{bracket_step, initial_bracket};
use super::{Descriptor, Internals, Optimizer, Oracle, Step, StepError};
use crate::linalg::Vector;

#[derive(Clone, Debug)]
pub struct BracketSearch {
    range: f64,
    points: Option<[f64; 4]>,
}

impl BracketSearch {
    pub fn new(range: f64) -> Self {
        BracketSearch {
            range,
            points: None,
        }
    }
}

/// Figure 6.10's bracketing: the hyperparameters it reads and how it is built.
pub const BRACKET: Descriptor = Descriptor {
    reads: &[MAXDIST],
    snapshot: false,
    build: |h| Box::new(BracketSearch::new(h[MAXDIST])),
};

impl Optimizer for BracketSearch {
    fn step(
        &mut self,
        phi: Vector,
        _alpha: f64,
        oracle: &mut dyn Oracle,
    ) -> Result<Step, StepError> {
        let p = self
            .points
            .unwrap_or_else(|| initial_bracket(phi.x(), self.range));
        // Along the first parameter only; the others stay where they are.
        let along = |x: f64| {
            let mut q = phi;
            q[0] = x;
            q
        };
        let (bracket, next) = bracket_step(p, &mut |x| oracle.value(along(x)));
        self.points = Some(next);
        Ok(Step {
            phi: along((next[1] + next[2]) / 2.0),
            internals: Internals {
                brackets: vec![bracket],
                ..Internals::default()
            },
        })
    }
}
