// Pointers on <downhill-widget>'s landscape and data panel.
//
// A mouse or a pen acts anywhere: a click or a drag sets the start, a click on the data panel adds
// a point and a drag moves one (shift-click removes it). A finger scrolls the page, unless it lands
// on something it can move: the start marker or a data point (touch-sized targets), or a lesson's
// question that asks for a point or a sketch. A tap (a finger that did not scroll) sets the start
// or adds a point, as a click does.

/** A finger's target radius, CSS pixels (about 9 mm across). */
const TOUCH_RADIUS = 22;
/** How far a finger may move and still be a tap, CSS pixels. */
const TAP_SLOP = 10;

/** Binds the landscape's and the data panel's pointers of widget `el`. */
export function bindPointers(el) {
  const fg = el.$(".fg");
  const dc = el.$(".datac");
  const at = (canvas, p) => {
    const r = canvas.getBoundingClientRect();
    return [p.clientX - r.left, p.clientY - r.top];
  };
  // Where the pointer is, to the precision a pixel shows (the next pixel's value tells it), so a
  // dragged start is written `start=-1.53,6.87`, not with seventeen digits.
  const toPixel = (what, canvas, e) => {
    const [x, y] = at(canvas, e);
    const p = el.w.hit(what, x, y);
    const next = el.w.hit(what, x + 1, y + 1);
    if (p.length !== 2 || next.length !== 2) return p;
    return p.map((v, k) => {
      const step = Math.abs(next[k] - v);
      const digits = step > 0 ? Math.min(15, Math.max(0, Math.ceil(-Math.log10(step)))) : 15;
      return Number(v.toFixed(digits));
    });
  };
  const land = (e) => toPixel("landscape", fg, e);
  const onStart = (x, y) => el.w.hit("start", x, y, TOUCH_RADIUS).length === 2;
  const onPoint = (x, y, radius) => el.w.hit("point", x, y, radius)[0] ?? -1;
  // A finger keeps the page's scrolling unless the touch begins on what it can move (the only
  // way to stop a scroll is at touchstart; touch-action cannot change during a gesture).
  const claim = (canvas, takes) =>
    canvas.addEventListener("touchstart", (e) => {
      if (e.touches.length !== 1 || !el.w) return;
      if (takes(...at(canvas, e.touches[0]))) e.preventDefault();
    }, { passive: false });
  claim(fg, (x, y) => el.lesson?.takesPointer() || onStart(x, y));
  claim(dc, (x, y) => onPoint(x, y, TOUCH_RADIUS) >= 0);

  // A finger that may turn out to be a tap: where it went down; dropped once it moves or scrolls.
  let tap = null;
  const maybeTap = (e) => (tap = { id: e.pointerId, x: e.clientX, y: e.clientY });
  const moved = (e) => {
    if (tap && tap.id === e.pointerId && Math.hypot(e.clientX - tap.x, e.clientY - tap.y) > TAP_SLOP) tap = null;
  };
  const tapped = (e) => {
    const t = tap && tap.id === e.pointerId;
    tap = null;
    return t;
  };

  // ---- the landscape: the start point ---------------------------------------------------------
  fg.addEventListener("pointerdown", (e) => {
    // A lesson's point or sketch question: the landscape takes the prediction.
    if (el.lesson?.takesPointer()) {
      const p = land(e);
      if (p.length !== 2) return;
      fg.setPointerCapture(e.pointerId);
      el.lessonDrag = true;
      el.lesson.pointerDown(p);
      e.preventDefault();
      return;
    }
    const [x, y] = at(fg, e);
    if (e.pointerType === "touch") {
      if (!onStart(x, y)) return maybeTap(e);
      // On the marker: it follows the finger from where it is.
      fg.setPointerCapture(e.pointerId);
      el.dragStart = true;
      el.pause();
      e.preventDefault();
      return;
    }
    // Figure 6.4: a click on a marked critical point loads exactly that point.
    const crit = el.w.hit("critical", x, y, 10);
    const p = crit.length === 2 ? crit : land(e);
    if (p.length !== 2) return;
    fg.setPointerCapture(e.pointerId);
    el.dragStart = true;
    el.pendingStart = p;
    // A marked point is loaded as it is; a place the pointer chose is rounded by the core to
    // what the view shows.
    el.pendingExact = crit.length === 2;
    el.pause();
    el.schedule();
    e.preventDefault();
  });
  fg.addEventListener("pointermove", (e) => {
    moved(e);
    const p = land(e);
    el.hover(p);
    if (el.lessonDrag) return el.lesson.pointerMove(p);
    if (el.dragStart && p.length === 2) {
      el.pendingStart = p;
      el.pendingExact = false;
      el.schedule();
    }
  });
  const endDrag = () => {
    if (el.lessonDrag) {
      el.lessonDrag = false;
      el.lesson.pointerUp();
    }
    if (el.dragStart) {
      el.dragStart = false;
      // The last position first: the views that follow (the lesson's among them) see it.
      el.flushStart();
      el.afterChange({});
    }
  };
  fg.addEventListener("pointerup", (e) => {
    if (tapped(e)) {
      const [x, y] = at(fg, e);
      const crit = el.w.hit("critical", x, y, TOUCH_RADIUS);
      const p = crit.length === 2 ? crit : land(e);
      if (p.length === 2) el.change(() => el.edit({ kind: crit.length === 2 ? "start" : "place", phi0: p[0], phi1: p[1] }));
    }
    endDrag();
  });
  fg.addEventListener("pointercancel", (e) => {
    tapped(e);
    endDrag();
  });
  fg.addEventListener("pointerleave", () => el.hover([]));

  // ---- the data panel: drag a point, add one, shift-click to remove ----------------------------
  const addPoint = (xy) => {
    const added = el.edit({ kind: "add_point", x: xy[0], y: xy[1] });
    if (typeof added === "number") el.afterChange({});
    return added;
  };
  dc.addEventListener("pointerdown", (e) => {
    const [x, y] = at(dc, e);
    const touch = e.pointerType === "touch";
    const i = onPoint(x, y, touch ? TOUCH_RADIUS : 12);
    const xy = toPixel("data", dc, e);
    if (xy.length !== 2) return;
    if (touch && i < 0) return maybeTap(e);
    el.pause();
    if (i >= 0 && e.shiftKey) {
      el.change(() => el.edit({ kind: "remove_point", i }));
      return;
    }
    el.w.configure({ dragging: true });
    if (i >= 0) {
      el.dragPoint = i;
    } else {
      const added = addPoint(xy);
      if (typeof added !== "number") return;
      el.dragPoint = added;
    }
    dc.setPointerCapture(e.pointerId);
    e.preventDefault();
  });
  dc.addEventListener("pointermove", (e) => {
    moved(e);
    if (el.dragPoint < 0) return;
    const xy = toPixel("data", dc, e);
    if (xy.length === 2) {
      el.pendingPoint = [el.dragPoint, xy[0], xy[1]];
      el.schedule();
    }
  });
  const endPoint = () => {
    el.w.configure({ dragging: false });
    if (el.dragPoint >= 0) {
      el.dragPoint = -1;
      el.afterChange({});
    }
  };
  dc.addEventListener("pointerup", (e) => {
    if (tapped(e)) {
      const xy = toPixel("data", dc, e);
      if (xy.length === 2) {
        el.pause();
        addPoint(xy);
      }
    }
    endPoint();
  });
  dc.addEventListener("pointercancel", (e) => {
    tapped(e);
    endPoint();
  });

  // ---- figure 6.1b's surface (view3d=1): a drag turns it ------------------------------------
  const lc = el.$(".lossc");
  let turning = null;
  lc.addEventListener("pointerenter", () => (lc.style.cursor = el.ui?.view3d ? "grab" : ""));
  lc.addEventListener("pointerdown", (e) => {
    if (!el.w || !el.ui.view3d) return;
    turning = { id: e.pointerId, x: e.clientX, y: e.clientY };
    lc.setPointerCapture?.(e.pointerId);
  });
  lc.addEventListener("pointermove", (e) => {
    if (!turning || turning.id !== e.pointerId) return;
    const dx = e.clientX - turning.x;
    const dy = e.clientY - turning.y;
    Object.assign(turning, { x: e.clientX, y: e.clientY });
    el.guard(() => el.edit({ kind: "turn", dx, dy }));
    el.schedule();
  });
  // The link keeps the turn (turn=yaw,pitch): written once the drag ends.
  for (const end of ["pointerup", "pointercancel"]) {
    lc.addEventListener(end, () => {
      if (turning && el.w) el.afterChange({});
      turning = null;
    });
  }
  // The keyboard's drag: on the focused surface each arrow turns it by 5° (a 15-pixel drag).
  const TURN = { ArrowLeft: [-15, 0], ArrowRight: [15, 0], ArrowUp: [0, -15], ArrowDown: [0, 15] };
  lc.addEventListener("keydown", (e) => {
    const d = TURN[e.key];
    if (!d || !el.w || !el.ui?.view3d || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    el.guard(() => el.edit({ kind: "turn", dx: d[0], dy: d[1] }));
    el.afterChange({});
  });
}
