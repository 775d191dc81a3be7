// Sharing from <downhill-widget>: the address bar, the link, the iframe snippet. Methods of the
// element.
import { copyText } from "./copy.js";

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

  shareUrl() {
    const base = this.getAttribute("share-base") || new URL("index.html", new URL(".", location.href)).href.replace(/index\.html$/, location.pathname.endsWith("/") ? "" : "index.html");
    const u = new URL(this.hasAttribute("sync-url") ? location.href : base);
    u.search = this.w.query();
    u.hash = "";
    return u.href;
  },

  snippet() {
    const u = new URL(this.shareUrl());
    if (!/(^|&)embed=1/.test(u.search.slice(1))) u.search = `${u.search.slice(1)}&embed=1`;
    return `<iframe src="${u.href}" width="100%" height="820" style="border:0" loading="lazy" title="Downhill: ${this.state.scene}"></iframe>`;
  },

  updateShare() {
    if (this.$(".share").hidden || !this.w) return;
    this.$('[data-out="link"]').value = this.shareUrl();
    this.$('[data-out="snippet"]').value = this.snippet();
  },

  copy(text, sel) {
    return copyText(text, this.$(sel), this.s("copied"), this.root);
  }
};
