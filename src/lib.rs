//! # Downhill
//!
//! The numerics behind an interactive teaching widget for chapter 6, "Training models", of
//! *Understanding Deep Learning* (Prince): gradient descent, line search, SGD with minibatches
//! and epochs, momentum, Nesterov, Adam and their relatives on the book's loss landscapes.
//!
//! Read top to bottom, the modules follow the data:
//! [`objective`] (models and surfaces: value, gradient, Hessian) →
//! [`optim`] (one file per optimizer) → [`run`] (a run: optimizer + epoch [`sampler`] +
//! [`schedule`] + history) → [`landscape`] (grids, contours, critical points);
//! [`preset`] turns a URL query into runs; [`trace`] writes trajectories as JSON Lines;
//! [`lesson`] plays a lesson's beats and computes each question's answer on the played race.
//! Everything is `f64` and deterministic: randomness comes only from the seeded [`rng`].
//! The browser binding lives in `web` (wasm32 only).

pub mod figures;
pub mod format;
pub mod landscape;
pub mod lesson;
pub mod linalg;
pub mod math;
pub mod numpy;
pub mod objective;
pub mod optim;
pub mod preset;
pub mod quiz;
pub mod render;
pub mod rng;
pub mod run;
pub mod sampler;
pub mod schedule;
pub mod session;
pub mod trace;
#[cfg(target_arch = "wasm32")]
pub mod web;

pub use linalg::{Matrix, Vector};
pub use objective::{Scene, SceneName};
pub use optim::OptName;
pub use preset::{parse, Preset};
pub use run::{Race, Run};

/// The version of Downhill: the crate's, and that of the zip, the npm package and the wheel.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Parses `query`, runs every run to its step limit and returns the trace (JSON Lines), or the
/// error messages when the query has errors.
pub fn trace_query(query: &str) -> Result<String, Vec<String>> {
    let parsed = preset::parse(query);
    let errors: Vec<String> = parsed.errors().map(|p| p.to_string()).collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let (mut race, problems) = parsed.preset.build();
    let errors: Vec<String> = problems
        .iter()
        .filter(|p| p.severity == preset::Severity::Error)
        .map(|p| p.to_string())
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    race.run_to_end();
    Ok(trace::trace(&race.runs))
}
