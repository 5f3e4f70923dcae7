import { describe, expect, it } from "vitest";
import type { ReactorsList } from "../../protocol/message-lists.ts";
import { reactorsSentence } from "./message-lists.ts";

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
