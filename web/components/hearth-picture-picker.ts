import { LitElement, css, html } from "lit";
import { emit } from "../events.ts";
import { IMAGE_TYPES, pictureRefusal } from "../state/image-prep.ts";
import { shared } from "../styles/shared.ts";

/** What the server takes (docs/api/images.md); only a GIF goes up unchanged, so only a GIF can be refused for it. */
const MAX_PICTURE_BYTES = 4 * 1024 * 1024;

/**
 * Upload and Remove buttons for a picture (profile picture, community icon or banner). Checks the chosen file's
 * type, says why a file cannot be used, and shows "Uploading…" while `busy`.
 * Properties: `what` (e.g. "picture", "icon"), `has` (one is set), `busy`, `disabled`.
 * Events: `picture-chosen { file }`, `picture-remove`.
 */
export class HearthPicturePicker extends LitElement {
  static styles = [
    shared,
    css`
      .row {
        display: flex;
        gap: var(--space-2);
        flex-wrap: wrap;
        align-items: center;
      }
      label {
        position: relative;
      }
      label:focus-within {
        box-shadow: var(--focus);
      }
      input {
        position: absolute;
        inset: 0;
        width: 1px;
        height: 1px;
        opacity: 0;
      }
      .alert {
        margin-top: var(--space-2);
      }
    `,
  ];
  static properties = { what: {}, has: { type: Boolean }, busy: { type: Boolean }, disabled: { type: Boolean }, refusal: { state: true } };
  declare what: string;
  declare has: boolean;
  declare busy: boolean;
  declare disabled: boolean;
  declare refusal: string;

  constructor() {
    super();
    this.what = "picture";
    this.has = false;
    this.busy = false;
    this.disabled = false;
    this.refusal = "";
  }

  render() {
    const off = this.busy || this.disabled;
    return html`<div class="row">
        <label class="btn secondary small" aria-disabled=${off ? "true" : "false"}>
          ${this.busy ? "Uploading…" : this.has ? `Change ${this.what}` : `Upload ${this.what}`}
          <input type="file" accept=${IMAGE_TYPES.join(",")} ?disabled=${off} @change=${this.pick} aria-label=${`Choose ${/^[aeiou]/i.test(this.what) ? "an" : "a"} ${this.what}`} />
        </label>
        ${this.has ? html`<button class="btn ghost small" type="button" ?disabled=${off} @click=${() => emit(this, "picture-remove", undefined)}>Remove ${this.what}</button>` : null}
      </div>
      ${this.refusal ? html`<div class="alert" role="alert">${this.refusal}</div>` : null}`;
  }

  private pick(e: Event) {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    this.refusal = pictureRefusal(file, MAX_PICTURE_BYTES) ?? "";
    if (!this.refusal) emit(this, "picture-chosen", { file });
  }
}
customElements.define("hearth-picture-picker", HearthPicturePicker);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-picture-picker": HearthPicturePicker;
  }
}
