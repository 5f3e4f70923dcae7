/**
 * Files from hearth-channel-view's side: dropping files on the conversation, and the composer's chosen and pasted
 * files, go to the channel's upload tray (web/state/files.ts), encrypted first in an end-to-end encrypted
 * conversation, unless this conversation cannot take them (no ATTACH_FILES, timed out…), which a toast says. While files are dragged over it the conversation shows where
 * they will go. Not an element: the view owns one and renders `overlay()` inside its conversation area.
 */
import { html, nothing, type LitElement } from "lit";
import type { AppState } from "../state/app.ts";
import { icons } from "../styles/icons.ts";

export interface ChannelFilesView {
  app(): AppState;
  channelId(): string;
  /** "#general" or "@Alice": where dropped files go. */
  title(): string;
  /** Why files cannot be added here now, or null when they can. */
  refusal(): string | null;
  /** End-to-end encrypted: files are encrypted in the browser before upload. */
  encrypted(): boolean;
}

/** Dragover fires every few dozen ms while files hover; this long without one means they left. */
const DRAG_GONE_MS = 150;

export class ChannelFiles {
  private dragging = false;
  private dragTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly host: LitElement,
    private readonly view: ChannelFilesView,
  ) {}

  /** Adds files to the tray, or says why this conversation cannot take them. */
  attach(files: File[]): void {
    if (!files.length) return;
    const why = this.view.refusal();
    if (why) return this.view.app().ui.toast(why);
    void this.view.app().files.add(this.view.channelId(), files, { encrypt: this.view.encrypted() });
  }

  /** A file dragged from outside the page (not a link or text dragged within it). */
  private static carriesFiles(e: DragEvent): boolean {
    return !!e.dataTransfer && [...e.dataTransfer.types].includes("Files");
  }

  onDragOver = (e: DragEvent) => {
    if (!ChannelFiles.carriesFiles(e)) return;
    // Without this the browser would open the dropped file in place of the app.
    e.preventDefault();
    e.dataTransfer!.dropEffect = this.view.refusal() ? "none" : "copy";
    if (this.dragTimer) clearTimeout(this.dragTimer);
    this.dragTimer = setTimeout(() => this.setDragging(false), DRAG_GONE_MS);
    this.setDragging(true);
  };

  onDrop = (e: DragEvent) => {
    if (!ChannelFiles.carriesFiles(e)) return;
    e.preventDefault();
    this.setDragging(false);
    this.attach([...(e.dataTransfer?.files ?? [])]);
  };

  /** The channel changed, or the view went away. */
  reset(): void {
    if (this.dragTimer) clearTimeout(this.dragTimer);
    this.dragTimer = null;
    this.dragging = false;
  }

  overlay() {
    if (!this.dragging) return nothing;
    const why = this.view.refusal();
    return html`<div class="drop ${why ? "refused" : ""}" data-testid="drop-overlay" aria-hidden="true">
      <div class="drop-card">${why ? icons.lock() : icons.upload()}<span>${why ?? `Drop files to send them to ${this.view.title()}`}</span></div>
    </div>`;
  }

  private setDragging(on: boolean): void {
    if (this.dragging === on) return;
    this.dragging = on;
    this.host.requestUpdate();
  }
}
