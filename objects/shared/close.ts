/**
 * Answers a client's close frame. Without it the client waits out its close timeout (about 30 s in Node and
 * browsers) before it sees the socket closed; 1005/1006 are not sendable codes, so they become 1000.
 */
export function completeClose(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
  } catch {
    // already closed by the runtime
  }
}
