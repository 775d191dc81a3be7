// What the element says when something goes wrong: the problems of a link or an edit, a crash
// with its Reload button, and the rebuild on a fresh module after a trap (core.js's recovery).
// Functions of the element `el`.
import { core, generation } from "./core.js";
import { t } from "./strings.js";

/** Rebuilds the widget on a fresh module instance from its last good query, at its step. */
export function rebuild(el, message) {
  const steps = Math.max(0, ...(el.state?.runs ?? []).map((r) => r.steps));
  el.w = new core.Widget(el.lastGood);
  el.gen = generation;
  el.attachCanvases();
  el.sendTexts();
  if (el.pageEdit) el.w.edit(el.pageEdit);
  el.w.step(steps);
  el.onResize();
  el.afterChange({ url: false });
  el.showMessage([{ severity: "warning", text: `${el.s("recovered")} ${message}` }]);
}

export function showCrash(el, message) {
  el.buildDom();
  el.pause();
  if (el.root.querySelector(".crash")) return;
  const box = document.createElement("div");
  box.className = "crash";
  box.setAttribute("role", "alert");
  const p = document.createElement("p");
  p.textContent = `${t(el.lang, "crashed")} ${message}`;
  const b = document.createElement("button");
  b.textContent = t(el.lang, "reload");
  b.addEventListener("click", () => {
    box.remove();
    try {
      el.w?.free();
    } catch {}
    try {
      el.w = new core.Widget(el.lastGood);
      el.attachCanvases();
      el.sendTexts();
      el.onResize();
      el.afterChange({});
    } catch (e) {
      el.showCrash(String(e));
    }
  });
  box.append(p, b);
  el.root.querySelector(".dh").prepend(box);
}

/** The problems box: `list` under a heading, by default "Problems with this link"; a refused
 * control's value says "Not applied" instead (`title`, a strings key). */
export function showMessage(el, list, title = "problems") {
  const box = el.$(".msg");
  box.hidden = false;
  box.classList.toggle("error", list.some((p) => p.severity === "error"));
  box.innerHTML = "";
  const heading = document.createElement("strong");
  heading.textContent = el.s(title);
  const ul = document.createElement("ul");
  for (const p of list) {
    const li = document.createElement("li");
    li.textContent = p.text;
    ul.append(li);
  }
  const close = document.createElement("button");
  close.textContent = el.s("dismiss");
  close.addEventListener("click", () => (box.hidden = true));
  box.append(heading, ul, close);
}
