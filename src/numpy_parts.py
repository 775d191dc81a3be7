# The Python text of "Copy as NumPy", section by section: each section starts at a line
# "#@@ NAME" and ends where the next begins. src/numpy.rs assembles a script from them and
# the runs; the CLI compiles this file in, the page loads it as www/numpy-parts.js (made by
# `cargo run -- numpy-parts > www/numpy-parts.js`, checked current by tests/cli.rs). @NAME@
# marks what the script fills in.
#@@ model_line
# The linear model (eq. 2.4): f[x, phi] = phi0 + phi1 x.
def model(phi, x):
    return phi[0] + phi[1] * x

def dmodel(phi, x):  # df/dphi_k, one array per parameter
    return [np.ones_like(x), x]

def d2model(phi, x):  # d2f/dphi_j dphi_k: all zero
    z = np.zeros_like(x)
    return [[z, z], [z, z]]

#@@ model_gabor
# The Gabor model (eq. 6.8): f[x, phi] = sin(phi0 + 0.06 phi1 x) exp(-(phi0 + 0.06 phi1 x)^2 / 32).
def model(phi, x):
    u = phi[0] + 0.06 * phi[1] * x
    return np.sin(u) * np.exp(-u * u / 32.0)

def dmodel(phi, x):
    u = phi[0] + 0.06 * phi[1] * x
    g = np.exp(-u * u / 32.0)
    f1 = g * (np.cos(u) - (2.0 / 32.0) * u * np.sin(u))
    return [f1, f1 * (0.06 * x)]

def d2model(phi, x):  # d2f/dphi_j dphi_k
    u = phi[0] + 0.06 * phi[1] * x
    g = np.exp(-u * u / 32.0)
    s, c, k = np.sin(u), np.cos(u), 2.0 / 32.0
    f2 = g * (-s - 2.0 * k * u * c + s * (k * k * u * u - k))
    d = 0.06 * x
    return [[f2, d * f2], [d * f2, (d * d) * f2]]

#@@ model_shallow
# The shallow network of eq. 3.1 (Problem 6.5): three ReLU hidden units, ten parameters
# phi = [phi0, phi1, phi2, phi3, theta10, theta11, theta20, theta21, theta30, theta31].
def hidden(phi, x):  # each unit's activation a[z] and slope a'[z] (0 at the kink z = 0)
    z = [phi[4 + 2 * k] + phi[5 + 2 * k] * x for k in range(3)]
    return [np.where(zk > 0.0, zk, 0.0) for zk in z], [np.where(zk > 0.0, 1.0, 0.0) for zk in z]

def model(phi, x):
    h, _ = hidden(phi, x)
    return phi[0] + phi[1] * h[0] + phi[2] * h[1] + phi[3] * h[2]

def dmodel(phi, x):  # Problem 6.5: df/dphi_k, one array per parameter
    h, s = hidden(phi, x)
    d = [np.ones_like(x), h[0], h[1], h[2]]
    for k in range(3):
        d += [phi[k + 1] * s[k], phi[k + 1] * s[k] * x]
    return d

def d2model(phi, x):  # only d2f/dphi_k dtheta_k0 = a'_k and d2f/dphi_k dtheta_k1 = a'_k x
    _, s = hidden(phi, x)
    z = np.zeros_like(x)
    H = [[z] * 10 for _ in range(10)]
    for k in range(3):
        t = 4 + 2 * k
        H[k + 1][t] = H[t][k + 1] = s[k]
        H[k + 1][t + 1] = H[t + 1][k + 1] = s[k] * x
    return H

#@@ loss_squares
# Least squares (eq. 6.5): the sum of (f - y)^2 over the batch.
def terms(phi, x, y):
    r = model(phi, x) - y
    return r * r, [2.0 * r * d for d in dmodel(phi, x)]

def loss_derivatives(phi, x, y):  # dl/df and d2l/df2 of each point's term
    return 2.0 * (model(phi, x) - y), 2.0 * np.ones_like(x)

#@@ loss_bce
# Binary cross-entropy with a logistic sigmoid: softplus(f) - y f per point.
def terms(phi, x, y):
    f = model(phi, x)
    s = 1.0 / (1.0 + np.exp(-f))
    return np.logaddexp(0.0, f) - y * f, [(s - y) * d for d in dmodel(phi, x)]

def loss_derivatives(phi, x, y):  # dl/df and d2l/df2 of each point's term
    s = 1.0 / (1.0 + np.exp(-model(phi, x)))
    return s - y, s * (1.0 - s)

#@@ data
# The data (the widget's, as shown): inputs x and outputs y.
data = np.array([@X@,
                 @Y@])

@MODEL@
@LOSS@
# Sums run point by point, in the order of the indices (np.cumsum, not np.sum's pairwise
# order), so they match the widget's to the last bit.
def total(v):
    return np.cumsum(v)[-1]

def loss(phi, idx=None):
    """The sum of the terms over the batch `idx` (all the data when None), eq. 6.5."""
    i = slice(None) if idx is None else np.array(idx)
    value, _ = terms(phi, data[0, i], data[1, i])
    return total(value)

def gradient(phi, idx=None):
    i = slice(None) if idx is None else np.array(idx)
    _, g = terms(phi, data[0, i], data[1, i])
    return scale(idx) * np.array([total(v) for v in g])

def hessian(phi, idx=None):  # eq. 6.19: sum of l'' df df^T + l' d2f
    i = slice(None) if idx is None else np.array(idx)
    x, y = data[0, i], data[1, i]
    e1, e2 = loss_derivatives(phi, x, y)
    d, h = dmodel(phi, x), d2model(phi, x)
    H = [[d[r] * d[c] * e2 + h[r][c] * e1 for c in range(len(d))] for r in range(len(d))]
    return scale(idx) * np.array([[total(v) for v in row] for row in H])

#@@ surface_bowl
# The anisotropic bowl of figure 6.9: 1 - exp(-(phi0 - 0.7)^2 / 8 - 2 phi1^2).
def loss(phi, idx=None):
    a, b = phi
    return 1.0 - np.exp(-2.0 * b * b - (a - 0.7) * (a - 0.7) / 8.0)

def gradient(phi, idx=None):
    a, b = phi
    e = np.exp(-2.0 * b * b - (a - 0.7) * (a - 0.7) / 8.0)
    return np.array([-e * (-(a - 0.7) / 4.0), -e * (-4.0 * b)])

def hessian(phi, idx=None):
    a, b = phi
    e = np.exp(-2.0 * b * b - (a - 0.7) * (a - 0.7) / 8.0)
    dq = np.array([-(a - 0.7) / 4.0, -4.0 * b])
    return (np.outer(dq, dq) + np.diag([-0.25, -4.0])) * -e

#@@ surface_line1d
# The 1-D function of figure 6.10 (phi1 is ignored).
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

def hessian(phi, idx=None):  # phi1 does not matter: singular everywhere
    a, h = phi[0], 0.0
    for w, c, s in [(0.5, 0.65, 0.1), (0.45, 0.35, 0.02)]:
        d = -2.0 * (a - c) / s
        h -= w * np.exp(-(a - c) * (a - c) / s) * (d * d - 2.0 / s)
    return np.array([[h, 0.0], [0.0, 0.0]])

#@@ surface_rosenbrock
# Rosenbrock's valley: (1 - phi0)^2 + 100 (phi1 - phi0^2)^2.
def loss(phi, idx=None):
    a, b = phi
    r = b - a * a
    return (1.0 - a) * (1.0 - a) + 100.0 * r * r

def gradient(phi, idx=None):
    a, b = phi
    r = b - a * a
    return np.array([-2.0 * (1.0 - a) - 400.0 * a * r, 200.0 * r])

def hessian(phi, idx=None):
    a, b = phi
    r = b - a * a
    return np.array([[2.0 - 400.0 * r + 800.0 * a * a, -400.0 * a], [-400.0 * a, 200.0]])

#@@ surface_himmelblau
# Himmelblau's function: (phi0^2 + phi1 - 11)^2 + (phi0 + phi1^2 - 7)^2.
def loss(phi, idx=None):
    a, b = phi
    r1, r2 = a * a + b - 11.0, a + b * b - 7.0
    return r1 * r1 + r2 * r2

def gradient(phi, idx=None):
    a, b = phi
    r1, r2 = a * a + b - 11.0, a + b * b - 7.0
    return np.array([4.0 * a * r1 + 2.0 * r2, 2.0 * r1 + 4.0 * b * r2])

def hessian(phi, idx=None):
    a, b = phi
    return np.array([[12.0 * a * a + 4.0 * b - 42.0, 4.0 * (a + b)], [4.0 * (a + b), 4.0 * a + 12.0 * b * b - 26.0]])

#@@ surface_saddle
# A saddle: phi0^2 - phi1^2 + phi1^4 / 2.
def loss(phi, idx=None):
    a, b = phi
    return a * a - b * b + 0.5 * _powi(b, 4)

def gradient(phi, idx=None):
    a, b = phi
    return np.array([2.0 * a, -2.0 * b + 2.0 * _powi(b, 3)])

def hessian(phi, idx=None):
    a, b = phi
    return np.array([[2.0, 0.0], [0.0, -2.0 + 6.0 * b * b]])

#@@ updates
# The update rules of chapter 6. Each takes the parameters, the batch's loss `f` (f.value,
# f.grad, f.hessian; f.full_grad on all the data), this step's learning rate, the run's
# hyperparameters and its state (starting empty: moments are zero), and returns the new
# parameters.
def gd(phi, f, rate, h, s):  # eq. 6.3 (sgd: the same on a minibatch, eq. 6.10)
    return phi - rate * f.grad(phi)

def momentum(phi, f, rate, h, s):  # eq. 6.11
    s["m"] = h["beta"] * s.get("m", 0.0) + (1 - h["beta"]) * f.grad(phi)
    return phi - rate * s["m"]

def nesterov(phi, f, rate, h, s):  # eq. 6.12: the gradient at the look-ahead point
    m = s.get("m", np.zeros(2))
    s["m"] = h["beta"] * m + (1 - h["beta"]) * f.grad(phi - rate * m)
    return phi - rate * s["m"]

def normalized(phi, f, rate, h, s):  # eq. 6.14: epsilon inside the root
    g = f.grad(phi)
    return phi - rate * (g / np.sqrt(g * g + h["eps"]))

def moments(g, h, s):  # eq. 6.15-6.16: the moments and their bias correction
    s["t"] = s.get("t", 0) + 1
    s["m"] = h["beta"] * s.get("m", 0.0) + (1 - h["beta"]) * g
    s["v"] = h["gamma"] * s.get("v", 0.0) + (1 - h["gamma"]) * g * g
    return s["m"] / (1 - _powi(h["beta"], s["t"])), s["v"] / (1 - _powi(h["gamma"], s["t"]))

def adam(phi, f, rate, h, s):  # eq. 6.17: epsilon outside the root
    m, v = moments(f.grad(phi), h, s)
    return phi - rate * (m / (np.sqrt(v) + h["eps"]))

def adamw(phi, f, rate, h, s):  # Adam with decoupled weight decay lambda
    m, v = moments(f.grad(phi), h, s)
    return phi - rate * (m / (np.sqrt(v) + h["eps"]) + h["wd"] * phi)

def nadam(phi, f, rate, h, s):  # Dozat's Nesterov-accelerated Adam
    g = f.grad(phi)
    m, v = moments(g, h, s)
    ahead = s["m"] / (1 - _powi(h["beta"], s["t"] + 1))  # the next step's bias correction
    nm = h["beta"] * ahead + ((1 - h["beta"]) / (1 - _powi(h["beta"], s["t"]))) * g
    return phi - rate * (nm / (np.sqrt(v) + h["eps"]))

def radam(phi, f, rate, h, s):  # rectified Adam: momentum only while the variance is untrustworthy
    m, v = moments(f.grad(phi), h, s)
    rho_inf = 2 / (1 - h["gamma"]) - 1
    gt = _powi(h["gamma"], s["t"])
    rho = rho_inf - 2 * s["t"] * gt / (1 - gt)
    if rho <= 5:
        return phi - rate * m
    r = np.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
    return phi - (rate * r) * (m / (np.sqrt(v) + h["eps"]))

def adagrad(phi, f, rate, h, s):
    g = f.grad(phi)
    s["v"] = s.get("v", h["acc0"]) + g * g
    return phi - rate * (g / (np.sqrt(s["v"]) + h["eps"]))

def rmsprop(phi, f, rate, h, s):
    g = f.grad(phi)
    s["v"] = h["gamma"] * s.get("v", 0.0) + (1 - h["gamma"]) * g * g
    return phi - rate * (g / (np.sqrt(s["v"]) + h["eps"]))

def adadelta(phi, f, rate, h, s):
    g = f.grad(phi)
    s["v"] = h["gamma"] * s.get("v", 0.0) + (1 - h["gamma"]) * g * g
    d = np.sqrt(s.get("u", 0.0) + h["eps"]) / np.sqrt(s["v"] + h["eps"]) * g
    s["u"] = h["gamma"] * s.get("u", 0.0) + (1 - h["gamma"]) * d * d
    return phi - rate * d

def bracket_step(p, value):  # notebook 6.2: four points a < b < c < d, rules 1-3
    a, b, c, d = p
    la, lb, lc, ld = value(a), value(b), value(c), value(d)
    if la <= lb and la <= lc and la <= ld:  # 1: the minimum is near a: shrink towards it
        b, c, d = a + (b - a) / 2.0, a + (c - a) / 2.0, a + (d - a) / 2.0
    elif lb < lc:  # 2: drop the right part [c, d]
        d = c
        b, c = a + (d - a) / 3.0, a + 2.0 * (d - a) / 3.0
    else:  # 3: drop the left part [a, b]
        a = b
        b, c = a + (d - a) / 3.0, a + 2.0 * (d - a) / 3.0
    return [a, b, c, d]

def linesearch(phi, f, rate, h, s):  # eq. 6.3 with the step found by the bracketing search
    g = f.grad(phi)
    p = [0.0, 0.0 + 0.33 * h["maxdist"], 0.0 + 0.66 * h["maxdist"], 0.0 + h["maxdist"]]
    for _ in range(15):
        if abs(p[1] - p[2]) <= 1e-5:
            break
        p = bracket_step(p, lambda step: f.value(phi - step * g))
    return phi - (p[1] + p[2]) / 2.0 * g

def bracket(phi, f, rate, h, s):  # figure 6.10: one bracketing step a frame along phi0
    p = s.get("p") or [phi[0], phi[0] + 0.33 * h["maxdist"], phi[0] + 0.66 * h["maxdist"], phi[0] + h["maxdist"]]
    s["p"] = bracket_step(p, lambda x: f.value(np.array([x, phi[1]])))
    return np.array([(s["p"][1] + s["p"][2]) / 2.0, phi[1]])

def solve(H, g):  # H^-1 g: Cramer's rule for two parameters, else elimination with partial pivoting
    scale = np.max(np.abs(H))
    if len(g) == 2:
        det = H[0, 0] * H[1, 1] - H[0, 1] * H[1, 0]
        if not np.isfinite(det) or scale == 0.0 or abs(det) <= 1e-12 * scale * scale:
            raise Singular("the Hessian is singular")
        return np.array([(H[1, 1] * g[0] - H[0, 1] * g[1]) / det, (H[0, 0] * g[1] - H[1, 0] * g[0]) / det])
    if not np.all(np.isfinite(H)) or scale == 0.0:
        raise Singular("the Hessian is singular")
    a, b, n = H.copy(), g.copy(), len(g)
    for c in range(n):
        p = c + int(np.argmax(np.abs(a[c:, c])))
        if not abs(a[p, c]) > 1e-12 * scale:
            raise Singular("the Hessian is singular")
        a[[p, c]], b[[p, c]] = a[[c, p]], b[[c, p]]
        for r in range(c + 1, n):
            f = a[r, c] / a[c, c]
            for k in range(c, n):
                a[r, k] -= f * a[c, k]
            b[r] -= f * b[c]
    x = np.zeros(n)
    for r in reversed(range(n)):
        t = b[r]
        for k in range(r + 1, n):
            t -= a[r, k] * x[k]
        x[r] = t / a[r, r]
    return x

def newton(phi, f, rate, h, s):  # eq. 6.20 with step size alpha
    return phi - rate * solve(f.hessian(phi), f.grad(phi))

def svrg(phi, f, rate, h, s):  # stochastic variance-reduced gradient, a snapshot every `every` steps
    n = s.get("steps", 0)
    if "anchor" in s and n % h["every"] != 0:
        anchor, full = s["anchor"], s["full"]
    else:
        anchor, full = phi, f.full_grad(phi)
    s["anchor"], s["full"], s["steps"] = anchor, full, n + 1
    return phi - rate * (f.grad(phi) - f.grad(anchor) + f.share * full)

sgd = gd

#@@ run_and_show

class Singular(Exception):
    pass

class Batch:
    """The loss on one step's batch `idx` (all the data when None), scaled as the run says."""
    def __init__(self, idx):
        self.idx = idx
        n = len(data[0]) if "data" in globals() else 1
        self.share = len(idx) / n if idx is not None and SUMMED else 1.0
    def value(self, p):
        return loss(p, self.idx) * scale(self.idx)
    def grad(self, p):
        return gradient(p, self.idx)
    def hessian(self, p):
        return hessian(p, self.idx)
    def full_grad(self, p):
        return gradient(p)

def run(r):
    """The run's points: phi and the loss on all the data (eq. 6.5), step by step. A step that
    cannot be taken (a singular Hessian) or leaves the finite numbers ends the run, as in the
    widget."""
    update, state = globals()[r["opt"]], {}
    phi = np.array(r["start"], dtype=float)
    points = [(phi, loss(phi))]
    for rate, idx in zip(r["rates"], r["batches"]):
        try:
            phi = update(phi, Batch(idx), rate, r, state)
        except Singular:
            break
        value = loss(phi)
        if not (np.all(np.isfinite(phi)) and np.isfinite(value)):
            break
        points.append((phi, value))
    return points

if __name__ == "__main__":
    results = [run(r) for r in runs]
    for k, points in enumerate(results):
        for t, (phi, value) in enumerate(points):
            print(k, t, *[repr(float(p)) for p in phi], repr(float(value)))
    print(f"agreement with downhill trace: {AGREEMENT}", file=sys.stderr)
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        pass
    else:
        fig, ax = plt.subplots(1, 2, figsize=(11, 4.5))
        if len(runs[0]["start"]) == 2:  # the loss over (phi0, phi1); more parameters: a slice in the widget
            a = np.linspace(VIEW[0][0], VIEW[0][1], 200)
            b = np.linspace(VIEW[1][0], VIEW[1][1], 200)
            L = np.array([[loss(np.array([p0, p1])) for p0 in a] for p1 in b])
            ax[0].contourf(a, b, L, levels=40, cmap="copper")
        for k, points in enumerate(results):
            path = np.array([p for p, _ in points])
            ax[0].plot(path[:, 0], path[:, 1], "o-", ms=2, label=f"run {k + 1}: {runs[k]['opt']}")
            ax[1].plot([v for _, v in points], label=f"run {k + 1}: {runs[k]['opt']}")
        ax[0].set_xlabel("phi0"); ax[0].set_ylabel("phi1"); ax[0].legend()
        ax[1].set_xlabel("iteration"); ax[1].set_ylabel("loss"); ax[1].legend()
        plt.show()

#@@ header
# Downhill: the runs of @QUERY@
# (Understanding Deep Learning, chapter 6). NumPy only: python3 this_file.py prints each point
# as `run t phi... loss` (a column per parameter); with matplotlib installed it also draws the paths and losses.
# Every minibatch's indices and every step's learning rate are written out below, so nothing
# random is replayed.
import sys
import numpy as np

def _powi(x, n):  # x**n by squaring, the widget's own order of products (so the bits agree)
    acc, e = 1.0, abs(n)
    while e > 0:
        if e & 1:
            acc *= x
        e >>= 1
        if e > 0:
            x *= x
    return 1.0 / acc if n < 0 else acc

#@@ end
