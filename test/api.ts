/** Small HTTP helpers for integration tests: JSON in, status and JSON out. */

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function api<T = any>(base: string, method: string, path: string, opts: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string } = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] ??= "application/json";
  }
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: leave as text so the assertion shows it */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

let counter = 0;
/** A username unique within the run. */
export function uniqueName(prefix = "user"): string {
  return `${prefix}_${process.pid % 1000}_${Date.now() % 100000}_${counter++}`.slice(0, 32);
}

export const STRONG_PASSWORD = "correct horse battery staple 42";

export async function register(base: string, username = uniqueName(), extra: Record<string, unknown> = {}) {
  const res = await api(base, "POST", "/api/v1/auth/register", { body: { username, password: STRONG_PASSWORD, ...extra } });
  if (res.status !== 201) throw new Error(`register ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { user: { id: string; username: string; displayName: string; isAdmin: boolean }; accessToken: string; refreshToken: string; recoveryCode: string };
}
