import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { firstFreePort, freePort, isPortFree } from "./ports.ts";

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function occupy(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    servers.push(server);
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
}

describe("firstFreePort (embedded PostgreSQL's port choice)", () => {
  it("picks the preferred port itself when nothing listens there", async () => {
    const port = await freePort();
    expect(await firstFreePort(port)).toBe(port);
  });

  it("moves past a port that is taken, as when a system PostgreSQL holds 5432", async () => {
    const port = await freePort();
    await occupy(port);
    expect(await isPortFree(port)).toBe(false);
    const chosen = await firstFreePort(port);
    expect(chosen).toBeGreaterThan(port);
    expect(await isPortFree(chosen)).toBe(true);
  });
});
