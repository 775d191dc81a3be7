// Shared harness: a static server on 127.0.0.1 and Debian's Chromium driven by playwright-core.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import http from "node:http";
import net from "node:net";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

export const ROOT = new URL("../../", import.meta.url).pathname;
export const ARTIFACTS = join(ROOT, "tests/e2e/artifacts");

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** axe-core (pinned, injected into the page) on the page as it is now, open shadow roots
 * included: `rules` limits it (["color-contrast"]), `within` names the elements to check (a
 * selector; the whole page without it). Returns the violations, a line each, and (with
 * `within`) how many nodes it checked. */
export async function axe(page, { rules, within } = {}) {
  await page.addScriptTag({ path: join(ROOT, "node_modules/axe-core/axe.min.js") });
  // The passing nodes are counted only where they are asked for (`within`): listing them all
  // on every page would slow the suite.
  const options = { ...(rules ? { runOnly: rules } : {}), ...(within ? {} : { resultTypes: ["violations"] }) };
  const r = await page.evaluate(([options, within]) => window.axe.run(within ? document.querySelectorAll(within) : document, options), [options, within]);
  const checked = [...r.passes, ...r.incomplete].reduce((n, p) => n + p.nodes.length, 0);
  const violations = r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" > ")).slice(0, 3).join("; ")}`);
  return { violations, checked };
}

/** Serves the repository root on 127.0.0.1, with the tests' build of the wasm module
 * (tests/e2e/pkg-panic: the release module plus the test hooks, `Widget::bench` and the
 * `critical` and `data` views, and `debug_panic`) in place of www/pkg, which the release build
 * leaves without them. What ships is tested by dist.test.mjs, npm.test.mjs and tests/jupyter.
 * Returns { base, stop }. */
export async function serve() {
  const hooks = join(ROOT, "tests/e2e/pkg-panic");
  if (!existsSync(join(hooks, "downhill_bg.wasm"))) throw new Error("tests/e2e/pkg-panic is missing: run scripts/build-web --test-panic");
  const srv = await serveDir(ROOT, { rewrite: (path) => path.replace(/^\/www\/pkg\//, "/tests/e2e/pkg-panic/") });
  return { base: srv.base, stop: srv.stop };
}

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm", ".svg": "image/svg+xml", ".png": "image/png", ".json": "application/json", ".zip": "application/zip",
};

/** Serves `dir` on 127.0.0.1 as a real host would: `headers` on every response (a CSP, CORS),
 * gzip where the browser accepts it (`gzip: true`). Returns { base, port, stop }. */
export async function serveDir(dir, { headers = {}, gzip = false, rewrite = (p) => p } = {}) {
  const server = http.createServer((req, res) => {
    const path = rewrite(decodeURIComponent(new URL(req.url, "http://x").pathname));
    let file = normalize(join(dir, path));
    if (!file.startsWith(normalize(dir))) return res.writeHead(403).end();
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      let body = readFileSync(file);
      const h = { "content-type": TYPES[extname(file)] || "application/octet-stream", "cache-control": "no-cache", ...headers };
      if (gzip && /\bgzip\b/.test(req.headers["accept-encoding"] || "") && !/\.(png|zip)$/.test(file)) {
        body = gzipSync(body, { level: 9 });
        h["content-encoding"] = "gzip";
        h.vary = "accept-encoding";
      }
      h["content-length"] = body.length;
      res.writeHead(200, h).end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain", ...headers }).end("not found");
    }
  });
  const port = await freePort();
  await new Promise((r) => server.listen(port, "127.0.0.1", r));
  return { base: `http://127.0.0.1:${port}/`, port, stop: () => server.close() };
}

/** Launches Chromium headless with a fresh profile; returns { context, close }. */
export async function launch() {
  const dir = mkdtempSync(join(tmpdir(), "downhill-chromium-"));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
    viewport: { width: 1280, height: 1000 },
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"]).catch(() => {});
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Opens a page and collects console errors/warnings and page errors. */
export async function open(context, url, viewport) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const messages = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") messages.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => messages.push(`pageerror: ${e.message}`));
  await page.goto(url);
  return { page, messages };
}

/** The per-file setup of a test file: a server, a browser, screenshots, and pages with a ready
 * widget. Call at the top level of a node:test file. */
export function harness({ before, after }) {
  const h = { srv: null, browser: null };
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    h.srv = await serve();
    h.browser = await launch();
  });
  after(async () => {
    await h.browser?.close();
    h.srv?.stop();
  });
  h.shot = (page, name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  h.widgetPage = async (query, viewport) => {
    const o = await open(h.browser.context, `${h.srv.base}index.html?${query}`, viewport);
    await ready(o.page);
    return o;
  };
  return h;
}

/** Waits until the first <downhill-widget> (or `sel`) is ready. */
export async function ready(page, sel = "downhill-widget") {
  await page.waitForFunction((s) => {
    const w = document.querySelector(s);
    return w && w.widget;
  }, sel, { timeout: 20000 });
}

/** Waits until the first widget's landscape has its critical points (the core searches them a
 * slice per frame after a change). */
export async function settled(page) {
  await page.waitForFunction(() => document.querySelector("downhill-widget").widget.test("critical", 0).length > 0, null, { timeout: 20000 });
}

/** Scrolls the gallery through until every thumbnail is drawn (they are drawn as they come near
 * the screen). */
export async function allThumbnails(page) {
  await page.waitForSelector("body[data-ready]", { timeout: 60000 });
  for (let i = 0; i < 400; i++) {
    if (await page.evaluate(() => document.body.dataset.thumbs === "all")) return;
    await page.evaluate(() => window.scrollBy(0, 400));
    await page.waitForTimeout(30);
  }
  throw new Error("not every gallery thumbnail was drawn");
}
