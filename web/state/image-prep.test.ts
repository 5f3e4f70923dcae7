import { describe, expect, it } from "vitest";
import { AVATAR_PX, BANNER_WIDTH_PX, fitPicture, pictureRefusal } from "./image-prep.ts";

describe("fitPicture", () => {
  it("crops a centred square and scales it down to the avatar size", () => {
    expect(fitPicture(1000, 600, "square")).toEqual({ sx: 200, sy: 0, sw: 600, sh: 600, dw: AVATAR_PX, dh: AVATAR_PX });
    expect(fitPicture(100, 120, "square")).toEqual({ sx: 0, sy: 10, sw: 100, sh: 100, dw: 100, dh: 100 });
  });
  it("cuts a banner to 3:1 and at most the banner width", () => {
    expect(fitPicture(3000, 2000, "banner")).toEqual({ sx: 0, sy: 500, sw: 3000, sh: 1000, dw: BANNER_WIDTH_PX, dh: 400 });
    expect(fitPicture(600, 100, "banner")).toEqual({ sx: 150, sy: 0, sw: 300, sh: 100, dw: 300, dh: 100 });
  });
});

describe("pictureRefusal", () => {
  it("takes the four image types and refuses others and oversized GIFs", () => {
    expect(pictureRefusal({ type: "image/png", size: 10 }, 100)).toBeNull();
    expect(pictureRefusal({ type: "image/svg+xml", size: 10 }, 100)).toMatch(/PNG, JPEG, GIF or WebP/);
    expect(pictureRefusal({ type: "image/gif", size: 200 }, 100)).toMatch(/larger/);
  });
});
