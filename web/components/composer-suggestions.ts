/**
 * The composer's autocomplete (hearth-composer): `@name` offers people, `:text` the community's own emoji and then
 * Unicode ones; arrows move, Enter or Tab takes one, Escape closes. Holds the list and where the typed token sits;
 * the composer draws `render()` above its box and passes its textarea's keys to `onKey`.
 */
import { html, type LitElement, type ReactiveController } from "lit";
import type { CustomEmoji } from "../../protocol/emoji.ts";
import { emit } from "../events.ts";
import { loadEmoji, searchEmoji } from "../render/emoji.ts";
import type { UserRef } from "../state/members.ts";

type Suggestion = { kind: "user"; user: UserRef } | { kind: "emoji"; code: string; emoji: string } | { kind: "custom"; emoji: CustomEmoji };

export interface SuggestionSource {
  textarea(): HTMLTextAreaElement | null;
  people(): UserRef[];
  customEmoji(): CustomEmoji[];
}

export class ComposerSuggestions implements ReactiveController {
  list: Suggestion[] = [];
  active = 0;
  private token: { start: number; end: number } | null = null;

  constructor(
    private readonly host: LitElement,
    private readonly source: SuggestionSource,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  get open(): boolean {
    return this.list.length > 0;
  }

  private set(list: Suggestion[]): void {
    this.list = list;
    this.active = 0;
    this.host.requestUpdate();
  }

  close = (): void => {
    this.token = null;
    this.set([]);
  };

  /** After each keystroke: what the word before the caret asks for. */
  update(): void {
    const ta = this.source.textarea();
    if (!ta) return;
    const before = ta.value.slice(0, ta.selectionStart);
    const mention = /(^|\s)@([\w.]{0,32})$/.exec(before);
    const emoji = /(^|\s):([a-z0-9_+-]{2,32})$/i.exec(before);
    if (mention) {
      const q = mention[2].toLowerCase();
      this.token = { start: before.length - q.length - 1, end: ta.selectionStart };
      this.set(
        this.source
          .people()
          .filter((p) => p.username.toLowerCase().startsWith(q) || p.displayName.toLowerCase().includes(q))
          .slice(0, 8)
          .map((user) => ({ kind: "user" as const, user })),
      );
    } else if (emoji) {
      const q = emoji[2].toLowerCase();
      this.token = { start: before.length - q.length - 1, end: ta.selectionStart };
      const found = searchEmoji(q);
      if (found.length === 0) void loadEmoji().then(() => this.update());
      const own = this.source
        .customEmoji()
        .filter((e) => e.name.includes(q))
        .map((e) => ({ kind: "custom" as const, emoji: e }));
      this.set([...own, ...found.map((e) => ({ kind: "emoji" as const, code: e.code, emoji: e.emoji }))].slice(0, 8));
    } else this.close();
  }

  /** The textarea's keys while the list is open; true when one was used here. */
  onKey(e: KeyboardEvent): boolean {
    if (!this.open) return false;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const n = this.list.length;
      this.active = (this.active + (e.key === "ArrowDown" ? 1 : n - 1)) % n;
      this.host.requestUpdate();
      return true;
    }
    if (e.key === "Enter" || e.key === "Tab") {
      e.preventDefault();
      this.accept(this.active);
      return true;
    }
    if (e.key === "Escape") {
      e.preventDefault();
      this.close();
      return true;
    }
    return false;
  }

  private accept(i: number): void {
    const s = this.list[i];
    const ta = this.source.textarea();
    if (!s || !ta || !this.token) return;
    const insert = s.kind === "user" ? `@${s.user.username} ` : s.kind === "custom" ? `:${s.emoji.name}: ` : `${s.emoji} `;
    ta.value = ta.value.slice(0, this.token.start) + insert + ta.value.slice(this.token.end);
    const caret = this.token.start + insert.length;
    ta.setSelectionRange(caret, caret);
    this.close();
    emit(this.host, "composer-draft", { text: ta.value });
    ta.focus();
  }

  render() {
    const isUser = this.list[0]?.kind === "user";
    return html`<ul class="suggest" id="suggest" role="listbox" aria-label=${isUser ? "Members" : "Emoji"}>
      <li class="title" role="presentation">${isUser ? "Members" : "Emoji matching"}</li>
      ${this.list.map(
        (s, i) => html`<li id="opt-${i}" role="option" aria-selected=${i === this.active ? "true" : "false"} @mousedown=${(e: Event) => (e.preventDefault(), this.accept(i))}>
          ${s.kind === "user"
            ? html`<strong>${s.user.displayName}</strong><span class="sub">@${s.user.username}</span>`
            : s.kind === "custom"
              ? html`<span class="emoji"><img class="custom" src=${s.emoji.url} alt="" /></span><span>:${s.emoji.name}:</span>`
              : html`<span class="emoji">${s.emoji}</span><span>:${s.code}:</span>`}
        </li>`,
      )}
    </ul>`;
  }
}
