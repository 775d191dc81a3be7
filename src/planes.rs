//! The plane a sliced scene's landscape panel shows (the shallow network of Problem 6.5):
//! chosen from `slice=` and `center=` on a played race, and each run's distance from it. No
//! session here: [`crate::session`] decides when to re-slice; the figure claims use the same
//! choice (`shallow-slices`).

use crate::linalg::{Curvature, Vector};
use crate::objective::slice::{self, Center, Directions, Plane};
use crate::objective::Scene;
use crate::objective::{Batch, Reduce, View};
use crate::run::{Race, Run};
use serde::Serialize;

/// What the current plane is, for the inspector, the captions and their tests.
#[derive(Clone, Debug, PartialEq, Serialize, Default)]
pub struct SliceInfo {
    /// `slice=` as asked.
    pub asked: String,
    /// The directions actually used (`random` while a path is too short for `pca`).
    pub used: String,
    pub center: &'static str,
    /// The centre's parameters.
    pub at: Vec<f64>,
    /// Principal directions: the share of the path's variance each explains.
    pub explained: Option<[f64; 2]>,
    /// Hessian directions: their eigenvalues (largest, smallest).
    pub curvatures: Option<[f64; 2]>,
    /// `center=critical`: the gradient norm and the kind of the stationary point found
    /// (`None` when Newton's method did not converge; the current iterate is used then).
    pub critical: Option<(f64, &'static str)>,
    /// Each run's current distance from the plane.
    pub off_plane: Vec<f64>,
    /// Each run's largest distance from the plane over its path.
    pub max_off_plane: Vec<f64>,
    /// Each run's largest distance, in the plane, from the centre.
    pub in_plane: Vec<f64>,
    /// Steps of the selected run when the plane was chosen.
    pub at_step: usize,
    /// Points of each run already measured (a frame measures only the new ones).
    #[serde(skip)]
    measured: Vec<usize>,
}

/// Newton's method from `phi` on the full loss, to a stationary point: `None` if a Hessian is
/// singular or it has not converged in 50 iterations.
fn newton_polish(race: &Race, phi: Vector) -> Option<(Vector, f64, &'static str)> {
    let o = &race.scene.objective;
    let mut p = phi;
    for _ in 0..50 {
        let e = o.eval(p, Batch::All, Reduce::Sum);
        let g = e.gradient.norm();
        if g <= 1e-9 * (1.0 + e.value.abs()) {
            return Some((p, g, Curvature::of(e.hessian).name()));
        }
        p = p - e.hessian.solve(e.gradient)?;
        if !p.is_finite() {
            return None;
        }
    }
    None
}

/// The plane for `asked` directions centred per `center` on run `selected` of `race`, with its
/// description (distances not yet measured).
pub fn choose_plane(
    race: &Race,
    asked: Directions,
    center_kind: Center,
    selected: usize,
) -> (Plane, SliceInfo) {
    let run = &race.runs[selected];
    let mut critical = None;
    let center = match center_kind {
        Center::Start => run.history()[0].phi,
        Center::Current => run.current().phi,
        Center::Critical => match newton_polish(race, run.current().phi) {
            Some((p, g, kind)) => {
                critical = Some((g, kind));
                p
            }
            None => run.current().phi,
        },
    };
    let n = center.dim();
    let mut explained = None;
    let mut curvatures = None;
    let random = |seed: u64| slice::random_pair(center, seed);
    let (used, (d1, d2)) = match asked {
        Directions::Axes(i, j) => (asked, (Vector::unit(n, i), Vector::unit(n, j))),
        Directions::Random(seed) => (asked, random(seed)),
        Directions::Hessian => {
            let h = race
                .scene
                .objective
                .hessian(center, Batch::All, Reduce::Sum);
            let (a, b, c) = slice::hessian_directions(h);
            curvatures = Some(c);
            (asked, (a, b))
        }
        Directions::Pca => {
            let path: Vec<Vector> = run.history().iter().map(|p| p.phi).collect();
            match slice::pca(&path) {
                Some((a, b, share)) => {
                    explained = Some(share);
                    (asked, (a, b))
                }
                None => (Directions::Random(1), random(1)),
            }
        }
    };
    let names = race.scene.name.param_keys();
    let info = SliceInfo {
        asked: asked.text(names),
        used: used.text(names),
        center: center_kind.name(),
        at: center.to_vec(),
        explained,
        curvatures,
        critical,
        at_step: run.steps_taken(),
        ..SliceInfo::default()
    };
    (Plane { center, d1, d2 }, info)
}

/// Each run's distance from `scene`'s plane now, its largest over the path, and its largest
/// reach within the plane from the centre.
pub fn measure(scene: &Scene, runs: &[Run], info: &mut SliceInfo) {
    let fresh = info.measured.len() != runs.len()
        || runs
            .iter()
            .zip(&info.measured)
            .any(|(r, &m)| m > r.history().len());
    if fresh {
        info.measured = vec![0; runs.len()];
        info.off_plane = vec![0.0; runs.len()];
        info.max_off_plane = vec![0.0; runs.len()];
        info.in_plane = vec![0.0; runs.len()];
    }
    for (i, r) in runs.iter().enumerate() {
        let (mut off, mut reach) = (info.max_off_plane[i], info.in_plane[i]);
        for p in &r.history()[info.measured[i]..] {
            let pr = scene.project(p.phi);
            off = off.max(pr.off);
            reach = reach.max(pr.uv.x().abs()).max(pr.uv.y().abs());
        }
        info.measured[i] = r.history().len();
        info.off_plane[i] = scene.project(r.current().phi).off;
        info.max_off_plane[i] = off;
        info.in_plane[i] = reach;
    }
}

/// The view a plane is shown in: [-1, 1]² or the runs' reach, whichever is larger (with a margin).
pub fn fitted_view(info: &SliceInfo) -> View {
    let reach = info.in_plane.iter().fold(1.0f64, |a, &r| a.max(1.15 * r));
    View {
        phi0: [-reach, reach],
        phi1: [-reach, reach],
    }
}
