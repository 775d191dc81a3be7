// The anywidget front end of downhill_widget.Downhill: one <downhill-widget> per view, kept in
// step with the model's traits.
//
// anywidget evaluates `_esm` from a blob URL, so this module cannot import a file beside it.
// Python builds `_esm` as one string: `const DOWNHILL_SOURCE = "<static/downhill.js>";`
// followed by this file. The element module (the wasm inside) is imported from a blob of its
// own, once per page: a second widget, a re-executed cell or a re-rendered output finds the
// element already defined and never evaluates the module again (its customElements.define
// is unconditional).
/* global DOWNHILL_SOURCE */

const TAG = "downhill-widget";
/** Quiet time after the last `step` event before the trace goes to Python (a played run sends
 * it once, when it finishes; Step clicks send it once they stop). */
const STEP_QUIET_MS = 250;

function defineElement() {
  if (customElements.get(TAG)) return Promise.resolve();
  const key = "__downhillWidgetDefine";
  if (!globalThis[key]) {
    globalThis[key] = (async () => {
      const url = URL.createObjectURL(new Blob([DOWNHILL_SOURCE], { type: "text/javascript" }));
      try {
        // Checked again: another copy of this module may have defined it meanwhile.
        if (!customElements.get(TAG)) await import(/* webpackIgnore: true */ url);
      } finally {
        URL.revokeObjectURL(url);
      }
    })();
    // A failed import may be tried again by the next view.
    globalThis[key].catch(() => delete globalThis[key]);
  }
  return globalThis[key];
}

function problemStrings(list) {
  return Array.isArray(list) ? list.map((p) => (p && typeof p === "object" ? `${p.severity}: ${p.text}` : String(p))) : [];
}

/** The element's box in a view. When the page moves a view (JupyterLab re-attaches a panel
 * dragged elsewhere, or a cell scrolled back in with windowing mode "full"), the element is
 * disconnected, which frees its state, and connected again, which starts it afresh from its
 * `preset` attribute: the box, connected first, points that attribute at the model's query. */
const HOST = "downhill-anywidget-host";
if (!customElements.get(HOST)) {
  customElements.define(
    HOST,
    class extends HTMLElement {
      connectedCallback() {
        this.onconnect?.();
      }
    },
  );
}

async function render({ model, el }) {
  const host = document.createElement(HOST);
  host.className = "downhill-anywidget";
  el.append(host);
  try {
    await defineElement();
  } catch (e) {
    host.textContent = `Downhill could not start: ${e && e.message ? e.message : e}`;
    return () => host.remove();
  }
  const w = document.createElement(TAG);
  const initial = model.get("query") || "";
  w.setAttribute("preset", initial);
  host.append(w);

  let alive = true;
  let lastSent = null;
  let raf = 0;
  let quiet = 0;

  /** Sends the element's runs so far (JSON Lines) to Python, when they differ from the last. */
  const sendTrace = () => {
    if (!alive || !w.widget) return;
    let text;
    try {
      text = w.trace();
    } catch {
      return;
    }
    if (typeof text !== "string" || text === lastSent) return;
    lastSent = text;
    model.set("_trace", text);
    model.save_changes();
  };
  /** At most once per animation frame, whatever the number of requests. */
  const traceSoon = () => {
    if (raf) return;
    raf = requestAnimationFrame(() => {
      raf = 0;
      sendTrace();
    });
  };

  const onStep = (e) => {
    clearTimeout(quiet);
    if (e.detail && e.detail.finished) traceSoon();
    else quiet = setTimeout(traceSoon, STEP_QUIET_MS);
  };
  const onChange = (e) => {
    const q = e.detail && typeof e.detail.query === "string" ? e.detail.query : w.query;
    if (q && q !== model.get("query")) {
      model.set("query", q);
      model.save_changes();
    }
    traceSoon();
  };
  // Python (or another view) set the query: the element loads it, unless it shows it already.
  const onQuery = () => {
    const q = model.get("query") || "";
    if (!w.widget) {
      w.setAttribute("preset", q);
      return;
    }
    if (q === w.query) return;
    let problems;
    try {
      problems = w.load(q);
    } catch (e) {
      problems = [{ severity: "error", text: String(e && e.message ? e.message : e) }];
    }
    model.set("problems", problemStrings(problems));
    // The canonical form (also when the element's state did not change, so no `change` event).
    if (w.query && w.query !== q) model.set("query", w.query);
    model.save_changes();
    traceSoon();
  };

  // A reconnection (see HOST): the element, disconnected meanwhile, starts from the model's query.
  host.onconnect = () => {
    if (!w.widget && (model.get("query") || "") !== w.getAttribute("preset")) {
      w.setAttribute("preset", model.get("query") || "");
    }
  };

  w.addEventListener("step", onStep);
  w.addEventListener("change", onChange);
  model.on("change:query", onQuery);

  w.ready
    .then(() => {
      if (!alive) return;
      let problems = [];
      try {
        problems = w.widget.view("problems");
      } catch {}
      model.set("problems", problemStrings(problems));
      // The element's canonical query (a preset expanded), and where the element stands now.
      if (model.get("query") !== w.query) {
        if (model.get("query") === initial) model.set("query", w.query);
        else onQuery();
      }
      model.save_changes();
      sendTrace();
    })
    .catch(() => {});

  return () => {
    alive = false;
    cancelAnimationFrame(raf);
    clearTimeout(quiet);
    model.off("change:query", onQuery);
    w.removeEventListener("step", onStep);
    w.removeEventListener("change", onChange);
    host.remove();
  };
}

export default { render };
