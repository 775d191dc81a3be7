//! Guided lessons: predict, then watch (Crouch et al. 2004; White and Gunstone's
//! predict–observe–explain). A lesson is a short sequence of [`Beat`]s. Each beat is a state (a
//! query; its `steps` is where the beat pauses) and an optional [`Ask`]: a question the student
//! answers *before* the beat plays. The answer is never typed in: [`answer`] computes it from the
//! played race, and the reason the reveal gives quotes numbers computed the same way
//! (the [`Facts`] of [`answer`], filled into `{name}` placeholders of the words, as captions are).
//! `tests/lessons.rs` plays every beat on its own seed and, where minibatches make it depend on
//! the seed, on seeds 0–19, of which at least 16 must give the answer the narration is written
//! for.

use crate::construct::{global_minimum, mean_turn_degrees};
use crate::landscape::{critical_points, CRITICAL_SEEDS};
pub use crate::lessons::{beat_query, lesson, Ask, Beat, Choice, Count, Lesson, LESSONS};
use crate::linalg::{Curvature, Vector};
use crate::objective::{slice, Batch, Reduce, View};
use crate::optim::hyper::{ALPHA, MAXDIST};
use crate::preset;
use crate::run::{Race, Status};

impl Ask {
    /// A question from a page's own lesson (`<downhill-beat ask="…" about="…" run="…" at="…">`),
    /// as a small query: `ask=point&run=2`, `ask=choose&about=valley&run=1`,
    /// `ask=choose&about=kind&at=0,16`, `ask=number&about=epoch`. `run` counts from 1.
    pub fn from_query(q: &str) -> Result<Option<Ask>, String> {
        let pairs = preset::query_pairs(q);
        if let Some((k, _)) = pairs
            .iter()
            .find(|(k, _)| !["ask", "about", "run", "at", "point", "pca"].contains(&k.as_str()))
        {
            return Err(format!(
                "{} is not an attribute of a question",
                preset::quoted(k)
            ));
        }
        let get = |k: &str| {
            pairs
                .iter()
                .rev()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let run = match get("run") {
            None => 0,
            Some(v) => match v.parse::<usize>() {
                Ok(n @ 1..=6) => n - 1,
                _ => return Err(format!("run = {}: must be 1 to 6", preset::quoted(&v))),
            },
        };
        let about = get("about");
        let about = about.as_deref();
        let ask = match (get("ask").as_deref(), about) {
            (None, _) => return Ok(None),
            (Some("point"), _) => Ask::Point { run },
            (Some("sketch"), _) => Ask::Sketch { run },
            (Some("choose"), Some("lowest")) => Ask::Choose(Choice::Lowest),
            (Some("choose"), Some("behaviour" | "behavior")) => {
                Ask::Choose(Choice::Behaviour { run })
            }
            (Some("choose"), Some("valley")) => Ask::Choose(Choice::Valley { run }),
            (Some("choose"), Some("end")) => Ask::Choose(Choice::EndKind { run }),
            (Some("choose"), Some("convex")) => Ask::Choose(Choice::Convex),
            (Some("choose"), Some("uphill")) => Ask::Choose(Choice::AnyUphill { run }),
            (Some("choose"), Some("kind")) => {
                let at = get("at").ok_or("about=kind needs at=phi0,phi1")?;
                let xy: Vec<f64> = at
                    .split(',')
                    .map(|v| v.trim().parse::<f64>())
                    .collect::<Result<_, _>>()
                    .map_err(|_| format!("at = {}: must be two numbers", preset::quoted(&at)))?;
                match xy.as_slice() {
                    [x, y] if x.is_finite() && y.is_finite() => {
                        Ask::Choose(Choice::Kind { at: [*x, *y] })
                    }
                    _ => return Err(format!("at = {}: must be two numbers", preset::quoted(&at))),
                }
            }
            (Some("choose"), Some("plane")) => Ask::Choose(Choice::Plane {
                run,
                pca: get("pca").as_deref() == Some("1"),
            }),
            (Some("choose"), Some("drop")) => Ask::Choose(Choice::Drop { run }),
            (Some("choose"), Some("quiz")) => match get("point").map(|v| v.parse::<u8>()) {
                Some(Ok(number @ 1..=7)) => Ask::Choose(Choice::Quiz { number }),
                _ => return Err("about=quiz needs point=1 to 7".into()),
            },
            (Some("number"), Some("epoch")) => Ask::Number(Count::StepsPerEpoch { run }),
            (Some("number"), Some("rate")) => Ask::Number(Count::StableRate),
            (Some("number"), Some("valleys")) => Ask::Number(Count::GlobalValley),
            (Some(k @ ("choose" | "number")), a) => {
                return Err(format!(
                    "about = {}: ask={k} takes about={}",
                    preset::quoted(a.unwrap_or("")),
                    if k == "choose" {
                        "lowest, behaviour, valley, end, kind, convex, uphill, plane, drop or quiz"
                    } else {
                        "epoch, rate or valleys"
                    }
                ))
            }
            (Some(k), _) => {
                return Err(format!(
                    "ask = {}: must be point, sketch, choose or number",
                    preset::quoted(k)
                ))
            }
        };
        Ok(Some(ask))
    }

    /// What the beat's answer is about, for a page's own lesson's default words
    /// (`page_<about>`): `point`, `sketch`, `lowest`, `behaviour`, ….
    pub fn about(&self) -> &'static str {
        match self {
            Ask::Point { .. } => "point",
            Ask::Sketch { .. } => "sketch",
            Ask::Choose(Choice::Lowest) => "lowest",
            Ask::Choose(Choice::Behaviour { .. }) => "behaviour",
            Ask::Choose(Choice::Kind { .. }) => "kind",
            Ask::Choose(Choice::Valley { .. }) => "valley",
            Ask::Choose(Choice::EndKind { .. }) => "end",
            Ask::Choose(Choice::Convex) => "convex",
            Ask::Choose(Choice::AnyUphill { .. }) => "uphill",
            Ask::Choose(Choice::Plane { .. }) => "plane",
            Ask::Choose(Choice::Drop { .. }) => "drop",
            Ask::Choose(Choice::Quiz { .. }) => "quiz",
            Ask::Number(Count::StepsPerEpoch { .. }) => "epoch",
            Ask::Number(Count::StableRate) => "rate",
            Ask::Number(Count::GlobalValley) => "valleys",
        }
    }

    /// Whether the question can be asked of `race`: its run exists, and a point or a sketch
    /// has a two-parameter landscape to be drawn on.
    pub fn check(&self, race: &Race) -> Result<(), String> {
        let run = match *self {
            Ask::Point { run }
            | Ask::Sketch { run }
            | Ask::Choose(Choice::Behaviour { run })
            | Ask::Choose(Choice::Valley { run })
            | Ask::Choose(Choice::EndKind { run })
            | Ask::Choose(Choice::AnyUphill { run })
            | Ask::Choose(Choice::Plane { run, .. })
            | Ask::Choose(Choice::Drop { run })
            | Ask::Number(Count::StepsPerEpoch { run }) => Some(run),
            _ => None,
        };
        if let Some(i) = run {
            if i >= race.runs.len() {
                return Err(format!("it has {} run(s), not {}", race.runs.len(), i + 1));
            }
        }
        if matches!(self, Ask::Point { .. } | Ask::Sketch { .. }) && race.scene.name.dim() > 2 {
            return Err("a point or a sketch needs a two-parameter scene".into());
        }
        if let Ask::Choose(Choice::Drop { run }) = *self {
            if race.runs[run].config.opt != crate::optim::OptName::Bracket {
                return Err("about=drop asks about a bracketing search (opt=bracket)".into());
            }
        }
        Ok(())
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Ask::Point { .. } => "point",
            Ask::Sketch { .. } => "sketch",
            Ask::Choose(_) => "choose",
            Ask::Number(_) => "number",
        }
    }
}

/// A question's answer, computed on the played race.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Answer {
    Point {
        run: usize,
        t: usize,
        phi: Vec<f64>,
    },
    Sketch {
        run: usize,
        t: usize,
        path: Vec<[f64; 2]>,
    },
    Choose {
        /// The options, as words of the strings table (`choice_<word>`).
        options: Vec<&'static str>,
        correct: usize,
    },
    Number {
        value: f64,
        /// An answer within this of `value` counts as right.
        tolerance: f64,
    },
}

/// A student's prediction.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "lowercase")]
pub enum Guess {
    Point([f64; 2]),
    Sketch(Vec<[f64; 2]>),
    Choose(usize),
    Number(f64),
}

impl Guess {
    pub fn kind(&self) -> &'static str {
        match self {
            Guess::Point(_) => "point",
            Guess::Sketch(_) => "sketch",
            Guess::Choose(_) => "choose",
            Guess::Number(_) => "number",
        }
    }
}

/// A prediction held against the answer.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Judged {
    pub correct: bool,
    /// For a point or a sketch: the distance in view units (the view's diagonal is 1; for a
    /// sketch the discrete Fréchet distance).
    pub distance: Option<f64>,
}

/// Where a student is in a beat: the prediction, whether it was revealed, how many times the
/// beat was tried again, and (once the revealed beat has played) its answer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    pub guess: Option<Guess>,
    pub revealed: bool,
    pub attempt: usize,
    pub solved: Option<Result<Solved, String>>,
}

/// A beat's answer on the played race, the numbers its reveal quotes, and the verdict.
#[derive(Clone, Debug, PartialEq)]
pub struct Solved {
    pub answer: Answer,
    pub facts: Vec<(&'static str, f64)>,
    pub judged: Option<Judged>,
}

impl Ask {
    /// The options of a choice, as words of the strings table (`choice_<word>`).
    pub fn options(&self, runs: usize) -> Vec<&'static str> {
        const RUNS: [&str; 6] = ["run1", "run2", "run3", "run4", "run5", "run6"];
        match self {
            Ask::Choose(Choice::Lowest) => RUNS[..runs.min(6)].to_vec(),
            Ask::Choose(Choice::Behaviour { .. }) => vec!["converge", "oscillate", "diverge"],
            Ask::Choose(Choice::Kind { .. }) => vec!["minimum", "maximum", "saddle"],
            Ask::Choose(Choice::Valley { .. }) => vec!["global", "local"],
            Ask::Choose(Choice::EndKind { .. }) => vec!["minimum", "maximum", "saddle"],
            Ask::Choose(Choice::Convex) => vec!["convex", "nonconvex"],
            Ask::Choose(Choice::AnyUphill { .. }) => vec!["someup", "noneup"],
            Ask::Choose(Choice::Plane { .. }) => vec!["most", "little"],
            Ask::Choose(Choice::Drop { .. }) => vec!["dropab", "dropcd", "shrink"],
            Ask::Choose(Choice::Quiz { .. }) => vec!["localmin", "globalmin", "neither"],
            _ => Vec::new(),
        }
    }
}

/// The most points a sketch keeps (a longer stroke is thinned evenly).
pub const MAX_SKETCH: usize = 400;

/// A prediction from the page, checked as a link's values are: finite, within bounds, an
/// existing option, a sketch of at most [`MAX_SKETCH`] points.
pub fn checked_guess(guess: Guess, ask: &Ask, runs: usize) -> Result<Guess, String> {
    let finite = |p: &[f64; 2]| {
        p.iter()
            .all(|v| v.is_finite() && v.abs() <= preset::MAX_COORD)
    };
    Ok(match guess {
        Guess::Point(p) if finite(&p) => Guess::Point(p),
        Guess::Point(_) => return Err("a predicted point must be two finite numbers".into()),
        Guess::Sketch(path) => {
            if path.is_empty() || !path.iter().all(finite) {
                return Err("a sketch must be one or more finite points x,y".into());
            }
            Guess::Sketch(thin(&path, MAX_SKETCH))
        }
        Guess::Choose(i) if i < ask.options(runs).len() => Guess::Choose(i),
        Guess::Choose(i) => return Err(format!("there is no option {}", i + 1)),
        Guess::Number(x) if x.is_finite() => Guess::Number(x),
        Guess::Number(_) => return Err("the answer must be a finite number".into()),
    })
}

/// A point within this share of the view's diagonal counts as right.
pub const POINT_TOLERANCE: f64 = 0.1;
/// A sketch within this discrete Fréchet distance (share of the view's diagonal) counts as right.
pub const SKETCH_TOLERANCE: f64 = 0.15;

/// A beat of a page's own lesson: its state (a canonical query) and its question.
#[derive(Clone, Debug, PartialEq)]
pub struct PageBeat {
    pub query: String,
    pub ask: Option<Ask>,
    /// Its place among the page's beats, bad ones included (the page's words follow it).
    pub source: usize,
}

/// A page's own lesson from its beats' `(query, ask)` texts. A bad beat (a bad key in its
/// query, a question that cannot be asked or answered there) is left out and reported with its
/// position and the reason; the others make the lesson.
pub fn page_lesson(beats: &[(String, String)]) -> (Vec<PageBeat>, Vec<preset::Problem>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (k, (query, ask)) in beats.iter().enumerate() {
        let key = format!("beat[{}]", k + 1);
        let mut report = |value: &str, message: String| {
            problems.push(preset::Problem {
                severity: preset::Severity::Error,
                key: key.clone(),
                value: value.to_string(),
                message,
            })
        };
        let parsed = preset::parse(query);
        if let Some(e) = parsed.errors().next() {
            report(query, format!("its query: {e}"));
            continue;
        }
        let ask = match Ask::from_query(ask) {
            Ok(a) => a,
            Err(e) => {
                report(ask, e);
                continue;
            }
        };
        // Checked on the race as built, not played: a heavy beat costs nothing until it plays.
        if let Some(a) = &ask {
            if let Err(e) = a.check(&parsed.preset.build().0) {
                report(a.kind(), format!("cannot be asked here: {e}"));
                continue;
            }
        }
        out.push(PageBeat {
            query: parsed.preset.to_query(),
            ask,
            source: k,
        });
    }
    (out, problems)
}

/// Plays `query` to its end.
pub fn play(query: &str) -> Race {
    let (mut race, _) = preset::parse(query).preset.build();
    race.run_to_end();
    race
}

/// The numbers a reveal quotes, by placeholder name.
pub type Facts = Vec<(&'static str, f64)>;

/// The answer to `ask` on a race played to its end, and the numbers the reveal quotes.
pub fn answer(ask: &Ask, race: &Race) -> Result<(Answer, Facts), String> {
    let run = |i: usize| {
        race.runs
            .get(i)
            .ok_or_else(|| format!("the beat has no run {}", i + 1))
    };
    let two_d = || {
        if race.scene.name.dim() > 2 {
            Err("a point or a sketch needs a two-parameter scene".to_string())
        } else {
            Ok(())
        }
    };
    Ok(match *ask {
        Ask::Point { run: i } => {
            two_d()?;
            let r = run(i)?;
            let p = r.current();
            (
                Answer::Point {
                    run: i,
                    t: p.t,
                    phi: p.phi.as_slice().to_vec(),
                },
                vec![
                    ("t", p.t as f64),
                    ("loss", p.loss),
                    ("phi0", p.phi.x()),
                    ("phi1", p.phi.y()),
                    ("early", 100.0 * early_share(r)),
                    ("shrink", step_ratio(r)),
                ]
                .into_iter()
                .chain(global_minimum(race).into_iter().flat_map(|(m, l)| {
                    // The angle between the way the run went and the way to the minimum.
                    let start = r.history()[0].phi;
                    let (went, to) = (p.phi - start, m - start);
                    let cos = went.dot(to) / (went.norm() * to.norm());
                    let miss = libm::acos(cos.clamp(-1.0, 1.0)).to_degrees();
                    [
                        ("min0", m.x()),
                        ("min1", m.y()),
                        ("min_loss", l),
                        ("miss", if miss.is_finite() { miss } else { 0.0 }),
                    ]
                }))
                .collect(),
            )
        }
        Ask::Sketch { run: i } => {
            two_d()?;
            let r = run(i)?;
            let path: Vec<[f64; 2]> = r.history().iter().map(|p| [p.phi.x(), p.phi.y()]).collect();
            let p = r.current();
            (
                Answer::Sketch {
                    run: i,
                    t: p.t,
                    path,
                },
                {
                    const TURN: [&str; 6] = ["turn1", "turn2", "turn3", "turn4", "turn5", "turn6"];
                    let mut facts = vec![
                        ("t", p.t as f64),
                        ("loss", p.loss),
                        ("turn", mean_turn_degrees(r)),
                    ];
                    facts.extend(
                        race.runs
                            .iter()
                            .zip(TURN)
                            .map(|(r, k)| (k, mean_turn_degrees(r))),
                    );
                    facts.push(("angle", first_angle(r)));
                    let (x, y) = early_axes(r);
                    facts.push(("x_early", 100.0 * x));
                    facts.push(("y_early", 100.0 * y));
                    facts
                },
            )
        }
        Ask::Choose(Choice::Lowest) => {
            let losses: Vec<f64> = race.runs.iter().map(|r| r.current().loss).collect();
            let (best, low) =
                losses
                    .iter()
                    .enumerate()
                    .fold(
                        (0, f64::INFINITY),
                        |(b, l), (i, &x)| if x < l { (i, x) } else { (b, l) },
                    );
            let mut facts = vec![("lowest", low), ("best", (best + 1) as f64)];
            const LOSS: [&str; 6] = ["loss1", "loss2", "loss3", "loss4", "loss5", "loss6"];
            facts.extend(losses.iter().zip(LOSS).map(|(&l, k)| (k, l)));
            (
                Answer::Choose {
                    options: ask.options(race.runs.len()),
                    correct: best,
                },
                facts,
            )
        }
        Ask::Choose(Choice::Behaviour { run: i }) => {
            let r = run(i)?;
            let h = r.history();
            let (first, last) = (h[0].loss, r.current().loss);
            let turn = mean_turn_degrees(r);
            // Oscillating: most of the first ten steps turn back (by more than 90°) across
            // the valley; later steps, along the valley floor, say nothing about it.
            let back = early_turns(r, 10);
            let diverged =
                matches!(r.status(), Status::Diverged { .. }) || last.is_nan() || last >= first;
            let correct = if diverged {
                2
            } else if 2 * back.0 > back.1 {
                1
            } else {
                0
            };
            let alpha = r.config.hyper[ALPHA];
            // The steepest curvature where the run starts (constant on a quadratic loss).
            let e = race
                .scene
                .objective
                .hessian(h[0].phi, Batch::All, Reduce::Sum)
                .eigenvalues();
            let top = e[e.len() - 1];
            (
                Answer::Choose {
                    options: ask.options(race.runs.len()),
                    correct,
                },
                vec![
                    ("first", first),
                    ("last", if last.is_finite() { last } else { f64::MAX }),
                    ("turn", turn),
                    ("alpha", alpha),
                    ("back", back.0 as f64),
                    (
                        "rises",
                        h.windows(2)
                            .filter(|w| w[1].loss >= w[0].loss || w[1].loss.is_nan())
                            .count() as f64,
                    ),
                    ("lambda_max", top),
                    ("half", 1.0 / top),
                    ("limit", 2.0 / top),
                ],
            )
        }
        Ask::Choose(Choice::Kind { at }) => {
            let at = Vector::new(at[0], at[1]);
            let points = critical_points(&race.scene.objective, &race.scene.view, CRITICAL_SEEDS);
            let p = points
                .iter()
                .min_by(|a, b| {
                    let (da, db) = ((a.phi - at).norm(), (b.phi - at).norm());
                    da.total_cmp(&db)
                })
                .ok_or("no critical point in view")?;
            let correct = match p.kind {
                Curvature::Minimum => 0,
                Curvature::Maximum => 1,
                Curvature::Saddle => 2,
                Curvature::Degenerate => return Err("a degenerate critical point".into()),
            };
            let (lo, hi) = (p.eigenvalues[0], p.eigenvalues[p.eigenvalues.len() - 1]);
            (
                Answer::Choose {
                    options: ask.options(race.runs.len()),
                    correct,
                },
                vec![
                    ("lambda_min", lo),
                    ("lambda_max", hi),
                    ("phi0", p.phi.x()),
                    ("phi1", p.phi.y()),
                    ("loss", p.loss),
                    ("global", if p.global { 1.0 } else { 0.0 }),
                ],
            )
        }
        Ask::Choose(Choice::Valley { run: i }) => {
            let r = run(i)?;
            let end = r.current().phi;
            let points = critical_points(&race.scene.objective, &race.scene.view, CRITICAL_SEEDS);
            let scale = view_diagonal(&race.scene.view);
            let nearest = valley(&points, end)?;
            let global = points
                .iter()
                .find(|p| p.global)
                .map(|p| (p.phi, p.loss))
                .ok_or("no global minimum in view")?;
            (
                Answer::Choose {
                    options: ask.options(race.runs.len()),
                    correct: if nearest.global { 0 } else { 1 },
                },
                vec![
                    ("loss", r.current().loss),
                    ("global", global.1),
                    ("local", nearest.loss),
                    ("distance", (nearest.phi - end).norm() / scale),
                ],
            )
        }
        Ask::Choose(Choice::EndKind { run: i }) => {
            let r = run(i)?;
            let end = r.current();
            let e = race
                .scene
                .objective
                .hessian(end.phi, Batch::All, Reduce::Sum)
                .eigenvalues();
            let (lo, hi) = (e[0], e[e.len() - 1]);
            let correct = if lo > 0.0 {
                0
            } else if hi < 0.0 {
                1
            } else if lo < 0.0 && hi > 0.0 {
                2
            } else {
                return Err("the run ends where an eigenvalue is zero".into());
            };
            let g = race
                .scene
                .objective
                .gradient(end.phi, Batch::All, Reduce::Sum)
                .norm();
            (
                Answer::Choose {
                    options: ask.options(race.runs.len()),
                    correct,
                },
                vec![
                    ("lambda_min", lo),
                    ("lambda_max", hi),
                    ("phi0", end.phi.x()),
                    ("phi1", end.phi.y()),
                    ("loss", end.loss),
                    ("gradient", g),
                    ("t", end.t as f64),
                ],
            )
        }
        Ask::Choose(Choice::Convex) => {
            const N: usize = 41;
            let v = race.scene.view;
            let mut lowest = f64::INFINITY;
            for row in 0..N {
                for col in 0..N {
                    let p = Vector::new(
                        v.phi0[0] + (v.phi0[1] - v.phi0[0]) * col as f64 / (N - 1) as f64,
                        v.phi1[0] + (v.phi1[1] - v.phi1[0]) * row as f64 / (N - 1) as f64,
                    );
                    let e = race
                        .scene
                        .objective
                        .hessian(p, Batch::All, Reduce::Sum)
                        .eigenvalues();
                    lowest = lowest.min(e[0]);
                }
            }
            (
                Answer::Choose {
                    options: ask.options(race.runs.len()),
                    correct: if lowest >= 0.0 { 0 } else { 1 },
                },
                vec![("lowest", lowest), ("grid", (N * N) as f64)],
            )
        }
        Ask::Choose(Choice::AnyUphill { run: i }) => {
            let r = run(i)?;
            let h = r.history();
            let up = h.windows(2).filter(|w| w[1].loss > w[0].loss).count();
            (
                Answer::Choose {
                    options: ask.options(race.runs.len()),
                    correct: if up > 0 { 0 } else { 1 },
                },
                vec![
                    ("up", up as f64),
                    ("steps", (h.len() - 1) as f64),
                    ("loss", r.current().loss),
                    ("first", h[0].loss),
                ],
            )
        }
        Ask::Number(Count::StepsPerEpoch { run: i }) => {
            let r = run(i)?;
            let n = race.scene.objective.n_samples();
            let b = r.config.batch.unwrap_or(n).min(n).max(1);
            let k = n.div_ceil(b);
            (
                Answer::Number {
                    value: k as f64,
                    tolerance: 0.0,
                },
                vec![
                    ("n", n as f64),
                    ("batch", b as f64),
                    ("k", k as f64),
                    ("rest", (n - (k - 1) * b) as f64),
                ],
            )
        }
        Ask::Number(Count::GlobalValley) => {
            let points = critical_points(&race.scene.objective, &race.scene.view, CRITICAL_SEEDS);
            let mut k = 0;
            for r in &race.runs {
                k += valley(&points, r.current().phi)?.global as usize;
            }
            (
                Answer::Number {
                    value: k as f64,
                    tolerance: 0.0,
                },
                vec![("k", k as f64), ("runs", race.runs.len() as f64)],
            )
        }
        Ask::Choose(Choice::Plane { run: i, pca }) => {
            let path: Vec<Vector> = run(i)?.history().iter().map(|p| p.phi).collect();
            let n = path[0].dim();
            let mean =
                (1.0 / path.len() as f64) * path.iter().fold(Vector::zeros(n), |a, &p| a + p);
            let (d1, d2) = if pca {
                let (a, b, _) = slice::pca(&path).ok_or("the path spans less than a plane")?;
                (a, b)
            } else {
                slice::random_pair(path[0], 1)
            };
            let plane = slice::Plane {
                center: mean,
                d1,
                d2,
            };
            let (mut total, mut off) = (0.0, 0.0);
            for &p in &path {
                total += (p - mean).norm().powi(2);
                off += plane.project(p).off.powi(2);
            }
            if total <= 0.0 {
                return Err("the path has not moved yet".into());
            }
            let share = 1.0 - off / total;
            (
                Answer::Choose {
                    options: ask.options(race.runs.len()),
                    correct: if share >= 0.5 { 0 } else { 1 },
                },
                vec![("share", 100.0 * share), ("dim", n as f64)],
            )
        }
        Ask::Choose(Choice::Drop { run: i }) => {
            use crate::optim::linesearch::{bracket_step, initial_bracket, Rule};
            let r = run(i)?;
            let start = r.history()[0].phi;
            // The loss along the first parameter, the others where the run starts.
            let at = |x: f64| {
                let mut p = start;
                p[0] = x;
                race.scene.objective.loss(p)
            };
            let (b, _) = bracket_step(
                initial_bracket(start.x(), r.config.hyper[MAXDIST]),
                &mut |x| at(x),
            );
            (
                Answer::Choose {
                    options: ask.options(race.runs.len()),
                    correct: match b.rule {
                        Rule::DropLeft => 0,
                        Rule::DropRight => 1,
                        Rule::ShrinkTowardsA => 2,
                    },
                },
                vec![
                    ("a", b.a),
                    ("b", b.b),
                    ("c", b.c),
                    ("d", b.d),
                    ("la", at(b.a)),
                    ("lb", at(b.b)),
                    ("lc", at(b.c)),
                    ("ld", at(b.d)),
                ],
            )
        }
        Ask::Choose(Choice::Quiz { number }) => {
            let a = crate::quiz::answers()
                .into_iter()
                .find(|a| a.number == number)
                .ok_or("figure 6.11 has points 1 to 7")?;
            (
                Answer::Choose {
                    options: ask.options(race.runs.len()),
                    correct: match a.kind {
                        crate::quiz::Kind::LocalMinimum => 0,
                        crate::quiz::Kind::GlobalMinimum => 1,
                        crate::quiz::Kind::Neither => 2,
                    },
                },
                vec![
                    ("slope", a.slope),
                    ("curvature", a.curvature),
                    ("above", a.above_lowest),
                ],
            )
        }
        Ask::Number(Count::StableRate) => {
            let (phi, _) = global_minimum(race).ok_or("no global minimum in view")?;
            let h = race.scene.objective.hessian(phi, Batch::All, Reduce::Sum);
            let e = h.eigenvalues();
            let top = e[e.len() - 1];
            if top.is_nan() || top <= 0.0 {
                return Err("the Hessian at the minimum is not positive".into());
            }
            (
                Answer::Number {
                    value: 2.0 / top,
                    tolerance: 0.1 * 2.0 / top,
                },
                vec![
                    ("lambda_max", top),
                    ("lambda_min", e[0]),
                    ("limit", 2.0 / top),
                ],
            )
        }
    })
}

/// Holds `guess` against `answer`; `view` scales distances (its diagonal is one unit).
pub fn judge(answer: &Answer, guess: &Guess, view: &View) -> Result<Judged, String> {
    let scale = view_diagonal(view);
    Ok(match (answer, guess) {
        (Answer::Point { phi, .. }, Guess::Point(g)) => {
            let d = ((phi[0] - g[0]).powi(2) + (phi[1] - g[1]).powi(2)).sqrt() / scale;
            Judged {
                correct: d <= POINT_TOLERANCE,
                distance: Some(d),
            }
        }
        (Answer::Sketch { path, .. }, Guess::Sketch(g)) => {
            if g.is_empty() {
                return Err("a sketch needs at least one point".into());
            }
            let d = frechet(path, g) / scale;
            Judged {
                correct: d <= SKETCH_TOLERANCE,
                distance: Some(d),
            }
        }
        (Answer::Choose { correct, options }, Guess::Choose(i)) => {
            if *i >= options.len() {
                return Err(format!("there is no option {}", i + 1));
            }
            Judged {
                correct: i == correct,
                distance: None,
            }
        }
        (Answer::Number { value, tolerance }, Guess::Number(x)) => Judged {
            correct: (x - value).abs() <= *tolerance + 1e-9 * value.abs(),
            distance: None,
        },
        (_, g) => return Err(format!("this question does not take a {}", g.kind())),
    })
}

/// The share of the path's length covered in the first quarter of its steps.
fn early_share(run: &crate::run::Run) -> f64 {
    let h = run.history();
    let lengths: Vec<f64> = h.windows(2).map(|w| (w[1].phi - w[0].phi).norm()).collect();
    let all: f64 = lengths.iter().sum();
    if all == 0.0 {
        return 0.0;
    }
    lengths[..lengths.len().div_ceil(4)].iter().sum::<f64>() / all
}

/// The first step's angle from the φ0 axis, in degrees (0 to 90: along φ0 to along φ1).
fn first_angle(run: &crate::run::Run) -> f64 {
    match run.history() {
        [a, b, ..] => {
            let d = b.phi - a.phi;
            libm::atan2(d.y().abs(), d.x().abs()).to_degrees()
        }
        _ => 0.0,
    }
}

/// The share of the path's whole movement along φ0, and along φ1, made in its first tenth.
fn early_axes(run: &crate::run::Run) -> (f64, f64) {
    let h = run.history();
    let steps: Vec<(f64, f64)> = h
        .windows(2)
        .map(|w| {
            let d = w[1].phi - w[0].phi;
            (d.x().abs(), d.y().abs())
        })
        .collect();
    let k = steps.len().div_ceil(10);
    let share = |f: fn(&(f64, f64)) -> f64| {
        let all: f64 = steps.iter().map(f).sum();
        if all == 0.0 {
            0.0
        } else {
            steps[..k].iter().map(f).sum::<f64>() / all
        }
    };
    (share(|s| s.0), share(|s| s.1))
}

/// The last step's length over the first's.
fn step_ratio(run: &crate::run::Run) -> f64 {
    let h = run.history();
    let len = |w: &[crate::run::Point]| (w[1].phi - w[0].phi).norm();
    match (h.windows(2).next(), h.windows(2).last()) {
        (Some(a), Some(b)) if len(a) > 0.0 => len(b) / len(a),
        _ => 1.0,
    }
}

/// Of the first `n` turns of the path: how many turn back by more than 90°, and how many
/// there are.
fn early_turns(run: &crate::run::Run, n: usize) -> (usize, usize) {
    let h = run.history();
    let mut back = 0;
    let mut all = 0;
    for w in h.windows(3).take(n) {
        let (a, b) = (w[1].phi - w[0].phi, w[2].phi - w[1].phi);
        if a.norm() > 0.0 && b.norm() > 0.0 {
            all += 1;
            if a.dot(b) < 0.0 {
                back += 1;
            }
        }
    }
    (back, all)
}

/// The length of the view's diagonal.
/// The valley `end` is in: the minimum nearest to it.
fn valley(
    points: &[crate::landscape::CriticalPoint],
    end: Vector,
) -> Result<&crate::landscape::CriticalPoint, String> {
    points
        .iter()
        .filter(|p| p.kind == Curvature::Minimum)
        .min_by(|a, b| ((a.phi - end).norm()).total_cmp(&(b.phi - end).norm()))
        .ok_or_else(|| "no minimum in view".into())
}

pub fn view_diagonal(view: &View) -> f64 {
    let (w, h) = (view.phi0[1] - view.phi0[0], view.phi1[1] - view.phi1[0]);
    (w * w + h * h).sqrt().max(f64::MIN_POSITIVE)
}

/// The discrete Fréchet distance between two polylines (Eiter and Mannila 1994): the shortest
/// leash with which a walker on each can go from start to end, neither going back. Each path is
/// first thinned to at most 200 points, so the cost stays bounded.
pub fn frechet(a: &[[f64; 2]], b: &[[f64; 2]]) -> f64 {
    let (a, b) = (thin(a, 200), thin(b, 200));
    if a.is_empty() || b.is_empty() {
        return f64::INFINITY;
    }
    let d = |p: [f64; 2], q: [f64; 2]| ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt();
    let m = b.len();
    let mut prev = vec![0.0f64; m];
    let mut row = vec![0.0f64; m];
    for (i, &p) in a.iter().enumerate() {
        for (j, &q) in b.iter().enumerate() {
            let here = d(p, q);
            row[j] = match (i, j) {
                (0, 0) => here,
                (0, _) => row[j - 1].max(here),
                (_, 0) => prev[0].max(here),
                _ => prev[j].min(prev[j - 1]).min(row[j - 1]).max(here),
            };
        }
        std::mem::swap(&mut prev, &mut row);
    }
    prev[m - 1]
}

/// At most `n` points of `p`, evenly spaced by index, the first and last kept.
fn thin(p: &[[f64; 2]], n: usize) -> Vec<[f64; 2]> {
    if p.len() <= n {
        return p.to_vec();
    }
    (0..n).map(|k| p[k * (p.len() - 1) / (n - 1)]).collect()
}

impl Answer {
    /// The answer as a JSON object (`downhill lesson`), numbers written to round-trip.
    pub fn json(&self) -> String {
        use crate::format::num;
        let pair = |p: &[f64; 2]| format!("[{},{}]", num(p[0]), num(p[1]));
        match self {
            Answer::Point { run, t, phi } => format!(
                "{{\"run\":{run},\"t\":{t},\"phi\":[{}]}}",
                phi.iter().map(|&x| num(x)).collect::<Vec<_>>().join(",")
            ),
            Answer::Sketch { run, t, path } => format!(
                "{{\"run\":{run},\"t\":{t},\"path\":[{}]}}",
                path.iter().map(pair).collect::<Vec<_>>().join(",")
            ),
            Answer::Choose { options, correct } => format!(
                "{{\"options\":[{}],\"correct\":{correct}}}",
                options
                    .iter()
                    .map(|o| format!("\"{o}\""))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Answer::Number { value, tolerance } => format!(
                "{{\"value\":{},\"tolerance\":{}}}",
                num(*value),
                num(*tolerance)
            ),
        }
    }
}

/// `downhill lesson NAME`: one JSON object per beat: its canonical query, the step it pauses
/// at, and its question with the computed answer and the numbers the reveal quotes.
pub fn lines(lesson: &Lesson) -> Result<String, String> {
    use crate::format::num;
    use crate::trace::json_string;
    let mut out = String::new();
    for (k, beat) in lesson.beats.iter().enumerate() {
        let parsed = preset::parse(beat.query);
        let query = parsed.preset.to_query();
        let pause = parsed.preset.total_steps();
        let mut line = format!(
            "{{\"beat\":{k},\"query\":{},\"pause\":{pause}",
            json_string(&query)
        );
        if let Some(ask) = &beat.ask {
            let race = play(beat.query);
            let (answer, facts) = answer(ask, &race).map_err(|e| format!("beat {}: {e}", k + 1))?;
            let facts: Vec<String> = facts
                .iter()
                .map(|(name, v)| format!("\"{name}\":{}", num(*v)))
                .collect();
            line.push_str(&format!(
                ",\"question\":{{\"kind\":\"{}\",\"answer\":{},\"facts\":{{{}}}}}",
                ask.kind(),
                answer.json(),
                facts.join(",")
            ));
        }
        line.push_str("}\n");
        out.push_str(&line);
    }
    Ok(out)
}
