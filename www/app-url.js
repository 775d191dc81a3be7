// Where share links open: the app (index.html) that came with this module. Here, in the
// repository, it is the index.html above www/. `scripts/dist` replaces this module: the site's
// build names the index.html beside downhill.js; the npm package and the notebook widget, which
// come without an app, give null (links then open the page the widget is on, and the Share
// panel says so; an instructor's `share-base` attribute names the app to open).
export const appUrl = () => new URL("../index.html", import.meta.url).href;
/** The script that fits iframes of the app to their content (www/downhill-resize.js). */
export const resizeUrl = () => new URL("downhill-resize.js", import.meta.url).href;
