import { describe, expect, it } from "vitest";
import type { EmbedView } from "../../protocol/embeds.ts";
import type { Envelope } from "../../protocol/frames.ts";
import { EmbedsStore, isBareImageLink, previewLinks, type Preview } from "./embeds.ts";

const plain = { content: "see https://example.com/a and https://example.com/b", envelope: null, deletedAt: null, poll: null };

function card(url: string, kind: "link" | "image" = "link"): EmbedView {
  return { url, kind, siteName: "Example", title: "A page", description: null, image: null, color: null };
}

/** An Api whose GET /embeds answers wait until the test settles them. */
function fakeApi() {
  const asked: { path: string; resolve: (v: { embed: EmbedView | null }) => void; reject: (e: unknown) => void }[] = [];
  const api = { get: <T>(path: string) => new Promise<T>((resolve, reject) => asked.push({ path, resolve: resolve as never, reject })) };
  return { api, asked };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("previewLinks", () => {
  it("previews the links of a plain message", () => {
    expect(previewLinks(plain)).toEqual(["https://example.com/a", "https://example.com/b"]);
  });

  it("previews nothing for an encrypted, deleted, suppressed or poll message", () => {
    expect(previewLinks({ ...plain, envelope: {} as Envelope })).toEqual([]);
    // An opened envelope's text is the decrypted one: still never previewed (the server would learn the link).
    expect(previewLinks({ ...plain, e2ee: "ok" })).toEqual([]);
    expect(previewLinks({ ...plain, deletedAt: "2024-01-01T00:00:00Z" })).toEqual([]);
    expect(previewLinks({ ...plain, suppressEmbeds: true })).toEqual([]);
    expect(previewLinks({ ...plain, poll: {} as never })).toEqual([]);
    expect(previewLinks({ ...plain, content: null })).toEqual([]);
  });

  it("leaves out links in code and in <…>", () => {
    expect(previewLinks({ ...plain, content: "`https://example.com/code` <https://example.com/quiet> https://example.com/yes" })).toEqual(["https://example.com/yes"]);
  });
});

describe("isBareImageLink", () => {
  const gif = "https://media.example/cat.gif";
  const ready = (kind: "link" | "image"): Preview => ({ state: "ready", value: card(gif, kind) });
  it("is true for a message that is only an image link whose preview is an image", () => {
    expect(isBareImageLink(` ${gif} `, [gif], ready("image"))).toBe(true);
  });
  it("keeps the text when there is more of it, the link is a page, or the preview is not in", () => {
    expect(isBareImageLink(`look ${gif}`, [gif], ready("image"))).toBe(false);
    expect(isBareImageLink(gif, [gif], ready("link"))).toBe(false);
    expect(isBareImageLink(gif, [gif], { state: "loading" })).toBe(false);
    expect(isBareImageLink(gif, [gif], { state: "ready", value: null })).toBe(false);
  });
});

describe("EmbedsStore", () => {
  it("asks once for a link however many messages show it, and tells every watcher", async () => {
    const { api, asked } = fakeApi();
    const store = new EmbedsStore(api, async () => ({ linkPreviews: true }));
    const url = "https://example.com/a";
    const seen: string[] = [];
    store.watch(url, () => seen.push(`one:${store.state(url).state}`));
    store.watch(url, () => seen.push(`two:${store.state(url).state}`));
    store.load(url);
    store.load(url);
    await settle();
    store.load(url);
    expect(asked.map((a) => a.path)).toEqual([`/api/v1/embeds?url=${encodeURIComponent(url)}`]);
    asked[0].resolve({ embed: card(url) });
    await settle();
    expect(store.state(url)).toEqual({ state: "ready", value: card(url) });
    expect(seen).toEqual(["one:loading", "two:loading", "one:ready", "two:ready"]);
    store.load(url);
    await settle();
    expect(asked).toHaveLength(1);
  });

  it("keeps 'nothing to show' as an answer, not asking again", async () => {
    const { api, asked } = fakeApi();
    const store = new EmbedsStore(api, async () => ({}));
    store.load("https://example.com/none");
    await settle();
    asked[0].resolve({ embed: null });
    await settle();
    expect(store.state("https://example.com/none")).toEqual({ state: "ready", value: null });
    store.load("https://example.com/none");
    await settle();
    expect(asked).toHaveLength(1);
  });

  it("never asks the server when the instance has previews off", async () => {
    const { api, asked } = fakeApi();
    const store = new EmbedsStore(api, async () => ({ linkPreviews: false }));
    store.load("https://example.com/a");
    await settle();
    expect(asked).toEqual([]);
    expect(store.state("https://example.com/a")).toEqual({ state: "ready", value: null });
  });

  it("asks again after a failure, but not at once", async () => {
    const { api, asked } = fakeApi();
    let now = 1_000_000;
    const store = new EmbedsStore(api, async () => ({ linkPreviews: true }), () => now);
    const url = "https://example.com/flaky";
    store.load(url);
    await settle();
    asked[0].reject(new Error("offline"));
    await settle();
    expect(store.state(url).state).toBe("error");
    store.load(url);
    await settle();
    expect(asked).toHaveLength(1);
    now += 20_000;
    store.load(url);
    await settle();
    expect(asked).toHaveLength(2);
    expect(store.state(url).state).toBe("loading");
  });

  it("stops telling a watcher once it unsubscribes, and forgets on sign-out", async () => {
    const { api, asked } = fakeApi();
    const store = new EmbedsStore(api, async () => ({ linkPreviews: true }));
    let calls = 0;
    const stop = store.watch("https://example.com/a", () => calls++);
    store.load("https://example.com/a");
    await settle();
    stop();
    asked[0].resolve({ embed: card("https://example.com/a") });
    await settle();
    expect(calls).toBe(1);
    store.forget();
    expect(store.state("https://example.com/a")).toEqual({ state: "idle" });
  });
});
