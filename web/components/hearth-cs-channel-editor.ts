import { LitElement, html, nothing } from "lit";
import { CHANNEL_NAME_MAX, CHANNEL_TOPIC_MAX, GROUP_NAME_MAX } from "../../protocol/limits.ts";
import { durationLabel, SLOW_MODES } from "../state/community-admin.ts";
import { can, type Channel, type Group } from "../state/communities.ts";
import { Connect } from "../state/context.ts";
import { describeError } from "../styles/auth-card.ts";
import { icons } from "../styles/icons.ts";
import { manage, ROLE_COLORS } from "../styles/manage.ts";
import { settingsSection } from "../styles/settings.ts";
import { shared } from "../styles/shared.ts";
import { channelSlug } from "./channel-fields.ts";
import "./hearth-dialog.ts";
import "./hearth-override-grid.ts";

interface ChannelDraft {
  name: string;
  topic: string;
  groupId: string | null;
  slowModeSeconds: number;
  nsfw: boolean;
  archived: boolean;
  /** A group's marks in the sidebar (unused for a channel). */
  icon: string;
  accentColor: string | null;
}

/**
 * One channel's or group's settings, in two tabs: Overview (channel: name, topic, group, slow mode, NSFW,
 * archived; group: name, icon and colour) with delete, and Permissions (the override grid). Properties: `communityId`,
 * `kind` ("channel" | "group"), `itemId`. The parent returns to its list when the item is gone.
 */
export class HearthCsChannelEditor extends LitElement {
  static styles = [shared, settingsSection, manage];
  static properties = { communityId: {}, kind: {}, itemId: {}, tab: { state: true }, draft: { state: true }, busy: { state: true }, confirmDelete: { state: true } };
  declare communityId: string;
  declare kind: "channel" | "group";
  declare itemId: string;
  declare tab: "overview" | "permissions";
  declare draft: ChannelDraft | null;
  declare busy: boolean;
  declare confirmDelete: boolean;
  private ctx = new Connect(this, (app) => [app.communities]);

  constructor() {
    super();
    this.communityId = this.itemId = "";
    this.kind = "channel";
    this.tab = "overview";
    this.draft = null;
    this.busy = false;
    this.confirmDelete = false;
  }

  private find(): { channel?: Channel; group?: Group; groups: Group[] } {
    const s = this.ctx.app.communities.structure.get(this.communityId);
    const v = s && "value" in s ? s.value : undefined;
    if (!v) return { groups: [] };
    return this.kind === "channel" ? { channel: v.channels.find((c) => c.id === this.itemId), groups: v.groups } : { group: v.groups.find((g) => g.id === this.itemId), groups: v.groups };
  }

  protected willUpdate(changed: Map<string, unknown>) {
    if (changed.has("itemId") || changed.has("kind")) this.reset();
  }

  private reset() {
    const { channel, group } = this.find();
    if (channel) this.draft = { name: channel.name, topic: channel.topic, groupId: channel.groupId, slowModeSeconds: channel.slowModeSeconds, nsfw: channel.nsfw, archived: channel.archived, icon: "", accentColor: null };
    else if (group) this.draft = { name: group.name, topic: "", groupId: null, slowModeSeconds: 0, nsfw: false, archived: false, icon: group.icon ?? "", accentColor: group.accentColor ?? null };
  }

  render() {
    const { channel, group, groups } = this.find();
    const item = channel ?? group;
    if (!item || !this.draft) return nothing;
    const title = channel ? `${channel.kind === "voice" ? "" : "#"}${channel.name}` : group!.name;
    const tabs: [typeof this.tab, string][] = [
      ["overview", "Overview"],
      ["permissions", "Permissions"],
    ];
    const groupOf = channel?.groupId ? groups.find((g) => g.id === channel.groupId) : undefined;
    return html`<h2>${title}</h2>
      <p class="intro">${channel ? `${channel.encrypted ? "End-to-end encrypted text" : channel.kind === "voice" ? "Voice" : "Text"} channel${groupOf ? ` in ${groupOf.name}` : ""}` : "Channel group"}</p>
      <div class="tabs" role="tablist">
        ${tabs.map(([t, label]) => html`<button role="tab" id="tab-${t}" aria-controls="panel" aria-selected=${this.tab === t ? "true" : "false"} tabindex=${this.tab === t ? "0" : "-1"} @click=${() => (this.tab = t)} @keydown=${this.onTabKey}>${label}</button>`)}
      </div>
      <div id="panel" role="tabpanel" aria-labelledby="tab-${this.tab}">
        ${this.tab === "overview"
          ? channel
            ? this.channelForm(channel, groups, this.draft)
            : this.groupForm(group!, this.draft)
          : html`<hearth-override-grid .communityId=${this.communityId} .scope=${channel ? "channels" : "groups"} .targetId=${item.id} .groupName=${groupOf?.name ?? ""} .myPermissions=${item.permissions}></hearth-override-grid>`}
      </div>
      ${this.confirmDelete
        ? html`<hearth-dialog open danger heading="Delete ${title}?" confirm-label=${channel ? "Delete channel" : "Delete group"} .busy=${this.busy} @dialog-confirm=${this.doDelete} @dialog-close=${() => (this.confirmDelete = false)}>
            <p class="muted">${channel ? "Its messages are deleted with it. This can't be undone." : "Its channels stay, without a group. The group's permission overrides are deleted."}</p>
          </hearth-dialog>`
        : nothing}`;
  }

  private channelForm(ch: Channel, groups: Group[], d: ChannelDraft) {
    const may = can(ch.permissions, "MANAGE_CHANNELS");
    const set = (p: Partial<ChannelDraft>) => (this.draft = { ...d, ...p });
    const dirty = d.name !== ch.name || d.topic !== ch.topic || d.groupId !== ch.groupId || d.slowModeSeconds !== ch.slowModeSeconds || d.nsfw !== ch.nsfw || d.archived !== ch.archived;
    const movable = groups.filter((g) => g.id === ch.groupId || can(g.permissions, "MANAGE_CHANNELS")).sort((a, b) => a.position - b.position);
    return html`<div class="field"><label for="cn">Channel name</label><input id="cn" type="text" maxlength=${CHANNEL_NAME_MAX} .value=${d.name} ?disabled=${!may} @input=${(e: Event) => set({ name: (e.target as HTMLInputElement).value })} /></div>
      ${ch.kind === "text" ? html`<div class="field"><label for="ct">Topic</label><textarea id="ct" rows="3" maxlength=${CHANNEL_TOPIC_MAX} .value=${d.topic} ?disabled=${!may} placeholder="Let everyone know what this channel is for" @input=${(e: Event) => set({ topic: (e.target as HTMLTextAreaElement).value })}></textarea></div>` : nothing}
      <div class="field"><label for="cg">Group</label><select id="cg" ?disabled=${!may} @change=${(e: Event) => set({ groupId: (e.target as HTMLSelectElement).value || null })}>
        <option value="" ?selected=${d.groupId === null}>No group</option>
        ${movable.map((g) => html`<option value=${g.id} ?selected=${d.groupId === g.id}>${g.name}</option>`)}
      </select></div>
      ${ch.kind === "text"
        ? html`<div class="field"><label for="cs">Slow mode</label><select id="cs" ?disabled=${!may} @change=${(e: Event) => set({ slowModeSeconds: Number((e.target as HTMLSelectElement).value) })}>
              ${SLOW_MODES.map((v) => html`<option value=${v} ?selected=${d.slowModeSeconds === v}>${durationLabel(v)}</option>`)}
            </select><span class="hint">How long each member waits between messages. Moderators are not limited.</span></div>`
        : nothing}
      <div class="perm-list">
        ${this.toggle("nsfw", "Age-restricted (NSFW)", "People must confirm they are adults before viewing it.", d.nsfw, may, (v) => set({ nsfw: v }))}
        ${this.toggle("archived", "Archived", "Read-only for everyone: nobody can send, react or join voice until it is unarchived.", d.archived, may, (v) => set({ archived: v }))}
      </div>
      ${may ? html`<div class="row"><button class="btn danger" ?disabled=${this.busy} @click=${() => (this.confirmDelete = true)}>${icons.trash()}Delete channel</button></div>` : nothing}
      ${dirty ? this.saveBar(() => this.saveChannel(ch, d), !channelSlug(d.name)) : nothing}`;
  }

  private groupForm(g: Group, d: ChannelDraft) {
    const may = can(g.permissions, "MANAGE_GROUPS");
    const set = (p: Partial<ChannelDraft>) => (this.draft = { ...d, ...p });
    const dirty = d.name !== g.name || d.icon.trim() !== (g.icon ?? "") || d.accentColor !== (g.accentColor ?? null);
    return html`<div class="field"><label for="gn">Group name</label><input id="gn" type="text" maxlength=${GROUP_NAME_MAX} .value=${d.name} ?disabled=${!may} @input=${(e: Event) => set({ name: (e.target as HTMLInputElement).value })} /></div>
      <div class="field"><label for="gi">Icon</label><input id="gi" type="text" maxlength="16" placeholder="One emoji, like 🎮" .value=${d.icon} ?disabled=${!may} aria-describedby="gi-hint" @input=${(e: Event) => set({ icon: (e.target as HTMLInputElement).value })} /><span class="hint" id="gi-hint">Shown before the group's name in the channel list. Leave empty for none.</span></div>
      <div class="field"><span class="label">Colour</span>
        <div class="swatches" role="group" aria-label="Group colour">
          <button type="button" class="swatch" style="background:var(--fg-faint)" aria-label="No colour" aria-pressed=${d.accentColor === null ? "true" : "false"} ?disabled=${!may} @click=${() => set({ accentColor: null })}></button>
          ${ROLE_COLORS.map((col) => html`<button type="button" class="swatch" style="background:${col}" aria-label="Colour ${col}" aria-pressed=${d.accentColor === col ? "true" : "false"} ?disabled=${!may} @click=${() => set({ accentColor: col })}></button>`)}
        </div>
      </div>
      ${may ? html`<div class="row"><button class="btn danger" ?disabled=${this.busy} @click=${() => (this.confirmDelete = true)}>${icons.trash()}Delete group</button></div>` : nothing}
      ${dirty ? this.saveBar(() => this.saveGroup(g, d), !d.name.trim()) : nothing}`;
  }

  private toggle(id: string, label: string, hint: string, on: boolean, may: boolean, set: (v: boolean) => void) {
    return html`<label class="perm" data-toggle=${id}>
      <div class="what"><div class="name">${label}</div><div class="hint">${hint}</div></div>
      <span class="switch"><input type="checkbox" role="switch" aria-label=${label} .checked=${on} ?disabled=${!may} @change=${(e: Event) => set((e.target as HTMLInputElement).checked)} /><span class="track"></span></span>
    </label>`;
  }

  private saveBar(save: () => void, invalid: boolean) {
    return html`<div class="savebar" role="region" aria-label="Unsaved changes"><span class="msg">You have unsaved changes.</span><button class="btn ghost small" ?disabled=${this.busy} @click=${() => this.reset()}>Reset</button><button class="btn small" ?disabled=${this.busy || invalid} @click=${save}>Save changes</button></div>`;
  }

  private onTabKey = (e: KeyboardEvent) => {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    this.tab = this.tab === "overview" ? "permissions" : "overview";
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${this.tab}`)?.focus());
  };

  private async run(fn: () => Promise<unknown>, done: string): Promise<boolean> {
    this.busy = true;
    try {
      await fn();
      this.ctx.app.ui.toast(done, "success");
      await this.ctx.app.communities.loadStructure(this.communityId);
      return true;
    } catch (err) {
      this.ctx.app.ui.toast(describeError(err), "error");
      return false;
    } finally {
      this.busy = false;
    }
  }

  private async saveChannel(ch: Channel, d: ChannelDraft) {
    const { communityAdmin, moderation } = this.ctx.app;
    const ok = await this.run(async () => {
      await communityAdmin.updateChannel(ch.id, { name: channelSlug(d.name), topic: d.topic, slowModeSeconds: d.slowModeSeconds, nsfw: d.nsfw, archived: d.archived });
      // Moving to another group goes last in it; the channel list's reorder moves it within.
      if (d.groupId !== ch.groupId) await moderation.reorderChannels(this.communityId, [{ id: ch.id, position: 10_000, groupId: d.groupId }]);
    }, "Channel saved.");
    if (ok) this.reset();
  }

  private async saveGroup(g: Group, d: ChannelDraft) {
    const icon = d.icon.trim() || null;
    if (await this.run(() => this.ctx.app.communityAdmin.updateGroup(g.id, { name: d.name.trim(), icon, accentColor: d.accentColor }), "Group saved.")) this.reset();
  }

  private doDelete = () => {
    const { channel, group } = this.find();
    const { communityAdmin, moderation } = this.ctx.app;
    const remove = () => (channel ? moderation.deleteChannel(channel.id) : communityAdmin.deleteGroup(group!.id));
    void this.run(remove, channel ? `Deleted #${channel.name}.` : `Deleted ${group!.name}.`).then(() => (this.confirmDelete = false));
  };
}
customElements.define("hearth-cs-channel-editor", HearthCsChannelEditor);

declare global {
  interface HTMLElementTagNameMap {
    "hearth-cs-channel-editor": HearthCsChannelEditor;
  }
}
