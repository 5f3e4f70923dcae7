/**
 * The socket node-postgres uses inside workerd, made to send each query in one write.
 *
 * pg-cloudflare's socket has no cork()/uncork(), so pg writes the five messages of a parameterised query (Parse,
 * Bind, Describe, Execute, Sync) as five small TCP writes. workerd's outbound sockets do not set TCP_NODELAY, so
 * Nagle's algorithm holds each write until Postgres acknowledges the previous one, and Postgres delays that
 * acknowledgement (it is waiting for Sync): tens of milliseconds per query instead of a fraction of one. Measured
 * in `npm run bench`: a ChannelRoom group commit took 250-350 ms; with this socket, a few milliseconds.
 *
 * pg corks the stream around those five messages when the stream can cork; this adds that. Outside workerd
 * (Node scripts and unit tests) the import is empty and pg keeps its own Node socket.
 */
import * as pgCloudflare from "pg-cloudflare";

type WriteCallback = (error?: unknown) => void;

/** The part of pg-cloudflare's socket this touches (its types resolve to an empty module outside workerd). */
interface CfSocket {
  write(data: Uint8Array | string, encodingOrCallback?: BufferEncoding | WriteCallback, callback?: WriteCallback): true | void;
}
type CfSocketClass = new (ssl: boolean) => CfSocket;

const CloudflareSocket = (pgCloudflare as unknown as { CloudflareSocket?: CfSocketClass }).CloudflareSocket;
let Corked: CfSocketClass | null = null;

function corkedClass(base: CfSocketClass): CfSocketClass {
  if (Corked) return Corked;
  class CorkedSocket extends base {
    private corks = 0;
    private held: Uint8Array[] = [];

    cork(): void {
      this.corks++;
    }

    uncork(): void {
      if (this.corks === 0 || --this.corks > 0 || this.held.length === 0) return;
      const data = Buffer.concat(this.held);
      this.held = [];
      super.write(data);
    }

    write(data: Uint8Array | string, encodingOrCallback?: BufferEncoding | WriteCallback, callback?: WriteCallback): true | void {
      if (this.corks === 0) return super.write(data, encodingOrCallback as BufferEncoding, callback);
      const cb = typeof encodingOrCallback === "function" ? encodingOrCallback : callback;
      this.held.push(typeof data === "string" ? Buffer.from(data, typeof encodingOrCallback === "string" ? encodingOrCallback : "utf8") : data);
      cb?.();
      return true;
    }
  }
  Corked = CorkedSocket;
  return Corked;
}

/** The `stream` option for `new pg.Client(...)`: corking in workerd, pg's default elsewhere. */
export function pgStream(): (() => CfSocket) | undefined {
  if (typeof CloudflareSocket !== "function") return undefined;
  const C = corkedClass(CloudflareSocket);
  return () => new C(false);
}
