import { LitElement, css, html, nothing } from "lit";
import { EMOJI_NAME, MAX_EMOJI_BYTES, MAX_EMOJI_PER_COMMUNITY, type CustomEmoji } from "../../protocol/emoji.ts";
import { asyncList } from "../render/async-list.ts";
import { can } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import { IMAGE_TYPES } from "../state/image-prep.ts";
import { describeError } from "../styles/auth-card.ts";
import { manage } from "../styles/manage.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-dialog.ts";

/** A name from a file name: "Party Cat!.png" → "party_cat". */
export function emojiNameFrom(fileName: string): string {
  return fileName
    .replace(/\.[a-z0-9]+$/i, "")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 32);
}

/**
 * Community settings → Emoji (docs/api/emoji.md): upload a picture under a name, see them all with who added them,
 * rename and delete. Everyone sees the list; MANAGE_EMOJI changes it. Property: `communityId`.
 */
export class HearthCsEmoji extends LitElement {
  static styles = [
    shared,
    settingsSection,
    manage,
    css`
      td img {
        height: 32px;
        width: 32px;
        object-fit: contain;
        vertical-align: middle;
      }
      .add {
        max-width: none;
        display: flex;
        flex-wrap: wrap;
        gap: var(--space-3);
        align-items: flex-end;
      }
      .file {
        position: relative;
      }
      .file:focus-within {
        box-shadow: var(--focus);
      }
      .file input {
        position: absolute;
        inset: 0;
        width: 1px;
        height: 1px;
        opacity: 0;
      }
    `,
  ];
  static properties = { communityId: {}, busy: { state: true }, file: { state: true }, name: { state: true }, error: { state: true }, deleting: { state: true }, renaming: { state: true } };
  declare communityId: string;
  declare busy: boolean;
  declare file: File | null;
  declare name: string;
  declare error: string;
  declare deleting: CustomEmoji | null;
  /** The emoji being renamed, and the name typed so far. */
  declare renaming: { emoji: CustomEmoji; name: string } | null;
  private ctx = new Connect(this, (app) => [app.customEmoji, app.communities, app.members]);

  constructor() {
    super();
    this.communityId = "";
    this.busy = false;
    this.file = null;
    this.name = "";
    this.error = "";
    this.deleting = null;
    this.renaming = null;
  }

  connectedCallback() {
    super.connectedCallback();
    void this.ctx.app.customEmoji.load(this.communityId);
    this.ctx.app.members.ensure(this.communityId);
  }

  render() {
    const d = this.ctx.app.communities.detail.get(this.communityId);
    const mayManage = can(d && "value" in d ? d.value?.me.permissions : undefined, "MANAGE_EMOJI");
    const list = this.ctx.app.customEmoji.lists.get(this.communityId) ?? { state: "idle" };
    const count = "value" in list ? (list.value?.length ?? 0) : 0;
    return html`<h2>Emoji</h2>
      <p class="intro">This community's own emoji. Members use them by name, like <code>:party_cat:</code>, in messages and reactions. ${count} of ${MAX_EMOJI_PER_COMMUNITY}.</p>
      ${mayManage
        ? html`<section>
            <h3>Add an emoji</h3>
            <form class="add" @submit=${this.add}>
              <label class="btn secondary file">
                ${this.file ? this.file.name : "Choose a picture"}
                <input type="file" accept=${IMAGE_TYPES.join(",")} aria-label="Choose an emoji picture" @change=${this.pick} />
              </label>
              <div class="field" style="width:220px;margin:0">
                <label for="emoji-name">Name</label>
                <input id="emoji-name" type="text" maxlength="32" .value=${this.name} @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)} placeholder="party_cat" aria-describedby="emoji-hint" />
              </div>
              <button class="btn" type="submit" ?disabled=${this.busy || !this.file || count >= MAX_EMOJI_PER_COMMUNITY}>${this.busy ? "Uploading…" : "Add emoji"}</button>
            </form>
            <p class="hint" id="emoji-hint">2 to 32 lower-case letters, digits or underscores. PNG, JPEG, GIF or WebP; a GIF up to 256 KB stays animated.</p>
            ${this.error ? html`<div class="alert" role="alert">${this.error}</div>` : nothing}
          </section>`
        : nothing}
      <section>
        <h3>All emoji</h3>
        ${asyncList(list, "No emoji yet.", (items) => this.table(items, mayManage), () => void this.ctx.app.customEmoji.load(this.communityId))}
      </section>
      ${this.renaming
        ? html`<hearth-dialog open heading="Rename :${this.renaming.emoji.name}:" confirm-label="Rename" .busy=${this.busy} @dialog-confirm=${this.confirmRename} @dialog-close=${() => (this.renaming = null)}>
            <div class="field"><label for="rename-emoji">New name</label><input id="rename-emoji" type="text" maxlength="32" .value=${this.renaming.name} @input=${(e: Event) => (this.renaming = { ...this.renaming!, name: (e.target as HTMLInputElement).value })} /></div>
          </hearth-dialog>`
        : nothing}
      ${this.deleting
        ? html`<hearth-dialog open danger heading="Delete :${this.deleting.name}:?" confirm-label="Delete emoji" .busy=${this.busy} @dialog-confirm=${this.confirmDelete} @dialog-close=${() => (this.deleting = null)}>
            <p class="muted">Messages that used it show its name instead.</p>
          </hearth-dialog>`
        : nothing}`;
  }

  private table(items: CustomEmoji[], mayManage: boolean) {
    return html`<div class="table-wrap"><table data-testid="emoji-table">
      <thead><tr><th>Emoji</th><th>Name</th><th>Added by</th>${mayManage ? html`<th><span class="sr-only">Actions</span></th>` : nothing}</tr></thead>
      <tbody>
        ${items.map(
          (e) => html`<tr data-emoji=${e.name}>
            <td><img src=${e.url} alt=":${e.name}:" /></td>
            <td><code>:${e.name}:</code></td>
            <td>${e.createdBy ? this.ctx.app.members.name(e.createdBy, this.communityId) : "—"}</td>
            ${mayManage
              ? html`<td><div class="actions">
                  <button class="btn ghost small" aria-label="Rename :${e.name}:" @click=${() => (this.renaming = { emoji: e, name: e.name })}>Rename</button>
                  <button class="btn secondary small" aria-label="Delete :${e.name}:" @click=${() => (this.deleting = e)}>Delete</button>
                </div></td>`
              : nothing}
          </tr>`,
        )}
      </tbody>
    </table></div>`;
  }

  private pick(e: Event) {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0] ?? null;
    input.value = "";
    this.error = "";
    if (!file) return;
    if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) {
      this.error = "Choose a PNG, JPEG, GIF or WebP image.";
      return;
    }
    if (file.type === "image/gif" && file.size > MAX_EMOJI_BYTES) {
      this.error = "That GIF is larger than 256 KB.";
      return;
    }
    this.file = file;
    if (!this.name) this.name = emojiNameFrom(file.name);
  }

  private add = async (e: SubmitEvent) => {
    e.preventDefault();
    const name = this.name.trim().toLowerCase();
    if (!this.file) return;
    if (!EMOJI_NAME.test(name)) {
      this.error = "Names are 2 to 32 lower-case letters, digits or underscores.";
      return;
    }
    await this.act(async () => {
      await this.ctx.app.customEmoji.add(this.communityId, name, this.file!);
      this.ctx.app.ui.toast(`:${name}: added.`, "success");
      this.file = null;
      this.name = "";
    });
  };

  private confirmRename = async () => {
    const r = this.renaming;
    if (!r) return;
    const name = r.name.trim().toLowerCase();
    if (!EMOJI_NAME.test(name)) {
      this.ctx.app.ui.toast("Names are 2 to 32 lower-case letters, digits or underscores.", "error");
      return;
    }
    await this.act(async () => {
      if (name !== r.emoji.name) await this.ctx.app.customEmoji.rename(r.emoji, name);
      this.renaming = null;
    });
  };

  private confirmDelete = async () => {
    const emoji = this.deleting;
    if (!emoji) return;
    await this.act(async () => {
      await this.ctx.app.customEmoji.remove(emoji);
      this.deleting = null;
    });
  };

  private async act(fn: () => Promise<void>) {
    this.busy = true;
    this.error = "";
    try {
      await fn();
    } catch (err) {
      this.error = describeError(err);
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  }
}
customElements.define("hearth-cs-emoji", HearthCsEmoji);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-cs-emoji": HearthCsEmoji;
  }
}
