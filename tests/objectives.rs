//! The chapter's objectives: the book's check values, and every gradient and Hessian against
//! central finite differences at many random points, for all data and for random batches.

use downhill::linalg::{Matrix, Vector};
use downhill::objective::{Batch, Objective, Reduce, Scene, SceneName};
use downhill::rng::Rng;

fn loss_at(name: SceneName, a: f64, b: f64) -> f64 {
    Scene::new(name).objective.loss(Vector::new(a, b))
}

#[test]
fn book_check_values() {
    // udl_chapter6.json check values (eq. 6.5 and 6.9 at phi = [0.6, -0.2]).
    assert!((loss_at(SceneName::Linear, 0.6, -0.2) - 12.367).abs() < 5e-4);
    assert!((loss_at(SceneName::Gabor, 0.6, -0.2) - 16.419).abs() < 5e-4);
    // Figure 6.4: the global minimum of the 30-point Gabor data.
    assert!((loss_at(SceneName::Gabor, 0.00379, 16.0267) - 0.6457).abs() < 5e-4);
}

#[test]
fn linear_gradient_is_eq_6_7() {
    let scene = Scene::new(SceneName::Linear);
    let phi = Vector::new(0.3, 0.7);
    let d = scene.objective.data().unwrap();
    let mut g = Vector::ZERO;
    for (x, y) in d.x.iter().zip(&d.y) {
        let r = phi.x() + phi.y() * x - y;
        g += Vector::new(2.0 * r, 2.0 * x * r);
    }
    let got = scene.objective.gradient(phi, Batch::All, Reduce::Sum);
    assert!((got - g).norm() < 1e-12);
}

fn fd_gradient(o: &Objective, p: Vector, batch: Batch, h: f64) -> Vector {
    let f = |q: Vector| o.value(q, batch, Reduce::Sum);
    Vector::new(
        (f(p + Vector::new(h, 0.0)) - f(p - Vector::new(h, 0.0))) / (2.0 * h),
        (f(p + Vector::new(0.0, h)) - f(p - Vector::new(0.0, h))) / (2.0 * h),
    )
}

fn fd_hessian(o: &Objective, p: Vector, batch: Batch, h: f64) -> Matrix {
    let g = |q: Vector| o.gradient(q, batch, Reduce::Sum);
    let c0 = (g(p + Vector::new(h, 0.0)) - g(p - Vector::new(h, 0.0))) / (2.0 * h);
    let c1 = (g(p + Vector::new(0.0, h)) - g(p - Vector::new(0.0, h))) / (2.0 * h);
    Matrix::new([[c0.x(), c1.x()], [c0.y(), c1.y()]])
}

fn close(a: f64, b: f64, scale: f64) -> bool {
    (a - b).abs() <= 1e-5 * (1.0 + scale)
}

#[test]
fn gradients_and_hessians_match_finite_differences_everywhere() {
    let mut rng = Rng::new(2024);
    for name in SceneName::ALL {
        let scene = Scene::new(name);
        let o = &scene.objective;
        let v = scene.view;
        let n = o.n_samples();
        for k in 0..300 {
            let p = Vector::new(
                v.phi0[0] + rng.next_f64() * (v.phi0[1] - v.phi0[0]),
                v.phi1[0] + rng.next_f64() * (v.phi1[1] - v.phi1[0]),
            );
            let idx: Vec<usize> = (0..n).filter(|_| rng.next_f64() < 0.4).collect();
            let batch = if k % 2 == 0 || idx.is_empty() {
                Batch::All
            } else {
                Batch::Indices(&idx)
            };
            let h = 1e-5 * (1.0 + p.norm());
            let e = o.eval(p, batch, Reduce::Sum);
            let fg = fd_gradient(o, p, batch, h);
            let fh = fd_hessian(o, p, batch, h);
            let gs = e.gradient.norm().max(fg.norm());
            for i in 0..2 {
                assert!(
                    close(e.gradient[i], fg[i], gs),
                    "{} gradient at {p:?}: {:?} vs {:?}",
                    name.name(),
                    e.gradient,
                    fg
                );
                for j in 0..2 {
                    assert!(
                        close(e.hessian.at(i, j), fh.at(i, j), e.hessian.max_abs()),
                        "{} Hessian at {p:?}: {:?} vs {:?}",
                        name.name(),
                        e.hessian,
                        fh
                    );
                }
            }
            assert_eq!(e.value, o.value(p, batch, Reduce::Sum));
            assert_eq!(e.gradient, o.gradient(p, batch, Reduce::Sum));
        }
    }
}

#[test]
fn batch_loss_is_the_sum_of_its_terms_and_mean_divides() {
    let scene = Scene::new(SceneName::Gabor);
    let o = &scene.objective;
    let p = Vector::new(1.0, 12.0);
    let all: f64 = (0..30)
        .map(|i| o.value(p, Batch::Indices(&[i]), Reduce::Sum))
        .sum();
    assert!((all - o.loss(p)).abs() < 1e-12);
    let b = [3, 7, 11];
    let sum = o.value(p, Batch::Indices(&b), Reduce::Sum);
    let mean = o.value(p, Batch::Indices(&b), Reduce::Mean);
    assert!((sum / 3.0 - mean).abs() < 1e-15);
    let gsum = o.gradient(p, Batch::Indices(&b), Reduce::Sum);
    let gmean = o.gradient(p, Batch::Indices(&b), Reduce::Mean);
    assert!((gsum / 3.0 - gmean).norm() < 1e-15);
}

#[test]
fn linear_regression_is_convex_everywhere() {
    // Problem 6.2: the Hessian of eq. 6.5 is constant with positive trace and determinant.
    let scene = Scene::new(SceneName::Linear);
    let mut rng = Rng::new(5);
    for _ in 0..100 {
        let p = Vector::new(rng.normal() * 100.0, rng.normal() * 100.0);
        let h = scene.objective.hessian(p, Batch::All, Reduce::Sum);
        assert!(h.trace() > 0.0 && h.det() > 0.0);
        assert!(h.eigenvalues()[0] > 0.0);
    }
}

#[test]
fn extreme_parameters_give_finite_or_reported_values() {
    // BCE is computed stably: no overflow for huge logits.
    let scene = Scene::new(SceneName::Logistic);
    let v = scene.objective.loss(Vector::new(1e6, 1e6));
    assert!(v.is_finite());
    let g = scene
        .objective
        .gradient(Vector::new(-1e6, 1e6), Batch::All, Reduce::Sum);
    assert!(g.is_finite());
}

#[test]
fn losses_are_pinned_to_the_bit() {
    // The same constants are checked on wasm32 in tests/wasm.rs: links trace identically.
    for (scene, a, b, bits) in [
        ("gabor", 0.6, -0.2, 0x40306b381f4c021du64),
        ("logistic", 0.3, 1.1, 0x401d408c2a563078),
        ("bowl", -0.7, -0.9, 0x3feb0b171a88a39d),
    ] {
        let s = Scene::new(SceneName::parse(scene).unwrap());
        assert_eq!(s.objective.loss(Vector::new(a, b)).to_bits(), bits, "{scene}");
    }
}

#[test]
fn finite_difference_gradient_agrees_with_the_analytic_one() {
    // Problems 6.1 and 6.3: the inspector's check, on every scene at several points.
    for name in downhill::SceneName::ALL {
        let s = downhill::Scene::new(name);
        let v = s.view;
        for k in 0..9 {
            let p = downhill::Vector::new(
                v.phi0[0] + (v.phi0[1] - v.phi0[0]) * (0.1 + 0.1 * k as f64),
                v.phi1[0] + (v.phi1[1] - v.phi1[0]) * (0.85 - 0.08 * k as f64),
            );
            let g = s.objective.gradient(
                p,
                downhill::objective::Batch::All,
                downhill::objective::Reduce::Sum,
            );
            let fd = s.objective.gradient_fd(p);
            assert!(
                (g - fd).norm() <= 1e-6 * g.norm().max(1.0),
                "{name:?} at {p:?}: {g:?} vs {fd:?}"
            );
        }
    }
}
