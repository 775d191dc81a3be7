//! A run: one optimizer walking one objective, with its epoch sampler, learning-rate schedule
//! and history. A [`Race`] is several runs on the same scene.
//!
//! Step `t -> t+1`: draw the batch `B_t` (and its epoch), read the learning rate of the schedule,
//! let the optimizer step with an oracle for `L_{B_t}`, then record the new point with its
//! full-data loss. At the first non-finite parameter or loss the run is marked diverged and stops;
//! the non-finite point is not recorded.

use crate::linalg::{Matrix, Vector};
use crate::objective::{Batch, Objective, Reduce, Scene};
use crate::optim::hyper::ALPHA;
use crate::optim::{Hyper, HyperError, Internals, OptName, Optimizer, Oracle};
use crate::sampler::EpochSampler;
use crate::schedule::Schedule;
use std::fmt;

/// The most steps a run takes; larger requests are refused with a message.
pub const MAX_STEPS: usize = 20_000;

/// Everything that defines a run.
#[derive(Clone, Debug, PartialEq)]
pub struct RunConfig {
    pub opt: OptName,
    pub hyper: Hyper,
    /// Minibatch size; `None` is the full batch.
    pub batch: Option<usize>,
    pub reduce: Reduce,
    pub seed: u64,
    pub start: Vector,
    pub schedule: Schedule,
    /// Section 6.1.3's stopping rule: the run stops where the gradient's norm on all the data
    /// falls below this (a minimum, or a saddle point: the rule cannot tell).
    pub tol: Option<f64>,
}

/// The samples a step used.
#[derive(Clone, Debug, PartialEq)]
pub enum Taken {
    /// A full batch: every index `0..n`, in order.
    All(usize),
    /// A minibatch, indices ascending.
    Batch(Vec<u32>),
}

impl Taken {
    /// How many samples the step used.
    pub fn samples(&self) -> usize {
        match self {
            Taken::All(n) => *n,
            Taken::Batch(ix) => ix.len(),
        }
    }

    pub fn indices(&self) -> Vec<usize> {
        match self {
            Taken::All(n) => (0..*n).collect(),
            Taken::Batch(ix) => ix.iter().map(|&i| i as usize).collect(),
        }
    }
}

/// One point of a trajectory. `t = 0` is the start.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub t: usize,
    pub phi: Vector,
    /// Full-data loss at `phi` (sum over all samples, eq. 6.5).
    pub loss: f64,
    /// For `t > 0` on scenes with data: the epoch (0-based) and samples of the step that led here.
    pub epoch: Option<usize>,
    pub batch: Option<Taken>,
    /// The learning rate of the step that led here.
    pub rate: Option<f64>,
}

/// Where a run is.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Running,
    /// A parameter or the loss became non-finite at step `t`.
    Diverged {
        t: usize,
        message: String,
    },
    /// The optimizer could not step (Newton's singular Hessian) or the step limit was reached.
    Stopped {
        t: usize,
        message: String,
        /// Why, as a code: `singular_hessian`, `step_limit` or `tolerance`.
        reason: &'static str,
    },
}

impl Status {
    pub fn is_running(&self) -> bool {
        matches!(self, Status::Running)
    }
    pub fn message(&self) -> Option<&str> {
        match self {
            Status::Running => None,
            Status::Diverged { message, .. } | Status::Stopped { message, .. } => Some(message),
        }
    }

    /// Why the run stopped, as a code (`diverged`, `singular_hessian`, `step_limit`), and at
    /// which step; `None` while it runs.
    pub fn stop(&self) -> Option<(&'static str, usize)> {
        match self {
            Status::Running => None,
            Status::Diverged { t, .. } => Some(("diverged", *t)),
            Status::Stopped { t, reason, .. } => Some((reason, *t)),
        }
    }
}

/// The oracle for one step: the objective restricted to the step's batch.
struct BatchOracle<'a> {
    objective: &'a Objective,
    batch: Batch<'a>,
    reduce: Reduce,
}

impl Oracle for BatchOracle<'_> {
    fn value(&mut self, phi: Vector) -> f64 {
        self.objective.value(phi, self.batch, self.reduce)
    }
    fn gradient(&mut self, phi: Vector) -> Vector {
        self.objective.gradient(phi, self.batch, self.reduce)
    }
    fn hessian(&mut self, phi: Vector) -> Matrix {
        self.objective.hessian(phi, self.batch, self.reduce)
    }
    fn full_gradient(&mut self, phi: Vector) -> Vector {
        self.objective.gradient(phi, Batch::All, self.reduce)
    }
    fn batch_share(&self) -> f64 {
        match (self.reduce, self.batch) {
            (Reduce::Sum, Batch::Indices(ix)) => {
                ix.len() as f64 / self.objective.n_samples().max(1) as f64
            }
            _ => 1.0,
        }
    }
}

pub struct Run {
    pub config: RunConfig,
    optimizer: Box<dyn Optimizer>,
    sampler: Option<EpochSampler>,
    history: Vec<Point>,
    internals: Internals,
    /// What the two steps before the last computed, the older first (figure 6.10's stages).
    earlier: Vec<Internals>,
    status: Status,
}

impl fmt::Debug for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Run")
            .field("config", &self.config)
            .field("points", &self.history.len())
            .field("status", &self.status)
            .finish()
    }
}

impl Run {
    /// A run at its start point on `objective`. Fails when a hyperparameter is out of range.
    pub fn new(mut config: RunConfig, objective: &Objective) -> Result<Run, HyperError> {
        let n = objective.n_samples();
        let sampler = (n > 0).then(|| EpochSampler::new(n, config.batch.unwrap_or(n), config.seed));
        if config.opt == OptName::Svrg && config.hyper.every.is_none() {
            config.hyper.every = Some(sampler.as_ref().map_or(1, |s| s.batches_per_epoch()));
        }
        let optimizer = config.opt.build(&config.hyper)?;
        let start = config.start;
        let loss = objective.loss(start);
        let status = if start.is_finite() && loss.is_finite() {
            Status::Running
        } else {
            Status::Diverged {
                t: 0,
                message: format!(
                    "the loss at the start ({}, {}) is not finite",
                    start.x(),
                    start.y()
                ),
            }
        };
        Ok(Run {
            config,
            optimizer,
            sampler,
            history: vec![Point {
                t: 0,
                phi: start,
                loss,
                epoch: None,
                batch: None,
                rate: None,
            }],
            internals: Internals::default(),
            earlier: Vec::new(),
            status,
        })
    }

    pub fn history(&self) -> &[Point] {
        &self.history
    }
    pub fn current(&self) -> &Point {
        // The history starts with the start point and only grows.
        &self.history[self.history.len() - 1]
    }
    pub fn status(&self) -> &Status {
        &self.status
    }
    /// What the most recent step computed (empty before the first step).
    pub fn internals(&self) -> &Internals {
        &self.internals
    }
    /// What the last three steps computed (fewer before the third), the oldest first: step
    /// `steps_taken() + 1 - len + k` is the k-th (figure 6.10's three stages of a bracket).
    pub fn recent_internals(&self) -> Vec<&Internals> {
        let taken = self.steps_taken().min(3);
        let earlier = &self.earlier[(self.earlier.len() + 1).saturating_sub(taken.max(1))..];
        earlier
            .iter()
            .chain((taken > 0).then_some(&self.internals))
            .collect()
    }
    /// Steps taken so far.
    pub fn steps_taken(&self) -> usize {
        self.history.len() - 1
    }
    /// Batches per epoch (1 for full batches and scenes without data).
    /// The batches of the current epoch (figure 6.6a's fan); empty for full-batch runs.
    pub fn epoch_batches(&self) -> Vec<Vec<usize>> {
        self.sampler
            .as_ref()
            .filter(|s| !s.is_full_batch())
            .map(|s| s.epoch_batches())
            .unwrap_or_default()
    }

    pub fn batches_per_epoch(&self) -> usize {
        self.sampler.as_ref().map_or(1, |s| s.batches_per_epoch())
    }

    /// Takes one step. Returns whether the run is still going.
    pub fn step(&mut self, objective: &Objective) -> bool {
        if !self.status.is_running() {
            return false;
        }
        let t = self.steps_taken();
        if t >= MAX_STEPS {
            self.status = Status::Stopped {
                t,
                message: format!("stopped at the limit of {MAX_STEPS} steps"),
                reason: "step_limit",
            };
            return false;
        }
        let phi = self.current().phi;
        if let Some(tol) = self.config.tol {
            let norm = objective
                .gradient(phi, Batch::All, self.config.reduce)
                .norm();
            if norm < tol {
                self.status = Status::Stopped {
                    t,
                    message: format!(
                        "at step {t} the gradient's norm {} is below tol = {tol}",
                        crate::format::sig(norm, 3)
                    ),
                    reason: "tolerance",
                };
                return false;
            }
        }
        let (epoch, indices) = match &mut self.sampler {
            Some(s) => {
                let (e, b) = s.next_batch();
                (e, Some(b))
            }
            None => (t, None),
        };
        let rate = self
            .config
            .schedule
            .rate(self.config.hyper[ALPHA], t, epoch);
        let batch = match &indices {
            Some(ix) if ix.len() < objective.n_samples() => Batch::Indices(ix),
            _ => Batch::All,
        };
        let mut oracle = BatchOracle {
            objective,
            batch,
            reduce: self.config.reduce,
        };
        let step = match self.optimizer.step(phi, rate, &mut oracle) {
            Ok(step) => step,
            Err(e) => {
                self.status = Status::Stopped {
                    t,
                    message: e.to_string(),
                    reason: e.code(),
                };
                return false;
            }
        };
        let loss = objective.loss(step.phi);
        let last = std::mem::replace(&mut self.internals, step.internals);
        if t > 0 {
            if self.earlier.len() == 2 {
                self.earlier.remove(0);
            }
            self.earlier.push(last);
        }
        if !step.phi.is_finite() || !loss.is_finite() {
            self.status = Status::Diverged {
                t: t + 1,
                message: format!(
                    "diverged at step {}: {} became non-finite; try a smaller learning rate (alpha = {})",
                    t + 1,
                    if step.phi.is_finite() { "the loss" } else { "phi" },
                    self.config.hyper[ALPHA]
                ),
            };
            return false;
        }
        let taken = indices.map(|ix| {
            if ix.len() == objective.n_samples() {
                Taken::All(ix.len())
            } else {
                Taken::Batch(ix.into_iter().map(|i| i as u32).collect())
            }
        });
        self.history.push(Point {
            t: t + 1,
            phi: step.phi,
            loss,
            epoch: taken.as_ref().map(|_| epoch),
            batch: taken,
            rate: Some(rate),
        });
        true
    }

    /// Steps until `steps` steps were taken in all or the run stops.
    pub fn run_to(&mut self, objective: &Objective, steps: usize) {
        while self.steps_taken() < steps && self.step(objective) {}
    }
}

/// Several runs racing on one scene, each with its own step limit.
#[derive(Debug)]
pub struct Race {
    pub scene: Scene,
    pub runs: Vec<Run>,
    pub limits: Vec<usize>,
}

impl Race {
    /// Each run's start numbered as figure 6.5 numbers them (1, 2, 3 in the order they first
    /// appear; runs from the same start share its number), or all `None` when every run starts
    /// at the same place.
    pub fn start_numbers(&self) -> Vec<Option<usize>> {
        let starts: Vec<Vector> = self.runs.iter().map(|r| r.history()[0].phi).collect();
        let number = |i: usize| starts.iter().position(|s| *s == starts[i]);
        let distinct = (0..starts.len()).filter(|&i| number(i) == Some(i)).count();
        (0..starts.len())
            .map(|i| {
                let first = number(i)?;
                (distinct > 1).then(|| (0..=first).filter(|&j| number(j) == Some(j)).count())
            })
            .collect()
    }

    /// The run with the lowest loss now, of two or more (6.1.3: restart, keep the best); the
    /// first of equals. A diverged run is never the best. `None` for a single run or when no
    /// run has a finite loss.
    pub fn best(&self) -> Option<usize> {
        let loss = |i: usize| self.runs[i].current().loss;
        let kept = |i: &usize| {
            loss(*i).is_finite() && !matches!(self.runs[*i].status(), Status::Diverged { .. })
        };
        (self.runs.len() > 1)
            .then(|| (0..self.runs.len()).filter(kept))?
            .fold(None, |b: Option<usize>, i| match b {
                Some(j) if loss(j) <= loss(i) => Some(j),
                _ => Some(i),
            })
    }

    /// Advances every run by up to `n` steps, none past its limit.
    pub fn step(&mut self, n: usize) {
        for (run, &limit) in self.runs.iter_mut().zip(&self.limits) {
            let target = run.steps_taken().saturating_add(n).min(limit);
            run.run_to(&self.scene.objective, target);
        }
    }

    /// Runs every run to its limit.
    pub fn run_to_end(&mut self) {
        self.step(MAX_STEPS);
    }

    /// Whether no run can take another step.
    pub fn finished(&self) -> bool {
        self.runs
            .iter()
            .zip(&self.limits)
            .all(|(r, &l)| !r.status().is_running() || r.steps_taken() >= l)
    }
}
