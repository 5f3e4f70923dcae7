import { describe, expect, it } from "vitest";
import type { GifView } from "../../protocol/embeds.ts";
import { ApiError } from "./api.ts";
import { gifQuery, GifSearch, gifSearchError } from "./gifs.ts";

const gif = (id: string): GifView => ({ id, title: `${id} gif`, url: `https://media.example/${id}.gif`, preview: `/api/v1/embeds/image?u=${id}&s=x`, width: 200, height: 100 });

function fakeApi() {
  const asked: { path: string; resolve: (v: { gifs: GifView[] }) => void; reject: (e: unknown) => void }[] = [];
  const api = { get: <T>(path: string) => new Promise<T>((resolve, reject) => asked.push({ path, resolve: resolve as never, reject })) };
  return { api, asked };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe("gifQuery", () => {
  it("trims, collapses spaces and caps the length", () => {
    expect(gifQuery("  happy   cat ")).toBe("happy cat");
    expect(gifQuery("x".repeat(300))).toHaveLength(100);
  });
});

describe("GifSearch", () => {
  it("asks for trending when the query is blank, and for the search otherwise", async () => {
    const { api, asked } = fakeApi();
    const s = new GifSearch(api);
    void s.search("  ");
    void s.search("happy cat");
    expect(asked.map((a) => a.path)).toEqual(["/api/v1/gifs?limit=24", "/api/v1/gifs?limit=24&q=happy+cat"]);
  });

  it("shows only the newest query's answer, and keeps earlier answers for when the person types back", async () => {
    const { api, asked } = fakeApi();
    const s = new GifSearch(api);
    const first = s.search("cat");
    const second = s.search("dog");
    asked[1].resolve({ gifs: [gif("dog")] });
    await second;
    asked[0].resolve({ gifs: [gif("cat")] });
    await first;
    expect(s.query).toBe("dog");
    expect(s.results).toEqual({ state: "ready", value: [gif("dog")] });
    await s.search("cat");
    expect(asked).toHaveLength(2);
    expect(s.results).toEqual({ state: "ready", value: [gif("cat")] });
  });

  it("says why a search failed, and asks again next time", async () => {
    const { api, asked } = fakeApi();
    const s = new GifSearch(api);
    const p = s.search("cat");
    asked[0].reject(new ApiError(503, "service_unavailable", "x"));
    await p;
    expect(s.results.state).toBe("error");
    expect(s.results.state === "error" && s.results.error.message).toMatch(/isn't answering/);
    void s.search("cat");
    await settle();
    expect(asked).toHaveLength(2);
  });

  it("words errors by code", () => {
    expect(gifSearchError(new ApiError(0, "network_error", "x"))).toMatch(/connection/);
    expect(gifSearchError(new Error("boom"))).toBe("Couldn't load GIFs. Try again.");
  });
});
