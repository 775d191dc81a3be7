// Every figure of chapter 6 as a live scene: each preset opened by its link, played to its end,
// its caption shown, its trace equal to the CLI's; the figure-specific interactions; the gallery.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { ROOT, allThumbnails, harness, open, ready, settled } from "./lib.mjs";

const CLI = join(ROOT, "target/debug/downhill");
const h = harness({ before, after });
const { shot, widgetPage } = h;
// Runs `fn(el, arg)` in the page with the first <downhill-widget> element.
const el = (page, fn, arg) =>
  page.evaluate(([f, a]) => new Function("el", "arg", `return (${f})(el, arg)`)(document.querySelector("downhill-widget"), a), [fn.toString(), arg]);
const presets = execFileSync(CLI, ["presets"], { encoding: "utf8" }).trim().split("\n").map((l) => l.split("\t")[0]);

test("every named preset opens by its link, plays to its end and shows its caption", async () => {
  assert.ok(presets.length >= 30, `${presets.length} presets`);
  for (const name of presets) {
    const { page, messages } = await widgetPage(`preset=${name}`);
    const trace = await el(page, (el) => {
      while (!el.widget.view("readout").finished) el.step(50);
      return el.trace();
    });
    assert.equal(trace, execFileSync(CLI, ["trace", `preset=${name}`], { encoding: "utf8", maxBuffer: 64 << 20 }), name);
    const caption = await page.locator('downhill-widget [data-out="caption"]').textContent();
    assert.ok(caption.length > 30, `${name}: caption "${caption}"`);
    // Every preset at its pause step, to be looked at beside the book's figure.
    await shot(page, `preset-${name}`);
    assert.deepEqual(messages, [], name);
    await page.close();
  }
});

test("a figure opens played, the picture its caption describes; Play replays it from the start; a lesson's question waits at the start", async () => {
  const played = execFileSync(CLI, ["presets"], { encoding: "utf8" }).trim().split("\n").map((l) => l.split("\t")).filter(([, q]) => /(^|&)played=1(&|$)/.test(q)).map(([n]) => n);
  assert.ok(played.length >= 20 && ["fig6.1", "fig6.5", "fig6.6", "fig6.7", "fig6.8", "fig6.9", "fig6.10"].every((n) => played.includes(n)), played.join(" "));
  const state = (page) => el(page, (el) => ({ ro: el.widget.view("readout"), playing: el.playing, pressed: el.shadowRoot.querySelector('[data-act="play"]')?.getAttribute("aria-pressed") ?? "false" }));
  for (const name of played) {
    const { page, messages } = await widgetPage(`preset=${name}`);
    // The runs step to their end unseen (sliced over frames), then the figure shows.
    await page.waitForFunction(() => { const el = document.querySelector("downhill-widget"); return el.widget.view("readout").finished && !el.playing; }, null, { timeout: 20000 });
    const open = await state(page);
    for (const r of open.ro.runs) assert.ok(r.steps === r.limit || r.status !== "running", `${name}: ${r.steps}/${r.limit} ${r.status}`);
    assert.equal(open.pressed, "false", `${name}: the opening is not a play the reader started`);
    assert.deepEqual(messages, [], name);
    await page.close();
  }
  // Play replays from the start, at the page's speed.
  const { page } = await widgetPage("preset=fig6.7");
  await page.waitForFunction(() => document.querySelector("downhill-widget").widget.view("readout").finished);
  await page.locator('downhill-widget [data-act="play"]').click();
  const replay = await state(page);
  assert.ok(replay.playing && replay.pressed === "true");
  assert.ok(replay.ro.runs.every((r) => r.steps < 10), JSON.stringify(replay.ro.runs.map((r) => r.steps)));
  await page.close();
  // In a lesson the prediction comes first: a beat that asks opens at the start even on a played figure.
  const lesson = await widgetPage("lesson=fig6.5");
  await lesson.page.waitForTimeout(500);
  const beat = await state(lesson.page);
  assert.ok(!beat.ro.finished && beat.ro.runs.every((r) => r.steps === 0), JSON.stringify(beat.ro.runs.map((r) => r.steps)));
  await lesson.page.close();
});

test("figure 6.1b: the loss as a surface turns with a sideways drag and with the arrow keys; the link keeps the turn", async () => {
  const { page, messages } = await widgetPage("preset=fig6.1");
  await page.waitForFunction(() => document.querySelector("downhill-widget").widget.view("readout").finished);
  const pixels = () => el(page, (el) => el.shadowRoot.querySelector(".lossc").toDataURL());
  const [before, query] = [await pixels(), await el(page, (el) => el.query)];
  const box = await page.locator("downhill-widget .lossc").boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2, { steps: 6 });
  await page.mouse.up();
  await page.waitForTimeout(200);
  assert.notEqual(await pixels(), before, "the surface turned");
  const turned = await el(page, (el) => el.query);
  // 120 px: 40 degrees (each move's turn is kept to a tenth of a degree, so a few tenths more).
  const [yaw, pitch] = turned.match(/&turn=([-\d.]+),([-\d.]+)$/).slice(1).map(Number);
  assert.ok(yaw >= 80 && yaw <= 80.5 && pitch === 25.8, turned);
  assert.equal(turned.replace(/&turn=.*$/, ""), query, "and nothing else changed");
  await page.waitForFunction((q) => location.search.includes("turn="), turned);
  await shot(page, "fig6.1-surface-turned");
  // The keyboard's way: the surface takes the focus, and an arrow turns it.
  const dragged = await pixels();
  await page.locator("downhill-widget .lossc").focus();
  assert.equal(await el(page, (el) => el.shadowRoot.activeElement?.className), "lossc");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowUp");
  await page.waitForTimeout(200);
  assert.notEqual(await pixels(), dragged, "the arrow keys turned it");
  const keyed = await el(page, (el) => el.query);
  assert.ok(keyed.endsWith(`&turn=${Math.round((yaw - 5) * 10) / 10},20.8`), `5 degrees left and up: ${keyed}`);
  // The link opens turned the same way: the same picture.
  const shown = await pixels();
  const again = await widgetPage(keyed.replace(/^/, ""));
  await again.page.waitForFunction(() => document.querySelector("downhill-widget").widget.view("readout").finished);
  await again.page.waitForTimeout(300);
  assert.equal(await el(again.page, (el) => el.shadowRoot.querySelector(".lossc").toDataURL()), shown);
  await again.page.close();
  assert.deepEqual(messages, []);
  await page.close();
});

test("figure 6.4: the caption's minimum is computed, and clicking a marked point loads it", async () => {
  const { page } = await widgetPage("preset=fig6.4");
  await settled(page);
  const caption = await page.locator('downhill-widget [data-out="caption"]').textContent();
  assert.match(caption, /loss 0\.646 here/);
  // The book's panels b)-f): the models at the lettered minima take the loss panel's place, in words too.
  const models = await el(page, (el) => ({ d: el.widget.view("describe").models, label: el.shadowRoot.querySelector(".lossc").getAttribute("aria-label") }));
  assert.deepEqual(models.d.map((m) => m.letter), ["b", "c", "d", "e", "f", "g"]);
  assert.ok(Math.abs(models.d[0].loss - 0.6457) < 1e-3, JSON.stringify(models.d[0]));
  assert.match(models.label, /^The model at each lettered minimum of the landscape: b\) loss 0\.646 at \(0\.00379, 16\); c\) loss 3\.36/);
  const target = await el(page, (el) => {
    const w = el.widget;
    const g = w.test("critical", 0).find((p) => p.global);
    const c = el.shadowRoot.querySelector(".fg").getBoundingClientRect();
    for (let y = 0; y < c.height; y += 1) for (let x = 0; x < c.width; x += 1) {
      const p = w.hit("critical", x, y, 2);
      if (p.length === 2 && p[0] === g.phi[0] && p[1] === g.phi[1]) return { x, y, phi: g.phi };
    }
    return null;
  });
  assert.ok(target);
  // Click a few pixels off the marker: it still snaps to the point itself.
  const box = await page.locator("downhill-widget canvas.fg").boundingBox();
  await page.mouse.click(box.x + target.x + 3, box.y + target.y - 2);
  await page.waitForTimeout(100);
  const st = await el(page, (el) => ({ start: el.widget.view("state").runs[0].start, kind: el.widget.view("inspector").kind }));
  assert.deepEqual(st.start, target.phi);
  assert.equal(st.kind, "minimum");
  await shot(page, "fig6.4-clicked-minimum");
  await page.close();
});

test("figure 6.6: the batch's own landscape beside the full one, and the uphill step pointed out", async () => {
  const { page } = await widgetPage("preset=fig6.6");
  assert.equal(await page.locator("downhill-widget .land2").isVisible(), true);
  const flagged = await el(page, (el) => {
    // The figure opens played (played=1): watch it again from the start.
    el.reset();
    for (let t = 0; t < 60; t++) {
      el.step(1);
      const d = el.widget.view("inspector");
      const [b0, b1, f0, f1] = d.step_check || [0, 0, 0, 0];
      if (b1 < b0 && f1 > f0) return el.shadowRoot.querySelector(".insp").textContent;
    }
    return "";
  });
  assert.match(flagged, /uphill on all the data/);
  await shot(page, "fig6.6-uphill-step");
  await page.close();
});

test("figure 6.2: the phi sliders move the model", async () => {
  const { page } = await widgetPage("preset=fig6.2");
  const slider = page.locator('downhill-widget [data-out="sliders"] input').first();
  await slider.fill("3");
  await page.waitForTimeout(100);
  const start = await el(page, (el) => el.widget.view("state").runs[0].start);
  assert.equal(start[0], 3);
  await page.close();
});

test("hyperparameter sweep: a heatmap of final losses whose cells load their run", async () => {
  const t0 = Date.now();
  const { page } = await widgetPage("preset=sweep");
  // The sweep runs in slices across frames; it is done when every cell has its loss.
  await page.waitForFunction(() => {
    const d = document.querySelector("downhill-widget").widget.view("sweep");
    return d && d.done === d.xs.length * d.ys.length;
  }, null, { timeout: 20000 });
  console.log(`page benchmark: 8x8 hyperparameter sweep (64 runs of 80 steps) done ${Date.now() - t0} ms after opening the page, in slices within each frame's budget`);
  const cells = page.locator('downhill-widget [data-out="sweep"] table button');
  // Done: no progress bar or cancel left on show.
  assert.equal(await page.locator('downhill-widget [data-out="sweep"] progress:visible').count(), 0);
  assert.equal(await cells.count(), 64);
  // Every cell wears the colour of the finished sweep (colours are re-normalised as cells
  // arrive; a cell whose text had not changed kept a stale one: 10.5 painted like the best).
  await page.waitForTimeout(100);
  const stale = await el(page, (el) => {
    const d = el.widget.view("sweep");
    const probe = document.createElement("i");
    return [...el.shadowRoot.querySelectorAll('[data-out="sweep"] table button')].filter((b, k) => {
      probe.style.background = d.colors[k];
      return b.style.background !== probe.style.background;
    }).length;
  });
  assert.equal(stale, 0, "cells painted with a stale colour");
  await shot(page, "sweep");
  await cells.nth(8 * 5 + 3).click();
  const q = await el(page, (el) => el.query);
  assert.match(q, /alpha=0\.1(&|;|$)/);
  assert.match(q, /beta=0\.9(&|;|$)/);
  await page.close();
});

test("a heavy sweep runs in frame slices with progress, and Cancel stops it until Resume", async () => {
  const { page, messages } = await widgetPage("scene=gabor&opt=linesearch&maxdist=8&steps=1000&sweep=alpha,beta");
  const box = page.locator('downhill-widget [data-out="sweep"]');
  const done = () => el(page, (e) => e.widget.view("sweep")?.done ?? 0);
  await page.waitForFunction(() => (document.querySelector("downhill-widget").widget.view("sweep")?.done ?? 0) > 0, null, { timeout: 20000 });
  assert.equal(await box.locator("table button").count(), 64);
  assert.ok(await box.locator("progress").isVisible(), "a progress bar while it runs");
  const cancel = box.locator("button:not(table button)");
  assert.equal(await cancel.textContent(), "Cancel");
  await cancel.click();
  const stopped = await done();
  await page.waitForTimeout(600);
  assert.equal(await done(), stopped, "no cell runs after Cancel");
  assert.ok(stopped < 64, `${stopped} cells`);
  // The cells not yet run say so; the done ones carry their loss.
  assert.equal(await box.locator("table button").nth(63).textContent(), "…");
  assert.equal(await cancel.textContent(), "Resume");
  await cancel.click();
  await page.waitForFunction((n) => document.querySelector("downhill-widget").widget.view("sweep").done > n, stopped, { timeout: 20000 });
  assert.equal(await cancel.textContent(), "Cancel");
  assert.deepEqual(messages, []);
  await page.close();
});

test("Problem 6.9: the epochs calculator", async () => {
  const { page } = await widgetPage("preset=epochs");
  const out = await page.locator('downhill-widget [data-out="calc"] output').textContent();
  assert.match(out, /^200 epochs \(5 iterations per epoch\)/);
  const live = await el(page, (el) => { el.step(9); return el.widget.view("state").runs[0]; });
  assert.equal(live.epoch, 1);
  assert.equal(live.batch_in_epoch, 3);
  await page.close();
});

test("captions follow the language", async () => {
  const { page } = await widgetPage("preset=fig6.5&lang=zh");
  assert.match(await page.locator('downhill-widget [data-out="caption"]').textContent(), /梯度下降与随机梯度下降/);
  await shot(page, "fig6.5-zh");
  await page.close();
});

test("the gallery lists every preset with a thumbnail, its caption and its links", async () => {
  const { page, messages } = await open(h.browser.context, `${h.srv.base}www/gallery.html`);
  await page.waitForSelector("body[data-ready]", { timeout: 60000 });
  await page.waitForSelector(".thumb[data-drawn]");
  const ms = await page.evaluate(() => document.body.dataset.ms);
  const t0 = Date.now();
  await allThumbnails(page);
  console.log(`page benchmark: gallery of ${presets.length} cards ready ${ms} ms after navigation; every thumbnail drawn, scrolling through, in ${Date.now() - t0} ms`);
  await page.evaluate(() => window.scrollTo(0, 0));
  const figures = presets.filter((n) => !n.startsWith("problem"));
  assert.equal(await page.locator("#cards .card").count(), figures.length);
  // The Problems section: every problem of the chapter, each with its preset (6.5: the shallow network).
  const titles = await page.locator("#problems .card h2").allTextContents();
  assert.deepEqual(titles.map((t) => t.split(" · ")[0]), ["6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.7", "6.8", "6.9", "6.10", "6.11"].map((k) => `Problem ${k}`));
  // The Lessons section: every lesson, its first beat as its picture.
  const lessons = execFileSync(CLI, ["lessons"], { encoding: "utf8" }).trim().split("\n").map((l) => l.split("\t")[0]);
  assert.deepEqual(await page.locator("#lessons .card").evaluateAll((cards) => cards.map((c) => c.dataset.query)), lessons.map((n) => `lesson=${n}`));
  assert.match(await page.locator('.card[data-query="lesson=fig6.7"] a.primary').getAttribute("href"), /index\.html\?lesson=fig6\.7&lang=en$/);
  assert.equal(await page.locator(".card .thumb canvas").count(), figures.length + titles.length + lessons.length);
  // Each thumbnail is a picture (the canvas has ink beyond its white paper).
  const blank = await page.evaluate(() => {
    const scratch = document.createElement("canvas").getContext("2d", { willReadFrequently: true });
    return [...document.querySelectorAll(".card")].filter((card) => {
      const c = card.querySelector(".thumb canvas");
      scratch.canvas.width = c.width;
      scratch.canvas.height = c.height;
      scratch.drawImage(c, 0, 0);
      const d = scratch.getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) return false;
      return true;
    }).map((card) => card.dataset.query);
  });
  assert.deepEqual(blank, [], "blank thumbnails");
  await page.locator('.card[data-query="preset=fig6.9"] button').first().click();
  assert.match(await page.locator('.card[data-query="preset=fig6.4"] p').textContent(), /loss 0\.646 here/);
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, /index\.html\?preset=fig6\.9$/);
  await shot(page, "gallery");
  const href = await page.locator('.card[data-query="preset=fig6.9"] a.primary').getAttribute("href");
  await page.goto(href);
  await ready(page);
  assert.match(await page.locator('downhill-widget [data-out="caption"]').textContent(), /Figure 6\.9/);
  assert.deepEqual(messages, []);
  await page.close();
});

test("the gallery takes only a known language into its links", async () => {
  const { page } = await open(h.browser.context, `${h.srv.base}www/gallery.html?lang=en%26preset%3Dfig6.9`);
  await page.waitForSelector("body[data-ready]", { timeout: 60000 });
  const href = await page.locator('.card[data-query="preset=fig6.1"] a.primary').getAttribute("href");
  assert.match(href, /preset=fig6\.1&lang=(en|zh)$/);
  await page.close();
});

test("figure 6.11: classify points 1-7 and check the answers the core computes", async () => {
  const { page, messages } = await widgetPage("preset=fig6.11");
  const quiz = page.locator('downhill-widget [data-out="quiz"]');
  assert.ok(await quiz.isVisible());
  assert.equal(await quiz.locator("svg").count(), 1);
  // The book's answers: 1 local, 2 global, 3 local (a small dip on the slope); b) convex:
  // 4 neither, 5 global; 6 global, 7 neither. Answer all but point 7 right, and say c) is
  // convex (wrong).
  const answers = { 1: "local", 2: "global", 3: "local", 4: "neither", 5: "global", 6: "global", 7: "global" };
  for (const [n, v] of Object.entries(answers)) await quiz.locator(`[data-q="point-${n}"]`).selectOption(v);
  await quiz.locator('[data-q="convex-b"]').check();
  await quiz.locator('[data-q="convex-c"]').check();
  await quiz.locator("button").click();
  const text = await quiz.textContent();
  assert.equal((text.match(/✓/g) || []).length, 6 + 2, text);
  assert.equal((text.match(/✗/g) || []).length, 2, text);
  assert.match(text, /Point 7: ✗ not quite — neither: the slope is zero and the curvature is .*, but the function is lower on one side and higher on the other/);
  await shot(page, "fig6.11-checked");
  assert.deepEqual(messages, []);
  await page.close();
});

test("figure 6.2: the book's three settings are one click away", async () => {
  const { page } = await widgetPage("preset=fig6.2");
  const buttons = page.locator('downhill-widget [data-out="sliders"] button');
  assert.equal(await buttons.count(), 3);
  // Every one of the book's settings lies in the landscape's view.
  const view = await el(page, (el) => el.widget.view("state").view);
  for (const phi of await el(page, (el) => el.widget.view("ui").examples)) {
    assert.ok(view[0] <= phi[0] && phi[0] <= view[1] && view[2] <= phi[1] && phi[1] <= view[3], `${phi} outside ${view}`);
  }
  await buttons.nth(1).click();
  const start = await el(page, (el) => el.widget.view("state").runs[0].start);
  assert.deepEqual(start, [20, 40]);
  // The sliders follow at once (they lagged one press behind the buttons).
  const values = await page.locator('downhill-widget [data-out="sliders"] input[type=range]').evaluateAll((s) => s.map((i) => Number(i.value)));
  assert.deepEqual(values, [20, 40]);
  await buttons.nth(2).click();
  const again = await page.locator('downhill-widget [data-out="sliders"] input[type=range]').evaluateAll((s) => s.map((i) => Number(i.value)));
  assert.deepEqual(again, [3, 15]);
  const slider = page.locator('downhill-widget [data-out="sliders"] input[type=range]').nth(1);
  assert.equal(await slider.getAttribute("max"), "50");
  await shot(page, "fig6.2-setting-b");
  await page.close();
});

test("a link that changes a preset's settings does not show that preset's caption", async () => {
  const { page, messages } = await widgetPage("preset=gabor-momentum&steps=600");
  const caption = page.locator('downhill-widget [data-out="caption"]');
  assert.match(await caption.textContent(), /no longer those of gabor-momentum, so its caption/);
  await page.evaluate(() => document.querySelector("downhill-widget").load("preset=gabor-momentum&lang=en"));
  assert.match(await caption.textContent(), /^Notebook 6\.4: SGD \(blue\)/);
  assert.deepEqual(messages, []);
  await page.close();
});

test("the update rule says when a batch's gradient is its mean (reduce=mean), and the book's sum otherwise", async () => {
  const rule = async (q) => {
    const { page } = await widgetPage(q);
    await page.locator("downhill-widget .insp math").waitFor();
    const math = await page.locator("downhill-widget .insp math").innerHTML();
    await page.close();
    return math;
  };
  const mean = await rule("preset=batch-lr");
  assert.match(mean, /<mfrac><mn>1<\/mn><mrow><mo>\|<\/mo><msub><mi>ℬ<\/mi><mi>t<\/mi><\/msub><mo>\|<\/mo><\/mrow><\/mfrac><munder><mo>∑<\/mo>/);
  const sum = await rule("preset=fig6.6");
  assert.match(sum, /<munder><mo>∑<\/mo>/);
  assert.doesNotMatch(sum, /<mo>\|<\/mo>/);
});
