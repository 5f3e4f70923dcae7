import { LitElement, css, html, nothing } from "lit";
import { Connect } from "../state/context.ts";
import { callPictureDataUrl } from "../state/image-prep.ts";
import { FONT_SIZES, SIDEBAR_LAYOUTS, type Prefs } from "../state/prefs.ts";
import { CALL_BACKGROUNDS, callBackgroundCss, type CallBackgroundId } from "../styles/call-backgrounds.ts";
import { ACCENTS, ACCENT_COLORS, PALETTES, THEMES, THEME_LABELS, type Theme } from "../styles/themes.ts";
import { switchStyles } from "../styles/manage.ts";
import { settingsFieldset, settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";

/** Settings → Appearance: theme, accent colour, density, font size and clock. Saved per account at once. */
export class HearthSettingsAppearance extends LitElement {
  static styles = [
    shared,
    settingsSection,
    settingsFieldset,
    switchStyles,
    css`
      .toggle {
        display: flex;
        align-items: center;
        gap: var(--space-2);
        min-height: 40px;
        cursor: pointer;
      }
      .themes {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(132px, 1fr));
        gap: var(--space-3);
        max-width: 640px;
      }
      .theme {
        position: relative;
        cursor: pointer;
        border-radius: var(--radius);
        border: 2px solid var(--border);
        overflow: hidden;
        background: var(--bg-side);
      }
      .theme:has(input:checked) {
        border-color: var(--accent);
      }
      .theme:has(input:focus-visible) {
        box-shadow: var(--focus);
      }
      .theme input,
      .swatch input,
      .seg input {
        position: absolute;
        opacity: 0;
        pointer-events: none;
      }
      .preview {
        display: grid;
        grid-template-columns: 16px 28px 1fr;
        height: 64px;
      }
      .preview span:nth-child(3) {
        padding: 10px 8px;
        display: flex;
        flex-direction: column;
        gap: 6px;
      }
      .preview i {
        display: block;
        height: 6px;
        border-radius: 3px;
        opacity: 0.85;
      }
      .theme .name {
        display: block;
        padding: 6px 10px;
        font-size: 0.85rem;
        font-weight: 600;
      }
      .swatches {
        display: flex;
        flex-wrap: wrap;
        gap: var(--space-3);
      }
      .swatch {
        position: relative;
        width: 40px;
        height: 40px;
        border-radius: 50%;
        cursor: pointer;
        display: grid;
        place-items: center;
        border: 3px solid transparent;
      }
      .swatch:has(input:checked) {
        border-color: var(--fg);
      }
      .swatch:has(input:focus-visible) {
        box-shadow: var(--focus);
      }
      .seg {
        display: inline-flex;
        border: 1px solid var(--border);
        border-radius: var(--radius);
        overflow: hidden;
      }
      .seg label {
        position: relative;
        padding: 8px 16px;
        cursor: pointer;
        font-size: 0.92rem;
        background: var(--bg-input);
      }
      .seg label + label {
        border-left: 1px solid var(--border);
      }
      .seg label:has(input:checked) {
        background: var(--accent);
        color: var(--accent-fg);
        font-weight: 600;
      }
      .seg label:has(input:focus-visible) {
        box-shadow: inset 0 0 0 2px var(--link);
      }
      select {
        max-width: 240px;
      }
      .theme .bg {
        display: block;
        height: 64px;
        background: var(--bg-main);
      }
      .file {
        position: relative;
        overflow: hidden;
      }
      .file input {
        position: absolute;
        inset: 0;
        opacity: 0;
        cursor: pointer;
      }
    `,
  ];
  private ctx = new Connect(this, (app) => [app.prefs]);

  render() {
    const p = this.ctx.app.prefs.prefs;
    const set = (patch: Partial<Prefs>) => this.ctx.app.prefs.update(patch);
    return html`<h2>Appearance</h2>
      <p class="intro">Make Hearth yours. Saved for your account on this browser.</p>
      <section>
        <fieldset>
          <legend>Theme</legend>
          <div class="themes" role="radiogroup" aria-label="Theme">
            ${THEMES.map(
              (t) => html`<label class="theme" data-theme-option=${t}>
                <input type="radio" name="theme" .value=${t} .checked=${p.theme === t} @change=${() => set({ theme: t })} />
                ${this.preview(t)}
                <span class="name">${THEME_LABELS[t]}</span>
              </label>`,
            )}
          </div>
        </fieldset>
      </section>
      <section>
        <fieldset>
          <legend>Accent colour</legend>
          <div class="swatches">
            ${ACCENTS.map(
              (a) => html`<label class="swatch" style="background:${ACCENT_COLORS[a].fill}" title=${a}>
                <input type="radio" name="accent" .value=${a} .checked=${p.accent === a} @change=${() => set({ accent: a })} aria-label=${a} />
              </label>`,
            )}
          </div>
        </fieldset>
      </section>
      <section>
        <fieldset>
          <legend>Message density</legend>
          <div class="seg">
            ${(["cozy", "compact"] as const).map((d) => html`<label><input type="radio" name="density" .checked=${p.density === d} @change=${() => set({ density: d })} />${d === "cozy" ? "Cozy" : "Compact"}</label>`)}
          </div>
        </fieldset>
      </section>
      <section>
        <fieldset>
          <legend>Community list</legend>
          <div class="seg">
            ${SIDEBAR_LAYOUTS.map((l) => html`<label><input type="radio" name="sidebar" .checked=${p.sidebarLayout === l} @change=${() => set({ sidebarLayout: l })} />${l === "expanded" ? "Icons down the side" : "Menu atop the channels"}</label>`)}
          </div>
          <p class="hint" style="margin-top:var(--space-2)">The menu gives the channels the rail's room: pick a community from the title above them.</p>
        </fieldset>
        <label class="toggle" style="margin-top:var(--space-4)">
          <span class="switch"><input type="checkbox" role="switch" .checked=${p.communityThemes} @change=${(e: Event) => set({ communityThemes: (e.target as HTMLInputElement).checked })} /><span class="track"></span></span>
          Show community themes
        </label>
        <p class="hint">A community can set its own colours, which you see while you're in it.</p>
      </section>
      <section>
        <div class="field">
          <label for="fs">Font size</label>
          <select id="fs" @change=${(e: Event) => set({ fontSize: (e.target as HTMLSelectElement).value as Prefs["fontSize"] })}>
            ${FONT_SIZES.map((f) => html`<option value=${f} ?selected=${p.fontSize === f}>${{ small: "Small (14px)", normal: "Default (15px)", large: "Large (17px)", xlarge: "Extra large (19px)" }[f]}</option>`)}
          </select>
        </div>
        <fieldset>
          <legend>Time format</legend>
          <div class="seg">
            <label><input type="radio" name="clock" .checked=${!p.clock24} @change=${() => set({ clock24: false })} />12-hour</label>
            <label><input type="radio" name="clock" .checked=${p.clock24} @change=${() => set({ clock24: true })} />24-hour</label>
          </div>
          <p class="hint" style="margin-top:var(--space-2)">Now: ${this.ctx.app.prefs.time(new Date())}</p>
        </fieldset>
      </section>
      ${this.callBackgrounds()}
      <section>
        <h3>Keyboard</h3>
        <p class="hint">Move around, write and format without the mouse. Press Ctrl+/ (⌘/ on a Mac) anywhere to see the list.</p>
        <button class="btn secondary small" style="margin-top:var(--space-2)" @click=${() => this.ctx.app.ui.setShortcuts(true)}>Keyboard shortcuts</button>
      </section>`;
  }

  /** Behind a voice call's tiles: none, a preset, or one's own picture (kept in this browser). */
  private callBackgrounds() {
    const { prefs } = this.ctx.app;
    const chosen = prefs.prefs.callBackground;
    const picture = prefs.callPicture();
    const tile = (id: CallBackgroundId, label: string, bg: string | null) => html`<label class="theme" data-call-background=${id}>
      <input type="radio" name="call-background" .checked=${chosen === id} @change=${() => prefs.update({ callBackground: id })} />
      <span class="bg" style=${bg ? `background:${bg}` : ""} aria-hidden="true"></span>
      <span class="name">${label}</span>
    </label>`;
    return html`<section>
      <fieldset>
        <legend>Call background</legend>
        <div class="themes" role="radiogroup" aria-label="Call background">
          ${tile("none", "None", null)} ${CALL_BACKGROUNDS.map((b) => tile(b.id, b.label, b.css))}
          ${picture ? tile("custom", "Your picture", callBackgroundCss("custom", picture)) : nothing}
        </div>
        <div class="row" style="gap:var(--space-2);margin-top:var(--space-3)">
          <label class="btn secondary small file">
            ${picture ? "Change picture" : "Use a picture"}
            <input type="file" accept="image/png,image/jpeg,image/webp" aria-label="Choose a call background picture" @change=${this.pickCallPicture} />
          </label>
          ${picture ? html`<button class="btn ghost small" @click=${() => prefs.setCallPicture(null)}>Remove picture</button>` : nothing}
        </div>
        <p class="hint" style="margin-top:var(--space-2)">Shown behind the people in voice channels, for you only. A picture stays in this browser.</p>
      </fieldset>
    </section>`;
  }

  private pickCallPicture = async (e: Event) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    try {
      this.ctx.app.prefs.setCallPicture(await callPictureDataUrl(file));
    } catch (err) {
      this.ctx.app.ui.toast(err instanceof Error ? err.message : "That picture couldn't be used.", "error");
    }
  };

  /** A miniature of the theme in its own colours. */
  private preview(t: Theme) {
    const c = PALETTES[t];
    return html`<span class="preview" aria-hidden="true">
      <span style="background:${c.rail}"></span><span style="background:${c.side}"></span>
      <span style="background:${c.main}"><i style="background:${c.fg};width:70%"></i><i style="background:${c.muted};width:90%"></i><i style="background:${c.link};width:40%"></i></span>
    </span>`;
  }
}
customElements.define("hearth-settings-appearance", HearthSettingsAppearance);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-settings-appearance": HearthSettingsAppearance;
  }
}
