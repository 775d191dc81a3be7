//! Figure 6.1b: the loss as a 3-D surface over the view, with the runs' paths on it, in the loss
//! panel's place (`view3d=1`); a drag on it turns it (`Look::view3d` holds the angles).
//!
//! The projection is a few lines of our own (a turn about the loss axis, a tilt towards the
//! viewer, then a parallel projection), drawn as 2-D polygons in pixels: plotters' 3-D charts
//! would add about 25 KB to the page's wasm (their axes, and the standard library's `sin`, `cos`
//! and Unicode tables they bring in).

use super::*;

/// Quads a side of the surface: fine enough to read the bowl, few enough to redraw every frame.
const CELLS: usize = 24;

/// How the surface is turned: `yaw` about the loss axis and `pitch` towards the viewer, radians.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Turn {
    pub yaw: f64,
    pub pitch: f64,
}

impl Default for Turn {
    /// About the book's view of figure 6.1b: from the front left, a little above.
    fn default() -> Self {
        Turn {
            yaw: 0.7,
            pitch: 0.45,
        }
    }
}

impl Turn {
    /// Turned by a drag of `(dx, dy)` CSS pixels: a third of a degree a pixel, the tilt kept
    /// between level and straight down. A drag that is not a number leaves it as it was.
    pub fn dragged(self, dx: f64, dy: f64) -> Turn {
        use std::f64::consts::{PI, TAU};
        let rad = PI / 540.0;
        // Kept within a turn either way (no `%`: it would bring in a soft `fmod`).
        let yaw = self.yaw + dx * rad;
        let yaw = yaw - TAU * libm::round(yaw / TAU);
        let pitch = (self.pitch + dy * rad).clamp(0.0, std::f64::consts::FRAC_PI_2);
        if yaw.is_finite() && pitch.is_finite() {
            Turn { yaw, pitch }
        } else {
            self
        }
    }

    /// The turn a link gives (`turn=yaw,pitch` in degrees), or the default.
    pub fn of(degrees: Option<[f64; 2]>) -> Turn {
        degrees.map_or_else(Turn::default, |[y, p]| Turn {
            yaw: y.to_radians(),
            pitch: p.to_radians(),
        })
    }

    /// Its yaw and pitch in degrees to a tenth, as a link writes them.
    pub fn degrees(self) -> [f64; 2] {
        [self.yaw, self.pitch].map(|a| libm::round(a.to_degrees() * 10.0) / 10.0)
    }

    /// `(u, h, w)` (the two parameters and the loss, each scaled to [-0.5, 0.5]) to the screen's
    /// `(x, y)` (y up) and the depth (larger: nearer the viewer).
    fn project(self, (u, h, w): (f64, f64, f64)) -> (f64, f64, f64) {
        let (sy, cy) = crate::math::sin_cos(self.yaw);
        let (sp, cp) = crate::math::sin_cos(self.pitch);
        let x = u * cy - w * sy;
        let z = u * sy + w * cy;
        (x, h * cp - z * sp, z * cp + h * sp)
    }
}

/// The surface `L(φ0, φ1)` over the scene's view, quads drawn back to front in the landscape's
/// colours, the floor's and the loss axis's edges with their ends labelled, and each run's path
/// (its points on the surface, the current one large; with `trail`, the first ones numbered).
pub fn draw_surface3d<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    race: &Race,
    style: Style,
    look: &Look,
    turn: Turn,
) -> Result<(), String> {
    let scene = &race.scene;
    let (v, o) = (scene.view, &scene.objective);
    let corner = |i: usize, j: usize| {
        let x = v.phi0[0] + (v.phi0[1] - v.phi0[0]) * i as f64 / CELLS as f64;
        let y = v.phi1[0] + (v.phi1[1] - v.phi1[0]) * j as f64 / CELLS as f64;
        (x, y)
    };
    let mut loss = Vec::with_capacity((CELLS + 1) * (CELLS + 1));
    for j in 0..=CELLS {
        for i in 0..=CELLS {
            let (x, y) = corner(i, j);
            loss.push(o.loss(Vector::new(x, y)));
        }
    }
    let (lo, hi) = loss
        .iter()
        .filter(|l| l.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &l| {
            (a.min(l), b.max(l))
        });
    if !(lo.is_finite() && hi > lo) {
        return Ok(());
    }
    let (strip, area) = area.split_vertically(style.px(18.0));
    // The box's eight corners fit the panel, with room for the labels.
    let (w, h) = area.dim_in_pixel();
    let corners = (0..8).map(|k| {
        let c = |bit: usize| if k & bit == 0 { -0.5 } else { 0.5 };
        turn.project((c(1), c(2), c(4)))
    });
    let (x0, x1, y0, y1) = corners.fold(
        (
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ),
        |(a, b, c, d), (x, y, _)| (a.min(x), b.max(x), c.min(y), d.max(y)),
    );
    let room = f64::from(style.px(14.0));
    let size =
        ((f64::from(w) - 4.0 * room) / (x1 - x0)).min((f64::from(h) - 2.0 * room) / (y1 - y0));
    let cx = f64::from(w) / 2.0 - size * (x0 + x1) / 2.0;
    let cy = f64::from(h) / 2.0 + size * (y0 + y1) / 2.0;
    // A point (φ0, L, φ1) on the screen, with its depth.
    let screen = |phi0: f64, l: f64, phi1: f64| {
        let u = (phi0 - v.phi0[0]) / (v.phi0[1] - v.phi0[0]) - 0.5;
        let w = (phi1 - v.phi1[0]) / (v.phi1[1] - v.phi1[0]) - 0.5;
        let hgt = (l.clamp(lo, hi) - lo) / (hi - lo) - 0.5;
        let (x, y, depth) = turn.project((u, hgt, w));
        (
            (cx + size * x).round() as i32,
            (cy - size * y).round() as i32,
            depth,
        )
    };
    let px = |p: (i32, i32, f64)| (p.0, p.1);
    let axis = style.palette.axis.stroke_width(style.px(1.0));
    // The floor's edges and the loss axis at the floor's farthest corner, under the surface.
    let floor = [(0, 0), (CELLS, 0), (CELLS, CELLS), (0, CELLS)].map(|(i, j)| {
        let (x, y) = corner(i, j);
        screen(x, lo, y)
    });
    let back = floor
        .iter()
        .min_by(|a, b| a.2.total_cmp(&b.2))
        .copied()
        .unwrap_or(floor[0]);
    let mut ring = floor.map(px).to_vec();
    ring.push(ring[0]);
    area.draw(&PathElement::new(ring, axis)).map_err(err)?;
    let top = (back.0, back.1 - (size * turn_height(turn)).round() as i32);
    area.draw(&PathElement::new(vec![px(back), top], axis))
        .map_err(err)?;
    let font = style.font(9.0);
    for (at, value) in [(px(back), lo), (top, hi)] {
        let label = Text::new(
            tick(value),
            (at.0 + style.px(4.0) as i32, at.1),
            font.clone(),
        );
        area.draw(&label).map_err(err)?;
    }
    // Back to front: the quads sorted by the depth of their centres.
    let z = |i: usize, j: usize| loss[j * (CELLS + 1) + i];
    let mut quads = Vec::with_capacity(CELLS * CELLS);
    for j in 0..CELLS {
        for i in 0..CELLS {
            let ((a, b), (c, d)) = (corner(i, j), corner(i + 1, j + 1));
            let mid = (z(i, j) + z(i + 1, j + 1)) / 2.0;
            quads.push((screen((a + c) / 2.0, mid, (b + d) / 2.0).2, i, j));
        }
    }
    crate::math::sort_by(&mut quads, |a, b| a.0 < b.0);
    let scale = ColorScale::of_range(lo, hi, look.log_colors);
    let seam = RGBAColor(255, 255, 255, 0.15).stroke_width(1);
    for (_, i, j) in quads {
        let at = |i: usize, j: usize| {
            let (x, y) = corner(i, j);
            px(screen(x, z(i, j), y))
        };
        let quad = vec![at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)];
        let mean = (z(i, j) + z(i + 1, j) + z(i, j + 1) + z(i + 1, j + 1)) / 4.0;
        let [r, g, b] = colormap(scale.unit(mean));
        area.draw(&Polygon::new(quad.clone(), RGBColor(r, g, b).filled()))
            .map_err(err)?;
        let mut edge = quad;
        edge.push(edge[0]);
        area.draw(&PathElement::new(edge, seam)).map_err(err)?;
    }
    for (k, run) in race.runs.iter().enumerate() {
        let color = RUN_COLORS[k % RUN_COLORS.len()];
        let pts: Vec<(i32, i32)> = run
            .history()
            .iter()
            .map(|p| px(screen(p.phi.x(), p.loss, p.phi.y())))
            .collect();
        for line in [
            WHITE.stroke_width(style.px(4.0)),
            color.stroke_width(style.px(2.0)),
        ] {
            area.draw(&PathElement::new(pts.clone(), line))
                .map_err(err)?;
        }
        if let Some(&last) = pts.last() {
            let dot = Circle::new(last, style.px(5.0) as i32, color.filled());
            area.draw(&dot).map_err(err)?;
        }
        // Figure 6.1b numbers the first iterates, as the landscape does (`trail=1`).
        if look.trail && k == 0 {
            let font = (FontFamily::SansSerif, 13.0 * style.scale).into_font();
            for (n, &p) in pts.iter().take(TRAIL).enumerate() {
                let dot = Circle::new(p, style.px(3.5) as i32, color.filled());
                area.draw(&dot).map_err(err)?;
                let at = (p.0 + style.px(6.0) as i32, p.1 - style.px(18.0) as i32);
                for (shift, ink) in [(1, BLACK), (0, WHITE)] {
                    let text = Text::new(
                        n.to_string(),
                        (at.0 + shift, at.1 + shift),
                        font.color(&ink),
                    );
                    area.draw(&text).map_err(err)?;
                }
            }
        }
    }
    draw_panel_label(&strip, style.text.get("surface3d"), style)
}

/// The loss axis's height on the screen, for a box of unit height.
fn turn_height(turn: Turn) -> f64 {
    turn.project((0.0, 0.5, 0.0)).1 - turn.project((0.0, -0.5, 0.0)).1
}
