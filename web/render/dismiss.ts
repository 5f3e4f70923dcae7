import type { ReactiveController, ReactiveControllerHost } from "lit";
import { emit } from "../events.ts";

/** Closes a popover the way people expect: a pointer down outside it, or Escape, sends `dialog-close` from the host. */
export class DismissController implements ReactiveController {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    // Wait a tick: the pointer down that opened the popover is still propagating and would close it at once.
    this.timer = setTimeout(() => document.addEventListener("pointerdown", this.onOutside), 0);
    document.addEventListener("keydown", this.onKey);
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
    document.removeEventListener("pointerdown", this.onOutside);
    document.removeEventListener("keydown", this.onKey);
  }

  private onOutside = (e: PointerEvent) => {
    if (!e.composedPath().includes(this.host)) emit(this.host, "dialog-close", undefined);
  };

  private onKey = (e: KeyboardEvent) => {
    if (e.key === "Escape") emit(this.host, "dialog-close", undefined);
  };
}
