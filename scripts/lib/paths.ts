import path from "node:path";

/** Paths every script agrees on. */
export const ROOT = path.resolve(import.meta.dirname, "../..");
export const DIST = path.join(ROOT, "dist");
export const WORKER_DIST = path.join(DIST, "worker");
export const OBJECTS_DIST = path.join(DIST, "objects");
export const WEB_DIST = path.join(DIST, "web");
export const BIN = path.join(ROOT, "node_modules/.bin");
