/** Shared set-up for community tests: users, a community, joining it, finding its roles and channels. */
import { expect } from "vitest";
import { api, register } from "./api.ts";
import type { TestServer } from "./harness.ts";

export type TestUser = Awaited<ReturnType<typeof register>>;

export function caller(server: TestServer) {
  return (user: TestUser | null, method: string, path: string, body?: unknown) => api(server.url, method, path, { token: user?.accessToken, body });
}

/** Registers `n` users one after another (each costs an Argon2 hash: keep `n` small). */
export async function users(server: TestServer, n: number, names: string[] = []): Promise<TestUser[]> {
  const out: TestUser[] = [];
  for (let i = 0; i < n; i++) out.push(await register(server.url, names[i]));
  return out;
}

/** Creates a community owned by `owner` and has every user in `members` join it; returns its id. */
export async function community(server: TestServer, owner: TestUser, members: TestUser[] = [], name = "Test community"): Promise<string> {
  const call = caller(server);
  const created = await call(owner, "POST", "/api/v1/communities", { name });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  if (members.length) {
    const inv = await call(owner, "POST", `/api/v1/communities/${id}/invites`, { expiresInSeconds: null });
    for (const m of members) expect((await call(m, "POST", `/api/v1/invites/${inv.body.code}/accept`)).status).toBe(200);
  }
  return id;
}

/** Creates a text channel in `communityId` as `owner`; returns its id. */
export async function textChannel(server: TestServer, owner: TestUser, communityId: string, name: string): Promise<string> {
  const res = await caller(server)(owner, "POST", `/api/v1/communities/${communityId}/channels`, { name, kind: "text" });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

export async function roleId(server: TestServer, owner: TestUser, communityId: string, name: string): Promise<string> {
  const res = await caller(server)(owner, "GET", `/api/v1/communities/${communityId}/roles`);
  const role = res.body.roles.find((r: { name: string }) => r.name === name);
  if (!role) throw new Error(`no role ${name}`);
  return role.id;
}

export async function channelsOf(server: TestServer, user: TestUser, communityId: string) {
  const res = await caller(server)(user, "GET", `/api/v1/communities/${communityId}/channels`);
  return res.body as { groups: Array<{ id: string; name: string; ownerUserId: string | null }>; channels: Array<{ id: string; name: string; groupId: string | null; permissions: string; syncWithGroup: boolean }> };
}
