//! Hostile input, round two: each failure class the campaign found, and a fuzz of random edits
//! with a fixed seed. A bad value leaves the last good one in place; no edit traps; the
//! canonical query has one writer per key and parses back to the same state; messages are
//! quoted, escaped and capped.

use downhill::lesson::Guess;
use downhill::preset::{self, MAX_QUERY, MAX_SHOWN};
use downhill::rng::Rng;
use downhill::session::{Edit, Session};

fn set(run: Option<usize>, key: &str, value: &str) -> Edit {
    Edit::Set {
        run,
        key: key.into(),
        value: value.into(),
    }
}

fn start_of(s: &Session, run: usize) -> Vec<f64> {
    s.race().runs[run].history()[0].phi.as_slice().to_vec()
}

/// F1: a start of the wrong size leaves the preset's start (or the last good one) in place, at
/// the top level and inside `run=`, and the query written back keeps it.
#[test]
fn a_start_of_the_wrong_size_keeps_the_last_good_start() {
    let own = Session::new("preset=gabor-sgd");
    for bad in ["1,2,3", "1,2,3,4,5,6,7,8,9,10"] {
        let s = Session::new(&format!("preset=gabor-sgd&start={bad}"));
        assert_eq!(start_of(&s, 0), start_of(&own, 0), "{bad}");
        assert!(s.problems().iter().any(|p| p.key == "start"), "{bad}");
        let again = Session::new(&s.query());
        assert_eq!(start_of(&again, 0), start_of(&own, 0), "{}", s.query());
    }
    // The last good value of the same key wins over a later bad one.
    let s = Session::new("scene=bowl&start=0.5,0.25&start=1,2,3");
    assert_eq!(start_of(&s, 0), vec![0.5, 0.25]);
    // A run's own start.
    let s = Session::new("scene=bowl&run=gd;start=0.5,0.25;start=1,2,3&run=adam");
    assert_eq!(start_of(&s, 0), vec![0.5, 0.25]);
    assert!(s.problems().iter().any(|p| p.key == "run[1].start"));
    // A preset's per-run starts survive a bad top-level start.
    let fig = Session::new("preset=fig6.5");
    let s = Session::new("preset=fig6.5&start=9");
    for i in 0..fig.race().runs.len() {
        assert_eq!(start_of(&s, i), start_of(&fig, i));
    }
}

/// F2: every edit is checked against the session's scene before it applies.
#[test]
fn edits_are_checked_against_the_sessions_scene() {
    let mut s = Session::new("scene=shallow&steps=3");
    let before = s.query();
    assert!(s.apply(set(None, "start", "1,2")).is_err());
    assert!(s.apply(set(Some(0), "start", "1,2")).is_err());
    assert!(s
        .apply(Edit::AddRun {
            spec: "adam;start=1,2".into()
        })
        .is_err());
    assert_eq!(s.query(), before);
    s.step(3);
    // A correct ten-number start on the network is taken.
    s.apply(Edit::AddRun {
        spec: "adam;start=0.5,0.5,-0.5,0.5,-0.5,1,-1,1,-1.5,1".into(),
    })
    .unwrap();
    assert_eq!(s.race().runs.len(), 2);

    let mut s = Session::new("scene=gabor&steps=3");
    let before = s.query();
    let e = s.apply(set(None, "start", "1,2,3")).unwrap_err();
    assert!(e.contains("needs 2 numbers"), "{e}");
    assert_eq!(s.query(), before);
    s.step(3);
}

/// F3: a top-level `steps` has one writer in the canonical query.
#[test]
fn steps_is_written_once() {
    let mut s = Session::new("scene=gabor&steps=60");
    s.apply(set(None, "steps", "10")).unwrap();
    let q = s.query();
    assert_eq!(q.matches("steps=").count(), 1, "{q}");
    assert!(q.contains("steps=10"), "{q}");
    assert_eq!(Session::new(&q).query(), q);
    // Inside a run it is that run's own limit.
    s.apply(set(Some(0), "steps", "5")).unwrap();
    let q = s.query();
    assert!(q.contains("run=steps=5") || q.contains(";steps=5"), "{q}");
    assert_eq!(Session::new(&q).query(), q);
}

/// F4: the φ sliders move two parameters; on the network they are refused with a message.
#[test]
fn sliders_are_refused_on_a_sliced_scene() {
    let s = Session::new("scene=shallow&sliders=1");
    assert!(!s.preset().ui.sliders);
    assert!(s.problems().iter().any(|p| p.key == "sliders"));
    let mut s = Session::new("scene=shallow");
    assert!(s
        .apply(Edit::Ui {
            key: "sliders".into(),
            value: "1".into()
        })
        .is_err());
    assert!(!s.preset().ui.sliders);
    // fig6.2's sliders stop at a change of scene to the network.
    let mut s = Session::new("preset=fig6.2");
    assert!(s.preset().ui.sliders);
    s.apply(Edit::Scene {
        name: "shallow".into(),
    })
    .unwrap();
    assert!(!s.preset().ui.sliders);
    assert_eq!(Session::new(&s.query()).query(), s.query());
}

/// F5: the page shows the core's own messages: quoted, cut, at most MAX_SHOWN, then a count.
#[test]
fn the_problem_box_is_quoted_cut_and_capped() {
    let s = Session::new(&format!("alpha={}", "A".repeat(1_000_000)));
    let view = s.problems_view();
    assert_eq!(view.len(), 1);
    assert!(view[0].text.len() < 200, "{}", view[0].text.len());

    let q: String = (0..9_000).map(|i| format!("bad{i}=1&")).collect();
    assert!(q.len() <= MAX_QUERY);
    let s = Session::new(&q);
    let view = s.problems_view();
    assert_eq!(view.len(), MAX_SHOWN + 1);
    assert_eq!(view[MAX_SHOWN].severity, "more");
    assert_eq!(view[MAX_SHOWN].text, "and 8990 more problems");
    let text: usize = view.iter().map(|p| p.text.len()).sum();
    assert!(text < 2_000, "{text}");
}

/// F8: a query longer than MAX_QUERY is refused whole, in one short message, before any of it is
/// decoded (200,000 bad keys took 161 ms of the page's main thread to parse and report); a load
/// of one keeps the last good state.
#[test]
fn a_query_over_the_limit_is_refused_whole() {
    let q: String = (0..200_000).map(|i| format!("bad{i}=1&")).collect();
    let s = Session::new(&q);
    let view = s.problems_view();
    assert_eq!(view.len(), 1);
    assert!(view[0].text.starts_with("link = "), "{}", view[0].text);
    assert!(view[0].text.contains("at most 100000"), "{}", view[0].text);
    assert!(view[0].text.len() < 200);
    assert_eq!(s.query(), Session::new("").query());

    let mut s = Session::new("preset=bowl-adam");
    let before = s.query();
    let err = s
        .apply(Edit::Load { query: q.clone() })
        .expect_err("refused");
    assert!(err.contains("at most 100000"), "{err}");
    assert_eq!(s.query(), before);
    // The edit's own form is refused before it is decoded.
    let encoded = format!(
        "kind=load&query={}",
        q.replace('&', "%26").replace('=', "%3D")
    );
    assert!(Edit::parse(&encoded).is_err());
    // At the limit it is read.
    let at: String = format!("scene=bowl&steps=7&x={}", "y".repeat(MAX_QUERY - 21));
    assert_eq!(at.len(), MAX_QUERY);
    assert_eq!(Session::new(&at).preset().steps, Some(7));
}

/// F6: line feeds, ESC, bidirectional overrides and invisible characters are escaped, in the
/// key and in the value.
#[test]
fn messages_escape_bidi_and_invisible_characters() {
    for c in [
        '\n',
        '\u{1b}',
        '\u{202e}',
        '\u{202d}',
        '\u{2066}',
        '\u{200b}',
        '\u{200f}',
        '\u{feff}',
        '\u{2028}',
        '\u{e0041}',
        '\u{61c}',
    ] {
        let q = format!("alpha=1{c}2&k{c}ey=3");
        let s = Session::new(&preset::escape_value(&q).replace("%26", "&"));
        for p in s.problems_view() {
            assert!(!p.text.contains(c), "{:?} in {}", c, p.text);
            assert!(
                p.text.contains("\\u{") || p.text.contains("\\n"),
                "{}",
                p.text
            );
        }
        assert_eq!(s.problems_view().len(), 2, "{c:?}");
    }
}

/// F2's fuzz: 100,000 random edits (a fixed seed) on every scene. No edit panics, a refused
/// edit changes nothing, and after every edit the canonical query parses back to the same
/// state: parse(serialise(state)) = state.
#[test]
fn random_edits_never_trap_and_the_query_round_trips() {
    const EDITS: usize = 100_000;
    let mut rng = Rng::new(20261204);
    let scenes = [
        "linear",
        "gabor",
        "bowl",
        "line1d",
        "logistic",
        "rosenbrock",
        "himmelblau",
        "saddle",
        "shallow",
    ];
    let keys = [
        "alpha",
        "beta",
        "gamma",
        "eps",
        "wd",
        "maxdist",
        "snapshot",
        "batch",
        "reduce",
        "seed",
        "start",
        "schedule",
        "factor",
        "every",
        "period",
        "alpha_min",
        "warmup",
        "opt",
        "steps",
        "bogus",
    ];
    let ui_keys = [
        "logc",
        "logl",
        "batchsurf",
        "trail",
        "sliders",
        "arrows",
        "curv",
        "lr",
        "calc",
        "flip",
        "quiz",
        "panels",
        "slice",
        "center",
        "follow",
        "theme",
        "lang",
        "hide",
        "speed",
        "sweep",
        "embed",
        "autoplay",
        "played",
        "models",
        "stages",
        "view3d",
    ];
    let values = [
        "0.1",
        "1",
        "0",
        "-1",
        "2",
        "1e400",
        "NaN",
        "",
        "all",
        "mean",
        "step",
        "cosine",
        "adam",
        "sgd",
        "newton",
        "1,2",
        "1,2,3",
        "0.5,0.5,-0.5,0.5,-0.5,1,-1,1,-1.5,1",
        "each",
        "1-2;3",
        "alpha,beta",
        "pca",
        "hessian",
        "current",
        "dark",
        "zh",
        "play,runs",
        "\u{202e}x",
        "999999999999999999999",
        "3.5,6.5",
    ];
    let presets = preset::NAMED;
    let lessons = downhill::lesson::LESSONS;
    let mut s = Session::new("scene=gabor&steps=5");
    let mut refused = 0;
    for i in 0..EDITS {
        let pick = |rng: &mut Rng, n: usize| rng.below(n as u64) as usize;
        let value = values[pick(&mut rng, values.len())].to_string();
        let num = |rng: &mut Rng| (rng.next_f64() - 0.5) * 40.0;
        let edit = match pick(&mut rng, 20) {
            0 if i % 50 == 0 => Edit::Load {
                query: format!(
                    "preset={}&steps=3",
                    presets[pick(&mut rng, presets.len())].0
                ),
            },
            0 if i % 50 == 25 => Edit::Load {
                query: format!(
                    "lesson={}&beat={}",
                    lessons[pick(&mut rng, lessons.len())].name,
                    pick(&mut rng, 5)
                ),
            },
            16 => Edit::Beat {
                k: pick(&mut rng, 5),
            },
            17 => [Edit::Retry, Edit::Reveal][pick(&mut rng, 2)].clone(),
            18 | 19 => Edit::Guess {
                guess: match pick(&mut rng, 4) {
                    0 => Guess::Point([num(&mut rng), num(&mut rng)]),
                    1 => Guess::Choose(pick(&mut rng, 4)),
                    2 => Guess::Number([num(&mut rng), f64::NAN][pick(&mut rng, 2)]),
                    _ => Guess::Sketch(
                        (0..pick(&mut rng, 600))
                            .map(|_| [num(&mut rng), num(&mut rng)])
                            .collect(),
                    ),
                },
            },
            0 | 1 => Edit::Scene {
                name: scenes[pick(&mut rng, scenes.len())].into(),
            },
            2 => Edit::Steps {
                value: ["0", "3", "7", "x", "20001"][pick(&mut rng, 5)].into(),
            },
            3..=5 => Edit::Set {
                run: [None, Some(0), Some(1), Some(7)][pick(&mut rng, 4)],
                key: keys[pick(&mut rng, keys.len())].into(),
                value,
            },
            6 => Edit::AddRun {
                spec: format!(
                    "{};{}={}",
                    ["adam", "sgd", "gd"][pick(&mut rng, 3)],
                    keys[pick(&mut rng, keys.len())],
                    value
                ),
            },
            7 => Edit::RemoveRun {
                run: pick(&mut rng, 4),
            },
            8 => Edit::Select {
                run: pick(&mut rng, 4),
            },
            9 if rng.next_f64() < 0.5 => Edit::Start {
                phi0: num(&mut rng),
                phi1: num(&mut rng),
            },
            9 => Edit::Place {
                phi0: num(&mut rng),
                phi1: num(&mut rng),
            },
            10 => Edit::Nudge {
                right: pick(&mut rng, 3) as i8 - 1,
                up: pick(&mut rng, 3) as i8 - 1,
                big: rng.next_f64() < 0.5,
            },
            11 => Edit::MovePoint {
                i: pick(&mut rng, 40),
                x: num(&mut rng),
                y: num(&mut rng),
            },
            12 => Edit::AddPoint {
                x: num(&mut rng),
                y: num(&mut rng),
            },
            13 => Edit::RemovePoint {
                i: pick(&mut rng, 40),
            },
            14 => Edit::Ui {
                key: ui_keys[pick(&mut rng, ui_keys.len())].into(),
                value,
            },
            _ => Edit::Reset,
        };
        let before = s.query();
        match s.apply(edit.clone()) {
            Ok(_) => {}
            Err(_) => {
                refused += 1;
                assert_eq!(s.query(), before, "a refused {edit:?} changed the state");
            }
        }
        let q = s.query();
        let again = Session::new(&q);
        assert_eq!(again.query(), q, "after {edit:?}");
        assert_eq!(again.preset(), s.preset(), "after {edit:?}: {q}");
        // Keep the network's slices cheap: step a little now and then.
        if i % 97 == 0 {
            s.step(2);
        }
        // Stay small: keep a handful of runs and points.
        if s.race().runs.len() > 3 {
            let _ = s.apply(Edit::RemoveRun { run: 0 });
        }
    }
    assert!(refused > EDITS / 10, "{refused}");
    assert!(refused < EDITS * 9 / 10, "{refused}");
}
