// The element's own controls: their words (from the core's catalogue and the strings), their
// events, and what the ui view shows or hides (hide=, theme=). Functions of the element `el`,
// which they read and drive through its methods; every decision comes from the core's views.
import { core } from "./core.js";
import { hostIsDark } from "./theme.js";
import { bindPointers } from "./pointer.js";

export function labelStatic(el) {
  if (el.w) el.sendTexts();
  el.$('[data-out="version"]').textContent = `Downhill ${el.cat.version} · MIT OR Apache-2.0`;
  const sel = el.$('[data-ctl="scene"]');
  sel.innerHTML = "";
  for (const name of el.cat.scenes) {
    const o = document.createElement("option");
    o.value = name;
    o.textContent = el.s(`scene_${name}`);
    sel.append(o);
  }
  // The menus of a list of words come from the core's key table; a word's label is KEY_WORD.
  el.root.querySelectorAll("select[data-choices]").forEach((menu) => {
    const key = menu.dataset.choices;
    menu.replaceChildren(...el.cat.choices[key].map((v) => new Option(el.s(`${key}_${v}`), v)));
  });
  const hides = el.$('[data-out="hides"]');
  hides.innerHTML = "";
  for (const h of el.cat.hideable) {
    const l = document.createElement("label");
    l.innerHTML = `<input type="checkbox" data-hide="${h}"> ${h} `;
    hides.append(l);
  }
  el.root.querySelectorAll("[data-s]").forEach((node) => (node.textContent = el.s(node.dataset.s)));
  el.root.querySelectorAll("[data-wait]").forEach((node) => (node.dataset.wait = el.s("afterPredict")));
  const labels = {
    step: "step",
    reset: "reset",
    newseed: "newSeed",
    share: "share",
    copylink: "copyLink",
    copysnippet: "copySnippet",
    resetdata: "resetData",
  };
  for (const [act, key] of Object.entries(labels)) el.$(`[data-act="${act}"]`).textContent = el.s(key);
  el.$(".fg").setAttribute("aria-label", `${el.s("landscape")}. ${el.s("landHelp")}`);
  el.$(".datac").setAttribute("aria-label", `${el.s("data")}. ${el.s("dataHelp")}`);
  el.$(".lossc").setAttribute("aria-label", el.s("loss"));
  el.$(".dh").setAttribute("lang", el.lang === "zh" ? "zh-Hans" : "en");
  el.labelHelp();
  el.updatePlayButton();
}

export function bindControls(el) {
  const on = (sel, ev, fn, opts) => el.$(sel).addEventListener(ev, fn, opts);
  on('[data-act="play"]', "click", () => el.togglePlay());
  on('[data-act="numpy"]', "click", (e) => el.copyNumPy(e.currentTarget));
  el.root.querySelectorAll("[data-export]").forEach((b) => b.addEventListener("click", () => el.exportAs(b.dataset.export)));
  // The keyboard: on the focused landscape the arrows move the start (Shift: ten times as
  // far); anywhere in the widget but a form control, Space plays and pauses, "." steps and
  // "r" resets.
  const NUDGE = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
  on(".fg", "keydown", (e) => {
    const d = NUDGE[e.key];
    if (!d || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    if (el.lesson?.takesPointer() && el.lesson.view.kind === "point") return el.lesson.nudge(d[0], d[1], e.shiftKey);
    el.change(() => el.edit({ kind: "nudge", right: d[0], up: d[1], big: e.shiftKey ? 1 : 0 }));
  });
  on(".dh", "keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.target.closest?.("input, select, textarea, button, a, [contenteditable]")) return;
    if (e.key === " ") el.togglePlay();
    else if (e.key === "?") el.toggleKeys();
    else if (e.key === "Escape" && !el.$('[data-out="keys"]').hidden) el.toggleKeys(false);
    else if (e.key === ".") {
      el.pause();
      el.step(1);
    } else if (e.key === "r" || e.key === "R") el.reset();
    else return;
    e.preventDefault();
  });
  on('[data-act="keys"]', "click", () => el.toggleKeys());
  on('[data-act="step"]', "click", () => {
    el.pause();
    el.step(1);
  });
  on('[data-act="reset"]', "click", () => el.reset());
  on('[data-act="resetdata"]', "click", () => el.change(() => el.edit({ kind: "reset_data" })));
  on('[data-ctl="speed"]', "input", (e) => {
    el.change(() => el.edit({ kind: "ui", key: "speed", value: e.target.value }), { restart: false });
  });
  on('[data-ctl="scene"]', "change", (e) => el.change(() => el.edit({ kind: "scene", name: e.target.value })));
  on('[data-ctl="seed"]', "change", (e) => {
    const v = e.target.value.trim();
    el.change(() => el.edit({ kind: "set", run: null, key: "seed", value: v }));
  });
  on('[data-act="newseed"]', "click", () => el.change(() => el.edit({ kind: "set", run: null, key: "seed", value: core.fresh_seed() })));
  for (const box of el.root.querySelectorAll("[data-opt]")) {
    box.addEventListener("change", () => el.change(() => el.edit({ kind: "ui", key: box.dataset.opt, value: box.checked ? "1" : "0" }), { restart: false }));
  }
  for (const key of ["slice", "center"]) {
    on(`[data-ctl="${key}"]`, "change", (e) => el.change(() => el.edit({ kind: "ui", key, value: e.target.value }), { restart: false }));
  }
  on('[data-ctl="lang"]', "change", (e) => {
    el.change(() => el.edit({ kind: "ui", key: "lang", value: e.target.value }), { restart: false });
    el.buildStatic();
    el.afterChange({ url: true });
  });
  on('[data-act="share"]', "click", (e) => {
    const panel = el.$(".share");
    panel.hidden = !panel.hidden;
    e.target.setAttribute("aria-expanded", String(!panel.hidden));
    el.updateShare();
  });
  on('[data-act="copylink"]', "click", () => el.copy(el.shareUrl(), '[data-act="copylink"]'));
  on('[data-act="copysnippet"]', "click", () => el.copy(el.snippet(), '[data-act="copysnippet"]'));
  on('[data-ctl="embed"]', "change", (e) => el.change(() => el.edit({ kind: "ui", key: "embed", value: e.target.checked ? "1" : "0" }), { restart: false }));
  el.$('[data-out="hides"]').addEventListener("change", () => {
    const hide = [...el.root.querySelectorAll("[data-hide]")].filter((c) => c.checked).map((c) => c.dataset.hide);
    el.change(() => el.edit({ kind: "ui", key: "hide", value: hide.join(",") }), { restart: false });
  });

  // The landscape's and the data panel's pointers (mouse, pen and finger).
  bindPointers(el);
}

/** theme=: the widget's colours and the canvases' paper; `auto` follows the page, then the
 * system (theme.js). */
export function applyTheme(el) {
  if (!el.ui || !el.w) return;
  const dark = el.ui.theme === "dark" || (el.ui.theme === "auto" && hostIsDark(el));
  const theme = dark ? "dark" : "light";
  if (el.$(".dh").dataset.theme === theme) return;
  el.$(".dh").dataset.theme = theme;
  el.guard(() => el.w.configure({ dark }));
  el.redraw();
}

export function applyUi(el) {
  if (!el.ui) return;
  el.applyTheme();
  for (const part of el.cat.hideable) {
    const hidden = el.partHidden(part);
    el.root.querySelectorAll(`[data-part="${part}"]`).forEach((node) => (node.hidden = hidden));
  }
  el.toggleAttribute("embed", el.ui.embed);
  // Figure 6.1b's surface turns from the keyboard too (pointer.js): it takes the focus then.
  const lc = el.$(".lossc");
  if (el.ui.view3d) lc.tabIndex = 0;
  else lc.removeAttribute("tabindex");
  el.dispatchEvent(new CustomEvent("ui", { detail: el.ui }));
}

/** Whether a part of the widget is hidden: by hide=, except the pause control while something
 * plays (autoplay with hide=play); the figure's panels as the core's ui view says. */
export function partHidden(el, part) {
  if (part === "play" && (el.playing || el.ui.autoplay)) return false;
  if (part === "data") return !el.ui.data_panel;
  if (part === "loss") return !el.ui.loss_panel;
  return el.ui.hide.includes(part);
}

export function renderControls(el) {
  const st = el.state;
  el.$('[data-ctl="scene"]').value = st.scene;
  const speed = el.ui.speed || 1;
  el.$('[data-ctl="speed"]').value = speed;
  el.$('[data-out="speed"]').textContent = speed;
  el.$('[data-ctl="seed"]').value = st.seed;
  el.$('[data-opt="logc"]').checked = el.ui.log_colors;
  el.$('[data-opt="logl"]').checked = el.ui.log_loss;
  el.$('[data-opt="batchsurf"]').checked = el.ui.batch_surface;
  el.$('[data-opt="follow"]').checked = el.ui.follow;
  const slice = el.$('[data-ctl="slice"]');
  const asked = el.ui.slice;
  // Another seed or pair of axes than the menu's: shown as its own option.
  if (![...slice.options].some((o) => o.value === asked)) slice.add(new Option(asked, asked));
  slice.value = asked;
  el.$('[data-ctl="center"]').value = el.ui.center;
  el.root.querySelectorAll('[data-when="sliced"]').forEach((node) => (node.hidden = !st.sliced));
  el.$('[data-ctl="lang"]').value = el.lang;
  el.$('[data-ctl="embed"]').checked = el.ui.embed;
  el.root.querySelectorAll("[data-hide]").forEach((c) => (c.checked = el.ui.hide.includes(c.dataset.hide)));
  el.root.querySelectorAll('[data-when="data"]').forEach((node) => (node.hidden = !st.has_data));
  el.$('[data-part="data"]').hidden = el.partHidden("data");
  const help = [];
  if (!el.ui.hide.includes("landscape")) help.push(el.s("landHelp"));
  if (st.has_data && !el.ui.hide.includes("data")) help.push(el.s("dataHelp"));
  el.$('[data-out="help"]').textContent = help.join(" ");
  el.$('[data-act="resetdata"]').hidden = !st.edited_data;
  el.renderExtras();
}
