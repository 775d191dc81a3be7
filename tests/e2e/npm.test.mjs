// The npm package as a user gets it (issue 20): `npm pack`'s tarball installed into a fresh
// folder, then used three ways, each served on its own port: a plain page that loads the module
// from node_modules, a Vite build of the main entry (the wasm found through
// `new URL(..., import.meta.url)`), and an esbuild bundle of `downhill-widget/inline`. In each,
// the widget's trace equals the CLI's. tsc checks the declarations against a typed use.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { ARTIFACTS, ROOT, launch, serveDir } from "./lib.mjs";

const CLI = join(ROOT, "target/debug/downhill");
const cli = (q) => execFileSync(CLI, ["trace", q], { encoding: "utf8", maxBuffer: 64 << 20 });
const version = /^version = "([^"]+)"/m.exec(readFileSync(join(ROOT, "Cargo.toml"), "utf8"))[1];
const TGZ = join(ROOT, "dist", `downhill-widget-${version}.tgz`);
const QUERIES = ["preset=bowl-adam", "preset=gabor-sgd&lang=zh", "preset=fig6.9"];

let browser;
let app;
before(async () => {
  assert.ok(existsSync(TGZ), `${TGZ} is missing: run scripts/dist and scripts/npm-pack`);
  mkdirSync(join(ROOT, "target"), { recursive: true });
  app = mkdtempSync(join(ROOT, "target", "npm-user-"));
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "course-page", private: true, type: "module" }));
  // No registry is asked: the tarball is all the package needs.
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", TGZ], { cwd: app, stdio: "pipe" });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  if (app) rmSync(app, { recursive: true, force: true });
});

/** Opens `url`, and for each query: a widget loads it, plays it to its end, and gives its trace. */
async function traces(url, name) {
  const page = await browser.context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(url);
  const out = await page.evaluate(async (queries) => {
    await customElements.whenDefined("downhill-widget");
    const res = [];
    for (const q of queries) {
      const el = document.createElement("downhill-widget");
      el.setAttribute("preset", q);
      document.body.append(el);
      await el.ready;
      el.step(100000);
      res.push({ trace: el.trace(), query: el.query, drawn: !!el.shadowRoot.querySelector("canvas") });
    }
    return res;
  }, QUERIES);
  await page.screenshot({ path: join(ARTIFACTS, `npm-${name}.png`), fullPage: true });
  await page.close();
  assert.deepEqual(errors, [], name);
  return out;
}

function same(out, name) {
  for (const [i, q] of QUERIES.entries()) {
    assert.ok(out[i].drawn, `${name}: ${q} drew nothing`);
    assert.equal(out[i].trace, cli(out[i].query), `${name}: ${q}`);
  }
}

test("the tarball holds the module, its wasm and chunks, the inline module, declarations, README and licences, and nothing of the book", () => {
  const pkg = join(app, "node_modules", "downhill-widget");
  const files = readdirSync(pkg).sort();
  for (const f of ["downhill.js", "downhill.d.ts", "README.md", "LICENSE-MIT", "LICENSE-APACHE", "package.json", "inline"]) assert.ok(files.includes(f), f);
  assert.ok(files.some((f) => /^downhill-[0-9a-f]{10}\.wasm$/.test(f)), files.join(" "));
  const meta = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8"));
  assert.equal(meta.version, version);
  assert.equal(meta.license, "MIT OR Apache-2.0");
  assert.ok(meta.exports["."] && meta.exports["./inline"] && meta.types && meta.sideEffects && meta.files);
  assert.ok(!files.some((f) => /\.(png|jpe?g|pdf)$/i.test(f)), "no figure of the book");
});

test("from a plain page that loads node_modules/downhill-widget/downhill.js: traces equal the CLI's", async () => {
  writeFileSync(join(app, "plain.html"), `<!doctype html><meta charset="utf-8"><title>plain</title><link rel="icon" href="data:,">
<script type="module" src="./node_modules/downhill-widget/downhill.js"></script><body></body>`);
  const srv = await serveDir(app);
  try {
    same(await traces(`${srv.base}plain.html`, "plain"), "plain page");
  } finally {
    srv.stop();
  }
});

test("built by Vite from `import \"downhill-widget\"` (the wasm copied by the bundler): traces equal the CLI's", async () => {
  writeFileSync(join(app, "index.html"), `<!doctype html><meta charset="utf-8"><title>vite</title><link rel="icon" href="data:,">
<script type="module" src="./main.js"></script><body></body>`);
  writeFileSync(join(app, "main.js"), `import "downhill-widget";\n`);
  const { build: viteBuild } = await import(join(ROOT, "node_modules/vite/dist/node/index.js"));
  await viteBuild({ root: app, logLevel: "warn", configFile: false, build: { outDir: join(app, "vite-out"), emptyOutDir: true } });
  const assets = readdirSync(join(app, "vite-out", "assets"));
  assert.ok(assets.some((f) => f.endsWith(".wasm")), `Vite copied the wasm: ${assets.join(" ")}`);
  const srv = await serveDir(join(app, "vite-out"));
  try {
    same(await traces(`${srv.base}index.html`, "vite"), "Vite build");
  } finally {
    srv.stop();
  }
});

test("bundled by esbuild from `import \"downhill-widget/inline\"` (one file, no wasm to copy): traces equal the CLI's", async () => {
  const out = join(app, "esbuild-out");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(app, "inline.js"), `import "downhill-widget/inline";\n`);
  await build({ absWorkingDir: app, entryPoints: ["inline.js"], bundle: true, format: "esm", outfile: join(out, "app.js"), logLevel: "warning" });
  writeFileSync(join(out, "index.html"), `<!doctype html><meta charset="utf-8"><title>esbuild</title><link rel="icon" href="data:,">
<script type="module" src="./app.js"></script><body></body>`);
  assert.deepEqual(readdirSync(out).sort(), ["app.js", "index.html"]);
  const srv = await serveDir(out);
  try {
    same(await traces(`${srv.base}index.html`, "esbuild"), "esbuild bundle");
  } finally {
    srv.stop();
  }
});

test("the declarations type a real use, and reject a wrong one (tsc --strict)", () => {
  const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
  const opts = ["--noEmit", "--strict", "--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext", "--lib", "es2022,dom"];
  writeFileSync(join(app, "use.ts"), `import "downhill-widget";
const el = document.createElement("downhill-widget");
el.setAttribute("preset", "preset=fig6.7");
el.addEventListener("change", (e) => console.log(e.detail.query.length));
el.addEventListener("step", (e) => console.log(e.detail.t + 1, e.detail.finished === true));
const problems = el.load("scene=bowl");
const first: string | undefined = problems[0]?.text;
el.ready.then((w) => { w.step(10); const jsonl: string = w.trace(); console.log(jsonl, first, w.query); });
`);
  execFileSync("node", [tsc, ...opts, "use.ts"], { cwd: app, stdio: "pipe" });
  writeFileSync(join(app, "wrong.ts"), `import "downhill-widget";
const el = document.createElement("downhill-widget");
el.step("ten");
`);
  assert.throws(() => execFileSync("node", [tsc, ...opts, "wrong.ts"], { cwd: app, stdio: "pipe" }), "a string for step(n) is a type error");
});
