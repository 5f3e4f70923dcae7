import { describe, expect, it } from "vitest";
import type { Message } from "../../schema/messages.ts";
import { permissionBits } from "../../protocol/permissions.ts";
import { createdEvent, eventFromLog, excerptOf, mentionsOf, messageView, parseMentions, tombstone } from "./views.ts";

const U1 = "0193b1f2-7c4a-7def-8123-456789abcdef";
const U2 = "0193b1f2-7c4a-7def-8123-456789abcde0";
const row: Message = {
  id: "m1",
  channelId: "c1",
  seq: 3,
  authorId: U1,
  nonce: "n",
  content: "hi <@" + U2 + ">",
  envelope: null,
  attachments: [],
  replyToId: null,
  replyAuthorId: null,
  replyExcerpt: null,
  mentions: [U2],
  mentionsEveryone: false,
  createdAt: new Date("2026-01-01T00:00:00Z"),
  editedAt: null,
  deletedAt: null,
  deletedBy: null,
  pinnedAt: null,
  pinnedBy: null,
  poll: null,
  suppressEmbeds: false,
};

describe("parseMentions", () => {
  it("P19 finds <@id> mentions once each, and @everyone only with the permission", () => {
    expect(parseMentions(`<@${U1}> and <@${U1.toUpperCase()}> and <@${U2}>`, false)).toEqual({ mentions: [U1, U2], mentionsEveryone: false });
    expect(parseMentions("hey @everyone", true).mentionsEveryone).toBe(true);
    expect(parseMentions("hey @here!", true).mentionsEveryone).toBe(true);
    expect(parseMentions("hey @everyone", false).mentionsEveryone).toBe(false);
    expect(parseMentions("mail me@everyone.org", true).mentionsEveryone).toBe(false);
    expect(parseMentions("<@not-an-id>", true).mentions).toEqual([]);
  });
});

describe("mentionsOf", () => {
  it("P19 parses plain content (ignoring sent mentions) and takes an envelope's mentions as sent", () => {
    const everyone = permissionBits("MENTION_EVERYONE");
    expect(mentionsOf({ content: `@here <@${U1}>`, mentions: [U2] }, everyone)).toEqual({ mentions: [U1], mentionsEveryone: true });
    expect(mentionsOf({ content: "@here" }, 0n)).toEqual({ mentions: [], mentionsEveryone: false });
    expect(mentionsOf({ mentions: [U2] }, everyone)).toEqual({ mentions: [U2], mentionsEveryone: false });
    expect(mentionsOf({}, everyone)).toEqual({ mentions: [], mentionsEveryone: false });
  });
});

describe("excerptOf", () => {
  it("P18 quotes the start of the text with whitespace collapsed, whole code points only", () => {
    expect(excerptOf("  a\n\n b  ")).toBe("a b");
    expect(excerptOf(null)).toBeNull();
    const long = "😀".repeat(150);
    const ex = excerptOf(long)!;
    expect(Array.from(ex)).toHaveLength(100);
    expect(ex.endsWith("…")).toBe(true);
  });
});

describe("createdEvent and eventFromLog", () => {
  it("P7 rebuilds created and edited events from the message's current state", () => {
    expect(createdEvent(row)).toEqual({ type: "message_created", seq: row.seq, message: messageView(row) });
    const edited = { ...row, content: "new", editedAt: new Date("2026-01-02T00:00:00Z") };
    expect(eventFromLog({ seq: 9, type: "message_edited", messageId: "m1", payload: { editedAt: "2026-01-02T00:00:00.000Z" } }, edited)).toEqual({
      type: "message_edited",
      seq: 9,
      messageId: "m1",
      content: "new",
      envelope: null,
      mentions: [U2],
      editedAt: "2026-01-02T00:00:00.000Z",
    });
  });

  it("P22 replays a since-deleted message as a tombstone", () => {
    const gone = { ...row, content: null, mentions: [], deletedAt: new Date("2026-01-03T00:00:00Z") };
    const e = createdEvent(gone);
    expect(e.type === "message_created" && e.message).toMatchObject({ content: null, deletedAt: "2026-01-03T00:00:00.000Z" });
  });

  it("rebuilds reaction, pin and delete events from their payloads", () => {
    expect(eventFromLog({ seq: 4, type: "reaction_added", messageId: "m1", payload: { userId: U2, emoji: "👍" } }, row)).toEqual({ type: "reaction_added", seq: 4, messageId: "m1", userId: U2, emoji: "👍" });
    expect(eventFromLog({ seq: 5, type: "message_unpinned", messageId: "m1", payload: { unpinnedBy: U1 } }, row)).toEqual({ type: "message_unpinned", seq: 5, messageId: "m1", unpinnedBy: U1 });
    expect(eventFromLog({ seq: 6, type: "message_deleted", messageId: "m1", payload: { deletedBy: U1, deletedAt: "t" } }, null)).toEqual({ type: "message_deleted", seq: 6, messageId: "m1", deletedBy: U1, deletedAt: "t" });
  });
});

describe("tombstone", () => {
  it("P22 erases the text of created and edited events and leaves other events alone", () => {
    const created = JSON.stringify({ type: "message_created", seq: 3, message: messageView(row) });
    const t = JSON.parse(tombstone(created, "2026-01-03T00:00:00.000Z"));
    expect(t.message).toMatchObject({ id: "m1", content: null, envelope: null, mentions: [], deletedAt: "2026-01-03T00:00:00.000Z" });
    const edited = JSON.stringify({ type: "message_edited", seq: 4, messageId: "m1", content: "x", envelope: null, mentions: [U2], editedAt: "t" });
    expect(JSON.parse(tombstone(edited, "t"))).toMatchObject({ content: null, mentions: [] });
    const reaction = '{"type":"reaction_added","seq":5}';
    expect(tombstone(reaction, "t")).toBe(reaction);
  });
});
