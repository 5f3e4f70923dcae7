/**
 * Which methods a path answers to, from the app's route table: an unknown method on a known path is a
 * 405 `method_not_allowed` with an `Allow` header (RFC 9110 §15.5.6), not a 404 that suggests the path is wrong.
 */

export interface RouteEntry {
  method: string;
  path: string;
}

/** Hono route pattern → regular expression: `:name` is one segment, `*` anything (including nothing). */
function patternOf(path: string): RegExp {
  const body = path
    .split("/")
    .map((seg) => (seg === "*" ? ".*" : seg.startsWith(":") ? "[^/]+" : seg.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${body.replace(/\/\.\*$/, "(?:/.*)?")}/?$`);
}

/**
 * Answers which methods have a route (not middleware, not a catch-all) matching a path, sorted, with HEAD wherever
 * GET is (Hono answers HEAD with the GET handler); empty when only catch-alls match (a 404). The route table is
 * read on first use, once every route is registered.
 */
export function methodIndex(routes: () => readonly RouteEntry[]): (path: string) => string[] {
  let table: { method: string; re: RegExp }[] | null = null;
  return (path) => {
    // `use()` middleware is registered as ALL; wildcard routes (static files, the API's 404) match any path.
    table ??= routes()
      .filter((r) => r.method !== "ALL" && !r.path.endsWith("*"))
      .map((r) => ({ method: r.method, re: patternOf(r.path) }));
    const methods = new Set(table.filter((r) => r.re.test(path)).map((r) => r.method));
    if (methods.has("GET")) methods.add("HEAD");
    return [...methods].sort();
  };
}
