import { LitElement, css, html, nothing, type PropertyValues } from "lit";
import type { SealedAttachment } from "../../protocol/e2ee.ts";
import type { FileView } from "../../protocol/files.ts";
import { emit } from "../events.ts";
import { attachmentKind, fitWithin, formatBytes, PREVIEW_MAX } from "../render/file-format.ts";
import { icons } from "../styles/icons.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-lightbox.ts";

/**
 * What an attachment needs to show a file: its bytes as an object URL, held while shown (web/state/file-blobs.ts),
 * decrypted first when `sealed` (its envelope's key) is given. A file that does not decrypt rejects with an error
 * whose `code` is "undecryptable".
 */
export interface FileSource {
  acquire(fileId: string, sealed?: SealedAttachment): Promise<string>;
  release(fileId: string, sealed?: SealedAttachment): void;
}

/** The box a preview takes before its image is in: fixed, so the row does not grow and shrink while loading. */
const PLACEHOLDER = { width: 320, height: 180 } as const;
/** Start loading a preview this far before it scrolls into view. */
const NEAR_PX = 600;
/**
 * Image sizes seen this page, by file id: a preview drawn again (scrolled back, a reloaded page) takes its real
 * size at once instead of the placeholder's. Bounded; the oldest are forgotten first.
 */
const seenSizes = new Map<string, { width: number; height: number }>();
const SIZES_KEPT = 2000;

/** `undecryptable`: the bytes came but do not decrypt under the envelope's key (altered, or a wrong key): final. */
type Load = { state: "idle" } | { state: "loading" } | { state: "ready"; url: string } | { state: "error" } | { state: "undecryptable" };

/**
 * One file attached to a message. Images (PREVIEW_IMAGE_TYPES) show as a preview of at most 400×300 loaded as they
 * near the view, opening whole in a lightbox; video and audio the browser can play load when the person presses
 * play, then use the native controls; anything else is a card with its name, size and a Download button. A file of
 * an end-to-end encrypted message comes with `sealed` (its key, from the envelope) and `file` holds the envelope's
 * name, type and size: it shows the same way, its bytes decrypted on the way in; one that does not decrypt (or an
 * encrypted file without a key) is a card saying "Can't decrypt this file".
 * Properties: `file` (FileView), `sealed` (SealedAttachment or null), `source` (FileSource). Events:
 * attachment-resized (a preview or player took its real size, after loading).
 */
export class HearthAttachment extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        display: block;
        max-width: 100%;
      }
      .preview {
        display: block;
        position: relative;
        max-width: 100%;
        height: auto;
        padding: 0;
        border: 0;
        border-radius: var(--radius);
        background: var(--bg-input);
        overflow: hidden;
        cursor: zoom-in;
      }
      .preview img,
      .preview .ph {
        position: absolute;
        inset: 0;
        width: 100%;
        height: 100%;
        object-fit: contain;
      }
      .ph {
        display: flex;
        align-items: center;
        justify-content: center;
        color: var(--fg-muted);
        font-size: 0.85rem;
      }
      .card {
        display: grid;
        grid-template-columns: 40px minmax(0, 1fr) auto;
        align-items: center;
        gap: var(--space-3);
        width: 400px;
        max-width: 100%;
        padding: var(--space-3);
        border: 1px solid var(--border);
        border-radius: var(--radius);
        background: var(--bg-side);
      }
      .card > svg {
        width: 32px;
        height: 32px;
        color: var(--fg-muted);
        justify-self: center;
      }
      .meta {
        min-width: 0;
        display: flex;
        flex-direction: column;
      }
      .name {
        font-weight: 600;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .sub {
        font-size: 0.8rem;
        color: var(--fg-muted);
      }
      .sub.error {
        color: var(--danger);
      }
      .media {
        display: grid;
        gap: var(--space-2);
        width: 400px;
        max-width: 100%;
      }
      video {
        display: block;
        max-width: 100%;
        max-height: ${PREVIEW_MAX.height}px;
        border-radius: var(--radius);
        background: #000;
      }
      audio {
        width: 100%;
      }
    `,
  ];
  static properties = {
    file: { attribute: false },
    sealed: { attribute: false },
    source: { attribute: false },
    load: { state: true },
    size: { state: true },
    viewing: { state: true },
    playing: { state: true },
  };
  declare file: FileView | null;
  /** For a file of an encrypted message: what its envelope says, the key included. */
  declare sealed: SealedAttachment | null;
  declare source: FileSource | null;
  declare load: Load;
  /** The image's own size, once known. */
  declare size: { width: number; height: number } | null;
  /** The lightbox is open. */
  declare viewing: boolean;
  /** Video or audio: the person asked to play it (the bytes load then, not before). */
  declare playing: boolean;
  /** The file whose URL this element holds, to release. */
  private held: { id: string; sealed: SealedAttachment | undefined } | null = null;
  private observer: IntersectionObserver | null = null;
  /** A Download press waiting for the bytes. */
  private saving = false;

  constructor() {
    super();
    this.file = null;
    this.sealed = null;
    this.source = null;
    this.load = { state: "idle" };
    this.size = null;
    this.viewing = false;
    this.playing = false;
  }

  private get kind() {
    if (!this.file) return "file";
    // An encrypted file shows as what its envelope says it is; without its key there is nothing to show.
    if (this.file.encrypted && !this.sealed) return "encrypted";
    return attachmentKind(this.file.contentType);
  }

  protected willUpdate(changed: PropertyValues<this>) {
    const otherFile = changed.has("file") && changed.get("file")?.id !== this.file?.id;
    const otherKey = changed.has("sealed") && changed.get("sealed")?.key !== this.sealed?.key;
    if (otherFile || otherKey) {
      this.drop();
      this.load = { state: "idle" };
      this.playing = false;
      this.size = (this.file && seenSizes.get(this.file.id)) ?? null;
    }
  }

  protected updated() {
    if (this.isConnected && this.kind === "image" && this.load.state === "idle") this.watch();
  }

  connectedCallback() {
    super.connectedCallback();
    if (this.hasUpdated && this.kind === "image" && this.load.state === "idle") this.watch();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.drop();
    this.load = { state: "idle" };
  }

  /** Loads an image preview once it nears the view (a long history holds many that are never looked at). */
  private watch() {
    if (this.observer) return;
    if (typeof IntersectionObserver === "undefined") return void this.fetch();
    this.observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        this.observer?.disconnect();
        this.observer = null;
        this.fetch();
      },
      { rootMargin: `${NEAR_PX}px 0px` },
    );
    this.observer.observe(this);
  }

  /** Holds this file's URL (downloading it if needed). */
  private fetch(): Promise<string | null> {
    const file = this.file;
    const source = this.source;
    if (!file || !source || this.load.state === "undecryptable") return Promise.resolve(null);
    if (this.load.state === "ready") return Promise.resolve(this.load.url);
    if (this.held?.id !== file.id) {
      this.drop();
      const held = (this.held = { id: file.id, sealed: this.sealed ?? undefined });
      this.load = { state: "loading" };
      return source.acquire(held.id, held.sealed).then(
        (url) => {
          if (this.held !== held) return null;
          this.load = { state: "ready", url };
          return url;
        },
        (e: unknown) => {
          if (this.held !== held) return null;
          this.held = null;
          this.load = { state: (e as { code?: unknown } | null)?.code === "undecryptable" ? "undecryptable" : "error" };
          return null;
        },
      );
    }
    return Promise.resolve(null);
  }

  private drop() {
    this.observer?.disconnect();
    this.observer = null;
    if (this.held) this.source?.release(this.held.id, this.held.sealed);
    this.held = null;
  }

  render() {
    const f = this.file;
    if (!f) return nothing;
    if (this.load.state === "undecryptable") return this.renderUndecryptable(f);
    switch (this.kind) {
      case "image":
        return this.renderImage(f);
      case "video":
      case "audio":
        return this.renderMedia(f, this.kind);
      case "encrypted":
        return this.renderUndecryptable(f);
      default:
        return this.renderCard(f);
    }
  }

  /** A file of an encrypted message that cannot be shown: its bytes did not decrypt, or its key is missing. */
  private renderUndecryptable(f: FileView) {
    const name = this.sealed ? f.name : "Encrypted file";
    return html`<div
      class="card"
      data-testid="attachment"
      data-kind="undecryptable"
      title="This file doesn't match the key its message gave: it was altered, or sent by a client that didn't encrypt it for this conversation."
    >
      ${icons.lock()}
      <div class="meta"><span class="name" title=${name}>${name}</span><span class="sub error">Can't decrypt this file</span></div>
    </div>`;
  }

  private renderImage(f: FileView) {
    const box = this.size ? fitWithin(this.size.width, this.size.height) : PLACEHOLDER;
    const l = this.load;
    return html`<button
        class="preview"
        data-testid="attachment"
        data-kind="image"
        style="width:${box.width}px;aspect-ratio:${box.width} / ${box.height}"
        aria-label=${`Open image ${f.name}`}
        ?disabled=${l.state !== "ready"}
        @click=${() => (this.viewing = true)}
      >
        ${l.state === "ready"
          ? html`<img src=${l.url} alt=${f.name} @load=${this.onImageLoad} />`
          : l.state === "error"
            ? html`<span class="ph">${icons.alert()}&nbsp;Couldn't load ${f.name}</span>`
            : html`<span class="ph" aria-busy="true"><span class="spinner" aria-hidden="true"></span></span>`}
      </button>
      ${l.state === "error" ? html`<button class="link-btn" @click=${this.retry}>Try again</button>` : nothing}
      ${l.state === "ready" && this.viewing
        ? html`<hearth-lightbox open .src=${l.url} .name=${f.name} @dialog-close=${(e: Event) => (e.stopPropagation(), (this.viewing = false))}></hearth-lightbox>`
        : nothing}`;
  }

  private onImageLoad(e: Event) {
    const img = e.target as HTMLImageElement;
    const size = { width: img.naturalWidth, height: img.naturalHeight };
    if (!this.file || !size.width || !size.height) return;
    seenSizes.delete(this.file.id);
    seenSizes.set(this.file.id, size);
    if (seenSizes.size > SIZES_KEPT) seenSizes.delete(seenSizes.keys().next().value!);
    if (this.size?.width !== size.width || this.size?.height !== size.height) {
      this.size = size;
      void this.updateComplete.then(() => emit(this, "attachment-resized", undefined));
    }
  }

  private renderMedia(f: FileView, kind: "video" | "audio") {
    const l = this.load;
    if (this.playing && l.state === "ready") {
      return html`<div class="media" data-testid="attachment" data-kind=${kind}>
        ${kind === "video"
          ? html`<video controls autoplay preload="metadata" src=${l.url} aria-label=${f.name} @loadedmetadata=${() => emit(this, "attachment-resized", undefined)}></video>`
          : html`<div class="card">${icons.volume()}<div class="meta"><span class="name" title=${f.name}>${f.name}</span><span class="sub">${formatBytes(f.size)}</span></div>${this.downloadButton(f)}</div>
              <audio controls autoplay src=${l.url} aria-label=${f.name}></audio>`}
      </div>`;
    }
    return html`<div class="card" data-testid="attachment" data-kind=${kind}>
      ${kind === "video" ? icons.play() : icons.volume()}
      <div class="meta">
        <span class="name" title=${f.name}>${f.name}</span>
        <span class="sub ${l.state === "error" ? "error" : ""}">${l.state === "error" ? "Couldn't load it." : formatBytes(f.size)}</span>
      </div>
      <span>
        <button class="btn small secondary" aria-label=${`Play ${f.name}`} ?disabled=${l.state === "loading"} @click=${this.play}>
          ${l.state === "loading" ? html`<span class="spinner" aria-hidden="true"></span>` : icons.play()} Play
        </button>
        ${this.downloadButton(f)}
      </span>
    </div>`;
  }

  private renderCard(f: FileView) {
    const l = this.load;
    return html`<div class="card" data-testid="attachment" data-kind="file">
      ${icons.file()}
      <div class="meta">
        <span class="name" title=${f.name}>${f.name}</span>
        <span class="sub ${l.state === "error" ? "error" : ""}" role=${l.state === "error" ? "alert" : nothing}>${l.state === "error" ? "The download failed. Try again." : formatBytes(f.size)}</span>
      </div>
      ${this.downloadButton(f)}
    </div>`;
  }

  private downloadButton(f: FileView) {
    const busy = this.load.state === "loading" && !this.playing;
    return html`<button class="icon-btn" aria-label=${`Download ${f.name}`} title="Download" ?disabled=${busy} @click=${this.download}>
      ${busy ? html`<span class="spinner" aria-hidden="true"></span>` : icons.download()}
    </button>`;
  }

  private async play() {
    this.playing = true;
    await this.fetch();
    await this.updateComplete;
    emit(this, "attachment-resized", undefined);
  }

  private retry() {
    this.load = { state: "idle" };
    void this.fetch();
  }

  /** Saves the file under its own name: its bytes come through the Api, then a link with `download` saves them. */
  private async download() {
    const f = this.file;
    if (!f || this.saving) return;
    this.saving = true;
    const url = await this.fetch();
    this.saving = false;
    if (!url) return;
    const a = document.createElement("a");
    a.href = url;
    a.download = f.name;
    a.rel = "noopener";
    a.style.display = "none";
    this.renderRoot.appendChild(a);
    a.click();
    a.remove();
  }
}
customElements.define("hearth-attachment", HearthAttachment);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-attachment": HearthAttachment;
  }
}
