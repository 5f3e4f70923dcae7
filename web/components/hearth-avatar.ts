import { LitElement, css, html } from "lit";
import { avatars } from "../state/avatars.ts";
import { StoreController } from "../state/store.ts";

/**
 * A round avatar: the image when there is one, else initials on a colour derived from the id (stable per user).
 * Attributes: `name`, `seed` (usually the user id), `src` (optional image URL; without it, the picture the avatar
 * directory knows for `seed`), `size` (px, default 40). An image that fails to load falls back to initials.
 */
export class HearthAvatar extends LitElement {
  static styles = css`
    :host {
      display: inline-block;
      flex: none;
    }
    .av {
      display: grid;
      place-items: center;
      border-radius: 50%;
      overflow: hidden;
      color: #fff;
      font-weight: 700;
      user-select: none;
      text-transform: uppercase;
    }
    img {
      width: 100%;
      height: 100%;
      object-fit: cover;
    }
  `;
  static properties = { name: {}, seed: {}, src: {}, size: { type: Number } };
  declare name: string;
  declare seed: string;
  declare src: string | null;
  declare size: number;

  private failed: string | null = null;

  constructor() {
    super();
    new StoreController(this, () => [avatars]);
    this.name = "";
    this.seed = "";
    this.src = null;
    this.size = 40;
  }

  render() {
    const s = `${this.size}px`;
    const style = `width:${s};height:${s};font-size:${Math.round(this.size * 0.4)}px;background:${avatarColor(this.seed || this.name)}`;
    const src = this.src ?? avatars.get(this.seed);
    if (src && src !== this.failed) return html`<div class="av" style=${style}><img src=${src} alt="" @error=${() => ((this.failed = src), this.requestUpdate())} /></div>`;
    return html`<div class="av" style=${style} aria-hidden="true">${initials(this.name)}</div>`;
  }
}

/** Up to two initials from a display name ("Ada Lovelace" → "AL", "bob" → "B"). */
export function initials(name: string): string {
  const words = name.trim().split(/[\s._-]+/u).filter(Boolean);
  const chars = words.slice(0, 2).map((w) => [...w][0] ?? "");
  return chars.join("") || "?";
}

/** Dark enough fills that white initials keep 4.5:1 contrast. */
const COLORS = ["#3f51b5", "#0b7285", "#237032", "#c2410c", "#b02a5b", "#6d28d9", "#1864ab", "#8a4b08", "#5c6370", "#a61e4d"];

export function avatarColor(seed: string): string {
  let h = 0;
  for (let i = 0; i < seed.length; i++) h = (h * 31 + seed.charCodeAt(i)) >>> 0;
  return COLORS[h % COLORS.length];
}
customElements.define("hearth-avatar", HearthAvatar);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-avatar": HearthAvatar;
  }
}
