// The Jupyter widget (python/, `downhill-widget`) in a real JupyterLab, and in Notebook 7:
// a fresh venv with pinned JupyterLab and the wheel, a server on 127.0.0.1, a notebook whose
// cells are run with the keyboard in Debian's Chromium.
//
//   scripts/wheel && node --test tests/jupyter/
//
// Builds nothing itself: it expects target/wheel/*.whl (scripts/wheel) and the CLI at
// target/debug/downhill (cargo build). The venv (target/jupyter-venv) is made once and reused
// while its pins are these; the wheel is reinstalled whenever its bytes change.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ARTIFACTS, ROOT, freePort, launch } from "../e2e/lib.mjs";

const PINS = [
  "jupyterlab==4.6.6",
  "notebook==7.6.5",
  "anywidget==0.9.21",
  "ipywidgets==8.1.9",
  "numpy==2.4.6",
  "pytest==9.0.2",
];
const VENV = join(ROOT, "target/jupyter-venv");
const PY = join(VENV, "bin/python");
const CLI = join(ROOT, "target/debug/downhill");
const QUERY = "preset=gabor-sgd&autoplay=1&speed=100";

const sha256 = (s) => createHash("sha256").update(s).digest("hex");
/** JSON Lines without blank lines or a trailing newline: the form both sides hash. */
const lines = (s) => s.split("\n").filter((l) => l.trim()).join("\n");

function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20, ...opts });
}

/** The venv with the pins and this wheel, made or brought up to date. */
function ensureVenv(wheel) {
  const pinFile = join(VENV, ".downhill-pins");
  const wheelFile = join(VENV, ".downhill-wheel");
  const want = PINS.join("\n");
  let ok = existsSync(PY) && existsSync(pinFile) && readFileSync(pinFile, "utf8") === want;
  if (ok) {
    try {
      run(PY, ["-c", "import jupyterlab, notebook, anywidget, numpy"]);
    } catch {
      ok = false;
    }
  }
  if (!ok) {
    rmSync(VENV, { recursive: true, force: true });
    run("python3", ["-m", "venv", VENV]);
    run(join(VENV, "bin/pip"), ["install", "--quiet", "--disable-pip-version-check", ...PINS]);
    writeFileSync(pinFile, want);
    rmSync(wheelFile, { force: true });
  }
  const digest = sha256(readFileSync(wheel));
  if (!existsSync(wheelFile) || readFileSync(wheelFile, "utf8") !== digest) {
    // --no-deps: its dependencies are pinned above; nothing else comes from the network.
    run(join(VENV, "bin/pip"), ["install", "--quiet", "--disable-pip-version-check", "--no-deps", "--force-reinstall", wheel]);
    writeFileSync(wheelFile, digest);
  }
}

const code = (lines) => ({ cell_type: "code", metadata: {}, execution_count: null, outputs: [], source: lines.join("\n") });
/** The notebook the test drives; cell indices are used below. */
const CELLS = [
  /* 0 */ code(["from downhill_widget import Downhill"]),
  /* 1 */ code([`w = Downhill(query="${QUERY}")`]),
  /* 2 */ code(["w"]),
  /* 3 */ code([
    "import hashlib",
    "text = '\\n'.join(l for l in w._trace.splitlines() if l.strip())",
    "runs = w.trace()",
    "r = runs[0]",
    "print('DIGEST', hashlib.sha256(text.encode()).hexdigest(), len(runs), len(r), r.phi.shape[1], r.t.dtype,",
    "      repr(float(r.phi[-1, 0])), repr(float(r.phi[-1, 1])), repr(float(r.loss[-1])), 'END')",
  ]),
  /* 4 */ code(['w.query = "scene=bowl&opt=adam"']),
  /* 5 */ code(["print('QUERY', w.query, 'END')"]),
  /* 6 */ code(['w.query = "scene=nowhere&alpha=x"']),
  /* 7 */ code(["print('PROBLEMS', len(w.problems), '|'.join(w.problems), 'END')", "print('QUERY', w.query, 'END')"]),
  /* 8 */ code(['w.query = "scene=linear&opt=gd&alpha=0.01&steps=30"', "w.data = ([0.0, 1.0, 2.0, 3.0], [1.0, 2.5, 5.5, 7.0])"]),
  /* 9 */ code(["print('QUERY', w.query, 'END')", "print('TRACE', len(w.trace()), w.trace()[0].phi.shape, 'END')"]),
];
const notebook = (cells) => ({
  cells,
  metadata: {
    kernelspec: { display_name: "Python 3 (ipykernel)", language: "python", name: "python3" },
    language_info: { name: "python" },
  },
  nbformat: 4,
  nbformat_minor: 5,
});

const S = { server: null, browser: null, dir: null, base: null, token: null, log: "" };

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const wheels = existsSync(join(ROOT, "target/wheel")) ? readdirSync(join(ROOT, "target/wheel")).filter((f) => f.endsWith(".whl")) : [];
  assert.equal(wheels.length, 1, "expects one wheel in target/wheel/: run scripts/wheel");
  assert.ok(existsSync(CLI), "expects target/debug/downhill: run cargo build");
  ensureVenv(join(ROOT, "target/wheel", wheels[0]));

  // A server of its own: a temporary root, config, settings and runtime; no news, no update
  // checks; every cell in the DOM (windowing off), so that a cell's output can be read.
  S.dir = mkdtempSync(join(tmpdir(), "downhill-jupyter-"));
  const root = join(S.dir, "root");
  mkdirSync(root);
  writeFileSync(join(root, "downhill.ipynb"), JSON.stringify(notebook(CELLS), null, 1));
  // Notebook 7: the first widget, then a second one in the same page (the element module is
  // evaluated once; the second finds <downhill-widget> defined).
  writeFileSync(join(root, "nb7.ipynb"), JSON.stringify(notebook([...CELLS.slice(0, 3), code(['w2 = Downhill(preset="fig6.7")', "w2"])]), null, 1));
  const settings = join(S.dir, "settings");
  const setting = (plugin, file, value) => {
    mkdirSync(join(settings, plugin), { recursive: true });
    writeFileSync(join(settings, plugin, file), JSON.stringify(value));
  };
  setting("@jupyterlab/apputils-extension", "notification.jupyterlab-settings", { fetchNews: "false", checkForUpdates: false });
  setting("@jupyterlab/notebook-extension", "tracker.jupyterlab-settings", { windowingMode: "none" });
  const env = {
    ...process.env,
    JUPYTER_CONFIG_DIR: join(S.dir, "config"),
    JUPYTER_DATA_DIR: join(S.dir, "data"),
    JUPYTER_RUNTIME_DIR: join(S.dir, "runtime"),
    JUPYTERLAB_SETTINGS_DIR: settings,
    JUPYTERLAB_WORKSPACES_DIR: join(S.dir, "workspaces"),
    IPYTHONDIR: join(S.dir, "ipython"),
    JUPYTER_PLATFORM_DIRS: "1",
    PYTHONDONTWRITEBYTECODE: "1",
  };
  const port = await freePort();
  S.token = randomBytes(16).toString("hex");
  S.server = spawn(
    join(VENV, "bin/jupyter"),
    [
      "lab", "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port-retries=0",
      `--ServerApp.token=${S.token}`, `--ServerApp.root_dir=${root}`,
      "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
      "--LabApp.extension_manager=readonly",
      // CI and this machine run as root, which the server refuses unless told.
      ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
    ],
    { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  S.server.stdout.on("data", (d) => (S.log += d));
  S.server.stderr.on("data", (d) => (S.log += d));
  S.base = `http://127.0.0.1:${port}/`;
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(`${S.base}api/status?token=${S.token}`);
      if (r.ok) break;
    } catch {}
    if (S.server.exitCode !== null || i > 300) throw new Error(`jupyter lab did not start:\n${S.log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  S.browser = await launch();
});

after(async () => {
  await S.browser?.close();
  if (S.server && S.server.exitCode === null) {
    // SIGTERM: the server shuts its kernels down and exits.
    const gone = new Promise((r) => S.server.once("exit", r));
    S.server.kill("SIGTERM");
    await Promise.race([gone, new Promise((r) => setTimeout(r, 10000))]);
    if (S.server.exitCode === null) S.server.kill("SIGKILL");
  }
  if (S.dir) rmSync(S.dir, { recursive: true, force: true });
});

const shot = (page, name) => page.screenshot({ path: join(ARTIFACTS, `jupyter-${name}.png`) });

/** Opens a page that records errors. */
async function openPage(path) {
  const page = await S.browser.context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  await page.goto(`${S.base}${path}?token=${S.token}`);
  return { page, errors };
}

/** Runs cell `i` as a student does: click into it, Shift+Enter; waits for its prompt number. */
async function runCell(page, i) {
  const cell = page.locator(".jp-Notebook .jp-Cell").nth(i);
  // The notebook may re-render its cells while it opens: try again with the new ones.
  for (let attempt = 0; ; attempt++) {
    try {
      await cell.scrollIntoViewIfNeeded({ timeout: 5000 });
      await cell.locator(".jp-InputArea-editor").click({ timeout: 5000 });
      break;
    } catch (e) {
      if (attempt === 4) throw e;
      await page.waitForTimeout(500);
    }
  }
  const prompt = (re, timeout) => page.waitForFunction(
    ([k, src]) => new RegExp(src).test(document.querySelectorAll(".jp-Notebook .jp-Cell")[k]?.querySelector(".jp-InputPrompt")?.textContent ?? ""),
    [i, re],
    { timeout },
  );
  await page.keyboard.press("Shift+Enter");
  // The cell is queued ([*]) or done ([n]); a key press lost while the notebook was busy is sent
  // again. A loaded machine (CI) may take minutes to start the kernel and run the first cells.
  try {
    await prompt("\\[(\\*|\\d+)\\]", 15000);
  } catch {
    await cell.locator(".jp-InputArea-editor").click({ timeout: 5000 });
    await page.keyboard.press("Shift+Enter");
  }
  await prompt("\\[\\d+\\]", 180000);
  return cell;
}

/** The text a cell printed between `TAG ` and ` END`, as fields (fails after 20 s without). */
async function printed(page, i, tag) {
  const cell = page.locator(".jp-Notebook .jp-Cell").nth(i);
  let text = "";
  for (let k = 0; k < 200; k++) {
    text = (await cell.locator(".jp-OutputArea").innerText().catch(() => "")) || "";
    const m = text.match(new RegExp(`${tag} (.*?) END`));
    if (m) return m[1];
    if (/Traceback|Error/.test(text)) break;
    await page.waitForTimeout(100);
  }
  throw new Error(`cell ${i} printed no ${tag}: ${JSON.stringify(text)}`);
}

/** Waits until the notebook's kernel is idle (the toolbar's execution indicator). */
async function waitForKernel(page, cells) {
  await page.waitForFunction((n) => document.querySelectorAll(".jp-Notebook .jp-Cell .jp-InputArea-editor").length === n, cells, { timeout: 60000 });
  await page.waitForFunction(
    () => document.querySelector(".jp-Notebook-ExecutionIndicator")?.getAttribute("data-status") === "idle",
    null,
    { timeout: 60000 },
  );
}

/** True when the element's landscape canvas holds a drawing (not one flat colour), within 10 s
 * of scrolling it into view (a widget off screen waits to draw). */
async function drawn(page, n = 0) {
  await page.locator("downhill-widget").nth(n).scrollIntoViewIfNeeded();
  for (let i = 0; i < 50; i++) {
    if (await drawnNow(page, n)) return true;
    await page.waitForTimeout(200);
  }
  return false;
}
async function drawnNow(page, n) {
  return page.evaluate((k) => {
    const el = document.querySelectorAll("downhill-widget")[k];
    const c = el?.shadowRoot?.querySelector("canvas.bg");
    if (!el?.widget || !c || !c.width || !c.height) return false;
    const g = document.createElement("canvas");
    g.width = c.width;
    g.height = c.height;
    const ctx = g.getContext("2d");
    ctx.drawImage(c, 0, 0);
    const d = ctx.getImageData(0, 0, g.width, g.height).data;
    const colours = new Set();
    for (let i = 0; i < d.length && colours.size < 50; i += 4 * 97) colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return colours.size >= 50;
  }, n);
}

test("the Python API tests pass against the installed wheel (pytest)", () => {
  const out = run(PY, ["-m", "pytest", "-q", "-p", "no:cacheprovider", "python/tests"]);
  assert.match(out, /passed/);
  assert.doesNotMatch(out, /failed|error/i);
});

test("JupyterLab: the widget renders, its trace reaches Python, and the query syncs both ways", async (t) => {
  const { page, errors } = await openPage("lab/tree/downhill.ipynb");
  await waitForKernel(page, CELLS.length);

  for (const i of [0, 1, 2]) await runCell(page, i);
  // The widget: the element in the cell's output, its landscape drawn.
  await page.waitForFunction(() => document.querySelector(".jp-OutputArea downhill-widget")?.widget, null, { timeout: 60000 });
  await page.waitForFunction(() => document.querySelector("downhill-widget").widget.view("state").finished, null, { timeout: 60000 });
  const isDrawn = await drawn(page);
  await shot(page, "lab-played");
  assert.ok(isDrawn, "the landscape canvas holds a drawing");
  assert.equal(await page.evaluate(() => document.querySelectorAll("downhill-widget").length), 1);

  // The trace, in Python, equals the CLI's for the same query.
  const cli = lines(run(CLI, ["trace", QUERY]));
  const pageTrace = lines(await page.evaluate(() => document.querySelector("downhill-widget").trace()));
  assert.equal(pageTrace, cli, "the element's trace is the CLI's");
  const last = JSON.parse(cli.split("\n").at(-1));
  const count = cli.split("\n").length;
  let fields;
  for (let attempt = 0; ; attempt++) {
    await runCell(page, 3);
    fields = (await printed(page, 3, "DIGEST")).split(" ");
    // The front end sends the trace in the frame after the run finishes: run the cell again
    // if the kernel had not heard of it yet (a cell cannot wait for comm messages).
    if (Number(fields[2]) === count || attempt === 5) break;
    await page.waitForTimeout(500);
  }
  const [digest, nRuns, nPoints, width, dtype, phi0, phi1, loss] = fields;
  assert.equal(nRuns, "1");
  assert.equal(Number(nPoints), count);
  assert.equal(width, "2");
  assert.equal(dtype, "int64");
  assert.equal(digest, sha256(cli), "sha256 of w._trace is the CLI's");
  assert.equal(Number(phi0), last.phi[0]);
  assert.equal(Number(phi1), last.phi[1]);
  assert.equal(Number(loss), last.loss);

  // Python sets the query: the element loads it.
  await runCell(page, 4);
  await page.waitForFunction(() => /(^|&)scene=bowl(&|$)/.test(document.querySelector("downhill-widget").query), null, { timeout: 20000 });
  const shown = await page.evaluate(() => document.querySelector("downhill-widget").query);
  assert.match(shown, /(^|&)opt=adam(&|$)/);
  assert.equal(await page.evaluate(() => document.querySelector("downhill-widget").shadowRoot.querySelector('[data-ctl="scene"]').value), "bowl");

  // The student picks another optimizer in the widget's own menu: Python hears of it.
  const menu = page.locator("downhill-widget .run[data-run='0'] select");
  await menu.scrollIntoViewIfNeeded();
  await menu.selectOption("momentum");
  await page.waitForFunction(() => /momentum/.test(document.querySelector("downhill-widget").query), null, { timeout: 20000 });
  const edited = await page.evaluate(() => document.querySelector("downhill-widget").query);
  await shot(page, "lab-edited");
  let q;
  for (let attempt = 0; ; attempt++) {
    await runCell(page, 5);
    q = await printed(page, 5, "QUERY");
    if (q === edited || attempt === 5) break;
    await page.waitForTimeout(300);
  }
  assert.equal(q, edited, "w.query is the element's query after the student's edit");
  assert.match(q, /(^|&)scene=bowl(&|$)/);

  // A bad query from Python: the widget stays up, reports the problems, and Python gets them.
  await runCell(page, 6);
  await page.waitForFunction(() => !document.querySelector("downhill-widget").shadowRoot.querySelector(".msg").hidden, null, { timeout: 20000 });
  let problems;
  for (let attempt = 0; ; attempt++) {
    await runCell(page, 7);
    problems = await printed(page, 7, "PROBLEMS");
    if (!problems.startsWith("0 ") || attempt === 5) break;
    await page.waitForTimeout(300);
  }
  assert.match(problems, /^[1-9]\d* /, `problems: ${problems}`);
  assert.match(problems, /scene|alpha/);
  assert.ok(await page.evaluate(() => !!document.querySelector("downhill-widget").widget), "the widget is still up");
  await page.locator("downhill-widget .msg").evaluate((e) => e.scrollIntoView({ block: "center" }));
  await shot(page, "lab-problems");

  // The student's own data, from Python.
  await runCell(page, 8);
  await page.waitForFunction(() => document.querySelector("downhill-widget").widget?.view("state").has_data && /(^|&)data=/.test(document.querySelector("downhill-widget").query), null, { timeout: 20000 });
  const withData = await page.evaluate(() => document.querySelector("downhill-widget").query);
  // The element's state (the release build has no `data` view): its state view's point count and its query.
  const dataOut = await page.evaluate(() => {
    const el = document.querySelector("downhill-widget");
    return `${el.widget.view("state").n_points} ${new URLSearchParams(el.query).get("data")}`;
  });
  let out;
  for (let attempt = 0; ; attempt++) {
    await runCell(page, 9);
    out = await printed(page, 9, "QUERY");
    if (out === withData || attempt === 5) break;
    await page.waitForTimeout(300);
  }
  assert.equal(out, withData);
  assert.match(out, /(^|&)scene=linear(&|$)/);
  assert.match(dataOut, /^4 .*2\.5/, `the element holds the data: ${dataOut}`);
  assert.match(await printed(page, 9, "TRACE"), /^1 \(\d+, 2\)$/);
  await shot(page, "lab-data");

  // The page moves the view (as JupyterLab does with a panel dragged elsewhere): the element is
  // disconnected, which frees its state, and connected again: it starts from the model's query.
  await page.evaluate(() => {
    const box = document.querySelector("downhill-anywidget-host");
    const parent = box.parentNode;
    box.remove();
    parent.append(box);
  });
  await page.waitForFunction((q) => document.querySelector("downhill-widget").widget && document.querySelector("downhill-widget").query === q, withData, { timeout: 20000 });
  assert.ok(await drawn(page), "drawn again after the move");

  t.diagnostic(`page errors: ${JSON.stringify(errors)}`);
  assert.deepEqual(errors.filter((e) => /downhill|anywidget|wasm|customElements|already been used/i.test(e)), [], "no errors from the widget");
  await page.close();
});

test("Notebook 7: the widget renders, and a second one beside it", async (t) => {
  const { page, errors } = await openPage("notebooks/nb7.ipynb");
  await waitForKernel(page, 4);
  for (const i of [0, 1, 2]) await runCell(page, i);
  await page.waitForFunction(() => document.querySelector(".jp-OutputArea downhill-widget")?.widget, null, { timeout: 60000 });
  await page.waitForFunction(() => document.querySelector("downhill-widget").widget.view("state").finished, null, { timeout: 60000 });
  assert.ok(await drawn(page), "the landscape canvas holds a drawing");
  assert.equal(lines(await page.evaluate(() => document.querySelector("downhill-widget").trace())), lines(run(CLI, ["trace", QUERY])));
  await shot(page, "notebook7");
  // A second widget: drawn too, and its own state (figure 6.7 has four runs: SGD and momentum
  // from two starts).
  await runCell(page, 3);
  await page.waitForFunction(() => [...document.querySelectorAll(".jp-OutputArea downhill-widget")].filter((e) => e.widget).length === 2, null, { timeout: 60000 });
  assert.ok(await drawn(page, 1), "the second widget's landscape holds a drawing");
  assert.equal(await page.evaluate(() => document.querySelectorAll("downhill-widget")[1].widget.view("state").runs.length), 4);
  await shot(page, "notebook7-second");
  t.diagnostic(`page errors: ${JSON.stringify(errors)}`);
  assert.deepEqual(errors.filter((e) => /downhill|anywidget|wasm|customElements|already been used/i.test(e)), [], "no errors from the widget");
  await page.close();
});
