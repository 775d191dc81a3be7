// Help inside <downhill-widget>: a short description on every control (its tooltip and its
// accessible description), the legend of the landscape's markers, and the list of keyboard
// shortcuts behind the "?" button and key. Words from help-words.js, loaded after the widget.

/** The controls of the widget's own markup, by the attribute that names them, and the string
 * of each one's description. The run rows' controls get theirs where runs.js builds them. */
const CONTROLS = [
  ["data-act", ["play", "step", "reset", "newseed", "share", "copylink", "copysnippet", "resetdata", "numpy", "keys"]],
  ["data-ctl", ["speed", "scene", "seed", "slice", "center", "lang", "embed"]],
  ["data-opt", ["logc", "logl", "batchsurf", "follow"]],
  ["data-export", ["png", "svg", "csv", "jsonl"]],
];

/** The shortcuts, in the order the list shows them: [keys, string of what they do]. */
const SHORTCUTS = [
  ["Space", "keys_play"],
  [".", "keys_step"],
  ["R", "keys_reset"],
  ["← ↑ → ↓", "keys_nudge"],
  ["Shift + ← ↑ → ↓", "keys_nudgeBig"],
  ["← ↑ → ↓", "keys_turn"],
  ["Tab", "keys_tab"],
  ["?", "keys_help"],
];

/** The help's words, once loaded (a chunk of their own: the page's first load is smaller). */
let WORDS = null;
let loading = null;

export const help = {
  /** A help word in the widget's language (English where a translation is missing). */
  h(key) {
    return WORDS[this.lang]?.[key] ?? WORDS.en[key] ?? key;
  },
  /** The same, or "" until the help's words have arrived (the run rows are built before). */
  helpWord(key) {
    return WORDS ? this.h(key) : "";
  },

  /** Labels every control with its description, the legend and the shortcuts in the page's
   * language (called whenever the words are set); the first time, once the words arrive. */
  labelHelp() {
    if (!WORDS) {
      loading ??= import("./help-words.js").then((m) => (WORDS = m.HELP_WORDS));
      loading.then(() => this.w && this.labelHelp());
      return;
    }
    for (const [attr, names] of CONTROLS) {
      for (const name of names) {
        const text = this.h(`help_${attr.slice(5)}_${name}`);
        for (const el of this.root.querySelectorAll(`[${attr}="${name}"]`)) {
          // A checkbox is described on its label, which is what the pointer rests on.
          const target = el.type === "checkbox" ? el.closest("label") ?? el : el;
          target.title = text;
          el.setAttribute("aria-description", text);
        }
      }
    }
    this.$('[data-out="markers"]').textContent = this.h("markers");
    this.$('[data-out="noapp"]').textContent = this.h("shareNoApp");
    // The parts a link can hide, in words (the link's own word in the tooltip).
    for (const box of this.root.querySelectorAll("[data-hide]")) {
      const label = box.closest("label");
      label.lastChild.textContent = ` ${this.h(`hide_${box.dataset.hide}`)} `;
      label.title = `hide=${box.dataset.hide}`;
    }
    const list = this.$('[data-out="keys"] dl');
    list.replaceChildren(...SHORTCUTS.flatMap(([keys, what]) => {
      const dt = document.createElement("dt");
      dt.append(...keys.split(" + ").flatMap((k, i) => {
        const kbd = document.createElement("kbd");
        kbd.textContent = k;
        return i ? [" + ", kbd] : [kbd];
      }));
      const dd = document.createElement("dd");
      dd.textContent = this.h(what);
      return [dt, dd];
    }));
    this.$('[data-out="keys"] strong').textContent = this.h("keys_title");
    this.$('[data-act="keys"]').setAttribute("aria-label", this.h("keys_title"));
    // The run rows, built before the words came, get theirs now.
    if (this.state) this.renderRuns();
  },

  /** Shows or hides the list of shortcuts. */
  toggleKeys(show) {
    const box = this.$('[data-out="keys"]');
    box.hidden = show === undefined ? !box.hidden : !show;
    this.$('[data-act="keys"]').setAttribute("aria-expanded", String(!box.hidden));
  },
};
