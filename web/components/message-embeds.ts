/**
 * A message row's link previews (docs/api/embeds.md), for hearth-message: which of its links get one
 * (`previewLinks`), asking for them once the row nears the view (a long history holds many links nobody scrolls
 * to), re-rendering the row as they arrive, and the cards (hearth-embed). Not an element: the row owns one and
 * renders `render()` under its text, laid out as its attachments are. A row given no source (an end-to-end
 * encrypted conversation) asks for nothing.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from "lit";
import { repeat } from "lit/directives/repeat.js";
import type { ChatMessage } from "../state/message-window.ts";
import { isBareImageLink, previewLinks, type EmbedSource } from "../state/embeds.ts";
import "./hearth-embed.ts";

/**
 * Ask for previews this far before the row scrolls into view, so they are usually in by the time it is seen. The
 * margin is taken around the message list's scroller (the row's `role="log"` ancestor), which would otherwise clip
 * it away: with the viewport as the root, a row hidden by the scroller never counts as near.
 */
const NEAR_PX = 600;

/** What the controller reads of its row. */
interface EmbedsHost extends ReactiveControllerHost, HTMLElement {
  message: ChatMessage | null;
  embeds: EmbedSource | null;
}

export class MessageEmbeds implements ReactiveController {
  private links: string[] = [];
  private source: EmbedSource | null = null;
  private unwatch: (() => void)[] = [];
  private observer: IntersectionObserver | null = null;
  /** The row has come near the view once: its links are asked for (and any an edit adds, at once). */
  private near = false;

  constructor(private readonly host: EmbedsHost) {
    host.addController(this);
  }

  /** Before each render: follow the message's links (an edit changes them) and the source (the conversation). */
  hostUpdate(): void {
    const m = this.host.message;
    const source = this.host.embeds;
    const links = source && m ? previewLinks(m) : [];
    if (source === this.source && links.join("\n") === this.links.join("\n")) return;
    this.stop();
    this.source = source;
    this.links = links;
    if (this.host.isConnected) this.start();
  }

  hostConnected(): void {
    this.start();
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** The message's text is one image link and its picture is in: the row shows the picture, not the address. */
  get hidesText(): boolean {
    const s = this.source;
    return !!s && this.links.length === 1 && isBareImageLink(this.host.message?.content ?? null, this.links, s.state(this.links[0]));
  }

  /** The cards of the previews that are in, in the order of the links. */
  render() {
    const s = this.source;
    if (!s || !this.links.length) return nothing;
    const shown = this.links.map((url) => s.state(url)).flatMap((p) => (p.state === "ready" && p.value ? [p.value] : []));
    if (!shown.length) return nothing;
    return html`<div class="attachments" data-testid="embeds">
      ${repeat(
        shown,
        (e) => e.url,
        (e) => html`<hearth-embed .embed=${e}></hearth-embed>`,
      )}
    </div>`;
  }

  /** Watches the links' previews, and asks for them now if the row has been near the view, else once it is. */
  private start() {
    const source = this.source;
    if (!source || !this.links.length) return;
    this.unwatch = this.links.map((url) => source.watch(url, () => this.host.requestUpdate()));
    if (this.near) this.loadAll();
    else this.observe();
  }

  private observe() {
    if (this.observer) return;
    if (typeof IntersectionObserver === "undefined") {
      this.near = true;
      return this.loadAll();
    }
    this.observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        this.observer?.disconnect();
        this.observer = null;
        this.near = true;
        this.loadAll();
      },
      { root: this.host.closest<HTMLElement>('[role="log"]'), rootMargin: `${NEAR_PX}px 0px` },
    );
    this.observer.observe(this.host);
  }

  private loadAll() {
    for (const url of this.links) this.source?.load(url);
  }

  private stop() {
    for (const u of this.unwatch) u();
    this.unwatch = [];
    this.observer?.disconnect();
    this.observer = null;
  }
}
