//! Figure 6.11 and Problem 6.6: three one-dimensional losses with points 1-7. For each point the
//! student says local minimum, global minimum or neither, and for each function whether it is
//! convex. The answers are computed here from the functions, never typed in: the slope and the
//! curvature at each point (by central differences), the lowest value on a fine grid, and the sign
//! of the second derivative over the whole range.
//!
//! The functions are Downhill's own, with the features the book's figure asks about: a) two
//! local minima (the second, 3, a small dip on the right slope) and the global one; b) a convex bowl; c) a global minimum and a flat
//! inflection point, where the slope is zero but the point is not a minimum.

use crate::math as m;

/// The range of every function.
pub const RANGE: [f64; 2] = [0.0, 1.0];

/// Which function: `a`, `b` or `c`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Function {
    A,
    B,
    C,
}

pub const FUNCTIONS: [Function; 3] = [Function::A, Function::B, Function::C];

impl Function {
    pub fn value(self, x: f64) -> f64 {
        match self {
            Function::A => {
                0.55 + 2.2 * (x - 0.45) * (x - 0.45)
                    - 0.3 * m::exp(-(x - 0.14) * (x - 0.14) / 0.003)
                    - 0.5 * m::exp(-(x - 0.42) * (x - 0.42) / 0.008)
                    - 0.12 * m::exp(-(x - 0.78) * (x - 0.78) / 0.002)
            }
            Function::B => {
                let d = x - 0.72;
                0.25 + 0.9 * d * d + 3.0 * d * d * d * d
            }
            Function::C => {
                // f' = k (x - 0.3)(x - 0.65)²: a minimum at 0.3, a flat inflection at 0.65.
                let u = x - 0.65;
                0.3 + 60.0 * (u * u * u * u / 4.0 + 0.35 * u * u * u / 3.0)
            }
        }
    }

    pub fn letter(self) -> char {
        match self {
            Function::A => 'a',
            Function::B => 'b',
            Function::C => 'c',
        }
    }

    /// The numbered points on this function (the book's 1-7): a position, and whether the
    /// point sits where the slope vanishes (then [`Function::point`] finds that place exactly).
    fn marks(self) -> &'static [(u8, f64, bool)] {
        match self {
            Function::A => &[(1, 0.14, true), (2, 0.42, true), (3, 0.78, true)],
            Function::B => &[(4, 0.12, false), (5, 0.72, true)],
            Function::C => &[(6, 0.3, true), (7, 0.65, true)],
        }
    }

    /// The points `(number, x)`: marks at a stationary point are moved onto it by Newton's
    /// iteration on the slope.
    pub fn points(self) -> Vec<(u8, f64)> {
        self.marks()
            .iter()
            .map(|&(n, x, stationary)| {
                let mut x = x;
                if stationary {
                    for _ in 0..50 {
                        let c = self.curvature(x);
                        if c.abs() < 1e-9 {
                            break;
                        }
                        let dx = self.slope(x) / c;
                        x -= dx.clamp(-0.01, 0.01);
                        if dx.abs() < 1e-12 {
                            break;
                        }
                    }
                }
                (n, x)
            })
            .collect()
    }

    fn slope(self, x: f64) -> f64 {
        let h = 1e-5;
        (self.value(x + h) - self.value(x - h)) / (2.0 * h)
    }

    fn curvature(self, x: f64) -> f64 {
        let h = 1e-4;
        (self.value(x + h) - 2.0 * self.value(x) + self.value(x - h)) / (h * h)
    }

    /// The lowest value on a fine grid of the range.
    fn lowest(self) -> f64 {
        (0..=GRID)
            .map(|k| self.value(RANGE[0] + (RANGE[1] - RANGE[0]) * k as f64 / GRID as f64))
            .fold(f64::INFINITY, f64::min)
    }

    /// The lowest second derivative on the grid (inside the range): the function is convex when
    /// it is never negative.
    pub fn min_curvature(self) -> f64 {
        (1..GRID)
            .map(|k| self.curvature(RANGE[0] + (RANGE[1] - RANGE[0]) * k as f64 / GRID as f64))
            .fold(f64::INFINITY, f64::min)
    }

    pub fn convex(self) -> bool {
        self.min_curvature() >= -CURVATURE_TOL
    }
}

const GRID: usize = 2000;
const SLOPE_TOL: f64 = 1e-3;
const CURVATURE_TOL: f64 = 1e-3;

/// What a point is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    LocalMinimum,
    GlobalMinimum,
    Neither,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::LocalMinimum => "local",
            Kind::GlobalMinimum => "global",
            Kind::Neither => "neither",
        }
    }
}

/// One point's answer with its reason: the slope and the curvature there, and how far its value
/// is above the function's lowest.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub number: u8,
    pub function: Function,
    pub x: f64,
    pub value: f64,
    pub slope: f64,
    pub curvature: f64,
    pub above_lowest: f64,
    pub kind: Kind,
}

impl Answer {
    /// Why: `slope` (the slope is not zero), `flat` (zero slope, no positive curvature),
    /// `global` or `local`.
    pub fn reason(&self) -> &'static str {
        match self.kind {
            Kind::Neither if self.slope.abs() > SLOPE_TOL => "slope",
            Kind::Neither => "flat",
            Kind::GlobalMinimum => "global",
            Kind::LocalMinimum => "local",
        }
    }
}

/// Classifies point `number` at `x` on `f`: a non-zero slope is neither; a zero slope with a
/// positive curvature is a minimum, global when nothing on the range is lower; a zero slope with
/// zero or negative curvature (a flat inflection, a maximum) is neither.
pub fn classify(f: Function, number: u8, x: f64) -> Answer {
    let (value, slope, curvature) = (f.value(x), f.slope(x), f.curvature(x));
    // Below the tolerances the differences are rounding: report a flat point's curvature as 0.
    let curvature = if curvature.abs() <= CURVATURE_TOL {
        0.0
    } else {
        curvature
    };
    let above_lowest = value - f.lowest();
    let kind = if slope.abs() > SLOPE_TOL || curvature <= CURVATURE_TOL {
        Kind::Neither
    } else if above_lowest <= 1e-6 {
        Kind::GlobalMinimum
    } else {
        Kind::LocalMinimum
    };
    Answer {
        number,
        function: f,
        x,
        value,
        slope,
        curvature,
        above_lowest,
        kind,
    }
}

/// Every point's answer, 1 to 7.
pub fn answers() -> Vec<Answer> {
    FUNCTIONS
        .iter()
        .flat_map(|&f| f.points().into_iter().map(move |(n, x)| classify(f, n, x)))
        .collect()
}
