import { LitElement, html } from "lit";
import { emit } from "../events.ts";
import { DismissController } from "../render/dismiss.ts";
import type { NotifyLevel } from "../state/prefs.ts";
import { headerPopover } from "../styles/header-popover.ts";
import { icons } from "../styles/icons.ts";
import { menuStyles, moveMenuFocus } from "../styles/menu.ts";
import { shared } from "../styles/shared.ts";

/** What someone may choose for one conversation or community: a level, muted, or null to follow the one above. */
export type NotifyChoice = Exclude<NotifyLevel, "none"> | "muted" | null;

export const LEVEL_NAMES: Record<NotifyLevel, string> = { all: "All messages", mentions: "Only @mentions", none: "Nothing" };

/**
 * How one channel, DM or community notifies, as a menu under its bell: follow the default (which it names), All
 * messages, Only @mentions, or Mute. The choice is checked; arrow keys move; Escape or a click outside closes it.
 * Properties: `heading` (what it is for: "#general", "Launch Crew"), `choice`, `fallback` (the level the default
 * means here). Events: `notify-choose` { choice }, `dialog-close`.
 */
export class HearthNotifyMenu extends LitElement {
  private dismiss = new DismissController(this);
  static styles = [shared, headerPopover, menuStyles];
  static properties = { heading: {}, choice: { attribute: false }, fallback: {} };
  declare heading: string;
  declare choice: NotifyChoice;
  declare fallback: NotifyLevel;

  constructor() {
    super();
    this.heading = "";
    this.choice = null;
    this.fallback = "mentions";
  }

  protected firstUpdated() {
    (this.renderRoot.querySelector<HTMLElement>('[aria-checked="true"]') ?? this.renderRoot.querySelector<HTMLElement>("[role=menuitemradio]"))?.focus();
  }

  private item(choice: NotifyChoice, label: string, sub?: string) {
    const on = this.choice === choice;
    return html`<button role="menuitemradio" aria-checked=${on ? "true" : "false"} @click=${() => emit(this, "notify-choose", { choice })}>
      <span>${label}${sub ? html`<span class="sub">${sub}</span>` : null}</span><i class="check">${icons.check()}</i>
    </button>`;
  }

  render() {
    return html`<div role="menu" aria-label="Notifications for ${this.heading}" @keydown=${(e: KeyboardEvent) => moveMenuFocus(this.renderRoot as ShadowRoot, e)}>
      <p>Notify me about</p>
      ${this.item(null, "Default", LEVEL_NAMES[this.fallback])} ${this.item("all", LEVEL_NAMES.all)} ${this.item("mentions", LEVEL_NAMES.mentions, "and direct messages")}
      ${this.item("muted", "Mute", "Nothing from here, mentions included")}
    </div>`;
  }
}
customElements.define("hearth-notify-menu", HearthNotifyMenu);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-notify-menu": HearthNotifyMenu;
  }
}
