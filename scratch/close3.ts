import { register } from "../test/api.ts";
const base = "http://127.0.0.1:18899";
const u = await register(base);
const c = await (await fetch(base + "/api/v1/communities", { method: "POST", headers: { authorization: "Bearer " + u.accessToken, "content-type": "application/json" }, body: JSON.stringify({ name: "x" }) })).json();
const chans = await (await fetch(base + `/api/v1/communities/${c.id}/channels`, { headers: { authorization: "Bearer " + u.accessToken } })).json();
const ch = chans.channels[0].id;
const t = await (await fetch(base + `/api/v1/channels/${ch}/ws-ticket`, { method: "POST", headers: { authorization: "Bearer " + u.accessToken } })).json();
for (let i = 0; i < 2; i++) {
  const t0 = Date.now();
  await new Promise<void>((resolve) => {
    const ws = new WebSocket(t.url);
    ws.addEventListener("open", () => { console.log("open", Date.now() - t0); if (i === 0) resolve(); });
    ws.addEventListener("close", (e) => { console.log("close", e.code, e.reason, Date.now() - t0); resolve(); });
  });
}
process.exit(0);
