/**
 * The one HTTP client of the web app. JSON in and out; every non-2xx answer becomes an ApiError carrying the
 * server's `{ error: { code, message, details } }`. An access token that has expired is refreshed once (single
 * flight, across tabs too) and the request replayed, so callers never see `token_expired`.
 */
import type { ErrorCode } from "../../protocol/errors.ts";
import type { TokenStore } from "./tokens.ts";

/** An upload: its type, progress, cancellation, and the method (POST creates, PUT replaces a picture). */
export interface UploadOptions {
  contentType: string;
  method?: "POST" | "PUT";
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | "network_error",
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface RequestOptions {
  /** Send the access token (default true). Auth endpoints that must work signed out pass false. */
  auth?: boolean;
  signal?: AbortSignal;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
}

export class Api {
  private refreshing: Promise<boolean> | null = null;
  /** Called when the session is gone for good (refresh refused): the app returns to the login screen. */
  onSignedOut: () => void = () => {};

  constructor(
    private readonly tokens: TokenStore,
    private readonly base = "",
  ) {}

  get<T>(path: string, opts?: RequestOptions): Promise<T> {
    return this.request<T>("GET", path, undefined, opts);
  }
  post<T>(path: string, body?: unknown, opts?: RequestOptions): Promise<T> {
    return this.request<T>("POST", path, body, opts);
  }
  patch<T>(path: string, body?: unknown, opts?: RequestOptions): Promise<T> {
    return this.request<T>("PATCH", path, body, opts);
  }
  put<T>(path: string, body?: unknown, opts?: RequestOptions): Promise<T> {
    return this.request<T>("PUT", path, body, opts);
  }
  delete<T>(path: string, body?: unknown, opts?: RequestOptions): Promise<T> {
    return this.request<T>("DELETE", path, body, opts);
  }

  /** A binary download (e.g. the data export), with the same auth and refresh as JSON calls. */
  async blob(path: string): Promise<Blob> {
    let res = await this.send("GET", path, undefined, true);
    if (res.status === 401 && (await readError(res.clone())).code === "token_expired" && (await this.refresh())) res = await this.send("GET", path, undefined, true);
    if (!res.ok) throw this.maybeSignOut(await readError(res));
    return res.blob();
  }

  /**
   * Uploads raw bytes (a file) with progress, through XMLHttpRequest since fetch reports no upload progress. The
   * same auth and one refresh-and-replay as JSON calls; `signal` aborts (rejecting with an AbortError).
   */
  async upload<T>(path: string, body: Blob, opts: UploadOptions): Promise<T> {
    let res = await this.sendXhr(path, body, opts);
    if (res.status === 401) {
      const err = errorFrom(res.status, res.text);
      if (err.code !== "token_expired") throw this.maybeSignOut(err);
      if (!(await this.refresh())) throw err;
      res = await this.sendXhr(path, body, opts);
    }
    if (res.status < 200 || res.status >= 300) throw this.maybeSignOut(errorFrom(res.status, res.text));
    return (res.text ? JSON.parse(res.text) : undefined) as T;
  }

  private sendXhr(path: string, body: Blob, opts: UploadOptions): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const signal = opts.signal;
      if (signal?.aborted) return reject(new DOMException("The upload was cancelled.", "AbortError"));
      const xhr = new XMLHttpRequest();
      xhr.open(opts.method ?? "POST", this.base + path);
      xhr.setRequestHeader("accept", "application/json");
      xhr.setRequestHeader("content-type", opts.contentType);
      const token = this.tokens.accessToken;
      if (token) xhr.setRequestHeader("authorization", `Bearer ${token}`);
      const onAbort = () => xhr.abort();
      signal?.addEventListener("abort", onAbort, { once: true });
      const done = () => signal?.removeEventListener("abort", onAbort);
      if (opts.onProgress) xhr.upload.onprogress = (e) => opts.onProgress!(e.loaded, e.lengthComputable ? e.total : body.size);
      xhr.onload = () => (done(), resolve({ status: xhr.status, text: xhr.responseText }));
      xhr.onerror = () => (done(), reject(new ApiError(0, "network_error", "Can't reach the server. Check your connection.")));
      xhr.onabort = () => (done(), reject(new DOMException("The upload was cancelled.", "AbortError")));
      xhr.send(body);
    });
  }

  async request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
    const useAuth = opts.auth ?? true;
    const first = await this.send(method, path, body, useAuth, opts.signal);
    if (first.status === 401 && useAuth) {
      const err = await readError(first);
      if (err.code !== "token_expired") throw this.maybeSignOut(err);
      if (!(await this.refresh())) throw err;
      const second = await this.send(method, path, body, useAuth, opts.signal);
      return this.finish<T>(second);
    }
    return this.finish<T>(first);
  }

  private async send(method: string, path: string, body: unknown, useAuth: boolean, signal?: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    const token = this.tokens.accessToken;
    if (useAuth && token) headers.authorization = `Bearer ${token}`;
    try {
      return await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
    } catch (e) {
      if ((e as Error).name === "AbortError") throw e;
      throw new ApiError(0, "network_error", "Can't reach the server. Check your connection.");
    }
  }

  private async finish<T>(res: Response): Promise<T> {
    if (!res.ok) throw this.maybeSignOut(await readError(res));
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private maybeSignOut(err: ApiError): ApiError {
    if ((err.status === 401 && (err.code === "invalid_token" || err.code === "invalid_refresh_token")) || err.code === "account_suspended") {
      this.tokens.clear();
      this.onSignedOut();
    }
    return err;
  }

  /**
   * Trades the refresh token for a new pair. One refresh at a time per tab (a shared promise), and one across
   * tabs (a Web Lock): the server treats a second use of a rotated refresh token as theft and ends the session,
   * so two tabs racing would sign each other out. Inside the lock, a token another tab already rotated is adopted.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.refreshLocked().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refreshLocked(): Promise<boolean> {
    const seen = this.tokens.refreshToken;
    const run = async () => {
      this.tokens.reload();
      const current = this.tokens.refreshToken;
      if (!current) return false;
      if (current !== seen && this.tokens.accessToken) return true;
      const res = await this.send("POST", "/api/v1/auth/refresh", { refreshToken: current }, false);
      if (!res.ok) {
        const err = await readError(res);
        // A network or server failure leaves the session intact; only a refused token ends it.
        if (err.status === 401 || err.status === 403) {
          this.tokens.clear();
          this.onSignedOut();
        }
        return false;
      }
      const pair = (await res.json()) as Session;
      this.tokens.set(pair);
      return true;
    };
    if (typeof navigator !== "undefined" && navigator.locks) return navigator.locks.request("hearth-token-refresh", run);
    return run();
  }
}

/** The ApiError for an answer read as text (an upload's): the server's JSON error, else one naming the status. */
function errorFrom(status: number, text: string): ApiError {
  try {
    const body = JSON.parse(text) as { error?: { code?: ErrorCode; message?: string; details?: Record<string, unknown> } };
    if (body?.error?.code) return new ApiError(status, body.error.code, body.error.message ?? "Something went wrong.", body.error.details ?? {});
  } catch {
    /* not JSON: fall through */
  }
  return new ApiError(status, status >= 500 ? "internal" : "not_found", `The server answered ${status}.`);
}

async function readError(res: Response): Promise<ApiError> {
  let text = "";
  try {
    text = await res.text();
  } catch {
    /* the body broke off: the status alone speaks */
  }
  return errorFrom(res.status, text);
}
