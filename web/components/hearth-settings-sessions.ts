import { LitElement, html } from "lit";
import { Connect } from "../state/context.ts";
import type { SessionInfo } from "../state/account.ts";
import { describeError } from "../styles/auth-card.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";

/** Settings → Devices: every signed-in session, with revoke one and sign out all others. No inputs or events. */
export class HearthSettingsSessions extends LitElement {
  static styles = [shared, settingsSection];
  private ctx = new Connect(this, (app) => [app.account, app.prefs]);

  connectedCallback() {
    super.connectedCallback();
    void this.ctx.app.account.loadSessions();
  }

  render() {
    const s = this.ctx.app.account.sessions;
    const others = s.state === "ready" ? s.value.filter((x) => !x.current).length : 0;
    return html`<h2>Devices</h2>
      <p class="intro">Everywhere your account is signed in. Sign out anything you don't recognise.</p>
      ${s.state === "idle" || (s.state === "loading" && !s.value) ? html`<div role="status"><span class="spinner" aria-hidden="true"></span> <span class="muted">Loading sessions…</span></div>` : null}
      ${s.state === "error" ? html`<div class="alert" role="alert">${describeError(s.error)} <button class="link-btn" @click=${() => this.ctx.app.account.loadSessions()}>Retry</button></div>` : null}
      ${"value" in s && s.value
        ? html`<div class="list" data-testid="sessions">${s.value.map((x) => this.item(x))}</div>
            <section style="margin-top:var(--space-5)">
              <h3>Sign out everywhere else</h3>
              ${others === 0
                ? html`<p class="muted" data-testid="only-session">This is the only device signed in to your account.</p>`
                : html`<p class="muted" style="margin-bottom:var(--space-3)">Ends every session except this one.</p>
                    <button class="btn danger" @click=${this.revokeOthers}>Sign out ${others} other ${others === 1 ? "session" : "sessions"}</button>`}
            </section>`
        : null}`;
  }

  private item(x: SessionInfo) {
    const prefs = this.ctx.app.prefs;
    const last = new Date(x.lastUsedAt);
    return html`<div class="item">
      <div class="main">
        <div><strong>${x.deviceName || "Unknown device"}</strong> ${x.current ? html`<span class="tag">This device</span>` : null}</div>
        <div class="muted" style="font-size:0.85rem">${x.ip ?? "unknown address"} · last active ${last.toLocaleDateString()} ${prefs.time(last)}</div>
      </div>
      ${x.current ? null : html`<button class="btn secondary small" @click=${() => this.revoke(x)} aria-label="Sign out ${x.deviceName || "this session"}">Sign out</button>`}
    </div>`;
  }

  private async revoke(x: SessionInfo) {
    try {
      await this.ctx.app.account.revokeSession(x.id);
      this.ctx.app.ui.toast(`Signed out ${x.deviceName || "that session"}.`, "success");
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    }
  }

  private async revokeOthers() {
    try {
      const n = await this.ctx.app.account.revokeOtherSessions();
      this.ctx.app.ui.toast(`Signed out ${n} other ${n === 1 ? "session" : "sessions"}.`, "success");
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    }
  }
}
customElements.define("hearth-settings-sessions", HearthSettingsSessions);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-settings-sessions": HearthSettingsSessions;
  }
}
