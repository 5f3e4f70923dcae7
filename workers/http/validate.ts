import type { Context } from "hono";
import { z } from "zod";
import { MAX_JSON_BODY_BYTES } from "../../protocol/limits.ts";
import { AppError } from "../errors.ts";
import { unstorablePath } from "../../protocol/stored-text.ts";

/** A 32-byte key (Ed25519 or X25519 public key) as unpadded base64url. */
export const keySchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "Expected a 32-byte key as unpadded base64url (43 characters).");

/** zod issues → `{ fields: { "path.to.field": "message" } }`, the shape clients show next to inputs. */
function issueDetails(error: z.ZodError): Record<string, unknown> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "(root)";
    fields[key] ??= issue.message;
  }
  return { fields };
}

/**
 * Reads and validates a JSON body: refuses a wrong content type, more than MAX_JSON_BODY_BYTES (counting the
 * bytes actually read, whatever Content-Length claims), malformed JSON and anything the schema rejects.
 */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
  }
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > MAX_JSON_BODY_BYTES) {
    await drainRefusedBody(c, declared);
    throw tooLarge();
  }
  const text = await readLimited(c.req.raw, MAX_JSON_BODY_BYTES);
  let value: unknown;
  try {
    value = text.length ? JSON.parse(text) : undefined;
  } catch {
    throw new AppError(400, "invalid_json", "The request body is not valid JSON.");
  }
  const bad = unstorablePath(value);
  if (bad) throw new AppError(400, "invalid_body", "The request body is not valid.", { fields: { [bad.path]: `Text ${bad.why}.` } });
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError(400, "invalid_body", "The request body is not valid.", issueDetails(parsed.error));
  return parsed.data;
}

/** Like jsonBody, but a missing or empty body counts as `{}` (for routes whose fields are all optional). */
export async function optionalJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const length = c.req.header("content-length");
  if (!c.req.header("content-type") && (length === undefined || length === "0")) {
    const parsed = schema.safeParse({});
    if (parsed.success) return parsed.data;
  }
  return jsonBody(c, schema);
}

export function query<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const values = c.req.query();
  const bad = unstorablePath(values);
  if (bad) throw new AppError(400, "invalid_query", "The query string is not valid.", { fields: { [bad.path]: `Text ${bad.why}.` } });
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new AppError(400, "invalid_query", "The query string is not valid.", issueDetails(parsed.error));
  return parsed.data;
}

export function params<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const values = c.req.param();
  // A path segment holding text Postgres cannot store cannot name anything we store.
  if (unstorablePath(values) !== null) throw new AppError(404, "not_found", "Nothing exists at this address.");
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new AppError(404, "not_found", "Nothing exists at this address.", issueDetails(parsed.error));
  return parsed.data;
}

/**
 * A refused body up to this size is read to its end (for at most DRAIN_MS) before the 413 goes out. Answering while
 * the client is still sending makes the runtime close the connection under it, and the client sees a reset instead
 * of the answer (seen in the hostile-input tests: `write ECONNRESET` for a 2 MiB body). Beyond either bound, closing
 * is cheaper than reading, and a client that declares more than it sends is not waited for.
 */
const DRAIN_LIMIT_BYTES = 8 * 1024 * 1024;
const DRAIN_MS = 1000;

/**
 * Before refusing a request whose declared body is too large (413): reads it away when it is small enough to, so
 * the client gets the answer rather than a reset connection. For JSON bodies and uploads refused by their
 * Content-Length alike.
 */
export async function drainRefusedBody(c: Context, declared: number): Promise<void> {
  if (declared <= DRAIN_LIMIT_BYTES) await drain(c.req.raw.body?.getReader(), declared);
}

/** Reads and discards up to `max` more bytes for up to DRAIN_MS, then lets go of the rest. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array> | undefined, max: number): Promise<void> {
  if (!reader) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), DRAIN_MS)));
  try {
    for (let left = max; left > 0; ) {
      const read = await Promise.race([reader.read(), late]);
      if (read === "late" || read.done) break;
      left -= read.value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away: nothing to answer.
  } finally {
    clearTimeout(timer);
  }
}

function tooLarge(): AppError {
  return new AppError(413, "payload_too_large", `Request bodies are limited to ${MAX_JSON_BODY_BYTES} bytes.`);
}

async function readLimited(request: Request, limit: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await drain(reader, DRAIN_LIMIT_BYTES - total);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const all = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(all);
  } catch {
    throw new AppError(400, "invalid_json", "The request body is not valid UTF-8.");
  }
}

/** Shared field schemas. */
export const uuidSchema = z.string().uuid();
