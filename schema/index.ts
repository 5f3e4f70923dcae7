export * from "./accounts.ts";
export * from "./communities.ts";
export * from "./moderation.ts";
export * from "./messages.ts";
export * from "./presence.ts";
export * from "./crypto-keys.ts";
export * from "./files.ts";
export * from "./embeds.ts";
