// Taking it along: the figure as SVG and PNG (the core's SVG code: the same panels, overlays
// and language as the canvases), the runs as CSV and JSON Lines identical to the CLI, from the
// element's methods and from the Share panel's buttons.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ARTIFACTS, ROOT, harness } from "./lib.mjs";

const h = harness({ before, after });
const CLI = join(ROOT, "target/debug/downhill");
const cli = (cmd, q) => execFileSync(CLI, [cmd, q], { encoding: "utf8", maxBuffer: 64 << 20 });

test("toCSV() and trace() equal downhill csv and downhill trace; toSVG() speaks the page's language", async () => {
  const { page, messages } = await h.widgetPage("preset=fig6.7&lang=zh");
  const out = await page.evaluate(() => {
    const w = document.querySelector("downhill-widget");
    w.widget.step(100000);
    return { csv: w.toCSV(), jsonl: w.trace(), svg: w.toSVG() };
  });
  assert.equal(out.csv, cli("csv", "preset=fig6.7"));
  assert.equal(out.jsonl, cli("trace", "preset=fig6.7"));
  assert.match(out.svg, /^<svg[^>]* width="\d+" height="\d+"/);
  // Two landscape panels (figure 6.7a and b), in Chinese, as on screen.
  assert.match(out.svg, /a\) sgd/);
  assert.match(out.svg, /b\) momentum/);
  assert.match(out.svg, /偏移 φ0/);
  writeFileSync(join(ARTIFACTS, "export-fig6.7-zh.svg"), out.svg);
  assert.deepEqual(messages, []);
  await page.close();
});

test("toPNG(): a PNG at 2x (or the device pixel ratio), and the Share panel's buttons download all four", async () => {
  const { page, messages } = await h.widgetPage("preset=fig6.9");
  await page.evaluate(() => document.querySelector("downhill-widget").widget.step(100000));
  const png = await page.evaluate(async () => {
    const w = document.querySelector("downhill-widget");
    const svg = w.toSVG();
    const blob = await w.toPNG();
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const bitmap = await createImageBitmap(blob);
    return { type: blob.type, bytes: Array.from(bytes), width: bitmap.width, svgWidth: Number(svg.match(/width="(\d+)"/)[1]) };
  });
  assert.equal(png.type, "image/png");
  assert.equal(png.width, 2 * png.svgWidth);
  writeFileSync(join(ARTIFACTS, "export-fig6.9.png"), Buffer.from(png.bytes));
  await page.locator('downhill-widget [data-act="share"]').click();
  for (const [kind, name] of [["png", "downhill-fig6.9.png"], ["svg", "downhill-fig6.9.svg"], ["csv", "downhill-fig6.9.csv"], ["jsonl", "downhill-fig6.9.jsonl"]]) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator(`downhill-widget [data-export="${kind}"]`).click()]);
    assert.equal(download.suggestedFilename(), name);
    const path = await download.path();
    const body = readFileSync(path);
    if (kind === "csv") assert.equal(body.toString(), cli("csv", "preset=fig6.9"));
    if (kind === "jsonl") assert.equal(body.toString(), cli("trace", "preset=fig6.9"));
    if (kind === "png") assert.equal(body.subarray(1, 4).toString(), "PNG");
    if (kind === "svg") assert.match(body.toString(), /^<svg/);
  }
  assert.deepEqual(messages, []);
  await page.close();
});

test("Copy as NumPy: the element's script is the CLI's, for every optimizer; the button copies it", async () => {
  const { page, messages } = await h.widgetPage("preset=fig6.7");
  const script = await page.evaluate(() => {
    const w = document.querySelector("downhill-widget");
    w.widget.step(100000);
    return w.toNumPy();
  });
  assert.equal(script, cli("numpy", "preset=fig6.7"));
  assert.match(script, /^# Downhill: the runs of preset=fig6\.7/);
  assert.match(script, /import numpy as np/);
  await page.locator('downhill-widget [data-act="share"]').click();
  await page.locator('downhill-widget [data-act="numpy"]').click();
  await page.waitForFunction(() => navigator.clipboard.readText().then((t) => t.startsWith("# Downhill")));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), script);
  // Line search, Newton, SVRG and the bracketing search too (scripts/test runs them with NumPy).
  for (const q of ["preset=fig6.1", "preset=logistic", "preset=fig6.10", "scene=gabor&opt=svrg&batch=5&alpha=0.2&steps=30"]) {
    const got = await page.evaluate((query) => {
      const w = document.querySelector("downhill-widget");
      w.load(query);
      w.widget.step(100000);
      return w.toNumPy();
    }, q);
    assert.equal(got, cli("numpy", q), q);
  }
  assert.deepEqual(messages, []);
  await page.close();
});

test("the SVG export draws each landscape's heatmap as one embedded PNG: figure 6.9 under 300 KB, figure 6.1 mirrored as on screen", async () => {
  const svgOf = async (q) => {
    const { page } = await h.widgetPage(q);
    await page.waitForFunction(() => ((e) => e.widget && !e.landscapePending)(document.querySelector("downhill-widget")));
    const svg = await page.evaluate(() => document.querySelector("downhill-widget").toSVG());
    await page.close();
    return svg;
  };
  const f69 = await svgOf("preset=fig6.9");
  writeFileSync(join(ARTIFACTS, "export-fig6.9.svg"), f69);
  assert.ok(f69.length < 300 * 1024, `figure 6.9's SVG is ${f69.length} bytes`);
  assert.equal((f69.match(/<image id="downhill-heat"[^>]*href="data:image\/png;base64,/g) || []).length, 1);
  assert.equal((f69.match(/<use href="#downhill-heat"/g) || []).length, 4, "one per panel");
  assert.ok((f69.match(/<rect/g) || []).length < 50, "no rectangle per sample");
  assert.doesNotMatch(f69, /#01020[34]/, "every placeholder is filled");
  const f61 = await svgOf("preset=fig6.1");
  assert.match(f61, /<use href="#downhill-heat" transform="translate\([\d.]+ [\d.]+\) scale\([\d.]+ -[\d.]+\)"\/>/, "φ1 runs downwards: the raster is mirrored");
});
