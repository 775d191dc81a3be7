// Help inside <downhill-widget>: a short description on every control (its tooltip and its
// accessible description), the legend of the landscape's markers, and the list of keyboard
// shortcuts behind the "?" button and key. Words from the string files (help_*, keys_*).

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
  ["Tab", "keys_tab"],
  ["?", "keys_help"],
];

export const help = {
  /** Labels every control with its description, the legend and the shortcuts in the page's
   * language (called whenever the words are set). */
  labelHelp() {
    for (const [attr, names] of CONTROLS) {
      for (const name of names) {
        const text = this.s(`help_${attr.slice(5)}_${name}`);
        for (const el of this.root.querySelectorAll(`[${attr}="${name}"]`)) {
          // A checkbox is described on its label, which is what the pointer rests on.
          const target = el.type === "checkbox" ? el.closest("label") ?? el : el;
          target.title = text;
          el.setAttribute("aria-description", text);
        }
      }
    }
    this.$('[data-out="markers"]').textContent = this.s("markers");
    const list = this.$('[data-out="keys"] dl');
    list.replaceChildren(...SHORTCUTS.flatMap(([keys, what]) => {
      const dt = document.createElement("dt");
      dt.append(...keys.split(" + ").flatMap((k, i) => {
        const kbd = document.createElement("kbd");
        kbd.textContent = k;
        return i ? [" + ", kbd] : [kbd];
      }));
      const dd = document.createElement("dd");
      dd.textContent = this.s(what);
      return [dt, dd];
    }));
    this.$('[data-out="keys"] strong').textContent = this.s("keys_title");
    this.$('[data-act="keys"]').setAttribute("aria-label", this.s("keys_title"));
  },

  /** Shows or hides the list of shortcuts. */
  toggleKeys(show) {
    const box = this.$('[data-out="keys"]');
    box.hidden = show === undefined ? !box.hidden : !show;
    this.$('[data-act="keys"]').setAttribute("aria-expanded", String(!box.hidden));
  },
};
