import { describe, expect, it } from "vitest";
import { BlobCache, type ObjectUrls } from "./file-blobs.ts";

function setup(limits = { urls: 2, bytes: 1000 }) {
  let n = 0;
  const live = new Set<string>();
  const downloads: string[] = [];
  const urls: ObjectUrls = {
    create: () => {
      const u = `blob:${++n}`;
      live.add(u);
      return u;
    },
    revoke: (u) => live.delete(u),
  };
  const cache = new BlobCache(
    async (id) => {
      downloads.push(id);
      if (id === "broken") throw new Error("404");
      return new Blob([new Uint8Array(id === "big" ? 900 : 100)]);
    },
    urls,
    limits,
  );
  return { cache, live, downloads };
}

describe("BlobCache", () => {
  it("downloads a file once for every holder", async () => {
    const { cache, downloads } = setup();
    const [a, b] = await Promise.all([cache.acquire("f1"), cache.acquire("f1")]);
    expect(a).toBe(b);
    expect(downloads).toEqual(["f1"]);
  });

  it("keeps released URLs until more than the limit are idle, then revokes the least recently used", async () => {
    const { cache, live } = setup();
    const u1 = await cache.acquire("f1");
    const u2 = await cache.acquire("f2");
    const u3 = await cache.acquire("f3");
    cache.release("f1");
    cache.release("f2");
    expect(live.has(u1) && live.has(u2)).toBe(true);
    cache.release("f3");
    expect(live.has(u1)).toBe(false);
    expect(live.has(u2) && live.has(u3)).toBe(true);
  });

  it("never revokes a URL something still shows", async () => {
    const { cache, live } = setup({ urls: 0, bytes: 0 });
    const u1 = await cache.acquire("f1");
    await cache.acquire("f2");
    cache.release("f2");
    expect(live.has(u1)).toBe(true);
    expect(cache.peek("f2")).toBeUndefined();
  });

  it("evicts by bytes too", async () => {
    const { cache, live } = setup({ urls: 10, bytes: 950 });
    const small = await cache.acquire("f1");
    await cache.acquire("big");
    cache.release("f1");
    cache.release("big");
    expect(live.has(small)).toBe(false);
    expect(cache.peek("big")).toBeDefined();
  });

  it("forgets a failed download so the next attempt tries again", async () => {
    const { cache, downloads } = setup();
    await expect(cache.acquire("broken")).rejects.toThrow("404");
    await expect(cache.acquire("broken")).rejects.toThrow("404");
    expect(downloads).toEqual(["broken", "broken"]);
  });

  it("serves seeded bytes without downloading", async () => {
    const { cache, downloads } = setup();
    cache.seed("mine", new Blob(["x"]));
    expect(await cache.acquire("mine")).toMatch(/^blob:/);
    expect(downloads).toEqual([]);
  });

  it("revokes everything on clear", async () => {
    const { cache, live } = setup();
    await cache.acquire("f1");
    cache.seed("f2", new Blob(["x"]));
    cache.clear();
    expect(live.size).toBe(0);
  });
});
