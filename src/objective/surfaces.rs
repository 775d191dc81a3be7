//! Analytic surfaces with no data: the figure 6.9 bowl, the figure 6.10 line-search function and
//! three classic test functions for free exploration. Each has a closed-form value, gradient and
//! Hessian.

use crate::linalg::{Matrix, Vector};
use crate::math as m;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Surface {
    /// Figure 6.9: `L = 1 - exp(-0.5 phi1² · 4) exp(-0.5 (phi0 - 0.7)² / 4)`, steep in phi1 and
    /// shallow in phi0.
    Bowl,
    /// Figure 6.10: `L = 1 - 0.5 exp(-(phi0-0.65)²/0.1) - 0.45 exp(-(phi0-0.35)²/0.02)`; a
    /// function of `phi0` alone (`phi1` is ignored, so its curvature is zero).
    Line1d,
    /// Rosenbrock's banana valley `(1-phi0)² + 100 (phi1 - phi0²)²`, minimum at (1, 1).
    Rosenbrock,
    /// Himmelblau's function `(phi0² + phi1 - 11)² + (phi0 + phi1² - 7)²`: four minima, one
    /// maximum and four saddles.
    Himmelblau,
    /// `phi0² - phi1² + phi1⁴ / 2`: a saddle at the origin between two minima at (0, ±1).
    Saddle,
}

/// Two-by-two Hessians in plain arrays: the surfaces are evaluated at every step, and a
/// [`Matrix`] has room for ten parameters.
type H2 = [[f64; 2]; 2];

/// `exp(q)` for a quadratic `q`, with the gradient and Hessian of `-exp(q)` (a Gaussian well).
fn gaussian_well(q: f64, dq: [f64; 2], d2q: H2) -> (f64, [f64; 2], H2) {
    let e = m::exp(q);
    let h = |i: usize, j: usize| (dq[i] * dq[j] + d2q[i][j]) * -e;
    (
        e,
        [-e * dq[0], -e * dq[1]],
        [[h(0, 0), h(0, 1)], [h(1, 0), h(1, 1)]],
    )
}

impl Surface {
    pub fn value(self, p: Vector) -> f64 {
        self.evaluate(p).0
    }

    /// `(L, dL/dphi, d²L/dphi²)`.
    pub fn evaluate(self, p: Vector) -> (f64, Vector, Matrix) {
        let (v, g, h) = self.evaluate2(p.x(), p.y());
        (v, Vector::new(g[0], g[1]), Matrix::new(h))
    }

    /// `dL/dphi` alone.
    pub fn gradient(self, p: Vector) -> Vector {
        let g = self.evaluate2(p.x(), p.y()).1;
        Vector::new(g[0], g[1])
    }

    fn evaluate2(self, a: f64, b: f64) -> (f64, [f64; 2], H2) {
        match self {
            Surface::Bowl => {
                let q = -2.0 * b * b - (a - 0.7) * (a - 0.7) / 8.0;
                let dq = [-(a - 0.7) / 4.0, -4.0 * b];
                let (e, g, h) = gaussian_well(q, dq, [[-0.25, 0.0], [0.0, -4.0]]);
                (1.0 - e, g, h)
            }
            Surface::Line1d => {
                let mut value = 1.0;
                let mut grad = 0.0;
                let mut hess = 0.0;
                for (w, c, s) in [(0.5, 0.65, 0.1), (0.45, 0.35, 0.02)] {
                    // -w exp(-(a-c)²/s)
                    let e = w * m::exp(-(a - c) * (a - c) / s);
                    let d = -2.0 * (a - c) / s;
                    value -= e;
                    grad -= e * d;
                    hess -= e * (d * d - 2.0 / s);
                }
                (value, [grad, 0.0], [[hess, 0.0], [0.0, 0.0]])
            }
            Surface::Rosenbrock => {
                let r = b - a * a;
                let value = (1.0 - a) * (1.0 - a) + 100.0 * r * r;
                let grad = [-2.0 * (1.0 - a) - 400.0 * a * r, 200.0 * r];
                let h = [
                    [2.0 - 400.0 * r + 800.0 * a * a, -400.0 * a],
                    [-400.0 * a, 200.0],
                ];
                (value, grad, h)
            }
            Surface::Himmelblau => {
                let r1 = a * a + b - 11.0;
                let r2 = a + b * b - 7.0;
                let value = r1 * r1 + r2 * r2;
                let grad = [4.0 * a * r1 + 2.0 * r2, 2.0 * r1 + 4.0 * b * r2];
                let h = [
                    [12.0 * a * a + 4.0 * b - 42.0, 4.0 * (a + b)],
                    [4.0 * (a + b), 4.0 * a + 12.0 * b * b - 26.0],
                ];
                (value, grad, h)
            }
            Surface::Saddle => {
                let value = a * a - b * b + 0.5 * m::powi(b, 4);
                let grad = [2.0 * a, -2.0 * b + 2.0 * m::powi(b, 3)];
                (value, grad, [[2.0, 0.0], [0.0, -2.0 + 6.0 * b * b]])
            }
        }
    }
}
