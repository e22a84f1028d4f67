/**
 * `ansinh backup` / `ansinh restore` on both databases: a backup of the demo registry restores
 * to the same figures (the counts, and every row of the dashboard's aggregates), into an empty
 * database; a database that holds data is refused unless forced; a backup of a newer schema, a
 * file that is not a backup, and a backup of the other kind of database are refused with one
 * bilingual line. PostgreSQL runs pg_dump / pg_restore (the server's major version).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, seedDemo, selectRows, type Db } from "@ansinh/db";
import { UserError } from "../src/fatal.js";
import { backup, compareSchema, countRows, parseToolVersion, restore, type JournalEntry } from "../src/services/backup.js";
import { seedDemoUsers } from "../src/services/demo-users.js";
import { recordEnrolment, type RecordEnrolmentInput } from "../src/services/record-enrolment.js";
import { postgresUrl } from "./helpers.js";
import { COMMUNES, seedRegistryFixtures, voluntaryInput } from "./registry-fixtures.js";

/** People enrolled through the write path (so the aggregates are the triggers' own). */
const PEOPLE = 40;

/** Every row of the dashboard's aggregates, as one fingerprint per table. */
async function figures(db: Db) {
  const out: Record<string, string> = {};
  for (const t of ["enrolment_counts", "coverage_counts", "coverage_changes", "event_enrolment_counts"]) {
    const [row] = await selectRows<{ n: number; h: string | null }>(
      db,
      sql.raw(`select count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as h from ${t} t`),
    );
    out[t] = `${row!.n}:${row!.h}`;
  }
  return { counts: await countRows(db), aggregates: out };
}

const tmp = mkdtempSync(path.join(os.tmpdir(), "ansinh-backup-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("the schema check", () => {
  const journal: JournalEntry[] = [
    { tag: "0000_a", when: 10 },
    { tag: "0001_b", when: 20 },
    { tag: "0002_c", when: 30 },
  ];
  it("takes the same schema, migrates an older one and refuses a newer one", () => {
    expect(compareSchema([10, 20, 30], journal)).toEqual({ kind: "same", version: 3, tag: "0002_c" });
    expect(compareSchema([10, 20], journal)).toEqual({ kind: "older", version: 2, tag: "0001_b", target: 3, targetTag: "0002_c" });
    expect(compareSchema([10, 20, 30, 40], journal)).toMatchObject({ kind: "newer", unknown: [40] });
    expect(compareSchema([], journal)).toEqual({ kind: "none" });
  });
  it("reads the tools' versions", () => {
    expect(parseToolVersion("pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)")).toEqual({ major: 15, version: "15.20" });
    expect(parseToolVersion("pg_restore (PostgreSQL) 17.2")).toEqual({ major: 17, version: "17.2" });
    expect(parseToolVersion("something else")).toBeNull();
  });
});

interface Target {
  name: string;
  source: { databaseUrl?: string; dataDir: string };
  target: { databaseUrl?: string; dataDir: string };
  /** Empty databases (PostgreSQL: created afresh). */
  prepare(): Promise<void>;
  cleanup(): Promise<void>;
}

function pgliteTarget(): Target {
  const source = { dataDir: path.join(tmp, "pglite-source") };
  const target = { dataDir: path.join(tmp, "pglite-target") };
  return {
    name: "PGlite",
    source,
    target,
    prepare: async () => {},
    cleanup: async () => {},
  };
}

function postgresTarget(url: string): Target {
  const base = new URL(url);
  const name = (suffix: string) => `${base.pathname.slice(1) || "ansinh"}_bk_${suffix}_${process.pid}`.slice(0, 63);
  const urlOf = (db: string) => {
    const u = new URL(base.toString());
    u.pathname = `/${db}`;
    return u.toString();
  };
  const dbs = [name("src"), name("dst")];
  const admin = async (statement: string) => {
    const h = await createDb({ databaseUrl: base.toString(), migrate: false });
    try {
      await h.db.execute(sql.raw(statement));
    } finally {
      await h.close();
    }
  };
  const source = { databaseUrl: urlOf(dbs[0]!), dataDir: tmp };
  const target = { databaseUrl: urlOf(dbs[1]!), dataDir: tmp };
  return {
    name: "PostgreSQL",
    source,
    target,
    async prepare() {
      for (const d of dbs) {
        await admin(`drop database if exists "${d}" with (force)`);
        await admin(`create database "${d}"`);
      }
    },
    cleanup: async () => {
      for (const d of dbs) await admin(`drop database if exists "${d}" with (force)`);
    },
  };
}

const targets = [pgliteTarget(), ...(postgresUrl ? [postgresTarget(postgresUrl)] : [])];

describe.each(targets)("backup and restore on $name", (t) => {
  afterAll(() => t.cleanup());

  it("restores to the same figures; refuses a database holding data unless forced; refuses what it cannot restore", async () => {
    // The demo: Kiên Giang's units, the accounts, U Minh Thượng's registry with its aggregates.
    const t0 = Date.now();
    const lap = (what: string) => console.info(`${t.name} backup test: ${what} at ${Date.now() - t0} ms`);
    await t.prepare();
    const seeded = await createDb({ ...t.source });
    let before;
    try {
      const db = seeded.db;
      await seedDemo(db);
      await seedDemoUsers(db, path.join(tmp, `accounts-${t.name}`));
      const { agentId } = await seedRegistryFixtures(db);
      const communes = [COMMUNES.thanhYen, COMMUNES.anMinhBac, COMMUNES.vinhHoa];
      for (let i = 0; i < PEOPLE; i++) {
        const input = voluntaryInput(
          agentId,
          { months: [1, 3, 6, 12][i % 4] },
          {
            personalId: `091085${String(100_000 + i).padStart(6, "0")}`,
            fullName: `${["Trần", "Lê", "Phạm", "Võ"][i % 4]} Văn ${["An", "Bình", "Cường", "Dũng", "Em", "Giang", "Hải", "Khoa", "Long", "Minh"][Math.floor(i / 4) % 10]}`,
            phone: null,
            communeCode: communes[i % 3],
          },
          { receiptDate: `2020-${String(1 + (i % 12)).padStart(2, "0")}-10`, receiptNumber: `BK-${i}` },
        );
        const r = await db.transaction((tx) => recordEnrolment(tx, input as RecordEnrolmentInput, { actorId: null }));
        expect(r, JSON.stringify(r)).toMatchObject({ outcome: "recorded" });
      }
      before = await figures(db);
    } finally {
      await seeded.close();
    }
    lap("seeded");
    expect(before.counts.participants).toBe(PEOPLE);
    expect(before.counts.enrolments).toBe(PEOPLE);
    expect(before.aggregates.enrolment_counts).not.toMatch(/^0:/);
    expect(before.counts.auth_user).toBeGreaterThan(0);

    const file = path.join(tmp, `backup-${t.name}${t.name === "PGlite" ? ".tar.gz" : ".dump"}`);
    const made = await backup({ ...t.source, target: file });
    expect(made.file).toBe(file);
    expect(made.bytes).toBeGreaterThan(10_000);
    expect(made.counts).toEqual(before.counts);
    expect(made.schema.kind).toBe("same");

    lap("backed up");
    // Into an empty database: the same counts, printed, and the same aggregates row for row.
    const restored = await restore({ ...t.target, file });
    expect(restored.counts).toEqual(before.counts);
    const check = await createDb({ ...t.target, migrate: false });
    try {
      expect(await figures(check.db)).toEqual(before);
    } finally {
      await check.close();
    }

    lap("restored");
    // Again: the database now holds data.
    await expect(restore({ ...t.target, file })).rejects.toThrow(/--force/);
    const forced = await restore({ ...t.target, file, force: true });
    expect(forced.counts).toEqual(before.counts);
    if (t.name === "PGlite") expect(forced.previous).toMatch(/pglite\.before-restore-/);
    lap("forced");

    // Not a backup; a backup of the other kind of database.
    const junk = path.join(tmp, "junk.bin");
    writeFileSync(junk, "hello, not a backup");
    const junkError = await restore({ ...t.target, file: junk }).catch((e: unknown) => e);
    expect(junkError).toBeInstanceOf(UserError);
    expect((junkError as Error).message).toMatch(/không phải bản sao lưu.* \/ .*is not an ansinh backup/);
    const other = t.name === "PGlite" ? { databaseUrl: "postgres://127.0.0.1:1/none", dataDir: tmp } : { dataDir: tmp };
    await expect(restore({ ...other, file })).rejects.toThrow(t.name === "PGlite" ? /unset DATABASE_URL/ : /set DATABASE_URL/);

    // A backup made by a newer version (a migration this version does not know) is refused before anything is touched.
    const newer = await createDb({ ...t.source, migrate: false });
    try {
      await newer.db.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('future', 99999999999999)`);
    } finally {
      await newer.close();
    }
    const newerFile = path.join(tmp, `newer-${t.name}`);
    await backup({ ...t.source, target: newerFile });
    const refused = await restore({ ...t.target, file: newerFile, force: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as Error).message).toMatch(/newer version/);
    const still = await createDb({ ...t.target, migrate: false });
    try {
      expect((await figures(still.db)).counts).toEqual(before.counts);
    } finally {
      await still.close();
    }
    lap("done");
  }, 240_000);
});
