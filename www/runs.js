// The runs panel of <downhill-widget>: one row per run with its optimizer and the sliders the
// core's key table describes, and each run's status. Methods of the element.
import { fmt } from "./format.js";

export const runs = {
  renderRuns() {
    const box = this.$(".runs");
    // The rows are made afresh: the control that had the focus (a slider moved by the arrow
    // keys, a number typed) gets it back, so the keyboard goes on where it was.
    const focused = this.root.activeElement?.dataset?.focus;
    box.innerHTML = "";
    const st = this.state;
    const head = document.createElement("div");
    head.className = "bar";
    const h = document.createElement("strong");
    h.textContent = this.s("runs");
    const add = document.createElement("button");
    add.textContent = `+ ${this.s("addRun")}`;
    add.title = this.helpWord("help_run_add");
    add.disabled = st.runs.length >= this.cat.max_runs;
    add.addEventListener("click", () => {
      const used = new Set(st.runs.map((r) => r.opt));
      const next = this.cat.add_order.find((o) => !used.has(o)) || this.cat.add_order[0];
      this.change(() => this.edit({ kind: "add_run", spec: next }));
    });
    head.append(h, add);
    box.append(head);
    st.runs.forEach((r, i) => box.append(this.runRow(r, i)));
    // Fresh rows get their status now, not at the next frame (after an edit there may be none).
    this.updateRunStatus();
    if (focused) box.querySelector(`[data-focus="${focused}"]`)?.focus();
  },

  runRow(r, i) {
    const st = this.state;
    const row = document.createElement("div");
    row.className = "run" + (i === st.selected ? " sel" : "");
    row.dataset.run = i;
    const sw = document.createElement("button");
    sw.className = "swatch";
    sw.style.background = r.color;
    sw.setAttribute("aria-label", `${this.s("run")} ${i + 1}: ${r.opt}${r.start_number ? `, ${this.s("startNumber", { n: r.start_number })}` : ""}`);
    sw.title = this.helpWord("help_run_select");
    sw.addEventListener("click", () => {
      this.edit({ kind: "select", run: i });
      this.afterChange({ url: false });
    });
    const opt = document.createElement("select");
    opt.setAttribute("aria-label", `${this.s("optimizer")} ${i + 1}`);
    opt.title = this.helpWord("help_run_opt");
    for (const [name] of this.cat.optimizers) {
      const o = document.createElement("option");
      o.value = name;
      // The book's name and equation; the id stays the value (and the link's word).
      o.textContent = this.helpWord(`opt_${name}`) || name;
      opt.append(o);
    }
    opt.value = r.opt;
    opt.dataset.focus = `${i}:opt`;
    opt.addEventListener("change", () => this.change(() => this.edit({ kind: "set", run: i, key: "opt", value: opt.value })));
    row.append(sw, opt);
    // A slider walks the core's stops (the values as a link writes them); the number field
    // beside it takes any value (α = 0.3 exactly; the core checks it).
    const slider = ({ key, text, at, stops = this.cat.sliders[key] }) => {
      const label = this.s(key);
      const l = document.createElement("label");
      const span = document.createElement("span");
      span.textContent = label;
      const input = document.createElement("input");
      input.type = "range";
      input.min = 0;
      input.max = stops.length - 1;
      input.step = 1;
      input.value = at;
      input.setAttribute("aria-label", `${label} (${this.s("run")} ${i + 1})`);
      input.setAttribute("aria-valuetext", text);
      input.dataset.focus = `${i}:${key}:slider`;
      l.title = this.helpWord(`help_run_${key}`);
      const num = document.createElement("input");
      num.type = "text";
      num.inputMode = "decimal";
      num.className = "num";
      num.value = text;
      num.dataset.focus = `${i}:${key}:number`;
      num.setAttribute("aria-label", `${label} (${this.s("run")} ${i + 1}), ${this.s("typeValue")}`);
      num.setAttribute("aria-description", l.title);
      input.addEventListener("input", () => {
        num.value = stops[input.value];
        input.setAttribute("aria-valuetext", num.value);
      });
      input.addEventListener("change", () => this.change(() => this.edit({ kind: "set", run: i, key, value: stops[input.value] })));
      num.addEventListener("change", () => this.change(() => this.edit({ kind: "set", run: i, key, value: num.value.trim() })));
      l.append(span, input);
      row.append(l, num);
    };
    r.controls.forEach(slider);
    const status = document.createElement("span");
    status.className = "status";
    status.dataset.status = i;
    row.append(status);
    if (st.runs.length > 1) {
      const rm = document.createElement("button");
      rm.textContent = "✕";
      rm.setAttribute("aria-label", `${this.s("remove")} ${this.s("run")} ${i + 1}`);
      rm.title = this.helpWord("help_run_remove");
      rm.addEventListener("click", () => this.change(() => this.edit({ kind: "remove_run", run: i })));
      row.append(rm);
    }
    return row;
  },

  updateRunStatus() {
    this.state.runs.forEach((r, i) => {
      const el = this.root.querySelector(`[data-status="${i}"]`);
      if (!el) return;
      const word = this.s(`status_${r.status}`);
      const batch = r.batches_per_epoch > 1 && r.batch_in_epoch ? ` · ${this.s("epoch")} ${r.epoch + 1}, ${this.s("batchOf", { k: r.batch_in_epoch, K: r.batches_per_epoch })}` : "";
      // Figure 6.5's start numbers, as the landscape labels the starts.
      const from = r.start_number ? `${this.s("startNumber", { n: r.start_number })} · ` : "";
      el.textContent = `${from}t = ${r.steps}/${r.limit} · L = ${fmt(r.loss, 5)}${batch}${r.status === "running" ? "" : ` · ${word}: ${r.message}`}`;
      el.classList.toggle("bad", r.status !== "running");
    });
  }
};
