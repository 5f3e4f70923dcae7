/**
 * What the Worker tells a Durable Object when it forwards a WebSocket upgrade, after verifying the ticket.
 * Objects have no public address, so only the Worker can set these; clients never see them.
 */
export const INTERNAL_HEADERS = {
  userId: "x-hearth-user-id",
  /** Effective permission bits in the channel, decimal (protocol/permissions.ts). */
  permissions: "x-hearth-permissions",
  channelId: "x-hearth-channel-id",
  /** The ticket's id and expiry (ms since epoch), so the object can refuse a second use. */
  ticketId: "x-hearth-ticket-id",
  ticketExpiresAt: "x-hearth-ticket-expires-at",
} as const;
