/**
 * Importing figures from outside (population; insured counts by group) through the real entry
 * points: the upload route, `figures.*` over HTTP, the report and template routes — on PGlite and
 * PostgreSQL. The demo holds Kiên Giang (91) with its 15 districts (2020-01-01 … 2025-06-30);
 * the accounts work on U Minh Thượng (913), "outside" is Phú Quốc (911).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { and, eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { areas, coverageFigures, createDb, populations, seedDemo, selectRows } from "@ansinh/db";
import { call, drivers, PUBLIC_URL, startTestApp, type TestApp } from "./helpers.js";

interface BatchView {
  id: number;
  kind: string;
  dryRun: boolean;
  status: string;
  totalRows: number;
  imported: number;
  unchanged: number;
  rejected: number;
}
interface RunResult {
  existing: boolean;
  batch: BatchView;
}
interface RowView {
  line: number;
  outcome: "imported" | "unchanged" | "rejected";
  problems: { code: string; path: string[]; vi: string; en: string }[];
  raw: Record<string, string>;
}

/** Text as Windows-1258 writes it: letters with their vowel marks precomposed, tone marks combining after them. */
function toWindows1258(text: string): Buffer {
  const tones = /[\u0300\u0301\u0303\u0309\u0323]/g;
  const split = [...text.normalize("NFD").matchAll(/\P{M}\p{M}*/gu)].map(([g]) => {
    const marks = g.match(tones)?.join("") ?? "";
    return g.replace(tones, "").normalize("NFC") + marks;
  });
  return iconv.encode(split.join(""), "windows-1258");
}

const POP_HEADER = "Mã đơn vị,Tên đơn vị,Năm,Dân số,Dân số trong độ tuổi lao động";
const INS_HEADER = "Mã đơn vị,Ngày báo cáo,Loại bảo hiểm,Nhóm đối tượng,Số người tham gia";

describe.each(drivers)("figures import on $name", ({ open }) => {
  let t: TestApp;
  let id913 = 0;
  let id911 = 0;
  beforeAll(async () => {
    t = await startTestApp(open);
    const ids = await t.handle.db.select({ id: areas.id, code: areas.code }).from(areas).where(eq(areas.validFrom, "2020-01-01"));
    id913 = ids.find((r) => r.code === "913")!.id;
    id911 = ids.find((r) => r.code === "911")!.id;
  });
  afterAll(async () => t?.close());

  const upload = (kind: string, fileName: string, body: Buffer | string, cookie = t.cookies.admin) =>
    t.app.inject({
      method: "POST",
      url: `/api/figures/upload?kind=${kind}&fileName=${encodeURIComponent(fileName)}`,
      headers: { origin: PUBLIC_URL, cookie, "content-type": "application/octet-stream" },
      payload: typeof body === "string" ? Buffer.from(body, "utf8") : body,
    });

  async function runFile(kind: "population" | "insured", fileName: string, body: Buffer | string, dryRun: boolean, cookie = t.cookies.admin) {
    const up = await upload(kind, fileName, body, cookie);
    expect(up.statusCode, up.body).toBe(200);
    const u = up.json() as { hash: string; format: "csv" | "xlsx" };
    const r = await call(t.app, "figures.run", { kind, hash: u.hash, format: u.format, fileName, dryRun }, { cookie, mutation: true });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.result!.data as RunResult;
  }

  async function rowsOf(batchId: number, cookie = t.cookies.admin): Promise<RowView[]> {
    const r = await call(t.app, "figures.rows", { batchId, limit: 200 }, { cookie });
    expect(r.status).toBe(200);
    return (r.body.result!.data as { rows: RowView[] }).rows;
  }

  const population = async (areaId: number, year: number) =>
    (
      await t.handle.db
        .select()
        .from(populations)
        .where(and(eq(populations.areaId, areaId), eq(populations.year, year)))
    )[0];
  const count = async (table: "populations" | "coverage_figures" | "figure_import_batches" | "audit_log") =>
    Number((await selectRows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n);

  it("dry run: reports every line, writes no figure", async () => {
    const before = { populations: await count("populations"), audit: await count("audit_log") };
    const csv = `${POP_HEADER}\n913,U Minh Thượng,2021,71.500,46000\n911,Phú Quốc,2021,185000,\n99999,Không có,2021,10,\n`;
    const r = await runFile("population", "dan-so-2021.csv", csv, true);
    expect(r.existing).toBe(false);
    expect(r.batch).toMatchObject({ kind: "population", dryRun: true, status: "dry_run", totalRows: 3, imported: 2, unchanged: 0, rejected: 1 });
    expect(await count("populations")).toBe(before.populations);
    expect(await population(id913, 2021)).toBeUndefined();
    const rows = await rowsOf(r.batch.id);
    expect(rows.map((l) => [l.line, l.outcome])).toEqual([
      [2, "imported"],
      [3, "imported"],
      [4, "rejected"],
    ]);
    expect(rows[2]!.problems[0]).toMatchObject({ code: "COVERAGE.FIGURE_UNIT_UNKNOWN", path: ["areaCode"] });
    expect(rows[0]!.raw).toMatchObject({ areaCode: "913", year: "2021", total: "71.500" });
    // The dry run is audited (it stores its batch), nothing else.
    expect(await count("audit_log")).toBe(before.audit + 1);
  });

  it("real run stores on the unit version in force; the same file again is the same batch; a changed value replaces", async () => {
    const csv = `${POP_HEADER}\n913,U Minh Thượng,2021,71500,46000\n911,Phú Quốc,2021,185000,\n`;
    const first = await runFile("population", "dan-so-2021.csv", csv, false);
    expect(first.batch).toMatchObject({ status: "done", imported: 2, unchanged: 0, rejected: 0 });
    expect(await population(id913, 2021)).toMatchObject({ total: 71500, workingAge: 46000 });
    expect(await population(id911, 2021)).toMatchObject({ total: 185000, workingAge: null });

    const batches = await count("figure_import_batches");
    const again = await runFile("population", "dan-so-2021-copy.csv", csv, false);
    expect(again.existing).toBe(true);
    expect(again.batch.id).toBe(first.batch.id);
    expect(await count("figure_import_batches")).toBe(batches);

    // Another file: one value changed, one the same.
    const changed = await runFile("population", "dan-so-2021-sua.csv", `${POP_HEADER}\n913,U Minh Thượng,2021,72000,46000\n911,Phú Quốc,2021,185000,\n`, false);
    expect(changed.batch).toMatchObject({ imported: 1, unchanged: 1, rejected: 0 });
    expect((await rowsOf(changed.batch.id)).map((l) => l.outcome)).toEqual(["imported", "unchanged"]);
    expect(await population(id913, 2021)).toMatchObject({ total: 72000, workingAge: 46000 });
    // The demo's 2020 figure is untouched.
    expect(await population(id913, 2020)).toMatchObject({ total: 70000 });
  });

  it("rejects bad lines with their line numbers and reasons, and imports the good ones", async () => {
    const csv = [
      POP_HEADER,
      "913,U Minh Thượng,2022,70000,80000",
      ",,2022,10,",
      "3,X,2022,10,",
      "913,U Minh Thượng,1850,10,",
      "911,Phú Quốc,2022,-5,",
      "",
      "912,Kiên Hải,2022,18000,12000",
      "912,Kiên Hải,2022,18001,12000",
    ].join("\r\n");
    const r = await runFile("population", "dan-so-loi.csv", csv, false);
    expect(r.batch).toMatchObject({ totalRows: 7, imported: 1, rejected: 6 });
    const rows = await rowsOf(r.batch.id);
    expect(rows.map((l) => [l.line, l.outcome, l.problems.map((p) => p.code).join(",")])).toEqual([
      [2, "rejected", "COVERAGE.FIGURE_WORKING_AGE_ABOVE_TOTAL"],
      [3, "rejected", "COVERAGE.FIGURE_REQUIRED"],
      [4, "rejected", "COVERAGE.FIGURE_CODE_INVALID"],
      [5, "rejected", "COVERAGE.FIGURE_YEAR_INVALID"],
      [6, "rejected", "COVERAGE.FIGURE_COUNT_INVALID"],
      [8, "imported", ""],
      [9, "rejected", "COVERAGE.FIGURE_DUPLICATE_IN_FILE"],
    ]);
    expect(rows[6]!.problems[0]!.vi).toBe("Trùng với dòng 8 của tệp (cùng đơn vị và kỳ số liệu)");
  });

  it("refuses a file without the needed columns, and callers who may not import", async () => {
    const bad = await upload("population", "sai.csv", "Mã đơn vị,Dân số\n913,1\n");
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      code: "COVERAGE.FIGURE_COLUMN_MISSING",
      issues: [{ path: ["header"], vi: 'Thiếu cột "Năm"', en: 'The column "Year" is missing' }],
    });
    const wrongKind = await upload("insured", "dan-so.csv", `${POP_HEADER}\n913,U,2021,1,1\n`);
    expect(wrongKind.statusCode).toBe(400);
    for (const who of ["viewer", "collector", "otherCollector"] as const)
      expect((await upload("population", "a.csv", `${POP_HEADER}\n`, t.cookies[who])).statusCode).toBe(403);
    expect((await upload("population", "a.csv", `${POP_HEADER}\n`, "")).statusCode).toBe(401);
    expect((await upload("other", "a.csv", `${POP_HEADER}\n`)).statusCode).toBe(400);
    const run = await call(
      t.app,
      "figures.run",
      { kind: "population", hash: "a".repeat(64), format: "csv", fileName: "x.csv", dryRun: true },
      { cookie: t.cookies.collector, mutation: true },
    );
    expect(run.status).toBe(403);
    const gone = await call(
      t.app,
      "figures.run",
      { kind: "population", hash: "b".repeat(64), format: "csv", fileName: "x.csv", dryRun: true },
      { cookie: t.cookies.admin, mutation: true },
    );
    expect(gone.status, JSON.stringify(gone.body)).toBe(400);
    expect((gone.body.error!.data as { code: string }).code).toBe("IMPORT.FILE_NOT_FOUND");
  });

  it("rejects lines outside the caller's areas; a district manager sees its own batches, not the national ones", async () => {
    const csv = `${INS_HEADER}\n913,30/09/2020,Bảo hiểm y tế,Hộ gia đình,16000\n911,30/09/2020,Bảo hiểm y tế,Hộ gia đình,40000\n`;
    const r = await runFile("insured", "bhyt-quy3.csv", csv, true, t.cookies.manager);
    expect(r.batch).toMatchObject({ imported: 1, rejected: 1 });
    const rows = await rowsOf(r.batch.id, t.cookies.manager);
    expect(rows[1]).toMatchObject({
      line: 3,
      outcome: "rejected",
      problems: [{ code: "COVERAGE.FIGURE_UNIT_OUT_OF_SCOPE", en: "The unit 911 is outside your areas" }],
    });
    const mine = await call(t.app, "figures.batches", {}, { cookie: t.cookies.manager });
    const listed = (mine.body.result!.data as { rows: BatchView[] }).rows.map((b) => b.id);
    expect(listed).toContain(r.batch.id);
    const all = await call(t.app, "figures.batches", { limit: 200 }, { cookie: t.cookies.admin });
    const national = (all.body.result!.data as { rows: BatchView[] }).rows.filter((b) => !listed.includes(b.id));
    expect(national.length).toBeGreaterThan(0);
    expect((await call(t.app, "figures.batch", { id: national[0]!.id }, { cookie: t.cookies.manager })).status).toBe(404);
    // The area admin of 913 sees its district manager's batch.
    expect((await call(t.app, "figures.batch", { id: r.batch.id }, { cookie: t.cookies.areaAdmin })).status).toBe(200);
  });

  it("imports insured counts from XLSX; areas.coverage shows the imported numbers", async () => {
    const before = await call(t.app, "areas.coverage", { code: "913", onDate: "2020-12-31" }, { cookie: t.cookies.manager });
    const b = before.body.result!.data as { area: { reportedOn: string; coverage: { insured: number; percent: number } } };
    expect(b.area).toMatchObject({ reportedOn: "2020-06-30", coverage: { insured: 61600, percent: 88 } });

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("BHYT");
    ws.addRow(["Ma don vi", "Ngay bao cao", "Loai bao hiem", "Nhom doi tuong", "So nguoi tham gia"]);
    const day = new Date(Date.UTC(2020, 8, 30));
    ws.addRow(["913", day, "BHYT", "Hộ gia đình", 20000]);
    ws.addRow(["913", day, "BHYT", "Trẻ em dưới 6 tuổi", 8000]);
    ws.addRow(["913", day, "Bảo hiểm y tế", "Học sinh, sinh viên", 9000]);
    ws.addRow(["913", day, "Bảo hiểm y tế", "Người lao động", 10000]);
    ws.addRow(["913", day, "Bảo hiểm y tế", "Hưởng lương hưu, trợ cấp", 4000]);
    ws.addRow(["913", day, "Bảo hiểm y tế", "Hộ nghèo, cận nghèo, dân tộc thiểu số", 12000]);
    ws.addRow(["913", day, "Bảo hiểm y tế", "Khác", 500]);
    ws.addRow(["913", day, "Bảo hiểm thất nghiệp", "Khác", 1]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await runFile("insured", "bhyt-913-quy3.xlsx", file, false, t.cookies.manager);
    expect(r.batch).toMatchObject({ totalRows: 8, imported: 7, rejected: 1 });
    const stored = await t.handle.db
      .select()
      .from(coverageFigures)
      .where(and(eq(coverageFigures.areaId, id913), eq(coverageFigures.asOf, "2020-09-30")));
    expect(stored.map((s) => [s.insuredGroup, Number(s.insuredCount)]).sort()).toEqual([
      ["children_under_6", 8000],
      ["employees", 10000],
      ["household", 20000],
      ["other", 500],
      ["pensioners_and_allowances", 4000],
      ["poor_near_poor_ethnic", 12000],
      ["students", 9000],
    ]);
    const after = await call(t.app, "areas.coverage", { code: "913", onDate: "2020-12-31" }, { cookie: t.cookies.manager });
    const a = after.body.result!.data as typeof b;
    expect(a.area).toMatchObject({ reportedOn: "2020-09-30", coverage: { insured: 63500, population: 70000 } });
    expect(a.area.coverage.percent).toBeCloseTo(90.71, 1);
    // The province rolls the new figure up.
    const province = await call(t.app, "areas.coverage", { code: "91", onDate: "2020-12-31" }, { cookie: t.cookies.admin });
    const p = province.body.result!.data as { children: { code: string; coverage: { insured: number } }[] };
    expect(p.children.find((c) => c.code === "913")!.coverage.insured).toBe(63500);
  });

  it("reads a Windows-1258 CSV (with ; as separator) and a UTF-8 one with a BOM", async () => {
    const text = `${POP_HEADER.replace(/,/g, ";")}\r\n912;Kiên Hải;2023;18500;12100\r\n`;
    const cp = toWindows1258(text);
    expect(iconv.decode(cp, "windows-1258").normalize("NFC")).toBe(text);
    expect(cp.equals(Buffer.from(text, "utf8"))).toBe(false);
    const r = await runFile("population", "dan-so-1258.csv", cp, false);
    expect(r.batch).toMatchObject({ imported: 1, rejected: 0 });
    const bom = await runFile("population", "dan-so-bom.csv", `\uFEFF${POP_HEADER}\n900,Hà Tiên,2023,83000,\n`, false);
    expect(bom.batch).toMatchObject({ imported: 1, rejected: 0 });
  });

  it("serves the report as a readable XLSX and the templates, which import as they are", async () => {
    const csv = `${POP_HEADER}\n913,U Minh Thượng,2024,73000,47000\n3,X,2024,1,\n`;
    const r = await runFile("population", "dan-so-2024.csv", csv, true);
    const res = await t.app.inject({ method: "GET", url: `/api/figures/batches/${r.batch.id}/report.xlsx`, headers: { cookie: t.cookies.admin } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(3).values).toEqual([
      undefined,
      "Dòng / Line",
      "Kết quả / Outcome",
      "Lý do",
      "Reason",
      "Mã đơn vị",
      "Tên đơn vị",
      "Năm",
      "Dân số",
      "Dân số trong độ tuổi lao động",
      "Ngày hiệu lực",
    ]);
    expect(ws.getRow(4).getCell(1).value).toBe(2);
    expect(ws.getRow(4).getCell(2).value).toBe("Sẽ nhập / Would import");
    expect(ws.getRow(5).getCell(2).value).toBe("Bị từ chối / Rejected");
    expect(String(ws.getRow(5).getCell(4).value)).toContain("A unit code is 2–5 digits");
    expect(ws.getRow(5).getCell(5).value).toBe("3");
    // Another district's manager does not get it.
    expect(
      (await t.app.inject({ method: "GET", url: `/api/figures/batches/${r.batch.id}/report.xlsx`, headers: { cookie: t.cookies.manager } })).statusCode,
    ).toBe(404);

    for (const kind of ["population", "insured"] as const) {
      const csvT = await t.app.inject({ method: "GET", url: `/api/figures/template.csv?kind=${kind}` });
      expect(csvT.statusCode).toBe(200);
      expect(csvT.body.startsWith("\uFEFFMã đơn vị,Tên đơn vị,")).toBe(true);
      const x = await t.app.inject({ method: "GET", url: `/api/figures/template.xlsx?kind=${kind}` });
      expect(x.statusCode).toBe(200);
      for (const [name, body] of [
        [`mau.csv`, csvT.rawPayload],
        [`mau.xlsx`, x.rawPayload],
      ] as const) {
        const run = await runFile(kind, name, body, true);
        expect(run.batch).toMatchObject({ totalRows: 1, rejected: 0 });
      }
    }
  });
});

describe("pnpm ansinh import-figures (embedded database, built dist)", () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dist = path.resolve(here, "../dist");
  const samples = path.resolve(here, "../../../docs/samples");
  const tmp = mkdtempSync(path.join(os.tmpdir(), "ansinh-cli-figures-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const run = (args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(dist, "cli.js"), ...args], {
        env: { PATH: process.env.PATH ?? "", DATA_DIR: path.join(tmp, "data"), LOG_LEVEL: "warn" },
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("exit", (code) => resolve({ code, stdout, stderr }));
    });

  it("dry-runs and imports the sample files, then finds the same file imported before", async () => {
    const h = await createDb({ dataDir: path.join(tmp, "data") });
    try {
      await seedDemo(h.db);
    } finally {
      await h.close();
    }
    const pop = path.join(samples, "dan-so.csv");
    const dry = await run(["import-figures", pop, "--kind", "population", "--dry-run"]);
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(2);
    expect(dry.stdout).toMatch(/5 dòng \/ rows — sẽ nhập \/ would import 4, không đổi \/ unchanged 0, từ chối \/ rejected 1/);
    expect(dry.stdout).toMatch(/dòng\/line 6 từ chối\/rejected: .*A unit code is 2–5 digits/);
    const real = await run(["import-figures", pop, "--kind", "population"]);
    expect(real.stdout).toMatch(/nhập \/ imported 4, không đổi \/ unchanged 0, từ chối \/ rejected 1/);
    const again = await run(["import-figures", pop, "--kind", "population"]);
    expect(again.stdout).toMatch(/file imported before/);
    const ins = await run(["import-figures", path.join(samples, "so-nguoi-tham-gia.csv"), "--kind", "insured"]);
    expect(ins.stdout).toMatch(/9 dòng \/ rows — nhập \/ imported 8, không đổi \/ unchanged 0, từ chối \/ rejected 1/);
    expect(ins.stdout).toMatch(/dòng\/line 10 từ chối\/rejected: .*report date/);
    const bad = await run(["import-figures", pop]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--kind/);
  });
});
