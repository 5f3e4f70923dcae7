import { LitElement, html } from "lit";
import { emit } from "../events.ts";
import { composerNotice } from "../styles/composer-notice.ts";
import { icons } from "../styles/icons.ts";
import { shared } from "../styles/shared.ts";

/**
 * Above the (disabled) composer of an archived thread, for those who may unarchive it (its creator, message
 * managers): it is read-only for everyone until unarchived.
 * Properties: `busy` (the request is on its way). Events: `thread-archive-request` { archived: false }.
 */
export class HearthThreadArchived extends LitElement {
  static styles = [shared, composerNotice];
  static properties = { busy: { type: Boolean } };
  declare busy: boolean;

  constructor() {
    super();
    this.busy = false;
  }

  render() {
    return html`<div class="box line" role="status" data-testid="thread-archived">
      ${icons.archive()}
      <p style="flex:1;min-width:12em">Unarchive this thread to let people post and react in it again.</p>
      <button class="btn small secondary" ?disabled=${this.busy} @click=${() => emit(this, "thread-archive-request", { archived: false })}>Unarchive</button>
    </div>`;
  }
}
customElements.define("hearth-thread-archived", HearthThreadArchived);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-thread-archived": HearthThreadArchived;
  }
}
