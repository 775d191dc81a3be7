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
    /// The shallow network of eq. 3.1 with three ReLU hidden units (Problem 6.5):
    /// `f = φ0 + Σ_k φk a[θk0 + θk1 x]`, ten parameters in the order
    /// φ0, φ1, φ2, φ3, θ10, θ11, θ20, θ21, θ30, θ31 ([`SHALLOW_NAMES`]).
    Shallow,
}

/// The shallow network's parameters, in the order of `start=`, `phi` and every export.
pub const SHALLOW_NAMES: [&str; 10] = [
    "φ0", "φ1", "φ2", "φ3", "θ10", "θ11", "θ20", "θ21", "θ30", "θ31",
];
/// The same names in ASCII, as `slice=` takes them.
pub const SHALLOW_KEYS: [&str; 10] = [
    "phi0", "phi1", "phi2", "phi3", "theta10", "theta11", "theta20", "theta21", "theta30",
    "theta31",
];
/// Hidden units of the shallow network.
pub const HIDDEN: usize = 3;

/// Index of `θk0` (the bias of hidden unit k = 1..=3); `θk1` follows it.
pub const fn theta_index(k: usize) -> usize {
    4 + 2 * (k - 1)
}

/// The ReLU activation `a[z] = max(0, z)` (eq. 3.2).
pub fn relu(z: f64) -> f64 {
    if z > 0.0 {
        z
    } else {
        0.0
    }
}

/// `a'[z]`: 1 for `z > 0`, else 0. At the kink `z = 0` the derivative is undefined; like
/// PyTorch and the book's notebooks, Downhill takes the left one, 0.
pub fn relu_slope(z: f64) -> f64 {
    if z > 0.0 {
        1.0
    } else {
        0.0
    }
}

/// The shallow network's parameters as a plain array (the hot loops index it without checks).
pub fn shallow_params(phi: Vector) -> [f64; 10] {
    phi.as_slice()
        .try_into()
        .expect("the shallow network has ten parameters")
}

/// `f(x, phi) = φ0 + φ1 h1 + φ2 h2 + φ3 h3` (eq. 3.1), summed in that order.
#[inline]
pub fn shallow_predict(p: &[f64; 10], x: f64) -> f64 {
    let mut f = p[0];
    for k in 1..=HIDDEN {
        let t = theta_index(k);
        f += p[k] * relu(p[t] + p[t + 1] * x);
    }
    f
}

/// `f` and `df/dphi` (Problem 6.5): `df/dφ0 = 1`, `df/dφk = h_k`, `df/dθk0 = φk a'_k`,
/// `df/dθk1 = φk a'_k x`.
#[inline]
pub fn shallow_gradient(p: &[f64; 10], x: f64) -> (f64, [f64; 10]) {
    let mut df = [0.0; 10];
    let mut f = p[0];
    df[0] = 1.0;
    for k in 1..=HIDDEN {
        let t = theta_index(k);
        let z = p[t] + p[t + 1] * x;
        let (h, s) = (relu(z), relu_slope(z));
        f += p[k] * h;
        df[k] = h;
        df[t] = p[k] * s;
        df[t + 1] = p[k] * s * x;
    }
    (f, df)
}

impl Model {
    /// The number of parameters.
    pub fn dim(self) -> usize {
        match self {
            Model::Line | Model::Gabor => 2,
            Model::Shallow => 10,
        }
    }

    /// `f(x, phi)`.
    pub fn predict(self, x: f64, phi: Vector) -> f64 {
        match self {
            Model::Line => phi.x() + phi.y() * x,
            Model::Gabor => {
                let u = phi.x() + GABOR_SCALE * phi.y() * x;
                m::sin(u) * m::exp(-u * u / GABOR_WIDTH)
            }
            Model::Shallow => shallow_predict(&shallow_params(phi), x),
        }
    }

    /// The activation `h_k = a[θk0 + θk1 x]` of hidden unit `k` (1..=3) of the shallow network.
    pub fn hidden(x: f64, phi: Vector, k: usize) -> f64 {
        let t = theta_index(k);
        relu(phi[t] + phi[t + 1] * x)
    }

    /// `f`, `df/dphi` and `d²f/dphi²` of a two-parameter model, as plain arrays (the hot path).
    fn derivatives2(self, x: f64, a: f64, b: f64) -> (f64, [f64; 2], [[f64; 2]; 2]) {
        match self {
            Model::Gabor => {
                // f(u) = s g with s = sin u, g = exp(-u²/32); u is linear in phi with du = [1, 0.06 x].
                let du = [1.0, GABOR_SCALE * x];
                let u = a + GABOR_SCALE * b * x;
                let (s, c) = m::sin_cos(u);
                let g = m::exp(-u * u / GABOR_WIDTH);
                let k = 2.0 / GABOR_WIDTH; // g' = -k u g
                let f = s * g;
                let f1 = g * (c - k * u * s);
                let f2 = g * (-s - 2.0 * k * u * c + s * (k * k * u * u - k));
                let h = |i: usize, j: usize| du[i] * du[j] * f2;
                (
                    f,
                    [f1 * du[0], f1 * du[1]],
                    [[h(0, 0), h(0, 1)], [h(1, 0), h(1, 1)]],
                )
            }
            _ => (a + b * x, [1.0, x], [[0.0; 2]; 2]),
        }
    }

    /// `f`, `df/dphi` and `d²f/dphi²` at `(x, phi)`.
    ///
    /// For the shallow network, `df/dφ0 = 1`, `df/dφk = h_k`, `df/dθk0 = φk a'_k` and
    /// `df/dθk1 = φk a'_k x` (Problem 6.5); the only second derivatives are the cross terms
    /// `d²f/dφk dθk0 = a'_k` and `d²f/dφk dθk1 = a'_k x`. Away from the kinks that is exact
    /// (a ReLU's second derivative is zero there); at a kink `a'` is taken as 0 ([`relu_slope`]).
    pub fn predict_with_derivatives(self, x: f64, phi: Vector) -> (f64, Vector, Matrix) {
        match self {
            Model::Shallow => {
                let p = shallow_params(phi);
                let (f, df) = shallow_gradient(&p, x);
                let mut d2f = Matrix::zeros(10);
                for k in 1..=HIDDEN {
                    let t = theta_index(k);
                    let s = relu_slope(p[t] + p[t + 1] * x);
                    for (j, d) in [(t, s), (t + 1, s * x)] {
                        d2f.set(k, j, d);
                        d2f.set(j, k, d);
                    }
                }
                (f, Vector::from_slice(&df), d2f)
            }
            _ => {
                let (f, df, h) = self.derivatives2(x, phi.x(), phi.y());
                (f, Vector::new(df[0], df[1]), Matrix::new(h))
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
    /// `L_B(phi)`, the batch's terms summed in order.
    pub fn value_sum(&self, indices: impl Iterator<Item = usize>, phi: Vector) -> f64 {
        let mut sum = 0.0;
        if self.model == Model::Shallow {
            // The landscape's inner loop on a slice: the parameters unpacked once.
            let p = shallow_params(phi);
            for i in indices {
                sum += self
                    .loss
                    .value(shallow_predict(&p, self.data.x[i]), self.data.y[i]);
            }
            return sum;
        }
        for i in indices {
            sum += self.term_value(i, phi);
        }
        sum
    }

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

    /// The shallow network's loss on a plane `c + u d1 + v d2` at `phi` (a point of the plane):
    /// its value, and its gradient and Hessian in `(u, v)`, summed sample by sample:
    /// `d e_i/du = e' (d1·df)` and `d²e_i/du dv = e'' (d1·df)(d2·df) + e' d1ᵀ(d²f)d2`, where `d²f`
    /// has only the cross terms `d²f/dφk dθk0 = a'_k`, `d²f/dφk dθk1 = a'_k x` (Problem 6.5).
    pub fn slice_sum(
        &self,
        indices: impl Iterator<Item = usize>,
        phi: Vector,
        plane: &super::Plane,
    ) -> (f64, [f64; 2], [[f64; 2]; 2]) {
        let p = shallow_params(phi);
        let dirs = [shallow_params(plane.d1), shallow_params(plane.d2)];
        let (mut value, mut g, mut h) = (0.0, [0.0; 2], [[0.0; 2]; 2]);
        for i in indices {
            let x = self.data.x[i];
            let (f, df) = shallow_gradient(&p, x);
            let (e, e1, e2) = self.loss.with_derivatives(f, self.data.y[i]);
            value += e;
            let along = dirs.map(|d| (0..10).map(|k| d[k] * df[k]).sum::<f64>());
            // a' per unit, for the cross terms.
            let slope: [f64; HIDDEN] = std::array::from_fn(|k| {
                let t = theta_index(k + 1);
                relu_slope(p[t] + p[t + 1] * x)
            });
            let cross = |a: &[f64; 10], b: &[f64; 10]| {
                (1..=HIDDEN)
                    .map(|k| {
                        let t = theta_index(k);
                        slope[k - 1] * (a[k] * (b[t] + b[t + 1] * x) + b[k] * (a[t] + a[t + 1] * x))
                    })
                    .sum::<f64>()
            };
            for a in 0..2 {
                g[a] += e1 * along[a];
                for b in 0..2 {
                    h[a][b] += e2 * along[a] * along[b] + e1 * cross(&dirs[a], &dirs[b]);
                }
            }
        }
        (value, g, h)
    }

    /// `sum_i (e_i, de_i/dphi, d²e_i/dphi²)` over `indices` (the Hessian only if `hessian`).
    ///
    /// Two-parameter models sum in plain arrays: the same arithmetic, in the same order, as
    /// [`DataObjective::term`] summed, without moving ten-slot vectors per sample.
    pub fn sum(
        &self,
        indices: impl Iterator<Item = usize>,
        phi: Vector,
        hessian: bool,
    ) -> (f64, Vector, Matrix) {
        let n = phi.dim();
        if self.model.dim() != 2 {
            if !hessian {
                // The hot path of every step on the network: plain arrays, the same sums.
                let p = shallow_params(phi);
                let (mut value, mut g) = (0.0, [0.0; 10]);
                for i in indices {
                    let (f, df) = shallow_gradient(&p, self.data.x[i]);
                    let (e, e1, _) = self.loss.with_derivatives(f, self.data.y[i]);
                    value += e;
                    for k in 0..10 {
                        g[k] += e1 * df[k];
                    }
                }
                return (value, Vector::from_slice(&g), Matrix::ZERO);
            }
            let (mut value, mut gradient, mut h) = (0.0, Vector::zeros(n), Matrix::zeros(n));
            for i in indices {
                let (e, g, hi) = self.term(i, phi);
                value += e;
                gradient += g;
                h += hi;
            }
            return (value, gradient, h);
        }
        let (a, b) = (phi.x(), phi.y());
        let (mut value, mut g, mut h) = (0.0, [0.0; 2], [[0.0; 2]; 2]);
        for i in indices {
            let (f, df, d2f) = self.model.derivatives2(self.data.x[i], a, b);
            let (e, e1, e2) = self.loss.with_derivatives(f, self.data.y[i]);
            value += e;
            g[0] += e1 * df[0];
            g[1] += e1 * df[1];
            if hessian {
                for r in 0..2 {
                    for c in 0..2 {
                        h[r][c] += df[r] * df[c] * e2 + d2f[r][c] * e1;
                    }
                }
            }
        }
        (value, Vector::new(g[0], g[1]), Matrix::new(h))
    }
}
