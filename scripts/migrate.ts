/**
 * Applies pending migrations to DATABASE_URL (required). Safe to re-run: applied migrations are skipped.
 */
import { runMigrations } from "./lib/migrate.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set. Example: DATABASE_URL=postgres://user:pass@127.0.0.1:5432/hearth npm run migrate");
  process.exit(2);
}
await runMigrations(url);
console.log("migrations applied");
