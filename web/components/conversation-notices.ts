/**
 * The rows an encrypted conversation's timeline shows besides messages, for hearth-channel-view: its device and
 * member changes (web/state/e2ee.ts) and, in a group DM, who renamed it, added someone or left
 * (web/state/dm-changes.ts). A member notice and the stored change of the same join or leave are one row naming who
 * did it. The same array comes back while nothing changed, so the message list does not re-render for it.
 */
import { html } from "lit";
import type { AppState } from "../state/app.ts";
import { mergeChanges } from "../state/dm-changes.ts";
import "./hearth-device-notice.ts";
import type { TimelineNotice } from "./hearth-message-list.ts";

export interface ConversationNoticesView {
  app(): AppState;
  channelId(): string;
  /** null in a DM or group DM. */
  communityId(): string | null;
  /** A person's display name as the conversation shows it. */
  nameOf(userId: string): string;
}

export class ConversationNotices {
  private cache: { key: string; value: TimelineNotice[] } = { key: "", value: [] };

  constructor(private readonly view: ConversationNoticesView) {}

  /** The rows for `members` since `since` (the conversation's creation), oldest first. */
  rows(members: string[], since: string | undefined): TimelineNotice[] {
    const app = this.view.app();
    const channelId = this.view.channelId();
    const isDm = this.view.communityId() === null;
    const me = app.auth.user?.id;
    const events = app.e2ee.conversationChanges(channelId, members, since, isDm);
    const changes = isDm ? app.dmChanges.of(channelId) : [];
    const key = `${app.members.version}|${events.map((e) => e.id).join(",")}|${changes.map((c) => c.id).join(",")}`;
    if (key === this.cache.key) return this.cache.value;
    const nameOf = (id: string) => this.view.nameOf(id);
    const who = (id: string) => (id === me ? "You" : nameOf(id));
    const time = (at: string) => app.prefs.time(new Date(at));
    const value: TimelineNotice[] = mergeChanges(events, changes).map((row) => {
      if ("event" in row) {
        const e = row.event;
        // Someone who left may be unknown to this browser by now: the name remembered with the event stands in.
        const remembered = "name" in e ? e.name : undefined;
        const name = remembered && !app.members.user(e.userId) ? remembered : nameOf(e.userId);
        const notice = { kind: e.kind, name, self: e.userId === me, fingerprint: e.fingerprint, at: e.at, by: row.actorId && who(row.actorId) };
        return { key: e.id, at: e.at, tpl: html`<hearth-device-notice .notice=${notice} .timeText=${time(e.at)}></hearth-device-notice>` };
      }
      const c = row.change;
      const kind = c.change === "renamed" ? "renamed" : c.change === "participant_added" ? "joined" : "left";
      const userId = c.userId ?? c.actorId;
      const notice = { kind, name: nameOf(userId), self: userId === me && kind !== "renamed", fingerprint: "", at: c.at, by: who(c.actorId), title: c.name };
      return { key: c.id, at: c.at, tpl: html`<hearth-device-notice .notice=${notice} .timeText=${time(c.at)}></hearth-device-notice>` };
    });
    this.cache = { key, value };
    return value;
  }
}
