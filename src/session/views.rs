//! What the page shows, as plain data: the full state (sent when something changed), the small
//! per-frame readout, the inspector of the selected run, the presentation settings, the hover
//! probe and the critical points. Everything is computed from the [`Session`]; the browser layer
//! serialises these structs as they are.

use super::Session;
use crate::landscape::CriticalPoint;
use crate::linalg::{Curvature, Vector};
use crate::objective::{Batch, Reduce, SceneName};
use crate::optim::hyper::{ALPHA, BETA, EPS, GAMMA};
use crate::optim::OptName;
use crate::preset::keys::{Kind, KEYS};
use crate::run::{Run, Status, Taken};
use serde::Serialize;

/// The smallest gradient norm the finite-difference check divides by (see `fd_error`).
pub const FD_SCALE_FLOOR: f64 = 1e-3;

/// One run in the controls: its settings and, in the same object, its [`Progress`].
#[derive(Clone, Debug, PartialEq)]
pub struct RunView {
    pub opt: &'static str,
    pub color: String,
    pub start: Vec<f64>,
    /// The optimizer's hyperparameter controls (from the key table) with this run's values.
    pub controls: Vec<ControlView>,
    /// The run's batch size, `None` for the full batch.
    pub batch: Option<usize>,
    /// Its start's number on the landscape when runs start at several places (figure 6.5).
    pub start_number: Option<usize>,
    pub progress: Progress,
}

// Written out rather than `#[serde(flatten)]`: flattening serialises through serde's map
// machinery, once per field type (about 3 KB of gzipped wasm for this and `UiView`).
impl Serialize for RunView {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("RunView", 6 + Progress::FIELDS)?;
        st.serialize_field("opt", &self.opt)?;
        st.serialize_field("color", &self.color)?;
        st.serialize_field("start", &self.start)?;
        st.serialize_field("controls", &self.controls)?;
        st.serialize_field("batch", &self.batch)?;
        st.serialize_field("start_number", &self.start_number)?;
        self.progress.fields(&mut st)?;
        st.end()
    }
}

/// One slider of a run: its key, the run's value as a link writes it, and where the slider
/// stands. A hyperparameter's stops are the catalogue's `sliders` (the same for every run); a
/// batch size's are its own (`1` to `all`, by the data).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ControlView {
    pub key: &'static str,
    /// The value as a link writes it (`0.3`, `all`): what the number field beside shows.
    pub text: String,
    /// The stop nearest to the value.
    pub at: usize,
    /// The stops as a link writes them, for the batch size (`None` for a hyperparameter).
    pub stops: Option<Vec<String>>,
}

/// Where a run is: what changes every frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    pub steps: usize,
    pub limit: usize,
    pub loss: f64,
    pub phi: Vec<f64>,
    pub status: &'static str,
    pub message: Option<String>,
    pub epoch: Option<usize>,
    pub batch_in_epoch: Option<usize>,
    pub batches_per_epoch: usize,
}

impl Progress {
    const FIELDS: usize = 9;
    /// Its fields, into `st` (its own object, or a [`RunView`]'s).
    fn fields<S: serde::ser::SerializeStruct>(&self, st: &mut S) -> Result<(), S::Error> {
        st.serialize_field("steps", &self.steps)?;
        st.serialize_field("limit", &self.limit)?;
        st.serialize_field("loss", &self.loss)?;
        st.serialize_field("phi", &self.phi)?;
        st.serialize_field("status", &self.status)?;
        st.serialize_field("message", &self.message)?;
        st.serialize_field("epoch", &self.epoch)?;
        st.serialize_field("batch_in_epoch", &self.batch_in_epoch)?;
        st.serialize_field("batches_per_epoch", &self.batches_per_epoch)
    }
}

impl Serialize for Progress {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Progress", Self::FIELDS)?;
        self.fields(&mut st)?;
        st.end()
    }
}

/// Everything the controls show; sent when something changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StateView {
    pub scene: &'static str,
    /// The seed of the epoch shuffles (text: exact beyond 2⁵³).
    pub seed: String,
    /// Whether the data were edited (the page offers the book's data back).
    pub edited_data: bool,
    pub has_data: bool,
    /// Whether the landscape is a 2-D slice through more parameters (`shallow`).
    pub sliced: bool,
    pub n_points: usize,
    pub total: usize,
    pub finished: bool,
    pub selected: usize,
    pub runs: Vec<RunView>,
    pub query: String,
    /// The query of a share link (never `embed=1`) and of an iframe's address (`embed=1`).
    pub share: String,
    pub embed: String,
    /// The named preset this state came from, and whether its caption still holds (see
    /// `Session::captioned`).
    pub preset: Option<String>,
    pub captioned: bool,
    /// The landscape's region `[phi0 min, phi0 max, phi1 min, phi1 max]` (a slice's u, v).
    pub view: [f64; 4],
}

/// The per-frame readout: each run's progress.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Readout {
    pub finished: bool,
    pub runs: Vec<Progress>,
}

/// The selected run's step, for the inspector.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InspectorView {
    pub opt: &'static str,
    /// The batch's gradient is its mean (`reduce=mean`), not the book's sum: the rule shows
    /// 1/|ℬₜ| before its Σ.
    pub mean: bool,
    /// `running`, `diverged` or `stopped`, and why it stopped.
    pub status: &'static str,
    pub message: Option<String>,
    pub t: usize,
    pub epoch: Option<usize>,
    pub batch_in_epoch: Option<usize>,
    pub batches_per_epoch: usize,
    pub batch: Vec<usize>,
    pub rate: Option<f64>,
    pub phi: Vec<f64>,
    /// The parameters' names, as the book writes them (φ0, φ1, ...; θ10, ... for the network).
    pub names: &'static [&'static str],
    pub loss: f64,
    pub alpha: f64,
    pub beta: f64,
    pub gamma: f64,
    pub eps: f64,
    /// Full-data ∇L at the point shown.
    pub gradient: Vec<f64>,
    pub gradient_norm: f64,
    /// The gradient the last step used (its batch's; at the look-ahead point for Nesterov).
    pub step_gradient: Option<Vec<f64>>,
    /// Problems 6.1 and 6.3: ∇L by central differences, and its relative difference.
    pub fd_gradient: Vec<f64>,
    pub fd_error: f64,
    /// Problem 6.7: the angle between the last two steps, in degrees.
    pub turn: Option<f64>,
    /// Whether the optimizer has a learning rate to show (line search chooses its step).
    pub has_rate: bool,
    /// Whether the scene has a 2-D Hessian to show (not the 1-D scene of figure 6.10).
    pub has_hessian: bool,
    /// The optimizer's own quantities (m, v, m̂, v̂, the look-ahead point, ...), labelled.
    pub rows: Vec<RowView>,
    pub brackets: Vec<[f64; 4]>,
    pub rules: Vec<u8>,
    pub eigenvalues: Vec<f64>,
    pub kind: &'static str,
    /// Problem 6.10: the weights (1 - beta) beta^k of past gradients in the momentum (empty
    /// for an optimizer without a momentum of eq. 6.11).
    pub momentum_weights: Vec<f64>,
    /// Problem 6.11: the Hessian's entries for this model and for a million parameters.
    pub hessian_entries: [f64; 2],
    /// A sliced scene's plane.
    pub slice: Option<super::slicing::SliceInfo>,
    /// Figure 6.6d: the last step's loss before and after, on its batch and on all the data.
    pub step_check: Option<[f64; 4]>,
    /// Figure 6.6d: that step went down on its batch and up on all the data.
    pub uphill: bool,
}

/// One labelled quantity of the optimizer's step: a number or a vector.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RowView {
    pub label: &'static str,
    pub number: Option<f64>,
    pub vector: Option<Vec<f64>>,
}

impl From<&crate::optim::Row> for RowView {
    fn from(r: &crate::optim::Row) -> Self {
        use crate::optim::RowValue;
        let (number, vector) = match r.value {
            RowValue::Number(x) => (Some(x), None),
            RowValue::Vector(v) => (None, Some(v.to_vec())),
        };
        RowView {
            label: r.label,
            number,
            vector,
        }
    }
}

/// The presentation settings, with what the page needs to draw them. The page sees one object:
/// `ui`'s fields beside the others (the boundary merges the two, see `web::Widget::view`;
/// serde's `flatten` would cost the wasm its map machinery).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UiView {
    #[serde(skip)]
    pub ui: crate::preset::Ui,
    /// The φ sliders' ranges `[[min, max], [min, max]]` and the book's example settings.
    pub slider_range: [[f64; 2]; 2],
    pub examples: &'static [[f64; 2]],
    /// How many landscape panels (`panels=`); the page sizes the landscape box for them.
    pub panel_count: usize,
    /// Whether the data panel shows (`render::Look::data`: a scene with data, or figure 6.10's
    /// function, unless hidden).
    pub data_panel: bool,
    /// Whether the loss panel shows (`render::Look::loss`: not beside figure 6.10's stages,
    /// unless hidden).
    pub loss_panel: bool,
    /// Whether the batch's own landscape shows beside the full one (figure 6.6).
    pub split: bool,
}

/// Loss, gradient and curvature at a hovered point.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Probe {
    pub phi: Vec<f64>,
    pub loss: f64,
    pub gradient: Vec<f64>,
    pub eigenvalues: Vec<f64>,
    pub kind: &'static str,
}

/// A critical point as the page lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CriticalView {
    pub phi: Vec<f64>,
    pub loss: f64,
    pub eigenvalues: Vec<f64>,
    pub kind: &'static str,
    pub global: bool,
}

impl From<&CriticalPoint> for CriticalView {
    fn from(p: &CriticalPoint) -> Self {
        CriticalView {
            phi: p.phi.to_vec(),
            loss: p.loss,
            eigenvalues: p.eigenvalues.clone(),
            kind: p.kind.name(),
            global: p.global,
        }
    }
}

/// 1-based position of the latest step's batch within its epoch.
fn batch_in_epoch(steps: usize, k: usize) -> Option<usize> {
    (steps > 0).then(|| (steps - 1) % k.max(1) + 1)
}

fn progress(run: &Run, limit: usize) -> Progress {
    let cur = run.current();
    let k = run.batches_per_epoch();
    let (status, message) = match run.status() {
        Status::Running => ("running", None),
        Status::Diverged { message, .. } => ("diverged", Some(message.clone())),
        Status::Stopped { message, .. } => ("stopped", Some(message.clone())),
    };
    Progress {
        steps: run.steps_taken(),
        limit,
        loss: cur.loss,
        phi: cur.phi.to_vec(),
        status,
        message,
        epoch: cur.epoch,
        batch_in_epoch: batch_in_epoch(run.steps_taken(), k),
        batches_per_epoch: k,
    }
}

impl Session {
    fn limit(&self, i: usize) -> usize {
        self.race.limits.get(i).copied().unwrap_or(0)
    }

    /// Everything the controls show.
    pub fn state_view(&self) -> StateView {
        let numbers = self.race.start_numbers();
        let runs = self
            .race
            .runs
            .iter()
            .enumerate()
            .map(|(i, r)| RunView {
                opt: r.config.opt.name(),
                color: crate::render::run_color_css(i),
                start: r.history()[0].phi.to_vec(),
                controls: controls(
                    r,
                    self.race.scene.name.has_data(),
                    self.race.scene.objective.n_samples(),
                ),
                batch: r.config.batch,
                start_number: numbers[i],
                progress: progress(r, self.limit(i)),
            })
            .collect();
        let v = self.race.scene.view;
        StateView {
            view: [v.phi0[0], v.phi0[1], v.phi1[0], v.phi1[1]],
            scene: self.race.scene.name.name(),
            seed: self.preset.defaults.seed().unwrap_or(0).to_string(),
            edited_data: self.preset.data.is_some(),
            has_data: self.race.scene.name.has_data(),
            sliced: self.race.scene.plane.is_some(),
            n_points: self.race.scene.objective.n_samples(),
            total: self.preset.total_steps(),
            finished: self.race.finished(),
            selected: self.selected,
            runs,
            query: self.preset.to_query(),
            share: self.link_query(false),
            embed: self.link_query(true),
            preset: self.preset.name.clone(),
            captioned: self.captioned().is_some(),
        }
    }

    /// The per-frame readout.
    pub fn readout(&self) -> Readout {
        Readout {
            finished: self.race.finished(),
            runs: self
                .race
                .runs
                .iter()
                .enumerate()
                .map(|(i, r)| progress(r, self.limit(i)))
                .collect(),
        }
    }

    /// The selected run's step internals.
    pub fn inspector_view(&self) -> InspectorView {
        let r = &self.race.runs[self.selected];
        let o = &self.race.scene.objective;
        let cur = r.current();
        let i = r.internals();
        let e = o.eval(cur.phi, Batch::All, Reduce::Sum);
        let v2 = |v: Option<Vector>| v.map(|v| v.to_vec());
        let fd = o.gradient_fd(cur.phi);
        let beta = r.config.hyper[BETA];
        let Progress {
            status, message, ..
        } = progress(r, self.limit(self.selected));
        let step_check = self.step_check();
        InspectorView {
            opt: r.config.opt.name(),
            mean: r.config.reduce == crate::objective::Reduce::Mean,
            status,
            message,
            t: r.steps_taken(),
            epoch: cur.epoch,
            batch_in_epoch: batch_in_epoch(r.steps_taken(), r.batches_per_epoch()),
            batches_per_epoch: r.batches_per_epoch(),
            batch: match &cur.batch {
                Some(Taken::Batch(ix)) => ix.iter().map(|&i| i as usize).collect(),
                _ => Vec::new(),
            },
            rate: cur.rate,
            phi: cur.phi.to_vec(),
            names: self.race.scene.name.param_names(),
            loss: cur.loss,
            alpha: r.config.hyper[ALPHA],
            beta,
            gamma: r.config.hyper[GAMMA],
            eps: r.config.hyper[EPS],
            gradient: e.gradient.to_vec(),
            gradient_norm: e.gradient.norm(),
            step_gradient: v2(i.gradient),
            fd_gradient: fd.to_vec(),
            // Relative to the gradient, but never to less than 1e-3: at a stationary point the
            // gradient is ~0 and the finite differences' own error (~1e-8) would read as a
            // relative difference of 38 or 28,000, "the gradient is wrong" (issue 19).
            fd_error: (fd - e.gradient).norm() / e.gradient.norm().max(FD_SCALE_FLOOR),
            turn: crate::construct::last_step_angle(r),
            has_rate: r.config.opt.uses().contains(&"alpha"),
            has_hessian: self.race.scene.name != SceneName::Line1d,
            rows: i.rows.iter().map(RowView::from).collect(),
            brackets: i.brackets.iter().map(|b| [b.a, b.b, b.c, b.d]).collect(),
            rules: i.brackets.iter().map(|b| b.rule.number()).collect(),
            eigenvalues: e.hessian.eigenvalues(),
            kind: Curvature::of(e.hessian).name(),
            momentum_weights: match r.config.opt {
                OptName::Momentum | OptName::Nesterov => {
                    (0..12).map(|k| (1.0 - beta) * beta.powi(k)).collect()
                }
                _ => Vec::new(),
            },
            hessian_entries: [(cur.phi.dim() * cur.phi.dim()) as f64, 1e12],
            slice: self.slice_info().cloned(),
            step_check,
            uphill: step_check.is_some_and(|[b0, b1, f0, f1]| b1 < b0 && f1 > f0),
        }
    }

    /// Figure 6.6d: the last step's loss before and after, on its batch and on all the data.
    fn step_check(&self) -> Option<[f64; 4]> {
        let r = self.race.runs.get(self.selected)?;
        let h = r.history();
        let (prev, cur) = (h.get(h.len().checked_sub(2)?)?, h.last()?);
        let ix = match cur.batch.as_ref()? {
            Taken::Batch(ix) => ix.iter().map(|&i| i as usize).collect::<Vec<_>>(),
            Taken::All(_) => return None,
        };
        let o = &self.race.scene.objective;
        let b = |p: Vector| o.value(p, Batch::Indices(&ix), Reduce::Sum);
        Some([b(prev.phi), b(cur.phi), prev.loss, cur.loss])
    }

    /// The presentation settings.
    pub fn ui_view(&self) -> UiView {
        let u = &self.preset.ui;
        let range = self.preset.scene.slider_range();
        let look = self.look();
        UiView {
            ui: u.clone(),
            slider_range: [range.phi0, range.phi1],
            examples: self.preset.scene.examples(),
            panel_count: u.panel_groups(self.race.runs.len()).len(),
            data_panel: look.data,
            loss_panel: look.loss,
            split: look.batch_surface && look.landscape,
        }
    }

    /// Loss, gradient and curvature at `phi` (hover).
    pub fn probe(&self, phi: Vector) -> Probe {
        // On a slice, `phi` is the plane's (u, v) and the numbers are the slice's.
        let e = self.race.scene.surface().eval(phi, Batch::All, Reduce::Sum);
        Probe {
            phi: phi.to_vec(),
            loss: e.value,
            gradient: e.gradient.to_vec(),
            eigenvalues: e.hessian.eigenvalues(),
            kind: Curvature::of(e.hessian).name(),
        }
    }
}

/// A run's sliders: its optimizer's hyperparameters, then its batch size on a scene with data
/// (`n` points).
fn controls(r: &Run, data: bool, n: usize) -> Vec<ControlView> {
    let mut out: Vec<ControlView> = crate::preset::keys::controls(r.config.opt)
        .into_iter()
        .map(|c| {
            let value = r.config.hyper.get(c.key);
            ControlView {
                key: c.key,
                text: crate::format::num(value),
                at: c.slider.nearest(value),
                stops: None,
            }
        })
        .collect();
    if data && n > 0 {
        let word = |k: usize| if k >= n { "all".into() } else { k.to_string() };
        // The text is what the link stores (`batch=31` on 30 points stays 31: a full batch,
        // with a warning); the slider stands at the last stop.
        out.push(ControlView {
            key: "batch",
            text: r.config.batch.map_or("all".into(), |b| b.to_string()),
            at: r.config.batch.unwrap_or(n).clamp(1, n) - 1,
            stops: Some((1..=n).map(word).collect()),
        });
    }
    out
}

/// The optimizers, scenes, presets and problems, for building menus and the gallery.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Catalogue {
    /// Each optimizer with the keys it reads.
    pub optimizers: Vec<(&'static str, Vec<&'static str>)>,
    /// The controls an instructor can hide with `hide=`.
    pub hideable: &'static [&'static str],
    /// The optimizer "Add run" adds next: the first of these not racing yet.
    pub add_order: &'static [&'static str],
    pub scenes: Vec<&'static str>,
    pub presets: Vec<&'static str>,
    /// `(problem, preset)`: where each of the chapter's problems can be explored.
    pub problems: &'static [(&'static str, &'static str)],
    /// `(lesson, figure or section, beats)`: every lesson (`lesson=NAME`).
    pub lessons: Vec<(&'static str, &'static str, usize)>,
    pub max_runs: usize,
    /// Downhill's version (shown in the Share panel).
    pub version: &'static str,
    /// The keys of the axis words the page sends in its language (`render::TEXT_KEYS`).
    pub text_keys: Vec<&'static str>,
    /// Figure 6.11's answers (Problem 6.6), computed from its functions.
    pub quiz: Vec<QuizFunction>,
    /// The gallery's figures: the named presets but those made for a problem alone
    /// (`problemN.M`, listed under the problems).
    pub figures: Vec<&'static str>,
    /// The page's menus, `[key, words]`: every key of a list of words (`lang`, `center`, ...),
    /// and `slice`'s named planes. A word's label is the string `KEY_WORD`.
    pub choices: Vec<(&'static str, Vec<&'static str>)>,
    /// Each hyperparameter slider's stops, `[key, values]` (see `ControlView::at`); a link
    /// writes a value as JavaScript's `String(value)` does (`format::num`).
    pub sliders: Vec<(&'static str, Vec<f64>)>,
}

/// Problem 6.9's calculator, for the inputs as typed: each a whole number in `[0, 1e9]` (what
/// is not a number counts as 0), the epochs that `iterations` steps make and the steps an
/// epoch takes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Calculator {
    pub n: f64,
    pub batch: f64,
    pub iterations: f64,
    pub epochs: f64,
    pub steps_per_epoch: f64,
}

pub fn calculator(n: f64, batch: f64, iterations: f64) -> Calculator {
    let whole = |v: f64| {
        if v.is_nan() {
            0.0
        } else {
            v.floor().clamp(0.0, 1e9)
        }
    };
    let (n, batch, iterations) = (whole(n), whole(batch), whole(iterations));
    let (a, b) = (n as usize, batch as usize);
    Calculator {
        n,
        batch,
        iterations,
        epochs: crate::sampler::epochs_for(a, b, iterations as usize),
        steps_per_epoch: 1.0 / crate::sampler::epochs_for(a, b, 1),
    }
}

pub fn catalogue() -> Catalogue {
    Catalogue {
        optimizers: crate::optim::OptName::ALL
            .iter()
            .map(|o| (o.name(), o.uses().to_vec()))
            .collect(),
        hideable: &crate::preset::HIDEABLE,
        add_order: &[
            "momentum", "nesterov", "adam", "sgd", "rmsprop", "adagrad", "gd",
        ],
        scenes: SceneName::ALL.iter().map(|s| s.name()).collect(),
        presets: crate::preset::NAMED.iter().map(|(n, _)| *n).collect(),
        lessons: crate::lesson::LESSONS
            .iter()
            .map(|l| (l.name, l.about, l.beats.len()))
            .collect(),
        problems: crate::figures::PROBLEMS,
        max_runs: crate::preset::MAX_RUNS,
        version: crate::VERSION,
        text_keys: crate::render::TEXT_KEYS.iter().map(|(k, _)| *k).collect(),
        quiz: quiz(),
        figures: crate::preset::NAMED
            .iter()
            .map(|(n, _)| *n)
            .filter(|n| !n.starts_with("problem"))
            .collect(),
        choices: KEYS
            .iter()
            .filter_map(|k| match k.kind {
                Kind::Choice(words) => Some((k.name, words.to_vec())),
                _ => None,
            })
            .chain([("slice", crate::objective::slice::Directions::MENU.to_vec())])
            .collect(),
        sliders: KEYS
            .iter()
            .filter_map(|k| Some((k.name, k.slider?.stops())))
            .collect(),
    }
}

/// One point of figure 6.11 with its answer and the reason.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuizPoint {
    pub number: u8,
    pub x: f64,
    pub value: f64,
    pub slope: f64,
    pub curvature: f64,
    pub above_lowest: f64,
    pub kind: &'static str,
    pub reason: &'static str,
}

/// One function of figure 6.11: convex or not, and its points.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuizFunction {
    pub letter: char,
    pub convex: bool,
    pub min_curvature: f64,
    pub points: Vec<QuizPoint>,
}

/// Figure 6.11's answers (Problem 6.6), computed from its functions.
pub fn quiz() -> Vec<QuizFunction> {
    let answers = crate::quiz::answers();
    crate::quiz::FUNCTIONS
        .iter()
        .map(|&f| QuizFunction {
            letter: f.letter(),
            convex: f.convex(),
            min_curvature: f.min_curvature(),
            points: answers
                .iter()
                .filter(|a| a.function == f)
                .map(|a| QuizPoint {
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
        .collect()
}

/// A problem of the last load or change, as the page lists it: `text` is the core's own
/// message (key and value quoted, escaped and cut to 40 characters). At most
/// [`crate::preset::MAX_SHOWN`] are listed; a last one with `severity` "more" counts the rest.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProblemView {
    pub severity: &'static str,
    pub text: String,
}

impl Session {
    pub fn problems_view(&self) -> Vec<ProblemView> {
        let lines = crate::preset::summary(&self.problems);
        lines
            .into_iter()
            .enumerate()
            .map(|(i, text)| ProblemView {
                severity: match self.problems.get(i).map(|p| p.severity) {
                    _ if i >= crate::preset::MAX_SHOWN => "more",
                    Some(crate::preset::Severity::Error) => "error",
                    _ => "warning",
                },
                text,
            })
            .collect()
    }

    /// The critical points of the scene inside its view.
    pub fn critical_views(points: &[CriticalPoint]) -> Vec<CriticalView> {
        points.iter().map(CriticalView::from).collect()
    }
}

/// What the figure shows, for screen readers: the page words it as the canvases' text
/// alternatives and announces a run's arrival (see `describe` in www/).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Description {
    pub scene: &'static str,
    /// The landscape is a slice: its axes are the plane's (u, v), its minima the slice's.
    pub sliced: bool,
    pub phi0: [f64; 2],
    pub phi1: [f64; 2],
    /// The lowest minimum found in the view (one of them, when several tie).
    pub global: Option<Spot>,
    pub n_points: usize,
    pub runs: Vec<RunDescription>,
    /// Figure 6.4's models beside the landscape (`models=1`), in their letters' order.
    pub models: Vec<ModelSpot>,
    /// Figure 6.6 b)-d)'s batches (`batches=1`), in the panels' order.
    pub batches: Vec<BatchSpot>,
    /// The strings key of the data panel's words: `descData` (the points and the model, which
    /// can be dragged), `descLine` (figure 6.10's function and its bracket) or `descStages` (its
    /// last three brackets side by side); `None` without a data panel.
    pub data_panel: Option<&'static str>,
}

/// A batch figure 6.6 b)-d) shows: its panel's label and its points.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BatchSpot {
    pub label: String,
    pub points: Vec<usize>,
}

/// A minimum whose model the loss panel shows, and its letter there and on the landscape.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModelSpot {
    pub letter: char,
    pub phi: Vec<f64>,
    pub loss: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Spot {
    pub phi: Vec<f64>,
    pub loss: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunDescription {
    pub opt: &'static str,
    pub steps: usize,
    pub limit: usize,
    pub first_loss: f64,
    pub loss: f64,
    pub status: &'static str,
    /// The minimum the run is in: within a twentieth of the view of its current point,
    /// `global` or `local`; `None` while it is elsewhere.
    pub near: Option<&'static str>,
    pub near_loss: Option<f64>,
}

/// How close (as a share of the view's extent) a run must be to a minimum to be "in" it.
pub const NEAR_MINIMUM: f64 = 0.05;

impl Session {
    /// The figure in words, with the critical points found on the landscape.
    pub fn describe(&self, critical: &[CriticalPoint]) -> Description {
        let view = self.race.scene.view;
        let span = Vector::new(view.phi0[1] - view.phi0[0], view.phi1[1] - view.phi1[0]);
        let minima = || critical.iter().filter(|c| c.kind == Curvature::Minimum);
        let runs = self
            .race
            .runs
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let p = progress(r, self.limit(i));
                let here = Vector::new(p.phi[0], p.phi[1]);
                // On a slice, the marked minima are the slice's: a run is "in" one only if it is
                // on the plane, which the words do not claim; they say where it is instead.
                let sliced = self.race.scene.plane.is_some();
                let near = minima()
                    .filter(|_| !sliced)
                    .map(|m| ((m.phi - here).div_elem(span).norm(), m))
                    .filter(|(d, _)| *d <= NEAR_MINIMUM)
                    .min_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, m)| m);
                RunDescription {
                    opt: r.config.opt.name(),
                    steps: p.steps,
                    limit: p.limit,
                    first_loss: r.history()[0].loss,
                    loss: p.loss,
                    status: p.status,
                    near: near.map(|m| if m.global { "global" } else { "local" }),
                    near_loss: near.map(|m| m.loss),
                }
            })
            .collect();
        Description {
            scene: self.race.scene.name.name(),
            sliced: self.race.scene.plane.is_some(),
            phi0: view.phi0,
            phi1: view.phi1,
            global: minima().find(|m| m.global).map(|m| Spot {
                phi: m.phi.to_vec(),
                loss: m.loss,
            }),
            n_points: self.race.scene.objective.n_samples(),
            data_panel: match (self.race.scene.name, self.look()) {
                (crate::objective::SceneName::Line1d, l) if l.stages => Some("descStages"),
                (crate::objective::SceneName::Line1d, _) => Some("descLine"),
                (_, l) if l.data => Some("descData"),
                _ => None,
            },
            runs,
            models: match self.look().models {
                true => crate::render::model_minima(critical)
                    .into_iter()
                    .enumerate()
                    .map(|(k, m)| ModelSpot {
                        letter: crate::render::model_letter(k),
                        phi: m.phi.to_vec(),
                        loss: m.loss,
                    })
                    .collect(),
                false => Vec::new(),
            },
            batches: match (self.look().batches, self.race.runs.get(self.selected)) {
                (true, Some(run)) => {
                    let all = run.epoch_batches();
                    let spot = |(k, &i): (usize, &usize)| BatchSpot {
                        label: crate::render::panel_label(k + 1),
                        points: all[i].clone(),
                    };
                    crate::construct::batch_picks(all.len())
                        .map_or(Vec::new(), |p| p.iter().enumerate().map(spot).collect())
                }
                _ => Vec::new(),
            },
        }
    }
}

/// The open lesson beat, as the page shows it. `phase` is `read` (a beat without a question),
/// `ask` (waiting for the prediction), `play` (revealed, playing to the pause) or `done` (the
/// answer is shown). `facts` are the numbers the reveal quotes, written as the captions write
/// them; `answer` and `judged` come only when `done`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LessonView {
    pub name: String,
    /// The beat, from 0.
    pub beat: usize,
    pub beats: usize,
    pub kind: Option<&'static str>,
    /// The settings are no longer the beat's own (a key added to its link, a moved start): its
    /// words describe the beat as it was, so the panel says so instead of giving its reason.
    pub changed: bool,
    /// For a page's own lesson: the beat's place among the page's `<downhill-beat>` elements,
    /// whose words it shows.
    pub source: Option<usize>,
    /// What the question is about (a page's own lesson's default words: `page_<about>`).
    pub about: Option<&'static str>,
    pub options: Vec<&'static str>,
    pub phase: &'static str,
    pub guess: Option<crate::lesson::Guess>,
    pub answer: Option<crate::lesson::Answer>,
    pub judged: Option<crate::lesson::Judged>,
    pub facts: Vec<(&'static str, String)>,
    /// Why the answer could not be computed (a bad beat), if so.
    pub error: Option<String>,
    /// What "Try again" changes: `start` or `seed` (`None`: the beat has no retry).
    pub retry: Option<&'static str>,
    /// Presenter mode (`reveal=1`): no prediction is asked for, and nothing is scored.
    pub present: bool,
    pub attempt: usize,
    /// As the reveal writes them: the answer (a number's value, a choice's option word), the
    /// prediction's distance (a share of the view's diagonal) and what counts as right.
    pub answer_text: Option<String>,
    pub distance_text: Option<String>,
    pub within_text: Option<String>,
}

impl Session {
    pub fn lesson_view(&self) -> Option<LessonView> {
        let (name, k, beats) = self.lesson_at()?;
        let retry: &[&str] = crate::lesson::lesson(&name)
            .and_then(|l| l.beats.get(k))
            .map_or(&[], |b| b.retry);
        let ask = self.ask();
        let progress = self.progress();
        let phase = match (ask.is_some(), progress.revealed, progress.solved.is_some()) {
            (false, _, _) => "read",
            (true, false, _) => "ask",
            (true, true, false) => "play",
            (true, true, true) => "done",
        };
        let (answer, judged, facts, error) = match &progress.solved {
            Some(Ok(s)) => (
                Some(s.answer.clone()),
                s.judged.clone(),
                s.facts
                    .iter()
                    .map(|(k, v)| (*k, crate::format::sig(*v, 3)))
                    .collect(),
                None,
            ),
            Some(Err(e)) => (None, None, Vec::new(), Some(e.clone())),
            None => (None, None, Vec::new(), None),
        };
        let percent = |x: f64| format!("{}%", crate::format::sig(100.0 * x, 2));
        let (answer_text, within_text) = match &answer {
            Some(crate::lesson::Answer::Number { value, tolerance }) => (
                Some(crate::format::sig(*value, 3)),
                (*tolerance > 0.0).then(|| crate::format::sig(*tolerance, 2)),
            ),
            Some(crate::lesson::Answer::Choose { options, correct }) => {
                (Some(options[*correct].to_string()), None)
            }
            Some(crate::lesson::Answer::Point { .. }) => {
                (None, Some(percent(crate::lesson::POINT_TOLERANCE)))
            }
            Some(crate::lesson::Answer::Sketch { .. }) => {
                (None, Some(percent(crate::lesson::SKETCH_TOLERANCE)))
            }
            None => (None, None),
        };
        let distance_text = judged.as_ref().and_then(|j| j.distance).map(percent);
        // The beat's own state, as its query opens it, against the state now.
        let own = match &self.page {
            Some((beats, at)) => beats.get(*at).map(|b| b.query.clone()),
            None => crate::lesson::lesson(&name)
                .and_then(|l| crate::lesson::beat_query(l, k, progress.attempt)),
        };
        let changed = own.is_some_and(|q| {
            let mut own = crate::preset::parse(&q).preset;
            own.ui = self.preset().ui.clone();
            own.lesson = self.preset().lesson.clone();
            own.name = self.preset().name.clone();
            own != *self.preset()
        });
        Some(LessonView {
            changed,
            answer_text,
            distance_text,
            within_text,
            name,
            beat: k,
            beats,
            source: self.page_source(),
            about: ask.map(|a| a.about()),
            kind: ask.map(|a| a.kind()),
            options: ask.map_or_else(Vec::new, |a| a.options(self.race().runs.len())),
            phase,
            guess: progress.guess.clone(),
            answer,
            judged,
            facts,
            error,
            retry: retry.first().map(|r| {
                if r.starts_with("seed=") {
                    "seed"
                } else {
                    "start"
                }
            }),
            present: self.preset().ui.reveal,
            attempt: progress.attempt,
        })
    }
}
