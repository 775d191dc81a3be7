//! The browser binding (wasm32 only): one exported [`Widget`] handle. Only scalars, strings,
//! typed arrays and plain objects cross the boundary; all numerics stay in the core and all
//! drawing goes through [`crate::render`].

use crate::linalg::{Curvature, Vec2};
use crate::objective::{Batch, DataSet, Reduce, SceneName};
use crate::optim::OptName;
use crate::preset::{self, Preset, Problem, RunSpec, Severity, MAX_POINTS, MAX_RUNS};
use crate::render::{self, Style};
use crate::run::{Race, Status, Taken};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::Clamped;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

thread_local! {
    static LAST_PANIC: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Installs a panic hook that keeps the message for [`last_panic`] (the page shows it inside the
/// widget) and logs it.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info.to_string();
        web_sys::console::error_1(&JsValue::from_str(&msg));
        LAST_PANIC.with(|p| *p.borrow_mut() = msg);
    }));
}

/// The message of the last Rust panic (empty if none).
#[wasm_bindgen]
pub fn last_panic() -> String {
    LAST_PANIC.with(|p| p.borrow().clone())
}

/// The optimizers and scenes, for building menus.
#[wasm_bindgen]
pub fn catalogue() -> JsValue {
    #[derive(Serialize)]
    struct Catalogue {
        optimizers: Vec<(&'static str, Vec<&'static str>)>,
        scenes: Vec<&'static str>,
        presets: Vec<&'static str>,
        /// `(problem, preset)`: where each of the chapter's problems can be explored.
        problems: &'static [(&'static str, &'static str)],
        max_runs: usize,
    }
    to_js(&Catalogue {
        optimizers: OptName::ALL
            .iter()
            .map(|o| (o.name(), o.uses().to_vec()))
            .collect(),
        scenes: SceneName::ALL.iter().map(|s| s.name()).collect(),
        presets: preset::NAMED.iter().map(|(n, _)| *n).collect(),
        problems: crate::figures::PROBLEMS,
        max_runs: MAX_RUNS,
    })
}

/// A fresh seed from the browser's entropy (through `getrandom`); the numerics never draw from it.
/// Seeds are shown and linked in decimal; 53 bits keep them exact in JavaScript numbers too.
#[wasm_bindgen]
pub fn fresh_seed() -> String {
    let mut b = [0u8; 8];
    match getrandom::fill(&mut b) {
        Ok(()) => (u64::from_le_bytes(b) >> 11).to_string(),
        Err(_) => ((now_ms() * 1000.0) as u64 % (1 << 53)).to_string(),
    }
}

/// A small landscape picture of `query` played to its end (gallery thumbnails), as SVG.
#[wasm_bindgen]
pub fn thumbnail(query: &str, size: u32) -> String {
    let p = preset::parse(query).preset;
    let (mut race, _) = p.build();
    race.run_to_end();
    render::thumbnail_svg(&race, size.clamp(32, 1024), &render::Look::of(&p.ui, &race))
        .unwrap_or_default()
}

/// Figure 6.11's answers (Problem 6.6), computed from its functions: `[{letter, convex,
/// min_curvature, points: [{number, x, value, slope, curvature, above_lowest, kind}]}]`.
#[wasm_bindgen]
pub fn quiz_answers() -> JsValue {
    #[derive(Serialize)]
    struct Point {
        number: u8,
        x: f64,
        value: f64,
        slope: f64,
        curvature: f64,
        above_lowest: f64,
        kind: &'static str,
        reason: &'static str,
    }
    #[derive(Serialize)]
    struct Function {
        letter: char,
        convex: bool,
        min_curvature: f64,
        points: Vec<Point>,
    }
    let answers = crate::quiz::answers();
    let out: Vec<Function> = crate::quiz::FUNCTIONS
        .iter()
        .map(|&f| Function {
            letter: f.letter(),
            convex: f.convex(),
            min_curvature: f.min_curvature(),
            points: answers
                .iter()
                .filter(|a| a.function == f)
                .map(|a| Point {
                    number: a.number,
                    x: a.x,
                    value: a.value,
                    slope: a.slope,
                    curvature: a.curvature,
                    above_lowest: a.above_lowest,
                    kind: a.kind.name(),
                    reason: a.reason(),
                })
                .collect(),
        })
        .collect();
    to_js(&out)
}

/// Problem 6.9's calculator: epochs after `iterations` steps on `n` points in batches of `batch`.
#[wasm_bindgen]
pub fn epochs_for(n: u32, batch: u32, iterations: u32) -> f64 {
    crate::sampler::epochs_for(n as usize, batch as usize, iterations as usize)
}

/// The book's colormap at `t` in [0, 1] as a CSS colour.
#[wasm_bindgen]
pub fn colormap_css(t: f64) -> String {
    let [r, g, b] = render::colormap(t);
    format!("rgb({r},{g},{b})")
}

/// Runs the core's trace for `query` (the CLI's `downhill trace`): JSON Lines, or the errors.
#[wasm_bindgen]
pub fn trace_query(query: &str) -> Result<String, String> {
    crate::trace_query(query).map_err(|e| e.join("\n"))
}

fn to_js<T: Serialize>(v: &T) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

#[derive(Serialize)]
struct ProblemView {
    severity: &'static str,
    key: String,
    value: String,
    message: String,
}

fn problems_view(problems: &[Problem]) -> Vec<ProblemView> {
    problems
        .iter()
        .map(|p| ProblemView {
            severity: match p.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            key: p.key.clone(),
            value: p.value.clone(),
            message: p.message.clone(),
        })
        .collect()
}

/// The plot rectangle of a chart, in device pixels, with the data ranges it shows.
#[derive(Clone, Copy, Debug, Default)]
struct Frame {
    x: (f64, f64),
    y: (f64, f64),
    px: (f64, f64),
    py: (f64, f64),
}

impl Frame {
    fn of<DB: DrawingBackend>(
        chart: &ChartContext<
            '_,
            DB,
            Cartesian2d<
                plotters::coord::types::RangedCoordf64,
                plotters::coord::types::RangedCoordf64,
            >,
        >,
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
    fn to_data(self, px: f64, py: f64) -> Option<Vec2> {
        if self.px.1 <= self.px.0 || self.py.1 <= self.py.0 {
            return None;
        }
        let fx = (px - self.px.0) / (self.px.1 - self.px.0);
        let fy = (py - self.py.0) / (self.py.1 - self.py.0);
        Some(Vec2::new(
            self.x.0 + fx * (self.x.1 - self.x.0),
            self.y.1 - fy * (self.y.1 - self.y.0),
        ))
    }
    fn to_px(self, p: Vec2) -> (f64, f64) {
        let fx = (p.x() - self.x.0) / (self.x.1 - self.x.0);
        let fy = (self.y.1 - p.y()) / (self.y.1 - self.y.0);
        (
            self.px.0 + fx * (self.px.1 - self.px.0),
            self.py.0 + fy * (self.py.1 - self.py.0),
        )
    }
}

struct Canvases {
    land_bg: HtmlCanvasElement,
    land_fg: HtmlCanvasElement,
    data: HtmlCanvasElement,
    loss: HtmlCanvasElement,
    heat: HtmlCanvasElement,
    /// Figure 6.6: the current batch's landscape (background, overlay).
    batch: Option<(HtmlCanvasElement, HtmlCanvasElement)>,
}

/// What the cached surface was computed for.
#[derive(Clone, Debug, PartialEq)]
struct SurfaceKey {
    scene: SceneName,
    data: Option<DataSet>,
    batch: Option<Vec<usize>>,
    log: bool,
    curvature: bool,
}

/// One widget: a preset, its race, the cached landscape and the canvases it draws on.
#[wasm_bindgen]
pub struct Widget {
    preset: Preset,
    race: Race,
    problems: Vec<Problem>,
    selected: usize,
    surface: Option<(SurfaceKey, render::Surface, Vec<u8>)>,
    batch_surface: Option<(SurfaceKey, render::Surface, Vec<u8>)>,
    canvases: Option<Canvases>,
    dpr: f64,
    /// The landscape panels' plot rectangles (one per `panels=` group), for hit-testing.
    land_frames: Vec<Frame>,
    data_frame: Frame,
    static_dirty: bool,
    /// While a data point is dragged, critical points are not searched (they follow on release).
    dragging: bool,
    /// Axis words in the page's language.
    texts: render::Texts,
    /// Milliseconds the last landscape sampling and rasterising took.
    resample_ms: f64,
}

/// Most steps a sweep cell runs (64 cells: at most 64,000 steps on the main thread).
pub const SWEEP_STEPS: usize = 1000;

/// Landscape samples across (the heatmap is blitted at this resolution and scaled smoothly).
const HEAT_CELLS: usize = 256;

#[wasm_bindgen]
impl Widget {
    /// A widget for `query`. Problems with the query are kept for [`Widget::problems`]; the
    /// widget always starts in a usable state.
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str) -> Widget {
        let parsed = preset::parse(query);
        let (race, build_problems) = parsed.preset.build();
        let mut problems = parsed.problems;
        problems.extend(build_problems);
        let mut w = Widget {
            preset: parsed.preset,
            race,
            problems,
            selected: 0,
            surface: None,
            batch_surface: None,
            canvases: None,
            dpr: 1.0,
            land_frames: Vec::new(),
            data_frame: Frame::default(),
            static_dirty: true,
            dragging: false,
            texts: render::Texts::default(),
            resample_ms: 0.0,
        };
        w.ensure_a_run();
        w
    }

    /// Replaces the state by `query`'s. Good keys apply, bad ones are reported; returns the
    /// problems (as [`Widget::problems`]).
    pub fn load(&mut self, query: &str) -> JsValue {
        let parsed = preset::parse(query);
        self.preset = parsed.preset;
        self.problems = parsed.problems;
        self.rebuild();
        self.problems()
    }

    /// The problems of the last load or change: `[{severity, key, value, message}]`.
    pub fn problems(&self) -> JsValue {
        to_js(&problems_view(&self.problems))
    }

    /// The canonical query of the current state.
    pub fn query(&self) -> String {
        self.preset.to_query()
    }

    /// The named preset this state came from, if any.
    pub fn preset_name(&self) -> Option<String> {
        self.preset.name.clone()
    }

    /// Where play pauses.
    pub fn total_steps(&self) -> u32 {
        self.preset.total_steps() as u32
    }

    /// Advances every run by up to `n` steps. Returns whether any run moved.
    pub fn step(&mut self, n: u32) -> bool {
        let before: usize = self.race.runs.iter().map(|r| r.steps_taken()).sum();
        self.race.step(n as usize);
        let after: usize = self.race.runs.iter().map(|r| r.steps_taken()).sum();
        after > before
    }

    /// Whether every run reached its end (or stopped).
    pub fn finished(&self) -> bool {
        self.race.finished()
    }

    /// Back to the start points.
    pub fn reset(&mut self) {
        self.rebuild();
    }

    /// The runs so far as JSON Lines, identical to `downhill trace` for the same query and steps.
    pub fn trace(&self) -> String {
        crate::trace::trace(&self.race.runs)
    }

    /// Sets `key` to `value` for run `run` (`-1`: the defaults of every run, or a top-level key:
    /// `scene`, `steps`). An empty value removes the setting. Returns an error message, or
    /// `undefined` when the change applied; the runs restart.
    pub fn set(&mut self, run: i32, key: &str, value: &str) -> Option<String> {
        let mut next = self.preset.clone();
        let result = if run < 0 && key == "scene" {
            match SceneName::parse(value) {
                Some(s) => {
                    next = Preset {
                        scene: s,
                        steps: next.steps,
                        ui: next.ui,
                        ..Preset::default()
                    };
                    Ok(())
                }
                None => Err(format!("unknown scene {value}")),
            }
        } else if run < 0 && key == "steps" {
            let parsed = preset::parse(&format!("steps={value}"));
            let error = parsed.errors().next().map(|e| e.to_string());
            match error {
                Some(e) => Err(e),
                None => {
                    next.steps = parsed.preset.steps;
                    Ok(())
                }
            }
        } else {
            let spec = if run < 0 {
                Some(&mut next.defaults)
            } else {
                if next.runs.is_empty() {
                    next.runs.push(RunSpec::default());
                }
                next.runs.get_mut(run as usize)
            };
            match spec {
                None => Err(format!("there is no run {}", run + 1)),
                Some(spec) => set_spec(spec, key, value),
            }
        };
        match result {
            Ok(()) => {
                next.name = None;
                self.preset = next;
                self.problems.clear();
                self.rebuild();
                None
            }
            Err(e) => Some(e),
        }
    }

    /// Adds a run (`NAME;key=value;...`). Returns an error message when it cannot.
    pub fn add_run(&mut self, spec: &str) -> Option<String> {
        let mut next = self.preset.clone();
        if next.runs.is_empty() {
            next.runs.push(RunSpec::default());
        }
        if next.runs.len() >= MAX_RUNS {
            return Some(format!("at most {MAX_RUNS} runs race at once"));
        }
        let parsed = preset::parse(&format!("run={spec}"));
        if let Some(e) = parsed.errors().next() {
            return Some(e.to_string());
        }
        next.runs.extend(parsed.preset.runs);
        next.name = None;
        self.preset = next;
        self.rebuild();
        self.selected = self.race.runs.len() - 1;
        None
    }

    /// Removes run `i` (the last run cannot be removed).
    pub fn remove_run(&mut self, i: u32) {
        let i = i as usize;
        if self.race.runs.len() <= 1 || i >= self.race.runs.len() {
            return;
        }
        if self.preset.runs.is_empty() {
            return;
        }
        self.preset.runs.remove(i);
        self.preset.name = None;
        self.rebuild();
        self.selected = self.selected.min(self.race.runs.len() - 1);
    }

    /// Chooses the run the inspector shows.
    pub fn select(&mut self, i: u32) {
        if (i as usize) < self.race.runs.len() {
            self.selected = i as usize;
        }
    }

    /// Moves the common start point (per-run starts are dropped) and restarts.
    pub fn set_start(&mut self, phi0: f64, phi1: f64) -> Option<String> {
        if !(phi0.is_finite() && phi1.is_finite()) {
            return Some("the start point must be finite".into());
        }
        self.preset.defaults.start = Some(Vec2::new(phi0, phi1));
        for r in &mut self.preset.runs {
            r.start = None;
        }
        self.preset.name = None;
        self.rebuild();
        None
    }

    /// Moves data point `i` to `(x, y)`; the landscape re-samples. Logistic targets snap to 0/1.
    pub fn move_point(&mut self, i: u32, x: f64, y: f64) -> bool {
        let Some(mut data) = self.current_data() else {
            return false;
        };
        let i = i as usize;
        if i >= data.len() || !(x.is_finite() && y.is_finite()) {
            return false;
        }
        data.x[i] = x;
        data.y[i] = self.snap_target(y);
        self.set_data(data);
        true
    }

    /// Adds a data point; returns its index, or -1.
    pub fn add_point(&mut self, x: f64, y: f64) -> i32 {
        let Some(mut data) = self.current_data() else {
            return -1;
        };
        if data.len() >= MAX_POINTS || !(x.is_finite() && y.is_finite()) {
            return -1;
        }
        let y = self.snap_target(y);
        data.x.push(x);
        data.y.push(y);
        let i = data.len() - 1;
        self.set_data(data);
        i as i32
    }

    /// Removes data point `i` (one point always remains).
    pub fn remove_point(&mut self, i: u32) -> bool {
        let Some(mut data) = self.current_data() else {
            return false;
        };
        let i = i as usize;
        if i >= data.len() || data.len() <= 1 {
            return false;
        }
        data.x.remove(i);
        data.y.remove(i);
        self.set_data(data);
        true
    }

    /// Restores the book's data.
    pub fn reset_data(&mut self) {
        self.preset.data = None;
        self.rebuild();
    }

    /// Sets a presentation key (`autoplay`, `embed`, `hide`, `lang`, `speed`, `logc`, `logl`,
    /// `batchsurf`) without restarting the runs. Returns an error message, or `undefined`.
    pub fn set_ui(&mut self, key: &str, value: &str) -> Option<String> {
        let mut ui = self.preset.ui.clone();
        match ui.set(key, value) {
            Ok(()) => {
                self.preset.ui = ui;
                self.static_dirty = true;
                None
            }
            Err(e) => Some(format!("{key} = \"{value}\": {e}")),
        }
    }

    /// The presentation settings: `{autoplay, embed, hide, lang, speed, log_colors, log_loss,
    /// batch_surface}`.
    pub fn ui(&self) -> JsValue {
        #[derive(Serialize)]
        struct UiView<'a> {
            trail: bool,
            sliders: bool,
            arrows: bool,
            curvature: bool,
            rate: bool,
            calc: bool,
            quiz: bool,
            sweep: Option<&'a [String; 2]>,
            autoplay: bool,
            embed: bool,
            hide: &'a [String],
            lang: Option<&'a str>,
            speed: Option<u32>,
            log_colors: bool,
            log_loss: bool,
            batch_surface: bool,
            /// The φ sliders' ranges `[[min, max], [min, max]]` and the book's example settings.
            slider_range: [[f64; 2]; 2],
            examples: &'static [[f64; 2]],
            /// How many landscape panels (`panels=`); the page sizes the landscape box for them.
            panels: usize,
        }
        let u = &self.preset.ui;
        let range = self.preset.scene.slider_range();
        to_js(&UiView {
            trail: u.trail,
            sliders: u.sliders,
            arrows: u.arrows,
            curvature: u.curvature,
            rate: u.rate,
            calc: u.calc,
            quiz: u.quiz,
            sweep: u.sweep.as_ref(),
            autoplay: u.autoplay,
            embed: u.embed,
            hide: &u.hide,
            lang: u.lang.as_deref(),
            speed: u.speed,
            log_colors: u.log_colors,
            log_loss: u.log_loss,
            batch_surface: u.batch_surface,
            slider_range: [range.phi0, range.phi1],
            examples: self.preset.scene.examples(),
            panels: u.panel_groups(self.race.runs.len()).len(),
        })
    }

    /// Gives the widget its four canvases: landscape background and overlay, data, loss.
    pub fn attach(
        &mut self,
        land_bg: HtmlCanvasElement,
        land_fg: HtmlCanvasElement,
        data: HtmlCanvasElement,
        loss: HtmlCanvasElement,
    ) -> Result<(), JsValue> {
        let heat = web_sys::window()
            .and_then(|w| w.document())
            .ok_or("no document")?
            .create_element("canvas")?
            .dyn_into::<HtmlCanvasElement>()?;
        heat.set_width(HEAT_CELLS as u32);
        heat.set_height(HEAT_CELLS as u32);
        self.canvases = Some(Canvases {
            land_bg,
            land_fg,
            data,
            loss,
            heat,
            batch: None,
        });
        self.static_dirty = true;
        Ok(())
    }

    /// Gives the widget the two canvases of the batch landscape (figure 6.6), shown with
    /// `batchsurf=1`.
    pub fn attach_batch(&mut self, bg: HtmlCanvasElement, fg: HtmlCanvasElement) {
        if let Some(c) = &mut self.canvases {
            c.batch = Some((bg, fg));
            self.batch_surface = None;
        }
    }

    /// Sizes each canvas's pixels to its CSS box times the device pixel ratio.
    pub fn resize(&mut self, dpr: f64) {
        self.dpr = if dpr.is_finite() && dpr > 0.0 {
            dpr.min(4.0)
        } else {
            1.0
        };
        if let Some(c) = &self.canvases {
            let batch = c.batch.iter().flat_map(|(a, b)| [a, b]);
            for canvas in [&c.land_bg, &c.land_fg, &c.data, &c.loss]
                .into_iter()
                .chain(batch)
            {
                let w = (canvas.client_width().max(1) as f64 * self.dpr).round() as u32;
                let h = (canvas.client_height().max(1) as f64 * self.dpr).round() as u32;
                if canvas.width() != w || canvas.height() != h {
                    canvas.set_width(w);
                    canvas.set_height(h);
                }
            }
        }
        self.static_dirty = true;
        self.batch_surface = None;
    }

    /// Draws what changed: the landscape background only when the surface, data, view or options
    /// changed; the moving parts every call. Returns the milliseconds spent.
    pub fn draw(&mut self) -> Result<f64, JsValue> {
        let t0 = now_ms();
        if self.canvases.is_none() {
            return Ok(0.0);
        }
        let key = self.surface_key();
        if self.static_dirty || self.surface.as_ref().map(|s| &s.0) != Some(&key) {
            self.draw_background(key)?;
            self.static_dirty = false;
        }
        self.draw_moving()?;
        Ok(now_ms() - t0)
    }

    /// Marks a data drag in progress: the landscape re-samples live, the critical-point search
    /// waits for the release.
    pub fn set_dragging(&mut self, on: bool) {
        if self.dragging && !on {
            self.surface = None;
        }
        self.dragging = on;
    }

    /// Sets the words of an axis label (keys in `render::TEXT_KEYS`) in the page's language.
    pub fn set_text(&mut self, key: &str, value: &str) {
        self.texts.set(key, value);
        self.static_dirty = true;
        self.batch_surface = None;
    }

    /// The keys [`Widget::set_text`] knows.
    pub fn text_keys() -> Vec<String> {
        render::TEXT_KEYS
            .iter()
            .map(|(k, _)| k.to_string())
            .collect()
    }

    /// Milliseconds the last landscape re-sample (sampling, contours, colours) took.
    pub fn resample_ms(&self) -> f64 {
        self.resample_ms
    }

    /// Figure 6.11's three functions as SVG, with the widget's axis words.
    pub fn quiz_svg(&self, width: u32, height: u32) -> String {
        render::quiz_svg(width.clamp(200, 2000), height.clamp(100, 1000), &self.texts)
            .unwrap_or_default()
    }

    /// Landscape canvas position (CSS pixels) to parameters `[phi0, phi1]`, or empty outside.
    pub fn landscape_at(&self, x: f64, y: f64) -> Vec<f64> {
        let v = self.race.scene.view;
        self.land_frames
            .iter()
            .filter_map(|f| f.to_data(x * self.dpr, y * self.dpr))
            .find(|p| {
                (v.phi0[0]..=v.phi0[1]).contains(&p.x()) && (v.phi1[0]..=v.phi1[1]).contains(&p.y())
            })
            .map_or_else(Vec::new, |p| p.0.to_vec())
    }

    /// Data canvas position (CSS pixels) to data coordinates `[x, y]`.
    pub fn data_at(&self, x: f64, y: f64) -> Vec<f64> {
        self.data_frame
            .to_data(x * self.dpr, y * self.dpr)
            .map_or_else(Vec::new, |p| p.0.to_vec())
    }

    /// The data point within `radius` CSS pixels of `(x, y)` on the data canvas, or -1.
    pub fn point_near(&self, x: f64, y: f64, radius: f64) -> i32 {
        let Some(data) = self.race.scene.objective.data() else {
            return -1;
        };
        let (x, y) = (x * self.dpr, y * self.dpr);
        let r2 = (radius * self.dpr).powi(2);
        let mut best = (-1, r2);
        for i in 0..data.len() {
            let (px, py) = self.data_frame.to_px(Vec2::new(data.x[i], data.y[i]));
            let d2 = (px - x).powi(2) + (py - y).powi(2);
            if d2 <= best.1 {
                best = (i as i32, d2);
            }
        }
        best.0
    }

    /// Loss, gradient and Hessian at `phi` (hover): `{phi, loss, gradient, eigenvalues, kind}`.
    pub fn probe(&self, phi0: f64, phi1: f64) -> JsValue {
        #[derive(Serialize)]
        struct Probe {
            phi: [f64; 2],
            loss: f64,
            gradient: [f64; 2],
            eigenvalues: [f64; 2],
            kind: &'static str,
        }
        let phi = Vec2::new(phi0, phi1);
        let e = self.race.scene.objective.eval(phi, Batch::All, Reduce::Sum);
        to_js(&Probe {
            phi: phi.0,
            loss: e.value,
            gradient: e.gradient.0,
            eigenvalues: e.hessian.eigenvalues(),
            kind: Curvature::of(e.hessian).name(),
        })
    }

    /// Everything the controls and the live region show.
    pub fn state(&self) -> JsValue {
        to_js(&self.state_view())
    }

    /// The selected run's step internals for the inspector.
    pub fn inspector(&self) -> JsValue {
        to_js(&self.inspector_view())
    }

    /// The critical points inside the view: `[{phi, loss, eigenvalues, kind, global}]`.
    pub fn critical_points(&self) -> JsValue {
        #[derive(Serialize)]
        struct Cp {
            phi: [f64; 2],
            loss: f64,
            eigenvalues: [f64; 2],
            kind: &'static str,
            global: bool,
        }
        let pts: Vec<Cp> = self
            .surface
            .as_ref()
            .map(|s| &s.1.critical)
            .into_iter()
            .flatten()
            .map(|p| Cp {
                phi: p.phi.0,
                loss: p.loss,
                eigenvalues: p.eigenvalues,
                kind: p.kind.name(),
                global: p.global,
            })
            .collect();
        to_js(&pts)
    }

    /// The landscape of the whole data set on an `n x n` grid (page benchmark).
    pub fn sample_grid(&self, n: u32) -> Vec<f64> {
        let s = &self.race.scene;
        let n = n.clamp(1, 1024) as usize;
        crate::landscape::sample(&s.objective, &s.view, n, n, Batch::All).values
    }

    /// Times the parts of a landscape re-sample at `n x n` cells (page benchmark): milliseconds
    /// for `[grid, contours, critical points, colours]`.
    pub fn time_resample(&self, n: u32) -> Vec<f64> {
        let s = &self.race.scene;
        let n = n.clamp(2, 1024) as usize;
        let t0 = now_ms();
        let grid = crate::landscape::sample(&s.objective, &s.view, n, n, Batch::All);
        let t1 = now_ms();
        let _ = render::contours(&s.objective, &s.view, Batch::All);
        let t2 = now_ms();
        let _ = crate::landscape::critical_points(
            &s.objective,
            &s.view,
            crate::landscape::CRITICAL_SEEDS,
        );
        let t3 = now_ms();
        let _ = render::rasterise(&grid, false);
        let t4 = now_ms();
        vec![t1 - t0, t2 - t1, t3 - t2, t4 - t3]
    }

    /// The critical point drawn within `radius` CSS pixels of `(x, y)` on the landscape, as
    /// `[phi0, phi1]`, or empty.
    pub fn critical_near(&self, x: f64, y: f64, radius: f64) -> Vec<f64> {
        let Some((_, surf, _)) = &self.surface else {
            return Vec::new();
        };
        let (x, y) = (x * self.dpr, y * self.dpr);
        let r2 = (radius * self.dpr).powi(2);
        surf.critical
            .iter()
            .filter(|p| p.kind != Curvature::Maximum && p.kind != Curvature::Degenerate)
            .flat_map(|p| {
                self.land_frames.iter().map(move |f| {
                    let (px, py) = f.to_px(p.phi);
                    ((px - x).powi(2) + (py - y).powi(2), p.phi)
                })
            })
            .filter(|(d2, _)| *d2 <= r2)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map_or_else(Vec::new, |(_, p)| p.0.to_vec())
    }

    /// Section 6.5's hyperparameter search for the selected run over the two keys of `sweep=`:
    /// `{keys, xs, ys, steps, losses}` with the full-data loss after `steps` steps of every
    /// combination (`null` where the run diverged or stopped early), row by row of `ys`. Each
    /// cell runs at most [`SWEEP_STEPS`] steps so the page never freezes.
    pub fn sweep(&self) -> JsValue {
        #[derive(Serialize)]
        struct Sweep {
            keys: [String; 2],
            xs: Vec<f64>,
            ys: Vec<f64>,
            steps: usize,
            losses: Vec<Option<f64>>,
        }
        let steps = self.preset.total_steps().min(SWEEP_STEPS);
        let Some([kx, ky]) = self.preset.ui.sweep.clone() else {
            return JsValue::NULL;
        };
        let (Some(xs), Some(ys)) = (preset::sweep_values(&kx), preset::sweep_values(&ky)) else {
            return JsValue::NULL;
        };
        let mut losses = Vec::with_capacity(xs.len() * ys.len());
        for &y in &ys {
            for &x in &xs {
                let mut p = self.preset.clone();
                let spec = self.spec_of_selected(&mut p);
                let ok = set_spec(spec, &kx, &crate::format::num(x)).is_ok()
                    && set_spec(spec, &ky, &crate::format::num(y)).is_ok();
                spec.steps = Some(steps);
                let one = Preset {
                    runs: vec![spec.clone()],
                    ..p
                };
                let (mut race, _) = one.build();
                race.run_to_end();
                losses.push(
                    race.runs
                        .first()
                        .filter(|r| ok && r.status().is_running())
                        .map(|r| r.current().loss),
                );
            }
        }
        to_js(&Sweep {
            keys: [kx, ky],
            xs,
            ys,
            steps,
            losses,
        })
    }

    /// Loads cell `(i, j)` of the sweep into the selected run.
    pub fn apply_sweep(&mut self, i: u32, j: u32) -> Option<String> {
        let [kx, ky] = self.preset.ui.sweep.clone()?;
        let x = *preset::sweep_values(&kx)?.get(i as usize)?;
        let y = *preset::sweep_values(&ky)?.get(j as usize)?;
        let run = self.selected as i32;
        self.set(run, &kx, &crate::format::num(x))
            .or_else(|| self.set(run, &ky, &crate::format::num(y)))
    }

    /// The data as `[x0, y0, x1, y1, ...]`.
    pub fn data(&self) -> Vec<f64> {
        self.race
            .scene
            .objective
            .data()
            .map(|d| d.x.iter().zip(&d.y).flat_map(|(x, y)| [*x, *y]).collect())
            .unwrap_or_default()
    }
}

fn set_spec(spec: &mut RunSpec, key: &str, value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        spec.unset(key);
        Ok(())
    } else {
        spec.set(key, value)
            .map_err(|e| format!("{key} = \"{value}\": {e}"))
    }
}

#[derive(Serialize)]
struct RunView {
    opt: &'static str,
    color: String,
    steps: usize,
    limit: usize,
    loss: f64,
    phi: [f64; 2],
    start: [f64; 2],
    status: &'static str,
    message: Option<String>,
    epoch: Option<usize>,
    batch_in_epoch: Option<usize>,
    batches_per_epoch: usize,
    alpha: f64,
    beta: f64,
    gamma: f64,
    eps: f64,
    maxdist: f64,
    batch: Option<usize>,
    spec: String,
}

#[derive(Serialize)]
struct StateView {
    scene: &'static str,
    axis: [&'static str; 2],
    has_data: bool,
    n_points: usize,
    total: usize,
    finished: bool,
    selected: usize,
    runs: Vec<RunView>,
    query: String,
}

#[derive(Serialize)]
struct InspectorView {
    opt: &'static str,
    t: usize,
    epoch: Option<usize>,
    batch_in_epoch: Option<usize>,
    batches_per_epoch: usize,
    batch: Vec<usize>,
    rate: Option<f64>,
    phi: [f64; 2],
    loss: f64,
    alpha: f64,
    beta: f64,
    gamma: f64,
    eps: f64,
    /// Full-data ∇L at the point shown.
    gradient: [f64; 2],
    /// The gradient the last step used (its batch's; at the look-ahead point for Nesterov).
    step_gradient: Option<[f64; 2]>,
    /// Problems 6.1 and 6.3: ∇L by central differences, and its relative difference.
    fd_gradient: [f64; 2],
    fd_error: f64,
    /// Problem 6.7: the angle between the last two steps, in degrees.
    turn: Option<f64>,
    /// Whether the optimizer has a learning rate to show (line search chooses its step).
    has_rate: bool,
    /// Whether the scene has a 2-D Hessian to show (not the 1-D scene of figure 6.10).
    has_hessian: bool,
    m: Option<[f64; 2]>,
    v: Option<[f64; 2]>,
    m_hat: Option<[f64; 2]>,
    v_hat: Option<[f64; 2]>,
    lookahead: Option<[f64; 2]>,
    step_length: Option<f64>,
    brackets: Vec<[f64; 4]>,
    rules: Vec<u8>,
    rectification: Option<f64>,
    hessian: [[f64; 2]; 2],
    eigenvalues: [f64; 2],
    kind: &'static str,
    momentum_weights: Vec<f64>,
    /// Figure 6.6d: the last step's loss before and after, on its batch and on all the data.
    step_check: Option<[f64; 4]>,
}

impl Widget {
    /// The spec of the selected run inside `p` (making the implicit single run explicit).
    fn spec_of_selected<'a>(&self, p: &'a mut Preset) -> &'a mut RunSpec {
        if p.runs.is_empty() {
            p.runs.push(RunSpec::default());
        }
        let i = self.selected.min(p.runs.len() - 1);
        &mut p.runs[i]
    }

    fn ensure_a_run(&mut self) {
        if self.race.runs.is_empty() {
            // Every run failed to build (only possible for programmatic presets): fall back.
            self.preset.runs.clear();
            self.preset.defaults = RunSpec::default();
            self.race = self.preset.build().0;
        }
    }

    fn rebuild(&mut self) {
        let (race, problems) = self.preset.build();
        for p in problems {
            if !self.problems.contains(&p) {
                self.problems.push(p);
            }
        }
        self.race = race;
        self.ensure_a_run();
        self.selected = self.selected.min(self.race.runs.len() - 1);
    }

    fn current_data(&self) -> Option<DataSet> {
        self.race.scene.objective.data().cloned()
    }

    fn set_data(&mut self, data: DataSet) {
        self.preset.data = Some(data);
        self.preset.name = None;
        self.rebuild();
    }

    fn snap_target(&self, y: f64) -> f64 {
        if self.race.scene.name == SceneName::Logistic {
            if y >= 0.5 {
                1.0
            } else {
                0.0
            }
        } else {
            y
        }
    }

    fn current_batch(&self) -> Option<Vec<usize>> {
        let run = self.race.runs.get(self.selected)?;
        match run.current().batch.as_ref()? {
            Taken::Some(ix) => Some(ix.iter().map(|&i| i as usize).collect()),
            Taken::All(_) => None,
        }
    }

    fn surface_key(&self) -> SurfaceKey {
        SurfaceKey {
            scene: self.race.scene.name,
            data: self.race.scene.objective.data().cloned(),
            batch: None,
            log: self.preset.ui.log_colors,
            curvature: self.preset.ui.curvature,
        }
    }

    fn batch_key(&self) -> Option<SurfaceKey> {
        let shown = self.preset.ui.batch_surface
            && self.canvases.as_ref().is_some_and(|c| c.batch.is_some());
        shown.then(|| SurfaceKey {
            batch: self.current_batch(),
            curvature: false,
            ..self.surface_key()
        })
    }

    fn style(&self) -> Style<'_> {
        Style {
            scale: self.dpr,
            text: &self.texts,
        }
    }

    fn look(&self) -> render::Look {
        render::Look::of(&self.preset.ui, &self.race)
    }

    /// Samples (or reuses) the full-data surface and draws the landscape background.
    fn draw_background(&mut self, key: SurfaceKey) -> Result<(), JsValue> {
        let t0 = now_ms();
        if self.surface.as_ref().map(|s| &s.0) != Some(&key) {
            let scene = &self.race.scene;
            // The same loss as before: its samples, contours and critical points still hold.
            let old = self
                .surface
                .take()
                .filter(|(k, _, _)| k.scene == key.scene && k.data == key.data);
            let surf = match old {
                // Only the colour scale changed: re-colour, sample nothing.
                Some((k, surf, _)) if k.curvature == key.curvature => surf,
                old => {
                    let critical = old.map(|(_, s, _)| s.critical);
                    // Half the resolution and no critical-point search while a data point is
                    // dragged: the frame rate holds; the full surface follows on release.
                    let search = critical.is_none() && !self.dragging;
                    let cells = if self.dragging {
                        HEAT_CELLS / 2
                    } else {
                        HEAT_CELLS
                    };
                    let (o, v) = (&scene.objective, &scene.view);
                    render::Surface {
                        grid: if key.curvature {
                            render::curvature_grid(o, v, HEAT_CELLS / 2)
                        } else {
                            crate::landscape::sample(o, v, cells, cells, Batch::All)
                        },
                        contours: render::contours(o, v, Batch::All),
                        critical: critical.unwrap_or_else(|| {
                            if search {
                                crate::landscape::critical_points(
                                    o,
                                    v,
                                    crate::landscape::CRITICAL_SEEDS,
                                )
                            } else {
                                Vec::new()
                            }
                        }),
                    }
                }
            };
            let rgba = if key.curvature {
                render::rasterise_curvature(&surf.grid)
            } else {
                render::rasterise(&surf.grid, key.log)
            };
            self.surface = Some((key, surf, rgba));
            self.resample_ms = now_ms() - t0;
        }
        let c = self.canvases.as_ref().ok_or("not attached")?;
        let (_, surf, rgba) = self.surface.as_ref().ok_or("no surface")?;
        self.land_frames = draw_landscape(
            &c.land_bg,
            &c.heat,
            &self.race,
            surf,
            rgba,
            self.style(),
            &self.look(),
        )?;
        Ok(())
    }

    /// The current batch's own surface (figure 6.6b-d), beside the full one.
    fn draw_batch_background(&mut self, key: SurfaceKey) -> Result<(), JsValue> {
        if self.batch_surface.as_ref().map(|s| &s.0) == Some(&key) {
            return Ok(());
        }
        {
            let scene = &self.race.scene;
            let b = match &key.batch {
                Some(ix) => Batch::Indices(ix),
                None => Batch::All,
            };
            let cells = HEAT_CELLS / 2;
            let surf = render::surface(&scene.objective, &scene.view, cells, b, false);
            let rgba = render::rasterise(&surf.grid, key.log);
            self.batch_surface = Some((key, surf, rgba));
        }
        let c = self.canvases.as_ref().ok_or("not attached")?;
        let Some((bg, _)) = &c.batch else {
            return Ok(());
        };
        let (_, surf, rgba) = self.batch_surface.as_ref().ok_or("no surface")?;
        let look = render::Look {
            panels: vec![(0..self.race.runs.len()).collect()],
            ..self.look()
        };
        draw_landscape(bg, &c.heat, &self.race, surf, rgba, self.style(), &look)?;
        Ok(())
    }

    fn draw_moving(&mut self) -> Result<(), JsValue> {
        if let Some(key) = self.batch_key() {
            self.draw_batch_background(key)?;
        }
        let look = self.look();
        // Field borrows (not `self.style()`), so that `data_frame` can be updated below.
        let style = Style {
            scale: self.dpr,
            text: &self.texts,
        };
        let c = self.canvases.as_ref().ok_or("not attached")?;
        let mut overlays = vec![&c.land_fg];
        if let (Some((_, fg)), true) = (&c.batch, self.preset.ui.batch_surface) {
            overlays.push(fg);
        }
        let every: Vec<usize> = (0..self.race.runs.len()).collect();
        for (k, canvas) in overlays.into_iter().enumerate() {
            let (w, h) = (canvas.width() as f64, canvas.height() as f64);
            context(canvas)?.clear_rect(0.0, 0.0, w, h);
            let fg = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no 2d context")?;
            let root = fg.into_drawing_area();
            // The full landscape has the panels; the batch surface beside it shows every run.
            // The fan of figure 6.6a belongs on the full landscape only.
            let (groups, look) = if k == 0 {
                (look.panels.clone(), look.clone())
            } else {
                let plain = render::Look {
                    fan: false,
                    ..look.clone()
                };
                (vec![every.clone()], plain)
            };
            for ((_, area), runs) in render::split_panels(&root, groups.len(), style)
                .iter()
                .zip(&groups)
            {
                let mut chart =
                    render::landscape_chart(area, &self.race.scene, style, false, look.flip)
                        .map_err(JsValue::from)?;
                render::draw_trajectories(
                    &mut chart,
                    &self.race,
                    runs,
                    self.selected,
                    style,
                    &look,
                )
                .map_err(JsValue::from)?;
            }
        }

        let data = CanvasBackend::with_canvas_object(c.data.clone()).ok_or("no 2d context")?;
        let root = data.into_drawing_area();
        root.fill(&WHITE).map_err(js_err)?;
        render::draw_data(&root, &self.race, self.selected, style, &look).map_err(JsValue::from)?;
        self.data_frame = data_frame(&root, &self.race, style)?;

        let loss = CanvasBackend::with_canvas_object(c.loss.clone()).ok_or("no 2d context")?;
        let root = loss.into_drawing_area();
        root.fill(&WHITE).map_err(js_err)?;
        render::draw_loss(
            &root,
            &self.race,
            self.selected,
            self.preset.total_steps(),
            style,
            &look,
        )
        .map_err(JsValue::from)?;
        Ok(())
    }

    fn state_view(&self) -> StateView {
        let configs = self.preset.run_configs();
        let runs = self
            .race
            .runs
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let cur = r.current();
                let k = r.batches_per_epoch();
                let (status, message) = match r.status() {
                    Status::Running => ("running", None),
                    Status::Diverged { message, .. } => ("diverged", Some(message.clone())),
                    Status::Stopped { message, .. } => ("stopped", Some(message.clone())),
                };
                let spec = self
                    .preset
                    .runs
                    .get(i)
                    .map(|s| {
                        Preset {
                            runs: vec![s.clone()],
                            ..Preset::default()
                        }
                        .to_query()
                        .split("&run=")
                        .nth(1)
                        .unwrap_or("")
                        .to_string()
                    })
                    .unwrap_or_default();
                RunView {
                    opt: r.config.opt.name(),
                    color: render::run_color_css(i),
                    steps: r.steps_taken(),
                    limit: self.race.limits.get(i).copied().unwrap_or(0),
                    loss: cur.loss,
                    phi: cur.phi.0,
                    start: r.history()[0].phi.0,
                    status,
                    message,
                    epoch: cur.epoch,
                    batch_in_epoch: batch_in_epoch(r.steps_taken(), k),
                    batches_per_epoch: k,
                    alpha: r.config.hyper.alpha,
                    beta: r.config.hyper.beta,
                    gamma: r.config.hyper.gamma,
                    eps: r.config.hyper.eps,
                    maxdist: r.config.hyper.maxdist,
                    batch: configs.get(i).and_then(|c| c.0.batch),
                    spec,
                }
            })
            .collect();
        StateView {
            scene: self.race.scene.name.name(),
            axis: self.race.scene.name.axis_labels(),
            has_data: self.race.scene.name.has_data(),
            n_points: self.race.scene.objective.n_samples(),
            total: self.preset.total_steps(),
            finished: self.race.finished(),
            selected: self.selected,
            runs,
            query: self.preset.to_query(),
        }
    }

    fn inspector_view(&self) -> InspectorView {
        let r = &self.race.runs[self.selected];
        let cur = r.current();
        let i = r.internals();
        let e = self
            .race
            .scene
            .objective
            .eval(cur.phi, Batch::All, Reduce::Sum);
        let v2 = |v: Option<Vec2>| v.map(|v| v.0);
        let fd = self.race.scene.objective.gradient_fd(cur.phi);
        let beta = r.config.hyper.beta;
        InspectorView {
            opt: r.config.opt.name(),
            t: r.steps_taken(),
            epoch: cur.epoch,
            batch_in_epoch: batch_in_epoch(r.steps_taken(), r.batches_per_epoch()),
            batches_per_epoch: r.batches_per_epoch(),
            batch: match &cur.batch {
                Some(Taken::Some(ix)) => ix.iter().map(|&i| i as usize).collect(),
                _ => Vec::new(),
            },
            rate: cur.rate,
            phi: cur.phi.0,
            loss: cur.loss,
            alpha: r.config.hyper.alpha,
            beta,
            gamma: r.config.hyper.gamma,
            eps: r.config.hyper.eps,
            gradient: e.gradient.0,
            step_gradient: v2(i.gradient),
            fd_gradient: fd.0,
            fd_error: (fd - e.gradient).norm() / e.gradient.norm().max(1e-12),
            turn: crate::figures::step_angles(r).last().copied(),
            has_rate: r.config.opt.uses().contains(&"alpha"),
            has_hessian: self.race.scene.name != SceneName::Line1d,
            m: v2(i.m),
            v: v2(i.v),
            m_hat: v2(i.m_hat),
            v_hat: v2(i.v_hat),
            lookahead: v2(i.lookahead),
            step_length: i.step_length,
            brackets: i.brackets.iter().map(|b| [b.a, b.b, b.c, b.d]).collect(),
            rules: i.brackets.iter().map(|b| b.rule.number()).collect(),
            rectification: i.rectification,
            hessian: e.hessian.0,
            eigenvalues: e.hessian.eigenvalues(),
            kind: Curvature::of(e.hessian).name(),
            // Problem 6.10: m_t = sum_k (1 - beta) beta^k g_{t-k}.
            momentum_weights: (0..12).map(|k| (1.0 - beta) * beta.powi(k)).collect(),
            step_check: self.step_check(),
        }
    }
}

impl Widget {
    fn step_check(&self) -> Option<[f64; 4]> {
        let r = self.race.runs.get(self.selected)?;
        let h = r.history();
        let (prev, cur) = (h.get(h.len().checked_sub(2)?)?, h.last()?);
        let ix = match cur.batch.as_ref()? {
            Taken::Some(ix) => ix.iter().map(|&i| i as usize).collect::<Vec<_>>(),
            Taken::All(_) => return None,
        };
        let o = &self.race.scene.objective;
        let b = |p: Vec2| o.value(p, Batch::Indices(&ix), Reduce::Sum);
        Some([b(prev.phi), b(cur.phi), prev.loss, cur.loss])
    }
}

/// Draws a landscape background: axes, the rasterised surface blitted into the plot rectangle
/// (scaled smoothly), contours and critical points. Returns the plot's frame for hit-testing.
fn draw_landscape(
    canvas: &HtmlCanvasElement,
    heat: &HtmlCanvasElement,
    race: &Race,
    surf: &render::Surface,
    rgba: &[u8],
    style: Style,
    look: &render::Look,
) -> Result<Vec<Frame>, JsValue> {
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no 2d context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(js_err)?;
    let img = ImageData::new_with_u8_clamped_array_and_sh(
        Clamped(rgba),
        surf.grid.width as u32,
        surf.grid.height as u32,
    )?;
    context(heat)?.put_image_data(&img, 0.0, 0.0)?;
    let groups = &look.panels;
    let mut frames = Vec::with_capacity(groups.len());
    for (k, (strip, area)) in render::split_panels(&root, groups.len(), style)
        .iter()
        .enumerate()
    {
        let mut chart = render::landscape_chart(area, &race.scene, style, true, look.flip)
            .map_err(JsValue::from)?;
        let frame = Frame::of(&chart);
        // The raster's row 0 is the largest phi1: mirror it when phi1 runs downwards.
        let ctx = context(canvas)?;
        let (dx, dy) = (frame.px.0, frame.py.0);
        let (dw, dh) = (frame.px.1 - frame.px.0, frame.py.1 - frame.py.0);
        ctx.save();
        if look.flip {
            ctx.translate(0.0, 2.0 * dy + dh)?;
            ctx.scale(1.0, -1.0)?;
        }
        let drawn = ctx
            .draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
                heat,
                0.0,
                0.0,
                surf.grid.width as f64,
                surf.grid.height as f64,
                dx,
                dy,
                dw,
                dh,
            );
        ctx.restore();
        drawn?;
        render::draw_surface_marks(&mut chart, surf, style).map_err(JsValue::from)?;
        if let (true, Some(runs)) = (groups.len() > 1, groups.get(k)) {
            render::draw_panel_label(strip, &render::panel_title(race, runs, k), style)
                .map_err(JsValue::from)?;
        }
        frames.push(frame);
    }
    Ok(frames)
}

/// 1-based position of the latest step's batch within its epoch.
fn batch_in_epoch(steps: usize, k: usize) -> Option<usize> {
    (steps > 0).then(|| (steps - 1) % k.max(1) + 1)
}

fn data_frame(
    root: &DrawingArea<CanvasBackend, Shift>,
    race: &Race,
    style: Style,
) -> Result<Frame, JsValue> {
    let chart = render::data_chart(root, &race.scene, style, false).map_err(JsValue::from)?;
    Ok(Frame::of(&chart))
}

fn context(c: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    c.get_context("2d")?
        .ok_or("no 2d context")?
        .dyn_into::<CanvasRenderingContext2d>()
        .map_err(|_| JsValue::from_str("not a 2d context"))
}

fn js_err<E: std::fmt::Debug>(e: E) -> JsValue {
    JsValue::from_str(&format!("{e:?}"))
}
