import { describe, expect, it } from "vitest";
import type { ReactorsList, SearchPage } from "../../protocol/message-lists.ts";
import type { Api } from "./api.ts";
import { reactorsSentence, SearchStore } from "./message-lists.ts";

const person = (name: string) => ({ id: name, username: name.toLowerCase(), displayName: name, isDeleted: false });
const list = (count: number, ...names: string[]): ReactorsList => ({ emoji: "🎉", count, users: names.map(person), hasMore: count > names.length });
const name = (u: { displayName: string }) => u.displayName;

describe("reactorsSentence", () => {
  it("names up to three people and counts the others", () => {
    expect(reactorsSentence(list(5, "Alice", "Bob", "Carol", "Dan", "Eve"), 5, ":tada:", name)).toBe("Alice, Bob, Carol and 2 others reacted with :tada:");
    expect(reactorsSentence(list(4, "Alice", "Bob", "Carol", "Dan"), 4, ":tada:", name)).toBe("Alice, Bob, Carol and 1 other reacted with :tada:");
    expect(reactorsSentence(list(150, "Alice", "Bob", "Carol"), 150, ":tada:", name)).toBe("Alice, Bob, Carol and 147 others reacted with :tada:");
  });

  it("joins two or three names with 'and', and reads one name alone", () => {
    expect(reactorsSentence(list(1, "Alice"), 1, "👍", name)).toBe("Alice reacted with 👍");
    expect(reactorsSentence(list(2, "Alice", "Bob"), 2, "👍", name)).toBe("Alice and Bob reacted with 👍");
    expect(reactorsSentence(list(3, "Alice", "Bob", "Carol"), 3, "👍", name)).toBe("Alice, Bob and Carol reacted with 👍");
  });

  it("falls back to the count while the list is loading", () => {
    expect(reactorsSentence(undefined, 1, "👍", name)).toBe("1 person reacted with 👍");
    expect(reactorsSentence(undefined, 4, "👍", name)).toBe("4 people reacted with 👍");
  });
});

describe("SearchStore", () => {
  /** An Api whose answers the test releases by hand, in any order. */
  function manualApi() {
    const waiting: Array<{ path: string; answer: (page: SearchPage) => void }> = [];
    const api = { get: (path: string) => new Promise((answer) => waiting.push({ path, answer })) } as unknown as Api;
    return { api, waiting };
  }
  const page = (...contents: string[]): SearchPage => ({ results: contents.map((content, i) => ({ id: `m${i}`, content }) as SearchPage["results"][number]), nextBeforeSeq: null, searchedFromSeq: 1 });

  it("shows only the latest query's answer, and clears on a blank query", async () => {
    const { api, waiting } = manualApi();
    const store = new SearchStore(api);
    const first = store.search("ch", "dep");
    const second = store.search("ch", "deploy");
    expect(waiting.map((w) => new URL(w.path, "http://x").searchParams.get("q"))).toEqual(["dep", "deploy"]);
    waiting[1].answer(page("deploy fixed"));
    await second;
    waiting[0].answer(page("stale"));
    await first;
    expect(store.state.state === "ready" && store.state.value.results.map((r) => r.content)).toEqual(["deploy fixed"]);
    await store.search("ch", "   ");
    expect(store.state.state).toBe("idle");
  });

  it("drops an answer that arrives after the panel closed", async () => {
    const { api, waiting } = manualApi();
    const store = new SearchStore(api);
    const pending = store.search("ch", "deploy");
    store.forget();
    waiting[0].answer(page("late"));
    await pending;
    expect(store.state.state).toBe("idle");
  });
});
