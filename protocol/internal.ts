/**
 * What the Worker tells a Durable Object when it forwards a WebSocket upgrade, after verifying the ticket.
 * Objects have no public address, so only the Worker can set these; clients never see them.
 */
export const INTERNAL_HEADERS = {
  userId: "x-hearth-user-id",
  /** Effective permission bits in the channel, decimal (protocol/permissions.ts). */
  permissions: "x-hearth-permissions",
  channelId: "x-hearth-channel-id",
  /** While the user is timed out: when it ends (ms since epoch) and the bits from then on, decimal. */
  timedOutUntil: "x-hearth-timed-out-until",
  permissionsAfterTimeout: "x-hearth-permissions-after-timeout",
  /** The ticket's id and expiry (ms since epoch), so the object can refuse a second use. */
  ticketId: "x-hearth-ticket-id",
  ticketExpiresAt: "x-hearth-ticket-expires-at",
  /** "c" (fresh from REST), "r" (a resume ticket from a welcome frame) or "h" (hub). */
  ticketKind: "x-hearth-ticket-kind",
  /** When the ticket was issued (ms): permission changes recorded after it override its bits. */
  ticketIssuedAt: "x-hearth-ticket-issued-at",
  /** The login session the ticket was issued under (resume tickets are refused once it ends). */
  sessionId: "x-hearth-session-id",
} as const;
