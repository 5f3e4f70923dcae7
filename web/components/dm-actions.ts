/**
 * What the person does to a group DM from hearth-channel-view: the people popover (hearth-dm-people), and the
 * dialogs it asks for: add people (the New-message picker in its adding mode), rename, and leave (confirmed).
 * Not an element: the view owns one, renders `panel()` in its pane and `overlays()` into its shadow root.
 */
import { html, nothing, type LitElement } from "lit";
import { CHANNEL_NAME_MAX } from "../../protocol/limits.ts";
import type { AppState } from "../state/app.ts";
import type { Channel } from "../state/communities.ts";
import { describeError } from "../styles/auth-card.ts";
import "./hearth-dialog.ts";
import "./hearth-dm-people.ts";

export interface DmActionsView {
  app(): AppState;
  channel(): Channel | undefined;
  /** The conversation's name as shown (its own, or the people's names). */
  title(): string;
}

export class DmActions {
  isOpen = false;
  private dialog: "add" | "rename" | "leave" | null = null;
  private busy = false;
  private error = "";

  constructor(
    private readonly host: LitElement,
    private readonly view: DmActionsView,
  ) {}

  /** The conversation changed: nothing is open any more. */
  reset(): void {
    this.isOpen = false;
    this.dialog = null;
    this.error = "";
  }

  toggle = () => {
    this.isOpen = !this.isOpen;
    this.host.requestUpdate();
  };

  close = () => {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.host.requestUpdate();
    // Escape or × removed the focused popover: give focus back to the button that opened it (not after a click
    // elsewhere, which put focus where the person clicked).
    void this.host.updateComplete.then(() => {
      if (document.activeElement === document.body || document.activeElement === null || document.activeElement === this.host) {
        this.host.renderRoot.querySelector<HTMLElement>("[data-people-toggle]")?.focus();
      }
    });
  };

  panel() {
    const ch = this.view.channel();
    if (!this.isOpen || !ch) return nothing;
    return html`<hearth-dm-people
      .participants=${ch.participants ?? []}
      .me=${this.view.app().auth.user?.id ?? ""}
      .title=${this.view.title()}
      ?named=${!!ch.name}
      @dm-add-request=${() => this.ask("add")}
      @dm-rename-request=${() => this.ask("rename")}
      @dm-leave-request=${() => this.ask("leave")}
      @dialog-close=${this.close}
    ></hearth-dm-people>`;
  }

  private ask(dialog: "add" | "rename" | "leave") {
    if (dialog === "add") void import("./hearth-new-message.ts");
    this.isOpen = false;
    this.dialog = dialog;
    this.error = "";
    this.host.requestUpdate();
  }

  private closeDialog = () => {
    this.dialog = null;
    this.busy = false;
    this.host.requestUpdate();
  };

  overlays() {
    const ch = this.view.channel();
    if (!this.dialog || !ch) return nothing;
    const alert = this.error ? html`<div class="alert" role="alert">${this.error}</div>` : nothing;
    switch (this.dialog) {
      case "add":
        return html`<hearth-new-message open channel-id=${ch.id} @dialog-close=${this.closeDialog}></hearth-new-message>`;
      case "rename":
        return html`<hearth-dialog open heading="Rename conversation" confirm-label="Save" .busy=${this.busy} @dialog-confirm=${this.rename} @dialog-close=${this.closeDialog}>
          ${alert}
          <div class="field">
            <label for="dm-name">Name</label>
            <input id="dm-name" type="text" maxlength=${CHANNEL_NAME_MAX} autocomplete="off" .value=${ch.name ?? ""} placeholder=${(ch.participants ?? []).filter((p) => p.id !== this.view.app().auth.user?.id).map((p) => p.displayName).join(", ")} aria-describedby="dm-name-hint" autofocus />
          </div>
          <p class="hint" id="dm-name-hint">Everyone in the conversation sees the new name. Leave it empty to show people's names instead.</p>
        </hearth-dialog>`;
      case "leave":
        return html`<hearth-dialog open heading="Leave conversation" confirm-label="Leave" danger .busy=${this.busy} @dialog-confirm=${this.leave} @dialog-close=${this.closeDialog}>
          ${alert}
          <p>Leave <strong>${this.view.title()}</strong>?</p>
          <p class="muted" style="margin-top:var(--space-2)">You'll stop getting its messages and it leaves your list. Someone in it can add you back, but you won't be able to read what was said while you were gone.</p>
        </hearth-dialog>`;
    }
  }

  private rename = async () => {
    const ch = this.view.channel();
    const input = this.host.renderRoot.querySelector<HTMLInputElement>("#dm-name");
    if (!ch || !input) return;
    const name = input.value.trim();
    await this.run(() => this.view.app().communities.renameGroup(ch.id, name || null));
  };

  private leave = async () => {
    const ch = this.view.channel();
    if (!ch) return;
    const app = this.view.app();
    const title = this.view.title();
    if (await this.run(() => app.communities.leaveGroup(ch.id))) {
      app.ui.toast(`You left ${title}.`);
      app.router.navigate({ name: "home" }, { replace: true });
    }
  };

  /** Runs an action with the dialog busy; closes it on success, shows the error in it otherwise. */
  private async run(action: () => Promise<unknown>): Promise<boolean> {
    this.busy = true;
    this.error = "";
    this.host.requestUpdate();
    try {
      await action();
      this.closeDialog();
      return true;
    } catch (err) {
      this.error = describeError(err);
      this.busy = false;
      this.host.requestUpdate();
      return false;
    }
  }
}
