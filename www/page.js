// The page around the widget (index.html): it hides its header in embed mode and speaks the
// widget's language. A module of its own, so that a strict Content-Security-Policy holds.
import { langOf, putWords, t, waitForWords } from "./downhill.js";

const w = document.querySelector("downhill-widget");
const embed = (ui) => document.body.classList.toggle("embed", !!ui.embed);
const words = (ui) => {
  const lang = langOf(ui.lang);
  document.documentElement.lang = lang === "zh" ? "zh-Hans" : "en";
  putWords((key) => t(lang, key));
  document.title = t(lang, "title");
};
w.addEventListener("ui", (e) => {
  embed(e.detail);
  words(e.detail);
});
embed({ embed: /(?:^|[?&])embed=1(?:&|$)/.test(location.search) });
// The header in the link's language before anything else shows (no layout shift later).
const asked = new URLSearchParams(location.search).get("lang");
waitForWords(langOf(asked)).then(() => words({ lang: asked }));

// Embedded (embed=1) in another page's iframe: tell the parent this page's height whenever it
// changes, so the course page's resizer (downhill-resize.js, in the Share panel's snippet) fits
// the iframe to it. The message is { type: "downhill:height", version: 1, height } in CSS pixels.
if (window.parent !== window) {
  let last = 0;
  const post = () => {
    if (!document.body.classList.contains("embed")) return;
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "downhill:height", version: 1, height }, "*");
  };
  new ResizeObserver(post).observe(document.documentElement);
  w.addEventListener("ui", post);
}
