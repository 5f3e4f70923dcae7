/** Transient UI state shared across elements: toasts, which drawer is open on phones, the quick switcher. */
import { Notifier } from "./store.ts";

export interface Toast {
  id: number;
  text: string;
  kind: "info" | "error" | "success";
}

export type Drawer = "none" | "nav" | "members";

/** How long a toast stays: long enough to read two lines. */
const TOAST_MS = 5000;

export class UiStore extends Notifier {
  toasts: Toast[] = [];
  drawer: Drawer = "none";
  switcherOpen = false;
  /** The keyboard shortcuts dialog (Ctrl+/). */
  shortcutsOpen = false;
  /** The member list beside a community channel (desktop); remembered for the session. */
  membersOpen = true;
  /** The last URL outside the settings layers, where closing settings returns to. */
  lastAppUrl = "/";
  private nextId = 1;

  toast(text: string, kind: Toast["kind"] = "info"): void {
    const id = this.nextId++;
    this.toasts = [...this.toasts, { id, text, kind }];
    this.changed();
    setTimeout(() => this.dismiss(id), TOAST_MS);
  }

  dismiss(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
    this.changed();
  }

  setDrawer(d: Drawer): void {
    this.drawer = this.drawer === d ? "none" : d;
    this.changed();
  }

  toggleMembers(): void {
    // On phone widths the member list is a drawer; on wider screens a column that can be hidden.
    if (matchMedia("(max-width: 860px)").matches) this.setDrawer("members");
    else this.membersOpen = !this.membersOpen;
    this.changed();
  }

  setSwitcher(open: boolean): void {
    this.switcherOpen = open;
    this.changed();
  }

  setShortcuts(open: boolean): void {
    this.shortcutsOpen = open;
    this.changed();
  }
}
