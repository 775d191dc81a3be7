// Issue 21's course site, for real: MkDocs with mkdocs-material (pinned, from PyPI, in a venv
// under target/) builds tests/course-site in its light and its dark (slate) scheme; the element
// comes cross-origin from dist/site, and the Share panel's iframe snippet is pasted in. Checked
// in both schemes: share links open the canonical app with the same state, iframes have no
// inner scrollbar at 360, 700 and 1280 px, text contrast passes axe, theme=auto follows the
// page, and on a phone a vertical swipe over the landscape scrolls the page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ARTIFACTS, ROOT, axe, launch, ready, serveDir } from "./lib.mjs";

const PINS = ["mkdocs==1.6.1", "mkdocs-material==9.8.2"];
const VENV = join(ROOT, "target/mkdocs-venv");
const DIST = join(ROOT, "dist/site");

let browser;
let site;
let work;
const built = {};
before(async () => {
  assert.ok(existsSync(join(DIST, "downhill.js")), "dist/site is missing: run scripts/dist");
  const pinFile = join(VENV, ".pins");
  if (!existsSync(pinFile) || readFileSync(pinFile, "utf8") !== PINS.join("\n")) {
    rmSync(VENV, { recursive: true, force: true });
    execFileSync("python3", ["-m", "venv", VENV]);
    execFileSync(join(VENV, "bin/pip"), ["install", "--quiet", "--disable-pip-version-check", ...PINS], { stdio: "inherit" });
    writeFileSync(pinFile, PINS.join("\n"));
  }
  site = await serveDir(DIST, { headers: { "access-control-allow-origin": "*" }, gzip: true });
  work = mkdtempSync(join(ROOT, "target", "course-site-"));
  // The snippet as the Share panel writes it for this site (the same function).
  const snippet = `<iframe src="${site.base}index.html?preset=fig6.9&amp;embed=1" width="100%" height="900" style="border:0" loading="lazy" title="Downhill: bowl"></iframe>\n<script src="${site.base}downhill-resize.js" async></script>`;
  for (const scheme of ["default", "slate"]) {
    const dir = join(work, scheme);
    cpSync(join(ROOT, "tests/course-site"), dir, { recursive: true });
    const fill = (f) => writeFileSync(f, readFileSync(f, "utf8").replaceAll("{SITE}", site.base).replaceAll("{SCHEME}", scheme).replaceAll("{SNIPPET}", snippet));
    fill(join(dir, "mkdocs.yml"));
    for (const f of readdirSync(join(dir, "docs"))) fill(join(dir, "docs", f));
    execFileSync(join(VENV, "bin/mkdocs"), ["build", "--quiet", "--strict", "-f", join(dir, "mkdocs.yml"), "-d", join(dir, "out")]);
    built[scheme] = await serveDir(join(dir, "out"));
  }
  browser = await launch();
});
after(async () => {
  await browser?.close();
  site?.stop();
  for (const s of Object.values(built)) s.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function openPage(url, viewport = { width: 1280, height: 900 }) {
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(url);
  return { page, errors };
}
async function contrast(page) {
  // The widgets only (the theme's own footer is mkdocs-material's business).
  const { violations, checked } = await axe(page, { rules: ["color-contrast"], within: "downhill-widget" });
  // It looked inside the widgets: dozens of texts checked.
  assert.ok(checked > 20, `axe checked ${checked} texts in the widgets`);
  return violations;
}

for (const scheme of ["default", "slate"]) {
  test(`mkdocs-material (${scheme}): the student's state is shared to the canonical app; text contrast passes; theme=auto follows the page`, async () => {
    const { page, errors } = await openPage(`${built[scheme].base}two/`);
    await ready(page, "#bowl");
    await ready(page, "#fig67");
    // The student changes the state with the widget's own controls: another optimizer.
    await page.locator("#bowl .run select").first().selectOption("momentum");
    const out = await page.evaluate(() => {
      const el = document.getElementById("bowl");
      el.widget.step(20);
      return { link: el.shareUrl(), query: el.query, trace: el.trace(), theme: el.shadowRoot.querySelector(".dh").dataset.theme };
    });
    assert.ok(out.link.startsWith(`${site.base}index.html?`), `the link opens the app, not the course page: ${out.link}`);
    assert.match(out.link, /momentum/);
    assert.equal(out.theme, scheme === "slate" ? "dark" : "light", "theme=auto follows mkdocs-material's scheme");
    const opened = await browser.context.newPage();
    await opened.goto(out.link);
    await ready(opened);
    const again = await opened.evaluate(() => {
      const w = document.querySelector("downhill-widget");
      w.widget.step(20);
      return w.trace();
    });
    assert.equal(again, out.trace, "the link reproduces the student's runs");
    await opened.close();
    assert.deepEqual(await contrast(page), [], `contrast on the ${scheme} page`);
    await page.screenshot({ path: join(ARTIFACTS, `mkdocs-${scheme}.png`), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test(`mkdocs-material (${scheme}): the iframe snippet fits its content at 360, 700 and 1280 px`, async () => {
    for (const width of [360, 700, 1280]) {
      const { page, errors } = await openPage(`${built[scheme].base}`, { width, height: 900 });
      await page.locator("iframe").scrollIntoViewIfNeeded();
      let fit;
      for (let i = 0; i < 150; i++) {
        const f = page.frames().find((x) => x.url().startsWith(site.base));
        fit = f && (await f.evaluate(() => ({
          ready: !!document.querySelector("downhill-widget")?.widget,
          scroll: document.documentElement.scrollHeight - document.documentElement.clientHeight,
        })).catch(() => null));
        if (fit?.ready && fit.scroll <= 1) break;
        await page.waitForTimeout(100);
      }
      assert.ok(fit?.ready, `${width} px: the iframe's widget is up`);
      assert.ok(fit.scroll <= 1, `${width} px: a scrollbar inside the iframe (${fit.scroll} px to scroll)`);
      if (width === 360) await page.screenshot({ path: join(ARTIFACTS, `mkdocs-${scheme}-iframe-360.png`), fullPage: true });
      assert.deepEqual(errors, []);
      await page.close();
    }
  });
}

test("mkdocs-material on a phone: a vertical swipe over the landscape scrolls the course page", async () => {
  const { page, errors } = await openPage(`${built.default.base}`, { width: 390, height: 844 });
  await ready(page, "#gabor");
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send("Emulation.setTouchEmulationEnabled", { enabled: true, maxTouchPoints: 1 });
  const box0 = await page.locator("#gabor .fg").boundingBox();
  await page.evaluate((y) => window.scrollTo(0, y), box0.y - 40);
  await page.waitForTimeout(100);
  const fg = await page.locator("#gabor .fg").boundingBox();
  const y0 = await page.evaluate(() => window.scrollY);
  const start0 = await page.evaluate(() => document.getElementById("gabor").query);
  const x = fg.x + 0.85 * fg.width;
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x, y: fg.y + 0.8 * fg.height }] });
  for (let k = 1; k <= 12; k++) await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x, y: fg.y + 0.8 * fg.height - 20 * k }] });
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await page.waitForTimeout(300);
  const y1 = await page.evaluate(() => window.scrollY);
  assert.ok(y1 > y0 + 100, `the course page scrolled by ${y1 - y0} px`);
  assert.equal(await page.evaluate(() => document.getElementById("gabor").query), start0, "the swipe changed nothing");
  assert.deepEqual(errors, []);
  await page.close();
});
