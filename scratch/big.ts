import { register } from "../test/api.ts";
import { joinChannel } from "../test/realtime-client.ts";
const base = "http://127.0.0.1:18899";
const u = await register(base);
const c = await (await fetch(base + "/api/v1/communities", { method: "POST", headers: { authorization: "Bearer " + u.accessToken, "content-type": "application/json" }, body: JSON.stringify({ name: "x" }) })).json();
const chans = await (await fetch(base + `/api/v1/communities/${c.id}/channels`, { headers: { authorization: "Bearer " + u.accessToken } })).json();
for (const size of [500_000, 1024 * 1024 + 10, 2_000_000]) {
  const { socket } = await joinChannel(base, u.accessToken, chans.channels[0].id);
  socket.send("x".repeat(size));
  const t = setTimeout(() => console.log(size, "still open", socket.frames.slice(-1)), 3000);
  const closed = await Promise.race([socket.closed, new Promise((r) => setTimeout(() => r("timeout"), 3500))]);
  clearTimeout(t);
  console.log(size, JSON.stringify(closed), JSON.stringify(socket.frames.slice(-1)));
}
process.exit(0);
