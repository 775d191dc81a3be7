//! Section 6.5's hyperparameter search: the selected run's final loss over a grid of two keys
//! (`sweep=alpha,beta`), each cell a run of at most [`SWEEP_STEPS`] steps.

use super::{set_spec, Session};
use crate::preset::{self, Preset, RunSpec};
use serde::Serialize;

/// Most steps a sweep cell runs (64 cells: at most 64,000 steps).
pub const SWEEP_STEPS: usize = 1000;

/// The sweep's grid: the full-data loss after `steps` steps for every `(x, y)`, row by row of
/// `ys`; `None` where the run diverged or stopped early.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SweepView {
    pub keys: [String; 2],
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
    pub steps: usize,
    pub losses: Vec<Option<f64>>,
    /// Each cell's colour: the book's colormap over the log of the losses (grey where the run
    /// diverged), and whether its text should be light.
    pub colors: Vec<String>,
    pub dark: Vec<bool>,
}

/// The cells' colours: log-scaled between the lowest and highest finite loss.
fn colors(losses: &[Option<f64>]) -> (Vec<String>, Vec<bool>) {
    let logs: Vec<f64> = losses
        .iter()
        .flatten()
        .filter(|l| l.is_finite() && **l > 0.0)
        .map(|l| l.ln())
        .collect();
    let lo = logs.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    losses
        .iter()
        .map(|l| match l.filter(|l| l.is_finite() && *l > 0.0) {
            Some(l) => {
                let t = ((l.ln() - lo) / (hi - lo).max(1e-12)).clamp(0.0, 1.0);
                let [r, g, b] = crate::render::colormap(t);
                (format!("rgb({r},{g},{b})"), t < 0.45)
            }
            None => ("#9ca3af".to_string(), false),
        })
        .unzip()
}

/// The spec of run `selected` inside `p`, making the implicit single run explicit.
pub fn spec_of(p: &mut Preset, selected: usize) -> &mut RunSpec {
    if p.runs.is_empty() {
        p.runs.push(RunSpec::default());
    }
    let i = selected.min(p.runs.len() - 1);
    &mut p.runs[i]
}

impl Session {
    /// The sweep of the selected run over the two keys of `sweep=`, or `None` without one.
    pub fn sweep(&self) -> Option<SweepView> {
        let [kx, ky] = self.preset.ui.sweep.clone()?;
        let (xs, ys) = (preset::sweep_values(&kx)?, preset::sweep_values(&ky)?);
        let steps = self.preset.total_steps().min(SWEEP_STEPS);
        let mut losses = Vec::with_capacity(xs.len() * ys.len());
        for &y in &ys {
            for &x in &xs {
                let mut p = self.preset.clone();
                let spec = spec_of(&mut p, self.selected);
                let ok = set_spec(spec, &kx, &crate::format::num(x)).is_ok()
                    && set_spec(spec, &ky, &crate::format::num(y)).is_ok();
                spec.put("steps", preset::Value::Count(steps));
                let one = Preset {
                    runs: vec![spec.clone()],
                    ..p
                };
                let (mut race, _) = one.build();
                race.run_to_end();
                losses.push(
                    race.runs
                        .first()
                        .filter(|r| ok && r.status().is_running())
                        .map(|r| r.current().loss),
                );
            }
        }
        let (colors, dark) = colors(&losses);
        Some(SweepView {
            keys: [kx, ky],
            xs,
            ys,
            steps,
            losses,
            colors,
            dark,
        })
    }
}
