import { LitElement, css, html, nothing } from "lit";
import { CHANNEL_NAME_MAX, GROUP_NAME_MAX } from "../../protocol/limits.ts";
import { durationLabel, moveItem } from "../state/community-admin.ts";
import { can, canCreateChannels, type Channel, type Group, type Structure } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import { describeError } from "../styles/auth-card.ts";
import type { Member } from "../state/members.ts";
import { icons } from "../styles/icons.ts";
import { manageIcons } from "../styles/manage-icons.ts";
import { manage } from "../styles/manage.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import "./hearth-cs-channel-editor.ts";
import { channelFields, channelFieldStyles, channelSlug, readChannelFields, type ChannelKind } from "./channel-fields.ts";
import "./hearth-dialog.ts";

const memberName = (m: Member) => m.nickname || m.user.displayName || m.user.username;

type Drag = { kind: "channel" | "group"; id: string };

/**
 * Community settings → Channels: groups and their channels in order. Reorder by dragging rows (channels also
 * between groups) or with the move buttons; create channels and groups; open one to edit it and its permission
 * overrides. Only what the reader may manage is movable or editable. Property: `communityId`.
 */
export class HearthCsChannels extends LitElement {
  static styles = [
    shared,
    settingsSection,
    manage,
    channelFieldStyles,
    css`
      .group {
        margin-bottom: var(--space-4);
      }
      .sort-row.head {
        background: transparent;
        border-style: dashed;
        font-weight: 700;
        text-transform: uppercase;
        font-size: 0.8rem;
        letter-spacing: 0.03em;
        color: var(--fg-muted);
      }
      .channels {
        margin-left: var(--space-5);
      }
      .drop-hint {
        padding: 10px;
        color: var(--fg-muted);
        font-size: 0.85rem;
        border: 1px dashed var(--border);
        border-radius: var(--radius-s);
        margin-bottom: 4px;
      }
      .sort-row.head .name {
        min-width: 5em;
      }
      .owner-select {
        flex: 0 1 auto;
        min-width: 0;
        width: 11em;
        font-size: 0.8rem;
        text-transform: none;
        letter-spacing: normal;
      }
      .badges {
        display: flex;
        gap: 4px;
      }
      .chip svg,
      hearth-dialog svg {
        width: 14px;
        height: 14px;
      }
      @media (max-width: 600px) {
        .channels {
          margin-left: var(--space-3);
        }
        .badges {
          display: none;
        }
        /* The group's name comes first; the owner picker gets what is left. */
        .owner-select {
          width: 6.5em;
        }
      }
    `,
  ];
  static properties = { communityId: {}, drag: { state: true }, overId: { state: true }, editing: { state: true }, busy: { state: true }, creating: { state: true }, createError: { state: true }, newKind: { state: true } };
  declare communityId: string;
  declare drag: Drag | null;
  declare overId: string | null;
  declare editing: Drag | null;
  declare busy: boolean;
  declare creating: "channel" | "group" | null;
  declare createError: string;
  /** The type chosen in the create-channel dialog. */
  declare newKind: ChannelKind;
  private ctx = new Connect(this, (app) => [app.communities, app.members]);

  constructor() {
    super();
    this.communityId = "";
    this.drag = this.overId = this.editing = this.creating = null;
    this.busy = false;
    this.createError = "";
    this.newKind = "text";
  }

  connectedCallback() {
    super.connectedCallback();
    void this.ctx.app.communities.loadStructure(this.communityId);
    this.ctx.app.members.ensure(this.communityId);
  }

  /** The reader's community-wide permissions. */
  private perms(): string | undefined {
    const d = this.ctx.app.communities.detail.get(this.communityId);
    return d && "value" in d ? d.value?.me.permissions : undefined;
  }

  render() {
    const { communities } = this.ctx.app;
    const s = communities.structure.get(this.communityId);
    const perms = this.perms();
    if (s?.state === "error") return html`<div class="alert" role="alert">${describeError(s.error)}</div>`;
    if (!s || !("value" in s) || !s.value) return html`<span class="spinner" role="status" aria-label="Loading channels"></span>`;
    const e = this.editing;
    if (e && (e.kind === "channel" ? s.value.channels : s.value.groups).some((x) => x.id === e.id)) {
      return html`<button class="link-btn back" @click=${() => (this.editing = null)}>${icons.back()}All channels</button>
        <hearth-cs-channel-editor .communityId=${this.communityId} .kind=${e.kind} .itemId=${e.id}></hearth-cs-channel-editor>`;
    }
    const groups = [...s.value.groups].sort((a, b) => a.position - b.position);
    const inGroup = (id: string | null) => s.value!.channels.filter((c) => (c.groupId ?? null) === id).sort((a, b) => a.position - b.position);
    const ungrouped = inGroup(null);
    return html`<h2>Channels</h2>
      <p class="intro">Drag channels and groups to reorder them, or use the arrow buttons. Open one to rename it, set its topic and slow mode, or change who can do what in it.</p>
      <div class="toolbar">
        ${canCreateChannels(perms, groups) ? html`<button class="btn small" @click=${() => this.openCreate("channel")}>${icons.plus()}Create channel</button>` : nothing}
        ${can(perms, "MANAGE_GROUPS") ? html`<button class="btn secondary small" @click=${() => this.openCreate("group")}>${icons.plus()}Create group</button>` : nothing}
      </div>
      <div data-testid="channel-tree">
        ${ungrouped.length ? html`<div class="group">${this.channelRows(ungrouped, null)}</div>` : nothing}
        ${groups.map((g, i) => this.group(g, i, groups, inGroup(g.id), can(perms, "MANAGE_GROUPS")))}
      </div>
      ${this.createDialog(groups, s.value)}`;
  }

  private group(g: Group, i: number, groups: Group[], list: Channel[], mayGroups: boolean) {
    const mayEdit = can(g.permissions, "MANAGE_GROUPS") || can(g.permissions, "MANAGE_CHANNELS");
    const mayOwner = can(g.permissions, "MANAGE_GROUPS");
    const members = this.ctx.app.members.members(this.communityId);
    const ownerMember = g.ownerUserId ? members.find((m) => m.user.id === g.ownerUserId) : undefined;
    const owner = g.ownerUserId ? (ownerMember ? memberName(ownerMember) : "unknown member") : "";
    return html`<div class="group" role="group" aria-label="Group ${g.name}">
      <div
        class="sort-row head ${this.drag?.id === g.id ? "dragging" : ""} ${this.overId === g.id ? "over" : ""}"
        data-group-row=${g.name}
        draggable=${mayGroups ? "true" : "false"}
        @dragstart=${(e: DragEvent) => this.onDragStart(e, { kind: "group", id: g.id })}
        @dragend=${this.onDragEnd}
        @dragover=${(e: DragEvent) => this.onDragOver(e, g.id, true)}
        @drop=${(e: DragEvent) => this.onDropOnGroup(e, g, i, groups, list)}
      >
        ${mayGroups ? html`<span class="grip" aria-hidden="true">${icons.grip()}</span>` : nothing}${manageIcons.folder()}
        <span class="name">${g.name}</span>
        ${owner ? html`<span class="chip" data-testid="personal-owner">personal: ${owner}</span>` : nothing}
        ${mayOwner
          ? html`<select class="owner-select" aria-label="Personal group owner for ${g.name}" title="Personal group owner" ?disabled=${this.busy} @change=${(e: Event) => this.setOwner(g, (e.target as HTMLSelectElement).value || null)}>
              <option value="" ?selected=${!g.ownerUserId}>No owner</option>
              ${members.map((m) => html`<option value=${m.user.id} ?selected=${g.ownerUserId === m.user.id}>${memberName(m)}</option>`)}
            </select>`
          : nothing}
        ${mayGroups
          ? html`<button class="icon-btn small" data-move="${g.id}:up" aria-label="Move group ${g.name} up" ?disabled=${i === 0 || this.busy} @click=${() => this.moveGroup(groups, g.id, i - 1, "up")}>${manageIcons.up()}</button>
              <button class="icon-btn small" data-move="${g.id}:down" aria-label="Move group ${g.name} down" ?disabled=${i === groups.length - 1 || this.busy} @click=${() => this.moveGroup(groups, g.id, i + 1, "down")}>${manageIcons.down()}</button>`
          : nothing}
        ${mayEdit ? html`<button class="btn ghost small" aria-label="Edit group ${g.name}" @click=${() => (this.editing = { kind: "group", id: g.id })}>Edit</button>` : nothing}
      </div>
      <div class="channels">${list.length ? this.channelRows(list, g.id) : html`<div class="drop-hint" @dragover=${(e: DragEvent) => this.onDragOver(e, null, false)} @drop=${(e: DragEvent) => this.onDropChannel(e, g.id, list, 0)}>No channels. Drag one here.</div>`}</div>
    </div>`;
  }

  private channelRows(list: Channel[], groupId: string | null) {
    return list.map((c, i) => {
      const may = can(c.permissions, "MANAGE_CHANNELS");
      const sync = (c as Channel & { syncWithGroup?: boolean }).syncWithGroup;
      return html`<div
        class="sort-row ${this.drag?.id === c.id ? "dragging" : ""} ${this.overId === c.id ? "over" : ""}"
        draggable=${may ? "true" : "false"}
        data-channel-row=${c.name}
        @dragstart=${(e: DragEvent) => this.onDragStart(e, { kind: "channel", id: c.id })}
        @dragend=${this.onDragEnd}
        @dragover=${(e: DragEvent) => this.onDragOver(e, c.id, false)}
        @drop=${(e: DragEvent) => this.onDropChannel(e, groupId, list, i)}
      >
        ${may ? html`<span class="grip" aria-hidden="true">${icons.grip()}</span>` : nothing}
        ${c.kind === "voice" ? icons.volume() : icons.hash()}
        <span class="name">${c.name}</span>
        <span class="badges">
          ${c.nsfw ? html`<span class="chip">NSFW</span>` : nothing}
          ${c.archived ? html`<span class="chip">Archived</span>` : nothing}
          ${c.slowModeSeconds ? html`<span class="chip" title="Slow mode">${icons.clock()}${durationLabel(c.slowModeSeconds)}</span>` : nothing}
          ${groupId && sync === false ? html`<span class="chip" title="Has its own permissions, not the group's">Own permissions</span>` : nothing}
        </span>
        ${may
          ? html`<button class="icon-btn small" data-move="${c.id}:up" aria-label="Move ${c.name} up" ?disabled=${i === 0 || this.busy} @click=${() => this.commitChannels(moveItem(list, c.id, i - 1), groupId, `${c.id}:up`)}>${manageIcons.up()}</button>
              <button class="icon-btn small" data-move="${c.id}:down" aria-label="Move ${c.name} down" ?disabled=${i === list.length - 1 || this.busy} @click=${() => this.commitChannels(moveItem(list, c.id, i + 1), groupId, `${c.id}:down`)}>${manageIcons.down()}</button>
              <button class="btn ghost small" aria-label="Edit ${c.name}" @click=${() => (this.editing = { kind: "channel", id: c.id })}>Edit</button>`
          : nothing}
      </div>`;
    });
  }

  private createDialog(groups: Group[], s: Structure) {
    if (!this.creating) return nothing;
    const isGroup = this.creating === "group";
    const allowedGroups = groups.filter((g) => can(g.permissions, "MANAGE_CHANNELS"));
    const anywhere = can(this.perms(), "MANAGE_CHANNELS");
    return html`<hearth-dialog open heading=${isGroup ? "Create group" : "Create channel"} confirm-label=${isGroup ? "Create group" : "Create channel"} .busy=${this.busy} @dialog-confirm=${this.create} @dialog-close=${() => (this.creating = null)}>
      ${this.createError ? html`<div class="alert" role="alert">${this.createError}</div>` : nothing}
      ${isGroup
        ? html`<div class="field"><label for="new-name">Group name</label><input id="new-name" type="text" maxlength=${GROUP_NAME_MAX} placeholder="New group" /></div>`
        : html`${channelFields(this.newKind, (k) => (this.newKind = k))}
            <div class="field"><label for="new-group">Group</label><select id="new-group">
              ${anywhere ? html`<option value="">No group</option>` : nothing}
              ${allowedGroups.map((g, i) => html`<option value=${g.id} ?selected=${i === 0 && (s.groups.length > 0 || !anywhere)}>${g.name}</option>`)}
            </select></div>`}
    </hearth-dialog>`;
  }

  private openCreate(kind: "channel" | "group") {
    this.createError = "";
    this.newKind = "text";
    this.creating = kind;
  }

  private create = async () => {
    const root = this.renderRoot;
    const isGroup = this.creating === "group";
    const fields = readChannelFields(root);
    const raw = isGroup ? (root.querySelector<HTMLInputElement>("#new-name")?.value ?? "") : fields.name;
    const { communityAdmin, communities } = this.ctx.app;
    const name = isGroup ? raw.trim() : channelSlug(raw);
    if (!name) {
      this.createError = isGroup ? "Give the group a name." : "Give the channel a name.";
      return;
    }
    this.busy = true;
    try {
      const groupId = (root.querySelector("#new-group") as HTMLSelectElement | null)?.value || null;
      if (isGroup) {
        await communityAdmin.createGroup(this.communityId, name);
        await communities.loadStructure(this.communityId);
      } else await communities.createChannel(this.communityId, { name, kind: fields.kind, groupId, ...(fields.encrypted ? { encrypted: true } : {}) });
      this.creating = null;
      this.ctx.app.ui.toast(isGroup ? `Group ${name} created.` : `#${name} created.`, "success");
    } catch (err) {
      this.createError = describeError(err);
    } finally {
      this.busy = false;
    }
  };

  private async run(fn: () => Promise<unknown>, done: string) {
    this.busy = true;
    try {
      await fn();
      this.ctx.app.ui.toast(done, "success");
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
    } finally {
      await this.ctx.app.communities.loadStructure(this.communityId);
      this.busy = false;
    }
  }

  private setOwner(g: Group, ownerUserId: string | null) {
    const m = ownerUserId ? this.ctx.app.members.members(this.communityId).find((x) => x.user.id === ownerUserId) : undefined;
    void this.run(() => this.ctx.app.communityAdmin.setGroupOwner(g.id, ownerUserId), m ? `${g.name} is now ${memberName(m)}'s personal group.` : `${g.name} is no longer a personal group.`);
  }

  private commitChannels(ordered: Channel[], groupId: string | null, focus?: string) {
    void this.run(() => this.ctx.app.moderation.reorderChannels(this.communityId, ordered.map((c, i) => ({ id: c.id, position: i, groupId }))), "Channel order saved.").then(() => this.refocus(focus));
  }

  private moveGroup(groups: Group[], id: string, to: number, dir?: "up" | "down") {
    const next = moveItem(groups, id, to);
    void this.run(() => this.ctx.app.communityAdmin.reorderGroups(this.communityId, next.map((g, i) => ({ id: g.id, position: i }))), "Group order saved.").then(() => this.refocus(dir && `${id}:${dir}`));
  }

  /** After a move with the buttons, focus goes back to the moved row's button (or its other one at an end). */
  private async refocus(key: string | undefined) {
    if (!key) return;
    await this.updateComplete;
    const [id, dir] = key.split(":");
    const other = dir === "up" ? "down" : "up";
    const btn = this.renderRoot.querySelector<HTMLButtonElement>(`button[data-move="${key}"]:not([disabled])`) ?? this.renderRoot.querySelector<HTMLButtonElement>(`button[data-move="${id}:${other}"]`);
    btn?.focus();
  }

  private onDragStart(e: DragEvent, d: Drag) {
    e.stopPropagation();
    this.drag = d;
    e.dataTransfer?.setData("text/plain", d.id);
    if (e.dataTransfer) e.dataTransfer.effectAllowed = "move";
  }

  private onDragEnd = () => {
    this.drag = this.overId = null;
  };

  /** Channels drop on channel rows and group headers; groups only on group headers. */
  private onDragOver(e: DragEvent, id: string | null, isGroupHead: boolean) {
    if (!this.drag || (this.drag.kind === "group" && !isGroupHead)) return;
    e.preventDefault();
    e.stopPropagation();
    this.overId = id;
  }

  private onDropChannel(e: DragEvent, groupId: string | null, list: Channel[], index: number) {
    e.preventDefault();
    e.stopPropagation();
    const drag = this.drag;
    this.onDragEnd();
    if (drag?.kind !== "channel") return;
    const s = this.ctx.app.communities.structure.get(this.communityId);
    const moving = s && "value" in s ? s.value?.channels.find((c) => c.id === drag.id) : undefined;
    if (!moving) return;
    const base = list.some((c) => c.id === drag.id) ? list : [...list, moving];
    this.commitChannels(moveItem(base, drag.id, index), groupId);
  }

  private onDropOnGroup(e: DragEvent, g: Group, index: number, groups: Group[], list: Channel[]) {
    if (this.drag?.kind === "channel") return this.onDropChannel(e, g.id, list, list.length);
    e.preventDefault();
    const drag = this.drag;
    this.onDragEnd();
    if (drag?.kind === "group" && drag.id !== g.id) this.moveGroup(groups, drag.id, index);
  }
}
customElements.define("hearth-cs-channels", HearthCsChannels);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-cs-channels": HearthCsChannels;
  }
}
