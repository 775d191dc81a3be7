//! Drawing, generic over plotters' `DrawingBackend`: the same code draws the widget's canvases
//! (through `plotters-canvas` in the browser) and the SVG figures of `downhill render`.
//!
//! The heatmap is not drawn through plotters on canvas: [`rasterise`] fills an RGBA buffer that
//! the web layer blits once; on SVG it becomes run-length rectangles.

use crate::landscape::{
    contour_levels, contour_polylines, critical_points, sample, CriticalPoint, Grid,
};
use crate::linalg::{Curvature, Vec2};
use crate::objective::{Batch, Objective, Scene, SceneName, View};
use crate::optim::Internals;
use crate::run::{Race, Run};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub mod hit;

/// The book's colormap (dark brown for low loss to cream for high), 256 entries.
pub const BOOK_COLORMAP: [u32; 256] = [
    0x2a0902, 0x2b0a03, 0x2c0b04, 0x2d0c05, 0x2e0c06, 0x2f0d07, 0x300d08, 0x310e09, 0x320f0a,
    0x330f0b, 0x34100b, 0x35110c, 0x36110d, 0x37120e, 0x38120f, 0x39130f, 0x3a1410, 0x3b1411,
    0x3c1511, 0x3d1612, 0x3e1613, 0x3f1713, 0x401714, 0x411814, 0x421915, 0x431915, 0x451a16,
    0x461b16, 0x471b17, 0x481c17, 0x491d18, 0x4a1d18, 0x4b1e19, 0x4c1f19, 0x4d1f1a, 0x4e201b,
    0x50211b, 0x51211c, 0x52221c, 0x53231d, 0x54231d, 0x55241e, 0x56251e, 0x57261f, 0x58261f,
    0x592720, 0x5b2821, 0x5c2821, 0x5d2922, 0x5e2a22, 0x5f2b23, 0x602b23, 0x612c24, 0x622d25,
    0x632e25, 0x652e26, 0x662f26, 0x673027, 0x683027, 0x693128, 0x6a3229, 0x6b3329, 0x6c342a,
    0x6d342a, 0x6f352b, 0x70362c, 0x71372c, 0x72372d, 0x73382e, 0x74392e, 0x753a2f, 0x763a2f,
    0x773b30, 0x783c31, 0x7a3d31, 0x7b3e32, 0x7c3e33, 0x7d3f33, 0x7e4034, 0x7f4134, 0x804235,
    0x814236, 0x824336, 0x834437, 0x854538, 0x864638, 0x874739, 0x88473a, 0x89483a, 0x8a493b,
    0x8b4a3c, 0x8c4b3c, 0x8d4c3d, 0x8e4c3e, 0x8f4d3f, 0x904e3f, 0x924f40, 0x935041, 0x945141,
    0x955242, 0x965343, 0x975343, 0x985444, 0x995545, 0x9a5646, 0x9b5746, 0x9c5847, 0x9d5948,
    0x9e5a49, 0x9f5a49, 0xa05b4a, 0xa15c4b, 0xa35d4b, 0xa45e4c, 0xa55f4d, 0xa6604e, 0xa7614e,
    0xa8624f, 0xa96350, 0xaa6451, 0xab6552, 0xac6552, 0xad6653, 0xae6754, 0xaf6855, 0xb06955,
    0xb16a56, 0xb26b57, 0xb36c58, 0xb46d59, 0xb56e59, 0xb66f5a, 0xb7705b, 0xb8715c, 0xb9725d,
    0xba735d, 0xbb745e, 0xbc755f, 0xbd7660, 0xbe7761, 0xbf7862, 0xc07962, 0xc17a63, 0xc27b64,
    0xc27c65, 0xc37d66, 0xc47e67, 0xc57f68, 0xc68068, 0xc78169, 0xc8826a, 0xc9836b, 0xca846c,
    0xcb856d, 0xcc866e, 0xcd876f, 0xce886f, 0xce8970, 0xcf8a71, 0xd08b72, 0xd18c73, 0xd28d74,
    0xd38e75, 0xd48f76, 0xd59077, 0xd59178, 0xd69279, 0xd7937a, 0xd8957b, 0xd9967b, 0xda977c,
    0xda987d, 0xdb997e, 0xdc9a7f, 0xdd9b80, 0xde9c81, 0xde9d82, 0xdf9e83, 0xe09f84, 0xe1a185,
    0xe2a286, 0xe2a387, 0xe3a488, 0xe4a589, 0xe5a68a, 0xe5a78b, 0xe6a88c, 0xe7aa8d, 0xe7ab8e,
    0xe8ac8f, 0xe9ad90, 0xeaae91, 0xeaaf92, 0xebb093, 0xecb295, 0xecb396, 0xedb497, 0xeeb598,
    0xeeb699, 0xefb79a, 0xefb99b, 0xf0ba9c, 0xf1bb9d, 0xf1bc9e, 0xf2bd9f, 0xf2bfa1, 0xf3c0a2,
    0xf3c1a3, 0xf4c2a4, 0xf5c3a5, 0xf5c5a6, 0xf6c6a7, 0xf6c7a8, 0xf7c8aa, 0xf7c9ab, 0xf8cbac,
    0xf8ccad, 0xf8cdae, 0xf9ceb0, 0xf9d0b1, 0xfad1b2, 0xfad2b3, 0xfbd3b4, 0xfbd5b6, 0xfbd6b7,
    0xfcd7b8, 0xfcd8b9, 0xfcdaba, 0xfddbbc, 0xfddcbd, 0xfddebe, 0xfddfbf, 0xfee0c1, 0xfee1c2,
    0xfee3c3, 0xfee4c5, 0xffe5c6, 0xffe7c7, 0xffe8c9, 0xffe9ca, 0xffebcb, 0xffeccd, 0xffedce,
    0xffefcf, 0xfff0d1, 0xfff2d2, 0xfff3d3, 0xfff4d5, 0xfff6d6, 0xfff7d8, 0xfff8d9, 0xfffada,
    0xfffbdc, 0xfffcdd, 0xfffedf, 0xffffe0,
];

/// Colour of run `i` (at most six race): readable on both ends of the colormap.
pub const RUN_COLORS: [RGBColor; 6] = [
    RGBColor(37, 99, 235),
    RGBColor(22, 163, 74),
    RGBColor(192, 38, 211),
    RGBColor(8, 145, 178),
    RGBColor(220, 38, 38),
    // Bright yellow, not black: every path must stand out on the book's dark colormap.
    RGBColor(234, 179, 8),
];

/// The CSS colour of run `i`.
pub fn run_color_css(i: usize) -> String {
    let c = RUN_COLORS[i % RUN_COLORS.len()];
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// The colormap at `t` in [0, 1].
pub fn colormap(t: f64) -> [u8; 3] {
    let i = if t.is_finite() {
        (t.clamp(0.0, 1.0) * 255.0).round() as usize
    } else {
        255
    };
    let c = BOOK_COLORMAP[i];
    [(c >> 16) as u8, (c >> 8) as u8, c as u8]
}

/// Maps a loss to [0, 1] over the grid's range, linearly or on a log scale of `L - min`.
#[derive(Clone, Copy, Debug)]
pub struct ColorScale {
    lo: f64,
    hi: f64,
    log: bool,
}

impl ColorScale {
    pub fn new(grid: &Grid, log: bool) -> Self {
        let (lo, hi) = grid.range();
        ColorScale { lo, hi, log }
    }
    pub fn unit(&self, v: f64) -> f64 {
        let span = self.hi - self.lo;
        if span.is_nan() || span <= 0.0 {
            return 0.5;
        }
        if self.log {
            let off = span * 1e-3;
            ((v - self.lo + off).ln() - off.ln()) / ((span + off).ln() - off.ln())
        } else {
            (v - self.lo) / span
        }
    }
}

/// The grid as RGBA pixels (row 0 at the top), through the book's colormap.
pub fn rasterise(grid: &Grid, log: bool) -> Vec<u8> {
    let scale = ColorScale::new(grid, log);
    let mut out = Vec::with_capacity(grid.values.len() * 4);
    for &v in &grid.values {
        let [r, g, b] = colormap(scale.unit(v));
        out.extend_from_slice(&[r, g, b, 255]);
    }
    out
}

/// What the landscape panel shows that changes only with the surface: samples, contours and
/// critical points.
#[derive(Clone, Debug)]
pub struct Surface {
    pub grid: Grid,
    /// Contour polylines, level by level.
    pub contours: Vec<Vec<Vec<Vec2>>>,
    pub critical: Vec<CriticalPoint>,
}

/// Samples the landscape of `objective` over `view` (`n x n` cells) with contours and critical
/// points (`critical = false` skips their search, e.g. while data are dragged). `batch` restricts it to one minibatch (figure 6.6); critical points are those of the
/// full loss.
pub fn surface(
    objective: &Objective,
    view: &View,
    n: usize,
    batch: Batch,
    critical: bool,
) -> Surface {
    let grid = sample(objective, view, n, n, batch);
    let contours = contours(objective, view, batch);
    let critical = if critical {
        critical_points(objective, view, crate::landscape::CRITICAL_SEEDS)
    } else {
        Vec::new()
    };
    Surface {
        grid,
        contours,
        critical,
    }
}

/// Contour polylines, level by level, from a 96 x 96 grid: smooth lines at a fraction of the cost
/// of the heatmap's grid.
pub fn contours(objective: &Objective, view: &View, batch: Batch) -> Vec<Vec<Vec<Vec2>>> {
    let coarse = sample(objective, view, 96, 96, batch);
    contour_levels(&coarse, 14)
        .into_iter()
        .map(|level| contour_polylines(&coarse, level))
        .collect()
}

/// Sizes of text and strokes, scaled for the device pixel ratio.
#[derive(Clone, Copy, Debug)]
pub struct Style<'a> {
    pub scale: f64,
    /// The words on the axes (the widget passes its language's strings).
    pub text: &'a Texts,
}

/// Axis words by key, falling back to English. The widget fills them from its strings table
/// (`www/strings.js`), so canvases speak the page's language; SVG figures use the defaults.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Texts(std::collections::BTreeMap<String, String>);

/// The keys [`Texts`] knows, with their English words.
pub const TEXT_KEYS: [(&str, &str); 14] = [
    ("axis_linear_0", "Intercept φ0"),
    ("axis_linear_1", "Slope φ1"),
    ("axis_gabor_0", "Offset φ0"),
    ("axis_gabor_1", "Frequency φ1"),
    ("axis_phi0", "φ0"),
    ("axis_phi1", "φ1"),
    ("iteration", "Iteration"),
    ("lossAxis", "Loss"),
    ("lossLogAxis", "Loss (log)"),
    ("inputX", "Input x"),
    ("outputY", "Output y"),
    ("probY", "Pr(y = 1 | x)"),
    ("lineLoss", "L(φ0)"),
    ("rateAxis", "Learning rate"),
];

impl Texts {
    /// Sets the words of `key` (unknown keys are ignored).
    pub fn set(&mut self, key: &str, value: &str) {
        if TEXT_KEYS.iter().any(|(k, _)| *k == key) {
            self.0.insert(key.to_string(), value.to_string());
        }
    }
    pub fn get(&self, key: &str) -> &str {
        self.0.get(key).map(String::as_str).unwrap_or_else(|| {
            TEXT_KEYS
                .iter()
                .find(|(k, _)| *k == key)
                .map_or("", |(_, v)| v)
        })
    }
    /// The two axis words of a scene's landscape.
    pub fn axes(&self, scene: SceneName) -> [&str; 2] {
        match scene {
            SceneName::Linear | SceneName::Logistic => {
                [self.get("axis_linear_0"), self.get("axis_linear_1")]
            }
            SceneName::Gabor => [self.get("axis_gabor_0"), self.get("axis_gabor_1")],
            _ => [self.get("axis_phi0"), self.get("axis_phi1")],
        }
    }
}

/// English words for figures drawn outside the widget.
pub static ENGLISH: std::sync::LazyLock<Texts> = std::sync::LazyLock::new(Texts::default);

impl Style<'_> {
    fn px(&self, v: f64) -> u32 {
        (v * self.scale).round().max(1.0) as u32
    }
    fn font(&self, size: f64) -> TextStyle<'static> {
        ("sans-serif", size * self.scale)
            .into_font()
            .color(&RGBColor(55, 65, 81))
    }
}

/// What a figure contains and how it looks, decided once from the preset and its race: the
/// canvas, `downhill render`'s SVG and the gallery thumbnails all draw through it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Look {
    /// Log-scaled landscape colours.
    pub log_colors: bool,
    /// Log-scaled loss axis.
    pub log_loss: bool,
    /// Figure 6.1d: the first iterates numbered on the landscape, their models light to dark.
    pub trail: bool,
    /// Figure 6.8: each momentum run's gradient and momentum arrows, points 1 to 5.
    pub arrows: bool,
    /// Section 6.2.2: the learning rate of every step beside the loss.
    pub rate: bool,
    /// Colour the landscape by the signs of the Hessian's eigenvalues.
    pub curvature: bool,
    /// The landscape is drawn (`hide=landscape` and the 1-D scene leave it out).
    pub landscape: bool,
    /// The runs of each landscape panel (small multiples, `panels=`), one panel by default.
    pub panels: Vec<Vec<usize>>,
    /// Figure 6.6: the current batch's own surface beside the full one.
    pub batch_surface: bool,
    /// The data panel (data scenes; the 1-D function of figure 6.10).
    pub data: bool,
    /// The loss-against-iteration panel (`hide=loss` leaves it out).
    pub loss: bool,
    /// Figure 6.11's three functions (Problem 6.6).
    pub quiz: bool,
    /// φ1 runs downwards on the landscape (figure 6.1, `flip=1`).
    pub flip: bool,
    /// Figure 6.6a: the fan of the epoch's possible SGD updates from the current point, on the
    /// full landscape (with `batchsurf=1`).
    pub fan: bool,
    /// The panel that stands for the figure in a thumbnail.
    pub main: Main,
}

/// A figure's main panel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Main {
    #[default]
    Landscape,
    /// The data and the model (figure 6.2's sliders, 6.3, the 1-D search of 6.10).
    Data,
    Loss,
    /// Figure 6.11's three functions.
    Quiz,
}

impl Look {
    pub fn of(ui: &crate::preset::Ui, race: &Race) -> Look {
        let scene = race.scene.name;
        let hidden = |k: &str| ui.hide.iter().any(|h| h == k);
        let has_data = race.scene.objective.data().is_some();
        Look {
            log_colors: ui.log_colors,
            log_loss: ui.log_loss,
            trail: ui.trail,
            arrows: ui.arrows,
            rate: ui.rate,
            curvature: ui.curvature,
            landscape: !hidden("landscape") && scene != SceneName::Line1d,
            panels: ui.panel_groups(race.runs.len()),
            batch_surface: ui.batch_surface && has_data,
            data: !hidden("data") && (has_data || scene == SceneName::Line1d),
            loss: !hidden("loss"),
            quiz: ui.quiz,
            flip: ui.flip,
            fan: ui.batch_surface && has_data,
            main: Main::Landscape,
        }
        .with_main(ui.sliders)
    }

    /// Figure 6.2 is about the model at its settings, so its sliders make the data panel the
    /// main one; a hidden landscape hands the role on to the data, the quiz or the loss.
    fn with_main(mut self, sliders: bool) -> Look {
        self.main = if self.quiz && !self.landscape && !self.data {
            Main::Quiz
        } else if self.data && (sliders || !self.landscape) {
            Main::Data
        } else if self.landscape {
            Main::Landscape
        } else {
            Main::Loss
        };
        self
    }

    /// Every run in one panel.
    fn all_runs(&self, race: &Race) -> Vec<usize> {
        (0..race.runs.len()).collect()
    }
}

/// How many iterates a trail shows (figure 6.1 shows points 0 to 4).
pub const TRAIL: usize = 8;

/// Draws one element on a chart.
fn draw_one<DB, E>(chart: &mut Chart<'_, DB>, element: E) -> Result<(), String>
where
    DB: DrawingBackend,
    E: Drawable<DB>,
    for<'b> &'b E: PointCollection<'b, (f64, f64)>,
{
    chart.draw_series(std::iter::once(element)).map_err(err)?;
    Ok(())
}

type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("drawing failed: {e:?}")
}

/// Columns and rows for `n` panels in a `w x h` area: the grid whose cells are closest to square.
pub fn panel_grid(n: usize, w: f64, h: f64) -> (usize, usize) {
    let n = n.max(1);
    (1..=n)
        .map(|cols| (cols, n.div_ceil(cols)))
        .min_by(|a, b| {
            let err = |(c, r): (usize, usize)| ((w / c as f64) / (h / r as f64)).ln().abs();
            err(*a).total_cmp(&err(*b))
        })
        .unwrap_or((1, 1))
}

/// The panels' areas, row by row, for `n` panels: each a title strip above its chart (no strip
/// for a single panel).
pub fn split_panels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    n: usize,
    style: Style,
) -> Vec<(DrawingArea<DB, Shift>, DrawingArea<DB, Shift>)> {
    if n <= 1 {
        return vec![area.split_vertically(0)];
    }
    let (w, h) = area.dim_in_pixel();
    let (cols, rows) = panel_grid(n, w as f64, h as f64);
    area.split_evenly((rows, cols))
        .into_iter()
        .take(n)
        .map(|cell| cell.split_vertically(style.px(18.0)))
        .collect()
}

/// The book's panel letter: `a)`, `b)`, ...
pub fn panel_label(k: usize) -> String {
    format!("{})", (b'a' + (k % 26) as u8) as char)
}

/// A panel's title: its letter and, for a panel of one run, the optimizer and its step size
/// (figure 6.9's "a) gd, α = 0.08").
pub fn panel_title(race: &Race, runs: &[usize], k: usize) -> String {
    let label = panel_label(k);
    match runs {
        [i] => match race.runs.get(*i) {
            Some(run) => {
                let c = &run.config;
                let (key, v) = if c.opt.uses().contains(&"alpha") {
                    ("α", c.hyper.alpha)
                } else {
                    ("maxdist", c.hyper.maxdist)
                };
                format!("{label} {}, {key} = {}", c.opt.name(), tick(v))
            }
            None => label,
        },
        _ => label,
    }
}

/// Writes a panel's title, centred in its strip.
pub fn draw_panel_label<DB: DrawingBackend>(
    strip: &DrawingArea<DB, Shift>,
    title: &str,
    style: Style,
) -> Result<(), String> {
    let (w, _) = strip.dim_in_pixel();
    let font = style.font(13.0).pos(Pos::new(HPos::Center, VPos::Top));
    strip
        .draw(&Text::new(
            title.to_string(),
            ((w / 2) as i32, style.px(2.0) as i32),
            font,
        ))
        .map_err(err)
}

/// The landscape's axes over `view`: the same margins on every layer so they line up.
/// With `flip`, φ1 runs downwards, as the book draws figure 6.1 (`flip=1`).
pub fn landscape_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    scene: &Scene,
    style: Style,
    draw_axes: bool,
    flip: bool,
) -> Result<Chart<'a, DB>, String> {
    let v = scene.view;
    let y = if flip {
        v.phi1[1]..v.phi1[0]
    } else {
        v.phi1[0]..v.phi1[1]
    };
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(8.0))
        .margin_right(style.px(18.0))
        .x_label_area_size(style.px(38.0))
        .y_label_area_size(style.px(50.0))
        .build_cartesian_2d(v.phi0[0]..v.phi0[1], y)
        .map_err(err)?;
    if draw_axes {
        let [xl, yl] = style.text.axes(scene.name);
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(xl)
            .y_desc(yl)
            .x_labels(6)
            .y_labels(6)
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&|v| tick(*v))
            .label_style(style.font(11.0))
            .axis_desc_style(style.font(12.0))
            .draw()
            .map_err(err)?;
    }
    Ok(chart)
}

/// Contour lines and the critical points, marked as figure 6.4 marks them: the global minimum
/// a grey circle, local minima cyan circles, saddles blue crosses.
pub fn draw_surface_marks<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    surface: &Surface,
    style: Style,
) -> Result<(), String> {
    let line = RGBAColor(255, 255, 255, 0.35).stroke_width(style.px(1.0));
    for level in &surface.contours {
        chart
            .draw_series(level.iter().map(|l| {
                PathElement::new(l.iter().map(|p| (p.x(), p.y())).collect::<Vec<_>>(), line)
            }))
            .map_err(err)?;
    }
    draw_critical_points(chart, &surface.critical, style)
}

pub fn draw_critical_points<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    points: &[CriticalPoint],
    style: Style,
) -> Result<(), String> {
    let r = style.px(6.0) as i32;
    for p in points {
        let at = (p.phi.x(), p.phi.y());
        let outline = BLACK.stroke_width(style.px(1.0));
        match p.kind {
            Curvature::Minimum => {
                let fill = if p.global {
                    RGBColor(160, 160, 160)
                } else {
                    RGBColor(0, 220, 230)
                };
                draw_one(chart, Circle::new(at, r, fill.filled()))?;
                draw_one(chart, Circle::new(at, r, outline))?;
            }
            Curvature::Saddle => {
                let s = RGBColor(30, 80, 255).stroke_width(style.px(2.5));
                draw_one(chart, Cross::new(at, r - 1, s))?;
            }
            // Figure 6.4 marks no maxima; neither do we (the inspector names them on hover).
            Curvature::Maximum | Curvature::Degenerate => {}
        }
    }
    Ok(())
}

/// Every run's path with its current point; for the selected run, the step's extras (Nesterov's
/// look-ahead, line search's bracket along the ray).
pub fn draw_trajectories<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    race: &Race,
    runs: &[usize],
    selected: usize,
    style: Style,
    look: &Look,
) -> Result<(), String> {
    for (i, run) in race.runs.iter().enumerate() {
        if !runs.contains(&i) {
            continue;
        }
        let color = RUN_COLORS[i % RUN_COLORS.len()];
        let pts: Vec<(f64, f64)> = run
            .history()
            .iter()
            .map(|p| (p.phi.x(), p.phi.y()))
            .collect();
        let w = if i == selected { 2.5 } else { 1.8 };
        draw_one(
            chart,
            PathElement::new(pts.clone(), WHITE.mix(0.8).stroke_width(style.px(w + 2.0))),
        )?;
        draw_one(
            chart,
            PathElement::new(pts.clone(), color.stroke_width(style.px(w))),
        )?;
        // Small dots at each iterate (the book numbers them), the start hollow, the current large.
        if pts.len() <= 120 {
            chart
                .draw_series(
                    pts.iter()
                        .map(|&p| Circle::new(p, style.px(2.0) as i32, color.filled())),
                )
                .map_err(err)?;
        }
        let start = pts[0];
        draw_one(
            chart,
            Circle::new(
                start,
                style.px(5.0) as i32,
                color.stroke_width(style.px(2.0)),
            ),
        )?;
        let cur = pts.last().copied().unwrap_or(start);
        if pts.len() == 1 {
            // Before the first step the current point is a ring, so a marked critical point
            // underneath (figure 6.4 starts on the global minimum) stays visible.
            for (r, c) in [
                (10.0, WHITE.stroke_width(style.px(4.0))),
                (10.0, color.stroke_width(style.px(2.0))),
            ] {
                draw_one(chart, Circle::new(cur, style.px(r) as i32, c))?;
            }
        } else {
            draw_one(
                chart,
                Circle::new(cur, style.px(6.0) as i32, color.filled()),
            )?;
            draw_one(
                chart,
                Circle::new(cur, style.px(6.0) as i32, WHITE.stroke_width(style.px(2.0))),
            )?;
        }
        if i == selected {
            draw_step_extras(chart, run, color, style)?;
            if look.fan {
                draw_fan(chart, race, run, style)?;
            }
            if look.trail {
                let labels = pts.iter().take(TRAIL).enumerate().map(|(k, &p)| {
                    Text::new(
                        k.to_string(),
                        p,
                        ("sans-serif", 13.0 * style.scale).into_font().color(&WHITE),
                    )
                });
                chart.draw_series(labels).map_err(err)?;
            }
        }
        if look.arrows {
            draw_momentum_arrows(chart, run, color, style)?;
        }
    }
    Ok(())
}

/// The point the last step started from and what it computed (`None` before the first step).
fn last_step(run: &Run) -> Option<(Vec2, &Internals)> {
    let h = run.history();
    (h.len() >= 2).then(|| (h[h.len() - 2].phi, run.internals()))
}

/// Figure 6.8 at the current step: the construction of [`crate::figures::momentum_construction`]
/// as two arrows with numbered points, and Nesterov's look-ahead cross.
fn draw_momentum_arrows<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    run: &Run,
    color: RGBColor,
    style: Style,
) -> Result<(), String> {
    let Some(c) = crate::figures::momentum_construction(run) else {
        return Ok(());
    };
    let [p1, mid, end] = c.points;
    let xy = |p: Vec2| (p.x(), p.y());
    let stroke = color.stroke_width(style.px(2.5));
    for (a, b) in [(p1, mid), (mid, end)] {
        draw_one(chart, PathElement::new(vec![xy(a), xy(b)], stroke))?;
        draw_one(
            chart,
            Circle::new(xy(b), style.px(3.5) as i32, color.filled()),
        )?;
    }
    if let Some(look) = c.lookahead {
        draw_one(
            chart,
            Cross::new(
                xy(look),
                style.px(6.0) as i32,
                color.stroke_width(style.px(2.0)),
            ),
        )?;
    }
    let font = ("sans-serif", 14.0 * style.scale).into_font().color(&WHITE);
    for (p, l) in c.points.into_iter().zip(c.labels) {
        draw_one(chart, Text::new(l.to_string(), xy(p), font.clone()))?;
    }
    Ok(())
}

/// Figure 6.6a: thin white arrows to where each batch of the epoch would move, and a thick
/// dashed one to their mean (the full-gradient step, scaled by 1/K).
fn draw_fan<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    race: &Race,
    run: &Run,
    style: Style,
) -> Result<(), String> {
    let Some(fan) = crate::figures::sgd_fan(run, &race.scene.objective) else {
        return Ok(());
    };
    let xy = |p: Vec2| (p.x(), p.y());
    let thin = RGBAColor(255, 255, 255, 0.85).stroke_width(style.px(1.5));
    for &e in &fan.ends {
        draw_one(chart, PathElement::new(vec![xy(fan.from), xy(e)], thin))?;
        draw_one(
            chart,
            Circle::new(xy(e), style.px(2.5) as i32, WHITE.filled()),
        )?;
    }
    let thick = RGBColor(250, 204, 21).stroke_width(style.px(3.0));
    draw_one(
        chart,
        PathElement::new(vec![xy(fan.from), xy(fan.mean)], thick),
    )?;
    draw_one(
        chart,
        Circle::new(
            xy(fan.mean),
            style.px(4.0) as i32,
            RGBColor(250, 204, 21).filled(),
        ),
    )?;
    Ok(())
}

fn draw_step_extras<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    run: &Run,
    color: RGBColor,
    style: Style,
) -> Result<(), String> {
    let Some((prev, i)) = last_step(run) else {
        return Ok(());
    };
    if let Some(look) = i.lookahead {
        let dashed = color.mix(0.9).stroke_width(style.px(1.5));
        draw_one(
            chart,
            PathElement::new(vec![(prev.x(), prev.y()), (look.x(), look.y())], dashed),
        )?;
        draw_one(
            chart,
            Cross::new(
                (look.x(), look.y()),
                style.px(5.0) as i32,
                color.stroke_width(style.px(2.0)),
            ),
        )?;
    }
    if let (Some(b), Some(g)) = (i.brackets.last(), i.gradient) {
        // The searched ray phi - s g for s in [a, d] of the final bracket.
        let at = |s: f64| {
            let p = prev - s * g;
            (p.x(), p.y())
        };
        draw_one(
            chart,
            PathElement::new(
                vec![at(b.a), at(b.d)],
                RGBAColor(255, 255, 255, 0.9).stroke_width(style.px(4.0)),
            ),
        )?;
    }
    Ok(())
}

/// The data panel's x and y ranges.
pub fn data_view(scene: &Scene) -> View {
    match scene.name {
        SceneName::Linear => View {
            phi0: [0.0, 2.0],
            phi1: [0.0, 2.2],
        },
        SceneName::Gabor => View {
            phi0: [-15.0, 15.0],
            phi1: [-1.5, 1.5],
        },
        SceneName::Logistic => View {
            phi0: [-4.5, 4.5],
            phi1: [-0.15, 1.15],
        },
        SceneName::Line1d => View {
            phi0: [0.0, 1.0],
            phi1: [0.3, 1.05],
        },
        _ => View {
            phi0: [0.0, 1.0],
            phi1: [0.0, 1.0],
        },
    }
}

/// The data panel's axes; shared by drawing and by hit-testing clicks.
pub fn data_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    scene: &Scene,
    style: Style,
    draw_axes: bool,
) -> Result<Chart<'a, DB>, String> {
    let v = data_view(scene);
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(8.0))
        .margin_right(style.px(18.0))
        .x_label_area_size(style.px(30.0))
        .y_label_area_size(style.px(42.0))
        .build_cartesian_2d(v.phi0[0]..v.phi0[1], v.phi1[0]..v.phi1[1])
        .map_err(err)?;
    if draw_axes {
        let (xd, yd) = match scene.name {
            SceneName::Line1d => (style.text.get("axis_phi0"), style.text.get("lineLoss")),
            SceneName::Logistic => (style.text.get("inputX"), style.text.get("probY")),
            _ => (style.text.get("inputX"), style.text.get("outputY")),
        };
        chart
            .configure_mesh()
            .light_line_style(RGBColor(240, 240, 240))
            .bold_line_style(RGBColor(225, 225, 225))
            .x_desc(xd)
            .y_desc(yd)
            .x_labels(6)
            .y_labels(5)
            .x_label_formatter(&|v| tick(*v))
            .y_label_formatter(&|v| tick(*v))
            .label_style(style.font(10.0))
            .axis_desc_style(style.font(11.0))
            .draw()
            .map_err(err)?;
    }
    Ok(chart)
}

/// The model's prediction curve `f(x, phi)` over the data panel (sigmoid of the logit for the
/// logistic scene), or `L(phi0)` itself for the 1-D line-search function.
pub fn model_curve(scene: &Scene, phi: Vec2, n: usize) -> Vec<(f64, f64)> {
    let v = data_view(scene);
    (0..=n)
        .map(|k| {
            let x = v.phi0[0] + (v.phi0[1] - v.phi0[0]) * k as f64 / n as f64;
            let y = match &scene.objective {
                Objective::Data(d) => {
                    let f = d.model.predict(x, phi);
                    if scene.name == SceneName::Logistic {
                        crate::objective::data::sigmoid(f)
                    } else {
                        f
                    }
                }
                Objective::Surface(s) => s.value(Vec2::new(x, 0.0)),
            };
            (x, y)
        })
        .collect()
}

/// Training data, each run's current model, and the current minibatch highlighted (figure 6.6).
/// On `line1d` it draws the function with each run's point and the selected run's bracket.
pub fn draw_data<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    race: &Race,
    selected: usize,
    style: Style,
    look: &Look,
) -> Result<(), String> {
    let scene = &race.scene;
    let mut chart = data_chart(area, scene, style, true)?;
    if scene.name == SceneName::Line1d {
        chart
            .draw_series(LineSeries::new(
                model_curve(scene, Vec2::ZERO, 300),
                BLACK.stroke_width(style.px(2.0)),
            ))
            .map_err(err)?;
        if let Some(run) = race.runs.get(selected) {
            if let Some(b) = run.internals().brackets.last() {
                // Line search brackets are distances along -g from the previous point; the
                // bracket stepper's (figure 6.10) are positions on phi0 already.
                let prev = run.history()[run.history().len() - 2].phi.x();
                let at = |s: f64| match run.internals().gradient {
                    Some(g) => prev - s * g.x(),
                    None => s,
                };
                let (xa, xd) = (at(b.a), at(b.d));
                let v = data_view(scene);
                draw_one(
                    &mut chart,
                    Rectangle::new(
                        [(xa.min(xd), v.phi1[0]), (xa.max(xd), v.phi1[1])],
                        RGBAColor(120, 120, 120, 0.25).filled(),
                    ),
                )?;
                let font = ("sans-serif", 12.0 * style.scale).into_font();
                for (name, s) in [("a", b.a), ("b", b.b), ("c", b.c), ("d", b.d)] {
                    let x = at(s);
                    let y = scene.objective.loss(Vec2::new(x, 0.0));
                    draw_one(
                        &mut chart,
                        Circle::new(
                            (x, y),
                            style.px(4.0) as i32,
                            RGBColor(245, 158, 11).filled(),
                        ),
                    )?;
                    draw_one(
                        &mut chart,
                        Text::new(
                            name.to_string(),
                            (x, v.phi1[0] + 0.04 * (v.phi1[1] - v.phi1[0])),
                            font.clone(),
                        ),
                    )?;
                }
            }
        }
        for (i, run) in race.runs.iter().enumerate() {
            let p = run.current().phi.x();
            let c = RUN_COLORS[i % RUN_COLORS.len()];
            draw_one(
                &mut chart,
                Circle::new(
                    (p, scene.objective.loss(Vec2::new(p, 0.0))),
                    style.px(6.0) as i32,
                    c.filled(),
                ),
            )?;
        }
        return Ok(());
    }
    let Some(data) = scene.objective.data() else {
        return Ok(());
    };
    if let (true, Some(run)) = (look.trail, race.runs.get(selected)) {
        // Figure 6.1d: the models of points 0, 1, 2, ... light to dark.
        let c = RUN_COLORS[selected % RUN_COLORS.len()];
        let shown: Vec<_> = run.history().iter().take(TRAIL).collect();
        for (k, p) in shown.iter().enumerate() {
            let a = 0.2 + 0.8 * (k as f64 + 1.0) / shown.len() as f64;
            chart
                .draw_series(LineSeries::new(
                    model_curve(scene, p.phi, 120),
                    RGBAColor(c.0, c.1, c.2, a).stroke_width(style.px(1.5)),
                ))
                .map_err(err)?;
        }
    }
    for (i, run) in race.runs.iter().enumerate() {
        let c = RUN_COLORS[i % RUN_COLORS.len()];
        let w = if i == selected { 2.5 } else { 1.5 };
        chart
            .draw_series(LineSeries::new(
                model_curve(scene, run.current().phi, 240),
                c.stroke_width(style.px(w)),
            ))
            .map_err(err)?;
    }
    let highlighted: Vec<usize> = race
        .runs
        .get(selected)
        .and_then(|r| r.current().batch.as_ref())
        .filter(|b| matches!(b, crate::run::Taken::Some(_)))
        .map(|b| b.indices())
        .unwrap_or_default();
    let r = style.px(4.0) as i32;
    chart
        .draw_series(
            data.x
                .iter()
                .zip(&data.y)
                .map(|(&x, &y)| Circle::new((x, y), r, RGBColor(245, 158, 11).filled())),
        )
        .map_err(err)?;
    chart
        .draw_series(
            data.x
                .iter()
                .zip(&data.y)
                .map(|(&x, &y)| Circle::new((x, y), r, BLACK.stroke_width(1))),
        )
        .map_err(err)?;
    chart
        .draw_series(highlighted.iter().filter(|&&i| i < data.len()).map(|&i| {
            Circle::new(
                (data.x[i], data.y[i]),
                r + style.px(3.0) as i32,
                RGBColor(220, 38, 38).stroke_width(style.px(2.5)),
            )
        }))
        .map_err(err)?;
    Ok(())
}

/// Full-data loss against iteration for every run (log scale optional), with the selected run's
/// epoch boundaries dashed.
pub fn draw_loss<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    race: &Race,
    selected: usize,
    steps: usize,
    style: Style,
    look: &Look,
) -> Result<(), String> {
    let log = look.log_loss;
    let tr = |v: f64| if log { v.max(1e-12).log10() } else { v };
    let values: Vec<f64> = race
        .runs
        .iter()
        .flat_map(|r| r.history().iter().map(|p| tr(p.loss)))
        .collect();
    let (mut lo, mut hi) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    if !(lo.is_finite() && hi.is_finite()) {
        (lo, hi) = (0.0, 1.0);
    }
    if hi - lo < 1e-9 {
        hi = lo + 1.0;
    }
    let pad = 0.05 * (hi - lo);
    let xmax = steps.max(1) as f64;
    let rmax = race
        .runs
        .iter()
        .flat_map(|r| r.history().iter().filter_map(|p| p.rate))
        .filter(|r| r.is_finite())
        .fold(0.0, f64::max);
    let rmax = if rmax > 0.0 { rmax * 1.1 } else { 1.0 };
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(8.0))
        .margin_right(style.px(18.0))
        .x_label_area_size(style.px(30.0))
        .y_label_area_size(style.px(50.0))
        .right_y_label_area_size(style.px(if look.rate { 46.0 } else { 0.0 }))
        .build_cartesian_2d(0.0..xmax, (lo - pad)..(hi + pad))
        .map_err(err)?
        .set_secondary_coord(0.0..xmax, 0.0..rmax);
    let fmt_y = |v: &f64| {
        if log {
            format!("1e{v:.1}")
        } else {
            tick(*v)
        }
    };
    chart
        .configure_mesh()
        .light_line_style(RGBColor(240, 240, 240))
        .bold_line_style(RGBColor(225, 225, 225))
        .x_desc(style.text.get("iteration"))
        .y_desc(style.text.get(if log { "lossLogAxis" } else { "lossAxis" }))
        .y_label_formatter(&fmt_y)
        .x_label_formatter(&|v| tick(*v))
        .x_labels(6)
        .y_labels(5)
        .label_style(style.font(10.0))
        .axis_desc_style(style.font(11.0))
        .draw()
        .map_err(err)?;
    if let Some(run) = race.runs.get(selected) {
        let k = run.batches_per_epoch();
        if k > 1 {
            let dash = RGBColor(160, 160, 160).stroke_width(1);
            let lines = (1..).map(|e| (e * k) as f64).take_while(|&x| x < xmax);
            chart
                .draw_series(
                    lines.map(|x| PathElement::new(vec![(x, lo - pad), (x, hi + pad)], dash)),
                )
                .map_err(err)?;
        }
    }
    for (i, run) in race.runs.iter().enumerate() {
        let c = RUN_COLORS[i % RUN_COLORS.len()];
        chart
            .draw_series(LineSeries::new(
                run.history().iter().map(|p| (p.t as f64, tr(p.loss))),
                c.stroke_width(style.px(2.0)),
            ))
            .map_err(err)?;
        // The current loss as a dot, so the chart is not empty at step 0.
        let p = run.current();
        draw_one(
            &mut chart,
            Circle::new((p.t as f64, tr(p.loss)), style.px(3.5) as i32, c.filled()),
        )?;
    }
    if look.rate {
        // Section 6.2.2: each step's learning rate alpha_t, dashed, on the right axis.
        chart
            .configure_secondary_axes()
            .y_desc(style.text.get("rateAxis"))
            .y_labels(5)
            .y_label_formatter(&|v| tick(*v))
            .label_style(style.font(10.0))
            .axis_desc_style(style.font(11.0))
            .draw()
            .map_err(err)?;
        for (i, run) in race.runs.iter().enumerate() {
            let c = RUN_COLORS[i % RUN_COLORS.len()];
            let pts: Vec<(f64, f64)> = run
                .history()
                .iter()
                .filter_map(|p| p.rate.map(|r| (p.t as f64, r)))
                .collect();
            let dashes = pts.chunks(2).filter(|w| w.len() == 2).map(|w| {
                PathElement::new(vec![w[0], w[1]], c.mix(0.7).stroke_width(style.px(1.5)))
            });
            chart.draw_secondary_series(dashes).map_err(err)?;
        }
    }
    Ok(())
}

/// A short tick label: no trailing zeros, exponent form for extreme magnitudes.
pub fn tick(v: f64) -> String {
    let a = v.abs();
    if a < 1e-12 {
        // Rounding noise around zero on an axis through 0.
        "0".into()
    } else if !(1e-3..1e5).contains(&a) {
        format!("{v:.1e}")
    } else {
        let s = format!("{v:.3}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" {
            "0".into()
        } else {
            s.to_string()
        }
    }
}

/// Draws a grid as rectangles (for SVG), coloured by `color`: runs of equal colour in a row
/// become one rectangle.
pub fn draw_cells<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    grid: &Grid,
    color: impl Fn(f64) -> [u8; 3],
) -> Result<(), String> {
    let v = grid.view;
    let (dx, dy) = (
        (v.phi0[1] - v.phi0[0]) / grid.width as f64,
        (v.phi1[1] - v.phi1[0]) / grid.height as f64,
    );
    let mut rects = Vec::new();
    for row in 0..grid.height {
        let y1 = v.phi1[1] - row as f64 * dy;
        let mut col = 0;
        while col < grid.width {
            let c = color(grid.at(col, row));
            let mut end = col + 1;
            while end < grid.width && color(grid.at(end, row)) == c {
                end += 1;
            }
            let x0 = v.phi0[0] + col as f64 * dx;
            let x1 = v.phi0[0] + end as f64 * dx;
            rects.push(Rectangle::new(
                [(x0, y1), (x1, y1 - dy)],
                RGBColor(c[0], c[1], c[2]).filled(),
            ));
            col = end;
        }
    }
    chart.draw_series(rects).map_err(err)?;
    Ok(())
}

/// The landscape block of a figure: one panel per group of runs (labelled a), b), ... when
/// there are several), each the heatmap (or curvature map) with contours, critical points and
/// its runs; with `batch_surface`, the current batch's own surface to the right.
pub fn draw_landscapes<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    race: &Race,
    look: &Look,
    style: Style,
    cells: usize,
    axes: bool,
) -> Result<(), String> {
    let scene = &race.scene;
    let (full, batch) = if look.batch_surface {
        let (w, _) = area.dim_in_pixel();
        let (a, b) = area.split_horizontally(w / 2);
        (a, Some(b))
    } else {
        (area.clone(), None)
    };
    let surf = surface(&scene.objective, &scene.view, cells, Batch::All, true);
    let curv = look
        .curvature
        .then(|| curvature_grid(&scene.objective, &scene.view, cells));
    let panels = split_panels(&full, look.panels.len(), style);
    for (k, ((strip, panel), runs)) in panels.iter().zip(&look.panels).enumerate() {
        let mut chart = landscape_chart(panel, scene, style, axes, look.flip)?;
        match &curv {
            Some(grid) => draw_cells(&mut chart, grid, curvature_color)?,
            None => {
                let scale = ColorScale::new(&surf.grid, look.log_colors);
                draw_cells(&mut chart, &surf.grid, |v| colormap(scale.unit(v)))?;
            }
        }
        draw_surface_marks(&mut chart, &surf, style)?;
        draw_trajectories(&mut chart, race, runs, 0, style, look)?;
        if look.panels.len() > 1 {
            draw_panel_label(strip, &panel_title(race, runs, k), style)?;
        }
    }
    if let Some(area) = batch {
        let ix: Vec<usize> = race
            .runs
            .first()
            .and_then(|r| r.current().batch.as_ref())
            .map(|b| b.indices())
            .unwrap_or_default();
        let b = if ix.is_empty() {
            Batch::All
        } else {
            Batch::Indices(&ix)
        };
        let surf = surface(&scene.objective, &scene.view, cells, b, false);
        let mut chart = landscape_chart(&area, scene, style, axes, look.flip)?;
        let scale = ColorScale::new(&surf.grid, look.log_colors);
        draw_cells(&mut chart, &surf.grid, |v| colormap(scale.unit(v)))?;
        draw_surface_marks(&mut chart, &surf, style)?;
        let plain = Look {
            fan: false,
            ..look.clone()
        };
        draw_trajectories(&mut chart, race, &look.all_runs(race), 0, style, &plain)?;
    }
    Ok(())
}

/// A whole figure as [`Look`] decides it, for `downhill render` (any backend): the landscape
/// panels on the left, data above loss on the right; without a landscape, data beside loss.
pub fn draw_figure<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    race: &Race,
    steps: usize,
    look: &Look,
) -> Result<(), String> {
    root.fill(&WHITE).map_err(err)?;
    let style = Style {
        scale: 1.0,
        text: &ENGLISH,
    };
    if look.main == Main::Quiz {
        return draw_quiz(root, style);
    }
    let (w, _) = root.dim_in_pixel();
    let side = if look.landscape {
        let (left, right) = root.split_horizontally(w * 55 / 100);
        draw_landscapes(&left, race, look, style, 120, true)?;
        right
    } else {
        root.clone()
    };
    match (look.data, look.loss) {
        (true, true) if look.landscape => {
            let (top, bottom) = side.split_vertically(side.dim_in_pixel().1 / 2);
            draw_data(&top, race, 0, style, look)?;
            draw_loss(&bottom, race, 0, steps, style, look)?;
        }
        (true, true) => {
            let (a, b) = side.split_horizontally(side.dim_in_pixel().0 / 2);
            draw_data(&a, race, 0, style, look)?;
            draw_loss(&b, race, 0, steps, style, look)?;
        }
        (true, false) => draw_data(&side, race, 0, style, look)?,
        (false, true) => draw_loss(&side, race, 0, steps, style, look)?,
        (false, false) => {}
    }
    root.present().map_err(err)?;
    Ok(())
}

/// Renders `race` as an SVG document.
pub fn render_svg(
    race: &Race,
    steps: usize,
    width: u32,
    height: u32,
    look: &Look,
) -> Result<String, String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        draw_figure(&root, race, steps, look)?;
    }
    Ok(out)
}

/// A gallery thumbnail: the figure's main panel as [`Look`] decides it: the landscape panels
/// without axes (with the batch surface where the figure has it), or the data panel where the
/// figure hides the landscape (figure 6.3, the 1-D search of figure 6.10).
pub fn thumbnail_svg(race: &Race, size: u32, look: &Look) -> Result<String, String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (size, size)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let style = Style {
            scale: 0.7,
            text: &ENGLISH,
        };
        match look.main {
            Main::Landscape => draw_landscapes(&root, race, look, style, 48, false)?,
            Main::Quiz => draw_quiz(&root, style)?,
            Main::Data => draw_data(&root, race, 0, style, look)?,
            Main::Loss => {
                let steps = race.runs.first().map_or(1, |r| r.steps_taken());
                draw_loss(&root, race, 0, steps, style, look)?
            }
        }
        root.present().map_err(err)?;
    }
    Ok(out)
}

/// Figure 6.11 (Problem 6.6): the three one-dimensional losses side by side, titled a) to c),
/// with points 1-7 numbered. The answers are not drawn: the page reveals them on request.
pub fn draw_quiz<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    style: Style,
) -> Result<(), String> {
    use crate::quiz::{FUNCTIONS, RANGE};
    root.fill(&WHITE).map_err(err)?;
    let panels = root.split_evenly((1, FUNCTIONS.len()));
    for (area, f) in panels.iter().zip(FUNCTIONS) {
        let n = 200;
        let xs: Vec<f64> = (0..=n)
            .map(|k| RANGE[0] + (RANGE[1] - RANGE[0]) * k as f64 / n as f64)
            .collect();
        let ys: Vec<f64> = xs.iter().map(|&x| f.value(x)).collect();
        let (lo, hi) = ys
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &y| {
                (a.min(y), b.max(y))
            });
        let pad = 0.1 * (hi - lo);
        let mut chart = ChartBuilder::on(area)
            .margin(style.px(8.0))
            .caption(format!("{})", f.letter()), style.font(14.0))
            .x_label_area_size(style.px(24.0))
            .y_label_area_size(style.px(30.0))
            .build_cartesian_2d(RANGE[0]..RANGE[1], (lo - pad)..(hi + pad))
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(0)
            .y_labels(0)
            .x_desc("φ")
            .y_desc(style.text.get("lossAxis"))
            .axis_desc_style(style.font(12.0))
            .draw()
            .map_err(err)?;
        chart
            .draw_series(LineSeries::new(
                xs.iter().copied().zip(ys.iter().copied()),
                RGBColor(8, 145, 178).stroke_width(style.px(2.5)),
            ))
            .map_err(err)?;
        for (number, x) in f.points() {
            let at = (x, f.value(x));
            draw_one(
                &mut chart,
                Circle::new(at, style.px(5.0) as i32, RGBColor(217, 119, 6).filled()),
            )?;
            draw_one(
                &mut chart,
                Circle::new(at, style.px(5.0) as i32, BLACK.stroke_width(1)),
            )?;
            draw_one(
                &mut chart,
                Text::new(
                    number.to_string(),
                    (x, f.value(x) - 0.45 * pad),
                    style.font(13.0),
                ),
            )?;
        }
    }
    root.present().map_err(err)?;
    Ok(())
}

/// Figure 6.11 as an SVG document.
pub fn quiz_svg(width: u32, height: u32, text: &Texts) -> Result<String, String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        draw_quiz(&root, Style { scale: 1.0, text })?;
    }
    Ok(out)
}

/// The Hessian's eigenvalue signs on a grid: 1 both positive, 0 mixed, -1 both negative.
pub fn curvature_grid(objective: &Objective, view: &View, n: usize) -> Grid {
    let mut values = Vec::with_capacity(n * n);
    for row in 0..n {
        for col in 0..n {
            let p = Grid::cell_center(view, n, n, col, row);
            let [lo, hi] = objective
                .hessian(p, Batch::All, crate::objective::Reduce::Sum)
                .eigenvalues();
            values.push(if lo > 0.0 {
                1.0
            } else if hi < 0.0 {
                -1.0
            } else {
                0.0
            });
        }
    }
    Grid {
        view: *view,
        width: n,
        height: n,
        values,
    }
}

/// Colours of the curvature map: convex (both eigenvalues positive) blue, saddle-shaped (mixed)
/// sand, concave (both negative) red.
pub fn curvature_color(v: f64) -> [u8; 3] {
    if v > 0.5 {
        [147, 197, 253]
    } else if v < -0.5 {
        [252, 165, 165]
    } else {
        [253, 230, 138]
    }
}

/// The curvature map as RGBA pixels.
pub fn rasterise_curvature(grid: &Grid) -> Vec<u8> {
    let mut out = Vec::with_capacity(grid.values.len() * 4);
    for &v in &grid.values {
        let [r, g, b] = curvature_color(v);
        out.extend_from_slice(&[r, g, b, 255]);
    }
    out
}
