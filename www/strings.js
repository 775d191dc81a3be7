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
    batchAll: "all (full batch)", maxdist: "Search range", acc0: "Accumulator start", run: "Run", startNumber: "start {n}",
    inspector: "Inspector", updateRule: "Update rule", iteration: "Iteration", epoch: "Epoch",
    quizConvex: "Convex?", quizLocal: "local minimum", quizGlobal: "global minimum", quizNeither: "neither", quizCheck: "Check answers", quizPoint: "Point {n}", quizFunction: "Function {f}",
    quizYes: "convex", quizNo: "not convex", quizRight: "✓ right", quizWrong: "✗ not quite",
    quizWhyConvex: "its second derivative is never negative (lowest {c})", quizWhyNotConvex: "its second derivative is negative somewhere (as low as {c})",
    quizWhySlope: "the slope is {s}, not zero, so it is not a minimum", quizWhyFlat: "the slope is zero and the curvature is {c}, but the function is lower on one side and higher on the other: not a minimum",
    quizWhyGlobal: "zero slope, curvature {c} > 0, and nothing on the range is lower", quizWhyLocal: "zero slope and curvature {c} > 0, but other points are lower (by {d})",
    batchOf: "batch {k} of {K}", lr: "Learning rate αₜ", gradientHere: "∇L at φ (all data)", gradientFd: "∇L by finite differences", relDiff: "relative difference {e}", gradientStep: "Gradient the step used", turnAngle: "Angle between the last two steps",
    hessian: "Hessian eigenvalues", curvature: "Curvature here",
    hessianSize: "Hessian size (Problem 6.11)", hessianSizeIs: "{n} parameters: {e} entries; a million parameters: {big}",
    slicePlane: "Slice", slice_random: "random directions", slice_pca: "principal directions of the path", slice_hessian: "Hessian eigenvectors", "slice_phi1,phi2": "axes φ1, φ2", sliceCenter: "centre", follow: "follow the run", pcaWaits: "PCA needs a few steps of path", lang_en: "English", lang_zh: "中文", center_start: "centred at the start", center_current: "centred at the current iterate", center_critical: "centred at a stationary point",
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
    finished: "finished", problems: "Problems with this link", notApplied: "Not applied", dismiss: "Dismiss",
    crashed: "The widget hit an internal error and stopped:", reload: "Restart widget",
    announce: "Iteration {t} of {T}, loss {loss}", exportTitle: "Download", afterPredict: "Shown once you have predicted: it would give the answer away.", captionChanged: "These settings are no longer those of {name}, so its caption, which describes them, is not shown. Reset to the preset from the gallery or the link.", copyNumPy: "Copy as NumPy",
    descLand: "{scene} loss landscape, φ0 from {a} to {b}, φ1 from {c} to {e}", descGlobal: "global minimum {loss} at ({x}, {y})", descBatches: "Three of this epoch's batches, each on its own loss surface with the step it would take from the current point", descModels: "The model at each lettered minimum of the landscape", descModel: "{letter}) loss {loss} at ({x}, {y})",
    descSlice: "{scene}: a 2-D slice of the loss, u from {a} to {b}, v from {c} to {e}", descSliceLowest: "lowest stationary point of this slice (not of the network) {loss} at (u, v) = ({x}, {y})",
    descRun: "run {n}, {opt}, at step {t}, loss {loss}", nearGlobal: "in the global valley", nearLocal: "near a local minimum (loss {loss})",
    descData: "{n} data points and the model of run 1 at step {t}", descLine: "The loss along the line, L(φ0), with the bracket run 1 examined at step {t} (shaded) and its points a, b, c, d", descStages: "The loss along the line, L(φ0), three times: a), b) and c) shade the brackets run 1 examined at its last three steps, up to step {t}", descLossRun: "run {n}, {opt}, from {first} to {loss} in {t} steps",
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
    inputX: "Input x", outputY: "Output y", probY: "Pr(y = 1 | x)", lineLoss: "L(φ0)", surface3d: "Loss L[φ] as a surface (drag it or use the arrow keys to turn it)", stepN: "step {t}", rateAxis: "Learning rate", epochAxis: "Epochs (samples processed / N)",
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
  },
};

export function t(lang, key, vars = {}) {
  const table = STRINGS[lang] || STRINGS.en;
  let s = table[key] ?? STRINGS.en[key] ?? key;
  for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, v);
  return s;
}

/** Loads the English captions (captions.js) into the words; resolves once they are there. */
let captions;
export function loadCaptions() {
  captions ??= import("./captions.js").then(({ CAPTIONS }) => Object.assign(STRINGS.en, CAPTIONS));
  return captions;
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
/** Puts each `[data-s]` node's words in the page's language (`word(key)`). A page whose words
 * change (a `lang=zh` link, once its words have arrived) keeps each block of its header at least
 * as tall as it was, so shorter words move nothing below them, and hides it for the frame the
 * words change in, so the words themselves are not seen to move (no layout shift). A resize lets
 * the heights go. */
export function putWords(word) {
  const nodes = [...document.querySelectorAll("[data-s]")].filter((el) => el.textContent !== word(el.dataset.s));
  if (nodes.length) {
    const blocks = [...document.querySelectorAll("header > *")];
    for (const n of blocks) {
      n.style.minHeight = `${n.getBoundingClientRect().height}px`;
      n.style.visibility = "hidden";
    }
    requestAnimationFrame(() => requestAnimationFrame(() => blocks.forEach((n) => (n.style.visibility = ""))));
    addEventListener("resize", () => blocks.forEach((n) => (n.style.minHeight = "")), { once: true });
  }
  nodes.forEach((el) => (el.textContent = word(el.dataset.s)));
}

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
