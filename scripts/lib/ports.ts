import net from "node:net";

/** True when nothing listens on host:port (we could bind it). */
export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** The first free port at or after `start`. */
export async function firstFreePort(start: number, host = "127.0.0.1"): Promise<number> {
  for (let port = start; port < start + 200; port++) if (await isPortFree(port, host)) return port;
  throw new Error(`no free port in ${start}-${start + 199}`);
}

/** A free port chosen by the kernel. */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
