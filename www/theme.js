// theme=auto: the widget follows the page it sits in, then the reader's system setting.

/** The system's colour scheme. */
export const DARK_SCHEME = window.matchMedia?.("(prefers-color-scheme: dark)") ?? { matches: false, addEventListener() {} };

/** Attributes by which common sites mark their scheme: `data-theme` (many), mkdocs-material's
 * `data-md-color-scheme` (`slate` is its dark one), Bootstrap's `data-bs-theme`, GitHub's
 * `data-color-mode`. */
const SCHEME_ATTRIBUTES = ["data-theme", "data-md-color-scheme", "data-bs-theme", "data-color-mode"];
const DARK_WORD = /\b(dark|slate|night|black)\b/i;
const LIGHT_WORD = /\b(light|default|day|white)\b/i;

/** Whether the page around `el` is dark: the nearest ancestor that says (a scheme attribute, or
 * a `dark`/`light` class), else the CSS `color-scheme` the page gives the element, else the
 * reader's system setting. */
export function hostIsDark(el) {
  for (let n = el.parentElement; n; n = n.parentElement) {
    for (const a of SCHEME_ATTRIBUTES) {
      const v = n.getAttribute(a);
      if (v && DARK_WORD.test(v)) return true;
      if (v && LIGHT_WORD.test(v)) return false;
    }
    const c = n.classList;
    if (c.contains("dark") || c.contains("theme-dark") || c.contains("dark-mode")) return true;
    if (c.contains("light") || c.contains("theme-light") || c.contains("light-mode")) return false;
  }
  const scheme = getComputedStyle(el).colorScheme.trim();
  if (scheme === "dark" || scheme === "only dark") return true;
  if (scheme === "light" || scheme === "only light") return false;
  return DARK_SCHEME.matches;
}

/** Calls `changed` when the page's scheme may have changed: the system setting, or a scheme
 * attribute, class or style on <html> or <body> (where sites switch it). */
export function watchHostTheme(changed) {
  DARK_SCHEME.addEventListener("change", changed);
  const watch = () => {
    const o = new MutationObserver(changed);
    for (const n of [document.documentElement, document.body]) {
      if (n) o.observe(n, { attributes: true, attributeFilter: ["class", "style", ...SCHEME_ATTRIBUTES] });
    }
  };
  if (document.body) watch();
  else document.addEventListener("DOMContentLoaded", watch, { once: true });
}
