//! Linear algebra for parameter vectors of any length up to [`MAX_DIM`].
//!
//! The chapter's models have two parameters `phi = [phi0, phi1]`; the shallow network of eq. 3.1
//! (Problem 6.5) has ten. [`Vector`] and [`Matrix`] are small, `Copy` and allocation-free: the
//! update rules are written as they are in the book (`phi - alpha * g`), element-wise products,
//! squares and square roots included (eq. 6.13–6.17), whatever the dimension.
//!
//! **Zero broadcasts.** [`Vector::ZERO`] and [`Matrix::ZERO`] have no dimension: every moment
//! buffer starts at zero before the optimizer has seen a gradient, and the first operation with a
//! sized operand takes its size. Entries past a value's dimension are always `+0.0`, so that first
//! operation computes exactly what `[0.0, 0.0]` did (the two-parameter traces are pinned bit for bit).
//!
//! Two-parameter matrices keep their closed forms (eigenvalues, Cramer's rule); larger ones use
//! Jacobi's eigenvalue method and Gaussian elimination with partial pivoting.

// Index loops read as the formulas they implement (rows, columns, pivots).
#![allow(clippy::needless_range_loop)]

use crate::math as m;
use std::ops::{Add, AddAssign, Div, Index, IndexMut, Mul, Neg, Sub};

/// The largest number of parameters a scene may have (the shallow network's ten).
pub const MAX_DIM: usize = 10;

/// A point or direction in parameter space.
#[derive(Clone, Copy, Debug, Default)]
pub struct Vector {
    n: u8,
    v: [f64; MAX_DIM],
}

impl PartialEq for Vector {
    fn eq(&self, o: &Vector) -> bool {
        self.v == o.v && (self.n == o.n || self.n == 0 || o.n == 0)
    }
}

impl Vector {
    /// Zero of no particular dimension (see the module's note).
    pub const ZERO: Vector = Vector {
        n: 0,
        v: [0.0; MAX_DIM],
    };

    /// The two-parameter vector `(a, b)`.
    pub const fn new(a: f64, b: f64) -> Self {
        let mut v = [0.0; MAX_DIM];
        v[0] = a;
        v[1] = b;
        Vector { n: 2, v }
    }
    /// The zero vector of dimension `n`.
    pub fn zeros(n: usize) -> Self {
        assert!(n <= MAX_DIM, "at most {MAX_DIM} parameters");
        Vector {
            n: n as u8,
            v: [0.0; MAX_DIM],
        }
    }
    /// The `k`-th unit vector of dimension `n`.
    pub fn unit(n: usize, k: usize) -> Self {
        let mut e = Vector::zeros(n);
        e[k] = 1.0;
        e
    }
    pub fn from_slice(s: &[f64]) -> Self {
        let mut v = Vector::zeros(s.len());
        v.v[..s.len()].copy_from_slice(s);
        v
    }
    /// `self`, or zero of dimension `n` if `self` is [`Vector::ZERO`]: an optimizer's buffer
    /// takes the parameters' size at the first step.
    pub fn sized(self, n: usize) -> Vector {
        if self.n == 0 {
            Vector::zeros(n)
        } else {
            self
        }
    }
    /// The number of parameters (0 for [`Vector::ZERO`]).
    pub fn dim(&self) -> usize {
        self.n as usize
    }
    pub fn to_vec(self) -> Vec<f64> {
        self.as_slice().to_vec()
    }
    pub fn as_slice(&self) -> &[f64] {
        &self.v[..self.n as usize]
    }
    pub fn x(self) -> f64 {
        self.v[0]
    }
    pub fn y(self) -> f64 {
        self.v[1]
    }
    fn zip(self, o: Vector, f: impl Fn(f64, f64) -> f64) -> Vector {
        debug_assert!(
            self.n == o.n || self.n == 0 || o.n == 0,
            "dimensions differ"
        );
        let mut r = Vector {
            n: self.n.max(o.n),
            v: [0.0; MAX_DIM],
        };
        if r.n == 2 {
            // The chapter's scenes: straight-line code.
            r.v[0] = f(self.v[0], o.v[0]);
            r.v[1] = f(self.v[1], o.v[1]);
            return r;
        }
        for k in 0..r.n as usize {
            r.v[k] = f(self.v[k], o.v[k]);
        }
        r
    }
    /// Applies `f` to each component.
    pub fn map(self, f: impl Fn(f64) -> f64) -> Vector {
        let mut r = self;
        if self.n == 2 {
            r.v[0] = f(self.v[0]);
            r.v[1] = f(self.v[1]);
            return r;
        }
        for k in 0..self.n as usize {
            r.v[k] = f(self.v[k]);
        }
        r
    }
    pub fn dot(self, o: Vector) -> f64 {
        let n = self.n.max(o.n) as usize;
        let mut s = self.v[0] * o.v[0];
        for k in 1..n {
            s += self.v[k] * o.v[k];
        }
        s
    }
    /// The Euclidean norm, as a chain of `hypot`s (no overflow; `hypot(x, y)` in two dimensions).
    pub fn norm(self) -> f64 {
        let n = self.n as usize;
        if n == 0 {
            return 0.0;
        }
        self.v[1..n]
            .iter()
            .fold(self.v[0].abs(), |a, &x| m::hypot(a, x))
    }
    /// Element-wise product (the book's pointwise operations in eq. 6.13–6.17).
    pub fn hadamard(self, o: Vector) -> Vector {
        self.zip(o, |a, b| a * b)
    }
    /// Element-wise quotient.
    pub fn div_elem(self, o: Vector) -> Vector {
        self.zip(o, |a, b| a / b)
    }
    pub fn squared(self) -> Vector {
        self.hadamard(self)
    }
    pub fn sqrt(self) -> Vector {
        self.map(f64::sqrt)
    }
    pub fn is_finite(self) -> bool {
        self.as_slice().iter().all(|x| x.is_finite())
    }
    /// Outer product `self * o^T`.
    pub fn outer(self, o: Vector) -> Matrix {
        let n = self.n.max(o.n);
        let mut r = Matrix {
            n,
            a: [[0.0; MAX_DIM]; MAX_DIM],
        };
        for i in 0..n as usize {
            for j in 0..n as usize {
                r.a[i][j] = self.v[i] * o.v[j];
            }
        }
        r
    }
}

impl Index<usize> for Vector {
    type Output = f64;
    fn index(&self, k: usize) -> &f64 {
        &self.as_slice()[k]
    }
}
impl IndexMut<usize> for Vector {
    fn index_mut(&mut self, k: usize) -> &mut f64 {
        let n = self.n as usize;
        &mut self.v[..n][k]
    }
}
impl Add for Vector {
    type Output = Vector;
    fn add(self, o: Vector) -> Vector {
        self.zip(o, |a, b| a + b)
    }
}
impl AddAssign for Vector {
    fn add_assign(&mut self, o: Vector) {
        *self = *self + o;
    }
}
impl Sub for Vector {
    type Output = Vector;
    fn sub(self, o: Vector) -> Vector {
        self.zip(o, |a, b| a - b)
    }
}
impl Neg for Vector {
    type Output = Vector;
    fn neg(self) -> Vector {
        self.map(|a| -a)
    }
}
impl Mul<Vector> for f64 {
    type Output = Vector;
    fn mul(self, v: Vector) -> Vector {
        v.map(|a| self * a)
    }
}
impl Div<f64> for Vector {
    type Output = Vector;
    fn div(self, s: f64) -> Vector {
        self.map(|a| a / s)
    }
}
/// `v + s` adds `s` to each component (the `+ epsilon` of eq. 6.14 and 6.17).
impl Add<f64> for Vector {
    type Output = Vector;
    fn add(self, s: f64) -> Vector {
        debug_assert!(self.n != 0, "a dimensionless zero plus a scalar");
        self.map(|a| a + s)
    }
}

/// A square matrix (a Hessian, eq. 6.19–6.20), stored row-major.
#[derive(Clone, Copy, Debug)]
pub struct Matrix {
    n: u8,
    a: [[f64; MAX_DIM]; MAX_DIM],
}

impl Default for Matrix {
    fn default() -> Self {
        Matrix::ZERO
    }
}

impl PartialEq for Matrix {
    fn eq(&self, o: &Matrix) -> bool {
        self.a == o.a && (self.n == o.n || self.n == 0 || o.n == 0)
    }
}

impl Matrix {
    /// Zero of no particular dimension (see the module's note).
    pub const ZERO: Matrix = Matrix {
        n: 0,
        a: [[0.0; MAX_DIM]; MAX_DIM],
    };

    /// The two-by-two matrix with these rows.
    pub fn new(rows: [[f64; 2]; 2]) -> Self {
        let mut r = Matrix::zeros(2);
        r.a[0][..2].copy_from_slice(&rows[0]);
        r.a[1][..2].copy_from_slice(&rows[1]);
        r
    }
    pub fn zeros(n: usize) -> Self {
        assert!(n <= MAX_DIM, "at most {MAX_DIM} parameters");
        Matrix {
            n: n as u8,
            a: [[0.0; MAX_DIM]; MAX_DIM],
        }
    }
    pub fn diag(a: f64, b: f64) -> Self {
        Matrix::new([[a, 0.0], [0.0, b]])
    }
    pub fn dim(&self) -> usize {
        self.n as usize
    }
    /// Entry `(i, j)`.
    pub fn at(&self, i: usize, j: usize) -> f64 {
        assert!(i < self.dim() && j < self.dim());
        self.a[i][j]
    }
    pub fn set(&mut self, i: usize, j: usize, x: f64) {
        assert!(i < self.dim() && j < self.dim());
        self.a[i][j] = x;
    }
    fn entries(&self) -> impl Iterator<Item = f64> + '_ {
        let n = self.dim();
        self.a[..n].iter().flat_map(move |r| r[..n].iter().copied())
    }
    pub fn scale(self, s: f64) -> Matrix {
        let mut r = self;
        let n = self.dim();
        for row in &mut r.a[..n] {
            for x in &mut row[..n] {
                *x *= s;
            }
        }
        r
    }
    pub fn trace(self) -> f64 {
        (1..self.dim()).fold(self.a[0][0], |s, k| s + self.a[k][k])
    }
    /// The determinant (closed form in two dimensions, elimination otherwise).
    pub fn det(self) -> f64 {
        match self.dim() {
            0 => 1.0,
            2 => self.a[0][0] * self.a[1][1] - self.a[0][1] * self.a[1][0],
            n => {
                let (mut lu, mut det) = (self.a, 1.0);
                for c in 0..n {
                    let p = pivot(&lu, c, n);
                    if lu[p][c] == 0.0 {
                        return 0.0;
                    }
                    if p != c {
                        lu.swap(p, c);
                        det = -det;
                    }
                    det *= lu[c][c];
                    for r in c + 1..n {
                        let f = lu[r][c] / lu[c][c];
                        for k in c..n {
                            lu[r][k] -= f * lu[c][k];
                        }
                    }
                }
                det
            }
        }
    }
    pub fn mul_vec(self, v: Vector) -> Vector {
        let n = self.n.max(v.n) as usize;
        let mut r = Vector::zeros(n);
        for i in 0..n {
            let mut s = self.a[i][0] * v.v[0];
            for j in 1..n {
                s += self.a[i][j] * v.v[j];
            }
            r.v[i] = s;
        }
        r
    }
    pub fn is_finite(self) -> bool {
        self.entries().all(|x| x.is_finite())
    }
    /// Largest absolute entry, the scale against which singularity is judged.
    pub fn max_abs(self) -> f64 {
        self.entries().fold(0.0, |a, x| a.max(x.abs()))
    }

    /// Eigenvalues of the symmetric part, ascending. In two dimensions
    /// `(tr ± sqrt(tr² - 4 det)) / 2`, written in the cancellation-free form; in more, Jacobi's
    /// method (rotations until the off-diagonal part is negligible).
    pub fn eigenvalues(self) -> Vec<f64> {
        if self.dim() == 2 {
            let a = self.a[0][0];
            let d = self.a[1][1];
            let b = 0.5 * (self.a[0][1] + self.a[1][0]);
            let mean = 0.5 * (a + d);
            let r = m::hypot(0.5 * (a - d), b);
            return vec![mean - r, mean + r];
        }
        let (values, _) = self.symmetric_eigen();
        values
    }

    /// Eigenvalues (ascending) and unit eigenvectors of the symmetric part, by cyclic Jacobi
    /// rotations. `vectors[k]` belongs to `values[k]`.
    pub fn symmetric_eigen(self) -> (Vec<f64>, Vec<Vector>) {
        let n = self.dim();
        let mut a = [[0.0; MAX_DIM]; MAX_DIM];
        for i in 0..n {
            for j in 0..n {
                a[i][j] = 0.5 * (self.a[i][j] + self.a[j][i]);
            }
        }
        let mut v = [[0.0; MAX_DIM]; MAX_DIM];
        for (i, row) in v.iter_mut().enumerate().take(n) {
            row[i] = 1.0;
        }
        let scale = self.max_abs();
        for _sweep in 0..100 {
            let mut off = 0.0;
            for (i, row) in a.iter().enumerate().take(n) {
                for (j, x) in row.iter().enumerate().take(n) {
                    if i != j {
                        off += x * x;
                    }
                }
            }
            if off.is_nan() || off.sqrt() <= 1e-15 * scale {
                break;
            }
            for p in 0..n {
                for q in p + 1..n {
                    if a[p][q] == 0.0 {
                        continue;
                    }
                    let theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
                    let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                    let t = if theta == 0.0 { 1.0 } else { t };
                    let c = 1.0 / (t * t + 1.0).sqrt();
                    let s = t * c;
                    for k in 0..n {
                        let (akp, akq) = (a[k][p], a[k][q]);
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for k in 0..n {
                        let (apk, aqk) = (a[p][k], a[q][k]);
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for row in v.iter_mut().take(n) {
                        let (vp, vq) = (row[p], row[q]);
                        row[p] = c * vp - s * vq;
                        row[q] = s * vp + c * vq;
                    }
                }
            }
        }
        let mut order: Vec<usize> = (0..n).collect();
        crate::math::sort_by(&mut order, |&i, &j| a[i][i].total_cmp(&a[j][j]).is_lt());
        let values = order.iter().map(|&k| a[k][k]).collect();
        let vectors = order
            .iter()
            .map(|&k| {
                let mut e = Vector::zeros(n);
                for (i, row) in v.iter().enumerate().take(n) {
                    e[i] = row[k];
                }
                e
            })
            .collect();
        (values, vectors)
    }

    /// Solves `self * x = rhs`, or `None` when the matrix is singular relative to its own scale.
    pub fn solve(self, rhs: Vector) -> Option<Vector> {
        let n = self.dim();
        let scale = self.max_abs();
        if n == 2 {
            let det = self.det();
            if !det.is_finite() || scale == 0.0 || det.abs() <= 1e-12 * scale * scale {
                return None;
            }
            let a = self.a;
            let r = rhs.v;
            return Some(Vector::new(
                (a[1][1] * r[0] - a[0][1] * r[1]) / det,
                (a[0][0] * r[1] - a[1][0] * r[0]) / det,
            ));
        }
        if !self.is_finite() || scale == 0.0 {
            return None;
        }
        let (mut a, mut b) = (self.a, rhs.v);
        for c in 0..n {
            let p = pivot(&a, c, n);
            // The same relative test as two dimensions' determinant one, per pivot.
            if a[p][c].is_nan() || a[p][c].abs() <= 1e-12 * scale {
                return None;
            }
            a.swap(p, c);
            b.swap(p, c);
            for r in c + 1..n {
                let f = a[r][c] / a[c][c];
                for k in c..n {
                    a[r][k] -= f * a[c][k];
                }
                b[r] -= f * b[c];
            }
        }
        let mut x = Vector::zeros(n);
        for r in (0..n).rev() {
            let s = (r + 1..n).fold(b[r], |s, k| s - a[r][k] * x.v[k]);
            x.v[r] = s / a[r][r];
        }
        x.is_finite().then_some(x)
    }
}

/// The row at or below `c` with the largest `|a[row][c]|` (the first of equals, as NumPy's
/// `argmax`): partial pivoting.
fn pivot(a: &[[f64; MAX_DIM]; MAX_DIM], c: usize, n: usize) -> usize {
    (c + 1..n).fold(c, |p, r| if a[r][c].abs() > a[p][c].abs() { r } else { p })
}

impl Add for Matrix {
    type Output = Matrix;
    fn add(self, o: Matrix) -> Matrix {
        debug_assert!(self.n == o.n || self.n == 0 || o.n == 0);
        let n = self.n.max(o.n);
        let mut r = Matrix::zeros(n as usize);
        for i in 0..n as usize {
            for j in 0..n as usize {
                r.a[i][j] = self.a[i][j] + o.a[i][j];
            }
        }
        r
    }
}
impl AddAssign for Matrix {
    fn add_assign(&mut self, o: Matrix) {
        *self = *self + o;
    }
}

/// What the eigenvalues of a Hessian say about a point where the gradient vanishes (chapter notes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Curvature {
    /// Every eigenvalue positive.
    Minimum,
    /// Every one negative.
    Maximum,
    /// Some of each sign.
    Saddle,
    /// An eigenvalue is (numerically) zero: the second-order test says nothing.
    Degenerate,
}

impl Curvature {
    pub fn of(h: Matrix) -> Curvature {
        let e = h.eigenvalues();
        let (lo, hi) = (e[0], e[e.len() - 1]);
        let tol = 1e-9 * h.max_abs().max(1e-300);
        if e.iter().any(|x| x.abs() <= tol) {
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
        let h = Matrix::new([[2.0, 1.0], [1.0, 2.0]]);
        assert_eq!(h.eigenvalues(), [1.0, 3.0]);
        assert_eq!(Curvature::of(h), Curvature::Minimum);
        assert_eq!(Curvature::of(Matrix::diag(1.0, -1.0)), Curvature::Saddle);
        assert_eq!(Curvature::of(Matrix::diag(-1.0, -2.0)), Curvature::Maximum);
        assert_eq!(Curvature::of(Matrix::diag(1.0, 0.0)), Curvature::Degenerate);
    }

    #[test]
    fn solve_inverts_and_refuses_singular() {
        let h = Matrix::new([[4.0, 1.0], [1.0, 3.0]]);
        let x = h.solve(Vector::new(1.0, 2.0)).unwrap();
        let back = h.mul_vec(x);
        assert!((back - Vector::new(1.0, 2.0)).norm() < 1e-14);
        assert!(Matrix::new([[1.0, 2.0], [2.0, 4.0]])
            .solve(Vector::new(1.0, 0.0))
            .is_none());
        assert!(Matrix::ZERO.solve(Vector::new(1.0, 0.0)).is_none());
    }
}
