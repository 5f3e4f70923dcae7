import { LitElement, css, html } from "lit";
import { Connect } from "../state/context.ts";
import { describeError } from "../styles/auth-card.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-dialog.ts";

/** Pulls the code out of a pasted invite link ("https://host/invite/abc", "/invite/abc") or takes a bare code. */
export function inviteCodeFrom(input: string): string {
  const s = input.trim();
  const m = /\/invite\/([^/?#\s]+)/.exec(s);
  return m ? decodeURIComponent(m[1]) : s;
}

/**
 * The "add a community" dialog: create one by name, or join with an invite link or code.
 * Attribute: `open`. Events: `dialog-close` (from the inner dialog).
 */
export class HearthAddCommunity extends LitElement {
  static styles = [
    shared,
    css`
      .tabs {
        display: flex;
        gap: 4px;
        padding: 4px;
        background: var(--bg-input);
        border-radius: var(--radius);
        margin-bottom: var(--space-4);
      }
      .tabs button {
        flex: 1;
        border: 0;
        padding: 8px;
        border-radius: var(--radius-s);
        background: none;
        cursor: pointer;
        font-weight: 600;
        color: var(--fg-muted);
      }
      .tabs button[aria-selected="true"] {
        background: var(--bg-main);
        color: var(--fg);
        box-shadow: 0 1px 2px rgba(0, 0, 0, 0.15);
      }
    `,
  ];
  static properties = { open: { type: Boolean }, mode: { state: true }, busy: { state: true }, error: { state: true } };
  declare open: boolean;
  declare mode: "create" | "join";
  declare busy: boolean;
  declare error: string;
  private ctx = new Connect(this);

  constructor() {
    super();
    this.open = false;
    this.mode = "create";
    this.busy = false;
    this.error = "";
  }

  render() {
    return html`<hearth-dialog heading=${this.mode === "create" ? "Create a community" : "Join a community"} .open=${this.open} .busy=${this.busy} confirm-label=${this.mode === "create" ? "Create" : "Join"} @dialog-confirm=${this.confirm}>
      <div class="tabs" role="tablist">
        <button role="tab" type="button" aria-selected=${this.mode === "create" ? "true" : "false"} @click=${() => ((this.mode = "create"), (this.error = ""))}>Create</button>
        <button role="tab" type="button" aria-selected=${this.mode === "join" ? "true" : "false"} @click=${() => ((this.mode = "join"), (this.error = ""))}>Join with invite</button>
      </div>
      ${this.error ? html`<div class="alert" role="alert">${this.error}</div>` : null}
      ${this.mode === "create"
        ? html`<p class="muted" style="margin-bottom:var(--space-4)">A home for your group: channels, roles and invites. You can change the name later.</p>
            <div class="field"><label for="cname">Community name</label><input id="cname" type="text" maxlength="100" placeholder="My community" /></div>`
        : html`<p class="muted" style="margin-bottom:var(--space-4)">Paste an invite link like <span class="mono">${location.origin}/invite/abc123</span> or just the code.</p>
            <div class="field"><label for="code">Invite link or code</label><input id="code" type="text" autocomplete="off" spellcheck="false" /></div>`}
    </hearth-dialog>`;
  }

  private async confirm() {
    const { communities, router } = this.ctx.app;
    const value = this.renderRoot.querySelector<HTMLInputElement>(this.mode === "create" ? "#cname" : "#code")?.value.trim() ?? "";
    if (!value) {
      this.error = this.mode === "create" ? "Give your community a name." : "Paste an invite link or code.";
      return;
    }
    this.busy = true;
    this.error = "";
    try {
      if (this.mode === "create") {
        const c = await communities.create(value);
        router.navigate(`/c/${c.id}`);
      } else {
        const id = await communities.acceptInvite(inviteCodeFrom(value));
        router.navigate(`/c/${id}`);
      }
      this.renderRoot.querySelector("hearth-dialog")?.close();
    } catch (err) {
      this.error = describeError(err);
    } finally {
      this.busy = false;
    }
  }
}
customElements.define("hearth-add-community", HearthAddCommunity);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-add-community": HearthAddCommunity;
  }
}
