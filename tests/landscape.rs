//! Landscape sampling, contours and critical points (figure 6.4 and the chapter's notes).

use downhill::landscape::{
    contour_levels, contour_polylines, contour_segments, critical_points, sample, Grid,
};
use downhill::linalg::{Curvature, Vector};
use downhill::objective::{Batch, Reduce, Scene, SceneName};

#[test]
fn gabor_critical_points_of_figure_6_4() {
    let scene = Scene::new(SceneName::Gabor);
    let points = critical_points(
        &scene.objective,
        &scene.view,
        downhill::landscape::CRITICAL_SEEDS,
    );
    let global: Vec<_> = points.iter().filter(|p| p.global).collect();
    assert_eq!(global.len(), 1);
    let g = global[0];
    assert!(
        (g.phi - Vector::new(0.0038, 16.03)).norm() < 0.01,
        "{:?}",
        g.phi
    );
    assert!((g.loss - 0.646).abs() < 1e-3);
    assert_eq!(g.kind, Curvature::Minimum);
    let minima = points
        .iter()
        .filter(|p| p.kind == Curvature::Minimum)
        .count();
    let saddles = points
        .iter()
        .filter(|p| p.kind == Curvature::Saddle)
        .count();
    assert!(minima >= 4, "{minima} minima");
    assert!(saddles >= 1);
    for p in &points {
        let grad = scene.objective.gradient(p.phi, Batch::All, Reduce::Sum);
        assert!(grad.norm() < 1e-6, "{p:?}");
        assert!(p.eigenvalues[0] <= p.eigenvalues[1]);
    }
}

#[test]
fn surfaces_have_the_critical_points_their_formulas_say() {
    let count = |name: SceneName, kind: Curvature| {
        let s = Scene::new(name);
        critical_points(&s.objective, &s.view, downhill::landscape::CRITICAL_SEEDS)
            .iter()
            .filter(|p| p.kind == kind)
            .count()
    };
    assert_eq!(count(SceneName::Linear, Curvature::Minimum), 1);
    assert_eq!(count(SceneName::Himmelblau, Curvature::Minimum), 4);
    assert_eq!(count(SceneName::Himmelblau, Curvature::Saddle), 4);
    assert_eq!(count(SceneName::Himmelblau, Curvature::Maximum), 1);
    assert_eq!(count(SceneName::Saddle, Curvature::Saddle), 1);
    assert_eq!(count(SceneName::Bowl, Curvature::Minimum), 1);
    assert_eq!(count(SceneName::Rosenbrock, Curvature::Minimum), 1);
    assert_eq!(count(SceneName::Logistic, Curvature::Minimum), 1);
}

#[test]
fn grid_rows_run_from_the_top_and_batches_sample_their_own_surface() {
    let scene = Scene::new(SceneName::Gabor);
    let g = sample(&scene.objective, &scene.view, 8, 4, Batch::All);
    assert_eq!(g.values.len(), 32);
    let top_left = Grid::cell_center(&scene.view, 8, 4, 0, 0);
    assert_eq!(top_left, Vector::new(-8.75, 20.0));
    assert_eq!(g.at(0, 0), scene.objective.loss(top_left));
    let b = sample(
        &scene.objective,
        &scene.view,
        8,
        4,
        Batch::Indices(&[0, 1, 2]),
    );
    assert!(b.values.iter().zip(&g.values).all(|(b, a)| b <= a));
}

#[test]
fn contours_lie_on_their_level() {
    let scene = Scene::new(SceneName::Linear);
    let g = sample(&scene.objective, &scene.view, 64, 64, Batch::All);
    let levels = contour_levels(&g, 10);
    assert_eq!(levels.len(), 10);
    assert!(levels.windows(2).all(|w| w[0] < w[1]));
    for &level in &levels {
        let segs = contour_segments(&g, level);
        assert!(!segs.is_empty());
        for s in segs {
            for p in s {
                // Linear interpolation between cell centres of a quadratic: close to the level.
                let v = scene.objective.loss(Vector::new(p.0, p.1));
                assert!((v - level).abs() < 0.02 * level.max(1.0), "{v} vs {level}");
            }
        }
    }
}

#[test]
fn the_fast_gabor_sampler_matches_the_direct_loss() {
    let scene = Scene::new(SceneName::Gabor);
    let views = [
        scene.view,
        downhill::objective::View {
            phi0: [-400.0, 400.0],
            phi1: [-50.0, 300.0],
        },
        downhill::objective::View {
            phi0: [0.0, 0.01],
            phi1: [16.0, 16.01],
        },
    ];
    for view in views {
        for batch in [Batch::All, Batch::Indices(&[2, 5, 29])] {
            let g = sample(&scene.objective, &view, 97, 13, batch);
            for row in 0..13 {
                for col in 0..97 {
                    let phi = Grid::cell_center(&view, 97, 13, col, row);
                    let direct = scene.objective.value(phi, batch, Reduce::Sum);
                    let fast = g.at(col, row);
                    assert!(
                        (fast - direct).abs() <= 1e-11 * (1.0 + direct),
                        "{phi:?}: {fast} vs {direct}"
                    );
                }
            }
        }
    }
}

#[test]
fn contour_polylines_join_every_segment_once() {
    let scene = Scene::new(SceneName::Gabor);
    let g = sample(&scene.objective, &scene.view, 96, 96, Batch::All);
    let (mut n_lines, mut n_segs) = (0, 0);
    for level in contour_levels(&g, 8) {
        let segs = contour_segments(&g, level);
        let lines = contour_polylines(&g, level);
        let joined: usize = lines.iter().map(|l| l.len() - 1).sum();
        assert_eq!(joined, segs.len());
        n_lines += lines.len();
        n_segs += segs.len();
    }
    assert!(
        n_lines * 10 < n_segs,
        "{n_lines} lines for {n_segs} segments"
    );
}

#[test]
fn himmelblau_has_four_global_minima() {
    let s = downhill::Scene::new(downhill::SceneName::Himmelblau);
    let pts = critical_points(&s.objective, &s.view, downhill::landscape::CRITICAL_SEEDS);
    assert_eq!(pts.iter().filter(|p| p.global).count(), 4);
    let g = downhill::Scene::new(downhill::SceneName::Gabor);
    let pts = critical_points(&g.objective, &g.view, downhill::landscape::CRITICAL_SEEDS);
    assert_eq!(pts.iter().filter(|p| p.global).count(), 1);
}

#[test]
fn the_sliced_critical_point_search_finds_what_the_whole_one_does() {
    use downhill::landscape::{CriticalSearch, CRITICAL_SEEDS};
    for name in [SceneName::Gabor, SceneName::Himmelblau, SceneName::Linear] {
        let s = Scene::new(name);
        let mut search = CriticalSearch::new(s.view, CRITICAL_SEEDS);
        let mut calls = 1;
        while !search.work(&s.objective, 1) {
            calls += 1;
        }
        assert_eq!(calls, CRITICAL_SEEDS * CRITICAL_SEEDS);
        assert_eq!(
            search.finish(),
            critical_points(&s.objective, &s.view, CRITICAL_SEEDS),
            "{name:?}"
        );
    }
}

/// The search's early stops (a seed near a point already found, a seed bouncing between two
/// slopes) find exactly what the exhaustive search finds on every scene of the book, bit for bit.
/// On Gabor data moved at random (200 data sets) they find every minimum and all but a few of
/// the saddles and maxima (a saddle beside a maximum, a fold) and nothing the exhaustive search
/// does not.
#[test]
fn the_early_stops_of_the_critical_point_search_change_nothing_that_matters() {
    use downhill::landscape::{CriticalPoint, CriticalSearch, CRITICAL_SEEDS};
    let both = |s: &Scene| {
        let o = s.surface().into_owned();
        let (mut fast, mut full) = (
            CriticalSearch::new(s.view, CRITICAL_SEEDS),
            CriticalSearch::new(s.view, CRITICAL_SEEDS).exhaustive(),
        );
        while !fast.work(&o, 1000) {}
        while !full.work(&o, 1000) {}
        (fast.finish(), full.finish())
    };
    for name in SceneName::ALL {
        let (fast, full) = both(&Scene::new(name));
        assert_eq!(fast, full, "{name:?}");
    }
    // The same point, of the same kind, to within rounding (its first finder may be another
    // seed, whose last Newton step ends a few ulps away).
    let same = |a: &CriticalPoint, b: &CriticalPoint| {
        a.kind == b.kind && (a.phi - b.phi).norm() < 1e-9 * (1.0 + a.phi.norm())
    };
    let missing = |a: &[CriticalPoint], b: &[CriticalPoint]| -> Vec<CriticalPoint> {
        a.iter()
            .filter(|p| !b.iter().any(|q| same(p, q)))
            .cloned()
            .collect()
    };
    let mut rng = downhill::rng::Rng::new(11);
    let (mut all, mut missed) = (0, 0);
    for k in 0..200 {
        let mut d = SceneName::Gabor.default_data().unwrap();
        for y in d.y.iter_mut() {
            *y += 0.3 * rng.normal();
        }
        let (fast, full) = both(&Scene::with_data(SceneName::Gabor, Some(d)));
        assert!(
            missing(&fast, &full).is_empty(),
            "data set {k}: a point of its own"
        );
        let lost = missing(&full, &fast);
        assert!(
            lost.iter().all(|p| p.kind != Curvature::Minimum),
            "data set {k}: a minimum missed"
        );
        assert!(
            fast.iter().filter(|p| p.global).count() >= 1,
            "data set {k}"
        );
        all += full.len();
        missed += lost.len();
    }
    assert!(all > 5000, "{all} points");
    assert!(missed * 1000 <= all, "{missed} of {all} points missed");
}

/// The shallow network's slice is sampled by a straight-line loop: it must give exactly what
/// the slice objective gives cell by cell (every plane kind the page offers).
#[test]
fn shallow_slice_rows_equal_the_slice_objective_bit_for_bit() {
    for q in [
        "scene=shallow",
        "scene=shallow&slice=random:5",
        "scene=shallow&slice=hessian",
        "scene=shallow&slice=phi1,theta21&view=-2,2,-1,3",
    ] {
        let s = downhill::session::Session::new(q);
        let scene = &s.race().scene;
        let o = scene.surface();
        let g =
            downhill::landscape::sample(&o, &scene.view, 37, 23, downhill::objective::Batch::All);
        for row in 0..23 {
            for col in 0..37 {
                let p = downhill::landscape::Grid::cell_center(&scene.view, 37, 23, col, row);
                let want = o.value(
                    p,
                    downhill::objective::Batch::All,
                    downhill::objective::Reduce::Sum,
                );
                assert_eq!(
                    g.at(col, row).to_bits(),
                    want.to_bits(),
                    "{q} at ({col}, {row})"
                );
            }
        }
    }
}

/// The page samples a fresh landscape a row at a time across frames and traces its contours
/// afterwards: that must give exactly what sampling it at once does (the CLI's pictures).
#[test]
fn a_grid_sampled_row_by_row_gives_the_same_grid_and_contours() {
    use downhill::landscape::{contours_at, contours_of, GridSampler, CONTOUR_CELLS};
    for q in ["scene=gabor", "scene=himmelblau", "scene=shallow&slice=pca"] {
        let s = downhill::session::Session::new(q);
        let scene = &s.race().scene;
        let o = scene.surface();
        let mut job = GridSampler::new(scene.view, CONTOUR_CELLS, CONTOUR_CELLS);
        let mut calls = 1;
        while !job.work(&o, 1) {
            calls += 1;
        }
        assert_eq!(calls, CONTOUR_CELLS, "{q}: a row per call");
        let whole = sample(&o, &scene.view, CONTOUR_CELLS, CONTOUR_CELLS, Batch::All);
        let bits = |g: &Grid| g.values.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(job.grid()), bits(&whole), "{q}");
        assert_eq!(
            contours_of(job.grid()),
            contours_at(&o, &scene.view, Batch::All, CONTOUR_CELLS),
            "{q}"
        );
        assert!(
            !contours_of(job.grid()).iter().all(Vec::is_empty),
            "{q}: some contour"
        );
    }
}

/// The curvature colours (`curv=1`) are sampled a row at a time across frames too (a Hessian
/// per cell is heavy on the network's slices): the same grid as at once, on a plain scene and a
/// slice.
#[test]
fn the_curvature_grid_sampled_row_by_row_is_the_one_made_at_once() {
    for q in [
        "scene=gabor",
        "scene=shallow&slice=pca&center=current&curv=1",
    ] {
        let s = downhill::session::Session::new(q);
        let scene = &s.race().scene;
        let o = scene.surface();
        let whole = downhill::landscape::curvature_grid(&o, &scene.view, 29);
        let mut rows = downhill::landscape::GridSampler::curvature(scene.view, 29);
        let mut calls = 0;
        while !rows.work(&o, 1) {
            calls += 1;
        }
        assert_eq!(calls, 28, "{q}");
        let got = rows.finish();
        assert_eq!((got.width, got.height), (29, 29));
        let bits = |g: &Grid| g.values.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&got), bits(&whole), "{q}");
        assert!(
            whole.values.iter().any(|&v| v != whole.values[0]),
            "{q}: one colour"
        );
    }
}

/// Figure 6.4 marks one saddle point; so does a landscape with more than four (the Gabor loss has
/// about twenty in view): the one nearest the view's centre, the book's near (−2.8, 9). A
/// landscape with four or fewer marks them all (Himmelblau's four, the saddle scene's one).
/// Every minimum is marked, no maximum; the unmarked points are still found (hover names them).
#[test]
fn a_landscape_marks_every_minimum_and_few_saddles() {
    use downhill::landscape::{CriticalPoint, CRITICAL_SEEDS, MARKED_SADDLES};
    let marks = |s: &Scene| critical_points(&s.objective, &s.view, CRITICAL_SEEDS);
    let check = |pts: &[CriticalPoint], s: &Scene, what: &str| {
        let saddles: Vec<_> = pts.iter().filter(|p| p.kind == Curvature::Saddle).collect();
        let marked: Vec<_> = saddles.iter().filter(|p| p.marked).collect();
        for p in pts {
            match p.kind {
                Curvature::Minimum => assert!(p.marked, "{what}: a minimum unmarked"),
                Curvature::Maximum | Curvature::Degenerate => assert!(!p.marked, "{what}"),
                Curvature::Saddle => {}
            }
        }
        if saddles.len() <= MARKED_SADDLES {
            assert_eq!(marked.len(), saddles.len(), "{what}");
        } else {
            assert_eq!(marked.len(), 1, "{what}");
            let c = Vector::new(
                (s.view.phi0[0] + s.view.phi0[1]) / 2.0,
                (s.view.phi1[0] + s.view.phi1[1]) / 2.0,
            );
            let span = Vector::new(
                s.view.phi0[1] - s.view.phi0[0],
                s.view.phi1[1] - s.view.phi1[0],
            );
            let off = |p: &CriticalPoint| (p.phi - c).div_elem(span).norm();
            assert!(saddles.iter().all(|p| off(p) >= off(marked[0])), "{what}");
        }
        saddles.len()
    };
    let gabor = Scene::new(SceneName::Gabor);
    let pts = marks(&gabor);
    assert!(check(&pts, &gabor, "gabor") > 15);
    let m = pts.iter().find(|p| p.kind == Curvature::Saddle && p.marked);
    assert!((m.unwrap().phi - Vector::new(-2.8, 9.0)).norm() < 0.5);
    let himmelblau = Scene::new(SceneName::Himmelblau);
    assert_eq!(check(&marks(&himmelblau), &himmelblau, "himmelblau"), 4);
    let saddle = Scene::new(SceneName::Saddle);
    assert_eq!(check(&marks(&saddle), &saddle, "saddle"), 1);
    // Random Gabor data sets: the rule holds on every one.
    let mut rng = downhill::rng::Rng::new(5);
    for k in 0..20 {
        let mut d = SceneName::Gabor.default_data().unwrap();
        for y in d.y.iter_mut() {
            *y += 0.3 * rng.normal();
        }
        let s = Scene::with_data(SceneName::Gabor, Some(d));
        check(&marks(&s), &s, &format!("data set {k}"));
    }
}
