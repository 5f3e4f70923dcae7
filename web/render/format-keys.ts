/**
 * The composer's formatting shortcuts: Ctrl/⌘+B bold, +I italic, +E inline code, +Shift+X strikethrough,
 * +Shift+S spoiler. Each wraps the selection in the markdown markers (or, with nothing selected, puts the markers
 * around the caret), and takes them off again when the selection is already wrapped, as word processors toggle.
 * Pure: the composer applies the edit through the browser's own insertText, so Ctrl+Z undoes it.
 */

export interface FormatEdit {
  /** The range of the text to replace, and what replaces it. */
  from: number;
  to: number;
  text: string;
  /** The selection afterwards. */
  selStart: number;
  selEnd: number;
}

/** The marker a key combination stands for, or null when it is not a formatting shortcut. */
export function formatMarker(e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">): string | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (!e.shiftKey) return key === "b" ? "**" : key === "i" ? "*" : key === "e" ? "`" : null;
  return key === "x" ? "~~" : key === "s" ? "||" : null;
}

/** Whether `marker` sits right around [start, end) as itself, not as part of a longer run (`*` inside `**`). */
function wrappedBy(value: string, start: number, end: number, marker: string): boolean {
  const m = marker.length;
  if (start < m || value.slice(start - m, start) !== marker || value.slice(end, end + m) !== marker) return false;
  const c = marker[0];
  // "**bold**" is not italic: the character beyond the marker must not continue the run (unless it is "***").
  const before = value[start - m - 1];
  const after = value[end + m];
  if (marker === "*" && before === c && after === c) return value.slice(start - 3, start) === "***";
  return true;
}

/** The edit that toggles `marker` around the selection [start, end) of `value`. */
export function toggleFormat(value: string, start: number, end: number, marker: string): FormatEdit {
  const m = marker.length;
  const selected = value.slice(start, end);
  // The selection includes its markers ("**bold**" selected whole): unwrap it.
  if (selected.length >= 2 * m && selected.startsWith(marker) && selected.endsWith(marker) && (marker !== "*" || !selected.startsWith("**") || selected.startsWith("***"))) {
    const inner = selected.slice(m, selected.length - m);
    return { from: start, to: end, text: inner, selStart: start, selEnd: start + inner.length };
  }
  if (wrappedBy(value, start, end, marker)) return { from: start - m, to: end + m, text: selected, selStart: start - m, selEnd: end - m };
  // Spaces at the edges of a double-clicked word stay outside the markers (markdown ignores "** bold **").
  const lead = selected.length - selected.trimStart().length;
  const trail = selected.length - selected.trimEnd().length;
  const core = selected.trim();
  if (!core) return { from: start, to: end, text: `${selected}${marker}${marker}`, selStart: end + m, selEnd: end + m };
  const text = `${selected.slice(0, lead)}${marker}${core}${marker}${selected.slice(selected.length - trail)}`;
  return { from: start, to: end, text, selStart: start + lead + m, selEnd: start + lead + m + core.length };
}
