//! The browser binding (wasm32 only): the one exported [`Widget`] handle around a platform-free
//! [`Session`], its canvases and the cached landscape raster. Every user action arrives as one
//! [`Edit`] through [`Widget::edit`]; views leave as plain objects. All numerics and decisions
//! live in the core (`session`, `render`); this file only forwards, caches pixels and draws.

pub(crate) mod canvas;

use crate::linalg::Vector;
use crate::pipeline::{self, Pipeline};
use crate::render::hit::{self, Frame};
use crate::render::{self, Style};
use crate::run::Race;
use crate::session::{views, Applied, Edit, Session};
use plotters::coord::Shift;
use plotters::prelude::*;
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::Clamped;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

// The page's allocator: talc, about 3 KB less wasm than the standard library's dlmalloc (the
// page is single-threaded, which is what `new_global` requires).
#[global_allocator]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

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

/// The optimizers, scenes, presets and problems, for building menus.
#[wasm_bindgen]
pub fn catalogue() -> JsValue {
    to_js(&views::catalogue())
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

/// A gallery thumbnail, made in short tasks ([`Thumbnail::work`], see
/// `pipeline::Thumbnail`), then drawn on a canvas ([`Thumbnail::draw`]) by the same code as the
/// CLI's SVG. A canvas is one bitmap for the page, where the SVG was thousands of elements to lay
/// out and paint.
#[wasm_bindgen]
pub struct Thumbnail(pipeline::Thumbnail);

#[wasm_bindgen]
impl Thumbnail {
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str) -> Thumbnail {
        Thumbnail(pipeline::Thumbnail::new(query))
    }

    /// Goes on for about `ms`: the preset plays a few steps at a time to its end, then its
    /// landscape is sampled and its critical points searched. Returns whether all is done.
    pub fn work(&mut self, ms: f64) -> bool {
        self.0.work(ms, &Performance)
    }

    /// Draws the thumbnail on `canvas`, sized `size` CSS pixels square at `dpr` device pixels
    /// each (after [`Thumbnail::work`] said done; before, what is missing is made here).
    pub fn draw(&self, canvas: HtmlCanvasElement, size: u32, dpr: f64) -> Result<(), JsValue> {
        let dpr = if dpr.is_finite() {
            dpr.clamp(1.0, 4.0)
        } else {
            1.0
        };
        let px = (size.clamp(32, 1024) as f64 * dpr).round() as u32;
        canvas.set_width(px);
        canvas.set_height(px);
        let s = self.0.session();
        let look = render::Look::of(&s.preset().ui, s.race());
        let root = canvas::backend(canvas)
            .ok_or("no 2d context")?
            .into_drawing_area();
        let scale = render::THUMBNAIL_SCALE * dpr;
        render::draw_thumbnail(&root, s.race(), &look, scale, self.0.surface())
            .map_err(JsValue::from)
    }
}

/// Figure 6.11's answers (Problem 6.6), computed from its functions.
#[wasm_bindgen]
pub fn quiz_answers() -> JsValue {
    to_js(&views::quiz())
}

/// Problem 6.9's calculator: epochs after `iterations` steps on `n` points in batches of `batch`.
#[wasm_bindgen]
pub fn epochs_for(n: u32, batch: u32, iterations: u32) -> f64 {
    crate::sampler::epochs_for(n as usize, batch as usize, iterations as usize)
}

/// `downhill trace` for a query: JSON Lines, or the error messages joined by newlines.
#[cfg(feature = "test-hooks")]
#[wasm_bindgen]
pub fn trace_query(query: &str) -> Result<String, String> {
    crate::trace_query(query).map_err(|e| e.join("\n"))
}

/// Plain objects (not `Map`s) for maps and flattened structs.
fn to_js<T: Serialize>(v: &T) -> JsValue {
    let s = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    v.serialize(&s).unwrap_or(JsValue::NULL)
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The page's clock, `performance.now()`.
struct Performance;

impl pipeline::Clock for Performance {
    fn now(&self) -> f64 {
        now_ms()
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

/// One widget: a session, the cached landscape and the canvases it draws on.
#[wasm_bindgen]
pub struct Widget {
    session: Session,
    /// The landscape's surfaces and the work of making them.
    pipe: Pipeline,
    canvases: Option<Canvases>,
    dpr: f64,
    /// The landscape panels' plot rectangles (one per `panels=` group), for hit-testing.
    land_frames: Vec<Frame>,
    data_frame: Frame,
    /// Axis words in the page's language.
    texts: render::Texts,
    /// Paper and ink: the page says which (`theme=`, `auto` resolved by the browser).
    palette: render::Palette,
}

#[wasm_bindgen]
impl Widget {
    /// A widget for `query`; problems with it are kept for [`Widget::problems`].
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str) -> Widget {
        Widget {
            session: Session::new(query),
            pipe: Pipeline::default(),
            canvases: None,
            dpr: 1.0,
            land_frames: Vec::new(),
            data_frame: Frame::default(),
            texts: render::Texts::default(),
            palette: render::LIGHT,
        }
    }

    /// Applies one edit, written as a small query (`kind=set&run=0&key=alpha&value=0.1`; see
    /// `session::Edit::parse`). Returns `undefined` when it applied, the index of an added data
    /// point, or the message saying why it did not.
    pub fn edit(&mut self, edit: &str) -> JsValue {
        match Edit::parse(edit).and_then(|e| self.session.apply(e)) {
            Ok(Applied::PointAdded(i)) => JsValue::from_f64(i as f64),
            Ok(Applied::Presentation) => {
                self.pipe.redraw_background();
                JsValue::UNDEFINED
            }
            Ok(_) => JsValue::UNDEFINED,
            Err(e) => JsValue::from_str(&e),
        }
    }

    /// One view of the state, by name: `state` (everything the controls show, after a change),
    /// `readout` (each run's progress, every frame), `inspector` (the selected run's step),
    /// `ui` (the presentation settings), `problems` (of the last load or change), `sweep`
    /// (section 6.5's grid, or `null`), `critical` (the critical points in view), `data`
    /// (`[x0, y0, x1, y1, ...]`), `describe` (the figure for screen readers). An unknown name
    /// gives `undefined`.
    pub fn view(&self, name: &str) -> JsValue {
        let s = &self.session;
        match name {
            "state" => to_js(&s.state_view()),
            "readout" => to_js(&s.readout()),
            "inspector" => to_js(&s.inspector_view()),
            "ui" => to_js(&s.ui_view()),
            "problems" => to_js(&s.problems_view()),
            "sweep" => s.sweep_view().map_or(JsValue::NULL, |v| to_js(&v)),
            #[cfg(feature = "test-hooks")]
            "critical" => to_js(&Session::critical_views(self.pipe.critical())),
            #[cfg(feature = "test-hooks")]
            "data" => to_js(&s.data_flat()),
            "lesson" => s.lesson_view().map_or(JsValue::NULL, |v| to_js(&v)),
            "describe" => to_js(&s.describe(self.pipe.critical())),
            _ => JsValue::UNDEFINED,
        }
    }

    /// Advances section 6.5's sweep for about `ms` milliseconds (the page calls it once a
    /// frame), a few optimizer steps at a time: `[cells done, cells in all]`, or empty without a
    /// sweep.
    pub fn sweep_work(&mut self, ms: f64) -> Vec<f64> {
        /// Optimizer steps between looks at the clock.
        const STEPS: usize = 4;
        let t0 = now_ms();
        loop {
            let Some((done, total)) = self.session.sweep_work(STEPS) else {
                return Vec::new();
            };
            if done >= total || now_ms() - t0 >= ms {
                return vec![done as f64, total as f64];
            }
        }
    }

    /// The canonical query of the current state.
    pub fn query(&self) -> String {
        self.session.query()
    }

    /// The query of a share link (`embed` false) or of an iframe's address (`embed` true).
    pub fn link(&self, embed: bool) -> String {
        self.session.link_query(embed)
    }

    /// The named preset this state came from, if any.
    pub fn preset_name(&self) -> Option<String> {
        self.session.preset().name.clone()
    }

    /// The named preset whose caption holds now (see `Session::captioned`).
    pub fn captioned(&self) -> Option<String> {
        self.session.captioned().map(str::to_string)
    }

    /// Advances every run by up to `n` steps. Returns whether any run moved.
    pub fn step(&mut self, n: u32) -> bool {
        self.session.step(n as usize)
    }

    /// Whether every run reached its end (or stopped).
    pub fn finished(&self) -> bool {
        self.session.finished()
    }

    /// The runs so far as JSON Lines, identical to `downhill trace` for the same query and steps.
    pub fn trace(&self) -> String {
        self.session.trace()
    }

    /// "Copy as NumPy": a script that reproduces the runs so far (identical to `downhill
    /// numpy` for the same query played to the same step), its Python text from `parts` (the
    /// page's `numpy-parts.js`, the text the CLI compiles in).
    pub fn numpy(&self, parts: &str) -> String {
        crate::numpy::script(self.session.race(), &self.session.query(), parts)
    }

    /// The runs so far as CSV, identical to `downhill csv` for the same query and steps.
    pub fn csv(&self) -> String {
        crate::trace::csv(
            &self.session.race().runs,
            self.session.race().scene.name.param_keys(),
        )
    }

    /// The figure as shown (its panels, overlays and language) as an SVG document of
    /// `width x height` pixels, drawn by the same code as the canvases.
    pub fn svg(&self, width: u32, height: u32) -> String {
        let race = self.session.race();
        let size = (width.clamp(200, 4000), height.clamp(150, 4000));
        // With a landscape on screen, its heatmap is a placeholder per panel that the page
        // fills with `heat_png` (one image, not a rectangle per sample).
        let look = render::Look {
            raster: self.pipe.current(&self.session).is_some(),
            ..self.look()
        };
        render::render_svg_on::<canvas::Canvas>(
            race,
            self.session.preset().total_steps(),
            size,
            &look,
            &self.texts,
        )
        .unwrap_or_default()
    }

    /// The landscape's heatmap on screen as a PNG data URL (empty without one): what `svg`'s
    /// placeholders stand for.
    pub fn heat_png(&self) -> String {
        let Some(surf) = self.pipe.current(&self.session) else {
            return String::new();
        };
        let (w, h) = (
            surf.sampled.grid.width as u32,
            surf.sampled.grid.height as u32,
        );
        let png = || -> Result<String, JsValue> {
            let canvas = web_sys::window()
                .and_then(|w| w.document())
                .ok_or("no document")?
                .create_element("canvas")?
                .dyn_into::<HtmlCanvasElement>()?;
            canvas.set_width(w);
            canvas.set_height(h);
            let img = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&surf.rgba), w, h)?;
            context(&canvas)?.put_image_data(&img, 0.0, 0.0)?;
            canvas.to_data_url()
        };
        png().unwrap_or_default()
    }

    /// Loss, gradient and curvature at `phi` (hover): `{phi, loss, gradient, eigenvalues, kind}`.
    pub fn probe(&self, phi0: f64, phi1: f64) -> JsValue {
        to_js(&self.session.probe(Vector::new(phi0, phi1)))
    }

    /// What is under CSS pixel `(x, y)`: `landscape` (the parameters `[phi0, phi1]` on any
    /// landscape panel), `data` (data coordinates `[x, y]` on the data panel), `point` (`[i]`,
    /// the data point within `radius`), `critical` (the marked critical point within `radius`,
    /// `[phi0, phi1]`), `start` (a run's start marker within `radius`, where it is drawn: a
    /// finger that lands on it drags it rather than scrolling the page). Empty when nothing is
    /// there.
    pub fn hit(&self, what: &str, x: f64, y: f64, radius: f64) -> Vec<f64> {
        let (x, y, r) = (x * self.dpr, y * self.dpr, radius * self.dpr);
        let race = self.session.race();
        match what {
            "landscape" => hit::landscape_at(&self.land_frames, &race.scene.view, x, y)
                .map_or_else(Vec::new, |p| p.to_vec()),
            "data" => self
                .data_frame
                .to_data(x, y)
                .map_or_else(Vec::new, |p| p.to_vec()),
            "point" => race
                .scene
                .objective
                .data()
                .and_then(|d| hit::point_near(self.data_frame, d, x, y, r))
                .map_or_else(Vec::new, |i| vec![i as f64]),
            "start" => {
                let scene = &race.scene;
                let starts: Vec<Vector> = race
                    .runs
                    .iter()
                    .filter_map(|r| r.history().first())
                    .map(|p| match scene.plane {
                        None => Vector::new(p.phi.x(), p.phi.y()),
                        Some(_) => scene.project(p.phi).uv,
                    })
                    .collect();
                hit::nearest(&self.land_frames, &starts, x, y, r)
                    .map_or_else(Vec::new, |p| p.to_vec())
            }
            "critical" => hit::critical_near(&self.land_frames, self.pipe.critical(), x, y, r)
                .map_or_else(Vec::new, |p| p.to_vec()),
            _ => Vec::new(),
        }
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
        heat.set_width(pipeline::HEAT_CELLS as u32);
        heat.set_height(pipeline::HEAT_CELLS as u32);
        self.canvases = Some(Canvases {
            land_bg,
            land_fg,
            data,
            loss,
            heat,
            batch: None,
        });
        self.pipe.redraw_background();
        Ok(())
    }

    /// Gives the widget the two canvases of the batch landscape (figure 6.6), shown with
    /// `batchsurf=1`.
    pub fn attach_batch(&mut self, bg: HtmlCanvasElement, fg: HtmlCanvasElement) {
        if let Some(c) = &mut self.canvases {
            c.batch = Some((bg, fg));
            self.pipe.redraw_batch();
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
        self.pipe.redraw_background();
        self.pipe.redraw_batch();
    }

    /// Samples a fresh landscape's grid for about `ms` milliseconds before the canvases are
    /// sized (the page calls it while it waits for its first frame). Returns whether more is
    /// left; `draw` goes on from there.
    pub fn prepare(&mut self, ms: f64) -> bool {
        self.pipe.prepare(&self.session, ms, &Performance)
    }

    /// Draws what changed, within about `ms` milliseconds (what the page's frame has left): the
    /// moving parts every call; the landscape's background when the pipeline says it is due
    /// (see `pipeline::Pipeline`, which decides what is made when, so no call is long whatever
    /// the loss). Returns whether more is left (the page asks for another frame).
    pub fn draw(&mut self, ms: f64) -> Result<bool, JsValue> {
        if self.canvases.is_none() {
            return Ok(false);
        }
        let t0 = now_ms();
        let begin = self.pipe.begin(&self.session, &Performance);
        if begin.background {
            self.draw_background()?;
        }
        if !begin.moving {
            return Ok(true);
        }
        self.draw_batch(ms - (now_ms() - t0))?;
        self.draw_moving()?;
        Ok(self
            .pipe
            .finish(&self.session, ms - (now_ms() - t0), &Performance))
    }

    /// Whether the landscape on screen is the current one (the page benchmark's first-landscape
    /// mark waits for it).
    pub fn painted(&self) -> bool {
        self.pipe.painted(&self.session)
    }

    /// Marks a data drag in progress: the landscape re-samples live, the critical-point search
    /// waits for the release.
    pub fn set_dragging(&mut self, on: bool) {
        self.pipe.set_dragging(on);
    }

    /// Sets the words of an axis label (keys in `render::TEXT_KEYS`) in the page's language.
    pub fn set_text(&mut self, key: &str, value: &str) {
        self.texts.set(key, value);
        self.pipe.redraw_background();
        self.pipe.redraw_batch();
    }

    /// Dark paper and light ink (`theme=dark`, or `auto` on a dark system), or the book's.
    pub fn set_dark(&mut self, dark: bool) {
        let palette = if dark { render::DARK } else { render::LIGHT };
        if palette != self.palette {
            self.palette = palette;
            self.pipe.redraw_background();
            self.pipe.redraw_batch();
        }
    }

    /// The keys [`Widget::set_text`] knows.
    pub fn text_keys() -> Vec<String> {
        render::TEXT_KEYS
            .iter()
            .map(|(k, _)| k.to_string())
            .collect()
    }

    /// Figure 6.11's three functions as SVG, with the widget's axis words.
    pub fn quiz_svg(&self, width: u32, height: u32) -> String {
        render::quiz_svg_on::<canvas::Canvas>(
            width.clamp(200, 2000),
            height.clamp(100, 1000),
            &self.texts,
        )
        .unwrap_or_default()
    }

    /// The page benchmark's measurements: `memory` (bytes of wasm memory), `resample`
    /// (milliseconds the last landscape re-sample took), `parts` (a fresh `n x n` re-sample timed as `[grid, contours, critical points,
    /// colours]`), `grid` (the loss on an `n x n` grid, to compare with plain JS; a slice's on a
    /// sliced scene), `plane` (a sliced scene's centre and directions).
    #[cfg(feature = "test-hooks")]
    pub fn bench(&self, what: &str, n: u32) -> Vec<f64> {
        let scene = &self.session.race().scene;
        let sliced = scene.surface();
        let s = crate::objective::Scene {
            objective: sliced.into_owned(),
            ..scene.clone()
        };
        let s = &s;
        let n = n.clamp(2, 1024) as usize;
        match what {
            "resample" => vec![self.pipe.resample_ms()],
            // A sliced scene's plane as [centre..., d1..., d2...] (the plain-JS comparison
            // samples the same slice).
            "plane" => scene.plane.map_or_else(Vec::new, |p| {
                [p.center, p.d1, p.d2]
                    .iter()
                    .flat_map(|v| v.as_slice().to_vec())
                    .collect()
            }),
            // Bytes of linear memory the module holds now (the soak test watches it).
            "memory" => vec![core::arch::wasm32::memory_size(0) as f64 * 65536.0],
            "grid" => {
                crate::landscape::sample(&s.objective, &s.view, n, n, crate::objective::Batch::All)
                    .values
            }
            "parts" => {
                let t0 = now_ms();
                let grid = crate::landscape::sample(
                    &s.objective,
                    &s.view,
                    n,
                    n,
                    crate::objective::Batch::All,
                );
                let t1 = now_ms();
                let _ = render::contours(&s.objective, &s.view, crate::objective::Batch::All);
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
            _ => Vec::new(),
        }
    }
}

/// A real Rust panic, for the e2e test of trap recovery (built only with `--features test-panic`).
#[cfg(feature = "test-panic")]
#[wasm_bindgen]
impl Widget {
    pub fn debug_panic(&self) {
        panic!("debug_panic: a real Rust panic, for the recovery test");
    }
}

impl Widget {
    fn style(&self) -> Style<'_> {
        Style {
            scale: self.dpr,
            text: &self.texts,
            palette: self.palette,
        }
    }

    fn look(&self) -> render::Look {
        self.session.look()
    }

    /// Draws the landscape background from the cached surface.
    fn draw_background(&mut self) -> Result<(), JsValue> {
        let c = self.canvases.as_ref().ok_or("not attached")?;
        let surf = self.pipe.surface().ok_or("no surface")?;
        self.land_frames = draw_landscape(
            &c.land_bg,
            &c.heat,
            self.session.race(),
            surf,
            self.style(),
            &self.look(),
        )?;
        Ok(())
    }

    /// The current batch's own surface (figure 6.6b-d), beside the full one, when the pipeline
    /// makes a new one with the `left` milliseconds of the frame.
    fn draw_batch(&mut self, left: f64) -> Result<(), JsValue> {
        let Some(c) = self.canvases.as_ref() else {
            return Ok(());
        };
        let style = Style {
            scale: self.dpr,
            text: &self.texts,
            palette: self.palette,
        };
        let race = self.session.race();
        let look = render::Look {
            panels: vec![(0..race.runs.len()).collect()],
            ..self.session.look()
        };
        self.pipe.batch(
            &self.session,
            c.batch.is_some(),
            left,
            &Performance,
            |surf| {
                match &c.batch {
                    Some((bg, _)) => draw_landscape(bg, &c.heat, race, surf, style, &look),
                    None => Ok(Vec::new()),
                }
                .map(drop)
            },
        )
    }

    /// Draws the runs, their marks, the data and the losses.
    fn draw_moving(&mut self) -> Result<(), JsValue> {
        let look = self.look();
        // Field borrows (not `self.style()`), so that `data_frame` can be updated below.
        let style = Style {
            scale: self.dpr,
            text: &self.texts,
            palette: self.palette,
        };
        let c = self.canvases.as_ref().ok_or("not attached")?;
        let mut overlays = vec![&c.land_fg];
        if let (Some((_, fg)), true) = (&c.batch, self.session.preset().ui.batch_surface) {
            overlays.push(fg);
        }
        let every: Vec<usize> = (0..self.session.race().runs.len()).collect();
        let marks = self.session.marks();
        // The landscape panels' plot rectangles, for hit-testing: the overlay's charts lie
        // exactly on the background's, so a press finds its point before the first landscape
        // is drawn.
        let mut frames = Vec::new();
        for (k, canvas) in overlays.into_iter().enumerate() {
            let (w, h) = (canvas.width() as f64, canvas.height() as f64);
            context(canvas)?.clear_rect(0.0, 0.0, w, h);
            let fg = canvas::backend(canvas.clone()).ok_or("no 2d context")?;
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
                let mut chart = render::landscape_chart(
                    area,
                    &self.session.race().scene,
                    style,
                    false,
                    look.flip,
                )
                .map_err(JsValue::from)?;
                if k == 0 {
                    frames.push(Frame::of(&chart));
                }
                render::draw_trajectories(
                    &mut chart,
                    self.session.race(),
                    runs,
                    self.session.selected(),
                    style,
                    &look,
                )
                .map_err(JsValue::from)?;
                if k == 0 {
                    render::draw_marks(&mut chart, &marks, style).map_err(JsValue::from)?;
                }
            }
        }

        self.land_frames = frames;
        let data = canvas::backend(c.data.clone()).ok_or("no 2d context")?;
        let root = data.into_drawing_area();
        root.fill(&style.palette.paper).map_err(js_err)?;
        render::draw_data(
            &root,
            self.session.race(),
            self.session.selected(),
            style,
            &look,
        )
        .map_err(JsValue::from)?;
        self.data_frame = data_frame(&root, self.session.race(), style)?;

        let loss = canvas::backend(c.loss.clone()).ok_or("no 2d context")?;
        let root = loss.into_drawing_area();
        root.fill(&style.palette.paper).map_err(js_err)?;
        render::draw_loss(
            &root,
            self.session.race(),
            self.session.selected(),
            self.session.preset().total_steps(),
            style,
            &look,
        )
        .map_err(JsValue::from)?;
        Ok(())
    }
}

/// Draws a landscape background: axes, the rasterised surface blitted into the plot rectangle
/// (scaled smoothly), contours and critical points. Returns the plot's frame for hit-testing.
fn draw_landscape(
    canvas: &HtmlCanvasElement,
    heat: &HtmlCanvasElement,
    race: &Race,
    surface: &pipeline::Surface,
    style: Style,
    look: &render::Look,
) -> Result<Vec<Frame>, JsValue> {
    let (surf, rgba) = (&surface.sampled, &surface.rgba[..]);
    let backend = canvas::backend(canvas.clone()).ok_or("no 2d context")?;
    let root = backend.into_drawing_area();
    root.fill(&style.palette.paper).map_err(js_err)?;
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

fn data_frame(
    root: &DrawingArea<render::backend::Figure<'static, canvas::Canvas>, Shift>,
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

fn js_err<E: std::fmt::Display>(e: E) -> JsValue {
    JsValue::from_str(&e.to_string())
}

/// plotters' `f64::powf` (its axis key points and tick labels) links the C symbol `pow`, which
/// compiler-builtins provides with a second copy of libm's `pow`. This definition is the `libm`
/// crate's, which the numerics use already, so the module carries one `pow` (2 KB less).
#[no_mangle]
pub extern "C" fn pow(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

/// The same for `log10` and `log` (plotters' axes), which have a copy in compiler-builtins too.
#[no_mangle]
pub extern "C" fn log10(x: f64) -> f64 {
    libm::log10(x)
}

/// See [`log10`].
#[no_mangle]
pub extern "C" fn log(x: f64) -> f64 {
    libm::log(x)
}
