//! Learning-rate schedules: functions of the step count and epoch (section 6.2.2).
//!
//! The rate of step `t` (0-based) that uses a batch of epoch `e` (0-based) is
//! `warmup(t) * base(t, e)` where
//! * `constant`: `base = alpha`;
//! * `step`: `base = alpha * factor^floor(e / every)` ("alpha falls by a constant factor every N
//!   epochs");
//! * `cosine`: `base = alpha_min + (alpha - alpha_min) (1 + cos(pi min(t, T) / T)) / 2` over
//!   `T = period` steps;
//! * `warmup(t) = min(1, (t + 1) / W)` for `W = warmup` steps (Goyal et al., 2018), 1 when `W = 0`.

use crate::math as m;
use std::f64::consts::PI;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Decay {
    Constant,
    /// Multiply by `factor` every `every` epochs.
    Step {
        factor: f64,
        every: usize,
    },
    /// Cosine from `alpha` down to `floor` over `period` steps, then stay at `floor`.
    Cosine {
        period: usize,
        floor: f64,
    },
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Schedule {
    pub decay: Decay,
    /// Linear warmup length in steps (0: none).
    pub warmup: usize,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            decay: Decay::Constant,
            warmup: 0,
        }
    }
}

impl Schedule {
    /// The learning rate of step `t` whose batch belongs to epoch `epoch`.
    pub fn rate(&self, alpha: f64, t: usize, epoch: usize) -> f64 {
        let base = match self.decay {
            Decay::Constant => alpha,
            Decay::Step { factor, every } => {
                let k = (epoch / every.max(1)).min(i32::MAX as usize) as i32;
                alpha * m::powi(factor, k)
            }
            Decay::Cosine { period, floor } => {
                let period = period.max(1);
                let frac = t.min(period) as f64 / period as f64;
                floor + (alpha - floor) * 0.5 * (1.0 + m::cos(PI * frac))
            }
        };
        if self.warmup == 0 {
            base
        } else {
            base * ((t + 1) as f64 / self.warmup as f64).min(1.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_follow_their_formulas() {
        let step = Schedule {
            decay: Decay::Step {
                factor: 0.5,
                every: 2,
            },
            warmup: 0,
        };
        assert_eq!(step.rate(1.0, 0, 0), 1.0);
        assert_eq!(step.rate(1.0, 9, 1), 1.0);
        assert_eq!(step.rate(1.0, 10, 2), 0.5);
        assert_eq!(step.rate(1.0, 30, 5), 0.25);
        let warm = Schedule {
            decay: Decay::Constant,
            warmup: 4,
        };
        let rates: Vec<f64> = (0..6).map(|t| warm.rate(0.8, t, 0)).collect();
        assert_eq!(rates, vec![0.2, 0.4, 0.6000000000000001, 0.8, 0.8, 0.8]);
        let cos = Schedule {
            decay: Decay::Cosine {
                period: 10,
                floor: 0.0,
            },
            warmup: 0,
        };
        assert_eq!(cos.rate(2.0, 0, 0), 2.0);
        assert!((cos.rate(2.0, 5, 0) - 1.0).abs() < 1e-15);
        assert!(cos.rate(2.0, 10, 0).abs() < 1e-15);
        assert!(cos.rate(2.0, 50, 0).abs() < 1e-15);
    }
}
