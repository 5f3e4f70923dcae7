import { LitElement, html, nothing } from "lit";
import { emit } from "../events.ts";
import { DismissController } from "../render/dismiss.ts";
import { icons } from "../styles/icons.ts";
import { headerPopover } from "../styles/header-popover.ts";
import { menuStyles, moveMenuFocus } from "../styles/menu.ts";
import { shared } from "../styles/shared.ts";

/**
 * A thread's options, as a menu under the "Thread options" button of its header: Rename, Archive (or Unarchive) for
 * its creator and message managers, Delete for message managers. Arrow keys move between the items; Escape or a
 * click outside closes it.
 * Properties: `archived`, `canManage`, `canDelete`. Events: `thread-rename-request`, `thread-archive-request`
 * { archived }, `thread-delete-request`, `dialog-close`.
 */
export class HearthThreadMenu extends LitElement {
  private dismiss = new DismissController(this);
  static styles = [
    shared,
    headerPopover,
    menuStyles,
  ];
  static properties = { archived: { type: Boolean }, canManage: { type: Boolean }, canDelete: { type: Boolean } };
  declare archived: boolean;
  declare canManage: boolean;
  declare canDelete: boolean;

  constructor() {
    super();
    this.archived = false;
    this.canManage = false;
    this.canDelete = false;
  }

  protected firstUpdated() {
    this.renderRoot.querySelector<HTMLElement>("[role=menuitem]")?.focus();
  }

  private onKey = (e: KeyboardEvent) => moveMenuFocus(this.renderRoot as ShadowRoot, e);

  render() {
    return html`<div role="menu" aria-label="Thread options" @keydown=${this.onKey}>
      ${this.canManage
        ? html`<button role="menuitem" @click=${() => emit(this, "thread-rename-request", undefined)}>${icons.edit()} Rename thread</button>
            <button role="menuitem" @click=${() => emit(this, "thread-archive-request", { archived: !this.archived })}>${icons.archive()} ${this.archived ? "Unarchive thread" : "Archive thread"}</button>`
        : nothing}
      ${this.canDelete ? html`<button role="menuitem" class="danger" @click=${() => emit(this, "thread-delete-request", undefined)}>${icons.trash()} Delete thread</button>` : nothing}
    </div>`;
  }
}
customElements.define("hearth-thread-menu", HearthThreadMenu);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-thread-menu": HearthThreadMenu;
  }
}
