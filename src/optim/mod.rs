//! Optimizers: one module each, hyperparameters + explicit state + a pure step.
//!
//! An optimizer never sees the model. At each step it asks an [`Oracle`] for the value,
//! gradient or Hessian of the current batch's loss at the points it needs (Nesterov asks at the
//! look-ahead point, line search along a ray, Newton for the Hessian). The learning rate of the
//! step comes from the run's schedule.
//!
//! Conventions shared by all (the book's): the gradient is the **sum** of the batch's per-sample
//! gradients unless the run says `reduce=mean` (eq. 6.10); every moment buffer starts at zero;
//! step counts in bias corrections are 1-based (`1 - beta^(t+1)` for the 0-based step `t`, eq. 6.16).

pub mod adadelta;
pub mod adagrad;
pub mod adam;
pub mod adamw;
pub mod bracket;
pub mod gd;
pub mod hyper;
pub mod linesearch;
pub mod momentum;
pub mod nadam;
pub mod newton;
pub mod normalized;
pub mod radam;
pub mod svrg;

pub use hyper::{Hp, Hyper, HYPERS};

use crate::linalg::{Matrix, Vector};
use std::fmt;

/// What an optimizer may ask about the loss of the current step's batch.
pub trait Oracle {
    /// `L_B(phi)`.
    fn value(&mut self, phi: Vector) -> f64;
    /// `dL_B/dphi`.
    fn gradient(&mut self, phi: Vector) -> Vector;
    /// `d²L_B/dphi²`.
    fn hessian(&mut self, phi: Vector) -> Matrix;
    /// The full-data gradient in the run's reduction (sum or mean over all samples).
    fn full_gradient(&mut self, phi: Vector) -> Vector;
    /// The factor that turns [`Oracle::full_gradient`] into the expectation of
    /// [`Oracle::gradient`] over batches of this size: `|B|/I` for sums, 1 for means.
    fn batch_share(&self) -> f64;
}

/// One iteration of line search's bracketing (figure 6.10): the four points before the rule
/// fired, and which rule it was.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bracket {
    pub a: f64,
    pub b: f64,
    pub c: f64,
    pub d: f64,
    pub rule: linesearch::Rule,
}

/// What a step computed. The fields the figures draw are typed (the gradient, the momentum
/// before and after for figure 6.8's arrows, Nesterov's look-ahead point, the line-search
/// brackets); everything else an optimizer wants the inspector to show, it reports itself as
/// labelled [`Row`]s (argmin's key-value idea), so adding a quantity touches one optimizer file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Internals {
    /// The gradient the update used (at the look-ahead point for Nesterov; SVRG's corrected one).
    pub gradient: Option<Vector>,
    /// First moment `m_{t+1}` (eq. 6.11, 6.15).
    pub m: Option<Vector>,
    /// Momentum and Nesterov: the momentum `m_t` before this step (figure 6.8's arrows).
    pub m_prev: Option<Vector>,
    /// Nesterov's look-ahead point `phi_t - alpha m_t` (eq. 6.12).
    pub lookahead: Option<Vector>,
    /// Line search: every bracket, in order, and the distance chosen.
    pub brackets: Vec<Bracket>,
    /// The optimizer's own quantities, labelled, in the order the inspector lists them.
    pub rows: Vec<Row>,
}

/// One labelled quantity of a step (`m̂`, `v`, `rₜ`, ...).
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The symbol, as the book writes it.
    pub label: &'static str,
    pub value: RowValue,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RowValue {
    Number(f64),
    Vector(Vector),
}

impl Row {
    pub fn vector(label: &'static str, v: Vector) -> Row {
        Row {
            label,
            value: RowValue::Vector(v),
        }
    }
    pub fn number(label: &'static str, x: f64) -> Row {
        Row {
            label,
            value: RowValue::Number(x),
        }
    }
    /// The row with this label.
    pub fn find<'a>(rows: &'a [Row], label: &str) -> Option<&'a Row> {
        rows.iter().find(|r| r.label == label)
    }
}

/// The result of one step.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub phi: Vector,
    pub internals: Internals,
}

/// Why a step could not be taken (divergence is not an error: it is detected by the run).
#[derive(Clone, Debug, PartialEq)]
pub enum StepError {
    /// Newton's method needs `H^{-1}`; the Hessian at `phi` has (numerically) zero determinant.
    SingularHessian {
        phi: Vector,
        det: f64,
        eigenvalues: Vec<f64>,
    },
}

impl StepError {
    /// The reason as a code, for the trace's `"stopped"` field.
    pub fn code(&self) -> &'static str {
        match self {
            StepError::SingularHessian { .. } => "singular_hessian",
        }
    }
}

impl fmt::Display for StepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepError::SingularHessian {
                phi,
                det,
                eigenvalues,
            } => {
                let list = |v: &[f64]| {
                    v.iter()
                        .map(|x| x.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                write!(
                    f,
                    "Newton's step is undefined: the Hessian at phi = ({}) is singular \
                     (determinant {:e}, eigenvalues [{}])",
                    list(phi.as_slice()),
                    det,
                    list(eigenvalues)
                )
            }
        }
    }
}

/// An optimizer: state plus a step.
pub trait Optimizer {
    /// Takes one step from `phi` with learning rate `alpha` (from the schedule), asking `oracle`
    /// about the current batch's loss.
    fn step(&mut self, phi: Vector, alpha: f64, oracle: &mut dyn Oracle)
        -> Result<Step, StepError>;
}

/// The optimizers by URL name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OptName {
    Gd,
    Sgd,
    Linesearch,
    Momentum,
    Nesterov,
    Normalized,
    Adam,
    Adagrad,
    Rmsprop,
    Adadelta,
    Adamw,
    Nadam,
    Radam,
    Newton,
    Svrg,
    Bracket,
}

impl OptName {
    pub const ALL: [OptName; 16] = [
        OptName::Gd,
        OptName::Sgd,
        OptName::Linesearch,
        OptName::Momentum,
        OptName::Nesterov,
        OptName::Normalized,
        OptName::Adam,
        OptName::Adagrad,
        OptName::Rmsprop,
        OptName::Adadelta,
        OptName::Adamw,
        OptName::Nadam,
        OptName::Radam,
        OptName::Newton,
        OptName::Svrg,
        OptName::Bracket,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            OptName::Gd => "gd",
            OptName::Sgd => "sgd",
            OptName::Linesearch => "linesearch",
            OptName::Momentum => "momentum",
            OptName::Nesterov => "nesterov",
            OptName::Normalized => "normalized",
            OptName::Adam => "adam",
            OptName::Adagrad => "adagrad",
            OptName::Rmsprop => "rmsprop",
            OptName::Adadelta => "adadelta",
            OptName::Adamw => "adamw",
            OptName::Nadam => "nadam",
            OptName::Radam => "radam",
            OptName::Newton => "newton",
            OptName::Svrg => "svrg",
            OptName::Bracket => "bracket",
        }
    }

    pub fn parse(s: &str) -> Option<OptName> {
        OptName::ALL.into_iter().find(|n| n.name() == s)
    }

    /// How this optimizer is built, and the hyperparameters it reads (each optimizer's file
    /// says).
    pub fn descriptor(self) -> &'static Descriptor {
        match self {
            OptName::Gd | OptName::Sgd => &gd::GD,
            OptName::Linesearch => &linesearch::LINE_SEARCH,
            OptName::Momentum => &momentum::MOMENTUM,
            OptName::Nesterov => &momentum::NESTEROV,
            OptName::Normalized => &normalized::NORMALIZED,
            OptName::Adam => &adam::ADAM,
            OptName::Adagrad => &adagrad::ADAGRAD,
            OptName::Rmsprop => &adagrad::RMSPROP,
            OptName::Adadelta => &adadelta::ADADELTA,
            OptName::Adamw => &adamw::ADAMW,
            OptName::Nadam => &nadam::NADAM,
            OptName::Radam => &radam::RADAM,
            OptName::Newton => &newton::NEWTON,
            OptName::Svrg => &svrg::SVRG,
            OptName::Bracket => &bracket::BRACKET,
        }
    }

    /// The names of the hyperparameters this optimizer reads (others are accepted and
    /// ignored), in the table's order.
    pub fn uses(self) -> Vec<&'static str> {
        let d = self.descriptor();
        (0..HYPERS.len())
            .filter(|&i| d.reads.contains(&Hp(i)))
            .map(|i| HYPERS[i].name)
            .chain(d.snapshot.then_some("snapshot"))
            .collect()
    }

    /// Defaults for hyperparameters the preset leaves out.
    pub fn defaults(self) -> Hyper {
        Hyper::defaults(self)
    }

    /// Builds the optimizer, checking the hyperparameters it uses.
    pub fn build(self, h: &Hyper) -> Result<Box<dyn Optimizer>, HyperError> {
        check(h, self)?;
        Ok((self.descriptor().build)(h))
    }
}

/// What an optimizer is to the rest of Downhill: the hyperparameters it reads (the inspector's
/// controls, checks and sweeps follow from them) and how it is built from them.
pub struct Descriptor {
    pub reads: &'static [Hp],
    /// Whether it reads SVRG's snapshot interval `every` (`snapshot=`).
    pub snapshot: bool,
    pub build: fn(&Hyper) -> Box<dyn Optimizer>,
}

/// A hyperparameter outside its allowed range.
#[derive(Clone, Debug, PartialEq)]
pub struct HyperError {
    pub key: &'static str,
    pub value: f64,
    pub allowed: &'static str,
}

impl fmt::Display for HyperError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} = {} is not allowed: {} must be {}",
            self.key, self.value, self.key, self.allowed
        )
    }
}

/// Checks every hyperparameter `opt` reads against its entry's range.
fn check(h: &Hyper, opt: OptName) -> Result<(), HyperError> {
    for &hp in opt.descriptor().reads {
        let spec = &HYPERS[hp.0];
        if !(spec.ok)(h[hp]) {
            return Err(HyperError {
                key: spec.name,
                value: h[hp],
                allowed: spec.allowed,
            });
        }
    }
    if opt.descriptor().snapshot && h.every == Some(0) {
        return Err(HyperError {
            key: "every",
            value: 0.0,
            allowed: "a whole number of steps, at least 1",
        });
    }
    Ok(())
}
