/**
 * The read path (DATABASE_READ_URL): dashboards and lists read from the read database, writes
 * (and the session, roles and everything a mutation reads) go to the primary. The read database
 * here holds other data than the primary on purpose: the registry fixtures and renamed districts
 * exist only there, so each answer shows where it was read.
 */
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, resetDatabase, seedDemo, selectRows, type DbHandle } from "@ansinh/db";
import { buildServer } from "../src/index.js";
import { call, drivers, PASSWORD, postgresUrl, PUBLIC_URL, startTestApp, type TestApp } from "./helpers.js";
import { seedRegistryFixtures, type RegistryFixtures } from "./registry-list-fixtures.js";

if (!postgresUrl) console.warn("read-path: TEST_DATABASE_URL not set, the PostgreSQL run (a second database) is SKIPPED; PGlite only.");

/** The read database: a second in-memory PGlite, or `<test database>_read` on PostgreSQL. */
async function openReadDb(name: string): Promise<{ handle: DbHandle; drop: () => Promise<void> }> {
  if (name !== "PostgreSQL") {
    const handle = await createDb({ dataDir: "memory://" });
    return { handle, drop: async () => {} };
  }
  const base = new URL(postgresUrl!);
  const dbName = `${base.pathname.slice(1)}_read`.slice(0, 63);
  const url = new URL(base.toString());
  url.pathname = `/${dbName}`;
  const admin = await createDb({ databaseUrl: base.toString(), migrate: false });
  try {
    await admin.db.execute(sql.raw(`drop database if exists "${dbName}" with (force)`));
    await admin.db.execute(sql.raw(`create database "${dbName}"`));
  } finally {
    await admin.close();
  }
  const handle = await createDb({ databaseUrl: url.toString() });
  await resetDatabase(handle.db).catch(() => {});
  return {
    handle,
    drop: async () => {
      const a = await createDb({ databaseUrl: base.toString(), migrate: false });
      await a.db.execute(sql.raw(`drop database if exists "${dbName}" with (force)`)).finally(() => a.close());
    },
  };
}

interface Page {
  total: number;
  rows: { fullName: string }[];
}

describe.each(drivers)("read path on $name", ({ name, open }) => {
  let t: TestApp;
  let read: { handle: DbHandle; drop: () => Promise<void> };
  let onReplica: FastifyInstance;
  let f: RegistryFixtures;

  beforeAll(async () => {
    t = await startTestApp(open);
    read = await openReadDb(name);
    await seedDemo(read.handle.db);
    f = await seedRegistryFixtures(read.handle.db);
    await read.handle.db.execute(sql`update areas set name = name || ' (bản đọc)' where code in ('911', '913')`);
    onReplica = await buildServer({ handle: t.handle, readHandle: read.handle, logLevel: "silent", publicUrl: PUBLIC_URL, signInPerMinute: 1000 });
  }, 60_000);
  afterAll(async () => {
    await onReplica?.close();
    await read?.handle.close();
    await read?.drop();
    await t?.close();
  });

  const query = async <R>(app: FastifyInstance, proc: string, input: unknown) => {
    const r = await call(app, proc, input, { cookie: t.cookies.admin });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.result!.data as R;
  };

  it("lists read the read database (the primary has no registry at all)", async () => {
    const onPrimary = await query<Page>(t.app, "participants.list", {});
    expect(onPrimary.total).toBe(0);
    const listed = await query<Page>(onReplica, "participants.list", {});
    expect(listed.total).toBe(Object.keys(f.people).length);
    expect(listed.rows.map((r) => r.fullName)).toContain(f.people.an.fullName);
    // One person in detail is read where it was just saved (the page shown after a save).
    expect((await call(onReplica, "participants.get", { id: f.people.an.id }, { cookie: t.cookies.admin })).status).toBe(404);

    // Reference lists too: the read database has no users at all.
    expect((await query<{ total: number }>(t.app, "users.list", {})).total).toBeGreaterThan(0);
    expect((await query<{ total: number }>(onReplica, "users.list", {})).total).toBe(0);

    expect((await query<Page>(t.app, "registry.enrolments", {})).total).toBe(0);
    expect((await query<Page>(onReplica, "registry.enrolments", {})).total).toBeGreaterThan(0);

    const dueHere = await query<Page>(onReplica, "renewals.list", { kind: "due" });
    expect((await query<Page>(t.app, "renewals.list", { kind: "due" })).total).toBe(0);
    expect(dueHere.total).toBeGreaterThan(0);
    const counts = await query<{ due: number }[]>(onReplica, "renewals.summary", { kind: "due" });
    expect(counts.reduce((n, c) => n + c.due, 0)).toBe(dueHere.total);
  });

  it("the XLSX export of a list reads where its procedure reads", async () => {
    const res = await onReplica.inject({
      method: "GET",
      url: `/trpc/export/participants?input=${encodeURIComponent("{}")}&lang=vi`,
      headers: { cookie: t.cookies.admin },
    });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const names = wb.worksheets[0]!.getColumn(1).values.filter((v): v is string => typeof v === "string");
    expect(names).toContain(f.people.an.fullName);
  });

  it("dashboards read the read database", async () => {
    const coverage = await query<{ path: { name: string }[]; children: { code: string; name: string }[] }>(onReplica, "areas.coverage", {
      code: "91",
      onDate: "2020-06-30",
    });
    expect(coverage.children.find((c) => c.code === "913")!.name).toMatch(/\(bản đọc\)$/);
    const primary = await query<typeof coverage>(t.app, "areas.coverage", { code: "91", onDate: "2020-06-30" });
    expect(primary.children.find((c) => c.code === "913")!.name).not.toMatch(/bản đọc/);
    const summary = await query<{ area: { name: string } }>(onReplica, "dashboard.summary", {
      code: "913",
      onDate: "2020-12-31",
      scheme: "voluntary_social_insurance",
    });
    expect(summary.area.name).toMatch(/\(bản đọc\)$/);
  });

  it("writes, sign-ins and roles go to the primary", async () => {
    const created = await call(
      onReplica,
      "users.create",
      { email: "written@test.vn", name: "Ghi vào chính", password: PASSWORD, assignments: [{ role: "viewer", areaCode: "913" }] },
      { cookie: t.cookies.admin, mutation: true },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const count = async (h: DbHandle) =>
      Number((await selectRows<{ n: number }>(h.db, sql`select count(*)::int as n from auth_user where email = 'written@test.vn'`))[0]!.n);
    expect(await count(t.handle)).toBe(1);
    expect(await count(read.handle)).toBe(0);
    // The read database has no users at all: the session is the primary's.
    expect((await query<{ user: { email: string } }>(onReplica, "me.get", undefined)).user.email).toBe("admin@test.vn");
  });
});
