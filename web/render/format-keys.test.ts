import { describe, expect, it } from "vitest";
import { formatMarker, toggleFormat, type FormatEdit } from "./format-keys.ts";

/** Applies an edit and shows the selection as [brackets]. */
function apply(value: string, e: FormatEdit): string {
  const out = value.slice(0, e.from) + e.text + value.slice(e.to);
  return `${out.slice(0, e.selStart)}[${out.slice(e.selStart, e.selEnd)}]${out.slice(e.selEnd)}`;
}

describe("formatting shortcuts", () => {
  it("knows which keys format and how", () => {
    const k = (key: string, mods: Partial<KeyboardEvent> = {}) => formatMarker({ key, ctrlKey: true, metaKey: false, shiftKey: false, altKey: false, ...mods });
    expect(k("b")).toBe("**");
    expect(k("I")).toBe("*");
    expect(k("e")).toBe("`");
    expect(k("X", { shiftKey: true })).toBe("~~");
    expect(k("S", { shiftKey: true })).toBe("||");
    expect(k("b", { ctrlKey: false, metaKey: true })).toBe("**");
    expect(k("b", { ctrlKey: false })).toBeNull();
    expect(k("b", { altKey: true })).toBeNull();
    expect(k("x")).toBeNull();
    expect(k("k")).toBeNull();
  });

  it("wraps the selection, keeping the spaces around it outside", () => {
    expect(apply("make it bold now", toggleFormat("make it bold now", 8, 12, "**"))).toBe("make it **[bold]** now");
    expect(apply("make it bold now", toggleFormat("make it bold now", 7, 13, "*"))).toBe("make it *[bold]* now");
    expect(apply("x", toggleFormat("x", 0, 1, "||"))).toBe("||[x]||");
  });

  it("puts markers around the caret when nothing is selected", () => {
    expect(apply("say ", toggleFormat("say ", 4, 4, "`"))).toBe("say `[]`");
  });

  it("unwraps text already wrapped, whether the markers are selected or around the selection", () => {
    expect(apply("a **b** c", toggleFormat("a **b** c", 4, 5, "**"))).toBe("a [b] c");
    expect(apply("a **b** c", toggleFormat("a **b** c", 2, 7, "**"))).toBe("a [b] c");
    expect(apply("a ~~b~~", toggleFormat("a ~~b~~", 4, 5, "~~"))).toBe("a [b]");
  });

  it("does not take italic for the inside of bold", () => {
    expect(apply("**b**", toggleFormat("**b**", 2, 3, "*"))).toBe("***[b]***");
    expect(apply("***b***", toggleFormat("***b***", 3, 4, "*"))).toBe("**[b]**");
    expect(apply("**b**", toggleFormat("**b**", 0, 5, "*"))).toBe("*[**b**]*");
  });
});
