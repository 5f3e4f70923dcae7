/**
 * The account's key backup, from this browser (docs/encryption.md "Key backup"): whether there is one, whether this
 * browser uses it, and the four things a person does with it. Setting one up makes a recovery key here (shown once)
 * and sends the server only its public key; entering the recovery key on a new device opens the earlier devices'
 * secrets stored in it, so messages sealed for them open here too. A browser that uses the backup stores its own
 * device secret in it, sealed to the public key it pinned (web/state/device-keystore.ts BackupPin), never to one the
 * server merely presents.
 */
import type { RestoredKey } from "../../protocol/e2ee.ts";
import type { KeyBackupView } from "../../protocol/key-backup.ts";
import { ApiError, type Api } from "./api.ts";
import { loadBackupPin, saveBackupPin, type BackupPin } from "./device-keystore.ts";
import type { E2eeStore } from "./e2ee.ts";
import { Notifier, track, type Async } from "./store.ts";

type Lib = typeof import("../../protocol/key-backup.ts");
let lib: Promise<Lib> | null = null;
const loadLib = (): Promise<Lib> => (lib ??= import("../../protocol/key-backup.ts"));

export interface BackupStatus {
  backup: KeyBackupView | null;
  /** This browser made the backup or was given its recovery key (and it has not been replaced since). */
  here: boolean;
}

const base = "/api/v1/users/me/key-backup";

export class KeyBackupStore extends Notifier {
  status: Async<BackupStatus> = { state: "idle" };
  private userId: string | null = null;

  constructor(
    private readonly api: Api,
    private readonly e2ee: E2eeStore,
  ) {
    super();
  }

  useAccount(userId: string | null): void {
    this.userId = userId;
    this.status = { state: "idle" };
    this.changed();
  }

  /** Reads the backup, and stores this browser's device secret in it when this browser uses it and has not yet. */
  async load(): Promise<void> {
    const userId = this.userId;
    if (!userId) return;
    let pin: BackupPin | null = null;
    const status = await track(
      this.status,
      (s) => {
        if (this.userId !== userId) return;
        this.status = s;
        this.changed();
      },
      async (): Promise<BackupStatus> => {
        const { backup } = await this.api.get<{ backup: KeyBackupView | null }>(base);
        pin = await loadBackupPin(userId).catch(() => null);
        return { backup, here: !!backup && !!pin && pin.publicKey === backup.publicKey && pin.version === backup.version };
      },
    );
    if (!status?.here || !pin || this.userId !== userId) return;
    try {
      await this.storeOwnKey(userId, pin);
    } catch (error) {
      if (this.userId !== userId) return;
      this.status = { state: "error", error: error as Error, value: status };
      this.changed();
    }
  }

  /** Sets up (or replaces) the backup. Returns the recovery key to show the person, once. */
  async create(password: string): Promise<string> {
    const userId = this.requireUser();
    const { generateRecoveryKey, formatRecoveryKey } = await loadLib();
    const key = generateRecoveryKey();
    const { backup } = await this.api.put<{ backup: KeyBackupView }>(base, { publicKey: key.publicKey, password });
    const pin: BackupPin = { userId, publicKey: backup.publicKey, version: backup.version };
    await saveBackupPin(pin);
    this.setStatus({ backup, here: true });
    // The key must reach the person whatever happens next; a failed store is retried at the next load.
    await this.storeOwnKey(userId, pin).catch(() => {});
    return formatRecoveryKey(key.secret);
  }

  /**
   * Opens the backup with a recovery key as typed: the earlier devices' secrets are kept in this browser and every
   * locked message is tried again. Returns how many devices' keys were recovered. Throws a sentence to show.
   */
  async restore(recoveryKey: string): Promise<number> {
    const userId = this.requireUser();
    const { parseRecoveryKey, backupPublicKey, openFromBackup } = await loadLib();
    const secret = parseRecoveryKey(recoveryKey);
    if (!secret) throw new Error("That isn't a recovery key: it has 56 letters and digits. Check for a mistyped character.");
    const { backup } = await this.api.get<{ backup: KeyBackupView | null }>(base);
    if (!backup) throw new Error("Your account has no key backup any more.");
    if (backupPublicKey(secret) !== backup.publicKey) throw new Error("This recovery key doesn't open your current backup. If the backup was set up again, use the newer key.");
    const { version, keys } = await this.api.get<{ version: number; keys: { deviceId: string; sealed: string }[] }>(`${base}/keys`);
    const restored: RestoredKey[] = [];
    for (const k of keys) {
      const x25519Secret = openFromBackup(secret, userId, k.deviceId, k.sealed);
      if (x25519Secret) restored.push({ deviceId: k.deviceId, x25519Secret });
    }
    const pin: BackupPin = { userId, publicKey: backup.publicKey, version };
    await saveBackupPin(pin);
    this.setStatus({ backup, here: true });
    await this.e2ee.addRestoredKeys(restored);
    await this.storeOwnKey(userId, pin).catch(() => {});
    return restored.length;
  }

  /** Deletes the backup (and with it what every device stored in it). */
  async remove(password: string): Promise<void> {
    await this.api.delete(base, { password });
    this.setStatus({ backup: null, here: false });
  }

  private requireUser(): string {
    if (!this.userId) throw new Error("Sign in first.");
    return this.userId;
  }

  private setStatus(value: BackupStatus): void {
    this.status = { state: "ready", value };
    this.changed();
  }

  /** Seals this browser's device secret to the pinned backup key and stores it, once per device. */
  private async storeOwnKey(userId: string, pin: BackupPin): Promise<void> {
    const device = await this.e2ee.ensureDevice();
    if (pin.storedDeviceId === device.deviceId || this.userId !== userId) return;
    const { sealForBackup } = await loadLib();
    const sealed = sealForBackup(pin.publicKey, userId, device.deviceId, device.secrets.x25519Secret);
    try {
      await this.api.put(`${base}/keys/${encodeURIComponent(device.deviceId)}`, { version: pin.version, sealed });
    } catch (e) {
      // Replaced from another device since: this browser no longer uses the backup until given the new key.
      if (e instanceof ApiError && (e.code === "key_backup_changed" || e.code === "no_key_backup")) {
        void this.load();
        return;
      }
      throw e;
    }
    await saveBackupPin({ ...pin, storedDeviceId: device.deviceId });
    // The count the settings show now includes this device.
    void this.load();
  }
}
