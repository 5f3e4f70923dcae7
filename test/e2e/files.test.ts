/**
 * Attachments in the browser: Alice attaches an image and a text file with the paperclip (each uploads at once into
 * the tray), sends them with a line of text, Bob sees the image previewed (opening whole in the lightbox, closed
 * with Escape) and the text file as a card with Download; a file over the server's limit is refused in the tray
 * before any upload; removing a tile empties the tray. In an end-to-end encrypted DM an image goes encrypted: Bob
 * sees it by its real name, in the lightbox and saved, while the server holds `encrypted.bin` and bytes that are not
 * the image; a file altered on the server says it can't be decrypted. Screenshots light, dark and phone; axe on the
 * chat.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { api, register } from "../api.ts";
import { startServer, type TestServer } from "../harness.ts";
import { axe, describeViolations, launch, screenshot, type TestBrowser } from "./browser.ts";
import { dmPair, signedInPage } from "./conversation.ts";
import { png } from "./png.ts";

let server: TestServer;
let tb: TestBrowser;
let alice: Page;
let bob: Page;
let url = "";

beforeAll(async () => {
  server = await startServer({ env: { RATE_LIMITS: "0", COMMUNITY_CREATION_MODE: "open" } });
  tb = await launch(server.url);
  const a = await register(server.url, undefined, { displayName: "Alice" });
  const b = await register(server.url, undefined, { displayName: "Bob" });
  const c = await api(server.url, "POST", "/api/v1/communities", { token: a.accessToken, body: { name: "Photo Club" } });
  const chans = await api(server.url, "GET", `/api/v1/communities/${c.body.id}/channels`, { token: a.accessToken });
  const general = chans.body.channels.find((ch: { kind: string }) => ch.kind === "text").id;
  const inv = await api(server.url, "POST", `/api/v1/communities/${c.body.id}/invites`, { token: a.accessToken, body: {} });
  await api(server.url, "POST", `/api/v1/invites/${inv.body.code}/accept`, { token: b.accessToken, body: {} });
  url = `/c/${c.body.id}/${general}`;
  alice = await signedInPage(tb, a);
  bob = await signedInPage(tb, b);
});
afterAll(async () => {
  await tb?.close();
  await server?.stop();
});

async function attach(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[] | string) {
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Attach files" }).click();
  await (await chooser).setFiles(files);
}

describe("attachments", () => {
  it("uploads chosen files into the tray and sends them with the text", async () => {
    await alice.goto(url);
    await bob.goto(url);
    await alice.getByRole("log").waitFor();
    await attach(alice, [
      { name: "sunset.png", mimeType: "image/png", buffer: png(800, 450) },
      { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("remember the tripod\n") },
    ]);
    const tiles = alice.getByTestId("upload");
    await expect.poll(() => tiles.count()).toBe(2);
    await expect.poll(() => tiles.evaluateAll((els) => els.map((e) => e.getAttribute("data-state")))).toEqual(["ready", "ready"]);
    await screenshot(alice, "files-tray");
    const trayViolations = await axe(alice);
    expect(trayViolations, describeViolations(trayViolations)).toEqual([]);
    await alice.getByRole("combobox", { name: /Message #general/ }).fill("From the hill");
    await alice.keyboard.press("Enter");
    await expect.poll(() => alice.getByTestId("upload").count()).toBe(0);
    const row = bob.getByTestId("message").filter({ hasText: "From the hill" }).last();
    await row.waitFor();
    const image = row.getByRole("button", { name: "Open image sunset.png" });
    await expect.poll(() => image.locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(800);
    // 800×450 fits the 400×300 box as 400×225.
    await expect.poll(async () => (await image.boundingBox())?.height).toBe(225);
    await row.getByRole("button", { name: "Download notes.txt" }).waitFor();
    await expect(row.getByTestId("attachment").filter({ hasText: "notes.txt" }).innerText()).resolves.toContain("20 bytes");
  });

  it("opens an image whole in a lightbox that Escape closes", async () => {
    const row = bob.getByTestId("message").filter({ hasText: "From the hill" }).last();
    await row.getByRole("button", { name: "Open image sunset.png" }).click();
    const box = bob.getByTestId("lightbox");
    await box.waitFor();
    await bob.getByRole("link", { name: "Download" }).waitFor();
    await screenshot(bob, "files-lightbox");
    const violations = await axe(bob);
    expect(violations, describeViolations(violations)).toEqual([]);
    await bob.keyboard.press("Escape");
    await expect.poll(() => bob.getByTestId("lightbox").count()).toBe(0);
  });

  it("saves a file under its own name", async () => {
    const row = bob.getByTestId("message").filter({ hasText: "From the hill" }).last();
    const download = bob.waitForEvent("download");
    await row.getByRole("button", { name: "Download notes.txt" }).click();
    expect((await download).suggestedFilename()).toBe("notes.txt");
  });

  it("refuses a file over the server's limit before uploading it, and removes tiles", async () => {
    // From disk: a 26 MB buffer would crawl through the driver protocol.
    const huge = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hearth-files-")), "huge.bin");
    fs.writeFileSync(huge, Buffer.alloc(26 * 1024 * 1024));
    await attach(alice, huge);
    const err = alice.getByTestId("upload-error");
    await err.waitFor();
    await expect(err.innerText()).resolves.toMatch(/Too large \(26 MB\): files can be up to 25 MB/);
    await alice.getByRole("button", { name: "Remove huge.bin" }).click();
    await expect.poll(() => alice.getByTestId("upload").count()).toBe(0);
  });

  it("uploads files dropped on the conversation, and plays audio only when asked", async () => {
    const data = await alice.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(2048)], "clip.ogg", { type: "audio/ogg" }));
      return dt;
    });
    const wrap = alice.locator("hearth-channel-view .wrap");
    await wrap.dispatchEvent("dragover", { dataTransfer: data });
    await alice.getByTestId("drop-overlay").waitFor();
    await wrap.dispatchEvent("drop", { dataTransfer: data });
    await expect.poll(() => alice.getByTestId("drop-overlay").count()).toBe(0);
    await expect.poll(() => alice.getByTestId("upload").getAttribute("data-state")).toBe("ready");
    await alice.getByRole("combobox", { name: /Message #general/ }).fill("listen");
    await alice.keyboard.press("Enter");
    const row = bob.getByTestId("message").filter({ hasText: "listen" }).last();
    await row.getByRole("button", { name: "Play clip.ogg" }).waitFor();
    expect(await row.locator("audio").count()).toBe(0);
    await row.getByRole("button", { name: "Play clip.ogg" }).click();
    await row.locator("audio").waitFor({ state: "attached" });
  });

  it("sends files without text, shows well in dark and phone layouts, and passes axe", async () => {
    await attach(alice, [{ name: "tall.png", mimeType: "image/png", buffer: png(300, 900) }]);
    await expect.poll(() => alice.getByTestId("upload").getAttribute("data-state")).toBe("ready");
    await alice.getByRole("combobox", { name: /Message #general/ }).press("Enter");
    const image = bob.getByRole("button", { name: "Open image tall.png" });
    await expect.poll(async () => (await image.boundingBox())?.height).toBe(300);
    await screenshot(bob, "files-light");
    await bob.evaluate(() => (document.documentElement.dataset.theme = "dark"));
    await screenshot(bob, "files-dark");
    const violations = await axe(bob);
    expect(violations, describeViolations(violations)).toEqual([]);
    const { page: phone } = await tb.newUser({ mobile: true });
    await phone.goto("/login");
    await phone.evaluate((s) => localStorage.setItem("hearth.session", s), await bob.evaluate(() => localStorage.getItem("hearth.session")!));
    await phone.goto(url);
    await phone.getByRole("button", { name: "Open image tall.png" }).waitFor();
    await phone.getByRole("button", { name: "Open image sunset.png" }).scrollIntoViewIfNeeded();
    await screenshot(phone, "files-phone");
  });

  it("sends an image end-to-end encrypted in a DM: Bob sees it by its real name, the server keeps only ciphertext", async () => {
    const { dm, b, alice: a, bob: bb } = await dmPair(server, tb);
    // Bob's device is registered before Alice seals, so the message is sealed for it (as in e2ee.test.ts).
    await bb.goto(`/dm/${dm}`);
    await bb.getByRole("log").waitFor();
    await expect.poll(async () => (await server.sql("select 1 from device_keys where user_id = $1 and revoked_at is null", [b.user.id])).length).toBe(1);
    await a.goto(`/dm/${dm}`);
    await a.getByRole("log").waitFor();
    const image = png(640, 480);
    await attach(a, [{ name: "vault-map.png", mimeType: "image/png", buffer: image }]);
    await expect.poll(() => a.getByTestId("upload").getAttribute("data-state")).toBe("ready");
    // The tray shows the real name and a thumbnail from the local bytes.
    await expect(a.getByTestId("upload").innerText()).resolves.toContain("vault-map.png");
    await screenshot(a, "files-e2ee-tray");
    const box = a.getByRole("combobox", { name: /Message @/ });
    await box.fill("the map to the vault");
    await box.press("Enter");
    await expect.poll(() => a.getByTestId("upload").count()).toBe(0);
    // Alice sees her own image at once, by its name.
    await a.getByRole("button", { name: "Open image vault-map.png" }).waitFor();

    const row = bb.getByTestId("message").filter({ hasText: "the map to the vault" }).last();
    const preview = row.getByRole("button", { name: "Open image vault-map.png" });
    await expect.poll(() => preview.locator("img").evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(640);
    // 640×480 fits the 400×300 box exactly.
    await expect.poll(async () => (await preview.boundingBox())?.height).toBe(300);
    await screenshot(bb, "files-e2ee-dm");
    await preview.click();
    const lightbox = bb.getByTestId("lightbox");
    await lightbox.waitFor();
    await expect(lightbox.innerText()).resolves.toContain("vault-map.png");
    await screenshot(bb, "files-e2ee-lightbox");
    const download = bb.waitForEvent("download");
    await bb.getByRole("link", { name: "Download" }).click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe("vault-map.png");
    expect(Buffer.from(fs.readFileSync((await saved.path())!)).equals(image)).toBe(true);
    await bb.keyboard.press("Escape");
    await expect.poll(() => bb.getByTestId("lightbox").count()).toBe(0);

    // What the server holds: a neutral name and type, the ciphertext's length, and bytes that are not the image.
    const [file] = await server.sql<{ id: string; name: string; content_type: string; size: string; encrypted: boolean }>("select id, name, content_type, size, encrypted from files where channel_id = $1", [dm]);
    expect(file).toMatchObject({ name: "encrypted.bin", content_type: "application/octet-stream", encrypted: true });
    expect(Number(file.size)).toBe(image.length + 16);
    const res = await fetch(`${server.url}/api/v1/files/${file.id}`, { headers: { authorization: `Bearer ${b.accessToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("encrypted.bin");
    const stored = Buffer.from(await res.arrayBuffer());
    expect(stored.length).toBe(image.length + 16);
    expect(stored.equals(image.subarray(0, stored.length))).toBe(false);
    expect(stored.includes(image.subarray(0, 8))).toBe(false);
    expect(stored.includes(Buffer.from("IHDR"))).toBe(false);
    const messages = await server.sql<{ row: string }>("select m::text as row from messages m where channel_id = $1", [dm]);
    for (const word of ["vault-map", "image/png", "the map"]) expect(messages.map((m) => m.row).join("\n")).not.toContain(word);

    // A file altered on the server does not decrypt: Bob sees it say so, under its real name, and nothing breaks.
    await bb.goto("/");
    await attach(a, [{ name: "ledger.png", mimeType: "image/png", buffer: png(200, 100) }]);
    await expect.poll(() => a.getByTestId("upload").getAttribute("data-state")).toBe("ready");
    await box.fill("and the ledger");
    await box.press("Enter");
    await expect.poll(async () => (await server.sql("select 1 from files where channel_id = $1 and message_id is not null", [dm])).length).toBe(2);
    const [ledger] = await server.sql<{ id: string }>("select id from files where channel_id = $1 and id <> $2", [dm, file.id]);
    const onDisk = path.join(server.filesDir, ledger.id);
    const bytes = fs.readFileSync(onDisk);
    bytes[bytes.length >> 1] ^= 1;
    fs.writeFileSync(onDisk, bytes);
    await bb.goto(`/dm/${dm}`);
    const broken = bb.getByTestId("message").filter({ hasText: "and the ledger" }).last().getByTestId("attachment");
    await expect.poll(() => broken.getAttribute("data-kind")).toBe("undecryptable");
    await expect(broken.innerText()).resolves.toMatch(/ledger\.png\s+Can't decrypt this file/);
    await bb.getByRole("button", { name: "Open image vault-map.png" }).waitFor();
    await screenshot(bb, "files-e2ee-undecryptable");
    const violations = await axe(bb);
    expect(violations, describeViolations(violations)).toEqual([]);
  });
});
