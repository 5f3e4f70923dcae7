/**
 * Link previews as the web client keeps them (docs/api/embeds.md): one entry per link, shared by every message
 * that carries it, asked for once at a time (GET /embeds?url=), kept for the session and bounded. Which links of a
 * message get a preview at all is `previewLinks`; the conversation decides the rest (no previews in an end-to-end
 * encrypted one: asking would tell the server the link, so its list is handed no source at all).
 */
import { embeddableLinks, type EmbedView } from "../../protocol/embeds.ts";
import type { MessageView } from "../../protocol/frames.ts";
import type { Api } from "./api.ts";
import type { InstanceInfo } from "./auth.ts";
import type { Async } from "./store.ts";

/** A link's preview: `ready` with null means the server has nothing to show for it (or previews are off). */
export type Preview = Async<EmbedView | null>;

/** What a message row needs of the previews: the store below, or a fake in tests. */
export interface EmbedSource {
  /** What is known of `url`'s preview now. */
  state(url: string): Preview;
  /** Asks for `url`'s preview unless it is known or on its way (or failed moments ago). */
  load(url: string): void;
  /** Calls `fn` whenever `url`'s preview changes; returns the unsubscribe. */
  watch(url: string, fn: () => void): () => void;
}

/** Previews kept in memory: well over what a 400-message window shows, so scrolling back never asks again. */
const PREVIEWS_KEPT = 1000;
/** A request that failed (offline, a 5xx) is made again when the link is next shown, but not sooner than this. */
const RETRY_AFTER_MS = 15_000;

const IDLE: Preview = { state: "idle" };

/**
 * The links of a message that get previews (the first three, not in code or `<…>`): none for an encrypted or
 * deleted message, a poll (its text is the question, shown inside the poll), or one sent without EMBED_LINKS.
 */
export function previewLinks(m: Pick<MessageView, "content" | "envelope" | "deletedAt" | "suppressEmbeds" | "poll"> & { e2ee?: string }): string[] {
  if (m.envelope || m.e2ee || m.deletedAt || m.suppressEmbeds || m.poll || !m.content) return [];
  return embeddableLinks(m.content);
}

/**
 * Whether a message's text is its image link and nothing else: its picture then stands for it and the address is
 * not shown (as Discord does for a GIF), once the preview turned out to be an image.
 */
export function isBareImageLink(content: string | null, links: readonly string[], preview: Preview): boolean {
  return links.length === 1 && content?.trim() === links[0] && preview.state === "ready" && preview.value?.kind === "image";
}

export class EmbedsStore implements EmbedSource {
  private readonly entries = new Map<string, Preview>();
  private readonly failedAt = new Map<string, number>();
  private readonly watchers = new Map<string, Set<() => void>>();

  constructor(
    private readonly api: Pick<Api, "get">,
    /** The instance's settings (GET /instance, loaded once): `linkPreviews: false` means never ask. */
    private readonly instance: () => Promise<Pick<InstanceInfo, "linkPreviews">>,
    private readonly now: () => number = Date.now,
  ) {}

  state(url: string): Preview {
    return this.entries.get(url) ?? IDLE;
  }

  load(url: string): void {
    const s = this.state(url);
    if (s.state === "loading" || s.state === "ready") return;
    if (s.state === "error" && this.now() - (this.failedAt.get(url) ?? 0) < RETRY_AFTER_MS) return;
    this.set(url, { state: "loading" });
    void this.fetch(url).then(
      (embed) => this.set(url, { state: "ready", value: embed }),
      (error: unknown) => {
        this.failedAt.set(url, this.now());
        this.set(url, { state: "error", error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
  }

  watch(url: string, fn: () => void): () => void {
    let set = this.watchers.get(url);
    if (!set) this.watchers.set(url, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
      if (!set.size && this.watchers.get(url) === set) this.watchers.delete(url);
    };
  }

  /** Drops everything (another account signed in). */
  forget(): void {
    this.entries.clear();
    this.failedAt.clear();
  }

  private async fetch(url: string): Promise<EmbedView | null> {
    if ((await this.instance()).linkPreviews === false) return null;
    const res = await this.api.get<{ embed: EmbedView | null }>(`/api/v1/embeds?url=${encodeURIComponent(url)}`);
    return res.embed;
  }

  private set(url: string, p: Preview) {
    // Re-inserted so the map's order is least recently changed first, which is what goes when it is full.
    this.entries.delete(url);
    this.entries.set(url, p);
    if (this.entries.size > PREVIEWS_KEPT) {
      const oldest = this.entries.keys().next().value!;
      this.entries.delete(oldest);
      this.failedAt.delete(oldest);
    }
    for (const fn of [...(this.watchers.get(url) ?? [])]) fn();
  }
}
