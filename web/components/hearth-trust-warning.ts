import { LitElement, css, html, nothing } from "lit";
import { emit } from "../events.ts";
import { composerNotice } from "../styles/composer-notice.ts";
import { icons } from "../styles/icons.ts";
import { shared } from "../styles/shared.ts";

/**
 * The warning above the composer of an encrypted conversation when someone the person verified has a device they
 * have not verified: anything sent now is readable on it. Sends wait (shown as not sent) until the person reviews
 * the devices or chooses to send anyway.
 * Properties: `names` (string[]: the people concerned; "You" for one's own account), `held` (number of messages
 * waiting). Events: `trust-review`, `trust-send-anyway` (no detail).
 */
export class HearthTrustWarning extends LitElement {
  static styles = [
    shared,
    composerNotice,
    css`
      .box {
        border-color: var(--warning);
        background: color-mix(in srgb, var(--warning) 14%, var(--bg-main));
      }
      .line svg {
        color: var(--warning);
      }
      .actions {
        display: flex;
        gap: var(--space-2);
      }
    `,
  ];
  static properties = { names: { attribute: false }, held: { type: Number } };
  declare names: string[];
  declare held: number;

  constructor() {
    super();
    this.names = [];
    this.held = 0;
  }

  render() {
    if (this.names.length === 0) return nothing;
    const who = listOf(this.names);
    const self = this.names.length === 1 && this.names[0] === "You";
    const lead = self ? "You have a new, unverified device." : this.names.length === 1 ? `${who} has a new, unverified device.` : `${who} have new, unverified devices.`;
    const waiting = this.held ? ` ${this.held === 1 ? "One message is" : `${this.held} messages are`} waiting to be sent.` : "";
    return html`<div class="box line" role="alert" data-testid="trust-warning">
      ${icons.alert()}
      <p><strong>${lead}</strong> Messages you send will be readable on it.${waiting}</p>
      <div class="actions">
        <button class="btn small secondary" @click=${() => emit(this, "trust-review", undefined)}>Review devices</button>
        <button class="btn small" @click=${() => emit(this, "trust-send-anyway", undefined)}>Send anyway</button>
      </div>
    </div>`;
  }
}

/** "Bob", "Bob and Carol", "Bob, Carol and Dan". */
function listOf(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}
customElements.define("hearth-trust-warning", HearthTrustWarning);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-trust-warning": HearthTrustWarning;
  }
}
