// The figure in words, for screen readers: each canvas's text alternative (from the core's
// `describe` view, refreshed after a change and every second and a half while a run plays), and
// the live region's milestones: a run that diverged, stopped or finished, and where it ended.
// Methods of the element; the numbers and where a run is come from the core.
import { fmt } from "./format.js";

const n3 = (x) => fmt(x, 3);

export const describe = {
  /** One run in words: "run 1, sgd, at step 40, loss 0.95, in the global valley". */
  runWords(r, i) {
    let s = this.s("descRun", { n: i + 1, opt: r.opt, t: r.steps, loss: n3(r.loss) });
    if (r.near === "global") s += `, ${this.s("nearGlobal")}`;
    else if (r.near === "local") s += `, ${this.s("nearLocal", { loss: n3(r.near_loss) })}`;
    return s;
  },

  describeFigure() {
    const d = this.guard(() => this.w.view("describe"));
    if (!d) return;
    this.lastDescribe = performance.now();
    const land = d.sliced ? "descSlice" : "descLand";
    const parts = [this.s(land, { scene: this.s(`scene_${d.scene}`), a: n3(d.phi0[0]), b: n3(d.phi0[1]), c: n3(d.phi1[0]), e: n3(d.phi1[1]) })];
    if (d.global) parts.push(this.s(d.sliced ? "descSliceLowest" : "descGlobal", { loss: n3(d.global.loss), x: n3(d.global.phi[0]), y: n3(d.global.phi[1]) }));
    d.runs.forEach((r, i) => parts.push(this.runWords(r, i)));
    this.$(".fg").setAttribute("aria-label", `${parts.join("; ")}. ${this.s("landHelp")}`);
    this.$(".fg2").setAttribute("aria-label", this.s("batchSurface"));
    const r0 = d.runs[0];
    // The data panel's words, as the core names them (the dragging help only where there are points).
    const data = d.data_panel && this.s(d.data_panel, { n: d.n_points, t: r0.steps });
    if (data) this.$(".datac").setAttribute("aria-label", d.n_points ? `${data}. ${this.s("dataHelp")}` : data);
    const losses = d.runs.map((r, i) => this.s("descLossRun", { n: i + 1, opt: r.opt, first: n3(r.first_loss), loss: n3(r.loss), t: r.steps }));
    // Figure 6.4's models (models=1) take the loss panel's place.
    const models = d.models.map((m) => this.s("descModel", { letter: m.letter, loss: n3(m.loss), x: n3(m.phi[0]), y: n3(m.phi[1]) }));
    // Figure 6.6 b)-d)'s batches (batches=1) too.
    const batches = d.batches.map((b) => `${b.label} {${b.points.join(", ")}}`);
    this.$(".lossc").setAttribute("aria-label", models.length ? `${this.s("descModels")}: ${models.join("; ")}`
      : batches.length ? `${this.s("descBatches")}: ${batches.join("; ")}` : `${this.s("loss")}: ${losses.join("; ")}`);
    return d;
  },

  /** Announces what changed in the runs since the last look: a run that left "running" or
   * reached its step limit (not every step). */
  milestones(readout) {
    const now = readout.runs.map((r) => `${r.status}|${r.steps >= r.limit}`);
    const before = this.lastMilestones;
    this.lastMilestones = now;
    if (!before || before.length !== now.length) return;
    const changed = now.map((k, i) => k !== before[i] && (readout.runs[i].status !== "running" || readout.runs[i].steps >= readout.runs[i].limit));
    if (!changed.some(Boolean)) return;
    const d = this.describeFigure();
    if (!d) return;
    const said = [];
    d.runs.forEach((r, i) => {
      if (!changed[i]) return;
      const run = readout.runs[i];
      if (r.status !== "running") said.push(this.s("milestoneStopped", { n: i + 1, opt: r.opt, t: r.steps, why: this.s(`status_${r.status}`), message: run.message ?? "" }));
      else if (r.near === "local" && d.global) said.push(this.s("milestoneLocal", { n: i + 1, opt: r.opt, t: r.steps, loss: n3(r.loss), g: n3(d.global.loss) }));
      else said.push(`${this.s("milestoneDone", { n: i + 1, opt: r.opt, t: r.steps })}: ${this.runWords(r, i)}`);
    });
    this.$('[data-out="live"]').textContent = said.join(". ");
    this.milestoneAt = performance.now();
  },
};
