// The gallery: every named preset with a thumbnail drawn by the same Rust code as the widget,
// its caption, and its link and iframe snippet to copy.
import { STRINGS, copyText, factsOf, iframeSnippet, langOf, loadCaptions, loadLang, loadModule, newThumbnail, putWords, resizeUrl, t, waitForWords } from "./downhill.js";
import { LESSON_WORDS } from "./lesson-words.js";
import { GALLERY_WORDS } from "./gallery-words.js";

const params = new URLSearchParams(location.search);
// Only a known language reaches the links built below (a crafted lang= must not add keys).
let lang = langOf(params.get("lang"));
// The widget's page is the one the header links to (a build may move it).
const home = document.getElementById("home").getAttribute("href");
const widgetUrl = (query, extra = "") => new URL(`${home}?${query}${extra}`, location.href).href;
const lessonWord = (key, vars) => {
  let s = (LESSON_WORDS[lang] ?? LESSON_WORDS.en)[key] ?? LESSON_WORDS.en[key] ?? key;
  for (const [k, v] of Object.entries(vars ?? {})) s = s.replaceAll(`{${k}}`, v);
  return s;
};

/** A word of the gallery's own (gallery-words.js), else of the widget's string files. */
const g = (key, vars) => {
  const own = GALLERY_WORDS[lang]?.[key] ?? GALLERY_WORDS.en[key];
  if (own === undefined) return t(lang, key, vars);
  let s = own;
  for (const [k, v] of Object.entries(vars ?? {})) s = s.replaceAll(`{${k}}`, v);
  return s;
};
const copy = (text, button) => copyText(text, button, t(lang, "copied"));
// A gallery opened from disk (the single file): its links open only on this computer; it says so.
const FILE = location.protocol === "file:";
if (FILE) document.getElementById("file-note").hidden = false;

// Thumbnails are drawn as their cards come near the screen, one at a time in short tasks: the
// preset plays in slices of THUMB_SLICE_MS, then its picture is drawn on the card's canvas in a
// task of its own (a landscape's sampling and critical points: tens of milliseconds), so the
// page never blocks for long.
const THUMB_SIZE = 240;
const THUMB_SLICE_MS = 8;
const queue = [];
let drawing = false;
function drawNext() {
  const thumb = queue.shift();
  if (!thumb) {
    drawing = false;
    if (!document.querySelector(".thumb:not([data-drawn])")) document.body.dataset.thumbs = "all";
    return;
  }
  if (thumb.dataset.drawn) return setTimeout(drawNext, 0);
  const job = newThumbnail(thumb.closest(".card").dataset.query);
  const play = () => {
    if (!job.work(THUMB_SLICE_MS)) return setTimeout(play, 0);
    setTimeout(() => {
      const canvas = document.createElement("canvas");
      canvas.setAttribute("aria-hidden", "true");
      job.draw(canvas, THUMB_SIZE, window.devicePixelRatio || 1);
      job.free();
      thumb.replaceChildren(canvas);
      thumb.dataset.drawn = "1";
      setTimeout(drawNext, 0);
    }, 0);
  };
  play();
}
const thumbs = new IntersectionObserver(
  (entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      thumbs.unobserve(e.target);
      queue.push(e.target);
    }
    if (queue.length && !drawing) {
      drawing = true;
      setTimeout(drawNext, 0);
    }
  },
  { rootMargin: "600px 0px" },
);

/** A card: `query` opens it (`preset=NAME` or `lesson=NAME`), `text` says what it shows. */
function card(query, title, text) {
  const name = query.split("=")[1];
  const card = document.createElement("article");
  card.className = "card";
  card.dataset.query = query;
  card.id = query.replace("=", "-");
  const h = document.createElement("h2");
  h.textContent = title;
  // An anchor per card: a course page can link straight to it.
  const anchor = document.createElement("a");
  anchor.className = "anchor";
  anchor.href = `#${card.id}`;
  anchor.textContent = "#";
  anchor.setAttribute("aria-label", `${g("linkHere")}: ${title}`);
  const slug = document.createElement("code");
  slug.textContent = name;
  h.append(" ", anchor);
  const thumb = document.createElement("a");
  thumb.className = "thumb";
  thumb.href = widgetUrl(query, `&lang=${lang}`);
  // The picture repeats the card's "Open" link: one stop for keyboards and screen readers.
  thumb.setAttribute("aria-hidden", "true");
  thumb.tabIndex = -1;
  thumbs.observe(thumb);
  const p = document.createElement("p");
  p.textContent = text;
  const row = document.createElement("div");
  row.className = "row";
  const open = document.createElement("a");
  open.className = "button primary";
  open.href = thumb.href;
  open.textContent = t(lang, "open");
  const link = document.createElement("button");
  link.textContent = t(lang, "copyLink");
  link.addEventListener("click", () => copy(widgetUrl(query), link));
  const snip = document.createElement("button");
  snip.textContent = t(lang, "copySnippet");
  snip.addEventListener("click", () =>
    copy(iframeSnippet(widgetUrl(query, "&embed=1"), `Downhill: ${name}`, FILE ? null : resizeUrl()), snip));
  row.append(open, link, snip);
  card.append(h, slug, thumb, p, row);
  return card;
}

function words() {
  document.documentElement.lang = lang === "zh" ? "zh-Hans" : "en";
  putWords(g);
  document.getElementById("lang").value = lang;
}

function render(cat) {
  words();
  // Captions quote what the scene computes, never a copied number.
  const caption = (name) => (STRINGS.en[`caption_${name}`] ? t(lang, `caption_${name}`, factsOf(name)) : "");
  for (const id of ["lessons-title", "lessons-intro", "figures-title", "problems-title"]) document.getElementById(id).hidden = false;
  document.getElementById("lessons").replaceChildren(
    ...cat.lessons.map(([name, , beats]) => card(`lesson=${name}`, lessonWord(`${name}.title`), `${lessonWord(`${name}.0`)} (${lessonWord("lessonBeats", { n: beats })})`)),
  );
  const cards = document.getElementById("cards");
  cards.replaceChildren(...cat.figures.map((n) => card(`preset=${n}`, title(n), caption(n))));
  const problems = document.getElementById("problems");
  problems.replaceChildren(...cat.problems.map(([k, name]) => card(`preset=${name}`, `${t(lang, "problem")} ${k} · ${title(name)}`, caption(name))));
  filter();
  // A link to a card (#preset-fig6.7) lands on it once the cards exist.
  if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
}

/** A preset's title in words (title_NAME in the string files), else its name. */
const title = (name) => GALLERY_WORDS[lang]?.[`title_${name}`] ?? GALLERY_WORDS.en[`title_${name}`] ?? name;

/** Shows the cards of the chosen kind that contain every word typed in the search box. */
function filter() {
  const kind = document.querySelector('#filters [aria-pressed="true"]')?.dataset.kind ?? "all";
  const words = document.getElementById("search").value.toLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  for (const [section, list] of [["lessons", "lessons"], ["figures", "cards"], ["problems", "problems"]]) {
    const box = document.getElementById(list);
    const inKind = kind === "all" || kind === section;
    let any = false;
    for (const c of box.children) {
      const hit = inKind && words.every((w) => c.textContent.toLowerCase().includes(w));
      c.hidden = !hit;
      any ||= hit;
      shown += hit ? 1 : 0;
    }
    document.getElementById(`${section}-title`).hidden = !any;
    if (section === "lessons") document.getElementById("lessons-intro").hidden = !any;
  }
  document.getElementById("count").textContent = g("galleryCount", { n: shown });
}
document.getElementById("search").addEventListener("input", filter);
for (const b of document.querySelectorAll("#filters button")) {
  b.addEventListener("click", () => {
    for (const o of document.querySelectorAll("#filters button")) o.setAttribute("aria-pressed", String(o === b));
    filter();
  });
}

// The page's own words first (no layout shift when the cards arrive), then the cards.
await waitForWords(lang);
words();
const [cat] = await Promise.all([loadModule(), loadCaptions()]);
render(cat);
document.getElementById("lang").addEventListener("change", async (e) => {
  lang = langOf(e.target.value);
  await loadLang(lang);
  render(cat);
});
document.body.dataset.ready = "1";
document.body.dataset.ms = performance.now().toFixed(0);
