// <downhill-widget>: the thin shell around the Rust core. It owns controls, URL sync,
// requestAnimationFrame and strings; every number and every pixel of the plots comes from the
// wasm `Widget` handle. Several widgets on one page share one wasm module.

import { factsOf } from "./facts.js";
import { STRINGS, langOf, loadLang, t, waitForWords } from "./strings.js";
import { copyText } from "./copy.js";
import { fmt } from "./format.js";
import { CSS, HTML } from "./style.js";
import { extras } from "./extras.js";
import { runs } from "./runs.js";
import { inspector } from "./inspector.js";
import { share } from "./share.js";
import { describe } from "./describe.js";
import { bindPointers } from "./pointer.js";
import { help } from "./help.js";
import { hostIsDark, watchHostTheme } from "./theme.js";
import init, {
  __wbg_reset_state as resetState, catalogue, epochs_for, fresh_seed, last_panic, quiz_answers, Thumbnail, Widget,
} from "./pkg/downhill.js";
import { wasmSource } from "./wasm-source.js";

/** Milliseconds of script one widget's animation frame may spend (stepping, drawing, the
 * sweep); stepping gets what the last frame's drawing left of it, between 1 and 8 ms, and the
 * drawing what the stepping left (the core fits its slices of landscape work to it). The
 * browser's own part of a frame (layout, paint, compositing) comes on top. */
const FRAME_BUDGET_MS = 12;
const STEP_BUDGET_MS = [1, 8];
/** A running sweep (section 6.5) gets at least this much of each frame, even while playing. */
const SWEEP_MIN_MS = 3;

/** The wasm module of this page: its exports, as one object, once instantiated. */
export let core = null;
let modulePromise = null;
/** Counts instances: a handle from a trapped instance is never freed into a fresh one. */
let generation = 0;
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
function requestFrame(el) {
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
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

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
function buildTurn(el) {
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
const reducedMotion = () => window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
// theme=auto follows the page and the system when they change.
watchHostTheme(() => {
  for (const el of LIVE) el.applyTheme();
});
/** Milliseconds between pictures while a run plays under reduced motion. */
const REDUCED_MOTION_MS = 400;

/** Every connected widget, to rebuild after a trap. */
const LIVE = new Set();

/** Loads and instantiates the wasm module once per page (streamed where it is served over
 * HTTP; from the bytes inside a single-file build). Resolves to the catalogue. */
export function loadModule() {
  if (!modulePromise) {
    modulePromise = init({ module_or_path: wasmSource() }).then(() => {
      core = { Widget, Thumbnail, catalogue, epochs_for, fresh_seed, last_panic, quiz_answers };
      return catalogue();
    });
  }
  return modulePromise;
}

/** After a trap (a Rust panic aborts the instance), instantiates the compiled module afresh
 * and rebuilds every widget on the page from its last good query, at its step. */
let recovering = false;
function recoverAll(message) {
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
function styleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

// The page benchmark's "first landscape" mark: set once, when a widget's landscape is on screen.
let firstPaint = false;

/** A gallery thumbnail's maker (`work(ms)` until it says done, then `draw(canvas, size, dpr)`). */
export const newThumbnail = (query) => new core.Thumbnail(query);
export { copyText, factsOf };
export { iframeSnippet } from "./share.js";
export { appUrl, resizeUrl } from "./app-url.js";




class DownhillWidget extends HTMLElement {
  static get observedAttributes() {
    return ["preset", "theme"];
  }

  constructor() {
    super();
    this.root = this.attachShadow({ mode: "open" });
    this.root.adoptedStyleSheets = [styleSheet()];
    // A placeholder that holds the widget's place (no layout shift) until its controls are
    // built in a task of its own (`buildDom`).
    this.root.innerHTML = '<div class="dh" data-pending role="progressbar" aria-label="Downhill" aria-busy="true"></div>';
    this.$ = (sel) => this.root.querySelector(sel);
    this.playing = false;
    this.visible = true;
    this.pendingStart = null;
    this.pendingPoint = null;
    this.dragPoint = -1;
    this.w = null;
    this.lastGood = "";
    this.ready = new Promise((resolve, reject) => {
      this._resolve = resolve;
      this._reject = reject;
    });
  }

  connectedCallback() {
    if (this._started) return;
    this._started = true;
    // A start left behind by a disconnection (or a newer start) goes no further.
    const run = (this.starts = (this.starts ?? 0) + 1);
    const stale = () => run !== this.starts || !this.isConnected;
    loadModule()
      .then(async (cat) => {
        // Start-up is a few short tasks, not one long one: the module's compilation ends in a
        // task of its own, then building the widget, labelling it and filling its panels each
        // get theirs.
        await buildTurn(this);
        if (stale()) return;
        // The shadow DOM is built in this widget's own turn (see `buildTurn`), not in the task
        // that upgrades every widget of the page at once.
        this.buildDom();
        this.cat = cat;
        const query = this.getAttribute("preset") ?? (this.hasAttribute("sync-url") ? location.search : "");
        this.guard(() => {
          this.w = new core.Widget(query);
          // The element's own theme attribute wins over the query's (the core checks it).
          if (this.hasAttribute("theme")) this.themeProblem = this.edit({ kind: "ui", key: "theme", value: this.getAttribute("theme") });
          this.gen = generation;
          this.ui = this.w.view("ui");
          this.lastGood = this.w.query();
          this.w.attach(this.$(".bg"), this.$(".fg"), this.$(".datac"), this.$(".lossc"));
          this.w.attach_batch(this.$(".bg2"), this.$(".fg2"));
        });
        // The words of another language arrive before anything is labelled.
        await loadLang(this.lang);
        await nextTask();
        if (stale() || !this.w) return;
        LIVE.add(this);
        this.buildStatic();
        this.bindEvents();
        this.applyUi();
        await nextTask();
        if (stale() || !this.w) return;
        this.pageLesson();
        this.afterChange({ problems: true, url: false });
        if (typeof this.themeProblem === "string") this.showMessage([{ severity: "error", text: `theme: ${this.themeProblem}` }]);
        this.$(".dh").removeAttribute("data-pending");
        this.resizeObserver = new ResizeObserver(() => this.onResize());
        this.resizeObserver.observe(this.$(".grid"));
        // A panel shown again (a scene with data after one without) gets its canvas sized even
        // when the grid around it keeps its size.
        for (const c of [".datac", ".lossc", ".fg", ".fg2"]) this.resizeObserver.observe(this.$(c));
        this.io = new IntersectionObserver((entries) => {
          this.visible = entries.some((e) => e.isIntersecting);
          if (this.visible && this.playing) this.schedule();
          else if (this.visible && this.sweeping) this.wantFrame();
        });
        this.io.observe(this);
        // The landscape's grid is sampled while the page waits for the first frame (a task of
        // its own).
        await nextTask();
        if (stale() || !this.w) return;
        this.guard(() => this.w.prepare(10));
        // The first draw (sampling the landscape) in the next frame: start-up is two short
        // tasks, not one long one.
        requestAnimationFrame(() => {
          this.guard(() => this.w.resize(window.devicePixelRatio || 1));
          setTimeout(() => {
            this.sized = true;
            this.redraw();
            this.showRule();
            if (this.ui.autoplay) {
              this.quiet = reducedMotion();
              this.play();
            }
            this._resolve(this);
          }, 0);
        });
      })
      .catch((e) => {
        this.showCrash(String(e && e.message ? e.message : e));
        this._reject(e);
      });
  }

  /** The widget's controls and canvases, once. */
  buildDom() {
    if (this.built) return;
    this.built = true;
    this.root.innerHTML = HTML;
  }

  disconnectedCallback() {
    LIVE.delete(this);
    this.starts = (this.starts ?? 0) + 1;
    this.pause();
    this.resizeObserver?.disconnect();
    this.io?.disconnect();
    // A handle of a trapped instance is left alone (calling into it could trap again).
    if (this.gen === generation) this.w?.free();
    this.w = null;
    this._started = false;
  }

  attributeChangedCallback(name, _old, value) {
    if (name === "preset" && this.w && value !== null) this.load(value);
    if (name === "theme" && this.w && value !== null) this.change(() => this.edit({ kind: "ui", key: "theme", value }), { restart: false });
  }

  // ---- public API -------------------------------------------------------------------------
  /** Loads a preset query; returns the problems found in it. */
  load(query) {
    this.pause();
    const err = this.guard(() => this.edit({ kind: "load", query: String(query) }));
    if (typeof err === "string" && err) {
      // Refused whole (too long): the last good state stays, and says why.
      this.showMessage([{ severity: "error", text: err }]);
      return [{ severity: "error", text: err }];
    }
    const problems = this.w.view("problems");
    this.afterChange({ problems: true });
    this.applyUi();
    // A loaded query that says autoplay plays, as the same query does when the widget starts.
    if (this.ui.autoplay && !this.w.finished()) this.play();
    return problems;
  }
  /** Advances every run by n steps (bounded by their limits) and redraws. */
  step(n = 1) {
    this.guard(() => this.w.step(Math.max(0, Math.floor(n))));
    this.frameUpdate(true);
  }
  reset() {
    this.pause();
    this.guard(() => this.edit({ kind: "reset" }));
    this.afterChange({});
  }
  /** The runs so far as JSON Lines, identical to `downhill trace` for the same query and steps. */
  trace() {
    return this.guard(() => this.w.trace());
  }
  /** The canonical query of the current state. */
  get query() {
    return this.w ? this.w.query() : "";
  }
  /** The core's handle, once the widget has drawn its first frame. */
  get widget() {
    return this.sized ? this.w : null;
  }

  // ---- plumbing ---------------------------------------------------------------------------
  get lang() {
    return langOf(this.ui?.lang);
  }
  s(key, vars) {
    return t(this.lang, key, vars);
  }

  /** Runs a call into wasm; a Rust panic or JS error becomes a readable message in the widget. */
  guard(fn) {
    try {
      return fn();
    } catch (e) {
      const panic = (() => {
        try {
          return core.last_panic();
        } catch {
          return "";
        }
      })();
      // A trap (a Rust panic aborts the instance) poisons the module every widget shares:
      // instantiate it afresh and rebuild them all; other errors show the crash box.
      if (e instanceof WebAssembly.RuntimeError || panic) {
        this.pause();
        recoverAll(panic || String(e.message));
        return undefined;
      }
      this.showCrash(String(e && e.message ? e.message : e));
      throw e;
    }
  }

  /** Rebuilds the widget on a fresh module instance from its last good query, at its step. */
  rebuild(message) {
    const steps = Math.max(0, ...(this.state?.runs ?? []).map((r) => r.steps));
    this.w = new core.Widget(this.lastGood);
    this.gen = generation;
    this.w.attach(this.$(".bg"), this.$(".fg"), this.$(".datac"), this.$(".lossc"));
    this.w.attach_batch(this.$(".bg2"), this.$(".fg2"));
    this.sendTexts();
    if (this.pageQuery) this.w.edit(this.pageQuery);
    this.w.step(steps);
    this.onResize();
    this.afterChange({ url: false });
    this.showMessage([{ severity: "warning", text: `${this.s("recovered")} ${message}` }]);
  }

  showCrash(message) {
    this.buildDom();
    this.pause();
    if (this.root.querySelector(".crash")) return;
    const box = document.createElement("div");
    box.className = "crash";
    box.setAttribute("role", "alert");
    const p = document.createElement("p");
    p.textContent = `${t(this.lang, "crashed")} ${message}`;
    const b = document.createElement("button");
    b.textContent = t(this.lang, "reload");
    b.addEventListener("click", () => {
      box.remove();
      try {
        this.w?.free();
      } catch {}
      try {
        this.w = new core.Widget(this.lastGood);
        this.w.attach(this.$(".bg"), this.$(".fg"), this.$(".datac"), this.$(".lossc"));
        this.w.attach_batch(this.$(".bg2"), this.$(".fg2"));
        this.sendTexts();
        this.onResize();
        this.afterChange({});
      } catch (e) {
        this.showCrash(String(e));
      }
    });
    box.append(p, b);
    this.root.querySelector(".dh").prepend(box);
  }

  /** Gives the canvases their axis words in the page's language. */
  sendTexts() {
    for (const key of core.Widget.text_keys()) this.w.set_text(key, this.s(key));
  }

  buildStatic() {
    if (this.w) this.sendTexts();
    this.$('[data-out="version"]').textContent = `Downhill ${this.cat.version} · MIT OR Apache-2.0`;
    const sel = this.$('[data-ctl="scene"]');
    sel.innerHTML = "";
    for (const name of this.cat.scenes) {
      const o = document.createElement("option");
      o.value = name;
      o.textContent = this.s(`scene_${name}`);
      sel.append(o);
    }
    const hides = this.$('[data-out="hides"]');
    hides.innerHTML = "";
    for (const h of this.cat.hideable) {
      const l = document.createElement("label");
      l.innerHTML = `<input type="checkbox" data-hide="${h}"> ${h} `;
      hides.append(l);
    }
    this.root.querySelectorAll("[data-s]").forEach((el) => (el.textContent = this.s(el.dataset.s)));
    const labels = {
      step: "step",
      reset: "reset",
      newseed: "newSeed",
      share: "share",
      copylink: "copyLink",
      copysnippet: "copySnippet",
      resetdata: "resetData",
    };
    for (const [act, key] of Object.entries(labels)) this.$(`[data-act="${act}"]`).textContent = this.s(key);
    this.$(".fg").setAttribute("aria-label", `${this.s("landscape")}. ${this.s("landHelp")}`);
    this.$(".datac").setAttribute("aria-label", `${this.s("data")}. ${this.s("dataHelp")}`);
    this.$(".lossc").setAttribute("aria-label", this.s("loss"));
    this.$(".dh").setAttribute("lang", this.lang === "zh" ? "zh-Hans" : "en");
    this.labelHelp();
    this.updatePlayButton();
  }

  bindEvents() {
    const on = (sel, ev, fn, opts) => this.$(sel).addEventListener(ev, fn, opts);
    on('[data-act="play"]', "click", () => this.togglePlay());
    on('[data-act="numpy"]', "click", (e) => this.copyNumPy(e.currentTarget));
    this.root.querySelectorAll("[data-export]").forEach((b) => b.addEventListener("click", () => this.exportAs(b.dataset.export)));
    // The keyboard: on the focused landscape the arrows move the start (Shift: ten times as
    // far); anywhere in the widget but a form control, Space plays and pauses, "." steps and
    // "r" resets.
    const NUDGE = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    on(".fg", "keydown", (e) => {
      const d = NUDGE[e.key];
      if (!d || e.altKey || e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      if (this.lesson?.takesPointer() && this.lesson.view.kind === "point") return this.lesson.nudge(d[0], d[1], e.shiftKey);
      this.change(() => this.edit({ kind: "nudge", right: d[0], up: d[1], big: e.shiftKey ? 1 : 0 }));
    });
    on(".dh", "keydown", (e) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.target.closest?.("input, select, textarea, button, a, [contenteditable]")) return;
      if (e.key === " ") this.togglePlay();
      else if (e.key === "?") this.toggleKeys();
      else if (e.key === "Escape" && !this.$('[data-out="keys"]').hidden) this.toggleKeys(false);
      else if (e.key === ".") {
        this.pause();
        this.step(1);
      } else if (e.key === "r" || e.key === "R") this.reset();
      else return;
      e.preventDefault();
    });
    on('[data-act="keys"]', "click", () => this.toggleKeys());
    on('[data-act="step"]', "click", () => {
      this.pause();
      this.step(1);
    });
    on('[data-act="reset"]', "click", () => this.reset());
    on('[data-act="resetdata"]', "click", () => this.change(() => this.edit({ kind: "reset_data" })));
    on('[data-ctl="speed"]', "input", (e) => {
      this.change(() => this.edit({ kind: "ui", key: "speed", value: e.target.value }), { restart: false });
    });
    on('[data-ctl="scene"]', "change", (e) => this.change(() => this.edit({ kind: "scene", name: e.target.value })));
    on('[data-ctl="seed"]', "change", (e) => {
      const v = e.target.value.trim();
      this.change(() => this.edit({ kind: "set", run: null, key: "seed", value: v }));
    });
    on('[data-act="newseed"]', "click", () => this.change(() => this.edit({ kind: "set", run: null, key: "seed", value: core.fresh_seed() })));
    for (const el of this.root.querySelectorAll("[data-opt]")) {
      el.addEventListener("change", () => this.change(() => this.edit({ kind: "ui", key: el.dataset.opt, value: el.checked ? "1" : "0" }), { restart: false }));
    }
    for (const key of ["slice", "center"]) {
      on(`[data-ctl="${key}"]`, "change", (e) => this.change(() => this.edit({ kind: "ui", key, value: e.target.value }), { restart: false }));
    }
    on('[data-ctl="lang"]', "change", (e) => {
      this.change(() => this.edit({ kind: "ui", key: "lang", value: e.target.value }), { restart: false });
      this.buildStatic();
      this.afterChange({ url: true });
    });
    on('[data-act="share"]', "click", (e) => {
      const panel = this.$(".share");
      panel.hidden = !panel.hidden;
      e.target.setAttribute("aria-expanded", String(!panel.hidden));
      this.updateShare();
    });
    on('[data-act="copylink"]', "click", () => this.copy(this.shareUrl(), '[data-act="copylink"]'));
    on('[data-act="copysnippet"]', "click", () => this.copy(this.snippet(), '[data-act="copysnippet"]'));
    on('[data-ctl="embed"]', "change", (e) => this.change(() => this.edit({ kind: "ui", key: "embed", value: e.target.checked ? "1" : "0" }), { restart: false }));
    this.$('[data-out="hides"]').addEventListener("change", () => {
      const hide = [...this.root.querySelectorAll("[data-hide]")].filter((c) => c.checked).map((c) => c.dataset.hide);
      this.change(() => this.edit({ kind: "ui", key: "hide", value: hide.join(",") }), { restart: false });
    });

    // The landscape's and the data panel's pointers (mouse, pen and finger).
    bindPointers(this);
  }

  hover(p) {
    const tip = this.$(".tip");
    if (!p || p.length !== 2) {
      tip.hidden = true;
      return;
    }
    const pr = this.w.probe(p[0], p[1]);
    tip.hidden = false;
    tip.textContent = this.s(this.state?.sliced ? "hoverSlice" : "hover", {
      p0: fmt(pr.phi[0], 3), p1: fmt(pr.phi[1], 3), L: fmt(pr.loss, 4), g0: fmt(pr.gradient[0], 3), g1: fmt(pr.gradient[1], 3),
    });
  }

  /** Sends one edit to the core (fields become a small query; see session::Edit::parse).
   * Returns undefined, the index of an added point, or the refusal's message. */
  edit(fields) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) q.set(k, v === null || v === undefined ? "" : String(v));
    return this.w.edit(q.toString());
  }

  /** Applies a change through the core; shows its error message if it was refused. */
  change(fn, { restart = true } = {}) {
    const err = this.guard(fn);
    if (typeof err === "string" && err) {
      this.showMessage([{ severity: "error", text: err }]);
      this.afterChange({ url: false });
      return false;
    }
    if (restart) this.pause();
    this.afterChange({});
    this.applyUi();
    return true;
  }

  play() {
    if (this.w.finished()) this.guard(() => this.edit({ kind: "reset" }));
    this.playing = true;
    this.updatePlayButton();
    this.schedule();
  }
  pause() {
    this.playing = false;
    this.quiet = false;
    this.updatePlayButton();
  }
  /** Play or pause from a control: a pause shows the numbers where the runs stopped (they
   * followed ten times a second while playing). */
  togglePlay() {
    if (!this.playing) return this.play();
    this.pause();
    this.guard(() => {
      this.renderInspector();
      this.updateRunStatus();
    });
  }
  updatePlayButton() {
    const b = this.$('[data-act="play"]');
    if (!b) return;
    // The icon is decoration (the word names the button); ❚❚ rather than ⏸, which many fonts
    // lack (a box on a plain Linux).
    const icon = document.createElement("span");
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = this.playing ? "❚❚" : "▶";
    b.replaceChildren(icon, ` ${this.s(this.playing ? "pause" : "play")}`);
    b.setAttribute("aria-pressed", String(this.playing));
  }

  /** A frame that draws (one animation frame in flight at most; none while idle or off screen). */
  schedule() {
    this.drawWanted = true;
    this.wantFrame();
  }

  /** A frame, for drawing or for the sweep's next slice. */
  wantFrame() {
    if (!this.w) return;
    if ((this.playing || this.sweeping) && !this.visible && !this.pendingStart && !this.pendingPoint) return;
    requestFrame(this);
  }

  onFrame(pageLeft = FRAME_BUDGET_MS) {
    if (!this.w) return;
    if (this.pendingStart) {
      const [a, b] = this.pendingStart;
      this.pendingStart = null;
      this.guard(() => this.edit({ kind: "start", phi0: a, phi1: b }));
    }
    if (this.pendingPoint) {
      const [i, x, y] = this.pendingPoint;
      this.pendingPoint = null;
      this.guard(() => this.edit({ kind: "move_point", i, x, y }));
    }
    const t0 = performance.now();
    const frame = Math.min(FRAME_BUDGET_MS, pageLeft);
    // A frame the sweep alone asked for draws nothing.
    const draw = this.playing || this.drawWanted;
    this.drawWanted = false;
    if (this.playing) {
      // speed= is a ceiling, not a promise: steps go one at a time until the frame's stepping
      // budget is spent, so no link can freeze the tab. Drawing heavy (cold code, 200 points)
      // leaves less of the frame to stepping.
      // Under prefers-reduced-motion, Play moves in jumps of ten times as many steps.
      const speed = (this.ui.speed || 1) * (reducedMotion() ? 10 : 1);
      const budget = Math.min(STEP_BUDGET_MS[1], Math.max(STEP_BUDGET_MS[0], frame - (this.drawMs ?? 0)));
      let taken = 0;
      let moved = true;
      while (taken < speed && moved && performance.now() - t0 < budget) {
        moved = this.guard(() => this.w.step(1));
        taken++;
      }
      if (!moved || this.w.finished()) this.pause();
    }
    const t1 = performance.now();
    // Reduced motion: an autoplay shows the finished paths without animating them, and Play
    // shows a new picture a few times a second rather than every frame.
    const still = !draw || (this.playing && (this.quiet || (reducedMotion() && t1 - (this.shownAt ?? 0) < REDUCED_MOTION_MS)));
    if (!still) {
      this.frameUpdate(!this.playing, frame - (t1 - t0));
      this.shownAt = t1;
    }
    const t2 = performance.now();
    this.drawMs = still ? 0 : t2 - t1;
    if (this.sweeping) {
      // A frame already over its budget leaves the sweep to the next (every other frame at worst).
      const left = frame - (t2 - t0);
      this.sweepWaited = left <= 0 && !this.sweepWaited;
      if (!this.sweepWaited) this.sweepFrame(Math.max(SWEEP_MIN_MS, left));
    }
    if (this.playing) this.schedule();
    else if (this.sweeping) this.wantFrame();
  }

  /** Draws within about `ms`; work the core spreads over frames (a fresh landscape, a heavy
   * loss's critical points) asks for more. */
  redraw(ms = FRAME_BUDGET_MS) {
    // Nothing is drawn before the canvases have their size (the first frame sizes them).
    if (!this.sized) return;
    const more = this.guard(() => this.w.draw(ms));
    if (!firstPaint && this.w?.painted()) {
      firstPaint = true;
      performance.mark("downhill:first-draw");
    }
    // The landscape's critical points arrive over frames: its words follow when they are in.
    if (this.drawing && !more && this.w) this.describeFigure();
    this.drawing = more;
    if (more) {
      clearTimeout(this.moreTimer);
      // A frame soon, so the marks appear even while nothing else moves.
      this.moreTimer = setTimeout(() => this.schedule(), 0);
    }
  }

  /** Redraws and refreshes what shows numbers; `full` also rewrites the URL and announces. */
  frameUpdate(full, ms) {
    this.redraw(ms);
    // Per frame only each run's progress crosses the boundary; the full state follows changes.
    const ro = this.w.view("readout");
    ro.runs.forEach((r, i) => this.state.runs[i] && Object.assign(this.state.runs[i], r));
    if (ro.finished && !this.state.finished) this.renderLesson();
    this.state.finished = ro.finished;
    // While playing, the numbers' text follows ten times a second, not every frame: each change
    // of text costs a layout, and nobody reads sixty numbers a second.
    const now = performance.now();
    if (full || ro.finished || now - (this.lastNumbers ?? 0) >= 100) {
      this.lastNumbers = now;
      this.renderInspector();
      this.updateRunStatus();
    }
    // The live region speaks after an action and at milestones, not every step; the canvases'
    // words follow a playing run every second and a half.
    if (full) {
      this.announce();
      this.describeFigure();
    } else if (performance.now() - (this.lastDescribe ?? 0) > 1500) this.describeFigure();
    this.milestones(ro);
    if (full) this.syncUrl();
    this.dispatchEvent(new CustomEvent("step", { detail: { t: this.state.runs[0].steps, finished: this.state.finished } }));
  }

  afterChange({ problems = false, url = true }) {
    if (!this.w) return;
    const before = this.lastGood;
    this.lastGood = this.w.query();
    this.ui = this.w.view("ui");
    // A language asked for for the first time: relabel everything once its words arrive.
    loadLang(this.lang)?.then(() => {
      if (!this.w) return;
      this.buildStatic();
      this.afterChange({ url: false });
      this.applyUi();
    });
    this.state = this.w.view("state");
    if (problems) {
      const list = this.w.view("problems");
      if (list.length) this.showMessage(list);
      else this.$(".msg").hidden = true;
    }
    this.renderControls();
    this.renderRuns();
    this.redraw();
    // Captions quote numbers the first draw computes (figure 6.4's minimum).
    this.renderCaption();
    this.renderLesson();
    this.renderInspector();
    this.announce();
    this.describeFigure();
    if (url) this.syncUrl();
    this.updateShare();
    // Hosts that keep the state elsewhere (a notebook, a course page) follow this event.
    if (this.lastGood !== before) this.dispatchEvent(new CustomEvent("change", { detail: { query: this.lastGood } }));
  }

  /** A page's own lesson: the element's <downhill-beat> children. Each beat's state and
   * question go to the core, which checks them (a bad beat is reported with its place and left
   * out) and computes every answer; their words (the narration inside, `question` and `reveal`
   * attributes, `lesson-title` on the element) stay here. */
  pageLesson() {
    const beats = [...this.querySelectorAll(":scope > downhill-beat")];
    if (!beats.length) return;
    const q = new URLSearchParams({ kind: "page_lesson" });
    const words = { "page.title": this.getAttribute("lesson-title") ?? undefined };
    beats.forEach((b, k) => {
      q.append("query", b.getAttribute("query") ?? "");
      const ask = new URLSearchParams();
      for (const key of ["ask", "about", "run", "at"]) if (b.hasAttribute(key)) ask.set(key, b.getAttribute(key));
      q.append("ask", ask.toString());
      words[`page.${k}`] = b.textContent.trim();
      if (b.hasAttribute("question")) words[`page.${k}.q`] = b.getAttribute("question");
      if (b.hasAttribute("reveal")) words[`page.${k}.why`] = b.getAttribute("reveal");
    });
    for (const [k, v] of Object.entries(words)) if (v === undefined) delete words[k];
    this.pageWords = words;
    this.pageQuery = q.toString();
    const err = this.guard(() => this.w.edit(this.pageQuery));
    if (typeof err === "string") this.showMessage([{ severity: "error", text: err }]);
  }

  /** lesson=: the lesson panel (a component: the core's lesson view in, edits out), loaded
   * with its words the first time a lesson opens. */
  renderLesson() {
    if (this.lesson) return this.guard(() => this.lesson.render());
    if (this.lessonLoading || !this.guard(() => this.w.view("lesson"))) return;
    const el = this;
    this.lessonLoading = import("./lesson.js").then(({ LessonPanel }) => {
      if (!this.w) return;
      this.lesson = new LessonPanel({
        box: this.$(".lesson"),
        get lang() {
          return el.lang;
        },
        view: () => el.w?.view("lesson"),
        edit: (fields) => el.guard(() => el.edit(fields)),
        s: (key, vars) => el.s(key, vars),
        play: () => el.play(),
        refresh: () => el.afterChange({}),
        redrawOnly: () => el.schedule(),
        say: (text) => (el.$('[data-out="live"]').textContent = text),
        get words() {
          return el.pageWords;
        },
      });
      this.guard(() => this.lesson.render());
    });
  }

  showMessage(list) {
    const box = this.$(".msg");
    box.hidden = false;
    box.classList.toggle("error", list.some((p) => p.severity === "error"));
    box.innerHTML = "";
    const title = document.createElement("strong");
    title.textContent = this.s("problems");
    const ul = document.createElement("ul");
    for (const p of list) {
      const li = document.createElement("li");
      li.textContent = p.text;
      ul.append(li);
    }
    const close = document.createElement("button");
    close.textContent = this.s("dismiss");
    close.addEventListener("click", () => (box.hidden = true));
    box.append(title, ul, close);
  }

  /** theme=: the widget's colours and the canvases' paper; `auto` follows the page, then the
   * system (theme.js). */
  applyTheme() {
    if (!this.ui || !this.w) return;
    const dark = this.ui.theme === "dark" || (this.ui.theme === "auto" && hostIsDark(this));
    const theme = dark ? "dark" : "light";
    if (this.$(".dh").dataset.theme === theme) return;
    this.$(".dh").dataset.theme = theme;
    this.guard(() => this.w.set_dark(dark));
    this.redraw();
  }

  applyUi() {
    if (!this.ui) return;
    this.applyTheme();
    for (const part of this.cat.hideable) {
      const hidden = this.partHidden(part);
      this.root.querySelectorAll(`[data-part="${part}"]`).forEach((el) => (el.hidden = hidden));
    }
    this.toggleAttribute("embed", this.ui.embed);
    this.dispatchEvent(new CustomEvent("ui", { detail: this.ui }));
  }

  /** Whether a part of the widget is hidden: by hide=, except the pause control while something
   * plays (autoplay with hide=play); the data panel also on a surface without data (line1d shows
   * its function there). */
  partHidden(part) {
    if (part === "play" && (this.playing || this.ui.autoplay)) return false;
    if (this.ui.hide.includes(part)) return true;
    return part === "data" && !!this.state && !this.state.has_data && this.state.scene !== "line1d";
  }

  renderControls() {
    const st = this.state;
    this.$('[data-ctl="scene"]').value = st.scene;
    const speed = this.ui.speed || 1;
    this.$('[data-ctl="speed"]').value = speed;
    this.$('[data-out="speed"]').textContent = speed;
    this.$('[data-ctl="seed"]').value = st.seed;
    this.$('[data-opt="logc"]').checked = this.ui.log_colors;
    this.$('[data-opt="logl"]').checked = this.ui.log_loss;
    this.$('[data-opt="batchsurf"]').checked = this.ui.batch_surface;
    this.$('[data-opt="follow"]').checked = this.ui.follow;
    const slice = this.$('[data-ctl="slice"]');
    const asked = this.ui.slice || "random";
    // Another seed or pair of axes than the menu's: shown as its own option.
    if (![...slice.options].some((o) => o.value === asked)) slice.add(new Option(asked, asked));
    slice.value = asked;
    this.$('[data-ctl="center"]').value = this.ui.center || "start";
    this.root.querySelectorAll('[data-when="sliced"]').forEach((el) => (el.hidden = !st.sliced));
    this.$('[data-ctl="lang"]').value = this.lang;
    this.$('[data-ctl="embed"]').checked = this.ui.embed;
    this.root.querySelectorAll("[data-hide]").forEach((c) => (c.checked = this.ui.hide.includes(c.dataset.hide)));
    this.root.querySelectorAll('[data-when="data"]').forEach((el) => (el.hidden = !st.has_data));
    this.$('[data-part="data"]').hidden = this.partHidden("data");
    const help = [];
    if (!this.ui.hide.includes("landscape")) help.push(this.s("landHelp"));
    if (st.has_data && !this.ui.hide.includes("data")) help.push(this.s("dataHelp"));
    this.$('[data-out="help"]').textContent = help.join(" ");
    this.$('[data-act="resetdata"]').hidden = !st.edited_data;
    this.renderExtras();
  }

  announce() {
    const r = this.state.runs[this.state.selected] || this.state.runs[0];
    const stop = r.status === "running" ? "" : ` · ${this.s(`status_${r.status}`)}: ${r.message}`;
    this.$('[data-out="live"]').textContent = this.s("announce", { t: r.steps, T: r.limit, loss: fmt(r.loss, 5) }) + stop;
  }

  onResize() {
    if (!this.w || !this.sized) return;
    this.guard(() => this.w.resize(window.devicePixelRatio || 1));
    this.redraw();
  }
}

// The element's panels live in their own modules, as methods of the element.
Object.assign(DownhillWidget.prototype, extras, runs, inspector, share, describe, help);

// Defined once, even when a host (a notebook) evaluates the module twice.
if (!customElements.get("downhill-widget")) customElements.define("downhill-widget", DownhillWidget);
export { DownhillWidget, STRINGS, langOf, loadLang, t, waitForWords };
