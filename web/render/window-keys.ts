import type { ReactiveController, ReactiveControllerHost } from "lit";

/** Hears every key pressed in the window while its host is in the page (a screen's own shortcuts). */
export class WindowKeys implements ReactiveController {
  constructor(
    host: ReactiveControllerHost,
    private readonly onKey: (e: KeyboardEvent) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener("keydown", this.onKey);
  }

  hostDisconnected(): void {
    window.removeEventListener("keydown", this.onKey);
  }
}
