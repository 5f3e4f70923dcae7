/**
 * Web Push on this browser (docs/api/push.md): subscribing through the service worker with the server's key and
 * handing the subscription to the server, or ending it. While subscribed, the server pushes a notice of each direct
 * message that arrives when no Hearth tab is open; the service worker (web/sw.ts) shows it.
 */
import { base64urlnopad } from "@scure/base";
import type { Api } from "./api.ts";
import { Notifier } from "./store.ts";

export type PushStatus = "unknown" | "unsupported" | "off" | "on" | "busy" | "denied" | "error";

const ENDPOINT = "/api/v1/users/me/push-subscriptions";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The service worker's registration, or null when there is none within a few seconds (no SW, or it failed). */
async function registration(): Promise<ServiceWorkerRegistration | null> {
  if (!("serviceWorker" in navigator)) return null;
  return Promise.race([navigator.serviceWorker.ready, new Promise<null>((r) => setTimeout(() => r(null), 5_000))]);
}

export class PushStore extends Notifier {
  status: PushStatus = "unknown";
  /** Why the last attempt failed, in words for the settings page. */
  error: string | null = null;

  constructor(
    private readonly api: Api,
    private readonly pushKey: () => Promise<string | null>,
    /** The conversations this browser muted (prefs.ts): the server pushes nothing for them. */
    private readonly muted: () => readonly string[] = () => [],
  ) {
    super();
  }

  /** The subscription as the server takes it, with this browser's muted conversations. */
  private body(sub: PushSubscription) {
    const ids = this.muted().filter((id) => UUID.test(id));
    return { ...sub.toJSON(), mutedChannelIds: ids };
  }

  /** The muted conversations changed: a subscribed browser tells the server, so a muted DM stops pushing too. */
  async syncMutes(): Promise<void> {
    if (this.status !== "on") return;
    const sub = await (await registration())?.pushManager.getSubscription().catch(() => null);
    if (sub) await this.api.post(ENDPOINT, this.body(sub)).catch(() => {});
  }

  private set(status: PushStatus, error: string | null = null): void {
    this.status = status;
    this.error = error;
    this.changed();
  }

  /** Reads where this browser stands (subscribed or not). */
  async refresh(): Promise<void> {
    if (!("PushManager" in window) || !("Notification" in window)) return this.set("unsupported");
    if (Notification.permission === "denied") return this.set("denied");
    const reg = await registration();
    if (!reg) return this.set("unsupported", "This page has no service worker (private window, or an insecure address).");
    const sub = await reg.pushManager.getSubscription().catch(() => null);
    this.set(sub ? "on" : "off");
  }

  async enable(): Promise<void> {
    this.set("busy");
    try {
      const key = await this.pushKey();
      if (!key) return this.set("error", "This server does not send push notifications.");
      if ((await Notification.requestPermission()) !== "granted") return this.set("denied");
      const reg = await registration();
      if (!reg) return this.set("unsupported", "This page has no service worker (private window, or an insecure address).");
      const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64urlnopad.decode(key) as Uint8Array<ArrayBuffer> });
      await this.api.post(ENDPOINT, this.body(sub));
      this.set("on");
    } catch (err) {
      this.set("error", `This browser could not subscribe: ${(err as Error).message || "its push service did not answer"}.`);
    }
  }

  async disable(): Promise<void> {
    this.set("busy");
    try {
      const sub = await (await registration())?.pushManager.getSubscription();
      if (sub) {
        await this.api.delete(ENDPOINT, { endpoint: sub.endpoint }).catch(() => {});
        await sub.unsubscribe();
      }
      this.set("off");
    } catch (err) {
      this.set("error", (err as Error).message);
    }
  }
}
