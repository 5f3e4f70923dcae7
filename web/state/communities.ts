/**
 * The communities the person belongs to, each one's groups and channels, and their DMs. Loaded over REST;
 * the realtime client patches it when membership or structure changes.
 */
import { hasPermission, permissionsFromString, type Permission } from "../../protocol/permissions.ts";
import type { Api } from "./api.ts";
import { ApiError } from "./api.ts";
import { Notifier, track, type Async } from "./store.ts";

export interface Community {
  id: string;
  name: string;
  description: string;
  iconUrl: string | null;
  bannerUrl: string | null;
  accentColor: string | null;
  /** Colour variables members see in the community (protocol/community-theme.ts), or null. */
  themeCss?: string | null;
  ownerId: string;
  createdAt: string;
}

export interface Role {
  id: string;
  name: string;
  color: string | null;
  position: number;
  permissions: string;
  isEveryone: boolean;
}

export interface CommunityDetail extends Community {
  memberCount: number;
  roles: Role[];
  me: { isOwner: boolean; permissions: string; roleIds: string[]; nickname: string | null; joinedAt: string | null; timedOutUntil: string | null };
}

export interface Group {
  id: string;
  communityId: string;
  name: string;
  position: number;
  ownerUserId: string | null;
  /** One emoji before its name in the sidebar, or null. */
  icon?: string | null;
  /** "#rrggbb" marking it in the sidebar, or null. */
  accentColor?: string | null;
  permissions: string;
}

export interface Participant {
  id: string;
  username: string;
  displayName: string;
  /** When they joined the DM (ISO time); their devices cannot read what was sent before. */
  joinedAt?: string;
}

export interface Channel {
  id: string;
  communityId: string | null;
  groupId: string | null;
  kind: "text" | "voice" | "dm" | "group_dm";
  name: string;
  topic: string;
  position: number;
  slowModeSeconds: number;
  nsfw: boolean;
  archived: boolean;
  encrypted: boolean;
  createdAt: string;
  /** The caller's effective permission bits in this channel, as a decimal string. */
  permissions: string;
  participants?: Participant[];
}

export interface InvitePreview {
  code: string;
  expiresAt: string | null;
  community: { id: string; name: string; description: string; iconUrl: string | null; memberCount: number };
}

export interface CommunityInvite {
  code: string;
  communityId: string;
  creatorId: string;
  maxUses: number | null;
  uses: number;
  expiresAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

export interface Structure {
  groups: Group[];
  channels: Channel[];
}

/** Whether the bits (a decimal string from the server) include a permission. */
export function can(bits: string | undefined, p: Permission): boolean {
  if (!bits) return false;
  try {
    return hasPermission(permissionsFromString(bits), p);
  } catch {
    return false;
  }
}

/**
 * Whether someone may create channels somewhere in a community: everywhere with MANAGE_CHANNELS, or in a group
 * that grants it to them (a personal group's owner has it there only).
 */
export function canCreateChannels(perms: string | undefined, groups: readonly { permissions?: string }[]): boolean {
  return can(perms, "MANAGE_CHANNELS") || groups.some((g) => can(g.permissions, "MANAGE_CHANNELS"));
}

export class CommunitiesStore extends Notifier {
  list: Async<Community[]> = { state: "idle" };
  dms: Async<Channel[]> = { state: "idle" };
  readonly structure = new Map<string, Async<Structure>>();
  readonly detail = new Map<string, Async<CommunityDetail>>();

  constructor(private readonly api: Api) {
    super();
  }

  load(): Promise<unknown> {
    return track(this.list, (s) => ((this.list = s), this.changed()), async () => (await this.api.get<{ communities: Community[] }>("/api/v1/communities")).communities);
  }

  loadDms(): Promise<unknown> {
    return track(this.dms, (s) => ((this.dms = s), this.changed()), async () => {
      try {
        return (await this.api.get<{ channels: Channel[] }>("/api/v1/dms")).channels;
      } catch (e) {
        // Before the DM routes exist on this server, show an empty list rather than an error.
        if (e instanceof ApiError && e.code === "route_not_found") return [];
        throw e;
      }
    });
  }

  loadStructure(communityId: string): Promise<unknown> {
    const cur = this.structure.get(communityId) ?? { state: "idle" };
    return track(cur, (s) => (this.structure.set(communityId, s), this.changed()), () => this.api.get<Structure>(`/api/v1/communities/${encodeURIComponent(communityId)}/channels`));
  }

  loadDetail(communityId: string): Promise<unknown> {
    const cur = this.detail.get(communityId) ?? { state: "idle" };
    return track(cur, (s) => (this.detail.set(communityId, s), this.changed()), () => this.api.get<CommunityDetail>(`/api/v1/communities/${encodeURIComponent(communityId)}`));
  }

  /** Loads what a community view needs unless it is already there. */
  ensure(communityId: string): void {
    if ((this.structure.get(communityId)?.state ?? "idle") === "idle") void this.loadStructure(communityId);
    if ((this.detail.get(communityId)?.state ?? "idle") === "idle") void this.loadDetail(communityId);
  }

  community(id: string): Community | undefined {
    return "value" in this.list ? this.list.value?.find((c) => c.id === id) : undefined;
  }

  channel(id: string): Channel | undefined {
    for (const s of this.structure.values()) {
      const ch = "value" in s ? s.value?.channels.find((c) => c.id === id) : undefined;
      if (ch) return ch;
    }
    return "value" in this.dms ? this.dms.value?.find((c) => c.id === id) : undefined;
  }

  /** The first text channel the person can read: where opening a community lands. */
  firstChannel(communityId: string): Channel | undefined {
    const s = this.structure.get(communityId);
    if (!s || !("value" in s) || !s.value) return undefined;
    return sortedChannels(s.value).find((c) => c.kind === "text");
  }

  async create(name: string): Promise<Community> {
    const c = await this.api.post<Community>("/api/v1/communities", { name });
    await this.load();
    return c;
  }

  /** Creates a channel and reloads the community's structure, so the sidebar and settings list it. */
  async createChannel(communityId: string, input: { name: string; kind: "text" | "voice"; groupId?: string | null; topic?: string; encrypted?: boolean }): Promise<Channel> {
    const ch = await this.api.post<Channel>(`/api/v1/communities/${encodeURIComponent(communityId)}/channels`, input);
    await this.loadStructure(communityId);
    return ch;
  }

  previewInvite(code: string): Promise<InvitePreview> {
    return this.api.get<InvitePreview>(`/api/v1/invites/${encodeURIComponent(code)}`);
  }

  async acceptInvite(code: string): Promise<string> {
    const res = await this.api.post<{ communityId: string }>(`/api/v1/invites/${encodeURIComponent(code)}/accept`);
    await this.load();
    return res.communityId;
  }

  createInvite(communityId: string, opts: { maxUses?: number | null; expiresInSeconds?: number | null }): Promise<CommunityInvite> {
    return this.api.post<CommunityInvite>(`/api/v1/communities/${encodeURIComponent(communityId)}/invites`, opts);
  }

  async openDm(userId: string): Promise<Channel> {
    const ch = await this.api.post<Channel>("/api/v1/dms", { userId });
    await this.loadDms();
    return ch;
  }

  /** One other person: their DM (the existing one if any). Several: a new group DM of them and the caller. */
  async openConversation(userIds: string[]): Promise<Channel> {
    if (userIds.length === 1) return this.openDm(userIds[0]);
    const ch = await this.api.post<Channel>("/api/v1/dms", { userIds });
    await this.loadDms();
    return ch;
  }

  /** Adds people to a group DM, one request each (the API takes one at a time); the DM list follows. */
  async addToGroup(channelId: string, userIds: string[]): Promise<void> {
    try {
      for (const userId of userIds) await this.api.post<Channel>(`/api/v1/dms/${encodeURIComponent(channelId)}/participants`, { userId });
    } finally {
      await this.loadDms();
    }
  }

  /** Renames a group DM; null goes back to the participants' names. */
  async renameGroup(channelId: string, name: string | null): Promise<void> {
    await this.api.patch<Channel>(`/api/v1/dms/${encodeURIComponent(channelId)}`, { name });
    await this.loadDms();
  }

  /** Leaves a group DM: it leaves the DM list at once. */
  async leaveGroup(channelId: string): Promise<void> {
    await this.api.delete(`/api/v1/dms/${encodeURIComponent(channelId)}/participants/me`);
    if (this.dms.state === "ready") {
      this.dms = { state: "ready", value: this.dms.value.filter((d) => d.id !== channelId) };
      this.changed();
    }
    await this.loadDms();
  }

  forget(): void {
    this.list = { state: "idle" };
    this.dms = { state: "idle" };
    this.structure.clear();
    this.detail.clear();
    this.changed();
  }
}

/** Channels in display order: ungrouped first, then by group position, then channel position. */
export function sortedChannels(s: Structure): Channel[] {
  const gpos = new Map(s.groups.map((g) => [g.id, g.position]));
  return [...s.channels].sort((a, b) => {
    const ga = a.groupId ? (gpos.get(a.groupId) ?? 0) + 1 : 0;
    const gb = b.groupId ? (gpos.get(b.groupId) ?? 0) + 1 : 0;
    return ga - gb || a.position - b.position || a.name.localeCompare(b.name);
  });
}
