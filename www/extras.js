// The figure extras of <downhill-widget>: the caption with the numbers the core computed, the
// phi sliders (figure 6.2), figure 6.11's exercise, the epochs calculator (Problem 6.9) and the
// hyperparameter sweep (6.5). Methods of the element; every number comes from the core.
import { core } from "./core.js";
import { factsOf } from "./facts.js";
import { STRINGS, loadCaptions } from "./strings.js";
import { fmt } from "./format.js";

export const extras = {
  /** The named preset's caption, with the numbers the scene computes filled in. */
  /** The named preset's caption while the settings are still its own (the core says so);
   * after a change, a line saying why it is gone (a caption is a claim about those settings). */
  renderCaption() {
    const el = this.$('[data-out="caption"]');
    const name = this.state.preset;
    const key = name ? `caption_${name}` : null;
    if (!key || !(key in STRINGS.en)) {
      el.hidden = true;
      // Captions load on demand (captions.js): once they are there, try again.
      if (key && !this.captionsAsked) {
        this.captionsAsked = true;
        loadCaptions().then(() => this.w && this.renderCaption());
      }
      return;
    }
    const holds = this.state.captioned;
    el.textContent = holds ? this.s(key, factsOf(name)) : this.s("captionChanged", { name });
    el.classList.toggle("changed", !holds);
    el.hidden = false;
  },

  buildQuiz(box) {
    const fns = this.cat.quiz;
    const kinds = ["local", "global", "neither"];
    const label = { local: this.s("quizLocal"), global: this.s("quizGlobal"), neither: this.s("quizNeither") };
    // Drawn at the width it is shown at (up to 900 px), so its numbers and letters keep their
    // size on a phone instead of being scaled down with a 900-px drawing.
    const width = Math.min(900, Math.max(300, Math.round(box.clientWidth || this.clientWidth || 900)));
    box.innerHTML = `<div class="fig">${this.w.export("quiz", width, width < 600 ? 220 : 260)}</div><form></form>`;
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
  },

  renderExtras() {
    const ui = this.ui;
    const st = this.state;
    const noland = ui.hide.includes("landscape");
    const split = ui.split;
    this.$(".grid").classList.toggle("split", split);
    this.$(".grid").classList.toggle("noland", noland);
    // Small multiples: cells stay square; one column on a phone.
    const n = noland ? 1 : ui.panel_count;
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
          this.pendingExact = true;
          this.schedule();
        });
        // The slider's last value is applied before the controls are redrawn from the state
        // (they showed the value before it, one press behind).
        input.addEventListener("change", () => {
          this.pendingStart = null;
          const p = [...this.state.runs[0].start];
          p[k] = Number(input.value);
          this.change(() => this.edit({ kind: "start", phi0: p[0], phi1: p[1] }));
        });
        l.append(`φ${k} `, input, out);
        sl.append(l, " ");
      });
      // The book's example settings (figure 6.2 a-c).
      ui.examples.forEach((phi, k) => {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = `${String.fromCharCode(97 + k)}) (${phi[0]}, ${phi[1]})`;
        // The spoken name starts with the visible words (WCAG 2.5.3).
        b.setAttribute("aria-label", `${b.textContent}: ${this.s("bookSetting", { phi0: phi[0], phi1: phi[1] })}`);
        b.addEventListener("click", () => {
          this.pendingStart = null;
          this.change(() => this.edit({ kind: "start", phi0: phi[0], phi1: phi[1] }));
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
        const v = (k) => Number(calc.querySelector(`[data-c="${k}"]`).value);
        const c = core.epochs_for(v("n"), v("b"), v("t"));
        calc.querySelector('[data-c="out"]').textContent = this.s("calcResult", { e: fmt(c.epochs, 4), k: fmt(c.steps_per_epoch, 4) });
      };
      calc.addEventListener("input", update);
      update();
    }

    // Section 6.5: a grid of final losses over two hyperparameters.
    const sw = this.$('[data-out="sweep"]');
    sw.hidden = !ui.sweep;
    if (ui.sweep) {
      const key = `${st.query}|${st.selected}`;
      if (sw.dataset.key !== key) {
        sw.dataset.key = key;
        this.runSweep(sw);
      }
    }
  },

  /** Runs the sweep in slices inside the page's shared animation frames (each gets what the
   * frame has left after stepping and drawing, timed by the core a few optimizer steps at a
   * time), with progress and a cancel. */
  runSweep(box) {
    this.sweepBox = box;
    if (box.dataset.built !== this.sweepKey()) box.cells = null;
    box.shown = -1;
    this.sweeping = true;
    this.wantFrame();
  },

  /** What the sweep's table is built for (its axes and steps). */
  sweepKey(d = this.w.view("sweep")) {
    return d ? `${d.keys}|${d.xs}|${d.ys}|${d.steps}` : "";
  },

  /** One frame's slice of the sweep, within about `ms` milliseconds. */
  sweepFrame(ms) {
    const box = this.sweepBox;
    if (!box || box.hidden || !this.w) {
      this.sweeping = false;
      return;
    }
    // The landscape first: the sweep waits for it to be on screen. Its table is built in a
    // frame of its own, after the first slice has made the sweep's grid.
    if (this.landscapePending) return;
    const d = this.w.view("sweep");
    if (d && !box.cells) {
      this.renderSweep(box, d.done, d.xs.length * d.ys.length);
      return;
    }
    const [done, total] = this.guard(() => this.w.sweep_work(ms)) || [0, 0];
    this.sweeping = total > 0 && (done < total || !box.cells);
    if (box.cells) this.renderSweep(box, done, total);
  },

  /** The sweep's table: built once per sweep, then only the cells that got their loss change
   * (a frame rebuilds no DOM it does not have to). */
  renderSweep(box, done, total) {
    const d = this.w.view("sweep");
    if (!d) return;
    const key = this.sweepKey(d);
    if (box.dataset.built !== key || !box.cells) {
      box.dataset.built = key;
      box.shown = -1;
      const table = document.createElement("table");
      const head = table.insertRow();
      head.insertCell().textContent = `${d.keys[1]} \\ ${d.keys[0]}`;
      d.xs.forEach((x) => (head.insertCell().textContent = fmt(x, 2)));
      box.cells = [];
      d.ys.forEach((y, j) => {
        const row = table.insertRow();
        row.insertCell().textContent = fmt(y, 2);
        d.xs.forEach((x, i) => {
          const b = document.createElement("button");
          b.dataset.i = i;
          b.dataset.j = j;
          b.addEventListener("click", () => this.change(() => this.edit({ kind: "apply_sweep", i, j })));
          row.insertCell().append(b);
          box.cells.push(b);
        });
      });
      const title = document.createElement("strong");
      title.textContent = this.s("sweepTitle", { x: d.keys[0], y: d.keys[1], n: d.steps });
      const bar = document.createElement("progress");
      bar.max = total;
      const count = document.createElement("span");
      const cancel = document.createElement("button");
      cancel.type = "button";
      cancel.textContent = this.s("cancel");
      // Cancel stops the slices; the same button then resumes where the sweep stopped.
      cancel.addEventListener("click", () => {
        if (this.sweeping) {
          this.sweeping = false;
          cancel.textContent = this.s("resume");
        } else {
          cancel.textContent = this.s("cancel");
          this.runSweep(box);
        }
      });
      box.progress = { bar, count, cancel };
      box.replaceChildren(title, " ", bar, count, cancel, table);
    }
    const { bar, count, cancel } = box.progress;
    const running = done < total;
    bar.hidden = count.hidden = cancel.hidden = !running;
    if (running) {
      bar.value = done;
      bar.setAttribute("aria-label", this.s("sweepProgress", { done, total }));
      count.textContent = ` ${done}/${total} `;
    }
    if (box.shown === d.done) return;
    box.shown = d.done;
    box.cells.forEach((b, k) => {
      const [i, j] = [k % d.xs.length, Math.floor(k / d.xs.length)];
      const loss = d.losses[k];
      const pending = k >= d.done;
      const text = pending ? "…" : loss === null ? "×" : fmt(loss, 2);
      // Colours are re-normalised as later cells arrive: a cell whose text is unchanged may
      // still need its new colour.
      if (b.dataset.color !== d.colors[k]) {
        b.dataset.color = d.colors[k];
        b.style.background = d.colors[k];
        b.classList.toggle("dark", d.dark[k]);
      }
      if (b.textContent === text && b.dataset.pending === String(pending)) return;
      b.dataset.pending = String(pending);
      b.textContent = text;
      b.title = `${d.keys[0]} = ${d.xs[i]}, ${d.keys[1]} = ${d.ys[j]}: ${pending ? this.s("pending") : loss === null ? this.s("diverged") : fmt(loss, 5)}`;
      // The spoken name starts with the visible words (WCAG 2.5.3).
      b.setAttribute("aria-label", `${text}: ${b.title}`);
    });
  }
};
