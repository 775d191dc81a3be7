//! The widget's state machine, natively: every edit, what it changes, and that a refused edit
//! leaves the last good state alone.

use downhill::linalg::Vector;
use downhill::session::{Applied, Edit, Session};

fn set(run: Option<usize>, key: &str, value: &str) -> Edit {
    Edit::Set {
        run,
        key: key.into(),
        value: value.into(),
    }
}

#[test]
fn a_refused_edit_changes_nothing_and_says_why() {
    let mut s = Session::new("scene=gabor&opt=adam&steps=5");
    let before = s.query();
    for (edit, words) in [
        (set(None, "beta", "2"), "beta"),
        (set(Some(0), "alpha", "NaN"), "alpha"),
        (set(Some(0), "nonsense", "1"), "nonsense"),
        (set(Some(3), "alpha", "0.1"), "no run 4"),
        (
            Edit::Scene {
                name: "bogus".into(),
            },
            "unknown scene",
        ),
        (Edit::Steps { value: "-1".into() }, "steps"),
        (
            Edit::Start {
                phi0: 1e300,
                phi1: 0.0,
            },
            "within",
        ),
        (
            Edit::Start {
                phi0: f64::NAN,
                phi1: 0.0,
            },
            "finite",
        ),
        (Edit::RemoveRun { run: 0 }, "last run"),
        (Edit::Select { run: 4 }, "no run 5"),
        (
            Edit::MovePoint {
                i: 99,
                x: 0.0,
                y: 0.0,
            },
            "no data point 100",
        ),
        (
            Edit::MovePoint {
                i: 0,
                x: f64::INFINITY,
                y: 0.0,
            },
            "finite",
        ),
        (
            Edit::Ui {
                key: "hide".into(),
                value: "everything".into(),
            },
            "cannot hide",
        ),
        (
            Edit::AddRun {
                spec: "nosuchopt".into(),
            },
            "nosuchopt",
        ),
        (Edit::ApplySweep { i: 0, j: 0 }, "no sweep"),
    ] {
        let e = s
            .apply(edit.clone())
            .expect_err(&format!("{edit:?} was accepted"));
        assert!(e.contains(words), "{edit:?}: {e}");
        assert_eq!(s.query(), before, "{edit:?} changed the state");
    }
}

#[test]
fn a_scene_change_keeps_the_runs_and_drops_what_belongs_to_the_old_scene() {
    let mut s = Session::new("preset=fig6.9");
    assert_eq!(s.race().runs.len(), 4);
    assert_eq!(
        s.apply(Edit::Scene {
            name: "gabor".into()
        }),
        Ok(Applied::Restarted)
    );
    let p = s.preset();
    assert_eq!(p.scene.name(), "gabor");
    assert_eq!(p.runs.len(), 4, "the optimizers stay");
    assert!(p.runs.iter().all(|r| r.start().is_none()) && p.view.is_none() && p.data.is_none());
    assert!(p.name.is_none());
    // The same rule as a link: preset=fig6.9&scene=gabor.
    assert_eq!(
        downhill::parse("preset=fig6.9&scene=gabor").preset.runs,
        p.runs
    );
}

#[test]
fn the_start_the_data_and_the_runs_are_edited_as_the_page_does() {
    let mut s = Session::new("scene=linear&opt=gd&alpha=0.01&steps=20");
    s.step(20);
    assert!(s.finished());
    assert_eq!(
        s.apply(Edit::MovePoint {
            i: 0,
            x: 0.5,
            y: 1.9
        }),
        Ok(Applied::Restarted)
    );
    assert!(!s.finished(), "an edit restarts the runs");
    assert_eq!(s.data_flat()[0..2], [0.5, 1.9]);
    assert!(s.query().contains("data=0.5,1.9;"));
    assert_eq!(
        s.apply(Edit::AddPoint { x: 1.0, y: 1.0 }),
        Ok(Applied::PointAdded(12))
    );
    assert_eq!(s.apply(Edit::RemovePoint { i: 12 }), Ok(Applied::Restarted));
    assert_eq!(s.data_flat().len(), 24);
    assert_eq!(s.apply(Edit::ResetData), Ok(Applied::Restarted));
    assert!(!s.query().contains("data="));
    assert_eq!(
        s.apply(Edit::Start {
            phi0: 0.2,
            phi1: 0.3
        }),
        Ok(Applied::Restarted)
    );
    assert!(s.query().contains("start=0.2,0.3"));
    for opt in ["adam", "momentum", "rmsprop", "adagrad", "newton"] {
        s.apply(Edit::AddRun { spec: opt.into() }).unwrap();
    }
    assert_eq!(s.selected(), 5, "a new run is selected");
    assert!(s
        .apply(Edit::AddRun { spec: "gd".into() })
        .unwrap_err()
        .contains("at most 6"));
    assert_eq!(s.apply(Edit::RemoveRun { run: 1 }), Ok(Applied::Restarted));
    assert_eq!(s.query().matches("run=").count(), 5);
    assert_eq!(s.apply(Edit::Select { run: 2 }), Ok(Applied::Selection));
    assert_eq!(s.inspector_view().opt, "rmsprop");
    assert_eq!(
        s.apply(set(Some(2), "alpha", "0.05")),
        Ok(Applied::Restarted)
    );
    assert!(
        s.query().contains("run=rmsprop;alpha=0.05"),
        "{}",
        s.query()
    );
    assert_eq!(s.apply(set(Some(2), "alpha", "")), Ok(Applied::Restarted));
    assert!(!s.query().contains("alpha=0.05"));
}

#[test]
fn logistic_targets_snap_to_classes() {
    let mut s = Session::new("scene=logistic");
    s.apply(Edit::MovePoint {
        i: 0,
        x: 1.0,
        y: 0.8,
    })
    .unwrap();
    assert_eq!(s.data_flat()[1], 1.0);
    s.apply(Edit::AddPoint { x: 0.0, y: 0.2 }).unwrap();
    assert_eq!(*s.data_flat().last().unwrap(), 0.0);
}

#[test]
fn a_scene_without_data_refuses_point_edits() {
    let mut s = Session::new("scene=bowl");
    assert!(s
        .apply(Edit::AddPoint { x: 0.0, y: 0.0 })
        .unwrap_err()
        .contains("no data"));
}

#[test]
fn presentation_edits_do_not_restart_the_runs() {
    let mut s = Session::new("scene=bowl&opt=adam&steps=50");
    s.step(10);
    assert_eq!(
        s.apply(Edit::Ui {
            key: "logc".into(),
            value: "1".into()
        }),
        Ok(Applied::Presentation)
    );
    assert_eq!(s.readout().runs[0].steps, 10);
    assert!(s.ui_view().ui.log_colors);
    assert_eq!(s.apply(Edit::Reset), Ok(Applied::Restarted));
    assert_eq!(s.readout().runs[0].steps, 0);
}

#[test]
fn loads_and_steps_and_the_views_agree() {
    let mut s = Session::new("scene=bowl");
    s.apply(Edit::Load {
        query: "preset=gabor-momentum".into(),
    })
    .unwrap();
    assert_eq!(s.preset().name.as_deref(), Some("gabor-momentum"));
    s.apply(Edit::Steps { value: "30".into() }).unwrap();
    while s.step(7) {}
    let st = s.state_view();
    assert_eq!(st.total, 30);
    assert!(st.finished);
    assert_eq!(st.runs.len(), 3);
    assert_eq!(st.runs[1].progress, s.readout().runs[1]);
    assert_eq!(s.readout().runs[0].steps, 30);
    assert_eq!(s.trace(), downhill::trace_query(&s.query()).unwrap());
}

#[test]
fn the_sweep_runs_its_grid_and_a_cell_loads_its_run() {
    let mut s = Session::new("preset=sweep");
    // Spread over calls of a bounded number of steps, it ends where the whole sweep does.
    let mut calls = 0;
    while let Some((done, total)) = s.sweep_work(500) {
        calls += 1;
        assert!(done <= total);
        if done == total {
            break;
        }
    }
    assert!(calls > 5, "{calls} calls");
    let sliced = s.sweep_view().expect("a sweep");
    let sw = Session::new("preset=sweep").sweep().expect("a sweep");
    assert_eq!(sliced, sw);
    assert_eq!(sw.done, 64);
    assert_eq!(sw.keys, ["alpha".to_string(), "beta".to_string()]);
    assert_eq!(sw.losses.len(), sw.xs.len() * sw.ys.len());
    assert!(sw.losses.iter().flatten().all(|l| l.is_finite()));
    assert_eq!(
        s.apply(Edit::ApplySweep { i: 3, j: 5 }),
        Ok(Applied::Restarted)
    );
    let q = s.query();
    assert!(
        q.contains(&format!("alpha={}", sw.xs[3])) && q.contains(&format!("beta={}", sw.ys[5])),
        "{q}"
    );
    assert!(s.apply(Edit::ApplySweep { i: 99, j: 0 }).is_err());
}

#[test]
fn a_page_value_cannot_smuggle_keys_into_a_query() {
    let mut s = Session::new("scene=bowl");
    assert!(s
        .apply(Edit::Steps {
            value: "5&scene=gabor".into()
        })
        .is_err());
    assert_eq!(s.preset().scene.name(), "bowl");
    let e = s.apply(Edit::AddRun {
        spec: "adam&preset=fig6.1".into(),
    });
    assert!(e.is_err() || !s.query().contains("fig6.1"));
}

#[test]
fn edits_arrive_as_small_queries() {
    assert_eq!(
        Edit::parse("kind=set&run=0&key=alpha&value=0.1"),
        Ok(set(Some(0), "alpha", "0.1"))
    );
    assert_eq!(
        Edit::parse("kind=set&run=&key=seed&value=7"),
        Ok(set(None, "seed", "7"))
    );
    assert_eq!(
        Edit::parse("kind=start&phi0=1.5&phi1=-2"),
        Ok(Edit::Start {
            phi0: 1.5,
            phi1: -2.0
        })
    );
    assert_eq!(
        Edit::parse("kind=load&query=preset%3Dfig6.1%26trail%3D0"),
        Ok(Edit::Load {
            query: "preset=fig6.1&trail=0".into()
        })
    );
    assert_eq!(Edit::parse("kind=reset"), Ok(Edit::Reset));
    for (bad, words) in [
        ("", "no kind"),
        ("kind=fly", "unknown edit \"fly\""),
        ("kind=start&phi0=x&phi1=1", "phi0 = \"x\" is not a number"),
        ("kind=remove_run&run=-1", "not an index"),
        ("kind=move_point&i=0&x=1", "no y"),
    ] {
        let e = Edit::parse(bad).unwrap_err();
        assert!(e.contains(words), "{bad}: {e}");
    }
}

#[test]
fn the_inspectors_turn_angle_is_the_last_of_the_paths_angles() {
    let mut s = Session::new("preset=problem6.7");
    while s.step(5) {}
    let all = downhill::construct::step_angles(&s.race().runs[0]);
    assert_eq!(s.inspector_view().turn, all.last().copied());
}

#[test]
fn the_keyboard_nudges_the_start_by_a_share_of_the_view_as_the_landscape_shows_it() {
    let start = |s: &Session| s.state_view().runs[0].start.clone();
    let nudge = |s: &mut Session, right, up, big| {
        s.apply(Edit::parse(&format!("kind=nudge&right={right}&up={up}&big={big}")).unwrap())
            .unwrap();
    };
    // The Gabor view: phi0 in [-10, 10], phi1 in [2.5, 22.5].
    let mut s = Session::new("scene=gabor&start=0,10");
    nudge(&mut s, 1, 0, 0);
    assert_eq!(start(&s), [0.2, 10.0]);
    nudge(&mut s, 0, 1, 1);
    assert_eq!(start(&s), [0.2, 12.0]);
    // Held against the edge of the view.
    for _ in 0..20 {
        nudge(&mut s, -1, 0, 1);
    }
    assert_eq!(start(&s), [-10.0, 12.0]);
    // Figure 6.1 draws phi1 downwards: "up" on screen is a smaller phi1.
    let mut f = Session::new("preset=fig6.1");
    let [x, y] = start(&f)[..] else { panic!() };
    nudge(&mut f, 0, 1, 0);
    let [x2, y2] = start(&f)[..] else { panic!() };
    assert_eq!(x2, x);
    assert!(y2 < y, "{y2} < {y}");
    assert!(Edit::parse("kind=nudge&right=2&up=0").is_err());
}

#[test]
fn the_figure_in_words_names_the_global_minimum_and_where_each_run_is() {
    use downhill::landscape::critical_points;
    // Figure 6.5: line search and SGD from three starts; one line search stops in a local
    // minimum, the others reach the global valley.
    let mut s = Session::new("preset=fig6.5");
    let scene = &s.race().scene;
    let critical = critical_points(&scene.objective, &scene.view, 24);
    let d = s.describe(&critical);
    assert_eq!(d.scene, "gabor");
    let g = d.global.as_ref().expect("a global minimum");
    assert!((g.loss - 0.6457).abs() < 1e-3, "{}", g.loss);
    assert_eq!(d.runs[0].steps, 0);
    s.step(100_000);
    let d = s.describe(&critical);
    for r in &d.runs {
        assert_eq!(r.steps, r.limit);
        assert!(r.loss <= r.first_loss);
        if let Some(kind) = r.near {
            assert!(kind == "global" || kind == "local");
            assert!(r.near_loss.is_some());
        }
    }
    assert!(d.runs.iter().any(|r| r.near == Some("global")));
    assert!(d.runs.iter().any(|r| r.near == Some("local")));
}

#[test]
fn a_caption_holds_only_while_the_settings_are_the_presets_own() {
    let mut s = Session::new("preset=fig6.7&lang=zh&theme=dark");
    assert_eq!(
        s.captioned(),
        Some("fig6.7"),
        "presentation keys keep the caption"
    );
    for changed in [
        "preset=fig6.7&steps=600",
        "preset=fig6.7&seed=3",
        "preset=fig6.7&alpha=0.1",
    ] {
        assert_eq!(Session::new(changed).captioned(), None, "{changed}");
    }
    s.apply(Edit::Start {
        phi0: 1.0,
        phi1: 10.0,
    })
    .unwrap();
    assert_eq!(s.captioned(), None, "a moved start");
    s.apply(Edit::Load {
        query: "preset=fig6.7".into(),
    })
    .unwrap();
    assert_eq!(s.captioned(), Some("fig6.7"));
}

/// Issue 21 §8: a link shared from inside an embed opens the whole app; an iframe's address
/// embeds, whatever the state's own `embed`.
#[test]
fn links_set_embed_as_their_use_needs() {
    let s = Session::new("preset=fig6.7&embed=1&hide=seed");
    assert!(s.query().contains("embed=1"));
    let share = s.link_query(false);
    assert!(!share.contains("embed"), "{share}");
    assert!(share.contains("hide=seed"), "{share}");
    let frame = s.link_query(true);
    assert!(frame.contains("embed=1"), "{frame}");
    // Apart from embed, both are the state: they open the same runs.
    assert_eq!(Session::new(&share).trace(), s.trace());
    assert_eq!(Session::new(&frame).query(), s.query());
    assert_eq!(
        Session::new("scene=bowl").link_query(true),
        Session::new("scene=bowl&embed=1").query()
    );
}

/// Issue 19: at a stationary point the finite-difference check reads small, not "relative
/// difference 38": the gradient is ~0 there, so it divides by at least FD_SCALE_FLOOR.
#[test]
fn the_finite_difference_check_reads_small_at_a_stationary_point() {
    // Every marked critical point of the Gabor loss, loaded exactly (as a click on one does).
    let scene = Session::new("scene=gabor").race().scene.clone();
    let points = downhill::landscape::critical_points(
        &scene.objective,
        &scene.view,
        downhill::landscape::CRITICAL_SEEDS,
    );
    assert!(points.len() > 5);
    let mut worst_before = 0.0f64;
    for p in &points {
        let q = format!(
            "scene=gabor&start={},{}",
            downhill::format::num(p.phi.x()),
            downhill::format::num(p.phi.y())
        );
        let v = Session::new(&q).inspector_view();
        assert!(v.gradient_norm < 1e-6, "{q}: {}", v.gradient_norm);
        assert!(v.fd_error < 1e-3, "{q}: {}", v.fd_error);
        // What the old check (relative to the gradient alone) said there.
        let diff = v.fd_error
            * v.gradient_norm
                .max(downhill::session::views::FD_SCALE_FLOOR);
        worst_before = worst_before.max(diff / v.gradient_norm.max(1e-12));
    }
    assert!(
        worst_before > 1.0,
        "the old check read {worst_before} at worst"
    );
    // Away from them, still relative (and small).
    let v = Session::new("scene=gabor&start=-1.5,6.5").inspector_view();
    assert!(v.gradient_norm > 1.0);
    assert!(v.fd_error < 1e-6, "{}", v.fd_error);
}

/// Figure 6.5 numbers its starts 1, 2, 3; its SGD runs share the numbers of the starts they
/// leave from (and figure 6.7's momentum runs those of its SGD runs); a race from one start
/// numbers nothing.
#[test]
fn starts_are_numbered_as_figure_6_5_numbers_them() {
    let s = Session::new("preset=fig6.5");
    assert_eq!(
        s.race().start_numbers(),
        [Some(1), Some(2), Some(3), Some(1), Some(2)]
    );
    let v = s.state_view();
    assert_eq!(v.runs[4].start_number, Some(2));
    assert_eq!(
        Session::new("preset=fig6.7").race().start_numbers(),
        [Some(1), Some(2), Some(1), Some(2)]
    );
    let one = Session::new("preset=gabor-momentum");
    assert!(one.race().start_numbers().iter().all(Option::is_none));
}

/// A start set by a pointer is written with the digits the view can show (issue 21 §8: a
/// dragged start wrote seventeen digits into the link): a ten-thousandth of the view's width.
#[test]
fn a_dragged_start_is_rounded_to_what_the_view_shows() {
    let cases = [
        ("scene=gabor", "start=0.123,0.988"),
        ("scene=linear", "start=0.1235,0.9877"),
        ("scene=rosenbrock&view=-1000,1000,-1000,1000", "start=0.1,1"),
    ];
    for (q, want) in cases {
        let mut s = Session::new(q);
        s.apply(Edit::Place {
            phi0: 0.123456789012345,
            phi1: 0.98765432109876,
        })
        .unwrap();
        assert!(s.query().contains(want), "{q}: {}", s.query());
        // A start given exactly (a critical point clicked, a slider) is kept as given.
        s.apply(Edit::Start {
            phi0: 0.123456789012345,
            phi1: 0.98765432109876,
        })
        .unwrap();
        assert!(s
            .query()
            .contains("start=0.123456789012345,0.98765432109876"));
    }
}

/// The page's sliders, menus and verdicts come from the core as data (issue 22): a slider's
/// stops as a link writes them, the run's value and the nearest stop; the batch size's stops to
/// `all`; the menus of words from the key table; the inspector's uphill verdict and momentum
/// weights; the gallery's figures.
#[test]
fn sliders_menus_and_verdicts_reach_the_page_as_data() {
    use downhill::session::views::catalogue;
    let cat = catalogue();
    let of = |pairs: &[(&str, Vec<f64>)], key: &str| -> Vec<String> {
        let stops = &pairs.iter().find(|(k, _)| *k == key).unwrap().1;
        stops.iter().map(|x| downhill::format::num(*x)).collect()
    };
    let choice = |key: &str| {
        cat.choices
            .iter()
            .find(|(k, _)| *k == key)
            .unwrap()
            .1
            .clone()
    };
    let alpha = &of(&cat.sliders, "alpha");
    assert_eq!(alpha.len(), 101);
    assert_eq!((alpha[0].as_str(), alpha[100].as_str()), ("0.0001", "10"));
    assert!(alpha.contains(&"0.1".to_string()) && alpha.contains(&"0.00112".to_string()));
    let beta = &of(&cat.sliders, "beta");
    assert_eq!((beta.len(), beta[90].as_str()), (100, "0.9"));
    assert_eq!(of(&cat.sliders, "gamma")[999], "0.999");
    assert_eq!(choice("lang"), ["en", "zh"]);
    assert_eq!(choice("center"), ["start", "current", "critical"]);
    assert_eq!(choice("slice"), ["random", "pca", "hessian", "phi1,phi2"]);
    assert!(
        cat.figures.contains(&"fig6.7") && !cat.figures.iter().any(|f| f.starts_with("problem"))
    );

    // α = 0.3 is kept as typed; the slider stands at its nearest stop, 0.316.
    let s = Session::new("scene=gabor&opt=momentum&alpha=0.3&beta=0.9&batch=5");
    let st = s.state_view();
    let c = &st.runs[0].controls;
    let keys: Vec<&str> = c.iter().map(|c| c.key).collect();
    assert_eq!(keys, ["alpha", "beta", "batch"]);
    assert_eq!(
        (c[0].text.as_str(), alpha[c[0].at].as_str()),
        ("0.3", "0.316")
    );
    assert_eq!((c[1].text.as_str(), beta[c[1].at].as_str()), ("0.9", "0.9"));
    let stops = c[2].stops.as_ref().unwrap();
    assert_eq!((stops.len(), stops[29].as_str(), c[2].at), (30, "all", 4));
    assert_eq!(
        Session::new("scene=gabor").state_view().runs[0].controls[1].text,
        "all"
    );
    // A batch of the data's size or more is what the link says, at the slider's last stop.
    let c = &Session::new("scene=gabor&batch=31").state_view().runs[0].controls;
    assert_eq!((c[1].text.as_str(), c[1].at), ("31", 29));
    assert!(Session::new("scene=bowl").state_view().runs[0]
        .controls
        .iter()
        .all(|c| c.key != "batch"));

    // Momentum shows its weights; Adam has none. Figure 6.6's uphill step is flagged.
    let mut s = Session::new("preset=fig6.6");
    assert_eq!(s.inspector_view().momentum_weights.len(), 0);
    let mut flagged = 0;
    for _ in 0..60 {
        s.step(1);
        let v = s.inspector_view();
        let [b0, b1, f0, f1] = v.step_check.unwrap();
        assert_eq!(v.uphill, b1 < b0 && f1 > f0);
        flagged += v.uphill as usize;
    }
    assert!(flagged >= 1);
    let m = Session::new("scene=gabor&opt=momentum&beta=0.9").inspector_view();
    assert_eq!(m.momentum_weights.len(), 12);
    assert!((m.momentum_weights[0] - 0.1).abs() < 1e-15);
    assert!(Session::new("scene=gabor&opt=adam")
        .inspector_view()
        .momentum_weights
        .is_empty());
    // The menus' values: the default plane and centre are said, not left to the page.
    let ui = Session::new("scene=shallow").ui_view();
    assert_eq!((ui.ui.slice, ui.ui.center), (None, None));
    assert!(ui.data_panel && !ui.split);
    assert!(!Session::new("scene=bowl").ui_view().data_panel);
    assert!(Session::new("scene=line1d").ui_view().data_panel);
    assert!(Session::new("preset=fig6.6").ui_view().split);
}

/// The data panel's words are the core's: figure 6.10's function and its bracket (or its three
/// stages) are not "data points", and only a panel of points offers the dragging help.
#[test]
fn the_data_panel_says_what_it_shows() {
    let words = |q: &str| {
        let d = Session::new(q).describe(&[]);
        (d.data_panel, d.n_points)
    };
    assert_eq!(words("preset=fig6.10"), (Some("descStages"), 0));
    assert_eq!(words("preset=fig6.10&stages=0"), (Some("descLine"), 0));
    assert_eq!(words("preset=fig6.5"), (Some("descData"), 30));
    assert_eq!(words("preset=fig6.5&hide=data"), (None, 30));
    assert_eq!(words("scene=bowl"), (None, 0));
}

/// Figure 6.1b's surface turns with a drag (`Edit::Turn`), a presentation change: the runs stay
/// as they were, and the link keeps the turn (`turn=yaw,pitch` in degrees), which opens turned.
#[test]
fn a_drag_turns_the_surface_and_the_link_keeps_it() {
    use downhill::session::{Applied, Edit};
    let mut s = Session::new("preset=fig6.1");
    let (query, before) = (s.query(), s.look().view3d.unwrap());
    assert_eq!(
        s.apply(Edit::Turn {
            dx: 60.0,
            dy: -20.0
        })
        .unwrap(),
        Applied::Presentation
    );
    let after = s.look().view3d.unwrap();
    assert!(after.yaw > before.yaw && after.pitch < before.pitch);
    // 60 px right and 20 up: 20° and -6.7° (a third of a degree a pixel), to a tenth.
    assert_eq!(s.query(), format!("{query}&turn=60.1,19.1"));
    let again = Session::new(&s.query());
    assert_eq!(again.look().view3d, Some(after));
    assert_eq!(again.race().runs[0].history(), s.race().runs[0].history());
    // A turn past half a circle wraps; a wild drag stays in range; bad links are refused.
    s.apply(Edit::Turn { dx: 1e9, dy: 1e9 }).unwrap();
    let [yaw, pitch] = downhill::preset::parse(&s.query()).preset.ui.turn.unwrap();
    assert!(
        (-180.0..=180.0).contains(&yaw) && pitch == 90.0,
        "{yaw} {pitch}"
    );
    for bad in [
        "turn=200,10",
        "turn=10,-1",
        "turn=1",
        "turn=a,b",
        "turn=NaN,4",
    ] {
        let p = downhill::preset::parse(bad);
        assert!(p.problems.iter().any(|p| p.key == "turn"), "{bad}");
    }
    assert!(Session::new("preset=fig6.1&view3d=0")
        .look()
        .view3d
        .is_none());
    assert!(Session::new("scene=shallow&view3d=1")
        .look()
        .view3d
        .is_none());
}

/// `played=1` is how a figure opens: a link loaded keeps it, a replay (Reset) keeps it, but a
/// state changed on the page (another scene, a moved start) shows its runs from the start, and so
/// does its link.
#[test]
fn a_changed_state_no_longer_opens_played() {
    let mut s = Session::new("preset=fig6.6");
    assert!(s.preset().ui.played);
    s.apply(Edit::Reset).unwrap();
    assert!(s.preset().ui.played);
    s.apply(Edit::Scene {
        name: "bowl".into(),
    })
    .unwrap();
    assert!(!s.preset().ui.played && !s.query().contains("played"));
    s.apply(Edit::Load {
        query: "preset=fig6.5".into(),
    })
    .unwrap();
    assert!(s.preset().ui.played);
}

/// 6.1.3's restarts (`starts=K`): K runs, the first from the link's start and the others from
/// starts the seed draws in the view; the link keeps `starts=K`, another seed draws other starts,
/// the best run is the lowest loss, and editing one run on its own makes the restarts runs.
#[test]
fn restarts_draw_their_starts_from_the_seed_and_become_runs_when_one_is_edited() {
    let q = "scene=gabor&opt=gd&alpha=0.2&start=3.2,9.6&starts=4&steps=30";
    let mut s = Session::new(q);
    let starts =
        |s: &Session| -> Vec<Vector> { s.race().runs.iter().map(|r| r.history()[0].phi).collect() };
    let first = starts(&s);
    assert_eq!(first.len(), 4);
    assert_eq!(first[0], Vector::new(3.2, 9.6));
    let view = s.race().scene.view;
    for p in &first[1..] {
        assert!(
            view.phi0[0] <= p.x() && p.x() <= view.phi0[1],
            "{p:?} in {view:?}"
        );
        assert!(
            view.phi1[0] <= p.y() && p.y() <= view.phi1[1],
            "{p:?} in {view:?}"
        );
        // A readable link: two decimals on the Gabor view (20 units wide).
        assert_eq!((p.x() * 100.0).round() / 100.0, p.x());
    }
    assert!(s.query().contains("starts=4") && !s.query().contains("run="));
    assert_eq!(
        starts(&Session::new(&s.query())),
        first,
        "the link reproduces them"
    );
    s.apply(set(None, "seed", "7")).unwrap();
    let other = starts(&s);
    assert_eq!(other[0], first[0]);
    assert_ne!(other[1..], first[1..], "another seed, other starts");
    // The best run has the lowest loss.
    let mut race = downhill::preset::parse(&s.query()).preset.build().0;
    race.run_to_end();
    let best = race.best().unwrap();
    let losses: Vec<f64> = race.runs.iter().map(|r| r.current().loss).collect();
    assert!(losses.iter().all(|&l| l >= losses[best]), "{losses:?}");
    // One run's own alpha: the restarts become four explicit runs with the same starts.
    s.apply(set(Some(2), "alpha", "0.1")).unwrap();
    assert!(s.query().contains("run=") && !s.query().contains("starts="));
    assert_eq!(starts(&s), other);
    assert_eq!(
        s.race().runs[2].config.hyper[downhill::optim::hyper::ALPHA],
        0.1
    );
    // Refused where it cannot apply: with run=, and on the ten-parameter network.
    for q in [
        "scene=gabor&starts=3&run=gd&run=sgd",
        "scene=shallow&starts=3",
    ] {
        let p = downhill::preset::parse(q);
        assert!(p.preset.starts.is_none(), "{q}");
        assert!(p.problems.iter().any(|p| p.key == "starts"), "{q}");
    }
    assert!(downhill::preset::parse("starts=7")
        .problems
        .iter()
        .any(|p| p.key == "starts" && p.to_string().contains("2 to 6")));
}
