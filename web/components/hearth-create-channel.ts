import { LitElement, html } from "lit";
import { Connect } from "../state/context.ts";
import { describeError } from "../styles/auth-card.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-dialog.ts";

/** Channel names as Discord writes them: lower case, spaces become dashes. */
export function channelSlug(input: string): string {
  return input.trim().toLowerCase().replace(/\s+/g, "-").slice(0, 100);
}

/**
 * Dialog to create a text or voice channel. Attributes: `communityId`, `groupId` (optional), `open`.
 * Events: `dialog-close`.
 */
export class HearthCreateChannel extends LitElement {
  static styles = [shared];
  static properties = { communityId: {}, groupId: {}, open: { type: Boolean }, busy: { state: true }, error: { state: true } };
  declare communityId: string;
  declare groupId: string | null;
  declare open: boolean;
  declare busy: boolean;
  declare error: string;
  private ctx = new Connect(this);

  constructor() {
    super();
    this.communityId = "";
    this.groupId = null;
    this.open = false;
    this.busy = false;
    this.error = "";
  }

  render() {
    return html`<hearth-dialog heading="Create channel" confirm-label="Create channel" .open=${this.open} .busy=${this.busy} @dialog-confirm=${this.create}>
      ${this.error ? html`<div class="alert" role="alert">${this.error}</div>` : null}
      <div class="field">
        <span class="label" id="kind-l">Channel type</span>
        <div class="row" role="radiogroup" aria-labelledby="kind-l">
          <label class="row" style="gap:6px"><input type="radio" name="kind" value="text" checked /> Text</label>
          <label class="row" style="gap:6px"><input type="radio" name="kind" value="voice" /> Voice</label>
        </div>
      </div>
      <div class="field"><label for="chname">Channel name</label><input id="chname" type="text" maxlength="100" placeholder="new-channel" /></div>
      <div class="field"><label for="chtopic">Topic <span class="muted">(optional)</span></label><input id="chtopic" type="text" maxlength="1024" /></div>
    </hearth-dialog>`;
  }

  private async create() {
    const root = this.renderRoot;
    const name = channelSlug(root.querySelector<HTMLInputElement>("#chname")?.value ?? "");
    const topic = root.querySelector<HTMLInputElement>("#chtopic")?.value.trim() ?? "";
    const kind = (root.querySelector<HTMLInputElement>('input[name="kind"]:checked')?.value ?? "text") as "text" | "voice";
    if (!name) {
      this.error = "Give the channel a name.";
      return;
    }
    this.busy = true;
    this.error = "";
    try {
      const ch = await this.ctx.app.communities.createChannel(this.communityId, { name, kind, ...(this.groupId ? { groupId: this.groupId } : {}), ...(topic ? { topic } : {}) });
      root.querySelector("hearth-dialog")?.close();
      this.ctx.app.router.navigate(`/c/${this.communityId}/${ch.id}`);
    } catch (err) {
      this.error = describeError(err);
    } finally {
      this.busy = false;
    }
  }
}
customElements.define("hearth-create-channel", HearthCreateChannel);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-create-channel": HearthCreateChannel;
  }
}
