//! "Copy as NumPy": a self-contained Python script, NumPy only, in the style of the book's
//! notebooks, that reproduces a race's runs. It carries the data, each run's start and
//! hyperparameters, the learning rate of every step (schedules written out) and every
//! minibatch's indices (so no PRNG needs replaying), and the update rules of chapter 6. Run
//! with `python3`, it prints each point as `run t phi0 phi1 loss`, the same trajectory as the
//! widget and `downhill trace` (to about 1e-12; the order of floating-point sums differs), and
//! draws it with matplotlib when that is installed.

use crate::format::num;
use crate::objective::{Loss, Model, Objective, Reduce, Surface};
use crate::optim::OptName;
use crate::run::Race;
use std::fmt::Write;

/// The optimizers a script can carry (line search, bracketing, Newton and SVRG cannot yet).
pub const EXPORTABLE: [OptName; 12] = [
    OptName::Gd,
    OptName::Sgd,
    OptName::Momentum,
    OptName::Nesterov,
    OptName::Normalized,
    OptName::Adam,
    OptName::Adagrad,
    OptName::Rmsprop,
    OptName::Adadelta,
    OptName::Adamw,
    OptName::Nadam,
    OptName::Radam,
];

fn list(xs: impl IntoIterator<Item = f64>) -> String {
    let items: Vec<String> = xs.into_iter().map(num).collect();
    format!("[{}]", items.join(", "))
}

/// The loss of the scene: data, model and loss, or the surface's formula.
fn objective_code(objective: &Objective) -> String {
    match objective {
        Objective::Data(d) => {
            let model = match d.model {
                Model::Line => {
                    "# The linear model (eq. 2.4): f[x, phi] = phi0 + phi1 x.
def model(phi, x):
    return phi[0] + phi[1] * x

def dmodel(phi, x):
    return np.ones_like(x), x
"
                }
                Model::Gabor => {
                    "# The Gabor model (eq. 6.8): f[x, phi] = sin(phi0 + 0.06 phi1 x) exp(-(phi0 + 0.06 phi1 x)^2 / 32).
def model(phi, x):
    u = phi[0] + 0.06 * phi[1] * x
    return np.sin(u) * np.exp(-u * u / 32.0)

def dmodel(phi, x):
    u = phi[0] + 0.06 * phi[1] * x
    g = np.exp(-u * u / 32.0)
    f1 = g * (np.cos(u) - (2.0 / 32.0) * u * np.sin(u))
    return f1, f1 * (0.06 * x)
"
                }
            };
            let loss = match d.loss {
                Loss::SumOfSquares => {
                    "# Least squares (eq. 6.5): the sum of (f - y)^2 over the batch.
def terms(phi, x, y):
    r = model(phi, x) - y
    d0, d1 = dmodel(phi, x)
    return r * r, 2.0 * r * d0, 2.0 * r * d1
"
                }
                Loss::BinaryCrossEntropy => {
                    "# Binary cross-entropy with a logistic sigmoid: softplus(f) - y f per point.
def terms(phi, x, y):
    f = model(phi, x)
    s = 1.0 / (1.0 + np.exp(-f))
    d0, d1 = dmodel(phi, x)
    return np.logaddexp(0.0, f) - y * f, (s - y) * d0, (s - y) * d1
"
                }
            };
            format!(
                "# The data (the widget's, as shown): inputs x and outputs y.
data = np.array([{},
                 {}])

{model}
{loss}
# Sums run point by point, in the order of the indices (np.cumsum, not np.sum's pairwise
# order), so they match the widget's to the last bit.
def total(v):
    return np.cumsum(v)[-1]

def loss(phi, idx=None):
    \"\"\"The sum of the terms over the batch `idx` (all the data when None), eq. 6.5.\"\"\"
    i = slice(None) if idx is None else np.array(idx)
    value, _, _ = terms(phi, data[0, i], data[1, i])
    return total(value)

def gradient(phi, idx=None):
    i = slice(None) if idx is None else np.array(idx)
    _, g0, g1 = terms(phi, data[0, i], data[1, i])
    return scale(idx) * np.array([total(g0), total(g1)])
",
                list(d.data.x.iter().copied()),
                list(d.data.y.iter().copied()),
            )
        }
        Objective::Surface(s) => {
            let body = match s {
                Surface::Bowl => {
                    "# The anisotropic bowl of figure 6.9: 1 - exp(-(phi0 - 0.7)^2 / 8 - 2 phi1^2).
def loss(phi, idx=None):
    a, b = phi
    return 1.0 - np.exp(-2.0 * b * b - (a - 0.7) * (a - 0.7) / 8.0)

def gradient(phi, idx=None):
    a, b = phi
    e = np.exp(-2.0 * b * b - (a - 0.7) * (a - 0.7) / 8.0)
    return np.array([-e * (-(a - 0.7) / 4.0), -e * (-4.0 * b)])
"
                }
                Surface::Line1d => {
                    "# The 1-D function of figure 6.10 (phi1 is ignored).
def loss(phi, idx=None):
    a, value = phi[0], 1.0
    for w, c, s in [(0.5, 0.65, 0.1), (0.45, 0.35, 0.02)]:
        value -= w * np.exp(-(a - c) * (a - c) / s)
    return value

def gradient(phi, idx=None):
    a, g = phi[0], 0.0
    for w, c, s in [(0.5, 0.65, 0.1), (0.45, 0.35, 0.02)]:
        g -= w * np.exp(-(a - c) * (a - c) / s) * (-2.0 * (a - c) / s)
    return np.array([g, 0.0])
"
                }
                Surface::Rosenbrock => {
                    "# Rosenbrock's valley: (1 - phi0)^2 + 100 (phi1 - phi0^2)^2.
def loss(phi, idx=None):
    a, b = phi
    r = b - a * a
    return (1.0 - a) * (1.0 - a) + 100.0 * r * r

def gradient(phi, idx=None):
    a, b = phi
    r = b - a * a
    return np.array([-2.0 * (1.0 - a) - 400.0 * a * r, 200.0 * r])
"
                }
                Surface::Himmelblau => {
                    "# Himmelblau's function: (phi0^2 + phi1 - 11)^2 + (phi0 + phi1^2 - 7)^2.
def loss(phi, idx=None):
    a, b = phi
    r1, r2 = a * a + b - 11.0, a + b * b - 7.0
    return r1 * r1 + r2 * r2

def gradient(phi, idx=None):
    a, b = phi
    r1, r2 = a * a + b - 11.0, a + b * b - 7.0
    return np.array([4.0 * a * r1 + 2.0 * r2, 2.0 * r1 + 4.0 * b * r2])
"
                }
                Surface::Saddle => {
                    "# A saddle: phi0^2 - phi1^2 + phi1^4 / 2.
def loss(phi, idx=None):
    a, b = phi
    return a * a - b * b + 0.5 * b ** 4

def gradient(phi, idx=None):
    a, b = phi
    return np.array([2.0 * a, -2.0 * b + 2.0 * b ** 3])
"
                }
            };
            body.to_string()
        }
    }
}

/// Chapter 6's update rules, one function each: `step(phi, grad, rate, h, s)` with the run's
/// state `s` (a dict, moments start at zero) and `grad(p)` the batch gradient at `p`.
const UPDATES: &str = r#"# The update rules of chapter 6. Each takes the parameters, the batch gradient as a
# function, this step's learning rate, the run's hyperparameters and its state (starting
# empty: moments are zero), and returns the new parameters.
def gd(phi, grad, rate, h, s):  # eq. 6.3 (sgd: the same on a minibatch, eq. 6.10)
    return phi - rate * grad(phi)

def momentum(phi, grad, rate, h, s):  # eq. 6.11
    s["m"] = h["beta"] * s.get("m", 0.0) + (1 - h["beta"]) * grad(phi)
    return phi - rate * s["m"]

def nesterov(phi, grad, rate, h, s):  # eq. 6.12: the gradient at the look-ahead point
    m = s.get("m", np.zeros(2))
    s["m"] = h["beta"] * m + (1 - h["beta"]) * grad(phi - rate * m)
    return phi - rate * s["m"]

def normalized(phi, grad, rate, h, s):  # eq. 6.14: epsilon inside the root
    g = grad(phi)
    return phi - rate * g / np.sqrt(g * g + h["eps"])

def moments(g, h, s):  # eq. 6.15-6.16: the moments and their bias correction
    s["t"] = s.get("t", 0) + 1
    s["m"] = h["beta"] * s.get("m", 0.0) + (1 - h["beta"]) * g
    s["v"] = h["gamma"] * s.get("v", 0.0) + (1 - h["gamma"]) * g * g
    return s["m"] / (1 - h["beta"] ** s["t"]), s["v"] / (1 - h["gamma"] ** s["t"])

def adam(phi, grad, rate, h, s):  # eq. 6.17: epsilon outside the root
    m, v = moments(grad(phi), h, s)
    return phi - rate * m / (np.sqrt(v) + h["eps"])

def adamw(phi, grad, rate, h, s):  # Adam with decoupled weight decay lambda
    m, v = moments(grad(phi), h, s)
    return phi - rate * (m / (np.sqrt(v) + h["eps"]) + h["wd"] * phi)

def nadam(phi, grad, rate, h, s):  # Dozat's Nesterov-accelerated Adam
    g = grad(phi)
    m, v = moments(g, h, s)
    nm = h["beta"] * m + ((1 - h["beta"]) / (1 - h["beta"] ** s["t"])) * g
    return phi - rate * nm / (np.sqrt(v) + h["eps"])

def radam(phi, grad, rate, h, s):  # rectified Adam: momentum only while the variance is untrustworthy
    m, v = moments(grad(phi), h, s)
    rho_inf = 2 / (1 - h["gamma"]) - 1
    gt = h["gamma"] ** s["t"]
    rho = rho_inf - 2 * s["t"] * gt / (1 - gt)
    if rho <= 5:
        return phi - rate * m
    r = np.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
    return phi - (rate * r) * m / (np.sqrt(v) + h["eps"])

def adagrad(phi, grad, rate, h, s):
    g = grad(phi)
    s["v"] = s.get("v", 0.0) + g * g
    return phi - rate * g / (np.sqrt(s["v"]) + h["eps"])

def rmsprop(phi, grad, rate, h, s):
    g = grad(phi)
    s["v"] = h["gamma"] * s.get("v", 0.0) + (1 - h["gamma"]) * g * g
    return phi - rate * g / (np.sqrt(s["v"]) + h["eps"])

def adadelta(phi, grad, rate, h, s):
    g = grad(phi)
    s["v"] = h["gamma"] * s.get("v", 0.0) + (1 - h["gamma"]) * g * g
    d = np.sqrt(s.get("u", 0.0) + h["eps"]) / np.sqrt(s["v"] + h["eps"]) * g
    s["u"] = h["gamma"] * s.get("u", 0.0) + (1 - h["gamma"]) * d * d
    return phi - rate * d

sgd = gd
"#;

const RUN_AND_SHOW: &str = r#"
def run(r):
    """The run's points: phi and the loss on all the data (eq. 6.5), step by step."""
    update, h, state = globals()[r["opt"]], r, {}
    phi = np.array(r["start"], dtype=float)
    points = [(phi, loss(phi))]
    for rate, idx in zip(r["rates"], r["batches"]):
        phi = update(phi, lambda p: gradient(p, idx), rate, h, state)
        points.append((phi, loss(phi)))
    return points

if __name__ == "__main__":
    results = [run(r) for r in runs]
    for k, points in enumerate(results):
        for t, (phi, value) in enumerate(points):
            print(k, t, repr(float(phi[0])), repr(float(phi[1])), repr(float(value)))
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        pass
    else:
        a = np.linspace(VIEW[0][0], VIEW[0][1], 200)
        b = np.linspace(VIEW[1][0], VIEW[1][1], 200)
        L = np.array([[loss(np.array([p0, p1])) for p0 in a] for p1 in b])
        fig, ax = plt.subplots(1, 2, figsize=(11, 4.5))
        ax[0].contourf(a, b, L, levels=40, cmap="copper")
        for k, points in enumerate(results):
            path = np.array([p for p, _ in points])
            ax[0].plot(path[:, 0], path[:, 1], "o-", ms=2, label=f"run {k + 1}: {runs[k]['opt']}")
            ax[1].plot([v for _, v in points], label=f"run {k + 1}: {runs[k]['opt']}")
        ax[0].set_xlabel("phi0"); ax[0].set_ylabel("phi1"); ax[0].legend()
        ax[1].set_xlabel("iteration"); ax[1].set_ylabel("loss"); ax[1].legend()
        plt.show()
"#;

/// The script for `race`, played so far, built from `query`; `Err` names a run whose optimizer
/// no script can carry yet.
pub fn script(race: &Race, query: &str) -> Result<String, String> {
    for (i, r) in race.runs.iter().enumerate() {
        if !EXPORTABLE.contains(&r.config.opt) {
            return Err(format!(
                "run {} uses {}, which Copy as NumPy cannot write out yet (it can: {})",
                i + 1,
                r.config.opt.name(),
                EXPORTABLE.map(|o| o.name()).join(", ")
            ));
        }
    }
    let mut out = String::new();
    let safe_query: String = query
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let _ = writeln!(
        out,
        "# Downhill: the runs of {safe_query}
# (Understanding Deep Learning, chapter 6). NumPy only: python3 this_file.py prints each point
# as `run t phi0 phi1 loss`; with matplotlib installed it also draws the paths and losses.
# Every minibatch's indices and every step's learning rate are written out below, so nothing
# random is replayed.
import numpy as np
"
    );
    let reduce = race.runs.first().map_or(Reduce::Sum, |r| r.config.reduce);
    let _ = writeln!(
        out,
        "# Each batch's terms are {} (reduce=; the book sums them).
def scale(idx):
    return {}
",
        if reduce == Reduce::Sum {
            "summed"
        } else {
            "averaged"
        },
        match (reduce, race.scene.objective.data()) {
            (Reduce::Mean, Some(d)) =>
                format!("1.0 / (len(idx) if idx is not None else {})", d.len()),
            _ => "1.0".to_string(),
        }
    );
    out.push_str(&objective_code(&race.scene.objective));
    out.push('\n');
    out.push_str(UPDATES);
    let v = race.scene.view;
    let _ = writeln!(
        out,
        "\n# The landscape's view, for the picture.\nVIEW = [{}, {}]\n\nruns = [",
        list(v.phi0),
        list(v.phi1)
    );
    for r in &race.runs {
        let h = &r.config.hyper;
        let history = r.history();
        let rates = history[1..].iter().map(|p| p.rate.unwrap_or(h.alpha));
        let batches: Vec<String> = history[1..]
            .iter()
            .map(|p| match &p.batch {
                Some(crate::run::Taken::Batch(ix)) => format!(
                    "[{}]",
                    ix.iter()
                        .map(|i| i.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                _ => "None".to_string(),
            })
            .collect();
        let _ = writeln!(
            out,
            "    dict(opt=\"{}\", start={}, beta={}, gamma={}, eps={}, wd={},
         rates={},
         batches=[{}]),",
            r.config.opt.name(),
            list(history[0].phi.0),
            num(h.beta),
            num(h.gamma),
            num(h.eps),
            num(h.wd),
            list(rates),
            batches.join(", ")
        );
    }
    out.push_str("]\n");
    out.push_str(RUN_AND_SHOW);
    Ok(out)
}
