/**
 * Reading a call socket's frames (protocol/call-frames.ts): anything malformed is an error frame, never a thrown
 * exception that would drop the socket.
 */
import { MAX_SIGNAL_BYTES, type CallClientFrame, type CallErrorFrame, type SignalData } from "../../protocol/call-frames.ts";

export type ParsedCallFrame = { ok: true; frame: CallClientFrame } | { ok: false; error: CallErrorFrame };

const bad = (message: string): ParsedCallFrame => ({ ok: false, error: { type: "error", code: "invalid_frame", message } });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const optionalString = (v: unknown, max: number) => v === undefined || v === null || (typeof v === "string" && v.length <= max);

const DESCRIPTION_TYPES = new Set(["offer", "answer", "pranswer", "rollback"]);

/** An SDP description or ICE candidate with only the fields RTCPeerConnection takes, or null. */
function signalData(v: unknown): SignalData | null {
  if (!isObject(v)) return null;
  const out: SignalData = {};
  if (v.description !== undefined) {
    const d = v.description;
    if (!isObject(d) || typeof d.type !== "string" || !DESCRIPTION_TYPES.has(d.type) || !optionalString(d.sdp, MAX_SIGNAL_BYTES)) return null;
    out.description = d.sdp === undefined || d.sdp === null ? { type: d.type as "rollback" } : { type: d.type as "offer", sdp: d.sdp as string };
  }
  if (v.candidate !== undefined) {
    const c = v.candidate;
    if (c === null) out.candidate = null;
    else {
      if (!isObject(c) || typeof c.candidate !== "string" || c.candidate.length > 2048 || !optionalString(c.sdpMid, 64) || !optionalString(c.usernameFragment, 256)) return null;
      const index = c.sdpMLineIndex;
      if (index !== undefined && index !== null && !(Number.isInteger(index) && (index as number) >= 0 && (index as number) < 1024)) return null;
      out.candidate = { candidate: c.candidate, sdpMid: (c.sdpMid as string | null | undefined) ?? null, sdpMLineIndex: (index as number | null | undefined) ?? null, usernameFragment: (c.usernameFragment as string | null | undefined) ?? null };
    }
  }
  if (out.description === undefined && out.candidate === undefined) return null;
  return out;
}

export function parseCallFrame(raw: string | ArrayBuffer): ParsedCallFrame {
  if (typeof raw !== "string") return bad("Frames are JSON text; binary frames are not accepted.");
  if (raw.length > MAX_SIGNAL_BYTES) return bad(`Frames are limited to ${MAX_SIGNAL_BYTES} bytes.`);
  let obj: unknown;
  try {
    obj = JSON.parse(raw);
  } catch {
    return bad("Frames are JSON text.");
  }
  if (!isObject(obj) || typeof obj.type !== "string") return bad("Every frame needs a string `type`.");
  switch (obj.type) {
    case "signal": {
      if (typeof obj.to !== "string" || obj.to.length === 0 || obj.to.length > 64) return bad("signal needs `to`, a participant id.");
      const data = signalData(obj.data);
      if (!data) return bad("signal needs `data` with a `description` ({ type, sdp }) or a `candidate` ({ candidate, sdpMid, sdpMLineIndex }).");
      return { ok: true, frame: { type: "signal", to: obj.to, data } };
    }
    case "state": {
      const { muted, deafened, video, screen } = obj;
      if (typeof muted !== "boolean" || typeof deafened !== "boolean" || typeof video !== "boolean" || typeof screen !== "boolean") {
        return bad("state needs booleans `muted`, `deafened`, `video` and `screen`.");
      }
      return { ok: true, frame: { type: "state", muted, deafened, video, screen } };
    }
    case "ping":
      return { ok: true, frame: { type: "ping" } };
    default:
      return { ok: false, error: { type: "error", code: "unknown_frame_type", message: `Unknown frame type ${JSON.stringify(obj.type.slice(0, 40))}.` } };
  }
}
