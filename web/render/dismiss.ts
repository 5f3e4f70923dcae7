import type { ReactiveController, ReactiveControllerHost } from "lit";
import { emit } from "../events.ts";

/**
 * Closes a popover the way people expect: a pointer down outside it, or Escape, sends `dialog-close` from the host.
 * A pointer down on an element marked `data-popover-toggle` (the button that opens and closes the popover) is left
 * to that button, or it would close the popover only for the button's click to open it again.
 */
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
    const path = e.composedPath();
    if (path.includes(this.host)) return;
    if (path.some((t) => t instanceof Element && t.hasAttribute("data-popover-toggle"))) return;
    emit(this.host, "dialog-close", undefined);
  };

  private onKey = (e: KeyboardEvent) => {
    if (e.key === "Escape") emit(this.host, "dialog-close", undefined);
  };
}
