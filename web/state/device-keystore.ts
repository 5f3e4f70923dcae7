/**
 * Where this browser keeps its encryption device's secret keys, and what it remembers about other people's devices
 * (web/state/device-trust.ts): IndexedDB, per account, on this origin only. They never leave the browser. (WebCrypto's non-extractable keys do not cover X25519 and Ed25519 in every
 * browser yet, and the noble libraries need raw bytes, so the record holds raw keys: anyone who can read this
 * origin's storage on this machine can read them. docs/encryption.md says so.)
 */
import type { DeviceSecrets, RestoredKey } from "../../protocol/e2ee.ts";
import type { ContactTrust, ConversationMembers } from "./device-trust.ts";

export interface StoredDevice {
  userId: string;
  deviceId: string;
  secrets: DeviceSecrets;
}

const DB_NAME = "hearth-e2ee";
const STORE = "devices";
/** One record per (signed-in account, other person): ContactTrust. Added in version 2. */
const TRUST = "trust";
/** One record per (signed-in account, encrypted conversation): ConversationMembers. Added in version 2. */
const CONVERSATIONS = "conversations";
/** One record per signed-in account: BackupPin. Added in version 3. */
const BACKUP = "backup";
/** One record per (signed-in account, earlier device): its X25519 secret from the key backup. Added in version 3. */
const RESTORED = "restored";

/**
 * The key backup this browser knows to be the person's own (it made it, or was given its recovery key): only to
 * that public key does it seal its device secret, so a key the server swapped in receives nothing.
 */
export interface BackupPin {
  userId: string;
  publicKey: string;
  version: number;
  /** The device whose secret this browser has stored in that backup, if it has. */
  storedDeviceId?: string;
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 3);
    req.onupgradeneeded = () => {
      const names = req.result.objectStoreNames;
      if (!names.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: "userId" });
      if (!names.contains(TRUST)) req.result.createObjectStore(TRUST, { keyPath: ["ownerId", "userId"] });
      if (!names.contains(CONVERSATIONS)) req.result.createObjectStore(CONVERSATIONS, { keyPath: ["ownerId", "channelId"] });
      if (!names.contains(BACKUP)) req.result.createObjectStore(BACKUP, { keyPath: "userId" });
      if (!names.contains(RESTORED)) req.result.createObjectStore(RESTORED, { keyPath: ["ownerId", "deviceId"] });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB is not available"));
  });
}

/** One transaction on `store`: `fn` makes its requests; resolves with the result of the one it returns, if any. */
async function run<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T> | void, store = STORE): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(store, mode);
      const req = fn(tx.objectStore(store));
      tx.oncomplete = () => resolve(req ? req.result : (undefined as T));
      tx.onerror = tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
    });
  } finally {
    db.close();
  }
}

export async function loadDevice(userId: string): Promise<StoredDevice | null> {
  const rec = (await run("readonly", (s) => s.get(userId))) as StoredDevice | undefined;
  return rec && rec.secrets?.ed25519Secret instanceof Uint8Array ? rec : null;
}

export async function saveDevice(rec: StoredDevice): Promise<void> {
  await run("readwrite", (s) => s.put(rec));
}

export async function forgetDevice(userId: string): Promise<void> {
  await run("readwrite", (s) => s.delete(userId));
}

/** Every key [ownerId, anything]: arrays sort after strings, so [ownerId, []] bounds them all. */
const ownedBy = (ownerId: string) => IDBKeyRange.bound([ownerId], [ownerId, []]);

/** What this browser remembers about other people's devices and conversations' members, for one account. */
export async function loadTrust(ownerId: string): Promise<{ contacts: ContactTrust[]; conversations: ConversationMembers[] }> {
  const contacts = (await run("readonly", (s) => s.getAll(ownedBy(ownerId)), TRUST)) as ContactTrust[];
  const conversations = (await run("readonly", (s) => s.getAll(ownedBy(ownerId)), CONVERSATIONS)) as ConversationMembers[];
  return { contacts: contacts.filter((r) => Array.isArray(r?.devices)), conversations: conversations.filter((r) => Array.isArray(r?.members)) };
}

export async function saveTrust(rec: ContactTrust | ConversationMembers): Promise<void> {
  await run("readwrite", (s) => s.put(rec), "userId" in rec ? TRUST : CONVERSATIONS);
}

export async function forgetTrust(ownerId: string): Promise<void> {
  await run("readwrite", (s) => s.delete(ownedBy(ownerId)), TRUST);
  await run("readwrite", (s) => s.delete(ownedBy(ownerId)), CONVERSATIONS);
}

export async function loadBackupPin(userId: string): Promise<BackupPin | null> {
  const rec = (await run("readonly", (s) => s.get(userId), BACKUP)) as BackupPin | undefined;
  return rec && typeof rec.publicKey === "string" ? rec : null;
}

export async function saveBackupPin(pin: BackupPin): Promise<void> {
  await run("readwrite", (s) => s.put(pin), BACKUP);
}

/** Earlier devices' secrets recovered from the key backup, for one account. */
export async function loadRestoredKeys(ownerId: string): Promise<RestoredKey[]> {
  const rows = (await run("readonly", (s) => s.getAll(ownedBy(ownerId)), RESTORED)) as (RestoredKey & { ownerId: string })[];
  return rows.filter((r) => r.x25519Secret instanceof Uint8Array).map((r) => ({ deviceId: r.deviceId, x25519Secret: r.x25519Secret }));
}

export async function saveRestoredKeys(ownerId: string, keys: RestoredKey[]): Promise<void> {
  await run("readwrite", (s) => {
    for (const k of keys) s.put({ ownerId, deviceId: k.deviceId, x25519Secret: k.x25519Secret });
  }, RESTORED);
}

/** Signing out: the pin and every recovered secret go with the device's own keys. */
export async function forgetBackup(userId: string): Promise<void> {
  await run("readwrite", (s) => s.delete(userId), BACKUP);
  await run("readwrite", (s) => s.delete(ownedBy(userId)), RESTORED);
}
