/**
 * How elements reach the state: <hearth-app> provides one AppState; an element asks for it with
 * `new Connect(this, (app) => [app.auth, ...])` and re-renders when any listed store changes.
 */
import { ContextConsumer, createContext } from "@lit/context";
import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { AppState } from "./app.ts";
import type { Notifier } from "./store.ts";

export const appContext = createContext<AppState>(Symbol("hearth-app"));

type Host = ReactiveControllerHost & HTMLElement;

export class Connect implements ReactiveController {
  private readonly consumer: ContextConsumer<typeof appContext, Host>;
  private unsubs: (() => void)[] = [];

  constructor(
    private readonly host: Host,
    private readonly pick: (app: AppState) => Notifier[] = () => [],
  ) {
    // Added before this controller, so the context value is in place by the time hostConnected runs.
    this.consumer = new ContextConsumer(host, { context: appContext });
    host.addController(this);
  }

  /** The app state; present once the element is connected under <hearth-app>. */
  get app(): AppState {
    const value = this.consumer.value;
    if (!value) throw new Error(`${this.host.localName} used outside <hearth-app>`);
    return value;
  }

  hostConnected(): void {
    const app = this.consumer.value;
    if (!app) return;
    this.unsubs = this.pick(app).map((s) => s.subscribe(() => this.host.requestUpdate()));
  }

  hostDisconnected(): void {
    for (const u of this.unsubs) u();
    this.unsubs = [];
  }
}
