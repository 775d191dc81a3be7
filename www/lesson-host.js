// The element's lessons: a page's own (its <downhill-beat> children) and the lesson panel,
// loaded the first time a lesson opens. Functions of the element (its methods call them).

/** A page's own lesson: the element's <downhill-beat> children. Each beat's state and
 * question go to the core, which checks them (a bad beat is reported with its place and left
 * out) and computes every answer; their words (the narration inside, `question` and `reveal`
 * attributes, `lesson-title` on the element) stay here. */
export function pageLesson(el) {
  const beats = [...el.querySelectorAll(":scope > downhill-beat")];
  if (!beats.length) return;
  const edit = { kind: "page_lesson", query: [], ask: [] };
  const words = { "page.title": el.getAttribute("lesson-title") ?? undefined };
  beats.forEach((b, k) => {
    edit.query.push(b.getAttribute("query") ?? "");
    // Every attribute but the state and the words goes to the core, which knows the
    // question's attributes and reports any other.
    const ask = new URLSearchParams();
    for (const { name, value } of b.attributes) if (!["query", "question", "reveal"].includes(name)) ask.set(name, value);
    edit.ask.push(ask.toString());
    words[`page.${k}`] = b.textContent.trim();
    if (b.hasAttribute("question")) words[`page.${k}.q`] = b.getAttribute("question");
    if (b.hasAttribute("reveal")) words[`page.${k}.why`] = b.getAttribute("reveal");
  });
  for (const [k, v] of Object.entries(words)) if (v === undefined) delete words[k];
  el.pageWords = words;
  el.pageEdit = edit;
  const err = el.guard(() => el.w.edit(edit));
  if (typeof err === "string") el.showMessage([{ severity: "error", text: err }]);
}

/** lesson=: the lesson panel (a component: the core's lesson view in, edits out), loaded
 * with its words the first time a lesson opens. */
export function renderLesson(el) {
  if (el.lesson) return el.guard(() => el.lesson.render());
  if (el.lessonLoading || !el.guard(() => el.w.view("lesson"))) return;
  el.lessonLoading = import("./lesson.js").then(({ LessonPanel }) => {
    if (!el.w) return;
    el.lesson = new LessonPanel({
      box: el.$(".lesson"),
      get lang() {
        return el.lang;
      },
      view: () => el.w?.view("lesson"),
      edit: (fields) => el.guard(() => el.edit(fields)),
      s: (key, vars) => el.s(key, vars),
      play: () => el.play(),
      // A beat brings its own hide= list: the parts it shows or hides follow.
      refresh: () => {
        el.afterChange({});
        el.applyUi();
      },
      redrawOnly: () => el.schedule(),
      say: (text) => (el.$('[data-out="live"]').textContent = text),
      get words() {
        return el.pageWords;
      },
    });
    el.guard(() => el.lesson.render());
  });
}
