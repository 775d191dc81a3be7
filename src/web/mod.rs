//! The browser binding (wasm32 only), the one place where JavaScript meets the core: the
//! [`Widget`] handle around a platform-free [`Session`] and its [`Pipeline`], the gallery's
//! [`Thumbnail`], and a few free functions. Edits arrive as plain objects read by
//! `Edit::from_fields`; views leave as plain objects; the names JavaScript may pass (a view, a
//! hit target, an export) are string enums, so the generated TypeScript lists them and anything
//! else is refused. What is drawn when is the pipeline's decision and how is `render`'s; this
//! file holds the canvases, the raster's blit and `performance.now()`.

pub(crate) mod canvas;

use crate::linalg::Vector;
use crate::pipeline::{self, Pipeline};
use crate::render::hit::{self, Frame};
use crate::render::{self, Style};
use crate::session::{views, Applied, Edit, Fields, Session};
use plotters::prelude::IntoDrawingArea;
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

/// Everything the page builds its menus and panels from: optimizers, scenes, presets,
/// problems, the keys of the axis words, figure 6.11's answers (see `views::catalogue`).
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

/// Problem 6.9's calculator: `{n, batch, iterations, epochs, per_step}` for the inputs as
/// typed, each clamped to what the calculator accepts (see `views::calculator`).
#[wasm_bindgen]
pub fn epochs_for(n: f64, batch: f64, iterations: f64) -> JsValue {
    to_js(&views::calculator(n, batch, iterations))
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
        let root = canvas::backend(canvas)
            .ok_or("no 2d context")?
            .into_drawing_area();
        self.0.draw(&root, dpr).map_err(JsValue::from)
    }
}

/// A view of the state (see `session::views`): `state` (everything the controls show, with the
/// canonical query, the share and embed links and the preset's name, after a change),
/// `readout` (each run's progress, every frame), `inspector` (the selected run's step), `ui`
/// (the presentation settings), `problems` (of the last load or change), `sweep` (section
/// 6.5's grid, or `null`), `lesson` (or `null`), `describe` (the figure for screen readers).
#[wasm_bindgen]
pub enum View {
    State = "state",
    Readout = "readout",
    Inspector = "inspector",
    Ui = "ui",
    Problems = "problems",
    Sweep = "sweep",
    Lesson = "lesson",
    Describe = "describe",
}

/// What a pointer looks for: see `render::hit::Target`.
#[wasm_bindgen]
pub enum Hit {
    Landscape = "landscape",
    Data = "data",
    Point = "point",
    Start = "start",
    Critical = "critical",
}

/// What [`Widget::draw`] left: `pending` (the landscape on screen is not the current one yet;
/// more frames follow), `more` (it is; its marks or critical points are still to come), `done`.
#[wasm_bindgen]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drawn {
    Pending = "pending",
    More = "more",
    Done = "done",
}

/// What [`Widget::export`] writes: `trace` (JSON Lines, as `downhill trace`), `csv`, `numpy`
/// (Copy as NumPy, as `downhill numpy`), `svg` (the figure as shown), `png` (the heatmap on
/// screen, a data URL: what the SVG's placeholders stand for), `quiz` (figure 6.11's functions).
#[wasm_bindgen]
pub enum Export {
    Trace = "trace",
    Csv = "csv",
    Numpy = "numpy",
    Svg = "svg",
    Png = "png",
    Quiz = "quiz",
}

/// The page's plain object of an edit, read field by field (see `session::Fields`): a field
/// is text, a number, a flag, or an array of texts (a page's lesson's beats).
struct JsFields(JsValue);

impl Fields for JsFields {
    fn texts(&self, k: &str) -> Vec<String> {
        let text = |v: JsValue| {
            v.as_string()
                .or_else(|| v.as_f64().map(|x| x.to_string()))
                .or_else(|| v.as_bool().map(|b| if b { "1" } else { "0" }.to_string()))
        };
        let v = self.get(k);
        if js_sys::Array::is_array(&v) {
            js_sys::Array::from(&v).iter().filter_map(text).collect()
        } else {
            text(v).into_iter().collect()
        }
    }

    fn number(&self, k: &str) -> Option<f64> {
        self.get(k).as_f64()
    }
}

impl JsFields {
    fn get(&self, k: &str) -> JsValue {
        if !self.0.is_object() {
            return JsValue::UNDEFINED;
        }
        js_sys::Reflect::get(&self.0, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
    }
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

/// Device pixels per CSS pixel as the page reports them, up to 4 (1 when it is not a number).
fn clamp_dpr(dpr: f64) -> f64 {
    if dpr.is_finite() && dpr > 0.0 {
        dpr.min(4.0)
    } else {
        1.0
    }
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

/// One widget: a session, its landscape pipeline and the canvases it draws on.
#[wasm_bindgen]
pub struct Widget {
    session: Session,
    pipe: Pipeline,
    canvases: Option<Canvases>,
    /// Device pixels per CSS pixel; `None` until the page has sized the canvases.
    dpr: Option<f64>,
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
    /// A widget for `query`; its problems are in the `problems` view.
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str) -> Widget {
        Widget {
            session: Session::new(query),
            pipe: Pipeline::default(),
            canvases: None,
            dpr: None,
            land_frames: Vec::new(),
            data_frame: Frame::default(),
            texts: render::Texts::default(),
            palette: render::LIGHT,
        }
    }

    /// Applies one edit, a plain object (`{kind: "set", run: 0, key: "alpha", value: 0.1}`; see
    /// `session::Edit`). Returns `undefined` when it applied, the index of an added data point,
    /// or the message saying why it did not.
    pub fn edit(&mut self, fields: JsValue) -> JsValue {
        match Edit::from_fields(&JsFields(fields)).and_then(|e| self.session.apply(e)) {
            Ok(Applied::PointAdded(i)) => JsValue::from_f64(i as f64),
            Ok(Applied::Presentation) => {
                self.pipe.redraw_background();
                JsValue::UNDEFINED
            }
            Ok(_) => JsValue::UNDEFINED,
            Err(e) => JsValue::from_str(&e),
        }
    }

    /// One view of the state (see [`View`]).
    pub fn view(&self, view: View) -> JsValue {
        let s = &self.session;
        match view {
            View::State => to_js(&s.state_view()),
            View::Readout => to_js(&s.readout()),
            View::Inspector => to_js(&s.inspector_view()),
            View::Ui => {
                // One object: the settings' fields, then the view's (see `UiView`).
                let v = s.ui_view();
                let ui: js_sys::Object = to_js(&v.ui).unchecked_into();
                js_sys::Object::assign(&ui, &to_js(&v).unchecked_into()).into()
            }
            View::Problems => to_js(&s.problems_view()),
            View::Sweep => s.sweep_view().map_or(JsValue::NULL, |v| to_js(&v)),
            View::Lesson => s.lesson_view().map_or(JsValue::NULL, |v| to_js(&v)),
            View::Describe => to_js(&s.describe(self.pipe.critical())),
            _ => JsValue::UNDEFINED,
        }
    }

    /// The canonical query of the current state.
    pub fn query(&self) -> String {
        self.session.query()
    }

    /// Loss, gradient and curvature at `phi` (hover): `{phi, loss, gradient, eigenvalues, kind}`.
    pub fn probe(&self, phi0: f64, phi1: f64) -> JsValue {
        to_js(&self.session.probe(Vector::new(phi0, phi1)))
    }

    /// What `target` finds under CSS pixel `(x, y)` within `radius` CSS pixels (see
    /// `render::hit::Target`); empty when nothing is there.
    pub fn hit(&self, target: Hit, x: f64, y: f64, radius: f64) -> Vec<f64> {
        let target = match target {
            Hit::Landscape => hit::Target::Landscape,
            Hit::Data => hit::Target::Data,
            Hit::Point => hit::Target::Point,
            Hit::Start => hit::Target::Start,
            Hit::Critical => hit::Target::Critical,
            _ => return Vec::new(),
        };
        let drawn = hit::Drawn {
            landscapes: &self.land_frames,
            data: self.data_frame,
            critical: self.pipe.critical(),
        };
        let d = self.dpr.unwrap_or(1.0);
        hit::under(
            &drawn,
            self.session.race(),
            target,
            x * d,
            y * d,
            radius * d,
        )
    }

    /// Advances every run by up to `n` steps. Returns whether any run moved.
    pub fn step(&mut self, n: u32) -> bool {
        self.session.step(n as usize)
    }

    /// Advances section 6.5's sweep for about `ms` milliseconds (the page calls it once a
    /// frame): `[cells done, cells in all]`, or empty without a sweep.
    pub fn sweep_work(&mut self, ms: f64) -> Vec<f64> {
        pipeline::sweep(&mut self.session, ms, &Performance)
            .map_or_else(Vec::new, |(done, all)| vec![done as f64, all as f64])
    }

    /// Writes the runs or the figure (see [`Export`]); `width` and `height` size the SVGs,
    /// `parts` is Copy as NumPy's Python text (the page's `numpy-parts.js`, the text the CLI
    /// compiles in). An SVG with a landscape on screen has a placeholder per panel that the
    /// page fills with the `png` export (one image, not a rectangle per sample).
    pub fn export(&self, kind: Export, width: u32, height: u32, parts: Option<String>) -> String {
        let s = &self.session;
        match kind {
            Export::Trace => s.trace(),
            Export::Csv => s.csv(),
            Export::Numpy => crate::numpy::script(s.race(), &s.query(), &parts.unwrap_or_default()),
            Export::Svg => {
                let raster = self.pipe.current(s).is_some();
                s.svg::<canvas::Canvas>((width, height), raster, &self.texts)
            }
            Export::Png => self.heat_png().unwrap_or_default(),
            Export::Quiz => {
                let size = (width.clamp(200, 2000), height.clamp(100, 1000));
                render::quiz_svg_on::<canvas::Canvas>(size.0, size.1, &self.texts)
                    .unwrap_or_default()
            }
            _ => String::new(),
        }
    }

    /// Gives the widget its canvases: landscape background and overlay, data, loss, and the
    /// batch landscape's two (figure 6.6, shown with `batchsurf=1`).
    pub fn attach(
        &mut self,
        land_bg: HtmlCanvasElement,
        land_fg: HtmlCanvasElement,
        data: HtmlCanvasElement,
        loss: HtmlCanvasElement,
        batch_bg: Option<HtmlCanvasElement>,
        batch_fg: Option<HtmlCanvasElement>,
    ) -> Result<(), JsValue> {
        let heat = new_canvas()?;
        heat.set_width(pipeline::HEAT_CELLS as u32);
        heat.set_height(pipeline::HEAT_CELLS as u32);
        self.canvases = Some(Canvases {
            land_bg,
            land_fg,
            data,
            loss,
            heat,
            batch: batch_bg.zip(batch_fg),
        });
        self.pipe.redraw_background();
        self.pipe.redraw_batch();
        Ok(())
    }

    /// Settings from the page, each optional: `dpr` (size each canvas's pixels to its CSS box
    /// times it), `dark` (dark paper and light ink: `theme=dark`, or `auto` on a dark page),
    /// `dragging` (a data drag in progress: the landscape re-samples live, the critical-point
    /// search waits for the release), `texts` (the axis words in the page's language, by the
    /// catalogue's `text_keys`).
    pub fn configure(&mut self, settings: JsValue) {
        let get = |k: &str| JsFields(settings.clone()).get(k);
        if let Some(dark) = get("dark").as_bool() {
            let palette = if dark { render::DARK } else { render::LIGHT };
            if palette != self.palette {
                self.palette = palette;
                self.pipe.redraw_background();
                self.pipe.redraw_batch();
            }
        }
        if let Some(on) = get("dragging").as_bool() {
            self.pipe.set_dragging(on);
        }
        let texts = JsFields(get("texts"));
        for (key, _) in render::TEXT_KEYS {
            if let Some(v) = texts.get(key).as_string() {
                self.texts.set(key, &v);
                self.pipe.redraw_background();
                self.pipe.redraw_batch();
            }
        }
        if let Some(dpr) = get("dpr").as_f64() {
            self.resize(clamp_dpr(dpr));
        }
    }

    /// Draws what changed, within about `ms` milliseconds (what the page's frame has left): the
    /// moving parts every call; the landscape's background when the pipeline says it is due
    /// (see `pipeline::Pipeline`, which decides what is made when, so no call is long whatever
    /// the loss). Before the canvases are sized (`configure({dpr})`), it samples the fresh
    /// landscape's grid (the page calls it while it waits for its first frame). Anything but
    /// `done` asks for another frame.
    pub fn draw(&mut self, ms: f64) -> Result<Drawn, JsValue> {
        if self.dpr.is_none() {
            self.pipe.prepare(&self.session, ms, &Performance);
            return Ok(Drawn::Pending);
        }
        if self.canvases.is_none() {
            return Ok(Drawn::Done);
        }
        let t0 = now_ms();
        let begin = self.pipe.begin(&self.session, &Performance);
        if begin.background {
            self.draw_background()?;
        }
        let more = !begin.moving || {
            self.draw_batch(ms - (now_ms() - t0))?;
            self.draw_moving()?;
            let left = ms - (now_ms() - t0);
            self.pipe.finish(&self.session, left, &Performance)
        };
        Ok(match (self.pipe.painted(&self.session), more) {
            (false, _) => Drawn::Pending,
            (true, true) => Drawn::More,
            (true, false) => Drawn::Done,
        })
    }
}

/// The tests' hooks, only with the `test-hooks` cargo feature (the e2e tests' build; the
/// release build has none of them).
#[cfg(feature = "test-hooks")]
#[wasm_bindgen]
pub enum Probe {
    /// Milliseconds the last landscape re-sample took.
    Resample = "resample",
    /// A fresh `n x n` re-sample timed as `[grid, contours, critical points, colours]`.
    Parts = "parts",
    /// The loss on an `n x n` grid (a slice's on a sliced scene), to compare with plain JS.
    Grid = "grid",
    /// A sliced scene's plane as `[centre..., d1..., d2...]`.
    Plane = "plane",
    /// Bytes of linear memory the module holds now (the soak test watches it).
    Memory = "memory",
    /// The critical points in view (objects).
    Critical = "critical",
    /// The data as `[x0, y0, x1, y1, ...]`.
    Data = "data",
}

#[cfg(feature = "test-hooks")]
#[wasm_bindgen]
impl Widget {
    /// What the tests and the page benchmark measure (see [`Probe`]).
    pub fn test(&self, what: Probe, n: u32) -> JsValue {
        let (s, n) = (&self.session, n.clamp(2, 1024) as usize);
        let numbers = |v: Vec<f64>| JsValue::from(js_sys::Float64Array::from(&v[..]));
        match what {
            Probe::Resample => numbers(vec![self.pipe.resample_ms()]),
            Probe::Parts => numbers(pipeline::resample_parts(s, n, &Performance).to_vec()),
            Probe::Grid => numbers(pipeline::grid_values(s, n)),
            Probe::Plane => numbers(pipeline::plane_numbers(s)),
            Probe::Memory => numbers(vec![core::arch::wasm32::memory_size(0) as f64 * 65536.0]),
            Probe::Critical => to_js(&Session::critical_views(self.pipe.critical())),
            Probe::Data => to_js(&s.data_flat()),
            _ => JsValue::UNDEFINED,
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
        style(self.dpr, &self.texts, self.palette)
    }

    /// Sizes each canvas's pixels to its CSS box times `dpr`.
    fn resize(&mut self, dpr: f64) {
        self.dpr = Some(dpr);
        if let Some(c) = &self.canvases {
            let batch = c.batch.iter().flat_map(|(a, b)| [a, b]);
            for canvas in [&c.land_bg, &c.land_fg, &c.data, &c.loss]
                .into_iter()
                .chain(batch)
            {
                let w = (canvas.client_width().max(1) as f64 * dpr).round() as u32;
                let h = (canvas.client_height().max(1) as f64 * dpr).round() as u32;
                if canvas.width() != w || canvas.height() != h {
                    canvas.set_width(w);
                    canvas.set_height(h);
                }
            }
        }
        self.pipe.redraw_background();
        self.pipe.redraw_batch();
    }

    /// The landscape's heatmap on screen as a PNG data URL (`None` without one).
    fn heat_png(&self) -> Result<String, JsValue> {
        let surf = self.pipe.current(&self.session).ok_or("no landscape")?;
        let grid = &surf.sampled.grid;
        let canvas = new_canvas()?;
        blit_raster(&canvas, &surf.rgba, grid.width, grid.height)?;
        canvas.to_data_url()
    }

    /// Draws the landscape background from the cached surface.
    fn draw_background(&mut self) -> Result<(), JsValue> {
        let c = self.canvases.as_ref().ok_or("not attached")?;
        let surf = self.pipe.surface().ok_or("no surface")?;
        self.land_frames = draw_landscape(&c.land_bg, &c.heat, &self.session, surf, self.style())?;
        Ok(())
    }

    /// The current batch's own surface (figure 6.6b-d), beside the full one, when the pipeline
    /// makes a new one with the `left` milliseconds of the frame.
    fn draw_batch(&mut self, left: f64) -> Result<(), JsValue> {
        let style = style(self.dpr, &self.texts, self.palette);
        let Some(c) = self.canvases.as_ref() else {
            return Ok(());
        };
        let s = &self.session;
        self.pipe
            .batch(s, c.batch.is_some(), left, &Performance, |surf| {
                match &c.batch {
                    Some((bg, _)) => draw_landscape(bg, &c.heat, s, surf, style).map(drop),
                    None => Ok(()),
                }
            })
    }

    /// Draws the runs, their marks, the data and the losses.
    fn draw_moving(&mut self) -> Result<(), JsValue> {
        let (s, style) = (&self.session, self.style());
        let (race, look, sel) = (s.race(), s.look(), s.selected());
        let c = self.canvases.as_ref().ok_or("not attached")?;
        let batch = c.batch.as_ref().filter(|_| s.preset().ui.batch_surface);
        // The full landscape's overlay, then the batch surface's. The overlay's charts lie
        // exactly on the background's, so a press finds its point before the first
        // landscape is drawn.
        let mut frames = Vec::new();
        for (canvas, full) in [(&c.land_fg, true)]
            .into_iter()
            .chain(batch.map(|b| (&b.1, false)))
        {
            let (w, h) = (canvas.width() as f64, canvas.height() as f64);
            context(canvas)?.clear_rect(0.0, 0.0, w, h);
            let root = canvas::backend(canvas.clone())
                .ok_or("no 2d context")?
                .into_drawing_area();
            let f = render::draw_overlay(&root, race, sel, style, &look, &s.marks(), full)?;
            if full {
                frames = f;
            }
        }
        let root = canvas::backend(c.data.clone())
            .ok_or("no 2d context")?
            .into_drawing_area();
        let data_frame = render::draw_data_panel(&root, race, sel, style, &look)?;
        let root = canvas::backend(c.loss.clone())
            .ok_or("no 2d context")?
            .into_drawing_area();
        let critical = self.pipe.critical();
        let at = (sel, s.preset().total_steps());
        render::draw_loss_panel(&root, race, at, style, &look, critical)?;
        self.land_frames = frames;
        self.data_frame = data_frame;
        Ok(())
    }
}

/// Draws a landscape background (`render::draw_background`), the rasterised surface put on
/// `heat` and blitted into each plot rectangle, scaled smoothly. Returns the panels' frames.
fn draw_landscape(
    canvas: &HtmlCanvasElement,
    heat: &HtmlCanvasElement,
    session: &Session,
    surface: &pipeline::Surface,
    style: Style,
) -> Result<Vec<Frame>, JsValue> {
    let grid = &surface.sampled.grid;
    blit_raster(heat, &surface.rgba, grid.width, grid.height)?;
    let root = canvas::backend(canvas.clone())
        .ok_or("no 2d context")?
        .into_drawing_area();
    let ctx = context(canvas)?;
    let look = session.look();
    let blit = |f: Frame| -> Result<(), JsValue> {
        let (dx, dy, dw, dh) = (f.px.0, f.py.0, f.px.1 - f.px.0, f.py.1 - f.py.0);
        ctx.save();
        // The raster's row 0 is the largest phi1: mirror it when phi1 runs downwards.
        if look.flip {
            ctx.translate(0.0, 2.0 * dy + dh)?;
            ctx.scale(1.0, -1.0)?;
        }
        let (w, h) = (grid.width as f64, grid.height as f64);
        let drawn = ctx
            .draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
                heat, 0.0, 0.0, w, h, dx, dy, dw, dh,
            );
        ctx.restore();
        drawn
    };
    let race = session.race();
    let frames = render::draw_background(&root, race, &surface.sampled, style, &look, |f| {
        blit(f).map_err(|e| e.as_string().unwrap_or_else(|| "drawImage failed".into()))
    })?;
    Ok(frames)
}

/// Lines and words at `dpr` (1 before the page has said), in the page's words and colours.
fn style(dpr: Option<f64>, text: &render::Texts, palette: render::Palette) -> Style<'_> {
    Style {
        scale: dpr.unwrap_or(1.0),
        text,
        palette,
    }
}

/// Puts an RGBA raster of `w x h` on `canvas` at its own size.
fn blit_raster(canvas: &HtmlCanvasElement, rgba: &[u8], w: usize, h: usize) -> Result<(), JsValue> {
    let (w, h) = (w as u32, h as u32);
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w);
        canvas.set_height(h);
    }
    let img = ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), w, h)?;
    context(canvas)?.put_image_data(&img, 0.0, 0.0)
}

fn new_canvas() -> Result<HtmlCanvasElement, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?
        .create_element("canvas")?
        .dyn_into::<HtmlCanvasElement>()
        .map_err(JsValue::from)
}

fn context(c: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, JsValue> {
    c.get_context("2d")?
        .ok_or("no 2d context")?
        .dyn_into::<CanvasRenderingContext2d>()
        .map_err(|_| JsValue::from_str("not a 2d context"))
}
