// Types of <downhill-widget>, the element this package defines when it is imported.

/** One message about a query: a bad value, an unknown key, a refused load. */
export interface DownhillProblem {
  /** "error" (the value was skipped), "warning", or "more" (a count of further problems). */
  severity: "error" | "warning" | "more";
  /** The message, quoted and escaped: `key = "value": what is allowed`. */
  text: string;
}

/** Detail of the `step` event, fired on each played frame. */
export interface DownhillStepDetail {
  /** Steps taken by the first run. */
  t: number;
  /** Whether every run has reached its last step. */
  finished: boolean;
}

/** Detail of the `change` event, fired when the state (its canonical query) changes. */
export interface DownhillChangeDetail {
  /** The canonical query of the new state, without `?`. */
  query: string;
}

export interface DownhillWidgetEventMap extends HTMLElementEventMap {
  step: CustomEvent<DownhillStepDetail>;
  change: CustomEvent<DownhillChangeDetail>;
  /** The presentation settings (language, theme, embed, ...). */
  ui: CustomEvent<Record<string, unknown>>;
}

/**
 * `<downhill-widget preset="preset=fig6.7">`: the whole state is a query string (the keys of the
 * README's table), so the same query gives the same trajectory, bit for bit.
 *
 * Attributes: `preset` (a query without `?`), `theme` (`light`, `dark` or `auto`: wins over the
 * query's), `sync-url` (the page's address holds the state), `share-base` (the http(s) address of
 * the app share links open), `lesson-title` (a page's own lesson, from `<downhill-beat>` children).
 *
 * The methods need the core: call them once `ready` has resolved (before, they throw).
 */
export declare class DownhillWidget extends HTMLElement {
  /** Resolves once the widget has drawn its first frame. */
  readonly ready: Promise<DownhillWidget>;
  /** The canonical query of the current state ("" before it is ready). */
  readonly query: string;
  /** Replaces the whole state by a query; returns what was wrong with it. A query refused
   * whole (over 100,000 bytes) keeps the last good state. */
  load(query: string): DownhillProblem[];
  /** Advances every run by n steps (bounded by their limits) and redraws. */
  step(n?: number): void;
  /** Back to step 0. */
  reset(): void;
  /** The runs so far as JSON Lines, identical to `downhill trace` for the same query and steps:
   * `{"run":0,"t":0,"phi":[phi0,phi1],"loss":L}` per point. */
  trace(): string;
  /** The figure on screen as SVG. */
  toSVG(): string;
  /** The figure on screen as PNG. */
  toPNG(): Promise<Blob>;
  /** The runs as CSV: `run,optimizer,t,epoch,batch,phi0,phi1,loss`. */
  toCSV(): string;
  /** A self-contained NumPy script that replays the runs (a Promise: its Python text is
   * fetched the first time it is asked for). */
  toNumPy(): Promise<string>;
  /** A link that opens this state in the whole app (never `embed=1`). */
  shareUrl(): string;
  /** HTML for a course page: an iframe of the app at this state and, where the app is known,
   * the script that fits the iframe to its content. */
  snippet(): string;

  addEventListener<K extends keyof DownhillWidgetEventMap>(
    type: K,
    listener: (this: DownhillWidget, ev: DownhillWidgetEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof DownhillWidgetEventMap>(
    type: K,
    listener: (this: DownhillWidget, ev: DownhillWidgetEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "downhill-widget": DownhillWidget;
  }
}
