import { LitElement, css, html, nothing } from "lit";
import { sortedChannels, type Channel, type Group, type Role } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import { describeError } from "../styles/auth-card.ts";
import { icons } from "../styles/icons.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-dialog.ts";
import "./hearth-override-grid.ts";

/** New order of a group's channels after moving `id` to `toIndex` (pure: tested). */
export function reorder<T extends { id: string }>(list: T[], id: string, toIndex: number): T[] {
  const from = list.findIndex((x) => x.id === id);
  if (from < 0) return list;
  const next = [...list];
  const [moved] = next.splice(from, 1);
  next.splice(Math.max(0, Math.min(toIndex, next.length)), 0, moved);
  return next;
}

/**
 * Community settings → Channels & permissions: groups and their channels, reordered by drag and drop (or the
 * move buttons, for keyboards), channel name/topic/slow mode, and the override grid of a channel or group.
 * Property: `communityId`.
 */
export class HearthCsChannels extends LitElement {
  static styles = [
    shared,
    settingsSection,
    css`
      .group {
        margin-bottom: var(--space-4);
      }
      .group h3 {
        display: flex;
        align-items: center;
        gap: var(--space-2);
        font-size: 0.78rem;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        color: var(--fg-muted);
        margin-bottom: var(--space-2);
      }
      .ch {
        display: flex;
        align-items: center;
        gap: var(--space-2);
        padding: 6px var(--space-2);
        border: 1px solid var(--border);
        border-radius: var(--radius-s);
        background: var(--bg-side);
        margin-bottom: 4px;
      }
      .ch.dragging {
        opacity: 0.4;
      }
      .ch.over {
        box-shadow: 0 -2px 0 var(--accent);
      }
      .ch .grip {
        cursor: grab;
        color: var(--fg-faint);
        display: grid;
      }
      .ch svg {
        width: 16px;
        height: 16px;
      }
      .ch .name {
        flex: 1;
      }
      .icon-btn.small {
        width: 26px;
        height: 26px;
      }
      .panel {
        border: 1px solid var(--border);
        border-radius: var(--radius);
        padding: var(--space-4);
        margin-top: var(--space-4);
      }
    `,
  ];
  static properties = { communityId: {}, dragId: { state: true }, overId: { state: true }, editing: { state: true }, busy: { state: true }, confirmDelete: { state: true } };
  declare confirmDelete: Channel | null;
  declare communityId: string;
  declare dragId: string | null;
  declare overId: string | null;
  declare editing: { kind: "channel" | "group"; id: string } | null;
  declare busy: boolean;
  private ctx = new Connect(this, (app) => [app.communities]);

  constructor() {
    super();
    this.communityId = "";
    this.dragId = null;
    this.overId = null;
    this.editing = null;
    this.busy = false;
    this.confirmDelete = null;
  }

  render() {
    const { communities } = this.ctx.app;
    const s = communities.structure.get(this.communityId);
    const d = communities.detail.get(this.communityId);
    const roles: Role[] = d && "value" in d ? (d.value?.roles ?? []) : [];
    if (!s || !("value" in s) || !s.value) return html`<span class="spinner" role="status" aria-label="Loading channels"></span>`;
    const all = sortedChannels(s.value);
    const groups = [...s.value.groups].sort((a, b) => a.position - b.position);
    const ungrouped = all.filter((c) => !c.groupId);
    const edit = this.editing;
    return html`<h2>Channels &amp; permissions</h2>
      <p class="intro">Drag channels to reorder them or move them between groups. Each channel or group can override role permissions.</p>
      <section>
        ${ungrouped.length ? this.group(null, "No group", ungrouped) : nothing}
        ${groups.map((g) => this.group(g, g.name, all.filter((c) => c.groupId === g.id)))}
        <form class="row" style="max-width:none" @submit=${this.addGroup}><label class="sr-only" for="ng">New group name</label><input id="ng" name="name" type="text" placeholder="New group name" maxlength="100" style="max-width:260px" /><button class="btn secondary" type="submit" ?disabled=${this.busy}>Add group</button></form>
      </section>
      ${edit ? this.editor(edit, all, groups, roles) : nothing}
      ${this.confirmDelete
        ? html`<hearth-dialog open danger heading="Delete #${this.confirmDelete.name}?" confirm-label="Delete channel" @dialog-confirm=${this.doDelete} @dialog-close=${() => (this.confirmDelete = null)}><p class="muted">Its messages are deleted with it. This can't be undone.</p></hearth-dialog>`
        : nothing}`;
  }

  private group(g: Group | null, name: string, list: Channel[]) {
    return html`<div class="group" data-group=${g?.id ?? ""} @dragover=${(e: DragEvent) => this.onDragOver(e, null)} @drop=${(e: DragEvent) => this.onDrop(e, g?.id ?? null, list.length)}>
      <h3>${name} ${g ? html`<button class="icon-btn small" title="Group permissions" aria-label="Permissions of group ${name}" @click=${() => (this.editing = { kind: "group", id: g.id })}>${icons.shield()}</button>` : nothing}</h3>
      ${list.length === 0 ? html`<p class="hint" style="padding:6px">Drop a channel here.</p>` : nothing}
      ${list.map(
        (c, i) => html`<div
          class="ch ${this.dragId === c.id ? "dragging" : ""} ${this.overId === c.id ? "over" : ""}"
          draggable="true"
          data-channel-row=${c.name}
          @dragstart=${(e: DragEvent) => this.onDragStart(e, c.id)}
          @dragend=${() => ((this.dragId = null), (this.overId = null))}
          @dragover=${(e: DragEvent) => this.onDragOver(e, c.id)}
          @drop=${(e: DragEvent) => this.onDrop(e, g?.id ?? null, i)}
        >
          <span class="grip" aria-hidden="true">${icons.grip()}</span>
          ${c.kind === "voice" ? icons.volume() : icons.hash()}
          <span class="name">${c.name}</span>
          <button class="icon-btn small" aria-label="Move ${c.name} up" ?disabled=${i === 0 || this.busy} @click=${() => this.move(list, c, g?.id ?? null, i - 1)}>▲</button>
          <button class="icon-btn small" aria-label="Move ${c.name} down" ?disabled=${i === list.length - 1 || this.busy} @click=${() => this.move(list, c, g?.id ?? null, i + 1)}>▼</button>
          <button class="btn ghost small" @click=${() => (this.editing = { kind: "channel", id: c.id })}>Edit</button>
        </div>`,
      )}
    </div>`;
  }

  private editor(edit: { kind: "channel" | "group"; id: string }, all: Channel[], groups: Group[], roles: Role[]) {
    const ch = edit.kind === "channel" ? all.find((c) => c.id === edit.id) : undefined;
    const g = edit.kind === "group" ? groups.find((x) => x.id === edit.id) : undefined;
    if (!ch && !g) return nothing;
    return html`<section class="panel" aria-label="Edit ${ch ? `#${ch.name}` : g!.name}">
      <div class="row" style="margin-bottom:var(--space-3)"><h3 style="flex:1">${ch ? `#${ch.name}` : g!.name}</h3><button class="icon-btn" aria-label="Close editor" @click=${() => (this.editing = null)}>${icons.close()}</button></div>
      ${ch
        ? html`<form @submit=${(e: SubmitEvent) => this.saveChannel(e, ch)}>
            <div class="field"><label for="cn">Name</label><input id="cn" name="name" type="text" maxlength="100" .value=${ch.name} /></div>
            <div class="field"><label for="ct">Topic</label><input id="ct" name="topic" type="text" maxlength="1024" .value=${ch.topic} /></div>
            <div class="field"><label for="cs">Slow mode</label><select id="cs" name="slow">${[0, 5, 10, 30, 60, 300, 900, 3600].map((v) => html`<option value=${v} ?selected=${ch.slowModeSeconds === v}>${v === 0 ? "Off" : v < 60 ? `${v} seconds` : `${v / 60} minutes`}</option>`)}</select></div>
            <div class="row"><button class="btn" type="submit" ?disabled=${this.busy}>Save channel</button><button class="btn danger" type="button" ?disabled=${this.busy} @click=${() => this.deleteChannel(ch)}>Delete channel</button></div>
          </form>
          <h3 style="margin-top:var(--space-5)">Permission overrides</h3>`
        : html`<h3>Permission overrides</h3>`}
      <hearth-override-grid .scope=${ch ? "channels" : "groups"} .targetId=${edit.id} .roles=${roles}></hearth-override-grid>
    </section>`;
  }

  private onDragStart(e: DragEvent, id: string) {
    this.dragId = id;
    e.dataTransfer?.setData("text/plain", id);
    if (e.dataTransfer) e.dataTransfer.effectAllowed = "move";
  }

  private onDragOver(e: DragEvent, id: string | null) {
    if (!this.dragId) return;
    e.preventDefault();
    if (id) e.stopPropagation();
    this.overId = id;
  }

  private onDrop(e: DragEvent, groupId: string | null, index: number) {
    e.preventDefault();
    e.stopPropagation();
    const id = this.dragId;
    this.dragId = this.overId = null;
    if (!id) return;
    const s = this.ctx.app.communities.structure.get(this.communityId);
    if (!s || !("value" in s) || !s.value) return;
    const list = sortedChannels(s.value).filter((c) => (c.groupId ?? null) === groupId);
    const moving = sortedChannels(s.value).find((c) => c.id === id);
    if (!moving) return;
    const base = list.some((c) => c.id === id) ? list : [...list, moving];
    void this.commit(reorder(base, id, index), groupId);
  }

  private move(list: Channel[], c: Channel, groupId: string | null, to: number) {
    void this.commit(reorder(list, c.id, to), groupId);
  }

  private async commit(ordered: Channel[], groupId: string | null) {
    await this.run(() => this.ctx.app.moderation.reorderChannels(this.communityId, ordered.map((c, i) => ({ id: c.id, position: i, groupId }))), "Order saved.");
  }

  private async run(fn: () => Promise<unknown>, done: string) {
    this.busy = true;
    try {
      await fn();
      this.ctx.app.ui.toast(done, "success");
      await this.ctx.app.communities.loadStructure(this.communityId);
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      this.busy = false;
    }
  }

  private addGroup = (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const name = String(new FormData(form).get("name") ?? "").trim();
    if (!name) return;
    void this.run(() => this.ctx.app.moderation.createGroup(this.communityId, name), "Group created.").then(() => form.reset());
  };

  private saveChannel(e: SubmitEvent, ch: Channel) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const input = { name: String(data.get("name") ?? "").trim() || ch.name, topic: String(data.get("topic") ?? ""), slowModeSeconds: Number(data.get("slow") ?? 0) };
    void this.run(() => this.ctx.app.moderation.updateChannel(ch.id, input), "Channel saved.");
  }

  private deleteChannel(ch: Channel) {
    this.confirmDelete = ch;
  }

  private doDelete = () => {
    const ch = this.confirmDelete;
    this.confirmDelete = null;
    if (!ch) return;
    this.editing = null;
    void this.run(() => this.ctx.app.moderation.deleteChannel(ch.id), `Deleted #${ch.name}.`);
  };
}
customElements.define("hearth-cs-channels", HearthCsChannels);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-cs-channels": HearthCsChannels;
  }
}
