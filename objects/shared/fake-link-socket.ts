/** For tests of the line to a commit shard (shard-link.test.ts, commit-io.test.ts); not part of any bundle. */
import { decodeRequest, encodeAnswer } from "./shard-link.ts";

/** Just enough of a client WebSocket: records frames, lets the test answer and close. */
export class FakeSocket {
  sent: string[] = [];
  closed = false;
  private listeners = new Map<string, Array<(e: { data?: unknown }) => void>>();
  accept() {}
  addEventListener(type: string, fn: (e: { data?: unknown }) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  send(data: string) {
    if (this.closed) throw new Error("closed");
    this.sent.push(data);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data?: string) {
    for (const fn of this.listeners.get(type) ?? []) fn({ data });
  }
  /** Answers the request in frame `i` with `result`. */
  answer(i: number, result: object) {
    this.emit("message", encodeAnswer(decodeRequest(this.sent[i])!.id, result as never));
  }
}
