//! Hit-testing: a chart's coordinate transform, taken from the chart itself after drawing (as
//! the plotters wasm demo does), so a pointer position maps to parameters or data exactly where
//! they were drawn. Platform-free: the browser layer only passes device pixels.

use crate::landscape::CriticalPoint;
use crate::linalg::Vector;
use crate::objective::{DataSet, View};
use crate::run::Race;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// The plot rectangle of a chart, in device pixels, with the data ranges it shows (a reversed
/// range, as `flip=1` draws, maps the same way).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Frame {
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub px: (f64, f64),
    pub py: (f64, f64),
}

impl Frame {
    pub fn of<DB: DrawingBackend>(
        chart: &ChartContext<'_, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    ) -> Frame {
        let (xr, yr) = chart.plotting_area().get_pixel_range();
        let (xs, ys) = (chart.x_range(), chart.y_range());
        Frame {
            x: (xs.start, xs.end),
            y: (ys.start, ys.end),
            px: (xr.start as f64, xr.end as f64),
            py: (yr.start as f64, yr.end as f64),
        }
    }

    /// Device pixel to data coordinates (y grows upwards in data, downwards on screen).
    pub fn to_data(self, px: f64, py: f64) -> Option<Vector> {
        if self.px.1 <= self.px.0 || self.py.1 <= self.py.0 {
            return None;
        }
        let fx = (px - self.px.0) / (self.px.1 - self.px.0);
        let fy = (py - self.py.0) / (self.py.1 - self.py.0);
        Some(Vector::new(
            self.x.0 + fx * (self.x.1 - self.x.0),
            self.y.1 - fy * (self.y.1 - self.y.0),
        ))
    }

    pub fn to_px(self, p: Vector) -> (f64, f64) {
        let fx = (p.x() - self.x.0) / (self.x.1 - self.x.0);
        let fy = (self.y.1 - p.y()) / (self.y.1 - self.y.0);
        (
            self.px.0 + fx * (self.px.1 - self.px.0),
            self.py.0 + fy * (self.py.1 - self.py.0),
        )
    }
}

/// The parameters under device pixel `(x, y)` on any landscape panel, inside the view.
pub fn landscape_at(frames: &[Frame], view: &View, x: f64, y: f64) -> Option<Vector> {
    frames.iter().filter_map(|f| f.to_data(x, y)).find(|p| {
        (view.phi0[0]..=view.phi0[1]).contains(&p.x())
            && (view.phi1[0]..=view.phi1[1]).contains(&p.y())
    })
}

/// The data point within `radius` device pixels of `(x, y)`, the nearest.
pub fn point_near(frame: Frame, data: &DataSet, x: f64, y: f64, radius: f64) -> Option<usize> {
    let mut best = (None, radius * radius);
    for i in 0..data.len() {
        let (px, py) = frame.to_px(Vector::new(data.x[i], data.y[i]));
        let d2 = (px - x).powi(2) + (py - y).powi(2);
        if d2 <= best.1 {
            best = (Some(i), d2);
        }
    }
    best.0
}

/// The point of `points` (in the landscape's plotted coordinates) drawn nearest to `(x, y)` on
/// any of the panels, within `radius` device pixels.
pub fn nearest(frames: &[Frame], points: &[Vector], x: f64, y: f64, radius: f64) -> Option<Vector> {
    points
        .iter()
        .copied()
        .flat_map(|p| {
            frames.iter().map(move |f| {
                let (px, py) = f.to_px(p);
                ((px - x).powi(2) + (py - y).powi(2), p)
            })
        })
        .filter(|(d2, _)| *d2 <= radius * radius)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, p)| p)
}

/// The marked critical point (a minimum or a saddle) within `radius` device pixels of `(x, y)`
/// on any landscape panel, the nearest.
pub fn critical_near(
    frames: &[Frame],
    points: &[CriticalPoint],
    x: f64,
    y: f64,
    radius: f64,
) -> Option<Vector> {
    let marked: Vec<Vector> = points.iter().filter(|p| p.marked).map(|p| p.phi).collect();
    nearest(frames, &marked, x, y, radius)
}

/// What a pointer looks for under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The parameters `[phi0, phi1]` on any landscape panel.
    Landscape,
    /// Data coordinates `[x, y]` on the data panel.
    Data,
    /// `[i]`: the data point within the radius.
    Point,
    /// A run's start marker within the radius, where it is drawn (a finger that lands on it
    /// drags it rather than scrolling the page).
    Start,
    /// The marked critical point within the radius, `[phi0, phi1]`.
    Critical,
}

/// Where the picture was drawn: the landscape panels' frames, the data panel's, and the
/// critical points marked on the landscape.
pub struct Drawn<'a> {
    pub landscapes: &'a [Frame],
    pub data: Frame,
    pub critical: &'a [CriticalPoint],
}

/// What `target` finds under device pixel `(x, y)` within `radius` device pixels (see
/// [`Target`]); empty when nothing is there.
pub fn under(drawn: &Drawn, race: &Race, target: Target, x: f64, y: f64, radius: f64) -> Vec<f64> {
    let scene = &race.scene;
    let found = match target {
        Target::Landscape => landscape_at(drawn.landscapes, &scene.view, x, y),
        Target::Data => drawn.data.to_data(x, y),
        Target::Point => {
            return scene
                .objective
                .data()
                .and_then(|d| point_near(drawn.data, d, x, y, radius))
                .map_or_else(Vec::new, |i| vec![i as f64])
        }
        Target::Start => {
            let starts: Vec<Vector> = race
                .runs
                .iter()
                .filter_map(|r| r.history().first())
                .map(|p| match scene.plane {
                    None => Vector::new(p.phi.x(), p.phi.y()),
                    Some(_) => scene.project(p.phi).uv,
                })
                .collect();
            nearest(drawn.landscapes, &starts, x, y, radius)
        }
        Target::Critical => critical_near(drawn.landscapes, drawn.critical, x, y, radius),
    };
    found.map_or_else(Vec::new, |p| p.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A marker is found within its radius on any panel (small multiples draw it once per
    /// panel), the nearest when two are close, and nothing farther away.
    #[test]
    fn the_nearest_marker_within_a_radius_on_any_panel() {
        let left = Frame {
            x: (0.0, 1.0),
            y: (0.0, 1.0),
            px: (0.0, 100.0),
            py: (0.0, 100.0),
        };
        let right = Frame {
            px: (200.0, 300.0),
            ..left
        };
        let marks = [Vector::new(0.5, 0.5), Vector::new(0.6, 0.5)];
        // (0.5, 0.5) is drawn at (50, 50) on the left panel and (250, 50) on the right.
        assert_eq!(
            nearest(&[left, right], &marks, 52.0, 50.0, 5.0),
            Some(marks[0])
        );
        assert_eq!(
            nearest(&[left, right], &marks, 251.0, 51.0, 5.0),
            Some(marks[0])
        );
        assert_eq!(
            nearest(&[left, right], &marks, 58.0, 50.0, 5.0),
            Some(marks[1])
        );
        assert_eq!(nearest(&[left, right], &marks, 50.0, 70.0, 5.0), None);
        assert_eq!(nearest(&[left], &[], 50.0, 50.0, 5.0), None);
    }

    #[test]
    fn pixels_and_data_map_both_ways_also_flipped() {
        for y in [(-1.0, 1.0), (1.0, -1.0)] {
            let f = Frame {
                x: (0.0, 2.0),
                y,
                px: (50.0, 450.0),
                py: (10.0, 410.0),
            };
            let p = Vector::new(0.5, 0.25);
            let (a, b) = f.to_px(p);
            let q = f.to_data(a, b).unwrap();
            assert!((q - p).norm() < 1e-12);
        }
        let plain = Frame {
            x: (0.0, 2.0),
            y: (-1.0, 1.0),
            px: (50.0, 450.0),
            py: (10.0, 410.0),
        };
        // The top left pixel is (phi0 min, phi1 max), unless flipped.
        assert_eq!(plain.to_data(50.0, 10.0), Some(Vector::new(0.0, 1.0)));
        let flipped = Frame {
            y: (1.0, -1.0),
            ..plain
        };
        assert_eq!(flipped.to_data(50.0, 10.0), Some(Vector::new(0.0, -1.0)));
    }
}
