import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorBody, ErrorCode } from "../protocol/errors.ts";

/** An expected failure: rendered as `{ error: { code, message, details } }` with its status. */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export function errorBody(code: ErrorCode, message: string, details?: Record<string, unknown>): ErrorBody {
  return details ? { error: { code, message, details } } : { error: { code, message } };
}

/** app.onError: AppError as itself, anything else as 500 `internal` with a request id and the stack only in the log. */
export function renderError(err: Error, c: Context): Response {
  return errorResponse(err, (c.get("requestId") as string | undefined) ?? "unknown");
}

/** The response renderError gives, for code outside the app (the Worker's socket fast path). */
export function errorResponse(err: unknown, requestId = "unknown"): Response {
  if (err instanceof AppError) return Response.json(errorBody(err.code, err.message, err.details), { status: err.status, headers: err.headers });
  console.error(`request ${requestId} failed:`, redact(err instanceof Error ? err : new Error(String(err))));
  return Response.json(errorBody("internal", `Something went wrong on the server (request ${requestId}).`, { requestId }), { status: 500 });
}

/**
 * What to log for an unexpected error. drizzle's query errors append the bound parameters, which can hold
 * password hashes or tokens: keep the SQL text and the database's own reason, drop the values.
 */
export function redact(err: Error): string {
  const stack = (err.stack ?? err.message).replace(/\nparams: [\s\S]*?(?=\n {4}at |$)/, "\nparams: [redacted]");
  const cause = err.cause instanceof Error ? `\ncaused by: ${err.cause.message}` : "";
  return stack + cause;
}
