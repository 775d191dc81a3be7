// Every piece of text the widget shows, in English; Simplified Chinese (the chapter's own
// language) is in strings-zh.js, loaded by loadLang when asked for. Keys are looked up with
// t(lang, key); missing Chinese entries fall back to English.
export const STRINGS = {
  en: {
    title: "Downhill — training models (chapter 6)",
    play: "Play", pause: "Pause", step: "Step", reset: "Reset",
    speed: "Steps per frame", scene: "Scene", seed: "Seed", newSeed: "New seed",
    share: "Share", copyLink: "Copy link", copied: "Copied", embed: "The link shows the widget alone, without this page's header",
    hideControls: "In the link, hide these parts of the widget", iframe: "HTML for a course page (an iframe that fits its content)", copySnippet: "Copy snippet",
    runs: "Runs", addRun: "Add run", remove: "Remove", optimizer: "Optimizer",
    alpha: "Learning rate α", beta: "Momentum β", gamma: "Second moment γ", eps: "ε", wd: "Weight decay λ", batch: "Batch size",
    batchAll: "all (full batch)", maxdist: "Search range", run: "Run", startNumber: "start {n}",
    inspector: "Inspector", updateRule: "Update rule", iteration: "Iteration", epoch: "Epoch",
    quizConvex: "Convex?", quizLocal: "local minimum", quizGlobal: "global minimum", quizNeither: "neither", quizCheck: "Check answers", quizPoint: "Point {n}", quizFunction: "Function {f}",
    quizYes: "convex", quizNo: "not convex", quizRight: "✓ right", quizWrong: "✗ not quite",
    quizWhyConvex: "its second derivative is never negative (lowest {c})", quizWhyNotConvex: "its second derivative is negative somewhere (as low as {c})",
    quizWhySlope: "the slope is {s}, not zero, so it is not a minimum", quizWhyFlat: "the slope is zero but the curvature is {c}: a flat point, not a minimum",
    quizWhyGlobal: "zero slope, curvature {c} > 0, and nothing on the range is lower", quizWhyLocal: "zero slope and curvature {c} > 0, but other points are lower (by {d})",
    batchOf: "batch {k} of {K}", lr: "Learning rate αₜ", gradientHere: "∇L at φ (all data)", gradientFd: "∇L by finite differences", relDiff: "relative difference {e}", gradientStep: "Gradient the step used", turnAngle: "Angle between the last two steps",
    hessian: "Hessian eigenvalues", curvature: "Curvature here",
    hessianSize: "Hessian size (Problem 6.11)", hessianSizeIs: "{n} parameters: {e} entries; a million parameters: {big}",
    slicePlane: "Slice", sliceRandom: "random directions", slicePca: "principal directions of the path", sliceHessian: "Hessian eigenvectors", sliceAxes: "axes φ1, φ2", sliceCenter: "centre", follow: "follow the run", pcaWaits: "PCA needs a few steps of path", center_start: "centred at the start", center_current: "centred at the current iterate", center_critical: "centred at a stationary point",
    sliceExplained: "Path variance along u, v", sliceCurvatures: "Curvature along u, v (λmax, λmin)", sliceCritical: "Newton from here", sliceNoCritical: "did not converge; centred at the iterate",
    offPlane: "Distance from the plane", offPlaneMax: "largest on the path {m}", sliceStationary: "Marked points are stationary points of this slice, not of the network.",
    spectrum: "Hessian spectrum (up: positive, down: negative; log scale)",
    kind_minimum: "both positive: curving up in every direction (a minimum if the gradient is zero)",
    kind_maximum: "both negative: curving down in every direction (a maximum if the gradient is zero)",
    kind_saddle: "opposite signs: up one way, down the other (a saddle if the gradient is zero)",
    kind_degenerate: "a zero eigenvalue: the second-order test says nothing",
    landscape: "Loss landscape", data: "Data and model", loss: "Loss",
    logColors: "Log colours", logLoss: "Log loss axis", batchSurface: "Current batch's surface",
    resetData: "Book's data", dataHelp: "Drag a point to move it, click empty space to add one, shift-click to remove.",
    landHelp: "Click or drag to set the start point.",
    status_running: "running", status_diverged: "diverged", status_stopped: "stopped",
    finished: "finished", problems: "Problems with this link", dismiss: "Dismiss",
    crashed: "The widget hit an internal error and stopped:", reload: "Restart widget",
    announce: "Iteration {t} of {T}, loss {loss}", exportTitle: "Download", captionChanged: "These settings are no longer those of {name}, so its caption, which describes them, is not shown. Reset to the preset from the gallery or the link.", copyNumPy: "Copy as NumPy",
    descLand: "{scene} loss landscape, φ0 from {a} to {b}, φ1 from {c} to {e}", descGlobal: "global minimum {loss} at ({x}, {y})",
    descSlice: "{scene}: a 2-D slice of the loss, u from {a} to {b}, v from {c} to {e}", descSliceLowest: "lowest stationary point of this slice (not of the network) {loss} at (u, v) = ({x}, {y})",
    descRun: "run {n}, {opt}, at step {t}, loss {loss}", nearGlobal: "in the global valley", nearLocal: "near a local minimum (loss {loss})",
    descData: "{n} data points and the model of run 1 at step {t}", descLossRun: "run {n}, {opt}, from {first} to {loss} in {t} steps",
    milestoneStopped: "Run {n}, {opt}, {why} at step {t}: {message}", milestoneLocal: "Run {n}, {opt}, finished at step {t}, stuck near a local minimum (loss {loss}; the global minimum is {g})",
    milestoneDone: "Run {n}, {opt}, finished at step {t}",
    momentumWeights: "Weights (1−β)βᵏ of past gradients (Problem 6.10)",
    bracket: "Line search brackets", rule: "rule {r}",
    rule_1: "rule 1: L(a) is the lowest, so b, c, d move halfway towards a",
    rule_2: "rule 2: L(b) < L(c), so [c, d] is dropped",
    rule_3: "rule 3: L(b) ≥ L(c), so [a, b] is dropped",
    hover: "φ = ({p0}, {p1})  L = {L}  ∇L = ({g0}, {g1})",
    hoverSlice: "(u, v) = ({p0}, {p1})  L = {L}  slice gradient = ({g0}, {g1})",
    noData: "This surface has no training data.",
    scene_linear: "Linear regression (fig. 6.1)", scene_gabor: "Gabor model (fig. 6.2–6.7)",
    scene_bowl: "Anisotropic bowl (fig. 6.9)", scene_line1d: "1-D line search (fig. 6.10)",
    scene_logistic: "Logistic regression (Problem 6.4)", scene_rosenbrock: "Rosenbrock valley",
    scene_himmelblau: "Himmelblau (four minima)", scene_saddle: "Saddle between two minima", scene_shallow: "Shallow network, 10 parameters (Problem 6.5)",
    language: "Language",
    pageIntro: "Chapter 6 of Understanding Deep Learning, live: gradient descent, line search, SGD with minibatches and epochs, momentum, Nesterov and Adam on the book's loss landscapes. Every change is in the link.",
    pageFooter: "Numbers follow the book's equations: a batch's loss is the sum of its terms (eq. 6.5, 6.10), squared errors or, for logistic regression, the binary cross-entropy.",
    axis_linear_0: "Intercept φ0", axis_linear_1: "Slope φ1", axis_gabor_0: "Offset φ0", axis_gabor_1: "Frequency φ1",
    axis_phi0: "φ0", axis_phi1: "φ1", lossAxis: "Loss", lossLogAxis: "Loss (log)",
    inputX: "Input x", outputY: "Output y", probY: "Pr(y = 1 | x)", lineLoss: "L(φ0)", rateAxis: "Learning rate",
    axis_slice_0: "u (along direction 1)", axis_slice_1: "v (along direction 2)",
    "problem": "Problem",
    "gallery": "Figure gallery",
    "shareBaseBad": "share-base = {v} is not an http(s) address; share links open the app that came with the widget instead",
    "typeValue": "type a value",
    "open": "Open",
    "stepCheck": "This step",
    "downBatchUpFull": "downhill on its batch ({b0} → {b1}) but uphill on all the data ({f0} → {f1}), as in figure 6.6d",
    "downBoth": "batch {b0} → {b1}, all data {f0} → {f1}",
    "curvLegend": "Blue: both Hessian eigenvalues positive (convex here). Sand: opposite signs. Red: both negative.",
    "calc": "Epochs calculator (Problem 6.9)",
    "calcData": "Data size I",
    "calcBatch": "Batch size",
    "calcIters": "Iterations",
    "calcResult": "{e} epochs ({k} iterations per epoch)",
    "recovered": "The widget restarted after an internal error, from its last good state:", "sweepProgress": "{done} of {total} cells", "cancel": "Cancel", "resume": "Resume", "pending": "not run yet",
    "bookSetting": "The book's setting φ0 = {phi0}, φ1 = {phi1}",
    "sweepTitle": "Loss after {n} steps over {x} × {y}; click a cell to load it",
    "diverged": "diverged",
    "phiSliders": "Parameters",
    "batchLandscape": "Loss of the current batch",
    "fullLandscape": "Loss of all the data",
    "caption_fig6.1": "Figure 6.1 Gradient descent for the linear regression model. From point 0 we move along the steepest descent direction until the loss stops falling (point 1), then measure the gradient there and repeat. After only four iterations we are close to the minimum: the loss has fallen from {l0} to {l4}, against a minimum of {lmin}. The model of point 0 (lightest line) describes the data poorly; each iteration improves the fit, and point 4 (darkest) describes the training data reasonably.",
    "caption_fig6.2": "Figure 6.2 The Gabor model (eq. 6.8): a sinusoid whose amplitude decreases with distance from the centre. φ0 sets where the crest is (the wave moves left as φ0 grows); φ1 squeezes the wave towards the centre (narrower as φ1 grows). It opens at the book's first setting, φ = (−5, 25); move the sliders, drag on the landscape, or press a)–c) for the book's three settings.",
    "caption_fig6.3": "Figure 6.3 Training data for the Gabor model: x sampled uniformly in [−15, 15], passed through the model with φ = [0.0, 16.6]ᵀ and perturbed by normally distributed noise. (The notebooks' data have 30 pairs; the printed caption says 28.)",
    "caption_fig6.4": "Figure 6.4 The loss of the Gabor model is non-convex: besides the global minimum (grey circle, loss {min} here; the book prints 0.64) there are local minima (cyan circles) and saddle points (blue crosses), where the gradient is zero but the loss rises in one direction and falls in another. Click a marked point to see its model; the inspector's Hessian eigenvalues say why it is a minimum or a saddle.",
    "caption_fig6.5": "Figure 6.5 Gradient descent versus stochastic gradient descent. a) Runs 1–3: gradient descent with line search from starts 1, 2 and 3. From 1 and 3, in the global minimum's valley, it heads steadily to the global minimum; from 2, right of the ridge, it stays right of it and stops in a local minimum (loss {gd2}). b) Runs 4–5: SGD (batch 5) from starts 1 and 2. Its noise can carry a run out of a valley: from 2 it crossed the ridge into the global minimum's valley on {sgd2} of 20 seeds; from 1 it ended in the global valley on {sgd1} of 20, since the same noise can also carry it out of the right valley.",
    "caption_fig6.6": "Figure 6.6 SGD on the Gabor model with batch size 3. Left: the loss over the whole training set; the white arrows show where each batch of the epoch would move the parameters from the current point, and the yellow one their mean, which is the full-gradient step divided by the number of batches (figure 6.6a). Right: the loss of the current batch only (its points are circled in the data panel); a different batch gives a different surface and a different update. Each step goes downhill on its batch's surface but may go uphill on the full loss — the inspector points it out when it does.",
    "caption_fig6.7": "Figure 6.7 Stochastic gradient descent with momentum. a) Plain SGD (blue) takes a meandering path towards the minimum: its direction changes by {sgd_turn}° per step on average. b) With momentum (green, β = 0.9) each update mixes the previous one with the current batch's gradient, so the path is smoother ({mom_turn}° per step) and it settles nearer the minimum (final loss {mom} against {sgd}). Both see the same batches; this holds for most seeds, not just this one.",
    "caption_fig6.8": "Figure 6.8 Nesterov accelerated momentum, paused at step 2, where the second step's construction is drawn. Classic momentum (1→2→3): the gradient at point 1 moves to 2, then the previous step's momentum carries on to 3. Nesterov (1→4→5): momentum first moves to 4, then the gradient, measured at the look-ahead point (cross) rather than at 1, moves to 5.",
    "caption_fig6.9": "Figure 6.9 Adaptive moment estimation. The loss changes fast vertically and slowly horizontally. a) With a rate that suits the vertical direction, gradient descent (blue) takes ages to travel horizontally. b) With one that suits the horizontal direction (green) it overshoots vertically and is unstable. c) Normalized gradients (magenta) move a fixed distance along each axis and oscillate between two points near the minimum. d) Adam (cyan) smooths the gradient and its normalisation with momentum and converges.",
    "caption_fig6.10": "Figure 6.10 Line search by bracketing. The current solution is at a; we search [a, d] (shaded) by evaluating the interior points b and c. If L(b) > L(c) we drop [a, b] (rule 3); if L(b) < L(c) we drop [c, d] (rule 2); if a is the lowest of the four, b, c and d move halfway towards a (rule 1). Step to watch the bracket close in on a minimum.",
    "caption_fig6.11": "Figure 6.11 and Problem 6.6: three one-dimensional loss functions. Which are convex? Classify each of the points 1–7 as a local minimum, the global minimum or neither, then check your answers: each comes with its reason, the slope and the curvature (second derivative) at the point.",
    "caption_schedule-step": "Learning-rate schedule (6.2.2): two SGD runs from the same start on the same batches. Both reach the global valley early with large steps: they explore. The blue run halves α every 5 epochs and settles (mean loss over its last 30 steps {sched}); the green run keeps α constant and keeps bouncing around the minimum ({const}). The dashed lines (right axis) are αₜ.",
    "caption_schedule-warmup": "Learning-rate warmup (notes; Goyal et al., 2018): Adam with constant α (blue) beside Adam with α ramped up linearly over the first 20 steps (green). The dashed lines (right axis) are αₜ.",
    "caption_epochs": "Batches and epochs (6.2.1, Problem 6.9): every epoch shuffles the data once and cuts it into batches; 30 points in batches of 5 make 6 iterations per epoch. The readout says where we are; the calculator answers Problem 6.9.",
    "caption_momentum-weights": "Momentum as a weighted sum of past gradients (Problem 6.10): since m₀ = 0, eq. 6.11 unrolls to mₜ₊₁ = Σₖ₌₀ᵗ (1−β)βᵏ gₜ₋ₖ, a finite sum whose weights add up to 1 − βᵗ⁺¹. The bars beside the update rule show the weights for the run's β (here {beta}); change β to see them stretch or shrink.",
    "caption_convexity-linear": "Convexity (6.1.2, Problem 6.2): the Hessian of the linear-regression loss is the same everywhere and both its eigenvalues are positive, so the whole map is blue (convex): every descent reaches the one minimum.",
    "caption_convexity-gabor": "The Gabor loss is not convex: blue where both Hessian eigenvalues are positive, sand where they have opposite signs (saddle-shaped), red where both are negative.",
    "caption_newton-max": "Newton's method (notes) jumps to the nearest stationary point of the local quadratic model, whatever its kind: near Himmelblau's maximum it climbs onto it (blue), near a saddle it settles there (green), while gradient descent (magenta) goes downhill.",
    "caption_newton-min": "On a quadratic loss Newton's method (blue) reaches the minimum in a single step; gradient descent (green) needs many.",
    "caption_adaptive": "Adaptive methods (notes) on the Gabor model, full batch, from the notebooks' start, one panel each. AdaGrad (blue) divides each step by the root of the sum of all squared gradients so far, so its steps keep shrinking: after 150 steps it is still short of the global valley (loss {adagrad}), although its α is three times the others'. RMSProp (green) and AdaDelta (magenta) average the squared gradients recursively instead and reach the valley ({rmsprop} and {adadelta}); Adam (cyan) adds momentum ({adam}).",
    "caption_batch-lr": "Batch size and learning rate (notes; Jastrzębski et al., 2018): started at the global minimum, SGD with mean-reduced gradients never settles, and how far it wanders depends on α / batch (the panels zoom in on the minimum). The runs with the same ratio (blue 0.75/3, green 1.5/6) hover alike: their mean loss above the minimum is {a} and {b}. Doubling α at batch 3 (magenta) breaks the ratio and it wanders much further ({c}).",
    "caption_sweep": "Hyperparameter search (6.5): the final loss of SGD with momentum for every pair of α and β on a grid. Click a cell to load that run.",
    "caption_logistic": "Logistic regression (Problem 6.4): Pr(y = 1 | x) = sig[φ0 + φ1 x] with the binary cross-entropy loss, which is convex. From this start Newton's method (green) is within 10⁻⁶ of the minimum loss after {newton} steps; after 40 steps gradient descent (blue) is still {gd} above it and Adam (magenta) {adam}. Undamped Newton is safe only near the minimum: started far out, where the sigmoid saturates, its first step overshoots.",
    "caption_problem6.1": "Problem 6.1: eq. 6.7 gives the derivatives of the least-squares loss of eq. 6.5. The inspector computes them at the current point and beside them the same gradient by central finite differences; along this run the largest relative difference is {fd}. The loss at φ = (0.6, −0.2) is {loss}, the notebooks' check value. Drag the start to check anywhere.",
    "caption_problem6.2": "Problem 6.2: the Hessian of the linear-regression loss is H = 2 Σᵢ [[1, xᵢ], [xᵢ, xᵢ²]], the same at every φ. Its trace ({trace}) and determinant ({det}) are positive, so both eigenvalues are positive and the loss is convex: the whole curvature map is blue.",
    "caption_problem6.3": "Problem 6.3: the derivatives of the Gabor model's least-squares loss with respect to φ0 and φ1. The inspector compares the analytic gradient with central finite differences at the current point; along this run the largest relative difference is {fd}.",
    "caption_problem6.5": "Problem 6.5: the derivatives of the least-squares loss of the shallow network of eq. 3.1, three ReLU units and ten parameters φ0…φ3, θ10…θ31. With the residual r = f − y of each point, summed over the data: ∂L/∂φ0 = Σ 2r, ∂L/∂φk = Σ 2r·a[θk0 + θk1x], ∂L/∂θk0 = Σ 2r·φk·a′ and ∂L/∂θk1 = Σ 2r·φk·a′·x, where a′ is 1 where unit k is on and 0 where it is off. The inspector lists all ten beside central finite differences; along this run they agree to {fd} (relative). Gradient descent follows them from a loss of {l0} to {l1} in 100 steps.",
    "caption_shallow-sgd": "SGD on the shallow network with batches of 5 (6 batches an epoch, 100 epochs). The full-data loss falls from {l0} to {l1}, below the {line} the best straight line leaves, but not smoothly: it rises on {up}% of the steps, because each step follows its own batch's gradient (figure 6.6).",
    "caption_shallow-adam": "Adam (α = 0.02) on the ten-parameter network: the loss falls from {l0} to {l1} in 300 steps, less than a fifth of the {line} the best straight line leaves. The data panel draws the fit as a sum of three ReLU units, as in figure 3.3: dashed, each unit's contribution; circles, the joints where a unit switches on.",
    "caption_shallow-race": "Four optimizers race for 400 steps on the ten-parameter network from one start: gradient descent ends at a loss of {gd}, SGD with batches of 5 at {sgd}, momentum at {momentum} and Adam at {adam}; the best straight line leaves {line}. The landscape is a random 2-D slice through the start: the paths are drawn projected onto it, their dots fading where they leave the plane.",
    "caption_shallow-slices": "One run, two stories (Li et al. 2018). This landscape is the plane through the run's end spanned by the path's two principal directions, which explain {explained}% of its variance: the path stays within {pca_off} of the plane while it travels {pca_reach} along it. Switch the slice to random directions: through the same end point, a random plane sees little of the run; the path's largest distance from it is typically {random_ratio} times its reach within it (more than its reach for {hidden} of 20 random planes), so that plane's valleys say little about where the run went.",
    "caption_problem6.7": "Problem 6.7: gradient descent with line search from figure 6.5a's first start. Each line search stops where the loss along the line is lowest, so the new gradient is orthogonal to the line: the path turns by about a right angle at every step ({right} of {turns} turns within 2° of 90°, mean {angle}°; the inspector shows the last one). Momentum, which averages successive directions, is one remedy.",
    "caption_problem6.8": "Problem 6.8: can fixed-α gradient descent leave a local minimum? Both runs start near the local minimum with loss {llocal}. With α = 0.05 (blue) it settles back in. With α = 0.5 (green), above 2/λmax = {limit} for this minimum's largest Hessian eigenvalue λmax = {lmax}, every step overshoots: the run never settles, and ends bouncing between two points on either side of the valley (loss {l2}). A fixed α too large for a minimum's curvature cannot stay in it; a much larger one (α = 1) throws the run out of the valley altogether — to a worse place, not a better one.",
    "caption_problem6.11": "Problem 6.11: the Hessian has one entry per pair of parameters. The Gabor model has 2, so its Hessian is 2 × 2 ({entries} entries) and Newton's method (here) converges in a few steps. A model with a million parameters has a 10⁶ × 10⁶ Hessian: {million} entries, {tb} TB as 64-bit numbers, which is why deep learning uses first-order methods.",
    "caption_linear-linesearch": "Notebook 6.2: gradient descent with line search on the linear-regression data.",
    "caption_gabor-linesearch": "Notebook 6.3: gradient descent with line search on the Gabor model.",
    "caption_gabor-gd": "Notebook 6.3: gradient descent with a fixed learning rate α = 0.2 on the Gabor model.",
    "caption_gabor-sgd": "Notebook 6.3: SGD with batch size 5 and α = 0.8 on the Gabor model.",
    "caption_gabor-momentum": "Notebook 6.4: SGD (blue), momentum (green) and Nesterov momentum (magenta) racing on the same batches, with β = 0.9 and α = 0.5 (at the notebook's α = β = 0.6, momentum wanders off for about a third of the seeds). Both momentum methods are smoother and settle lower than SGD (final loss {mom} and {nag} against {sgd}); Nesterov does not improve on momentum here, as the notebook remarks.",
    "caption_bowl-gd-small": "Notebook 6.5: gradient descent with a small learning rate on the bowl.",
    "caption_bowl-gd-large": "Notebook 6.5: gradient descent with a large learning rate on the bowl.",
    "caption_bowl-normalized": "Notebook 6.5: normalized gradients on the bowl.",
    "caption_bowl-adam": "Notebook 6.5: Adam on the bowl.",
  },
};

export function t(lang, key, vars = {}) {
  const table = STRINGS[lang] || STRINGS.en;
  let s = table[key] ?? STRINGS.en[key] ?? key;
  for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, v);
  return s;
}

/** The interface language: the one asked for (`lang=`) if known, else the browser's. */
export function langOf(asked) {
  if (asked === "en" || asked === "zh") return asked;
  return (navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en";
}

const LANGUAGES = { zh: () => import("./strings-zh.js").then((m) => m.ZH) };
const loading = {};

/** Loads a language's words once. Returns a promise while they are missing, else null. */
export function loadLang(lang) {
  if (STRINGS[lang] || !LANGUAGES[lang]) return null;
  loading[lang] ??= LANGUAGES[lang]().then((table) => {
    STRINGS[lang] = table;
  });
  return loading[lang];
}

/** For a page's own words: while `lang`'s words load, the page stays hidden (words changed after
 * the first paint would move everything below them). Resolves once they are there. */
export async function waitForWords(lang) {
  const pending = loadLang(lang);
  if (!pending) return;
  document.documentElement.classList.add("words-pending");
  try {
    await pending;
  } finally {
    document.documentElement.classList.remove("words-pending");
  }
}
