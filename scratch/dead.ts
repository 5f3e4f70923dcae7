const ws = new WebSocket("ws://127.0.0.1:18897/x");
const t0 = Date.now();
ws.addEventListener("error", (e) => console.log("error", Date.now() - t0));
ws.addEventListener("close", (e) => { console.log("close", e.code, Date.now() - t0); process.exit(0); });
setTimeout(() => { console.log("nothing after 3s"); process.exit(1); }, 3000);
