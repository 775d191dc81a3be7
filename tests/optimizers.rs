//! Optimizers, table-driven: every optimizer on several scenes; first steps computed by hand;
//! closed forms on the quadratic loss of linear regression; loss decreasing where it must;
//! divergence and singular Hessians reported, never a panic.

use downhill::linalg::{Curvature, Vector};
use downhill::objective::{Batch, Reduce, Scene, SceneName};
use downhill::optim::linesearch::{bracket_search, Rule};
use downhill::optim::{OptName, Row};
use downhill::preset::parse;
use downhill::rng::Rng;
use downhill::run::{Race, Status};

fn race(query: &str) -> Race {
    let parsed = parse(query);
    assert!(
        parsed.errors().next().is_none(),
        "{query}: {:?}",
        parsed.problems
    );
    let (mut race, problems) = parsed.preset.build();
    assert!(
        problems
            .iter()
            .all(|p| p.severity != downhill::preset::Severity::Error),
        "{problems:?}"
    );
    race.run_to_end();
    race
}

fn phis(race: &Race, run: usize) -> Vec<Vector> {
    race.runs[run].history().iter().map(|p| p.phi).collect()
}

/// The full-data gradient of the linear scene by eq. 6.7, written out.
fn linear_gradient(phi: Vector) -> Vector {
    let s = Scene::new(SceneName::Linear);
    let d = s.objective.data().unwrap().clone();
    let mut g = Vector::ZERO;
    for (x, y) in d.x.iter().zip(&d.y) {
        let r = phi.x() + phi.y() * x - y;
        g += Vector::new(2.0 * r, 2.0 * x * r);
    }
    g
}

/// `H^{-1} g` for the linear scene, its Hessian written out (Problem 6.2).
fn h_inv_g(phi: Vector) -> Vector {
    let s = Scene::new(SceneName::Linear);
    let d = s.objective.data().unwrap();
    let (n, sx, sxx) = (
        d.x.len() as f64,
        d.x.iter().sum::<f64>(),
        d.x.iter().map(|x| x * x).sum::<f64>(),
    );
    let h = downhill::Matrix::new([[2.0 * n, 2.0 * sx], [2.0 * sx, 2.0 * sxx]]);
    h.solve(linear_gradient(phi)).unwrap()
}

#[test]
fn first_steps_by_hand() {
    let p0 = Vector::new(1.6, -0.5);
    let g = linear_gradient(p0);
    let (a, b, c, e) = (0.01, 0.8, 0.95, 1e-8);
    let base = "scene=linear&start=1.6,-0.5&steps=1&alpha=0.01&beta=0.8&gamma=0.95&eps=1e-8";
    let sq = g.squared();
    let expect: Vec<(&str, Vector)> = vec![
        ("gd", p0 - a * g),
        ("momentum", p0 - a * ((1.0 - b) * g)),
        ("nesterov", p0 - a * ((1.0 - b) * g)),
        ("normalized", p0 - a * g.div_elem((sq + e).sqrt())),
        // m̂ = g and v̂ = g² after one step: Adam moves alpha g/(|g| + eps).
        ("adam", p0 - a * g.div_elem(sq.sqrt() + e)),
        ("adagrad", p0 - a * g.div_elem(sq.sqrt() + e)),
        ("rmsprop", p0 - a * g.div_elem(((1.0 - c) * sq).sqrt() + e)),
        ("newton", p0 - a * h_inv_g(p0)),
        ("svrg", p0 - a * g),
        ("adamw", p0 - a * (g.div_elem(sq.sqrt() + e) + 0.01 * p0)),
        // NAdam (Dozat; optax's nadam), t = 1: m = (1 - beta) g, so the momentum term
        // beta m / (1 - beta²) = beta g / (1 + beta) and the gradient term (1 - beta) g / (1 - beta)
        // = g: (1 + 2 beta) / (1 + beta) g over sqrt(v̂) + eps.
        (
            "nadam",
            p0 - a * (((1.0 + 2.0 * b) / (1.0 + b)) * g).div_elem(sq.sqrt() + e),
        ),
        // RAdam falls back to momentum while rho_t <= 5: phi - alpha m̂ = phi - alpha g.
        ("radam", p0 - a * g),
    ];
    for (opt, want) in expect {
        let r = race(&format!("{base}&opt={opt}"));
        let got = r.runs[0].current().phi;
        assert!((got - want).norm() < 1e-13, "{opt}: {got:?} vs {want:?}");
    }
    // AdaDelta: v = (1-rho) g², d = sqrt(eps)/sqrt(v + eps) g.
    let r = race(&format!("{base}&opt=adadelta&alpha=1&gamma=0.9&eps=1e-6"));
    let v = 0.1 * g.squared();
    let d = (Vector::new(1e-6, 1e-6).sqrt())
        .div_elem((v + 1e-6).sqrt())
        .hadamard(g);
    assert!((r.runs[0].current().phi - (p0 - d)).norm() < 1e-13);
}

#[test]
fn nesterov_takes_its_gradient_at_the_look_ahead_point() {
    let q = "scene=gabor&start=-1.5,6.5&steps=2&alpha=0.6&beta=0.6";
    let n = race(&format!("{q}&opt=nesterov"));
    let m = race(&format!("{q}&opt=momentum"));
    let (pn, pm) = (phis(&n, 0), phis(&m, 0));
    assert_eq!(pn[1], pm[1], "identical first step: m_0 = 0");
    assert_ne!(pn[2], pm[2]);
    // Step 2 by eq. 6.12.
    let o = &n.scene.objective;
    let m1 = 0.4 * o.gradient(pn[0], Batch::All, Reduce::Sum);
    let look = pn[1] - 0.6 * m1;
    let m2 = 0.6 * m1 + 0.4 * o.gradient(look, Batch::All, Reduce::Sum);
    assert!((pn[2] - (pn[1] - 0.6 * m2)).norm() < 1e-12);
    assert_eq!(n.runs[0].internals().lookahead, Some(look));
}

#[test]
fn adam_bias_correction_and_epsilon_sit_where_the_book_puts_them() {
    // Two steps of eq. 6.15–6.17 written out.
    let r = race(
        "scene=bowl&opt=adam&alpha=0.05&beta=0.9&gamma=0.99&eps=0.001&start=-0.7,-0.9&steps=2",
    );
    let p = phis(&r, 0);
    let o = &r.scene.objective;
    let (mut m, mut v, mut phi) = (Vector::ZERO, Vector::ZERO, p[0]);
    for t in 1..=2 {
        let g = o.gradient(phi, Batch::All, Reduce::Sum);
        m = 0.9 * m + 0.1 * g;
        v = 0.99 * v + 0.01 * g.squared();
        let mh = m / (1.0 - 0.9f64.powi(t));
        let vh = v / (1.0 - 0.99f64.powi(t));
        phi = phi - 0.05 * mh.div_elem(vh.sqrt() + 0.001);
        assert!((phi - p[t as usize]).norm() < 1e-15);
    }
    let i = r.runs[0].internals();
    assert!(Row::find(&i.rows, "m̂").is_some() && Row::find(&i.rows, "v̂").is_some());
}

#[test]
fn gd_on_the_quadratic_follows_its_closed_form() {
    // L is quadratic: phi_t - phi* = (I - alpha H)^t (phi_0 - phi*).
    let r = race("scene=linear&opt=gd&alpha=0.01&start=1.6,-0.5&steps=25");
    let o = &r.scene.objective;
    let h = o.hessian(Vector::ZERO, Batch::All, Reduce::Sum);
    let star = h
        .solve(-o.gradient(Vector::ZERO, Batch::All, Reduce::Sum))
        .unwrap();
    let mut e = Vector::new(1.6, -0.5) - star;
    for (t, p) in phis(&r, 0).iter().enumerate() {
        assert!((*p - (star + e)).norm() < 1e-12, "t = {t}");
        e = e - 0.01 * h.mul_vec(e);
    }
    // Newton reaches the minimum in one step on a quadratic.
    let n = race("scene=linear&opt=newton&start=1.6,-0.5&steps=1");
    assert!((n.runs[0].current().phi - star).norm() < 1e-12);
}

#[test]
fn loss_decreases_where_it_must() {
    for q in [
        "scene=linear&opt=gd&alpha=0.01&steps=100",
        "scene=linear&opt=linesearch&maxdist=0.1&steps=30",
        "scene=gabor&opt=linesearch&maxdist=2&start=-1.5,8.5&steps=21",
        "scene=bowl&opt=gd&alpha=0.08&steps=200",
        "scene=logistic&opt=gd&alpha=0.05&steps=100",
    ] {
        let r = race(q);
        let losses: Vec<f64> = r.runs[0].history().iter().map(|p| p.loss).collect();
        assert!(
            losses.windows(2).all(|w| w[1] <= w[0] + 1e-12),
            "{q}: {losses:?}"
        );
    }
}

#[test]
fn every_optimizer_on_every_scene_finishes_or_reports() {
    for opt in OptName::ALL {
        for scene in SceneName::ALL {
            let q = format!("scene={}&opt={}&steps=60&batch=4", scene.name(), opt.name());
            let r = race(&q);
            let run = &r.runs[0];
            for p in run.history() {
                assert!(p.phi.is_finite() && p.loss.is_finite(), "{q}");
            }
            match run.status() {
                Status::Running => assert_eq!(run.steps_taken(), 60, "{q}"),
                s => assert!(!s.message().unwrap().is_empty(), "{q}"),
            }
        }
    }
}

#[test]
fn hostile_hyperparameters_never_panic() {
    let mut rng = Rng::new(99);
    for k in 0..600 {
        let opt = OptName::ALL[k % OptName::ALL.len()];
        let scene = SceneName::ALL[(k / 3) % SceneName::ALL.len()];
        let alpha = 10f64.powf(rng.next_f64() * 12.0 - 6.0);
        let beta = rng.next_f64() * 0.999;
        let start: Vec<String> = (0..scene.dim())
            .map(|_| (rng.normal() * 1e3).to_string())
            .collect();
        let start = start.join(",");
        let q = format!(
            "scene={}&opt={}&alpha={alpha}&beta={beta}&maxdist={alpha}&start={start}&steps=40&batch={}",
            scene.name(),
            opt.name(),
            1 + rng.below(40)
        );
        let r = race(&q);
        for p in r.runs[0].history() {
            assert!(p.phi.is_finite() && p.loss.is_finite(), "{q}");
        }
    }
}

#[test]
fn divergence_is_data() {
    let r = race("scene=rosenbrock&opt=gd&alpha=1&start=-1.5,2.5&steps=100");
    let run = &r.runs[0];
    match run.status() {
        Status::Diverged { t, message } => {
            assert!(*t < 100);
            assert!(
                message.contains("diverged") && message.contains("alpha"),
                "{message}"
            );
            assert_eq!(run.steps_taken(), t - 1);
        }
        s => panic!("expected divergence, got {s:?}"),
    }
}

#[test]
fn newton_reports_a_singular_hessian_and_can_climb_to_a_maximum() {
    // line1d ignores phi1: its Hessian is singular everywhere.
    let r = race("scene=line1d&opt=newton&steps=5");
    match r.runs[0].status() {
        Status::Stopped {
            t: 0,
            message,
            reason,
        } => assert!(
            message.contains("singular") && *reason == "singular_hessian",
            "{message}"
        ),
        s => panic!("{s:?}"),
    }
    // Near Himmelblau's maximum, Newton climbs onto it (the chapter's notes warn of this).
    let r = race("scene=himmelblau&opt=newton&start=-0.5,-0.5&steps=20");
    let p = r.runs[0].current().phi;
    let h = r.scene.objective.hessian(p, Batch::All, Reduce::Sum);
    assert_eq!(Curvature::of(h), Curvature::Maximum);
    assert!(r.runs[0].current().loss > r.runs[0].history()[0].loss);
    // And on the saddle surface it stops on the saddle.
    let r = race("scene=saddle&opt=newton&start=0.4,0.3&steps=20");
    assert!(r.runs[0].current().phi.norm() < 1e-12);
}

#[test]
fn minibatches_sample_without_replacement_and_sum_eq_6_10() {
    let r = race("scene=gabor&opt=sgd&alpha=0.6&batch=7&start=-1.5,6.5&steps=25&seed=3");
    let run = &r.runs[0];
    let o = &r.scene.objective;
    let h = run.history();
    let mut by_epoch: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for w in h.windows(2) {
        let (prev, p) = (&w[0], &w[1]);
        let batch = p.batch.as_ref().unwrap().indices();
        by_epoch.entry(p.epoch.unwrap()).or_default().extend(&batch);
        let g = batch.iter().fold(Vector::ZERO, |acc, &i| {
            acc + o.gradient(prev.phi, Batch::Indices(&[i]), Reduce::Sum)
        });
        assert!((p.phi - (prev.phi - 0.6 * g)).norm() < 1e-12);
    }
    // 30 points in batches of 7: K = 5 batches (7,7,7,7,2) per epoch.
    for (e, mut ix) in by_epoch {
        ix.sort();
        if e < 4 {
            assert_eq!(ix, (0..30).collect::<Vec<_>>(), "epoch {e}");
        } else {
            let n = ix.len();
            ix.dedup();
            assert_eq!(ix.len(), n, "repeated sample in epoch {e}");
        }
    }
}

#[test]
fn seeds_fix_the_trajectory_and_runs_share_batches() {
    let q = "scene=gabor&batch=5&alpha=0.6&beta=0.6&start=-1.5,6.5&steps=40&run=sgd&run=momentum";
    let a = race(&format!("{q}&seed=11"));
    let b = race(&format!("{q}&seed=11"));
    let c = race(&format!("{q}&seed=12"));
    assert_eq!(phis(&a, 0), phis(&b, 0));
    assert_ne!(phis(&a, 0), phis(&c, 0));
    let batches = |r: &Race, i: usize| -> Vec<_> {
        r.runs[i]
            .history()
            .iter()
            .map(|p| p.batch.clone())
            .collect()
    };
    assert_eq!(
        batches(&a, 0),
        batches(&a, 1),
        "SGD and momentum see the same batches"
    );
}

#[test]
fn svrg_is_gd_on_full_batches_and_unbiased_at_its_snapshot() {
    let g = race("scene=gabor&opt=gd&alpha=0.05&steps=10");
    let s = race("scene=gabor&opt=svrg&alpha=0.05&steps=10");
    let (pg, ps) = (phis(&g, 0), phis(&s, 0));
    for (a, b) in pg.iter().zip(&ps) {
        assert!((*a - *b).norm() < 1e-12);
    }
    // At a snapshot step the correction cancels: g = (|B|/I) * full gradient.
    let r = race("scene=gabor&opt=svrg&alpha=0.05&batch=6&steps=1");
    let o = &r.scene.objective;
    let p0 = r.runs[0].history()[0].phi;
    let full = o.gradient(p0, Batch::All, Reduce::Sum);
    let want = p0 - 0.05 * ((6.0 / 30.0) * full);
    assert!((r.runs[0].current().phi - want).norm() < 1e-12);
}

#[test]
fn reduce_mean_divides_the_gradient_by_the_batch_size() {
    let s = race("scene=linear&opt=gd&alpha=0.01&steps=5");
    let m = race("scene=linear&opt=gd&alpha=0.12&reduce=mean&steps=5");
    for (a, b) in phis(&s, 0).iter().zip(&phis(&m, 0)) {
        assert!((*a - *b).norm() < 1e-12);
    }
}

#[test]
fn schedules_set_each_steps_rate() {
    let r = race("scene=gabor&opt=sgd&batch=10&alpha=1&schedule=step&factor=0.5&every=2&steps=12");
    let rates: Vec<f64> = r.runs[0].history()[1..]
        .iter()
        .map(|p| p.rate.unwrap())
        .collect();
    // 3 batches per epoch; the rate halves every 2 epochs (6 steps).
    assert_eq!(
        rates,
        [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
    );
    let w = race("scene=bowl&opt=gd&alpha=0.4&warmup=4&steps=5");
    let rates: Vec<f64> = w.runs[0].history()[1..]
        .iter()
        .map(|p| p.rate.unwrap())
        .collect();
    assert_eq!(rates, [0.1, 0.2, 0.30000000000000004, 0.4, 0.4]);
}

#[test]
fn bracketing_line_search_of_figure_6_10() {
    let s = Scene::new(SceneName::Line1d);
    let f = |x: f64| s.objective.loss(Vector::new(x, 0.0));
    let (x, brackets) = bracket_search(f, 1.0, 1e-4, 10);
    assert_eq!(brackets.len(), 10);
    assert_eq!(brackets[0].a, 0.0);
    assert_eq!(brackets[0].d, 1.0);
    // First bracket: L(b=0.33) < L(c=0.66) on this function, so [c, d] is dropped.
    assert_eq!(brackets[0].rule, Rule::DropRight);
    // Every bracket nests inside the previous one.
    for w in brackets.windows(2) {
        assert!(w[1].a >= w[0].a && w[1].d <= w[0].d);
    }
    // The notebook stops after 10 iterations; the last bracket holds both the answer and the
    // function's global minimum on [0, 1] (found by a dense scan).
    let best = (0..=100_000)
        .map(|i| i as f64 / 100_000.0)
        .min_by(|a, b| f(*a).total_cmp(&f(*b)))
        .unwrap();
    let last = brackets.last().unwrap();
    assert!(last.a <= best && best <= last.d, "{best} not in {last:?}");
    assert!(last.a <= x && x <= last.d);
    assert!((x - best).abs() < 0.05, "x = {x}, best = {best}");
}

#[test]
fn the_bracket_stepper_replays_figure_6_10_one_rule_per_step() {
    let s = Scene::new(SceneName::Line1d);
    let (_, brackets) = bracket_search(|x| s.objective.loss(Vector::new(x, 0.0)), 1.0, 0.0, 10);
    let r = race("scene=line1d&opt=bracket&maxdist=1&start=0,0&steps=10");
    let h = r.runs[0].history();
    assert_eq!(h.len(), 11);
    // After step k the answer is (b + c) / 2 of bracket k + 1.
    for k in 1..10 {
        let b = brackets[k];
        assert_eq!(h[k].phi, Vector::new((b.b + b.c) / 2.0, 0.0), "step {k}");
    }
    assert_eq!(r.runs[0].internals().brackets.len(), 1);
    assert_eq!(r.runs[0].internals().brackets[0], brackets[9]);
}

#[test]
fn the_step_limit_is_enforced() {
    let p = parse("scene=bowl&steps=20001").problems;
    assert!(p[0].message.contains("20000"), "{p:?}");
}

#[test]
fn each_optimizer_labels_its_own_quantities() {
    let want: &[(&str, &[&str])] = &[
        ("gd", &[]),
        ("linesearch", &["s"]),
        ("momentum", &["m"]),
        ("nesterov", &["m", "φ − α·m"]),
        ("normalized", &["v"]),
        ("adam", &["m", "v", "m̂", "v̂"]),
        ("adamw", &["m", "v", "m̂", "v̂"]),
        ("nadam", &["m", "v", "m̂", "v̂"]),
        ("radam", &["m", "v", "m̂", "v̂", "rₜ"]),
        ("adagrad", &["v"]),
        ("rmsprop", &["v"]),
        ("adadelta", &["v", "u"]),
        ("svrg", &["φ̃", "μ"]),
        ("newton", &[]),
    ];
    for (opt, labels) in want {
        let q = format!("scene=linear&opt={opt}&alpha=0.01&steps=12");
        let (mut race, _) = parse(&q).preset.build();
        race.run_to_end();
        let got: Vec<&str> = race.runs[0]
            .internals()
            .rows
            .iter()
            .map(|r| r.label)
            .collect();
        assert_eq!(&got, labels, "{opt}");
    }
}

/// NAdam's second step by hand, in Dozat's form (optax's `nadam`): the momentum term carries the
/// next step's bias correction, `1 - beta^(t+1)`; the gradient term this step's, `1 - beta^t`.
#[test]
fn nadam_second_step_is_dozats() {
    let (a, b, c, e) = (0.05, 0.9, 0.999, 1e-8);
    let q = format!(
        "scene=rosenbrock&start=-1.5,2.5&steps=2&opt=nadam&alpha={a}&beta={b}&gamma={c}&eps={e}"
    );
    let r = race(&q);
    let h = r.runs[0].history();
    let (p0, p1, p2) = (h[0].phi, h[1].phi, h[2].phi);
    let grad = |p: Vector| {
        let (x, y) = (p.x(), p.y());
        Vector::new(
            -2.0 * (1.0 - x) - 400.0 * x * (y - x * x),
            200.0 * (y - x * x),
        )
    };
    let (g1, g2) = (grad(p0), grad(p1));
    // Step 1: (1 + 2 beta)/(1 + beta) alpha per coordinate.
    let want1 = p0 - a * (((1.0 + 2.0 * b) / (1.0 + b)) * g1).div_elem(g1.squared().sqrt() + e);
    assert!((p1 - want1).norm() < 1e-12, "{p1:?} vs {want1:?}");
    // Step 2.
    let m = b * (1.0 - b) * g1 + (1.0 - b) * g2;
    let v = c * (1.0 - c) * g1.squared() + (1.0 - c) * g2.squared();
    let v_hat = v / (1.0 - c * c);
    let nm = b * (m / (1.0 - b * b * b)) + ((1.0 - b) / (1.0 - b * b)) * g2;
    let want2 = p1 - a * nm.div_elem(v_hat.sqrt() + e);
    assert!((p2 - want2).norm() < 1e-12, "{p2:?} vs {want2:?}");
    // The size of the first step: alpha (1 + 2 beta)/(1 + beta) = 1.4737 alpha per coordinate,
    // not the 1.9 alpha of the form that corrected both terms by 1 - beta^t.
    let step = (p1 - p0).x().abs() / a;
    assert!((step - (1.0 + 2.0 * b) / (1.0 + b)).abs() < 1e-6, "{step}");
}
