import { LitElement, css, html, nothing, type PropertyValues } from "lit";
import type { DeviceInfo } from "../state/e2ee.ts";
import { Connect } from "../state/context.ts";
import type { Async } from "../state/store.ts";
import { icons } from "../styles/icons.ts";
import { shared } from "../styles/shared.ts";

/**
 * The encryption details of an encrypted conversation, opened from its header: that it is end-to-end encrypted,
 * and every device of every person in it with its fingerprint, so people can compare codes out of band (read
 * them to each other) and know the server has not slipped in a key. This browser's own device is marked; devices
 * that appeared after first contact are marked New, compared ones Verified. "Mark as verified" records the codes
 * on screen (web/state/device-trust.ts): from then on a device of that person nobody compared holds sends back.
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
        align-items: center;
        gap: var(--space-3);
        padding: 4px 6px;
        margin: 0 -6px;
        border-radius: var(--radius-s);
        font-size: 0.85rem;
      }
      li.new,
      li.unexpected {
        background: color-mix(in srgb, var(--warning) 16%, transparent);
      }
      li.invalid code {
        text-decoration: line-through;
      }
      .person-head {
        display: flex;
        align-items: center;
        gap: var(--space-2);
        margin: var(--space-3) 0 var(--space-1);
      }
      .person-head h3 {
        margin: 0;
      }
      .person-head .btn,
      .person-head .link-btn {
        margin-left: auto;
      }
      .chip {
        font-size: 0.7rem;
        font-weight: 700;
        padding: 1px 6px;
        border-radius: 8px;
        border: 1px solid var(--border);
        color: var(--fg-muted);
        white-space: nowrap;
      }
      .chip {
        display: inline-flex;
        align-items: center;
        gap: 3px;
      }
      .chip svg {
        width: 11px;
        height: 11px;
      }
      .chip.verified {
        color: var(--success);
        border-color: var(--success);
      }
      .chip.changed,
      .chip.new {
        color: var(--fg);
        border-color: var(--warning);
        background: color-mix(in srgb, var(--warning) 22%, transparent);
      }
      .warn {
        font-size: 0.85rem;
        margin: 0 0 var(--space-1);
      }
      .tags {
        display: flex;
        align-items: center;
        gap: 6px;
        white-space: nowrap;
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

  private ctx = new Connect(this, (app) => [app.e2ee, app.auth]);
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
    this.lists = { state: "loading", value: "value" in this.lists ? this.lists.value : undefined };
    try {
      await e2ee.ensureDevice().catch(() => {});
      const entries = await Promise.all(this.people.map(async (p) => [p.id, await e2ee.devicesOf(p.id)] as const));
      this.lists = { state: "ready", value: new Map(entries) };
    } catch (error) {
      this.lists = { state: "error", error: error as Error };
    }
  }

  render() {
    const l = this.lists;
    return html`<section aria-label="Encryption" data-testid="encryption-panel">
      <h2>${icons.lock()} End-to-end encrypted</h2>
      <p class="muted">Messages here are encrypted on each device for every device listed below. The server stores them but can't read them. To be sure nobody added a device in between, compare these codes with each person (in person or on a call): they see the same list in their panel. When every code matches, mark them as verified: if they later get a device you haven't verified, you're asked before anything is sent.</p>
      ${l.state === "error"
        ? html`<p class="error" role="alert">Couldn't load the devices: ${l.error.message}</p>`
        : !("value" in l) || !l.value
          ? html`<span class="spinner" role="status" aria-label="Loading devices"></span>`
          : this.people.map((p) => this.renderPerson(p, l.value!.get(p.id) ?? []))}
    </section>`;
  }

  private renderPerson(p: { id: string; name: string }, devices: DeviceInfo[]) {
    const e2ee = this.ctx.app.e2ee;
    const self = p.id === this.ctx.app.auth.user?.id;
    const name = self ? "You" : p.name;
    const status = e2ee.contactStatus(p.id);
    const shown = devices.filter((d) => d.valid).map((d) => d.fingerprint);
    const chip = {
      unverified: html`<span class="chip">Not verified</span>`,
      verified: html`<span class="chip verified">${icons.check()} Verified</span>`,
      partly: html`<span class="chip">Partly verified</span>`,
      changed: html`<span class="chip changed">New device since verified</span>`,
    }[status];
    const action =
      status === "verified"
        ? html`<button class="link-btn" @click=${() => e2ee.unverify(p.id)}>Remove verification</button>`
        : shown.length
          ? html`<button class="btn small secondary" aria-label="Mark as verified: ${name}" @click=${() => e2ee.verify(p.id, shown)}>Mark as verified</button>`
          : nothing;
    return html`<section data-testid="device-person" data-status=${status} aria-label=${name}>
      <div class="person-head"><h3>${name}</h3>${chip}${action}</div>
      ${status === "changed"
        ? html`<p class="warn">${self ? "You have a device you haven't verified" : `${p.name} has a device you haven't verified`} (highlighted). Compare its code${self ? "" : ` with ${p.name}`}, then mark ${self ? "yourself" : "them"} as verified again, or choose Send anyway above the message box.</p>`
        : nothing}
      ${devices.length === 0
        ? html`<p class="muted">No devices with encryption keys: they can't read new messages until they sign in again.</p>`
        : html`<ul>
            ${devices.map((d) => {
              const st = d.valid ? e2ee.deviceStatus(p.id, d.fingerprint) : "invalid";
              // A device neither verified nor accepted, of someone verified: the one that holds sends back.
              const unexpected = status === "changed" && st !== "verified" && !d.current;
              return html`<li data-testid="device-fingerprint" data-status=${st} class="${st} ${unexpected ? "unexpected" : ""}">
                <code>${d.fingerprint}</code>
                <span class="tags">
                  ${d.current ? html`<span class="me">This device</span>` : nothing}
                  ${st === "verified" ? html`<span class="chip verified">${icons.check()} Verified</span>` : st === "new" ? html`<span class="chip new">New</span>` : st === "invalid" ? html`<span class="chip" title="Its keys are not signed for this person: Hearth never encrypts for it.">Invalid signature</span>` : nothing}
                  <span class="muted">since ${new Date(d.createdAt).toLocaleDateString()}</span>
                </span>
              </li>`;
            })}
          </ul>`}
    </section>`;
  }
}
customElements.define("hearth-encryption-panel", HearthEncryptionPanel);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-encryption-panel": HearthEncryptionPanel;
  }
}
