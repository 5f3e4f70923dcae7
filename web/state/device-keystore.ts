/**
 * Where this browser keeps its encryption device's secret keys: IndexedDB, one record per account, on this origin
 * only. They never leave the browser. (WebCrypto's non-extractable keys do not cover X25519 and Ed25519 in every
 * browser yet, and the noble libraries need raw bytes, so the record holds raw keys: anyone who can read this
 * origin's storage on this machine can read them. docs/encryption.md says so.)
 */
import type { DeviceSecrets } from "../../protocol/e2ee.ts";

export interface StoredDevice {
  userId: string;
  deviceId: string;
  secrets: DeviceSecrets;
}

const DB_NAME = "hearth-e2ee";
const STORE = "devices";

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: "userId" });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB is not available"));
  });
}

async function run<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = fn(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
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
