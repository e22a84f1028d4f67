/**
 * The bulk path of an import (COPY into a staging table, set-based checks, one merge per chunk)
 * against the per-row path (every line through `recordEnrolment`): the same file — good lines,
 * every kind of bad line, duplicates within the file and against the registry, bad communes,
 * repeated receipts, people already registered (renewal, other birth date), social-insurance
 * numbers held or shared, likely duplicates — imported through each path into its own fresh
 * database, must give the same outcome and problems on every line (dry run and real run), the
 * same participants, enrolments, payments and duplicate reviews (ids and timestamps aside), the
 * same counts; the bulk run killed part-way and resumed gives the same again; the same file
 * again changes nothing.
 *
 * PostgreSQL only (the bulk path streams COPY through postgres.js); it makes its own databases
 * beside TEST_DATABASE_URL's and drops them afterwards.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agents, createDb, insertAreaRows, insertBatch, seedDemo, selectRows, type Db, type DbHandle } from "@ansinh/db";
import { processImportBatchBulk } from "../src/services/bulk-import.js";
import { processImportBatch } from "../src/services/import-enrolments.js";
import { suggestMapping } from "../src/services/import-mapping.js";
import { recordEnrolment, type RecordEnrolmentInput } from "../src/services/record-enrolment.js";
import { postgresUrl } from "./helpers.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const sampleLines = readFileSync(path.resolve(here, "../../../docs/samples/d05-ts-tu-nguyen.csv"), "utf8")
  .replace(/^\uFEFF/, "")
  .trim()
  .split(/\r?\n/);
const VOLUNTARY = "voluntary_social_insurance";

if (!postgresUrl) console.warn("TEST_DATABASE_URL/DATABASE_URL not set: the bulk-import equivalence test runs on PostgreSQL only and does not run.");

/** Cells of sample line n (the header is line 1). */
const cellsOf = (n: number) => sampleLines[n - 1]!.split(",");
const withId = (cells: string[], serial: number) => {
  const c = [...cells];
  c[4] = c[4]!.slice(0, 6) + String(serial).padStart(6, "0");
  return c;
};

/** The list: the sample (lines 2–24), then lines made to hit each rule, then many good ones. */
function makeList(): string {
  const body: string[][] = sampleLines.slice(1).map((l) => l.split(","));
  const add = (cells: string[]) => body.push(cells);
  // A likely duplicate within the file: line 7's name, birth date and commune, another ID.
  add(Object.assign(withId(cellsOf(7), 500_001), { 5: "0911000001", 14: "X-ALIKE" }));
  // The receipt of line 8 again, for another person.
  add(Object.assign(withId(cellsOf(8), 500_002), { 14: cellsOf(8)[14]! }));
  // A receipt number longer than the write path takes (INPUT.INVALID).
  add(Object.assign(withId(cellsOf(9), 500_003), { 14: "R".repeat(55) }));
  // Two years in advance: the write path needs the fund's return rate.
  add(Object.assign(withId(cellsOf(10), 500_004), { 8: "24", 10: "9.000.000", 14: "X-ADVANCE" }));
  // The same social-insurance number for two people of the file; one held by a registered person.
  add(Object.assign(withId(cellsOf(11), 500_005), { 1: "9187654321", 14: "X-SIN-1" }));
  add(Object.assign(withId(cellsOf(12), 500_006), { 1: "9187654321", 14: "X-SIN-2" }));
  add(Object.assign(withId(cellsOf(13), 500_007), { 1: "9112345678", 14: "X-SIN-HELD" }));
  // No receipt number: made of the personal ID and the receipt date.
  add(Object.assign(withId(cellsOf(4), 500_008), { 14: "" }));
  // A registered person's name, birth date and commune under another ID (a likely duplicate against the registry).
  add(Object.assign(withId(cellsOf(5), 500_009), { 5: "0911000009", 14: "X-ALIKE-REG" }));
  // Many good lines (names and phones of their own), across several chunks.
  const family = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi"];
  const given = ["An", "Bình", "Cúc", "Dũng", "Giang", "Hà", "Khoa", "Lan", "Mai", "Nam"];
  for (let i = 0; i < 240; i++) {
    const c = withId(cellsOf(2 + (i % 12)), 600_000 + i);
    c[0] = `${family[i % 8]} Văn ${given[Math.floor(i / 8) % 10]} ${given[i % 10]}`;
    c[5] = `091${String(2_000_000 + i).padStart(7, "0")}`;
    c[14] = `BULK-${i}`;
    add(c);
  }
  // Personal IDs of lines near the top again, with new receipts (duplicates within the file, across chunks).
  for (const n of [3, 4, 12]) add(Object.assign([...cellsOf(n)], { 14: `AGAIN-${n}` }));
  return `\uFEFF${[sampleLines[0]!, ...body.map((c) => c.join(","))].join("\r\n")}\r\n`;
}

/** What the registry holds before the import, the same in both databases (through the write path). */
async function registerBefore(db: Db, agentId: number) {
  const base = (
    personalId: string,
    fullName: string,
    birthDate: string,
    gender: "male" | "female",
    communeCode: string,
    receipt: string,
    extra: Partial<RecordEnrolmentInput["participant"]> = {},
  ): RecordEnrolmentInput => ({
    participant: { personalId, fullName, birthDate, gender, communeCode, ...extra },
    scheme: VOLUNTARY,
    startMonth: "2020-01",
    months: 1,
    monthlyIncome: 1_500_000,
    payment: { receiptDate: "2020-01-06", receiptNumber: receipt },
    agentId,
    source: "form",
    participantMode: "new",
  });
  const commands = [
    // Line 3's person, already registered: the line enrols her again (the write path, one by one).
    base("091177000101", "Đặng Thị Kim Nhung", "1977-04-14", "female", "31012", "PRE-1"),
    // Line 2's personal ID with another birth date: the line is refused.
    base("091167000100", "Huỳnh Ngọc Lan", "1967-07-19", "female", "31015", "PRE-2"),
    // The social-insurance number of a line of the file, held by someone else.
    base("091090000900", "Lê Văn Sáu", "1990-03-03", "male", "31027", "PRE-3", { socialInsuranceNumber: "9112345678" }),
    // Line 5's name, birth date and commune (another ID).
    base(`${cellsOf(5)[4]!.slice(0, 6)}400000`, "Nguyễn Văn Tư", "1985-01-01", "male", "31066", "PRE-4"),
    // The receipt of line 6, already recorded for this agent.
    base("091088000901", "Trần Văn Bảy", "1988-02-02", "male", "31054", cellsOf(6)[14]!),
  ];
  // Line 5's person as registered: the same name, birth date and commune as the file says.
  const l5 = cellsOf(5);
  const [d, m, y] = l5[2]!.split("/");
  commands[3]!.participant = {
    ...commands[3]!.participant,
    fullName: l5[0]!,
    birthDate: `${y}-${m}-${d}`,
    gender: l5[3] === "Nam" ? "male" : "female",
    communeCode: l5[12]!,
  };
  for (const c of commands) {
    const r = await recordEnrolment(db, c, { actorId: null });
    if (r.outcome !== "recorded") throw new Error(`setup: ${c.payment.receiptNumber} ${r.outcome} ${JSON.stringify(r.issues)}`);
  }
}

describe.runIf(postgresUrl !== undefined)("the bulk import gives what the per-row import gives (PostgreSQL)", () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "ansinh-bulk-"));
  const base = new URL(postgresUrl ?? "postgres://localhost/none");
  const names = ["perrow", "bulk", "killed"].map((k) => `${base.pathname.slice(1) || "ansinh"}_${k}_${process.pid}`.slice(0, 63));
  const handles: Record<string, DbHandle> = {};
  const agentOf: Record<string, number> = {};
  const file = path.join(tmp, "d05.csv");
  const csv = makeList();
  writeFileSync(file, csv);
  const header = sampleLines[0]!.split(",");
  const totalLines = csv.trim().split(/\r?\n/).length - 1;

  const admin = async <T>(fn: (db: Db) => Promise<T>) => {
    const h = await createDb({ databaseUrl: base.toString(), migrate: false });
    try {
      return await fn(h.db);
    } finally {
      await h.close();
    }
  };
  const urlOf = (name: string) => Object.assign(new URL(base.toString()), { pathname: `/${name}` }).toString();

  beforeAll(async () => {
    for (const name of names) {
      await admin((db) => db.execute(sql.raw(`drop database if exists "${name}" with (force)`)));
      await admin((db) => db.execute(sql.raw(`create database "${name}"`)));
      const h = await createDb({ databaseUrl: urlOf(name) });
      handles[name] = h;
      await seedDemo(h.db);
      const commune = (code: string, parentCode: string) => ({
        code,
        name: `Xã ${code}`,
        level: "commune" as const,
        unitType: "Xã",
        parentCode,
        validFrom: "2020-01-01",
        validTo: "2025-06-30",
      });
      await insertAreaRows(h.db, [...["31012", "31015", "31027", "31054", "31057", "31066"].map((c) => commune(c, "913")), commune("31078", "911")]);
      const [a] = await h.db
        .insert(agents)
        .values({ name: "Bưu điện huyện U Minh Thượng", kind: "post_office", provinceCode: "91", areaCode: "913", areaValidOn: "2020-01-01" })
        .returning();
      agentOf[name] = a!.id;
      await registerBefore(h.db, a!.id);
    }
  }, 120_000);

  afterAll(async () => {
    for (const h of Object.values(handles)) await h.close();
    for (const name of names) await admin((db) => db.execute(sql.raw(`drop database if exists "${name}" with (force)`)));
    rmSync(tmp, { recursive: true, force: true });
  });

  const newBatch = (db: Db, agentId: number, dryRun: boolean, hash: string) =>
    insertBatch(db, {
      agentId,
      provinceCode: "91",
      scheme: VOLUNTARY,
      fileName: "d05.csv",
      fileHash: hash,
      filePath: file,
      mapping: { format: "csv", columns: suggestMapping(header) },
      status: dryRun ? "dry_run" : "queued",
      createdBy: null,
    });

  const report = (db: Db, batchId: number) =>
    selectRows<{ line: number; outcome: string; problems: unknown; raw: unknown; has_ids: boolean }>(
      db,
      sql`select line, outcome, problems, raw, (participant_id is not null and enrolment_id is not null) as has_ids from import_rows where batch_id = ${batchId} order by line`,
    );
  /** The registry without ids and timestamps. */
  const registry = async (db: Db) => ({
    participants: await selectRows(
      db,
      sql`select province_code, personal_id, social_insurance_number, full_name, name_key, birth_date::text, gender, ethnicity, phone, commune_code, commune_valid_on::text,
                 household_id, relationship, merged_into_id, version from participants order by personal_id`,
    ),
    enrolments: await selectRows(
      db,
      sql`select p.personal_id, e.province_code, e.scheme, e.kind, e.start_date::text, e.months, e.monthly_income, e.support_groups, e.household_rank, e.facility_code,
                 e.breakdown, e.rates_effective_from::text, e.amount, e.commune_code, e.source, e.import_line, e.status, e.campaign_id, e.outreach_event_id
          from enrolments e join participants p on p.id = e.participant_id order by p.personal_id, e.start_date, e.import_line`,
    ),
    payments: await selectRows(
      db,
      sql`select p.personal_id, y.province_code, y.cover_from::text, y.months, y.cover_to::text, y.amount, y.receipt_date::text, y.receipt_number, e.import_line
          from payments y join participants p on p.id = y.participant_id join enrolments e on e.id = y.enrolment_id order by y.receipt_number`,
    ),
    reviews: await selectRows(
      db,
      sql`select a.personal_id as who, b.personal_id as looks_like, r.score, r.reasons, r.status, r.province_code
          from duplicate_reviews r join participants a on a.id = r.participant_id join participants b on b.id = r.match_id order by 1, 2`,
    ),
  });
  /** The dashboard's aggregates (kept by the statement-level triggers of migration 0006 on both paths). */
  const aggregates = async (db: Db) =>
    Object.fromEntries(
      await Promise.all(
        ["enrolment_counts", "coverage_counts", "coverage_changes", "event_enrolment_counts"].map(async (t) => [
          t,
          // A participant by personal ID (ids differ: a dry run one line at a time spends sequence values in its rolled-back savepoints).
          t === "coverage_changes"
            ? await selectRows(
                db,
                sql`select (to_jsonb(a) - 'participant_id' || jsonb_build_object('personal_id', p.personal_id))::text as r from coverage_changes a join participants p on p.id = a.participant_id order by 1`,
              )
            : await selectRows(db, sql`select to_jsonb(a)::text as r from ${sql.raw(t)} a order by 1`),
        ]),
      ),
    );
  const counts = async (db: Db, batchId: number) =>
    (await selectRows(db, sql`select status, total_rows, processed_rows, imported, duplicates, rejected from import_batches where id = ${batchId}`))[0];

  let perRowReal: Awaited<ReturnType<typeof report>> = [];
  let perRowCounts: unknown;

  it("dry runs: the same outcome and problems on every line", async () => {
    const [a, b] = [handles[names[0]!]!.db, handles[names[1]!]!.db];
    const ba = await newBatch(a, agentOf[names[0]!]!, true, "dry");
    const bb = await newBatch(b, agentOf[names[1]!]!, true, "dry");
    await processImportBatch(a, ba.id, { record: recordEnrolment });
    await processImportBatchBulk(b, bb.id, { record: recordEnrolment, chunkSize: 37 });
    const ra = await report(a, ba.id);
    const rb = await report(b, bb.id);
    expect(ra).toHaveLength(totalLines);
    expect(rb).toEqual(ra);
    expect(await counts(b, bb.id)).toEqual(await counts(a, ba.id));
    // Each kind of line is there (the test would prove little otherwise).
    const codes = new Set(ra.flatMap((r) => ((r.problems as { code: string }[] | null) ?? []).map((p) => p.code)));
    for (const code of [
      "IMPORT.DUPLICATE_IN_FILE",
      "ENROLMENT.DUPLICATE_RECEIPT",
      "ENROLMENT.PARTICIPANT_MISMATCH",
      "REGISTRY.DUPLICATE_SOCIAL_INSURANCE_NUMBER",
      "REGISTRY.COMMUNE_UNKNOWN",
      "REGISTRY.COMMUNE_OUT_OF_SCOPE",
      "REGISTRY.AMOUNT_MISMATCH",
      "INPUT.INVALID",
      "ENROLMENT.RETURN_RATE_MISSING",
    ]) {
      expect(codes, code).toContain(code);
    }
    // A dry run writes no registry row on either path.
    expect(await registry(b)).toEqual(await registry(a));
  }, 120_000);

  it("real runs: the same outcomes, participants, enrolments, payments and duplicate reviews", async () => {
    const [a, b] = [handles[names[0]!]!.db, handles[names[1]!]!.db];
    const ba = await newBatch(a, agentOf[names[0]!]!, false, "real");
    const bb = await newBatch(b, agentOf[names[1]!]!, false, "real");
    await processImportBatch(a, ba.id, { record: recordEnrolment });
    await processImportBatchBulk(b, bb.id, { record: recordEnrolment, chunkSize: 37 });
    perRowReal = await report(a, ba.id);
    perRowCounts = await counts(a, ba.id);
    expect(await report(b, bb.id)).toEqual(perRowReal);
    expect(await counts(b, bb.id)).toEqual(perRowCounts);
    const [ga, gb] = [await registry(a), await registry(b)];
    expect(gb).toEqual(ga);
    expect(ga.reviews.length).toBeGreaterThanOrEqual(2);
    const agg = await aggregates(a);
    expect(agg.enrolment_counts!.length).toBeGreaterThan(0);
    expect(await aggregates(b)).toEqual(agg);
    expect(perRowReal.filter((r) => r.outcome === "imported").length).toBeGreaterThan(240);
    // Nothing left in the staging table once the batch is done.
    expect(await selectRows(b, sql`select count(*)::int as n from import_staging where batch_id = ${bb.id}`)).toEqual([{ n: 0 }]);
  }, 120_000);

  it("the same file again changes nothing; another upload of it gives every line as a duplicate or a rejection", async () => {
    const b = handles[names[1]!]!.db;
    const before = await registry(b);
    const [again] = await selectRows<{ id: number }>(b, sql`select id from import_batches where file_hash = 'real'`);
    await processImportBatchBulk(b, Number(again!.id), { record: recordEnrolment });
    expect(await registry(b)).toEqual(before);
    const other = await newBatch(b, agentOf[names[1]!]!, false, "real-again");
    await processImportBatchBulk(b, other.id, { record: recordEnrolment, chunkSize: 100 });
    const rows = await report(b, other.id);
    expect(rows).toHaveLength(totalLines);
    expect(rows.filter((r) => r.outcome === "imported")).toEqual([]);
    expect(await registry(b)).toEqual(before);
  }, 120_000);

  it("killed part-way and resumed: every line once, as the uninterrupted run", async () => {
    const c = handles[names[2]!]!.db;
    const bc = await newBatch(c, agentOf[names[2]!]!, false, "real");
    // With the aggregates deferred to one rebuild at the end (IMPORT_BULK_DEFER_AGGREGATES).
    await expect(processImportBatchBulk(c, bc.id, { record: recordEnrolment, chunkSize: 37, failAfterRows: 120, deferAggregates: true })).rejects.toThrow(
      /stopped after/,
    );
    const mid = await counts(c, bc.id);
    expect((mid as { processed_rows: number }).processed_rows).toBeGreaterThan(0);
    expect((mid as { processed_rows: number }).processed_rows).toBeLessThan(totalLines);
    // Killed while staging (staging runs beside the merges, a committed COPY per chunk): the lines
    // past a point were never staged; the next run stages after the last staged line, killed again.
    const [merged] = await selectRows<{ line: number }>(c, sql`select max(line)::int as line from import_rows where batch_id = ${bc.id}`);
    await c.execute(sql`delete from import_staging where batch_id = ${bc.id} and line > ${merged!.line + 40}`);
    await expect(processImportBatchBulk(c, bc.id, { record: recordEnrolment, chunkSize: 37, failAfterRows: 40, deferAggregates: true })).rejects.toThrow(
      /stopped after/,
    );
    const later = await counts(c, bc.id);
    expect((later as { processed_rows: number }).processed_rows).toBeGreaterThan((mid as { processed_rows: number }).processed_rows);
    expect((later as { processed_rows: number }).processed_rows).toBeLessThan(totalLines);
    // The staging table emptied (as a PostgreSQL crash empties an unlogged table): staged again on resume.
    await c.execute(sql`delete from import_staging where batch_id = ${bc.id}`);
    await processImportBatchBulk(c, bc.id, { record: recordEnrolment, chunkSize: 37, deferAggregates: true });
    expect(await report(c, bc.id)).toEqual(perRowReal);
    expect(await aggregates(c)).toEqual(await aggregates(handles[names[0]!]!.db));
    expect(await counts(c, bc.id)).toEqual(perRowCounts);
    expect(await registry(c)).toEqual(await registry(handles[names[0]!]!.db));
  }, 120_000);
});
