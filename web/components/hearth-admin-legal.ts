import { LitElement, css, html, nothing } from "lit";
import { Connect } from "../state/context.ts";
import type { Async } from "../state/store.ts";
import { describeError } from "../styles/auth-card.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import type { LegalText } from "./hearth-legal.ts";

type Doc = "terms" | "privacy";
const TITLES: Record<Doc, string> = { terms: "Terms of service", privacy: "Privacy notice" };

/**
 * Admin → Settings → Legal (docs/api/legal.md): the terms of service and privacy notice everyone sees at /terms and
 * /privacy, in Markdown; each saved on its own or reset to Hearth's default text. No properties or events.
 */
export class HearthAdminLegal extends LitElement {
  static styles = [
    shared,
    settingsSection,
    css`
      textarea {
        width: 100%;
        min-height: 220px;
        font-family: var(--mono);
        font-size: 0.85rem;
      }
      .row {
        display: flex;
        gap: var(--space-2);
        align-items: center;
        margin-top: var(--space-2);
      }
    `,
  ];
  static properties = { texts: { state: true }, drafts: { state: true }, busy: { state: true } };
  declare texts: Record<Doc, Async<LegalText>>;
  declare drafts: Record<Doc, string | null>;
  declare busy: Doc | null;
  private ctx = new Connect(this, () => []);

  constructor() {
    super();
    this.texts = { terms: { state: "idle" }, privacy: { state: "idle" } };
    this.drafts = { terms: null, privacy: null };
    this.busy = null;
  }

  connectedCallback() {
    super.connectedCallback();
    for (const doc of ["terms", "privacy"] as const) void this.load(doc);
  }

  private async load(doc: Doc) {
    try {
      const value = await this.ctx.app.api.get<LegalText>(`/api/v1/legal/${doc}`);
      this.texts = { ...this.texts, [doc]: { state: "ready", value } };
      this.drafts = { ...this.drafts, [doc]: value.markdown };
    } catch (error) {
      this.texts = { ...this.texts, [doc]: { state: "error", error: error as Error } };
    }
  }

  render() {
    return html`<section>
      <h3>Legal</h3>
      <p class="hint">What people agree to when they register, shown at <a href="/terms">/terms</a> and <a href="/privacy">/privacy</a>. Markdown; until you save your own, Hearth's default text is shown.</p>
      ${(["terms", "privacy"] as const).map((doc) => this.editor(doc))}
    </section>`;
  }

  private editor(doc: Doc) {
    const t = this.texts[doc];
    if (t.state === "error") return html`<div class="alert" role="alert">${describeError(t.error)}</div>`;
    if (t.state !== "ready") return html`<span class="spinner" role="status" aria-label="Loading"></span>`;
    const draft = this.drafts[doc] ?? "";
    const id = `legal-${doc}`;
    return html`<div class="field">
      <label for=${id}>${TITLES[doc]} ${t.value.custom ? nothing : html`<span class="muted">(default)</span>`}</label>
      <textarea id=${id} maxlength="50000" .value=${draft} @input=${(e: Event) => (this.drafts = { ...this.drafts, [doc]: (e.target as HTMLTextAreaElement).value })}></textarea>
      <div class="row">
        <button class="btn small" type="button" ?disabled=${this.busy !== null || !draft.trim() || draft === t.value.markdown} @click=${() => this.save(doc)}>Save ${TITLES[doc].toLowerCase()}</button>
        ${t.value.custom ? html`<button class="btn ghost small" type="button" ?disabled=${this.busy !== null} @click=${() => this.reset(doc)}>Reset to default</button>` : nothing}
      </div>
    </div>`;
  }

  private async save(doc: Doc) {
    await this.act(doc, async () => {
      const value = await this.ctx.app.api.put<LegalText>(`/api/v1/admin/legal/${doc}`, { markdown: this.drafts[doc] });
      this.texts = { ...this.texts, [doc]: { state: "ready", value } };
      this.ctx.app.ui.toast(`${TITLES[doc]} saved.`, "success");
    });
  }

  private async reset(doc: Doc) {
    await this.act(doc, async () => {
      await this.ctx.app.api.delete(`/api/v1/admin/legal/${doc}`);
      await this.load(doc);
      this.ctx.app.ui.toast(`${TITLES[doc]} reset to the default.`, "success");
    });
  }

  private async act(doc: Doc, fn: () => Promise<void>) {
    this.busy = doc;
    try {
      await fn();
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = null;
    }
  }
}
customElements.define("hearth-admin-legal", HearthAdminLegal);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-admin-legal": HearthAdminLegal;
  }
}
