import { LitElement, css, html } from "lit";
import { emit } from "../events.ts";
import { icons } from "../styles/icons.ts";
import { shared } from "../styles/shared.ts";

/**
 * What a notice says (web/state/device-trust.ts): someone's device appeared or went away (TrustEvent), or someone
 * joined or left the conversation (MemberEvent, no fingerprint), or a group DM was renamed (web/state/dm-changes.ts).
 */
export interface DeviceNotice {
  kind: "added" | "removed" | "joined" | "left" | "renamed";
  /** Who added them or renamed it ("You" for oneself), when the hub said so (H8). */
  by?: string;
  /** A rename's new name; null when the name was cleared. */
  title?: string | null;
  /** The person's name; ignored when `self`. */
  name: string;
  /** The signed-in person's own account. */
  self: boolean;
  fingerprint: string;
  at: string;
}

/**
 * A row in an encrypted conversation's timeline saying that someone's devices changed, or who is in it: a device
 * or a person that appears can read every message sent after it, so nobody should learn of it only by chance.
 * Offers to verify (opens the encryption panel) or, for one's own account, to review sessions.
 * Properties: `notice` (DeviceNotice), `timeText`. Events: `trust-review` (no detail).
 */
export class HearthDeviceNotice extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        display: block;
        padding: 2px var(--space-4);
      }
      .row {
        display: flex;
        align-items: flex-start;
        gap: var(--space-2);
        padding: 6px var(--space-3);
        border-radius: var(--radius-s);
        font-size: 0.86rem;
        color: var(--fg-muted);
        background: var(--bg-side);
        border-left: 3px solid var(--fg-faint);
      }
      .row.added,
      .row.joined {
        border-left-color: var(--warning);
        background: color-mix(in srgb, var(--warning) 10%, var(--bg-main));
        color: var(--fg);
      }
      svg {
        flex: none;
        width: 16px;
        height: 16px;
        margin-top: 2px;
      }
      strong {
        color: var(--fg);
      }
      code {
        font-family: var(--font-mono, ui-monospace, monospace);
        white-space: nowrap;
      }
      time {
        margin-left: auto;
        padding-left: var(--space-2);
        font-size: 0.75rem;
        color: var(--fg-muted);
        white-space: nowrap;
      }
    `,
  ];
  static properties = { notice: { attribute: false }, timeText: {} };
  declare notice: DeviceNotice;
  declare timeText: string;

  render() {
    const n = this.notice;
    if (!n) return html``;
    const code = html`<code>${n.fingerprint}</code>`;
    const review = (label: string) => html`<button class="link-btn" @click=${() => emit(this, "trust-review", undefined)}>${label}</button>`;
    const text =
      n.kind === "renamed"
        ? n.title
          ? html`<strong>${n.by}</strong> renamed the conversation to <strong>“${n.title}”</strong>.`
          : html`<strong>${n.by}</strong> removed the conversation's name.`
        : n.kind === "joined" && n.self
          ? html`<strong>${n.by ?? "Someone"}</strong> added you to this conversation. Messages sent before you joined were encrypted only for the people here then, so they stay unreadable to you.`
        : n.kind === "joined" && n.by && n.by !== n.name
          ? html`<strong>${n.by}</strong> added <strong>${n.name}</strong>: messages sent from now on are encrypted for their devices too.${n.by === "You" ? "" : html` If you didn't expect this, ${review("check who's here")}.`}`
        : n.kind === "joined"
        ? html`<strong>${n.name}</strong> joined this conversation: messages sent from now on are encrypted for their devices too. If you didn't expect this, ${review("check who's here")}.`
        : n.kind === "left"
          ? html`<strong>${n.name}</strong> left this conversation: new messages aren't encrypted for them.`
          : n.kind === "added"
        ? n.self
          ? html`<strong>You</strong> signed in on a new device (fingerprint ${code}). If that wasn't you, sign out of it in <a href="/settings/sessions">Settings → Sessions</a>.`
          : html`<strong>${n.name}</strong> signed in on a new device (fingerprint ${code}). If you didn't expect this, ${review("verify it")}.`
        : n.self
          ? html`<strong>You</strong> removed a device (fingerprint ${code}): it can't read new messages.`
          : html`<strong>${n.name}</strong> removed a device (fingerprint ${code}): it can't read new messages.`;
    const testId = n.kind === "renamed" ? "rename-notice" : n.kind === "joined" || n.kind === "left" ? "member-notice" : "device-notice";
    const icon = n.kind === "renamed" ? icons.edit() : n.kind === "added" || n.kind === "joined" ? icons.shield() : icons.lock();
    return html`<div class="row ${n.kind}" role="note" data-testid=${testId}>${icon}<span>${text}</span><time datetime=${n.at}>${this.timeText}</time></div>`;
  }
}
customElements.define("hearth-device-notice", HearthDeviceNotice);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-device-notice": HearthDeviceNotice;
  }
}
