/** Shared pieces for the auth, security and hostile-input integration tests. */
import net from "node:net";
import { expect } from "vitest";
import { base32Decode, totpAt } from "../workers/auth/totp.ts";
import { api, STRONG_PASSWORD, type ApiResponse } from "./api.ts";
import type { TestServer } from "./harness.ts";

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

export function login(base: string, username: string, password = STRONG_PASSWORD, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<ApiResponse> {
  return api(base, "POST", "/api/v1/auth/login", { body: { username, password, ...extra }, headers });
}

/** Logs in and fails the test unless it worked. */
export async function loginOk(base: string, username: string, password = STRONG_PASSWORD, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Tokens & { user: any }> {
  const res = await login(base, username, password, extra, headers);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** Asserts an error response: its status and `error.code`, in the one shape every error takes. */
export function expectError(res: ApiResponse, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.error?.code }, JSON.stringify(res.body)).toEqual({ status, code });
  expect(typeof res.body.error.message).toBe("string");
  // Stack traces never reach clients.
  expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
}

/** The TOTP code an authenticator app would show `offsetSteps` 30-second steps from now. */
export function totpCode(secretBase32: string, offsetSteps = 0): Promise<string> {
  return totpAt(base32Decode(secretBase32), Date.now() / 1000 + offsetSteps * 30);
}

export async function userCount(server: TestServer): Promise<number> {
  const [row] = await server.sql<{ n: string }>("select count(*) as n from users");
  return Number(row.n);
}

export async function auditRows(server: TestServer, action: string, targetOrActor?: string) {
  return server.sql<{ action: string; actor_id: string | null; target_id: string | null; ip: string | null; user_agent: string | null; details: unknown }>(
    `select action, actor_id, target_id, ip, user_agent, details from audit_log
      where action = $1 and ($2::text is null or actor_id::text = $2 or target_id = $2) order by created_at`,
    [action, targetOrActor ?? null],
  );
}

/** No audit row anywhere holds any of these strings (passwords, tokens, codes). */
export async function expectAuditFreeOf(server: TestServer, secrets: string[]): Promise<void> {
  const rows = await server.sql<{ row: string }>("select row_to_json(a)::text as row from audit_log a");
  expect(rows.length).toBeGreaterThan(0);
  const all = rows.map((r) => r.row).join("\n");
  for (const secret of secrets) expect(all.includes(secret), `audit log contains ${secret.slice(0, 12)}…`).toBe(false);
}

/** Every request the file made was answered without an unexpected (500) error. */
export function expectNoServerErrors(server: TestServer): void {
  expect(server.output()).not.toMatch(/request \S+ failed:/);
}

/**
 * Sends bytes exactly as given over a fresh TCP connection (what fetch refuses to do: lying Content-Length,
 * raw paths) and returns the status line's code and the body of the first response.
 */
export function rawHttp(base: string, request: string | Buffer, opts: { timeoutMs?: number } = {}): Promise<{ status: number; head: string; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no response within ${opts.timeoutMs ?? 10_000} ms; got: ${data.toString().slice(0, 200)}`));
    }, opts.timeoutMs ?? 10_000);
    const finish = () => {
      const text = data.toString("utf8");
      const split = text.indexOf("\r\n\r\n");
      if (split < 0) return false;
      const head = text.slice(0, split);
      const length = /content-length: *(\d+)/i.exec(head);
      let body = text.slice(split + 4);
      if (length) {
        if (Buffer.byteLength(body) < Number(length[1])) return false;
        body = body.slice(0, Number(length[1]));
      } else if (/transfer-encoding: *chunked/i.test(head)) {
        if (!body.includes("\r\n0\r\n\r\n") && !body.startsWith("0\r\n")) return false;
        body = dechunk(body);
      }
      clearTimeout(timer);
      socket.destroy();
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0), head, body });
      return true;
    };
    socket.on("data", (chunk) => {
      data = Buffer.concat([data, chunk]);
      finish();
    });
    socket.on("error", () => {
      if (!finish()) {
        clearTimeout(timer);
        reject(new Error(`connection failed; got: ${data.toString().slice(0, 200)}`));
      }
    });
    socket.on("end", () => {
      if (!finish()) {
        clearTimeout(timer);
        resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(data.toString())?.[1] ?? 0), head: data.toString(), body: "" });
      }
    });
    socket.write(request);
  });
}

function dechunk(text: string): string {
  let out = "";
  let rest = text;
  for (;;) {
    const eol = rest.indexOf("\r\n");
    const size = parseInt(rest.slice(0, eol), 16);
    if (!size) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}
