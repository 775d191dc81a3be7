// Builds dist/ from www/ and the wasm in www/pkg (run through scripts/dist, which builds that
// first). Reproducible: the same sources give the same bytes.
//
//   dist/downhill.html           the widget in one file (JS, wasm, styles and words inside)
//   dist/downhill-gallery.html   the figure gallery in one file; its links open downhill.html
//   dist/site/                   a static site for any host: index.html, gallery.html, the
//                                embeddable downhill.js and content-hashed assets
//   dist/esm/downhill.js         the element as one ES module, the wasm inside (the notebook widget)
//   dist/npm/                    the element's module, chunks and wasm for the npm package
//   dist/downhill-<version>.zip  both of the above
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = new URL("../", import.meta.url).pathname;
const WWW = join(ROOT, "www");
const DIST = join(ROOT, "dist");
const SITE = join(DIST, "site");

const hash = (bytes) => createHash("sha256").update(bytes).digest("hex").slice(0, 10);
const read = (p) => readFileSync(join(ROOT, p));

/** esbuild's options shared by every build: modern browsers, minified, no source maps. */
const common = { bundle: true, format: "esm", minify: true, target: "es2022", charset: "utf8", legalComments: "none", logLevel: "warning" };

/** Replaces www/wasm-source.js with `contents` (where the bundle finds its wasm). */
const wasmFrom = (contents) => ({
  name: "wasm-source",
  setup(b) {
    b.onResolve({ filter: /\/wasm-source\.js$/ }, () => ({ path: "wasm-source", namespace: "downhill" }));
    b.onLoad({ filter: /.*/, namespace: "downhill" }, () => ({ contents, loader: "js" }));
  },
});

/** Replaces www/app-url.js with `contents` (where share links and the iframe resizer are). */
const appFrom = (contents) => ({
  name: "app-url",
  setup(b) {
    b.onResolve({ filter: /\/app-url\.js$/ }, () => ({ path: "app-url", namespace: "downhill-app" }));
    b.onLoad({ filter: /.*/, namespace: "downhill-app" }, () => ({ contents, loader: "js" }));
  },
});
/** The site: the app and the resizer sit beside downhill.js. */
const SITE_APP = `export const appUrl = () => new URL("index.html", import.meta.url).href;
export const resizeUrl = () => new URL("downhill-resize.js", import.meta.url).href;`;
/** Without an app (the single files, the npm package, the notebook widget): links open the page
 * the widget is on, unless the element's share-base names one. */
const NO_APP = `export const appUrl = () => null;
export const resizeUrl = () => null;`;

/** Keeps `./downhill.js` an import of the embeddable module (the pages share its instance). */
const widgetExternal = {
  name: "widget-external",
  setup(b) {
    b.onResolve({ filter: /^\.\/downhill\.js$/ }, (a) => (a.importer.endsWith("/www/page.js") || a.importer.endsWith("/www/gallery.js") ? { path: "./downhill.js", external: true } : undefined));
  },
};

const wasm = read("www/pkg/downhill_bg.wasm");
rmSync(DIST, { recursive: true, force: true });
mkdirSync(SITE, { recursive: true });

// ---- the site -------------------------------------------------------------------------------
const wasmName = `downhill-${hash(wasm)}.wasm`;
writeFileSync(join(SITE, wasmName), wasm);
// The embeddable module keeps its name (instructors link to it); what it loads is hashed.
const widget = await build({
  ...common,
  entryPoints: { downhill: join(WWW, "downhill.js") },
  splitting: true,
  outdir: SITE,
  entryNames: "[name]",
  chunkNames: "[name]-[hash]",
  write: false,
  plugins: [wasmFrom(`export const wasmSource = () => new URL(${JSON.stringify(wasmName)}, import.meta.url);`), appFrom(SITE_APP)],
});
// The npm package's module: the same, but no app comes with it.
const NPM = join(DIST, "npm");
mkdirSync(NPM, { recursive: true });
const npm = await build({
  ...common,
  entryPoints: { downhill: join(WWW, "downhill.js") },
  splitting: true,
  outdir: NPM,
  entryNames: "[name]",
  chunkNames: "[name]-[hash]",
  write: false,
  plugins: [wasmFrom(`export const wasmSource = () => new URL(${JSON.stringify(wasmName)}, import.meta.url);`), appFrom(NO_APP)],
});
for (const f of npm.outputFiles) writeFileSync(f.path, f.contents);
writeFileSync(join(NPM, wasmName), wasm);
// The iframe resizer a course page includes (the Share panel's snippet names it).
const resizer = await build({ ...common, bundle: false, entryPoints: [join(WWW, "downhill-resize.js")], write: false });
writeFileSync(join(SITE, "downhill-resize.js"), resizer.outputFiles[0].contents);
const pages = await build({
  ...common,
  entryPoints: { page: join(WWW, "page.js"), gallery: join(WWW, "gallery.js") },
  outdir: SITE,
  entryNames: "[name]-[hash]",
  write: false,
  plugins: [widgetExternal],
});
const css = await build({
  ...common,
  entryPoints: { page: join(WWW, "page.css"), gallery: join(WWW, "gallery.css") },
  outdir: SITE,
  entryNames: "[name]-[hash]",
  write: false,
});
const names = {};
for (const f of [...widget.outputFiles, ...pages.outputFiles, ...css.outputFiles]) {
  writeFileSync(f.path, f.contents);
  const base = f.path.slice(SITE.length + 1);
  names[base.replace(/-[A-Z0-9]{8}(\.\w+)$/, "$1")] = base;
}

const index = read("index.html")
  .toString()
  .replace('href="www/downhill.js"', 'href="downhill.js"')
  .replace('<link rel="modulepreload" href="www/pkg/downhill.js">\n  ', "")
  .replace('href="www/pkg/downhill_bg.wasm"', `href="${wasmName}"`)
  .replace('href="www/page.css"', `href="${names["page.css"]}"`)
  .replace('src="www/page.js"', `src="${names["page.js"]}"`)
  .replace('href="www/gallery.html"', 'href="gallery.html"');
const gallery = read("www/gallery.html")
  .toString()
  .replace('href="gallery.css"', `href="${names["gallery.css"]}"`)
  .replace('src="gallery.js"', `src="${names["gallery.js"]}"`)
  .replace('href="../index.html"', 'href="index.html"');
for (const [from, html] of [["index.html", index], ["gallery.html", gallery]]) {
  if (/www\/|\.\.\//.test(html)) throw new Error(`${from}: a path was not rewritten`);
  writeFileSync(join(SITE, from), html);
}

// ---- the single files -------------------------------------------------------------------------
const b64 = wasm.toString("base64");
const inlineWasm = `const B64 = ${JSON.stringify(b64)};
export const wasmSource = () => Uint8Array.fromBase64 ? Uint8Array.fromBase64(B64) : Uint8Array.from(atob(B64), (c) => c.charCodeAt(0));`;

/** One page's script, bundled with everything it imports and the wasm bytes. */
async function oneScript(entry) {
  const r = await build({ ...common, entryPoints: [join(WWW, entry)], write: false, plugins: [wasmFrom(inlineWasm), appFrom(NO_APP)] });
  // Inside an inline <script>, "</script" may only appear escaped (it can only be in a string).
  return r.outputFiles[0].text.replaceAll("</script", "<\\/script");
}
const oneStyle = async (entry) => (await build({ ...common, entryPoints: [join(WWW, entry)], write: false })).outputFiles[0].text.replaceAll("</style", "<\\/style");

const single = index
  .replace(/ *<link rel="(modulepreload|preload)"[^>]*>\n/g, "")
  .replace(`<link rel="stylesheet" href="${names["page.css"]}">`, "<style></style>")
  .replace('href="gallery.html"', 'href="downhill-gallery.html"');
const singleGallery = gallery.replace('href="index.html"', 'href="downhill.html"');
const pageStyle = await oneStyle("page.css");
const galleryStyle = await oneStyle("gallery.css");
const pageScript = await oneScript("page.js");
const galleryScript = await oneScript("gallery.js");
writeFileSync(
  join(DIST, "downhill.html"),
  single
    .replace("<style></style>", () => `<style>${pageStyle}</style>`)
    .replace(`<script type="module" src="${names["page.js"]}"></script>`, () => `<script type="module">${pageScript}</script>`),
);
writeFileSync(
  join(DIST, "downhill-gallery.html"),
  singleGallery
    .replace(`<link rel="stylesheet" href="${names["gallery.css"]}">`, () => `<style>${galleryStyle}</style>`)
    .replace(`<script type="module" src="${names["gallery.js"]}"></script>`, () => `<script type="module">${galleryScript}</script>`),
);
// The element as one ES module with the wasm inside (no other file to find): what a notebook
// widget (anywidget) or any host that cannot serve a second file loads.
mkdirSync(join(DIST, "esm"), { recursive: true });
writeFileSync(join(DIST, "esm", "downhill.js"), (await build({ ...common, entryPoints: [join(WWW, "downhill.js")], write: false, plugins: [wasmFrom(inlineWasm), appFrom(NO_APP)] })).outputFiles[0].contents);
for (const f of ["downhill.html", "downhill-gallery.html"]) {
  const html = readFileSync(join(DIST, f), "utf8").replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, "");
  if (/ (src|href)="(?!data:|https?:|#|downhill(-gallery)?\.html)/.test(html)) throw new Error(`${f}: refers to a file`);
}
console.log(`dist: ${Object.values(names).join(", ")}, ${wasmName}`);
