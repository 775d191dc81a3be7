//! Presets: the URL query is a public interface, parsed into a typed [`Preset`] and written back
//! in one canonical form.
//!
//! Top-level keys are the defaults of every run; each repeated `run=` holds one optimizer and its
//! own overrides, written `run=NAME;key=value;key=value` (e.g. `run=adam;alpha=0.05;gamma=0.99`).
//! Without `run=` there is one run made of the top-level keys. `preset=NAME` first loads a named
//! preset; explicit keys then override it (explicit `run=`s replace its runs).
//!
//! Parsing is lenient but never silent: a bad value is reported with its key, the value and what
//! is allowed, and skipped (the rest of the query still applies); an unknown key is reported and
//! ignored. Nothing becomes NaN.

use crate::format::{num, replace};
use crate::linalg::Vector;
use crate::objective::data::SHALLOW_KEYS;
use crate::objective::slice::{Center, Directions};
use crate::objective::Scene;
use crate::objective::{DataSet, Reduce, SceneName, View};
use crate::optim::OptName;
use crate::run::{Race, Run, RunConfig, MAX_STEPS};
use crate::schedule::{Decay, Schedule};
use std::fmt;

pub mod keys;
use keys::{parse_count, parse_f64};
pub use keys::{RunSpec, Value, KEYS};

/// Most runs racing at once.
pub const MAX_RUNS: usize = 6;
/// Most data points a preset may carry.
pub const MAX_POINTS: usize = 200;
/// The longest query read, in bytes. The longest real one (200 data points at full precision,
/// six runs) is about 16 KB; a longer one is refused whole, so no link can make the parser work
/// for long on the page's main thread.
pub const MAX_QUERY: usize = 100_000;
/// Steps when neither the query nor a named preset says.
pub const DEFAULT_STEPS: usize = 50;
/// The minibatch size `opt=sgd` uses when no `batch` is given (the notebooks' 5).
pub const SGD_DEFAULT_BATCH: usize = 5;

/// Minibatch size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchSize {
    /// Full-batch gradient descent.
    All,
    Size(usize),
}

/// Controls an instructor can hide with `hide=` (comma-separated).
pub const HIDEABLE: [&str; 11] = [
    "play",
    "speed",
    "scene",
    "seed",
    "runs",
    "inspector",
    "landscape",
    "data",
    "loss",
    "share",
    "options",
];

/// How the widget presents itself; none of it changes a trajectory.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Ui {
    /// `autoplay=1`: start playing on load.
    pub autoplay: bool,
    /// `played=1`: the figure opens at the end of its runs, the picture its caption describes
    /// (the page steps them, sliced over frames, before it shows them); Play replays from the
    /// start. A lesson's beat never opens played: the prediction comes first.
    pub played: bool,
    /// `reveal=1`: a lesson in presenter mode (the reveal needs no prediction; nothing is scored).
    pub reveal: bool,
    /// `embed=1`: the widget alone, without page chrome.
    pub embed: bool,
    /// `hide=a,b`: controls not shown (from [`HIDEABLE`]).
    pub hide: Vec<String>,
    /// `lang=en|zh` (default: the browser's language), a word of the key table's list.
    pub lang: Option<&'static str>,
    /// `theme=dark|auto` (default: light; `auto` follows the reader's system), a word of the key
    /// table's list.
    pub theme: Option<&'static str>,
    /// `speed=N`: steps per animation frame, 1 to 100.
    pub speed: Option<u32>,
    /// `logc=1`: log-scaled landscape colours.
    pub log_colors: bool,
    /// `logl=1`: log-scaled loss axis.
    pub log_loss: bool,
    /// `batchsurf=1`: show the current batch's own landscape beside the full one (figure 6.6).
    pub batch_surface: bool,
    /// `trail=1`: the models of the first iterates drawn light to dark (figure 6.1d), iterates numbered.
    pub trail: bool,
    /// `view3d=1`: the loss as a 3-D surface with the paths on it, in the loss panel's place
    /// (figure 6.1b).
    pub view3d: bool,
    /// `turn=yaw,pitch`: how figure 6.1b's surface is turned, in degrees (`None`: the book's
    /// view). A drag or the arrow keys change it, and the link keeps it.
    pub turn: Option<[f64; 2]>,
    /// `stages=1`: the 1-D function's bracket at each of the last three steps side by side
    /// (figure 6.10 a-c).
    pub stages: bool,
    /// `models=1`: the loss panel shows the model at each marked minimum, lettered on the
    /// landscape (figure 6.4 b-f).
    pub models: bool,
    /// `batches=1`: three of the epoch's batches on their own surfaces with their steps from the
    /// current point, in the loss panel's place (figure 6.6 b-d).
    pub batches: bool,
    /// `best=1`: the run with the lowest loss is ringed and marked "best" (6.1.3: restart from
    /// several starts, keep the best; `starts=K`).
    pub best: bool,
    /// `sliders=1`: phi0 and phi1 as sliders (figure 6.2).
    pub sliders: bool,
    /// `arrows=1`: momentum and gradient arrows of the current step, points 1-5 (figure 6.8).
    pub arrows: bool,
    /// `curv=1`: colour the landscape by the signs of the Hessian's eigenvalues (convexity).
    pub curvature: bool,
    /// `lr=1`: plot the learning-rate schedule beside the loss (section 6.2.2).
    pub rate: bool,
    /// `epochs=1`: the loss against epochs (samples processed / N), not iterations: full-batch
    /// and stochastic runs compared at equal cost (section 6.2).
    pub epochs: bool,
    /// `calc=1`: the epochs calculator of Problem 6.9.
    pub calc: bool,
    /// `quiz=1`: figure 6.11's classification exercise (Problem 6.6).
    pub quiz: bool,
    /// `flip=1`: φ1 runs downwards on the landscape, as the book draws figure 6.1.
    pub flip: bool,
    /// `sweep=KEY,KEY`: a grid of final losses over two hyperparameters (section 6.5).
    pub sweep: Option<[String; 2]>,
    /// `panels=each` or `panels=1-3;4-6`: small multiples, one landscape per run or per group of
    /// runs (1-based in the URL), as the book draws figures 6.5, 6.7 and 6.9.
    pub panels: Option<Panels>,
    /// `slice=`: how the shallow scene's landscape plane is spanned (default: random; the page
    /// is told the default).
    #[serde(serialize_with = "or_default")]
    pub slice: Option<Directions>,
    /// `center=start|current|critical`: the plane's centre (default: the start).
    #[serde(serialize_with = "or_default")]
    pub center: Option<Center>,
    /// `follow=1`: the plane re-centres on the current iterate as the run moves.
    pub follow: bool,
}

/// A setting's value for the page, its default where the link has none.
fn or_default<T: Default + Copy + serde::Serialize, S: serde::Serializer>(
    v: &Option<T>,
    s: S,
) -> Result<S::Ok, S::Error> {
    v.unwrap_or_default().serialize(s)
}

/// How the runs are split over landscape panels.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub enum Panels {
    /// One panel per run.
    Each,
    /// Panels of the listed runs (0-based indices).
    Groups(Vec<Vec<usize>>),
}

/// At most this many landscape panels.
pub const MAX_PANELS: usize = 6;

impl Panels {
    fn parse(v: &str) -> Result<Option<Panels>, String> {
        const WORDS: &str = "must be each, or groups of run numbers such as 1-3;4-6";
        let v = v.trim();
        if v.is_empty() {
            return Ok(None);
        }
        if v == "each" {
            return Ok(Some(Panels::Each));
        }
        let mut groups = Vec::new();
        for g in v.split(';') {
            let mut group = Vec::new();
            for item in g.split(',').map(str::trim) {
                let (a, b) = item.split_once('-').unwrap_or((item, item));
                let (a, b) = match (a.trim().parse::<usize>(), b.trim().parse::<usize>()) {
                    (Ok(a), Ok(b)) if 1 <= a && a <= b && b <= MAX_RUNS => (a, b),
                    _ => return Err(WORDS.into()),
                };
                group.extend((a - 1)..b);
            }
            groups.push(group);
        }
        if groups.len() > MAX_PANELS {
            return Err(format!("at most {MAX_PANELS} panels"));
        }
        Ok(Some(Panels::Groups(groups)))
    }

    fn text(&self) -> String {
        match self {
            Panels::Each => "each".into(),
            Panels::Groups(gs) => gs
                .iter()
                .map(|g| {
                    g.iter()
                        .map(|i| (i + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .collect::<Vec<_>>()
                .join(";"),
        }
    }
}

impl Ui {
    /// The runs of each landscape panel for a race of `runs` runs: one panel of every run unless
    /// `panels` splits them. Indices past the race are dropped, and so are empty panels.
    pub fn panel_groups(&self, runs: usize) -> Vec<Vec<usize>> {
        let groups: Vec<Vec<usize>> = match &self.panels {
            None => vec![(0..runs).collect()],
            Some(Panels::Each) => (0..runs).take(MAX_PANELS).map(|i| vec![i]).collect(),
            Some(Panels::Groups(gs)) => gs
                .iter()
                .map(|g| g.iter().copied().filter(|&i| i < runs).collect::<Vec<_>>())
                .filter(|g| !g.is_empty())
                .collect(),
        };
        if groups.is_empty() {
            vec![(0..runs).collect()]
        } else {
            groups
        }
    }
}

/// Hyperparameters a sweep can range over, with the values it tries.
pub fn sweep_values(key: &str) -> Option<Vec<f64>> {
    match crate::optim::hyper::by_name(key) {
        Some(hp) => Some(crate::optim::HYPERS[hp.0].sweep.to_vec()).filter(|v| !v.is_empty()),
        None if key == "batch" => Some(vec![1.0, 2.0, 3.0, 5.0, 8.0, 12.0, 20.0, 30.0]),
        None => None,
    }
}

impl Ui {
    /// Sets one presentation key from its URL text.
    pub fn set(&mut self, key: &str, v: &str) -> Result<(), String> {
        let flag = |v: &str| match v.trim() {
            "1" | "true" | "on" | "" => Ok(true),
            "0" | "false" | "off" => Ok(false),
            _ => Err("must be 1 or 0".to_string()),
        };
        if let Some(field) = keys::key(key).and_then(|k| k.flag) {
            *field(self) = flag(v)?;
            return Ok(());
        }
        match key {
            "sweep" => {
                self.sweep = if v.trim().is_empty() {
                    None
                } else {
                    let keys: Vec<&str> = v.split(',').map(str::trim).collect();
                    match keys.as_slice() {
                        [a, b]
                            if a != b && sweep_values(a).is_some() && sweep_values(b).is_some() =>
                        {
                            Some([a.to_string(), b.to_string()])
                        }
                        _ => {
                            return Err(
                                "must be two different keys of alpha, beta, gamma, batch, maxdist"
                                    .into(),
                            )
                        }
                    }
                }
            }
            "panels" => self.panels = Panels::parse(v)?,
            "turn" => self.turn = match v.trim() {
                "" => None,
                v => match parse_point(v).map(|p| p.as_slice().to_vec()).as_deref() {
                    Ok(&[yaw, pitch])
                        if (-180.0..=180.0).contains(&yaw) && (0.0..=90.0).contains(&pitch) =>
                    {
                        Some([yaw, pitch])
                    }
                    _ => return Err(
                        "must be yaw,pitch in degrees: yaw from -180 to 180, pitch from 0 to 90"
                            .into(),
                    ),
                },
            },
            "slice" => {
                self.slice = match v.trim() {
                    "" => None,
                    v => Some(Directions::parse(v, &SHALLOW_KEYS)?),
                }
            }
            // A word of the key table's list, or a whole number in its range: its own parser.
            "center" | "theme" | "lang" | "speed" => {
                let value = match v.trim() {
                    "" => None,
                    v => Some(keys::parse_value(keys::key(key).expect("a key"), v)?),
                };
                let word = |w: &Option<keys::Value>| match w {
                    Some(keys::Value::Word(w)) => Some(*w),
                    _ => None,
                };
                match key {
                    "center" => self.center = word(&value).and_then(Center::parse),
                    // Light is the default: never written.
                    "theme" => self.theme = word(&value).filter(|t| *t != "light"),
                    "lang" => self.lang = word(&value),
                    _ => {
                        self.speed = match value {
                            Some(keys::Value::Count(n)) => Some(n as u32),
                            _ => None,
                        }
                    }
                }
            }
            "hide" => {
                // The valid items apply; the bad ones are reported.
                let mut hide = Vec::new();
                let mut bad = Vec::new();
                for item in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    if !HIDEABLE.contains(&item) {
                        bad.push(quoted(item));
                    } else if !hide.iter().any(|h| h == item) {
                        hide.push(item.to_string());
                    }
                }
                self.hide = hide;
                if !bad.is_empty() {
                    return Err(format!(
                        "cannot hide {}; choose from {}",
                        bad.join(", "),
                        HIDEABLE.join(", ")
                    ));
                }
            }
            _ => return Err(format!("unknown key {}", quoted(key))),
        }
        Ok(())
    }

    /// The keys to write, in the table's order, relative to `base` (the named preset's
    /// presentation, which a link re-applies first): a flag is written when it differs (`0`
    /// switches off one the named preset turns on), a value when it is set or when `base` sets
    /// one (an empty value clears it).
    fn pairs(&self, base: &Ui) -> Vec<(&'static str, String)> {
        let (mut me, mut them) = (self.clone(), base.clone());
        let text = |u: &Ui, k: &str| -> Option<String> {
            match k {
                "hide" => (!u.hide.is_empty()).then(|| u.hide.join(",")),
                "lang" => u.lang.map(str::to_string),
                "theme" => u.theme.map(str::to_string),
                "speed" => u.speed.map(|s| s.to_string()),
                "turn" => u.turn.map(|[y, p]| format!("{},{}", num(y), num(p))),
                "sweep" => u.sweep.as_ref().map(|[a, b]| format!("{a},{b}")),
                "panels" => u.panels.as_ref().map(Panels::text),
                "slice" => u.slice.map(|d| d.text(&SHALLOW_KEYS)),
                "center" => u.center.map(|c| c.name().to_string()),
                _ => None,
            }
        };
        let mut out = Vec::new();
        for key in keys::KEYS
            .iter()
            .filter(|k| k.scope == keys::Scope::Presentation)
        {
            if let Some(field) = key.flag {
                let (on, base_on) = (*field(&mut me), *field(&mut them));
                if on != base_on {
                    out.push((key.name, if on { "1" } else { "0" }.to_string()));
                }
            } else {
                let (v, b) = (text(self, key.name), text(base, key.name));
                if v != b {
                    out.push((key.name, v.unwrap_or_default()));
                }
            }
        }
        out
    }
}

/// A whole widget state: scene, data, runs and the step count where play pauses.
#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    /// The named preset this one started from (kept for captions and links).
    pub name: Option<String>,
    /// The lesson and its beat (0-based) this state belongs to (`lesson=`, `beat=`).
    pub lesson: Option<(String, usize)>,
    pub scene: SceneName,
    /// User-edited data (`None`: the book's).
    pub data: Option<DataSet>,
    /// The plotted region `phi0 in [a, b], phi1 in [c, d]` (`None`: the scene's default).
    pub view: Option<View>,
    pub steps: Option<usize>,
    /// `starts=K` (6.1.3): with no `run=`, the run of the defaults from K starts (see
    /// [`Preset::restarts`]).
    pub starts: Option<usize>,
    /// Defaults for every run.
    pub defaults: RunSpec,
    /// The runs (empty: one run of the defaults).
    pub runs: Vec<RunSpec>,
    /// Presentation.
    pub ui: Ui,
}

impl Default for Preset {
    fn default() -> Self {
        Preset {
            name: None,
            lesson: None,
            scene: SceneName::Gabor,
            data: None,
            view: None,
            steps: None,
            starts: None,
            defaults: RunSpec::default(),
            runs: Vec::new(),
            ui: Ui::default(),
        }
    }
}

/// How serious a [`Problem`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The value was rejected and the key skipped.
    Error,
    /// The key is unknown, or was accepted with a change; nothing was lost.
    Warning,
}

/// A message about one key of a query.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub severity: Severity,
    pub key: String,
    pub value: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A key of the table (or run[2].alpha) as it is; anything else quoted and escaped.
        let plain = self.key.len() <= 40
            && self
                .key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']'));
        let key = if plain {
            self.key.clone()
        } else {
            quoted(&self.key)
        };
        write!(f, "{key} = {}: {}", quoted(&self.value), self.message)
    }
}

/// The largest magnitude of a start or data coordinate, from a link or from the page.
pub const MAX_COORD: f64 = 1e6;

/// A start point from the page: the same rule as `start=` in a link.
pub fn checked_start(phi0: f64, phi1: f64) -> Result<Vector, String> {
    if !(phi0.is_finite() && phi1.is_finite()) {
        return Err("the start point must be two finite numbers".into());
    }
    if phi0.abs() > MAX_COORD || phi1.abs() > MAX_COORD {
        return Err(format!("phi0 and phi1 must be within ±{MAX_COORD:e}"));
    }
    Ok(Vector::new(phi0, phi1))
}

/// A start point of any dimension from the page (a point of a slice): every coordinate within
/// the same bound as a link's.
pub fn checked_point_n(p: Vector) -> Result<Vector, String> {
    if !p.is_finite() || p.as_slice().iter().any(|x| x.abs() > MAX_COORD) {
        return Err(format!(
            "the start point must be finite and within ±{MAX_COORD:e}"
        ));
    }
    Ok(p)
}

/// A data point from the page: the same rule as a point of `data=` in a link.
pub fn checked_point(x: f64, y: f64) -> Result<(f64, f64), String> {
    checked_start(x, y)
        .map(|p| (p.x(), p.y()))
        .map_err(|e| replace(&in_xy(&e), "start point", "data point"))
}

/// A start's message said of a point `x,y`.
fn in_xy(message: &str) -> String {
    replace(&replace(message, "phi0", "x"), "phi1", "y")
}

/// A value quoted for a message: control characters and quotes escaped, at most 40 characters
/// (longer values end in an ellipsis), so a hostile value cannot forge lines or flood a message.
pub fn quoted(v: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::from("\"");
    for (i, c) in v.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || invisible(c) => out.push_str(&c.escape_default().to_string()),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters that change how text around them is shown without being seen themselves: the
/// bidirectional controls (U+202E reverses what follows), zero-width and other format
/// characters (Unicode's Cf), line and paragraph separators, and the tag characters. A message
/// shows them escaped (`\u{202e}`), so a value cannot reverse or hide the words around it.
pub fn invisible(c: char) -> bool {
    matches!(c,
        '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
        | '\u{180b}'..='\u{180f}'
        | '\u{200b}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}'
        | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}' | '\u{ffa0}'
        | '\u{fff0}'..='\u{fffb}'
        | '\u{110bd}' | '\u{110cd}' | '\u{13430}'..='\u{1343f}'
        | '\u{1bca0}'..='\u{1bca3}' | '\u{1d173}'..='\u{1d17a}'
        | '\u{e0000}'..='\u{e0fff}')
}

/// How many problems a message box or the command line lists before "and N more".
pub const MAX_SHOWN: usize = 10;

/// The problems as the user reads them (each value quoted, escaped and cut), at most
/// [`MAX_SHOWN`] of them, then one line that counts the rest.
pub fn summary<'a>(problems: impl IntoIterator<Item = &'a Problem>) -> Vec<String> {
    let mut lines = Vec::new();
    let mut more = 0usize;
    for p in problems {
        if lines.len() < MAX_SHOWN {
            lines.push(p.to_string());
        } else {
            more += 1;
        }
    }
    if more > 0 {
        lines.push(format!(
            "and {more} more problem{}",
            if more == 1 { "" } else { "s" }
        ));
    }
    lines
}

/// Percent-encodes what would split or change a query value (`%`, `&`, `+`, `#`), so a value
/// from the page can be parsed as one key's value.
pub fn escape_value(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '%' => out.push_str("%25"),
            '&' => out.push_str("%26"),
            '+' => out.push_str("%2B"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

fn parse_point(v: &str) -> Result<Vector, String> {
    let parts: Vec<&str> = v.split(',').collect();
    if parts.len() < 2 || parts.len() > crate::linalg::MAX_DIM {
        return Err("must be two numbers phi0,phi1 (ten for the shallow scene)".into());
    }
    let mut p = Vector::zeros(parts.len());
    for (k, part) in parts.iter().enumerate() {
        let name = match k {
            0 => "phi0".to_string(),
            1 => "phi1".to_string(),
            k => format!("number {}", k + 1),
        };
        let x = parse_f64(part).map_err(|e| format!("{name} {e}"))?;
        if x.abs() > MAX_COORD {
            return Err(format!("{name} must be within ±{MAX_COORD:e}"));
        }
        p[k] = x;
    }
    Ok(p)
}

/// The figure flags set in `ui` that `scene` cannot show, each with why (the link's problems,
/// a refused control; a change of scene drops them):
/// - `sliders=1`: figure 6.2's sliders move φ0 and φ1, and on a sliced scene the landscape's
///   axes are a plane's (u, v), not two parameters;
/// - `models=1`: figure 6.4's models need data points and two parameters;
/// - `stages=1`: figure 6.10's stages are the 1-D function's;
/// - `view3d=1`: figure 6.1b's surface needs two parameters.
pub fn flags_refused(scene: SceneName, ui: &Ui) -> Vec<(&'static str, String)> {
    let (name, dim) = (scene.name(), scene.dim());
    let two = dim == 2 && scene != SceneName::Line1d;
    [
        (ui.sliders && dim > 2).then(|| {
            ("sliders", format!("the φ sliders move two parameters; scene {name} has {dim} (drag the start on the slice instead); ignored"))
        }),
        (ui.models && !(two && scene.has_data())).then(|| {
            ("models", format!("the models at the minima need data points and two parameters; scene {name} has not; ignored"))
        }),
        (ui.batches && !(two && scene.has_data())).then(|| {
            ("batches", format!("the batches' own surfaces need data points and two parameters; scene {name} has not; ignored"))
        }),
        (ui.stages && scene != SceneName::Line1d).then(|| {
            ("stages", format!("the bracket's stages are drawn on the 1-D function (scene=line1d), not on {name}; ignored"))
        }),
        (ui.view3d && !two).then(|| {
            ("view3d", format!("the loss surface needs two parameters; scene {name} has {dim}; ignored"))
        }),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The problem with a start point of the wrong dimension for `scene`, if any.
pub fn start_mismatch(scene: SceneName, start: Vector) -> Option<String> {
    let n = scene.dim();
    (start.dim() != n).then(|| {
        format!(
            "scene {} needs {n} numbers, {} in that order; this start is ignored",
            scene.name(),
            scene.param_names().join(", ")
        )
    })
}

/// A default start point per scene (the notebooks' where they have one).
pub fn default_start(scene: SceneName) -> Vector {
    match scene {
        SceneName::Linear => Vector::new(1.6, -0.5),
        SceneName::Gabor => Vector::new(-1.5, 8.5),
        SceneName::Bowl => Vector::new(-0.7, -0.9),
        SceneName::Line1d => Vector::new(0.05, 0.0),
        SceneName::Logistic => Vector::new(-3.0, -0.5),
        SceneName::Rosenbrock => Vector::new(-1.5, 2.5),
        SceneName::Himmelblau => Vector::new(0.3, -0.5),
        SceneName::Saddle => Vector::new(1.5, 0.02),
        // Joints at x = 0.5, 1.0 and 1.5, output weights a fifth of the target's.
        SceneName::Shallow => {
            Vector::from_slice(&[0.5, 0.5, -0.5, 0.5, -0.5, 1.0, -1.0, 1.0, -1.5, 1.0])
        }
    }
}

/// The result of parsing a query: the preset and everything worth telling the user.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    pub preset: Preset,
    pub problems: Vec<Problem>,
}

impl Parsed {
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
    }
}

/// Splits a query (with or without a leading `?`) into decoded `(key, value)` pairs: `%XX`
/// escapes and `+` (a space) decoded, a `%` without two hex digits kept, invalid UTF-8 replaced.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.trim().trim_start_matches('?').as_bytes())
        .into_owned()
        .collect()
}

fn parse_data(v: &str, scene: SceneName) -> Result<DataSet, String> {
    let mut x = Vec::new();
    let mut y = Vec::new();
    for (i, pair) in v.split(';').filter(|s| !s.trim().is_empty()).enumerate() {
        let p = parse_pair_loose(pair).map_err(|e| format!("point {}: {e}", i + 1))?;
        if !scene.valid_target(p.y()) {
            return Err(format!(
                "point {}: y must be 0 or 1 for {}",
                i + 1,
                scene.name()
            ));
        }
        x.push(p.x());
        y.push(p.y());
    }
    if x.is_empty() || x.len() > MAX_POINTS {
        return Err(format!(
            "must hold 1 to {MAX_POINTS} points x,y separated by ;"
        ));
    }
    Ok(DataSet::new(x, y))
}

fn parse_view(v: &str) -> Result<View, String> {
    let parts: Vec<&str> = v.split(',').collect();
    let nums: Result<Vec<f64>, String> = parts.iter().map(|p| parse_f64(p)).collect();
    match nums?.as_slice() {
        &[a, b, c, d]
            if a < b
                && c < d
                && b - a > 1e-9
                && d - c > 1e-9
                && [a, b, c, d].iter().all(|x| x.abs() <= 1e6) =>
        {
            Ok(View {
                phi0: [a, b],
                phi1: [c, d],
            })
        }
        _ => Err("must be phi0min,phi0max,phi1min,phi1max with min < max, within ±1e6".into()),
    }
}

fn parse_pair_loose(v: &str) -> Result<Vector, String> {
    match parse_point(v) {
        Ok(p) if p.dim() == 2 => Ok(p),
        Ok(_) => Err("must be two numbers x,y".into()),
        Err(e) => Err(replace(&in_xy(&e), " (ten for the shallow scene)", "")),
    }
}

/// The state a lesson's beat opens in: its query's, but a beat that asks a question opens at the
/// start of its runs whatever `played=` says, so the student predicts before the runs play.
pub fn beat_state(query: &str, asks: bool) -> Preset {
    let mut preset = parse(query).preset;
    preset.ui.played &= !asks;
    preset
}

/// Parses a query string into a preset. Never fails: problems are collected, bad keys skipped.
pub fn parse(query: &str) -> Parsed {
    if let Err(problem) = within_limit(query) {
        return Parsed {
            preset: Preset::default(),
            problems: vec![problem],
        };
    }
    let pairs = query_pairs(query);
    let mut problems = Vec::new();
    let mut preset = Preset::default();

    // A lesson's beat first (its state), then a named preset, then the explicit keys. A query
    // that names its scene carries its whole state (the canonical query always does: the state
    // may have been edited since the beat opened), so only the lesson and beat are taken then.
    if let Some((_, name)) = pairs.iter().rev().find(|(k, _)| k == "lesson") {
        match crate::lessons::lesson(name.trim()) {
            Some(l) => {
                let mut beat = 0;
                if let Some((_, v)) = pairs.iter().rev().find(|(k, _)| k == "beat") {
                    match parse_count(v, 1, l.beats.len(), "beat") {
                        Ok(b) => beat = b - 1,
                        Err(e) => problems.push(Problem {
                            severity: Severity::Error,
                            key: "beat".into(),
                            value: v.clone(),
                            message: e,
                        }),
                    }
                }
                if !pairs.iter().any(|(k, _)| k == "scene") {
                    let b = &l.beats[beat];
                    preset = beat_state(b.query, b.ask.is_some());
                }
                preset.lesson = Some((l.name.to_string(), beat));
            }
            None => problems.push(Problem {
                severity: Severity::Error,
                key: "lesson".into(),
                value: name.clone(),
                message: format!(
                    "unknown lesson; {}",
                    choose_one(
                        name,
                        &crate::lessons::LESSONS
                            .iter()
                            .map(|l| l.name)
                            .collect::<Vec<_>>(),
                    )
                ),
            }),
        }
    }
    // A named preset next, so explicit keys override it. Of repeated `preset=` and `scene=`,
    // the last valid one counts; a bad repeat is reported and does not undo a good one.
    for (_, name) in pairs.iter().filter(|(k, _)| k == "preset") {
        match named(name) {
            Some(q) => {
                let lesson = preset.lesson.take();
                preset = parse(q).preset;
                preset.name = Some(name.clone());
                preset.lesson = lesson;
            }
            None => problems.push(Problem {
                severity: Severity::Error,
                key: "preset".into(),
                value: name.clone(),
                message: format!(
                    "unknown preset; {}",
                    choose_one(name, &NAMED.iter().map(|(n, _)| *n).collect::<Vec<_>>())
                ),
            }),
        }
    }
    // The scene next: data are checked against it.
    for (_, v) in pairs.iter().filter(|(k, _)| k == "scene") {
        match SceneName::parse(v.trim()) {
            Some(s) => preset.change_scene(s),
            None => problems.push(Problem {
                severity: Severity::Error,
                key: "scene".into(),
                value: v.clone(),
                message: format!(
                    "unknown scene; {}",
                    choose_one(v, &SceneName::ALL.map(|s| s.name()))
                ),
            }),
        }
    }

    let mut explicit_runs: Vec<RunSpec> = Vec::new();
    let mut saw_run = false;
    let mut starts = None;
    for (key, value) in &pairs {
        let mut problem = |severity, message: String| {
            problems.push(Problem {
                severity,
                key: key.clone(),
                value: value.clone(),
                message,
            })
        };
        match key.as_str() {
            "preset" | "scene" | "lesson" | "beat" => {}
            "steps" => match parse_count(value, 0, MAX_STEPS, "steps") {
                Ok(n) => preset.steps = Some(n),
                Err(e) => problem(Severity::Error, e),
            },
            "view" => match parse_view(value) {
                Ok(v) => preset.view = Some(v),
                Err(e) => problem(Severity::Error, e),
            },
            "starts" => match parse_count(value, 2, MAX_RUNS, "starts") {
                Ok(k) => starts = Some((k, value)),
                Err(e) => problem(Severity::Error, e),
            },
            "data" => {
                if !preset.scene.has_data() {
                    problem(
                        Severity::Warning,
                        format!("scene {} has no data; ignored", preset.scene.name()),
                    )
                } else {
                    match parse_data(value, preset.scene) {
                        Ok(d) => preset.data = Some(d),
                        Err(e) => problem(Severity::Error, e),
                    }
                }
            }
            "run" => {
                saw_run = true;
                if explicit_runs.len() >= MAX_RUNS {
                    problem(
                        Severity::Error,
                        format!("at most {MAX_RUNS} runs race at once; this one is dropped"),
                    );
                    continue;
                }
                let index = explicit_runs.len();
                let (spec, run_problems) = parse_run(value, index, preset.scene);
                problems.extend(run_problems);
                explicit_runs.push(spec);
            }
            k if keys::is_presentation_key(k) => {
                if let Err(e) = preset.ui.set(k, value) {
                    problem(Severity::Error, e)
                }
            }
            k if keys::is_run_key(k) => {
                if let Err(e) = preset.defaults.set(preset.scene, k, value) {
                    problem(Severity::Error, e)
                }
            }
            // A near key is named ("did you mean alpha?"); the full list is not (it is long).
            k => problem(
                Severity::Warning,
                match choose_one(k, &keys::KEYS.iter().map(|k| k.name).collect::<Vec<_>>()) {
                    m if m.starts_with("did") => format!("unknown key; ignored ({m})"),
                    _ => "unknown key; ignored".to_string(),
                },
            ),
        }
    }
    if saw_run {
        preset.runs = explicit_runs;
    }
    if saw_run {
        // Runs given by run= replace a named preset's restarts.
        preset.starts = None;
    }
    if let Some((k, value)) = starts {
        let refused = if saw_run {
            Some("the runs are given by run=; ignored")
        } else if preset.scene.dim() != 2 || preset.scene == SceneName::Line1d {
            Some("restarts need a two-parameter scene; ignored")
        } else {
            preset.starts = Some(k);
            None
        };
        problems.extend(refused.map(|message| Problem {
            severity: Severity::Warning,
            key: "starts".into(),
            value: value.clone(),
            message: message.into(),
        }));
    }
    for (key, message) in flags_refused(preset.scene, &preset.ui) {
        let _ = preset.ui.set(key, "0");
        problems.push(Problem {
            severity: Severity::Warning,
            key: key.into(),
            value: "1".into(),
            message,
        });
    }
    Parsed { preset, problems }
}

/// A query of at most [`MAX_QUERY`] bytes, or the problem that refuses it.
pub fn within_limit(query: &str) -> Result<(), Problem> {
    if query.len() <= MAX_QUERY {
        return Ok(());
    }
    Err(Problem {
        severity: Severity::Error,
        key: "link".into(),
        // Its head: the message quotes at most 40 characters.
        value: query.chars().take(40).collect(),
        message: format!(
            "{} bytes long; at most {MAX_QUERY} bytes are read, so it is ignored",
            query.len()
        ),
    })
}

/// Parses one `run=NAME;key=value;...`.
fn parse_run(value: &str, index: usize, scene: SceneName) -> (RunSpec, Vec<Problem>) {
    let mut spec = RunSpec::default();
    let mut problems = Vec::new();
    for (i, item) in value.split(';').map(str::trim).enumerate() {
        if item.is_empty() {
            continue;
        }
        let (k, v) = match item.split_once('=') {
            Some((k, v)) => (k.trim(), v),
            None if i == 0 => ("opt", item),
            None if keys::is_run_key(item) => {
                problems.push(Problem {
                    severity: Severity::Error,
                    key: format!("run[{}].{item}", index + 1),
                    value: String::new(),
                    message: format!("{item} needs a value: {item}=..."),
                });
                continue;
            }
            None => ("", item),
        };
        let key = format!("run[{}].{}", index + 1, if k.is_empty() { item } else { k });
        if keys::is_run_key(k) {
            if let Err(message) = spec.set(scene, k, v) {
                problems.push(Problem {
                    severity: Severity::Error,
                    key,
                    value: v.to_string(),
                    message,
                });
            }
        } else {
            problems.push(Problem {
                severity: Severity::Warning,
                key,
                value: v.to_string(),
                message: "unknown run key; ignored".into(),
            });
        }
    }
    (spec, problems)
}

impl Preset {
    /// The canonical query string: `parse(p.to_query()).preset == p`.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some((lesson, beat)) = &self.lesson {
            parts.push(format!("lesson={lesson}&beat={}", beat + 1));
        }
        if let Some(n) = &self.name {
            parts.push(format!("preset={n}"));
        }
        parts.push(format!("scene={}", self.scene.name()));
        if let Some(s) = self.steps {
            parts.push(format!("steps={s}"));
        }
        if let Some(k) = self.starts.filter(|_| self.runs.is_empty()) {
            parts.push(format!("starts={k}"));
        }
        if let Some(v) = &self.view {
            parts.push(format!(
                "view={},{},{},{}",
                num(v.phi0[0]),
                num(v.phi0[1]),
                num(v.phi1[0]),
                num(v.phi1[1])
            ));
        }
        if let Some(d) = &self.data {
            let pts: Vec<String> =
                d.x.iter()
                    .zip(&d.y)
                    .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
                    .collect();
            parts.push(format!("data={}", pts.join(";")));
        }
        for (k, v) in self.defaults.pairs() {
            parts.push(format!("{k}={v}"));
        }
        for run in &self.runs {
            // `run=sgd;alpha=0.3`, as the README and the presets write it: a run's optimizer
            // comes first, by its name alone.
            let items: Vec<String> = run
                .pairs()
                .into_iter()
                .enumerate()
                .map(|(j, (k, v))| match (j, k) {
                    (0, "opt") => v,
                    _ => format!("{k}={v}"),
                })
                .collect();
            parts.push(format!("run={}", items.join(";")));
        }
        // A named preset's presentation is re-applied by `preset=` first: write what differs.
        let base = self
            .name
            .as_deref()
            .and_then(named)
            .map(|q| parse(q).preset.ui)
            .unwrap_or_default();
        for (k, v) in self.ui.pairs(&base) {
            parts.push(format!("{k}={v}"));
        }
        parts.join("&")
    }

    /// Moves to another scene. Data, view and start points belong to the old scene's parameter
    /// space and are dropped; the runs (optimizers, hyperparameters, seeds), the step count and
    /// the presentation stay. The one rule for a link's `scene=` after a named preset and for
    /// the scene menu.
    pub fn change_scene(&mut self, scene: SceneName) {
        if scene == self.scene {
            return;
        }
        let from = std::mem::replace(&mut self.scene, scene);
        for (key, _) in flags_refused(scene, &self.ui) {
            let _ = self.ui.set(key, "0");
        }
        // Figure 6.10's function has no landscape worth showing, so its preset hides it; a
        // scene of two parameters shows its own again.
        if from == SceneName::Line1d {
            self.ui.hide.retain(|h| h != "landscape");
        }
        self.data = None;
        self.view = None;
        self.starts = self.starts.filter(|_| scene.dim() == 2);
        self.defaults.unset("start");
        for r in &mut self.runs {
            r.unset("start");
        }
    }

    /// The scene with this preset's data.
    pub fn scene(&self) -> Scene {
        let mut scene = Scene::with_data(self.scene, self.data.clone());
        if let Some(v) = self.view {
            scene.view = v;
        }
        scene
    }

    /// Builds the race: every run at its start. Runs that cannot be built are reported and left out.
    pub fn build(&self) -> (Race, Vec<Problem>) {
        let scene = self.scene();
        let n = scene.objective.n_samples();
        let mut problems = Vec::new();
        let mut runs = Vec::new();
        let mut limits = Vec::new();
        for (i, (config, limit)) in self.run_configs().into_iter().enumerate() {
            if let Some(b) = config.batch {
                if n > 0 && b > n {
                    problems.push(Problem {
                        severity: Severity::Warning,
                        key: format!("run[{}].batch", i + 1),
                        value: b.to_string(),
                        message: format!("larger than the {n} data points: a full batch is used"),
                    });
                }
            }
            match Run::new(config, &scene.objective) {
                Ok(run) => {
                    runs.push(run);
                    limits.push(limit);
                }
                Err(e) => problems.push(Problem {
                    severity: Severity::Error,
                    key: format!("run[{}].{}", i + 1, e.key),
                    value: num(e.value),
                    message: e.to_string(),
                }),
            }
        }
        (
            Race {
                scene,
                runs,
                limits,
            },
            problems,
        )
    }

    /// `starts=K` (6.1.3: "repeatedly start gradient descent from different places and choose
    /// the result with the lowest loss"): K runs of the top-level settings, the first from their
    /// start, the others from starts drawn uniformly in the view by the seed (a stream of its
    /// own, not the shuffles'), so another seed draws other starts. Each is rounded to a
    /// thousandth of the view's span or finer: readable once written out as runs.
    pub fn restarts(&self, k: usize) -> Vec<RunSpec> {
        let view = self.view.unwrap_or_else(|| self.scene.default_view());
        let mut rng =
            crate::rng::Rng::new(self.defaults.seed().unwrap_or(0) ^ 0x5745_5254_5354_4152);
        let mut at = |[a, b]: [f64; 2]| {
            let digits = -libm::floor(libm::log10((b - a) / 1000.0));
            let scale = libm::pow(10.0, digits);
            libm::round((a + rng.next_f64() * (b - a)) * scale) / scale
        };
        let first = self
            .defaults
            .start()
            .unwrap_or_else(|| default_start(self.scene));
        (0..k)
            .map(|i| {
                let start = match i {
                    0 => first,
                    _ => {
                        let x = at(view.phi0);
                        Vector::new(x, at(view.phi1))
                    }
                };
                let mut spec = RunSpec::default();
                spec.put("start", keys::Value::Point(start));
                spec
            })
            .collect()
    }

    /// Restarts made explicit runs (before one run of them is edited on its own).
    pub fn materialize(&mut self) {
        if let Some(k) = self.starts.take().filter(|_| self.runs.is_empty()) {
            self.runs = self.restarts(k);
        }
    }

    /// Where play pauses.
    pub fn total_steps(&self) -> usize {
        self.steps.unwrap_or(DEFAULT_STEPS)
    }

    /// Every run's settings, merged and resolved against defaults (at least one run).
    pub fn run_configs(&self) -> Vec<(RunConfig, usize)> {
        let specs: Vec<RunSpec> = match (self.runs.is_empty(), self.starts) {
            (true, None) => vec![self.defaults.clone()],
            (true, Some(k)) => self
                .restarts(k)
                .iter()
                .map(|r| r.or(&self.defaults))
                .collect(),
            (false, _) => self.runs.iter().map(|r| r.or(&self.defaults)).collect(),
        };
        specs.iter().map(|s| self.resolve(s)).collect()
    }

    /// Resolves one merged spec into a run configuration and its step limit.
    fn resolve(&self, s: &RunSpec) -> (RunConfig, usize) {
        let opt = s.opt().unwrap_or(OptName::Gd);
        let batch = match s.batch() {
            Some(BatchSize::Size(n)) => Some(n),
            Some(BatchSize::All) => None,
            None if opt == OptName::Sgd => Some(SGD_DEFAULT_BATCH),
            None => None,
        };
        let total = self.total_steps();
        let decay = match s.word("schedule").unwrap_or("constant") {
            "step" => Decay::Step {
                factor: s.real("factor").unwrap_or(0.5),
                every: s.count("every").unwrap_or(1),
            },
            "cosine" => Decay::Cosine {
                period: s.count("period").unwrap_or(total.max(1)),
                floor: s.real("alpha_min").unwrap_or(0.0),
            },
            _ => Decay::Constant,
        };
        let config = RunConfig {
            opt,
            hyper: s.hyper(opt),
            batch,
            reduce: match s.word("reduce") {
                Some("mean") => Reduce::Mean,
                _ => Reduce::Sum,
            },
            seed: s.seed().unwrap_or(0),
            start: s.start().unwrap_or_else(|| default_start(self.scene)),
            schedule: Schedule {
                decay,
                warmup: s.count("warmup").unwrap_or(0),
            },
            tol: s.real("tol"),
        };
        (config, s.count("steps").unwrap_or(total).min(total))
    }
}

/// `(name, query)` of every entry of the Figure registry, in its order.
macro_rules! named_table {
    ($($name:literal { query: $query:literal, $($rest:tt)* })*) => {
        [$(($name, $query)),*]
    };
}

/// Named presets (`preset=NAME`): every figure of chapter 6, the text around them, and the
/// companion notebooks' runs, from the Figure registry (`crate::registry`).
pub const NAMED: &[(&str, &str)] = &crate::registry::figures!(named_table);

/// What to say of an unknown name among `names`: "did you mean fig6.7?" when one name is nearer
/// than any other and within two edits of it (a typo, a digit too many), else the list to
/// choose from.
pub fn choose_one(given: &str, names: &[&str]) -> String {
    let given = given.trim().to_ascii_lowercase();
    let scored: Vec<usize> = names
        .iter()
        .map(|n| edits(given.as_bytes(), n.as_bytes()))
        .collect();
    let best = scored.iter().copied().min().unwrap_or(usize::MAX);
    match scored.iter().filter(|&&d| d == best).count() {
        1 if best <= 2 && given.len() <= 40 => {
            let k = scored.iter().position(|&d| d == best).unwrap_or(0);
            format!("did you mean {}?", names[k])
        }
        _ => format!("choose one of {}", names.join(", ")),
    }
}

/// Edits (insert, delete or replace a byte) from `a` to `b`.
fn edits(a: &[u8], b: &[u8]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diag + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The query of a named preset.
pub fn named(name: &str) -> Option<&'static str> {
    NAMED.iter().find(|(n, _)| *n == name).map(|(_, q)| *q)
}
