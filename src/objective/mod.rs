//! Objectives (the book's loss functions `L(phi)`) and the scenes that present them.
//!
//! A [`Scene`] is an objective plus what a viewer needs: a default view and axis labels. Scenes
//! with data evaluate any batch of samples: the loss of batch `B` is the **sum** of its
//! per-sample terms (eq. 6.10); [`Reduce::Mean`] divides by `|B|` instead.

pub mod data;
pub mod slice;
pub mod surfaces;

use crate::linalg::{Matrix, Vector};
use crate::rng::Rng;
pub use data::{DataObjective, DataSet, Loss, Model};
pub use slice::Plane;
pub use surfaces::Surface;

/// Which samples a loss is taken over.
#[derive(Clone, Copy, Debug)]
pub enum Batch<'a> {
    /// Every sample (full-batch gradient descent).
    All,
    /// The samples with these indices (a minibatch `B_t`, eq. 6.10).
    Indices(&'a [usize]),
}

/// How a batch's per-sample terms are combined.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Reduce {
    /// `sum_{i in B} e_i`, the book's convention (eq. 6.5, 6.10).
    #[default]
    Sum,
    /// `(1/|B|) sum_{i in B} e_i`, the convention of most libraries.
    Mean,
}

impl Reduce {
    pub fn name(self) -> &'static str {
        match self {
            Reduce::Sum => "sum",
            Reduce::Mean => "mean",
        }
    }
}

/// The rectangle of parameter space a plot shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub phi0: [f64; 2],
    pub phi1: [f64; 2],
}

/// The scenes Downhill knows, by their URL name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SceneName {
    Linear,
    Gabor,
    Bowl,
    Line1d,
    Logistic,
    Rosenbrock,
    Himmelblau,
    Saddle,
    /// The ten-parameter shallow network of eq. 3.1 (Problem 6.5), seen through 2-D slices.
    Shallow,
}

impl SceneName {
    pub const ALL: [SceneName; 9] = [
        SceneName::Linear,
        SceneName::Gabor,
        SceneName::Bowl,
        SceneName::Line1d,
        SceneName::Logistic,
        SceneName::Rosenbrock,
        SceneName::Himmelblau,
        SceneName::Saddle,
        SceneName::Shallow,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SceneName::Linear => "linear",
            SceneName::Gabor => "gabor",
            SceneName::Bowl => "bowl",
            SceneName::Line1d => "line1d",
            SceneName::Logistic => "logistic",
            SceneName::Rosenbrock => "rosenbrock",
            SceneName::Himmelblau => "himmelblau",
            SceneName::Saddle => "saddle",
            SceneName::Shallow => "shallow",
        }
    }

    pub fn parse(s: &str) -> Option<SceneName> {
        SceneName::ALL.into_iter().find(|n| n.name() == s)
    }

    /// The plot domain of the book's figures (or a sensible one for the extra surfaces).
    pub fn default_view(self) -> View {
        let v = |a: f64, b: f64, c: f64, d: f64| View {
            phi0: [a, b],
            phi1: [c, d],
        };
        match self {
            SceneName::Linear => v(0.0, 2.0, -1.0, 1.0),
            SceneName::Gabor => v(-10.0, 10.0, 2.5, 22.5),
            SceneName::Bowl => v(-1.0, 1.0, -1.0, 1.0),
            SceneName::Line1d => v(0.0, 1.0, -0.5, 0.5),
            SceneName::Logistic => v(-4.0, 4.0, -1.0, 4.0),
            SceneName::Rosenbrock => v(-2.0, 2.0, -1.0, 3.0),
            SceneName::Himmelblau => v(-5.0, 5.0, -5.0, 5.0),
            SceneName::Saddle => v(-2.0, 2.0, -2.0, 2.0),
            // Slice coordinates around the plane's centre (Li et al.'s [-1, 1]²).
            SceneName::Shallow => v(-1.0, 1.0, -1.0, 1.0),
        }
    }

    /// Axis labels, as the book's figures name the parameters.
    /// The range of the φ sliders (figure 6.2): wider than the loss view where the book's model
    /// examples lie outside it (figure 6.2b has φ = (20, 40)).
    pub fn slider_range(self) -> View {
        match self {
            SceneName::Gabor => View {
                phi0: [-20.0, 20.0],
                phi1: [0.0, 50.0],
            },
            other => other.default_view(),
        }
    }

    /// The book's example settings of the model (figure 6.2 a-c), for the sliders' buttons.
    pub fn examples(self) -> &'static [[f64; 2]] {
        match self {
            SceneName::Gabor => &[[-5.0, 25.0], [20.0, 40.0], [3.0, 15.0]],
            _ => &[],
        }
    }

    /// The model and loss of a data scene, or the surface of a data-free one.
    fn kind(self) -> SceneKind {
        match self {
            SceneName::Linear => SceneKind::Data(Model::Line, Loss::SumOfSquares),
            SceneName::Gabor => SceneKind::Data(Model::Gabor, Loss::SumOfSquares),
            SceneName::Logistic => SceneKind::Data(Model::Line, Loss::BinaryCrossEntropy),
            SceneName::Bowl => SceneKind::Surface(Surface::Bowl),
            SceneName::Line1d => SceneKind::Surface(Surface::Line1d),
            SceneName::Rosenbrock => SceneKind::Surface(Surface::Rosenbrock),
            SceneName::Himmelblau => SceneKind::Surface(Surface::Himmelblau),
            SceneName::Saddle => SceneKind::Surface(Surface::Saddle),
            SceneName::Shallow => SceneKind::Data(Model::Shallow, Loss::SumOfSquares),
        }
    }

    /// The number of parameters.
    pub fn dim(self) -> usize {
        match self.kind() {
            SceneKind::Data(model, _) => model.dim(),
            SceneKind::Surface(_) => 2,
        }
    }

    /// The parameters' names, as the book writes them.
    pub fn param_names(self) -> &'static [&'static str] {
        match self {
            SceneName::Shallow => &data::SHALLOW_NAMES,
            _ => &["φ0", "φ1"],
        }
    }

    /// The parameters' names in ASCII, as URL keys, CSV headers and `slice=` write them.
    pub fn param_keys(self) -> &'static [&'static str] {
        match self {
            SceneName::Shallow => &data::SHALLOW_KEYS,
            _ => &["phi0", "phi1"],
        }
    }

    /// Whether the landscape panel shows a 2-D slice through more parameters.
    pub fn is_sliced(self) -> bool {
        self.dim() > 2
    }

    pub fn has_data(self) -> bool {
        matches!(self.kind(), SceneKind::Data(..))
    }

    /// The book's data for this scene (`None` for surfaces without data).
    pub fn default_data(self) -> Option<DataSet> {
        match self {
            SceneName::Linear => Some(DataSet::new(LINEAR_X.to_vec(), LINEAR_Y.to_vec())),
            SceneName::Gabor => Some(DataSet::new(GABOR_X.to_vec(), GABOR_Y.to_vec())),
            SceneName::Logistic => Some(logistic_data()),
            SceneName::Shallow => Some(shallow_data()),
            _ => None,
        }
    }

    /// Whether `y` is an allowed target for this scene (logistic needs 0 or 1).
    pub fn valid_target(self, y: f64) -> bool {
        match self.kind() {
            SceneKind::Data(_, Loss::BinaryCrossEntropy) => y == 0.0 || y == 1.0,
            _ => y.is_finite(),
        }
    }
}

enum SceneKind {
    Data(Model, Loss),
    Surface(Surface),
}

/// Figure 6.1a: the 12 training pairs of the linear regression example.
pub const LINEAR_X: [f64; 12] = [
    0.03, 0.19, 0.34, 0.46, 0.78, 0.81, 1.08, 1.18, 1.39, 1.6, 1.65, 1.9,
];
pub const LINEAR_Y: [f64; 12] = [
    0.67, 0.85, 1.05, 1.0, 1.4, 1.5, 1.3, 1.54, 1.55, 1.68, 1.73, 1.6,
];

/// Figure 6.3: the Gabor training data as the companion notebooks ship it (30 pairs; the printed
/// caption says 28). Made by sampling x in [-15, 15] through phi = [0, 16.6] plus noise.
pub const GABOR_X: [f64; 30] = [
    -1.92, -14.22, 1.49, -1.94, -2.389, -5.09, -8.861, 3.578, -6.01, -6.995, 3.634, 0.8743, -10.96,
    0.4073, -9.467, 8.56, 10.62, -0.1729, 10.4, -12.61, 0.1574, -13.04, -2.156, -12.1, -11.19,
    2.902, -8.22, -11.79, -8.391, -4.505,
];
pub const GABOR_Y: [f64; 30] = [
    -1.051, -0.02482, 0.8896, -0.4943, -0.9371, 0.4306, 0.009577, -0.07944, 0.1624, -0.2682,
    -0.3129, 0.8303, -0.02365, 0.5098, -0.2777, 0.3367, 0.1927, -0.2222, 0.06352, 0.006888,
    0.03224, 0.01091, -0.5706, -0.05258, -0.03666, 0.1709, -0.04805, 0.2008, -0.1904, 0.5952,
];

/// Problem 6.4's logistic regression needs binary data; the book gives none, so Downhill makes
/// 20 points once with its own PRNG (seed 4): `x` uniform in [-4, 4] and
/// `y ~ Bernoulli(sig(0.5 + x))`. Rounded to two decimals so the set is easy to read.
pub fn logistic_data() -> DataSet {
    let mut rng = Rng::new(4);
    let mut x = Vec::with_capacity(20);
    let mut y = Vec::with_capacity(20);
    for _ in 0..20 {
        let xi = ((rng.next_f64() * 8.0 - 4.0) * 100.0).round() / 100.0;
        let p = data::sigmoid(0.5 + 1.0 * xi);
        x.push(xi);
        y.push(if rng.next_f64() < p { 1.0 } else { 0.0 });
    }
    DataSet::new(x, y)
}

/// The shallow network's target (eq. 3.1 with these parameters): flat, a rise, a fall and a
/// gentler rise, joints at x = 0.3, 1.0 and 1.5. A three-unit ReLU network can fit it; a line cannot.
pub const SHALLOW_TRUTH: [f64; 10] = [0.2, 1.6, -3.2, 2.4, -0.3, 1.0, -1.0, 1.0, -1.5, 1.0];

/// Problem 6.5's network needs one-dimensional data; the book gives none, so Downhill makes 30
/// points once with its own PRNG (seed 65): `x` uniform in [0, 2] and `y` the target
/// [`SHALLOW_TRUTH`] plus Gaussian noise of standard deviation 0.08, both rounded to two decimals.
pub fn shallow_data() -> DataSet {
    let mut rng = Rng::new(65);
    let truth = crate::linalg::Vector::from_slice(&SHALLOW_TRUTH);
    let round = |v: f64| (v * 100.0).round() / 100.0;
    let mut x = Vec::with_capacity(30);
    let mut y = Vec::with_capacity(30);
    for _ in 0..30 {
        let xi = round(rng.next_f64() * 2.0);
        x.push(xi);
        y.push(round(
            Model::Shallow.predict(xi, truth) + 0.08 * rng.normal(),
        ));
    }
    DataSet::new(x, y)
}

/// An objective over the scene's parameters `phi = [phi0, phi1]`.
#[derive(Clone, Debug, PartialEq)]
pub enum Objective {
    Data(DataObjective),
    Surface(Surface),
    /// A 2-D slice through a higher-dimensional objective ([`Plane`]).
    Sliced(Box<(Objective, Plane)>),
}

/// The sample indices of a [`Batch`], without allocating.
enum Indices<'a> {
    All(std::ops::Range<usize>),
    Some(std::slice::Iter<'a, usize>),
}

impl Iterator for Indices<'_> {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        match self {
            Indices::All(r) => r.next(),
            Indices::Some(it) => it.next().copied(),
        }
    }
}

/// Value, gradient and Hessian at one point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Eval {
    pub value: f64,
    pub gradient: Vector,
    pub hessian: Matrix,
}

impl Objective {
    /// Number of training samples (0 for surfaces without data).
    pub fn n_samples(&self) -> usize {
        match self {
            Objective::Data(d) => d.data.len(),
            Objective::Surface(_) => 0,
            Objective::Sliced(s) => s.0.n_samples(),
        }
    }

    fn scale(&self, batch: Batch, reduce: Reduce) -> f64 {
        match (reduce, self) {
            (Reduce::Sum, _) | (_, Objective::Surface(_)) => 1.0,
            (_, Objective::Sliced(s)) => s.0.scale(batch, reduce),
            (Reduce::Mean, Objective::Data(d)) => {
                let n = match batch {
                    Batch::All => d.data.len(),
                    Batch::Indices(ix) => ix.len(),
                };
                1.0 / n.max(1) as f64
            }
        }
    }

    fn indices<'b>(&self, batch: Batch<'b>) -> Indices<'b> {
        match batch {
            Batch::All => Indices::All(0..self.n_samples()),
            Batch::Indices(ix) => Indices::Some(ix.iter()),
        }
    }

    /// `L_B(phi)`.
    pub fn value(&self, phi: Vector, batch: Batch, reduce: Reduce) -> f64 {
        match self {
            Objective::Surface(s) => s.value(phi),
            Objective::Sliced(s) => s.0.value(s.1.point(phi), batch, reduce),
            Objective::Data(d) => d.value_sum(self.indices(batch), phi) * self.scale(batch, reduce),
        }
    }

    /// `dL_B/dphi`.
    pub fn gradient(&self, phi: Vector, batch: Batch, reduce: Reduce) -> Vector {
        match self {
            Objective::Surface(s) => s.gradient(phi),
            // The network's slice: the same sums as `eval` (they are summed per sample there).
            Objective::Sliced(s) if matches!(&s.0, Objective::Data(d) if d.model == Model::Shallow) => {
                self.eval(phi, batch, reduce).gradient
            }
            Objective::Sliced(s) => s.1.gradient(s.0.gradient(s.1.point(phi), batch, reduce)),
            Objective::Data(d) => {
                self.scale(batch, reduce) * d.sum(self.indices(batch), phi, false).1
            }
        }
    }

    /// Value, gradient and Hessian (eq. 6.19) of `L_B` at `phi`.
    pub fn eval(&self, phi: Vector, batch: Batch, reduce: Reduce) -> Eval {
        match self {
            Objective::Surface(s) => {
                let (value, gradient, hessian) = s.evaluate(phi);
                Eval {
                    value,
                    gradient,
                    hessian,
                }
            }
            Objective::Sliced(s) => {
                let (inner, plane) = (&s.0, &s.1);
                if let Objective::Data(d) = inner {
                    if d.model == Model::Shallow {
                        // The slice's own 2 x 2 derivatives, sample by sample, without the
                        // network's 10 x 10 Hessian (critical points and curvature on a slice
                        // evaluate this thousands of times).
                        let (value, g, h) =
                            d.slice_sum(inner.indices(batch), plane.point(phi), plane);
                        let k = inner.scale(batch, reduce);
                        return Eval {
                            value: value * k,
                            gradient: k * Vector::new(g[0], g[1]),
                            hessian: Matrix::new(h).scale(k),
                        };
                    }
                }
                let e = inner.eval(plane.point(phi), batch, reduce);
                Eval {
                    value: e.value,
                    gradient: plane.gradient(e.gradient),
                    hessian: plane.hessian(e.hessian),
                }
            }
            Objective::Data(d) => {
                let (value, gradient, hessian) = d.sum(self.indices(batch), phi, true);
                let k = self.scale(batch, reduce);
                Eval {
                    value: value * k,
                    gradient: k * gradient,
                    hessian: hessian.scale(k),
                }
            }
        }
    }

    pub fn hessian(&self, phi: Vector, batch: Batch, reduce: Reduce) -> Matrix {
        self.eval(phi, batch, reduce).hessian
    }

    /// The full-data loss `L(phi)` in the book's convention (sum over all samples).
    /// The full-data gradient by central differences (Problems 6.1 and 6.3: check the analytic
    /// gradient). The step is `h = 1e-6 max(1, |phi_k|)` per coordinate; the error is O(h²).
    pub fn gradient_fd(&self, phi: Vector) -> Vector {
        let mut g = Vector::zeros(phi.dim());
        for k in 0..phi.dim() {
            let h = 1e-6 * phi[k].abs().max(1.0);
            let e = h * Vector::unit(phi.dim(), k);
            g[k] = (self.loss(phi + e) - self.loss(phi - e)) / (2.0 * h);
        }
        g
    }

    pub fn loss(&self, phi: Vector) -> f64 {
        self.value(phi, Batch::All, Reduce::Sum)
    }

    pub fn data(&self) -> Option<&DataSet> {
        match self {
            Objective::Data(d) => Some(&d.data),
            Objective::Surface(_) => None,
            Objective::Sliced(s) => s.0.data(),
        }
    }
}

/// A scene: an objective with its view and labels.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    pub name: SceneName,
    pub objective: Objective,
    /// The plotted region: of the parameters, or of the plane's `(u, v)` for a sliced scene.
    pub view: View,
    /// The plane the landscape panel shows (`None`: the parameters themselves).
    pub plane: Option<Plane>,
}

impl Scene {
    /// The scene with the book's data and view.
    pub fn new(name: SceneName) -> Scene {
        Scene::with_data(name, name.default_data())
    }

    /// The scene with user-edited data (ignored by scenes without data).
    pub fn with_data(name: SceneName, data: Option<DataSet>) -> Scene {
        let objective = match name.kind() {
            SceneKind::Data(model, loss) => Objective::Data(DataObjective {
                model,
                loss,
                data: data
                    .or_else(|| name.default_data())
                    .unwrap_or(DataSet::new(vec![], vec![])),
            }),
            SceneKind::Surface(s) => Objective::Surface(s),
        };
        Scene {
            name,
            objective,
            view: name.default_view(),
            plane: None,
        }
    }

    /// The objective the landscape panel shows: the objective itself, or its slice.
    /// A sliced scene is shown through the plane its session chose; without one (a race built
    /// and drawn directly) through the first two parameters' axes at the origin, so nothing
    /// ever evaluates ten parameters at two.
    pub fn surface(&self) -> std::borrow::Cow<'_, Objective> {
        let n = self.name.dim();
        let plane = self.plane.or_else(|| {
            (n > 2).then(|| Plane {
                center: Vector::zeros(n),
                d1: Vector::unit(n, 0),
                d2: Vector::unit(n, 1),
            })
        });
        match plane {
            None => std::borrow::Cow::Borrowed(&self.objective),
            Some(p) => {
                std::borrow::Cow::Owned(Objective::Sliced(Box::new((self.objective.clone(), p))))
            }
        }
    }

    /// A parameter vector's place in the landscape panel: its plane coordinates and its
    /// distance from the plane (0 for a two-parameter scene).
    pub fn project(&self, phi: Vector) -> slice::Projection {
        match self.plane {
            None => slice::Projection { uv: phi, off: 0.0 },
            Some(p) => p.project(phi),
        }
    }
}
