/**
 * The service worker: an offline shell. The app's HTML is network-first (so a deploy shows at once) with the
 * cached copy as the fallback; hashed assets, fonts and icons are cache-first (they never change under a name).
 * API calls and sockets are never touched: stale data is worse than an honest "offline". It also shows the Web Push
 * notices the server sends while no Hearth tab is open (docs/api/push.md), and opens the conversation on a click.
 */
// The project compiles with the DOM lib (not webworker), so the few service-worker types used are named here.
interface SwExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface SwFetchEvent extends SwExtendableEvent {
  readonly request: Request;
  respondWith(r: Response | Promise<Response>): void;
}
interface SwPushEvent extends SwExtendableEvent {
  readonly data: { json(): unknown } | null;
}
interface SwNotificationEvent extends SwExtendableEvent {
  readonly notification: Notification;
}
interface SwWindowClient {
  url: string;
  focus(): Promise<unknown>;
  navigate(url: string): Promise<unknown>;
}
interface SwScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void>; matchAll(opts: { type: "window"; includeUncontrolled: boolean }): Promise<SwWindowClient[]>; openWindow(url: string): Promise<unknown> };
  registration: ServiceWorkerRegistration;
  addEventListener(type: "install" | "activate", fn: (e: SwExtendableEvent) => void): void;
  addEventListener(type: "fetch", fn: (e: SwFetchEvent) => void): void;
  addEventListener(type: "push", fn: (e: SwPushEvent) => void): void;
  addEventListener(type: "notificationclick", fn: (e: SwNotificationEvent) => void): void;
}
const sw = globalThis as unknown as SwScope;
/** Every built asset, injected by scripts/build-web.ts. */
declare const __PRECACHE__: string[];

/** Named after the asset list, so each deploy gets a fresh cache and the old one is dropped on activate. */
const CACHE = `hearth-shell-${hash(__PRECACHE__.join(","))}`;
const SHELL = "/index.html";

function hash(s: string): string {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return (h >>> 0).toString(36);
}

/** Fetches the shell and every built asset, so the next load works with no network. */
async function precache(): Promise<void> {
  const cache = await caches.open(CACHE);
  const res = await fetch("/", { cache: "no-store" });
  if (!res.ok) return;
  const html = await res.clone().text();
  await cache.put(SHELL, res);
  const linked = [...html.matchAll(/(?:src|href)="(\/(?:assets|fonts|icons)\/[^"]+)"/g)].map((m) => m[1]);
  await Promise.all([...new Set([...linked, ...__PRECACHE__, "/manifest.webmanifest"])].map((u) => cache.add(u).catch(() => {})));
}

sw.addEventListener("install", (e) => {
  e.waitUntil(precache().then(() => sw.skipWaiting()));
});

sw.addEventListener("activate", (e) => {
  e.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener("fetch", (e) => {
  const req = e.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== sw.location.origin || url.pathname.startsWith("/api/") || url.pathname === "/healthz") return;

  if (req.mode === "navigate") {
    e.respondWith(
      (async () => {
        try {
          const res = await fetch(req);
          if (res.ok) {
            const cache = await caches.open(CACHE);
            await cache.put(SHELL, res.clone());
          }
          return res;
        } catch {
          return (await caches.match(SHELL)) ?? new Response("Hearth is offline.", { status: 503, headers: { "content-type": "text/plain" } });
        }
      })(),
    );
    return;
  }

  if (/^\/(assets|fonts|icons)\//.test(url.pathname)) {
    e.respondWith(
      (async () => {
        const hit = await caches.match(req);
        if (hit) return hit;
        const res = await fetch(req);
        if (res.ok) {
          const cache = await caches.open(CACHE);
          await cache.put(req, res.clone());
        }
        return res;
      })(),
    );
  }
});

/** What a push carries (objects/user-hub/push.ts): who wrote in which conversation, never what. */
interface PushNotice {
  kind: "dm";
  channelId: string;
  authorName: string;
  url: string;
}

sw.addEventListener("push", (e) => {
  let notice: PushNotice | null = null;
  try {
    notice = e.data?.json() as PushNotice;
  } catch {
    notice = null;
  }
  const title = notice?.authorName ? `${notice.authorName}` : "Hearth";
  const url = notice?.url?.startsWith("/") ? notice.url : "/";
  e.waitUntil(
    sw.registration.showNotification(title, {
      body: "New direct message",
      tag: notice?.channelId ?? "hearth",
      icon: "/icons/icon-192.png",
      data: { url },
    }),
  );
});

sw.addEventListener("notificationclick", (e) => {
  e.notification.close();
  const url = (e.notification.data as { url?: string } | null)?.url ?? "/";
  e.waitUntil(
    (async () => {
      const open = await sw.clients.matchAll({ type: "window", includeUncontrolled: true });
      const tab = open.find((c) => new URL(c.url).origin === sw.location.origin);
      if (tab) {
        await tab.navigate(url).catch(() => {});
        await tab.focus();
      } else await sw.clients.openWindow(url);
    })(),
  );
});
