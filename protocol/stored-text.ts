/**
 * Text that Postgres can store. Two kinds of JavaScript string cannot be: one holding U+0000 (text and jsonb
 * refuse it) and one holding half of a surrogate pair (not Unicode at all; a JSON escape such as "\ud800" is
 * the only way one arrives over a socket or in a request body). Both are refused where they enter, by the socket
 * frame parser and by every REST route, with a clear error, instead of failing the statement that stores them.
 */

/** Why `v` cannot be stored, or null when it can. */
export function unstorable(v: string): string | null {
  if (v.includes("\u0000")) return "may not contain the NUL character (U+0000)";
  if (!v.isWellFormed()) return "must be well-formed Unicode (it holds half of a surrogate pair)";
  return null;
}

/**
 * The first string or key in a JSON value that cannot be stored: its path ("a.b", or "(root)") and why, or null.
 * Iterative, so absurdly deep JSON cannot overflow the stack.
 */
export function unstorablePath(value: unknown): { path: string; why: string } | null {
  const stack: [unknown, string][] = [[value, ""]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === "string") {
      const why = unstorable(v);
      if (why) return { path: path || "(root)", why };
    } else if (v && typeof v === "object") {
      for (const [k, child] of Object.entries(v)) {
        const why = unstorable(k);
        if (why) return { path: path || "(root)", why };
        stack.push([child, path ? `${path}.${k}` : k]);
      }
    }
  }
  return null;
}
