import type { MiddlewareHandler } from "hono";

/**
 * Headers on every response, errors and static files included. The CSP allows no inline script and no
 * third-party origin: the client is one bundled module, and user content is rendered as sanitized HTML.
 * `connect-src` names ws:/wss: of our own origin because CSP's 'self' does not cover WebSockets everywhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const HEADERS: Record<string, string> = {
  "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Permissions-Policy": "camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=()",
  "Cross-Origin-Opener-Policy": "same-origin",
};

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  withSecurityHeaders(c.res);
};

/** Adds the headers to a response made outside the app (the Worker's socket fast path). */
export function withSecurityHeaders(res: Response): Response {
  // A WebSocket upgrade (101) carries an immutable header set in workerd; it needs none of these anyway.
  if (res.status === 101) return res;
  // A route may set a stricter policy of its own (file downloads: workers/routes/files.ts); it is kept.
  for (const [k, v] of Object.entries(HEADERS)) if (k !== "Content-Security-Policy" || !res.headers.has(k)) res.headers.set(k, v);
  return res;
}
