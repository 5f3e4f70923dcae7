/** Typing notices (P26): throttled per user, sent to the other live viewers, never stored. */
import { TYPING_EXPIRES_MS, TYPING_THROTTLE_MS } from "../../protocol/limits.ts";
import { BoundedMap } from "../shared/bounded-map.ts";
import { typingAudience } from "./audience.ts";
import { checkCanSend } from "./checks.ts";
import { errorJson } from "./replies.ts";
import type { RoomSocket } from "./sockets.ts";

/** Users whose last notice is remembered: a forgotten one can at worst send one notice early. */
const TYPING_USERS = 10_000;

export class Typing {
  private readonly lastAt = new BoundedMap<string, number>(TYPING_USERS);

  /** `sockets`: the room's sockets, walked only when a notice goes out. */
  constructor(private readonly sockets: () => Iterable<RoomSocket>) {}

  /** `s` started typing: refused without SEND_MESSAGES, dropped within TYPING_THROTTLE_MS of the user's last one. */
  start(s: RoomSocket, ref: string | undefined, nowMs: number): void {
    const v = checkCanSend(s.permissions);
    if (!v.ok) {
      s.send(errorJson(ref, v.code, v.message));
      return;
    }
    if (nowMs - (this.lastAt.get(s.userId) ?? -Infinity) < TYPING_THROTTLE_MS) return;
    this.lastAt.set(s.userId, nowMs);
    const frame = JSON.stringify({ type: "user_typing", userId: s.userId, expiresInMs: TYPING_EXPIRES_MS });
    for (const t of typingAudience(this.sockets(), s.userId)) t.send(frame);
  }
}
