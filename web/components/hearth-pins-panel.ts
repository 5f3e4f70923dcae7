import { LitElement, css, html, nothing } from "lit";
import type { PinView } from "../../protocol/message-lists.ts";
import { emit } from "../events.ts";
import { DismissController } from "../render/dismiss.ts";
import { plainExcerpt } from "../render/markdown.ts";
import type { Async } from "../state/store.ts";
import { icons } from "../styles/icons.ts";
import { headerPopover, messageCards } from "../styles/header-popover.ts";
import { shared } from "../styles/shared.ts";
import { messageCard } from "./message-card.ts";

/** What the panel needs from its channel view: names and clock format as the rest of the chat shows them. */
export interface PinsHost {
  nameOf(userId: string): string;
  stamp(d: Date): string;
}

/**
 * The channel's pinned messages, most recently pinned first, as a popover under the header's pin button: author,
 * time, an excerpt, "Jump" (to the message, loading history around it when needed) and "Unpin" for those allowed.
 * Properties: `pins` (Async page), `loadingMore`, `canPin`, `host`. Events: `pin-jump` { messageId, seq },
 * `message-pin` { messageId, pin: false }, `pins-more`, `pins-retry`, `dialog-close` (outside click, Escape, ×).
 */
export class HearthPinsPanel extends LitElement {
  private dismiss = new DismissController(this);
  static styles = [shared, headerPopover, messageCards];
  static properties = {
    pins: { attribute: false },
    loadingMore: { type: Boolean },
    canPin: { type: Boolean },
    host: { attribute: false },
  };
  declare pins: Async<{ pins: PinView[]; hasMore: boolean }>;
  declare loadingMore: boolean;
  declare canPin: boolean;
  declare host: PinsHost;

  constructor() {
    super();
    this.pins = { state: "idle" };
    this.loadingMore = false;
    this.canPin = false;
  }

  render() {
    const p = this.pins;
    const value = "value" in p ? p.value : undefined;
    return html`<section role="dialog" aria-label="Pinned messages" style="display:contents">
      <header>
        <h2>Pinned messages</h2>
        <button class="icon-btn" aria-label="Close pinned messages" title="Close" @click=${() => emit(this, "dialog-close", undefined)}>${icons.close()}</button>
      </header>
      <div class="list scroll" data-testid="pins-list">
        ${p.state === "error" && !value
          ? html`<div class="state" role="alert">Couldn't load the pinned messages: ${p.error.message} <button class="link-btn" @click=${() => emit(this, "pins-retry", undefined)}>Try again</button></div>`
          : !value
            ? html`<div class="state"><span class="spinner" role="status" aria-label="Loading pinned messages"></span></div>`
            : value.pins.length === 0
              ? html`<div class="empty">${icons.pin()}<p>This channel has no pinned messages yet.</p><p class="hint">${this.canPin ? "Pin an important message from its hover menu so everyone can find it here." : "Moderators can pin important messages so everyone finds them here."}</p></div>`
              : value.pins.map((m) => this.item(m))}
        ${value?.hasMore
          ? html`<button class="btn secondary more" ?disabled=${this.loadingMore} @click=${() => emit(this, "pins-more", undefined)}>${this.loadingMore ? "Loading…" : "Show older pins"}</button>`
          : nothing}
      </div>
    </section>`;
  }

  private item(m: PinView) {
    const name = m.author?.displayName ?? this.host.nameOf(m.authorId);
    return messageCard({
      testId: "pin",
      label: `Pinned message from ${name}`,
      authorId: m.authorId,
      name,
      createdAt: m.createdAt,
      stamp: this.host.stamp(new Date(m.createdAt)),
      excerpt: m.content ? plainExcerpt(m.content, 200) : m.attachments?.length ? attachmentsLine(m.attachments) : m.content !== null ? "" : "Encrypted message",
      actions: html`<button class="link-btn" @click=${() => emit(this, "pin-jump", { messageId: m.id, seq: m.seq })}>Jump</button>
        ${this.canPin ? html`<button class="link-btn" @click=${() => emit(this, "message-pin", { messageId: m.id, pin: false })}>Unpin</button>` : nothing}`,
    });
  }
}
/** What a message of files alone says in a list: "📎 photo.png" or "📎 3 files". */
function attachmentsLine(files: PinView["attachments"]): string {
  return `📎 ${files.length === 1 ? (files[0].encrypted ? "1 file" : files[0].name) : `${files.length} files`}`;
}

customElements.define("hearth-pins-panel", HearthPinsPanel);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-pins-panel": HearthPinsPanel;
  }
}
