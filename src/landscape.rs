//! The loss landscape over a view: grid samples (for all the data or one batch, figure 6.6),
//! contour lines, and the critical points inside the view classified by their Hessian
//! eigenvalues (the chapter's notes: minimum, maximum or saddle).

use crate::linalg::{Curvature, Vector};
use crate::math as m;
use crate::objective::data::{GABOR_SCALE, GABOR_WIDTH};
use crate::objective::{Batch, DataObjective, Loss, Model, Objective, Reduce, View};

/// Loss samples on a `width x height` grid of cell centres over `view`. Row 0 is the **top**
/// (largest phi1), as an image is stored.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    pub view: View,
    pub width: usize,
    pub height: usize,
    pub values: Vec<f64>,
}

impl Grid {
    /// The parameter at the centre of cell `(col, row)`.
    pub fn cell_center(view: &View, width: usize, height: usize, col: usize, row: usize) -> Vector {
        let fx = (col as f64 + 0.5) / width as f64;
        let fy = (row as f64 + 0.5) / height as f64;
        Vector::new(
            view.phi0[0] + fx * (view.phi0[1] - view.phi0[0]),
            view.phi1[1] - fy * (view.phi1[1] - view.phi1[0]),
        )
    }

    pub fn at(&self, col: usize, row: usize) -> f64 {
        self.values[row * self.width + col]
    }

    /// Smallest and largest finite sample.
    pub fn range(&self) -> (f64, f64) {
        self.values
            .iter()
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            })
    }
}

/// Samples `L_B` (sum convention) on the grid.
///
/// The Gabor loss has a fast path: along a row `phi1` is fixed, so every sample's argument
/// `u = phi0 + 0.06 phi1 x` grows by the same `delta` from cell to cell, and `sin u`, `cos u` and
/// `exp(-u²/32)` follow exact recurrences (a rotation, and a ratio that itself changes by the
/// constant factor `exp(-delta²/16)`). Each block of [`RESYNC`] cells restarts from directly
/// computed values, so rounding cannot build up; the result agrees with the direct loop to about
/// 1e-12 relative (tested), while skipping nearly all `sin` and `exp` calls.
pub fn sample(
    objective: &Objective,
    view: &View,
    width: usize,
    height: usize,
    batch: Batch,
) -> Grid {
    let mut values = Vec::with_capacity(width * height);
    sample_rows(
        objective,
        view,
        (width, height),
        0..height,
        batch,
        &mut values,
    );
    Grid {
        view: *view,
        width,
        height,
        values,
    }
}

/// Appends the samples of `rows` of a `width x height` grid over `view` to `values`.
fn sample_rows(
    objective: &Objective,
    view: &View,
    (width, height): (usize, usize),
    rows: std::ops::Range<usize>,
    batch: Batch,
    values: &mut Vec<f64>,
) {
    let gabor = match objective {
        Objective::Data(d) if d.model == Model::Gabor && d.loss == Loss::SumOfSquares => Some(d),
        _ => None,
    };
    if let (Objective::Sliced(b), Batch::All) = (objective, batch) {
        if let (Objective::Data(d), plane) = (&b.0, &b.1) {
            if d.model == Model::Shallow && d.loss == Loss::SumOfSquares {
                for row in rows {
                    shallow_slice_row(d, plane, view, (width, height), row, values);
                }
                return;
            }
        }
    }
    for row in rows {
        match gabor {
            Some(d) => gabor_row(d, view, width, height, row, batch, values),
            None => {
                for col in 0..width {
                    let phi = Grid::cell_center(view, width, height, col, row);
                    values.push(objective.value(phi, batch, Reduce::Sum));
                }
            }
        }
    }
}

/// Rows `rows` of an `n x n` curvature grid: 1 where every Hessian eigenvalue is positive, -1
/// where every one is negative, 0 otherwise.
fn curvature_rows(
    objective: &Objective,
    view: &View,
    n: usize,
    rows: std::ops::Range<usize>,
    values: &mut Vec<f64>,
) {
    for row in rows {
        for col in 0..n {
            let p = Grid::cell_center(view, n, n, col, row);
            let e = objective.hessian(p, Batch::All, Reduce::Sum).eigenvalues();
            let (lo, hi) = (e[0], e[e.len() - 1]);
            values.push(if lo > 0.0 {
                1.0
            } else if hi < 0.0 {
                -1.0
            } else {
                0.0
            });
        }
    }
}

/// [`sample`] over the full data a few rows at a time, so a heavy loss (200 data points) can be
/// sampled across animation frames; the result is the same grid.
#[derive(Clone, Debug)]
pub struct GridSampler {
    grid: Grid,
    /// Samples the signs of the Hessian's eigenvalues ([`curvature_grid`]) instead of the loss.
    curvature: bool,
}

impl GridSampler {
    pub fn new(view: View, width: usize, height: usize) -> Self {
        GridSampler {
            grid: Grid {
                view,
                width,
                height,
                values: Vec::with_capacity(width * height),
            },
            curvature: false,
        }
    }

    /// [`curvature_grid`] a few rows at a time (a Hessian per cell is heavy on the network's
    /// slices): the same grid.
    pub fn curvature(view: View, n: usize) -> Self {
        GridSampler {
            curvature: true,
            ..GridSampler::new(view, n, n)
        }
    }

    /// Samples up to `rows` more rows; returns whether the grid is complete.
    pub fn work(&mut self, objective: &Objective, rows: usize) -> bool {
        let g = &mut self.grid;
        let next = g.values.len() / g.width.max(1);
        let end = next.saturating_add(rows.max(1)).min(g.height);
        if self.curvature {
            curvature_rows(objective, &g.view, g.width, next..end, &mut g.values);
            return self.done();
        }
        sample_rows(
            objective,
            &g.view,
            (g.width, g.height),
            next..end,
            Batch::All,
            &mut g.values,
        );
        self.done()
    }

    pub fn done(&self) -> bool {
        self.grid.values.len() >= self.grid.width * self.grid.height
    }

    /// The grid so far.
    pub fn grid(&self) -> &Grid {
        &self.grid
    }

    /// The grid (complete once [`GridSampler::done`]).
    pub fn finish(self) -> Grid {
        self.grid
    }
}

/// One row of a slice through the shallow network (the landscape's inner loop on that scene):
/// the same arithmetic as `Objective::value` on the slice (the cell's point `c + u d1 + v d2`,
/// then eq. 3.1 and 6.5 point by point), written out straight so it stays fast in the page's
/// size-optimised build.
fn shallow_slice_row(
    d: &DataObjective,
    plane: &crate::objective::Plane,
    view: &View,
    (width, height): (usize, usize),
    row: usize,
    values: &mut Vec<f64>,
) {
    use crate::objective::data::shallow_params;
    let (c, d1, d2) = (
        shallow_params(plane.center),
        shallow_params(plane.d1),
        shallow_params(plane.d2),
    );
    let (xs, ys) = (&d.data.x, &d.data.y);
    for col in 0..width {
        let uv = Grid::cell_center(view, width, height, col, row);
        let (u, v) = (uv.x(), uv.y());
        let mut p = [0.0; 10];
        for k in 0..10 {
            p[k] = c[k] + u * d1[k] + v * d2[k];
        }
        let relu = |z: f64| if z > 0.0 { z } else { 0.0 };
        let mut sum = 0.0;
        for (&x, &y) in xs.iter().zip(ys) {
            let f = p[0]
                + p[1] * relu(p[4] + p[5] * x)
                + p[2] * relu(p[6] + p[7] * x)
                + p[3] * relu(p[8] + p[9] * x);
            sum += (f - y) * (f - y);
        }
        values.push(sum);
    }
}

/// Cells between exact restarts of the Gabor recurrences.
pub const RESYNC: usize = 16;

fn gabor_row(
    d: &DataObjective,
    view: &View,
    width: usize,
    height: usize,
    row: usize,
    batch: Batch,
    out: &mut Vec<f64>,
) {
    let first = Grid::cell_center(view, width, height, 0, row);
    let delta = (view.phi0[1] - view.phi0[0]) / width as f64;
    let start = out.len();
    out.resize(start + width, 0.0);
    let row_out = &mut out[start..];
    let indices: Vec<usize> = match batch {
        Batch::All => (0..d.data.len()).collect(),
        Batch::Indices(ix) => ix.to_vec(),
    };
    let (sd, cd) = m::sin_cos(delta);
    let c = m::exp(-delta * delta / (GABOR_WIDTH / 2.0));
    for &i in &indices {
        let (x, y) = (d.data.x[i], d.data.y[i]);
        let mut col = 0;
        while col < width {
            let end = (col + RESYNC).min(width);
            let u0 = first.x() + col as f64 * delta + GABOR_SCALE * first.y() * x;
            if u0.abs() > 100.0 || (delta * RESYNC as f64).abs() > 10.0 {
                // Far in the tails (or a huge view): compute directly.
                for (k, v) in row_out[col..end].iter_mut().enumerate() {
                    let u = u0 + k as f64 * delta;
                    let f = m::sin(u) * m::exp(-u * u / GABOR_WIDTH);
                    *v += (f - y) * (f - y);
                }
            } else {
                let (mut s, mut co) = m::sin_cos(u0);
                let mut g = m::exp(-u0 * u0 / GABOR_WIDTH);
                // g(u + delta) / g(u) = exp(-(2 u delta + delta²) / 32)
                let mut r = m::exp(-(2.0 * u0 * delta + delta * delta) / GABOR_WIDTH);
                for v in &mut row_out[col..end] {
                    let f = s * g;
                    *v += (f - y) * (f - y);
                    let s_next = s * cd + co * sd;
                    co = co * cd - s * sd;
                    s = s_next;
                    g *= r;
                    r *= c;
                }
            }
            col = end;
        }
    }
}

/// `n` contour levels spread evenly in `log(L - min + offset)` between the grid's extremes, so
/// that the valleys (where the action is) get most of the lines.
pub fn contour_levels(grid: &Grid, n: usize) -> Vec<f64> {
    let (lo, hi) = grid.range();
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo || n == 0 {
        return Vec::new();
    }
    let offset = (hi - lo) * 1e-2;
    let (a, b) = (m::ln(offset), m::ln(hi - lo + offset));
    (1..=n)
        .map(|k| lo - offset + m::exp(a + (b - a) * k as f64 / (n + 1) as f64))
        .collect()
}

/// Marching squares over one grid, for as many levels as asked: each cell's lowest and highest
/// corner are found once, so a level skips the cells it does not cross, and the edge table that
/// joins segments into polylines is allocated once.
///
/// Edge `e < (w-1)h` joins `(c, r)`-`(c+1, r)` with `e = r (w-1) + c`; the rest join
/// `(c, r)`-`(c, r+1)` with `e = (w-1)h + r w + c`.
struct Marcher<'a> {
    grid: &'a Grid,
    /// Per cell (row-major over the `(w-1) x (h-1)` cells), its corners' range; a cell with a
    /// non-finite corner has an empty range and is never crossed.
    range: Vec<(f64, f64)>,
    /// Per edge, the (at most two) segments through it.
    at: Vec<[u32; 2]>,
}

impl<'a> Marcher<'a> {
    fn new(grid: &'a Grid) -> Self {
        let (w, h) = (grid.width, grid.height);
        let mut range = Vec::new();
        if w >= 2 && h >= 2 {
            range.reserve((w - 1) * (h - 1));
            for r in 0..h - 1 {
                for c in 0..w - 1 {
                    let v = [
                        grid.at(c, r),
                        grid.at(c + 1, r),
                        grid.at(c + 1, r + 1),
                        grid.at(c, r + 1),
                    ];
                    range.push(if v.iter().all(|x| x.is_finite()) {
                        (
                            v.iter().copied().fold(f64::INFINITY, f64::min),
                            v.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                        )
                    } else {
                        (f64::INFINITY, f64::NEG_INFINITY)
                    });
                }
            }
        }
        let n_edges = w.saturating_sub(1) * h + w * h.saturating_sub(1);
        Marcher {
            grid,
            range,
            at: vec![[u32::MAX; 2]; n_edges],
        }
    }

    /// Every segment of the contour `L = level` as the pair of grid edges it crosses.
    fn edges(&self, level: f64) -> Vec<[u32; 2]> {
        let grid = self.grid;
        let (w, h) = (grid.width, grid.height);
        let mut out = Vec::new();
        if w < 2 || h < 2 {
            return out;
        }
        let horizontal = (w - 1) * h;
        for r in 0..h - 1 {
            for c in 0..w - 1 {
                let (lo, hi) = self.range[r * (w - 1) + c];
                // Crossed exactly when some corner is below the level and some is not.
                if !(lo < level && level <= hi) {
                    continue;
                }
                let v = [
                    grid.at(c, r),
                    grid.at(c + 1, r),
                    grid.at(c + 1, r + 1),
                    grid.at(c, r + 1),
                ];
                let b = v.map(|x| x < level);
                // Edges in corner order: top, right, bottom, left.
                let edges = [
                    r * (w - 1) + c,
                    horizontal + r * w + c + 1,
                    (r + 1) * (w - 1) + c,
                    horizontal + r * w + c,
                ];
                let mut crossed = [0u32; 4];
                let mut n = 0;
                for e in 0..4 {
                    if b[e] != b[(e + 1) % 4] {
                        crossed[n] = edges[e] as u32;
                        n += 1;
                    }
                }
                match n {
                    2 => out.push([crossed[0], crossed[1]]),
                    4 => {
                        // Saddle cell: pair the crossings by the centre value.
                        let centre = 0.25 * (v[0] + v[1] + v[2] + v[3]);
                        if (centre < level) == b[0] {
                            out.push([crossed[0], crossed[3]]);
                            out.push([crossed[1], crossed[2]]);
                        } else {
                            out.push([crossed[0], crossed[1]]);
                            out.push([crossed[2], crossed[3]]);
                        }
                    }
                    _ => {}
                }
            }
        }
        out
    }

    /// The contour `L = level` as polylines: the segments joined end to end through the grid
    /// edges they share (far fewer strokes to draw than loose segments).
    fn polylines(&mut self, level: f64) -> Vec<Vec<(f64, f64)>> {
        let segs = self.edges(level);
        // Each edge is crossed by at most two segments (one per cell on either side).
        for (i, s) in segs.iter().enumerate() {
            for &e in s {
                let slot = &mut self.at[e as usize];
                if slot[0] == u32::MAX {
                    slot[0] = i as u32;
                } else {
                    slot[1] = i as u32;
                }
            }
        }
        let at = &self.at;
        let mut used = vec![false; segs.len()];
        let mut lines = Vec::new();
        let grow = |line: &mut Vec<u32>, used: &mut Vec<bool>| {
            while let Some(&end) = line.last() {
                let next = at[end as usize]
                    .into_iter()
                    .find(|&i| i != u32::MAX && !used[i as usize]);
                let Some(i) = next else { break };
                used[i as usize] = true;
                let s = segs[i as usize];
                line.push(if s[0] == end { s[1] } else { s[0] });
            }
        };
        for i in 0..segs.len() {
            if used[i] {
                continue;
            }
            used[i] = true;
            let mut line = vec![segs[i][0], segs[i][1]];
            grow(&mut line, &mut used);
            line.reverse();
            grow(&mut line, &mut used);
            lines.push(
                line.into_iter()
                    .map(|e| edge_point(self.grid, level, e))
                    .collect(),
            );
        }
        // Clear what this level wrote, for the next.
        for s in &segs {
            for &e in s {
                self.at[e as usize] = [u32::MAX; 2];
            }
        }
        lines
    }
}

/// Where the contour `L = level` crosses grid edge `e` (linear interpolation between centres),
/// as plot coordinates (contours are pictures: plain pairs, not parameter vectors).
fn edge_point(grid: &Grid, level: f64, e: u32) -> (f64, f64) {
    let (w, h) = (grid.width, grid.height);
    let e = e as usize;
    let horizontal = (w - 1) * h;
    let ((c0, r0), (c1, r1)) = if e < horizontal {
        let (r, c) = (e / (w - 1), e % (w - 1));
        ((c, r), (c + 1, r))
    } else {
        let k = e - horizontal;
        let (r, c) = (k / w, k % w);
        ((c, r), (c, r + 1))
    };
    let (va, vb) = (grid.at(c0, r0), grid.at(c1, r1));
    let a = Grid::cell_center(&grid.view, w, h, c0, r0);
    let b = Grid::cell_center(&grid.view, w, h, c1, r1);
    let t = if vb == va {
        0.5
    } else {
        (level - va) / (vb - va)
    };
    (a.x() + t * (b.x() - a.x()), a.y() + t * (b.y() - a.y()))
}

/// Line segments of the contour `L = level` by marching squares over the grid's cell centres.
pub fn contour_segments(grid: &Grid, level: f64) -> Vec<[(f64, f64); 2]> {
    Marcher::new(grid)
        .edges(level)
        .into_iter()
        .map(|[a, b]| [edge_point(grid, level, a), edge_point(grid, level, b)])
        .collect()
}

/// The contour `L = level` as polylines: the marching-squares segments joined end to end through
/// the grid edges they share (far fewer strokes to draw than loose segments).
pub fn contour_polylines(grid: &Grid, level: f64) -> Vec<Vec<(f64, f64)>> {
    Marcher::new(grid).polylines(level)
}

/// Newton seeds per side for [`critical_points`] (a 24 x 24 grid of starts).
pub const CRITICAL_SEEDS: usize = 24;

/// Minima whose loss is within this relative distance of the lowest are all global.
pub const GLOBAL_TIE: f64 = 1e-6;

/// The spread of losses among the points found (a scale for "equal" when the lowest is 0).
fn loss_span(found: &[CriticalPoint]) -> f64 {
    let (lo, hi) = found
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.loss), b.max(p.loss))
        });
    if hi > lo {
        hi - lo
    } else {
        1.0
    }
}

/// A point where the gradient vanishes.
#[derive(Clone, Debug, PartialEq)]
pub struct CriticalPoint {
    pub phi: Vector,
    pub loss: f64,
    pub eigenvalues: Vec<f64>,
    pub kind: Curvature,
    /// The lowest minimum found in the view, or tied with it within [`GLOBAL_TIE`].
    pub global: bool,
    /// Drawn on the landscape (and found by a click): every minimum, and the saddles as
    /// [`MARKED_SADDLES`] says. An unmarked point is still a critical point: a start moved there
    /// shows its curvature in the inspector.
    pub marked: bool,
}

/// A landscape with at most this many saddle points marks them all; one with more (the Gabor
/// loss has about twenty in view) marks only the one nearest the view's centre, as figure 6.4
/// marks one, so the saddles do not hide the landscape.
pub const MARKED_SADDLES: usize = 4;

/// At most this many models beside figure 6.4's landscape (`models=1`; the book draws five).
pub const MODELS: usize = 6;

/// The letter of the k-th of [`model_minima`] on the landscape and over its model: b, c, ...
/// (the landscape is a), as in the book).
pub fn model_letter(k: usize) -> char {
    (b'b' + (k % 25) as u8) as char
}

/// Figure 6.4 b)–f)'s points: the marked minima, the lowest loss first (the search lists them
/// so), at most [`MODELS`].
pub fn model_minima(critical: &[CriticalPoint]) -> Vec<&CriticalPoint> {
    critical
        .iter()
        .filter(|p| p.marked && p.kind == Curvature::Minimum)
        .take(MODELS)
        .collect()
}

/// Finds the critical points inside `view`: Newton's iteration on the gradient from a
/// `seeds x seeds` grid of starts, converged points de-duplicated and classified by the
/// eigenvalues of the Hessian. The minima with the lowest loss (ties included) are marked global
/// (within the view). The page runs the same search in slices ([`CriticalSearch`]).
pub fn critical_points(objective: &Objective, view: &View, seeds: usize) -> Vec<CriticalPoint> {
    let mut search = CriticalSearch::new(*view, seeds);
    while !search.work(objective, seeds * seeds) {}
    search.finish()
}

/// Within this fraction of the view of a point already found, of the same curvature, a seed's
/// Newton path ends there.
pub const NEAR: f64 = 1e-2;

/// The critical-point search of [`critical_points`], a few seeds at a time, so a heavy loss
/// (200 data points) can be searched across animation frames in slices of a few milliseconds.
///
/// Two early stops keep its cost down (Gabor, 24 x 24 seeds: 6,735 Newton steps become 2,129,
/// 9.5 ms become 4.3 natively): a seed within [`NEAR`] of a point already found, of the same
/// curvature, ends there; a seed whose damped step turns straight back bounces between two
/// slopes (such seeds ran all 60 steps, and almost all found nothing). On every scene of the book
/// the points found are those of the exhaustive search, bit for bit; on 200 random Gabor data
/// sets, every minimum and all but 5 of 7,695 points (`tests/landscape.rs`).
#[derive(Clone, Debug)]
pub struct CriticalSearch {
    view: View,
    seeds: usize,
    /// The next seed, row by row.
    next: usize,
    found: Vec<CriticalPoint>,
    /// The two early stops (off only to test that they change nothing).
    early: bool,
}

impl CriticalSearch {
    pub fn new(view: View, seeds: usize) -> Self {
        CriticalSearch {
            view,
            seeds,
            next: 0,
            found: Vec::new(),
            early: true,
        }
    }

    /// The same search without its early stops: every seed runs until it converges, leaves the
    /// view or has taken 60 steps (what the tests compare the fast search with).
    pub fn exhaustive(self) -> Self {
        CriticalSearch {
            early: false,
            ..self
        }
    }

    /// Searches from up to `count` more seeds; returns whether every seed is done.
    pub fn work(&mut self, objective: &Objective, count: usize) -> bool {
        let view = self.view;
        let span = Vector::new(view.phi0[1] - view.phi0[0], view.phi1[1] - view.phi1[0]);
        let inside = |p: Vector| {
            p.x() >= view.phi0[0]
                && p.x() <= view.phi0[1]
                && p.y() >= view.phi1[0]
                && p.y() <= view.phi1[1]
        };
        let end = self
            .next
            .saturating_add(count.max(1))
            .min(self.seeds * self.seeds);
        for seed in self.next..end {
            let (r, c) = (seed / self.seeds, seed % self.seeds);
            let mut phi = Grid::cell_center(&view, self.seeds, self.seeds, c, r);
            let mut converged = false;
            let mut last = Vector::ZERO;
            for _ in 0..60 {
                let e = objective.eval(phi, Batch::All, Reduce::Sum);
                let Some(dir) = e.hessian.solve(e.gradient) else {
                    break;
                };
                // Damp steps longer than a tenth of the view so a seed stays near its basin.
                let scaled = dir.div_elem(span);
                let len = scaled.norm();
                let step = if len > 0.1 { (0.1 / len) * dir } else { dir };
                phi = phi - step;
                if !phi.is_finite() || !inside(phi) {
                    break;
                }
                let s = step.div_elem(span);
                if s.norm() < 1e-12 {
                    converged = true;
                    break;
                }
                if !self.early {
                    continue;
                }
                // A damped step straight back: the seed bounces between two slopes.
                if len > 0.1 && s.dot(last) < -0.9 * 0.01 {
                    break;
                }
                last = s;
                // Within a hundredth of the view of a point already found, of its curvature:
                // Newton ends there.
                let kind = Curvature::of(e.hessian);
                let near = |f: &CriticalPoint| {
                    f.kind == kind && (f.phi - phi).div_elem(span).norm() < NEAR
                };
                if self.found.iter().any(near) {
                    break;
                }
            }
            if !converged {
                continue;
            }
            let e = objective.eval(phi, Batch::All, Reduce::Sum);
            let gscale = e.hessian.max_abs() * span.norm();
            if e.gradient.norm() > 1e-7 * gscale.max(1e-12) {
                continue;
            }
            let dup = self
                .found
                .iter()
                .any(|f| (f.phi - phi).div_elem(span).norm() < 1e-6);
            if !dup {
                self.found.push(CriticalPoint {
                    phi,
                    loss: e.value,
                    eigenvalues: e.hessian.eigenvalues(),
                    kind: Curvature::of(e.hessian),
                    global: false,
                    marked: false,
                });
            }
        }
        self.next = end;
        self.next >= self.seeds * self.seeds
    }

    /// The points found, the global minima marked, sorted by loss.
    pub fn finish(self) -> Vec<CriticalPoint> {
        let mut found = self.found;
        // Minima tied with the lowest (Himmelblau's four zeros) are all global.
        let lowest = found
            .iter()
            .filter(|p| p.kind == Curvature::Minimum)
            .map(|p| p.loss)
            .fold(f64::INFINITY, f64::min);
        let tie = GLOBAL_TIE * lowest.abs().max(1e-9 * loss_span(&found));
        for p in &mut found {
            p.global = p.kind == Curvature::Minimum && p.loss - lowest <= tie.max(1e-12);
            p.marked = p.kind != Curvature::Maximum && p.kind != Curvature::Degenerate;
        }
        crate::math::sort_by(&mut found, |a, b| a.loss.total_cmp(&b.loss).is_lt());
        let saddles = || found.iter().filter(|p| p.kind == Curvature::Saddle);
        if saddles().count() > MARKED_SADDLES {
            let view = self.view;
            let centre = Vector::new(
                (view.phi0[0] + view.phi0[1]) / 2.0,
                (view.phi1[0] + view.phi1[1]) / 2.0,
            );
            let span = Vector::new(view.phi0[1] - view.phi0[0], view.phi1[1] - view.phi1[0]);
            let off = |phi: Vector| (phi - centre).div_elem(span).norm();
            let nearest = saddles()
                .map(|p| p.phi)
                .min_by(|a, b| off(*a).total_cmp(&off(*b)));
            for p in &mut found {
                if p.kind == Curvature::Saddle {
                    p.marked = Some(p.phi) == nearest;
                }
            }
        }
        found
    }
}

/// What the landscape panel shows that changes only with the surface: samples, contours and
/// critical points.
#[derive(Clone, Debug)]
pub struct Sampled {
    pub grid: Grid,
    /// Contour polylines, level by level.
    pub contours: Contours,
    pub critical: Vec<CriticalPoint>,
}

/// Samples the landscape of `objective` over `view` (`n x n` cells) with contours and critical
/// points (`critical = false` skips their search, e.g. while data are dragged). `batch`
/// restricts it to one minibatch (figure 6.6); critical points are those of the full loss.
pub fn surface(
    objective: &Objective,
    view: &View,
    n: usize,
    batch: Batch,
    critical: bool,
) -> Sampled {
    let grid = sample(objective, view, n, n, batch);
    let contours = contours(objective, view, batch);
    let critical = if critical {
        critical_points(objective, view, CRITICAL_SEEDS)
    } else {
        Vec::new()
    };
    Sampled {
        grid,
        contours,
        critical,
    }
}

/// Contour polylines, level by level: each a list of polylines of `(phi0, phi1)` points.
pub type Contours = Vec<Vec<Vec<(f64, f64)>>>;

/// Samples across the grid contours are traced on: smooth lines at a fraction of the cost of the
/// heatmap's grid.
pub const CONTOUR_CELLS: usize = 96;
/// Contour levels drawn.
pub const CONTOUR_LEVELS: usize = 14;

/// Contour polylines, level by level, from a [`CONTOUR_CELLS`]² grid.
pub fn contours(objective: &Objective, view: &View, batch: Batch) -> Contours {
    contours_at(objective, view, batch, CONTOUR_CELLS)
}

/// Contour polylines from a `cells`² grid (coarser while a data point is dragged).
pub fn contours_at(objective: &Objective, view: &View, batch: Batch, cells: usize) -> Contours {
    contours_of(&sample(objective, view, cells, cells, batch))
}

/// Contour polylines, level by level, traced on a grid already sampled (the page samples it in
/// slices across frames).
pub fn contours_of(coarse: &Grid) -> Contours {
    let mut marcher = Marcher::new(coarse);
    contour_levels(coarse, CONTOUR_LEVELS)
        .into_iter()
        .map(|level| marcher.polylines(level))
        .collect()
}

/// The Hessian's eigenvalue signs on a grid: 1 both positive, 0 mixed, -1 both negative.
pub fn curvature_grid(objective: &Objective, view: &View, n: usize) -> Grid {
    let mut values = Vec::with_capacity(n * n);
    curvature_rows(objective, view, n, 0..n, &mut values);
    Grid {
        view: *view,
        width: n,
        height: n,
        values,
    }
}
