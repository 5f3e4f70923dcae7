import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { drizzleTypes } from "./pg-connection.ts";

type Parser = (typeId: number, format?: string) => (value: string) => unknown;

/** The type parser drizzle hands pg with a query, caught by a client that only records what it is asked. */
async function drizzlesParser(): Promise<Parser> {
  let seen: Parser | null = null;
  const client = {
    query: async (config: { types?: { getTypeParser: Parser } }) => {
      seen = config.types!.getTypeParser;
      return { rows: [], rowCount: 0, command: "SELECT", fields: [] };
    },
  };
  await drizzle(client as unknown as pg.Client).execute(sql`select 1`);
  return seen!;
}

describe("the pool's column parsing", () => {
  it("matches drizzle's node-postgres driver for every built-in type and the array types it overrides", async () => {
    const theirs = await drizzlesParser();
    const ids = [...Object.values(pg.types.builtins), 1231, 1115, 1185, 1187, 1182, 1000, 1007, 1009, 1016];
    const sample = "2024-05-06 07:08:09.123+00";
    for (const id of ids) {
      const expected = theirs(id, "text");
      const actual = drizzleTypes.getTypeParser(id, "text");
      if (expected === pg.types.getTypeParser(id, "text")) expect(actual, `type ${id}`).toBe(expected);
      else expect(actual(sample), `type ${id}`).toBe(expected(sample));
    }
  });
});
