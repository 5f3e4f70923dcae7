import { LitElement, css, html, nothing } from "lit";
import { emit } from "../events.ts";
import { formatBytes } from "../render/file-format.ts";
import type { Upload } from "../state/files.ts";
import { icons } from "../styles/icons.ts";
import { shared } from "../styles/shared.ts";

/**
 * The files waiting to go with the next message, above the composer's text: one tile each with a thumbnail (images)
 * or a file icon, the name and size, a progress bar while uploading, the reason when it failed (with Retry when
 * trying again may help), and a remove button. Scrolls sideways when the tiles do not fit.
 * Properties: `uploads` (Upload[]). Events: upload-remove, upload-retry ({ key }).
 */
export class HearthUploadTray extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        display: block;
        border-bottom: 1px solid var(--border);
      }
      ul {
        display: flex;
        gap: var(--space-2);
        margin: 0;
        padding: var(--space-2);
        list-style: none;
        overflow-x: auto;
      }
      li {
        position: relative;
        flex: none;
        display: grid;
        grid-template-columns: 40px minmax(0, 1fr) auto;
        align-items: center;
        gap: var(--space-2);
        width: 240px;
        padding: var(--space-2);
        border: 1px solid var(--border);
        border-radius: var(--radius);
        background: var(--bg-main);
      }
      li.error {
        border-color: var(--danger);
      }
      .thumb {
        width: 40px;
        height: 40px;
        border-radius: var(--radius-s);
        background: var(--bg-input);
        display: flex;
        align-items: center;
        justify-content: center;
        overflow: hidden;
        color: var(--fg-muted);
      }
      .thumb img {
        width: 100%;
        height: 100%;
        object-fit: cover;
      }
      .thumb svg {
        width: 22px;
        height: 22px;
      }
      .meta {
        min-width: 0;
        display: flex;
        flex-direction: column;
        gap: 2px;
        font-size: 0.85rem;
      }
      .name {
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
        color: var(--fg);
      }
      .size {
        color: var(--fg-muted);
        font-size: 0.75rem;
      }
      .bar {
        height: 4px;
        border-radius: 2px;
        background: var(--bg-active);
        overflow: hidden;
      }
      .bar > span {
        display: block;
        height: 100%;
        background: var(--accent);
        transition: width 150ms linear;
      }
      .why {
        color: var(--danger);
        font-size: 0.75rem;
        white-space: normal;
      }
      .why .link-btn {
        font-size: 0.75rem;
        margin-left: 4px;
      }
      .remove {
        width: 28px;
        height: 28px;
        align-self: start;
      }
      .remove svg {
        width: 16px;
        height: 16px;
      }
      @media (max-width: 600px) {
        li {
          width: 200px;
        }
      }
    `,
  ];
  static properties = { uploads: { attribute: false } };
  declare uploads: Upload[];

  constructor() {
    super();
    this.uploads = [];
  }

  render() {
    const uploading = this.uploads.filter((u) => u.state === "uploading").length;
    return html`<ul aria-label="Attachments" data-testid="upload-tray">
        ${this.uploads.map((u) => this.tile(u))}
      </ul>
      <span class="sr-only" role="status">${uploading ? `Uploading ${uploading} ${uploading === 1 ? "file" : "files"}` : ""}</span>`;
  }

  private tile(u: Upload) {
    const percent = Math.round(u.progress * 100);
    return html`<li class=${u.state} data-testid="upload" data-state=${u.state} aria-label=${u.name}>
      <span class="thumb">${u.thumb ? html`<img src=${u.thumb} alt="" />` : icons.file()}</span>
      <span class="meta">
        <span class="name" title=${u.name}>${u.name}</span>
        ${u.state === "uploading"
          ? html`<span class="bar" role="progressbar" aria-label=${`Uploading ${u.name}`} aria-valuemin="0" aria-valuemax="100" aria-valuenow=${percent}><span style="width:${percent}%"></span></span>
              <span class="size">${formatBytes(u.size)} · ${percent}%</span>`
          : u.state === "error"
            ? html`<span class="why" role="alert" data-testid="upload-error">${u.error}${u.canRetry ? html`<button class="link-btn" @click=${() => emit(this, "upload-retry", { key: u.key })}>Retry</button>` : nothing}</span>`
            : html`<span class="size">${formatBytes(u.size)}</span>`}
      </span>
      <button class="icon-btn remove" aria-label=${`Remove ${u.name}`} title="Remove" @click=${() => emit(this, "upload-remove", { key: u.key })}>${icons.close()}</button>
    </li>`;
  }
}
customElements.define("hearth-upload-tray", HearthUploadTray);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-upload-tray": HearthUploadTray;
  }
}
