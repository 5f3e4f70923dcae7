/**
 * The address of the party that sent a request. Rate limits, lockouts, sessions and the audit log use it,
 * so it must not be spoofable: forwarding headers count only when the peer is a configured trusted proxy.
 *
 * - Standalone workerd puts the TCP peer in `request.cf.clientIp` as "ip:port".
 * - On Cloudflare (and under `wrangler dev`) the edge sets CF-Connecting-IP and there is no peer field.
 */
export function clientIp(request: Request, trustedProxies: string | undefined): string {
  const cf = (request as { cf?: { clientIp?: unknown } }).cf;
  const peer = typeof cf?.clientIp === "string" ? stripPort(cf.clientIp) : null;
  if (peer === null) return request.headers.get("cf-connecting-ip")?.trim() || "unknown";
  const trusted = parseList(trustedProxies);
  if (trusted.includes(peer)) {
    const forwarded = request.headers.get("x-forwarded-for");
    // The right-most address is the one our proxy saw; anything left of it the client could have written.
    const last = forwarded?.split(",").map((s) => s.trim()).filter(Boolean).pop();
    if (last) return last;
  }
  return peer;
}

function parseList(value: string | undefined): string[] {
  return (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

/** "127.0.0.1:49952" → "127.0.0.1"; "[::1]:8080" → "::1"; a bare address stays as it is. */
export function stripPort(address: string): string {
  if (address.startsWith("[")) return address.slice(1, address.indexOf("]"));
  const colons = address.split(":").length - 1;
  return colons === 1 ? address.slice(0, address.indexOf(":")) : address;
}
