//! Drawing, generic over plotters' `DrawingBackend`: the same code draws the widget's canvases
//! (through `plotters-canvas` in the browser) and the SVG figures of `downhill render`.
//!
//! The heatmap is not drawn through plotters on canvas: [`rasterise`] fills an RGBA buffer that
//! the web layer blits once; on SVG it becomes run-length rectangles.

use crate::landscape::{CriticalPoint, Grid};
use crate::linalg::{Curvature, Vector};
use crate::objective::{Batch, Objective, Scene, SceneName, View};
use crate::optim::hyper::{ALPHA, BETA, MAXDIST};
use crate::optim::Internals;
use crate::run::{Race, Run};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub mod backend;
mod colormap;
mod data;
mod figure;
pub mod hit;
mod landscape;
mod layers;
mod loss;
mod surface3d;

pub use crate::landscape::{
    contours, contours_at, contours_of, curvature_grid, model_letter, model_minima, surface,
    Sampled, MODELS,
};
pub use colormap::*;
pub use data::*;
pub use figure::*;
pub use landscape::*;
pub use layers::*;
pub use loss::*;
pub use surface3d::*;

/// Sizes of text and strokes, scaled for the device pixel ratio.
#[derive(Clone, Copy, Debug)]
pub struct Style<'a> {
    pub scale: f64,
    /// The words on the axes (the widget passes its language's strings).
    pub text: &'a Texts,
    /// Paper and ink (`theme=`).
    pub palette: Palette,
}

/// A figure's paper and ink (`theme=`): light, as the book, or dark for course sites with dark
/// pages. The landscape's colour map and the runs' colours are the same in both.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    pub paper: RGBColor,
    pub ink: RGBColor,
    pub grid_light: RGBColor,
    pub grid_bold: RGBColor,
    pub axis: RGBColor,
    /// Outlines of data points and the 1-D scene's curve.
    pub outline: RGBColor,
}

pub const LIGHT: Palette = Palette {
    paper: RGBColor(255, 255, 255),
    ink: RGBColor(55, 65, 81),
    grid_light: RGBColor(240, 240, 240),
    grid_bold: RGBColor(225, 225, 225),
    axis: RGBColor(0, 0, 0),
    outline: RGBColor(0, 0, 0),
};

pub const DARK: Palette = Palette {
    paper: RGBColor(17, 24, 39),
    ink: RGBColor(209, 213, 219),
    grid_light: RGBColor(31, 41, 55),
    grid_bold: RGBColor(55, 65, 81),
    axis: RGBColor(156, 163, 175),
    outline: RGBColor(229, 231, 235),
};

/// Axis words by key, falling back to English. The widget fills them from its strings table
/// (`www/strings.js`), so canvases speak the page's language; SVG figures use the defaults.
/// One slot per entry of [`TEXT_KEYS`], in its order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Texts([Option<String>; TEXT_KEYS.len()]);

/// The keys [`Texts`] knows, with their English words.
pub const TEXT_KEYS: [(&str, &str); 19] = [
    ("axis_linear_0", "Intercept φ0"),
    ("axis_linear_1", "Slope φ1"),
    ("axis_gabor_0", "Offset φ0"),
    ("axis_gabor_1", "Frequency φ1"),
    ("axis_phi0", "φ0"),
    ("axis_phi1", "φ1"),
    ("iteration", "Iteration"),
    ("epochAxis", "Epochs (samples processed / N)"),
    ("lossAxis", "Loss"),
    ("lossLogAxis", "Loss (log)"),
    ("inputX", "Input x"),
    ("outputY", "Output y"),
    ("probY", "Pr(y = 1 | x)"),
    ("lineLoss", "L(φ0)"),
    (
        "surface3d",
        "Loss L[φ] as a surface (drag it or use the arrow keys to turn it)",
    ),
    ("stepN", "step {t}"),
    ("rateAxis", "Learning rate"),
    ("axis_slice_0", "u (along direction 1)"),
    ("axis_slice_1", "v (along direction 2)"),
];

impl Texts {
    /// Sets the words of `key` (unknown keys are ignored).
    pub fn set(&mut self, key: &str, value: &str) {
        if let Some(i) = TEXT_KEYS.iter().position(|(k, _)| *k == key) {
            self.0[i] = Some(value.to_string());
        }
    }
    pub fn get(&self, key: &str) -> &str {
        TEXT_KEYS
            .iter()
            .position(|(k, _)| *k == key)
            .map_or("", |i| self.0[i].as_deref().unwrap_or(TEXT_KEYS[i].1))
    }
    /// The two axis words of a scene's landscape.
    pub fn axes(&self, scene: SceneName) -> [&str; 2] {
        match scene {
            SceneName::Linear | SceneName::Logistic => {
                [self.get("axis_linear_0"), self.get("axis_linear_1")]
            }
            SceneName::Gabor => [self.get("axis_gabor_0"), self.get("axis_gabor_1")],
            SceneName::Shallow => [self.get("axis_slice_0"), self.get("axis_slice_1")],
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
        (FontFamily::SansSerif, size * self.scale)
            .into_font()
            .color(&self.palette.ink)
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
    /// Section 6.2: the loss against epochs (samples processed / N), on a scene with data.
    pub epochs: bool,
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
    /// Figure 6.10: the brackets of the selected run's last three steps side by side
    /// (`stages=1`, the 1-D function).
    pub stages: bool,
    /// Figure 6.1b: the loss panel shows the loss as a 3-D surface with the paths on it, turned
    /// so (`view3d=1`, a 2-parameter scene with a landscape; the session holds the turn).
    pub view3d: Option<Turn>,
    /// Figure 6.4 b)–f): the loss panel shows the model at each marked minimum instead, and
    /// the landscape letters them (`models=1`, a scene with data, not sliced).
    pub models: bool,
    /// Figure 6.6 b)–d): three of the epoch's batches on their own surfaces, each with its step
    /// from the current point, in the loss panel's place (`batches=1`, a scene with data).
    pub batches: bool,
    /// 6.1.3's restarts: the run with the lowest loss ringed and marked "best" (`best=1`).
    pub best: bool,
    /// Figure 6.11's three functions (Problem 6.6).
    pub quiz: bool,
    /// φ1 runs downwards on the landscape (figure 6.1, `flip=1`).
    pub flip: bool,
    /// Figure 6.6a: the fan of the epoch's possible SGD updates from the current point, on the
    /// full landscape (with `batchsurf=1`).
    pub fan: bool,
    /// The panel that stands for the figure in a thumbnail.
    pub main: Main,
    /// The landscape's heatmap is one placeholder rectangle per panel (`RASTER_FILL`, or
    /// `RASTER_FILL_FLIPPED` where φ1 runs downwards) for the page to fill with its own raster
    /// as one image, instead of a rectangle per sample (the page's SVG export: 26,000
    /// rectangles and 2.4 MB for figure 6.9 before).
    pub raster: bool,
}

/// The fill of a landscape panel's placeholder for the raster (see [`Look::raster`]): `#010203`
/// in the SVG (www/share.js looks for it).
pub const RASTER_FILL: RGBColor = RGBColor(1, 2, 3);
/// The same where the raster is mirrored (φ1 downwards, figure 6.1): `#010204`.
pub const RASTER_FILL_FLIPPED: RGBColor = RGBColor(1, 2, 4);

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
            epochs: ui.epochs && race.scene.objective.data().is_some(),
            curvature: ui.curvature,
            landscape: !hidden("landscape") && scene != SceneName::Line1d,
            panels: ui.panel_groups(race.runs.len()),
            batch_surface: ui.batch_surface && has_data,
            data: !hidden("data") && (has_data || scene == SceneName::Line1d),
            // Figure 6.10's three stages take the loss panel's room, as the book has none.
            loss: !(hidden("loss") || ui.stages && scene == SceneName::Line1d),
            models: ui.models && has_data && race.scene.plane.is_none(),
            stages: ui.stages && scene == SceneName::Line1d,
            view3d: (ui.view3d && race.scene.plane.is_none() && scene.dim() == 2)
                .then(|| Turn::of(ui.turn))
                .filter(|_| scene != SceneName::Line1d),
            best: ui.best,
            batches: ui.batches && has_data && race.scene.plane.is_none(),
            quiz: ui.quiz,
            flip: ui.flip,
            fan: ui.batch_surface && has_data,
            main: Main::Landscape,
            raster: false,
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

/// How a panel's axes are drawn: every chart's axes go through [`draw_axes`] (one copy of
/// plotters' mesh code per backend, not one per panel).
struct Axes<'a> {
    /// The x and y axes' descriptions (`""`: none).
    desc: [&'a str; 2],
    /// About how many tick labels on x and y.
    labels: [usize; 2],
    /// Grid lines, or the axes alone.
    grid: bool,
    /// The tick labels' size; the descriptions are a point larger.
    font: f64,
    /// The y tick labels' text (the x axis's is [`tick`]).
    y: &'a dyn Fn(&f64) -> String,
}

fn draw_axes<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    style: Style,
    a: Axes,
) -> Result<(), String> {
    let x = |v: &f64| tick(*v);
    let mut mesh = chart.configure_mesh();
    if a.grid {
        mesh.light_line_style(style.palette.grid_light)
            .bold_line_style(style.palette.grid_bold);
    } else {
        mesh.disable_mesh();
    }
    mesh.axis_style(style.palette.axis)
        .x_desc(a.desc[0])
        .y_desc(a.desc[1])
        .x_labels(a.labels[0])
        .y_labels(a.labels[1])
        .x_label_formatter(&x)
        .y_label_formatter(a.y)
        .label_style(style.font(a.font))
        .axis_desc_style(style.font(a.font + 1.0))
        .draw()
        .map_err(err)
}

fn err<E: std::fmt::Display>(e: E) -> String {
    format!("drawing failed: {e}")
}

/// Columns and rows for `n` panels in a `w x h` area: the grid whose cells are closest to square.
pub fn panel_grid(n: usize, w: f64, h: f64) -> (usize, usize) {
    let n = n.max(1);
    (1..=n)
        .map(|cols| (cols, n.div_ceil(cols)))
        .min_by(|a, b| {
            let err = |(c, r): (usize, usize)| libm::log((w / c as f64) / (h / r as f64)).abs();
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

/// A panel's title: its letter and, when its runs share them (one run, or figure 6.7's two
/// starts), the optimizer and its step size (figure 6.9's "a) gd, α = 0.08").
pub fn panel_title(race: &Race, runs: &[usize], k: usize) -> String {
    let label = panel_label(k);
    let words = |run: &Run| {
        let c = &run.config;
        let (key, v) = if c.opt.uses().contains(&"alpha") {
            ("α", c.hyper[ALPHA])
        } else {
            ("maxdist", c.hyper[MAXDIST])
        };
        // The batch size where it is a minibatch (batch-lr's panels differ by it), and a
        // schedule other than a constant rate (schedule-step's panels differ by it).
        let batch = c.batch.map_or(String::new(), |b| format!(", batch {b}"));
        let schedule = match c.schedule.decay {
            crate::schedule::Decay::Constant => "",
            crate::schedule::Decay::Step { .. } => ", step decay",
            crate::schedule::Decay::Cosine { .. } => ", cosine decay",
        };
        let warmup = match c.schedule.warmup {
            0 => String::new(),
            w => format!(", warmup {w}"),
        };
        // β where the optimizer has momentum (figure 6.7's b) is momentum at β = 0.9).
        let beta = if c.opt.uses().contains(&"beta") {
            format!(", β = {}", tick(c.hyper[BETA]))
        } else {
            String::new()
        };
        format!(
            "{} {}, {key} = {}{beta}{batch}{schedule}{warmup}",
            label,
            c.opt.name(),
            tick(v)
        )
    };
    // The settings when every run of the panel shares them (figure 6.7's two starts a panel).
    let all: Vec<String> = runs
        .iter()
        .filter_map(|&i| race.runs.get(i))
        .map(words)
        .collect();
    match all.split_first() {
        Some((first, rest)) if rest.iter().all(|w| w == first) => first.clone(),
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

/// A short tick label: no trailing zeros, exponent form for extreme magnitudes. As many
/// decimals as the value needs (three at least, nine at most), so the ticks of a narrow view
/// such as 1 to 1.001 read 1.0002, 1.0004, … rather than 1, 1, ….
pub fn tick(v: f64) -> String {
    let a = v.abs();
    if a < 1e-12 {
        // Rounding noise around zero on an axis through 0.
        "0".into()
    } else if !(1e-3..1e5).contains(&a) {
        format!("{v:.1e}")
    } else {
        let close = |s: &String| s.parse::<f64>().is_ok_and(|x| (x - v).abs() <= 1e-9 * a);
        let s = (3..9)
            .map(|p| format!("{v:.p$}"))
            .find(close)
            .unwrap_or_else(|| format!("{v:.9}"));
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
