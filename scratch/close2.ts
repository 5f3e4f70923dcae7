const base = "http://127.0.0.1:18899";
for (const u of [`ws://127.0.0.1:18899/api/v1/channels/01a2143a-042d-79a1-9e8d-61e9bc01a740/ws?ticket=abc.def`]) {
  const t0 = Date.now();
  await new Promise<void>((resolve) => {
    const ws = new WebSocket(u);
    ws.addEventListener("open", () => console.log("open", Date.now() - t0));
    ws.addEventListener("close", (e) => { console.log("close", e.code, e.reason, Date.now() - t0); resolve(); });
  });
}
process.exit(0);
