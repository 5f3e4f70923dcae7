/** Shared loading/error/empty rendering for the list sections of community settings. */
import { html, nothing, type TemplateResult } from "lit";
import type { Async } from "../state/store.ts";
import { describeError } from "../styles/auth-card.ts";

export function asyncList<T>(s: Async<T[]>, empty: string, body: (items: T[]) => TemplateResult, retry: () => void): TemplateResult | typeof nothing {
  if (s.state === "error") return html`<div class="alert" role="alert">${describeError(s.error)} <button class="link-btn" @click=${retry}>Retry</button></div>`;
  if (s.state === "idle" || (s.state === "loading" && !s.value)) return html`<span class="spinner" role="status" aria-label="Loading"></span>`;
  const items = s.value ?? [];
  return items.length === 0 ? html`<div class="empty">${empty}</div>` : body(items);
}

/** Loads into an Async state held by an element, re-rendering through `set`. */
export async function loadInto<T>(set: (s: Async<T>) => void, prev: Async<T>, fn: () => Promise<T>): Promise<void> {
  set({ state: "loading", value: "value" in prev ? prev.value : undefined });
  try {
    set({ state: "ready", value: await fn() });
  } catch (e) {
    set({ state: "error", error: e as Error });
  }
}
