// The look and the markup of <downhill-widget>'s shadow root.

export const CSS = `
/* Off screen, the browser skips the widget's style, layout and paint (twenty widgets on a page
   scroll without long frames); it remembers the last height. Its paint is then contained: the
   clip margin keeps a focus ring at its edge (3 px, 2 px out) whole. */
:host { display: block; content-visibility: auto; contain-intrinsic-block-size: auto 900px; overflow-clip-margin: 6px; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", "Noto Sans SC", sans-serif; }
* { box-sizing: border-box; }
/* The widget brings its own opaque surface in every theme, so its text reads on any page. A
   host page can set these from outside (custom properties cross the shadow root):
   --downhill-surface, --downhill-paper, --downhill-ink, --downhill-muted, --downhill-line,
   --downhill-accent, --downhill-focus, --downhill-font. They apply to the theme shown. */
.dh { display: flex; flex-direction: column; gap: 8px; max-width: 100%; color: var(--ink); container: downhill / inline-size;
  background: var(--surface); border-radius: 8px; padding: 6px; font-family: var(--downhill-font, inherit);
  --surface: var(--downhill-surface, white); --ink: var(--downhill-ink, #1f2937); --muted: var(--downhill-muted, #4b5563);
  --paper: var(--downhill-paper, white); --line: var(--downhill-line, #e5e7eb); --btn-bg: #f9fafb; --btn-line: #9ca3af;
  --btn-hover: #eef2ff; --accent: var(--downhill-accent, #1d4ed8); --accent-line: #2563eb; --focus: var(--downhill-focus, #1d4ed8); --sel-bg: #eff6ff;
  --caption-bg: #f1f5f9; --warn-bg: #fef3c7; --warn-line: #f59e0b; --err-bg: #fee2e2; --err-line: #ef4444;
  --bad: #b91c1c; --ok: #15803d; --tip-bg: rgba(255, 255, 255, .92); color-scheme: light; }
/* theme=dark (or auto on a dark page or system): the widget's own dark surface. */
.dh[data-theme="dark"] { color-scheme: dark;
  --surface: var(--downhill-surface, #0b1220); --ink: var(--downhill-ink, #e5e7eb); --muted: var(--downhill-muted, #b6bec9);
  --paper: var(--downhill-paper, #111827); --line: var(--downhill-line, #374151); --btn-bg: #1f2937; --btn-line: #6b7280;
  --btn-hover: #273449; --accent: var(--downhill-accent, #2563eb); --accent-line: #60a5fa; --focus: var(--downhill-focus, #93c5fd); --sel-bg: #172554;
  --caption-bg: #1e293b; --warn-bg: #422006; --warn-line: #d97706; --err-bg: #450a0a; --err-line: #f87171;
  --bad: #fca5a5; --ok: #86efac; --tip-bg: rgba(17, 24, 39, .92); }
/* A click on the widget's text keeps the focus in it (tabindex -1), so its keys still work. */
.dh:focus { outline: none; }
.legend { margin: 0; font-size: 12px; line-height: 1.4; color: var(--muted); }
/* The markers' legend comes with the help, after start-up: its two lines are kept from the first paint (no layout shift). */
.legend[data-out="markers"] { min-height: 2.8em; }
.keys { border: 1px solid var(--line); border-radius: 8px; padding: 6px 10px; }
.keys dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 4px 0 0; }
.keys dd { margin: 0; }
kbd { font: 12px ui-monospace, monospace; border: 1px solid var(--btn-line); border-radius: 4px; padding: 0 4px; background: var(--btn-bg); }
/* Until the core has laid the widget out, its box is held (no layout shift) and a skeleton of
   its layout shows: the toolbar, the landscape, the data and the loss, pulsing while it loads. */
.dh[data-pending] { min-height: min(100vh, 1400px);
  background: linear-gradient(var(--line) 0 0) 6px 6px / min(60%, 520px) 30px no-repeat,
    linear-gradient(var(--line) 0 0) 6px 46px / calc(53% - 10px) min(70vh, 640px) no-repeat,
    linear-gradient(var(--line) 0 0) right 6px top 46px / calc(47% - 6px) min(34vh, 310px) no-repeat,
    linear-gradient(var(--line) 0 0) right 6px top calc(54px + min(34vh, 310px)) / calc(47% - 6px) min(34vh, 322px) no-repeat,
    var(--surface);
  animation: dh-pulse 1.1s ease-in-out infinite alternate; }
.dh[data-pending] > * { visibility: hidden; }
@keyframes dh-pulse { from { opacity: .5; } to { opacity: 1; } }
@media (prefers-reduced-motion: reduce) { .dh[data-pending] { animation: none; } }
.bar { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; }
.bar label { display: inline-flex; gap: 4px; align-items: center; }
button, select, input { font: inherit; }
select { max-width: 100%; min-width: 0; text-overflow: ellipsis; }
.bar label { max-width: 100%; }
button { padding: 4px 10px; border: 1px solid var(--btn-line); border-radius: 6px; background: var(--btn-bg); color: inherit; cursor: pointer; min-height: 32px; }
button:hover { background: var(--btn-hover); }
button:focus-visible, select:focus-visible, input:focus-visible, textarea:focus-visible, a:focus-visible, canvas:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
button.primary { background: var(--accent); color: white; border-color: var(--accent); }
input[type=number] { width: 7em; }
input[type=range] { width: 110px; }
input.num { width: 6.5em; font: 12px ui-monospace, monospace; }
.msg { border-radius: 6px; padding: 6px 10px; background: var(--warn-bg); border: 1px solid var(--warn-line); }
.msg.error { background: var(--err-bg); border-color: var(--err-line); }
.msg ul { margin: 4px 0; padding-left: 18px; }
.grid { display: grid; grid-template-columns: minmax(0, 1.15fr) minmax(0, 1fr); gap: 8px; }
.panel { position: relative; border: 1px solid var(--line); border-radius: 8px; background: var(--paper); margin: 0; }
.panel figcaption { font-size: 12px; color: var(--muted); padding: 2px 8px; }
.land { aspect-ratio: var(--land-aspect, 1); }
.land canvas { position: absolute; inset: 0; width: 100%; height: 100%; }
.land .fg { touch-action: manipulation; cursor: crosshair; }
.side { display: flex; flex-direction: column; gap: 8px; min-height: 0; }
.side .panel { flex: 1 1 0; min-height: 200px; }
/* Canvases are absolutely placed: their pixel size never feeds back into the layout. */
.side canvas { position: absolute; inset: 0; width: 100%; height: 100%; display: block; }
.datac { touch-action: manipulation; cursor: pointer; }
/* Figure 6.1b's surface turns with a sideways drag; an upright swipe still scrolls the page. */
.lossc { touch-action: pan-y pinch-zoom; }
.tip { position: absolute; left: 8px; top: 6px; background: var(--tip-bg); border-radius: 4px; padding: 1px 6px; font: 12px ui-monospace, monospace; pointer-events: none; }
.runs { display: flex; flex-direction: column; gap: 6px; }
.run { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: center; padding: 4px 6px; border-radius: 6px; border: 1px solid var(--line); }
.run.sel { border-color: var(--accent-line); background: var(--sel-bg); }
.l-wait.gone { visibility: hidden; }
:host([data-asking]) [data-part="loss"] > *, :host([data-asking]) [data-part="inspector"] > *, :host([data-asking]) .run .status, :host([data-asking]) [data-out="quiz"] form { visibility: hidden; }
/* While a lesson asks, the panels that would give the answer away keep their room (no layout
   shift at the reveal) and say why they are empty. */
:host([data-asking]) [data-wait] { position: relative; }
:host([data-asking]) .insp[data-wait] { min-height: 4em; }
:host([data-asking]) [data-wait]::after { content: attr(data-wait); position: absolute; inset: 0; display: grid; place-items: center; padding: 1em; text-align: center; color: var(--muted); font-style: italic; }
.swatch { width: 18px; height: 18px; min-height: 18px; padding: 0; border-radius: 50%; display: inline-block; flex: none; border: 2px solid var(--paper); box-shadow: 0 0 0 1px var(--btn-line); }
.run output { font: 12px ui-monospace, monospace; min-width: 4.5em; display: inline-block; }
.status { font-size: 12px; color: var(--muted); }
.status.bad { color: var(--bad); }
.insp { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 8px; border: 1px solid var(--line); border-radius: 8px; padding: 8px; }
.insp math { font-size: 15px; max-width: 100%; overflow-x: auto; }
.insp table { border-collapse: collapse; font: 12px ui-monospace, monospace; }
.insp td { padding: 1px 6px; vertical-align: top; }
.insp td:first-child { color: var(--muted); font-family: system-ui, sans-serif; }
.bars { display: flex; align-items: flex-end; gap: 2px; height: 40px; }
.bars span { width: 10px; background: var(--accent-line); display: inline-block; }
.spectrum { display: grid; grid-template-columns: repeat(10, 10px); grid-template-rows: 24px 24px; gap: 0 2px; }
.spectrum span { width: 10px; display: block; }
.spectrum .pos { grid-row: 1; align-self: end; background: var(--accent-line); }
.spectrum .neg { grid-row: 2; align-self: start; background: #c2410c; }
.share { border: 1px solid var(--line); border-radius: 8px; padding: 8px; display: flex; flex-direction: column; gap: 6px; }
.share textarea { width: 100%; font: 12px ui-monospace, monospace; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.caption.changed { color: var(--muted); font-style: italic; }
.lesson { padding: 8px 12px; background: var(--caption-bg); border-left: 3px solid var(--accent); border-radius: 4px; }
.lesson p { margin: 6px 0; }
.lesson .l-count { color: var(--muted); }
.lesson .l-q { font-weight: 600; }
.lesson fieldset { border: 0; padding: 0; margin: 4px 0; }
.lesson fieldset label { margin-right: 12px; white-space: nowrap; }
.lesson .l-verdict.right { color: var(--ok); font-weight: 600; }
.lesson .l-verdict.wrong { color: var(--bad); font-weight: 600; }
.lesson .l-err:empty, .lesson .l-wait:empty { display: none; }
.lesson .l-path { width: min(24em, 100%); }
.lesson .l-end { font-style: italic; }
.caption { margin: 0; padding: 6px 10px; background: var(--caption-bg); border-left: 3px solid var(--accent); border-radius: 4px; }
.grid.split { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
/* Without the landscape (hide=landscape) the data and loss panels take the whole width. */
.grid.noland { grid-template-columns: minmax(0, 1fr); }
.grid.noland .side .panel { flex: none; height: min(70vh, 460px); }
.grid.split .side { grid-column: 1 / -1; flex-direction: row; }
.grid.split .side .panel { height: 260px; flex: 1 1 0; }
/* Small multiples (panels=): the landscape takes the whole width, data and loss below it. */
.grid.multi { grid-template-columns: minmax(0, 1fr); }
.grid.multi .side { flex-direction: row; }
.grid.multi .side .panel { height: 260px; flex: 1 1 0; }
.land figcaption { position: absolute; right: 8px; top: 2px; background: var(--tip-bg); border-radius: 4px; }
.extras { display: flex; flex-wrap: wrap; gap: 12px; }
.extras > * { border: 1px solid var(--line); border-radius: 8px; padding: 6px 10px; }
.sweep table { border-collapse: collapse; font: 11px ui-monospace, monospace; }
.sweep td, .sweep th { padding: 0; text-align: center; }
.sweep table button { width: 44px; height: 26px; min-height: 0; border-radius: 0; border: 1px solid white; font: 10px ui-monospace, monospace; color: #111; padding: 0; }
.sweep table button.dark { color: white; }
.quiz { flex: 1 1 100%; }
.quiz .fig svg { width: 100%; height: auto; display: block; }
.quiz fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 4px 0; padding: 4px 8px; }
.quiz fieldset label { display: inline-block; white-space: nowrap; margin: 2px 12px 2px 0; }
.quiz .why { font-size: 12px; color: var(--muted); }
.quiz .ok { color: var(--ok); } .quiz .no { color: var(--bad); }
.crash { padding: 16px; border: 2px solid var(--err-line); border-radius: 8px; background: var(--err-bg); }
[hidden] { display: none !important; }
/* Touch targets of at least 24 px (WCAG 2.2, 2.5.8). */
input[type="checkbox"] { width: 24px; height: 24px; margin: 0 4px 0 0; vertical-align: middle; }
.share input.link { width: 60%; }
/* The widget's own width decides (a container query), not the viewport's: in a 688-px course
   column the panels stack as they do on a phone. */
@container downhill (max-width: 720px) {
  .grid, .grid.split { grid-template-columns: minmax(0, 1fr); }
  .grid.split .side, .grid.multi .side { flex-direction: column; }
  .side .panel { flex: none; height: 220px; }
  .insp { grid-template-columns: minmax(0, 1fr); }
  input[type=range] { width: 90px; }
}
@container downhill (max-width: 480px) {
  .insp math { font-size: 12px; }
}
`;

export const HTML = `
<div class="dh" data-pending tabindex="-1">
  <div class="bar" part="toolbar">
    <span data-part="play"><button class="primary" data-act="play"></button>
      <button data-act="step"></button> <button data-act="reset"></button></span>
    <label data-part="speed"><span data-s="speed"></span>
      <input type="range" min="1" max="50" value="1" data-ctl="speed"><output data-out="speed"></output></label>
    <label data-part="scene"><span data-s="scene"></span> <select data-ctl="scene"></select></label>
    <span data-part="seed"><label><span data-s="seed"></span> <input type="number" min="0" step="1" data-ctl="seed"></label>
      <button data-act="newseed"></button></span>
    <span data-part="options">
      <label><input type="checkbox" data-opt="logc"> <span data-s="logColors"></span></label>
      <label><input type="checkbox" data-opt="logl"> <span data-s="logLoss"></span></label>
      <label data-when="data"><input type="checkbox" data-opt="batchsurf"> <span data-s="batchSurface"></span></label>
      <span data-when="sliced"><label><span data-s="slicePlane"></span> <select data-ctl="slice" data-choices="slice"></select></label>
        <label><span data-s="sliceCenter"></span> <select data-ctl="center" data-choices="center"></select></label>
        <label><input type="checkbox" data-opt="follow"> <span data-s="follow"></span></label></span>
      <label><span data-s="language"></span> <select data-ctl="lang" data-choices="lang"></select></label>
    </span>
    <button data-part="share" data-act="share" aria-expanded="false"></button>
    <button data-act="keys" aria-expanded="false">?</button>
  </div>
  <div class="keys" data-out="keys" hidden><strong></strong><dl></dl></div>
  <p class="caption" data-out="caption" hidden></p>
  <div class="msg" role="alert" hidden></div>
  <section class="lesson" data-part="lesson" aria-label="lesson" hidden></section>
  <div class="share" hidden>
    <div><button data-act="copylink"></button> <input type="text" readonly data-out="link" aria-label="link" class="link"></div>
    <p data-out="noapp" hidden></p>
    <fieldset><legend data-s="hideControls"></legend><span data-out="hides"></span></fieldset>
    <label><input type="checkbox" data-ctl="embed"> <span data-s="embed"></span></label>
    <label><span data-s="iframe"></span><textarea rows="3" readonly data-out="snippet"></textarea></label>
    <div><button data-act="copysnippet"></button></div>
    <div class="export" role="group" aria-labelledby="export-title"><strong id="export-title" data-s="exportTitle"></strong>
      <button data-export="png">PNG</button> <button data-export="svg">SVG</button>
      <button data-export="csv">CSV</button> <button data-export="jsonl">JSON Lines</button>
      <button data-act="numpy" data-s="copyNumPy"></button></div>
    <small data-out="version"></small>
  </div>
  <div class="grid">
    <figure class="panel land" data-part="landscape">
      <canvas class="bg" aria-hidden="true"></canvas>
      <canvas class="fg" tabindex="0" role="img"></canvas>
      <div class="tip" hidden></div>
      <figcaption data-out="fullcap" hidden></figcaption>
    </figure>
    <figure class="panel land land2" hidden>
      <canvas class="bg2" aria-hidden="true"></canvas>
      <canvas class="fg2" role="img" aria-label="batch"></canvas>
      <figcaption data-out="batchcap"></figcaption>
    </figure>
    <div class="side">
      <figure class="panel" data-part="data"><canvas class="datac" role="img"></canvas></figure>
      <figure class="panel" data-part="loss" data-wait=""><canvas class="lossc" role="img"></canvas></figure>
    </div>
  </div>
  <p class="legend" data-out="markers" data-part="landscape"></p>
  <div class="bar"><span data-out="help" class="status"></span>
    <button data-act="resetdata" hidden></button></div>
  <div class="extras">
    <div data-out="sliders" hidden></div>
    <div data-out="legend" class="status" hidden></div>
    <div data-out="calc" hidden></div>
    <div data-out="quiz" class="quiz" hidden></div>
    <div data-out="sweep" class="sweep" hidden></div>
  </div>
  <section class="runs" data-part="runs" aria-label="runs"></section>
  <section class="insp" data-part="inspector" aria-label="inspector" data-wait=""></section>
  <div class="sr" aria-live="polite" data-out="live"></div>
</div>`;

