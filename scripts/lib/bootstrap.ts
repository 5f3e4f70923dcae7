import crypto from "node:crypto";
import pg from "pg";

/**
 * On an instance with no users yet, returns a one-time invite that makes its user an instance admin, so the
 * first person can get in whatever REGISTRATION_MODE says. Reuses a still-valid one across restarts.
 */
export async function bootstrapAdminInvite(databaseUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: users } = await client.query("select 1 from users where deleted_at is null limit 1");
    if (users.length) return null;
    const { rows } = await client.query(
      `select code from registration_invites
        where grants_admin and revoked_at is null and uses < coalesce(max_uses, 1) and (expires_at is null or expires_at > now())
        order by created_at desc limit 1`,
    );
    if (rows[0]) return rows[0].code as string;
    const code = crypto.randomBytes(12).toString("base64url");
    await client.query(
      "insert into registration_invites (code, max_uses, expires_at, grants_admin) values ($1, 1, now() + interval '7 days', true)",
      [code],
    );
    return code;
  } finally {
    await client.end();
  }
}
