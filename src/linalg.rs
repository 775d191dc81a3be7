//! Two-by-two linear algebra: every model of chapter 6 has two parameters `phi = [phi0, phi1]`.
//!
//! `Vec2` supports the arithmetic the update rules are written in (`phi - alpha * g`), including
//! the element-wise products, squares and square roots that Adam and its relatives use (eq. 6.13–6.17).

use crate::math as m;
use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub};

/// A point or direction in parameter space.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Vec2(pub [f64; 2]);

impl Vec2 {
    pub const ZERO: Vec2 = Vec2([0.0, 0.0]);

    pub const fn new(a: f64, b: f64) -> Self {
        Vec2([a, b])
    }
    pub fn x(self) -> f64 {
        self.0[0]
    }
    pub fn y(self) -> f64 {
        self.0[1]
    }
    pub fn dot(self, o: Vec2) -> f64 {
        self.0[0] * o.0[0] + self.0[1] * o.0[1]
    }
    pub fn norm(self) -> f64 {
        m::hypot(self.0[0], self.0[1])
    }
    /// Applies `f` to each component.
    pub fn map(self, f: impl Fn(f64) -> f64) -> Vec2 {
        Vec2([f(self.0[0]), f(self.0[1])])
    }
    /// Element-wise product (the book's pointwise operations in eq. 6.13–6.17).
    pub fn hadamard(self, o: Vec2) -> Vec2 {
        Vec2([self.0[0] * o.0[0], self.0[1] * o.0[1]])
    }
    /// Element-wise quotient.
    pub fn div_elem(self, o: Vec2) -> Vec2 {
        Vec2([self.0[0] / o.0[0], self.0[1] / o.0[1]])
    }
    pub fn squared(self) -> Vec2 {
        self.hadamard(self)
    }
    pub fn sqrt(self) -> Vec2 {
        self.map(f64::sqrt)
    }
    pub fn is_finite(self) -> bool {
        self.0[0].is_finite() && self.0[1].is_finite()
    }
    /// Outer product `self * o^T`.
    pub fn outer(self, o: Vec2) -> Mat2 {
        Mat2([
            [self.0[0] * o.0[0], self.0[0] * o.0[1]],
            [self.0[1] * o.0[0], self.0[1] * o.0[1]],
        ])
    }
}

impl Add for Vec2 {
    type Output = Vec2;
    fn add(self, o: Vec2) -> Vec2 {
        Vec2([self.0[0] + o.0[0], self.0[1] + o.0[1]])
    }
}
impl AddAssign for Vec2 {
    fn add_assign(&mut self, o: Vec2) {
        *self = *self + o;
    }
}
impl Sub for Vec2 {
    type Output = Vec2;
    fn sub(self, o: Vec2) -> Vec2 {
        Vec2([self.0[0] - o.0[0], self.0[1] - o.0[1]])
    }
}
impl Neg for Vec2 {
    type Output = Vec2;
    fn neg(self) -> Vec2 {
        Vec2([-self.0[0], -self.0[1]])
    }
}
impl Mul<Vec2> for f64 {
    type Output = Vec2;
    fn mul(self, v: Vec2) -> Vec2 {
        Vec2([self * v.0[0], self * v.0[1]])
    }
}
impl Div<f64> for Vec2 {
    type Output = Vec2;
    fn div(self, s: f64) -> Vec2 {
        Vec2([self.0[0] / s, self.0[1] / s])
    }
}
/// `v + s` adds `s` to each component (the `+ epsilon` of eq. 6.14 and 6.17).
impl Add<f64> for Vec2 {
    type Output = Vec2;
    fn add(self, s: f64) -> Vec2 {
        Vec2([self.0[0] + s, self.0[1] + s])
    }
}

/// A symmetric 2x2 matrix (a Hessian, eq. 6.19–6.20), stored row-major.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Mat2(pub [[f64; 2]; 2]);

impl Mat2 {
    pub const ZERO: Mat2 = Mat2([[0.0, 0.0], [0.0, 0.0]]);

    pub fn diag(a: f64, b: f64) -> Self {
        Mat2([[a, 0.0], [0.0, b]])
    }
    pub fn scale(self, s: f64) -> Mat2 {
        let m = self.0;
        Mat2([[s * m[0][0], s * m[0][1]], [s * m[1][0], s * m[1][1]]])
    }
    pub fn trace(self) -> f64 {
        self.0[0][0] + self.0[1][1]
    }
    pub fn det(self) -> f64 {
        self.0[0][0] * self.0[1][1] - self.0[0][1] * self.0[1][0]
    }
    pub fn mul_vec(self, v: Vec2) -> Vec2 {
        let m = self.0;
        Vec2([
            m[0][0] * v.0[0] + m[0][1] * v.0[1],
            m[1][0] * v.0[0] + m[1][1] * v.0[1],
        ])
    }
    pub fn is_finite(self) -> bool {
        self.0.iter().flatten().all(|x| x.is_finite())
    }
    /// Largest absolute entry, the scale against which singularity is judged.
    pub fn max_abs(self) -> f64 {
        self.0.iter().flatten().fold(0.0, |a, x| a.max(x.abs()))
    }

    /// Eigenvalues of the symmetric part, ascending: `(tr ± sqrt(tr² - 4 det)) / 2`, written in
    /// the cancellation-free form.
    pub fn eigenvalues(self) -> [f64; 2] {
        let a = self.0[0][0];
        let d = self.0[1][1];
        let b = 0.5 * (self.0[0][1] + self.0[1][0]);
        let mean = 0.5 * (a + d);
        let r = m::hypot(0.5 * (a - d), b);
        [mean - r, mean + r]
    }

    /// Solves `self * x = rhs`, or `None` when the matrix is singular relative to its own scale.
    pub fn solve(self, rhs: Vec2) -> Option<Vec2> {
        let det = self.det();
        let scale = self.max_abs();
        if !det.is_finite() || scale == 0.0 || det.abs() <= 1e-12 * scale * scale {
            return None;
        }
        let m = self.0;
        Some(Vec2([
            (m[1][1] * rhs.0[0] - m[0][1] * rhs.0[1]) / det,
            (m[0][0] * rhs.0[1] - m[1][0] * rhs.0[0]) / det,
        ]))
    }
}

impl Add for Mat2 {
    type Output = Mat2;
    fn add(self, o: Mat2) -> Mat2 {
        let (a, b) = (self.0, o.0);
        Mat2([
            [a[0][0] + b[0][0], a[0][1] + b[0][1]],
            [a[1][0] + b[1][0], a[1][1] + b[1][1]],
        ])
    }
}
impl AddAssign for Mat2 {
    fn add_assign(&mut self, o: Mat2) {
        *self = *self + o;
    }
}

/// What the eigenvalues of a Hessian say about a point where the gradient vanishes (chapter notes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Curvature {
    /// Both eigenvalues positive.
    Minimum,
    /// Both negative.
    Maximum,
    /// One of each sign.
    Saddle,
    /// An eigenvalue is (numerically) zero: the second-order test says nothing.
    Degenerate,
}

impl Curvature {
    pub fn of(h: Mat2) -> Curvature {
        let [lo, hi] = h.eigenvalues();
        let tol = 1e-9 * h.max_abs().max(1e-300);
        if lo.abs() <= tol || hi.abs() <= tol {
            Curvature::Degenerate
        } else if lo > 0.0 {
            Curvature::Minimum
        } else if hi < 0.0 {
            Curvature::Maximum
        } else {
            Curvature::Saddle
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Curvature::Minimum => "minimum",
            Curvature::Maximum => "maximum",
            Curvature::Saddle => "saddle",
            Curvature::Degenerate => "degenerate",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eigenvalues_of_a_known_matrix() {
        let h = Mat2([[2.0, 1.0], [1.0, 2.0]]);
        assert_eq!(h.eigenvalues(), [1.0, 3.0]);
        assert_eq!(Curvature::of(h), Curvature::Minimum);
        assert_eq!(Curvature::of(Mat2::diag(1.0, -1.0)), Curvature::Saddle);
        assert_eq!(Curvature::of(Mat2::diag(-1.0, -2.0)), Curvature::Maximum);
        assert_eq!(Curvature::of(Mat2::diag(1.0, 0.0)), Curvature::Degenerate);
    }

    #[test]
    fn solve_inverts_and_refuses_singular() {
        let h = Mat2([[4.0, 1.0], [1.0, 3.0]]);
        let x = h.solve(Vec2::new(1.0, 2.0)).unwrap();
        let back = h.mul_vec(x);
        assert!((back - Vec2::new(1.0, 2.0)).norm() < 1e-14);
        assert!(Mat2([[1.0, 2.0], [2.0, 4.0]])
            .solve(Vec2::new(1.0, 0.0))
            .is_none());
        assert!(Mat2::ZERO.solve(Vec2::new(1.0, 0.0)).is_none());
    }
}
