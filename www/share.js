// Sharing from <downhill-widget>: the address bar, the link, the iframe snippet. Methods of the
// element.
import { appUrl, resizeUrl } from "./app-url.js";
import { copyText } from "./copy.js";

/** Copy as NumPy's Python text (numpy-parts.js, 5.5 KB gzipped), fetched the first time the
 * Share panel opens or a script is asked for, never by a page that only shows the widget. */
let numpyParts = null;
const loadNumpyParts = () => (numpyParts ??= import("./numpy-parts.js").then((m) => m.NUMPY_PARTS));

/** An iframe of the app at `src` for a course page, and the script that fits its height to its
 * content (where there is one to link). The height is a fallback for a platform that strips
 * scripts. Used by the Share panel and the gallery. */
export function iframeSnippet(src, title, resize) {
  const attr = (v) => v.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  const frame = `<iframe src="${attr(src)}" width="100%" height="900" style="border:0" loading="lazy" title="${attr(title)}"></iframe>`;
  return resize ? `${frame}\n<script src="${attr(resize)}" async></script>` : frame;
}

/** `s` as an absolute http(s) or file address, or null (a `javascript:` or `data:` address, or
 * no address at all, is never written into a link or a snippet). */
function webAddress(s) {
  try {
    const u = new URL(s, location.href);
    return /^(https?|file):$/.test(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}

/** The core's SVG draws each landscape panel's heatmap as one placeholder rectangle (fill
 * #010203, or #010204 where φ1 runs downwards); each becomes a use of one embedded PNG, the
 * raster on screen, stretched over the rectangle (mirrored for #010204). */
function embedRaster(svg, png) {
  if (!png) return svg;
  let found = false;
  const out = svg.replace(/<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"[^>]*fill="#01020([34])"[^>]*\/>/g, (_, x, y, w, h, f) => {
    found = true;
    const t = f === "4" ? `translate(${x} ${Number(y) + Number(h)}) scale(${w} -${h})` : `translate(${x} ${y}) scale(${w} ${h})`;
    return `<use href="#downhill-heat" transform="${t}"/>`;
  });
  if (!found) return svg;
  const defs = `<defs><image id="downhill-heat" width="1" height="1" preserveAspectRatio="none" href="${png}"/></defs>`;
  return out.replace(/<svg[^>]*>/, (open) => open + defs);
}

export const share = {
  /** Writes the state into the address bar once an edit has settled (250 ms without another),
   * never once per frame: a drag writes it once, and Safari's limit on replaceState holds. */
  syncUrl() {
    if (!this.hasAttribute("sync-url")) return;
    clearTimeout(this.urlTimer);
    this.urlTimer = setTimeout(() => {
      if (!this.w) return;
      const url = `${location.pathname}?${this.w.query()}${location.hash}`;
      if (url !== location.pathname + location.search + location.hash) history.replaceState(null, "", url);
    }, 250);
  },

  /** The address of the app this state opens in: the instructor's `share-base`, the page
   * itself when it is the app (`sync-url`), else the app that came with this module; null when
   * there is none (the npm package, a notebook). */
  appBase() {
    const asked = this.getAttribute("share-base");
    if (asked) {
      const base = webAddress(asked);
      if (base) return base;
      // Said once; links then open the app as if the attribute were not there.
      if (this.badBase !== asked) {
        this.badBase = asked;
        this.showMessage([{ severity: "error", text: this.s("shareBaseBad", { v: JSON.stringify(asked.slice(0, 40)) }) }]);
      }
    }
    return this.hasAttribute("sync-url") ? location.href : appUrl();
  },

  /** A link that opens this state in the whole app (never `embed=1`). */
  shareUrl() {
    this.needCore("shareUrl");
    const u = new URL(this.appBase() ?? location.href, location.href);
    u.search = this.w.view("state").share;
    u.hash = "";
    return u.href;
  },

  /** An iframe of the app at this state, with the script that fits its height to its content
   * (where the app is known: it sits beside it). */
  snippet() {
    this.needCore("snippet");
    const base = this.appBase();
    const u = new URL(base ?? location.href, location.href);
    u.search = this.w.view("state").embed;
    u.hash = "";
    return iframeSnippet(u.href, `Downhill: ${this.state.scene}`, base && base !== location.href ? resizeUrl() : null);
  },

  updateShare() {
    if (this.$(".share").hidden || !this.w) return;
    // The panel's Copy as NumPy then copies at once, within the click's activation.
    loadNumpyParts();
    this.$('[data-out="noapp"]').hidden = !!this.appBase();
    this.$('[data-out="link"]').value = this.shareUrl();
    this.$('[data-out="snippet"]').value = this.snippet();
  },

  // ---- export: the figure as SVG or PNG (drawn by the core's SVG code, the same panels,
  // overlays and language as the canvases), the runs as CSV or JSON Lines --------------------
  /** The figure as shown, as an SVG document, at the landscape's size on screen. */
  toSVG() {
    this.needCore("toSVG");
    // The figure as laid out on screen: its width and its proportions.
    const box = this.$(".grid").getBoundingClientRect();
    const w = Math.round(Math.max(600, box.width));
    const h = Math.round(Math.min(4000, Math.max(300, box.height * (w / Math.max(1, box.width)))));
    return this.guard(() => embedRaster(this.w.export("svg", w, h), this.w.export("png", 0, 0)));
  },
  /** The figure as a PNG Blob at the device pixel ratio or 2x, whichever is larger. */
  async toPNG() {
    const svg = this.toSVG();
    const [, w, h] = svg.match(/<svg[^>]* width="(\d+)"[^>]* height="(\d+)"/) || [0, 1100, 600];
    const scale = Math.max(2, window.devicePixelRatio || 1);
    const img = new Image();
    // A data: URL (not blob:), so that a strict CSP's img-src 'self' data: allows it.
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Number(w) * scale;
    canvas.height = Number(h) * scale;
    canvas.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
    return new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  },
  /** "Copy as NumPy": a promise of a NumPy script that reproduces the runs so far
   * (`downhill numpy`), once its Python text has arrived. */
  async toNumPy() {
    this.needCore("toNumPy");
    const parts = await loadNumpyParts();
    return this.guard(() => this.w.export("numpy", 0, 0, parts));
  },
  async copyNumPy(button) {
    return copyText(await this.toNumPy(), button, this.s("copied"), this.root);
  },
  /** The runs so far as CSV (`downhill csv`). */
  toCSV() {
    this.needCore("toCSV");
    return this.guard(() => this.w.export("csv", 0, 0));
  },
  async exportAs(kind) {
    const name = `downhill-${this.state.preset || this.state.scene}`;
    const blob =
      kind === "png" ? await this.toPNG()
      : kind === "svg" ? new Blob([this.toSVG()], { type: "image/svg+xml" })
      : kind === "csv" ? new Blob([this.toCSV()], { type: "text/csv" })
      : new Blob([this.trace()], { type: "application/jsonl" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `${name}.${kind}`;
    this.root.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  },

  copy(text, sel) {
    return copyText(text, this.$(sel), this.s("copied"), this.root);
  }
};
