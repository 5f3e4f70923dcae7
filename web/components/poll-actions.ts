/**
 * Polls in hearth-channel-view: the "Create a poll" dialog the composer's poll button opens, and what the polls in
 * the list ask for (a vote, ending one early, which asks first). Not an element: the view owns one, and it listens
 * for the poll events its children send on the view itself, as ThreadActions does.
 */
import { html, nothing, type LitElement, type ReactiveController } from "lit";
import type { ChannelSession } from "../state/chat.ts";
import { pendingPoll, type PollDraft } from "../state/polls.ts";
import "./hearth-dialog.ts";

export interface PollsView {
  session(): ChannelSession | null;
  channelId(): string;
  encrypted(): boolean;
  /** A poll was posted: show the newest messages, where it appears. */
  sent(): void;
}

export class PollActions implements ReactiveController {
  private composing = false;
  /** The poll whose "End poll" waits for confirmation. */
  private ending: string | null = null;
  private channelId = "";

  constructor(
    private readonly host: LitElement,
    private readonly view: PollsView,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener("poll-create-request", this.onCreate);
    this.host.addEventListener("poll-compose", this.onCompose);
    this.host.addEventListener("poll-vote", this.onVote);
    this.host.addEventListener("poll-end-request", this.onEndRequest);
  }

  hostDisconnected(): void {
    this.host.removeEventListener("poll-create-request", this.onCreate);
    this.host.removeEventListener("poll-compose", this.onCompose);
    this.host.removeEventListener("poll-vote", this.onVote);
    this.host.removeEventListener("poll-end-request", this.onEndRequest);
  }

  /** Another channel: no dialog of the last one stays open. */
  hostUpdate(): void {
    const id = this.view.channelId();
    if (id === this.channelId) return;
    this.channelId = id;
    this.composing = false;
    this.ending = null;
  }

  overlays() {
    return html`${this.composing ? html`<hearth-poll-composer open ?encrypted=${this.view.encrypted()} @dialog-close=${this.closeComposer}></hearth-poll-composer>` : nothing}
      ${this.ending
        ? html`<hearth-dialog open heading="End this poll now?" confirm-label="End poll" @dialog-confirm=${this.end} @dialog-close=${this.closeEnd}>
            <p>Nobody can vote once it has ended. Everyone sees the final results.</p>
          </hearth-dialog>`
        : nothing}`;
  }

  private onCreate = () => {
    // The dialog loads on first use (as the voice view does): most visits never start a poll.
    void import("./hearth-poll-composer.ts");
    this.composing = true;
    this.host.requestUpdate();
  };

  private closeComposer = (e: Event) => {
    // Only the poll dialog's own closing: a dialog inside it would bubble here too.
    if (e.target !== e.currentTarget || !this.composing) return;
    this.composing = false;
    this.host.requestUpdate();
  };

  private onCompose = (e: CustomEvent<PollDraft>) => {
    const s = this.view.session();
    if (!s) return;
    s.sendPoll(e.detail.question, pendingPoll(e.detail));
    this.composing = false;
    this.host.requestUpdate();
    this.view.sent();
  };

  private onVote = (e: CustomEvent<{ messageId: string; answers: number[] }>) => {
    this.view.session()?.polls.vote(e.detail.messageId, e.detail.answers);
  };

  private onEndRequest = (e: CustomEvent<{ messageId: string }>) => {
    this.ending = e.detail.messageId;
    this.host.requestUpdate();
  };

  private end = () => {
    if (this.ending) this.view.session()?.polls.end(this.ending);
    this.ending = null;
    this.host.requestUpdate();
  };

  private closeEnd = () => {
    this.ending = null;
    this.host.requestUpdate();
  };
}
