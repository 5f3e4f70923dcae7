/**
 * The smallest observable: stores extend Notifier and call `changed()` after mutating themselves; elements
 * re-render through StoreController. No diffing: a change re-renders the few elements that watch that store.
 */
import type { ReactiveController, ReactiveControllerHost } from "lit";

export class Notifier {
  private listeners = new Set<() => void>();

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  protected changed(): void {
    for (const fn of [...this.listeners]) fn();
  }
}

/** What every async piece of UI state is: the four cases render() must cover. */
export type Async<T> =
  | { state: "idle" }
  | { state: "loading"; value?: T }
  | { state: "ready"; value: T }
  | { state: "error"; error: Error; value?: T };

export const idle = { state: "idle" } as const;

/** Runs `load` and reports its progress as Async states through `set`, keeping the last value while reloading. */
export async function track<T>(current: Async<T>, set: (s: Async<T>) => void, load: () => Promise<T>): Promise<T | undefined> {
  const prev = "value" in current ? current.value : undefined;
  set({ state: "loading", value: prev });
  try {
    const value = await load();
    set({ state: "ready", value });
    return value;
  } catch (error) {
    set({ state: "error", error: error as Error, value: prev });
    return undefined;
  }
}

/** Re-renders the host whenever any of the given stores changes. */
export class StoreController implements ReactiveController {
  private unsubs: (() => void)[] = [];

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly stores: () => Notifier[],
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.unsubs = this.stores().map((s) => s.subscribe(() => this.host.requestUpdate()));
  }

  hostDisconnected(): void {
    for (const u of this.unsubs) u();
    this.unsubs = [];
  }
}
