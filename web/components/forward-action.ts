/**
 * "Forward" in a conversation (web/state/forward.ts): the destination dialog for one message, then the quote goes to
 * the chosen conversation, which opens. Drawn by hearth-channel-view with `overlay()`.
 */
import { html, nothing, type LitElement, type ReactiveController } from "lit";
import type { AppState } from "../state/app.ts";
import type { ChannelSession } from "../state/chat.ts";
import { forwardText } from "../state/forward.ts";
import "./hearth-forward-dialog.ts";

export interface ForwardView {
  app(): AppState;
  session(): ChannelSession | null;
  nameOf(userId: string): string;
  /** Where the message was written, as the forward's header says it ("#general", "a direct message"). */
  where(): string;
}

export class ForwardAction implements ReactiveController {
  private messageId: string | null = null;

  constructor(
    private readonly host: LitElement,
    private readonly view: ForwardView,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  open = (e: CustomEvent<{ messageId: string }>): void => {
    this.messageId = e.detail.messageId;
    this.host.requestUpdate();
  };

  private close = (): void => {
    this.messageId = null;
    this.host.requestUpdate();
  };

  private send = (e: CustomEvent<{ channelId: string; communityId: string | null }>): void => {
    const m = this.view.session()?.messages.find((x) => x.id === this.messageId);
    this.close();
    if (!m?.content) return;
    const app = this.view.app();
    app.chat.forwardTo(e.detail.channelId, forwardText(this.view.nameOf(m.authorId), this.view.where(), m.content, m.attachments.length));
    const { channelId, communityId } = e.detail;
    app.router.navigate(communityId ? { name: "community", communityId, channelId } : { name: "dm", channelId });
    app.ui.toast("Message forwarded.", "success");
  };

  overlay() {
    const m = this.messageId ? this.view.session()?.messages.find((x) => x.id === this.messageId) : undefined;
    if (!m?.content) return nothing;
    return html`<hearth-forward-dialog .excerpt=${m.content} @forward-to=${this.send} @dialog-close=${this.close}></hearth-forward-dialog>`;
  }
}
