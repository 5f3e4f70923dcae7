import { LitElement, css, html, nothing } from "lit";
import type { EmbedView } from "../../protocol/embeds.ts";
import { emit } from "../events.ts";
import { fitWithin, PREVIEW_MAX } from "../render/file-format.ts";
import { icons } from "../styles/icons.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-lightbox.ts";

/** A page's image at least this wide shows large under the card's text; a narrower one as a thumbnail beside it. */
const LARGE_IMAGE_MIN_WIDTH = 400;
/** The box an image link takes until its picture is in (its size is not known before). */
const PLACEHOLDER = { width: 240, height: 135 } as const;
/**
 * Picture sizes seen this page, by link: a preview drawn again (scrolled back, the channel reopened) takes its size
 * at once instead of the placeholder's. Bounded; the oldest are forgotten first.
 */
const seenSizes = new Map<string, { width: number; height: number }>();
const SIZES_KEPT = 1000;

/** The last part of a link's path ("cat.gif"), to name its picture. */
function fileName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split("/").filter(Boolean).pop() ?? "") || new URL(url).hostname;
  } catch {
    return "image";
  }
}

/**
 * One link preview under a message (docs/api/embeds.md). A page (`kind: "link"`) is a card: an edge in the page's
 * theme colour, its site, its title as a link, its description (clamped to four lines) and its image, large under the
 * text when it is at least 400 px wide, else a thumbnail at the right. A picture (`kind: "image"`, a GIF say) shows
 * itself, at most 400×300, animated as it is. Pictures come through this server's image proxy (the URLs the server
 * gave) and open whole in the lightbox.
 * Properties: `embed` (EmbedView). Events: attachment-resized (it drew, or its picture took its real size).
 */
export class HearthEmbed extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        display: block;
        max-width: 100%;
      }
      .card {
        display: grid;
        grid-template-columns: minmax(0, 1fr) auto;
        gap: var(--space-2) var(--space-3);
        box-sizing: border-box;
        width: 432px;
        max-width: 100%;
        padding: 10px 14px 12px 12px;
        border: 1px solid var(--border);
        border-left: 4px solid var(--edge, var(--fg-faint));
        border-radius: var(--radius-s);
        background: var(--bg-side);
      }
      .text {
        min-width: 0;
        display: flex;
        flex-direction: column;
        gap: 4px;
      }
      .site {
        font-size: 0.78rem;
        color: var(--fg-muted);
        overflow: hidden;
        white-space: nowrap;
        text-overflow: ellipsis;
      }
      .title {
        font-weight: 600;
        color: var(--link);
        overflow-wrap: anywhere;
      }
      .desc {
        margin: 0;
        font-size: 0.88rem;
        line-height: 1.4;
        color: var(--fg);
        overflow-wrap: anywhere;
        white-space: pre-line;
        display: -webkit-box;
        -webkit-box-orient: vertical;
        -webkit-line-clamp: 4;
        line-clamp: 4;
        overflow: hidden;
      }
      .pic {
        display: block;
        position: relative;
        padding: 0;
        border: 0;
        border-radius: var(--radius-s);
        background: var(--bg-input);
        overflow: hidden;
        cursor: zoom-in;
      }
      .pic img {
        display: block;
        width: 100%;
        height: 100%;
        object-fit: cover;
      }
      .thumb {
        width: 80px;
        height: 80px;
        align-self: start;
      }
      .large {
        grid-column: 1 / -1;
        width: 100%;
        max-height: 300px;
      }
      .image {
        max-width: 100%;
      }
      .image img {
        position: absolute;
        inset: 0;
        object-fit: contain;
      }
      .ph {
        position: absolute;
        inset: 0;
        display: flex;
        align-items: center;
        justify-content: center;
        color: var(--fg-muted);
        font-size: 0.85rem;
        gap: 6px;
      }
      .ph svg {
        width: 18px;
        height: 18px;
      }
    `,
  ];
  static properties = { embed: { attribute: false }, size: { state: true }, failed: { state: true }, viewing: { state: true } };
  declare embed: EmbedView | null;
  /** The picture's own size, once it loaded (image links). */
  declare size: { width: number; height: number } | null;
  /** The picture did not load (the proxy refused it, or it is gone). */
  declare failed: boolean;
  /** The lightbox is open. */
  declare viewing: boolean;

  constructor() {
    super();
    this.embed = null;
    this.size = null;
    this.failed = false;
    this.viewing = false;
  }

  protected willUpdate(changed: Map<string, unknown>) {
    if (changed.has("embed")) {
      this.size = (this.embed && seenSizes.get(this.embed.url)) ?? null;
      this.failed = false;
    }
  }

  protected firstUpdated() {
    emit(this, "attachment-resized", undefined);
  }

  render() {
    const e = this.embed;
    if (!e) return nothing;
    return html`${e.kind === "image" ? this.renderImage(e) : this.renderCard(e)}
    ${this.viewing && e.image
      ? html`<hearth-lightbox open .src=${e.image.url} .name=${e.title ?? fileName(e.url)} @dialog-close=${(ev: Event) => (ev.stopPropagation(), (this.viewing = false))}></hearth-lightbox>`
      : nothing}`;
  }

  private renderCard(e: EmbedView) {
    const img = e.image && !this.failed ? e.image : null;
    const large = !!img && (img.width ?? 0) >= LARGE_IMAGE_MIN_WIDTH;
    // A large image's box is known before it loads when the page gave its size, so nothing moves when it comes.
    const ratio = img?.width && img.height ? `aspect-ratio:${img.width} / ${img.height}` : "aspect-ratio:16 / 9";
    const name = e.title ?? e.siteName ?? fileName(e.url);
    return html`<article class="card" data-testid="embed" data-kind="link" style=${e.color && /^#[0-9a-f]{6}$/i.test(e.color) ? `--edge:${e.color}` : ""} aria-label=${`Link preview: ${name}`}>
      <div class="text">
        ${e.siteName ? html`<span class="site">${e.siteName}</span>` : nothing}
        ${e.title
          ? /^https?:\/\//i.test(e.url)
            ? html`<a class="title" href=${e.url} target="_blank" rel="noopener noreferrer" data-testid="embed-title">${e.title}</a>`
            : html`<strong class="title">${e.title}</strong>`
          : nothing}
        ${e.description ? html`<p class="desc" data-testid="embed-description">${e.description}</p>` : nothing}
      </div>
      ${img
        ? html`<button class="pic ${large ? "large" : "thumb"}" style=${large ? ratio : ""} aria-label=${`Open image from ${name}`} @click=${() => (this.viewing = true)}>
            <img src=${img.url} alt="" @load=${this.onLoad} @error=${this.onError} />
          </button>`
        : nothing}
    </article>`;
  }

  private renderImage(e: EmbedView) {
    const img = e.image;
    if (!img) return nothing;
    const box = this.size ? fitWithin(this.size.width, this.size.height, PREVIEW_MAX) : PLACEHOLDER;
    const name = fileName(e.url);
    return html`<button
      class="pic image"
      data-testid="embed"
      data-kind="image"
      style="width:${box.width}px;aspect-ratio:${box.width} / ${box.height}"
      aria-label=${`Open image ${name}`}
      ?disabled=${this.failed}
      @click=${() => (this.viewing = true)}
    >
      ${this.failed
        ? html`<span class="ph">${icons.alert()} Couldn't load ${name}</span>`
        : html`<img src=${img.url} alt=${name} @load=${this.onLoad} @error=${this.onError} />`}
    </button>`;
  }

  private onLoad(ev: Event) {
    const img = ev.target as HTMLImageElement;
    const e = this.embed;
    if (!e || !img.naturalWidth || !img.naturalHeight) return;
    if (e.kind === "image") {
      const size = { width: img.naturalWidth, height: img.naturalHeight };
      seenSizes.delete(e.url);
      seenSizes.set(e.url, size);
      if (seenSizes.size > SIZES_KEPT) seenSizes.delete(seenSizes.keys().next().value!);
      if (this.size?.width === size.width && this.size?.height === size.height) return;
      this.size = size;
    }
    void this.updateComplete.then(() => emit(this, "attachment-resized", undefined));
  }

  private onError() {
    this.failed = true;
    void this.updateComplete.then(() => emit(this, "attachment-resized", undefined));
  }
}
customElements.define("hearth-embed", HearthEmbed);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-embed": HearthEmbed;
  }
}
