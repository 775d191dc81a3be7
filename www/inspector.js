// The inspector of <downhill-widget>: the selected run's update rule (MathML) and its step's
// numbers, with the rows each optimizer labels itself. Methods of the element.
import { fmt, vec } from "./format.js";

/** The update rules' MathML (math.js, a chunk of its own: the first load is smaller), and
 * whether it has arrived (its first layout is slow, so it comes after the first frame). */
let RULES = null;
let mathReady = false;
let mathLoading = null;

/** The batch sum's opening in the rules' MathML, and the 1/|ℬₜ| a mean puts before it. */
const SUM = "<munder><mo>∑</mo>";
const MEAN = "<mfrac><mn>1</mn><mrow><mo>|</mo><msub><mi>ℬ</mi><mi>t</mi></msub><mo>|</mo></mrow></mfrac>";

export const inspector = {
  /** The rule's MathML, in a task of its own once the widget has drawn its first frame (its
   * first layout is then not part of an animation frame). */
  showRule() {
    mathLoading ??= import("./math.js").then((m) => (RULES = m.RULES));
    mathLoading.then(() => {
      mathReady = true;
      const box = this.$(".insp");
      if (!this.w || box.hidden || box.dataset.key?.endsWith("|true")) return;
      this.renderInspector();
      void box.offsetHeight;
    });
  },

  renderInspector() {
    const box = this.$(".insp");
    if (box.hidden || !this.w) return;
    const d = this.w.view("inspector");
    let rule = (RULES && (RULES[d.opt] || RULES.gd)) ?? { eq: "…", math: "" };
    // reduce=mean: each Σ over the batch is its mean.
    if (d.mean) rule = { ...rule, math: rule.math.replaceAll(SUM, MEAN + SUM) };
    const rows = [
      [this.s("iteration"), `${d.t}`],
      [this.s("epoch"), d.epoch === null || d.epoch === undefined ? "—" : `${d.epoch + 1} · ${this.s("batchOf", { k: d.batch_in_epoch, K: d.batches_per_epoch })}`],
      ["ℬₜ", d.batch.length ? `{${d.batch.join(", ")}}` : "—"],
    ];
    // Two parameters in one row; the network's ten by name (eq. 3.1).
    if (d.names.length > 2) d.names.forEach((n, i) => rows.push([n, fmt(d.phi[i], 6)]));
    else rows.push(["φ", vec(d.phi, 6)]);
    rows.push(["L(φ)", fmt(d.loss, 6)]);
    if (d.has_rate) rows.push([this.s("lr"), fmt(d.rate)]);
    rows.push([this.s("gradientHere"), vec(d.gradient)]);
    if (d.names.length > 2) rows.push(["‖∇L‖", fmt(d.gradient_norm, 4)]);
    rows.push([this.s("gradientFd"), `${vec(d.fd_gradient)} · ${this.s("relDiff", { e: fmt(d.fd_error, 2) })}`]);
    if (d.step_gradient) rows.push([this.s("gradientStep"), vec(d.step_gradient)]);
    if (d.turn !== null && d.turn !== undefined) rows.push([this.s("turnAngle"), `${fmt(d.turn, 4)}°`]);
    // A run that stopped says why, first.
    if (d.status !== "running") rows.unshift([this.s(`status_${d.status}`), d.message || ""]);
    // The optimizer's own quantities, as it labels them.
    for (const r of d.rows) rows.push([r.label, r.vector ? vec(r.vector) : fmt(r.number)]);
    if (d.brackets.length) {
      const last = d.brackets[d.brackets.length - 1];
      rows.push([this.s("bracket"), `${d.brackets.length} · [${last.map((x) => fmt(x, 3)).join(", ")}] · ${this.s(`rule_${d.rules[d.rules.length - 1]}`)}`]);
    }
    if (d.step_check) {
      const [b0, b1, f0, f1] = d.step_check.map((x) => fmt(x, 4));
      rows.push([this.s("stepCheck"), d.uphill ? `⚠ ${this.s("downBatchUpFull", { b0, b1, f0, f1 })}` : this.s("downBoth", { b0, b1, f0, f1 })]);
    }
    if (d.has_hessian) {
      rows.push([this.s("hessian"), vec(d.eigenvalues, 3)]);
      rows.push([this.s("curvature"), this.s(`kind_${d.kind}`)]);
    }
    const sl = d.slice;
    if (sl) {
      // Problem 6.11: the Hessian's size here and for a million parameters.
      rows.push([this.s("hessianSize"), this.s("hessianSizeIs", { n: d.names.length, e: fmt(d.hessian_entries[0]), big: fmt(d.hessian_entries[1]) })]);
      const used = sl.used === sl.asked ? sl.used : `${sl.used} (${this.s("pcaWaits")})`;
      rows.push([this.s("slicePlane"), `${used} · ${this.s(`center_${sl.center}`)}`]);
      if (sl.explained) rows.push([this.s("sliceExplained"), sl.explained.map((x) => `${fmt(100 * x, 3)}%`).join(", ")]);
      if (sl.curvatures) rows.push([this.s("sliceCurvatures"), vec(sl.curvatures, 3)]);
      if (sl.center === "critical") rows.push([this.s("sliceCritical"), sl.critical ? `‖∇L‖ = ${fmt(sl.critical[0], 2)} · ${this.s(`kind_${sl.critical[1]}`)}` : this.s("sliceNoCritical")]);
      const sel = this.state?.selected ?? 0;
      rows.push([this.s("offPlane"), `${fmt(sl.off_plane[sel] ?? 0, 3)} (${this.s("offPlaneMax", { m: fmt(sl.max_off_plane[sel] ?? 0, 3) })})`]);
      rows.push(["", this.s("sliceStationary")]);
    }
    // The rule (MathML) is rebuilt only when the optimizer, sum or mean, beta or language changes; the numbers
    // every frame.
    // The rule's MathML is the costliest thing on a page to lay out the first time (math
    // fonts): until one has been, the rule waits for `showRule`, in a task of its own.
    const key = `${d.opt}|${d.mean}|${d.beta}|${this.lang}|${sl ? d.eigenvalues.length : 0}|${mathReady}`;
    if (box.dataset.key !== key) {
      box.dataset.key = key;
      const showWeights = d.momentum_weights.length > 0;
      const top = Math.max(...d.momentum_weights);
      const bars = showWeights ? `<div>${this.s("momentumWeights")}</div><div class="bars" aria-hidden="true"></div>` : "";
      // The Hessian's spectrum as signed bars on a log scale (|λ| spans orders of magnitude).
      const spec = sl ? `<div>${this.s("spectrum")}</div><div class="spectrum" aria-hidden="true"></div>` : "";
      box.innerHTML = `<div><strong>${this.s("updateRule")}</strong> <span class="status">(${rule.eq})</span>${mathReady ? rule.math : ""}${bars}${spec}</div><table></table>`;
      box.querySelector(".spectrum")?.append(...d.eigenvalues.map(() => document.createElement("span")));
      // Bar heights through the CSSOM (a style attribute would break a strict CSP).
      box.querySelector(".bars")?.append(
        ...d.momentum_weights.map((w) => {
          const bar = document.createElement("span");
          bar.style.height = `${Math.max(1, (40 * w) / top)}px`;
          return bar;
        }),
      );
    }
    if (sl) {
      // The spectrum's bars follow every frame, in place (the rule above is not rebuilt).
      const mag = (x) => Math.log10(1 + Math.abs(x) / 1e-3);
      const top = Math.max(1e-9, ...d.eigenvalues.map(mag));
      box.querySelectorAll(".spectrum span").forEach((bar, i) => {
        const x = d.eigenvalues[i];
        bar.className = x < 0 ? "neg" : "pos";
        bar.style.height = `${Math.max(1, (24 * mag(x)) / top)}px`;
        bar.title = fmt(x, 3);
      });
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
};
