// The widget at home in a course page (issue 21): a finger on a phone scrolls the page rather than
// moving the start by accident, and moves what it lands on.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { axe, harness, open, ready } from "./lib.mjs";

/** axe-core's colour-contrast violations on the page as it is now (open shadow roots included). */
const contrast = async (page) => (await axe(page, { rules: ["color-contrast"] })).violations;

const h = harness({ before, after });

/** The start marker's place on the landscape, in page coordinates (the core's own hit test,
 * scanned over the canvas). */
async function markerAt(page, near = null) {
  return page.evaluate((near) => {
    const el = document.querySelector("downhill-widget");
    const fg = el.shadowRoot.querySelector(".fg");
    const r = fg.getBoundingClientRect();
    let best = null;
    for (let y = 0; y < r.height; y += 3) {
      for (let x = 0; x < r.width; x += 3) {
        if (el.widget.hit("start", x, y, 2).length !== 2) continue;
        const p = { x: r.left + x, y: r.top + y };
        if (!near) return p;
        if (!best || Math.hypot(p.x - near.x, p.y - near.y) < Math.hypot(best.x - near.x, best.y - near.y)) best = p;
      }
    }
    return best;
  }, near);
}
const startOf = (page) => page.evaluate(() => document.querySelector("downhill-widget").widget.view("state").runs[0].start.join(","));

test("on a phone: a swipe over the landscape scrolls the page; a finger on the start marker drags it; a tap sets it", async () => {
  const { page, messages } = await h.widgetPage("preset=fig6.7", { width: 390, height: 844 });
  const cdp = await h.browser.context.newCDPSession(page);
  await cdp.send("Emulation.setTouchEmulationEnabled", { enabled: true, maxTouchPoints: 1 });
  const box0 = await page.locator("downhill-widget .fg").first().boundingBox();
  await page.evaluate((y) => window.scrollTo(0, y), box0.y - 40);
  await page.waitForTimeout(100);
  const fg = await page.locator("downhill-widget .fg").first().boundingBox();
  const marker = await markerAt(page);
  assert.ok(marker, "the start marker is on the landscape");
  const touch = async (points) => {
    await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [points[0]] });
    for (const p of points.slice(1)) await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [p] });
    await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
    await page.waitForTimeout(300);
  };

  // 1. A vertical swipe away from the marker: the page scrolls, the start stays.
  const far = { x: fg.x + (marker.x - fg.x < fg.width / 2 ? 0.8 : 0.2) * fg.width, y: fg.y + 0.75 * fg.height };
  const start0 = await startOf(page);
  const y0 = await page.evaluate(() => window.scrollY);
  await touch(Array.from({ length: 13 }, (_, k) => ({ x: far.x, y: far.y - 20 * k })));
  const y1 = await page.evaluate(() => window.scrollY);
  assert.ok(y1 > y0 + 100, `the page scrolled by ${y1 - y0} px`);
  assert.equal(await startOf(page), start0, "a swipe does not move the start");
  // A diagonal swipe (the campaign's: it moved the start to (-5.49, 20.8)) scrolls too.
  await page.evaluate((y) => window.scrollTo(0, y), box0.y - 40);
  await page.waitForTimeout(100);
  await touch(Array.from({ length: 13 }, (_, k) => ({ x: far.x - 6 * k, y: far.y - 15 * k })));
  assert.equal(await startOf(page), start0, "a diagonal swipe does not move the start");

  // 2. A finger on the marker drags it, and the page does not scroll.
  await page.evaluate((y) => window.scrollTo(0, y), box0.y - 40);
  await page.waitForTimeout(100);
  const m = await markerAt(page);
  const top = () => page.evaluate(() => document.querySelector("downhill-widget").shadowRoot.querySelector(".fg").getBoundingClientRect().top);
  const t2 = await top();
  await touch(Array.from({ length: 9 }, (_, k) => ({ x: m.x + 5 * k, y: m.y - 5 * k })));
  // The landscape stays under the finger (the caption of the preset, gone once its settings
  // change, shortens the page above it; scroll anchoring keeps the landscape in place).
  assert.ok(Math.abs((await top()) - t2) < 1, `the landscape moved by ${(await top()) - t2} px while dragging the marker`);
  const dragged = await startOf(page);
  // Issue 21 §8: a dragged start is written with the digits a pixel shows, not seventeen.
  assert.match(dragged, /^-?\d+(\.\d{1,4})?,-?\d+(\.\d{1,4})?$/, `start ${dragged}`);
  assert.notEqual(dragged, start0, "the marker followed the finger");
  const m2 = await markerAt(page, { x: m.x + 40, y: m.y - 40 });
  assert.ok(Math.hypot(m2.x - (m.x + 40), m2.y - (m.y - 40)) < 8, `the marker is under the finger: ${JSON.stringify([m, m2])}`);

  // 3. A tap sets the start where it lands.
  const fgNow = await page.locator("downhill-widget .fg").first().boundingBox();
  // Away from the marker (a finger on it would drag it).
  const spot = { x: fgNow.x + (m2.x - fgNow.x < fgNow.width / 2 ? 0.75 : 0.25) * fgNow.width, y: fgNow.y + (m2.y - fgNow.y < fgNow.height / 2 ? 0.7 : 0.3) * fgNow.height };
  // Where a tap there sets the start: the point under it, or a marked critical point within a
  // finger's reach (figure 6.4's points load exactly).
  const want = await page.evaluate(({ x, y }) => {
    const el = document.querySelector("downhill-widget");
    const r = el.shadowRoot.querySelector(".fg").getBoundingClientRect();
    const crit = el.widget.hit("critical", x - r.left, y - r.top, 22);
    return (crit.length === 2 ? crit : el.widget.hit("landscape", x - r.left, y - r.top)).join(",");
  }, spot);
  await touch([spot]);
  const tappedAt = await startOf(page);
  assert.notEqual(tappedAt, dragged, "a tap sets the start");
  // Where the finger tapped, to the precision a pixel shows (a marked critical point exactly).
  const close = (a, b) => a.split(",").every((v, i) => Math.abs(Number(v) - Number(b.split(",")[i])) < 0.05);
  assert.ok(close(tappedAt, want), `the start is where the finger tapped: ${tappedAt} against ${want}`);

  await h.shot(page, "course-phone-touch");
  assert.deepEqual(messages, []);
  await page.close();
});

test("on a phone: a swipe over the data panel scrolls; a finger on a point drags it; a tap adds one", async () => {
  const { page, messages } = await h.widgetPage("preset=gabor-sgd", { width: 390, height: 844 });
  const cdp = await h.browser.context.newCDPSession(page);
  await cdp.send("Emulation.setTouchEmulationEnabled", { enabled: true, maxTouchPoints: 1 });
  const d0 = await page.locator("downhill-widget .datac").boundingBox();
  await page.evaluate((y) => window.scrollTo(0, y), d0.y - 40);
  await page.waitForTimeout(100);
  const dc = await page.locator("downhill-widget .datac").boundingBox();
  const touch = async (points) => {
    await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [points[0]] });
    for (const p of points.slice(1)) await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [p] });
    await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
    await page.waitForTimeout(300);
  };
  const info = () => page.evaluate(() => {
    const el = document.querySelector("downhill-widget");
    return { n: el.widget.view("state").n_points, y: window.scrollY, query: el.query };
  });
  // An empty spot: no point within a finger's reach.
  const empty = await page.evaluate(({ w, h }) => {
    const el = document.querySelector("downhill-widget");
    for (let y = h * 0.2; y < h * 0.9; y += 4) for (let x = w * 0.1; x < w * 0.9; x += 4) {
      if (el.widget.hit("point", x, y, 30).length === 0 && el.widget.hit("data", x, y).length === 2) return { x, y };
    }
    return null;
  }, { w: dc.width, h: dc.height });
  assert.ok(empty, "an empty spot on the data panel");
  const before = await info();
  await touch(Array.from({ length: 13 }, (_, k) => ({ x: dc.x + empty.x, y: dc.y + empty.y - 20 * k })));
  const after = await info();
  assert.ok(after.y > before.y + 100, `the page scrolled by ${after.y - before.y} px`);
  assert.equal(after.query, before.query, "a swipe changes nothing");
  // A tap adds a point.
  await page.evaluate((y) => window.scrollTo(0, y), d0.y - 40);
  await page.waitForTimeout(100);
  await touch([{ x: dc.x + empty.x, y: dc.y + empty.y }]);
  assert.equal((await info()).n, before.n + 1, "a tap adds a point");
  // A finger on a point drags it, without scrolling.
  const pt = await page.evaluate(({ x, y }) => document.querySelector("downhill-widget").widget.hit("point", x, y, 30), empty);
  assert.equal(pt.length, 1, "the new point is under the finger");
  const y3 = (await info()).y;
  const q3 = (await info()).query;
  await touch(Array.from({ length: 9 }, (_, k) => ({ x: dc.x + empty.x + 4 * k, y: dc.y + empty.y - 3 * k })));
  const moved = await info();
  assert.equal(moved.y, y3, "dragging a point does not scroll");
  assert.notEqual(moved.query, q3, "the point moved");
  assert.equal(moved.n, before.n + 1);
  assert.deepEqual(messages, []);
  await page.close();
});

test("a dark course page: theme=auto follows the page (and its switch), every widget has an opaque surface, text passes axe's contrast, the theme attribute and custom properties apply", async () => {
  const { page, messages } = await open(h.browser.context, `${h.srv.base}tests/e2e/host-dark.html`);
  for (const id of ["auto", "light", "attr", "bad"]) await ready(page, `#${id}`);
  const look = () => page.evaluate(() => Object.fromEntries(["auto", "light", "attr", "bad"].map((id) => {
    const el = document.getElementById(id);
    const dh = el.shadowRoot.querySelector(".dh");
    const cs = getComputedStyle(dh);
    return [id, { theme: dh.dataset.theme, bg: cs.backgroundColor, accent: cs.getPropertyValue("--accent").trim(), msg: el.shadowRoot.querySelector(".msg").hidden ? "" : el.shadowRoot.querySelector(".msg").textContent }];
  })));
  let l = await look();
  assert.equal(l.auto.theme, "dark", "theme=auto follows the page's slate scheme");
  assert.equal(l.light.theme, "light");
  assert.equal(l.attr.theme, "dark", "the theme attribute");
  assert.equal(l.attr.accent, "#7c3aed", "a host's --downhill-accent");
  for (const id of ["auto", "light", "attr"]) assert.notEqual(l[id].bg, "rgba(0, 0, 0, 0)", `${id}: an opaque surface`);
  assert.match(l.bad.msg, /theme/, "a bad theme attribute is reported");
  assert.equal(l.bad.theme, "light", "and the widget keeps the last good theme");
  await h.shot(page, "course-host-dark");
  assert.deepEqual(await contrast(page), [], "axe's colour contrast on a dark page");
  // The page switches to its light scheme: the auto widget follows; the others stay.
  await page.evaluate(() => document.body.setAttribute("data-md-color-scheme", "default"));
  await page.waitForFunction(() => document.getElementById("auto").shadowRoot.querySelector(".dh").dataset.theme === "light");
  l = await look();
  assert.equal(l.attr.theme, "dark");
  // The attribute, changed: the core takes it.
  await page.evaluate(() => document.getElementById("attr").setAttribute("theme", "light"));
  await page.waitForFunction(() => document.getElementById("attr").shadowRoot.querySelector(".dh").dataset.theme === "light");
  assert.deepEqual(await contrast(page), [], "axe's colour contrast on the light page");
  assert.deepEqual(messages, []);
  await page.close();
});

test("the layout follows the widget's own width, not the viewport's: stacked in a 688-px column, side by side at 1200 px, on one 1280-px page", async () => {
  const { page, messages } = await open(h.browser.context, `${h.srv.base}tests/e2e/column.html`);
  for (const id of ["narrow", "wide"]) await ready(page, `#${id}`);
  const columns = await page.evaluate(() => ["narrow", "wide"].map((id) =>
    getComputedStyle(document.getElementById(id).shadowRoot.querySelector(".grid")).gridTemplateColumns.split(" ").length));
  assert.deepEqual(columns, [1, 2]);
  assert.deepEqual(messages, []);
  await page.close();
});

test("no empty data panel after a change from a scene with data to one without (by load, and by the scene menu)", async () => {
  const { page, messages } = await h.widgetPage("preset=gabor-sgd");
  const dataShown = () => page.evaluate(() => !document.querySelector("downhill-widget").shadowRoot.querySelector('[data-part="data"]').hidden);
  assert.equal(await dataShown(), true);
  await page.evaluate(() => document.querySelector("downhill-widget").load("scene=bowl"));
  assert.equal(await dataShown(), false, "after load()");
  await page.evaluate(() => document.querySelector("downhill-widget").load("preset=gabor-sgd"));
  assert.equal(await dataShown(), true);
  await page.locator('downhill-widget [data-ctl="scene"]').selectOption("bowl");
  assert.equal(await dataShown(), false, "after the scene menu");
  await page.locator('downhill-widget [data-ctl="scene"]').selectOption("line1d");
  assert.equal(await dataShown(), true, "line1d shows its function there");
  assert.deepEqual(messages, []);
  await page.close();
});

test("help inside the widget: every control describes itself (en and zh), a legend of the markers, optimizer names as the book writes them, ? lists the shortcuts, and a click on text keeps the keys working", async () => {
  for (const lang of ["en", "zh"]) {
    const { page, messages } = await h.widgetPage(`preset=fig6.7&played=0&lang=${lang}`);
    // The help's words load after the first picture (their own module).
    await page.waitForFunction(() => document.querySelector("downhill-widget").shadowRoot.querySelector('[data-act="step"]').title);
    const r = await page.evaluate(() => {
      const el = document.querySelector("downhill-widget");
      const root = el.shadowRoot;
      const visible = (n) => n.getClientRects().length > 0;
      const described = (n) => n.title || n.getAttribute("aria-description") || n.closest("label")?.title;
      const controls = [...root.querySelectorAll("button, select, input, textarea")].filter(visible);
      return {
        count: controls.length,
        missing: controls.filter((n) => !described(n)).map((n) => n.outerHTML.slice(0, 80)),
        markers: root.querySelector('[data-out="markers"]').textContent,
        options: [...root.querySelector(".run select").options].map((o) => [o.value, o.textContent]),
      };
    });
    assert.ok(r.count >= 20, `${r.count} controls`);
    assert.deepEqual(r.missing, [], `${lang}: controls without a description`);
    assert.match(r.markers, lang === "en" ? /a saddle point \(where there are more than four, the one nearest the centre\)/ : /鞍点/);
    const adam = r.options.find(([v]) => v === "adam");
    assert.equal(adam[1], lang === "en" ? "Adam (6.15–6.17)" : "Adam (6.15–6.17)");
    assert.match(r.options.find(([v]) => v === "momentum")[1], /6\.11/);
    // "?" shows the shortcuts; Escape hides them.
    await page.locator("downhill-widget .caption").click();
    await page.keyboard.press("?");
    assert.equal(await page.locator('downhill-widget [data-out="keys"]').isVisible(), true);
    assert.match(await page.locator('downhill-widget [data-out="keys"]').textContent(), lang === "en" ? /one step/ : /走一步/);
    await page.keyboard.press("Escape");
    assert.equal(await page.locator('downhill-widget [data-out="keys"]').isVisible(), false);
    // After a click on the widget's text, "." still steps (the focus stayed in the widget).
    await page.locator("downhill-widget .caption").click();
    await page.keyboard.press(".");
    assert.equal(await page.evaluate(() => document.querySelector("downhill-widget").widget.view("state").runs[0].steps), 1);
    if (lang === "en") await h.shot(page, "course-help");
    assert.deepEqual(messages, []);
    await page.close();
  }
});

test("a value can be typed beside its slider: α = 0.3 exactly, a bad value refused with the core's message and the last good state kept", async () => {
  const { page, messages } = await h.widgetPage("scene=gabor&opt=sgd&alpha=0.2&batch=5");
  const alpha = page.locator("downhill-widget .run input.num").first();
  assert.equal(await alpha.inputValue(), "0.2");
  await alpha.fill("0.3");
  await alpha.press("Enter");
  await page.waitForFunction(() => /alpha=0\.3(&|;|$)/.test(document.querySelector("downhill-widget").query));
  const good = await page.evaluate(() => document.querySelector("downhill-widget").query);
  await page.locator("downhill-widget .run input.num").first().fill("-1");
  await page.locator("downhill-widget .run input.num").first().press("Enter");
  await page.waitForSelector("downhill-widget .msg.error");
  const refusal = await page.locator("downhill-widget .msg").textContent();
  // A refused value is not a problem with the link: its own heading says so.
  assert.match(refusal, /^Not applied.*greater than 0/);
  assert.equal(await page.evaluate(() => document.querySelector("downhill-widget").query), good);
  // The batch field speaks the link's words ("all"), in any language.
  const batch = page.locator("downhill-widget .run input.num").nth(1);
  assert.equal(await batch.inputValue(), "5");
  await batch.fill("all");
  await batch.press("Enter");
  await page.waitForFunction(() => /batch=all/.test(document.querySelector("downhill-widget").query));
  assert.deepEqual(messages, []);
  await page.close();
});

test("the gallery: human titles, an anchor per card, a search and filters, and a compact phone layout", async () => {
  const { page, messages } = await open(h.browser.context, `${h.srv.base}www/gallery.html`);
  await page.waitForSelector("body[data-ready]");
  const r = await page.evaluate(() => ({
    fig67: document.querySelector('.card[data-query="preset=fig6.7"] h2').textContent,
    anchors: document.querySelectorAll(".card h2 a.anchor").length,
    cards: document.querySelectorAll(".card").length,
  }));
  assert.match(r.fig67, /^Figure 6\.7 SGD with and without momentum/);
  assert.equal(r.anchors, r.cards, "an anchor per card");
  const shown = () => page.evaluate(() => [...document.querySelectorAll(".card")].filter((c) => !c.hidden).length);
  await page.fill("#search", "nesterov");
  const nesterov = await shown();
  assert.ok(nesterov >= 2 && nesterov < 10, `${nesterov} cards for "nesterov"`);
  await page.fill("#search", "");
  await page.click('#filters [data-kind="problems"]');
  assert.equal(await shown(), 11, "the chapter's eleven problems");
  await page.click('#filters [data-kind="lessons"]');
  const lessons = await page.evaluate(() => document.querySelectorAll("#lessons .card").length);
  assert.equal(await shown(), lessons);
  await page.click('#filters [data-kind="all"]');
  assert.equal(await shown(), r.cards);
  // A link to a card lands on it.
  await page.goto(`${h.srv.base}www/gallery.html#preset-fig6.9`);
  await page.waitForSelector("body[data-ready]");
  const top = await page.evaluate(() => document.getElementById("preset-fig6.9").getBoundingClientRect().top);
  assert.ok(Math.abs(top) < 5, `the card is at the top (${top} px)`);
  // A phone: two cards a row, the page less than half as long as the desktop's one column would be.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${h.srv.base}www/gallery.html`);
  await page.waitForSelector("body[data-ready]");
  const phone = await page.evaluate(() => ({
    h: document.documentElement.scrollHeight,
    columns: getComputedStyle(document.getElementById("cards")).gridTemplateColumns.split(" ").length,
  }));
  assert.equal(phone.columns, 2);
  assert.ok(phone.h < 15000, `${phone.h} px on a phone (27,000 before)`);
  console.log(`page benchmark: the gallery on a 390-px phone is ${phone.h} px long`);
  assert.deepEqual(messages, []);
  await page.close();
});

test("hostile use of the element: a share-base that is no web address, methods before ready, step(Infinity), a theme attribute against a loaded query", async () => {
  const { page, messages } = await open(h.browser.context, `${h.srv.base}tests/e2e/three.html`);
  await ready(page, "#a");
  const r = await page.evaluate(async () => {
    const out = {};
    // Before ready: a clear error, no crash box; after ready the widget works.
    const early = document.createElement("downhill-widget");
    early.setAttribute("preset", "scene=bowl");
    document.body.append(early);
    try { early.trace(); out.early = "no error"; } catch (e) { out.early = e.message; }
    await early.ready;
    out.crashBox = !!early.shadowRoot.querySelector(".crash");
    // share-base: javascript: and a broken address are refused, said once, and links open the app.
    for (const base of ["javascript:alert(1)//", "http://[bad"]) {
      early.setAttribute("share-base", base);
      const link = early.shareUrl();
      const snippet = early.snippet();
      out[base] = { link, unsafe: /javascript:|\[bad/.test(link + snippet), msg: early.shadowRoot.querySelector(".msg").textContent };
      early.load("scene=gabor&opt=adam");
      out[base].query = early.query;
    }
    early.setAttribute("share-base", "https://example.org/app.html");
    out.good = early.shareUrl();
    // step(n): NaN none, Infinity to the end, a string as a number.
    early.load("scene=bowl&opt=gd&steps=30");
    early.step(NaN);
    out.nan = early.widget.view("state").runs[0].steps;
    early.step(Infinity);
    out.inf = early.widget.view("state").runs[0].steps;
    // The theme attribute wins over a loaded query's theme.
    early.setAttribute("theme", "light");
    early.load("scene=bowl&theme=dark");
    out.theme = early.shadowRoot.querySelector(".dh").dataset.theme;
    return out;
  });
  assert.match(r.early, /before the widget was ready: await its ready promise/);
  assert.equal(r.crashBox, false, "no crash box");
  for (const base of ["javascript:alert(1)//", "http://[bad"]) {
    assert.equal(r[base].unsafe, false, `${base}: ${r[base].link}`);
    assert.match(r[base].msg, /share-base/);
    assert.equal(r[base].query, "scene=gabor&opt=adam", `${base}: load still works`);
  }
  assert.match(r.good, /^https:\/\/example\.org\/app\.html\?/);
  assert.equal(r.nan, 0);
  assert.equal(r.inf, 30);
  assert.equal(r.theme, "light");
  assert.deepEqual(messages, []);
  await page.close();
});
