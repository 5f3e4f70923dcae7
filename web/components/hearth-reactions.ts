import { LitElement, css, html } from "lit";
import type { ReactionSummary } from "../../protocol/frames.ts";
import type { ReactorsList } from "../../protocol/message-lists.ts";
import { emit } from "../events.ts";
import { customEmojiOf, loadEmoji, shortcodeFor } from "../render/emoji.ts";
import { reactorsSentence } from "../state/message-lists.ts";
import type { Async } from "../state/store.ts";
import { shared } from "../styles/shared.ts";

/** How long a touch must hold a reaction chip to show who reacted (the platform's usual long-press time). */
const LONG_PRESS_MS = 450;

/** A reaction as shown on its chip: the emoji, or a community emoji's picture. */
function reactionFace(emoji: string) {
  const custom = customEmojiOf(emoji);
  return custom ? html`<img class="custom" src=${custom.url} alt="" />` : emoji;
}

/**
 * A message's reaction chips: emoji and count, pressed when the reader reacted. Pointing at a chip, focusing it or
 * (on touch) holding it shows "Alice, Bob and 3 others reacted with :tada:", asking for the list on first use.
 * Properties: `messageId`, `reactions`, `reactors` (emoji → who reacted, as loaded), `canReact`.
 * Events: `message-react` { messageId, emoji, add }, `reaction-who` { messageId, emoji, count }.
 */
export class HearthReactions extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        display: block;
      }
      .reactions {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
        margin-top: 4px;
      }
      .reaction img.custom {
        height: 18px;
        width: auto;
        max-width: 36px;
      }
      .reaction {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        height: 26px;
        padding: 0 8px;
        border-radius: 8px;
        border: 1px solid var(--border);
        background: var(--bg-input);
        cursor: pointer;
        font-size: 0.9rem;
      }
      .reaction.me {
        border-color: var(--accent);
        background: color-mix(in srgb, var(--accent) 18%, var(--bg-input));
      }
      .chip {
        position: relative;
      }
      .tip {
        position: absolute;
        bottom: calc(100% + 6px);
        /* Chips start at the message's left edge: a tooltip aligned to the chip's start cannot leave the pane there. */
        left: 0;
        z-index: 3;
        width: max-content;
        max-width: 240px;
        padding: 6px 10px;
        border-radius: var(--radius-s);
        background: var(--fg);
        color: var(--bg-main);
        font-size: 0.8rem;
        font-weight: 500;
        line-height: 1.35;
        box-shadow: var(--shadow);
        pointer-events: none;
      }
      /* Hidden but still read as the chip's description (aria-describedby). */
      .tip.hidden {
        width: 1px;
        height: 1px;
        padding: 0;
        overflow: hidden;
        clip-path: inset(50%);
        white-space: nowrap;
        box-shadow: none;
      }
      .reaction .n {
        font-size: 0.8rem;
        font-weight: 700;
        color: var(--fg);
      }
    `,
  ];
  static properties = {
    messageId: {},
    reactions: { attribute: false },
    reactors: { attribute: false },
    canReact: { type: Boolean },
    tip: { state: true },
  };
  declare messageId: string;
  declare reactions: ReactionSummary[];
  declare reactors: ReadonlyMap<string, Async<ReactorsList>> | null;
  declare canReact: boolean;
  /** The emoji whose "who reacted" tooltip is showing. */
  declare tip: string | null;
  private pressTimer: ReturnType<typeof setTimeout> | null = null;
  private longPressed = false;

  constructor() {
    super();
    this.messageId = "";
    this.reactions = [];
    this.reactors = null;
    this.canReact = false;
    this.tip = null;
  }

  render() {
    return html`<div class="reactions">
      ${this.reactions.map((r) => {
        const list = this.reactors?.get(r.emoji);
        const loaded = list && "value" in list ? list.value : undefined;
        const who = reactorsSentence(loaded, r.count, shortcodeFor(r.emoji), (u) => u.displayName);
        const tipId = `tip-${[...r.emoji].map((c) => c.codePointAt(0)!.toString(16)).join("-")}`;
        return html`<span class="chip">
          <button
            class="reaction ${r.me ? "me" : ""}"
            aria-pressed=${r.me ? "true" : "false"}
            aria-label="${customEmojiOf(r.emoji) ? shortcodeFor(r.emoji) : r.emoji} ${r.count}"
            aria-describedby=${tipId}
            ?disabled=${!this.canReact && !r.me}
            @click=${() => this.onChipClick(r.emoji, r.me)}
            @mouseenter=${() => this.showTip(r.emoji, r.count)}
            @mouseleave=${() => (this.tip = null)}
            @focus=${() => this.showTip(r.emoji, r.count)}
            @blur=${() => (this.tip = null)}
            @pointerdown=${(e: PointerEvent) => this.onChipPress(e, r.emoji, r.count)}
            @pointerup=${this.endPress}
            @pointercancel=${this.endPress}
            @contextmenu=${(e: Event) => this.longPressed && e.preventDefault()}
          >
            <span aria-hidden="true">${reactionFace(r.emoji)}</span><span class="n" aria-hidden="true">${r.count}</span>
          </button>
          <span class="tip ${this.tip === r.emoji ? "" : "hidden"}" role="tooltip" id=${tipId} data-testid="reaction-tip">${who}</span>
        </span>`;
      })}
    </div>`;
  }

  protected updated() {
    // A reaction event dropped the list while its tooltip shows: ask again, so the names follow the count.
    const r = this.tip ? this.reactions.find((x) => x.emoji === this.tip) : undefined;
    if (r && !this.reactors?.get(r.emoji)) emit(this, "reaction-who", { messageId: this.messageId, emoji: r.emoji, count: r.count });
  }

  private showTip(emoji: string, count: number) {
    this.tip = emoji;
    emit(this, "reaction-who", { messageId: this.messageId, emoji, count });
    // The tooltip names the emoji by its shortcode (":tada:"), from the lazily loaded emoji data.
    void loadEmoji().then(() => this.requestUpdate());
  }

  /** On touch, holding a chip shows who reacted instead of toggling the reaction. */
  private onChipPress(e: PointerEvent, emoji: string, count: number) {
    if (e.pointerType !== "touch") return;
    this.longPressed = false;
    this.pressTimer = setTimeout(() => {
      this.longPressed = true;
      this.showTip(emoji, count);
      setTimeout(() => this.tip === emoji && (this.tip = null), 2500);
    }, LONG_PRESS_MS);
  }

  private endPress = () => {
    if (this.pressTimer) clearTimeout(this.pressTimer);
    this.pressTimer = null;
  };

  private onChipClick(emoji: string, me: boolean) {
    if (this.longPressed) {
      this.longPressed = false;
      return;
    }
    emit(this, "message-react", { messageId: this.messageId, emoji, add: !me });
  }
}
customElements.define("hearth-reactions", HearthReactions);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-reactions": HearthReactions;
  }
}
