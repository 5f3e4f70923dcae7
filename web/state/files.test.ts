import { describe, expect, it } from "vitest";
import { ENCRYPTED_FILE_NAME, MAX_ATTACHMENTS, type FileView } from "../../protocol/files.ts";
import { ApiError, type Api } from "./api.ts";
import type { AuthStore } from "./auth.ts";
import { FilesStore, refusal, uploadError } from "./files.ts";

describe("refusal", () => {
  it("accepts a file within the limits", () => {
    expect(refusal({ name: "a.png", size: 10 }, 0, 100)).toBeNull();
  });

  it("refuses a file over the instance's limit, naming both sizes", () => {
    expect(refusal({ name: "a.png", size: 3 * 1024 * 1024 }, 0, 1024 * 1024)).toBe("Too large (3 MB): files can be up to 1 MB.");
  });

  it("refuses the file past the tenth", () => {
    expect(refusal({ name: "a.png", size: 1 }, MAX_ATTACHMENTS, null)).toMatch(/up to 10 files/);
  });

  it("refuses empty files, which the server refuses", () => {
    expect(refusal({ name: "empty.txt", size: 0 }, 0, null)).toBe("This file is empty.");
  });

  it("counts what encryption adds against the limit", () => {
    expect(refusal({ name: "a.png", size: 100 }, 0, 100)).toBeNull();
    expect(refusal({ name: "a.png", size: 100 }, 0, 100, 16)).toMatch(/Too large/);
    expect(refusal({ name: "a.png", size: 84 }, 0, 100, 16)).toBeNull();
  });

  it("refuses names the server would refuse", () => {
    expect(refusal({ name: "x".repeat(201), size: 1 }, 0, null)).toMatch(/name is too long/);
  });
});

describe("uploadError", () => {
  it("words the server's refusals by code", () => {
    expect(uploadError(new ApiError(413, "payload_too_large", "x"), 2048)).toBe("Too large: files can be up to 2 KB.");
    expect(uploadError(new ApiError(413, "quota_exceeded", "x"), null)).toMatch(/quota is full/);
    expect(uploadError(new ApiError(403, "missing_permission", "x"), null)).toMatch(/permission to attach/);
  });
});

function view(id: string, name: string): FileView {
  return { id, name, contentType: "text/plain", size: 1, encrypted: false };
}

/** An Api whose uploads wait until the test settles them. */
function fakeApi() {
  const uploads: { path: string; body: Blob; contentType: string; resolve: (v: { file: FileView }) => void; reject: (e: unknown) => void; signal?: AbortSignal }[] = [];
  const deleted: string[] = [];
  /** What the server holds, by file id, for downloads. */
  const stored = new Map<string, Blob>();
  const api = {
    upload: (path: string, body: Blob, opts: { contentType: string; signal?: AbortSignal }) =>
      new Promise((resolve, reject) => {
        uploads.push({ path, body, contentType: opts.contentType, resolve, reject, signal: opts.signal });
        opts.signal?.addEventListener("abort", () => reject(new DOMException("cancelled", "AbortError")));
      }),
    delete: async (path: string) => void deleted.push(path),
    blob: async (path: string) => stored.get(decodeURIComponent(path.split("/").pop()!)) ?? new Blob(),
  } as unknown as Api;
  const auth = { instance: { name: "Hearth", registrationMode: "open", maxUploadBytes: 100 }, loadInstance: async () => auth.instance } as unknown as AuthStore;
  return { store: new FilesStore(api, auth), uploads, deleted, stored };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("FilesStore", () => {
  it("uploads each accepted file at once and lists refused ones with the reason", async () => {
    const { store, uploads } = fakeApi();
    await store.add("c1", [new File(["hi"], "notes.txt", { type: "text/plain" }), new File([new Uint8Array(200)], "huge.bin")]);
    expect(uploads.map((u) => u.path)).toEqual(["/api/v1/channels/c1/files?name=notes.txt"]);
    expect(store.uploads("c1").map((u) => [u.name, u.state])).toEqual([
      ["notes.txt", "uploading"],
      ["huge.bin", "error"],
    ]);
    expect(store.uploads("c1")[1].error).toMatch(/Too large/);
    expect(store.busy("c1")).toBe(true);
  });

  it("hands the uploaded files to a send and empties the tray", async () => {
    const { store, uploads } = fakeApi();
    await store.add("c1", [new File(["a"], "a.txt"), new File(["b"], "b.txt")]);
    uploads[1].resolve({ file: view("f2", "b.txt") });
    uploads[0].resolve({ file: view("f1", "a.txt") });
    await tick();
    expect(store.busy("c1")).toBe(false);
    expect(store.take("c1")).toEqual({ files: [view("f1", "a.txt"), view("f2", "b.txt")], sealed: [] });
    expect(store.uploads("c1")).toEqual([]);
  });

  it("cancels an upload in progress, and deletes an uploaded file, when removed", async () => {
    const { store, uploads, deleted } = fakeApi();
    await store.add("c1", [new File(["a"], "a.txt"), new File(["b"], "b.txt")]);
    uploads[1].resolve({ file: view("f2", "b.txt") });
    await tick();
    const [a, b] = store.uploads("c1");
    store.remove("c1", a.key);
    store.remove("c1", b.key);
    expect(uploads[0].signal?.aborted).toBe(true);
    expect(deleted).toEqual(["/api/v1/files/f2"]);
    expect(store.uploads("c1")).toEqual([]);
  });

  it("keeps a tray per channel", async () => {
    const { store } = fakeApi();
    await store.add("c1", [new File(["a"], "a.txt")]);
    expect(store.uploads("c2")).toEqual([]);
    expect(store.uploads("c1")).toHaveLength(1);
  });

  it("offers a retry after a network failure, not after a refusal", async () => {
    const { store, uploads } = fakeApi();
    await store.add("c1", [new File(["a"], "a.txt"), new File(["b"], "b.txt")]);
    uploads[0].reject(new ApiError(0, "network_error", "offline"));
    uploads[1].reject(new ApiError(413, "quota_exceeded", "full"));
    await tick();
    const [a, b] = store.uploads("c1");
    expect([a.canRetry, b.canRetry]).toEqual([true, false]);
    store.retry("c1", a.key);
    expect(uploads).toHaveLength(3);
    expect(store.uploads("c1")[0].state).toBe("uploading");
  });

  it("encrypts a file before upload in an encrypted conversation, and hands its key and real details to the send", async () => {
    const { store, uploads, stored } = fakeApi();
    const plain = new TextEncoder().encode("the tripod is in the car");
    await store.add("dm", [new File([plain], "plan.txt", { type: "text/plain" })], { encrypt: true });
    await expect.poll(() => uploads.length).toBe(1);
    const [up] = uploads;
    // The server learns neither the name nor the type, nor the bytes.
    expect(up.path).toBe(`/api/v1/channels/dm/files?name=${ENCRYPTED_FILE_NAME}`);
    expect(up.contentType).toBe("application/octet-stream");
    const cipher = new Uint8Array(await up.body.arrayBuffer());
    expect(cipher.length).toBe(plain.length + 16);
    expect(new TextDecoder().decode(cipher)).not.toContain("tripod");
    expect(store.uploads("dm")[0]).toMatchObject({ name: "plan.txt", type: "text/plain", state: "uploading" });
    up.resolve({ file: { id: "f1", name: ENCRYPTED_FILE_NAME, contentType: "application/octet-stream", size: cipher.length, encrypted: true } });
    await tick();
    const { files, sealed } = store.take("dm");
    expect(files.map((f) => f.id)).toEqual(["f1"]);
    expect(sealed).toEqual([expect.objectContaining({ id: "f1", name: "plan.txt", type: "text/plain", size: plain.length })]);
    // Another browser downloads the ciphertext and gets the file back, typed.
    const other = fakeApi();
    other.stored.set("f1", new Blob([cipher]));
    const url = await other.store.blobs.acquire("f1", sealed[0]);
    const blob = await (await fetch(url)).blob();
    expect(blob.type).toBe("text/plain");
    expect(new TextDecoder().decode(await blob.arrayBuffer())).toBe("the tripod is in the car");
  });

  it("says a download that does not decrypt is undecryptable, and serves risky types as bytes", async () => {
    const { encryptFile } = await import("./file-crypto.ts");
    const { ciphertext, sealed } = encryptFile(new TextEncoder().encode("<script>alert(1)</script>"), { name: "page.html", type: "text/html" });
    const { store, stored } = fakeApi();
    stored.set("f1", new Blob([ciphertext.slice()]));
    const html = await (await fetch(await store.blobs.acquire("f1", { id: "f1", ...sealed }))).blob();
    expect(html.type).toBe("application/octet-stream");
    const altered = ciphertext.slice();
    altered[3] ^= 1;
    stored.set("f2", new Blob([altered]));
    await expect(store.blobs.acquire("f2", { id: "f2", ...sealed })).rejects.toMatchObject({ code: "undecryptable" });
  });
});
