/**
 * The migrations apply to an empty database, and to a database left at the foundation's schema (0000) holding
 * data: the later migrations must upgrade it in place without losing or breaking anything.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { dropDatabase, ensureDatabase, runMigrations } from "../scripts/lib/migrate.ts";
import { ROOT } from "../scripts/lib/paths.ts";

const MIGRATIONS = path.join(ROOT, "schema/migrations");
const created: string[] = [];
const adminUrl = inject("adminDatabaseUrl");

async function freshDatabase(): Promise<string> {
  const name = `hearth_migr_${crypto.randomBytes(6).toString("hex")}`;
  await ensureDatabase(adminUrl, name);
  created.push(name);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A copy of the migrations folder holding only the first `n` migrations, as an older release shipped it. */
function migrationsUpTo(n: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hearth-migrations-"));
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS, "meta/_journal.json"), "utf8"));
  journal.entries = journal.entries.slice(0, n);
  fs.mkdirSync(path.join(dir, "meta"));
  fs.writeFileSync(path.join(dir, "meta/_journal.json"), JSON.stringify(journal));
  for (const e of journal.entries) fs.copyFileSync(path.join(MIGRATIONS, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  return dir;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const tables = (c: pg.Client) => c.query<{ t: string }>("select tablename as t from pg_tables where schemaname = 'public' order by 1").then((r) => r.rows.map((x) => x.t));

afterAll(async () => {
  for (const name of created) await dropDatabase(adminUrl, name).catch(() => {});
});

describe("migrations", () => {
  it("apply to an empty database and create every table", async () => {
    const url = await freshDatabase();
    await runMigrations(url);
    const names = await withClient(url, tables);
    for (const t of ["users", "communities", "community_members", "roles", "member_roles", "channel_groups", "channels", "permission_overrides", "dm_participants", "user_blocks", "community_invites", "bans", "warnings", "reports", "announcements", "announcement_dismissals", "feedback"]) {
      expect(names).toContain(t);
    }
    // Running again is a no-op.
    await runMigrations(url);
  });

  it("upgrade a database at the foundation's migration that already holds users", async () => {
    const url = await freshDatabase();
    const old = migrationsUpTo(1);
    await withClient(url, async (c) => {
      await c.query("set client_min_messages = warning");
      await migrate(drizzle(c), { migrationsFolder: old });
      expect(await tables(c)).not.toContain("communities");
      await c.query(
        `insert into users (id, username, display_name, password_hash, recovery_code_hash, is_admin)
         values ($1, 'old_timer', 'Old Timer', '$argon2id$x', 'hash', true), ($2, 'newer', 'Newer', '$argon2id$y', 'hash2', false)`,
        [crypto.randomUUID(), crypto.randomUUID()],
      );
      await c.query("insert into instance_settings (key, value) values ('registration_mode', '\"open\"')");
    });
    fs.rmSync(old, { recursive: true, force: true });

    await runMigrations(url);
    await withClient(url, async (c) => {
      const users = await c.query<{ username: string; is_admin: boolean }>("select username, is_admin from users order by username");
      expect(users.rows).toEqual([
        { username: "newer", is_admin: false },
        { username: "old_timer", is_admin: true },
      ]);
      expect((await c.query("select value from instance_settings where key = 'registration_mode'")).rows[0].value).toBe("open");
      // The new tables work with the old rows: an existing user can own a community and join it.
      const [{ id: owner }] = (await c.query<{ id: string }>("select id from users where username = 'old_timer'")).rows;
      const community = crypto.randomUUID();
      await c.query("insert into communities (id, name, owner_id) values ($1, 'Legacy', $2)", [community, owner]);
      await c.query("insert into community_members (community_id, user_id) values ($1, $2)", [community, owner]);
      await c.query("insert into roles (id, community_id, name, position, permissions, is_everyone) values ($1, $2, '@everyone', 0, 9223372036854775807, true)", [crypto.randomUUID(), community]);
      const perms = await c.query<{ p: string }>("select permissions::text as p from roles where community_id = $1", [community]);
      expect(perms.rows[0].p).toBe("9223372036854775807");
    });
  });

  it("keep a channel's history and changes when message_created stops being copied into channel_events (0006)", async () => {
    const url = await freshDatabase();
    const old = migrationsUpTo(6);
    const channel = crypto.randomUUID();
    const author = crypto.randomUUID();
    const ids = [crypto.randomUUID(), crypto.randomUUID()];
    await withClient(url, async (c) => {
      await c.query("set client_min_messages = warning");
      await migrate(drizzle(c), { migrationsFolder: old });
      await c.query("insert into users (id, username, display_name, password_hash, recovery_code_hash) values ($1, 'writer', 'Writer', 'x', 'y')", [author]);
      await c.query("insert into channels (id, kind, name) values ($1, 'dm', '')", [channel]);
      await c.query("insert into messages (id, channel_id, seq, author_id, nonce, content) values ($1, $3, 1, $4, 'a', 'first'), ($2, $3, 2, $4, 'b', 'second')", [...ids, channel, author]);
      // The old write path logged every create beside its row; the edit at seq 3 is a change.
      await c.query(
        `insert into channel_events (channel_id, seq, type, message_id) values ($1, 1, 'message_created', $2), ($1, 2, 'message_created', $3), ($1, 3, 'message_edited', $2)`,
        [channel, ...ids],
      );
    });
    fs.rmSync(old, { recursive: true, force: true });

    await runMigrations(url);
    await withClient(url, async (c) => {
      expect((await c.query("select seq::int, type from channel_events where channel_id = $1 order by seq", [channel])).rows).toEqual([{ seq: 3, type: "message_edited" }]);
      expect((await c.query("select seq::int, content from messages where channel_id = $1 order by seq", [channel])).rows).toEqual([
        { seq: 1, content: "first" },
        { seq: 2, content: "second" },
      ]);
      // The log no longer takes copies of creates.
      await expect(c.query("insert into channel_events (channel_id, seq, type, message_id) values ($1, 4, 'message_created', $2)", [channel, ids[0]])).rejects.toThrow(/channel_events_type_check/);
    });
  });
});
