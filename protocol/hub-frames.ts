/**
 * The UserHub's frames (docs/protocol.md H1-H8): one socket per device, for everything outside the open channel
 * (unread counts and mention badges, DM arrivals, membership, device and presence changes). Same wire format and
 * PROTOCOL_VERSION as the channel frames in frames.ts, which re-exports these so both sides import from one place.
 */
import type { ErrorFrame, PingFrame, PongFrame, Ref } from "./frames.ts";

export interface HubHelloFrame extends Ref {
  type: "hello";
  protocolVersion: number;
}
export type HubClientFrame = HubHelloFrame | PingFrame;

export interface UnreadState {
  channelId: string;
  /** Messages after readSeq not written by this user, capped at UNREAD_COUNT_CAP. */
  unread: number;
  /** Of those, messages that mention this user (or everyone). */
  mentions: number;
  headSeq: number;
  readSeq: number;
  /** For a thread (protocol/threads.ts): the text channel it belongs to, so clients can place its counts. */
  parentId?: string;
  /**
   * The channel's community (null for a DM or group DM), so a client can mark a community in its list before it
   * has loaded that community's channels. Absent from hubs older than it.
   */
  communityId?: string | null;
}
export interface HubWelcomeFrame {
  type: "hub_welcome";
  protocolVersion: number;
  userId: string;
  /** Every channel with something unread. */
  unread: UnreadState[];
}
export interface UnreadUpdatedFrame extends UnreadState {
  type: "unread_updated";
}
export interface DmReceivedFrame {
  type: "dm_received";
  channelId: string;
  messageId: string;
  authorId: string;
  seq: number;
  /** Plain DMs only; null when encrypted. */
  excerpt: string | null;
}
export interface MembershipChangedFrame {
  type: "membership_changed";
  /**
   * `channels_changed`: channels or groups were created, deleted, edited or moved, or their visibility changed.
   * `members_changed`: someone else joined or left the community, or a member's roles, nickname or timeout changed.
   */
  change: "joined" | "left" | "kicked" | "banned" | "timed_out" | "roles_changed" | "community_deleted" | "channels_changed" | "members_changed";
  communityId: string | null;
  channelId: string | null;
}

/** H7: `userId` registered or removed a device key; senders refetch the device lists that include them. */
export interface DevicesChangedFrame {
  type: "devices_changed";
  userId: string;
}

/**
 * H8: a group DM the user is (or was, for `participant_left` about themselves) in changed: refetch the DM list
 * and, for membership changes, the conversation's device list. `userId` is who was added or left; `name` the new
 * name of a rename (null: cleared back to the participants' names).
 */
export interface DmChangedFrame {
  type: "dm_changed";
  /** The stored change's id (`GET /dms/:id/changes` lists the same ones), so a client holds each change once. */
  id: string;
  channelId: string;
  change: "renamed" | "participant_added" | "participant_left";
  actorId: string;
  userId: string | null;
  name: string | null;
  /** ISO time of the change, so every device shows the same notice time. */
  at: string;
}

/**
 * H6: `userId`, who shares a community or a conversation with the user, came online (their first device
 * connected) or went offline (their last one left, or the hub's sweep found none).
 */
export interface PresenceChangedFrame {
  type: "presence_changed";
  userId: string;
  online: boolean;
}

export type HubServerFrame =
  | HubWelcomeFrame
  | UnreadUpdatedFrame
  | DmReceivedFrame
  | MembershipChangedFrame
  | DevicesChangedFrame
  | DmChangedFrame
  | PresenceChangedFrame
  | ErrorFrame
  | PongFrame;
