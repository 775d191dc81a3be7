// Accessibility, measured with axe-core (pinned, injected into the page): zero violations on the
// default page, every named preset, lang=zh, an embed, a phone viewport and the gallery; and the
// keyboard: the widget's controls are reachable and nothing traps the focus.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { ARTIFACTS, ROOT, allThumbnails, axe, harness, open, ready } from "./lib.mjs";

const h = harness({ before, after });
const CLI = join(ROOT, "target/debug/downhill");
const presets = execFileSync(CLI, ["presets"], { encoding: "utf8" }).trim().split("\n").map((l) => l.split("\t")[0]);
/** axe-core's violations on the page as it is now (open shadow roots included). */
const violations = async (page) => (await axe(page)).violations;

test("axe-core: no violation on the default page, an embed, lang=zh, a phone, every preset", async () => {
  const pages = [
    ["", null],
    ["embed=1&preset=fig6.7", null],
    ["lang=zh&preset=fig6.9", null],
    ["theme=dark&preset=fig6.5", null],
    ["theme=dark&preset=sweep", null],
    ["preset=gabor-momentum", { width: 390, height: 844 }],
    ...presets.map((p) => [`preset=${p}`, null]),
  ];
  const found = [];
  for (const [q, viewport] of pages) {
    const { page } = await open(h.browser.context, `${h.srv.base}index.html?${q}`, viewport);
    await ready(page);
    // Played a little, so the inspector, run statuses and captions hold their numbers.
    await page.evaluate(() => document.querySelector("downhill-widget").step(5));
    for (const v of await violations(page)) found.push(`${q || "(default)"}: ${v}`);
    await page.close();
  }
  assert.deepEqual(found, []);
});

test("axe-core: no violation in any state of any lesson (its question open, then answered)", async () => {
  const lessons = execFileSync(CLI, ["lessons"], { encoding: "utf8" }).trim().split("\n").map((l) => l.split("\t"));
  const found = [];
  for (const [name, beats] of lessons) {
    for (let k = 1; k <= parseInt(beats, 10); k++) {
      const extra = name === "fig6.7" ? "&lang=zh&theme=dark" : name === "fig6.4" ? "&reveal=1" : "";
      const q = `lesson=${name}&beat=${k}${extra}`;
      const { page } = await open(h.browser.context, `${h.srv.base}index.html?${q}`);
      await ready(page);
      await page.waitForFunction(() => document.querySelector("downhill-widget").shadowRoot.querySelector(".lesson:not([hidden]) .l-nav"));
      for (const v of await violations(page)) found.push(`${q} (asking): ${v}`);
      // Answered: a prediction of its kind, revealed, played to the pause.
      await page.evaluate(() => {
        const el = document.querySelector("downhill-widget");
        const v = el.widget.view("lesson");
        const guess = { choose: "answer=choose&choice=0", number: "answer=number&value=1", point: "answer=point&phi0=0&phi1=0", sketch: "answer=sketch&path=0,0;1,1" }[v.kind];
        if (guess && !v.present) el.widget.edit({ kind: "guess", ...Object.fromEntries(new URLSearchParams(guess)) });
        el.widget.edit({ kind: "reveal" });
        while (!el.widget.view("readout").finished) el.step(500);
        el.afterChange({});
      });
      for (const v of await violations(page)) found.push(`${q} (answered): ${v}`);
      await page.close();
    }
  }
  assert.deepEqual(found, []);
});

test("axe-core: no violation on the gallery (every thumbnail drawn), in English and Chinese", async () => {
  for (const q of ["", "?lang=zh"]) {
    const { page } = await open(h.browser.context, `${h.srv.base}www/gallery.html${q}`);
    await allThumbnails(page);
    assert.deepEqual(await violations(page), [], q);
    await page.close();
  }
});

const shadow = (page, sel) => page.evaluate((s) => document.querySelector("downhill-widget").shadowRoot.querySelector(s), sel);
const attr = (page, sel, name) => page.evaluate(([s, n]) => document.querySelector("downhill-widget").shadowRoot.querySelector(s).getAttribute(n), [sel, name]);

test("keyboard: arrows move the start on the focused landscape, Space plays and pauses, '.' steps, 'r' resets", async () => {
  const { page, messages } = await h.widgetPage("scene=gabor&start=0,10&steps=200");
  await page.locator("downhill-widget .fg").focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Shift+ArrowUp");
  const start = await page.evaluate(() => document.querySelector("downhill-widget").widget.view("state").runs[0].start);
  assert.deepEqual(start, [0.2, 12]);
  await page.waitForFunction(() => /start=0\.2,12(&|$)/.test(location.search));
  await page.keyboard.press(".");
  await page.keyboard.press(".");
  assert.equal(await page.evaluate(() => document.querySelector("downhill-widget").widget.view("readout").runs[0].steps), 2);
  await page.keyboard.press(" ");
  await page.waitForTimeout(300);
  await page.keyboard.press(" ");
  const steps = await page.evaluate(() => document.querySelector("downhill-widget").widget.view("readout").runs[0].steps);
  assert.ok(steps > 2, `${steps} steps after playing`);
  await page.keyboard.press("r");
  assert.equal(await page.evaluate(() => document.querySelector("downhill-widget").widget.view("readout").runs[0].steps), 0);
  // Space on a button is the button's (no double toggle), and typing in a field types.
  await page.locator('downhill-widget [data-ctl="seed"]').focus();
  await page.keyboard.type("r.");
  assert.equal(await page.evaluate(() => document.querySelector("downhill-widget").widget.view("readout").runs[0].steps), 0);
  // No trap: Tab leaves the landscape for the next control, and Shift+Tab comes back.
  await page.locator("downhill-widget .fg").focus();
  await page.keyboard.press("Tab");
  assert.notEqual(await page.evaluate(() => document.querySelector("downhill-widget").shadowRoot.activeElement?.className), "fg");
  await page.keyboard.press("Shift+Tab");
  assert.equal(await page.evaluate(() => document.querySelector("downhill-widget").shadowRoot.activeElement?.className), "fg");
  assert.deepEqual(messages, []);
  await page.close();
});

// The review of issue 22: the runs' rows are made afresh after every change, and the arrow keys
// moved a slider one stop before the focus was lost. A refused typed value's message goes once a
// value is accepted.
test("keyboard: a run's slider walks its stops with the arrow keys and keeps the focus; a refused value's message goes", async () => {
  const { page, messages } = await h.widgetPage("scene=gabor&opt=momentum&alpha=0.3&beta=0.9&batch=5");
  const slider = page.locator('downhill-widget [data-focus="0:alpha:slider"]');
  await slider.focus();
  for (const key of ["ArrowRight", "ArrowRight", "ArrowRight", "ArrowLeft"]) await page.keyboard.press(key);
  const r = await page.evaluate(() => {
    const el = document.querySelector("downhill-widget");
    const f = el.shadowRoot.activeElement;
    return { focus: f?.dataset.focus, text: f?.getAttribute("aria-valuetext"), alpha: el.widget.view("inspector").alpha };
  });
  assert.deepEqual(r, { focus: "0:alpha:slider", text: "0.398", alpha: 0.398 });
  const num = page.locator('downhill-widget [data-focus="0:alpha:number"]');
  await num.fill("1e9");
  await num.press("Enter");
  assert.equal(await page.evaluate(() => document.querySelector("downhill-widget").shadowRoot.querySelector(".msg").hidden), false);
  await num.fill("0.25");
  await num.press("Enter");
  assert.equal(await page.evaluate(() => document.querySelector("downhill-widget").shadowRoot.querySelector(".msg").hidden), true);
  assert.equal(await page.evaluate(() => document.querySelector("downhill-widget").widget.view("inspector").alpha), 0.25);
  assert.deepEqual(messages, []);
  await page.close();
});

test("screen readers: the landscape says its range, global minimum and runs; the live region speaks at milestones", async () => {
  const { page } = await h.widgetPage("preset=fig6.5");
  await page.waitForFunction(() => document.querySelector("downhill-widget").widget.test("critical", 0).length > 0);
  // The figure opens played (played=1): back to its start, to hear it from there.
  await page.evaluate(() => document.querySelector("downhill-widget").reset());
  await page.waitForFunction(() => /at step 0/.test(document.querySelector("downhill-widget").shadowRoot.querySelector(".fg").getAttribute("aria-label")));
  const label = await attr(page, ".fg", "aria-label");
  assert.match(label, /loss landscape, φ0 from -10 to 10, φ1 from 2\.5 to 22\.5; global minimum 0\.646 at \(0\.00379, 16(\.0)?\)/);
  assert.match(label, /run 1, linesearch, at step 0/);
  // Played to the end: one line search is stuck in a local minimum, and the live region says so.
  await page.evaluate(() => {
    const w = document.querySelector("downhill-widget");
    const region = w.shadowRoot.querySelector('[data-out="live"]');
    window.__said = [];
    new MutationObserver(() => window.__said.push(region.textContent)).observe(region, { childList: true, characterData: true, subtree: true });
    w.play();
  });
  await page.waitForFunction(() => document.querySelector("downhill-widget").widget.view("readout").finished, null, { timeout: 20000 });
  await page.waitForTimeout(200);
  const said = (await page.evaluate(() => window.__said)).join(" | ");
  // Milestones only: a handful of announcements for hundreds of steps.
  assert.ok((await page.evaluate(() => window.__said.length)) <= 8, said);
  assert.match(said, /stuck near a local minimum \(loss 5\.51; the global minimum is 0\.646\)/);
  assert.match(await attr(page, ".fg", "aria-label"), /in the global valley/);
  // Figure 6.5: line search from starts 1 and 3 reaches the global minimum's loss, from 2 a
  // local minimum's.
  assert.match(await attr(page, ".lossc", "aria-label"), /run 2, linesearch, from [\d.]+ to 5\.51 in 100 steps; run 3, linesearch, from [\d.]+ to 0\.646/);
  assert.ok(await shadow(page, ".fg"));
  await page.close();
});

test("prefers-reduced-motion: autoplay shows the finished paths without animating; Play moves in jumps", async () => {
  const page = await h.browser.context.newPage();
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.addInitScript(() => {
    window.__pictures = [];
    document.addEventListener("DOMContentLoaded", () =>
      document.querySelector("downhill-widget")?.addEventListener("step", (e) => window.__pictures.push([performance.now(), e.detail.t])),
    );
  });
  await page.goto(`${h.srv.base}index.html?preset=gabor-momentum&steps=600&autoplay=1`);
  await page.waitForFunction(() => document.querySelector("downhill-widget")?.widget?.view("readout").finished, null, { timeout: 20000 });
  await page.waitForTimeout(200);
  const shown = await page.evaluate(() => window.__pictures.map(([, t]) => t));
  // One picture: the finished paths (no frame in between).
  assert.deepEqual(shown.filter((t) => t > 0 && t < 600), [], shown.join(","));
  assert.equal(shown.at(-1), 600);
  await page.screenshot({ path: join(ARTIFACTS, "reduced-motion-autoplay.png") });
  // Play from the start: a few pictures, far apart, each many steps on.
  await page.evaluate(() => {
    window.__pictures = [];
    const w = document.querySelector("downhill-widget");
    w.reset();
    w.play();
  });
  await page.waitForFunction(() => document.querySelector("downhill-widget").widget.view("readout").finished, null, { timeout: 20000 });
  const pictures = await page.evaluate(() => window.__pictures);
  const gaps = pictures.slice(1).map(([t], i) => t - pictures[i][0]);
  assert.ok(pictures.length >= 2 && pictures.length <= 12, `${pictures.length} pictures`);
  assert.ok(gaps.slice(0, -1).every((g) => g >= 300), gaps.join(","));
  await page.close();
});

test("theme=dark darkens the widget and the canvases' paper; theme=auto follows the system; light stays the default", async () => {
  const paper = (page) =>
    page.evaluate(() => {
      const c = document.querySelector("downhill-widget").shadowRoot.querySelector(".lossc");
      return Array.from(c.getContext("2d").getImageData(2, 2, 1, 1).data.slice(0, 3));
    });
  const theme = (page) => page.evaluate(() => document.querySelector("downhill-widget").shadowRoot.querySelector(".dh").dataset.theme);
  for (const [q, scheme, want] of [["preset=gabor-sgd", "dark", "light"], ["preset=gabor-sgd&theme=dark", "light", "dark"], ["preset=gabor-sgd&theme=auto", "dark", "dark"], ["preset=gabor-sgd&theme=auto", "light", "light"]]) {
    const page = await h.browser.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`${h.srv.base}index.html?${q}`);
    await ready(page);
    await page.evaluate(() => document.querySelector("downhill-widget").step(3));
    await page.waitForTimeout(300);
    assert.equal(await theme(page), want, `${q} on a ${scheme} system`);
    const [r, g, b] = await paper(page);
    if (want === "dark") assert.ok(r + g + b < 150, `${q}: paper ${r},${g},${b}`);
    else assert.deepEqual([r, g, b], [255, 255, 255], q);
    if (q.endsWith("theme=auto") && scheme === "dark") {
      // The system turns light: the widget follows without a reload.
      await page.emulateMedia({ colorScheme: "light" });
      await page.waitForFunction(() => document.querySelector("downhill-widget").shadowRoot.querySelector(".dh").dataset.theme === "light");
      await page.waitForTimeout(300);
      assert.deepEqual(await paper(page), [255, 255, 255]);
    }
    if (want === "dark" && scheme === "light") await page.screenshot({ path: join(ARTIFACTS, "theme-dark.png"), fullPage: true });
    await page.close();
  }
});

test("keyboard: the problems box of a bad link is reached, read and dismissed without a trap", async () => {
  const { page } = await h.widgetPage("scene=gabor&alpha=oops&beta=2");
  const box = page.locator("downhill-widget .msg");
  assert.ok(await box.isVisible());
  assert.equal(await box.getAttribute("role"), "alert");
  const dismiss = box.locator("button");
  await dismiss.focus();
  await page.keyboard.press("Tab");
  const after = await page.evaluate(() => document.querySelector("downhill-widget").shadowRoot.activeElement?.outerHTML.slice(0, 40));
  assert.ok(after && !after.includes("Dismiss"), `focus moved on: ${after}`);
  await dismiss.focus();
  await page.keyboard.press("Enter");
  assert.equal(await box.isVisible(), false);
  await page.close();
});

// The widget skips rendering while off screen (content-visibility: auto, which contains its
// paint); a focus ring at its edge must still show whole (WCAG 2.4.7).
test("keyboard: the focus ring of a control at the widget's edge is not clipped", async () => {
  const { page, messages } = await open(h.browser.context, `${h.srv.base}tests/e2e/three.html`, { width: 600, height: 900 });
  await ready(page, "#a");
  await page.keyboard.press("Tab");
  const box = await page.evaluate(() => {
    const el = document.querySelector("#a");
    const r = el.shadowRoot.activeElement.getBoundingClientRect();
    return { x: r.x, y: r.y, h: r.height, host: el.getBoundingClientRect().x };
  });
  // The widget's own surface has a 6-px padding: the control sits just inside the edge, and its
  // ring (2 px out, 3 px wide) reaches within a pixel of it.
  assert.ok(box.x - box.host < 8, `the focused control sits at the widget's left edge (${box.x - box.host} px in)`);
  // Decoded in the page (no image library needed): the pixel 3 px left of the control, inside
  // its 3 px ring drawn 2 px out, is the focus colour, not the page's white.
  const png = (await page.screenshot({ clip: { x: 0, y: 0, width: 300, height: 300 } })).toString("base64");
  const px = await page.evaluate(async ([src, x, y]) => {
    const img = new Image();
    img.src = `data:image/png;base64,${src}`;
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext("2d");
    g.drawImage(img, 0, 0);
    return [...g.getImageData(x, y, 1, 1).data];
  }, [png, Math.round(box.x - 3.5), Math.round(box.y + box.h / 2)]);
  assert.ok(px[2] > 150 && px[0] < 100, `focus ring pixel rgb(${px.slice(0, 3)})`);
  assert.deepEqual(messages, []);
  await page.close();
});
