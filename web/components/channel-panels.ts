/**
 * The panels that drop from a conversation's header, one at a time: pinned messages, search, the encryption panel,
 * and the threads controller's own (ThreadActions). Holds which is open, draws the header buttons for the first
 * three and their panels, and opens search on Ctrl+F (⌘F). What a panel loaded is dropped with it.
 */
import { html, nothing, type LitElement, type ReactiveController } from "lit";
import { WindowKeys } from "../render/window-keys.ts";
import type { AppState } from "../state/app.ts";
import type { ChannelSession } from "../state/chat.ts";
import type { UserRef } from "../state/members.ts";
import { levelFor } from "../state/notify.ts";
import { icons } from "../styles/icons.ts";
import type { NotifyChoice } from "./hearth-notify-menu.ts";
import type { PinsHost } from "./hearth-pins-panel.ts";
import type { ThreadPanel } from "./thread-actions.ts";
import "./hearth-encryption-panel.ts";
import "./hearth-notify-menu.ts";
import "./hearth-pins-panel.ts";
import "./hearth-search-panel.ts";

export type HeaderPanel = "pins" | "search" | "crypto" | "notify" | ThreadPanel;

/** What the panels need of the view that owns them. */
export interface PanelsView {
  app(): AppState;
  channelId(): string;
  session(): ChannelSession | null;
  isEncrypted(): boolean;
  /** Another popover (a group DM's people) closes when a panel opens. */
  closeOthers(): void;
  /** The conversation's people, whom search's `from:` names. */
  people(): readonly UserRef[];
  /** How pinned and found messages name people and times. */
  pinsHost(): PinsHost;
  jump(messageId: string, seq: number): void;
}

export class ChannelPanels implements ReactiveController {
  /** The panel that is open; none while the DM people popover is. */
  open: HeaderPanel | null = null;

  constructor(
    private readonly host: LitElement,
    private readonly view: PanelsView,
  ) {
    host.addController(this);
    new WindowKeys(host, (e) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || e.key.toLowerCase() !== "f") return;
      e.preventDefault();
      if (this.open !== "search") this.set("search");
      else host.renderRoot.querySelector("hearth-search-panel")?.focusField();
    });
  }

  hostConnected(): void {}

  /**
   * Opens `next` (null: none) in place of the open panel. Pins are loaded when their panel opens, and a search
   * belongs to its panel.
   */
  set(next: HeaderPanel | null): void {
    if (this.open === next) return;
    const { pins, search } = this.view.app();
    if (this.open === "pins") pins.forget();
    if (this.open === "search") search.forget();
    if (next) this.view.closeOthers();
    this.open = next;
    if (next === "pins") void pins.load(this.view.channelId());
    this.host.requestUpdate();
  }

  toggle(panel: HeaderPanel): void {
    this.set(this.open === panel ? null : panel);
  }

  close = (): void => this.set(null);

  /** The header's encryption, search, mute and pins buttons. */
  buttons(channelId: string | undefined) {
    const encrypted = this.view.isEncrypted();
    const pressed = (p: HeaderPanel) => (this.open === p ? "true" : "false");
    return html`${encrypted
        ? html`<button class="icon-btn" title="End-to-end encrypted: see devices and their codes" aria-label="Encryption" aria-pressed=${pressed("crypto")} @click=${() => this.toggle("crypto")}>${icons.lock()}</button>`
        : nothing}
      <button class="icon-btn" data-popover-toggle title=${encrypted ? "Search this conversation (in this browser)" : "Search this channel"} aria-label="Search messages" aria-pressed=${pressed("search")} @click=${() => this.toggle("search")}>${icons.search()}</button>
      ${channelId ? this.muteButton(channelId) : nothing}
      <button class="icon-btn" data-popover-toggle title="Pinned messages" aria-label="Pinned messages" aria-pressed=${pressed("pins")} @click=${() => this.toggle("pins")}>${icons.pin()}</button>`;
  }

  /** The bell: how this conversation notifies, chosen in its menu; crossed out while it is muted (prefs.ts, notify.ts). */
  private muteButton(channelId: string) {
    const isMuted = this.view.app().prefs.notifyChoice(channelId) === "muted";
    return html`<button class="icon-btn" data-popover-toggle title=${isMuted ? "Notifications muted" : "Notification settings"} aria-label="Notification settings" aria-haspopup="menu" aria-expanded=${this.open === "notify" ? "true" : "false"} @click=${() => this.toggle("notify")}>${isMuted ? icons.bellOff() : icons.bell()}</button>`;
  }

  /** Where the open conversation sits for notifications: its parent channel (a thread's) and its community. */
  private notifyPlace(channelId: string): { parentId?: string; communityId: string | null } {
    const { threads, communities } = this.view.app();
    const parentId = threads.parentOf(channelId);
    return { ...(parentId ? { parentId } : {}), communityId: communities.channel(parentId ?? channelId)?.communityId ?? null };
  }

  private notifyMenu() {
    const app = this.view.app();
    const channelId = this.view.channelId();
    const ch = app.communities.channel(channelId);
    const heading = ch ? `#${ch.name}` : "this conversation";
    return html`<hearth-notify-menu
      .heading=${heading}
      .choice=${app.prefs.notifyChoice(channelId)}
      .fallback=${levelFor(app.prefs.prefs, { channelId: "", ...this.notifyPlace(channelId) })}
      @notify-choose=${(e: CustomEvent<{ choice: NotifyChoice }>) => {
        app.prefs.setNotify(channelId, e.detail.choice);
        this.close();
      }}
      @dialog-close=${this.close}
    ></hearth-notify-menu>`;
  }

  /** The open panel among pins, search and encryption (`people`: whom the encryption panel lists). */
  panel(canPin: boolean, people: () => { id: string; name: string }[]) {
    const app = this.view.app();
    const s = this.view.session();
    const jump = (e: CustomEvent<{ messageId: string; seq: number }>) => this.view.jump(e.detail.messageId, e.detail.seq);
    switch (this.open) {
      case "pins":
        return html`<hearth-pins-panel
          .pins=${app.pins.state}
          .loadingMore=${app.pins.loadingMore}
          .canPin=${canPin}
          .host=${this.view.pinsHost()}
          @pin-jump=${jump}
          @message-pin=${(e: CustomEvent<{ messageId: string; pin: boolean }>) => s?.pin(e.detail.messageId, e.detail.pin)}
          @pins-more=${() => void app.pins.loadMore()}
          @pins-retry=${() => void app.pins.load(this.view.channelId())}
          @dialog-close=${this.close}
        ></hearth-pins-panel>`;
      case "search":
        return html`<hearth-search-panel
          .results=${app.search.state}
          .query=${app.search.query}
          .loadingMore=${app.search.loadingMore}
          .local=${this.view.isEncrypted()}
          .host=${this.view.pinsHost()}
          @search-query=${(e: CustomEvent<{ q: string }>) => void app.search.search(this.view.channelId(), e.detail.q, this.view.isEncrypted(), this.view.people())}
          @search-jump=${jump}
          @search-more=${() => void app.search.loadMore()}
          @dialog-close=${this.close}
        ></hearth-search-panel>`;
      case "crypto":
        return html`<hearth-encryption-panel .people=${people()}></hearth-encryption-panel>`;
      case "notify":
        return this.notifyMenu();
      default:
        return nothing;
    }
  }
}
