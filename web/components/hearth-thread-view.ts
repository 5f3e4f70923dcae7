import { LitElement, css, html } from "lit";
import { ApiError } from "../state/api.ts";
import { Connect } from "../state/context.ts";
import { describeError } from "../styles/auth-card.ts";
import { icons } from "../styles/icons.ts";
import { pane } from "../styles/pane.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-channel-view.ts";

/**
 * A community URL whose id is not one of the community's channels: a thread, opened from its chip, the Threads
 * panel, the sidebar, a reload or a pasted link. Fetches what the thread is (`GET /threads/:id`: its channel and
 * first message), then shows it as a conversation in hearth-channel-view. An id that is no thread either is handed
 * to hearth-channel-view as it always was: its room says whether the channel exists.
 * Properties: `communityId`, `threadId`. No events.
 */
export class HearthThreadView extends LitElement {
  static styles = [
    shared,
    pane,
    css`
      hearth-channel-view {
        flex: 1;
        min-height: 0;
      }
    `,
  ];
  static properties = { communityId: {}, threadId: {} };
  declare communityId: string;
  declare threadId: string;
  private ctx = new Connect(this, (app) => [app.threads]);

  constructor() {
    super();
    this.communityId = "";
    this.threadId = "";
  }

  protected willUpdate() {
    const { threads } = this.ctx.app;
    const id = this.threadId;
    // Fetching notifies the store, so it starts after this render rather than inside it.
    if (id && threads.thread(id).state === "idle") queueMicrotask(() => threads.ensureThread(id));
  }

  render() {
    const { threads, ui } = this.ctx.app;
    const t = threads.thread(this.threadId);
    if ("value" in t && t.value) return html`<hearth-channel-view .communityId=${this.communityId} .channelId=${this.threadId} .thread=${t.value}></hearth-channel-view>`;
    if (t.state === "error") {
      if (t.error instanceof ApiError && t.error.status === 404) {
        return html`<hearth-channel-view .communityId=${this.communityId} .channelId=${this.threadId}></hearth-channel-view>`;
      }
      return html`<header class="bar"><button class="icon-btn menu-btn" aria-label="Open navigation" @click=${() => ui.setDrawer("nav")}>${icons.menu()}</button></header>
        <div class="empty-state"><div><h2>Couldn't open this thread</h2><p>${describeError(t.error)}</p><div class="actions"><button class="btn" @click=${() => void threads.loadThread(this.threadId)}>Try again</button></div></div></div>`;
    }
    return html`<div class="empty-state"><span class="spinner" role="status" aria-label="Loading thread"></span></div>`;
  }
}
customElements.define("hearth-thread-view", HearthThreadView);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-thread-view": HearthThreadView;
  }
}
