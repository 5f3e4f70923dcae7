/**
 * Voice and video calls (docs/calls.md): one CallRoom Durable Object per voice channel relays WebRTC signalling
 * between the people in the call; media flows browser to browser (a full mesh), never through the server. Every
 * frame is JSON text, as on channel sockets.
 *
 * Joining: `POST /api/v1/channels/:id/call-ticket` (needs VIEW_CHANNEL and CONNECT_VOICE) → `{ ticket, url,
 * expiresAt, iceServers }`; open `url` as a WebSocket. The room answers with `call_welcome`; the newcomer then
 * sends an offer to every participant already there (each pair negotiates over `signal` frames).
 */

/** Mesh calls: each person sends their media to every other, so a call holds at most this many. */
export const MAX_CALL_PARTICIPANTS = 8;
/** The largest signal frame (an SDP with audio, video and a screen share fits in a few KiB). */
export const MAX_SIGNAL_BYTES = 32 * 1024;

/** Close codes of call sockets beyond the channel ones (protocol/frames.ts CLOSE_CODES). */
export const CALL_CLOSE_CODES = {
  /** The call already holds MAX_CALL_PARTICIPANTS. */
  call_full: 4410,
  /** The same person joined from another tab or device: this one is replaced. */
  replaced: 4411,
} as const;

/** One person in a call, as everyone in it sees them. `id` is per connection (a rejoin gets a new one). */
export interface CallParticipant {
  id: string;
  userId: string;
  muted: boolean;
  deafened: boolean;
  video: boolean;
  screen: boolean;
  /**
   * What their permissions allow (SPEAK, VIDEO, SCREEN_SHARE). Media goes peer to peer, so the server cannot stop
   * bytes it never sees: it refuses states the bits do not allow, and clients play no audio, video or screen from
   * someone whose flag is false.
   */
  canSpeak: boolean;
  canVideo: boolean;
  canScreen: boolean;
}

/** An SDP description or an ICE candidate, as RTCPeerConnection produces them. */
export interface SignalData {
  description?: { type: "offer" | "answer" | "pranswer" | "rollback"; sdp?: string };
  candidate?: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null; usernameFragment?: string | null } | null;
}

// ---- client → room

export interface CallSignalFrame {
  type: "signal";
  /** The participant id it is for. */
  to: string;
  data: SignalData;
}
export interface CallStateFrame {
  type: "state";
  muted: boolean;
  deafened: boolean;
  video: boolean;
  screen: boolean;
}
export interface CallPingFrame {
  type: "ping";
}
export type CallClientFrame = CallSignalFrame | CallStateFrame | CallPingFrame;

// ---- room → client

export interface CallWelcomeFrame {
  type: "call_welcome";
  channelId: string;
  /** This connection's participant id. */
  selfId: string;
  /** Everyone in the call, this connection included. */
  participants: CallParticipant[];
}
export interface ParticipantJoinedFrame {
  type: "participant_joined";
  participant: CallParticipant;
}
export interface ParticipantUpdatedFrame {
  type: "participant_updated";
  participant: CallParticipant;
}
export interface ParticipantLeftFrame {
  type: "participant_left";
  id: string;
}
export interface IncomingSignalFrame {
  type: "signal";
  from: string;
  data: SignalData;
}
export interface CallPongFrame {
  type: "pong";
}
export interface CallErrorFrame {
  type: "error";
  code: "invalid_frame" | "unknown_frame_type" | "participant_not_found" | "missing_permission" | "rate_limited";
  message: string;
}
export type CallServerFrame = CallWelcomeFrame | ParticipantJoinedFrame | ParticipantUpdatedFrame | ParticipantLeftFrame | IncomingSignalFrame | CallPongFrame | CallErrorFrame;

/** `GET /api/v1/channels/:id/call` (REST, no socket): who is in the call now, for the sidebar. */
export interface CallRoster {
  participants: CallParticipant[];
}
