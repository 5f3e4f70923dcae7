import { describe, expect, it } from "vitest";
import { attachmentKind, fitWithin, formatBytes } from "./file-format.ts";

describe("formatBytes", () => {
  it("counts small sizes in bytes", () => {
    expect(formatBytes(0)).toBe("0 bytes");
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(1023)).toBe("1023 bytes");
  });

  it("uses one decimal under ten units and whole numbers above", () => {
    expect(formatBytes(1024)).toBe("1 KB");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(25 * 1024 * 1024)).toBe("25 MB");
    expect(formatBytes(3.25 * 1024 ** 3)).toBe("3.3 GB");
  });

  it("moves to the next unit instead of showing 1024 of one", () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe("1 MB");
  });

  it("says nothing for sizes that are not sizes", () => {
    expect(formatBytes(-1)).toBe("");
    expect(formatBytes(Number.NaN)).toBe("");
  });
});

describe("attachmentKind", () => {
  it("previews the image types the server serves inline", () => {
    expect(attachmentKind("image/png")).toBe("image");
    expect(attachmentKind("IMAGE/JPEG")).toBe("image");
  });

  it("plays inline video and audio", () => {
    expect(attachmentKind("video/mp4")).toBe("video");
    expect(attachmentKind("audio/ogg; codecs=opus")).toBe("audio");
  });

  it("offers everything else as a download, scriptable images included", () => {
    expect(attachmentKind("image/svg+xml")).toBe("file");
    expect(attachmentKind("video/quicktime")).toBe("file");
    expect(attachmentKind("text/plain")).toBe("file");
    expect(attachmentKind("application/octet-stream")).toBe("file");
  });
});

describe("fitWithin", () => {
  it("keeps small images at their own size", () => {
    expect(fitWithin(120, 80)).toEqual({ width: 120, height: 80 });
  });

  it("scales wide and tall images down to the box, keeping the ratio", () => {
    expect(fitWithin(1600, 900)).toEqual({ width: 400, height: 225 });
    expect(fitWithin(900, 1600)).toEqual({ width: 169, height: 300 });
  });

  it("never collapses a sliver to zero", () => {
    expect(fitWithin(10000, 1)).toEqual({ width: 400, height: 1 });
  });
});
