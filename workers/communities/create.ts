import { uuidv7 } from "uuidv7";
import { DEFAULT_ADMIN, DEFAULT_EVERYONE, DEFAULT_MEMBER, DEFAULT_MODERATOR } from "../../protocol/permissions.ts";
import { channelGroups, channels, communities, communityMembers, roles, type Community } from "../../schema/index.ts";
import type { Db } from "../db.ts";

/**
 * The starting roles, lowest first after @everyone (position 0). They reproduce the familiar tiers; the owner
 * needs no role, since ownership alone grants everything.
 */
const DEFAULT_ROLES = [
  { name: "Member", color: null, permissions: DEFAULT_MEMBER },
  { name: "Moderator", color: "#3498db", permissions: DEFAULT_MODERATOR },
  { name: "Admin", color: "#e74c3c", permissions: DEFAULT_ADMIN },
] as const;

/**
 * Creates a community with @everyone and the default roles, a "Text Channels" group holding #general and a
 * "Voice Channels" group holding one voice channel, and the creator as owner and first member. One transaction:
 * a community never exists half-made.
 */
export async function createCommunity(db: Db, ownerId: string, fields: { name: string; description?: string; accentColor?: string | null }): Promise<Community> {
  return db.transaction(async (tx) => {
    const id = uuidv7();
    const [community] = await tx
      .insert(communities)
      .values({ id, name: fields.name, description: fields.description ?? "", accentColor: fields.accentColor ?? null, ownerId })
      .returning();
    await tx.insert(roles).values([
      { id: uuidv7(), communityId: id, name: "@everyone", color: null, position: 0, permissions: DEFAULT_EVERYONE, isEveryone: true },
      ...DEFAULT_ROLES.map((r, i) => ({ id: uuidv7(), communityId: id, name: r.name, color: r.color, position: i + 1, permissions: r.permissions })),
    ]);
    await tx.insert(communityMembers).values({ communityId: id, userId: ownerId });
    const textGroup = uuidv7();
    const voiceGroup = uuidv7();
    await tx.insert(channelGroups).values([
      { id: textGroup, communityId: id, name: "Text Channels", position: 0 },
      { id: voiceGroup, communityId: id, name: "Voice Channels", position: 1 },
    ]);
    await tx.insert(channels).values([
      { id: uuidv7(), communityId: id, groupId: textGroup, kind: "text", name: "general", position: 0, createdBy: ownerId },
      { id: uuidv7(), communityId: id, groupId: voiceGroup, kind: "voice", name: "General", position: 0, createdBy: ownerId },
    ]);
    return community;
  });
}
