// End-to-end tests of the served page in Debian's Chromium, and the page benchmark.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ARTIFACTS, ROOT, harness, launch, open, ready, settled } from "./lib.mjs";

const CLI = join(ROOT, "target/debug/downhill");
const h = harness({ before, after });
const { shot, widgetPage } = h;
const cli = (q) => execFileSync(CLI, ["trace", q], { encoding: "utf8", maxBuffer: 64 << 20 });

const OPTIMIZER_QUERIES = [
  "scene=linear&opt=gd&alpha=0.01&steps=30",
  "scene=gabor&opt=sgd&alpha=0.8&batch=5&start=3.5,6.5&steps=41&seed=5",
  "preset=linear-linesearch",
  "scene=gabor&opt=momentum&alpha=0.6&beta=0.6&batch=5&start=-1.5,6.5&steps=81",
  "scene=gabor&opt=nesterov&alpha=0.6&beta=0.6&batch=5&start=-1.5,6.5&steps=81",
  "preset=bowl-normalized",
  "preset=bowl-adam",
  "scene=bowl&opt=adagrad&alpha=0.1&steps=60",
  "scene=bowl&opt=rmsprop&alpha=0.01&gamma=0.9&steps=60",
  "scene=himmelblau&opt=adadelta&steps=60",
  "scene=bowl&opt=adamw&alpha=0.05&wd=0.1&steps=60",
  "scene=rosenbrock&opt=nadam&alpha=0.05&steps=80",
  "scene=logistic&opt=radam&alpha=0.05&steps=80&batch=4",
  "scene=himmelblau&opt=newton&start=-0.5,-0.5&steps=10",
  "scene=gabor&opt=svrg&alpha=0.05&batch=6&steps=30&reduce=mean",
];

test("every optimizer: the page's trace() equals downhill trace, bit for bit", async () => {
  const { page, messages } = await widgetPage("scene=gabor");
  for (const q of OPTIMIZER_QUERIES) {
    const got = await page.evaluate((q) => {
      const w = document.querySelector("downhill-widget");
      w.load(q);
      while (!w.widget.view("readout").finished) w.step(25);
      return w.trace();
    }, q);
    assert.equal(got, cli(q), q);
  }
  assert.deepEqual(messages, []);
  await page.close();
});

test("Play runs a preset to its end by animation frames, and the live region says so", async () => {
  const { page, messages } = await widgetPage("preset=gabor-momentum&speed=4");
  await shot(page, "gabor-momentum-start");
  await page.locator('downhill-widget [data-act="play"]').click();
  await page.waitForFunction(() => document.querySelector("downhill-widget").widget.view("readout").finished, null, { timeout: 20000 });
  const live = await page.locator('downhill-widget [data-out="live"]').textContent();
  assert.match(live, /Run 1, sgd, finished at step 120: run 1, sgd, at step 120, loss 0\.748, in the global valley/);
  const trace = await page.evaluate(() => document.querySelector("downhill-widget").trace());
  assert.equal(trace, cli("preset=gabor-momentum"));
  await shot(page, "gabor-momentum-end");
  assert.deepEqual(messages, []);
  await page.close();
});

test("each run's status line stays written after an edit (a slider, Add run, New seed, Reset)", async () => {
  const { page, messages } = await widgetPage("scene=gabor&steps=50&starts=3");
  const lines = () => page.evaluate(() => [...document.querySelector("downhill-widget").shadowRoot.querySelectorAll("[data-status]")].map((e) => e.textContent));
  const written = async (after) => {
    const all = await lines();
    assert.ok(all.length >= 3 && all.every((t) => /t = \d+\/\d+ · L = /.test(t)), `${after}: ${JSON.stringify(all)}`);
  };
  await written("opened");
  await page.locator('downhill-widget [data-run="1"] input[type="range"]').first().press("ArrowRight");
  await written("a slider");
  await page.locator("downhill-widget .runs .bar button").click();
  await written("Add run");
  await page.locator('downhill-widget [data-act="newseed"]').click();
  await written("New seed");
  await page.locator('downhill-widget [data-act="reset"]').click();
  await written("Reset");
  assert.deepEqual(messages, []);
  await page.close();
});

test("autoplay=1 starts on load; steps= is where play pauses", async () => {
  const { page } = await widgetPage("scene=bowl&opt=adam&steps=30&autoplay=1&speed=3");
  await page.waitForFunction(() => document.querySelector("downhill-widget").widget.view("readout").finished, null, { timeout: 20000 });
  const steps = await page.evaluate(() => document.querySelector("downhill-widget").widget.view("state").runs[0].steps);
  assert.equal(steps, 30);
  await page.close();
});

test("clicking and dragging on the landscape moves the start point and rewrites the URL", async () => {
  const { page } = await widgetPage("scene=linear&opt=gd&alpha=0.01&steps=20");
  const fg = page.locator("downhill-widget canvas.fg");
  const box = await fg.boundingBox();
  // Count the address-bar writes: one when the drag settles, never one per frame.
  await page.evaluate(() => {
    window.__writes = 0;
    const replace = history.replaceState.bind(history);
    history.replaceState = (...a) => { window.__writes++; return replace(...a); };
  });
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.7, { steps: 30 });
  await page.mouse.up();
  await page.waitForTimeout(400);
  assert.equal(await page.evaluate(() => window.__writes), 1, "one URL write for a 30-move drag");
  const { start, url, query } = await page.evaluate(() => {
    const w = document.querySelector("downhill-widget");
    return { start: w.widget.view("state").runs[0].start, url: location.search, query: w.query };
  });
  assert.ok(start[0] > 0.9 && start[0] < 1.5, `phi0 ${start}`);
  assert.ok(start[1] > -0.6 && start[1] < 0.0, `phi1 ${start}`);
  assert.equal(decodeURIComponent(url.slice(1)), query);
  assert.match(query, /start=/);
  await shot(page, "drag-start");
  await page.close();
});

test("dragging a data point re-samples the landscape and moves the minimum", async () => {
  const { page } = await widgetPage("scene=linear&opt=linesearch&steps=10");
  await settled(page);
  const before = await page.evaluate(() => document.querySelector("downhill-widget").widget.test("critical", 0)[0].phi);
  const dc = page.locator("downhill-widget canvas.datac");
  const box = await dc.boundingBox();
  const p = await page.evaluate(() => {
    const w = document.querySelector("downhill-widget").widget;
    // Find the CSS position of point 11 (x = 1.9, y = 1.6) by scanning for it.
    const c = document.querySelector("downhill-widget").shadowRoot.querySelector(".datac");
    const r = c.getBoundingClientRect();
    for (let y = 0; y < r.height; y += 2) for (let x = 0; x < r.width; x += 2) if (w.hit("point", x, y, 3)[0] === 11) return [x, y];
    return null;
  });
  assert.ok(p, "data point 11 is on the canvas");
  await page.mouse.move(box.x + p[0], box.y + p[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + p[0], box.y + box.height * 0.08, { steps: 6 });
  await page.mouse.up();
  await page.waitForTimeout(100);
  await settled(page);
  const after = await page.evaluate(() => {
    const w = document.querySelector("downhill-widget").widget;
    return { min: w.test("critical", 0)[0].phi, data: w.test("data", 0) };
  });
  assert.ok(after.data[23] > 1.8, `y of point 11 is now ${after.data[23]}`);
  // "Book's data" appears once the data differ from the book's, and restores them.
  const restore = page.locator('downhill-widget [data-act="resetdata"]');
  assert.equal(await restore.isVisible(), true);
  assert.ok(after.min[1] > before[1], "a higher last point steepens the best line");
  await shot(page, "drag-data");
  await restore.click();
  assert.doesNotMatch(await page.evaluate(() => document.querySelector("downhill-widget").query), /data=/);
  await page.close();
});

test("copy link round trip reproduces the state", async () => {
  const { page } = await widgetPage("scene=gabor&batch=5&alpha=0.6&beta=0.6&start=-1.5,6.5&steps=30&run=sgd&run=momentum;beta=0.8&seed=77");
  await page.evaluate(() => document.querySelector("downhill-widget").step(30));
  await page.locator('downhill-widget [data-act="share"]').click();
  await page.locator('downhill-widget [data-act="copylink"]').click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const first = await page.evaluate(() => document.querySelector("downhill-widget").trace());
  await shot(page, "share-panel");
  const second = await h.browser.context.newPage();
  await second.goto(link);
  await ready(second);
  const again = await second.evaluate(() => {
    const w = document.querySelector("downhill-widget");
    w.step(30);
    return w.trace();
  });
  assert.equal(again, first);
  const snippet = await page.locator('downhill-widget [data-out="snippet"]').inputValue();
  assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/index\.html\?.*embed=1" /);
  await page.close();
  await second.close();
});

test("three widgets on one page run independently", async () => {
  const { page, messages } = await open(h.browser.context, `${h.srv.base}tests/e2e/three.html`);
  for (const id of ["a", "b", "c"]) await ready(page, `#${id}`);
  const steps = await page.evaluate(() => {
    document.querySelector("#b").step(12);
    return ["a", "b", "c"].map((id) => document.querySelector(`#${id}`).widget.view("state").runs[0].steps);
  });
  assert.deepEqual(steps, [0, 12, 0]);
  const traces = await page.evaluate(() => {
    for (const id of ["a", "c"]) document.querySelector(`#${id}`).step(1000);
    return ["a", "c"].map((id) => document.querySelector(`#${id}`).trace());
  });
  assert.equal(traces[0], cli("preset=gabor-sgd"));
  assert.equal(traces[1], cli("preset=linear-linesearch"));
  // Removing a widget stops it and frees its handle; the others keep working.
  await page.evaluate(() => document.querySelector("#a").remove());
  const still = await page.evaluate(() => { const c = document.querySelector("#c"); c.reset(); c.step(3); return c.widget.view("state").runs[0].steps; });
  assert.equal(still, 3);
  assert.deepEqual(messages, []);
  await shot(page, "three-widgets");
  await page.close();
});

test("the iframe snippet works inside a course page", async () => {
  const { page, messages } = await open(h.browser.context, `${h.srv.base}tests/e2e/iframe.html`);
  const frame = page.frameLocator("iframe");
  await frame.locator("downhill-widget canvas.fg").waitFor();
  const f = page.frames().find((x) => x.url().includes("index.html"));
  await f.waitForFunction(() => document.querySelector("downhill-widget")?.widget);
  // Embedded, the header is for screen readers only: a 1-pixel box.
  assert.ok((await frame.locator("header").boundingBox()).width <= 1);
  await frame.locator('downhill-widget [data-act="play"]').click();
  await f.waitForFunction(() => document.querySelector("downhill-widget").widget.view("readout").finished, null, { timeout: 30000 });
  assert.deepEqual(messages, []);
  await shot(page, "iframe-course-page");
  await page.close();
});

test("embed=1 and hide= hide what they say", async () => {
  const { page } = await widgetPage("preset=bowl-race&embed=1&hide=runs,inspector,share,seed");
  assert.ok((await page.locator("header").boundingBox()).width <= 1);
  for (const part of ["runs", "inspector", "share", "seed"]) {
    assert.equal(await page.locator(`downhill-widget [data-part="${part}"]`).first().isVisible(), false, part);
  }
  assert.equal(await page.locator('downhill-widget [data-part="play"]').isVisible(), true);
  await shot(page, "embed-hide");
  await page.close();
});

test("lang=zh shows the Chinese strings", async () => {
  const { page } = await widgetPage("preset=gabor-sgd&lang=zh");
  const play = await page.locator('downhill-widget [data-act="play"]').textContent();
  assert.match(play, /播放/);
  assert.match(await page.locator("downhill-widget").evaluate((el) => el.shadowRoot.textContent), /学习率/);
  await shot(page, "lang-zh");
  await page.close();
});

test("a 360-px phone lays out without horizontal scrolling", async () => {
  const { page, messages } = await widgetPage("preset=gabor-momentum", { width: 360, height: 740 });
  await page.evaluate(() => document.querySelector("downhill-widget").step(40));
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.scrollingElement.scrollWidth,
    client: document.scrollingElement.clientWidth,
  }));
  assert.ok(scroll <= client, `scrollWidth ${scroll} > ${client}`);
  const land = await page.locator("downhill-widget canvas.fg").boundingBox();
  assert.ok(land.width > 250, `landscape is ${land.width}px wide`);
  // A touch drag on the landscape moves the start and does not scroll the page.
  const y0 = await page.evaluate(() => scrollY);
  const cdp = await h.browser.context.newCDPSession(page);
  const tp = (type, x, y) => cdp.send("Input.dispatchTouchEvent", { type, touchPoints: type === "touchEnd" ? [] : [{ x, y }] });
  await tp("touchStart", land.x + 100, land.y + 100);
  await tp("touchMove", land.x + 140, land.y + 180);
  await tp("touchEnd");
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => scrollY), y0);
  await shot(page, "phone-360");
  assert.deepEqual(messages, []);
  await page.close();
});

test("hostile links show a clear message and keep a working widget", async () => {
  for (const q of ["alpha=NaN&opt=adam&scene=bowl", "steps=999999999", "%zz%&run=warp;alpha=x", "scene=gabor&start=1e400,3&batch=0"]) {
    const { page, messages } = await widgetPage(q);
    const msg = await page.locator('downhill-widget [role="alert"]').first().textContent();
    assert.ok(msg.length > 10, `${q}: ${msg}`);
    const steps = await page.evaluate(() => { const w = document.querySelector("downhill-widget"); w.step(5); return w.widget.view("state").runs[0].steps; });
    assert.equal(steps, 5, q);
    assert.deepEqual(messages, [], q);
    if (q.startsWith("alpha")) await shot(page, "hostile-link");
    await page.close();
  }
});

test("an internal error shows a readable message and the widget restarts from its last good state", async () => {
  const { page } = await widgetPage("preset=gabor-sgd");
  // Free the Rust handle behind the element's back: the next call into wasm throws.
  await page.evaluate(() => { const el = document.querySelector("downhill-widget"); el.widget.free(); try { el.step(1); } catch {} });
  const crash = page.locator("downhill-widget .crash");
  assert.match(await crash.textContent(), /internal error/);
  await shot(page, "crash-message");
  await crash.locator("button").click();
  const steps = await page.evaluate(() => { const el = document.querySelector("downhill-widget"); el.step(3); return el.widget.view("state").runs[0].steps; });
  assert.equal(steps, 3);
  assert.equal(await page.locator("downhill-widget .crash").count(), 0);
  await page.close();
});

test("a diverging learning rate is reported and the last good points stay", async () => {
  const { page } = await widgetPage("scene=rosenbrock&opt=gd&alpha=1&steps=50");
  const st = await page.evaluate(() => { const w = document.querySelector("downhill-widget"); w.step(50); return w.widget.view("state").runs[0]; });
  assert.equal(st.status, "diverged");
  assert.match(st.message, /smaller learning rate/);
  assert.ok(Number.isFinite(st.loss));
  // The reason shows on the run, in the inspector and in the live region.
  const texts = await page.locator("downhill-widget").evaluate((el) => ({
    run: el.shadowRoot.querySelector('[data-status="0"]').textContent,
    inspector: el.shadowRoot.querySelector(".insp table").textContent,
    live: el.shadowRoot.querySelector('[data-out="live"]').textContent,
  }));
  for (const [where, text] of Object.entries(texts)) assert.match(text, /diverged[\s\S]*smaller learning rate/, where);
  await page.close();
});

test("controls are keyboard operable and labelled", async () => {
  const { page } = await widgetPage("scene=bowl&opt=gd&steps=5");
  await page.locator('downhill-widget [data-act="step"]').focus();
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.querySelector("downhill-widget").widget.view("state").runs[0].steps), 1);
  await page.locator("downhill-widget canvas.fg").focus();
  const before = await page.evaluate(() => document.querySelector("downhill-widget").widget.view("state").runs[0].start);
  await page.keyboard.press("ArrowRight");
  const after = await page.evaluate(() => document.querySelector("downhill-widget").widget.view("state").runs[0].start);
  assert.ok(after[0] > before[0]);
  const unlabeled = await page.locator("downhill-widget").evaluate((el) =>
    [...el.shadowRoot.querySelectorAll("input, select")].filter((i) => !i.closest("label") && !i.getAttribute("aria-label")).length);
  assert.equal(unlabeled, 0);
  await page.close();
});

test("page benchmark (measured, not asserted)", async () => {
  const loaded = new Map();
  const page = await h.browser.context.newPage();
  page.on("response", async (r) => {
    try {
      const body = await r.body();
      loaded.set(r.url(), body);
    } catch {}
  });
  await page.goto(`${h.srv.base}index.html?scene=gabor&batch=5&alpha=0.6&beta=0.6&start=-1.5,6.5&steps=400&run=sgd&run=momentum&run=nesterov&run=adam;alpha=0.05`);
  await ready(page);
  await page.waitForFunction(() => performance.getEntriesByName("downhill:first-draw").length);
  const firstDraw = await page.evaluate(() => performance.getEntriesByName("downhill:first-draw")[0].startTime);
  const gz = [...loaded.values()].reduce((s, b) => s + gzipSync(b, { level: 9 }).length, 0);
  const bench = await page.evaluate(() => {
    const el = document.querySelector("downhill-widget");
    const w = el.widget;
    const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const frames = [];
    for (let i = 0; i < 300; i++) {
      const t0 = performance.now();
      el.step(1);
      frames.push(performance.now() - t0);
    }
    // Gabor 256x256: wasm against a straight plain-JS loop of eq. 6.8-6.9.
    const d = w.test("data", 0);
    const X = d.filter((_, i) => i % 2 === 0), Y = d.filter((_, i) => i % 2 === 1);
    const js = (n) => {
      const out = new Float64Array(n * n);
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) {
        const p0 = -10 + (c + 0.5) / n * 20, p1 = 22.5 - (r + 0.5) / n * 20;
        let s = 0;
        for (let i = 0; i < X.length; i++) {
          const u = p0 + 0.06 * p1 * X[i];
          const f = Math.sin(u) * Math.exp(-u * u / 32);
          s += (f - Y[i]) * (f - Y[i]);
        }
        out[r * n + c] = s;
      }
      return out;
    };
    // The wasm grid and a plain-JS one, alternately `k` times: their median times and last grids.
    const versus = (jsGrid, k) => {
      const tw = [], tj = [];
      let gw, gj;
      for (let i = 0; i < k; i++) {
        let t0 = performance.now(); gw = w.test("grid", 256); tw.push(performance.now() - t0);
        t0 = performance.now(); gj = jsGrid(256); tj.push(performance.now() - t0);
      }
      return { wasm: median(tw), js: median(tj), gw, gj };
    };
    const { wasm, js: jsTime, gw, gj } = versus(js, 9);
    let lo = Infinity, hi = -Infinity, maxLevel = 0;
    for (const v of gj) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    for (let i = 0; i < gj.length; i++) {
      const a = Math.round((gw[i] - lo) / (hi - lo) * 255), b = Math.round((gj[i] - lo) / (hi - lo) * 255);
      maxLevel = Math.max(maxLevel, Math.abs(a - b));
    }
    // Landscape re-sample inside the widget (sampling + contours + colours), and a data drag.
    const drags = [];
    el.load("scene=gabor&opt=sgd&batch=5&steps=50");
    w.configure({ dragging: true });
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      w.edit({ kind: "move_point", i: 0, x: -1.92 + 0.05 * i, y: -1.0 + 0.02 * i });
      w.draw();
      drags.push(performance.now() - t0);
    }
    const resample = w.test("resample", 0)[0];
    w.configure({ dragging: false });
    // The per-frame boundary calls with six runs: the readout and the inspector.
    el.load("preset=fig6.5");
    el.step(40);
    // Mean over 500 calls: one call is below the 0.1 ms timer resolution.
    const per = (f) => {
      const t0 = performance.now();
      for (let i = 0; i < 500; i++) f();
      return (performance.now() - t0) / 500;
    };
    const calls = { readout: per(() => w.view("readout")), inspector: per(() => w.view("inspector")), state: per(() => w.view("state")) };
    const parts = w.test("parts", 256);
    // The ten-parameter network: four racing runs' frames, and a 256x256 slice against a
    // plain-JS loop of the same loss on the same plane (eq. 3.1 and 6.5).
    el.load("preset=shallow-race");
    const shallowFrames = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      el.step(1);
      shallowFrames.push(performance.now() - t0);
    }
    const sd = w.test("data", 0);
    const SX = sd.filter((_, i) => i % 2 === 0), SY = sd.filter((_, i) => i % 2 === 1);
    const pl = w.test("plane", 0);
    const view = w.view("describe");
    const sliceJs = (n) => {
      const out = new Float64Array(n * n);
      const p = new Float64Array(10);
      const [u0, u1] = view.phi0, [v0, v1] = view.phi1;
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) {
        const u = u0 + (c + 0.5) / n * (u1 - u0), v = v1 - (r + 0.5) / n * (v1 - v0);
        for (let k = 0; k < 10; k++) p[k] = pl[k] + u * pl[10 + k] + v * pl[20 + k];
        let s = 0;
        for (let i = 0; i < SX.length; i++) {
          let f = p[0];
          for (let k = 1; k <= 3; k++) {
            const z = p[2 + 2 * k] + p[3 + 2 * k] * SX[i];
            if (z > 0) f += p[k] * z;
          }
          s += (f - SY[i]) * (f - SY[i]);
        }
        out[r * n + c] = s;
      }
      return out;
    };
    const sv = versus(sliceJs, 7);
    const [gsw, gsj] = [sv.gw, sv.gj];
    let sliceDiff = 0;
    for (let i = 0; i < gsj.length; i++) sliceDiff = Math.max(sliceDiff, Math.abs(gsw[i] - gsj[i]) / Math.max(1, Math.abs(gsj[i])));
    return {
      calls,
      shallow: { frame: median(shallowFrames), frameP90: shallowFrames.slice().sort((a, b) => a - b)[Math.floor(shallowFrames.length * 0.9)], wasm: sv.wasm, js: sv.js, diff: sliceDiff },
      frame: median(frames), frameP90: frames.slice().sort((a, b) => a - b)[Math.floor(frames.length * 0.9)],
      wasm, js: jsTime, maxLevel, resample, drag: median(drags),
      parts,
    };
  });
  const lines = [
    `page benchmark: everything the page loads, gzipped: ${(gz / 1024).toFixed(1)} KB (${loaded.size} files)`,
    `page benchmark: first landscape drawn ${firstDraw.toFixed(0)} ms after navigation`,
    `page benchmark: four racing runs, frame work median ${bench.frame.toFixed(2)} ms (p90 ${bench.frameP90.toFixed(2)} ms)`,
    `page benchmark: Gabor 256x256 loss grid: wasm ${bench.wasm.toFixed(2)} ms, plain JS ${bench.js.toFixed(2)} ms (${(bench.js / bench.wasm).toFixed(2)}x), max colour difference ${bench.maxLevel} of 256 levels`,
    `page benchmark: data-point drag ${bench.drag.toFixed(2)} ms per frame (${(1000 / bench.drag).toFixed(0)} fps possible; half-resolution re-sample ${bench.resample.toFixed(2)} ms of it)`,
    `page benchmark: full Gabor re-sample at 256x256: grid ${bench.parts[0].toFixed(1)} ms, contours ${bench.parts[1].toFixed(1)} ms, critical points ${bench.parts[2].toFixed(1)} ms, colours ${bench.parts[3].toFixed(1)} ms`,
    `page benchmark: shallow network (10 parameters), four racing runs, frame work median ${bench.shallow.frame.toFixed(2)} ms (p90 ${bench.shallow.frameP90.toFixed(2)} ms)`,
    `page benchmark: shallow network 256x256 slice: wasm ${bench.shallow.wasm.toFixed(2)} ms, plain JS ${bench.shallow.js.toFixed(2)} ms (${(bench.shallow.js / bench.shallow.wasm).toFixed(2)}x), largest relative difference ${bench.shallow.diff.toExponential(1)}`,
    `page benchmark: per-frame calls with six runs: readout ${bench.calls.readout.toFixed(3)} ms, inspector ${bench.calls.inspector.toFixed(3)} ms (the full state, sent only after a change: ${bench.calls.state.toFixed(3)} ms)`,
  ];
  for (const l of lines) console.log(l);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, "benchmark.txt"), lines.join("\n") + "\n");
  // What the benchmark measures besides time, asserted: the wasm grids are the plain-JS loss to
  // the colour level and to rounding, and the re-sample's four parts ran. Times are reported
  // above, never asserted (the release build's bytes are the dist test's size budget).
  assert.equal(bench.maxLevel, 0, "the wasm Gabor grid's colours are plain JS's");
  assert.ok(bench.shallow.diff < 1e-12, `the network's slice differs from plain JS by ${bench.shallow.diff}`);
  assert.equal(bench.parts.length, 4);
  assert.ok(bench.parts.every((t) => Number.isFinite(t) && t >= 0));
  await page.close();
});

// Issue 9: the heaviest links a student can be sent. Every long task (> 50 ms) is recorded with a
// PerformanceObserver from navigation on; reported, not asserted (timing belongs in the benchmark).
test("worst-case links of the second hostile-input campaign, each in a fresh browser (measured, not asserted)", async () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pts = Array.from({ length: 200 }, () => `${(30 * rnd() - 15).toFixed(3)},${(2 * rnd() - 1).toFixed(3)}`).join(";");
  const lin = Array.from({ length: 200 }, () => `${(2 * rnd()).toFixed(3)},${(2 * rnd()).toFixed(3)}`).join(";");
  const six = "run=adam;alpha=0.02&run=rmsprop;alpha=0.01&run=linesearch;maxdist=0.2&run=newton;alpha=0.5&run=momentum;alpha=0.0005&run=sgd;alpha=0.001;batch=10";
  const links = [
    // Before: 20-27 tasks of up to 374 ms per 6 s (the curvature grid of each new plane at once).
    ["shallow: PCA slice at the current iterate, followed, curvature colours, six runs", `scene=shallow&slice=pca&center=current&follow=1&curv=1&autoplay=1&speed=100&steps=20000&${six}`],
    ["linear, 200 points, line search maxdist=1e6", `scene=linear&opt=linesearch&maxdist=1e6&steps=1000&autoplay=1&speed=100&data=${lin}`],
    ["Rosenbrock, a huge view, curvature colours", "scene=rosenbrock&view=-1000,1000,-1000,1000&curv=1&autoplay=1&speed=100&steps=5000"],
    // Before: two start-up tasks of about 60 ms (the batch panel sampled all 200 points at once).
    ["gabor, 200 points, every flag", `scene=gabor&data=${pts}&logc=1&logl=1&batchsurf=1&trail=1&arrows=1&curv=1&lr=1&calc=1&opt=momentum&batch=5&autoplay=1&speed=100&steps=5000`],
    ["shallow, an extreme start, Newton", "scene=shallow&opt=newton&start=1000,-1000,1000,-1000,1000,-1000,1000,-1000,1000,-1000&autoplay=1&steps=200"],
  ];
  for (const [name, q] of links) {
    const fresh = await launch();
    const page = await fresh.context.newPage();
    const messages = [];
    page.on("pageerror", (e) => messages.push(e.message));
    await page.addInitScript(() => {
      window.__long = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: "longtask", buffered: true });
    });
    await page.goto(`${h.srv.base}index.html?${q}`);
    await ready(page);
    const start = await page.evaluate(() => window.__long.splice(0));
    await page.waitForTimeout(6000);
    const after = await page.evaluate(() => window.__long);
    const worst = (xs) => Math.max(0, ...xs).toFixed(0);
    console.log(`page benchmark: fresh-browser link "${name}": start-up ${start.length} long tasks (worst ${worst(start)} ms), then ${after.length} over 6 s of play (worst ${worst(after)} ms)`);
    // It played (the frame budget slices the work, it does not stop it), or it stopped saying why.
    const r = await page.evaluate(() => document.querySelector("downhill-widget").widget.view("readout").runs[0]);
    assert.ok(r.steps > 0 || (r.status !== "running" && r.message), `${name}: no step in 6 s and no reason`);
    assert.deepEqual(messages, [], name);
    await fresh.close();
  }
});

test("worst-case links: long tasks on the main thread (measured, not asserted)", async () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pts = Array.from({ length: 200 }, () => `${(30 * rnd() - 15).toFixed(3)},${(2 * rnd() - 1).toFixed(3)}`).join(";");
  const heavy = "run=linesearch&run=linesearch;maxdist=4&run=newton&run=svrg&run=adam&run=linesearch;maxdist=1";
  const links = [
    ["sweep of line search, maxdist 8, 1000 steps", "scene=gabor&opt=linesearch&maxdist=8&steps=1000&sweep=alpha,beta"],
    ["six heavy runs on 200 points at speed=100", `scene=gabor&maxdist=8&steps=1000&speed=100&autoplay=1&data=${pts}&${heavy}`],
    ["sweep on 200 points", `scene=gabor&opt=linesearch&maxdist=1e6&steps=1000&data=${pts}&sweep=alpha,batch`],
    ["hide=play,speed with autoplay", `scene=gabor&opt=linesearch&steps=1000&speed=100&autoplay=1&hide=play,speed&data=${pts}`],
    // The ten-parameter network on 200 points, six runs, its Hessian plane following the run
    // (a fresh plane and landscape every 10 steps).
    ["shallow network: six runs on 200 points, a following Hessian plane, speed=100", `scene=shallow&steps=1000&speed=100&autoplay=1&follow=1&slice=hessian&data=${pts}&run=adam;alpha=0.02&run=rmsprop;alpha=0.01&run=linesearch;maxdist=0.2&run=newton;alpha=0.5&run=momentum;alpha=0.0005&run=sgd;alpha=0.001;batch=10`],
  ];
  for (const [name, q] of links) {
    const page = await h.browser.context.newPage();
    await page.addInitScript(() => {
      window.__long = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: "longtask", buffered: true });
    });
    await page.goto(`${h.srv.base}index.html?${q}`);
    await ready(page);
    const start = await page.evaluate(() => { const s = window.__long.slice(); window.__long = []; return s; });
    const el = page.locator("downhill-widget");
    // The pause control is there whatever hide= says while the widget plays.
    const playVisible = await page.evaluate(() => !document.querySelector("downhill-widget").shadowRoot.querySelector('[data-part="play"]').hidden);
    if (!q.includes("autoplay")) await page.evaluate(() => document.querySelector("downhill-widget").shadowRoot.querySelector('[data-act="play"]').click());
    await page.waitForTimeout(3000);
    const after = await page.evaluate(() => window.__long);
    const sweep = await page.evaluate(() => document.querySelector("downhill-widget").widget.view("sweep"));
    const worst = (xs) => Math.max(0, ...xs).toFixed(0);
    console.log(`page benchmark: worst-case link "${name}": start-up ${worst(start)} ms, then ${after.length} long tasks over 3 s (worst ${worst(after)} ms)${sweep ? `, sweep ${sweep.done} of ${sweep.xs.length * sweep.ys.length} cells after 3 s` : ""}`);
    if (q.includes("hide=play")) assert.ok(playVisible, "the pause control shows while playing");
    // The frame budget slices the work; it never stops it: in 3 s the sweep has cells done or
    // the runs have stepped.
    const steps = await page.evaluate(() => document.querySelector("downhill-widget").widget.view("readout").runs.map((r) => r.steps));
    assert.ok((sweep && sweep.done > 0) || steps.some((t) => t > 0), `${name}: nothing moved in 3 s`);
    await el.evaluate((e) => e.remove());
    await page.close();
  }
});

test("a real Rust panic: the module is instantiated afresh and every widget is rebuilt at its step", async () => {
  const { page, messages } = await open(h.browser.context, `${h.srv.base}tests/e2e/panic.html`);
  for (const id of ["a", "b", "c"]) await ready(page, `#${id}`);
  await page.evaluate(() => {
    document.querySelector("#a").step(7);
    document.querySelector("#b").step(12);
  });
  // A panic inside one widget's call traps the instance all three share.
  await page.evaluate(() => {
    const b = document.querySelector("#b");
    b.guard(() => b.widget.debug_panic());
  });
  await page.waitForFunction(() => document.querySelector("#c").shadowRoot.querySelector(".msg:not([hidden])"), null, { timeout: 20000 });
  const after = await page.evaluate(() =>
    ["a", "b", "c"].map((id) => document.querySelector(`#${id}`).widget.view("state").runs[0].steps));
  assert.deepEqual(after, [7, 12, 0], "each widget is back at its step");
  const note = await page.locator("#b").evaluate((el) => el.shadowRoot.querySelector(".msg").textContent);
  assert.match(note, /restarted after an internal error[\s\S]*debug_panic/);
  // The rebuilt widgets work and still give the CLI's trajectories.
  const traces = await page.evaluate(() => {
    for (const id of ["a", "c"]) document.querySelector(`#${id}`).step(1000);
    return ["a", "c"].map((id) => document.querySelector(`#${id}`).trace());
  });
  assert.equal(traces[0], cli("preset=gabor-sgd"));
  assert.equal(traces[1], cli("preset=linear-linesearch"));
  await shot(page, "recovered-after-panic");
  // The panic was logged by the hook; nothing else went wrong.
  assert.ok(messages.every((m) => /debug_panic|RuntimeError|unreachable/.test(m)), messages.join("\n"));
  await page.close();
});

test("the problem box shows the core's messages: quoted, cut, escaped, at most ten and a count (hostile input F5, F6)", async () => {
  const { page, messages } = await h.widgetPage("scene=gabor");
  const r = await page.evaluate(() => {
    const el = document.querySelector("downhill-widget");
    const box = el.shadowRoot.querySelector(".msg");
    el.load("alpha=" + "A".repeat(1e6));
    const one = box.textContent.length;
    el.load("alpha=1\u202e2\n\u001b[31m&x\u200by=1");
    const bidi = box.textContent;
    const t0 = performance.now();
    el.load(Array.from({ length: 9000 }, (_, i) => `bad${i}=1`).join("&"));
    const ms = performance.now() - t0;
    const items = box.querySelectorAll("li").length;
    const last = box.querySelector("li:last-of-type").textContent;
    // Over the core's limit: refused whole, the state kept, one message.
    el.load("preset=bowl-adam");
    const good = el.query;
    const huge = Array.from({ length: 200000 }, (_, i) => `bad${i}=1`).join("&");
    const t1 = performance.now();
    const refused = el.load(huge);
    const hugeMs = performance.now() - t1;
    return { one, bidi, items, last, ms, hugeMs, refused, kept: el.query === good, hugeText: box.textContent };
  });
  assert.equal(r.refused.length, 1);
  assert.match(r.refused[0].text, /at most 100000/);
  assert.ok(r.kept, "a refused load keeps the last good state");
  assert.match(r.hugeText, /at most 100000/);
  assert.ok(r.one < 300, `${r.one} characters for one bad value`);
  assert.ok(!/[\u202e\u200b\u001b\n]/.test(r.bidi.replace("\n", "")), r.bidi);
  assert.match(r.bidi, /\\u\{202e\}/);
  assert.equal(r.items, 11);
  assert.equal(r.last, "and 8990 more problems");
  console.log(`page benchmark: 9,000 bad keys loaded and reported in ${r.ms.toFixed(0)} ms; a 2.1 MB query of 200,000 bad keys refused in ${r.hugeMs.toFixed(0)} ms`);
  assert.deepEqual(messages, []);
  await page.close();
});
