import { LitElement, html } from "lit";
import { Connect } from "../state/context.ts";
import { describeError } from "../styles/auth-card.ts";
import { shared } from "../styles/shared.ts";
import { switchStyles } from "../styles/manage.ts";
import { channelFields, channelFieldStyles, channelSlug, readChannelFields, type ChannelKind } from "./channel-fields.ts";
import "./hearth-dialog.ts";

/**
 * Dialog to create a text or voice channel, from the sidebar. Attributes: `communityId`, `groupId` (optional),
 * `open`. Events: `dialog-close`.
 */
export class HearthCreateChannel extends LitElement {
  static styles = [shared, switchStyles, channelFieldStyles];
  static properties = { communityId: {}, groupId: {}, open: { type: Boolean }, busy: { state: true }, error: { state: true }, kind: { state: true } };
  declare communityId: string;
  declare groupId: string | null;
  declare open: boolean;
  declare busy: boolean;
  declare error: string;
  declare kind: ChannelKind;
  private ctx = new Connect(this);

  constructor() {
    super();
    this.communityId = "";
    this.groupId = null;
    this.open = false;
    this.busy = false;
    this.error = "";
    this.kind = "text";
  }

  render() {
    return html`<hearth-dialog heading="Create channel" confirm-label="Create channel" .open=${this.open} .busy=${this.busy} @dialog-confirm=${this.create}>
      ${this.error ? html`<div class="alert" role="alert">${this.error}</div>` : null}
      ${channelFields(this.kind, (k) => (this.kind = k))}
      <div class="field"><label for="chtopic">Topic <span class="muted">(optional)</span></label><input id="chtopic" type="text" maxlength="1024" /></div>
    </hearth-dialog>`;
  }

  private async create() {
    const root = this.renderRoot;
    const { kind, name: raw, encrypted } = readChannelFields(root);
    const name = channelSlug(raw);
    const topic = root.querySelector<HTMLInputElement>("#chtopic")?.value.trim() ?? "";
    if (!name) {
      this.error = "Give the channel a name.";
      return;
    }
    this.busy = true;
    this.error = "";
    try {
      const ch = await this.ctx.app.communities.createChannel(this.communityId, {
        name,
        kind,
        ...(encrypted ? { encrypted } : {}),
        ...(this.groupId ? { groupId: this.groupId } : {}),
        ...(topic ? { topic } : {}),
      });
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
