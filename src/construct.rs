//! Figure constructions and measurements on played runs: what the landscape draws beside a path
//! (figure 6.8's look-ahead construction, figure 6.6a's fan of batch steps) and the numbers
//! captions, lessons and the inspector read off a run (turning, the global minimum in view,
//! angles between steps). Pure numerics over [`Race`] and [`Run`]: no words, no pictures.

use crate::landscape::{critical_points, CRITICAL_SEEDS};
use crate::linalg::Vector;
use crate::objective::Batch;
use crate::optim::hyper::{ALPHA, BETA};
use crate::optim::OptName;
use crate::run::{Race, Run};

/// Whether the preset's outcome depends on the seed (some run draws minibatches).
pub fn is_stochastic(race: &Race) -> bool {
    let n = race.scene.objective.n_samples();
    race.runs
        .iter()
        .any(|r| r.config.batch.is_some_and(|b| b < n))
}

/// Final full-data loss.
pub fn final_loss(run: &Run) -> f64 {
    run.current().loss
}

/// Total turning of the path: the sum of the angles between successive steps (radians).
pub fn turning(run: &Run) -> f64 {
    turns(run).iter().sum()
}

/// Mean angle between successive steps, in degrees.
pub fn mean_turn_degrees(run: &Run) -> f64 {
    let t = turns(run);
    t.iter().sum::<f64>().to_degrees() / t.len().max(1) as f64
}

fn turns(run: &Run) -> Vec<f64> {
    let p: Vec<Vector> = run.history().iter().map(|p| p.phi).collect();
    p.windows(3)
        .map(|w| {
            let (a, b) = (w[1] - w[0], w[2] - w[1]);
            let n = a.norm() * b.norm();
            if n == 0.0 {
                0.0
            } else {
                libm::acos((a.dot(b) / n).clamp(-1.0, 1.0))
            }
        })
        .collect()
}

/// Mean full-data loss over the last `n` points.
pub fn tail_mean(run: &Run, n: usize) -> f64 {
    let h = run.history();
    let k = n.min(h.len()).max(1);
    h[h.len() - k..].iter().map(|p| p.loss).sum::<f64>() / k as f64
}

/// The first step at which the loss is within `tol` of `target` (or `None`).
pub fn steps_to(run: &Run, target: f64, tol: f64) -> Option<usize> {
    run.history().iter().position(|p| p.loss - target <= tol)
}

/// The global minimum's loss inside the scene's view.
pub fn global_minimum(race: &Race) -> Option<(Vector, f64)> {
    critical_points(&race.scene.objective, &race.scene.view, CRITICAL_SEEDS)
        .into_iter()
        .find(|p| p.global)
        .map(|p| (p.phi, p.loss))
}

/// Figure 6.8's construction at the current step of a momentum or Nesterov run: from point 1
/// (the previous iterate) the two half-steps to the middle point and the end, and Nesterov's
/// look-ahead point. Momentum (eq. 6.11): the gradient step `-alpha (1-beta) g` to 2, then the
/// momentum step `-alpha beta m_t` to 3. Nesterov (eq. 6.12): the momentum step to 4, then the
/// gradient taken at the look-ahead point `phi_t - alpha m_t` to 5.
#[derive(Clone, Debug, PartialEq)]
pub struct Construction {
    pub points: [Vector; 3],
    pub labels: [&'static str; 3],
    pub lookahead: Option<Vector>,
}

pub fn momentum_construction(run: &Run) -> Option<Construction> {
    let h = run.history();
    if h.len() < 2 {
        return None;
    }
    let p1 = h[h.len() - 2].phi;
    let i = run.internals();
    let (m_prev, g, alpha) = (i.m_prev?, i.gradient?, run.current().rate?);
    let beta = run.config.hyper[BETA];
    let grad_step = -(alpha * (1.0 - beta)) * g;
    let mom_step = -(alpha * beta) * m_prev;
    Some(if i.lookahead.is_some() {
        Construction {
            points: [p1, p1 + mom_step, p1 + mom_step + grad_step],
            labels: ["1", "4", "5"],
            lookahead: i.lookahead,
        }
    } else {
        Construction {
            points: [p1, p1 + grad_step, p1 + grad_step + mom_step],
            labels: ["1", "2", "3"],
            lookahead: None,
        }
    })
}

/// Figure 6.6a: from the current point, the update each batch of the epoch would make
/// (`phi - alpha grad L_B(phi)`), and their mean, which is the full-batch step scaled by the
/// number of batches per epoch (`phi - alpha grad L(phi) / K`, since the batches partition the
/// data and the loss is a sum).
#[derive(Clone, Debug, PartialEq)]
pub struct Fan {
    pub from: Vector,
    pub ends: Vec<Vector>,
    pub mean: Vector,
}

/// Figure 6.6 b)–d): which three of an epoch's `k` batches the panels show (the first, the middle
/// and the last), when it has three.
pub fn batch_picks(k: usize) -> Option<[usize; 3]> {
    (k >= 3).then(|| [0, k / 2, k - 1])
}

pub fn sgd_fan(run: &Run, objective: &crate::objective::Objective) -> Option<Fan> {
    if run.config.opt != OptName::Sgd {
        return None;
    }
    let batches = run.epoch_batches();
    if batches.is_empty() {
        return None;
    }
    let from = run.current().phi;
    let alpha = run.current().rate.unwrap_or(run.config.hyper[ALPHA]);
    let ends: Vec<Vector> = batches
        .iter()
        .map(|b| from - alpha * objective.gradient(from, Batch::Indices(b), run.config.reduce))
        .collect();
    let k = ends.len() as f64;
    let mean = (1.0 / k) * ends.iter().fold(Vector::ZERO, |a, &e| a + e);
    Some(Fan { from, ends, mean })
}

/// Angles between successive steps of a run, in degrees (steps longer than 1e-9 only).
pub fn step_angles(run: &Run) -> Vec<f64> {
    let p: Vec<Vector> = run.history().iter().map(|p| p.phi).collect();
    p.windows(3)
        .filter_map(|w| {
            let (a, b) = (w[1] - w[0], w[2] - w[1]);
            (a.norm() > 1e-9 && b.norm() > 1e-9).then(|| {
                libm::acos((a.dot(b) / (a.norm() * b.norm())).clamp(-1.0, 1.0)).to_degrees()
            })
        })
        .collect()
}

/// The angle between a run's last two steps, in degrees (the inspector shows it every frame,
/// so it looks at the last three points only).
pub fn last_step_angle(run: &Run) -> Option<f64> {
    let h = run.history();
    let n = h.len();
    if n < 3 {
        return None;
    }
    let (a, b) = (h[n - 2].phi - h[n - 3].phi, h[n - 1].phi - h[n - 2].phi);
    (a.norm() > 1e-9 && b.norm() > 1e-9)
        .then(|| libm::acos((a.dot(b) / (a.norm() * b.norm())).clamp(-1.0, 1.0)).to_degrees())
}
