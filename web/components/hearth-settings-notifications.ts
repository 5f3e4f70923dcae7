import { LitElement, css, html, nothing } from "lit";
import { live } from "lit/directives/live.js";
import { Connect } from "../state/context.ts";
import { notificationPermission, requestNotificationPermission, type NotificationPermissionState } from "../state/desktop-notifications.ts";
import { NOTIFY_LEVELS, type NotifyLevel } from "../state/prefs.ts";
import { manage } from "../styles/manage.ts";
import { settingsFieldset, settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";

const LEVEL_LABELS: Record<NotifyLevel, string> = {
  mentions: "Direct messages and mentions",
  all: "All messages",
  none: "Nothing",
};

const PERMISSION_TEXT: Record<NotificationPermissionState, string> = {
  granted: "Allowed by this browser.",
  denied: "Blocked by this browser. To allow them again, click the icon left of the address bar, set Notifications to Allow, then reload.",
  default: "This browser will ask for permission when you turn them on.",
  unsupported: "This browser does not support desktop notifications.",
};

/**
 * Settings → Notifications: desktop notifications (asks the browser's permission when turned on, and shows it), a
 * beep, and what notifies. Saved per account at once. No attributes or events.
 */
export class HearthSettingsNotifications extends LitElement {
  static styles = [
    shared,
    settingsSection,
    settingsFieldset,
    manage,
    css`
      .perm-list {
        max-width: 640px;
      }
      .choice {
        display: flex;
        gap: var(--space-2);
        align-items: center;
        margin-bottom: var(--space-2);
        cursor: pointer;
      }
      [data-permission="denied"] {
        color: var(--danger);
      }
    `,
  ];
  private ctx = new Connect(this, (app) => [app.prefs, app.push]);
  private permission: NotificationPermissionState = notificationPermission();
  private busy = false;

  render() {
    const prefs = this.ctx.app.prefs;
    const p = prefs.prefs;
    const unsupported = this.permission === "unsupported";
    return html`<h2>Notifications</h2>
      <p class="intro">Hear about messages while Hearth is in another tab or window. Saved for your account on this browser.</p>
      <section>
        <div class="perm-list">
          ${this.toggle("Desktop notifications", html`Show a notification outside the tab for messages in channels you are not looking at.<br /><span role="status" data-permission=${this.permission}>${PERMISSION_TEXT[this.permission]}</span>`, p.desktopNotifications && !unsupported, unsupported || this.busy, (on) => void this.setDesktop(on))}
          ${this.toggle("Sound", "Play a short beep when something notifies.", p.notificationSound, false, (on) => {
            prefs.update({ notificationSound: on });
            if (on) this.ctx.app.notifications.beep();
          })}
        </div>
      </section>
      ${this.pushSection()}
      <section>
        <fieldset>
          <legend>Notify me about</legend>
          ${NOTIFY_LEVELS.map(
            (l) => html`<label class="choice"><input type="radio" name="level" .checked=${p.notifyLevel === l} @change=${() => prefs.update({ notifyLevel: l })} />${LEVEL_LABELS[l]}</label>`,
          )}
        </fieldset>
        <p class="hint">This is the default. A community can have its own (the bell at the top of its channel list), and a
          channel or conversation its own over that (the bell in its header), or be muted.</p>
        ${p.mutedChannels.length ? html`<p class="hint">${p.mutedChannels.length === 1 ? "1 channel or community is" : `${p.mutedChannels.length} channels and communities are`} muted.</p>` : nothing}
      </section>`;
  }

  connectedCallback() {
    super.connectedCallback();
    void this.ctx.app.push.refresh();
  }

  /** Web Push: direct messages while no Hearth tab is open (docs/api/push.md). */
  private pushSection() {
    const push = this.ctx.app.push;
    const state: Record<typeof push.status, string> = {
      unknown: "Checking this browser…",
      unsupported: "This browser cannot receive push notifications here.",
      off: "Off on this browser.",
      on: "On: this browser is told of direct messages while Hearth is closed.",
      busy: "Working…",
      denied: "Blocked: allow notifications for this site in the browser's settings.",
      error: "Not set up.",
    };
    const on = push.status === "on";
    return html`<section>
      <div class="perm-list">
        ${this.toggle(
          "When Hearth is closed",
          html`Get a notification for direct messages when no Hearth tab is open. It says who wrote, never what.<br /><span role="status" data-push=${push.status}>${state[push.status]}${push.error ? html` ${push.error}` : nothing}</span>`,
          on,
          push.status === "unknown" || push.status === "busy" || push.status === "unsupported",
          (v) => void (v ? push.enable() : push.disable()),
        )}
      </div>
    </section>`;
  }

  private toggle(label: string, hint: unknown, on: boolean, disabled: boolean, set: (v: boolean) => void) {
    return html`<label class="perm">
      <div class="what"><div class="name">${label}</div><div class="hint">${hint}</div></div>
      <span class="switch"><input type="checkbox" role="switch" aria-label=${label} .checked=${live(on)} ?disabled=${disabled} @change=${(e: Event) => set((e.target as HTMLInputElement).checked)} /><span class="track"></span></span>
    </label>`;
  }

  private async setDesktop(on: boolean): Promise<void> {
    const prefs = this.ctx.app.prefs;
    if (!on) {
      prefs.update({ desktopNotifications: false });
      return;
    }
    this.busy = true;
    this.requestUpdate();
    // Asked every time: once granted it answers at once, and a permission reset in the browser shows here.
    this.permission = await requestNotificationPermission();
    this.busy = false;
    prefs.update({ desktopNotifications: this.permission === "granted" });
    this.requestUpdate();
  }
}
customElements.define("hearth-settings-notifications", HearthSettingsNotifications);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-settings-notifications": HearthSettingsNotifications;
  }
}
