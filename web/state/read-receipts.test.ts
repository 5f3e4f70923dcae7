import { describe, expect, it } from "vitest";
import { seenLine } from "./read-receipts.ts";

const msgs = [
  { id: "a", seq: 1, authorId: "me", deletedAt: null },
  { id: "b", seq: 2, authorId: "ann", deletedAt: null },
  { id: "c", seq: 3, authorId: "me", deletedAt: null },
];
const name = (id: string) => id.toUpperCase();

describe("seenLine", () => {
  it("says Seen under my newest message in a 1:1 DM once the other has read it", () => {
    expect(seenLine(msgs, "me", new Map([["ann", 2]]), ["ann"], name)).toBeNull();
    expect(seenLine(msgs, "me", new Map([["ann", 3]]), ["ann"], name)).toEqual({ messageId: "c", text: "Seen" });
  });
  it("names the readers in a group, or says everyone", () => {
    const others = ["ann", "bob", "cid", "dan", "eve"];
    expect(seenLine(msgs, "me", new Map([["ann", 3], ["bob", 5]]), others, name)?.text).toBe("Seen by ANN and BOB");
    expect(seenLine(msgs, "me", new Map(others.slice(0, 4).map((o) => [o, 3])), others, name)?.text).toBe("Seen by ANN, BOB, CID and 1 other");
    expect(seenLine(msgs, "me", new Map(others.map((o) => [o, 9])), others, name)?.text).toBe("Seen by everyone");
  });
  it("says nothing without a message of mine", () => {
    expect(seenLine(msgs.slice(1, 2), "me", new Map([["ann", 9]]), ["ann"], name)).toBeNull();
  });
});
