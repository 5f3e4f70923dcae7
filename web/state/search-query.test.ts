import { describe, expect, it } from "vitest";
import { parseSearch } from "./search-query.ts";

const people = [
  { id: "u1", username: "bob_builder", displayName: "Bob" },
  { id: "u2", username: "alice", displayName: "Alice Liddell" },
];

describe("parseSearch", () => {
  it("keeps plain words as they are", () => {
    expect(parseSearch("  deploy failed ", people)).toEqual({ text: "deploy failed", authorId: null, problem: null });
  });

  it("takes from: a username (with or without @) or a one-word display name, anywhere in the query", () => {
    expect(parseSearch("from:bob_builder deploy", people)).toEqual({ text: "deploy", authorId: "u1", problem: null });
    expect(parseSearch("deploy FROM:@Alice", people)).toEqual({ text: "deploy", authorId: "u2", problem: null });
    expect(parseSearch("from:bob", people)).toEqual({ text: "", authorId: "u1", problem: null });
  });

  it("says when from: names no one here", () => {
    expect(parseSearch("from:carol lunch", people)).toEqual({ text: "lunch", authorId: null, problem: "No one here is called “carol”." });
  });
});
