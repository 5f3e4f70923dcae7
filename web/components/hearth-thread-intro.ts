import { LitElement, css, html, nothing } from "lit";
import type { RenderContext } from "../render/markdown.ts";
import type { ChatMessage } from "../state/message-window.ts";
import type { ThreadInfo } from "../state/threads.ts";
import { icons } from "../styles/icons.ts";
import { shared } from "../styles/shared.ts";
import type { FileSource } from "./hearth-attachment.ts";
import { stamp } from "./hearth-message-list.ts";
import "./hearth-message.ts";

/**
 * The start of a thread's history, where a channel says "Welcome to #…": the thread's name, who started it and
 * where, and the message it was started from (without actions: it belongs to the channel, not the thread).
 * Properties: `info` (ThreadInfo), `root` (its first message as shown: opened when encrypted), `communityId`, `nameOf`, `timeOf`, `files`, `ctx`, `me`, `avatarSize`. No events
 * of its own (the message's user-open bubbles).
 */
export class HearthThreadIntro extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        display: block;
        padding: var(--space-6) var(--space-4) var(--space-4);
      }
      .art {
        display: grid;
        place-items: center;
        width: 64px;
        height: 64px;
        border-radius: 50%;
        background: var(--bg-input);
        margin-bottom: var(--space-3);
      }
      .art svg {
        width: 36px;
        height: 36px;
      }
      h2 {
        font-size: 1.6rem;
        margin-bottom: var(--space-1);
        overflow-wrap: anywhere;
      }
      p {
        color: var(--fg-muted);
      }
      p a {
        color: inherit;
        font-weight: 600;
      }
      .root {
        margin-top: var(--space-4);
        border: 1px solid var(--border);
        border-radius: var(--radius);
        background: var(--bg-side);
        overflow: hidden;
      }
      .root hearth-message {
        content-visibility: visible;
      }
    `,
  ];
  static properties = {
    info: { attribute: false },
    root: { attribute: false },
    communityId: {},
    nameOf: { attribute: false },
    timeOf: { attribute: false },
    files: { attribute: false },
    ctx: { attribute: false },
    me: {},
    avatarSize: { type: Number },
  };
  declare info: ThreadInfo | null;
  declare root: ChatMessage | null;
  declare communityId: string;
  declare nameOf: (userId: string) => string;
  declare timeOf: (d: Date) => string;
  declare files: FileSource | null;
  declare ctx: RenderContext;
  declare me: string;
  declare avatarSize: number;

  constructor() {
    super();
    this.info = null;
    this.root = null;
    this.communityId = "";
    this.nameOf = () => "";
    this.timeOf = (d) => d.toLocaleTimeString();
    this.files = null;
    this.me = "";
    this.avatarSize = 40;
  }

  render() {
    const info = this.info;
    if (!info) return nothing;
    const { thread, parent } = info;
    const root = this.root;
    const parentLink = html`<a href="/c/${this.communityId}/${parent.id}">#${parent.name}</a>`;
    const started = new Date(thread.createdAt);
    return html`<div class="art">${icons.thread()}</div>
      <h2>${thread.name}</h2>
      <p>${thread.createdBy ? html`Started by <strong>${this.nameOf(thread.createdBy)}</strong>` : "Started"} in ${parentLink} · ${stamp(started, this.timeOf(started))}</p>
      ${root
        ? html`<div class="root" data-testid="thread-root">
            <hearth-message
              readonly
              .message=${root}
              .author=${this.nameOf(root.authorId)}
              .authorId=${root.authorId}
              .groupStart=${true}
              .mine=${root.authorId === this.me}
              .timeText=${this.timeOf(new Date(root.createdAt))}
              .dateTitle=${stamp(new Date(root.createdAt), this.timeOf(new Date(root.createdAt)))}
              .replyAuthor=${root.replyTo ? this.nameOf(root.replyTo.authorId) : ""}
              .ctx=${this.ctx}
              .files=${this.files}
              .avatarSize=${this.avatarSize}
            ></hearth-message>
          </div>`
        : nothing}`;
  }
}
customElements.define("hearth-thread-intro", HearthThreadIntro);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-thread-intro": HearthThreadIntro;
  }
}
