//! Every hyperparameter, once: its URL name, its allowed range, its default (and the optimizers
//! whose default differs), the values section 6.5's sweep tries, the page's slider and its
//! words for the docs. The URL key table (`preset::keys`) makes a key of each entry; the
//! optimizers say which they read ([`super::Descriptor`]) and read them by index from
//! [`Hyper`]; checking, defaults, the inspector's controls, sweeps and Copy as NumPy loop over
//! [`HYPERS`].
//!
//! Adding a hyperparameter is an index and an entry here, the optimizer that reads it, and its
//! label in the page's string files.

use super::OptName;
use std::ops::{Index, IndexMut};

/// A hyperparameter's place in [`HYPERS`] and in [`Hyper`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hp(pub usize);

/// Learning rate `alpha` (eq. 6.3), the base of the schedule.
pub const ALPHA: Hp = Hp(0);
/// First-moment coefficient `beta` (eq. 6.11, 6.15).
pub const BETA: Hp = Hp(1);
/// Second-moment coefficient `gamma` (eq. 6.15); RMSProp's and AdaDelta's decay `rho`.
pub const GAMMA: Hp = Hp(2);
/// `epsilon` of eq. 6.14 and 6.17.
pub const EPS: Hp = Hp(3);
/// AdamW's decoupled weight decay `lambda`.
pub const WD: Hp = Hp(4);
/// Line search: the search range `[0, maxdist]` along the negative gradient.
pub const MAXDIST: Hp = Hp(5);
/// AdaGrad: the value its accumulator of squared gradients starts from.
pub const ACC0: Hp = Hp(6);

/// How the page draws a hyperparameter's slider: from `min` to `max` by `step` (exponents of
/// ten when `log`).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Slider {
    pub min: f64,
    pub max: f64,
    pub step: f64,
    pub log: bool,
}

impl Slider {
    /// The index of the last stop.
    fn last(&self) -> usize {
        ((self.max - self.min) / self.step).round() as usize
    }

    /// The values the slider stops at, lowest first: `min + k step` to the step's decimals, or
    /// ten to that power to three significant digits (`0.000112`, `0.3`, `20`). Each is the
    /// `f64` nearest to its decimal (a whole number over a power of ten, divided once).
    pub fn stops(&self) -> Vec<f64> {
        let pow10 = |x: f64| libm::pow(10.0, x);
        let places = (-libm::log10(self.step)).ceil().max(0.0);
        (0..=self.last())
            .map(|k| {
                let x = self.min + k as f64 * self.step;
                let (v, places) = if self.log {
                    let v = pow10(x);
                    (v, 2.0 - libm::log10(v).floor())
                } else {
                    (x, places)
                };
                let scale = pow10(places.max(0.0));
                (v * scale).round() / scale
            })
            .collect()
    }

    /// The stop nearest to `value` along the slider (on the log scale for a log slider).
    pub fn nearest(&self, value: f64) -> usize {
        let at = |v: f64| if self.log { libm::log10(v) } else { v };
        let k = (at(value) - self.min) / self.step;
        if k.is_finite() {
            k.round().clamp(0.0, self.last() as f64) as usize
        } else {
            0
        }
    }
}

/// One hyperparameter.
pub struct Spec {
    pub name: &'static str,
    /// Whether a value is allowed, and the words that say which are.
    pub ok: fn(f64) -> bool,
    pub allowed: &'static str,
    /// The default, and the optimizers whose default differs.
    pub default: f64,
    pub defaults: &'static [(OptName, f64)],
    /// The values a sweep over it tries (section 6.5).
    pub sweep: &'static [f64],
    pub slider: Slider,
    /// The default in words and what it does, for the CLI, the docs and the tests (empty in
    /// the wasm: the page's words are its own).
    pub default_words: &'static str,
    pub doc: &'static str,
}

/// Words only the native tools and the docs read: the page's tooltips come from its own words
/// (www/help-words.js, loaded after start-up), so they are left out of the wasm.
pub const fn native(words: &'static str) -> &'static str {
    if cfg!(target_arch = "wasm32") {
        ""
    } else {
        words
    }
}

fn positive(x: f64) -> bool {
    x.is_finite() && x > 0.0 && x <= 1e6
}

fn unit(x: f64) -> bool {
    (0.0..1.0).contains(&x)
}

fn small(x: f64) -> bool {
    x.is_finite() && x > 0.0 && x <= 1.0
}

fn decay(x: f64) -> bool {
    x.is_finite() && (0.0..=1e3).contains(&x)
}

const POSITIVE: &str = "a number greater than 0 and at most 1e6";
const UNIT: &str = "a number in [0, 1)";
const MOMENTS: &[f64] = &[0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99];
const ADAMS: [OptName; 4] = [
    OptName::Adam,
    OptName::Adamw,
    OptName::Nadam,
    OptName::Radam,
];

/// Every hyperparameter, in the order of a written query; entry `i` is `Hp(i)`.
pub const HYPERS: [Spec; 7] = [
    Spec {
        name: "alpha",
        ok: positive,
        allowed: POSITIVE,
        default: 0.1,
        defaults: &[
            (ADAMS[0], 0.05),
            (ADAMS[1], 0.05),
            (ADAMS[2], 0.05),
            (ADAMS[3], 0.05),
            (OptName::Normalized, 0.08),
            (OptName::Rmsprop, 0.01),
            (OptName::Adadelta, 1.0),
            (OptName::Newton, 1.0),
        ],
        sweep: &[0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0],
        slider: Slider {
            min: -4.0,
            max: 1.0,
            step: 0.05,
            log: true,
        },
        default_words: native("0.1 (Adam's family 0.05)"),
        doc: native("learning rate α (eq. 6.3)"),
    },
    Spec {
        name: "beta",
        ok: unit,
        allowed: UNIT,
        default: 0.9,
        defaults: &[],
        sweep: MOMENTS,
        slider: Slider {
            min: 0.0,
            max: 0.99,
            step: 0.01,
            log: false,
        },
        default_words: native("0.9"),
        doc: native("momentum β (eq. 6.11, 6.15)"),
    },
    Spec {
        name: "gamma",
        ok: unit,
        allowed: UNIT,
        default: 0.99,
        defaults: &[(OptName::Rmsprop, 0.9), (OptName::Adadelta, 0.9)],
        sweep: MOMENTS,
        slider: Slider {
            min: 0.0,
            max: 0.999,
            step: 0.001,
            log: false,
        },
        default_words: native("0.99"),
        doc: native("second-moment γ (eq. 6.15); RMSProp's and AdaDelta's ρ"),
    },
    Spec {
        name: "eps",
        ok: small,
        allowed: "a number in (0, 1]",
        default: 1e-8,
        defaults: &[(OptName::Adadelta, 1e-6)],
        sweep: &[],
        slider: Slider {
            min: -10.0,
            max: 0.0,
            step: 0.5,
            log: true,
        },
        default_words: native("1e-8"),
        doc: native("ε of eq. 6.14 and 6.17"),
    },
    Spec {
        name: "wd",
        ok: decay,
        allowed: "a number in [0, 1000]",
        default: 0.01,
        defaults: &[],
        sweep: &[],
        slider: Slider {
            min: -4.0,
            max: 1.0,
            step: 0.05,
            log: true,
        },
        default_words: native("0.01"),
        doc: native("AdamW's decoupled weight decay λ"),
    },
    Spec {
        name: "maxdist",
        ok: positive,
        allowed: POSITIVE,
        default: 0.1,
        defaults: &[],
        sweep: &[0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 4.0, 8.0],
        slider: Slider {
            min: -3.0,
            max: 1.3,
            step: 0.05,
            log: true,
        },
        default_words: native("0.1"),
        doc: native("line search range along −∇L"),
    },
    Spec {
        name: "acc0",
        ok: decay,
        allowed: "a number in [0, 1000]",
        default: 0.0,
        defaults: &[],
        sweep: &[0.0, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0],
        slider: Slider {
            min: 0.0,
            max: 1.0,
            step: 0.01,
            log: false,
        },
        default_words: native("0 (optax 0.1)"),
        doc: native("AdaGrad's accumulator of squared gradients starts here"),
    },
];

/// The hyperparameter called `name`.
pub fn by_name(name: &str) -> Option<Hp> {
    HYPERS.iter().position(|s| s.name == name).map(Hp)
}

/// Resolved hyperparameters: a value for each of [`HYPERS`] (read as `h[ALPHA]`), and SVRG's
/// snapshot interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hyper {
    values: [f64; HYPERS.len()],
    /// SVRG: steps between full-gradient snapshots (`None`: one epoch).
    pub every: Option<usize>,
}

impl Index<Hp> for Hyper {
    type Output = f64;
    fn index(&self, hp: Hp) -> &f64 {
        &self.values[hp.0]
    }
}

impl IndexMut<Hp> for Hyper {
    fn index_mut(&mut self, hp: Hp) -> &mut f64 {
        &mut self.values[hp.0]
    }
}

impl Hyper {
    /// `opt`'s defaults: each entry's, or its own where the entry names it.
    pub fn defaults(opt: OptName) -> Hyper {
        let mut values = [0.0; HYPERS.len()];
        for (v, spec) in values.iter_mut().zip(&HYPERS) {
            *v = spec
                .defaults
                .iter()
                .find(|(o, _)| *o == opt)
                .map_or(spec.default, |&(_, d)| d);
        }
        Hyper {
            values,
            every: None,
        }
    }

    /// A hyperparameter by its URL name (0 for a name that is not one).
    pub fn get(&self, name: &str) -> f64 {
        by_name(name).map_or(0.0, |hp| self[hp])
    }

    /// Every value with its name, in the table's order.
    pub fn named(&self) -> impl Iterator<Item = (&'static str, f64)> + '_ {
        HYPERS.iter().zip(self.values).map(|(s, v)| (s.name, v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each index names its own entry, and every entry's default and sweep values are allowed.
    #[test]
    fn each_index_names_its_entry_and_its_values_are_allowed() {
        let named = [
            (ALPHA, "alpha"),
            (BETA, "beta"),
            (GAMMA, "gamma"),
            (EPS, "eps"),
            (WD, "wd"),
            (MAXDIST, "maxdist"),
            (ACC0, "acc0"),
        ];
        assert_eq!(named.len(), HYPERS.len());
        for (hp, name) in named {
            assert_eq!(HYPERS[hp.0].name, name);
            assert_eq!(by_name(name), Some(hp));
        }
        for spec in &HYPERS {
            let values = spec.defaults.iter().map(|&(_, d)| d);
            for v in [spec.default]
                .into_iter()
                .chain(values)
                .chain(spec.sweep.iter().copied())
            {
                assert!((spec.ok)(v), "{} = {v} is not allowed", spec.name);
            }
        }
    }
}
