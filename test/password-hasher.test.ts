/**
 * Password hashing in the hasher process beside workerd (workers/auth/password-hasher.ts): the Argon2 work of
 * sign-ins leaves the thread every conversation of the main process shares, and sign-ins keep working while the
 * hasher is down.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, register, STRONG_PASSWORD } from "./api.ts";
import { startServer, type TestServer } from "./harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/** utime + stime of a process, in clock ticks. */
function cpuTicks(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

async function signIn(username: string) {
  return api(server.url, "POST", "/api/v1/auth/login", { body: { username, password: STRONG_PASSWORD } });
}

describe("the hasher process", () => {
  it("does the hashing of sign-ins, so the main process's thread does not", async () => {
    const { user } = await register(server.url);
    const [main, hasher] = server.pids();
    expect(hasher).toBeGreaterThan(0);
    const before = [cpuTicks(main), cpuTicks(hasher)];
    for (let i = 0; i < 4; i++) expect((await signIn(user.username)).status).toBe(200);
    const [mainTicks, hasherTicks] = [cpuTicks(main) - before[0], cpuTicks(hasher) - before[1]];
    // Four Argon2id hashes over 64 MiB are hundreds of milliseconds of CPU; the rest of a sign-in is a few.
    expect(hasherTicks).toBeGreaterThan(2 * mainTicks);
    expect((await signIn(user.username).then((r) => r.status))).toBe(200);
    expect((await api(server.url, "POST", "/api/v1/auth/login", { body: { username: user.username, password: "wrong horse battery staple 42" } })).status).toBe(401);
  });

  it("keeps sign-ins working while the hasher is down, and is started again", async () => {
    const { user } = await register(server.url);
    const [, hasher] = server.pids();
    process.kill(hasher, "SIGKILL");
    expect((await signIn(user.username)).status).toBe(200);
    await expect.poll(() => server.pids()[1], { timeout: 10_000 }).not.toBe(hasher);
    expect((await signIn(user.username)).status).toBe(200);
  });

  it("is not reachable through the public port", async () => {
    const res = await api(server.url, "POST", "/derive", { body: { password: "", salt: "AAAAAAAAAAA=", memoryKib: 8, iterations: 1, parallelism: 1, hashLength: 4 } });
    expect(res.status).toBe(404);
  });
});
