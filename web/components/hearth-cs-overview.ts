import { LitElement, css, html, nothing } from "lit";
import { parseTheme, THEME_VARIABLES, themeStyle } from "../../protocol/community-theme.ts";
import { COMMUNITY_DESCRIPTION_MAX, COMMUNITY_NAME_MAX } from "../../protocol/limits.ts";
import type { CommunityPatch } from "../state/community-admin.ts";
import { can, type CommunityDetail } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import { describeError } from "../styles/auth-card.ts";
import { manage, ROLE_COLORS } from "../styles/manage.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-avatar.ts";
import "./hearth-cs-ownership.ts";
import "./hearth-picture-picker.ts";

interface Draft {
  name: string;
  description: string;
  accentColor: string | null;
  /** The theme as typed (protocol/community-theme.ts); "" for none. */
  themeCss: string;
}

const THEME_EXAMPLE = ":root {\n  --bg-main: #10151c;\n  --bg-side: #161d26;\n  --fg: #e6edf3;\n  --accent: #2ea043;\n}";

/**
 * Community settings → Overview: a preview card and the name, description, icon, banner and accent colour
 * (for MANAGE_COMMUNITY), then the owner's transfer and delete, or a member's leave. Property: `communityId`.
 */
export class HearthCsOverview extends LitElement {
  static styles = [
    shared,
    settingsSection,
    manage,
    css`
      textarea.code {
        font-family: var(--mono);
        font-size: 0.85rem;
      }
      .preview {
        /* Text is drawn in the theme's colour too (a theme sets --fg for the card it colours). */
        color: var(--fg);
        border: 1px solid var(--border);
        border-radius: var(--radius-l);
        overflow: hidden;
        background: var(--bg-side);
        margin-bottom: var(--space-5);
        max-width: 460px;
      }
      .banner {
        height: 96px;
        background: linear-gradient(135deg, var(--c, var(--accent)), color-mix(in srgb, var(--c, var(--accent)) 40%, var(--bg-rail)));
      }
      .banner img {
        width: 100%;
        height: 100%;
        object-fit: cover;
        display: block;
      }
      .who {
        display: flex;
        gap: var(--space-3);
        align-items: flex-end;
        padding: 0 var(--space-4) var(--space-4);
        margin-top: -28px;
      }
      .icon {
        width: 64px;
        height: 64px;
        border-radius: 18px;
        border: 4px solid var(--bg-side);
        background: var(--bg-side);
        overflow: hidden;
        flex: none;
      }
      .icon img {
        width: 100%;
        height: 100%;
        object-fit: cover;
      }
      .who h3 {
        margin: 0;
      }
      .desc {
        padding: 0 var(--space-4) var(--space-4);
        color: var(--fg-muted);
        font-size: 0.9rem;
        white-space: pre-wrap;
      }
      form {
        max-width: 520px;
      }
      .pictures {
        display: grid;
        gap: var(--space-3);
        margin-bottom: var(--space-4);
      }
    `,
  ];
  static properties = { communityId: {}, draft: { state: true }, busy: { state: true }, uploading: { state: true } };
  declare communityId: string;
  declare draft: Draft | null;
  declare busy: boolean;
  /** The picture being uploaded or removed, if any. */
  declare uploading: "icon" | "banner" | null;
  private ctx = new Connect(this, (app) => [app.communities]);
  private shownFor: CommunityDetail | null = null;

  constructor() {
    super();
    this.communityId = "";
    this.draft = null;
    this.busy = false;
    this.uploading = null;
  }

  private get detail(): CommunityDetail | undefined {
    const d = this.ctx.app.communities.detail.get(this.communityId);
    return d && "value" in d ? d.value : undefined;
  }

  private reset(c: CommunityDetail) {
    this.shownFor = c;
    this.draft = { name: c.name, description: c.description, accentColor: c.accentColor, themeCss: c.themeCss ?? "" };
  }

  render() {
    const c = this.detail;
    if (!c) return nothing;
    // A fresh detail (after saving, or a change elsewhere) replaces the form unless the person is mid-edit.
    if (!this.draft || (this.shownFor !== c && !this.isDirty(this.shownFor ?? c))) this.reset(c);
    const d = this.draft!;
    const mayEdit = can(c.me.permissions, "MANAGE_COMMUNITY");
    const set = (p: Partial<Draft>) => (this.draft = { ...d, ...p });
    const theme = parseTheme(d.themeCss);
    return html`<h2>Overview</h2>
      <p class="intro">${c.memberCount} ${c.memberCount === 1 ? "member" : "members"} · created ${new Date(c.createdAt).toLocaleDateString()}</p>
      <div class="preview" style=${[d.accentColor ? `--c:${d.accentColor}` : "", theme.ok ? themeStyle(theme.vars) : ""].filter(Boolean).join(";")} aria-label="Preview">
        <div class="banner">${c.bannerUrl ? html`<img src=${c.bannerUrl} alt="" @error=${(e: Event) => ((e.target as HTMLElement).style.display = "none")} />` : nothing}</div>
        <div class="who">
          <div class="icon">${c.iconUrl ? html`<img src=${c.iconUrl} alt="" @error=${(e: Event) => ((e.target as HTMLElement).style.visibility = "hidden")} />` : html`<hearth-avatar .name=${d.name || "?"} .seed=${c.id} size="56"></hearth-avatar>`}</div>
          <h3>${d.name || "Unnamed"}</h3>
        </div>
        ${d.description ? html`<div class="desc">${d.description}</div>` : nothing}
      </div>
      <section>
        ${mayEdit
          ? html`<div class="pictures">
              ${(["icon", "banner"] as const).map(
                (slot) => html`<div><span class="label">${slot === "icon" ? "Icon" : "Banner"}</span>
                  <hearth-picture-picker
                    what=${slot}
                    ?has=${!!(slot === "icon" ? c.iconUrl : c.bannerUrl)}
                    ?busy=${this.uploading === slot}
                    ?disabled=${this.uploading !== null && this.uploading !== slot}
                    @picture-chosen=${(e: CustomEvent<{ file: File }>) => this.picture(slot, () => this.ctx.app.communityAdmin.setCommunityPicture(this.communityId, slot, e.detail.file))}
                    @picture-remove=${() => this.picture(slot, () => this.ctx.app.communityAdmin.removeCommunityPicture(this.communityId, slot))}
                  ></hearth-picture-picker></div>`,
              )}
            </div>`
          : nothing}
        <form @submit=${(e: SubmitEvent) => (e.preventDefault(), this.save(c, d))}>
          <div class="field"><label for="n">Community name</label><input id="n" type="text" maxlength=${COMMUNITY_NAME_MAX} required .value=${d.name} ?disabled=${!mayEdit} @input=${(e: Event) => set({ name: (e.target as HTMLInputElement).value })} /></div>
          <div class="field"><label for="d">Description</label><textarea id="d" rows="3" maxlength=${COMMUNITY_DESCRIPTION_MAX} .value=${d.description} ?disabled=${!mayEdit} @input=${(e: Event) => set({ description: (e.target as HTMLTextAreaElement).value })}></textarea></div>
          <div class="field"><span class="label">Accent colour</span>
            <div class="swatches" role="group" aria-label="Accent colour">
              <button type="button" class="swatch" style="background:var(--accent)" aria-label="Default accent" aria-pressed=${d.accentColor === null ? "true" : "false"} ?disabled=${!mayEdit} @click=${() => set({ accentColor: null })}></button>
              ${ROLE_COLORS.map((col) => html`<button type="button" class="swatch" style="background:${col}" aria-label="Accent ${col}" aria-pressed=${d.accentColor?.toLowerCase() === col ? "true" : "false"} ?disabled=${!mayEdit} @click=${() => set({ accentColor: col })}></button>`)}
              <input type="color" aria-label="Custom accent colour" .value=${d.accentColor ?? "#4f5bd5"} ?disabled=${!mayEdit} @input=${(e: Event) => set({ accentColor: (e.target as HTMLInputElement).value })} />
            </div>
          </div>
          <div class="field">
            <label for="theme">Theme</label>
            <textarea id="theme" class="code" rows="6" spellcheck="false" placeholder=${THEME_EXAMPLE} .value=${d.themeCss} ?disabled=${!mayEdit} aria-describedby="theme-hint" aria-invalid=${theme.ok ? "false" : "true"} @input=${(e: Event) => set({ themeCss: (e.target as HTMLTextAreaElement).value })}></textarea>
            <span class="hint" id="theme-hint">CSS colour variables members see while they're in this community (${THEME_VARIABLES.length} of them, such as <code>--bg-main</code>, <code>--fg</code> and <code>--accent</code>). Members can turn community themes off in Appearance.</span>
            ${theme.ok ? nothing : html`<span class="error" role="alert" data-testid="theme-error">${theme.message}</span>`}
          </div>
          ${!mayEdit ? html`<p class="hint">Only members who can manage the community change these.</p>` : nothing}
          ${mayEdit && this.isDirty(c)
            ? html`<div class="savebar" role="region" aria-label="Unsaved changes"><span class="msg">You have unsaved changes.</span><button class="btn ghost small" type="button" ?disabled=${this.busy} @click=${() => this.reset(c)}>Reset</button><button class="btn small" type="submit" ?disabled=${this.busy || !d.name.trim() || !theme.ok}>Save changes</button></div>`
            : nothing}
        </form>
      </section>
      <hearth-cs-ownership .communityId=${this.communityId}></hearth-cs-ownership>`;
  }

  private isDirty(c: CommunityDetail): boolean {
    const d = this.draft;
    if (!d) return false;
    return d.name !== c.name || d.description !== c.description || d.accentColor !== c.accentColor || d.themeCss !== (c.themeCss ?? "");
  }

  /** Uploads or removes a picture at once (not part of the form's unsaved changes). */
  private async picture(slot: "icon" | "banner", change: () => Promise<unknown>) {
    this.uploading = slot;
    try {
      await change();
      await Promise.all([this.ctx.app.communities.loadDetail(this.communityId), this.ctx.app.communities.load()]);
      this.ctx.app.ui.toast(slot === "icon" ? "Icon updated." : "Banner updated.", "success");
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.uploading = null;
    }
  }

  private async save(c: CommunityDetail, d: Draft) {
    const patch: CommunityPatch = {};
    if (d.name.trim() !== c.name) patch.name = d.name.trim();
    if (d.description !== c.description) patch.description = d.description.trim();
    if (d.accentColor !== c.accentColor) patch.accentColor = d.accentColor;
    if (d.themeCss !== (c.themeCss ?? "")) patch.themeCss = d.themeCss.trim() ? d.themeCss : null;
    this.busy = true;
    try {
      await this.ctx.app.communityAdmin.updateCommunity(this.communityId, patch);
      this.draft = null;
      await Promise.all([this.ctx.app.communities.loadDetail(this.communityId), this.ctx.app.communities.load()]);
      this.ctx.app.ui.toast("Community saved.", "success");
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  }
}
customElements.define("hearth-cs-overview", HearthCsOverview);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-cs-overview": HearthCsOverview;
  }
}
