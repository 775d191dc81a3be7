//! The figure presets show what their captions say, with the numbers the captions quote.

use downhill::landscape::critical_points;
use downhill::linalg::{Curvature, Vec2};
use downhill::objective::{Batch, Reduce};
use downhill::preset::{parse, NAMED};
use downhill::run::Race;

fn played(name: &str) -> Race {
    let p = parse(&format!("preset={name}"));
    assert!(p.problems.is_empty(), "{name}: {:?}", p.problems);
    let (mut race, problems) = p.preset.build();
    assert!(problems.is_empty(), "{name}: {problems:?}");
    race.run_to_end();
    race
}

const GLOBAL: Vec2 = Vec2::new(0.0038, 16.03);

#[test]
fn every_named_preset_plays_to_its_end_without_trouble() {
    for (name, _) in NAMED {
        let r = played(name);
        for run in &r.runs {
            assert!(run.history().iter().all(|p| p.loss.is_finite()), "{name}");
        }
    }
}

#[test]
fn figure_6_1_line_search_is_close_to_the_minimum_after_four_iterations() {
    let r = played("fig6.1");
    let h = r.runs[0].history();
    assert!(
        h[4].loss < 0.7 && h[0].loss > 5.0,
        "{} -> {}",
        h[0].loss,
        h[4].loss
    );
    assert!(h.windows(2).all(|w| w[1].loss < w[0].loss));
}

#[test]
fn figure_6_4_global_minimum_is_the_captions() {
    let r = played("fig6.4");
    let pts = critical_points(&r.scene.objective, &r.scene.view, 24);
    let g = pts.iter().find(|p| p.global).unwrap();
    assert!((g.loss - 0.646).abs() < 1e-3, "book: 0.64, here {}", g.loss);
    assert!(pts.iter().filter(|p| p.kind == Curvature::Minimum).count() > 3);
    assert!(pts.iter().any(|p| p.kind == Curvature::Saddle));
}

#[test]
fn figure_6_5_gd_loses_a_valley_that_sgd_finds() {
    let r = played("fig6.5");
    let end = |i: usize| r.runs[i].current().phi;
    assert!((end(0) - GLOBAL).norm() < 0.5, "GD from 1: {:?}", end(0));
    assert!(
        (end(1) - GLOBAL).norm() > 3.0,
        "GD from 2 is stuck: {:?}",
        end(1)
    );
    assert!((end(2) - GLOBAL).norm() < 0.5, "GD from 3: {:?}", end(2));
    for i in 3..6 {
        assert!((end(i) - GLOBAL).norm() < 1.5, "SGD run {i}: {:?}", end(i));
    }
}

#[test]
fn figure_6_6_has_a_step_downhill_on_its_batch_and_uphill_on_all_data() {
    let r = played("fig6.6");
    let o = &r.scene.objective;
    let h = r.runs[0].history();
    let found = h.windows(2).any(|w| {
        let ix = w[1].batch.as_ref().unwrap().indices();
        let b = |p: Vec2| o.value(p, Batch::Indices(&ix), Reduce::Sum);
        b(w[1].phi) < b(w[0].phi) && w[1].loss > w[0].loss
    });
    assert!(found);
}

#[test]
fn figure_6_7_momentum_is_smoother_than_sgd() {
    let r = played("fig6.7");
    // Total turning: the sum of |direction change| along each path.
    let turning = |i: usize| {
        let p: Vec<Vec2> = r.runs[i].history().iter().map(|p| p.phi).collect();
        p.windows(3)
            .map(|w| {
                let (a, b) = (w[1] - w[0], w[2] - w[1]);
                let c = a.dot(b) / (a.norm() * b.norm()).max(1e-300);
                c.clamp(-1.0, 1.0).acos()
            })
            .sum::<f64>()
    };
    assert!(
        turning(1) < turning(0),
        "momentum {} vs sgd {}",
        turning(1),
        turning(0)
    );
}

#[test]
fn figure_6_9_four_behaviours() {
    let r = played("fig6.9");
    let loss = |i: usize| r.runs[i].current().loss;
    // a) small alpha: still far along phi0 after 200 steps; b) large alpha oscillates in phi1;
    // c) normalized bounces near the minimum; d) Adam converges.
    let at40 = |i: usize| r.runs[i].history()[40].phi;
    assert!(
        at40(0).x() < at40(3).x() - 0.3,
        "{:?} vs Adam {:?}",
        at40(0),
        at40(3)
    );
    let ys: Vec<f64> = r.runs[1].history().iter().map(|p| p.phi.y()).collect();
    assert!(ys.windows(2).filter(|w| w[0] * w[1] < 0.0).count() > 10);
    let last: Vec<Vec2> = r.runs[2]
        .history()
        .iter()
        .rev()
        .take(4)
        .map(|p| p.phi)
        .collect();
    assert!((last[0] - last[2]).norm() < 1e-5 && (last[0] - last[1]).norm() > 1e-2);
    assert!(loss(3) < 0.005 && (r.runs[3].current().phi - Vec2::new(0.7, 0.0)).norm() < 0.05);
}

#[test]
fn figure_6_10_closes_in_on_the_lower_minimum() {
    let r = played("fig6.10");
    let x = r.runs[0].current().phi.x();
    assert!((x - 0.35).abs() < 0.05, "{x}");
}

#[test]
fn newton_presets_climb_and_jump() {
    let r = played("newton-max");
    let h = r
        .scene
        .objective
        .hessian(r.runs[0].current().phi, Batch::All, Reduce::Sum);
    assert_eq!(Curvature::of(h), Curvature::Maximum);
    let s = r
        .scene
        .objective
        .hessian(r.runs[1].current().phi, Batch::All, Reduce::Sum);
    assert_eq!(Curvature::of(s), Curvature::Saddle);
    let m = played("newton-min");
    assert!((m.runs[0].history()[1].loss - m.runs[0].current().loss).abs() < 1e-12);
}
