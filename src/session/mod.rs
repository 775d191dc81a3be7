//! The widget's state machine, platform-free: a preset, its race, the problems of the last
//! change and the selected run. Every user action is an [`Edit`]; [`Session::apply`] says what
//! it changed, so the screen knows what to redraw. The views the page renders ([`views`]) and
//! section 6.5's sweep ([`sweep`]) are computed here too, so all of it is tested natively; the
//! browser layer (`web`) only forwards edits and draws.

pub mod slicing;
pub mod sweep;
pub mod views;

use crate::lesson::{Guess, Progress};
use crate::linalg::Vector;
use crate::objective::{DataSet, SceneName};
use crate::preset::{self, Preset, Problem, RunSpec, MAX_POINTS, MAX_RUNS};
use crate::run::{Race, Taken};

/// One user action. The page sends it as a plain object, `{kind: "start", phi0: 1, phi1: 2}`,
/// read by [`Edit::from_fields`] (numbers cross as numbers); tests and tools write the same
/// fields as a small query, [`Edit::parse`]: `kind=set&run=0&key=alpha&value=0.1`, `kind=reset`.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Replace everything by a query (a link, a preset from the menu, a restored state).
    Load {
        query: String,
    },
    /// Choose another scene: see [`Preset::change_scene`].
    Scene {
        name: String,
    },
    /// Where play pauses.
    Steps {
        value: String,
    },
    /// A run key (`alpha=`, `opt=`, ...) of run `run`, or of every run's defaults (`None`).
    /// An empty value removes the setting.
    Set {
        run: Option<usize>,
        key: String,
        value: String,
    },
    /// Add a run from `NAME;key=value;...`.
    AddRun {
        spec: String,
    },
    RemoveRun {
        run: usize,
    },
    /// The run the inspector shows.
    Select {
        run: usize,
    },
    /// Move the common start point (per-run starts are dropped).
    Start {
        phi0: f64,
        phi1: f64,
    },
    /// A start placed by a pointer on the landscape: rounded to what the view can show (a
    /// ten-thousandth of its width), so the link reads `start=1.234,5.678` rather than
    /// seventeen digits; then as [`Edit::Start`] (which keeps a value as given: a critical
    /// point, a slider's, the book's settings).
    Place {
        phi0: f64,
        phi1: f64,
    },
    /// Move the start point from the keyboard: `right` and `up` (-1, 0 or 1) as the landscape
    /// shows them (figure 6.1's flipped axis included), by 1% of the view, 10% when `big`.
    Nudge {
        right: i8,
        up: i8,
        big: bool,
    },
    /// Turn figure 6.1b's surface (`view3d=1`) by a drag of `(dx, dy)` CSS pixels.
    Turn {
        dx: f64,
        dy: f64,
    },
    /// Move data point `i` to `(x, y)` (logistic targets snap to 0 or 1).
    MovePoint {
        i: usize,
        x: f64,
        y: f64,
    },
    AddPoint {
        x: f64,
        y: f64,
    },
    RemovePoint {
        i: usize,
    },
    /// Back to the book's data.
    ResetData,
    /// A presentation key (`logc`, `hide`, `lang`, ...): the runs do not restart.
    Ui {
        key: String,
        value: String,
    },
    /// Load cell `(i, j)` of the sweep into the selected run.
    ApplySweep {
        i: usize,
        j: usize,
    },
    /// Back to the start points.
    Reset,
    /// A lesson's beat `k` (0-based): its state, with no prediction yet.
    Beat {
        k: usize,
    },
    /// The beat again, with the lesson's next different start or seed (or the same state).
    Retry,
    /// The student's prediction for the beat's question.
    Guess {
        guess: Guess,
    },
    /// Move a point prediction from the keyboard, as [`Edit::Nudge`] moves the start.
    GuessNudge {
        right: i8,
        up: i8,
        big: bool,
    },
    /// Commit to the prediction: the beat may now play, and the answer is shown when it ends.
    Reveal,
    /// A page's own lesson (`<downhill-beat>` elements): each beat's `(query, ask)` texts (see
    /// [`crate::lesson::Ask::from_query`]). Bad beats are reported and left out.
    PageLesson {
        beats: Vec<(String, String)>,
    },
}

/// Where an edit's fields come from: the query form (`kind=start&phi0=1&phi1=2`) or the page's
/// plain object (`web`), one reader for both.
pub trait Fields {
    /// Every value of field `k` as text, in order (none when it is absent).
    fn texts(&self, k: &str) -> Vec<String>;
    /// Field `k` when it is given as a number (the page's numbers are); `None` reads its text.
    fn number(&self, _k: &str) -> Option<f64> {
        None
    }
}

impl Fields for [(String, String)] {
    fn texts(&self, k: &str) -> Vec<String> {
        self.iter()
            .filter(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

impl Edit {
    /// An edit from its query form (`kind=...` and the fields of that kind, snake case).
    pub fn parse(query: &str) -> Result<Edit, String> {
        // An edit carries at most one query (a load), percent-encoded: up to three bytes a byte.
        if query.len() > 3 * preset::MAX_QUERY + 100 {
            return Err(format!(
                "the query is too long: at most {} bytes are read",
                preset::MAX_QUERY
            ));
        }
        Edit::from_fields(&preset::query_pairs(query)[..])
    }

    /// An edit from its fields: `kind` and the fields of that kind (snake case).
    pub fn from_fields(fields: &(impl Fields + ?Sized)) -> Result<Edit, String> {
        let text = |k: &str| -> Result<String, String> {
            let mut all = fields.texts(k);
            match all.len() {
                0 => Err(format!("the edit has no {k}")),
                _ => Ok(all.swap_remove(0)),
            }
        };
        let num = |k: &str| -> Result<f64, String> {
            if let Some(x) = fields.number(k) {
                return Ok(x);
            }
            let v = text(k)?;
            v.trim()
                .parse::<f64>()
                .map_err(|_| format!("{k} = {} is not a number", preset::quoted(&v)))
        };
        let index = |k: &str| -> Result<usize, String> {
            let v = text(k)?;
            v.trim()
                .parse::<usize>()
                .map_err(|_| format!("{k} = {} is not an index", preset::quoted(&v)))
        };
        // A keyboard move: `right` and `up` each -1, 0 or 1, `big=1` for ten times as far.
        let nudge = || -> Result<(i8, i8, bool), String> {
            let unit = |k: &str| -> Result<i8, String> {
                match num(k)? {
                    v if v == 0.0 || v == 1.0 || v == -1.0 => Ok(v as i8),
                    _ => Err(format!("{k} must be -1, 0 or 1")),
                }
            };
            Ok((
                unit("right")?,
                unit("up")?,
                text("big").is_ok_and(|b| b == "1"),
            ))
        };
        let kind = text("kind")?;
        Ok(match kind.as_str() {
            "load" => Edit::Load {
                query: text("query")?,
            },
            "scene" => Edit::Scene {
                name: text("name")?,
            },
            "steps" => Edit::Steps {
                value: text("value")?,
            },
            "set" => Edit::Set {
                run: match text("run").ok().filter(|r| !r.is_empty()) {
                    None => None,
                    Some(_) => Some(index("run")?),
                },
                key: text("key")?,
                value: text("value")?,
            },
            "add_run" => Edit::AddRun {
                spec: text("spec")?,
            },
            "remove_run" => Edit::RemoveRun { run: index("run")? },
            "select" => Edit::Select { run: index("run")? },
            "start" => Edit::Start {
                phi0: num("phi0")?,
                phi1: num("phi1")?,
            },
            "place" => Edit::Place {
                phi0: num("phi0")?,
                phi1: num("phi1")?,
            },
            "nudge" => {
                let (right, up, big) = nudge()?;
                Edit::Nudge { right, up, big }
            }
            "turn" => Edit::Turn {
                dx: num("dx")?,
                dy: num("dy")?,
            },
            "move_point" => Edit::MovePoint {
                i: index("i")?,
                x: num("x")?,
                y: num("y")?,
            },
            "add_point" => Edit::AddPoint {
                x: num("x")?,
                y: num("y")?,
            },
            "remove_point" => Edit::RemovePoint { i: index("i")? },
            "reset_data" => Edit::ResetData,
            "ui" => Edit::Ui {
                key: text("key")?,
                value: text("value")?,
            },
            "apply_sweep" => Edit::ApplySweep {
                i: index("i")?,
                j: index("j")?,
            },
            "reset" => Edit::Reset,
            "beat" => Edit::Beat { k: index("k")? },
            "page_lesson" => {
                // `query` and `ask` pairs, in order: one of each per beat.
                Edit::PageLesson {
                    beats: fields
                        .texts("query")
                        .into_iter()
                        .zip(fields.texts("ask"))
                        .collect(),
                }
            }
            "retry" => Edit::Retry,
            "reveal" => Edit::Reveal,
            "guess" => Edit::Guess {
                guess: match text("answer")?.as_str() {
                    "point" => Guess::Point([num("phi0")?, num("phi1")?]),
                    "choose" => Guess::Choose(index("choice")?),
                    "number" => Guess::Number(num("value")?),
                    "sketch" => {
                        let path = text("path")?;
                        let mut pts = Vec::new();
                        for p in path.split(';').filter(|p| !p.trim().is_empty()) {
                            let xy: Vec<f64> = p
                                .split(',')
                                .map(|v| v.trim().parse::<f64>())
                                .collect::<Result<_, _>>()
                                .map_err(|_| {
                                    format!("path point {} is not x,y", preset::quoted(p))
                                })?;
                            match xy.as_slice() {
                                [x, y] => pts.push([*x, *y]),
                                _ => {
                                    return Err(format!(
                                        "path point {} is not x,y",
                                        preset::quoted(p)
                                    ))
                                }
                            }
                        }
                        Guess::Sketch(pts)
                    }
                    other => return Err(format!("unknown answer kind {}", preset::quoted(other))),
                },
            },
            "guess_nudge" => {
                let (right, up, big) = nudge()?;
                Edit::GuessNudge { right, up, big }
            }
            other => return Err(format!("unknown edit {}", preset::quoted(other))),
        })
    }
}

/// What an edit changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    /// The runs were rebuilt from their starts.
    Restarted,
    /// Only the presentation changed: the runs go on.
    Presentation,
    /// Only the selection changed.
    Selection,
    /// A data point was added at this index (the runs restarted).
    PointAdded(usize),
}

pub struct Session {
    preset: Preset,
    race: Race,
    problems: Vec<Problem>,
    selected: usize,
    /// Section 6.5's sweep in progress.
    sweep_job: Option<sweep::SweepJob>,
    /// The plane of a sliced scene (`None` for two parameters).
    slice: Option<slicing::SliceInfo>,
    /// A lesson beat's prediction and whether it was revealed.
    progress: Progress,
    /// A page's own lesson and the beat open in it (not in the URL: the page holds it).
    page: Option<(Vec<crate::lesson::PageBeat>, usize)>,
}

impl Session {
    /// A session for `query`. Problems with the query are kept for [`Session::problems`]; the
    /// session always starts in a usable state.
    pub fn new(query: &str) -> Session {
        let parsed = preset::parse(query);
        let (race, build_problems) = parsed.preset.build();
        let mut problems = parsed.problems;
        problems.extend(build_problems);
        let mut s = Session {
            preset: parsed.preset,
            race,
            problems,
            selected: 0,
            sweep_job: None,
            slice: None,
            progress: Progress::default(),
            page: None,
        };
        s.ensure_a_run();
        s.reslice();
        s
    }

    /// The named preset whose caption holds for this state: the one it came from, while its
    /// scene, data, runs and steps are still the preset's own (presentation keys may differ).
    /// A caption is a claim about those settings; after any change it no longer applies.
    pub fn captioned(&self) -> Option<&str> {
        let name = self.preset.name.as_deref()?;
        let (_, query) = preset::NAMED.iter().find(|(n, _)| *n == name)?;
        let mut own = preset::parse(query).preset;
        own.ui = self.preset.ui.clone();
        own.name = self.preset.name.clone();
        // A lesson's beat that opens a named preset shows it as it is.
        own.lesson = self.preset.lesson.clone();
        (own == self.preset).then_some(name)
    }

    pub fn preset(&self) -> &Preset {
        &self.preset
    }

    pub fn race(&self) -> &Race {
        &self.race
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The problems of the last load or change.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The canonical query of the current state.
    pub fn query(&self) -> String {
        self.preset.to_query()
    }

    /// The query of a link to this state: a share link opens the whole app (`embed` off), an
    /// iframe's shows the widget alone (`embed` on), whatever the state's own `embed` is.
    pub fn link_query(&self, embed: bool) -> String {
        let mut p = self.preset.clone();
        p.ui.embed = embed;
        p.to_query()
    }

    /// Advances every run by up to `n` steps. Returns whether any run moved. While a lesson's
    /// question waits for its prediction nothing moves: the prediction comes first.
    pub fn step(&mut self, n: usize) -> bool {
        if self.question_open() {
            return false;
        }
        let before: usize = self.race.runs.iter().map(|r| r.steps_taken()).sum();
        self.race.step(n);
        let after: usize = self.race.runs.iter().map(|r| r.steps_taken()).sum();
        if after > before {
            self.after_steps();
        }
        self.settle();
        after > before
    }

    /// Whether every run reached its end (or stopped).
    pub fn finished(&self) -> bool {
        self.race.finished()
    }

    /// The runs so far as JSON Lines, identical to `downhill trace` for the same query and steps.
    pub fn trace(&self) -> String {
        crate::trace::trace(&self.race.runs)
    }

    /// The runs so far as CSV, identical to `downhill csv`.
    pub fn csv(&self) -> String {
        crate::trace::csv(&self.race.runs, self.race.scene.name.param_keys())
    }

    /// The figure as shown, an SVG of `size` (clamped to 200 x 150 .. 4000 x 4000) drawn
    /// through the page's canvas type `P` (its text measure); `raster` leaves a placeholder per
    /// landscape panel for the heatmap's image.
    pub fn svg<P: plotters::prelude::DrawingBackend>(
        &self,
        (w, h): (u32, u32),
        raster: bool,
        texts: &crate::render::Texts,
    ) -> String {
        let size = (w.clamp(200, 4000), h.clamp(150, 4000));
        let look = crate::render::Look {
            raster,
            ..self.look()
        };
        let steps = self.preset.total_steps();
        crate::render::render_svg_on::<P>(&self.race, steps, size, &look, texts).unwrap_or_default()
    }

    /// Applies one edit. On an error nothing changes and the message says why.
    pub fn apply(&mut self, edit: Edit) -> Result<Applied, String> {
        let lesson_edit = matches!(
            edit,
            Edit::Guess { .. }
                | Edit::GuessNudge { .. }
                | Edit::Reveal
                | Edit::Retry
                | Edit::Select { .. }
        );
        // Only a state-changing edit needs the state before it (a stroke's guesses come at the
        // pointer's rate and change no state).
        let before = (!lesson_edit).then(|| self.preset.clone());
        let opens = matches!(edit, Edit::Load { .. } | Edit::PageLesson { .. });
        let applied = self.apply_edit(edit)?;
        // A new state is a new beat: its prediction starts afresh (presentation keeps it).
        if let Some(before) = before {
            if applied != Applied::Presentation && self.preset != before {
                self.progress = Progress::default();
                // A state changed on the page (another scene, optimizer, start) shows its runs
                // from their start, and so does its link: `played=1` was how the figure opened.
                if !opens {
                    self.preset.ui.played = false;
                }
            }
        }
        Ok(applied)
    }

    fn apply_edit(&mut self, edit: Edit) -> Result<Applied, String> {
        match edit {
            Edit::PageLesson { beats } => {
                let (beats, problems) = crate::lesson::page_lesson(&beats);
                if beats.is_empty() {
                    let why: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
                    return Err(if why.is_empty() {
                        "the lesson has no beats".to_string()
                    } else {
                        why.join("; ")
                    });
                }
                self.page = Some((beats, 0));
                self.load_beat(0, 0);
                self.problems = problems;
                Ok(Applied::Restarted)
            }
            Edit::Beat { k } => {
                let (_, _, beats) = self.lesson_at().ok_or("no lesson is open")?;
                if k >= beats {
                    return Err(format!("the lesson has {beats} beats"));
                }
                self.load_beat(k, 0);
                Ok(Applied::Restarted)
            }
            Edit::Retry => {
                let (_, k, _) = self.lesson_at().ok_or("no lesson is open")?;
                let attempt = self.progress.attempt + 1;
                self.load_beat(k, attempt);
                self.progress.attempt = attempt;
                Ok(Applied::Restarted)
            }
            Edit::Guess { guess } => {
                let ask = self.ask().ok_or("this beat asks nothing")?;
                if self.progress.revealed {
                    return Err("the answer is already shown".into());
                }
                if ask.kind() != guess.kind() {
                    return Err(format!("this question takes a {}", ask.kind()));
                }
                self.progress.guess = Some(crate::lesson::checked_guess(
                    guess,
                    &ask,
                    self.race.runs.len(),
                )?);
                Ok(Applied::Presentation)
            }
            Edit::GuessNudge { right, up, big } => {
                let view = self.race.scene.view;
                let at = match (&self.progress.guess, self.ask()) {
                    (Some(Guess::Point(p)), _) => *p,
                    (None, Some(crate::lesson::Ask::Point { .. })) => [
                        (view.phi0[0] + view.phi0[1]) / 2.0,
                        (view.phi1[0] + view.phi1[1]) / 2.0,
                    ],
                    _ => return Err("this question takes no point".into()),
                };
                let frac = if big { 0.1 } else { 0.02 };
                let down = if self.preset.ui.flip { -1.0 } else { 1.0 };
                let x = (at[0] + f64::from(right) * frac * (view.phi0[1] - view.phi0[0]))
                    .clamp(view.phi0[0], view.phi0[1]);
                let y = (at[1] + down * f64::from(up) * frac * (view.phi1[1] - view.phi1[0]))
                    .clamp(view.phi1[0], view.phi1[1]);
                self.apply_edit(Edit::Guess {
                    guess: Guess::Point([x, y]),
                })
            }
            Edit::Reveal => {
                if self.ask().is_some() && self.progress.guess.is_none() && !self.preset.ui.reveal {
                    return Err("predict first: the answer follows your prediction".into());
                }
                self.progress.revealed = true;
                self.settle();
                Ok(Applied::Presentation)
            }
            Edit::Load { query } => {
                preset::within_limit(&query).map_err(|p| p.to_string())?;
                let parsed = preset::parse(&query);
                // A state from outside ends a page's own lesson.
                self.page = None;
                self.preset = parsed.preset;
                self.problems = parsed.problems;
                self.rebuild();
                Ok(Applied::Restarted)
            }
            Edit::Scene { name } => {
                let scene = SceneName::parse(name.trim())
                    .ok_or_else(|| format!("unknown scene {}", crate::preset::quoted(&name)))?;
                let mut next = self.preset.clone();
                next.change_scene(scene);
                self.commit(next)
            }
            Edit::Steps { value } => {
                let parsed = preset::parse(&format!("steps={}", preset::escape_value(&value)));
                if let Some(e) = parsed.errors().next() {
                    return Err(e.to_string());
                }
                let mut next = self.preset.clone();
                next.steps = parsed.preset.steps;
                self.commit(next)
            }
            // At the top level `steps` is the preset's own key (where play pauses), never a
            // default of every run: one writer per key in the canonical query.
            Edit::Set {
                run: None,
                key,
                value,
            } if key.trim() == "steps" => self.apply(Edit::Steps { value }),
            Edit::Set { run, key, value } => {
                let scene = self.preset.scene;
                let mut next = self.preset.clone();
                let spec = match run {
                    None => &mut next.defaults,
                    Some(i) => {
                        // One of the restarts edited on its own: they become runs of their own.
                        next.materialize();
                        if next.runs.is_empty() {
                            next.runs.push(RunSpec::default());
                        }
                        next.runs
                            .get_mut(i)
                            .ok_or_else(|| format!("there is no run {}", i + 1))?
                    }
                };
                set_spec(spec, scene, &key, &value)?;
                self.commit(next)
            }
            Edit::AddRun { spec } => {
                let mut next = self.preset.clone();
                next.materialize();
                if next.runs.is_empty() {
                    next.runs.push(RunSpec::default());
                }
                if next.runs.len() >= MAX_RUNS {
                    return Err(format!("at most {MAX_RUNS} runs race at once"));
                }
                // The spec is checked against this session's scene (a start's dimension).
                let parsed = preset::parse(&format!(
                    "scene={}&run={}",
                    self.preset.scene.name(),
                    preset::escape_value(&spec)
                ));
                if let Some(e) = parsed.errors().next() {
                    return Err(e.to_string());
                }
                next.runs.extend(parsed.preset.runs);
                self.commit(next)?;
                self.selected = self.race.runs.len() - 1;
                Ok(Applied::Restarted)
            }
            Edit::RemoveRun { run: i } => {
                let mut next = self.preset.clone();
                next.materialize();
                if self.race.runs.len() <= 1 || next.runs.is_empty() {
                    return Err("the last run cannot be removed".into());
                }
                if i >= next.runs.len() {
                    return Err(format!("there is no run {}", i + 1));
                }
                next.runs.remove(i);
                self.commit(next)
            }
            Edit::Select { run: i } => {
                if i >= self.race.runs.len() {
                    return Err(format!("there is no run {}", i + 1));
                }
                self.selected = i;
                self.reslice();
                Ok(Applied::Selection)
            }
            Edit::Start { phi0, phi1 } => {
                // On a slice, (phi0, phi1) are the plane's (u, v): the start moves within the
                // plane, and the plane stays where it is while it does.
                let plane = self.race.scene.plane;
                let start = match plane {
                    None => preset::checked_start(phi0, phi1)?,
                    Some(p) => {
                        preset::checked_start(phi0, phi1)?;
                        preset::checked_point_n(p.point(Vector::new(phi0, phi1)))?
                    }
                };
                let mut next = self.preset.clone();
                next.defaults.put("start", preset::Value::Point(start));
                for r in &mut next.runs {
                    r.unset("start");
                }
                let (view, info) = (self.race.scene.view, self.slice.clone());
                self.commit(next)?;
                if plane.is_some() {
                    self.race.scene.plane = plane;
                    self.race.scene.view = view;
                    self.slice = info;
                    self.after_steps();
                }
                Ok(Applied::Restarted)
            }
            Edit::Nudge { right, up, big } => {
                let view = self.race.scene.view;
                let p0 = self.race.runs[0].history()[0].phi;
                let p0 = self.race.scene.project(p0).uv;
                let (x, y) = (p0.x(), p0.y());
                let frac = if big { 0.1 } else { 0.01 };
                let down = if self.preset.ui.flip { -1.0 } else { 1.0 };
                let clamp = |v: f64, [lo, hi]: [f64; 2]| v.clamp(lo, hi);
                let x = clamp(
                    x + f64::from(right) * frac * (view.phi0[1] - view.phi0[0]),
                    view.phi0,
                );
                let y = clamp(
                    y + down * f64::from(up) * frac * (view.phi1[1] - view.phi1[0]),
                    view.phi1,
                );
                self.apply(Edit::Start { phi0: x, phi1: y })
            }
            Edit::Place { phi0, phi1 } => {
                let (phi0, phi1) = match self.race.scene.plane {
                    // A slice's (u, v) are its plane's own coordinates: kept as given.
                    Some(_) => (phi0, phi1),
                    None => {
                        let v = self.race.scene.view;
                        let round = |x: f64, span: [f64; 2]| {
                            let step = (span[1] - span[0]).abs() / 1e4;
                            let digits = (-libm::log10(step)).ceil().clamp(0.0, 12.0) as i32;
                            let k = crate::math::powi(10.0, digits);
                            let r = (x * k).round() / k;
                            if r.is_finite() {
                                r
                            } else {
                                x
                            }
                        };
                        (round(phi0, v.phi0), round(phi1, v.phi1))
                    }
                };
                self.apply(Edit::Start { phi0, phi1 })
            }
            Edit::Turn { dx, dy } => {
                let turned = crate::render::Turn::of(self.preset.ui.turn).dragged(dx, dy);
                self.preset.ui.turn = Some(turned.degrees());
                Ok(Applied::Presentation)
            }
            Edit::MovePoint { i, x, y } => {
                let mut data = self.current_data()?;
                if i >= data.len() {
                    return Err(format!("there is no data point {}", i + 1));
                }
                let (x, y) = preset::checked_point(x, self.snap_target(y))?;
                data.x[i] = x;
                data.y[i] = y;
                self.set_data(data)
            }
            Edit::AddPoint { x, y } => {
                let mut data = self.current_data()?;
                if data.len() >= MAX_POINTS {
                    return Err(format!("at most {MAX_POINTS} data points"));
                }
                let (x, y) = preset::checked_point(x, self.snap_target(y))?;
                data.x.push(x);
                data.y.push(y);
                let i = data.len() - 1;
                self.set_data(data)?;
                Ok(Applied::PointAdded(i))
            }
            Edit::RemovePoint { i } => {
                let mut data = self.current_data()?;
                if i >= data.len() || data.len() <= 1 {
                    return Err("one data point always remains".into());
                }
                data.x.remove(i);
                data.y.remove(i);
                self.set_data(data)
            }
            Edit::ResetData => {
                let mut next = self.preset.clone();
                next.data = None;
                self.commit(next)
            }
            Edit::Ui { key, value } => {
                let mut ui = self.preset.ui.clone();
                let refused = |e: String| format!("{key} = {}: {e}", crate::preset::quoted(&value));
                ui.set(&key, &value).map_err(refused)?;
                if let Some((_, e)) = preset::flags_refused(self.preset.scene, &ui).pop() {
                    return Err(refused(e));
                }
                self.preset.ui = ui;
                if matches!(key.as_str(), "slice" | "center" | "follow") {
                    self.reslice();
                }
                Ok(Applied::Presentation)
            }
            Edit::ApplySweep { i, j } => {
                let [kx, ky] = self.preset.ui.sweep.clone().ok_or("no sweep is shown")?;
                let cell = |k: &str, i: usize| {
                    preset::sweep_values(k)
                        .and_then(|v| v.get(i).copied())
                        .ok_or_else(|| format!("there is no sweep cell {}", i + 1))
                };
                let (x, y) = (cell(&kx, i)?, cell(&ky, j)?);
                let scene = self.preset.scene;
                let mut next = self.preset.clone();
                let spec = sweep::spec_of(&mut next, self.selected);
                set_spec(spec, scene, &kx, &crate::format::num(x))?;
                set_spec(spec, scene, &ky, &crate::format::num(y))?;
                self.commit(next)
            }
            Edit::Reset => {
                self.rebuild();
                Ok(Applied::Restarted)
            }
        }
    }

    /// Loads beat `k` of the open lesson, with the `attempt`-th retry's keys; the presentation
    /// the student chose (language, theme, embedding, hidden controls) stays.
    fn load_beat(&mut self, k: usize, attempt: usize) {
        let mut next = if let Some((beats, at)) = &mut self.page {
            let Some(beat) = beats.get(k) else {
                return;
            };
            *at = k;
            preset::beat_state(&beat.query, beat.ask.is_some())
        } else {
            let Some((name, _)) = self.preset.lesson.clone() else {
                return;
            };
            let Some(lesson) = crate::lesson::lesson(&name) else {
                return;
            };
            let Some(query) = crate::lesson::beat_query(lesson, k, attempt) else {
                return;
            };
            let mut next = preset::beat_state(&query, lesson.beats[k].ask.is_some());
            next.lesson = Some((name, k));
            next
        };
        let ui = &self.preset.ui;
        next.ui.lang = ui.lang;
        next.ui.theme = ui.theme;
        next.ui.embed = ui.embed;
        next.ui.speed = ui.speed;
        next.ui.reveal = ui.reveal;
        self.preset = next;
        self.problems.clear();
        self.progress = Progress::default();
        self.rebuild();
    }

    /// The question of the open beat, if it asks one.
    pub fn ask(&self) -> Option<crate::lesson::Ask> {
        if let Some((beats, k)) = &self.page {
            return beats.get(*k)?.ask;
        }
        let (name, k) = self.preset.lesson.as_ref()?;
        crate::lesson::lesson(name)?.beats.get(*k)?.ask
    }

    /// A page's own lesson's open beat: its place among the page's beats.
    pub fn page_source(&self) -> Option<usize> {
        let (beats, k) = self.page.as_ref()?;
        Some(beats.get(*k)?.source)
    }

    /// The open lesson: its name (`page` for a page's own), the beat, and how many beats.
    pub fn lesson_at(&self) -> Option<(String, usize, usize)> {
        if let Some((beats, k)) = &self.page {
            return Some(("page".into(), *k, beats.len()));
        }
        let (name, k) = self.preset.lesson.as_ref()?;
        let lesson = crate::lesson::lesson(name)?;
        Some((name.clone(), *k, lesson.beats.len()))
    }

    /// A question waits for its prediction (or for the student to reveal it).
    pub fn question_open(&self) -> bool {
        self.ask().is_some() && !self.progress.revealed
    }

    /// Once a revealed beat has played to its end: its answer, computed on the played race,
    /// and the prediction held against it.
    fn settle(&mut self) {
        if !self.progress.revealed || self.progress.solved.is_some() || !self.race.finished() {
            return;
        }
        if let Some(ask) = self.ask() {
            // On figure 6.10's one-dimensional loss only φ0 is predicted: the colours do not
            // change along φ1, so a click is judged at the run's φ1.
            let one_d = self.race.scene.name == SceneName::Line1d;
            let solved = crate::lesson::answer(&ask, &self.race).map(|(answer, facts)| {
                let judged = self.progress.guess.as_ref().and_then(|g| {
                    let flat;
                    let g = match (g, &answer) {
                        (Guess::Point(p), crate::lesson::Answer::Point { phi, .. }) if one_d => {
                            flat = Guess::Point([p[0], phi[1]]);
                            &flat
                        }
                        _ => g,
                    };
                    crate::lesson::judge(&answer, g, &self.race.scene.view).ok()
                });
                crate::lesson::Solved {
                    answer,
                    facts,
                    judged,
                }
            });
            self.progress.solved = Some(solved);
        }
    }

    /// What the landscape shows of the prediction (the answer's point once it is shown).
    pub fn marks(&self) -> crate::render::Marks {
        let mut marks = crate::render::Marks::default();
        match &self.progress.guess {
            Some(Guess::Point(p)) => marks.point = Some((p[0], p[1])),
            Some(Guess::Sketch(path)) => marks.path = path.iter().map(|p| (p[0], p[1])).collect(),
            _ => {}
        }
        if let Some(Ok(crate::lesson::Solved {
            answer: crate::lesson::Answer::Point { phi, .. },
            ..
        })) = &self.progress.solved
        {
            marks.target = Some((phi[0], phi[1]));
        }
        marks
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// Takes `next` as the state (it no longer is the named preset) and restarts the runs.
    fn commit(&mut self, mut next: Preset) -> Result<Applied, String> {
        next.name = None;
        self.preset = next;
        self.problems.clear();
        self.rebuild();
        Ok(Applied::Restarted)
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
        self.selected = self.selected.min(self.race.runs.len().saturating_sub(1));
        self.reslice();
    }

    fn current_data(&self) -> Result<DataSet, String> {
        self.race
            .scene
            .objective
            .data()
            .cloned()
            .ok_or_else(|| format!("scene {} has no data", self.race.scene.name.name()))
    }

    fn set_data(&mut self, data: DataSet) -> Result<Applied, String> {
        let mut next = self.preset.clone();
        next.data = Some(data);
        self.commit(next)
    }

    /// Logistic regression's targets are classes: a dragged point snaps to 0 or 1.
    fn snap_target(&self, y: f64) -> f64 {
        if self.race.scene.name == SceneName::Logistic && y.is_finite() {
            if y >= 0.5 {
                1.0
            } else {
                0.0
            }
        } else {
            y
        }
    }

    /// The current batch of the selected run (figure 6.6's batch surface), or `None` for a
    /// full-batch step; before the first step, the batch it will take.
    pub fn current_batch(&self) -> Option<Vec<usize>> {
        let run = self.race.runs.get(self.selected)?;
        match run.current().batch.as_ref() {
            Some(Taken::Batch(ix)) => Some(ix.iter().map(|&i| i as usize).collect()),
            Some(Taken::All(_)) => None,
            // Before the first step: the batch the first step will take (figure 6.6 opens with
            // its batch surface and circled points, as its fan shows the first epoch).
            None => run.epoch_batches().into_iter().next(),
        }
    }

    /// What the figure contains and how it looks.
    pub fn look(&self) -> crate::render::Look {
        crate::render::Look::of(&self.preset.ui, &self.race)
    }

    /// The data as `[x0, y0, x1, y1, ...]`.
    pub fn data_flat(&self) -> Vec<f64> {
        self.race
            .scene
            .objective
            .data()
            .map(|d| d.x.iter().zip(&d.y).flat_map(|(x, y)| [*x, *y]).collect())
            .unwrap_or_default()
    }
}

/// Sets (or, with an empty value, removes) a run key, with a message naming key and value.
pub(crate) fn set_spec(
    spec: &mut RunSpec,
    scene: SceneName,
    key: &str,
    value: &str,
) -> Result<(), String> {
    if value.trim().is_empty() {
        spec.unset(key);
        Ok(())
    } else {
        spec.set(scene, key, value)
            .map_err(|e| format!("{key} = {}: {e}", crate::preset::quoted(value)))
    }
}
