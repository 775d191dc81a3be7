// The lesson panel of <downhill-widget> (`lesson=NAME`): predict, then watch. A component: the
// core's `lesson` view in, edits out. It holds no rule of its own: which question a beat asks,
// its options, whether a prediction may be made, the answer and the verdict all come from the
// core (`session::LessonView`); this file lays them out, turns clicks, strokes and keys into
// `guess` edits, and asks the element to play once the student has committed.
import { LESSON_WORDS } from "./lesson-words.js";

/** How often a stroke on the landscape sends its path (every n-th pointer move). */
const STROKE_EVERY = 2;

/** Where a beat's prediction is kept in this tab (sessionStorage; never sent anywhere). */
const slot = (v) => `downhill-lesson:${v.name}|${v.beat}|${v.attempt}`;
function store(v, fields) {
  try {
    if (v && v.name !== "page") sessionStorage.setItem(slot(v), JSON.stringify(fields));
  } catch {}
}
function stored(v) {
  try {
    return v.name !== "page" ? JSON.parse(sessionStorage.getItem(slot(v)) ?? "null") : null;
  } catch {
    return null;
  }
}

export class LessonPanel {
  /**
   * @param host the element: `view()` (the core's lesson view), `edit(fields)` (a message or
   *   nothing), `s(key, vars)` (its words), `lang`, `play()`, `refresh()` (after an edit),
   *   `say(text)` (the live region), `box` (this panel's section).
   */
  constructor(host) {
    this.host = host;
    this.box = host.box;
    this.stroke = null;
    this.key = "";
  }

  /** A word of the lessons' table in the widget's language (English where Chinese lacks it); a
   * page's own lesson brings its words (`page.<k>`, `.q`, `.why`, `page.title`). */
  w(key, vars = {}) {
    const table = LESSON_WORDS[this.host.lang] || LESSON_WORDS.en;
    let s = this.host.words?.[key] ?? table[key] ?? LESSON_WORDS.en[key] ?? this.host.s(key);
    for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, v);
    return s;
  }

  /** Whether the landscape's pointer and arrow keys make a prediction now (not the start). */
  takesPointer() {
    const v = this.view;
    return !!v && v.phase === "ask" && (v.kind === "point" || v.kind === "sketch");
  }

  pointerDown(p) {
    if (this.view.kind === "point") return this.guess({ answer: "point", phi0: p[0], phi1: p[1] });
    this.stroke = [p];
    this.moves = 0;
    this.guess({ answer: "sketch", path: this.pathText() });
  }
  pointerMove(p) {
    if (!this.stroke || p.length !== 2) return;
    this.stroke.push(p);
    if (++this.moves % STROKE_EVERY === 0) this.guess({ answer: "sketch", path: this.pathText() }, false);
  }
  pointerUp() {
    if (!this.stroke) return;
    this.guess({ answer: "sketch", path: this.pathText() });
    this.stroke = null;
  }
  pathText() {
    return this.stroke.map((p) => `${p[0]},${p[1]}`).join(";");
  }
  /** Arrow keys on the landscape move the point marker. */
  nudge(right, up, big) {
    this.send({ kind: "guess_nudge", right, up, big: big ? 1 : 0 });
  }

  guess(fields, full = true) {
    if (this.send({ kind: "guess", ...fields }, full)) store(this.view, fields);
  }

  /** Sends an edit; a refusal is shown in the panel, in the core's words. */
  send(fields, full = true) {
    const err = this.host.edit(fields);
    this.$(".l-err").textContent = typeof err === "string" ? err : "";
    if (full) this.host.refresh();
    else this.host.redrawOnly();
    return typeof err !== "string";
  }

  $(sel) {
    return this.box.querySelector(sel);
  }

  /** Lays the panel out for the core's view (rebuilt only when the beat or phase changes). */
  render() {
    const v = (this.view = this.host.view());
    this.box.hidden = !v;
    // While a question waits for its prediction, what would answer it stays out of sight (the
    // runs' losses, the loss panel, the inspector, figure 6.11's own check); see style.js.
    this.box.getRootNode().host?.toggleAttribute("data-asking", v?.phase === "ask");
    if (!v) return;
    const key = `${v.name}|${v.beat}|${v.phase}|${v.attempt}|${this.host.lang}|${v.guess ? 1 : 0}|${v.changed ? 1 : 0}`;
    if (key === this.key) return;
    const beatChanged = !this.key.startsWith(`${v.name}|${v.beat}|`) || this.key.split("|")[3] !== String(v.attempt);
    this.key = key;
    const el = (tag, cls, text) => {
      const e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text !== undefined) e.textContent = text;
      return e;
    };
    // A beat's words: the lesson's own, or for a page's lesson its element's (by its place
    // among them) with the default words of its kind of question where it gives none.
    const k = v.source ?? v.beat;
    const say = (suffix) => {
      const own = this.w(`${v.name}.${k}${suffix}`);
      return own === `${v.name}.${k}${suffix}` && v.about ? this.w(`page_${v.about}${suffix}`) : own;
    };
    this.say = say;
    const head = el("div", "l-head");
    head.append(el("strong", "", `${this.w("lessonTitle")}${this.w("lessonTitleSep")}${this.w(`${v.name}.title`)}`), " ", el("span", "l-count", this.w("lessonBeat", { k: v.beat + 1, n: v.beats })));
    const parts = [head, el("p", "l-say", this.w(`${v.name}.${k}`))];
    // The core says when the settings are no longer the beat's own: its words may not hold.
    if (v.changed) parts.push(el("p", "l-changed", this.w("lessonChanged")));
    if (v.kind) {
      const q = el("p", "l-q", say(".q"));
      q.tabIndex = -1;
      parts.push(q);
      if (v.phase === "ask" && v.present) parts.push(this.presentButton(el));
      else if (v.phase === "ask") parts.push(...this.inputs(v, el));
      if (v.phase === "play") parts.push(el("p", "l-wait", this.w("lessonPlaying", { t: "…" })));
      if (v.phase === "done") parts.push(...this.reveal(v, el));
    }
    parts.push(el("p", "l-err"));
    const nav = el("div", "l-nav");
    const button = (label, act, disabled = false) => {
      const b = el("button", "", label);
      b.type = "button";
      b.dataset.lesson = act;
      b.disabled = disabled;
      nav.append(b, " ");
      return b;
    };
    button(this.w("lessonBack"), "back", v.beat === 0);
    if (v.retry && v.kind && v.phase === "done") button(this.w(v.retry === "start" ? "lessonRetry" : "lessonRetrySeed"), "retry");
    button(this.w("lessonNext"), "next", v.beat + 1 >= v.beats || (v.kind && v.phase !== "done"));
    if (v.beat + 1 >= v.beats && (!v.kind || v.phase === "done")) nav.append(el("span", "l-end", this.w("lessonDone")));
    parts.push(nav);
    // The panel is rebuilt: the keyboard's place in it survives (the same option or button, or
    // else the question), so keyboard and screen-reader users are not sent back to the page.
    const root = this.box.getRootNode();
    const had = this.box.contains(root.activeElement) ? root.activeElement : null;
    const same = had && (had.dataset.lesson ? `[data-lesson="${had.dataset.lesson}"]` : had.name === "l-choice" ? `input[name="l-choice"][value="${had.value}"]` : had.className ? `.${had.className.split(" ")[0]}` : null);
    this.box.replaceChildren(...parts);
    this.bind(v);
    if (had) {
      const to = (same && this.$(same)) || this.$(".l-q") || this.$("[data-lesson]");
      if (to && !to.disabled) to.focus();
      else this.$("[data-lesson]:not([disabled])")?.focus();
    }
    // A prediction made before a reload (this tab's sessionStorage only: nothing leaves the
    // page) comes back with its beat.
    if (beatChanged && v.phase === "ask" && !v.guess) {
      const kept = stored(v);
      if (kept) return this.guess(kept);
    }
    if (beatChanged) {
      this.host.say(`${this.w("lessonBeat", { k: v.beat + 1, n: v.beats })}. ${this.w(`${v.name}.${k}`)}${v.kind ? ` ${say(".q")}` : ""}`);
      // A beat that asks nothing plays at once, so the picture shows what its words describe.
      if (v.phase === "read") this.host.play();
    } else if (v.phase === "done") this.host.say(this.$(".l-verdict")?.textContent ?? "");
  }

  /** Presenter mode: the class predicts aloud or on paper; the instructor reveals. */
  presentButton(el) {
    const go = el("button", "l-go", this.w("lessonPresent"));
    go.type = "button";
    go.dataset.lesson = "reveal";
    return go;
  }

  /** The controls a question needs before its reveal. */
  inputs(v, el) {
    const out = [];
    if (v.kind === "choose") {
      const set = el("fieldset", "l-choices");
      set.append(el("legend", "", this.w("lessonChoose")));
      v.options.forEach((o, i) => {
        const l = el("label");
        const r = el("input");
        r.type = "radio";
        r.name = "l-choice";
        r.value = String(i);
        r.checked = v.guess?.value === i;
        l.append(r, ` ${this.w(`choice_${o}`)}`);
        set.append(l, " ");
      });
      out.push(set);
    } else if (v.kind === "number") {
      const l = el("label", "", `${this.w("lessonNumber")} `);
      const n = el("input", "l-number");
      n.type = "text";
      n.inputMode = "decimal";
      n.autocomplete = "off";
      n.size = 10;
      if (v.guess) n.value = String(v.guess.value);
      l.append(n);
      out.push(l);
    } else if (v.kind === "point") {
      out.push(el("p", "l-how", `${this.w("lessonPoint")} ${this.w("lessonLegend")}`));
    } else {
      const p = el("p", "l-how", `${this.w("lessonSketch")} `);
      const field = el("input", "l-path");
      field.type = "text";
      field.placeholder = this.w("lessonSketchField");
      field.setAttribute("aria-label", this.w("lessonSketchField"));
      if (v.guess) field.value = v.guess.value.map((q) => q.map((x) => +x.toPrecision(4)).join(",")).join("; ");
      const use = el("button", "", this.w("lessonSketchSet"));
      use.type = "button";
      use.dataset.lesson = "path";
      p.append(field, " ", use, " ", el("span", "", this.w("lessonLegend")));
      out.push(p);
    }
    const go = el("button", "l-go", this.w("lessonReveal"));
    go.type = "button";
    go.dataset.lesson = "reveal";
    // A number is read when the button is pressed; the others need their prediction first.
    go.disabled = v.kind !== "number" && !v.guess;
    out.push(el("p", "", ""), go);
    // Kept in place once a prediction is made (hidden, not removed), so the landscape below
    // does not move under a stroke being drawn.
    if (v.kind !== "number") {
      const wait = el("p", "l-wait", this.w("lessonWaiting"));
      wait.classList.toggle("gone", !!v.guess);
      out.push(wait);
    }
    return out;
  }

  /** The outcome beside the prediction, and the reason with the core's numbers. */
  reveal(v, el) {
    if (v.error) return [el("p", "l-verdict", this.w("lessonError", { e: v.error }))];
    const facts = Object.fromEntries(v.facts);
    const why = el("p", "l-why", v.changed ? this.w("lessonChangedWhy") : this.say(".why").replace(/\{(\w+)\}/g, (m, name) => facts[name] ?? m));
    // Presenter mode scores nothing: the outcome and its reason.
    if (!v.guess) return [el("p", "l-verdict", v.answer_text ? this.w("lessonItIs", { b: v.kind === "choose" ? this.w(`choice_${v.answer_text}`) : v.answer_text }) : ""), why];
    const right = v.judged?.correct;
    const verdict = el("p", `l-verdict ${right ? "right" : "wrong"}`, this.w(right ? "lessonRight" : "lessonWrong"));
    if (v.kind === "choose") {
      verdict.append(" ", this.w("lessonYouSaid", { a: this.w(`choice_${v.options[v.guess.value]}`), b: this.w(`choice_${v.answer_text}`) }));
    } else if (v.kind === "number") {
      const said = { a: String(v.guess.value), b: v.answer_text, tol: v.within_text };
      verdict.append(" ", this.w(v.within_text ? "lessonNumberWas" : "lessonYouSaid", said));
    } else if (v.distance_text) {
      verdict.append(" ", this.w(v.kind === "point" ? "lessonDistPoint" : "lessonDistSketch", { d: v.distance_text, tol: v.within_text }));
    }
    return [verdict, why];
  }

  bind(v) {
    for (const b of this.box.querySelectorAll("[data-lesson]")) {
      b.addEventListener("click", () => this.act(b.dataset.lesson, v));
    }
    for (const r of this.box.querySelectorAll('input[name="l-choice"]')) {
      r.addEventListener("change", () => this.guess({ answer: "choose", choice: r.value }));
    }
    const n = this.$(".l-number");
    n?.addEventListener("keydown", (e) => {
      if (e.key === "Enter") this.act("reveal", v);
    });
  }

  act(what, v) {
    if (what === "back" || what === "next") {
      const k = v.beat + (what === "next" ? 1 : -1);
      this.send({ kind: "beat", k });
      this.$("[data-lesson]")?.focus();
    } else if (what === "retry") {
      this.send({ kind: "retry" });
    } else if (what === "path") {
      const text = this.$(".l-path").value.replace(/\s+/g, "");
      this.guess({ answer: "sketch", path: text });
    } else if (what === "reveal") {
      if (v.kind === "number" && !v.present) {
        const x = this.$(".l-number").value.trim().replace(",", ".");
        if (!this.send({ kind: "guess", answer: "number", value: x }, false)) return;
      }
      if (this.send({ kind: "reveal" })) this.host.play();
      this.$(".l-q")?.focus?.();
    }
  }
}
