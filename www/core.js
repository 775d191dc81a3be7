// The page's shared machinery under every <downhill-widget>: the wasm module (loaded once,
// re-instantiated after a trap), the one frame loop all widgets share, the queue that builds a
// page's widgets one per frame, and the constructed stylesheet. Knows nothing of any panel.

import init, {
  __wbg_reset_state as resetState, catalogue, epochs_for, fresh_seed, last_panic, Thumbnail, Widget,
} from "./pkg/downhill.js";
import { wasmSource } from "./wasm-source.js";
import { CSS } from "./style.js";
import { watchHostTheme } from "./theme.js";

/** Milliseconds of script one widget's animation frame may spend (stepping, drawing, the
 * sweep); stepping gets what the last frame's drawing left of it, between 1 and 8 ms, and the
 * drawing what the stepping left (the core fits its slices of landscape work to it). The
 * browser's own part of a frame (layout, paint, compositing) comes on top. */
export const FRAME_BUDGET_MS = 12;
export const STEP_BUDGET_MS = [1, 8];
/** A running sweep (section 6.5) gets at least this much of each frame, even while playing. */
export const SWEEP_MIN_MS = 3;

/** The wasm module of this page: its exports, as one object, once instantiated. */
export let core = null;
let modulePromise = null;
/** Counts instances: a handle from a trapped instance is never freed into a fresh one. */
export let generation = 0;
/** The widgets of a page share each animation frame: one requestAnimationFrame callback runs
 * those that asked, until the page's frame budget is spent; the rest go first in the next frame
 * (so none waits for ever). Twenty widgets cost a frame no more than one does.
 *
 * The budget is PAGE_FRAME_MS on a machine that keeps up, and shrinks (to MIN_PAGE_FRAME_MS)
 * while frames come slower than FRAME_SLOW_MS apart: where the browser's own part of a frame
 * (layout, paint, compositing) is slow, the runs take fewer steps a frame rather than the
 * picture fewer frames a second. (A browser that caps frames at 30 a second, as in a low-power
 * mode, gets the smaller budget too: less work a second is what such a mode asks for.) */
const PAGE_FRAME_MS = 12;
const MIN_PAGE_FRAME_MS = 4;
const FRAME_SLOW_MS = 25;
let pageBudget = PAGE_FRAME_MS;
let lastFrameAt = 0;
let frameWant = new Set();
let frameRaf = 0;
export function requestFrame(el) {
  frameWant.add(el);
  if (!frameRaf) frameRaf = requestAnimationFrame(runFrame);
}
function runFrame(now) {
  frameRaf = 0;
  // Consecutive frames only (an idle page's first frame says nothing about the machine).
  const gap = now - lastFrameAt;
  if (gap < 100) pageBudget = gap > FRAME_SLOW_MS ? Math.max(MIN_PAGE_FRAME_MS, pageBudget * 0.8) : Math.min(PAGE_FRAME_MS, pageBudget + 0.5);
  lastFrameAt = now;
  const list = [...frameWant];
  frameWant = new Set();
  const t0 = performance.now();
  for (let k = 0; k < list.length; k++) {
    // A widget whose last frame would not fit in what is left waits for the next frame (the
    // first of a frame always runs): several visible widgets take turns rather than one long frame.
    if (k > 0 && performance.now() - t0 + (list[k].frameMs ?? 0) >= pageBudget) {
      // The rest first next frame, then those that asked again during this one.
      frameWant = new Set([...list.slice(k), ...frameWant]);
      break;
    }
    // Each widget steps within what the page's frame has left (its drawing comes on top).
    if (list[k].isConnected) {
      const t = performance.now();
      list[k].onFrame(pageBudget - (t - t0));
      list[k].frameMs = performance.now() - t;
    }
  }
  if (frameWant.size && !frameRaf) frameRaf = requestAnimationFrame(runFrame);
}

/** Resolves in a task of its own (lets the browser breathe between parts of start-up). */
export const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
/** Resolves in a task after the browser's next rendering step (style and layout of what was
 * just built happen there, not in the task that reads them). */
export const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

/** Widgets waiting for their turn to build their controls. One is built per frame, those near
 * the screen first, so the style and layout of a page's shadow roots is spread over frames (twenty
 * built together cost one task of 80 ms). */
const BUILD_QUEUE = [];
let buildPumping = false;
const nearScreen = typeof IntersectionObserver === "function"
  ? new IntersectionObserver((entries) => {
    for (const e of entries) e.target.nearScreen = e.isIntersecting;
  }, { rootMargin: "50% 0px" })
  : null;
/** Resolves when it is `el`'s turn to build. */
export function buildTurn(el) {
  return new Promise((resolve) => {
    BUILD_QUEUE.push({ el, resolve, waited: 0 });
    nearScreen?.observe(el);
    pumpBuilds();
  });
}
function pumpBuilds() {
  if (buildPumping || !BUILD_QUEUE.length) return;
  buildPumping = true;
  // After a frame has been drawn (the last build's layout is done), in a task of its own.
  requestAnimationFrame(() => setTimeout(() => {
    buildPumping = false;
    let i = BUILD_QUEUE.findIndex((j) => j.el.nearScreen);
    // Until the observer has spoken (one frame, at most a few) nothing is known to be near.
    if (i < 0 && BUILD_QUEUE.some((j) => j.el.nearScreen === undefined && j.waited++ < 3)) return pumpBuilds();
    if (i < 0) i = 0;
    const [job] = BUILD_QUEUE.splice(i, 1);
    nearScreen?.unobserve(job.el);
    job.resolve();
    pumpBuilds();
  }));
}

/** Whether the reader asked for less motion (checked each frame: it can change). */
export const reducedMotion = () => window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
// theme=auto follows the page and the system when they change.
watchHostTheme(() => {
  for (const el of LIVE) el.applyTheme();
});
/** Milliseconds between pictures while a run plays under reduced motion. */
export const REDUCED_MOTION_MS = 400;

/** Every connected widget, to rebuild after a trap. */
export const LIVE = new Set();

/** Loads and instantiates the wasm module once per page (streamed where it is served over
 * HTTP; from the bytes inside a single-file build). Resolves to the catalogue. */
export function loadModule() {
  if (!modulePromise) {
    modulePromise = init({ module_or_path: wasmSource() }).then(() => {
      core = { Widget, Thumbnail, catalogue, epochs_for, fresh_seed, last_panic };
      // Pairs made lookups: the menus' words, and each slider's stops as a link writes them.
      const cat = catalogue();
      cat.choices = Object.fromEntries(cat.choices);
      cat.sliders = Object.fromEntries(cat.sliders.map(([key, stops]) => [key, stops.map(String)]));
      return cat;
    });
  }
  return modulePromise;
}

/** After a trap (a Rust panic aborts the instance), instantiates the compiled module afresh
 * and rebuilds every widget on the page from its last good query, at its step. */
let recovering = false;
export function recoverAll(message) {
  if (recovering) return;
  recovering = true;
  try {
    resetState();
    generation++;
    for (const el of LIVE) el.rebuild(message);
  } finally {
    recovering = false;
  }
}

/** One stylesheet object, adopted by every widget's shadow root (no inline style, so a strict
 * Content-Security-Policy holds). */
let sheet = null;
export function styleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

// The page benchmark's "first landscape" mark: set once, when a widget's landscape is on screen.
let firstPaint = false;
export function markFirstPaint() {
  if (firstPaint) return;
  firstPaint = true;
  performance.mark("downhill:first-draw");
}
