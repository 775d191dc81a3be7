//! Two-dimensional slices through a parameter space of any dimension (Li et al. 2018,
//! "Visualizing the Loss Landscape of Neural Nets").
//!
//! A [`Plane`] is a centre `c` and two directions `d1`, `d2`; the slice is
//! `L(u, v) = L(c + u d1 + v d2)`. Its gradient is `(d1·g, d2·g)` and its Hessian `DᵀHD` with
//! `D = [d1 d2]`, so the landscape panel's machinery (contours, critical points, curvature)
//! works on a slice unchanged, and what it finds are stationary points *of the slice*, not of
//! the network. A point off the plane is drawn at its least-squares projection, with its distance
//! from the plane.

use super::data::{theta_index, HIDDEN};
use crate::linalg::{Matrix, Vector};
use crate::rng::Rng;

/// The plane `c + u d1 + v d2`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plane {
    pub center: Vector,
    pub d1: Vector,
    pub d2: Vector,
}

/// Where a point lies relative to a plane.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projection {
    /// The plane coordinates `(u, v)` of the nearest point of the plane.
    pub uv: Vector,
    /// The distance from the plane.
    pub off: f64,
}

impl Plane {
    /// `c + u d1 + v d2`.
    pub fn point(&self, uv: Vector) -> Vector {
        self.center + uv.x() * self.d1 + uv.y() * self.d2
    }

    /// The least-squares projection of `phi` (the directions need not be orthogonal: random
    /// ones are not).
    ///
    /// Written over plain slices: every iterate of every run is projected when the paths are
    /// drawn.
    pub fn project(&self, phi: Vector) -> Projection {
        let (p, c) = (phi.as_slice(), self.center.as_slice());
        let (d1, d2) = (self.d1.as_slice(), self.d2.as_slice());
        let (mut g11, mut g12, mut g22, mut r1, mut r2) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for k in 0..p.len() {
            let r = p[k] - c[k];
            g11 += d1[k] * d1[k];
            g12 += d1[k] * d2[k];
            g22 += d2[k] * d2[k];
            r1 += d1[k] * r;
            r2 += d2[k] * r;
        }
        // The Gram system [[g11, g12], [g12, g22]] (u, v) = (r1, r2), by Cramer's rule; a
        // degenerate plane (parallel directions) projects everything to its centre.
        let det = g11 * g22 - g12 * g12;
        let scale = g11.abs().max(g12.abs()).max(g22.abs());
        let (u, v) = if det.is_finite() && det.abs() > 1e-12 * scale * scale {
            ((g22 * r1 - g12 * r2) / det, (g11 * r2 - g12 * r1) / det)
        } else {
            (0.0, 0.0)
        };
        let mut off2 = 0.0;
        for k in 0..p.len() {
            let e = p[k] - c[k] - u * d1[k] - v * d2[k];
            off2 += e * e;
        }
        Projection {
            uv: Vector::new(u, v),
            off: off2.sqrt(),
        }
    }

    /// The slice's gradient `(d1·g, d2·g)`.
    pub fn gradient(&self, g: Vector) -> Vector {
        Vector::new(self.d1.dot(g), self.d2.dot(g))
    }

    /// The slice's Hessian `DᵀHD`.
    pub fn hessian(&self, h: Matrix) -> Matrix {
        let (h1, h2) = (h.mul_vec(self.d1), h.mul_vec(self.d2));
        let off = 0.5 * (self.d1.dot(h2) + self.d2.dot(h1));
        Matrix::new([[self.d1.dot(h1), off], [off, self.d2.dot(h2)]])
    }
}

/// How a slice's two directions are chosen (`slice=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Directions {
    /// Two parameters' axes (`slice=phi0,theta11`).
    Axes(usize, usize),
    /// Two random directions, normalised unit by unit (`slice=random` or `random:SEED`).
    Random(u64),
    /// The top two principal directions of the selected run's path so far (`slice=pca`).
    Pca,
    /// The Hessian's eigenvectors of the largest and the smallest eigenvalue at the centre
    /// (`slice=hessian`).
    Hessian,
}

impl Default for Directions {
    fn default() -> Self {
        Directions::Random(1)
    }
}

impl Directions {
    /// The planes the page's menu names, as `slice=` writes them (any other a link asks for is
    /// shown as its own entry).
    pub const MENU: [&'static str; 4] = ["random", "pca", "hessian", "phi1,phi2"];

    /// Parses `slice=`; `names` are the scene's parameter keys (`phi0`, ..., `theta31`).
    pub fn parse(v: &str, names: &[&str]) -> Result<Directions, String> {
        let v = v.trim();
        match v {
            "pca" => return Ok(Directions::Pca),
            "hessian" => return Ok(Directions::Hessian),
            "random" => return Ok(Directions::Random(1)),
            _ => {}
        }
        if let Some(seed) = v.strip_prefix("random:") {
            return seed
                .trim()
                .parse::<u64>()
                .map(Directions::Random)
                .map_err(|_| "random:SEED needs a whole-number seed".to_string());
        }
        let usage = || {
            format!(
                "must be random, random:SEED, pca, hessian, or two different parameters such as \
                 {},{}",
                names[0],
                names[names.len() - 1]
            )
        };
        let (a, b) = v.split_once(',').ok_or_else(usage)?;
        let find = |s: &str| names.iter().position(|n| *n == s.trim());
        match (find(a), find(b)) {
            (Some(i), Some(j)) if i != j => Ok(Directions::Axes(i, j)),
            _ => Err(usage()),
        }
    }

    /// The value as `slice=` writes it.
    pub fn text(self, names: &[&str]) -> String {
        match self {
            Directions::Axes(i, j) => format!("{},{}", names[i], names[j]),
            Directions::Random(1) => "random".into(),
            Directions::Random(s) => format!("random:{s}"),
            Directions::Pca => "pca".into(),
            Directions::Hessian => "hessian".into(),
        }
    }
}

/// Where the plane is centred (`center=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Center {
    /// The selected run's start.
    #[default]
    Start,
    /// The selected run's current iterate.
    Current,
    /// The stationary point Newton's method reaches from the current iterate.
    Critical,
}

impl Center {
    pub fn parse(v: &str) -> Option<Center> {
        match v.trim() {
            "start" => Some(Center::Start),
            "current" => Some(Center::Current),
            "critical" => Some(Center::Critical),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Center::Start => "start",
            Center::Current => "current",
            Center::Critical => "critical",
        }
    }
}

/// The shallow network's units, as groups of parameter indices: the output unit's weights
/// (φ0 with φ1..φ3) and each hidden unit's bias and slope (θk0, θk1).
pub fn unit_groups() -> Vec<Vec<usize>> {
    let mut groups = vec![vec![0, 1, 2, 3]];
    for k in 1..=HIDDEN {
        let t = theta_index(k);
        groups.push(vec![t, t + 1]);
    }
    groups
}

/// Li et al.'s filter normalisation: a Gaussian direction, rescaled unit by unit so each unit's
/// part has the norm of that unit's weights at `center`. (Li et al. zero the biases' part; a
/// unit of this network has one input, so its bias and slope are normalised together.) A unit
/// whose weights are all zero keeps its raw part.
pub fn random_direction(center: Vector, rng: &mut Rng) -> Vector {
    let n = center.dim();
    let mut d = Vector::zeros(n);
    for k in 0..n {
        d[k] = rng.normal();
    }
    if n != 10 {
        return d;
    }
    for g in unit_groups() {
        let norm = |v: &Vector| g.iter().map(|&i| v[i] * v[i]).sum::<f64>().sqrt();
        let (dn, cn) = (norm(&d), norm(&center));
        if dn > 0.0 && cn > 0.0 {
            for &i in &g {
                d[i] *= cn / dn;
            }
        }
    }
    d
}

/// The two random directions of `slice=random:SEED` through `center`.
pub fn random_pair(center: Vector, seed: u64) -> (Vector, Vector) {
    let mut rng = Rng::new(seed);
    let d1 = random_direction(center, &mut rng);
    (d1, random_direction(center, &mut rng))
}

/// A unit vector with its largest component positive (so a direction's sign is reproducible).
fn canonical(v: Vector) -> Vector {
    let n = v.norm();
    let big = (0..v.dim()).fold(0, |b, k| if v[k].abs() > v[b].abs() { k } else { b });
    let s = if v[big] < 0.0 { -1.0 } else { 1.0 };
    (s / n) * v
}

/// The top two principal directions of `points` (centred at their mean) and the share of the
/// path's variance each explains, or `None` while the path spans less than a plane.
pub fn pca(points: &[Vector]) -> Option<(Vector, Vector, [f64; 2])> {
    let n = points.first()?.dim();
    if points.len() < 3 {
        return None;
    }
    let k = points.len() as f64;
    let mean = (1.0 / k) * points.iter().fold(Vector::zeros(n), |a, &p| a + p);
    let mut cov = Matrix::zeros(n);
    for &p in points {
        let r = p - mean;
        cov += r.outer(r);
    }
    let (values, vectors) = cov.symmetric_eigen();
    let total: f64 = values.iter().sum();
    let (l1, l2) = (values[n - 1], values[n - 2]);
    if total.is_nan() || total <= 0.0 || l2.is_nan() || l2 <= 1e-12 * l1 {
        return None;
    }
    Some((
        canonical(vectors[n - 1]),
        canonical(vectors[n - 2]),
        [l1 / total, l2 / total],
    ))
}

/// The Hessian's eigenvectors of the largest and the smallest eigenvalue, with those values.
pub fn hessian_directions(h: Matrix) -> (Vector, Vector, [f64; 2]) {
    let (values, vectors) = h.symmetric_eigen();
    let n = values.len();
    (
        canonical(vectors[n - 1]),
        canonical(vectors[0]),
        [values[n - 1], values[0]],
    )
}

/// Written as `slice=` writes it (the page reads the same words).
impl serde::Serialize for Directions {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text(&super::data::SHALLOW_KEYS))
    }
}

impl serde::Serialize for Center {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection_inverts_point_and_measures_the_distance() {
        let mut rng = Rng::new(3);
        let c = Vector::from_slice(&[0.2, 1.6, -3.2, 2.4, -0.3, 1.0, -1.0, 1.0, -1.5, 1.0]);
        let p = Plane {
            center: c,
            d1: random_direction(c, &mut rng),
            d2: random_direction(c, &mut rng),
        };
        let x = p.point(Vector::new(0.3, -0.7));
        let pr = p.project(x);
        assert!((pr.uv - Vector::new(0.3, -0.7)).norm() < 1e-12);
        assert!(pr.off < 1e-12);
        // A step orthogonal to both directions is all distance.
        let mut e = Vector::zeros(10);
        e[0] = 1.0;
        let q = p.project(x + 0.0 * e);
        assert!(q.off < 1e-12);
    }

    #[test]
    fn filter_normalisation_matches_each_units_norm() {
        let c = Vector::from_slice(&[0.2, 1.6, -3.2, 2.4, -0.3, 1.0, -1.0, 1.0, -1.5, 1.0]);
        let d = random_direction(c, &mut Rng::new(9));
        for g in unit_groups() {
            let n = |v: Vector| g.iter().map(|&i| v[i] * v[i]).sum::<f64>().sqrt();
            assert!((n(d) - n(c)).abs() < 1e-12);
        }
    }

    #[test]
    fn slice_parses_and_writes_back() {
        let names = crate::objective::data::SHALLOW_KEYS;
        for v in ["pca", "hessian", "random", "random:7", "phi0,theta11"] {
            let d = Directions::parse(v, &names).unwrap();
            assert_eq!(d.text(&names), v);
        }
        for bad in ["phi0,phi0", "phi0", "random:x", "phi0,nope", ""] {
            assert!(Directions::parse(bad, &names).is_err(), "{bad}");
        }
    }
}
