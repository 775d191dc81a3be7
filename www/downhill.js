// <downhill-widget>: the thin shell around the Rust core. It owns controls, URL sync,
// requestAnimationFrame and strings; every number and every pixel of the plots comes from the
// wasm `Widget` handle. Several widgets on one page share one wasm module.

import { factsOf } from "./facts.js";
import { STRINGS, langOf, loadCaptions, loadLang, t, waitForWords } from "./strings.js";
import { copyText } from "./copy.js";
import { fmt } from "./format.js";
import { HTML } from "./style.js";
import { extras } from "./extras.js";
import { runs } from "./runs.js";
import { inspector } from "./inspector.js";
import { share } from "./share.js";
import { describe } from "./describe.js";
import { bindPointers } from "./pointer.js";
import { help } from "./help.js";
import { hostIsDark } from "./theme.js";
import {
  FRAME_BUDGET_MS, LIVE, REDUCED_MOTION_MS, STEP_BUDGET_MS, SWEEP_MIN_MS, buildTurn, core, generation, loadModule, markFirstPaint, nextTask,
  recoverAll, reducedMotion, requestFrame, styleSheet,
} from "./core.js";
export { core, loadModule } from "./core.js";

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
          this.attachCanvases();
        });
        // The words of another language arrive before anything is labelled.
        await loadLang(this.lang);
        // A named preset's caption is shown with the first picture (nothing moves after it).
        if (this.w?.preset_name()) await loadCaptions();
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
        if (typeof this.themeProblem === "string") this.showMessage([{ severity: "error", text: this.themeProblem }]);
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
    this.needCore("load");
    this.pause();
    const err = this.guard(() => this.edit({ kind: "load", query: String(query) }));
    // The element's theme attribute wins over the loaded query's, as at start-up.
    if (!err && this.hasAttribute("theme")) this.guard(() => this.edit({ kind: "ui", key: "theme", value: this.getAttribute("theme") }));
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
    this.needCore("step");
    // A whole number of steps, 0 to 1e9 (a run stops at its own limit): NaN is none, Infinity all.
    n = Math.min(1e9, Math.max(0, Math.floor(Number(n)) || 0));
    this.guard(() => this.w.step(Math.max(0, Math.floor(n))));
    this.frameUpdate(true);
  }
  reset() {
    this.needCore("reset");
    this.pause();
    this.guard(() => this.edit({ kind: "reset" }));
    this.afterChange({});
  }
  /** The runs so far as JSON Lines, identical to `downhill trace` for the same query and steps. */
  trace() {
    this.needCore("trace");
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

  /** A public method called before the core is up says so (it is no internal error). */
  needCore(name) {
    if (!this.w) throw new Error(`<downhill-widget>.${name}() was called before the widget was ready: await its ready promise first`);
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

  /** Gives the core its canvases: the landscape's two layers, the data, the loss, and the
   * current batch's landscape (figure 6.6). */
  attachCanvases() {
    this.w.attach(this.$(".bg"), this.$(".fg"), this.$(".datac"), this.$(".lossc"));
    this.w.attach_batch(this.$(".bg2"), this.$(".fg2"));
  }

  /** Rebuilds the widget on a fresh module instance from its last good query, at its step. */
  rebuild(message) {
    const steps = Math.max(0, ...(this.state?.runs ?? []).map((r) => r.steps));
    this.w = new core.Widget(this.lastGood);
    this.gen = generation;
    this.attachCanvases();
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
        this.attachCanvases();
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

  /** Applies a dragged start not yet given to the core (a drag applies it once a frame). */
  flushStart() {
    if (!this.pendingStart) return;
    const [a, b] = this.pendingStart;
    this.pendingStart = null;
    this.guard(() => this.edit({ kind: "start", phi0: a, phi1: b }));
  }

  /** A frame, for drawing or for the sweep's next slice. */
  wantFrame() {
    if (!this.w) return;
    if ((this.playing || this.sweeping) && !this.visible && !this.pendingStart && !this.pendingPoint) return;
    requestFrame(this);
  }

  onFrame(pageLeft = FRAME_BUDGET_MS) {
    if (!this.w) return;
    this.flushStart();
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
    if (this.w?.painted()) markFirstPaint();
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
      // Every attribute but the state and the words goes to the core, which knows the
      // question's attributes and reports any other.
      const ask = new URLSearchParams();
      for (const { name, value } of b.attributes) if (!["query", "question", "reveal"].includes(name)) ask.set(name, value);
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
        // A beat brings its own hide= list: the parts it shows or hides follow.
        refresh: () => {
          el.afterChange({});
          el.applyUi();
        },
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
export { DownhillWidget, STRINGS, langOf, loadCaptions, loadLang, t, waitForWords };
