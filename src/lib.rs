//! # Downhill
//!
//! The numerics behind an interactive teaching widget for chapter 6, "Training models", of
//! *Understanding Deep Learning* (Prince): gradient descent, line search, SGD with minibatches
//! and epochs, momentum, Nesterov, Adam and their relatives on the book's loss landscapes.
//!
//! How it is built, the rules it keeps and which file to open for what: `docs/architecture.md`.
//! The modules, lowest layer first (`tests/layers.rs` checks that each uses only those before
//! it): [`registry`] (the Figure registry: every named preset once), [`math`], [`mod@format`],
//! [`rng`]; [`linalg`], [`schedule`], [`sampler`], [`quiz`] (figure 6.11's functions),
//! [`lessons`] (the lessons as data); [`objective`] (models and surfaces: value, gradient,
//! Hessian) → [`optim`] (one file per optimizer, the hyperparameter table) → [`landscape`]
//! (grids, contours, critical points) → [`run`] (a run: optimizer + epoch sampler + schedule +
//! history); [`trace`] (JSON Lines, CSV) and [`numpy`] (Copy as NumPy); [`preset`] (a URL query,
//! through the key table, into runs); [`construct`] (figure constructions and measurements on
//! runs) and [`planes`] (a sliced scene's plane); [`lesson`] (each question's answer on the played
//! race); [`figures`] (each caption's claim); [`render`] (plotters on any backend); [`session`]
//! (the widget's state machine and its views, platform-free); [`pipeline`] (the landscape's
//! surfaces made in stages within a frame's budget, the gallery's thumbnails); and `web`, the
//! browser binding (wasm32 only: the canvases, the image blit and text measuring).
//! Everything is `f64` and deterministic: randomness comes only from the seeded [`rng`].

pub mod construct;
pub mod figures;
pub mod format;
pub mod landscape;
pub mod lesson;
pub mod lessons;
pub mod linalg;
pub mod math;
pub mod numpy;
pub mod objective;
pub mod optim;
pub mod pipeline;
pub mod planes;
pub mod preset;
pub mod quiz;
pub mod registry;
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
