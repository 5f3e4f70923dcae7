import type { Context } from "hono";
import { uuidv7 } from "uuidv7";
import { auditLog } from "../schema/index.ts";
import type { Db } from "./db.ts";
import type { AppEnv } from "./env.ts";

export interface AuditEvent {
  action: string;
  actorId?: string | null;
  targetType?: string;
  targetId?: string;
  communityId?: string;
  reason?: string;
  details?: Record<string, unknown>;
}

/** Appends one audit entry with the caller's address and user agent. Never put secrets in `details`. */
export async function audit(db: Db, c: Context<AppEnv>, event: AuditEvent): Promise<void> {
  await db.insert(auditLog).values({
    id: uuidv7(),
    actorId: event.actorId ?? null,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    communityId: event.communityId,
    reason: event.reason,
    details: event.details,
    ip: c.var.clientIp,
    userAgent: c.var.userAgent,
  });
}
