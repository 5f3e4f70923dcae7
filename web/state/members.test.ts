import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Api } from "./api.ts";
import { MembersStore, type UserRef } from "./members.ts";

const carol: UserRef = { id: "c0000000-0000-4000-8000-000000000003", username: "carol", displayName: "Carol" };
const dave: UserRef = { id: "d0000000-0000-4000-8000-000000000004", username: "dave", displayName: "Dave" };
const stranger = "e0000000-0000-4000-8000-000000000005";

/** An Api whose `GET /api/v1/users?ids=` names Carol and Dave only, recording the ids of each call. */
function lookupApi(fail = false) {
  const calls: string[][] = [];
  const get = vi.fn(async (path: string) => {
    const ids = new URL(path, "http://x").searchParams.get("ids")!.split(",");
    calls.push(ids);
    if (fail) throw new Error("offline");
    return { users: [carol, dave].filter((u) => ids.includes(u.id)) };
  });
  return { api: { get } as unknown as Api, calls };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("MembersStore.want", () => {
  it("names people no list held, asking once for everything wanted in the same tick", async () => {
    const { api, calls } = lookupApi();
    const members = new MembersStore(api);
    members.learn([dave]);
    members.want([carol.id, dave.id]);
    members.want([carol.id, stranger]);
    expect(members.name(carol.id)).toBe("Unknown user");
    await vi.runAllTimersAsync();
    expect(calls).toEqual([[carol.id, stranger]]);
    expect(members.name(carol.id)).toBe("Carol");
    // Someone the server would not name is not asked for again.
    members.want([stranger]);
    await vi.runAllTimersAsync();
    expect(calls).toHaveLength(1);
  });

  it("asks again after a failed request, and drops an answer that arrives after sign-out", async () => {
    const failing = lookupApi(true);
    const members = new MembersStore(failing.api);
    members.want([carol.id]);
    await vi.runAllTimersAsync();
    members.want([carol.id]);
    await vi.runAllTimersAsync();
    expect(failing.calls).toHaveLength(2);

    let answer: (v: { users: UserRef[] }) => void = () => {};
    const slow = { get: () => new Promise((r) => (answer = r)) } as unknown as Api;
    const later = new MembersStore(slow);
    later.want([carol.id]);
    await vi.runAllTimersAsync();
    later.forget();
    answer({ users: [carol] });
    await vi.runAllTimersAsync();
    expect(later.user(carol.id)).toBeUndefined();
  });
});

describe("MembersStore.refresh", () => {
  it("fetches a shown member list again once for a burst of changes, and leaves lists it never loaded alone", async () => {
    const paths: string[] = [];
    const api = { get: vi.fn(async (path: string) => (paths.push(path), { members: [], nextAfter: null })) } as unknown as Api;
    const members = new MembersStore(api);
    await members.load("shown");
    for (let i = 0; i < 5; i++) members.refresh("shown");
    members.refresh("never-opened");
    await vi.runAllTimersAsync();
    expect(paths.filter((p) => p.includes("/communities/shown/"))).toHaveLength(2);
    expect(paths.some((p) => p.includes("never-opened"))).toBe(false);
  });
});

describe("MembersStore.setOnline", () => {
  it("shows someone coming online or going offline in every loaded list that holds them", async () => {
    const member = (u: UserRef, online: boolean) => ({ user: u, nickname: null, roleIds: [], joinedAt: "2026-11-26T00:00:00.000Z", timedOutUntil: null, online });
    const lists: Record<string, unknown[]> = { a: [member(carol, false), member(dave, true)], b: [member(carol, false)], c: [member(dave, true)] };
    const api = { get: vi.fn(async (path: string) => ({ members: lists[path.split("/")[4]], nextAfter: null })) } as unknown as Api;
    const members = new MembersStore(api);
    for (const id of ["a", "b", "c"]) await members.load(id);
    let notified = 0;
    members.subscribe(() => notified++);
    members.setOnline(carol.id, true);
    expect(members.members("a").map((m) => [m.user.displayName, m.online])).toEqual([["Carol", true], ["Dave", true]]);
    expect(members.members("b")[0].online).toBe(true);
    expect(members.members("c")[0].online).toBe(true);
    expect(notified).toBe(1);
    members.setOnline(carol.id, true);
    expect(notified).toBe(1);
  });
});
