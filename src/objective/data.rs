//! Data models: a prediction `f(x, phi)` and a per-sample loss term `e_i(f)`, so that the loss of
//! a batch `B` is the sum `L_B(phi) = sum_{i in B} e_i` (eq. 6.5, 6.9, 6.10).
//!
//! Derivatives come from the chain rule through `f` (eq. 6.6–6.7 for the line, Problem 6.3 for
//! the Gabor model): with `e' = de/df` and `e'' = d²e/df²`,
//! `de_i/dphi = e' * df/dphi` and `d²e_i/dphi² = e'' * (df/dphi)(df/dphi)^T + e' * d²f/dphi²`.

use crate::linalg::{Matrix, Vector};
use crate::math as m;

/// The Gabor model's frequency scale, eq. 6.8.
pub const GABOR_SCALE: f64 = 0.06;
/// The Gabor envelope's width, eq. 6.8: `exp(-u² / 32)`.
pub const GABOR_WIDTH: f64 = 32.0;

/// The model `f(x, phi)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    /// `f = phi0 + phi1 x` (eq. 6.4).
    Line,
    /// `f = sin(u) exp(-u²/32)` with `u = phi0 + 0.06 phi1 x` (eq. 6.8).
    Gabor,
}

impl Model {
    /// `f(x, phi)`.
    pub fn predict(self, x: f64, phi: Vector) -> f64 {
        match self {
            Model::Line => phi.x() + phi.y() * x,
            Model::Gabor => {
                let u = phi.x() + GABOR_SCALE * phi.y() * x;
                m::sin(u) * m::exp(-u * u / GABOR_WIDTH)
            }
        }
    }

    /// `f`, `df/dphi` and `d²f/dphi²` at `(x, phi)`.
    pub fn predict_with_derivatives(self, x: f64, phi: Vector) -> (f64, Vector, Matrix) {
        match self {
            Model::Line => (phi.x() + phi.y() * x, Vector::new(1.0, x), Matrix::ZERO),
            Model::Gabor => {
                // f(u) = s g with s = sin u, g = exp(-u²/32); u is linear in phi with du = [1, 0.06 x].
                let du = Vector::new(1.0, GABOR_SCALE * x);
                let u = phi.x() + GABOR_SCALE * phi.y() * x;
                let (s, c) = m::sin_cos(u);
                let g = m::exp(-u * u / GABOR_WIDTH);
                let k = 2.0 / GABOR_WIDTH; // g' = -k u g
                let f = s * g;
                let f1 = g * (c - k * u * s);
                let f2 = g * (-s - 2.0 * k * u * c + s * (k * k * u * u - k));
                (f, f1 * du, du.outer(du).scale(f2))
            }
        }
    }
}

/// The per-sample loss term `e_i` as a function of the prediction `f`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loss {
    /// `e = (f - y)²` (eq. 6.5, 6.9).
    SumOfSquares,
    /// Binary cross-entropy with `f` a logit: `e = -[y log sig(f) + (1-y) log(1 - sig(f))]`
    /// (chapter 5, used by Problem 6.4), computed as `softplus(f) - y f` so it never overflows.
    BinaryCrossEntropy,
}

/// `log(1 + exp(z))` without overflow.
pub fn softplus(z: f64) -> f64 {
    if z > 0.0 {
        z + m::ln_1p(m::exp(-z))
    } else {
        m::ln_1p(m::exp(z))
    }
}

/// The logistic sigmoid (eq. 6.22), stable for large `|z|`.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + m::exp(-z))
    } else {
        let e = m::exp(z);
        e / (1.0 + e)
    }
}

impl Loss {
    /// `e(f; y)`.
    pub fn value(self, f: f64, y: f64) -> f64 {
        match self {
            Loss::SumOfSquares => (f - y) * (f - y),
            Loss::BinaryCrossEntropy => softplus(f) - y * f,
        }
    }
    /// `(e, de/df, d²e/df²)`.
    pub fn with_derivatives(self, f: f64, y: f64) -> (f64, f64, f64) {
        match self {
            Loss::SumOfSquares => {
                let r = f - y;
                (r * r, 2.0 * r, 2.0)
            }
            Loss::BinaryCrossEntropy => {
                let s = sigmoid(f);
                (softplus(f) - y * f, s - y, s * (1.0 - s))
            }
        }
    }
}

/// Training pairs `{x_i, y_i}`.
#[derive(Clone, Debug, PartialEq)]
pub struct DataSet {
    pub x: Vec<f64>,
    pub y: Vec<f64>,
}

impl DataSet {
    pub fn new(x: Vec<f64>, y: Vec<f64>) -> Self {
        assert_eq!(x.len(), y.len(), "x and y must have the same length");
        DataSet { x, y }
    }
    pub fn len(&self) -> usize {
        self.x.len()
    }
    pub fn is_empty(&self) -> bool {
        self.x.is_empty()
    }
}

/// A model fitted to data with a per-sample loss: the objective of the `linear`, `gabor` and
/// `logistic` scenes.
#[derive(Clone, Debug, PartialEq)]
pub struct DataObjective {
    pub model: Model,
    pub loss: Loss,
    pub data: DataSet,
}

impl DataObjective {
    /// `e_i(phi)`.
    pub fn term_value(&self, i: usize, phi: Vector) -> f64 {
        let f = self.model.predict(self.data.x[i], phi);
        self.loss.value(f, self.data.y[i])
    }

    /// `(e_i, de_i/dphi, d²e_i/dphi²)`.
    pub fn term(&self, i: usize, phi: Vector) -> (f64, Vector, Matrix) {
        let (f, df, d2f) = self.model.predict_with_derivatives(self.data.x[i], phi);
        let (e, e1, e2) = self.loss.with_derivatives(f, self.data.y[i]);
        (e, e1 * df, df.outer(df).scale(e2) + d2f.scale(e1))
    }

    /// `de_i/dphi` only (the hot path of every step).
    pub fn term_gradient(&self, i: usize, phi: Vector) -> Vector {
        let (f, df, _) = self.model.predict_with_derivatives(self.data.x[i], phi);
        let (_, e1, _) = self.loss.with_derivatives(f, self.data.y[i]);
        e1 * df
    }
}
