//! Lessons: every beat's answer is computed on its played scene, and the words the reveal says
//! hold there. Each question is keyed below with the answer its narration is written for; a beat
//! whose outcome depends on the seed must give that answer on at least 16 of seeds 0–19.
//! `downhill lesson`'s point answers are exactly what `downhill trace` gives; a session plays a
//! lesson as the page does: the prediction first, then the beat plays, then the verdict.

use downhill::lesson::{self, Answer, Ask, Guess, LESSONS};
use downhill::session::{Edit, Session};
use std::process::Command;

/// What the narration of each question says, checked on the played race: `Some(option)` for a
/// choice or number, or a check of the facts the reveal's sentence relies on.
enum Key {
    Option(usize),
    /// An option, and a check of the facts the reveal's sentence relies on.
    OptionAnd(usize, fn(&[(&'static str, f64)]) -> bool),
    Number(f64),
    /// A check on the facts (name, value) of a point or sketch answer.
    Facts(fn(&[(&'static str, f64)]) -> bool),
}

fn fact(facts: &[(&'static str, f64)], name: &str) -> f64 {
    facts
        .iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| *v)
        .unwrap_or_else(|| panic!("no fact {name}"))
}

/// The keyed answer of every question, by lesson and beat.
fn key(lesson: &str, beat: usize) -> Option<Key> {
    Some(match (lesson, beat) {
        // "the steps shrink as the gradient does": the run ends with a lower loss.
        ("learning-rate", 0) => Key::Facts(|f| fact(f, "loss") < 0.5 && fact(f, "shrink") < 0.5),
        // Oscillates: 1/λmax < α < 2/λmax, "lands lower than it started", the loss falls.
        ("learning-rate", 1) => Key::OptionAnd(1, |f| {
            let (a, l) = (fact(f, "alpha"), fact(f, "lambda_max"));
            1.0 / l < a && a < 2.0 / l && fact(f, "rises") == 0.0
        }),
        // Diverges: α > 2/λmax, "each step lands higher".
        ("learning-rate", 2) => Key::OptionAnd(2, |f| {
            fact(f, "alpha") > fact(f, "limit") && fact(f, "rises") >= 38.0
        }),
        ("learning-rate", 3) => Key::Number(0.04),
        ("fig6.5", 0) => Key::Option(0), // left of the ridge: the global valley
        ("fig6.5", 1) => Key::Option(1), // right of it: a local one
        ("fig6.5", 2) => Key::Facts(|f| fact(f, "loss") > 2.0 * 0.6457),
        ("fig6.7", 0) => Key::Facts(|f| fact(f, "turn") > 60.0),
        // Momentum's path turns less than SGD's.
        ("fig6.7", 1) => Key::Facts(|f| fact(f, "turn2") < 0.5 * fact(f, "turn1")),
        ("fig6.7", 2) => Key::Option(1), // momentum ends lower
        ("epochs", 0) => Key::Number(6.0),
        ("epochs", 1) => Key::Number(8.0),
        // "the lowest in view: the global minimum".
        ("fig6.4", 0) => Key::OptionAnd(0, |f| fact(f, "global") == 1.0),
        ("fig6.4", 1) => Key::Option(2),
        // In the global minimum's valley after 40 steps.
        ("fig6.4", 2) => Key::Facts(|f| {
            let d = (fact(f, "phi0") - fact(f, "min0")).hypot(fact(f, "phi1") - fact(f, "min1"));
            d < 1.5 && fact(f, "loss") < 2.0
        }),
        // a) is lower than c), though c) is much nearer the minimum.
        ("fig6.2", 0) => Key::Option(0),
        // Stalled on a plateau: tiny last steps, far from the minimum.
        ("fig6.2", 1) => Key::Facts(|f| {
            let d = (fact(f, "phi0") - fact(f, "min0")).hypot(fact(f, "phi1") - fact(f, "min1"));
            fact(f, "shrink") < 0.1 && d > 5.0 && fact(f, "loss") > 3.0
        }),
        // Nesterov's path turns less than momentum's, and ends lower.
        ("fig6.8", 1) => Key::Facts(|f| fact(f, "turn1") > fact(f, "turn2")),
        ("fig6.8", 2) => Key::Facts(|f| fact(f, "turn2") < fact(f, "turn1")),
        ("fig6.8", 3) => Key::Option(1),
        // Not at the minimum: the negative gradient does not point at it.
        ("fig6.1", 0) => Key::Facts(|f| fact(f, "miss") > 10.0),
        // Each exact line search step is perpendicular to the last.
        ("fig6.1", 1) => Key::Facts(|f| (fact(f, "turn") - 90.0).abs() < 5.0),
        ("fig6.1", 2) => Key::Option(0),
        // Some batch steps raise the full loss; the loss still falls overall.
        ("fig6.6", 0) => Key::OptionAnd(0, |f| fact(f, "loss") < fact(f, "first")),
        ("fig6.6", 1) => Key::Option(1),
        ("fig6.6", 2) => Key::Facts(|f| fact(f, "turn") > 45.0),
        // The steep direction (φ1) first, the shallow one (φ0) later.
        ("fig6.9", 0) => Key::Facts(|f| fact(f, "y_early") > 3.0 * fact(f, "x_early")),
        // Adam's first step is diagonal: every coordinate moves by about α.
        ("fig6.9", 1) => Key::Facts(|f| (fact(f, "angle") - 45.0).abs() < 1.0),
        ("fig6.9", 2) => Key::Option(1),
        ("newton", 0) => Key::OptionAnd(1, |f| fact(f, "gradient") < 1e-6),
        ("newton", 1) => Key::OptionAnd(2, |f| fact(f, "gradient") < 1e-6),
        ("newton", 2) => Key::Option(0),
        ("schedules", 0) => Key::Option(0),
        ("schedules", 1) => Key::Option(0),
        ("convexity", 0) => Key::Option(0),
        ("convexity", 1) => Key::Option(1),
        ("convexity", 2) => Key::Option(1),
        // The parameters that made the data are not the lowest: noise moved the minimum.
        ("fig6.3", 0) => Key::OptionAnd(1, |f| fact(f, "loss2") < fact(f, "loss1")),
        // Gradient descent leaves them for the minimum (within 0.3 after 40 steps).
        ("fig6.3", 1) => Key::Facts(|f| {
            (fact(f, "phi0") - fact(f, "min0")).hypot(fact(f, "phi1") - fact(f, "min1")) < 0.3
        }),
        // L(b) < L(c): [c, d] is dropped; then the bracket closes on the minimum near 0.35.
        ("fig6.10", 0) => Key::OptionAnd(1, |f| fact(f, "lb") < fact(f, "lc")),
        ("fig6.10", 1) => Key::Facts(|f| (fact(f, "phi0") - 0.35).abs() < 0.05),
        // a is the lowest of the four: b, c and d move towards it.
        ("fig6.10", 2) => Key::OptionAnd(2, |f| {
            fact(f, "la") < fact(f, "lb").min(fact(f, "lc")).min(fact(f, "ld"))
        }),
        // The minimum lies outside [a, d]: the search stays at a.
        ("fig6.10", 3) => Key::Facts(|f| (fact(f, "phi0") - 0.6).abs() < 0.01),
        ("fig6.11", 0) => Key::OptionAnd(0, |f| fact(f, "curvature") > 0.0),
        ("fig6.11", 1) => Key::OptionAnd(2, |f| fact(f, "slope").abs() < 1e-6),
        ("fig6.11", 2) => Key::OptionAnd(2, |f| fact(f, "slope") < -1.0),
        // Gradient descent stops in a local minimum: far above the global one.
        ("fig6.11", 3) => Key::Facts(|f| fact(f, "loss") > 2.0 * fact(f, "min_loss")),
        ("sgd-escape", 0) => Key::Option(1),
        ("sgd-escape", 1) => Key::Number(3.0),
        ("slices", 0) => Key::OptionAnd(1, |f| fact(f, "share") < 25.0),
        ("slices", 1) => Key::OptionAnd(0, |f| fact(f, "share") > 95.0),
        ("slices", 2) => Key::Option(0),
        _ => return None,
    })
}

fn holds(key: &Key, answer: &Answer, facts: &[(&'static str, f64)]) -> bool {
    match (key, answer) {
        (Key::Option(k), Answer::Choose { correct, .. }) => correct == k,
        (Key::OptionAnd(k, check), Answer::Choose { correct, .. }) => correct == k && check(facts),
        (Key::Number(x), Answer::Number { value, tolerance }) => {
            (x - value).abs() <= tolerance.max(1e-9)
        }
        (Key::Facts(check), Answer::Point { .. } | Answer::Sketch { .. }) => check(facts),
        _ => false,
    }
}

#[test]
fn every_lesson_is_short_asks_questions_and_parses_cleanly() {
    assert!(LESSONS.len() >= 5);
    for l in LESSONS {
        assert!((3..=7).contains(&l.beats.len()), "{}", l.name);
        let asks = l.beats.iter().filter(|b| b.ask.is_some()).count();
        assert!(asks >= 2, "{}", l.name);
        for (k, b) in l.beats.iter().enumerate() {
            let parsed = downhill::parse(b.query);
            assert!(
                parsed.problems.is_empty(),
                "{} beat {k}: {:?}",
                l.name,
                parsed.problems
            );
            for r in b.retry {
                let q = format!("{}&{r}", b.query);
                assert!(downhill::parse(&q).problems.is_empty(), "{q}");
            }
            if b.ask.is_some() {
                assert!(key(l.name, k).is_some(), "{} beat {k} has no key", l.name);
            }
        }
    }
    // Figure lessons ask at least one point or sketch on the landscape.
    for l in LESSONS.iter().filter(|l| l.name.starts_with("fig")) {
        assert!(l
            .beats
            .iter()
            .any(|b| matches!(b.ask, Some(Ask::Point { .. } | Ask::Sketch { .. }))));
    }
}

#[test]
fn every_answer_is_the_keyed_one_on_its_seed_and_on_16_of_20_seeds() {
    for l in LESSONS {
        for (k, b) in l.beats.iter().enumerate() {
            let Some(ask) = b.ask else { continue };
            let key = key(l.name, k).unwrap();
            let race = lesson::play(b.query);
            let (answer, facts) = lesson::answer(&ask, &race).unwrap();
            assert!(
                holds(&key, &answer, &facts),
                "{} beat {k}: {facts:?}",
                l.name
            );
            if downhill::construct::is_stochastic(&race) {
                let held = (0..20)
                    .filter(|seed| {
                        let race = lesson::play(&format!("{}&seed={seed}", b.query));
                        let (answer, facts) = lesson::answer(&ask, &race).unwrap();
                        holds(&key, &answer, &facts)
                    })
                    .count();
                assert!(held >= 16, "{} beat {k}: {held}/20 seeds", l.name);
                // The closing notes quote these (`cargo test --test lessons -- --nocapture`).
                println!("seeds held: {} beat {}: {held}/20", l.name, k + 1);
            }
            // A point answer (a sketch's end) lies in the view, where it can be clicked.
            if let Answer::Point { phi, .. } = &answer {
                let v = race.scene.view;
                assert!(
                    (v.phi0[0]..=v.phi0[1]).contains(&phi[0])
                        && (v.phi1[0]..=v.phi1[1]).contains(&phi[1]),
                    "{} beat {k}: {phi:?} outside the view",
                    l.name
                );
            }
            // Every retry is a scene the same words hold in.
            for r in b.retry {
                let q = format!("{}&{r}", b.query);
                let race = lesson::play(&q);
                let (answer, facts) = lesson::answer(&ask, &race).unwrap();
                assert!(holds(&key, &answer, &facts), "{q}: {facts:?}");
            }
        }
    }
}

/// The words call a `gd` run "gradient descent", and gradient descent uses all the data: a beat
/// whose top-level `batch` would make it minibatch SGD must give the run `batch=all`.
#[test]
fn every_gradient_descent_run_of_a_lesson_uses_all_the_data() {
    use downhill::optim::OptName;
    for l in LESSONS {
        for (k, b) in l.beats.iter().enumerate() {
            let (race, _) = downhill::parse(b.query).preset.build();
            let n = race.scene.objective.n_samples();
            for r in &race.runs {
                if r.config.opt == OptName::Gd {
                    assert!(
                        r.config.batch.is_none_or(|b| b >= n),
                        "{} beat {}: a gd run with batches of {:?}",
                        l.name,
                        k + 1,
                        r.config.batch
                    );
                }
            }
        }
    }
}

#[test]
fn the_cli_prints_each_beat_and_its_point_answers_are_the_trace() {
    let exe = env!("CARGO_BIN_EXE_downhill");
    for l in LESSONS {
        let out = Command::new(exe).args(["lesson", l.name]).output().unwrap();
        assert!(out.status.success(), "{}", l.name);
        let text = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), l.beats.len());
        for (k, (line, beat)) in lines.iter().zip(l.beats).enumerate() {
            assert!(
                line.starts_with(&format!("{{\"beat\":{k},\"query\":\"")),
                "{line}"
            );
            if let Some(Ask::Point { run }) = beat.ask {
                let trace = Command::new(exe)
                    .args(["trace", beat.query])
                    .output()
                    .unwrap();
                let trace = String::from_utf8(trace.stdout).unwrap();
                let last = trace
                    .lines()
                    .rfind(|t| t.starts_with(&format!("{{\"run\":{run},")))
                    .unwrap();
                // {"run":0,"t":40,"phi":[a,b],...} -> "t":40,"phi":[a,b]
                let tphi = &last[last.find("\"t\"").unwrap()..last.find("],").unwrap() + 1];
                assert!(
                    line.contains(&format!("\"answer\":{{\"run\":{run},{tphi}}}")),
                    "{line}\n{last}"
                );
            }
        }
    }
    let out = Command::new(exe)
        .args(["lesson", "fig6.77"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("choose one of"));
}

#[test]
fn a_session_asks_first_then_plays_then_judges() {
    let mut s = Session::new("lesson=learning-rate&beat=2");
    let view = s.lesson_view().unwrap();
    assert_eq!(
        (view.beat, view.phase, view.kind),
        (1, "ask", Some("choose"))
    );
    assert_eq!(view.options, ["converge", "oscillate", "diverge"]);
    // Nothing plays before the prediction, and a reveal needs one.
    assert!(!s.step(5));
    assert!(s.apply(Edit::Reveal).is_err());
    assert!(s
        .apply(Edit::Guess {
            guess: Guess::Point([0.0, 0.0])
        })
        .is_err());
    assert!(s
        .apply(Edit::Guess {
            guess: Guess::Choose(3)
        })
        .is_err());
    s.apply(Edit::Guess {
        guess: Guess::Choose(0),
    })
    .unwrap();
    s.apply(Edit::Reveal).unwrap();
    assert_eq!(s.lesson_view().unwrap().phase, "play");
    while s.step(7) {}
    let view = s.lesson_view().unwrap();
    assert_eq!(view.phase, "done");
    assert!(!view.judged.unwrap().correct);
    assert!(view.facts.iter().any(|(k, v)| *k == "limit" && v == "0.04"));
    // The canonical query keeps the lesson and the beat.
    assert!(
        s.query().starts_with("lesson=learning-rate&beat=2&"),
        "{}",
        s.query()
    );
    // The next beat: a fresh question; a point guess from the keyboard.
    s.apply(Edit::Beat { k: 0 }).unwrap();
    assert_eq!(s.lesson_view().unwrap().phase, "ask");
    s.apply(Edit::GuessNudge {
        right: 1,
        up: 0,
        big: true,
    })
    .unwrap();
    let Some(Guess::Point(p)) = s.lesson_view().unwrap().guess else {
        panic!()
    };
    s.apply(Edit::Guess {
        guess: Guess::Point([1.0109, 0.3601]),
    })
    .unwrap();
    assert_ne!(p, [1.0109, 0.3601]);
    s.apply(Edit::Reveal).unwrap();
    while s.step(7) {}
    let view = s.lesson_view().unwrap();
    let judged = view.judged.unwrap();
    assert!(
        judged.correct && judged.distance.unwrap() < 1e-3,
        "{judged:?}"
    );
    assert_eq!(
        s.marks().target,
        Some((1.0109004029053343, 0.360083844007792))
    );
    // Try again: the lesson's other start.
    s.apply(Edit::Retry).unwrap();
    let view = s.lesson_view().unwrap();
    assert_eq!((view.phase, view.attempt), ("ask", 1));
    assert!(s.query().contains("start=-0.6,0.6"), "{}", s.query());
    // A bad beat number is refused; the lesson goes on.
    assert!(s.apply(Edit::Beat { k: 9 }).is_err());
    let bad = Session::new("lesson=learning-rate&beat=9");
    assert!(bad.problems().iter().any(|p| p.key == "beat"));
    assert_eq!(bad.lesson_view().unwrap().beat, 0);
    let bad = Session::new("lesson=nope");
    assert!(bad.problems().iter().any(|p| p.key == "lesson"));
    assert!(bad.lesson_view().is_none());
}

#[test]
fn a_sketch_is_scored_by_the_frechet_distance() {
    let path = [[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]];
    assert_eq!(lesson::frechet(&path, &path), 0.0);
    assert_eq!(
        lesson::frechet(&path, &[[0.0, 1.0], [1.0, 1.0], [2.0, 1.0]]),
        1.0
    );
    // Discrete: the middle point must be leashed to a vertex of the other path.
    assert_eq!(
        lesson::frechet(&path, &[[0.0, 1.0], [2.0, 1.0]]),
        2f64.sqrt()
    );
    // Going back and forth costs what the leash must stretch to.
    let zig = [[0.0, 0.0], [2.0, 0.0], [0.0, 0.0], [2.0, 0.0]];
    assert_eq!(lesson::frechet(&path, &zig), 1.0);
    // A sketch in the page's form, with the real path laid over it.
    let mut s = Session::new("lesson=fig6.7&beat=2");
    s.apply(Edit::parse("kind=guess&answer=sketch&path=-1.5,6.5;0,12;0,16").unwrap())
        .unwrap();
    s.apply(Edit::Reveal).unwrap();
    while s.step(10) {}
    let judged = s.lesson_view().unwrap().judged.unwrap();
    assert!(judged.distance.unwrap() > 0.0 && judged.distance.unwrap() < 1.0);
    assert!(Edit::parse("kind=guess&answer=sketch&path=1,2;3").is_err());
    assert!(Edit::parse("kind=guess&answer=sketch&path=1,NaN").is_ok());
    let mut s = Session::new("lesson=fig6.7&beat=2");
    assert!(s
        .apply(Edit::parse("kind=guess&answer=sketch&path=1,NaN").unwrap())
        .is_err());
}

/// The lessons' words of `lang` (www/lesson-words.js carries the English, lesson-words-zh.js the
/// Chinese).
fn lesson_words(lang: &str) -> String {
    let file = if lang == "zh" {
        "lesson-words-zh.js"
    } else {
        "lesson-words.js"
    };
    std::fs::read_to_string(format!("{}/www/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Every beat has its words in both languages, and every number a reveal quotes is a fact the
/// core computes for that beat.
#[test]
fn every_beat_has_words_in_both_languages_and_quotes_only_computed_facts() {
    let (en, zh) = (lesson_words("en"), lesson_words("zh"));
    let (en, zh) = (en.as_str(), zh.as_str());
    let entry = |table: &str, key: &str| -> Option<String> {
        let at = table.find(&format!("\n    \"{key}\": \""))?;
        let rest = &table[at + key.len() + 9..];
        Some(rest[..rest.find("\",\n").unwrap()].to_string())
    };
    for l in LESSONS {
        for table in [en, zh] {
            assert!(
                entry(table, &format!("{}.title", l.name)).is_some(),
                "{}",
                l.name
            );
        }
        for (k, b) in l.beats.iter().enumerate() {
            for table in [en, zh] {
                let narration = entry(table, &format!("{}.{k}", l.name))
                    .unwrap_or_else(|| panic!("{}.{k}", l.name));
                assert!(!narration.contains('{'), "{}.{k}: {narration}", l.name);
                let Some(ask) = b.ask else { continue };
                assert!(entry(table, &format!("{}.{k}.q", l.name)).is_some());
                let why = entry(table, &format!("{}.{k}.why", l.name))
                    .unwrap_or_else(|| panic!("{}.{k}.why", l.name));
                let (_, facts) = lesson::answer(&ask, &lesson::play(b.query)).unwrap();
                for name in why.split('{').skip(1).map(|p| &p[..p.find('}').unwrap()]) {
                    assert!(
                        facts.iter().any(|(f, _)| *f == name),
                        "{}.{k}.why quotes {{{name}}}, not a fact",
                        l.name
                    );
                }
            }
        }
    }
}

#[test]
fn presenter_mode_reveals_without_a_prediction_and_scores_nothing() {
    let mut s = Session::new("lesson=fig6.4&beat=2&reveal=1");
    assert!(s.lesson_view().unwrap().present);
    s.apply(Edit::Reveal).unwrap();
    while s.step(10) {}
    let v = s.lesson_view().unwrap();
    assert_eq!(v.phase, "done");
    assert_eq!(v.answer_text.as_deref(), Some("saddle"));
    assert!(v.judged.is_none());
    // The next beat stays in presenter mode.
    s.apply(Edit::Beat { k: 0 }).unwrap();
    assert!(s.lesson_view().unwrap().present);
    assert!(s.query().contains("reveal=1"), "{}", s.query());
}

#[test]
fn a_retry_changes_one_kind_of_thing() {
    for l in LESSONS {
        for b in l.beats {
            let seeds = b.retry.iter().filter(|r| r.starts_with("seed=")).count();
            let starts = b.retry.iter().filter(|r| r.starts_with("start=")).count();
            assert!(
                seeds == b.retry.len() || starts == b.retry.len(),
                "{}",
                b.query
            );
        }
    }
}

#[test]
fn the_readme_lists_exactly_the_lessons() {
    let readme = include_str!("../README.md");
    let start = readme.find("| lesson | follows | what it asks |").unwrap();
    let mut listed: Vec<&str> = readme[start..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.split('`').nth(1).unwrap())
        .collect();
    let mut names: Vec<&str> = LESSONS.iter().map(|l| l.name).collect();
    listed.sort_unstable();
    names.sort_unstable();
    assert_eq!(listed, names);
}

#[test]
fn a_pages_own_lesson_reports_bad_beats_and_runs_the_rest() {
    let mut s = Session::new("scene=gabor");
    let edit = Edit::parse(
        "kind=page_lesson\
         &query=scene%3Dbowl%26alpha%3Doops&ask=ask%3Dpoint\
         &query=scene%3Dbowl%26steps%3D10&ask=ask%3Dchoose%26about%3Dnope\
         &query=scene%3Dlinear%26opt%3Dgd%26alpha%3D0.045%26start%3D1.6,-0.5%26steps%3D40&ask=ask%3Dchoose%26about%3Dbehaviour%26run%3D1\
         &query=scene%3Dshallow%26steps%3D5&ask=ask%3Dpoint\
         &query=scene%3Dlinear%26steps%3D5&ask=ask%3Dsketch%26run%3D3\
         &query=scene%3Dlinear%26opt%3Dgd%26alpha%3D0.01%26steps%3D30&ask=ask%3Dpoint",
    )
    .unwrap();
    s.apply(edit).unwrap();
    let keys: Vec<&str> = s.problems().iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys, ["beat[1]", "beat[2]", "beat[4]", "beat[5]"]);
    let text: Vec<String> = s.problems_view().into_iter().map(|p| p.text).collect();
    assert!(text[0].contains("alpha"), "{text:?}");
    assert!(text[1].contains("about"), "{text:?}");
    assert!(text[2].contains("two-parameter"), "{text:?}");
    assert!(text[3].contains("run"), "{text:?}");
    let v = s.lesson_view().unwrap();
    assert_eq!(
        (v.name.as_str(), v.beats, v.about),
        ("page", 2, Some("behaviour"))
    );
    // Its answer is the core's, from the beat's played state.
    assert!(!s.step(1));
    s.apply(Edit::Guess {
        guess: Guess::Choose(2),
    })
    .unwrap();
    s.apply(Edit::Reveal).unwrap();
    while s.step(10) {}
    let v = s.lesson_view().unwrap();
    assert!(v.judged.unwrap().correct);
    assert_eq!(v.answer_text.as_deref(), Some("diverge"));
    // The page's lesson is not in the link; the next beat is the page's second good one.
    assert!(!s.query().contains("lesson="));
    s.apply(Edit::Beat { k: 1 }).unwrap();
    assert_eq!(s.lesson_view().unwrap().kind, Some("point"));
    assert!(s.apply(Edit::Beat { k: 2 }).is_err());
    // A lesson of bad beats only is refused, and the last one stays.
    let before = s.query();
    assert!(s
        .apply(Edit::PageLesson {
            beats: vec![("alpha=oops".into(), "ask=point".into())]
        })
        .is_err());
    assert_eq!(s.query(), before);
    // Loading another state ends it.
    s.apply(Edit::Load {
        query: "scene=bowl".into(),
    })
    .unwrap();
    assert!(s.lesson_view().is_none());
}

/// A page's own lesson falls back on default words for each kind of question: they too quote
/// only facts its answer computes.
#[test]
fn the_default_words_of_a_pages_questions_quote_computed_facts() {
    let words = [lesson_words("en"), lesson_words("zh")];
    let samples = [
        ("ask=point", "scene=bowl&steps=5"),
        ("ask=sketch", "scene=bowl&steps=5"),
        (
            "ask=choose&about=lowest",
            "scene=bowl&steps=5&run=gd&run=adam",
        ),
        (
            "ask=choose&about=behaviour",
            "scene=linear&alpha=0.01&steps=5",
        ),
        ("ask=choose&about=kind&at=0,16", "preset=fig6.4&steps=0"),
        ("ask=choose&about=valley", "scene=gabor&steps=5"),
        (
            "ask=choose&about=end",
            "scene=himmelblau&opt=newton&steps=12",
        ),
        ("ask=choose&about=convex", "scene=linear&steps=0"),
        ("ask=choose&about=uphill", "scene=gabor&opt=sgd&steps=10"),
        ("ask=number&about=epoch", "scene=gabor&opt=sgd&steps=5"),
        ("ask=number&about=rate", "scene=linear&steps=0"),
        ("ask=number&about=valleys", "scene=gabor&steps=5"),
        (
            "ask=choose&about=plane&pca=1",
            "scene=shallow&opt=adam&alpha=0.02&steps=50",
        ),
        (
            "ask=choose&about=plane",
            "scene=shallow&opt=adam&alpha=0.02&steps=50",
        ),
        ("ask=choose&about=drop", "preset=fig6.10&steps=1"),
        ("ask=choose&about=quiz&point=3", "preset=fig6.11"),
    ];
    for (ask, query) in samples {
        let ask = Ask::from_query(ask).unwrap().unwrap();
        let (_, facts) = lesson::answer(&ask, &lesson::play(query)).unwrap();
        for table in words.iter().map(String::as_str) {
            for suffix in [".q", ".why"] {
                let key = format!("\"page_{}{suffix}\": \"", ask.about());
                let at = table.find(&key).unwrap_or_else(|| panic!("{key}"));
                let text = &table[at + key.len()..];
                let text = &text[..text.find("\",\n").unwrap()];
                for name in text.split('{').skip(1).map(|p| &p[..p.find('}').unwrap()]) {
                    assert!(
                        facts.iter().any(|(f, _)| *f == name),
                        "page_{} quotes {{{name}}}",
                        ask.about()
                    );
                }
            }
        }
    }
}

/// A page's own beat asks figure 6.11's points, a bracket's first rule, a plane's share and the
/// runs in the global valley with the words a named lesson uses; a bad point is refused.
#[test]
fn a_pages_own_beat_takes_the_new_questions_and_refuses_a_bad_point() {
    use downhill::lesson::{Choice, Count};
    let ask = |q: &str| Ask::from_query(q);
    assert_eq!(
        ask("ask=choose&about=quiz&point=7"),
        Ok(Some(Ask::Choose(Choice::Quiz { number: 7 })))
    );
    assert_eq!(
        ask("ask=choose&about=plane&pca=1&run=2"),
        Ok(Some(Ask::Choose(Choice::Plane { run: 1, pca: true })))
    );
    assert_eq!(
        ask("ask=number&about=valleys"),
        Ok(Some(Ask::Number(Count::GlobalValley)))
    );
    for bad in [
        "ask=choose&about=quiz",
        "ask=choose&about=quiz&point=8",
        "ask=choose&about=quiz&point=x",
    ] {
        assert!(ask(bad).unwrap_err().contains("point=1 to 7"), "{bad}");
    }
    // Any other attribute is reported, not ignored.
    assert!(ask("ask=point&nonsense=1")
        .unwrap_err()
        .contains("nonsense"));
    // A bracket's first rule is asked of a bracketing search only; a plane needs a moving path.
    let (_, problems) = lesson::page_lesson(&[
        (
            "scene=bowl&opt=gd&steps=3".into(),
            "ask=choose&about=drop".into(),
        ),
        (
            "preset=fig6.10&steps=1".into(),
            "ask=choose&about=drop".into(),
        ),
    ]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].message.contains("opt=bracket"));
    let still = lesson::play("scene=shallow&steps=0");
    let plane = Ask::Choose(Choice::Plane { run: 0, pca: false });
    assert!(lesson::answer(&plane, &still)
        .unwrap_err()
        .contains("not moved"));
}

/// Figure 6.10's loss depends on φ0 only: a point predicted at the right φ0 counts wherever the
/// click falls along φ1 (the review's "28% of the diagonal" for φ1 = 0.4).
#[test]
fn a_one_dimensional_prediction_is_judged_along_phi0() {
    for (y, right) in [(0.4, true), (-0.45, true)] {
        let mut s = Session::new("lesson=fig6.10&beat=2");
        s.apply(Edit::Guess {
            guess: Guess::Point([0.383, y]),
        })
        .unwrap();
        s.apply(Edit::Reveal).unwrap();
        while s.step(50) {}
        let v = s.lesson_view().unwrap();
        assert_eq!(v.judged.unwrap().correct, right, "y = {y}");
    }
    let mut s = Session::new("lesson=fig6.10&beat=2");
    s.apply(Edit::Guess {
        guess: Guess::Point([0.8, 0.0]),
    })
    .unwrap();
    s.apply(Edit::Reveal).unwrap();
    while s.step(50) {}
    assert!(!s.lesson_view().unwrap().judged.unwrap().correct);
}

/// A beat's words describe the beat's own settings: every beat opens unchanged (also from its
/// canonical link, as a reload does), and a key added to the link or a moved start marks it
/// changed, so the panel does not give a reason that no longer holds.
#[test]
fn a_beat_knows_when_its_settings_are_no_longer_its_own() {
    for l in LESSONS {
        for k in 0..l.beats.len() {
            let s = Session::new(&format!("lesson={}&beat={}", l.name, k + 1));
            assert!(
                !s.lesson_view().unwrap().changed,
                "{} beat {}",
                l.name,
                k + 1
            );
            let again = Session::new(&s.query());
            assert!(!again.lesson_view().unwrap().changed, "{}", s.query());
        }
    }
    let s = Session::new("lesson=fig6.10&scene=gabor&opt=adam");
    assert!(s.lesson_view().unwrap().changed);
    let mut s = Session::new("lesson=fig6.3&beat=2");
    s.apply(Edit::parse("kind=start&phi0=-0.5&phi1=15.5").unwrap())
        .unwrap();
    assert!(s.lesson_view().unwrap().changed);
}

/// A figure opens played (`played=1`, the picture its caption describes), but a beat that asks
/// a question opens at the start of its runs, by its link and by the lesson's own navigation, in
/// a named lesson and in a page's own: the student predicts before the runs play. A beat that
/// only shows (figure 6.8's construction) keeps its figure's opening.
#[test]
fn a_beat_that_asks_opens_at_its_start_even_on_a_played_figure() {
    let played = |s: &Session| s.preset().ui.played;
    for l in LESSONS {
        for (k, beat) in l.beats.iter().enumerate() {
            let by_link = Session::new(&format!("lesson={}&beat={}", l.name, k + 1));
            let mut by_step = Session::new(&format!("lesson={}", l.name));
            by_step.apply(Edit::Beat { k }).unwrap();
            let own = downhill::preset::parse(beat.query).preset.ui.played;
            for s in [&by_link, &by_step] {
                assert_eq!(
                    played(s),
                    own && beat.ask.is_none(),
                    "{} beat {}",
                    l.name,
                    k + 1
                );
            }
        }
    }
    // The rule bites: figure 6.8's first beat shows its figure played, and a question on a
    // played figure waits at its start.
    let s = Session::new("lesson=fig6.8");
    assert!(played(&s));
    let mut s = Session::new("preset=fig6.5");
    assert!(played(&s));
    s.apply(Edit::PageLesson {
        beats: vec![("preset=fig6.5".into(), "ask=choose&about=valley".into())],
    })
    .unwrap();
    assert!(!played(&s));
    s.apply(Edit::PageLesson {
        beats: vec![("preset=fig6.5".into(), String::new())],
    })
    .unwrap();
    assert!(played(&s));
}
