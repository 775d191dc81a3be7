//! Section 6.5's hyperparameter search: the selected run's final loss over a grid of two keys
//! (`sweep=alpha,beta`), each cell a run of at most [`SWEEP_STEPS`] steps.

use super::{set_spec, Session};
use crate::preset::{self, Preset, RunSpec};
use crate::run::Race;
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
    /// Cells done so far (row by row).
    pub done: usize,
}

/// The cells' colours: log-scaled between the lowest and highest finite loss.
fn colors(losses: &[Option<f64>]) -> (Vec<String>, Vec<bool>) {
    let logs: Vec<f64> = losses
        .iter()
        .flatten()
        .filter(|l| l.is_finite() && **l > 0.0)
        .map(|l| libm::log(*l))
        .collect();
    let lo = logs.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    losses
        .iter()
        .map(|l| match l.filter(|l| l.is_finite() && *l > 0.0) {
            Some(l) => {
                let t = ((libm::log(l) - lo) / (hi - lo).max(1e-12)).clamp(0.0, 1.0);
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

/// A sweep in progress: cells run one after another, a bounded number of optimizer steps per
/// call, so the page can spread it over frames (a cell of line search on 200 points costs tens
/// of milliseconds on its own).
pub struct SweepJob {
    keys: [String; 2],
    xs: Vec<f64>,
    ys: Vec<f64>,
    steps: usize,
    /// The preset the job sweeps and the run it varies (a change elsewhere starts a new job).
    preset: Preset,
    selected: usize,
    losses: Vec<Option<f64>>,
    /// The cell being run, with whether its settings were valid.
    current: Option<(Race, bool)>,
}

impl SweepJob {
    fn new(preset: &Preset, selected: usize) -> Option<SweepJob> {
        let [kx, ky] = preset.ui.sweep.clone()?;
        let (xs, ys) = (preset::sweep_values(&kx)?, preset::sweep_values(&ky)?);
        Some(SweepJob {
            steps: preset.total_steps().min(SWEEP_STEPS),
            keys: [kx, ky],
            xs,
            ys,
            preset: preset.clone(),
            selected,
            losses: Vec::new(),
            current: None,
        })
    }

    fn total(&self) -> usize {
        self.xs.len() * self.ys.len()
    }

    /// Whether every cell has its loss.
    pub fn done(&self) -> bool {
        self.losses.len() == self.total()
    }

    /// The race of cell `k` (row by row of `ys`).
    fn cell(&self, k: usize) -> (Race, bool) {
        let (x, y) = (self.xs[k % self.xs.len()], self.ys[k / self.xs.len()]);
        let [kx, ky] = &self.keys;
        let mut p = self.preset.clone();
        let scene = p.scene;
        let spec = spec_of(&mut p, self.selected);
        let ok = set_spec(spec, scene, kx, &crate::format::num(x)).is_ok()
            && set_spec(spec, scene, ky, &crate::format::num(y)).is_ok();
        spec.put("steps", preset::Value::Count(self.steps));
        let one = Preset {
            runs: vec![spec.clone()],
            ..p
        };
        (one.build().0, ok)
    }

    /// Runs at most `budget` optimizer steps; returns `(cells done, cells in all)`.
    pub fn work(&mut self, budget: usize) -> (usize, usize) {
        let mut left = budget.max(1);
        while !self.done() && left > 0 {
            let k = self.losses.len();
            if self.current.is_none() {
                self.current = Some(self.cell(k));
            }
            let Some((race, ok)) = self.current.as_mut() else {
                break;
            };
            let before: usize = race.runs.iter().map(|r| r.steps_taken()).sum();
            race.step(left);
            let after: usize = race.runs.iter().map(|r| r.steps_taken()).sum();
            left = left.saturating_sub((after - before).max(1));
            if race.finished() {
                let loss = race
                    .runs
                    .first()
                    .filter(|r| *ok && r.status().is_running())
                    .map(|r| r.current().loss);
                self.losses.push(loss);
                self.current = None;
            }
        }
        (self.losses.len(), self.total())
    }

    /// The grid so far: cells not yet run are `None` and grey.
    pub fn view(&self) -> SweepView {
        let mut losses = self.losses.clone();
        losses.resize(self.total(), None);
        let (colors, dark) = colors(&losses);
        SweepView {
            keys: self.keys.clone(),
            xs: self.xs.clone(),
            ys: self.ys.clone(),
            steps: self.steps,
            losses,
            colors,
            dark,
            done: self.losses.len(),
        }
    }
}

impl Session {
    /// Advances the sweep of the selected run by at most `budget` optimizer steps (starting it,
    /// or starting it again when the state changed); `(cells done, cells in all)`, or `None`
    /// without `sweep=`.
    pub fn sweep_work(&mut self, budget: usize) -> Option<(usize, usize)> {
        let fresh = self
            .sweep_job
            .as_ref()
            .is_some_and(|j| j.preset == self.preset && j.selected == self.selected);
        if !fresh {
            self.sweep_job = SweepJob::new(&self.preset, self.selected);
        }
        self.sweep_job.as_mut().map(|j| j.work(budget))
    }

    /// The sweep so far (see [`Session::sweep_work`]), or `None` without one.
    pub fn sweep_view(&self) -> Option<SweepView> {
        let job = self.sweep_job.as_ref()?;
        (job.preset == self.preset && job.selected == self.selected).then(|| job.view())
    }

    /// The whole sweep at once (natively: tests and tools; the page spreads it over frames).
    pub fn sweep(&mut self) -> Option<SweepView> {
        while let Some((done, total)) = self.sweep_work(usize::MAX / 2) {
            if done == total {
                break;
            }
        }
        self.sweep_view()
    }
}
