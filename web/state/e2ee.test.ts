/**
 * E2eeStore's device lists: a notice (H7) that lands while a list is being fetched must not leave that older list
 * in use, or a message is sealed for devices minus the one just added and its owner cannot read it.
 */
import { describe, expect, it, vi } from "vitest";
import { deviceRegistration, generateDeviceSecrets, type PublicDevice } from "../../protocol/e2ee.ts";
import type { Api } from "./api.ts";

vi.mock("./device-keystore.ts", () => ({
  loadDevice: async () => null,
  saveDevice: async () => {},
  forgetDevice: async () => {},
  loadTrust: async () => ({ contacts: [], conversations: [] }),
  saveTrust: async () => {},
  forgetTrust: async () => {},
}));

const { E2eeStore } = await import("./e2ee.ts");

const CHANNEL = "0190a000-0000-7000-8000-000000000001";

function device(id: string, userId: string): PublicDevice {
  return { id, userId, ...deviceRegistration(generateDeviceSecrets(), userId), createdAt: "2026-11-26T00:00:00.000Z", revokedAt: null };
}

/** An Api whose device-list answers the test hands out one at a time. */
function fakeApi() {
  const lists: Array<(devices: PublicDevice[]) => void> = [];
  const api = {
    post: async (_path: string, body: { ed25519: string; x25519: string; signature: string }) => ({ id: "dev-alice", userId: "alice", ...body, createdAt: "", revokedAt: null }),
    get: (path: string) => {
      if (!path.endsWith("/devices")) throw new Error(`unexpected GET ${path}`);
      return new Promise((resolve) => lists.push((devices) => resolve({ members: ["alice", "bob"], devices })));
    },
  };
  return { api: api as unknown as Api, lists };
}

async function nextList(lists: Array<(d: PublicDevice[]) => void>): Promise<(d: PublicDevice[]) => void> {
  await vi.waitFor(() => expect(lists.length).toBeGreaterThan(0));
  return lists.shift()!;
}

/** Alice's store with her device registered, and her device as a channel list would show it. */
async function signedInAlice() {
  const { api, lists } = fakeApi();
  const store = new E2eeStore(api);
  store.useAccount("alice");
  const me = await store.ensureDevice();
  const alicesDevice: PublicDevice = { ...device(me.deviceId, "alice"), ...deviceRegistration(me.secrets, "alice") };
  return { store, lists, alicesDevice };
}

describe("E2eeStore device lists", () => {
  it("fetches a list again when a devices_changed notice lands while it is on its way, and seals for the new device", async () => {
    const { store, lists, alicesDevice } = await signedInAlice();
    const bobsPhone = device("dev-bob-phone", "bob");

    const sealing = store.seal(CHANNEL, "n-1", "hello Bob");
    const first = await nextList(lists);
    // Bob registers his phone after the server answered the first fetch; the notice arrives before that answer.
    store.devicesChanged("bob");
    first([alicesDevice]);
    (await nextList(lists))([alicesDevice, bobsPhone]);
    const { envelope } = await sealing;
    expect(envelope.keys.map((k) => k.d).sort()).toEqual(["dev-alice", "dev-bob-phone"]);
  });

  it("keeps a list fetched with no notice meanwhile, and forgets every list when the hub reconnects", async () => {
    const { store, lists, alicesDevice } = await signedInAlice();

    const preparing = store.prepare(CHANNEL);
    (await nextList(lists))([alicesDevice]);
    await preparing;
    // Cached: sealing now asks the server nothing.
    const { envelope } = await store.seal(CHANNEL, "n-1", "note to self");
    expect(envelope.keys.map((k) => k.d)).toEqual(["dev-alice"]);
    expect(lists).toHaveLength(0);

    // Notices sent while the hub was away are lost: after its welcome the next send fetches the list again.
    store.hubConnected();
    const sealing = store.seal(CHANNEL, "n-2", "hello again");
    (await nextList(lists))([alicesDevice, device("dev-bob-laptop", "bob")]);
    expect((await sealing).envelope.keys.map((k) => k.d).sort()).toEqual(["dev-alice", "dev-bob-laptop"]);
  });
});
