import { html, nothing, type ReactiveController, type ReactiveControllerHost } from "lit";
import type { AppState } from "../state/app.ts";
import "./hearth-dialog.ts";

/**
 * Signing out deletes this browser's encryption keys (docs/encryption.md). When the person has encrypted
 * conversations and this browser's key is not in a key backup, that can make messages unreadable for good, so the
 * "Log out" buttons ask first and offer to set up the backup. Hosts call `request()` from their button and render
 * `dialog()`.
 */
export class LogoutGuard implements ReactiveController {
  private asking = false;
  private checking = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly app: () => AppState,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  async request(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      if (await this.wouldLoseKeys()) {
        this.asking = true;
        this.host.requestUpdate();
        return;
      }
    } finally {
      this.checking = false;
    }
    await this.app().auth.logout();
  }

  private async wouldLoseKeys(): Promise<boolean> {
    const { communities, e2ee, keyBackup } = this.app();
    // Right after a page load the lists and the device may still be on their way: wait for them, not guess.
    if (communities.dms.state !== "ready") await communities.loadDms();
    const dms = communities.dms;
    const hasDms = "value" in dms && !!dms.value?.length;
    const hasEncryptedChannels = [...communities.structure.values()].some((s) => "value" in s && !!s.value?.channels.some((c) => c.encrypted));
    if (!(hasDms || hasEncryptedChannels)) return false;
    if (!(await e2ee.ensureDevice().catch(() => null))) return false;
    if (keyBackup.status.state !== "ready") await keyBackup.load();
    const s = keyBackup.status;
    // Unknown (offline) counts as not backed up: asking once too often is cheaper than losing messages.
    return !(s.state === "ready" && s.value.here);
  }

  dialog() {
    if (!this.asking) return nothing;
    const close = () => {
      this.asking = false;
      this.host.requestUpdate();
    };
    return html`<hearth-dialog open danger heading="Sign out without a key backup?" confirm-label="Sign out anyway" @dialog-confirm=${() => (close(), void this.app().auth.logout())} @dialog-close=${close}>
      <p>Signing out deletes this browser's encryption keys, and they aren't in a key backup. Messages only this browser can open become unreadable, and devices you sign in on later can't read your earlier messages.</p>
      <p style="margin-top:var(--space-3)"><a href="/settings/encryption" @click=${close}>Set up key backup</a> first to keep them.</p>
    </hearth-dialog>`;
  }
}
