import { LitElement, css, html, nothing } from "lit";
import { callIcons } from "../styles/call-icons.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-avatar.ts";

/**
 * One tile of a voice call: someone's camera or screen when there is one, else their avatar; their name, muted
 * and deafened icons, and a ring while they speak. Properties: `name`, `seed` (user id for the avatar colour),
 * `stream` (a MediaStream with a video track, or null), `kind` ("camera" | "screen"), booleans `mirrored` (one's own
 * camera), `you` (adds "(you)" to the name), `compact` (a
 * small tile: a smaller avatar), `speaking`, `muted`, `deafened`. No events. CSS part: `video`.
 */
export class HearthCallTile extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        display: block;
        position: relative;
        aspect-ratio: 16 / 9;
        border-radius: var(--radius);
        background: var(--bg-rail);
        overflow: hidden;
        outline: 3px solid transparent;
        outline-offset: -3px;
        transition: outline-color 120ms ease;
      }
      :host([speaking]) {
        outline-color: var(--success);
      }
      .center {
        position: absolute;
        inset: 0;
        display: grid;
        place-items: center;
      }
      :host([compact]) .center {
        padding-bottom: 20px;
      }
      video {
        position: absolute;
        inset: 0;
        width: 100%;
        height: 100%;
        object-fit: cover;
        background: #000;
      }
      :host([kind="screen"]) video {
        object-fit: contain;
      }
      video.mirrored {
        transform: scaleX(-1);
      }
      .name-tag {
        position: absolute;
        left: var(--space-2);
        bottom: var(--space-2);
        max-width: calc(100% - 16px);
        display: flex;
        align-items: center;
        gap: 4px;
        padding: 2px 8px;
        border-radius: var(--radius-s);
        background: rgba(0, 0, 0, 0.6);
        color: #fff;
        font-size: 0.85rem;
        font-weight: 600;
      }
      .name-tag span {
        overflow: hidden;
        white-space: nowrap;
        text-overflow: ellipsis;
      }
      .name-tag svg {
        flex: none;
        width: 16px;
        height: 16px;
        color: #ff8a8a;
      }
    `,
  ];
  static properties = {
    name: {},
    seed: {},
    stream: { attribute: false },
    kind: { reflect: true },
    mirrored: { type: Boolean },
    you: { type: Boolean },
    compact: { type: Boolean, reflect: true },
    speaking: { type: Boolean, reflect: true },
    muted: { type: Boolean },
    deafened: { type: Boolean },
  };
  declare name: string;
  declare seed: string;
  declare stream: MediaStream | null;
  declare kind: "camera" | "screen";
  declare mirrored: boolean;
  declare you: boolean;
  declare compact: boolean;
  declare speaking: boolean;
  declare muted: boolean;
  declare deafened: boolean;

  constructor() {
    super();
    this.name = "";
    this.seed = "";
    this.stream = null;
    this.kind = "camera";
    this.mirrored = false;
    this.you = false;
    this.compact = false;
    this.speaking = false;
    this.muted = false;
    this.deafened = false;
  }

  render() {
    const state = [this.muted ? "muted" : "", this.deafened ? "deafened" : "", this.speaking ? "speaking" : ""].filter(Boolean).join(", ");
    return html`${this.stream
        ? html`<video part="video" class=${this.mirrored ? "mirrored" : ""} autoplay playsinline muted aria-label=${this.kind === "screen" ? `${this.name}'s screen` : `${this.name}'s camera`}></video>`
        : html`<div class="center"><hearth-avatar .name=${this.name} .seed=${this.seed} size=${this.compact ? 40 : 72}></hearth-avatar></div>`}
      <div class="name-tag">
        <span>${this.kind === "screen" ? `${this.name}'s screen` : this.you ? `${this.name} (you)` : this.name}</span>
        ${this.kind === "camera" && this.muted ? html`<span data-icon="muted" title="Muted">${callIcons.micOff()}</span>` : nothing}
        ${this.kind === "camera" && this.deafened ? html`<span data-icon="deafened" title="Deafened">${callIcons.headphonesOff()}</span>` : nothing}
        ${state ? html`<span class="sr-only">(${state})</span>` : nothing}
      </div>`;
  }

  protected updated() {
    // Setting srcObject (even to the same stream) restarts loading, so only a different stream is assigned.
    const video = this.renderRoot.querySelector("video");
    if (video && video.srcObject !== this.stream) {
      video.srcObject = this.stream;
      void video.play().catch(() => {});
    }
  }
}
customElements.define("hearth-call-tile", HearthCallTile);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-call-tile": HearthCallTile;
  }
}
