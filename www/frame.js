// The element's frame: stepping within the frame's budget, drawing what the core says, and the
// numbers that follow. Functions of the element (the element's methods call them).
import { FRAME_BUDGET_MS, REDUCED_MOTION_MS, STEP_BUDGET_MS, SWEEP_MIN_MS, markFirstPaint, reducedMotion } from "./core.js";

export function onFrame(el, pageLeft = FRAME_BUDGET_MS) {
  if (!el.w) return;
  el.flushStart();
  if (el.pendingPoint) {
    const [i, x, y] = el.pendingPoint;
    el.pendingPoint = null;
    el.guard(() => el.edit({ kind: "move_point", i, x, y }));
  }
  const t0 = performance.now();
  const frame = Math.min(FRAME_BUDGET_MS, pageLeft);
  // A frame the sweep alone asked for draws nothing.
  const draw = el.playing || el.drawWanted;
  el.drawWanted = false;
  if (el.playing) {
    // speed= is a ceiling, not a promise: steps go one at a time until the frame's stepping
    // budget is spent, so no link can freeze the tab. Drawing heavy (cold code, 200 points)
    // leaves less of the frame to stepping.
    // Under prefers-reduced-motion, Play moves in jumps of ten times as many steps.
    // A played opening (played=1) takes as many as the budget allows.
    const speed = el.opening ? Infinity : (el.ui.speed || 1) * (reducedMotion() ? 10 : 1);
    const budget = Math.min(STEP_BUDGET_MS[1], Math.max(STEP_BUDGET_MS[0], frame - (el.drawMs ?? 0)));
    let taken = 0;
    let moved = true;
    while (taken < speed && moved && performance.now() - t0 < budget) {
      moved = el.guard(() => el.w.step(1));
      taken++;
    }
    // A run that ended this frame pauses in the next, when no run moves.
    if (!moved) el.pause();
  }
  const t1 = performance.now();
  // Reduced motion: an autoplay shows the finished paths without animating them, and Play
  // shows a new picture a few times a second rather than every frame.
  const still = !draw || (el.playing && (el.quiet || (reducedMotion() && t1 - (el.shownAt ?? 0) < REDUCED_MOTION_MS)));
  if (!still) {
    el.frameUpdate(!el.playing, frame - (t1 - t0));
    el.shownAt = t1;
  }
  const t2 = performance.now();
  el.drawMs = still ? 0 : t2 - t1;
  if (el.sweeping) {
    // A frame already over its budget leaves the sweep to the next (every other frame at worst).
    const left = frame - (t2 - t0);
    el.sweepWaited = left <= 0 && !el.sweepWaited;
    if (!el.sweepWaited) el.sweepFrame(Math.max(SWEEP_MIN_MS, left));
  }
  if (el.playing) el.schedule();
  else if (el.sweeping) el.wantFrame();
}

/** Draws within about `ms`; work the core spreads over frames (a fresh landscape, a heavy
 * loss's critical points) asks for more. */
export function redraw(el, ms = FRAME_BUDGET_MS) {
  // Nothing is drawn before the canvases have their size (the first frame sizes them).
  if (!el.sized) return;
  const drawn = el.guard(() => el.w.draw(ms));
  const more = drawn !== "done";
  // The sweep waits for the current landscape to be on screen.
  el.landscapePending = drawn === "pending";
  if (drawn && !el.landscapePending) markFirstPaint();
  // The landscape's critical points arrive over frames: its words follow when they are in.
  if (el.drawing && !more && el.w) el.describeFigure();
  el.drawing = more;
  if (more) {
    clearTimeout(el.moreTimer);
    // A frame soon, so the marks appear even while nothing else moves.
    el.moreTimer = setTimeout(() => el.schedule(), 0);
  }
}

/** Redraws and refreshes what shows numbers; `full` also rewrites the URL and announces. */
export function frameUpdate(el, full, ms) {
  el.redraw(ms);
  // Per frame only each run's progress crosses the boundary; the full state follows changes.
  const ro = el.w.view("readout");
  ro.runs.forEach((r, i) => el.state.runs[i] && Object.assign(el.state.runs[i], r));
  if (ro.finished && !el.state.finished) el.renderLesson();
  el.state.finished = ro.finished;
  // While playing, the numbers' text follows ten times a second, not every frame: each change
  // of text costs a layout, and nobody reads sixty numbers a second.
  const now = performance.now();
  if (full || ro.finished || now - (el.lastNumbers ?? 0) >= 100) {
    el.lastNumbers = now;
    el.renderInspector();
    el.updateRunStatus();
  }
  // The live region speaks after an action and at milestones, not every step; the canvases'
  // words follow a playing run every second and a half.
  if (full) {
    // The pause that follows a run's last step does not talk over its milestone (when the last
    // step and the pause fall in two frames, as they do under load).
    if (!(ro.finished && performance.now() - (el.milestoneAt ?? -Infinity) < 2000)) el.announce();
    el.describeFigure();
  } else if (performance.now() - (el.lastDescribe ?? 0) > 1500) el.describeFigure();
  el.milestones(ro);
  if (full) el.syncUrl();
  el.dispatchEvent(new CustomEvent("step", { detail: { t: el.state.runs[0].steps, finished: el.state.finished } }));
}
