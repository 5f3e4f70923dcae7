import { LitElement, css, html, nothing } from "lit";
import { GROUP_DM_MAX_PARTICIPANTS } from "../../protocol/limits.ts";
import { emit } from "../events.ts";
import { DismissController } from "../render/dismiss.ts";
import type { Participant } from "../state/communities.ts";
import { icons } from "../styles/icons.ts";
import { headerPopover } from "../styles/header-popover.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-avatar.ts";

/**
 * A group DM's people, as a popover under the header's people button: who is in it (oneself last, marked),
 * and what any of them may do: add people, rename the conversation, leave it. The actions only ask: the channel
 * view opens their dialogs (so Escape in a dialog does not also close this popover's owner).
 * Properties: `participants`, `me`, `title` (the conversation's name as shown), `named` (it has a name of its
 * own). Events: `dm-add-request`, `dm-rename-request`, `dm-leave-request`, `dialog-close` (outside click, Escape, ×).
 */
export class HearthDmPeople extends LitElement {
  private dismiss = new DismissController(this);
  static styles = [
    shared,
    headerPopover,
    css`
      :host {
        --popover-width: 360px;
      }
      header h2 small {
        display: block;
        font-size: 0.8rem;
        font-weight: 400;
        color: var(--fg-muted);
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--space-2);
        padding: var(--space-3) var(--space-4);
        border-bottom: 1px solid var(--border);
      }
      .actions .btn {
        display: inline-flex;
        align-items: center;
        gap: 6px;
      }
      .actions svg {
        width: 16px;
        height: 16px;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: var(--space-2);
        overflow-y: auto;
      }
      li {
        display: flex;
        align-items: center;
        gap: var(--space-3);
        padding: 6px var(--space-2);
        border-radius: var(--radius-s);
      }
      .who {
        display: flex;
        flex-direction: column;
        min-width: 0;
        line-height: 1.25;
      }
      .who span,
      .who small {
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .who small {
        color: var(--fg-muted);
      }
      .you {
        margin-left: auto;
        font-size: 0.75rem;
        color: var(--fg-muted);
      }
      footer {
        padding: var(--space-2) var(--space-4) var(--space-3);
        border-top: 1px solid var(--border);
      }
      .leave {
        color: var(--danger);
        display: inline-flex;
        align-items: center;
        gap: 6px;
      }
      .leave svg {
        width: 16px;
        height: 16px;
      }
    `,
  ];
  static properties = { participants: { attribute: false }, me: {}, title: {}, named: { type: Boolean } };
  declare participants: Participant[];
  declare me: string;
  declare title: string;
  declare named: boolean;

  constructor() {
    super();
    this.participants = [];
    this.me = "";
    this.title = "";
    this.named = false;
  }

  /** Opened from its button: focus moves into the popover, to its first action. */
  protected firstUpdated() {
    this.renderRoot.querySelector<HTMLButtonElement>(".actions button:not(:disabled), footer button")?.focus();
  }

  render() {
    const people = [...this.participants.filter((p) => p.id !== this.me), ...this.participants.filter((p) => p.id === this.me)];
    const full = this.participants.length >= GROUP_DM_MAX_PARTICIPANTS;
    return html`<section role="dialog" aria-labelledby="dm-people-h" style="display:contents" data-testid="dm-people">
      <header>
        <h2 id="dm-people-h">People <span class="muted">(${this.participants.length})</span>${this.named ? html`<small>${this.title}</small>` : nothing}</h2>
        <button class="icon-btn" aria-label="Close people" title="Close" @click=${() => emit(this, "dialog-close", undefined)}>${icons.close()}</button>
      </header>
      <div class="actions">
        <button class="btn secondary" ?disabled=${full} title=${full ? `A group holds at most ${GROUP_DM_MAX_PARTICIPANTS} people` : "Add people to this conversation"} @click=${() => emit(this, "dm-add-request", undefined)}>${icons.plus()} Add people</button>
        <button class="btn secondary" @click=${() => emit(this, "dm-rename-request", undefined)}>${icons.edit()} Rename</button>
      </div>
      <ul aria-label="People in this conversation">
        ${people.map(
          (p) => html`<li>
            <hearth-avatar .name=${p.displayName} .seed=${p.id} size="32"></hearth-avatar>
            <span class="who"><span>${p.displayName}</span><small>@${p.username}</small></span>
            ${p.id === this.me ? html`<span class="you">you</span>` : nothing}
          </li>`,
        )}
      </ul>
      <footer>
        <button class="link-btn leave" @click=${() => emit(this, "dm-leave-request", undefined)}>${icons.logout()} Leave conversation</button>
      </footer>
    </section>`;
  }
}
customElements.define("hearth-dm-people", HearthDmPeople);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-dm-people": HearthDmPeople;
  }
}
