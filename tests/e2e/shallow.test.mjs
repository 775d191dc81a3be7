// The ten-parameter network of Problem 6.5 in the page: its presets, slices of its landscape,
// the inspector's ten parameters and Hessian spectrum, the data panel, a start dragged within a
// slice, and a link whose start has the wrong number of values.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { ROOT, harness, settled } from "./lib.mjs";

const h = harness({ before, after });
const CLI = join(ROOT, "target/debug/downhill");

/** Waits until every run of the first widget has finished. */
const finished = (page) =>
  page.waitForFunction(() => document.querySelector("downhill-widget").widget.view("readout").finished, null, { timeout: 30000 });

test("shallow-slices plays itself, ends on the path's principal plane, and tells its caption's numbers", async () => {
  const { page, messages } = await h.widgetPage("preset=shallow-slices");
  await finished(page);
  // The plane is re-chosen at the end: the whole path's principal directions, through its end.
  await page.waitForFunction(() => document.querySelector("downhill-widget").widget.view("inspector").slice.at_step === 300);
  const d = await page.evaluate(() => document.querySelector("downhill-widget").widget.view("inspector"));
  assert.equal(d.names.length, 10);
  assert.deepEqual(d.names.slice(0, 5), ["φ0", "φ1", "φ2", "φ3", "θ10"]);
  assert.equal(d.slice.used, "pca");
  assert.ok(d.slice.explained[0] + d.slice.explained[1] > 0.9, JSON.stringify(d.slice));
  assert.equal(d.slice.off_plane[0], 0, "the plane goes through the run's end");
  assert.equal(d.eigenvalues.length, 10);
  // The caption quotes the claim's numbers (tests/captions.rs checks the claim itself).
  const caption = await page.locator("downhill-widget .caption").textContent();
  assert.match(caption, /explain 99\.8% of its variance/);
  // The inspector: ten named rows, the spectrum's ten bars, Problem 6.11's line, the slice note.
  const insp = await page.locator("downhill-widget .insp").textContent();
  for (const n of ["θ31", "‖∇L‖", "a million parameters", "stationary points of this slice"]) assert.ok(insp.includes(n), n);
  assert.equal(await page.locator("downhill-widget .spectrum span").count(), 10);
  await settled(page);
  await h.shot(page, "shallow-slices-pca");
  // A screen reader hears a slice, and its minima as the slice's.
  await page.evaluate(() => document.querySelector("downhill-widget").describeFigure());
  assert.match(await page.locator("downhill-widget .fg").getAttribute("aria-label"), /a 2-D slice of the loss, u from/);
  // The same run on a random plane through the same end: most of the path is off the plane.
  await page.locator('downhill-widget [data-ctl="slice"]').selectOption("random");
  const r = await page.evaluate(() => document.querySelector("downhill-widget").widget.view("inspector").slice);
  assert.equal(r.used, "random");
  assert.ok(r.max_off_plane[0] > r.in_plane[0], JSON.stringify(r));
  assert.match(await page.evaluate(() => document.querySelector("downhill-widget").widget.query()), /slice=random/);
  await settled(page);
  await h.shot(page, "shallow-slices-random");
  assert.deepEqual(messages, []);
  await page.close();
});

test("the shallow race on a phone: data panel, trace equal to the CLI, every slice kind draws", async () => {
  const { page, messages } = await h.widgetPage("preset=shallow-race", { width: 390, height: 844 });
  await page.evaluate(() => document.querySelector("downhill-widget").widget.step(100000));
  const trace = await page.evaluate(() => document.querySelector("downhill-widget").trace());
  assert.equal(trace, execFileSync(CLI, ["trace", "preset=shallow-race"], { encoding: "utf8", maxBuffer: 64 << 20 }));
  assert.equal(JSON.parse(trace.split("\n")[0]).phi.length, 10);
  await settled(page);
  await h.shot(page, "shallow-race-phone");
  for (const slice of ["pca", "hessian", "phi1,phi2", "random"]) {
    await page.locator('downhill-widget [data-ctl="slice"]').selectOption(slice);
    await page.waitForFunction(() => ((e) => e.widget && !e.landscapePending)(document.querySelector("downhill-widget")));
    const s = await page.evaluate(() => document.querySelector("downhill-widget").widget.view("inspector").slice);
    assert.equal(s.used, slice);
  }
  assert.deepEqual(messages, []);
  await page.close();
});

test("dragging the start on a slice moves it within the plane; the plane stays", async () => {
  const { page, messages } = await h.widgetPage("scene=shallow&opt=adam&alpha=0.02&steps=50");
  await settled(page);
  const before = await page.evaluate(() => {
    const w = document.querySelector("downhill-widget").widget;
    return { start: w.view("state").runs[0].start, plane: w.test("plane", 0) };
  });
  const box = await page.locator("downhill-widget .fg").boundingBox();
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.72, box.y + box.height * 0.32);
  await page.mouse.up();
  await page.waitForTimeout(200);
  const after = await page.evaluate(() => {
    const w = document.querySelector("downhill-widget").widget;
    return { start: w.view("state").runs[0].start, plane: w.test("plane", 0), query: w.query(), tip: "" };
  });
  assert.equal(after.start.length, 10);
  assert.notDeepEqual(after.start, before.start);
  assert.deepEqual(after.plane, before.plane);
  // The new start lies on the plane: start - centre is a combination of the two directions.
  assert.match(after.query, /start=(-?[\d.e-]+,){9}-?[\d.e-]+/);
  // Hovering reads the slice's own coordinates.
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
  assert.match(await page.locator("downhill-widget .tip").textContent(), /^\(u, v\) = /);
  assert.deepEqual(messages, []);
  await page.close();
});

test("dragging a data point of the network's data re-fits and re-samples the slice", async () => {
  const { page, messages } = await h.widgetPage("preset=shallow-adam");
  await settled(page);
  const before = await page.evaluate(() => document.querySelector("downhill-widget").widget.test("data", 0));
  const box = await page.locator("downhill-widget .datac").boundingBox();
  // The first data point, found through the core's own hit test.
  const at = await page.evaluate(({ w, h }) => {
    const wd = document.querySelector("downhill-widget").widget;
    for (let y = 0; y < h; y += 2) for (let x = 0; x < w; x += 2) {
      const hit = wd.hit("point", x, y, 3);
      if (hit.length === 1) return [x, y, hit[0]];
    }
    return null;
  }, { w: box.width, h: box.height });
  assert.ok(at, "a data point on the data panel");
  await page.mouse.move(box.x + at[0], box.y + at[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + at[0], box.y + at[1] - 30, { steps: 5 });
  await page.mouse.up();
  await page.waitForTimeout(300);
  const after = await page.evaluate(() => document.querySelector("downhill-widget").widget.test("data", 0));
  assert.equal(after.length, before.length);
  assert.ok(after[2 * at[2] + 1] > before[2 * at[2] + 1], "the point moved up");
  assert.match(await page.evaluate(() => document.querySelector("downhill-widget").widget.query()), /data=/);
  await settled(page);
  assert.deepEqual(messages, []);
  await page.close();
});

test("a start with two numbers on the ten-parameter scene is refused by name, and the widget still runs", async () => {
  const { page, messages } = await h.widgetPage("scene=shallow&start=1,2&steps=5");
  const msg = await page.locator("downhill-widget .msg").textContent();
  assert.match(msg, /needs 10 numbers, φ0, φ1, φ2, φ3, θ10, θ11, θ20, θ21, θ30, θ31 in that order/);
  const steps = await page.evaluate(() => {
    const w = document.querySelector("downhill-widget").widget;
    w.step(5);
    return w.view("readout").runs[0].steps;
  });
  assert.equal(steps, 5);
  assert.deepEqual(messages, []);
  await page.close();
});

test("problem6.5 in Chinese: the caption and the slice controls speak the page's language", async () => {
  const { page, messages } = await h.widgetPage("preset=problem6.5&lang=zh");
  await page.locator("downhill-widget .caption").filter({ hasText: "问题 6.5" }).waitFor();
  assert.match(await page.locator('downhill-widget [data-ctl="slice"] option[value="pca"]').textContent(), /主方向/);
  await settled(page);
  await h.shot(page, "shallow-problem6.5-zh");
  assert.deepEqual(messages, []);
  await page.close();
});

// A followed plane changes every ten steps: its landscape is made over frames while the runs
// play. The runs must be drawn from the first frame, and the landscape must follow them while
// they play (not only once they stop).
test("a followed Hessian plane at speed 100: runs drawn at once, the landscape follows while they play", async () => {
  const { page, messages } = await h.widgetPage("scene=shallow&follow=1&slice=hessian&speed=100&steps=1000&autoplay=1&run=adam;alpha=0.02&run=rmsprop;alpha=0.01&run=momentum;alpha=0.0005");
  const samples = await page.evaluate(async () => {
    const el = document.querySelector("downhill-widget");
    // Whether a canvas has anything drawn in its middle.
    const scratch = document.createElement("canvas").getContext("2d", { willReadFrequently: true });
    const inked = (sel) => {
      const c = el.shadowRoot.querySelector(sel);
      scratch.canvas.width = c.width / 2;
      scratch.canvas.height = c.height / 2;
      scratch.drawImage(c, c.width / 4, c.height / 4, c.width / 2, c.height / 2, 0, 0, c.width / 2, c.height / 2);
      const d = scratch.getImageData(0, 0, c.width / 2, c.height / 2).data;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) return true;
      return false;
    };
    const out = [];
    for (let k = 0; k < 100 && !el.widget.view("readout").finished; k++) {
      await new Promise((r) => requestAnimationFrame(r));
      out.push({ steps: el.widget.view("readout").runs[0].steps, playing: el.playing, land: inked(".bg"), data: inked(".datac"), planeAt: el.widget.view("inspector").slice.at_step });
    }
    return out;
  });
  const moving = samples.filter((s) => s.playing && s.steps > 0 && s.steps < 1000);
  assert.ok(moving.length > 5, `${moving.length} frames while playing`);
  assert.ok(moving.every((s) => s.data), "the data panel is drawn every frame");
  assert.ok(moving.some((s) => s.land && s.planeAt > 20), "a landscape of a plane chosen during the run is on screen while it plays");
  assert.deepEqual(messages, []);
  await page.close();
});
