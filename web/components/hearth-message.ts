import { LitElement, html, nothing, type PropertyValues } from "lit";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import type { MessageView } from "../../protocol/frames.ts";
import type { ThreadView } from "../../protocol/threads.ts";
import { emit } from "../events.ts";
import type { ReactorsList } from "../../protocol/message-lists.ts";
import { plainExcerpt, renderMarkdown, type RenderContext } from "../render/markdown.ts";
import type { ChatMessage } from "../state/message-window.ts";
import type { PendingMessage } from "../state/outbox.ts";
import { avatars } from "../state/avatars.ts";
import { StoreController, type Async } from "../state/store.ts";
import { icons } from "../styles/icons.ts";
import { messageContent } from "../styles/message-content.ts";
import { message as messageStyles } from "../styles/message.ts";
import { shared } from "../styles/shared.ts";
import { filesToShow, type ShownFile } from "../state/sealed-files.ts";
import type { EmbedSource } from "../state/embeds.ts";
import type { FileSource } from "./hearth-attachment.ts";
import { MessageEmbeds } from "./message-embeds.ts";
import "./hearth-attachment.ts";
import "./hearth-avatar.ts";
import "./hearth-poll.ts";
import "./hearth-reactions.ts";
import "./hearth-thread-chip.ts";

const NO_FILES: ShownFile[] = [];

/**
 * The files a row shows: a plain message's as the server lists them; an encrypted message's only once it has been
 * opened here (an edit being opened keeps the last version's), as its envelope describes them (web/state/sealed-files.ts); a pending send's as uploaded (with what its
 * envelope will say, in an encrypted conversation). Remembered per message object, so a re-render keeps the same
 * objects and the attachments do not redraw.
 */
const shownFor = new WeakMap<object, ShownFile[]>();
function shownFiles(m: ChatMessage | null, p: PendingMessage | null): ShownFile[] {
  const owner = m ?? p;
  if (!owner) return NO_FILES;
  let shown = shownFor.get(owner);
  if (!shown) {
    if (m) shown = m.deletedAt || !m.attachments?.length ? NO_FILES : filesToShow(m.attachments, m.envelope ? (m.sealedFiles ?? []) : undefined);
    else shown = p!.attachments.length ? filesToShow(p!.attachments, p!.sealedFiles) : NO_FILES;
    shownFor.set(owner, shown);
  }
  return shown;
}

/** What the list tells each message about the reader's rights and the surroundings. */
export interface MessageCaps {
  canReply: boolean;
  canReact: boolean;
  canManage: boolean;
  canPin: boolean;
  /** Start a thread from a message (SEND_IN_THREADS in a community text channel). */
  canThread: boolean;
}

/**
 * Spoilers the person revealed, by message (its author and nonce, which its pending row and the stored message
 * share) and position, so that a reveal survives the row being drawn anew: the ack replacing the pending row, or
 * the row scrolling out of the window and back. An edit changes the text, and the reveals are forgotten.
 */
const revealedSpoilers = new Map<string, { text: string; at: Set<number> }>();
const REVEALS_KEPT = 500;

/**
 * One message row: avatar and name at the start of a group, the markdown body, a reply quote, reactions, an
 * "(edited)" mark, hover actions, and an inline editor. A pending message (not yet acked) shows faded, with
 * retry/discard when it failed.
 * Properties: `message` or `pending`, `author` (display name), `groupStart`, `mine`, `blocked`, `caps`, `editing`,
 * `timeText`, `dateTitle`, `replyAuthor`, `ctx` (markdown context), `reactors` (emoji → who reacted, as loaded),
 * `files` (where attachments' bytes come from), `embeds` (link previews; null where there are none, as in encrypted
 * conversations: message-embeds.ts), `thread` (the thread started from it: a chip under it), `readonly`
 * (no actions: a thread's first message shown at its top). Attachments show under the text; a deleted message shows none.
 * Events: message-reply, message-edit, message-edit-save, message-edit-cancel, message-delete-request,
 * message-react and reaction-who (from hearth-reactions), message-pin, message-jump, message-pick-reaction,
 * message-report, pending-retry, pending-discard, user-open, thread-create-request, thread-open (from the chip),
 * poll-vote and poll-end-request (from hearth-poll, for a message that is a poll).
 */
export class HearthMessage extends LitElement {
  static styles = [shared, messageContent, messageStyles];
  static properties = {
    message: { attribute: false },
    pending: { attribute: false },
    author: {},
    authorId: {},
    groupStart: { type: Boolean },
    mine: { type: Boolean },
    caps: { attribute: false },
    editing: { type: Boolean },
    timeText: {},
    dateTitle: {},
    replyAuthor: {},
    ctx: { attribute: false },
    reactors: { attribute: false },
    files: { attribute: false },
    embeds: { attribute: false },
    avatarSize: { type: Number },
    epoch: { type: Number },
    blocked: { type: Boolean },
    beforeJoin: { type: Boolean },
    thread: { attribute: false },
    readonly: { type: Boolean },
    revealed: { state: true },
  };
  /** The author is blocked by the reader: the row collapses to a placeholder until `revealed` (by "Show"). */
  declare blocked: boolean;
  /** Sent in a group DM before the reader was added: it was never sealed for them, so "locked" is expected. */
  declare beforeJoin: boolean;
  declare revealed: boolean;
  declare thread: ThreadView | null;
  declare readonly: boolean;
  /** Changes when rendering itself changed (e.g. the code highlighter arrived), to re-render the same message. */
  declare epoch: number;
  declare avatarSize: number;
  declare message: ChatMessage | null;
  declare pending: PendingMessage | null;
  declare author: string;
  declare authorId: string;
  declare groupStart: boolean;
  declare mine: boolean;
  declare caps: MessageCaps;
  declare editing: boolean;
  declare timeText: string;
  declare dateTitle: string;
  declare replyAuthor: string;
  declare ctx: RenderContext;
  declare reactors: ReadonlyMap<string, Async<ReactorsList>> | null;
  declare files: FileSource | null;
  declare embeds: EmbedSource | null;
  /** The link previews under the text. */
  private previews = new MessageEmbeds(this);

  constructor() {
    super();
    // Re-renders when the author turns out to be an app (webhook) account.
    new StoreController(this, () => [avatars]);
    this.message = null;
    this.pending = null;
    this.author = "";
    this.authorId = "";
    this.groupStart = true;
    this.mine = false;
    this.caps = { canReply: false, canReact: false, canManage: false, canPin: false, canThread: false };
    this.editing = false;
    this.timeText = "";
    this.dateTitle = "";
    this.replyAuthor = "";
    this.reactors = null;
    this.files = null;
    this.embeds = null;
    this.avatarSize = 40;
    this.epoch = 0;
    this.blocked = false;
    this.beforeJoin = false;
    this.revealed = false;
    this.thread = null;
    this.readonly = false;
  }

  protected willUpdate(changed: PropertyValues<this>) {
    // Unblocking (or a different message in this element) forgets a reveal, so a later block collapses it again.
    if ((changed.has("blocked") && !this.blocked) || (changed.has("message") && changed.get("message")?.id !== this.message?.id)) this.revealed = false;
  }

  /** Briefly highlights the row (after a jump to it). */
  flash(): void {
    const row = this.renderRoot.querySelector(".row");
    row?.classList.remove("flash");
    void (row as HTMLElement | null)?.offsetWidth;
    row?.classList.add("flash");
  }

  render() {
    const m = this.message;
    const p = this.pending;
    if (m && this.blocked && !this.revealed && !m.deletedAt) {
      // No author, avatar or content in the DOM until the reader asks for this one message.
      return html`<div class="row start blocked" data-message-id=${m.id} data-testid="message">
        <div class="gutter"></div>
        <div class="body"><div class="content muted" data-testid="blocked-message">Blocked message <button class="link-btn" @click=${() => (this.revealed = true)}>Show</button></div></div>
      </div>`;
    }
    const text = m ? m.content : p?.content ?? "";
    const deleted = !!m?.deletedAt;
    const mentionsMe = !!m && !this.mine && (m.mentions.includes(this.ctx.me) || m.mentionsEveryone);
    const replyTo = m?.replyTo ?? null;
    const start = this.groupStart || !!replyTo;
    const id = m?.id ?? p?.nonce ?? "";
    const attachments = shownFiles(m, p);
    // A message of files alone has no text to show (unless it was edited, which the mark says).
    const textless = !text && attachments.length > 0 && !m?.editedAt && (!m?.e2ee || m.e2ee === "ok");
    return html`<div class="row ${start ? "start" : ""} ${mentionsMe ? "mention" : ""} ${p ? "pending" : ""}" data-message-id=${id} data-testid="message">
      ${replyTo ? this.renderReply(replyTo) : nothing}
      <div class="gutter">
        ${start
          ? html`<hearth-avatar .name=${this.author} .seed=${this.authorId} .size=${this.avatarSize}></hearth-avatar>`
          : html`<span class="time" aria-hidden="true">${this.timeText}</span>`}
      </div>
      <div class="body">
        ${start
          ? html`<div class="head">
              <button class="author" @click=${this.openAuthor}>${this.author}</button>
              ${avatars.isApp(this.authorId) ? html`<span class="app-tag" title="Posted by a webhook">App</span>` : nothing}
              <span class="stamp" title=${this.dateTitle}>${this.dateTitle}</span>
              ${m?.pinnedAt ? html`<span class="pin" title="Pinned">${icons.pin()}</span>` : nothing}
            </div>`
          : nothing}
        ${this.editing && m ? this.renderEditor(m) : deleted
          ? html`<div class="content deleted">This message was deleted.</div>`
          : m?.e2ee === "locked" && this.beforeJoin
            ? html`<div class="content locked" data-testid="message-before-join" title="Group DMs are end-to-end encrypted for the devices of the people in them when each message is sent. Nobody's keys are shared with newcomers, so earlier messages stay private to the people who were here.">${icons.lock()} Sent before you joined: only the people here then can read it</div>`
          : m?.e2ee === "locked"
            ? html`<div class="content locked" data-testid="message-locked" title="This message was encrypted for other devices: it was sent before this device was set up, or it was altered, or it came from a device Hearth doesn't know.">${icons.lock()} Can't decrypt this message on this device</div>`
          : m?.e2ee === "pending"
            ? html`<div class="content locked" aria-busy="true">Decrypting…</div>`
          : m?.e2ee === "waiting"
            ? html`<div class="content locked" data-testid="message-waiting" aria-busy="true">${icons.lock()} Can't check this message's keys while offline: it opens when the connection is back.</div>`
          : m?.poll || p?.poll
            ? this.renderPoll(m, p)
          : textless || this.previews.hidesText
            ? nothing
          : html`<div class="content" data-testid="message-content" @click=${this.onContentClick} @keydown=${this.onContentKey}>${unsafeHTML(renderMarkdown(text ?? "", this.ctx))}${m?.editedAt ? html`<span class="edited" title=${new Date(m.editedAt).toLocaleString()}>(edited)</span>` : nothing}</div>`}
        ${attachments.length ? this.renderAttachments(attachments) : nothing}
        ${m && !deleted ? this.previews.render() : nothing}
        ${p?.state === "failed"
          ? html`<div class="failed" role="alert">${icons.alert()} Not sent${p.error ? `: ${p.error}` : ""}. <button class="link-btn" @click=${() => emit(this, "pending-retry", { nonce: p.nonce })}>Retry</button><button class="link-btn" @click=${() => emit(this, "pending-discard", { nonce: p.nonce })}>Discard</button></div>`
          : p?.state === "queued"
            ? html`<div class="hint">Waiting for connection…</div>`
            : nothing}
        ${m && !deleted && m.reactions?.length ? this.renderReactions(m) : nothing}
        ${m && this.thread ? html`<hearth-thread-chip .thread=${this.thread}></hearth-thread-chip>` : nothing}
      </div>
      ${m && !deleted && !this.editing && !this.readonly ? this.renderActions(m) : nothing}
    </div>`;
  }

  private renderAttachments(files: ShownFile[]) {
    return html`<div class="attachments" data-testid="attachments">
      ${files.map((f) => html`<hearth-attachment .file=${f.file} .sealed=${f.sealed} .source=${this.files}></hearth-attachment>`)}
    </div>`;
  }

  /** A poll shows its question inside its card (hearth-poll), not as the message's text. */
  private renderPoll(m: ChatMessage | null, p: PendingMessage | null) {
    return html`<hearth-poll .message=${m} .pending=${m ? null : p} .readonly=${this.readonly} .rights=${{ canVote: this.caps.canReact, canEnd: this.mine || this.caps.canManage }}></hearth-poll>`;
  }

  private renderReply(r: NonNullable<MessageView["replyTo"]>) {
    return html`<div class="reply">
      <button @click=${() => emit(this, "message-jump", { messageId: r.id })} title="Jump to the original message"><strong>@${this.replyAuthor}</strong> ${r.excerpt ? plainExcerpt(r.excerpt) : r.excerpt === "" ? "📎 Attachment" : this.message?.envelope ? "Encrypted message" : "Original message was deleted"}</button>
    </div>`;
  }

  private renderReactions(m: MessageView) {
    return html`<hearth-reactions .messageId=${m.id} .reactions=${m.reactions ?? []} .reactors=${this.reactors} .canReact=${this.caps.canReact}></hearth-reactions>`;
  }

  private renderActions(m: ChatMessage) {
    const c = this.caps;
    return html`<div class="actions" role="toolbar" aria-label="Message actions">
      ${c.canReact ? html`<button class="icon-btn" title="Add reaction" aria-label="Add reaction" @click=${(e: MouseEvent) => emit(this, "message-pick-reaction", { messageId: m.id, anchor: (e.currentTarget as HTMLElement).getBoundingClientRect() })}>${icons.smile()}</button>` : nothing}
      ${c.canReply ? html`<button class="icon-btn" title="Reply" aria-label="Reply" @click=${() => emit(this, "message-reply", { messageId: m.id })}>${icons.reply()}</button>` : nothing}
      ${this.mine && !m.poll && (!m.e2ee || m.e2ee === "ok") ? html`<button class="icon-btn" title="Edit" aria-label="Edit" @click=${() => emit(this, "message-edit", { messageId: m.id })}>${icons.edit()}</button>` : nothing}
      ${m.content && !m.poll && !m.deletedAt ? html`<button class="icon-btn" title="Forward" aria-label="Forward" @click=${() => emit(this, "message-forward", { messageId: m.id })}>${icons.forward()}</button>` : nothing}
      ${c.canThread && !this.thread ? html`<button class="icon-btn" title="Create thread" aria-label="Create thread" @click=${() => emit(this, "thread-create-request", { messageId: m.id })}>${icons.thread()}</button>` : nothing}
      ${c.canPin ? html`<button class="icon-btn" title=${m.pinnedAt ? "Unpin" : "Pin"} aria-label=${m.pinnedAt ? "Unpin" : "Pin"} @click=${() => emit(this, "message-pin", { messageId: m.id, pin: !m.pinnedAt })}>${icons.pin()}</button>` : nothing}
      ${this.mine ? nothing : html`<button class="icon-btn" title="Report message" aria-label="Report" @click=${() => emit(this, "message-report", { messageId: m.id })}>${icons.alert()}</button>`}
      ${this.mine || c.canManage ? html`<button class="icon-btn" title="Delete (Shift+click: no confirmation)" aria-label="Delete" style="color:var(--danger)" @click=${(e: MouseEvent) => emit(this, "message-delete-request", { messageId: m.id, skipConfirm: e.shiftKey })}>${icons.trash()}</button>` : nothing}
    </div>`;
  }

  private renderEditor(m: MessageView) {
    return html`<div class="editor">
      <label class="sr-only" for="edit">Edit message</label>
      <textarea id="edit" .value=${m.content ?? ""} @keydown=${(e: KeyboardEvent) => this.onEditKey(e, m)} rows="2"></textarea>
      <div class="hint">Escape to <button class="link-btn" @click=${() => emit(this, "message-edit-cancel", { messageId: m.id })}>cancel</button> · Enter to <button class="link-btn" @click=${() => this.saveEdit(m)}>save</button></div>
    </div>`;
  }

  protected updated(changed: Map<string, unknown>) {
    if (revealedSpoilers.size) this.restoreReveals();
    if (changed.has("editing") && this.editing) {
      const ta = this.renderRoot.querySelector("textarea");
      ta?.focus();
      ta?.setSelectionRange(ta.value.length, ta.value.length);
    }
  }

  private onEditKey(e: KeyboardEvent, m: MessageView) {
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      emit(this, "message-edit-cancel", { messageId: m.id });
    } else if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      this.saveEdit(m);
    }
  }

  private saveEdit(m: MessageView) {
    const v = this.renderRoot.querySelector("textarea")?.value ?? "";
    emit(this, "message-edit-save", { messageId: m.id, content: v.trim() });
  }

  private openAuthor(e: MouseEvent) {
    emit(this, "user-open", { userId: this.authorId, anchor: (e.currentTarget as HTMLElement).getBoundingClientRect() });
  }

  /** Spoilers reveal on click or Enter. */
  private onContentClick(e: MouseEvent) {
    const s = (e.target as HTMLElement).closest?.(".spoiler");
    if (s) this.reveal(s);
  }

  private onContentKey(e: KeyboardEvent) {
    const s = (e.target as HTMLElement).closest?.(".spoiler");
    if (s && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      this.reveal(s);
    }
  }

  /** The message's spoilers, in order (a reply's quoted excerpt is not among them). */
  private spoilers(): Element[] {
    return [...this.renderRoot.querySelectorAll(".body .spoiler")];
  }

  /** The key and text under which this row's reveals are remembered, or null when it has no nonce. */
  private revealSubject(): { key: string; text: string } | null {
    const nonce = this.message?.nonce ?? this.pending?.nonce;
    if (!nonce) return null;
    return { key: `${this.authorId} ${nonce}`, text: (this.message ? this.message.content : this.pending?.content) ?? "" };
  }

  private reveal(spoiler: Element) {
    showSpoiler(spoiler);
    const subject = this.revealSubject();
    const at = this.spoilers().indexOf(spoiler);
    if (!subject || at < 0) return;
    let seen = revealedSpoilers.get(subject.key);
    if (!seen || seen.text !== subject.text) revealedSpoilers.set(subject.key, (seen = { text: subject.text, at: new Set() }));
    seen.at.add(at);
    if (revealedSpoilers.size > REVEALS_KEPT) revealedSpoilers.delete(revealedSpoilers.keys().next().value!);
  }

  /** Shows again what the person revealed when this message was last drawn (as a pending row, say). */
  private restoreReveals() {
    const subject = this.revealSubject();
    const seen = subject && revealedSpoilers.get(subject.key);
    if (!seen || seen.text !== subject!.text) return;
    const spoilers = this.spoilers();
    for (const i of seen.at) if (spoilers[i]) showSpoiler(spoilers[i]);
  }
}
customElements.define("hearth-message", HearthMessage);

/** A revealed spoiler is plain text: no longer a button, and read out as what it says rather than "Spoiler". */
function showSpoiler(spoiler: Element): void {
  spoiler.classList.add("revealed");
  for (const a of ["role", "aria-label", "tabindex"]) spoiler.removeAttribute(a);
}

declare global {
  interface HTMLElementTagNameMap {
    "hearth-message": HearthMessage;
  }
}
