//! The URL query is a public interface: clear messages for bad input, good keys kept, canonical
//! serialisation that round-trips, named presets, and no panic on thousands of hostile queries.

use downhill::linalg::Vector;
use downhill::objective::slice::{Center, Directions};
use downhill::objective::{DataSet, SceneName};
use downhill::optim::hyper::{ALPHA, BETA};
use downhill::optim::OptName;
use downhill::preset::{parse, BatchSize, Preset, RunSpec, Severity, Ui, HIDEABLE, KEYS, NAMED};
use downhill::rng::Rng;

#[test]
fn a_bad_value_names_key_value_and_what_is_allowed_and_keeps_the_rest() {
    let p = parse("scene=linear&alpha=abc&beta=1&opt=sgdx&steps=10");
    let msgs: Vec<String> = p.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(p.problems.len(), 3, "{msgs:?}");
    assert!(
        msgs[0].contains("alpha") && msgs[0].contains("abc") && msgs[0].contains("not a number")
    );
    assert!(
        msgs[1].contains("beta") && msgs[1].contains("[0, 1)"),
        "{}",
        msgs[1]
    );
    assert!(
        msgs[2].contains("sgdx") && msgs[2].contains("momentum"),
        "{}",
        msgs[2]
    );
    assert!(p.problems.iter().all(|p| p.severity == Severity::Error));
    assert_eq!(p.preset.scene, SceneName::Linear);
    assert_eq!(p.preset.steps, Some(10));
    assert_eq!(p.preset.defaults.real("alpha"), None);
}

#[test]
fn never_a_silent_nan() {
    for q in [
        "alpha=NaN",
        "alpha=inf",
        "alpha=-1",
        "alpha=0",
        "eps=0",
        "start=1,NaN",
        "start=1",
        "start=1e300,0",
        "data=1,2;3",
        "gamma=1.5",
        "seed=-4",
        "batch=0",
        "steps=1e9",
        "factor=2",
        "view=1,0,0,1",
        "view=0,1,2",
        "scene=mars",
    ] {
        let p = parse(q);
        assert_eq!(p.errors().count(), 1, "{q}: {:?}", p.problems);
        assert_eq!(
            p.preset,
            Preset::default(),
            "{q} must leave the preset untouched"
        );
    }
}

#[test]
fn unknown_keys_are_reported_not_fatal() {
    let p = parse("scene=bowl&colour=red&opt=adam");
    assert_eq!(p.errors().count(), 0);
    assert_eq!(p.problems.len(), 1);
    assert_eq!(p.problems[0].severity, Severity::Warning);
    assert_eq!(p.preset.defaults.opt(), Some(OptName::Adam));
}

#[test]
fn runs_race_with_their_own_overrides() {
    let p = parse("scene=gabor&alpha=0.6&batch=5&run=sgd&run=momentum;beta=0.6&run=adam;alpha=0.05;start=1,12").preset;
    let configs = p.run_configs();
    assert_eq!(configs.len(), 3);
    assert_eq!(configs[0].0.opt, OptName::Sgd);
    assert_eq!(configs[0].0.hyper[ALPHA], 0.6);
    assert_eq!(configs[1].0.hyper[BETA], 0.6);
    assert_eq!(configs[1].0.batch, Some(5));
    assert_eq!(configs[2].0.hyper[ALPHA], 0.05);
    assert_eq!(configs[2].0.start, Vector::new(1.0, 12.0));
    // Percent-encoded separators work too (URLSearchParams writes them so).
    let q = parse("run=adam%3Balpha%3D0.05&run=gd").preset;
    assert_eq!(q.runs[0].real("alpha"), Some(0.05));
    // A run's bad key is named by its run.
    let bad = parse("run=gd;alpha=x");
    assert_eq!(bad.problems[0].key, "run[1].alpha");
    // At most six runs.
    let many = parse(&"run=gd&".repeat(8));
    assert_eq!(many.preset.runs.len(), 6);
    assert_eq!(many.errors().count(), 2);
}

#[test]
fn named_presets_load_and_explicit_keys_override() {
    for (name, query) in NAMED {
        let p = parse(query);
        assert!(p.problems.is_empty(), "{name}: {:?}", p.problems);
        let named = parse(&format!("preset={name}"));
        assert!(named.problems.is_empty());
        let again = parse(&named.preset.to_query());
        assert_eq!(again.preset, named.preset, "{name}");
    }
    let p = parse("preset=gabor-sgd&alpha=0.1").preset;
    assert_eq!(p.defaults.real("alpha"), Some(0.1));
    assert_eq!(p.defaults.batch(), Some(BatchSize::Size(5)));
    assert_eq!(p.steps, Some(41));
    let unknown = parse("preset=nope");
    assert!(unknown.problems[0].message.contains("gabor-sgd"));
}

fn random_f64(rng: &mut Rng) -> f64 {
    match rng.below(4) {
        0 => rng.next_f64(),
        1 => (rng.next_f64() * 1e4).round() / 1e3,
        2 => 10f64.powf(rng.next_f64() * 10.0 - 8.0),
        _ => rng.normal(),
    }
}

/// A random run spec: every run key of the table is set with probability 1/3, to a random valid
/// value of its kind (so the round trip covers every key, `period` and `alpha_min` included).
fn random_spec(rng: &mut Rng, dim: usize) -> RunSpec {
    use downhill::optim::HYPERS;
    use downhill::preset::keys::{is_run_key, Kind, Value};
    let mut s = RunSpec::default();
    for key in KEYS.iter().filter(|k| is_run_key(k.name)) {
        if rng.below(3) != 0 {
            continue;
        }
        let value = match key.kind {
            Kind::Hyper(hp) => {
                let ok = HYPERS[hp.0].ok;
                let x = loop {
                    let x =
                        [random_f64(rng).abs(), rng.next_f64() * 0.999, 1.0][rng.below(3) as usize];
                    if ok(x) {
                        break x;
                    }
                };
                Value::Real(x)
            }
            Kind::Real(r) => {
                Value::Real(r.min + (r.max.min(1e3) - r.min) * rng.next_f64().max(1e-3))
            }
            Kind::Count { min, max } => {
                Value::Count(min + rng.below((max - min + 1).min(500) as u64) as usize)
            }
            Kind::Seed => Value::Seed(rng.next_u64()),
            Kind::Choice(words) => Value::Word(words[rng.below(words.len() as u64) as usize]),
            Kind::Batch => Value::Batch(if rng.below(2) == 0 {
                BatchSize::All
            } else {
                BatchSize::Size(1 + rng.below(40) as usize)
            }),
            Kind::Point => {
                let mut p = Vector::zeros(dim);
                for k in 0..dim {
                    p[k] = random_f64(rng) * 10.0;
                }
                Value::Point(p)
            }
            Kind::Flag | Kind::Text => continue,
        };
        s.put(key.name, value);
    }
    s
}

#[test]
fn canonical_serialisation_round_trips() {
    let mut rng = Rng::new(6);
    for _ in 0..3000 {
        let scene = SceneName::ALL[rng.below(SceneName::ALL.len() as u64) as usize];
        let data = (scene.has_data() && rng.below(3) == 0).then(|| {
            let n = 1 + rng.below(20) as usize;
            let x: Vec<f64> = (0..n).map(|_| random_f64(&mut rng)).collect();
            let y: Vec<f64> = (0..n)
                .map(|_| {
                    if scene == SceneName::Logistic {
                        rng.below(2) as f64
                    } else {
                        random_f64(&mut rng)
                    }
                })
                .collect();
            DataSet::new(x, y)
        });
        let mut p = Preset {
            name: None,
            lesson: None,
            scene,
            data,
            view: (rng.below(4) == 0).then(|| downhill::objective::View {
                phi0: [
                    -random_f64(&mut rng).abs() - 0.5,
                    random_f64(&mut rng).abs() + 0.5,
                ],
                phi1: [1.0, 2.5],
            }),
            steps: (rng.below(2) == 0).then(|| rng.below(1000) as usize),
            starts: None,
            // Top-level `steps` is the preset's own; only runs carry their own limits.
            defaults: {
                let mut d = random_spec(&mut rng, scene.dim());
                d.unset("steps");
                d
            },
            runs: (0..rng.below(7))
                .map(|_| random_spec(&mut rng, scene.dim()))
                .collect(),
            ui: Ui {
                autoplay: rng.below(2) == 0,
                played: rng.below(2) == 0,
                reveal: rng.below(2) == 0,
                embed: rng.below(2) == 0,
                hide: HIDEABLE
                    .iter()
                    .filter(|_| rng.below(4) == 0)
                    .map(|s| s.to_string())
                    .collect(),
                lang: [None, Some("en"), Some("zh")][rng.below(3) as usize],
                theme: [None, Some("dark"), Some("auto")][rng.below(3) as usize],
                speed: (rng.below(2) == 0).then(|| 1 + rng.below(100) as u32),
                log_colors: rng.below(2) == 0,
                log_loss: rng.below(2) == 0,
                batch_surface: rng.below(2) == 0,
                trail: rng.below(2) == 0,
                best: rng.below(2) == 0,
                batches: rng.below(2) == 0 && scene.dim() == 2 && scene.has_data(),
                // Figure flags a scene cannot show are refused too (`flags_refused`).
                models: rng.below(2) == 0 && scene.dim() == 2 && scene.has_data(),
                stages: rng.below(2) == 0 && scene == SceneName::Line1d,
                view3d: rng.below(2) == 0 && scene.dim() == 2 && scene != SceneName::Line1d,
                turn: (rng.below(3) == 0).then(|| {
                    [
                        (rng.below(3601) as f64 - 1800.0) / 10.0,
                        rng.below(901) as f64 / 10.0,
                    ]
                }),
                // The φ sliders move two parameters: refused on the network (`flags_refused`).
                sliders: rng.below(2) == 0 && scene.dim() == 2,
                arrows: rng.below(2) == 0,
                curvature: rng.below(2) == 0,
                rate: rng.below(2) == 0,
                epochs: rng.below(2) == 0,
                calc: rng.below(2) == 0,
                quiz: rng.below(2) == 0,
                flip: rng.below(2) == 0,
                sweep: (rng.below(3) == 0).then(|| ["alpha".to_string(), "batch".to_string()]),
                slice: [
                    None,
                    Some(Directions::Pca),
                    Some(Directions::Hessian),
                    Some(Directions::Random(1 + rng.below(1000))),
                    Some(Directions::Axes(
                        rng.below(5) as usize,
                        5 + rng.below(5) as usize,
                    )),
                ][rng.below(5) as usize],
                center: [
                    None,
                    Some(Center::Start),
                    Some(Center::Current),
                    Some(Center::Critical),
                ][rng.below(4) as usize],
                follow: rng.below(2) == 0,
                panels: match rng.below(3) {
                    0 => None,
                    1 => Some(downhill::preset::Panels::Each),
                    _ => Some(downhill::preset::Panels::Groups(
                        (0..1 + rng.below(3))
                            .map(|_| {
                                (0..1 + rng.below(3) as usize)
                                    .map(|_| rng.below(6) as usize)
                                    .collect()
                            })
                            .collect(),
                    )),
                },
            },
        };
        // Restarts: a two-parameter scene's one run of the top-level keys.
        p.starts = (p.runs.is_empty()
            && scene.dim() == 2
            && scene != SceneName::Line1d
            && rng.below(2) == 0)
            .then(|| 2 + rng.below(5) as usize);
        let q = p.to_query();
        let back = parse(&q);
        assert!(back.problems.is_empty(), "{q}: {:?}", back.problems);
        assert_eq!(back.preset, p, "{q}");
        assert_eq!(back.preset.to_query(), q);
    }
}

#[test]
fn thousands_of_hostile_queries_never_panic() {
    let mut rng = Rng::new(13);
    let keys = [
        "scene",
        "opt",
        "alpha",
        "beta",
        "gamma",
        "eps",
        "batch",
        "reduce",
        "seed",
        "steps",
        "start",
        "maxdist",
        "schedule",
        "factor",
        "every",
        "warmup",
        "period",
        "wd",
        "run",
        "data",
        "preset",
        "%",
        "",
        "=",
        "alpha_min",
        "snapshot",
        "hide",
        "trail",
        "panels",
        "sweep",
        "lang",
        "speed",
        "view",
        "flip",
        "logc",
    ];
    let atoms = [
        "",
        "0",
        "-0",
        "1e308",
        "-1e308",
        "NaN",
        "inf",
        "1e-320",
        "%",
        "%zz",
        "%FF%FE",
        ";",
        ",",
        "=",
        "all",
        "gd",
        "adam",
        "linear",
        "gabor",
        "1,2",
        "1,2,3",
        "🙂",
        "\u{0}",
        "99999999999999999999999",
        "0.5",
        "3",
        "run=adam;alpha=1e9",
        "start=nan,1",
        "logistic",
        "1,0.5;2,1",
        "step",
        "fig6.1",
        "fig6.9",
        "each",
        "1-2;3",
        "play,runs",
        "alpha,beta",
        "-1,1,2,3",
    ];
    for _ in 0..4000 {
        let mut q = String::new();
        for _ in 0..rng.below(8) {
            let k = keys[rng.below(keys.len() as u64) as usize];
            let mut v = String::new();
            for _ in 0..rng.below(4) {
                v.push_str(atoms[rng.below(atoms.len() as u64) as usize]);
            }
            if rng.below(5) == 0 {
                // Raw random bytes, as a malformed link would carry.
                let bytes: Vec<u8> = (0..rng.below(12)).map(|_| rng.below(256) as u8).collect();
                v.push_str(&String::from_utf8_lossy(&bytes));
            }
            q.push_str(&format!("{k}={v}&"));
        }
        let parsed = parse(&q);
        // Whatever the query, its canonical form parses back to the same state.
        assert_eq!(
            parse(&parsed.preset.to_query()).preset,
            parsed.preset,
            "{q:?} -> {}",
            parsed.preset.to_query()
        );
        // Cap the work: hostile queries may ask for 20000 steps of six runs.
        let mut p = parsed.preset.clone();
        p.steps = p.steps.map(|s| s.min(30));
        for r in p.runs.iter_mut().chain(std::iter::once(&mut p.defaults)) {
            if let Some(s) = r.count("steps") {
                r.put("steps", downhill::preset::Value::Count(s.min(30)));
            }
        }
        let (mut race, _) = p.build();
        race.run_to_end();
        for run in &race.runs {
            assert!(run
                .history()
                .iter()
                .all(|pt| pt.phi.is_finite() && pt.loss.is_finite()));
        }
        let _ = parsed.preset.to_query();
    }
}

#[test]
fn data_can_be_edited_through_the_url() {
    let p = parse("scene=linear&data=0,1;1,2;2,3&opt=newton&steps=1");
    assert!(p.problems.is_empty());
    let (mut race, _) = p.preset.build();
    race.run_to_end();
    let phi = race.runs[0].current().phi;
    assert!((phi - Vector::new(1.0, 1.0)).norm() < 1e-12, "{phi:?}");
    let bad = parse("scene=logistic&data=0,1;1,0.5");
    assert!(bad.problems[0].message.contains("0 or 1"));
}

#[test]
fn presentation_keys_are_typed_too() {
    let p = parse("embed=1&hide=runs,share&lang=zh&speed=7&autoplay=1");
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert!(p.preset.ui.embed && p.preset.ui.autoplay);
    assert_eq!(p.preset.ui.hide, vec!["runs", "share"]);
    assert_eq!(p.preset.ui.speed, Some(7));
    let bad = parse("hide=everything&lang=fr&speed=0");
    assert_eq!(bad.errors().count(), 3);
    assert!(bad.problems[0].message.contains("inspector"));
}

#[test]
fn panels_split_the_runs_into_small_multiples() {
    use downhill::preset::Panels;
    let p = parse("scene=bowl&panels=1-2;3&run=gd&run=adam&run=normalized");
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(
        p.preset.ui.panels,
        Some(Panels::Groups(vec![vec![0, 1], vec![2]]))
    );
    assert_eq!(p.preset.ui.panel_groups(3), vec![vec![0, 1], vec![2]]);
    // Runs past the race are dropped, and so are the panels they empty.
    assert_eq!(p.preset.ui.panel_groups(2), vec![vec![0, 1]]);
    let q = p.preset.to_query();
    assert!(q.contains("panels=1,2;3"), "{q}");
    assert_eq!(parse(&q).preset, p.preset);
    let each = parse("scene=bowl&panels=each&run=gd&run=adam").preset;
    assert_eq!(each.ui.panel_groups(2), vec![vec![0], vec![1]]);
    assert_eq!(
        parse("scene=bowl").preset.ui.panel_groups(2),
        vec![vec![0, 1]]
    );
    for bad in [
        "panels=0",
        "panels=3-1",
        "panels=x",
        "panels=1;2;3;4;5;6;7",
        "panels=9",
    ] {
        assert_eq!(parse(bad).errors().count(), 1, "{bad}");
    }
}

#[test]
fn the_readme_lists_exactly_the_key_tables_keys() {
    // Every `key` in the first column of the README's key table, against the table in code.
    let readme = include_str!("../README.md");
    let start = readme
        .find("| key | meaning | values |")
        .expect("the key table");
    let mut listed: Vec<&str> = readme[start..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .flat_map(|l| {
            let first = l.split('|').nth(1).unwrap_or("");
            first.split('`').skip(1).step_by(2).collect::<Vec<_>>()
        })
        .collect();
    listed.sort_unstable();
    let mut table: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
    table.sort_unstable();
    assert_eq!(listed, table);
}

#[test]
fn every_key_parses_and_writes_through_the_table() {
    use downhill::preset::keys::{is_presentation_key, is_run_key, Scope};
    for key in KEYS {
        match key.scope {
            Scope::Run => assert!(is_run_key(key.name)),
            Scope::Presentation => {
                // Each presentation key is handled: a value the table's kind allows parses.
                let sample = match key.name {
                    "hide" => "play",
                    "lang" => "zh",
                    "theme" => "dark",
                    "speed" => "3",
                    "sweep" => "alpha,beta",
                    "panels" => "each",
                    "slice" => "phi0,theta11",
                    "center" => "current",
                    "turn" => "30,45",
                    _ => "1",
                };
                // Figure 6.10's stages are the 1-D function's (`flags_refused`).
                let scene = if key.name == "stages" {
                    "scene=line1d&"
                } else {
                    ""
                };
                let p = parse(&format!("{scene}{}={sample}", key.name));
                assert!(p.problems.is_empty(), "{}: {:?}", key.name, p.problems);
                assert!(is_presentation_key(key.name));
                assert!(
                    p.preset.to_query().contains(&format!("{}=", key.name)),
                    "{}",
                    key.name
                );
            }
            Scope::Global => {}
        }
    }
    // The optimizers read only keys of the table.
    for opt in OptName::ALL {
        for k in opt.uses() {
            assert!(is_run_key(k), "{opt:?} reads {k}, which is not a run key");
        }
    }
}

#[test]
fn a_named_presets_overridden_presentation_survives_the_round_trip() {
    // preset=fig6.1&trail=0 must not come back with the trail on; hide= must not come back
    // with the named preset's hidden controls.
    for q in [
        "preset=fig6.1&trail=0",
        "preset=fig6.2&sliders=0&hide=",
        "preset=fig6.8&arrows=0",
        "preset=schedule-step&lr=0",
        "preset=fig6.6&batchsurf=0",
        "preset=fig6.9&panels=",
        "preset=fig6.1&flip=0&logc=1",
    ] {
        let p = parse(q);
        assert!(p.problems.is_empty(), "{q}: {:?}", p.problems);
        let again = parse(&p.preset.to_query());
        assert_eq!(again.preset, p.preset, "{q} -> {}", p.preset.to_query());
    }
    for (name, _) in NAMED {
        for key in KEYS.iter().filter(|k| k.flag.is_some()) {
            for v in ["0", "1"] {
                let q = format!("preset={name}&{}={v}", key.name);
                let p = parse(&q).preset;
                assert_eq!(parse(&p.to_query()).preset, p, "{q}");
            }
        }
    }
}

#[test]
fn a_bad_repeat_does_not_undo_a_good_key() {
    let p = parse("scene=linear&scene=bogus");
    assert_eq!(p.preset.scene, SceneName::Linear);
    assert_eq!(p.errors().count(), 1);
    let p = parse("preset=fig6.1&preset=bogus");
    assert_eq!(p.preset.name.as_deref(), Some("fig6.1"));
    assert_eq!(p.errors().count(), 1);
    let p = parse("alpha=0.3&alpha=nope");
    assert_eq!(p.preset.defaults.real("alpha"), Some(0.3));
    // One bad item of hide= keeps the good ones.
    let p = parse("hide=play,bogus,runs");
    assert_eq!(p.preset.ui.hide, vec!["play", "runs"]);
    assert!(p.problems[0].message.contains("\"bogus\""));
    // A run key without its value is named as such, not as an unknown key.
    let p = parse("run=adam;alpha");
    assert!(
        p.problems[0].message.contains("needs a value"),
        "{:?}",
        p.problems
    );
    assert_eq!(p.problems[0].severity, Severity::Error);
}

/// An unknown name is answered with the nearest one when a typo is likely ("did you mean
/// fig6.7?"), else with the list (issue 21 §8: `preset=fig6.77` listed all 43 presets).
#[test]
fn an_unknown_name_suggests_the_nearest() {
    let said = |q: &str| {
        let p = parse(q);
        p.problems
            .iter()
            .map(|p| p.message.clone())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    assert_eq!(
        said("preset=fig6.77"),
        "unknown preset; did you mean fig6.7?"
    );
    assert_eq!(
        said("preset=newton_max"),
        "unknown preset; did you mean newton-max?"
    );
    assert_eq!(
        said("lesson=fig6.3x"),
        "unknown lesson; did you mean fig6.3?"
    );
    assert_eq!(said("scene=gabr"), "unknown scene; did you mean gabor?");
    assert_eq!(
        said("alpah=0.1"),
        "unknown key; ignored (did you mean alpha?)"
    );
    // Nothing near, or two as near: the list (or, for keys, nothing).
    assert!(said("preset=zzz").starts_with("unknown preset; choose one of fig6.1, fig6.2"));
    assert!(said("preset=fig6").starts_with("unknown preset; choose one of"));
    assert_eq!(said("frobnicate=1"), "unknown key; ignored");
}

/// A figure flag the scene cannot show is reported and dropped, by a link and by a change of
/// scene: figure 6.4's models, 6.10's stages and 6.1b's surface. Figure 6.10 opened on another
/// scene shows that scene whole (it hid the landscape and the loss panel before).
#[test]
fn figure_flags_a_scene_cannot_show_are_reported_and_dropped() {
    for (q, key) in [
        ("scene=bowl&models=1", "models"),
        ("scene=shallow&models=1", "models"),
        ("scene=gabor&stages=1", "stages"),
        ("scene=shallow&view3d=1", "view3d"),
        ("scene=line1d&view3d=1", "view3d"),
    ] {
        let p = parse(q);
        assert!(
            p.problems
                .iter()
                .any(|x| x.key == key && x.message.ends_with("ignored")),
            "{q}: {:?}",
            p.problems
        );
        assert!(!p.preset.to_query().contains(&format!("{key}=")), "{q}");
    }
    let p = parse("preset=fig6.10&scene=gabor");
    assert!(
        !p.preset.ui.stages
            && p.preset
                .ui
                .hide
                .iter()
                .all(|h| h != "landscape" && h != "loss")
    );
    let mut p = parse("preset=fig6.4").preset;
    p.change_scene(SceneName::Bowl);
    assert!(!p.ui.models);
}
