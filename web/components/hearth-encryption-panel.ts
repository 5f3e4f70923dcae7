import { LitElement, css, html, nothing, type PropertyValues } from "lit";
import type { DeviceInfo } from "../state/e2ee.ts";
import { Connect } from "../state/context.ts";
import type { Async } from "../state/store.ts";
import { icons } from "../styles/icons.ts";
import { shared } from "../styles/shared.ts";

/**
 * The encryption details of an encrypted conversation, opened from its header: that it is end-to-end encrypted,
 * and every device of every person in it with its fingerprint, so people can compare codes out of band (read
 * them to each other) and know the server has not slipped in a key. This browser's own device is marked.
 * Properties: `people` ({ id, name }[]: the conversation's members). No events.
 */
export class HearthEncryptionPanel extends LitElement {
  static styles = [
    shared,
    css`
      :host {
        display: block;
        position: absolute;
        right: var(--space-4);
        top: 52px;
        z-index: 6;
        width: min(440px, calc(100% - 32px));
        max-height: 60vh;
        overflow-y: auto;
        background: var(--bg-raised);
        border: 1px solid var(--border);
        border-radius: var(--radius);
        box-shadow: var(--shadow);
        padding: var(--space-3) var(--space-4);
      }
      h2 {
        font-size: 1rem;
        margin-bottom: var(--space-2);
        display: flex;
        align-items: center;
        gap: 6px;
      }
      h2 svg {
        width: 16px;
        height: 16px;
      }
      h3 {
        font-size: 0.85rem;
        margin: var(--space-3) 0 var(--space-1);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: flex;
        justify-content: space-between;
        gap: var(--space-3);
        padding: 4px 0;
        font-size: 0.85rem;
      }
      code {
        font-family: var(--font-mono, ui-monospace, monospace);
        letter-spacing: 0.02em;
      }
      .me {
        font-size: 0.72rem;
        color: var(--accent);
        font-weight: 600;
      }
    `,
  ];
  static properties = { people: { attribute: false }, lists: { state: true } };
  declare people: { id: string; name: string }[];
  declare lists: Async<Map<string, DeviceInfo[]>>;

  private ctx = new Connect(this, (app) => [app.e2ee]);
  private loadedFor = "";

  constructor() {
    super();
    this.people = [];
    this.lists = { state: "idle" };
  }

  protected willUpdate(_changed: PropertyValues<this>) {
    // Reload when the people change or anyone's devices did (H7 bumps the store's version).
    const key = `${this.people.map((p) => p.id).join(",")}#${this.ctx.app.e2ee.version}`;
    if (key !== this.loadedFor) {
      this.loadedFor = key;
      void this.load();
    }
  }

  private async load() {
    const e2ee = this.ctx.app.e2ee;
    const me = this.ctx.app.auth.user?.id;
    this.lists = { state: "loading", value: "value" in this.lists ? this.lists.value : undefined };
    try {
      await e2ee.ensureDevice().catch(() => {});
      const entries = await Promise.all(this.people.map(async (p) => [p.id, await e2ee.devicesOf(p.id === me ? "me" : p.id)] as const));
      this.lists = { state: "ready", value: new Map(entries) };
    } catch (error) {
      this.lists = { state: "error", error: error as Error };
    }
  }

  render() {
    const l = this.lists;
    return html`<section aria-label="Encryption" data-testid="encryption-panel">
      <h2>${icons.lock()} End-to-end encrypted</h2>
      <p class="muted">Messages here are encrypted on each device for every device listed below. The server stores them but can't read them. To be sure nobody added a device in between, compare these codes with the other person (in person or on a call): each device shows its own in this list.</p>
      ${l.state === "error"
        ? html`<p class="error" role="alert">Couldn't load the devices: ${l.error.message}</p>`
        : !("value" in l) || !l.value
          ? html`<span class="spinner" role="status" aria-label="Loading devices"></span>`
          : this.people.map((p) => this.renderPerson(p, l.value!.get(p.id) ?? []))}
    </section>`;
  }

  private renderPerson(p: { id: string; name: string }, devices: DeviceInfo[]) {
    return html`<h3>${p.name}</h3>
      ${devices.length === 0
        ? html`<p class="muted">No devices with encryption keys: they can't read new messages until they sign in again.</p>`
        : html`<ul>
            ${devices.map((d) => html`<li data-testid="device-fingerprint"><code>${d.fingerprint}</code><span>${d.current ? html`<span class="me">This device</span>` : nothing} <span class="muted">since ${new Date(d.createdAt).toLocaleDateString()}</span></span></li>`)}
          </ul>`}`;
  }
}
customElements.define("hearth-encryption-panel", HearthEncryptionPanel);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-encryption-panel": HearthEncryptionPanel;
  }
}
