import { describe, expect, it } from "vitest";
import type { SealedAttachment } from "../../protocol/e2ee.ts";
import type { FileView } from "../../protocol/files.ts";
import { filesToShow } from "./sealed-files.ts";

const stored = (id: string): FileView => ({ id, name: "encrypted.bin", contentType: "application/octet-stream", size: 116, encrypted: true });
const sealed = (id: string, over: Partial<SealedAttachment> = {}): SealedAttachment => ({ id, key: "k".repeat(43), nonce: "n".repeat(32), name: `${id}.png`, type: "image/png", size: 100, ...over });

describe("filesToShow", () => {
  it("shows a plain channel's files as the server lists them", () => {
    const list = [{ ...stored("a"), name: "a.png", encrypted: false }];
    expect(filesToShow(list, undefined)).toEqual([{ file: list[0], sealed: null }]);
  });

  it("shows an encrypted file under the envelope's name, type and size, with its key", () => {
    const [shown] = filesToShow([stored("a")], [sealed("a")]);
    expect(shown.file).toEqual({ id: "a", name: "a.png", contentType: "image/png", size: 100, encrypted: true });
    expect(shown.sealed).toEqual(sealed("a"));
  });

  it("shows only files both the server and the envelope name, in the server's order", () => {
    const shown = filesToShow([stored("b"), stored("x"), stored("a")], [sealed("a"), sealed("b"), sealed("ghost")]);
    expect(shown.map((s) => s.file.id)).toEqual(["b", "a"]);
    expect(filesToShow([stored("a")], [])).toEqual([]);
  });

  it("treats an odd sealed type as bytes, so it is downloaded rather than shown", () => {
    expect(filesToShow([stored("a")], [sealed("a", { type: "text/html<script>" })])[0].file.contentType).toBe("application/octet-stream");
  });
});
