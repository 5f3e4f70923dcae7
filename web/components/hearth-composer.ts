import { LitElement, css, html, nothing } from "lit";
import { MAX_MESSAGE_CHARS } from "../../protocol/limits.ts";
import { emit } from "../events.ts";
import { withEmojiTokens, type CustomEmoji } from "../../protocol/emoji.ts";
import { replaceShortcodes } from "../render/emoji.ts";
import { formatMarker, toggleFormat } from "../render/format-keys.ts";
import { ComposerSuggestions } from "./composer-suggestions.ts";
import type { Upload } from "../state/files.ts";
import type { UserRef } from "../state/members.ts";
import { icons } from "../styles/icons.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-gif-button.ts";
import "./hearth-upload-tray.ts";


/** Turns `@username` of known people into the `<@id>` mention syntax the server parses (P19). */
export function encodeMentions(text: string, people: UserRef[]): string {
  const byName = new Map(people.map((p) => [p.username.toLowerCase(), p.id]));
  return text.replace(/(^|[^\w@<])@([a-z0-9_.]{3,32})/gi, (m, pre: string, name: string) => {
    const id = byName.get(name.toLowerCase());
    return id ? `${pre}<@${id}>` : m;
  });
}

/**
 * The message composer: multi-line (Enter sends, Shift+Enter adds a line), `@mention` and `:emoji:` autocomplete,
 * reply banner, Up arrow to edit one's last message, disabled with a reason (timeout, no permission). Files come
 * from the paperclip button or a paste and wait in the tray above the text (hearth-upload-tray); a send waits
 * until every upload in it is done, and may then have no text.
 * Properties: `draft`, `placeholder`, `disabledReason`, `replyName`, `people`, `uploads` (the tray),
 * `canAttach` (show the paperclip), `canPoll` (show "Create poll"), `canGif` (show the GIF picker where the server
 * has GIF search: hearth-gif-button).
 * Events: composer-send, composer-typing, composer-edit-last, composer-cancel-reply, composer-draft,
 * composer-attach (files chosen or pasted), poll-create-request, gif-picked (from the GIF picker); upload-remove and upload-retry bubble from the tray.
 */
export class HearthComposer extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        display: block;
        padding: 0 var(--space-4) var(--space-2);
      }
      .box {
        position: relative;
        background: var(--bg-input);
        border-radius: var(--radius);
        border: 1px solid transparent;
      }
      .box:focus-within {
        border-color: var(--border);
      }
      .reply {
        display: flex;
        align-items: center;
        gap: var(--space-2);
        padding: 6px 8px 6px 14px;
        font-size: 0.85rem;
        color: var(--fg-muted);
        border-bottom: 1px solid var(--border);
      }
      .reply strong {
        color: var(--fg);
      }
      .reply .icon-btn {
        margin-left: auto;
        width: 24px;
        height: 24px;
      }
      .row {
        display: flex;
        align-items: flex-end;
        gap: 4px;
        padding: 0 6px 0 0;
      }
      textarea {
        flex: 1;
        border: 0;
        background: transparent;
        resize: none;
        min-height: 44px;
        max-height: 50vh;
        padding: 11px 14px;
        field-sizing: content;
        line-height: 1.4;
        color: var(--fg);
      }
      textarea:focus-visible {
        box-shadow: none;
        outline: none;
      }
      textarea:disabled {
        cursor: not-allowed;
      }
      .send,
      .attach {
        margin-bottom: 6px;
      }
      .attach {
        margin-left: 6px;
      }
      .send[aria-disabled="true"] {
        opacity: 0.5;
        cursor: not-allowed;
      }
      .wait {
        font-size: 0.8rem;
        color: var(--fg-muted);
        padding: 0 14px 6px;
      }
      .count {
        font-size: 0.75rem;
        color: var(--danger);
        padding: 0 14px 6px;
        text-align: right;
      }
      .suggest {
        position: absolute;
        left: 0;
        right: 0;
        bottom: calc(100% + 6px);
        background: var(--bg-raised);
        border: 1px solid var(--border);
        border-radius: var(--radius);
        box-shadow: var(--shadow);
        padding: 6px;
        margin: 0;
        list-style: none;
        z-index: 5;
        max-height: 320px;
        overflow-y: auto;
      }
      .suggest .title {
        font-size: 0.72rem;
        font-weight: 700;
        text-transform: uppercase;
        color: var(--fg-muted);
        padding: 4px 8px;
      }
      .suggest li[role="option"] {
        display: flex;
        align-items: center;
        gap: var(--space-2);
        padding: 6px 8px;
        border-radius: var(--radius-s);
        cursor: pointer;
      }
      .suggest li[aria-selected="true"] {
        background: var(--bg-active);
      }
      .suggest .sub {
        color: var(--fg-muted);
        font-size: 0.85rem;
      }
      .suggest .emoji img.custom {
        height: 20px;
        width: 20px;
        object-fit: contain;
        vertical-align: middle;
      }
      .suggest .emoji {
        font-size: 1.2rem;
        width: 24px;
        text-align: center;
      }
      .disabled {
        display: flex;
        align-items: center;
        gap: var(--space-2);
        padding: 12px 14px;
        color: var(--fg-muted);
        font-size: 0.92rem;
      }
      .disabled svg {
        width: 18px;
        height: 18px;
        flex: none;
      }
    `,
  ];
  static properties = {
    draft: {},
    placeholder: {},
    disabledReason: {},
    replyName: {},
    people: { attribute: false },
    customEmoji: { attribute: false },
    uploads: { attribute: false },
    canAttach: { type: Boolean },
    canPoll: { type: Boolean },
    canGif: { type: Boolean },
    waitNote: { state: true },
    length: { state: true },
  };
  declare draft: string;
  declare placeholder: string;
  declare disabledReason: string | null;
  declare replyName: string | null;
  declare people: UserRef[];
  /** The community's own emoji one may use: offered for `:name` and sent as tokens (docs/api/emoji.md). */
  declare customEmoji: CustomEmoji[];
  declare uploads: Upload[];
  declare canAttach: boolean;
  declare canPoll: boolean;
  declare canGif: boolean;
  /** Enter was pressed while files were still uploading: say why nothing was sent. */
  declare waitNote: boolean;
  declare length: number;
  /** `@name` and `:emoji` autocomplete. */
  private suggest = new ComposerSuggestions(this, { textarea: () => this.ta ?? null, people: () => this.people, customEmoji: () => this.customEmoji });

  constructor() {
    super();
    this.draft = "";
    this.placeholder = "Message";
    this.disabledReason = null;
    this.replyName = null;
    this.people = [];
    this.customEmoji = [];
    this.uploads = [];
    this.canAttach = false;
    this.canPoll = false;
    this.canGif = false;
    this.waitNote = false;
    this.length = 0;
  }

  private get ta(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector("textarea");
  }

  /** Puts the caret in the composer (after choosing reply, or typing anywhere in the channel). */
  override focus(): void {
    this.ta?.focus();
  }

  protected willUpdate(changed: Map<string, unknown>) {
    if (changed.has("draft")) this.length = this.draft.length;
    if (changed.has("uploads") && !this.uploading) this.waitNote = false;
  }

  private get uploading(): boolean {
    return this.uploads.some((u) => u.state === "uploading");
  }

  /** Opens the file picker (the paperclip; also for a parent's shortcut). */
  pickFiles(): void {
    this.renderRoot.querySelector<HTMLInputElement>("input[type=file]")?.click();
  }

  protected updated(changed: Map<string, unknown>) {
    if (changed.has("replyName") && this.replyName) this.focus();
  }

  render() {
    if (this.disabledReason) {
      return html`<div class="box" data-testid="composer-disabled"><div class="disabled" role="status">${icons.lock()} ${this.disabledReason}</div></div>`;
    }
    const open = this.suggest.open;
    return html`<div class="box">
      ${open ? this.suggest.render() : nothing}
      ${this.replyName
        ? html`<div class="reply">Replying to <strong>${this.replyName}</strong><button class="icon-btn" aria-label="Cancel reply" @click=${() => emit(this, "composer-cancel-reply", undefined)}>${icons.close()}</button></div>`
        : nothing}
      ${this.uploads.length ? html`<hearth-upload-tray .uploads=${this.uploads}></hearth-upload-tray>` : nothing}
      <div class="row">
        ${this.canAttach
          ? html`<button class="icon-btn attach" aria-label="Attach files" title="Attach files" @click=${this.pickFiles}>${icons.paperclip()}</button>
              <input type="file" multiple hidden aria-hidden="true" tabindex="-1" @change=${this.onPicked} />`
          : nothing}
        ${this.canPoll ? html`<button class="icon-btn attach" aria-label="Create poll" title="Create poll" @click=${() => emit(this, "poll-create-request", undefined)}>${icons.poll()}</button>` : nothing}
        <textarea
          rows="1"
          aria-label=${this.placeholder}
          placeholder=${this.placeholder}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded=${open ? "true" : "false"}
          aria-controls="suggest"
          aria-activedescendant=${open ? `opt-${this.suggest.active}` : ""}
          .value=${this.draft}
          @input=${this.onInput}
          @keydown=${this.onKeydown}
          @paste=${this.onPaste}
          @blur=${() => setTimeout(this.suggest.close, 150)}
        ></textarea>
        ${this.canGif ? html`<hearth-gif-button class="send"></hearth-gif-button>` : nothing}
        <button class="icon-btn send" aria-label="Send message" title=${this.uploading ? "Waiting for uploads to finish" : "Send (Enter)"} aria-disabled=${this.uploading ? "true" : "false"} @click=${this.send}>${icons.send()}</button>
      </div>
      ${this.waitNote ? html`<div class="wait" role="status">Uploading… the message can be sent once the files are up.</div>` : nothing}
      ${this.length > MAX_MESSAGE_CHARS ? html`<div class="count" role="status">${this.length} / ${MAX_MESSAGE_CHARS}: too long to send</div>` : nothing}
    </div>`;
  }

  private onInput() {
    const ta = this.ta!;
    this.length = ta.value.length;
    emit(this, "composer-draft", { text: ta.value });
    if (ta.value.trim()) emit(this, "composer-typing", undefined);
    this.suggest.update();
  }

  private onKeydown(e: KeyboardEvent) {
    if (e.isComposing) return;
    if (this.suggest.onKey(e)) return;
    const marker = formatMarker(e);
    if (marker) {
      e.preventDefault();
      this.format(marker);
    } else if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      this.send();
    } else if (e.key === "ArrowUp" && this.ta?.value === "") {
      e.preventDefault();
      emit(this, "composer-edit-last", undefined);
    } else if (e.key === "Escape" && this.replyName) {
      emit(this, "composer-cancel-reply", undefined);
    }
  }

  /** Ctrl+B and the like: toggles the markers around the selection through insertText, so Ctrl+Z undoes it. */
  private format(marker: string) {
    const ta = this.ta;
    if (!ta) return;
    const edit = toggleFormat(ta.value, ta.selectionStart, ta.selectionEnd, marker);
    ta.setSelectionRange(edit.from, edit.to);
    // insertText fires input itself; the fallback (a browser without it) does not.
    if (!document.execCommand("insertText", false, edit.text)) {
      ta.setRangeText(edit.text, edit.from, edit.to, "end");
      this.onInput();
    }
    ta.setSelectionRange(edit.selStart, edit.selEnd);
  }

  private onPicked(e: Event) {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    // Cleared so choosing the same file again (after removing it) still fires change.
    input.value = "";
    if (files.length) emit(this, "composer-attach", { files });
    this.focus();
  }

  /**
   * Pasted files (a screenshot, an image copied in a browser) go to the tray. When the clipboard also holds text
   * (a spreadsheet's cells come with a picture of them) the text is what was meant, and pastes as usual.
   */
  private onPaste(e: ClipboardEvent) {
    const data = e.clipboardData;
    const files = [...(data?.files ?? [])];
    if (!files.length || data?.getData("text/plain")) return;
    e.preventDefault();
    emit(this, "composer-attach", { files });
  }

  private send() {
    const ta = this.ta;
    if (!ta) return;
    const text = ta.value.trim();
    if (text.length > MAX_MESSAGE_CHARS) return;
    if (this.uploading) {
      this.waitNote = true;
      return;
    }
    if (!text && !this.uploads.some((u) => u.state === "ready")) return;
    emit(this, "composer-send", { content: encodeMentions(withEmojiTokens(replaceShortcodes(text), this.customEmoji), this.people) });
    ta.value = "";
    this.length = 0;
    emit(this, "composer-draft", { text: "" });
    ta.focus();
  }
}
customElements.define("hearth-composer", HearthComposer);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-composer": HearthComposer;
  }
}
