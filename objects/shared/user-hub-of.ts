import type { UserHub } from "../UserHub.ts";

/** A user's UserHub: one per user, addressed by name (the Worker, rooms and other hubs all reach it this way). */
export function userHubOf(namespace: DurableObjectNamespace<UserHub>, userId: string): DurableObjectStub<UserHub> {
  return namespace.get(namespace.idFromName("user:" + userId));
}
