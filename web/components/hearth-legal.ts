import { LitElement, css, html, nothing } from "lit";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { renderMarkdown } from "../render/markdown.ts";
import { Connect } from "../state/context.ts";
import type { Async } from "../state/store.ts";
import { describeError } from "../styles/auth-card.ts";
import { messageContent } from "../styles/message-content.ts";
import { shared } from "../styles/shared.ts";

export interface LegalText {
  markdown: string;
  custom: boolean;
  updatedAt: string | null;
}

/**
 * /terms and /privacy: the instance's terms of service and privacy notice (docs/api/legal.md), readable signed in
 * or out, rendered with the message renderer (the text is the admins', sanitized all the same). Property: `doc`.
 */
export class HearthLegal extends LitElement {
  static styles = [
    shared,
    messageContent,
    css`
      :host {
        display: block;
        min-height: 100vh;
        background: var(--bg);
        overflow-y: auto;
      }
      main {
        max-width: 760px;
        margin: 0 auto;
        padding: var(--space-6) var(--space-5);
      }
      nav {
        display: flex;
        gap: var(--space-4);
        margin-bottom: var(--space-5);
        font-size: 0.95rem;
      }
      .content {
        font-size: 1rem;
        line-height: 1.6;
      }
      .updated {
        color: var(--fg-muted);
        font-size: 0.85rem;
        margin-top: var(--space-5);
      }
    `,
  ];
  static properties = { doc: {}, text: { state: true } };
  declare doc: "terms" | "privacy";
  declare text: Async<LegalText>;
  private ctx = new Connect(this, (app) => [app.auth]);

  constructor() {
    super();
    this.doc = "terms";
    this.text = { state: "idle" };
  }

  protected willUpdate(changed: Map<string, unknown>) {
    if (changed.has("doc")) void this.load();
  }

  private async load() {
    this.text = { state: "loading" };
    try {
      this.text = { state: "ready", value: await this.ctx.app.api.get<LegalText>(`/api/v1/legal/${this.doc}`) };
    } catch (error) {
      this.text = { state: "error", error: error as Error };
    }
    document.title = `${this.doc === "terms" ? "Terms of service" : "Privacy notice"} · Hearth`;
  }

  render() {
    const t = this.text;
    const signedIn = this.ctx.app.auth.status === "signed_in";
    return html`<main>
      <nav aria-label="Legal">
        <a href=${signedIn ? "/" : "/login"}>← ${signedIn ? "Back to Hearth" : "Log in"}</a>
        <a href="/terms" aria-current=${this.doc === "terms" ? "page" : "false"}>Terms of service</a>
        <a href="/privacy" aria-current=${this.doc === "privacy" ? "page" : "false"}>Privacy notice</a>
      </nav>
      ${t.state === "error" ? html`<div class="alert" role="alert">${describeError(t.error)}</div>` : nothing}
      ${t.state === "ready"
        ? html`<article class="content">${unsafeHTML(renderMarkdown(t.value.markdown, { me: "", nameOf: () => "someone" }))}</article>
            ${t.value.updatedAt ? html`<p class="updated">Last changed ${new Date(t.value.updatedAt).toLocaleDateString()}.</p>` : nothing}`
        : t.state !== "error"
          ? html`<span class="spinner" role="status" aria-label="Loading"></span>`
          : nothing}
    </main>`;
  }
}
customElements.define("hearth-legal", HearthLegal);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-legal": HearthLegal;
  }
}
