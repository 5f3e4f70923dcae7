import { LitElement, css, html, nothing } from "lit";
import { emit } from "../events.ts";
import { can } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import { shared } from "../styles/shared.ts";
import { dmTitle } from "./channel-view-text.ts";
import "./hearth-dialog.ts";

interface Destination {
  channelId: string;
  communityId: string | null;
  label: string;
}

/**
 * "Forward" for one message: a searchable list of where one may send (DMs and group DMs, and community text
 * channels with SEND_MESSAGES); Forward emits `forward-to { channelId, communityId }`. Property: `excerpt` (the
 * text, shown as a preview). Events: `forward-to`, `dialog-close`.
 */
export class HearthForwardDialog extends LitElement {
  static styles = [
    shared,
    css`
      .preview {
        padding: var(--space-2) var(--space-3);
        border-left: 3px solid var(--border-strong, var(--border));
        color: var(--fg-muted);
        margin-bottom: var(--space-3);
        max-height: 5.5em;
        overflow: hidden;
        white-space: pre-wrap;
      }
      ul {
        list-style: none;
        margin: var(--space-2) 0 0;
        padding: 0;
        max-height: 260px;
        overflow-y: auto;
      }
      li label {
        display: flex;
        gap: var(--space-2);
        align-items: center;
        padding: 6px var(--space-2);
        border-radius: var(--radius-s);
        cursor: pointer;
      }
      li label:hover {
        background: var(--bg-hover);
      }
    `,
  ];
  static properties = { excerpt: {}, query: { state: true }, chosen: { state: true } };
  declare excerpt: string;
  declare query: string;
  declare chosen: string | null;
  private ctx = new Connect(this, (app) => [app.communities]);

  constructor() {
    super();
    this.excerpt = "";
    this.query = "";
    this.chosen = null;
  }

  connectedCallback() {
    super.connectedCallback();
    const { communities } = this.ctx.app;
    queueMicrotask(() => {
      for (const c of "value" in communities.list ? (communities.list.value ?? []) : []) communities.ensure(c.id);
    });
  }

  private destinations(): Destination[] {
    const { communities, auth } = this.ctx.app;
    const me = auth.user?.id ?? "";
    const out: Destination[] = [];
    for (const d of "value" in communities.dms ? (communities.dms.value ?? []) : []) out.push({ channelId: d.id, communityId: null, label: `@${dmTitle(d, me)}` });
    for (const c of "value" in communities.list ? (communities.list.value ?? []) : []) {
      const s = communities.structure.get(c.id);
      for (const ch of s && "value" in s ? (s.value?.channels ?? []) : []) {
        if (ch.kind === "text" && can(ch.permissions, "SEND_MESSAGES")) out.push({ channelId: ch.id, communityId: c.id, label: `#${ch.name} · ${c.name}` });
      }
    }
    const q = this.query.trim().toLowerCase();
    return q ? out.filter((d) => d.label.toLowerCase().includes(q)) : out;
  }

  render() {
    const list = this.destinations();
    const chosen = list.find((d) => d.channelId === this.chosen) ?? null;
    return html`<hearth-dialog open heading="Forward message" confirm-label="Forward" .confirmDisabled=${!chosen} @dialog-confirm=${() => chosen && emit(this, "forward-to", { channelId: chosen.channelId, communityId: chosen.communityId })}>
      <div class="preview">${this.excerpt}</div>
      <div class="field">
        <label for="fwd-q">Send to</label>
        <input id="fwd-q" type="search" placeholder="Find a conversation or channel" .value=${this.query} @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)} />
      </div>
      ${list.length
        ? html`<ul role="radiogroup" aria-label="Destinations">
            ${list.map(
              (d) => html`<li><label><input type="radio" name="fwd" .checked=${d.channelId === this.chosen} @change=${() => (this.chosen = d.channelId)} />${d.label}</label></li>`,
            )}
          </ul>`
        : html`<p class="hint">${this.query ? "Nothing matches." : "No conversation to forward to yet."}</p>`}
      ${nothing}
    </hearth-dialog>`;
  }
}
customElements.define("hearth-forward-dialog", HearthForwardDialog);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-forward-dialog": HearthForwardDialog;
  }
}
