import { describe, expect, it } from "vitest";
import { INTERNAL_TICKET_HEADER } from "../../protocol/internal.ts";
import { issueTicket } from "../../protocol/tickets.ts";
import type { Env } from "../env.ts";
import { socketFastPath } from "./sockets.ts";

const KEY = "k".repeat(64);
const CHANNEL = "0190a3c4-0000-7000-8000-000000000001";

/** An env whose channel rooms answer with `fetch`, recording what they were asked. */
function envWith(fetch: (r: Request) => Promise<Response>): { env: Env; seen: Request[] } {
  const seen: Request[] = [];
  const stub = { fetch: (r: Request) => (seen.push(r), fetch(r)) };
  const env = { AT_REST_KEY: KEY, RATE_LIMITS: "0", CHANNEL_ROOM: { idFromName: (n: string) => n, get: () => stub } } as unknown as Env;
  return { env, seen };
}

const upgrade = (path: string) => new Request("http://h" + path, { headers: { upgrade: "websocket" } });

describe("socketFastPath", () => {
  it("forwards a valid upgrade with the ticket's claims in one internal header", async () => {
    const { ticket } = await issueTicket(KEY, { k: "c", u: "u1", s: "s1", c: CHANNEL, p: "3" }, Date.now());
    const { env, seen } = envWith(async () => new Response("taken", { status: 200 }));
    const res = await socketFastPath(upgrade(`/api/v1/channels/${CHANNEL}/ws?ticket=${ticket}`), env);
    expect(await res!.text()).toBe("taken");
    expect(JSON.parse(seen[0].headers.get(INTERNAL_TICKET_HEADER)!)).toMatchObject({ k: "c", u: "u1", s: "s1", c: CHANNEL, p: "3" });
  });

  it("answers 503 service_unavailable with Retry-After when the room cannot take the socket", async () => {
    const { ticket } = await issueTicket(KEY, { k: "c", u: "u1", s: "s1", c: CHANNEL, p: "3" }, Date.now());
    const { env } = envWith(async () => {
      throw new Error("Durable Object reset because its start-up timed out");
    });
    const res = (await socketFastPath(upgrade(`/api/v1/channels/${CHANNEL}/ws?ticket=${ticket}`), env))!;
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("service_unavailable");
  });

  it("leaves everything else to the app: other paths, other methods, no upgrade, ids that are not UUIDs", () => {
    const { env } = envWith(async () => new Response());
    expect(socketFastPath(upgrade("/api/v1/channels"), env)).toBeNull();
    expect(socketFastPath(upgrade("/api/v1/channels/not-a-uuid/ws"), env)).toBeNull();
    expect(socketFastPath(new Request(`http://h/api/v1/channels/${CHANNEL}/ws`), env)).toBeNull();
    expect(socketFastPath(new Request(`http://h/api/v1/channels/${CHANNEL}/ws`, { method: "POST", headers: { upgrade: "websocket" } }), env)).toBeNull();
  });
});
