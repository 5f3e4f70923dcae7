/**
 * Every custom event an element sends, with its detail type, declared once. Send through `emit` so the name and
 * the detail type always agree.
 */

export interface HearthEvents {
  /** A dialog was confirmed; the opener decides what happens. */
  "dialog-confirm": void;
  /** A dialog was dismissed (Escape, backdrop, Cancel). */
  "dialog-close": void;
  /** The person saved the recovery code and ticked the box. */
  "recovery-acknowledged": void;
}

type HearthEventMap = { [K in keyof HearthEvents]: CustomEvent<HearthEvents[K]> };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends HearthEventMap {}
}

/** Dispatches a typed, bubbling, composed event from `el`. Returns false when a listener cancelled it. */
export function emit<K extends keyof HearthEvents>(el: HTMLElement, name: K, detail: HearthEvents[K], opts: { cancelable?: boolean } = {}): boolean {
  return el.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: opts.cancelable ?? false }));
}
