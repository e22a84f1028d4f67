/**
 * Importing agents' lists (docs/rules.md §4b), on PGlite and PostgreSQL: the sample files of
 * docs/samples (CSV UTF-8 with BOM, the same in Windows-1258, XLSX with date cells, text dates
 * and serials), column mapping, dry run, the real run through the registry's write path,
 * idempotent re-import, a run killed part-way and resumed, scope, the report and the export.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agents, claimJob, enqueueJob, insertAreaRows, selectRows, type Db } from "@ansinh/db";
import { voluntaryContribution, type SupportGroup } from "@ansinh/domain/contributions";
import { processImportBatch } from "../src/services/import-enrolments.js";
import { importFieldNames, importFields } from "../src/services/import-mapping.js";
import { drainJobs, runJob } from "../src/services/jobs.js";
import { recordEnrolment } from "../src/services/record-enrolment.js";
import { call, drivers, PUBLIC_URL, startTestApp, type TestApp } from "./helpers.js";

const samples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../docs/samples");
const sample = (name: string) => readFileSync(path.join(samples, name));
const VOLUNTARY = "voluntary_social_insurance";
const HOUSEHOLD = "household_health_insurance";

/** What each line of d05-ts-tu-nguyen.csv becomes (lines 2–13 are good). */
const d05Expected: Record<number, { outcome: string; code?: string }> = {
  ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [i + 2, { outcome: "imported" }])),
  14: { outcome: "rejected", code: "REGISTRY.PERSONAL_ID_CENTURY_MISMATCH" },
  15: { outcome: "rejected", code: "REGISTRY.PERSONAL_ID_GENDER_MISMATCH" },
  16: { outcome: "rejected", code: "REGISTRY.PERSONAL_ID_BIRTH_YEAR_MISMATCH" },
  17: { outcome: "rejected", code: "REGISTRY.INCOME_BELOW_FLOOR" },
  18: { outcome: "rejected", code: "REGISTRY.UNDER_15" },
  19: { outcome: "rejected", code: "REGISTRY.COMMUNE_UNKNOWN" },
  20: { outcome: "rejected", code: "REGISTRY.COMMUNE_OUT_OF_SCOPE" },
  21: { outcome: "duplicate", code: "IMPORT.DUPLICATE_IN_FILE" },
  22: { outcome: "rejected", code: "REGISTRY.DATE_INVALID" },
  23: { outcome: "rejected", code: "REGISTRY.AMOUNT_MISMATCH" },
  24: { outcome: "rejected", code: "REGISTRY.REQUIRED" },
};

describe.each(drivers)("import of agents' lists on $name", ({ open }) => {
  let t: TestApp;
  let db: Db;
  let dataDir: string;
  const agentIds: Record<"main" | "phuQuoc" | "crash" | "mapping" | "household" | "poor", number> = {} as never;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "ansinh-import-test-"));
    t = await startTestApp(open, { server: { dataDir, jobWorker: false } });
    db = t.handle.db;
    const commune = (code: string, parentCode: string) => ({
      code,
      name: `Xã ${code}`,
      level: "commune" as const,
      unitType: "Xã",
      parentCode,
      validFrom: "2020-01-01",
      validTo: "2025-06-30",
    });
    await insertAreaRows(db, [...["31012", "31015", "31027", "31054", "31057", "31066"].map((c) => commune(c, "913")), commune("31078", "911")]);
    const agent = async (name: string, areaCode: string) => {
      const [a] = await db.insert(agents).values({ name, kind: "post_office", provinceCode: "91", areaCode, areaValidOn: "2020-01-01" }).returning();
      return a!.id;
    };
    agentIds.main = await agent("Bưu điện huyện U Minh Thượng", "913");
    agentIds.phuQuoc = await agent("Bưu điện Phú Quốc", "911");
    agentIds.crash = await agent("Đại lý xã Thạnh Yên", "913");
    agentIds.mapping = await agent("Hội Phụ nữ huyện U Minh Thượng", "913");
    agentIds.household = await agent("Đại lý xã Vĩnh Hòa", "913");
    agentIds.poor = await agent("Đại lý xã An Minh Bắc", "913");
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const upload = (agentId: number, scheme: string, fileName: string, body: Buffer, cookie = t.cookies.collector) =>
    t.app.inject({
      method: "POST",
      url: `/api/imports/upload?agentId=${agentId}&scheme=${scheme}&fileName=${encodeURIComponent(fileName)}`,
      headers: { origin: PUBLIC_URL, cookie, "content-type": "application/octet-stream" },
      payload: body,
    });
  type Uploaded = { hash: string; format: "csv" | "xlsx"; fileName: string; headers: string[]; suggested: Record<string, string> };
  const start = (agentId: number, scheme: string, up: Uploaded, dryRun: boolean, mapping = up.suggested, cookie = t.cookies.collector) =>
    call(t.app, "imports.start", { agentId, scheme, hash: up.hash, format: up.format, fileName: up.fileName, mapping, dryRun }, { cookie, mutation: true });
  const run = () => drainJobs(db, { record: recordEnrolment });
  const outcomes = async (batchId: number) =>
    selectRows<{ line: number; outcome: string; code: string | null; name: string | null }>(
      db,
      sql`select line, outcome, problems->0->>'code' as code, raw->>'fullName' as name from import_rows where batch_id = ${batchId} order by line`,
    );
  const countOf = async (table: string, where = sql`true`) =>
    Number((await selectRows<{ n: number }>(db, sql`select count(*)::int as n from ${sql.raw(table)} where ${where}`))[0]!.n);

  it("serves the template with the Vietnamese headers, which map to every field by themselves", async () => {
    const res = await t.app.inject({ method: "GET", url: `/api/imports/template.xlsx?scheme=${VOLUNTARY}`, headers: { cookie: t.cookies.collector } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const header = (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(importFields.map((f) => importFieldNames[f].vi));
    const csv = await t.app.inject({ method: "GET", url: `/api/imports/template.csv?scheme=${HOUSEHOLD}`, headers: { cookie: t.cookies.collector } });
    expect(csv.body.startsWith("\uFEFFHọ và tên,")).toBe(true);
    const up = await upload(agentIds.main, VOLUNTARY, "mau.csv", Buffer.from(csv.body));
    expect(up.statusCode).toBe(200);
    expect(up.json().suggested).toEqual(Object.fromEntries(importFields.map((f) => [f, importFieldNames[f].vi])));
  });

  it("refuses an agent outside the caller's areas, a viewer, and no session", async () => {
    const body = sample("d05-ts-tu-nguyen.csv");
    expect((await upload(agentIds.main, VOLUNTARY, "a.csv", body, t.cookies.otherCollector)).statusCode).toBe(403);
    expect((await upload(agentIds.main, VOLUNTARY, "a.csv", body, t.cookies.viewer)).statusCode).toBe(403);
    expect((await upload(agentIds.main, VOLUNTARY, "a.csv", body, "")).statusCode).toBe(401);
    expect((await upload(999_999, VOLUNTARY, "a.csv", body)).statusCode).toBe(404);
    // Not a workbook, or a broken one: refused with a reason, not a 500.
    const notXlsx = await upload(agentIds.main, VOLUNTARY, "list.xlsx", Buffer.from("Họ và tên,Ngày sinh\n"));
    expect(notXlsx.statusCode).toBe(400);
    expect(notXlsx.json().code).toBe("IMPORT.FILE_UNREADABLE");
    const broken = await upload(agentIds.main, VOLUNTARY, "list.xlsx", Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(2000, 7)]));
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe("IMPORT.FILE_UNREADABLE");
    // The route's own limit, 50 MiB, counted on the stream whatever the declared length.
    const big = await upload(agentIds.main, VOLUNTARY, "big.csv", Buffer.alloc(51 * 1024 * 1024, 0x61));
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe("IMPORT.TOO_LARGE");
    const up = (await upload(agentIds.phuQuoc, VOLUNTARY, "a.csv", body, t.cookies.otherCollector)).json() as Uploaded;
    const res = await start(agentIds.main, VOLUNTARY, up, true, up.suggested, t.cookies.otherCollector);
    expect(res.status).toBe(403);
    const report = await t.app.inject({
      method: "GET",
      url: `/api/imports/agent-batch.xlsx?agentId=${agentIds.main}&scheme=${VOLUNTARY}&from=2020-01-01&to=2020-12-31`,
      headers: { cookie: t.cookies.otherCollector },
    });
    expect(report.statusCode).toBe(403);
  });

  let d05Batch = 0;
  let d05DryRun = 0;
  it("dry-runs the UTF-8 (BOM) sample: every line's outcome and reason, and no registry row written", async () => {
    const res = await upload(agentIds.main, VOLUNTARY, "d05-ts-tu-nguyen.csv", sample("d05-ts-tu-nguyen.csv"));
    expect(res.statusCode).toBe(200);
    const up = res.json() as Uploaded;
    expect(up.headers[0]).toBe("Họ và tên");
    const started = await start(agentIds.main, VOLUNTARY, up, true);
    expect(started.status).toBe(200);
    const { batchId } = started.body.result!.data as { batchId: number };
    d05DryRun = batchId;
    await run();
    const rows = await outcomes(batchId);
    expect(Object.fromEntries(rows.map((r) => [r.line, r.code ? { outcome: r.outcome, code: r.code } : { outcome: r.outcome }]))).toEqual(d05Expected);
    expect(await countOf("participants")).toBe(0);
    expect(await countOf("enrolments")).toBe(0);
    expect(await countOf("payments")).toBe(0);
    const b = (await call(t.app, "imports.batch", { id: batchId }, { cookie: t.cookies.collector })).body.result!.data as Record<string, unknown>;
    expect(b).toMatchObject({ dryRun: true, finished: true, totalRows: 23, processedRows: 23, imported: 12, duplicates: 1, rejected: 10, canRunForReal: true });
    // one audit row for the batch
    expect(await countOf("audit_log", sql`entity = 'import_batch' and entity_id = ${String(batchId)}`)).toBe(1);
  });

  it("imports the sample for real from its dry run (no second upload); the same file again changes nothing", async () => {
    // A viewer may not; a real batch is not a dry run to run again.
    expect((await call(t.app, "imports.runDryRun", { id: d05DryRun }, { cookie: t.cookies.viewer, mutation: true })).status).toBe(403);
    const first = (await call(t.app, "imports.runDryRun", { id: d05DryRun }, { cookie: t.cookies.collector, mutation: true })).body.result!.data as {
      batchId: number;
      existing: boolean;
    };
    expect(first.existing).toBe(false);
    expect(first.batchId).not.toBe(d05DryRun);
    expect((await call(t.app, "imports.runDryRun", { id: first.batchId }, { cookie: t.cookies.collector, mutation: true })).body.error?.data).toMatchObject({
      code: "IMPORT.CONFLICT",
    });
    const up = (await upload(agentIds.main, VOLUNTARY, "d05-ts-tu-nguyen.csv", sample("d05-ts-tu-nguyen.csv"))).json() as Uploaded;
    d05Batch = first.batchId;
    await run();
    const rows = await outcomes(d05Batch);
    expect(Object.fromEntries(rows.map((r) => [r.line, r.code ? { outcome: r.outcome, code: r.code } : { outcome: r.outcome }]))).toEqual(d05Expected);
    expect(await countOf("enrolments", sql`import_batch_id = ${d05Batch}`)).toBe(12);
    expect(await countOf("payments")).toBe(12);
    const again = (await start(agentIds.main, VOLUNTARY, up, false)).body.result!.data as { batchId: number; existing: boolean };
    expect(again).toMatchObject({ batchId: d05Batch, existing: true });
    await run();
    expect(await countOf("payments")).toBe(12);
    expect(await countOf("import_rows", sql`batch_id = ${d05Batch}`)).toBe(23);
  });

  it("reads the Windows-1258 variant as the same names and outcomes; its good rows are now duplicates", async () => {
    const res = await upload(agentIds.main, VOLUNTARY, "d05-1258.csv", sample("d05-ts-tu-nguyen-windows-1258.csv"));
    const up = res.json() as Uploaded;
    expect(up.headers).toContain("Số định danh cá nhân (CCCD)");
    const { batchId } = (await start(agentIds.main, VOLUNTARY, up, false)).body.result!.data as { batchId: number };
    expect(batchId).not.toBe(d05Batch);
    await run();
    const rows = await outcomes(batchId);
    const utf8 = await outcomes(d05Batch);
    expect(rows.map((r) => r.name)).toEqual(utf8.map((r) => r.name));
    expect(rows.filter((r) => r.line <= 13).every((r) => r.outcome === "duplicate")).toBe(true);
    expect(await countOf("payments")).toBe(12);
  });

  it("reads XLSX with date cells, dates as text and serials as text (household, D03-TS)", async () => {
    const up = (await upload(agentIds.household, HOUSEHOLD, "d03.xlsx", sample("d03-ts-ho-gia-dinh.xlsx"))).json() as Uploaded;
    expect(up.format).toBe("xlsx");
    const { batchId } = (await start(agentIds.household, HOUSEHOLD, up, false)).body.result!.data as { batchId: number };
    await run();
    const rows = await outcomes(batchId);
    expect(rows.map((r) => [r.line, r.outcome, r.code])).toEqual([
      ...Array.from({ length: 9 }, (_, i) => [i + 2, "imported", null]),
      [11, "rejected", "REGISTRY.CHILD_UNDER_6"],
      [12, "rejected", "REGISTRY.BASE_SHARE_MISMATCH"],
      [13, "rejected", "REGISTRY.FACILITY_CODE_MALFORMED"],
    ]);
    const dates = await selectRows<{ receipt_date: string }>(
      db,
      sql`select distinct to_char(receipt_date, 'YYYY-MM-DD') as receipt_date from payments where agent_id = ${agentIds.household} order by 1`,
    );
    expect(dates.map((d) => d.receipt_date)).toEqual(["2020-04-15", "2020-05-15", "2020-06-15"]);
    // The agency's export carries the household code and rank of each member.
    const exp = await t.app.inject({
      method: "GET",
      url: `/api/imports/agent-batch.xlsx?agentId=${agentIds.household}&scheme=${HOUSEHOLD}&from=2020-01-01&to=2020-12-31`,
      headers: { cookie: t.cookies.collector },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exp.rawPayload as unknown as ArrayBuffer);
    const col = (f: (typeof importFields)[number]) => importFields.indexOf(f) + 1;
    const first = wb.worksheets[0]!.getRow(2);
    expect(first.getCell(col("householdCode")).value).toBe("9100010001");
    expect(first.getCell(col("householdRank")).value).toBe(1);
    expect(first.getCell(col("facilityCode")).value).toBe("91010");
  });

  it("a poor district's list: poor, near-poor, ethnic-minority and other people at their amounts, with and without the group column; IDs a spreadsheet shortened", async () => {
    const due = (groups: SupportGroup[]) =>
      voluntaryContribution({ paymentDate: "2020-06-15", monthlyIncome: 1_500_000, supportGroups: groups, plan: { kind: "periodic", months: 12 } }).totals.net;
    type Person = { name: string; id: string | number; birth: string; gender: "Nam" | "Nữ"; ethnicity: string; group: string; groups: SupportGroup[] };
    const people: Person[] = [
      {
        name: "Danh Thị Hương",
        id: "091190200001",
        birth: "12/04/1990",
        gender: "Nữ",
        ethnicity: "Khmer",
        group: "Dân tộc thiểu số",
        groups: ["ethnic_minority"],
      },
      { name: "Nguyễn Văn Tâm", id: "091085200002", birth: "03/02/1985", gender: "Nam", ethnicity: "Kinh", group: "Hộ nghèo", groups: ["poor"] },
      { name: "Trần Thị Lụa", id: "091188200003", birth: "20/11/1988", gender: "Nữ", ethnicity: "Kinh", group: "Hộ cận nghèo", groups: ["near_poor"] },
      { name: "Lê Văn Bảy", id: "091079200004", birth: "07/07/1979", gender: "Nam", ethnicity: "Kinh", group: "Khác", groups: [] },
      // IDs kept as numbers or typed without the leading zero (docs/rules.md §4b)
      { name: "Phạm Văn Út", id: 91082200005, birth: "01/01/1982", gender: "Nam", ethnicity: "Kinh", group: "Hộ cận nghèo", groups: ["near_poor"] },
      { name: "Võ Thị Năm", id: "91191200006", birth: "05/05/1991", gender: "Nữ", ethnicity: "Kinh", group: "Hộ nghèo", groups: ["poor"] },
      { name: "Đỗ Văn Sáu", id: "09108020000", birth: "06/06/1980", gender: "Nam", ethnicity: "Kinh", group: "Khác", groups: [] },
    ];
    const workbook = async (withGroup: boolean, receiptPrefix: string) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet("D05-TS");
      const cols: (typeof importFields)[number][] = [
        "fullName",
        "birthDate",
        "gender",
        "personalId",
        "ethnicity",
        "monthsPaid",
        "incomeOrBaseShare",
        "amountPaid",
        "receiptDate",
        "communeCode",
        "receiptNumber",
      ];
      if (withGroup) cols.push("supportGroup");
      ws.addRow(cols.map((c) => importFieldNames[c].vi));
      people.forEach((p, i) => {
        const cells: Record<string, string | number | Date> = {
          fullName: p.name,
          birthDate: p.birth,
          gender: p.gender,
          personalId: p.id,
          ethnicity: p.ethnicity,
          monthsPaid: 12,
          incomeOrBaseShare: 1_500_000,
          amountPaid: due(p.groups),
          receiptDate: new Date(Date.UTC(2020, 5, 15)),
          communeCode: "31027",
          receiptNumber: `${receiptPrefix}-${i + 1}`,
          supportGroup: p.group,
        };
        ws.addRow(cols.map((c) => cells[c]));
      });
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const expected = people.map((p, i) => (i === 6 ? ["rejected", "REGISTRY.PERSONAL_ID_MALFORMED"] : ["imported", null]));
    // Without the column: the group is the one whose amount was paid.
    const without = (await upload(agentIds.poor, VOLUNTARY, "an-minh-bac.xlsx", await workbook(false, "KC"))).json() as Uploaded;
    const dry = (await start(agentIds.poor, VOLUNTARY, without, true)).body.result!.data as { batchId: number };
    await run();
    expect((await outcomes(dry.batchId)).map((r) => [r.outcome, r.code])).toEqual(expected);
    const real = (await start(agentIds.poor, VOLUNTARY, without, false)).body.result!.data as { batchId: number };
    await run();
    expect((await outcomes(real.batchId)).map((r) => [r.outcome, r.code])).toEqual(expected);
    const stored = await selectRows<{ personal_id: string; amount: number; support_groups: string[]; support_claim: string }>(
      db,
      sql`select p.personal_id, e.amount::int as amount, e.support_groups, e.support_claim from enrolments e join participants p on p.id = e.participant_id where e.agent_id = ${agentIds.poor} order by e.import_line`,
    );
    expect(stored.map((r) => [r.personal_id, r.amount, r.support_groups, r.support_claim])).toEqual(
      people
        .slice(0, 6)
        .map((p) => [String(p.id).padStart(12, "0"), due(p.groups), p.groups, p.groups.some((g) => g !== "ethnic_minority") ? "inferred" : "none"]),
    );
    // With the column, next year's list of the same people (new receipts): each as stated.
    const withGroup = (await upload(agentIds.poor, VOLUNTARY, "an-minh-bac-2.xlsx", await workbook(true, "KC2"))).json() as Uploaded;
    expect(withGroup.suggested.supportGroup).toBe(importFieldNames.supportGroup.vi);
    const stated = (await start(agentIds.poor, VOLUNTARY, withGroup, true)).body.result!.data as { batchId: number };
    await run();
    expect((await outcomes(stated.batchId)).map((r) => [r.outcome, r.code])).toEqual(expected);
    // A stated group that does not fit the amount is refused with what that group pays.
    const wrong = (
      await upload(
        agentIds.poor,
        VOLUNTARY,
        "sai.xlsx",
        Buffer.from(
          await (async () => {
            const wb = new ExcelJS.Workbook();
            await wb.xlsx.load((await workbook(true, "KC3")) as unknown as ArrayBuffer);
            wb.worksheets[0]!.getRow(3).getCell(12).value = "Khác"; // the poor person of line 3 stated as "other"
            return wb.xlsx.writeBuffer();
          })(),
        ),
      )
    ).json() as Uploaded;
    const w = (await start(agentIds.poor, VOLUNTARY, wrong, true)).body.result!.data as { batchId: number };
    await run();
    const line3 = (
      await selectRows<{ problems: { code: string; vi: string }[] }>(db, sql`select problems from import_rows where batch_id = ${w.batchId} and line = 3`)
    )[0]!;
    expect(line3.problems[0]!.code).toBe("REGISTRY.AMOUNT_MISMATCH");
    expect(line3.problems[0]!.vi).toContain(due([]).toLocaleString("vi-VN"));
  });

  it("maps differing headers by similarity, refuses an incomplete mapping, and remembers the agent's", async () => {
    const text = readFileSync(path.join(samples, "d05-ts-tu-nguyen.csv"), "utf8")
      .replace("Họ và tên", "HO TEN")
      .replace("Số định danh cá nhân (CCCD)", "Số CCCD")
      .replace("Mức thu nhập làm căn cứ đóng / tỷ lệ lương cơ sở", "Mức thu nhập")
      .replace("Số biên lai", "Số BL");
    const up = (await upload(agentIds.mapping, VOLUNTARY, "other.csv", Buffer.from(text))).json() as Uploaded;
    expect(up.suggested).toMatchObject({ fullName: "HO TEN", personalId: "Số CCCD", incomeOrBaseShare: "Mức thu nhập", receiptNumber: "Số BL" });
    const { fullName: _drop, ...partial } = up.suggested;
    const bad = await start(agentIds.mapping, VOLUNTARY, up, true, partial);
    expect(bad.status).toBe(400);
    expect(bad.body.error!.data.code).toBe("IMPORT.MAPPING_INVALID");
    const wrong = await start(agentIds.mapping, VOLUNTARY, up, true, { ...up.suggested, phone: "Không có" });
    expect(wrong.status).toBe(400);
    // A user's choice (the phone column left out) is remembered for this agent and scheme.
    const { phone: _p, ...chosen } = up.suggested;
    expect((await start(agentIds.mapping, VOLUNTARY, up, true, chosen)).status).toBe(200);
    const again = (await upload(agentIds.mapping, VOLUNTARY, "other.csv", Buffer.from(text))).json() as Uploaded;
    expect(again.suggested).toEqual(expect.objectContaining(chosen));
    const [a] = await selectRows<{ m: unknown }>(db, sql`select import_mapping->${VOLUNTARY} as m from agents where id = ${agentIds.mapping}`);
    expect(a!.m).toEqual(chosen);
  });

  it("a run killed part-way resumes from the last committed chunk: every line once, nothing twice", async () => {
    await run(); // the queue is empty: the job taken below is this batch's
    const up = (await upload(agentIds.crash, VOLUNTARY, "d05.csv", sample("d05-ts-tu-nguyen.csv"))).json() as Uploaded;
    const { batchId } = (await start(agentIds.crash, VOLUNTARY, up, false)).body.result!.data as { batchId: number };
    const job = await claimJob(db, 60_000);
    expect(job?.payload).toEqual({ batchId });
    // Killed in its third chunk of five lines: two chunks (ten lines) are committed, the third not at all.
    await expect(processImportBatch(db, batchId, { record: recordEnrolment, chunkSize: 5, failAfterRows: 12 })).rejects.toThrow(/stopped/);
    expect(await countOf("import_rows", sql`batch_id = ${batchId}`)).toBe(10);
    expect(await countOf("enrolments", sql`import_batch_id = ${batchId}`)).toBe(10);
    const [mid] = await selectRows<{ processed_rows: number }>(db, sql`select processed_rows from import_batches where id = ${batchId}`);
    expect(mid!.processed_rows).toBe(10);
    // The dead worker's lease runs out; the next worker takes the job and finishes it.
    expect(await claimJob(db, 60_000)).toBeUndefined();
    await db.execute(sql`update jobs set locked_until = now() - interval '1 second' where id = ${job!.id}`);
    await run();
    const rows = await outcomes(batchId);
    expect(rows.map((r) => r.line)).toEqual(Array.from({ length: 23 }, (_, i) => i + 2));
    expect(Object.fromEntries(rows.map((r) => [r.line, r.code ? { outcome: r.outcome, code: r.code } : { outcome: r.outcome }]))).toEqual(d05Expected);
    expect(await countOf("enrolments", sql`import_batch_id = ${batchId}`)).toBe(12);
    expect(await countOf("payments", sql`agent_id = ${agentIds.crash}`)).toBe(12);
    const [b] = await selectRows<{ status: string; processed_rows: number }>(db, sql`select status, processed_rows from import_batches where id = ${batchId}`);
    expect(b).toEqual({ status: "done", processed_rows: 23 });
    const [j] = await selectRows<{ status: string }>(db, sql`select status from jobs where id = ${job!.id}`);
    expect(j!.status).toBe("done");
  });

  it("downloads the report with every line, and the agent's batch in the template's columns", async () => {
    const res = await t.app.inject({ method: "GET", url: `/api/imports/batches/${d05Batch}/report.xlsx`, headers: { cookie: t.cookies.collector } });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(24);
    const line17 = ws.getRow(17).values as unknown[];
    expect(line17[1]).toBe(17);
    expect(String(line17[2])).toContain("Bị từ chối");
    expect(String(line17[3])).toContain("thấp hơn mức tối thiểu");
    expect((ws.getRow(1).values as unknown[]).slice(1, 4)).toEqual(["Dòng", "Kết quả", "Lý do"]);
    // Readable without resizing: columns wide enough, the header row frozen.
    expect(ws.getColumn(3).width).toBeGreaterThanOrEqual(40);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    // In the reader's language: the whole sheet in English when asked.
    const en = await t.app.inject({ method: "GET", url: `/api/imports/batches/${d05Batch}/report.xlsx?lang=en`, headers: { cookie: t.cookies.collector } });
    const enBook = new ExcelJS.Workbook();
    await enBook.xlsx.load(en.rawPayload as unknown as ArrayBuffer);
    const enSheet = enBook.worksheets[0]!;
    expect((enSheet.getRow(1).values as unknown[]).slice(1, 5)).toEqual(["Line", "Outcome", "Reason", importFieldNames.fullName.en]);
    expect(String((enSheet.getRow(17).values as unknown[])[2])).toBe("Rejected");
    expect(String((enSheet.getRow(17).values as unknown[])[3])).toContain("below the floor");
    const exp = await t.app.inject({
      method: "GET",
      url: `/api/imports/agent-batch.xlsx?agentId=${agentIds.main}&scheme=${VOLUNTARY}&from=2020-01-01&to=2020-12-31`,
      headers: { cookie: t.cookies.manager },
    });
    expect(exp.statusCode).toBe(200);
    const out = new ExcelJS.Workbook();
    await out.xlsx.load(exp.rawPayload as unknown as ArrayBuffer);
    const sheet = out.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(importFields.map((f) => importFieldNames[f].vi));
    expect(sheet.rowCount).toBe(13);
    // The export reads back as an import of the same rows: each is a duplicate of what is stored.
    const back = (await upload(agentIds.main, VOLUNTARY, "export.xlsx", exp.rawPayload)).json() as Uploaded;
    const { batchId } = (await start(agentIds.main, VOLUNTARY, back, true)).body.result!.data as { batchId: number };
    await run();
    const rows = await outcomes(batchId);
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.outcome === "duplicate" && r.code === "ENROLMENT.DUPLICATE_RECEIPT")).toBe(true);
  });

  it("lists batches and pages a report, masked for a viewer", async () => {
    const list = await call(t.app, "imports.batches", { limit: 50, offset: 0 }, { cookie: t.cookies.manager });
    expect(list.status).toBe(200);
    expect((list.body.result!.data as { total: number }).total).toBeGreaterThanOrEqual(5);
    const other = await call(t.app, "imports.batches", { limit: 50, offset: 0 }, { cookie: t.cookies.otherCollector });
    expect((other.body.result!.data as { rows: { agentName: string }[] }).rows.every((r) => r.agentName === "Bưu điện Phú Quốc")).toBe(true);
    const page = await call(t.app, "imports.rows", { batchId: d05Batch, outcome: "rejected", limit: 5, offset: 0 }, { cookie: t.cookies.viewer });
    const data = page.body.result!.data as { total: number; rows: { line: number; raw: { personalId: string } }[] };
    expect(data.total).toBe(10);
    expect(data.rows).toHaveLength(5);
    expect(data.rows[0]!.raw.personalId).toMatch(/\*/);
    const mine = await call(t.app, "imports.rows", { batchId: d05Batch, limit: 1, offset: 0 }, { cookie: t.cookies.collector });
    expect((mine.body.result!.data as { rows: { raw: { personalId: string } }[] }).rows[0]!.raw.personalId).toMatch(/^\d{12}$/);
    expect((await call(t.app, "imports.rows", { batchId: d05Batch, limit: 1, offset: 0 }, { cookie: t.cookies.otherCollector })).status).toBe(403);
  });

  it("a stopping worker leaves its job queued at a chunk boundary, and the next one finishes it", async () => {
    await run();
    const up = (await upload(agentIds.phuQuoc, VOLUNTARY, "d05.csv", sample("d05-ts-tu-nguyen.csv"), t.cookies.otherCollector)).json() as Uploaded;
    const { batchId } = (await start(agentIds.phuQuoc, VOLUNTARY, up, false, up.suggested, t.cookies.otherCollector)).body.result!.data as { batchId: number };
    const job = (await claimJob(db, 60_000))!;
    await runJob(db, job, { record: recordEnrolment, stopping: () => true });
    const [j] = await selectRows<{ status: string; attempts: number }>(db, sql`select status, attempts from jobs where id = ${job.id}`);
    expect(j).toEqual({ status: "queued", attempts: 0 });
    const [b] = await selectRows<{ status: string; processed_rows: number }>(db, sql`select status, processed_rows from import_batches where id = ${batchId}`);
    expect(b).toEqual({ status: "running", processed_rows: 23 });
    await run();
    const [done] = await selectRows<{ status: string; processed_rows: number }>(
      db,
      sql`select status, processed_rows from import_batches where id = ${batchId}`,
    );
    expect(done).toEqual({ status: "done", processed_rows: 23 });
    expect(await countOf("import_rows", sql`batch_id = ${batchId}`)).toBe(23);
    // Phú Quốc's agent: the sample's communes are all outside its district.
    expect(await countOf("import_rows", sql`batch_id = ${batchId} and problems::text like '%REGISTRY.COMMUNE_OUT_OF_SCOPE%'`)).toBeGreaterThan(10);
  });

  it("queues jobs for one worker at a time", async () => {
    const j = await enqueueJob(db, "nothing", {});
    const a = await claimJob(db, 60_000, ["nothing"]);
    const b = await claimJob(db, 60_000, ["nothing"]);
    expect(a?.id).toBe(j.id);
    expect(b).toBeUndefined();
  });
});
