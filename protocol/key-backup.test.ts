import { describe, expect, it } from "vitest";
import { deviceRegistration, fromB64u, b64u, generateDeviceSecrets, open, seal, type PublicDevice } from "./e2ee.ts";
import { backupPublicKey, formatRecoveryKey, generateRecoveryKey, openFromBackup, parseRecoveryKey, sealForBackup, SEALED_BACKUP_KEY_BYTES } from "./key-backup.ts";

const alice = "0190a000-0000-7000-8000-00000000000a";
const bob = "0190a000-0000-7000-8000-00000000000b";
const oldLaptop = "0190a000-0000-7000-8000-0000000000d1";
const newPhone = "0190a000-0000-7000-8000-0000000000d2";
const channelId = "0190a000-0000-7000-8000-0000000000c1";

describe("recovery keys", () => {
  it("round-trips as 14 groups of four, whatever the spacing, case or look-alike letters", () => {
    const { secret, publicKey } = generateRecoveryKey();
    const text = formatRecoveryKey(secret);
    expect(text).toMatch(/^([0-9A-HJKMNP-TV-Z]{4} ){13}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(parseRecoveryKey(text)).toEqual(secret);
    expect(parseRecoveryKey(` ${text.toLowerCase().replace(/ /g, "-")}\n`)).toEqual(secret);
    expect(parseRecoveryKey(text.replace(/0/g, "O").replace(/1/g, "l"))).toEqual(secret);
    expect(backupPublicKey(secret)).toBe(publicKey);
  });

  it("refuses a key with one character changed, one missing, or that is something else", () => {
    const text = formatRecoveryKey(generateRecoveryKey().secret).replace(/ /g, "");
    for (let i = 0; i < text.length; i += 5) {
      const other = text[i] === "A" ? "B" : "A";
      expect(parseRecoveryKey(text.slice(0, i) + other + text.slice(i + 1)), `position ${i}`).toBeNull();
    }
    expect(parseRecoveryKey(text.slice(1))).toBeNull();
    expect(parseRecoveryKey("correct horse battery staple")).toBeNull();
    expect(parseRecoveryKey("")).toBeNull();
  });
});

describe("sealing device keys for the backup", () => {
  it("opens with the recovery key for the same account and device only", () => {
    const { secret, publicKey } = generateRecoveryKey();
    const device = generateDeviceSecrets();
    const sealed = sealForBackup(publicKey, alice, oldLaptop, device.x25519Secret);
    expect(fromB64u(sealed).length).toBe(SEALED_BACKUP_KEY_BYTES);
    expect(openFromBackup(secret, alice, oldLaptop, sealed)).toEqual(device.x25519Secret);
    // Presented as another device's or another person's, it does not open.
    expect(openFromBackup(secret, alice, newPhone, sealed)).toBeNull();
    expect(openFromBackup(secret, bob, oldLaptop, sealed)).toBeNull();
    // Another recovery key, a flipped bit, a truncated or malformed entry: null, never a throw.
    expect(openFromBackup(generateRecoveryKey().secret, alice, oldLaptop, sealed)).toBeNull();
    const bytes = fromB64u(sealed);
    bytes[60] ^= 1;
    expect(openFromBackup(secret, alice, oldLaptop, b64u(bytes))).toBeNull();
    expect(openFromBackup(secret, alice, oldLaptop, sealed.slice(0, -4))).toBeNull();
    expect(openFromBackup(secret, alice, oldLaptop, "not base64url!")).toBeNull();
  });

  it("lets a new device open a message sealed only for the earlier device it restored", () => {
    const laptop = generateDeviceSecrets();
    const phone = generateDeviceSecrets();
    const bobDevice = generateDeviceSecrets();
    const bobDeviceId = "0190a000-0000-7000-8000-0000000000d3";
    const bobPub: PublicDevice = { id: bobDeviceId, userId: bob, ...deviceRegistration(bobDevice, bob), createdAt: new Date(0).toISOString(), revokedAt: null };
    // Bob writes to Alice while only her laptop exists.
    const envelope = seal({ channelId, messageNonce: "n1", sender: { deviceId: bobDeviceId, secrets: bobDevice }, recipients: [{ deviceId: oldLaptop, x25519: laptop.x25519Public }], payload: { content: "before the phone" } });
    const input = { channelId, messageNonce: "n1", envelope, authorId: bob, senderDevice: bobPub, me: { deviceId: newPhone, secrets: phone } };
    expect(open(input)).toEqual({ ok: false, reason: "not_for_this_device" });

    // The laptop backed its key up; the phone is given the recovery key.
    const recovery = generateRecoveryKey();
    const sealed = sealForBackup(recovery.publicKey, alice, oldLaptop, laptop.x25519Secret);
    const restored = openFromBackup(parseRecoveryKey(formatRecoveryKey(recovery.secret))!, alice, oldLaptop, sealed)!;
    expect(open({ ...input, restored: [{ deviceId: oldLaptop, x25519Secret: restored }] })).toEqual({ ok: true, payload: { content: "before the phone" } });
    // A restored key under the wrong device id does not help.
    expect(open({ ...input, restored: [{ deviceId: "0190a000-0000-7000-8000-0000000000d9", x25519Secret: restored }] })).toEqual({ ok: false, reason: "not_for_this_device" });
  });
});
