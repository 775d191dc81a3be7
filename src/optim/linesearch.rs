//! Gradient descent with a line search (figure 6.1, 6.5a; the chapter's notes on line search).
//!
//! Each step searches the ray `phi - s g`, `s in [0, maxdist]`, along the unnormalised negative
//! gradient `g` with the bracketing search of figure 6.10, exactly as the companion notebooks do:
//!
//! * start with `a = 0, b = 0.33 maxdist, c = 0.66 maxdist, d = maxdist`;
//! * while `|b - c| > thresh` and fewer than `max_iter` iterations ran:
//!   * rule 1: if `L(a)` is the smallest of the four (ties go to `a`), halve the distances of
//!     `b, c, d` from `a`;
//!   * rule 2: else if `L(b) < L(c)`, `d = c` and `b, c` at 1/3 and 2/3 of `[a, d]`;
//!   * rule 3: else `a = b` and `b, c` at 1/3 and 2/3 of `[a, d]`;
//! * the answer is `(b + c) / 2`.
//!
//! Inside gradient descent `thresh = 1e-5` and `max_iter = 15`; the stand-alone demo of figure
//! 6.10 uses `1e-4` and `10`. The learning rate of the schedule is not used.

use super::hyper::MAXDIST;
use super::{Bracket, Descriptor, Internals, Optimizer, Oracle, Row, Step, StepError};
use crate::linalg::Vector;

/// The rule that fired in one iteration of the bracketing search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// `L(a)` smallest: pull `b, c, d` halfway towards `a`.
    ShrinkTowardsA,
    /// `L(b) < L(c)`: drop `[c, d]`.
    DropRight,
    /// otherwise: drop `[a, b]`.
    DropLeft,
}

impl Rule {
    pub fn number(self) -> u8 {
        match self {
            Rule::ShrinkTowardsA => 1,
            Rule::DropRight => 2,
            Rule::DropLeft => 3,
        }
    }
}

/// The bracketing search of figure 6.10 over `[0, range]`: returns the distance chosen and every
/// bracket visited.
pub fn bracket_search(
    mut loss: impl FnMut(f64) -> f64,
    range: f64,
    thresh: f64,
    max_iter: usize,
) -> (f64, Vec<Bracket>) {
    let mut p = initial_bracket(0.0, range);
    let mut brackets = Vec::new();
    while (p[1] - p[2]).abs() > thresh && brackets.len() < max_iter {
        let (bracket, next) = bracket_step(p, &mut loss);
        brackets.push(bracket);
        p = next;
    }
    ((p[1] + p[2]) / 2.0, brackets)
}

/// The four starting points `a, b, c, d` of `[start, start + range]` (the notebooks' 0, .33, .66, 1).
pub fn initial_bracket(start: f64, range: f64) -> [f64; 4] {
    [
        start,
        start + 0.33 * range,
        start + 0.66 * range,
        start + range,
    ]
}

/// One iteration of the bracketing search: evaluates the four points, applies the rule that
/// fires, and returns the bracket as evaluated (with its rule) and the next one.
pub fn bracket_step(p: [f64; 4], loss: &mut impl FnMut(f64) -> f64) -> (Bracket, [f64; 4]) {
    let [mut a, mut b, mut c, mut d] = p;
    let (la, lb, lc, ld) = (loss(a), loss(b), loss(c), loss(d));
    let rule = if la <= lb && la <= lc && la <= ld {
        Rule::ShrinkTowardsA
    } else if lb < lc {
        Rule::DropRight
    } else {
        Rule::DropLeft
    };
    let bracket = Bracket { a, b, c, d, rule };
    match rule {
        Rule::ShrinkTowardsA => {
            b = a + (b - a) / 2.0;
            c = a + (c - a) / 2.0;
            d = a + (d - a) / 2.0;
        }
        Rule::DropRight => {
            d = c;
            b = a + (d - a) / 3.0;
            c = a + 2.0 * (d - a) / 3.0;
        }
        Rule::DropLeft => {
            a = b;
            b = a + (d - a) / 3.0;
            c = a + 2.0 * (d - a) / 3.0;
        }
    }
    (bracket, [a, b, c, d])
}

/// `thresh` inside gradient descent (notebooks 6.2–6.3).
pub const GD_THRESH: f64 = 1e-5;
/// `max_iter` inside gradient descent.
pub const GD_MAX_ITER: usize = 15;

#[derive(Clone, Debug)]
pub struct LineSearch {
    maxdist: f64,
}

impl LineSearch {
    pub fn new(maxdist: f64) -> Self {
        LineSearch { maxdist }
    }
}

/// Line search: the hyperparameters it reads and how it is built.
pub const LINE_SEARCH: Descriptor = Descriptor {
    reads: &[MAXDIST],
    snapshot: false,
    build: |h| Box::new(LineSearch::new(h[MAXDIST])),
};

impl Optimizer for LineSearch {
    fn step(
        &mut self,
        phi: Vector,
        _alpha: f64,
        oracle: &mut dyn Oracle,
    ) -> Result<Step, StepError> {
        let g = oracle.gradient(phi);
        let (s, brackets) = bracket_search(
            |s| oracle.value(phi - s * g),
            self.maxdist,
            GD_THRESH,
            GD_MAX_ITER,
        );
        Ok(Step {
            phi: phi - s * g,
            internals: Internals {
                gradient: Some(g),
                brackets,
                rows: vec![Row::number("s", s)],
                ..Internals::default()
            },
        })
    }
}
