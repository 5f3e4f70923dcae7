import { LitElement, css, html } from "lit";
import { live } from "lit/directives/live.js";
import { DISPLAY_NAME_MAX } from "../../protocol/limits.ts";
import { Connect } from "../state/context.ts";
import { describeError } from "../styles/auth-card.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-avatar.ts";
import "./hearth-picture-picker.ts";

/** Settings → My profile: picture, banner and display name (the username is fixed). No inputs or events. */
export class HearthSettingsProfile extends LitElement {
  static styles = [shared, settingsSection, css`
    hearth-picture-picker { display: block; margin-top: var(--space-2); }
    /* The profile card's banner as others see it: the picture, or the accent when there is none. */
    .banner {
      max-width: 460px;
      height: 96px;
      border: 1px solid var(--border);
      border-bottom: 0;
      border-radius: var(--radius) var(--radius) 0 0;
      background: color-mix(in srgb, var(--accent) 60%, var(--bg-rail));
      overflow: hidden;
    }
    .banner img { width: 100%; height: 100%; object-fit: cover; display: block; }
    .check { display: flex; gap: var(--space-2); align-items: center; cursor: pointer; }
    .check input { width: 18px; height: 18px; }
  `];
  static properties = { busy: { state: true }, error: { state: true }, saved: { state: true }, pictureBusy: { state: true }, pictureError: { state: true }, receipts: { state: true } };
  declare busy: boolean;
  declare error: string;
  declare saved: boolean;
  declare pictureBusy: boolean;
  declare pictureError: string;
  /** The read-receipts choice being saved (null: none in flight). */
  declare receipts: boolean | null;
  private ctx = new Connect(this, (app) => [app.auth]);

  constructor() {
    super();
    this.busy = false;
    this.error = "";
    this.saved = false;
    this.pictureBusy = false;
    this.pictureError = "";
    this.receipts = null;
  }

  render() {
    const user = this.ctx.app.auth.user;
    if (!user) return null;
    return html`<h2>My profile</h2>
      <p class="intro">How other people see you across Hearth.</p>
      <section>
        <div class="banner" data-testid="profile-banner">${user.bannerUrl ? html`<img src=${user.bannerUrl} alt="" />` : null}</div>
        <div class="card row" style="max-width:460px;margin-bottom:var(--space-5);border-top-left-radius:0;border-top-right-radius:0">
          <hearth-avatar .name=${user.displayName} .seed=${user.id} .src=${user.avatarUrl ?? null} size="64"></hearth-avatar>
          <div>
            <strong style="font-size:1.15rem">${user.displayName}</strong>
            <div class="muted">@${user.username}</div>
            <hearth-picture-picker
              what="picture"
              ?has=${!!user.avatarUrl}
              ?busy=${this.pictureBusy}
              @picture-chosen=${(e: CustomEvent<{ file: File }>) => this.picture(() => this.ctx.app.account.setAvatar(e.detail.file))}
              @picture-remove=${() => this.picture(() => this.ctx.app.account.removeAvatar())}
            ></hearth-picture-picker>
            <hearth-picture-picker
              what="banner"
              ?has=${!!user.bannerUrl}
              ?busy=${this.pictureBusy}
              @picture-chosen=${(e: CustomEvent<{ file: File }>) => this.picture(() => this.ctx.app.account.setBanner(e.detail.file))}
              @picture-remove=${() => this.picture(() => this.ctx.app.account.removeBanner())}
            ></hearth-picture-picker>
          </div>
        </div>
        ${this.pictureError ? html`<div class="alert" role="alert" style="max-width:460px">${this.pictureError}</div>` : null}
        <form @submit=${this.save}>
          ${this.error ? html`<div class="alert" role="alert">${this.error}</div>` : null}
          ${this.saved ? html`<div class="alert ok" role="status">Saved.</div>` : null}
          <div class="field">
            <label for="display">Display name</label>
            <input id="display" name="displayName" type="text" maxlength=${DISPLAY_NAME_MAX} .value=${user.displayName} required />
          </div>
          <div class="field">
            <label for="username">Username</label>
            <input id="username" type="text" .value=${user.username} disabled aria-describedby="uh" />
            <span class="hint" id="uh">Usernames can't be changed.</span>
          </div>
          <button class="btn" type="submit" ?disabled=${this.busy}>Save changes</button>
        </form>
      </section>
      <section>
        <h3>Privacy</h3>
        <label class="check">
          <input type="checkbox" .checked=${live(this.receipts ?? user.readReceipts !== false)} ?disabled=${this.receipts !== null} @change=${(e: Event) => this.setReceipts((e.target as HTMLInputElement).checked)} />
          Read receipts in direct messages
        </label>
        <p class="hint">People in a conversation with you see "Seen" once you have read their messages, and you see the same of theirs. Off: neither.</p>
      </section>`;
  }

  private async picture(change: () => Promise<void>) {
    this.pictureBusy = true;
    this.pictureError = "";
    try {
      await change();
    } catch (err) {
      this.pictureError = describeError(err);
    } finally {
      this.pictureBusy = false;
    }
  }

  private async setReceipts(on: boolean) {
    this.receipts = on;
    try {
      await this.ctx.app.account.setReadReceipts(on);
      this.ctx.app.ui.toast(on ? "Read receipts on." : "Read receipts off.", "success");
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.receipts = null;
    }
  }

  private async save(e: SubmitEvent) {
    e.preventDefault();
    const name = String(new FormData(e.target as HTMLFormElement).get("displayName") ?? "").trim();
    if (!name) {
      this.error = "Your display name can't be empty.";
      return;
    }
    this.busy = true;
    this.error = "";
    this.saved = false;
    try {
      await this.ctx.app.account.updateProfile(name);
      this.saved = true;
    } catch (err) {
      this.error = describeError(err);
    } finally {
      this.busy = false;
    }
  }
}
customElements.define("hearth-settings-profile", HearthSettingsProfile);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-settings-profile": HearthSettingsProfile;
  }
}
