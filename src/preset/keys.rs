//! Every URL key, once. Each entry gives the key's name, scope (per run, global or
//! presentation), the kind of value it takes (its grammar and allowed range), its default in
//! words, a one-line description, where a hyperparameter goes in [`Hyper`], and the slider the
//! page draws for it. Parsing, canonical writing, merging, unsetting and the page's control
//! descriptors all come from here; `tests/presets.rs` checks that the README's key table lists
//! exactly these keys.
//!
//! The hyperparameters' keys are made from their own table, `optim::hyper::HYPERS` (range,
//! defaults, sweep values, slider): adding one touches that table and the optimizer that reads
//! it, not this file.

use super::{BatchSize, Ui};
use crate::format::num;
use crate::linalg::Vector;
use crate::objective::SceneName;
pub use crate::optim::hyper::Slider;
use crate::optim::hyper::{native, Hp, HYPERS};
use crate::optim::{Hyper, OptName};
use crate::run::MAX_STEPS;

/// Where a key lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The preset as a whole: `preset`, `scene`, `steps`, `view`, `data`, `run`.
    Global,
    /// A run's setting: at the top level the default of every run, inside `run=` that run's.
    Run,
    /// How the widget presents itself; never changes a trajectory.
    Presentation,
}

/// The grammar of a value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// A hyperparameter: a real number in its entry's range (`optim::hyper::HYPERS`).
    Hyper(Hp),
    /// A real number in a range.
    Real(Range),
    /// A whole number in `[min, max]`.
    Count { min: usize, max: usize },
    /// A whole number from 0 to 2⁶⁴−1.
    Seed,
    /// One word of a list.
    Choice(&'static [&'static str]),
    /// A batch size or `all`.
    Batch,
    /// A point of parameter space: as many numbers as the scene has parameters.
    Point,
    /// `1` or `0`.
    Flag,
    /// A grammar of its own, parsed by the preset (`scene`, `view`, `data`, `run`, `hide`, ...).
    Text,
}

/// An interval of real numbers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    pub min: f64,
    pub max: f64,
    pub min_open: bool,
    pub max_open: bool,
}

impl Range {
    pub fn contains(&self, x: f64) -> bool {
        x.is_finite()
            && (if self.min_open {
                x > self.min
            } else {
                x >= self.min
            })
            && (if self.max_open {
                x < self.max
            } else {
                x <= self.max
            })
    }

    /// `[0, 1)`, `(0, 1]`, ...
    pub fn words(&self) -> String {
        format!(
            "a number in {}{}, {}{}",
            if self.min_open { "(" } else { "[" },
            num(self.min),
            num(self.max),
            if self.max_open { ")" } else { "]" }
        )
    }
}

/// One URL key.
#[derive(Clone, Copy)]
pub struct Key {
    pub name: &'static str,
    pub scope: Scope,
    pub kind: Kind,
    /// The default, in words, and what the key does: for the CLI, the docs and the tests (empty
    /// in the wasm).
    pub default: &'static str,
    pub doc: &'static str,
    /// Whether it is SVRG's snapshot interval (`Hyper::every`; the other hyperparameters are
    /// `Kind::Hyper`).
    pub snapshot: bool,
    /// The page's control for it, if it has one.
    pub slider: Option<Slider>,
    /// A presentation flag's field in [`Ui`].
    pub flag: Option<fn(&mut Ui) -> &mut bool>,
}

/// The optimizers' names in `OptName::ALL`'s order (the `opt` key's choices), from
/// [`OptName::name`] at compile time.
const OPT_NAMES: [&str; OptName::ALL.len()] = {
    let mut names = [""; OptName::ALL.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = OptName::ALL[i].name();
        i += 1;
    }
    names
};

/// The key of hyperparameter `i` of `optim::hyper::HYPERS`.
const fn hyper(i: usize) -> Key {
    let spec = &HYPERS[i];
    Key {
        name: spec.name,
        scope: Scope::Run,
        kind: Kind::Hyper(Hp(i)),
        default: spec.default_words,
        doc: spec.doc,
        snapshot: false,
        slider: Some(spec.slider),
        flag: None,
    }
}

/// A key with no hyperparameter and no slider.
const fn plain(
    name: &'static str,
    scope: Scope,
    kind: Kind,
    default: &'static str,
    doc: &'static str,
) -> Key {
    Key {
        name,
        scope,
        kind,
        default: native(default),
        doc: native(doc),
        snapshot: false,
        slider: None,
        flag: None,
    }
}

/// A presentation flag (`1` or `0`) and its field in [`Ui`].
const fn flag(name: &'static str, field: fn(&mut Ui) -> &mut bool, doc: &'static str) -> Key {
    Key {
        name,
        scope: Scope::Presentation,
        kind: Kind::Flag,
        default: "0",
        doc: native(doc),
        snapshot: false,
        slider: None,
        flag: Some(field),
    }
}

const UNIT_OPEN: Range = Range {
    min: 0.0,
    max: 1.0,
    min_open: true,
    max_open: false,
};

const STEPS: Kind = Kind::Count {
    min: 0,
    max: MAX_STEPS,
};
const AT_LEAST_ONE: Kind = Kind::Count {
    min: 1,
    max: MAX_STEPS,
};

/// The keys before the hyperparameters'.
const HEAD: [Key; 9] = [
    plain(
        "preset",
        Scope::Global,
        Kind::Text,
        "none",
        "start from a named preset (explicit keys override it)",
    ),
    plain(
        "lesson",
        Scope::Global,
        Kind::Text,
        "none",
        "a guided lesson: its beats' states and questions (explicit keys override the beat's)",
    ),
    plain(
        "beat",
        Scope::Global,
        Kind::Count { min: 1, max: 20 },
        "1",
        "with lesson=: the beat to open, from 1",
    ),
    plain("scene", Scope::Global, Kind::Text, "gabor", "the objective"),
    plain(
        "steps",
        Scope::Global,
        STEPS,
        "50",
        "where play pauses (inside run=: that run's own limit)",
    ),
    plain(
        "view",
        Scope::Global,
        Kind::Text,
        "the scene's",
        "the plotted region phi0min,phi0max,phi1min,phi1max",
    ),
    plain(
        "data",
        Scope::Global,
        Kind::Text,
        "the book's",
        "edited training data x,y;x,y;...",
    ),
    plain(
        "starts",
        Scope::Global,
        Kind::Count {
            min: 2,
            max: super::MAX_RUNS,
        },
        "1",
        "restarts (6.1.3): the top-level run from this many starts, its own and others drawn at random in the view by the seed; written out as runs",
    ),
    plain(
        "opt",
        Scope::Run,
        Kind::Choice(&OPT_NAMES),
        "gd",
        "the optimizer",
    ),
];

/// The keys after the hyperparameters'.
const TAIL: &[Key] = &[
    Key {
        name: "snapshot",
        scope: Scope::Run,
        kind: AT_LEAST_ONE,
        default: native("one epoch"),
        doc: native("SVRG: steps between full-gradient snapshots"),
        snapshot: true,
        slider: None,
        flag: None,
    },
    plain(
        "batch",
        Scope::Run,
        Kind::Batch,
        "all (sgd: 5)",
        "minibatch size",
    ),
    plain(
        "reduce",
        Scope::Run,
        Kind::Choice(&["sum", "mean"]),
        "sum",
        "combine a batch's terms by sum (the book) or mean",
    ),
    plain(
        "seed",
        Scope::Run,
        Kind::Seed,
        "0",
        "PRNG seed of the epoch shuffles",
    ),
    plain(
        "start",
        Scope::Run,
        Kind::Point,
        "the scene's",
        "start point phi0,phi1 (shallow: ten numbers φ0..φ3,θ10..θ31)",
    ),
    plain(
        "schedule",
        Scope::Run,
        Kind::Choice(&["constant", "step", "cosine"]),
        "constant",
        "learning-rate schedule",
    ),
    plain(
        "factor",
        Scope::Run,
        Kind::Real(UNIT_OPEN),
        "0.5",
        "step schedule: α is multiplied by this",
    ),
    plain(
        "every",
        Scope::Run,
        AT_LEAST_ONE,
        "1",
        "step schedule: epochs between decays",
    ),
    plain(
        "period",
        Scope::Run,
        AT_LEAST_ONE,
        "steps",
        "cosine schedule: its length in steps",
    ),
    plain(
        "alpha_min",
        Scope::Run,
        Kind::Real(Range {
            min: 0.0,
            max: 1e6,
            min_open: false,
            max_open: false,
        }),
        "0",
        "cosine schedule: the final rate",
    ),
    plain(
        "warmup",
        Scope::Run,
        STEPS,
        "0",
        "linear warmup length in steps",
    ),
    plain(
        "tol",
        Scope::Run,
        Kind::Real(Range {
            min: 0.0,
            max: 1e6,
            min_open: true,
            max_open: false,
        }),
        "none",
        "stop when the gradient's norm on all the data falls below this (6.1.3)",
    ),
    plain(
        "run",
        Scope::Global,
        Kind::Text,
        "one run of the top-level keys",
        "one racing run NAME;key=value;... (up to 6)",
    ),
    flag("autoplay", |u| &mut u.autoplay, "start playing on load"),
    flag(
        "played",
        |u| &mut u.played,
        "open at the end of the runs, the picture a caption describes (Play replays from the start)",
    ),
    flag(
        "reveal",
        |u| &mut u.reveal,
        "with lesson=: presenter mode, the class predicts aloud and the instructor reveals; nothing is scored",
    ),
    flag(
        "embed",
        |u| &mut u.embed,
        "the widget alone, without page chrome",
    ),
    plain(
        "hide",
        Scope::Presentation,
        Kind::Text,
        "none",
        "controls not shown",
    ),
    plain(
        "lang",
        Scope::Presentation,
        Kind::Choice(&["en", "zh"]),
        "the browser's",
        "interface language",
    ),
    plain(
        "theme",
        Scope::Presentation,
        Kind::Choice(&["light", "dark", "auto"]),
        "light",
        "colours: light (as the book), dark, or auto (the reader's system setting)",
    ),
    plain(
        "speed",
        Scope::Presentation,
        Kind::Count { min: 1, max: 100 },
        "1",
        "steps per frame",
    ),
    flag(
        "logc",
        |u| &mut u.log_colors,
        "log-scaled landscape colours",
    ),
    flag("logl", |u| &mut u.log_loss, "log loss axis"),
    flag(
        "batchsurf",
        |u| &mut u.batch_surface,
        "the current batch's own landscape beside the full one (figure 6.6)",
    ),
    flag(
        "view3d",
        |u| &mut u.view3d,
        "the loss as a 3-D surface with the paths on it, in the loss panel's place; drag to turn it (figure 6.1b)",
    ),
    plain(
        "turn",
        Scope::Presentation,
        Kind::Text,
        "40,25.8",
        "how the 3-D surface is turned: yaw,pitch in degrees (a drag or the arrow keys set it)",
    ),
    flag(
        "stages",
        |u| &mut u.stages,
        "the bracket of the last three steps side by side, a) b) c) (figure 6.10)",
    ),
    flag(
        "models",
        |u| &mut u.models,
        "the model at each marked minimum beside the landscape, lettered on it (figure 6.4 b-f)",
    ),
    flag(
        "batches",
        |u| &mut u.batches,
        "three of the epoch's batches on their own surfaces, each with its step from the current point, in the loss panel's place (figure 6.6 b-d)",
    ),
    flag(
        "best",
        |u| &mut u.best,
        "the run with the lowest loss ringed and marked best: restart and keep the best (6.1.3)",
    ),
    flag(
        "trail",
        |u| &mut u.trail,
        "the first iterates numbered, their models light to dark (figure 6.1d)",
    ),
    flag(
        "sliders",
        |u| &mut u.sliders,
        "phi0 and phi1 as sliders (figure 6.2)",
    ),
    flag(
        "arrows",
        |u| &mut u.arrows,
        "momentum and gradient arrows of the current step (figure 6.8)",
    ),
    flag(
        "curv",
        |u| &mut u.curvature,
        "colour the landscape by the signs of the Hessian's eigenvalues",
    ),
    flag(
        "lr",
        |u| &mut u.rate,
        "plot each step's learning rate beside the loss",
    ),
    flag(
        "epochs",
        |u| &mut u.epochs,
        "the loss against epochs (samples processed / N), so full-batch and stochastic runs compare at equal cost",
    ),
    flag(
        "calc",
        |u| &mut u.calc,
        "the epochs calculator of Problem 6.9",
    ),
    flag(
        "quiz",
        |u| &mut u.quiz,
        "figure 6.11's exercise (Problem 6.6)",
    ),
    flag(
        "flip",
        |u| &mut u.flip,
        "φ1 runs downwards, as the book draws figure 6.1",
    ),
    plain(
        "sweep",
        Scope::Presentation,
        Kind::Text,
        "none",
        "a grid of final losses over two hyperparameters",
    ),
    plain(
        "panels",
        Scope::Presentation,
        Kind::Text,
        "one panel",
        "small multiples: each, or groups such as 1-3;4-6",
    ),
    plain(
        "slice",
        Scope::Presentation,
        Kind::Text,
        "random",
        "shallow: the landscape's plane, spanned by random (Li et al.), random:SEED, pca, hessian, or two parameters such as phi0,theta11",
    ),
    plain(
        "center",
        Scope::Presentation,
        Kind::Choice(&["start", "current", "critical"]),
        "start",
        "shallow: the plane's centre, the start, the current iterate, or the stationary point Newton's method finds from it",
    ),
    flag(
        "follow",
        |u| &mut u.follow,
        "shallow: the plane re-centres on the current iterate as the run moves",
    ),
];

/// Every key, in the canonical order of a written query: `HEAD`, a key for each of
/// `optim::hyper::HYPERS`, then `TAIL`.
pub const KEYS: &[Key] = &{
    let mut out = [HEAD[0]; HEAD.len() + HYPERS.len() + TAIL.len()];
    let mut i = 0;
    while i < out.len() {
        out[i] = if i < HEAD.len() {
            HEAD[i]
        } else if i < HEAD.len() + HYPERS.len() {
            hyper(i - HEAD.len())
        } else {
            TAIL[i - HEAD.len() - HYPERS.len()]
        };
        i += 1;
    }
    out
};

/// The entry of `name`.
pub fn key(name: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.name == name)
}

/// Whether `name` is a run key.
pub fn is_run_key(name: &str) -> bool {
    key(name).is_some_and(|k| k.scope == Scope::Run || k.name == "steps")
}

/// Whether `name` is a presentation key.
pub fn is_presentation_key(name: &str) -> bool {
    key(name).is_some_and(|k| k.scope == Scope::Presentation)
}

/// A parsed run value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    Real(f64),
    Count(usize),
    Seed(u64),
    Word(&'static str),
    Batch(BatchSize),
    Point(Vector),
}

impl Value {
    /// The value as a query writes it (parses back to the same bits).
    pub fn text(&self) -> String {
        match self {
            Value::Real(x) => num(*x),
            Value::Count(n) => n.to_string(),
            Value::Seed(s) => s.to_string(),
            Value::Word(w) => w.to_string(),
            Value::Batch(BatchSize::All) => "all".into(),
            Value::Batch(BatchSize::Size(n)) => n.to_string(),
            Value::Point(p) => p
                .as_slice()
                .iter()
                .map(|&x| num(x))
                .collect::<Vec<_>>()
                .join(","),
        }
    }
}

/// A finite number, or what is wrong with `v` (the caller names the key).
pub(crate) fn parse_f64(v: &str) -> Result<f64, String> {
    match v.trim().parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        Ok(_) => Err("must be a finite number".into()),
        Err(_) => Err("is not a number".into()),
    }
}

/// A whole number in `min..=max`, or what is wrong with `v`; `what` names it in the message
/// (empty where the caller adds the key's name itself).
pub(crate) fn parse_count(v: &str, min: usize, max: usize, what: &str) -> Result<usize, String> {
    let what = if what.is_empty() {
        String::new()
    } else {
        format!("{what} ")
    };
    match v.trim().parse::<usize>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        Ok(n) => Err(format!(
            "{n} is out of range: {what}must be from {min} to {max}"
        )),
        Err(_) => Err(format!("must be a whole number from {min} to {max}")),
    }
}

/// Parses `v` as a value of `key` (a run key). The message says what is allowed.
pub fn parse_value(key: &Key, v: &str) -> Result<Value, String> {
    let name = key.name;
    match key.kind {
        Kind::Hyper(hp) => {
            let (ok, allowed) = (HYPERS[hp.0].ok, HYPERS[hp.0].allowed);
            let x = parse_f64(v).map_err(|e| format!("{e}; {name} must be {allowed}"))?;
            if ok(x) {
                Ok(Value::Real(x))
            } else {
                Err(format!("{name} must be {allowed}"))
            }
        }
        Kind::Real(r) => {
            let x = parse_f64(v).map_err(|e| format!("{e}; {name} must be {}", r.words()))?;
            if r.contains(x) {
                Ok(Value::Real(x))
            } else {
                Err(format!("{name} must be {}", r.words()))
            }
        }
        Kind::Count { min, max } => parse_count(v, min, max, "").map(Value::Count),
        Kind::Seed => v
            .trim()
            .parse::<u64>()
            .map(Value::Seed)
            .map_err(|_| "must be a whole number from 0 to 18446744073709551615".into()),
        Kind::Choice(words) => words
            .iter()
            .find(|w| **w == v.trim())
            .map(|w| Value::Word(w))
            .ok_or_else(|| format!("must be one of {}", words.join(", "))),
        Kind::Batch => {
            if v.trim() == "all" {
                Ok(Value::Batch(BatchSize::All))
            } else {
                parse_count(v, 1, 1_000_000, "")
                    .map(|n| Value::Batch(BatchSize::Size(n)))
                    .map_err(|e| format!("{e}, or \"all\""))
            }
        }
        Kind::Point => super::parse_point(v).map(Value::Point),
        Kind::Flag | Kind::Text => Err(format!("{name} is not a run key")),
    }
}

/// The settings of one run, every one optional: unset ones fall back to the top-level keys,
/// then to the optimizer's and scene's defaults. Keyed by the table's names, kept sorted by name
/// so that equal settings compare equal (a handful of keys: a sorted list, which costs the wasm
/// a fraction of a `BTreeMap`'s code).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunSpec(Vec<(&'static str, Value)>);

impl RunSpec {
    /// Sets one run key from its URL text. `Err` carries the message for a bad value or an
    /// unknown key.
    /// A point (`start`) must have as many numbers as `scene` has parameters: a bad value
    /// leaves the last good one in place.
    pub fn set(&mut self, scene: SceneName, name: &str, v: &str) -> Result<(), String> {
        let key = key(name)
            .filter(|k| is_run_key(k.name))
            .ok_or_else(|| format!("unknown run key {}", super::quoted(name)))?;
        let value = parse_value(key, v)?;
        if let Value::Point(p) = value {
            if let Some(message) = super::start_mismatch(scene, p) {
                return Err(message);
            }
        }
        self.put(key.name, value);
        Ok(())
    }

    /// Sets a value directly (a start from the page, a sweep cell's step limit).
    pub fn put(&mut self, name: &'static str, value: Value) {
        match self.0.binary_search_by(|(k, _)| (*k).cmp(name)) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (name, value)),
        }
    }

    /// Removes the setting of `key` (it falls back to the defaults again).
    pub fn unset(&mut self, name: &str) {
        self.0.retain(|(k, _)| *k != name);
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    pub fn real(&self, name: &str) -> Option<f64> {
        match self.get(name)? {
            Value::Real(x) => Some(*x),
            _ => None,
        }
    }

    pub fn count(&self, name: &str) -> Option<usize> {
        match self.get(name)? {
            Value::Count(n) => Some(*n),
            _ => None,
        }
    }

    pub fn word(&self, name: &str) -> Option<&'static str> {
        match self.get(name)? {
            Value::Word(w) => Some(w),
            _ => None,
        }
    }

    pub fn opt(&self) -> Option<OptName> {
        self.word("opt").and_then(OptName::parse)
    }

    pub fn batch(&self) -> Option<BatchSize> {
        match self.get("batch")? {
            Value::Batch(b) => Some(*b),
            _ => None,
        }
    }

    pub fn seed(&self) -> Option<u64> {
        match self.get("seed")? {
            Value::Seed(s) => Some(*s),
            _ => None,
        }
    }

    pub fn start(&self) -> Option<Vector> {
        match self.get("start")? {
            Value::Point(p) => Some(*p),
            _ => None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Fills every unset key from `base`.
    pub fn or(&self, base: &RunSpec) -> RunSpec {
        let mut out = base.clone();
        for (k, v) in &self.0 {
            out.put(k, *v);
        }
        out
    }

    /// The set keys in the table's order, as `(key, value)` text.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        KEYS.iter()
            .filter_map(|k| self.get(k.name).map(|v| (k.name, v.text())))
            .collect()
    }

    /// The optimizer's hyperparameters with this spec's values applied over `opt`'s defaults.
    pub fn hyper(&self, opt: OptName) -> Hyper {
        let mut h = opt.defaults();
        for k in KEYS {
            match (k.kind, self.get(k.name)) {
                (Kind::Hyper(hp), Some(Value::Real(x))) => h[hp] = *x,
                (_, Some(Value::Count(n))) if k.snapshot => h.every = Some(*n),
                _ => {}
            }
        }
        h
    }
}

/// One control the page draws for a run: the key, its slider and its description.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Control {
    pub key: &'static str,
    pub slider: Slider,
    pub doc: &'static str,
}

/// The controls of `opt`'s hyperparameters, in the table's order.
pub fn controls(opt: OptName) -> Vec<Control> {
    KEYS.iter()
        .filter(|k| opt.uses().contains(&k.name))
        .filter_map(|k| {
            k.slider.map(|slider| Control {
                key: k.name,
                slider,
                doc: k.doc,
            })
        })
        .collect()
}
