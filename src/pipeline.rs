//! The landscape pipeline, platform-free: which landscape the page shows and when a fresh one is
//! made. It owns the cached surfaces (the landscape's and figure 6.6's batch surface), the
//! staged making of a fresh one in slices of a frame's budget, the critical-point search that
//! follows it, the coarser sampling while a data point is dragged, and the gallery's
//! thumbnails. The browser binding (`web`) only draws what it says on its canvases, and the
//! decisions are tested natively (tests/pipeline.rs) with a counting clock.
//!
//! A frame is [`Pipeline::begin`] (is a background due, and the moving parts with it?), the
//! batch surface ([`Pipeline::batch`]), then [`Pipeline::finish`] with what the frame has left
//! (the next stage of a fresh surface, or the critical-point search).

use crate::landscape::{
    Contours, CriticalSearch, GridSampler, Sampled, CONTOUR_CELLS, CRITICAL_SEEDS,
};
use crate::objective::{Batch, DataSet, Plane, SceneName, View};
use crate::render;
use crate::session::Session;

/// Milliseconds since some origin: the page's `performance.now()`, a test's counter.
pub trait Clock {
    fn now(&self) -> f64;
}

/// Landscape samples across for a light loss (the heatmap is blitted at this resolution and
/// scaled smoothly); heavier data get proportionally fewer.
pub const HEAT_CELLS: usize = 256;
/// Data points a full-resolution landscape is sized for (the notebooks' 30).
pub const LIGHT_DATA: usize = 30;
/// Milliseconds of critical-point search per frame at most (it takes what the frame has left
/// after the moving parts).
pub const SLICE_MS: f64 = 6.0;
/// Milliseconds a drag frame's re-sample should take at most: beyond it the next ones are
/// coarser (to an eighth of the resolution at rest), well below it finer again.
pub const DRAG_SAMPLE_MS: f64 = 5.0;
/// Milliseconds of landscape work (a fresh surface's stages, the critical-point search) a frame
/// gets at least, whatever the stepping left: the landscape keeps coming while runs play fast
/// (the page then gives stepping less of the next frame).
pub const STAGE_MIN_MS: f64 = 4.0;

/// What a surface was computed for.
#[derive(Clone, Debug, PartialEq)]
pub struct SurfaceKey {
    scene: SceneName,
    data: Option<DataSet>,
    /// A sliced scene's plane and the view over it.
    plane: Option<Plane>,
    view: View,
    batch: Option<Vec<usize>>,
    log: bool,
    curvature: bool,
}

impl SurfaceKey {
    /// The landscape the session shows now.
    pub fn of(session: &Session) -> SurfaceKey {
        let (ui, scene) = (&session.preset().ui, &session.race().scene);
        SurfaceKey {
            scene: scene.name,
            data: scene.objective.data().cloned(),
            plane: scene.plane,
            view: scene.view,
            batch: None,
            log: ui.log_colors,
            curvature: ui.curvature,
        }
    }

    /// Whether `other` samples the same loss over the same region (its colours may differ).
    fn same_grid(&self, other: &SurfaceKey) -> bool {
        self.scene == other.scene
            && self.data == other.data
            && self.plane == other.plane
            && self.view == other.view
    }

    /// Whether `other` is the same loss in the same colours (its plane or view may differ).
    fn same_loss(&self, other: &SurfaceKey) -> bool {
        self.scene == other.scene
            && self.data == other.data
            && self.log == other.log
            && self.curvature == other.curvature
    }
}

/// A sampled surface with its colours, ready to draw.
pub struct Surface {
    pub key: SurfaceKey,
    pub sampled: Sampled,
    /// The heatmap's pixels, `grid.width x grid.height` RGBA.
    pub rgba: Vec<u8>,
}

/// A fresh surface in the making: the heatmap's grid and then the contours' grid, sampled a
/// slice of rows per frame; its contours and then its colours follow, each in a frame of its own.
struct Ahead {
    key: SurfaceKey,
    heat: GridSampler,
    contour: GridSampler,
    /// The contour lines, traced once both grids are in.
    lines: Option<Contours>,
    /// Milliseconds spent on it so far.
    ms: f64,
}

impl Ahead {
    fn done(&self) -> bool {
        self.heat.done() && self.contour.done()
    }
}

/// What a frame draws first (see [`Pipeline::begin`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Begin {
    /// The landscape's background (the cached surface) is due.
    pub background: bool,
    /// The moving parts (runs, data, losses) are drawn in this frame too.
    pub moving: bool,
}

/// The landscape of one widget: see the module's documentation.
pub struct Pipeline {
    surface: Option<Surface>,
    batch: Option<Surface>,
    ahead: Option<Ahead>,
    /// The critical-point search still running for the current surface.
    critical_search: Option<CriticalSearch>,
    /// The background is to be drawn again (a new surface, colours, size or words).
    background_due: bool,
    /// A surface was just made: its background is drawn in a frame of its own.
    fresh: bool,
    /// A fresh surface is in the making (set by `begin`, used by `finish`).
    coming: bool,
    /// The last frame had no time left for the fresh surface's next stage.
    stage_waited: bool,
    /// While a data point is dragged, critical points are not searched (they follow on release).
    dragging: bool,
    /// How much coarser than at rest the landscape is sampled during a drag: 2 to start with,
    /// more on a machine where a drag frame's re-sample takes longer than [`DRAG_SAMPLE_MS`].
    drag_coarse: usize,
    /// Milliseconds the last landscape sampling and rasterising took (over its frames).
    resample_ms: f64,
    /// Milliseconds the last new batch surface took to make and draw (a guess at first: the
    /// first one, drawn by code that runs for the first time, waits for a frame with room).
    batch_ms: f64,
    /// Frames in a row that had no room for the current batch's surface.
    batch_waited: u8,
}

impl Default for Pipeline {
    fn default() -> Self {
        Pipeline {
            surface: None,
            batch: None,
            ahead: None,
            critical_search: None,
            background_due: true,
            fresh: false,
            coming: false,
            stage_waited: false,
            dragging: false,
            drag_coarse: 2,
            resample_ms: 0.0,
            batch_ms: 8.0,
            batch_waited: 0,
        }
    }
}

impl Pipeline {
    /// The surface on show (the last one made; a fresh one may be coming).
    pub fn surface(&self) -> Option<&Surface> {
        self.surface.as_ref()
    }

    /// The surface on show if it is the session's current landscape (its colours included).
    pub fn current(&self, session: &Session) -> Option<&Surface> {
        self.surface
            .as_ref()
            .filter(|s| s.key == SurfaceKey::of(session))
    }

    /// The critical points of the surface on show (empty while they are searched).
    pub fn critical(&self) -> &[crate::landscape::CriticalPoint] {
        self.surface.as_ref().map_or(&[], |s| &s.sampled.critical)
    }

    /// Milliseconds the last landscape sampling and rasterising took (over its frames).
    pub fn resample_ms(&self) -> f64 {
        self.resample_ms
    }

    /// How much coarser than at rest a dragged landscape is sampled now.
    pub fn drag_coarse(&self) -> usize {
        self.drag_coarse
    }

    /// The background is to be drawn again (the canvases' size, words or paper changed, or a
    /// presentation setting did).
    pub fn redraw_background(&mut self) {
        self.background_due = true;
    }

    /// The batch surface is to be drawn again (its canvases changed).
    pub fn redraw_batch(&mut self) {
        self.batch = None;
    }

    /// Whether the landscape on screen is the session's current one.
    pub fn painted(&self, session: &Session) -> bool {
        self.current(session).is_some() && !self.background_due
    }

    /// Marks a data drag in progress: the landscape re-samples at once and coarser, the
    /// critical-point search waits for the release (then the full surface is made afresh).
    pub fn set_dragging(&mut self, on: bool) {
        if self.dragging && !on {
            self.surface = None;
        }
        self.dragging = on;
    }

    /// Samples a fresh landscape's grids for about `ms` before the first frame. Returns whether
    /// more is left.
    pub fn prepare(&mut self, session: &Session, ms: f64, clock: &impl Clock) -> bool {
        let key = SurfaceKey::of(session);
        self.surface.as_ref().map(|s| &s.key) != Some(&key)
            && !self.sample_ahead(session, &key, ms, clock)
    }

    /// A frame begins: a new colour scale (nothing to sample) or a dragged point's coarse
    /// surface is made at once; any other new landscape is made in stages while the last one
    /// stays on show. Says whether the background is due, and whether the moving parts are
    /// drawn in the same frame (the background alone is a frame's work, except while a data
    /// point is dragged).
    pub fn begin(&mut self, session: &Session, clock: &impl Clock) -> Begin {
        let key = SurfaceKey::of(session);
        self.coming = false;
        if self.surface.as_ref().map(|s| &s.key) != Some(&key) {
            let recolour = self
                .surface
                .as_ref()
                .is_some_and(|s| s.key.same_grid(&key) && s.key.curvature == key.curvature);
            if recolour || self.dragging {
                self.resample(session, key, clock);
                self.background_due = true;
            } else {
                self.coming = true;
            }
        }
        if self.background_due && self.surface.is_some() {
            self.background_due = false;
            let fresh = std::mem::take(&mut self.fresh);
            return Begin {
                background: true,
                moving: !fresh && self.dragging && !self.coming,
            };
        }
        Begin {
            background: false,
            moving: true,
        }
    }

    /// Figure 6.6's batch surface (`shown`: the page has its panel), given `left` milliseconds
    /// of the frame: `draw` is called with it when it is new. A minibatch's surface is new at
    /// every step, and while runs play fast it is a frame's work on its own (10-20 ms on 200
    /// points): it is made when the frame has room for what the last one took, or after two
    /// frames without (the panel then shows the batch of a step or two before, its runs moving
    /// on over it). Before the first step (or with a full batch) it is the landscape's own.
    pub fn batch<E>(
        &mut self,
        session: &Session,
        shown: bool,
        left: f64,
        clock: &impl Clock,
        draw: impl FnOnce(&Surface) -> Result<(), E>,
    ) -> Result<(), E> {
        let Some(key) = (shown && session.preset().ui.batch_surface).then(|| SurfaceKey {
            batch: session.current_batch(),
            curvature: false,
            ..SurfaceKey::of(session)
        }) else {
            self.batch_waited = 0;
            return Ok(());
        };
        if self.batch.as_ref().map(|s| &s.key) == Some(&key) {
            self.batch_waited = 0;
            return Ok(());
        }
        if left < self.batch_ms && self.batch_waited < 2 {
            self.batch_waited += 1;
            return Ok(());
        }
        self.batch_waited = 0;
        let t0 = clock.now();
        let scene = &session.race().scene;
        // A batch's surface at half the landscape's resolution, in the landscape's colours.
        let sample = |batch: Batch| {
            let surf = crate::landscape::surface(
                &scene.surface(),
                &scene.view,
                HEAT_CELLS / 2,
                batch,
                false,
            );
            let rgba = render::rasterise(&surf.grid, key.log);
            (surf, rgba)
        };
        let made = match &key.batch {
            None => {
                let full = self
                    .surface
                    .as_ref()
                    .filter(|s| s.key.same_grid(&key) && s.key.log == key.log && !s.key.curvature);
                match full {
                    Some(s) => Some((s.sampled.clone(), s.rgba.clone())),
                    // Light data (the book's 30 points) cost little at once; heavier data
                    // wait for the landscape (sampling 200 points at once took 50-70 ms).
                    None if scene.objective.n_samples() <= LIGHT_DATA => Some(sample(Batch::All)),
                    None => None,
                }
            }
            // A minibatch's surface: a few points, cheap to sample at once.
            Some(ix) => Some(sample(Batch::Indices(ix))),
        };
        let Some((sampled, rgba)) = made else {
            return Ok(());
        };
        let batch = self.batch.insert(Surface { key, sampled, rgba });
        let drawn = draw(batch);
        self.batch_ms = clock.now() - t0;
        drawn
    }

    /// The frame ends with `left` milliseconds: the next stage of a fresh surface, or a slice of
    /// the critical-point search. Returns whether more is left (the page asks for a frame).
    pub fn finish(&mut self, session: &Session, left: f64, clock: &impl Clock) -> bool {
        if self.coming {
            // A frame whose moving parts already took all of it (a cold start, where every
            // drawing function runs for the first time) leaves the next stage to the next
            // frame; a frame in two goes on with the landscape whatever the moving parts took.
            if left > 0.0 || self.stage_waited {
                let key = SurfaceKey::of(session);
                self.advance(session, key, left.max(STAGE_MIN_MS), clock);
                self.stage_waited = false;
            } else {
                self.stage_waited = true;
            }
            return true;
        }
        if self.critical_search.is_some()
            && self.refine_critical(session, left.clamp(STAGE_MIN_MS, SLICE_MS), clock)
        {
            self.background_due = true;
        }
        self.critical_search.is_some() || self.background_due || self.batch_waited > 0
    }

    /// The next stage of a fresh surface for `key`, within about `ms`: its grids a slice of rows
    /// at a time, then its contours, then its colours (the surface is then on show, its
    /// background drawn in the next frame). A surface in the making goes on when only the plane
    /// or view moved on since it began (a followed run's plane changes every few steps): a
    /// landscape a few steps old is on screen sooner than none.
    fn advance(&mut self, session: &Session, key: SurfaceKey, ms: f64, clock: &impl Clock) {
        self.keep_ahead(&key);
        match self.ahead.as_mut() {
            Some(a) if a.done() && a.lines.is_none() => {
                let t = clock.now();
                a.lines = Some(crate::landscape::contours_of(a.contour.grid()));
                a.ms += clock.now() - t;
            }
            Some(a) if a.done() => {
                let made = a.key.clone();
                self.resample(session, made, clock);
                self.background_due = true;
                self.fresh = true;
            }
            _ => {
                self.sample_ahead(session, &key, ms, clock);
            }
        }
    }

    /// Drops a surface in the making that is not of `key`'s loss (another scene, other data,
    /// other colours); one of another plane or view goes on.
    fn keep_ahead(&mut self, key: &SurfaceKey) {
        if !self.ahead.as_ref().is_some_and(|a| a.key.same_loss(key)) {
            self.ahead = None;
        }
    }

    /// Goes on sampling the grids for `key` (fresh ones unless a surface of its loss is in the
    /// making) for about `ms`, a row at a time; returns whether both are complete. The grids'
    /// resolution falls with the data's size so a sample costs about the same (a 256² heatmap on
    /// 30 points, 99² on 200).
    fn sample_ahead(
        &mut self,
        session: &Session,
        key: &SurfaceKey,
        ms: f64,
        clock: &impl Clock,
    ) -> bool {
        let t0 = clock.now();
        self.keep_ahead(key);
        if self.ahead.is_none() {
            self.ahead = Some(Ahead {
                key: key.clone(),
                heat: self.grid_sampler(session, key),
                contour: self.contour_sampler(session),
                lines: None,
                ms: 0.0,
            });
        }
        let Some(ahead) = self.ahead.as_mut() else {
            return true;
        };
        let objective = session.race().scene.surface();
        while !ahead.done() {
            let job = if ahead.heat.done() {
                &mut ahead.contour
            } else {
                &mut ahead.heat
            };
            job.work(&objective, 1);
            if clock.now() - t0 >= ms {
                break;
            }
        }
        ahead.ms += clock.now() - t0;
        ahead.done()
    }

    /// The contours' grid: coarser while a data point is dragged, as for the heatmap.
    fn contour_sampler(&self, session: &Session) -> GridSampler {
        let cells = if self.dragging {
            (CONTOUR_CELLS / self.drag_coarse).max(16)
        } else {
            CONTOUR_CELLS
        };
        GridSampler::new(session.race().scene.view, cells, cells)
    }

    /// The landscape's grid for `key`: loss or curvature samples, fewer for heavier data.
    fn grid_sampler(&self, session: &Session, key: &SurfaceKey) -> GridSampler {
        let scene = &session.race().scene;
        let n = scene.surface().n_samples().max(LIGHT_DATA);
        let full = ((HEAT_CELLS as f64) * (LIGHT_DATA as f64 / n as f64).sqrt()) as usize;
        // A coarser grid (half the resolution, less on a slow machine) and no critical-point
        // search while a data point is dragged: the frame rate holds; the full surface follows
        // on release.
        let cells = if self.dragging {
            full / self.drag_coarse
        } else {
            full
        }
        .max(16);
        if key.curvature {
            GridSampler::curvature(scene.view, cells / 2)
        } else {
            GridSampler::new(scene.view, cells, cells)
        }
    }

    /// Puts the surface for `key` on show: only re-coloured when its loss and region are those
    /// on show (their samples, contours and critical points still hold), the grids made ahead
    /// when they are `key`'s, or sampled at once (a dragged point: its drag then tunes the
    /// coarseness to the time it took).
    fn resample(&mut self, session: &Session, key: SurfaceKey, clock: &impl Clock) {
        let mut t0 = clock.now();
        let scene = &session.race().scene;
        let old = self.surface.take().filter(|s| s.key.same_grid(&key));
        let sampled = match old {
            Some(s) if s.key.curvature == key.curvature => s.sampled,
            old => {
                let critical = old.map(|s| s.sampled.critical);
                let sliced = scene.surface();
                self.critical_search = (critical.is_none() && !self.dragging)
                    .then(|| CriticalSearch::new(scene.view, CRITICAL_SEEDS));
                let (heat, contour, lines) = match self.ahead.take() {
                    Some(a) if a.key == key && a.done() => {
                        t0 -= a.ms;
                        (a.heat, a.contour, a.lines)
                    }
                    _ => {
                        let t = clock.now();
                        let (mut heat, mut contour) = (
                            self.grid_sampler(session, &key),
                            self.contour_sampler(session),
                        );
                        while !heat.work(&sliced, usize::MAX) {}
                        while !contour.work(&sliced, usize::MAX) {}
                        if self.dragging {
                            let took = clock.now() - t;
                            self.drag_coarse = if took > DRAG_SAMPLE_MS {
                                (self.drag_coarse * 2).min(8)
                            } else if took < DRAG_SAMPLE_MS / 4.0 {
                                (self.drag_coarse / 2).max(2)
                            } else {
                                self.drag_coarse
                            };
                        }
                        (heat, contour, None)
                    }
                };
                Sampled {
                    grid: heat.finish(),
                    contours: lines
                        .unwrap_or_else(|| crate::landscape::contours_of(contour.grid())),
                    critical: critical.unwrap_or_default(),
                }
            }
        };
        let rgba = if key.curvature {
            render::rasterise_curvature(&sampled.grid)
        } else {
            render::rasterise(&sampled.grid, key.log)
        };
        self.surface = Some(Surface { key, sampled, rgba });
        self.resample_ms = clock.now() - t0;
    }

    /// Goes on with the critical-point search for about `ms` (one seed at least, so it always
    /// moves on); returns whether it just finished (the marks are then drawn).
    fn refine_critical(&mut self, session: &Session, ms: f64, clock: &impl Clock) -> bool {
        let Some(search) = self.critical_search.as_mut() else {
            return false;
        };
        let t0 = clock.now();
        let objective = session.race().scene.surface();
        let mut done = search.work(&objective, 1);
        while !done && clock.now() - t0 < ms {
            done = search.work(&objective, 1);
        }
        if !done {
            return false;
        }
        if let (Some(search), Some(s)) = (self.critical_search.take(), self.surface.as_mut()) {
            s.sampled.critical = search.finish();
        }
        true
    }
}

/// A gallery thumbnail (the preset played to its end, its main panel) made in short tasks:
/// the preset played a few steps at a time, then its landscape sampled and its critical points
/// searched a few seeds at a time. The page then draws it (`render::draw_thumbnail`, the same
/// code as the CLI's SVG).
pub struct Thumbnail {
    session: Session,
    /// Every run has played to its end.
    played: bool,
    /// The landscape (when the thumbnail shows one): its grid and contours, then its critical
    /// points searched a few seeds at a time.
    surf: Option<Sampled>,
    search: Option<CriticalSearch>,
}

impl Thumbnail {
    pub fn new(query: &str) -> Thumbnail {
        Thumbnail {
            session: Session::new(query),
            played: false,
            surf: None,
            search: None,
        }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The landscape, once made in full (critical points included).
    pub fn surface(&self) -> Option<&Sampled> {
        self.surf.as_ref().filter(|_| self.search.is_none())
    }

    /// Draws the thumbnail on `root` at `dpr` device pixels per CSS pixel (what is not made
    /// yet is made here).
    pub fn draw<DB: plotters::prelude::DrawingBackend>(
        &self,
        root: &plotters::prelude::DrawingArea<DB, plotters::coord::Shift>,
        dpr: f64,
    ) -> Result<(), String> {
        let s = &self.session;
        let look = render::Look::of(&s.preset().ui, s.race());
        let scale = render::THUMBNAIL_SCALE * dpr;
        render::draw_thumbnail(root, s.race(), &look, scale, self.surface())
    }

    /// Goes on for about `ms`. Returns whether all is done.
    pub fn work(&mut self, ms: f64, clock: &impl Clock) -> bool {
        /// Steps between looks at the clock.
        const STEPS: usize = 8;
        let t0 = clock.now();
        while !self.played {
            self.played = !self.session.step(STEPS);
            if clock.now() - t0 >= ms {
                return false;
            }
        }
        let race = self.session.race();
        let look = render::Look::of(&self.session.preset().ui, race);
        if look.main != render::Main::Landscape {
            return true;
        }
        let (objective, view) = (race.scene.surface(), race.scene.view);
        if self.surf.is_none() {
            self.surf = Some(crate::landscape::surface(
                &objective,
                &view,
                render::THUMBNAIL_CELLS,
                Batch::All,
                false,
            ));
            self.search = Some(CriticalSearch::new(view, CRITICAL_SEEDS));
            if clock.now() - t0 >= ms {
                return false;
            }
        }
        let (Some(search), Some(surf)) = (self.search.as_mut(), self.surf.as_mut()) else {
            return true;
        };
        while !search.work(&objective, 1) {
            if clock.now() - t0 >= ms {
                return false;
            }
        }
        if let Some(search) = self.search.take() {
            surf.critical = search.finish();
        }
        true
    }
}

/// The page benchmark's breakdown of a fresh `n x n` re-sample of `session`'s landscape (the
/// slice's, on a sliced scene), each part timed by `clock`: `[grid, contours, critical points,
/// colours]` in milliseconds.
pub fn resample_parts(session: &Session, n: usize, clock: &impl Clock) -> [f64; 4] {
    let scene = &session.race().scene;
    let (objective, view) = (scene.surface(), &scene.view);
    let t0 = clock.now();
    let grid = crate::landscape::sample(&objective, view, n, n, Batch::All);
    let t1 = clock.now();
    let _ = render::contours(&objective, view, Batch::All);
    let t2 = clock.now();
    let _ = crate::landscape::critical_points(&objective, view, CRITICAL_SEEDS);
    let t3 = clock.now();
    let _ = render::rasterise(&grid, false);
    let t4 = clock.now();
    [t1 - t0, t2 - t1, t3 - t2, t4 - t3]
}

/// Advances section 6.5's sweep for about `ms` milliseconds, a few optimizer steps between
/// looks at the clock: `(cells done, cells in all)`, or `None` without a sweep.
pub fn sweep(session: &mut Session, ms: f64, clock: &impl Clock) -> Option<(usize, usize)> {
    /// Optimizer steps between looks at the clock.
    const STEPS: usize = 4;
    let t0 = clock.now();
    loop {
        let (done, total) = session.sweep_work(STEPS)?;
        if done >= total || clock.now() - t0 >= ms {
            return Some((done, total));
        }
    }
}

/// The loss on an `n x n` grid over the landscape's view (a slice's on a sliced scene), row by
/// row: the page benchmark compares it with plain JavaScript's.
pub fn grid_values(session: &Session, n: usize) -> Vec<f64> {
    let scene = &session.race().scene;
    crate::landscape::sample(&scene.surface(), &scene.view, n, n, Batch::All).values
}

/// A sliced scene's plane as `[centre..., d1..., d2...]` (empty for two parameters).
pub fn plane_numbers(session: &Session) -> Vec<f64> {
    let plane = session.race().scene.plane;
    plane.map_or_else(Vec::new, |p| {
        [p.center, p.d1, p.d2]
            .iter()
            .flat_map(|v| v.as_slice().to_vec())
            .collect()
    })
}
