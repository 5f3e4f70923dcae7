import { LitElement, css, html } from "lit";
import { Connect } from "../state/context.ts";
import { describeError } from "../styles/auth-card.ts";
import { icons } from "../styles/icons.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-dialog.ts";

const EXPIRY: [string, number | null][] = [
  ["1 hour", 3600],
  ["1 day", 86400],
  ["7 days", 7 * 86400],
  ["30 days", 30 * 86400],
  ["1 year", 365 * 86400],
  ["Never", null],
];
const USES: [string, number | null][] = [
  ["No limit", null],
  ["1 use", 1],
  ["5 uses", 5],
  ["10 uses", 10],
  ["25 uses", 25],
  ["100 uses", 100],
];

/**
 * "Invite people": makes an invite link for a community and offers to copy it.
 * Attributes: `communityId`, `open`. Events: `dialog-close`.
 */
export class HearthInviteDialog extends LitElement {
  static styles = [
    shared,
    css`
      .link {
        display: flex;
        gap: var(--space-2);
        margin-bottom: var(--space-4);
      }
      .link input {
        font-family: var(--mono);
        font-size: 0.9rem;
      }
      .opts {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: var(--space-3);
      }
    `,
  ];
  static properties = { communityId: {}, open: { type: Boolean }, link: { state: true }, busy: { state: true }, error: { state: true } };
  declare communityId: string;
  declare open: boolean;
  declare link: string;
  declare busy: boolean;
  declare error: string;
  private ctx = new Connect(this);

  constructor() {
    super();
    this.communityId = "";
    this.open = false;
    this.link = "";
    this.busy = false;
    this.error = "";
  }

  protected willUpdate(changed: Map<string, unknown>) {
    if (changed.has("open") && this.open) {
      this.link = "";
      void this.generate();
    }
  }

  render() {
    return html`<hearth-dialog heading="Invite people" hide-actions .open=${this.open}>
      <p class="muted" style="margin-bottom:var(--space-4)">Send this link to a friend. Anyone with it can join.</p>
      ${this.error ? html`<div class="alert" role="alert">${this.error}</div>` : null}
      <div class="link">
        <label class="sr-only" for="link">Invite link</label>
        <input id="link" type="text" readonly .value=${this.link} placeholder=${this.busy ? "Creating link…" : ""} data-testid="invite-link" @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
        <button class="btn" type="button" ?disabled=${!this.link} @click=${this.copy}>${icons.copy()} Copy</button>
      </div>
      <div class="opts">
        <div class="field"><label for="exp">Expire after</label><select id="exp" @change=${this.generate}>${EXPIRY.map(([l, v]) => html`<option value=${v ?? ""} ?selected=${v === 7 * 86400}>${l}</option>`)}</select></div>
        <div class="field"><label for="uses">Max uses</label><select id="uses" @change=${this.generate}>${USES.map(([l, v]) => html`<option value=${v ?? ""}>${l}</option>`)}</select></div>
      </div>
      <div class="row" style="justify-content:flex-end"><button class="btn secondary" type="button" @click=${() => this.renderRoot.querySelector("hearth-dialog")?.close()}>Done</button></div>
    </hearth-dialog>`;
  }

  private generate = async () => {
    await this.updateComplete;
    const exp = (this.renderRoot.querySelector("#exp") as HTMLSelectElement | null)?.value ?? String(7 * 86400);
    const uses = (this.renderRoot.querySelector("#uses") as HTMLSelectElement | null)?.value ?? "";
    this.busy = true;
    this.error = "";
    try {
      const inv = await this.ctx.app.communities.createInvite(this.communityId, { expiresInSeconds: exp ? Number(exp) : null, maxUses: uses ? Number(uses) : null });
      this.link = `${location.origin}/invite/${inv.code}`;
    } catch (err) {
      this.error = describeError(err);
    } finally {
      this.busy = false;
    }
  };

  private async copy() {
    try {
      await navigator.clipboard.writeText(this.link);
      this.ctx.app.ui.toast("Invite link copied.", "success");
    } catch {
      this.renderRoot.querySelector<HTMLInputElement>("#link")?.select();
    }
  }
}
customElements.define("hearth-invite-dialog", HearthInviteDialog);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-invite-dialog": HearthInviteDialog;
  }
}
