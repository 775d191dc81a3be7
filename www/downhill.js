// <downhill-widget>: the thin shell around the Rust core. It owns controls, URL sync,
// requestAnimationFrame and strings; every number and every pixel of the plots comes from the
// wasm `Widget` handle. Several widgets on one page share one wasm module.
import init, {
  Widget,
  catalogue,
  epochs_for,
  quiz_answers,
  fresh_seed,
  last_panic,
  thumbnail,
  trace_query,
} from "./pkg/downhill.js";
import { RULES } from "./math.js";
import { FACTS } from "./facts.js";
import { STRINGS, langOf, t } from "./strings.js";

let modulePromise = null;
/** Loads the wasm module once per page. */
export function loadModule() {
  if (!modulePromise) {
    const url = new URL("./pkg/downhill_bg.wasm", import.meta.url);
    modulePromise = init({ module_or_path: url }).then(() => catalogue());
  }
  return modulePromise;
}
export { thumbnail, trace_query };

/** The numbers each named preset's caption quotes (computed by the core's claims). */
export const factsOf = (name) => FACTS[name] ?? {};

/** Copies `text` (clipboard API, or a selected textarea where it is refused) and lets `button`
 * say `done` for a moment. */
export async function copyText(text, button, done, host = document.body) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const ta = document.createElement("textarea");
    ta.value = text;
    host.append(ta);
    ta.select();
    document.execCommand?.("copy");
    ta.remove();
  }
  const old = button.textContent;
  button.textContent = done;
  setTimeout(() => (button.textContent = old), 1200);
}

const fmt = (x, d = 4) => {
  if (x === null || x === undefined) return "—";
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(d - 1);
  return Number(x.toPrecision(d)).toString();
};
const vec = (v, d = 4) => (v ? `(${fmt(v[0], d)}, ${fmt(v[1], d)})` : "—");

const CSS = `
:host { display: block; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", "Noto Sans SC", sans-serif; color: #1f2937; }
* { box-sizing: border-box; }
.dh { display: flex; flex-direction: column; gap: 8px; max-width: 100%; }
.bar { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; }
.bar label { display: inline-flex; gap: 4px; align-items: center; }
button, select, input { font: inherit; }
button { padding: 4px 10px; border: 1px solid #9ca3af; border-radius: 6px; background: #f9fafb; cursor: pointer; min-height: 32px; }
button:hover { background: #eef2ff; }
button:focus-visible, select:focus-visible, input:focus-visible, canvas:focus-visible { outline: 2px solid #2563eb; outline-offset: 2px; }
button.primary { background: #1d4ed8; color: white; border-color: #1d4ed8; }
input[type=number] { width: 7em; }
input[type=range] { width: 110px; }
.msg { border-radius: 6px; padding: 6px 10px; background: #fef3c7; border: 1px solid #f59e0b; }
.msg.error { background: #fee2e2; border-color: #ef4444; }
.msg ul { margin: 4px 0; padding-left: 18px; }
.grid { display: grid; grid-template-columns: minmax(0, 1.15fr) minmax(0, 1fr); gap: 8px; }
.panel { position: relative; border: 1px solid #e5e7eb; border-radius: 8px; background: white; margin: 0; }
.panel figcaption { font-size: 12px; color: #6b7280; padding: 2px 8px; }
.land { aspect-ratio: var(--land-aspect, 1); }
.land canvas { position: absolute; inset: 0; width: 100%; height: 100%; }
.land .fg { touch-action: none; cursor: crosshair; }
.side { display: flex; flex-direction: column; gap: 8px; min-height: 0; }
.side .panel { flex: 1 1 0; min-height: 200px; }
/* Canvases are absolutely placed: their pixel size never feeds back into the layout. */
.side canvas { position: absolute; inset: 0; width: 100%; height: 100%; display: block; }
.datac { touch-action: none; cursor: pointer; }
.tip { position: absolute; left: 8px; top: 6px; background: rgba(255,255,255,.92); border-radius: 4px; padding: 1px 6px; font: 12px ui-monospace, monospace; pointer-events: none; }
.runs { display: flex; flex-direction: column; gap: 6px; }
.run { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: center; padding: 4px 6px; border-radius: 6px; border: 1px solid #e5e7eb; }
.run.sel { border-color: #2563eb; background: #eff6ff; }
.swatch { width: 18px; height: 18px; min-height: 18px; padding: 0; border-radius: 50%; display: inline-block; flex: none; border: 2px solid white; box-shadow: 0 0 0 1px #9ca3af; }
.run output { font: 12px ui-monospace, monospace; min-width: 4.5em; display: inline-block; }
.status { font-size: 12px; color: #6b7280; }
.status.bad { color: #b91c1c; }
.insp { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 8px; border: 1px solid #e5e7eb; border-radius: 8px; padding: 8px; }
.insp math { font-size: 15px; }
.insp table { border-collapse: collapse; font: 12px ui-monospace, monospace; }
.insp td { padding: 1px 6px; vertical-align: top; }
.insp td:first-child { color: #6b7280; font-family: system-ui, sans-serif; }
.bars { display: flex; align-items: flex-end; gap: 2px; height: 40px; }
.bars span { width: 10px; background: #2563eb; display: inline-block; }
.share { border: 1px solid #e5e7eb; border-radius: 8px; padding: 8px; display: flex; flex-direction: column; gap: 6px; }
.share textarea { width: 100%; font: 12px ui-monospace, monospace; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.caption { margin: 0; padding: 6px 10px; background: #f1f5f9; border-left: 3px solid #1d4ed8; border-radius: 4px; }
.grid.split { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
/* Without the landscape (hide=landscape) the data and loss panels take the whole width. */
.grid.noland { grid-template-columns: minmax(0, 1fr); }
.grid.noland .side .panel { flex: none; height: min(70vh, 460px); }
.grid.split .side { grid-column: 1 / -1; flex-direction: row; }
.grid.split .side .panel { height: 260px; flex: 1 1 0; }
/* Small multiples (panels=): the landscape takes the whole width, data and loss below it. */
.grid.multi { grid-template-columns: minmax(0, 1fr); }
.grid.multi .side { flex-direction: row; }
.grid.multi .side .panel { height: 260px; flex: 1 1 0; }
.land figcaption { position: absolute; right: 8px; top: 2px; background: rgba(255,255,255,.85); border-radius: 4px; }
.extras { display: flex; flex-wrap: wrap; gap: 12px; }
.extras > * { border: 1px solid #e5e7eb; border-radius: 8px; padding: 6px 10px; }
.sweep table { border-collapse: collapse; font: 11px ui-monospace, monospace; }
.sweep td, .sweep th { padding: 0; text-align: center; }
.sweep button { width: 44px; height: 26px; min-height: 0; border-radius: 0; border: 1px solid white; font: 10px ui-monospace, monospace; color: #111; padding: 0; }
.sweep button.dark { color: white; }
.quiz { flex: 1 1 100%; }
.quiz .fig svg { width: 100%; height: auto; display: block; }
.quiz fieldset { border: 1px solid #e5e7eb; border-radius: 6px; margin: 4px 0; padding: 4px 8px; }
.quiz .why { font-size: 12px; color: #374151; }
.quiz .ok { color: #15803d; } .quiz .no { color: #b91c1c; }
.crash { padding: 16px; border: 2px solid #ef4444; border-radius: 8px; background: #fff1f2; }
[hidden] { display: none !important; }
@media (max-width: 720px) {
  .grid, .grid.split { grid-template-columns: minmax(0, 1fr); }
  .grid.split .side, .grid.multi .side { flex-direction: column; }
  .side .panel { flex: none; height: 220px; }
  .insp { grid-template-columns: minmax(0, 1fr); }
  input[type=range] { width: 90px; }
}
`;

const HTML = `
<div class="dh">
  <div class="bar" part="toolbar">
    <span data-part="play"><button class="primary" data-act="play"></button>
      <button data-act="step"></button> <button data-act="reset"></button></span>
    <label data-part="speed"><span data-s="speed"></span>
      <input type="range" min="1" max="50" value="1" data-ctl="speed"><output data-out="speed"></output></label>
    <label data-part="scene"><span data-s="scene"></span> <select data-ctl="scene"></select></label>
    <span data-part="seed"><label><span data-s="seed"></span> <input type="number" min="0" step="1" data-ctl="seed"></label>
      <button data-act="newseed"></button></span>
    <span data-part="options">
      <label><input type="checkbox" data-opt="logc"> <span data-s="logColors"></span></label>
      <label><input type="checkbox" data-opt="logl"> <span data-s="logLoss"></span></label>
      <label data-when="data"><input type="checkbox" data-opt="batchsurf"> <span data-s="batchSurface"></span></label>
      <label><span data-s="language"></span> <select data-ctl="lang"><option value="en">English</option><option value="zh">中文</option></select></label>
    </span>
    <button data-part="share" data-act="share" aria-expanded="false"></button>
  </div>
  <p class="caption" data-out="caption" hidden></p>
  <div class="msg" role="alert" hidden></div>
  <div class="share" hidden>
    <div><button data-act="copylink"></button> <input type="text" readonly data-out="link" aria-label="link" style="width:60%"></div>
    <fieldset><legend data-s="hideControls"></legend><span data-out="hides"></span></fieldset>
    <label><input type="checkbox" data-ctl="embed"> <span data-s="embed"></span></label>
    <label><span data-s="iframe"></span><textarea rows="3" readonly data-out="snippet"></textarea></label>
    <div><button data-act="copysnippet"></button></div>
  </div>
  <div class="grid">
    <figure class="panel land" data-part="landscape">
      <canvas class="bg" aria-hidden="true"></canvas>
      <canvas class="fg" tabindex="0" role="img"></canvas>
      <div class="tip" hidden></div>
      <figcaption data-out="fullcap" hidden></figcaption>
    </figure>
    <figure class="panel land land2" hidden>
      <canvas class="bg2" aria-hidden="true"></canvas>
      <canvas class="fg2" role="img"></canvas>
      <figcaption data-out="batchcap"></figcaption>
    </figure>
    <div class="side">
      <figure class="panel" data-part="data"><canvas class="datac" role="img"></canvas></figure>
      <figure class="panel" data-part="loss"><canvas class="lossc" role="img"></canvas></figure>
    </div>
  </div>
  <div class="bar"><span data-out="help" class="status"></span>
    <button data-act="resetdata" hidden></button></div>
  <div class="extras">
    <div data-out="sliders" hidden></div>
    <div data-out="legend" class="status" hidden></div>
    <div data-out="calc" hidden></div>
    <div data-out="quiz" class="quiz" hidden></div>
    <div data-out="sweep" class="sweep" hidden></div>
  </div>
  <section class="runs" data-part="runs" aria-label="runs"></section>
  <section class="insp" data-part="inspector" aria-label="inspector"></section>
  <div class="sr" aria-live="polite" data-out="live"></div>
</div>`;

class DownhillWidget extends HTMLElement {
  static get observedAttributes() {
    return ["preset"];
  }

  constructor() {
    super();
    this.root = this.attachShadow({ mode: "open" });
    this.root.innerHTML = `<style>${CSS}</style>${HTML}`;
    this.$ = (sel) => this.root.querySelector(sel);
    this.playing = false;
    this.raf = 0;
    this.visible = true;
    this.pendingStart = null;
    this.pendingPoint = null;
    this.dragPoint = -1;
    this.lastAnnounce = 0;
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
    loadModule()
      .then((cat) => {
        this.cat = cat;
        const query = this.getAttribute("preset") ?? (this.hasAttribute("sync-url") ? location.search : "");
        this.guard(() => {
          this.w = new Widget(query);
          this.ui = this.w.ui();
          this.lastGood = this.w.query();
          this.w.attach(this.$(".bg"), this.$(".fg"), this.$(".datac"), this.$(".lossc"));
          this.w.attach_batch(this.$(".bg2"), this.$(".fg2"));
        });
        this.buildStatic();
        this.bindEvents();
        this.applyUi();
        this.afterChange({ problems: true, url: false });
        this.resizeObserver = new ResizeObserver(() => this.onResize());
        this.resizeObserver.observe(this.$(".grid"));
        this.io = new IntersectionObserver((entries) => {
          this.visible = entries.some((e) => e.isIntersecting);
          if (this.visible && this.playing) this.schedule();
        });
        this.io.observe(this);
        this.onResize();
        if (!performance.getEntriesByName("downhill:first-draw").length) performance.mark("downhill:first-draw");
        if (this.ui.autoplay) this.play();
        this._resolve(this);
      })
      .catch((e) => {
        this.showCrash(String(e && e.message ? e.message : e));
        this._reject(e);
      });
  }

  disconnectedCallback() {
    this.pause();
    this.resizeObserver?.disconnect();
    this.io?.disconnect();
    this.w?.free();
    this.w = null;
    this._started = false;
  }

  attributeChangedCallback(name, _old, value) {
    if (name === "preset" && this.w && value !== null) this.load(value);
  }

  // ---- public API -------------------------------------------------------------------------
  /** Loads a preset query; returns the problems found in it. */
  load(query) {
    this.pause();
    this.guard(() => this.edit({ kind: "load", query: String(query) }));
    const problems = this.w.problems();
    this.afterChange({ problems: true });
    this.applyUi();
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
  get widget() {
    return this.w;
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
          return last_panic();
        } catch {
          return "";
        }
      })();
      this.showCrash(panic || String(e && e.message ? e.message : e));
      throw e;
    }
  }

  showCrash(message) {
    this.pause();
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
        this.w = new Widget(this.lastGood);
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
    for (const key of Widget.text_keys()) this.w.set_text(key, this.s(key));
  }

  buildStatic() {
    if (this.w) this.sendTexts();
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
    this.updatePlayButton();
  }

  bindEvents() {
    const on = (sel, ev, fn, opts) => this.$(sel).addEventListener(ev, fn, opts);
    on('[data-act="play"]', "click", () => (this.playing ? this.pause() : this.play()));
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
    on('[data-act="newseed"]', "click", () => this.change(() => this.edit({ kind: "set", run: null, key: "seed", value: fresh_seed() })));
    for (const el of this.root.querySelectorAll("[data-opt]")) {
      el.addEventListener("change", () => this.change(() => this.edit({ kind: "ui", key: el.dataset.opt, value: el.checked ? "1" : "0" }), { restart: false }));
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

    // Landscape: click or drag sets the start point; hover reads phi, loss and gradient.
    const fg = this.$(".fg");
    const land = (e) => {
      const r = fg.getBoundingClientRect();
      return this.w.landscape_at(e.clientX - r.left, e.clientY - r.top);
    };
    fg.addEventListener("pointerdown", (e) => {
      const r = fg.getBoundingClientRect();
      // Figure 6.4: a click on a marked critical point loads exactly that point.
      const crit = this.w.critical_near(e.clientX - r.left, e.clientY - r.top, 10);
      const p = crit.length === 2 ? crit : land(e);
      if (p.length !== 2) return;
      fg.setPointerCapture(e.pointerId);
      this.dragStart = true;
      this.pendingStart = p;
      this.pause();
      this.schedule();
      e.preventDefault();
    });
    fg.addEventListener("pointermove", (e) => {
      const p = land(e);
      this.hover(p);
      if (this.dragStart && p.length === 2) {
        this.pendingStart = p;
        this.schedule();
      }
    });
    const endDrag = () => {
      if (this.dragStart) {
        this.dragStart = false;
        this.afterChange({});
      }
    };
    fg.addEventListener("pointerup", endDrag);
    fg.addEventListener("pointercancel", endDrag);
    fg.addEventListener("pointerleave", () => this.hover([]));
    fg.addEventListener("keydown", (e) => this.keyMoveStart(e));

    // Data: drag a point, click empty space to add one, shift-click to remove.
    const dc = this.$(".datac");
    const pos = (e) => {
      const r = dc.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    dc.addEventListener("pointerdown", (e) => {
      const [x, y] = pos(e);
      const i = this.w.point_near(x, y, 12);
      const xy = this.w.data_at(x, y);
      if (xy.length !== 2) return;
      this.pause();
      if (i >= 0 && e.shiftKey) {
        this.change(() => this.edit({ kind: "remove_point", i }));
        return;
      }
      this.w.set_dragging(true);
      if (i >= 0) {
        this.dragPoint = i;
      } else {
        const added = this.edit({ kind: "add_point", x: xy[0], y: xy[1] });
        if (typeof added !== "number") return;
        this.dragPoint = added;
        this.afterChange({});
      }
      dc.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    dc.addEventListener("pointermove", (e) => {
      if (this.dragPoint < 0) return;
      const [x, y] = pos(e);
      const xy = this.w.data_at(x, y);
      if (xy.length === 2) {
        this.pendingPoint = [this.dragPoint, xy[0], xy[1]];
        this.schedule();
      }
    });
    const endPoint = () => {
      this.w.set_dragging(false);
      if (this.dragPoint >= 0) {
        this.dragPoint = -1;
        this.afterChange({});
      }
    };
    dc.addEventListener("pointerup", endPoint);
    dc.addEventListener("pointercancel", endPoint);
  }

  /** Arrow keys move the start point by 2% of the view (keyboard alternative to dragging). */
  keyMoveStart(e) {
    const keys = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    const d = keys[e.key];
    if (!d) return;
    e.preventDefault();
    const box = this.$(".fg").getBoundingClientRect();
    const a = this.w.landscape_at(box.width * 0.3, box.height * 0.3);
    const b = this.w.landscape_at(box.width * 0.7, box.height * 0.7);
    if (a.length !== 2 || b.length !== 2) return;
    const [dx, dy] = [Math.abs(b[0] - a[0]) / 20, Math.abs(b[1] - a[1]) / 20];
    const [x0, y0] = this.state.runs[0].start ?? this.state.runs[0].phi;
    this.change(() => this.edit({ kind: "start", phi0: x0 + d[0] * dx, phi1: y0 + d[1] * dy }));
  }

  hover(p) {
    const tip = this.$(".tip");
    if (!p || p.length !== 2) {
      tip.hidden = true;
      return;
    }
    const pr = this.w.probe(p[0], p[1]);
    tip.hidden = false;
    tip.textContent = this.s("hover", {
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
      this.showMessage([{ severity: "error", key: "", value: "", message: err }]);
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
    this.updatePlayButton();
  }
  updatePlayButton() {
    const b = this.$('[data-act="play"]');
    b.textContent = this.playing ? `⏸ ${this.s("pause")}` : `▶ ${this.s("play")}`;
    b.setAttribute("aria-pressed", String(this.playing));
  }

  /** One animation frame in flight at most; none while idle or off screen. */
  schedule() {
    if (this.raf || !this.w) return;
    if (this.playing && !this.visible && !this.pendingStart && !this.pendingPoint) return;
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      this.onFrame();
    });
  }

  onFrame() {
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
    if (this.playing) {
      const speed = this.ui.speed || 1;
      const moved = this.guard(() => this.w.step(speed));
      if (!moved || this.w.finished()) this.pause();
    }
    this.frameUpdate(!this.playing);
    if (this.playing) this.schedule();
  }

  /** Redraws and refreshes what shows numbers; `full` also rewrites the URL and announces. */
  frameUpdate(full) {
    this.guard(() => this.w.draw());
    // Per frame only each run's progress crosses the boundary; the full state follows changes.
    const ro = this.w.readout();
    ro.runs.forEach((r, i) => this.state.runs[i] && Object.assign(this.state.runs[i], r));
    this.state.finished = ro.finished;
    this.renderInspector();
    this.updateRunStatus();
    const now = performance.now();
    if (full || now - this.lastAnnounce > 1500) {
      this.lastAnnounce = now;
      this.announce();
    }
    if (full) this.syncUrl();
    this.dispatchEvent(new CustomEvent("step", { detail: { t: this.state.runs[0].steps, finished: this.state.finished } }));
  }

  afterChange({ problems = false, url = true }) {
    if (!this.w) return;
    this.lastGood = this.w.query();
    this.ui = this.w.ui();
    this.state = this.w.state();
    if (problems) {
      const list = this.w.problems();
      if (list.length) this.showMessage(list);
      else this.$(".msg").hidden = true;
    }
    this.renderControls();
    this.renderRuns();
    this.guard(() => this.w.draw());
    // Captions quote numbers the first draw computes (figure 6.4's minimum).
    this.renderCaption();
    this.renderInspector();
    this.announce();
    if (url) this.syncUrl();
    this.updateShare();
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
      li.textContent = p.key ? `${p.key} = "${p.value}": ${p.message}` : p.message;
      ul.append(li);
    }
    const close = document.createElement("button");
    close.textContent = this.s("dismiss");
    close.addEventListener("click", () => (box.hidden = true));
    box.append(title, ul, close);
  }

  applyUi() {
    if (!this.ui) return;
    for (const part of this.cat.hideable) {
      const hidden = this.ui.hide.includes(part);
      this.root.querySelectorAll(`[data-part="${part}"]`).forEach((el) => (el.hidden = hidden));
    }
    this.toggleAttribute("embed", this.ui.embed);
    this.dispatchEvent(new CustomEvent("ui", { detail: this.ui }));
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
    this.$('[data-ctl="lang"]').value = this.lang;
    this.$('[data-ctl="embed"]').checked = this.ui.embed;
    this.root.querySelectorAll("[data-hide]").forEach((c) => (c.checked = this.ui.hide.includes(c.dataset.hide)));
    this.root.querySelectorAll('[data-when="data"]').forEach((el) => (el.hidden = !st.has_data));
    // Surfaces without data have no data panel (line1d shows its function there instead).
    const dataPanel = this.$('[data-part="data"]');
    dataPanel.hidden = this.ui.hide.includes("data") || (!st.has_data && st.scene !== "line1d");
    const help = [];
    if (!this.ui.hide.includes("landscape")) help.push(this.s("landHelp"));
    if (st.has_data && !this.ui.hide.includes("data")) help.push(this.s("dataHelp"));
    this.$('[data-out="help"]').textContent = help.join(" ");
    this.$('[data-act="resetdata"]').hidden = !st.edited_data;
    this.renderExtras();
  }

  /** The named preset's caption, with the numbers the scene computes filled in. */
  renderCaption() {
    const el = this.$('[data-out="caption"]');
    const name = this.w.preset_name();
    const key = name ? `caption_${name}` : null;
    if (!key || !(key in STRINGS.en)) {
      el.hidden = true;
      return;
    }
    el.textContent = this.s(key, factsOf(name));
    el.hidden = false;
  }

  buildQuiz(box) {
    const fns = quiz_answers();
    const kinds = ["local", "global", "neither"];
    const label = { local: this.s("quizLocal"), global: this.s("quizGlobal"), neither: this.s("quizNeither") };
    box.innerHTML = `<div class="fig">${this.w.quiz_svg(900, 260)}</div><form></form>`;
    box.querySelector("svg")?.setAttribute("role", "img");
    box.querySelector("svg")?.setAttribute("aria-label", this.s("caption_fig6.11"));
    const form = box.querySelector("form");
    for (const f of fns) {
      const fs = document.createElement("fieldset");
      const lg = document.createElement("legend");
      lg.textContent = this.s("quizFunction", { f: `${f.letter})` });
      fs.append(lg);
      const conv = document.createElement("label");
      conv.innerHTML = `<input type="checkbox" data-q="convex-${f.letter}"> ${this.s("quizConvex")}`;
      fs.append(conv, document.createElement("br"));
      for (const p of f.points) {
        const l = document.createElement("label");
        const sel = document.createElement("select");
        sel.dataset.q = `point-${p.number}`;
        sel.innerHTML = `<option value="">—</option>` + kinds.map((k) => `<option value="${k}">${label[k]}</option>`).join("");
        l.append(`${this.s("quizPoint", { n: p.number })} `, sel);
        fs.append(l, " ");
      }
      const why = document.createElement("div");
      why.className = "why";
      why.dataset.q = `why-${f.letter}`;
      fs.append(why);
      form.append(fs);
    }
    const check = document.createElement("button");
    check.type = "button";
    check.textContent = this.s("quizCheck");
    check.addEventListener("click", () => {
      for (const f of fns) {
        const lines = [];
        const said = form.querySelector(`[data-q="convex-${f.letter}"]`).checked;
        const c = fmt(f.min_curvature, 3);
        lines.push(`${said === f.convex ? this.s("quizRight") : this.s("quizWrong")}: ${f.convex ? this.s("quizYes") : this.s("quizNo")} — ${this.s(f.convex ? "quizWhyConvex" : "quizWhyNotConvex", { c })}`);
        for (const p of f.points) {
          const got = form.querySelector(`[data-q="point-${p.number}"]`).value;
          const why = this.s(`quizWhy${p.reason[0].toUpperCase()}${p.reason.slice(1)}`,
            { s: fmt(p.slope, 3), c: fmt(p.curvature, 3), d: fmt(p.above_lowest, 3) });
          lines.push(`${this.s("quizPoint", { n: p.number })}: ${got === p.kind ? this.s("quizRight") : this.s("quizWrong")} — ${label[p.kind]}: ${why}`);
        }
        const out = form.querySelector(`[data-q="why-${f.letter}"]`);
        out.replaceChildren(...lines.map((t) => Object.assign(document.createElement("div"), { textContent: t })));
      }
    });
    form.append(check);
  }

  renderExtras() {
    const ui = this.ui;
    const st = this.state;
    const noland = ui.hide.includes("landscape");
    const split = ui.batch_surface && st.has_data && !noland;
    this.$(".grid").classList.toggle("split", split);
    this.$(".grid").classList.toggle("noland", noland);
    // Small multiples: cells stay square; one column on a phone.
    const n = noland ? 1 : ui.panels;
    this.$(".grid").classList.toggle("multi", n > 1 && !split);
    const cols = window.matchMedia("(max-width: 720px)").matches ? 1 : n <= 3 ? n : Math.ceil(n / 2);
    this.$(".land").style.setProperty("--land-aspect", `${cols} / ${Math.ceil(n / cols)}`);
    this.$(".land2").hidden = !split;
    const fullcap = this.$('[data-out="fullcap"]');
    fullcap.hidden = !split;
    fullcap.textContent = this.s("fullLandscape");
    this.$('[data-out="batchcap"]').textContent = this.s("batchLandscape");

    const legend = this.$('[data-out="legend"]');
    legend.hidden = !ui.curvature;
    legend.textContent = this.s("curvLegend");

    // Figure 6.2: phi0 and phi1 as sliders.
    const sl = this.$('[data-out="sliders"]');
    sl.hidden = !ui.sliders;
    if (ui.sliders) {
      const start = st.runs[0].start;
      sl.innerHTML = `<strong>${this.s("phiSliders")}</strong> `;
      const ranges = ui.slider_range;
      [0, 1].forEach((k) => {
        const l = document.createElement("label");
        const input = document.createElement("input");
        input.type = "range";
        input.min = ranges[k][0];
        input.max = ranges[k][1];
        input.step = 0.1;
        input.value = start[k];
        input.setAttribute("aria-label", `phi${k}`);
        const out = document.createElement("output");
        out.textContent = fmt(start[k], 3);
        input.addEventListener("input", () => {
          out.textContent = fmt(Number(input.value), 3);
          const p = [...this.state.runs[0].start];
          p[k] = Number(input.value);
          this.pendingStart = p;
          this.schedule();
        });
        input.addEventListener("change", () => this.afterChange({}));
        l.append(`φ${k} `, input, out);
        sl.append(l, " ");
      });
      // The book's example settings (figure 6.2 a-c).
      ui.examples.forEach((phi, k) => {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = `${String.fromCharCode(97 + k)}) (${phi[0]}, ${phi[1]})`;
        b.setAttribute("aria-label", this.s("bookSetting", { phi0: phi[0], phi1: phi[1] }));
        b.addEventListener("click", () => {
          this.pendingStart = [...phi];
          this.schedule();
          this.afterChange({});
        });
        sl.append(b, " ");
      });
    }

    // Figure 6.11 and Problem 6.6: classify points 1-7, say which functions are convex; the
    // answers and their reasons come from the core.
    const quiz = this.$('[data-out="quiz"]');
    quiz.hidden = !ui.quiz;
    if (ui.quiz && quiz.dataset.lang !== this.lang) {
      quiz.dataset.lang = this.lang;
      this.buildQuiz(quiz);
    }

    // Problem 6.9: epochs from data size, batch size and iterations.
    const calc = this.$('[data-out="calc"]');
    calc.hidden = !ui.calc;
    if (ui.calc && !calc.dataset.built) {
      calc.dataset.built = "1";
      calc.innerHTML = `<strong>${this.s("calc")}</strong><br>
        <label>${this.s("calcData")} <input type="number" min="1" value="100" data-c="n"></label>
        <label>${this.s("calcBatch")} <input type="number" min="1" value="20" data-c="b"></label>
        <label>${this.s("calcIters")} <input type="number" min="0" value="1000" data-c="t"></label>
        <output data-c="out"></output>`;
      const update = () => {
        const v = (k) => Math.max(0, Math.floor(Number(calc.querySelector(`[data-c="${k}"]`).value) || 0));
        const n = Math.min(v("n"), 1e9), b = Math.min(v("b"), 1e9), t = Math.min(v("t"), 1e9);
        const e = epochs_for(n, b, t);
        calc.querySelector('[data-c="out"]').textContent = this.s("calcResult", { e: fmt(e, 4), k: fmt(1 / epochs_for(n, b, 1), 4) });
      };
      calc.addEventListener("input", update);
      update();
    }

    // Section 6.5: a grid of final losses over two hyperparameters.
    const sw = this.$('[data-out="sweep"]');
    sw.hidden = !ui.sweep;
    if (ui.sweep) {
      const key = st.query;
      if (sw.dataset.key !== key) {
        sw.dataset.key = key;
        this.renderSweep(sw);
      }
    }
  }

  renderSweep(box) {
    const d = this.w.sweep();
    if (!d) return;
    const table = document.createElement("table");
    const head = table.insertRow();
    head.insertCell().textContent = `${d.keys[1]} \\ ${d.keys[0]}`;
    d.xs.forEach((x) => (head.insertCell().textContent = fmt(x, 2)));
    d.ys.forEach((y, j) => {
      const row = table.insertRow();
      row.insertCell().textContent = fmt(y, 2);
      d.xs.forEach((x, i) => {
        const loss = d.losses[j * d.xs.length + i];
        const b = document.createElement("button");
        const k = j * d.xs.length + i;
        b.style.background = d.colors[k];
        b.classList.toggle("dark", d.dark[k]);
        b.textContent = loss === null ? "×" : fmt(loss, 2);
        b.title = `${d.keys[0]} = ${x}, ${d.keys[1]} = ${y}: ${loss === null ? this.s("diverged") : fmt(loss, 5)}`;
        b.setAttribute("aria-label", b.title);
        b.addEventListener("click", () => this.change(() => this.edit({ kind: "apply_sweep", i, j })));
        row.insertCell().append(b);
      });
    });
    box.innerHTML = `<strong>${this.s("sweepTitle", { x: d.keys[0], y: d.keys[1], n: d.steps })}</strong>`;
    box.append(table);
  }

  renderRuns() {
    const box = this.$(".runs");
    box.innerHTML = "";
    const st = this.state;
    const head = document.createElement("div");
    head.className = "bar";
    const h = document.createElement("strong");
    h.textContent = this.s("runs");
    const add = document.createElement("button");
    add.textContent = `+ ${this.s("addRun")}`;
    add.disabled = st.runs.length >= this.cat.max_runs;
    add.addEventListener("click", () => {
      const used = new Set(st.runs.map((r) => r.opt));
      const next = ["momentum", "nesterov", "adam", "sgd", "rmsprop", "adagrad", "gd"].find((o) => !used.has(o)) || "gd";
      this.change(() => this.edit({ kind: "add_run", spec: next }));
    });
    head.append(h, add);
    box.append(head);
    st.runs.forEach((r, i) => box.append(this.runRow(r, i)));
  }

  runRow(r, i) {
    const st = this.state;
    const row = document.createElement("div");
    row.className = "run" + (i === st.selected ? " sel" : "");
    row.dataset.run = i;
    const sw = document.createElement("button");
    sw.className = "swatch";
    sw.style.background = r.color;
    sw.setAttribute("aria-label", `${this.s("run")} ${i + 1}: ${r.opt}`);
    sw.addEventListener("click", () => {
      this.edit({ kind: "select", run: i });
      this.afterChange({ url: false });
    });
    const opt = document.createElement("select");
    opt.setAttribute("aria-label", `${this.s("optimizer")} ${i + 1}`);
    for (const [name] of this.cat.optimizers) {
      const o = document.createElement("option");
      o.value = o.textContent = name;
      opt.append(o);
    }
    opt.value = r.opt;
    opt.addEventListener("change", () => this.change(() => this.edit({ kind: "set", run: i, key: "opt", value: opt.value })));
    row.append(sw, opt);
    const slider = (key, label, min, max, stepv, value, toText, fromSlider, toSlider) => {
      const l = document.createElement("label");
      const span = document.createElement("span");
      span.textContent = label;
      const input = document.createElement("input");
      input.type = "range";
      input.min = min;
      input.max = max;
      input.step = stepv;
      input.value = toSlider(value);
      input.setAttribute("aria-label", `${label} (${this.s("run")} ${i + 1})`);
      const out = document.createElement("output");
      out.textContent = toText(value);
      input.addEventListener("input", () => (out.textContent = toText(fromSlider(Number(input.value)))));
      input.addEventListener("change", () => this.change(() => this.edit({ kind: "set", run: i, key, value: String(fromSlider(Number(input.value))) })));
      l.append(span, input, out);
      row.append(l);
    };
    // The sliders come from the core's key table: range, step and log scale per key.
    const round3 = (x) => Number(x.toPrecision(3));
    for (const c of r.controls) {
      const { min, max, step, log } = c.slider;
      const from = log ? (v) => round3(10 ** v) : (v) => v;
      const to = log ? (v) => Math.log10(v) : (v) => v;
      slider(c.key, this.s(c.key), min, max, step, c.value, fmt, from, to);
    }
    if (st.has_data) {
      const n = st.n_points;
      slider("batch", this.s("batch"), 1, n, 1, r.batch ?? n, (v) => (v >= n ? this.s("batchAll") : String(v)),
        (v) => (v >= n ? "all" : v), (v) => (v === "all" ? n : v));
    }
    const status = document.createElement("span");
    status.className = "status";
    status.dataset.status = i;
    row.append(status);
    if (st.runs.length > 1) {
      const rm = document.createElement("button");
      rm.textContent = "✕";
      rm.setAttribute("aria-label", `${this.s("remove")} ${this.s("run")} ${i + 1}`);
      rm.addEventListener("click", () => this.change(() => this.edit({ kind: "remove_run", run: i })));
      row.append(rm);
    }
    return row;
  }

  updateRunStatus() {
    this.state.runs.forEach((r, i) => {
      const el = this.root.querySelector(`[data-status="${i}"]`);
      if (!el) return;
      const word = this.s(`status_${r.status}`);
      const batch = r.batches_per_epoch > 1 && r.batch_in_epoch ? ` · ${this.s("epoch")} ${r.epoch + 1}, ${this.s("batchOf", { k: r.batch_in_epoch, K: r.batches_per_epoch })}` : "";
      el.textContent = `t = ${r.steps}/${r.limit} · L = ${fmt(r.loss, 5)}${batch}${r.status === "running" ? "" : ` · ${word}: ${r.message}`}`;
      el.classList.toggle("bad", r.status !== "running");
    });
  }

  renderInspector() {
    const box = this.$(".insp");
    if (box.hidden || !this.w) return;
    const d = this.w.inspector();
    const rule = RULES[d.opt] || RULES.gd;
    const rows = [
      [this.s("iteration"), `${d.t}`],
      [this.s("epoch"), d.epoch === null || d.epoch === undefined ? "—" : `${d.epoch + 1} · ${this.s("batchOf", { k: d.batch_in_epoch, K: d.batches_per_epoch })}`],
      ["ℬₜ", d.batch.length ? `{${d.batch.join(", ")}}` : "—"],
      ["φ", vec(d.phi, 6)],
      ["L(φ)", fmt(d.loss, 6)],
    ];
    if (d.has_rate) rows.push([this.s("lr"), fmt(d.rate)]);
    rows.push([this.s("gradientHere"), vec(d.gradient)]);
    rows.push([this.s("gradientFd"), `${vec(d.fd_gradient)} · ${this.s("relDiff", { e: fmt(d.fd_error, 2) })}`]);
    if (d.step_gradient) rows.push([this.s("gradientStep"), vec(d.step_gradient)]);
    if (d.turn !== null && d.turn !== undefined) rows.push([this.s("turnAngle"), `${fmt(d.turn, 4)}°`]);
    // The optimizer's own quantities, as it labels them.
    for (const r of d.rows) rows.push([r.label, r.vector ? vec(r.vector) : fmt(r.number)]);
    if (d.brackets.length) {
      const last = d.brackets[d.brackets.length - 1];
      rows.push([this.s("bracket"), `${d.brackets.length} · [${last.map((x) => fmt(x, 3)).join(", ")}] · ${this.s(`rule_${d.rules[d.rules.length - 1]}`)}`]);
    }
    if (d.step_check) {
      const [b0, b1, f0, f1] = d.step_check.map((x) => fmt(x, 4));
      const uphill = d.step_check[1] < d.step_check[0] && d.step_check[3] > d.step_check[2];
      rows.push([this.s("stepCheck"), uphill ? `⚠ ${this.s("downBatchUpFull", { b0, b1, f0, f1 })}` : this.s("downBoth", { b0, b1, f0, f1 })]);
    }
    if (d.has_hessian) {
      rows.push([this.s("hessian"), vec(d.eigenvalues)]);
      rows.push([this.s("curvature"), this.s(`kind_${d.kind}`)]);
    }
    // The rule (MathML) is rebuilt only when the optimizer, beta or language changes; the numbers
    // every frame.
    const key = `${d.opt}|${d.beta}|${this.lang}`;
    if (box.dataset.key !== key) {
      box.dataset.key = key;
      const showWeights = d.opt === "momentum" || d.opt === "nesterov";
      const top = Math.max(...d.momentum_weights);
      const bars = showWeights
        ? `<div>${this.s("momentumWeights")}</div><div class="bars" aria-hidden="true">${d.momentum_weights
            .map((w) => `<span style="height:${Math.max(1, (40 * w) / top)}px"></span>`).join("")}</div>`
        : "";
      box.innerHTML = `<div><strong>${this.s("updateRule")}</strong> <span class="status">(eq. ${rule.eq})</span>${rule.math}${bars}</div><table></table>`;
    }
    const tbl = box.querySelector("table");
    while (tbl.rows.length > rows.length) tbl.deleteRow(-1);
    rows.forEach(([k, v], i) => {
      const tr = tbl.rows[i] || tbl.insertRow();
      while (tr.cells.length < 2) tr.insertCell();
      if (tr.cells[0].textContent !== k) tr.cells[0].textContent = k;
      if (tr.cells[1].textContent !== v) tr.cells[1].textContent = v;
    });
  }

  announce() {
    const r = this.state.runs[this.state.selected] || this.state.runs[0];
    this.$('[data-out="live"]').textContent = this.s("announce", { t: r.steps, T: r.limit, loss: fmt(r.loss, 5) });
  }

  syncUrl() {
    if (!this.hasAttribute("sync-url")) return;
    const q = this.w.query();
    const url = `${location.pathname}?${q}${location.hash}`;
    if (url !== location.pathname + location.search + location.hash) history.replaceState(null, "", url);
  }

  shareUrl() {
    const base = this.getAttribute("share-base") || new URL("index.html", new URL(".", location.href)).href.replace(/index\.html$/, location.pathname.endsWith("/") ? "" : "index.html");
    const u = new URL(this.hasAttribute("sync-url") ? location.href : base);
    u.search = this.w.query();
    u.hash = "";
    return u.href;
  }
  snippet() {
    const u = new URL(this.shareUrl());
    if (!/(^|&)embed=1/.test(u.search.slice(1))) u.search = `${u.search.slice(1)}&embed=1`;
    return `<iframe src="${u.href}" width="100%" height="820" style="border:0" loading="lazy" title="Downhill: ${this.state.scene}"></iframe>`;
  }
  updateShare() {
    if (this.$(".share").hidden || !this.w) return;
    this.$('[data-out="link"]').value = this.shareUrl();
    this.$('[data-out="snippet"]').value = this.snippet();
  }
  copy(text, sel) {
    return copyText(text, this.$(sel), this.s("copied"), this.root);
  }

  onResize() {
    if (!this.w) return;
    this.guard(() => this.w.resize(window.devicePixelRatio || 1));
    this.guard(() => this.w.draw());
  }
}

customElements.define("downhill-widget", DownhillWidget);
export { DownhillWidget, STRINGS };
