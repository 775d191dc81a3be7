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
    let mut g = Vector::zeros(p.dim());
    for k in 0..p.dim() {
        let e = h * Vector::unit(p.dim(), k);
        g[k] = (f(p + e) - f(p - e)) / (2.0 * h);
    }
    g
}

fn fd_hessian(o: &Objective, p: Vector, batch: Batch, h: f64) -> Matrix {
    let g = |q: Vector| o.gradient(q, batch, Reduce::Sum);
    let n = p.dim();
    let mut m = Matrix::zeros(n);
    for j in 0..n {
        let e = h * Vector::unit(n, j);
        let c = (g(p + e) - g(p - e)) / (2.0 * h);
        for i in 0..n {
            m.set(i, j, c[i]);
        }
    }
    m
}

fn close(a: f64, b: f64, scale: f64) -> bool {
    (a - b).abs() <= 1e-5 * (1.0 + scale)
}

/// A random point of `scene`: in its view for two parameters; for the shallow network within
/// ±1.5 of the target in every parameter and at least 1e-3 from every kink (`None` when the
/// draw lands nearer), where the Hessian is exact.
fn random_point(scene: &Scene, rng: &mut Rng) -> Option<Vector> {
    let v = scene.view;
    if scene.name != SceneName::Shallow {
        return Some(Vector::new(
            v.phi0[0] + rng.next_f64() * (v.phi0[1] - v.phi0[0]),
            v.phi1[0] + rng.next_f64() * (v.phi1[1] - v.phi1[0]),
        ));
    }
    let mut p = Vector::from_slice(&downhill::objective::SHALLOW_TRUTH);
    for k in 0..10 {
        p[k] += 3.0 * rng.next_f64() - 1.5;
    }
    let d = scene.objective.data().unwrap();
    let near_kink = d.x.iter().any(|x| {
        (1..=3).any(|k| {
            let t = downhill::objective::data::theta_index(k);
            (p[t] + p[t + 1] * x).abs() < 1e-3
        })
    });
    (!near_kink).then_some(p)
}

/// Checks value, gradient and Hessian of `o` at `p` against central differences.
fn check_derivatives(name: &str, o: &Objective, p: Vector, batch: Batch) {
    let h = 1e-5 * (1.0 + p.norm());
    let e = o.eval(p, batch, Reduce::Sum);
    let fg = fd_gradient(o, p, batch, h);
    let fh = fd_hessian(o, p, batch, h);
    let gs = e.gradient.norm().max(fg.norm());
    for i in 0..p.dim() {
        assert!(
            close(e.gradient[i], fg[i], gs),
            "{name} gradient at {p:?}: {:?} vs {:?}",
            e.gradient,
            fg
        );
        for j in 0..p.dim() {
            assert!(
                close(e.hessian.at(i, j), fh.at(i, j), e.hessian.max_abs()),
                "{name} Hessian at {p:?}: {:?} vs {:?}",
                e.hessian,
                fh
            );
        }
    }
    assert_eq!(e.value, o.value(p, batch, Reduce::Sum));
    assert_eq!(e.gradient, o.gradient(p, batch, Reduce::Sum));
}

#[test]
fn gradients_and_hessians_match_finite_differences_everywhere() {
    let mut rng = Rng::new(2024);
    for name in SceneName::ALL {
        let scene = Scene::new(name);
        let o = &scene.objective;
        let n = o.n_samples();
        let mut checked = 0;
        for k in 0..300 {
            let Some(p) = random_point(&scene, &mut rng) else {
                continue;
            };
            let idx: Vec<usize> = (0..n).filter(|_| rng.next_f64() < 0.4).collect();
            let batch = if k % 2 == 0 || idx.is_empty() {
                Batch::All
            } else {
                Batch::Indices(&idx)
            };
            check_derivatives(name.name(), o, p, batch);
            checked += 1;
        }
        assert!(checked > 200, "{}: only {checked} points", name.name());
    }
}

/// Problem 6.5: the shallow network's analytic gradient and Hessian, and those of random
/// slices through it (the landscape panel's objective), against finite differences.
#[test]
fn shallow_network_and_its_slices_match_finite_differences() {
    use downhill::objective::slice::{random_direction, Plane};
    let scene = Scene::new(SceneName::Shallow);
    let mut rng = Rng::new(65);
    let mut checked = 0;
    while checked < 100 {
        let Some(c) = random_point(&scene, &mut rng) else {
            continue;
        };
        let plane = Plane {
            center: c,
            d1: random_direction(c, &mut rng),
            d2: random_direction(c, &mut rng),
        };
        let sliced = Objective::Sliced(Box::new((scene.objective.clone(), plane)));
        // The slice's centre is a kink-free point; nearby ones are too, at this step size.
        check_derivatives("shallow slice", &sliced, Vector::new(0.0, 0.0), Batch::All);
        checked += 1;
    }
}

/// The shallow scene's data need the network: the best line (least squares solved exactly, as the
/// captions quote it) leaves several times the loss of the target network.
#[test]
fn shallow_data_are_not_a_line() {
    let race = downhill::preset::parse("scene=shallow").preset.build().0;
    let line = downhill::figures::best_line_loss(&race);
    let truth = race
        .scene
        .objective
        .loss(Vector::from_slice(&downhill::objective::SHALLOW_TRUTH));
    assert!(line > 5.0 * truth, "line {line} vs network {truth}");
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
        assert_eq!(
            s.objective.loss(Vector::new(a, b)).to_bits(),
            bits,
            "{scene}"
        );
    }
}

#[test]
fn finite_difference_gradient_agrees_with_the_analytic_one() {
    // Problems 6.1 and 6.3: the inspector's check, on every scene at several points.
    for name in downhill::SceneName::ALL {
        let s = downhill::Scene::new(name);
        let v = s.view;
        let mut rng = Rng::new(7);
        for k in 0..9 {
            let p = if name == SceneName::Shallow {
                match random_point(&s, &mut rng) {
                    Some(p) => p,
                    None => continue,
                }
            } else {
                downhill::Vector::new(
                    v.phi0[0] + (v.phi0[1] - v.phi0[0]) * (0.1 + 0.1 * k as f64),
                    v.phi1[0] + (v.phi1[1] - v.phi1[0]) * (0.85 - 0.08 * k as f64),
                )
            };
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
