/**
 * Every foreign key has an index whose leading columns are the key's: without one, a
 * join on the key (payments → enrolments) or a delete of the row it points to (a user, set null
 * in every table that names them) reads the whole table. Checked on the migrated schema of both
 * databases; the answer names the keys that lack one.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows, type DbHandle } from "@ansinh/db";
import { drivers } from "./helpers.js";

describe.each(drivers)("foreign keys on $name", ({ open }) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await open();
  }, 60_000);
  afterAll(async () => h?.close());

  it("each has an index led by its columns", async () => {
    const rows = await selectRows<{ fk: string }>(
      h.db,
      sql`select c.conrelid::regclass::text || '(' || string_agg(a.attname, ', ' order by k.ord) || ')' as fk
          from pg_constraint c
          cross join lateral unnest(c.conkey) with ordinality k(attnum, ord)
          join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
          where c.contype = 'f' and c.connamespace = 'public'::regnamespace
            and not exists (
              select 1 from pg_index i
              where i.indrelid = c.conrelid
                and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
                and (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey)
          group by c.oid, c.conrelid
          order by 1`,
    );
    expect(rows.map((r) => r.fk)).toEqual([]);
  });
});
