import { register } from "../test/api.ts";
const base = "http://127.0.0.1:18899";
const u = await register(base);
const c = await (await fetch(base + "/api/v1/communities", { method: "POST", headers: { authorization: "Bearer " + u.accessToken, "content-type": "application/json" }, body: JSON.stringify({ name: "x" }) })).json();
const chans = await (await fetch(base + `/api/v1/communities/${c.id}/channels`, { headers: { authorization: "Bearer " + u.accessToken } })).json();
const ch = chans.channels[0].id;
for (const conc of [10, 50]) {
  const N = 1000; let done = 0; const t0 = performance.now();
  await Promise.all(Array.from({ length: conc }, async () => { while (done < N) { done++; const r = await fetch(base + `/api/v1/channels/${ch}/ws-ticket`, { method: "POST", headers: { authorization: "Bearer " + u.accessToken } }); await r.text(); if (r.status !== 201) throw new Error(String(r.status)); } }));
  console.log(`conc ${conc}: ${Math.round(N / ((performance.now() - t0) / 1000))} tickets/s`);
}
process.exit(0);
