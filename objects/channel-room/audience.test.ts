import { describe, expect, it } from "vitest";
import { permissionBits } from "../../protocol/permissions.ts";
import { eventAudience, ownOtherSockets, socketsToRevoke, typingAudience, type Audience } from "./audience.ts";

const VIEW = permissionBits("VIEW_CHANNEL", "SEND_MESSAGES");
const s = (userId: string, phase: Audience["phase"] = "live", permissions = VIEW): Audience => ({ userId, phase, permissions });

describe("audience", () => {
  const alice = s("alice");
  const alicePhone = s("alice");
  const bob = s("bob");
  const newcomer = s("carol", "new");
  const replaying = s("dave", "replaying");
  const blind = s("eve", "live", 0n);
  const all = [alice, alicePhone, bob, newcomer, replaying, blind];

  it("P7 sends events to live viewers only: not before hello, not during a replay", () => {
    expect(eventAudience(all)).toEqual([alice, alicePhone, bob]);
  });

  it("P26 sends typing to everyone but the typing user's own devices", () => {
    expect(typingAudience(all, "alice")).toEqual([bob]);
  });

  it("P27 sends a read position to the user's other sockets only", () => {
    expect(ownOtherSockets(all, "alice", alice)).toEqual([alicePhone]);
  });

  it("P25 revokes every socket of a user who lost VIEW_CHANNEL or left, and none otherwise", () => {
    expect(socketsToRevoke(all, "alice", null)).toEqual([alice, alicePhone]);
    expect(socketsToRevoke(all, "alice", permissionBits("SEND_MESSAGES"))).toEqual([alice, alicePhone]);
    expect(socketsToRevoke(all, "alice", VIEW)).toEqual([]);
  });
});
