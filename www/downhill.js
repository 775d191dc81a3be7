// <downhill-widget>: the thin shell around the Rust core. It owns controls, URL sync,
// requestAnimationFrame and strings; every number and every pixel of the plots comes from the
// wasm `Widget` handle. Several widgets on one page share one wasm module.

import { factsOf } from "./facts.js";
import { STRINGS, langOf, loadCaptions, loadLang, putWords, t, waitForWords } from "./strings.js";
import { copyText } from "./copy.js";
import { fmt } from "./format.js";
import { HTML } from "./style.js";
import { extras } from "./extras.js";
import { runs } from "./runs.js";
import { inspector } from "./inspector.js";
import { share } from "./share.js";
import { describe } from "./describe.js";
import { help } from "./help.js";
import { applyTheme, applyUi, bindControls, labelStatic, partHidden, renderControls } from "./controls.js";
import { rebuild, showCrash, showMessage } from "./messages.js";
import { frameUpdate, onFrame, redraw } from "./frame.js";
import { pageLesson, renderLesson } from "./lesson-host.js";
import {
  FRAME_BUDGET_MS, LIVE, buildTurn, core, generation, loadModule, nextFrame, nextTask, recoverAll, reducedMotion, requestFrame, styleSheet,
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
    // Whether the pending start is exact (a marked point, a slider) or placed by a pointer.
    this.pendingExact = false;
    this.pendingPoint = null;
    this.dragPoint = -1;
    // Until a draw says the current landscape is on screen (the sweep waits for it).
    this.landscapePending = true;
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
        // The new controls are styled and laid out in the browser's rendering step, not in the
        // task that then parses the link and sizes the canvases (together up to 56 ms on a
        // 200-point link in a fresh browser).
        await nextFrame();
        if (stale()) return;
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
        if (this.w?.view("state").preset) await loadCaptions();
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
        this.guard(() => this.w.draw(10));
        // The first draw (sampling the landscape) in the next frame: start-up is two short
        // tasks, not one long one.
        requestAnimationFrame(() => {
          this.guard(() => this.w.configure({ dpr: window.devicePixelRatio || 1 }));
          setTimeout(() => {
            this.sized = true;
            this.redraw();
            this.showRule();
            if (this.ui.autoplay) {
              this.quiet = reducedMotion();
              this.play();
            } else this.openPlayed();
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
    if (this.ui.autoplay && !this.w.view("readout").finished) this.play();
    else this.openPlayed();
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
    return this.guard(() => this.w.export("trace", 0, 0));
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
    this.w.attach(this.$(".bg"), this.$(".fg"), this.$(".datac"), this.$(".lossc"), this.$(".bg2"), this.$(".fg2"));
  }

  /** Rebuilds the widget on a fresh module instance from its last good query, at its step. */
  rebuild(message) {
    return rebuild(this, message);
  }

  showCrash(message) {
    return showCrash(this, message);
  }

  /** Gives the canvases their axis words in the page's language. */
  sendTexts() {
    this.w.configure({ texts: Object.fromEntries(this.cat.text_keys.map((key) => [key, this.s(key)])) });
  }

  buildStatic() {
    return labelStatic(this);
  }

  bindEvents() {
    return bindControls(this);
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

  /** Sends one edit to the core, a plain object (see session::Edit). Returns undefined, the
   * index of an added point, or the refusal's message. */
  edit(fields) {
    return this.w.edit(fields);
  }

  /** Applies a change through the core; shows its error message if it was refused. */
  change(fn, { restart = true } = {}) {
    const err = this.guard(fn);
    if (typeof err === "string" && err) {
      this.showMessage([{ severity: "error", text: err }], "notApplied");
      this.refused = true;
      this.afterChange({ url: false });
      return false;
    }
    // A refused value's message goes once a change is accepted.
    if (this.refused) this.$(".msg").hidden = true;
    this.refused = false;
    if (restart) this.pause();
    this.afterChange({});
    this.applyUi();
    return true;
  }

  play() {
    if (this.w.view("readout").finished) this.guard(() => this.edit({ kind: "reset" }));
    this.playing = true;
    this.updatePlayButton();
    this.schedule();
  }
  /** played=1: the runs step to their end unseen, as many steps a frame as its budget allows,
   * and the picture shows when they are done (the one the caption describes). */
  openPlayed() {
    if (!this.ui.played || this.w.view("readout").finished) return;
    this.opening = true;
    this.quiet = true;
    this.play();
  }
  pause() {
    this.playing = false;
    this.opening = false;
    this.quiet = false;
    this.updatePlayButton();
  }
  /** Play or pause from a control: a pause shows the numbers where the runs stopped (they
   * followed ten times a second while playing). */
  togglePlay() {
    // Play pressed while a played opening is still stepping: watch the runs from the start.
    if (this.opening) {
      this.pause();
      this.guard(() => this.edit({ kind: "reset" }));
    }
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
    // A played opening is not a play the reader started: the button stays Play.
    const on = this.playing && !this.opening;
    icon.textContent = on ? "❚❚" : "▶";
    b.replaceChildren(icon, ` ${this.s(on ? "pause" : "play")}`);
    b.setAttribute("aria-pressed", String(on));
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
    this.guard(() => this.edit({ kind: this.pendingExact ? "start" : "place", phi0: a, phi1: b }));
  }

  /** A frame, for drawing or for the sweep's next slice. */
  wantFrame() {
    if (!this.w) return;
    if ((this.playing || this.sweeping) && !this.visible && !this.pendingStart && !this.pendingPoint) return;
    requestFrame(this);
  }

  onFrame(pageLeft = FRAME_BUDGET_MS) {
    return onFrame(this, pageLeft);
  }

  /** Draws within about `ms`; work the core spreads over frames asks for more (frame.js). */
  redraw(ms = FRAME_BUDGET_MS) {
    return redraw(this, ms);
  }

  frameUpdate(full, ms) {
    return frameUpdate(this, full, ms);
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

  pageLesson() {
    return pageLesson(this);
  }

  renderLesson() {
    return renderLesson(this);
  }

  showMessage(list, title) {
    return showMessage(this, list, title);
  }

  /** theme=: the widget's colours and the canvases' paper; `auto` follows the page, then the
   * system (theme.js). */
  applyTheme() {
    return applyTheme(this);
  }

  applyUi() {
    return applyUi(this);
  }

  /** Whether a part of the widget is hidden: by hide=, except the pause control while something
   * plays (autoplay with hide=play); the data panel also on a surface without data (line1d shows
   * its function there). */
  partHidden(part) {
    return partHidden(this, part);
  }

  renderControls() {
    return renderControls(this);
  }

  announce() {
    const r = this.state.runs[this.state.selected] || this.state.runs[0];
    const stop = r.status === "running" ? "" : ` · ${this.s(`status_${r.status}`)}: ${r.message}`;
    this.$('[data-out="live"]').textContent = this.s("announce", { t: r.steps, T: r.limit, loss: fmt(r.loss, 5) }) + stop;
  }

  onResize() {
    if (!this.w || !this.sized) return;
    this.guard(() => this.w.configure({ dpr: window.devicePixelRatio || 1 }));
    this.redraw();
  }
}

// The element's panels live in their own modules, as methods of the element.
Object.assign(DownhillWidget.prototype, extras, runs, inspector, share, describe, help);

// Defined once, even when a host (a notebook) evaluates the module twice.
if (!customElements.get("downhill-widget")) customElements.define("downhill-widget", DownhillWidget);
export { DownhillWidget, STRINGS, langOf, loadCaptions, loadLang, putWords, t, waitForWords };
