/**
 * GIF search for the composer's picker (GET /gifs, docs/api/embeds.md): trending for a blank query, else the
 * search. Answers are kept by query for the session (bounded), so typing back to an earlier query shows it at once,
 * and only the newest query's answer is shown: one that arrives after the person typed on is kept but not shown.
 */
import type { GifView } from "../../protocol/embeds.ts";
import { MAX_GIF_QUERY_CHARS } from "../../protocol/embeds.ts";
import { ApiError, type Api } from "./api.ts";
import { Notifier, type Async } from "./store.ts";

/** Results asked for per query: a few rows of the picker's two columns, enough to scroll a little. */
export const GIFS_PER_QUERY = 24;
/** Queries whose answers are kept; the oldest go first. */
const QUERIES_KEPT = 30;

/** The query as sent: trimmed, spaces collapsed, at most MAX_GIF_QUERY_CHARS ("" asks for trending). */
export function gifQuery(text: string): string {
  return text.trim().replace(/\s+/g, " ").slice(0, MAX_GIF_QUERY_CHARS);
}

/** What the picker says when the search fails, by the server's code. */
export function gifSearchError(e: unknown): string {
  if (e instanceof ApiError && e.code === "service_unavailable") return "GIF search isn't answering right now. Try again in a moment.";
  if (e instanceof ApiError && e.code === "network_error") return "Can't reach the server. Check your connection and try again.";
  return "Couldn't load GIFs. Try again.";
}

export class GifSearch extends Notifier {
  /** The query shown (as sent) and its results. */
  query = "";
  results: Async<GifView[]> = { state: "idle" };
  private readonly answers = new Map<string, GifView[]>();

  constructor(private readonly api: Pick<Api, "get">) {
    super();
  }

  /** Shows `text`'s results: at once when they are kept, else after asking (a failed search is asked again). */
  async search(text: string): Promise<void> {
    const q = gifQuery(text);
    this.query = q;
    const kept = this.answers.get(q);
    if (kept) {
      this.results = { state: "ready", value: kept };
      return this.changed();
    }
    this.results = { state: "loading" };
    this.changed();
    const params = new URLSearchParams({ limit: String(GIFS_PER_QUERY) });
    if (q) params.set("q", q);
    try {
      const { gifs } = await this.api.get<{ gifs: GifView[] }>(`/api/v1/gifs?${params}`);
      this.answers.delete(q);
      this.answers.set(q, gifs);
      if (this.answers.size > QUERIES_KEPT) this.answers.delete(this.answers.keys().next().value!);
      if (this.query !== q) return;
      this.results = { state: "ready", value: gifs };
    } catch (error) {
      if (this.query !== q) return;
      this.results = { state: "error", error: new Error(gifSearchError(error)) };
    }
    this.changed();
  }

  /** Drops what was found (another account signed in). */
  forget(): void {
    this.answers.clear();
    this.query = "";
    this.results = { state: "idle" };
    this.changed();
  }
}
