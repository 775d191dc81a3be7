// Lessons in a real browser: every lesson played end to end by its link, in English and in
// Chinese, once answering every question right and once wrong, as a student does it (clicks
// and strokes on the landscape, radio buttons, a typed number). The answers the test aims at
// come from `downhill lesson`; the verdicts the widget shows come from its own core.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { ROOT, harness, open, ready } from "./lib.mjs";

const CLI = join(ROOT, "target/debug/downhill");
const h = harness({ before, after });
const { shot, widgetPage } = h;
const el = (page, fn, arg) =>
  page.evaluate(([f, a]) => new Function("el", "arg", `return (${f})(el, arg)`)(document.querySelector("downhill-widget"), a), [fn.toString(), arg]);
const lessons = execFileSync(CLI, ["lessons"], { encoding: "utf8" }).trim().split("\n").map((l) => l.split("\t")[0]);
const beatsOf = (name) => execFileSync(CLI, ["lesson", name], { encoding: "utf8" }).trim().split("\n").map((l) => JSON.parse(l));

/** The page pixel of parameters `phi` on the landscape, from the core's own hit-test (the axes
 * are linear: two probes give the map). */
async function pixelOf(page, phi) {
  const box = await page.locator("downhill-widget .fg").boundingBox();
  const probe = (x, y) => el(page, (el, [x, y]) => el.widget.hit("landscape", x, y, 0), [x, y]);
  // Inside the first panel (small multiples put panel b) right of it).
  const [x0, y0, x1, y1] = [box.width * 0.2, box.height * 0.3, box.width * 0.4, box.height * 0.7];
  const a = await probe(x0, y0);
  const b = await probe(x1, y1);
  const x = x0 + ((phi[0] - a[0]) * (x1 - x0)) / (b[0] - a[0]);
  const y = y0 + ((phi[1] - a[1]) * (y1 - y0)) / (b[1] - a[1]);
  return [box.x + x, box.y + y];
}

/** Answers the open question `right` or wrong, like a student, then reveals and plays it out. */
async function answer(page, beat, right) {
  const { kind, answer: a } = beat.question;
  const lesson = page.locator("downhill-widget .lesson");
  if (kind === "choose") {
    const k = right ? a.correct : (a.correct + 1) % a.options.length;
    await lesson.locator('input[name="l-choice"]').nth(k).check();
  } else if (kind === "number") {
    await lesson.locator(".l-number").fill(String(right ? a.value : a.value * 3 + 1));
  } else if (kind === "point") {
    const view = await el(page, (el) => el.widget.view("state"));
    // Wrong: 40% of the view's width away, inside the view.
    const w = view.view[1] - view.view[0];
    const off = a.phi[0] + 0.4 * w <= view.view[1] ? 0.4 * w : -0.4 * w;
    const target = right ? a.phi : [a.phi[0] + off, a.phi[1]];
    const [x, y] = await pixelOf(page, target);
    await page.mouse.click(x, y);
  } else {
    // A stroke through the real path's points (right), or a straight line across the view.
    const pts = right ? a.path.filter((_, i) => i % Math.ceil(a.path.length / 40) === 0 || i === a.path.length - 1) : null;
    const view = await el(page, (el) => el.widget.view("state"));
    const line = [[view.view[0] + 0.05 * (view.view[1] - view.view[0]), view.view[3] - 0.05 * (view.view[3] - view.view[2])], [view.view[1] - 0.05 * (view.view[1] - view.view[0]), view.view[3] - 0.1 * (view.view[3] - view.view[2])]];
    const path = [];
    for (const p of pts ?? line) path.push(await pixelOf(page, p));
    await page.mouse.move(...path[0]);
    await page.mouse.down();
    for (const p of path.slice(1)) await page.mouse.move(p[0], p[1], { steps: 2 });
    await page.mouse.up();
  }
  await lesson.locator(".l-go").click();
  // The beat plays (the element's own Play); finish it at once.
  await el(page, (el) => {
    while (!el.widget.view("readout").finished) el.step(500);
  });
  await page.waitForFunction(() => document.querySelector("downhill-widget").shadowRoot.querySelector(".lesson .l-verdict"), null, { timeout: 10000 });
  return lesson.locator(".l-verdict").getAttribute("class");
}

for (const lang of ["en", "zh"]) {
  for (const right of [true, false]) {
    test(`every lesson played end to end (${lang}, answering ${right ? "right" : "wrong"})`, async () => {
      for (const name of lessons) {
        const beats = beatsOf(name);
        const { page, messages } = await widgetPage(`lesson=${name}&lang=${lang}`);
        for (const beat of beats) {
          const view = await el(page, (el) => el.widget.view("lesson"));
          assert.equal(view.beat, beat.beat, name);
          // Nothing of the outcome is on screen before the prediction: the runs wait.
          await el(page, (el) => el.step(5));
          const t = await el(page, (el) => el.widget.view("state").runs[0].steps);
          if (beat.question) {
            assert.equal(t, 0, `${name} beat ${beat.beat} moved before the prediction`);
            const cls = await answer(page, beat, right);
            assert.match(cls, right ? /\bright\b/ : /\bwrong\b/, `${name} beat ${beat.beat}`);
            const why = await page.locator("downhill-widget .lesson .l-why").textContent();
            assert.ok(why.length > 20 && !why.includes("{"), `${name} beat ${beat.beat}: ${why}`);
            if (lang === "zh") assert.match(why, /[\u4e00-\u9fff]/);
            // The trace is the CLI's for the beat's query.
            const trace = await el(page, (el) => el.trace());
            assert.equal(trace, execFileSync(CLI, ["trace", beat.query], { encoding: "utf8" }), `${name} beat ${beat.beat}`);
          }
          await shot(page, `lesson-${name}-${beat.beat}-${lang}-${right ? "right" : "wrong"}`);
          const next = page.locator('downhill-widget .lesson [data-lesson="next"]');
          if (beat.beat + 1 < beats.length) await next.click();
          else assert.ok(await next.isDisabled());
        }
        // A reload resumes at the beat in the URL.
        await page.waitForFunction((n) => new URL(location.href).searchParams.get("beat") === String(n), beats.length, { timeout: 5000 });
        await page.reload();
        await page.waitForFunction(() => document.querySelector("downhill-widget")?.widget, null, { timeout: 20000 });
        assert.equal((await el(page, (el) => el.widget.view("lesson"))).beat, beats.length - 1, name);
        assert.deepEqual(messages, [], name);
        await page.close();
      }
    });
  }
}

test("a lesson link opens at its beat, refuses a bad beat with a message, and the keyboard predicts a point", async () => {
  const { page } = await widgetPage("lesson=fig6.4&beat=3");
  assert.equal((await el(page, (el) => el.widget.view("lesson"))).beat, 2);
  const fg = page.locator("downhill-widget .fg");
  await fg.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Shift+ArrowUp");
  const v = await el(page, (el) => el.widget.view("lesson"));
  assert.equal(v.guess.kind, "point");
  assert.ok(!(await page.locator("downhill-widget .lesson .l-go").isDisabled()));
  // The start did not move: the arrows moved the prediction.
  assert.deepEqual((await el(page, (el) => el.widget.view("state"))).runs[0].start, [-1.5, 8.5]);
  // While it asks, the inspector and the loss keep their room and say why they are empty.
  const waiting = () => el(page, (el) => [".insp", '[data-part="loss"]'].map((s) => {
    const box = el.shadowRoot.querySelector(s);
    return [getComputedStyle(box, "::after").content, getComputedStyle(box.firstElementChild ?? box).visibility];
  }));
  for (const [words, inside] of await waiting()) {
    assert.match(words, /Shown once you have predicted/);
    assert.equal(inside, "hidden");
  }
  await page.locator("downhill-widget .lesson .l-go").click();
  await page.waitForFunction(() => document.querySelector("downhill-widget").widget.view("lesson").phase !== "ask");
  for (const [words, inside] of await waiting()) assert.ok(words === "none" && inside === "visible", `${words} ${inside}`);
  await page.close();

  const bad = await widgetPage("lesson=fig6.4&beat=9");
  const msg = await bad.page.locator("downhill-widget .msg").textContent();
  assert.match(msg, /beat/);
  assert.equal((await el(bad.page, (el) => el.widget.view("lesson"))).beat, 0);
  await bad.page.close();
});

test("on a phone the loss panel keeps its height while a beat asks (nothing below it moves at the reveal)", async () => {
  const { page } = await widgetPage("lesson=fig6.6", { width: 390, height: 844 });
  const lossHeight = () => el(page, (el) => el.shadowRoot.querySelector('[data-part="loss"]').getBoundingClientRect().height);
  const asking = await lossHeight();
  await page.locator('downhill-widget .lesson input[name="l-choice"]').first().check();
  await page.locator("downhill-widget .lesson .l-go").click();
  await page.waitForFunction(() => document.querySelector("downhill-widget").widget.view("lesson").phase !== "ask");
  assert.equal(await lossHeight(), asking);
  assert.ok(asking >= 150, `${asking} px`);
  await page.close();
});

test("an instructor's own lesson in the page: bad beats reported with their place, answers from the core", async () => {
  const { page, messages } = await open(h.browser.context, `${h.srv.base}tests/e2e/page-lesson.html`);
  await ready(page);
  const lesson = page.locator("downhill-widget .lesson");
  await lesson.waitFor();
  assert.match(await lesson.textContent(), /Step sizes on the bowl/);
  assert.match(await lesson.textContent(), /Where is gradient descent after 30 steps\?/);
  assert.match(await page.locator("downhill-widget .msg").textContent(), /beat\[2\] = .*alpha/);
  // Beat 1 (a point): answered where the core says the run is.
  const trace = execFileSync(CLI, ["trace", "scene=bowl&opt=gd&alpha=0.2&start=-0.7,-0.9&steps=30"], { encoding: "utf8" }).trim().split("\n");
  const end = JSON.parse(trace.at(-1)).phi;
  const [x, y] = await pixelOf(page, end);
  await page.mouse.click(x, y);
  await lesson.locator(".l-go").click();
  await el(page, (el) => {
    while (!el.widget.view("readout").finished) el.step(100);
  });
  await page.waitForSelector("downhill-widget >> .lesson .l-verdict.right");
  await lesson.locator('[data-lesson="next"]').click();
  // The third element's beat (the second is left out), with its own reveal words.
  await lesson.locator('input[name="l-choice"]').nth(2).check();
  await lesson.locator(".l-go").click();
  await el(page, (el) => {
    while (!el.widget.view("readout").finished) el.step(100);
  });
  await page.waitForSelector("downhill-widget >> .lesson .l-verdict.right");
  assert.match(await lesson.locator(".l-why").textContent(), /It diverges: α = 0\.045 is past 2\/λmax = 0\.04\./);
  await lesson.locator('[data-lesson="next"]').click();
  // The default words of a number question, and its answer.
  assert.match(await lesson.textContent(), /How many steps does one epoch take\?/);
  await lesson.locator(".l-number").fill("5");
  await lesson.locator(".l-go").click();
  await el(page, (el) => {
    while (!el.widget.view("readout").finished) el.step(100);
  });
  await page.waitForSelector("downhill-widget >> .lesson .l-verdict.right");
  assert.match(await lesson.locator(".l-why").textContent(), /⌈30\/6⌉ = 5/);
  // The data panel, hidden on the bowl of beat 1, is drawn at its size once shown (it was a
  // 1-pixel canvas stretched over the panel: solid black or red).
  const sizes = await el(page, (el) => {
    const c = el.shadowRoot.querySelector(".datac");
    return [c.width, c.clientWidth];
  });
  assert.ok(sizes[0] >= sizes[1] && sizes[1] > 100, `${sizes}`);
  await shot(page, "lesson-page-own");
  assert.deepEqual(messages, []);
  await page.close();
});

test("on a phone a sketch is drawn with a finger on the landscape, and the page does not scroll", async () => {
  const { page, messages } = await widgetPage("lesson=fig6.5&beat=3", { width: 390, height: 844 });
  const cdp = await h.browser.context.newCDPSession(page);
  await cdp.send("Emulation.setTouchEmulationEnabled", { enabled: true, maxTouchPoints: 1 });
  const box = await page.locator("downhill-widget .fg").boundingBox();
  // Bring the landscape fully into view, then note the scroll position.
  await page.evaluate((y) => window.scrollTo(0, y), box.y - 20);
  const fg = await page.locator("downhill-widget .fg").boundingBox();
  const y0 = await page.evaluate(() => window.scrollY);
  const at = (fx, fy) => ({ x: fg.x + fx * fg.width, y: fg.y + fy * fg.height });
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [at(0.5, 0.7)] });
  for (let k = 1; k <= 12; k++) {
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [at(0.5 + 0.02 * k, 0.7 - 0.04 * k)] });
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  const v = await el(page, (el) => el.widget.view("lesson"));
  assert.equal(v.guess?.kind, "sketch");
  assert.ok(v.guess.value.length >= 5, `${v.guess.value.length} points`);
  assert.equal(await page.evaluate(() => window.scrollY), y0, "the page scrolled while sketching");
  assert.ok(!(await page.locator("downhill-widget .lesson .l-go").isDisabled()));
  await shot(page, "lesson-phone-sketch");
  assert.deepEqual(messages, []);
  await page.close();
});

// Every lesson in presenter mode, as a lecture plays it: each beat revealed and played by the
// element's own frame loop, then the next beat. The main thread's long tasks are measured and
// reported (page benchmark), not asserted: timed assertions do not belong in tests.
test("lessons: long tasks while every beat plays and changes (measured, not asserted)", async () => {
  const rows = [];
  for (const name of lessons) {
    const page = await h.browser.context.newPage();
    await page.addInitScript(() => {
      window.__long = [];
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) window.__long.push(e.duration);
      }).observe({ type: "longtask", buffered: true });
    });
    await page.goto(`${h.srv.base}index.html?lesson=${name}&reveal=1`);
    await ready(page);
    const beats = (await el(page, (el) => el.widget.view("lesson"))).beats;
    for (let k = 0; k < beats; k++) {
      const go = page.locator("downhill-widget .lesson .l-go");
      // A beat with a question waits for its Reveal (the panel is drawn in a task of its own).
      if (await el(page, (el) => el.widget.view("lesson").kind)) await go.waitFor();
      if (await go.count()) await go.click();
      await page.waitForFunction(() => {
        const w = document.querySelector("downhill-widget").widget;
        const v = w.view("lesson");
        return (!v.kind || v.phase === "done") && w.view("readout").finished;
      }, null, { timeout: 60000 });
      if (k + 1 < beats) await page.locator('downhill-widget .lesson [data-lesson="next"]').click();
    }
    await page.waitForTimeout(300);
    const long = await page.evaluate(() => window.__long);
    rows.push(`${name}: ${long.length} long task(s)${long.length ? `, worst ${Math.round(Math.max(...long))} ms` : ""}`);
    await page.close();
  }
  console.log(`page benchmark, lessons (presenter mode, every beat played by the frame loop):\n  ${rows.join("\n  ")}`);
});
