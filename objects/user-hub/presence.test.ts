import { describe, expect, it } from "vitest";
import { hasOpenSocket } from "./presence.ts";

describe("hasOpenSocket", () => {
  const open = { readyState: 1 };
  const closing = { readyState: 2 };
  it("is true while another socket is open", () => {
    expect(hasOpenSocket([open, { readyState: 1 }], open)).toBe(true);
  });
  it("ignores the socket being closed and sockets no longer open", () => {
    expect(hasOpenSocket([open, closing, { readyState: 3 }], open)).toBe(false);
    expect(hasOpenSocket([])).toBe(false);
  });
});
