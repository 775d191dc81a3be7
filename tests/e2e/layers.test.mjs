// The page's modules point one way (issue 22): words and data ← the shared core ← panels ← the
// element ← the pages. Every module of www/ has its level here; an import may only reach a lower
// level, so there is no cycle, and a new module must be placed on purpose. No browser needed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./lib.mjs";

const LEVEL = {
  // Words, data and leaves: they import nothing of the page (strings.js loads the Chinese words).
  "strings-zh": 0, captions: 0, "lesson-words-zh": 0, "help-words": 0, "gallery-words": 0, facts: 0, "numpy-parts": 0, format: 0, copy: 0,
  math: 0, style: 0, theme: 0, "app-url": 0, "wasm-source": 0, "pkg/downhill": 0,
  strings: 1, "lesson-words": 1,
  // The shared machinery: the wasm module, recovery, the frame loop, the build queue.
  core: 1,
  // Panels and behaviours of the element.
  extras: 2, runs: 2, inspector: 2, share: 2, describe: 2, help: 2, lesson: 2, pointer: 2, messages: 2,
  // The element's own controls, which bind the pointer behaviour.
  controls: 2.5, frame: 2.5, "lesson-host": 2.5,
  // The element.
  downhill: 3,
  // The pages around it, and the course page's resizer (which imports nothing).
  page: 4, gallery: 4, "downhill-resize": 4,
};

const WWW = join(ROOT, "www");
const imports = (file) => {
  const src = readFileSync(join(WWW, file), "utf8");
  return [...src.matchAll(/(?:\bfrom|\bimport\s*\()\s*["']\.\/([\w/-]+)\.js["']/g)].map((m) => m[1]);
};

test("every module of www/ has a level, and imports only from lower levels (no cycle)", () => {
  const files = readdirSync(WWW).filter((f) => f.endsWith(".js"));
  const bad = [];
  for (const f of files) {
    const name = f.slice(0, -3);
    if (!(name in LEVEL)) {
      bad.push(`${f}: no level (place it in tests/e2e/layers.test.mjs)`);
      continue;
    }
    for (const to of imports(f)) {
      if (!(to in LEVEL)) bad.push(`${f} imports ${to}.js, which has no level`);
      else if (LEVEL[to] >= LEVEL[name]) bad.push(`${f} (level ${LEVEL[name]}) imports ${to}.js (level ${LEVEL[to]})`);
    }
  }
  assert.deepEqual(bad, []);
  // The test reads what it claims to: the element imports the core and its panels.
  assert.ok(imports("downhill.js").includes("core") && imports("downhill.js").includes("share"));
});
