// The inspector of <downhill-widget>: the selected run's update rule (MathML) and its step's
// numbers, with the rows each optimizer labels itself. Methods of the element.
import { RULES } from "./math.js";
import { fmt, vec } from "./format.js";

export const inspector = {
  renderInspector() {
    const box = this.$(".insp");
    if (box.hidden || !this.w) return;
    const d = this.w.view("inspector");
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
      const bars = showWeights ? `<div>${this.s("momentumWeights")}</div><div class="bars" aria-hidden="true"></div>` : "";
      box.innerHTML = `<div><strong>${this.s("updateRule")}</strong> <span class="status">(eq. ${rule.eq})</span>${rule.math}${bars}</div><table></table>`;
      // Bar heights through the CSSOM (a style attribute would break a strict CSP).
      box.querySelector(".bars")?.append(
        ...d.momentum_weights.map((w) => {
          const bar = document.createElement("span");
          bar.style.height = `${Math.max(1, (40 * w) / top)}px`;
          return bar;
        }),
      );
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
