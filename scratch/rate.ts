import { register } from "../test/api.ts";
const base = "http://127.0.0.1:18899";
const u = await register(base);
async function bench(label: string, mk: () => Promise<Response>, N = 300, conc = 20) {
  let done = 0; const t0 = performance.now();
  await Promise.all(Array.from({ length: conc }, async () => { while (done < N) { done++; const r = await mk(); await r.text(); } }));
  console.log(`${label}: ${Math.round(N / ((performance.now() - t0) / 1000))}/s`);
}
await bench("healthz (db select 1)", () => fetch(base + "/healthz"));
await bench("users/me", () => fetch(base + "/api/v1/users/me", { headers: { authorization: "Bearer " + u.accessToken } }));
await bench("404 api", () => fetch(base + "/api/v1/nope"));
process.exit(0);
