import { createReadStream } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { agentById, createDb, figureRowsPage, finishBatchJobs, importRowsPage } from "@ansinh/db";
import { passwordSchema, roleAssignmentSchema } from "@ansinh/domain/access";
import { isIsoDate } from "@ansinh/domain/dates";
import type { Scheme } from "@ansinh/domain/eligibility";
import { issuesFromZod } from "@ansinh/domain/validation";
import { readEnv } from "./env.js";
import { exitWith, UserError } from "./fatal.js";
import { backupCommand, doctorCommand, restoreCommand } from "./operations-cli.js";
import { audited } from "./services/audited.js";
import { GenerateDbError, generateIntoDb } from "./services/generate/db.js";
import { FileSink } from "./services/generate/files.js";
import { generateFiles, manifestOf, teeSink } from "./services/generate/index.js";
import { DEFAULT_UNITS, readUnits, UnitsFileMissing } from "./services/generate/units.js";
import { importAreaMapping } from "./services/import-area-mapping.js";
import { importAreas } from "./services/import-areas.js";
import { processImportBatch } from "./services/import-enrolments.js";
import { importFacilities } from "./services/import-facilities.js";
import { FigureFileError, importFigures } from "./services/import-figures.js";
import { readHeader, storeUpload, UnreadableFile } from "./services/import-file.js";
import { suggestMapping, type ColumnMapping } from "./services/import-mapping.js";
import { recordEnrolment } from "./services/record-enrolment.js";
import { ImportInputError, startImport } from "./services/start-import.js";
import { auditView, generatePassword, insertUser, UserInputError } from "./services/users.js";

const usage = `Cách dùng / Usage:
  pnpm ansinh import-areas <file.csv> --valid-from YYYY-MM-DD [--valid-to YYYY-MM-DD]
  pnpm ansinh import-facilities <file.csv> --valid-from YYYY-MM-DD [--valid-to YYYY-MM-DD]
  pnpm ansinh user:create --email EMAIL --name NAME (--admin | --role ROLE --area CODE) [--password PW]
  pnpm ansinh import-enrolments <file.csv|file.xlsx> --agent ID --scheme voluntary|household [--dry-run]
  pnpm ansinh import-area-mapping <file.csv> --old-valid-on YYYY-MM-DD --new-valid-on YYYY-MM-DD
  pnpm ansinh import-figures <file.csv|file.xlsx> --kind population|insured [--dry-run]
  pnpm ansinh generate --participants N --seed S [--units FILE] [--province CODE] [--from-year 2021] [--to-year 2026] [--only voluntary|household] [--out DIR] [--db]
  pnpm ansinh backup <file|folder/>
  pnpm ansinh restore <file> [--force]
  pnpm ansinh doctor

  Nhập danh mục đơn vị hành chính (cột code,name,level,unit_type,parent_code).
  Imports an administrative-unit list (columns code,name,level,unit_type,parent_code).
  Nhập danh mục cơ sở KCB ban đầu (cột code,name,province_code).
  Imports a list of initial health-care facilities (columns code,name,province_code).
  Nhập danh sách của đại lý (mẫu D05-TS / D03-TS, xem docs/import.md); in số dòng và các dòng bị từ chối.
  Imports an agent's list (D05-TS / D03-TS, see docs/import.md); prints the counts and the rejected lines.
  Nhập bảng ánh xạ đơn vị cũ → mới (cột old_commune_code,new_commune_code,…,overlap).
  Imports an old→new unit mapping (columns old_commune_code,new_commune_code,…,overlap).
  Nhập số liệu dân số hoặc số người tham gia theo nhóm (xem docs/import.md); mọi đơn vị.
  Imports population or insured counts by group (see docs/import.md); every unit.
  Sinh bộ dữ liệu giả lập toàn quốc (cùng tham số → cùng dữ liệu): tệp nhập D05-TS/D03-TS (--out) và/hoặc thẳng vào CSDL (--db).
  Generates a deterministic synthetic national dataset: import files (--out) and/or straight into the database (--db).
  Sao lưu / khôi phục cơ sở dữ liệu (pg_dump/pg_restore với PostgreSQL, PGlite với CSDL nhúng); xem docs/operations.md.
  Backs up / restores the database (pg_dump/pg_restore on PostgreSQL, PGlite's own dump on the embedded one); see docs/operations.md.
  Kiểm tra cấu hình, cơ sở dữ liệu, migration, thư mục sao lưu và đồng hồ / Checks the settings, database, migrations, backups folder and clock.
  Uses DATABASE_URL when set, else the embedded database in DATA_DIR (default .data).`;

async function importAreasCommand(args: string[], what: "areas" | "facilities" = "areas") {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { "valid-from": { type: "string" }, "valid-to": { type: "string" } },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UserError(`cần đúng một tệp / exactly one file is needed\n${usage}`);
  const validFrom = values["valid-from"];
  const validTo = values["valid-to"] ?? null;
  if (!validFrom || !isIsoDate(validFrom)) throw new UserError("--valid-from YYYY-MM-DD là bắt buộc / --valid-from YYYY-MM-DD is required");
  if (validTo !== null && !isIsoDate(validTo)) throw new UserError("--valid-to phải có dạng YYYY-MM-DD / --valid-to must be YYYY-MM-DD");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new UserError(`Không đọc được tệp ${file} (${(e as NodeJS.ErrnoException).code}) / Cannot read ${file} (${(e as NodeJS.ErrnoException).code})`);
  }
  const env = readEnv();
  const handle = await createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    const report =
      what === "areas"
        ? await importAreas(handle.db, text, { validFrom, validTo }, path.basename(file))
        : await importFacilities(handle.db, text, { validFrom, validTo }, path.basename(file));
    console.log(
      `Đã đọc ${report.read} dòng: thêm ${report.inserted}, đã có ${report.unchanged}, bị từ chối ${report.rejected.length}` +
        ` / Read ${report.read} rows: ${report.inserted} added, ${report.unchanged} already present, ${report.rejected.length} rejected`,
    );
    for (const r of report.rejected) console.log(`  dòng/line ${r.line} (${r.code || "?"}): ${r.vi} / ${r.en}`);
    process.exitCode = report.rejected.length > 0 ? 2 : 0;
  } finally {
    await handle.close();
  }
}

async function importAreaMappingCommand(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { "old-valid-on": { type: "string" }, "new-valid-on": { type: "string" } },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UserError(`cần đúng một tệp / exactly one file is needed\n${usage}`);
  const oldValidOn = values["old-valid-on"];
  const newValidOn = values["new-valid-on"];
  if (!oldValidOn || !isIsoDate(oldValidOn)) throw new UserError("--old-valid-on YYYY-MM-DD là bắt buộc / --old-valid-on YYYY-MM-DD is required");
  if (!newValidOn || !isIsoDate(newValidOn)) throw new UserError("--new-valid-on YYYY-MM-DD là bắt buộc / --new-valid-on YYYY-MM-DD is required");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new UserError(`Không đọc được tệp ${file} (${(e as NodeJS.ErrnoException).code}) / Cannot read ${file} (${(e as NodeJS.ErrnoException).code})`);
  }
  const env = readEnv();
  const handle = await createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    const report = await importAreaMapping(handle.db, text, { oldValidOn, newValidOn }, path.basename(file));
    console.log(
      `Đã đọc ${report.read} dòng: thêm ${report.inserted}, đã có ${report.unchanged}, bị từ chối ${report.rejected.length}` +
        ` / Read ${report.read} rows: ${report.inserted} added, ${report.unchanged} already present, ${report.rejected.length} rejected`,
    );
    for (const r of report.rejected) console.log(`  dòng/line ${r.line} (${r.code || "?"}): ${r.vi} / ${r.en}`);
    process.exitCode = report.rejected.length > 0 ? 2 : 0;
  } finally {
    await handle.close();
  }
}

async function createUserCommand(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      password: { type: "string" },
      admin: { type: "boolean" },
      role: { type: "string" },
      area: { type: "string" },
    },
  });
  const assignments = values.admin ? [{ role: "admin", areaCode: values.area ?? null }] : [{ role: values.role, areaCode: values.area ?? null }];
  const input = z
    .object({
      email: z.email({ message: "--email không hợp lệ / --email is not a valid email" }),
      name: z.string({ message: "thiếu --name / --name is missing" }).trim().min(1, "thiếu --name / --name is missing"),
      password: passwordSchema.optional(),
      assignments: z.array(roleAssignmentSchema),
    })
    .safeParse({ email: values.email, name: values.name, password: values.password, assignments });
  if (!input.success) {
    const i = input.error.issues[0]!;
    // The role assignment's messages are the domain's catalogue keys: render them in both languages.
    const rendered = i.path[0] === "assignments" ? issuesFromZod({ issues: [i] }).map((d) => `--area: ${d.vi} / --area: ${d.en}`)[0] : undefined;
    throw new UserError(
      `${i.path.join(".") === "assignments.0.role" ? "--admin hoặc --role admin|manager|collector|viewer / --admin or --role admin|manager|collector|viewer" : (rendered ?? i.message)}\n${usage}`,
    );
  }
  const password = input.data.password ?? generatePassword();
  const env = readEnv();
  const handle = await createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    const created = await audited({ db: handle.db, requestId: null, user: null }, async (tx) => {
      const u = await insertUser(tx, { ...input.data, password });
      return { entity: "user", entityId: u.id, action: "create", before: null, after: auditView(u), result: u };
    }).catch((e: unknown) => {
      if (e instanceof UserInputError) throw new UserError(e.message);
      throw e;
    });
    console.log(`Đã tạo / Created ${created.email} (${created.assignments.map((a) => `${a.role}@${a.areaCode ?? "VN"}`).join(", ")})`);
    if (!input.data.password) console.log(`Mật khẩu / Password: ${password}`);
  } finally {
    await handle.close();
  }
}

async function importEnrolmentsCommand(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { agent: { type: "string" }, scheme: { type: "string" }, "dry-run": { type: "boolean" } },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UserError(`cần đúng một tệp / exactly one file is needed\n${usage}`);
  const agentId = Number(values.agent);
  if (!Number.isSafeInteger(agentId) || agentId < 1) throw new UserError("--agent ID (số / a number) là bắt buộc / is required");
  const schemes: Record<string, Scheme> = {
    voluntary: "voluntary_social_insurance",
    voluntary_social_insurance: "voluntary_social_insurance",
    household: "household_health_insurance",
    household_health_insurance: "household_health_insurance",
  };
  const scheme = schemes[values.scheme ?? ""];
  if (!scheme) throw new UserError("--scheme voluntary|household là bắt buộc / is required");
  const env = readEnv();
  const handle = await createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    const agent = await agentById(handle.db, agentId);
    if (!agent) throw new UserError(`Không có đại lý ${agentId} / No agent ${agentId}`);
    let stored;
    try {
      stored = await storeUpload(createReadStream(file), path.resolve(env.DATA_DIR), path.basename(file), Number.MAX_SAFE_INTEGER);
    } catch (e) {
      if (e instanceof UnreadableFile) throw new UserError(`${e.vi} / ${e.en}`);
      const code = (e as NodeJS.ErrnoException).code;
      throw new UserError(`Không đọc được tệp ${file} (${code}) / Cannot read ${file} (${code})`);
    }
    const header = await readHeader(stored.path, stored.format);
    const saved = (agent.importMapping as Record<string, ColumnMapping> | null)?.[scheme] ?? null;
    const mapping = suggestMapping(header?.cells ?? [], saved);
    const dryRun = values["dry-run"] === true;
    let started;
    try {
      started = await startImport(handle.db, {
        agent,
        scheme,
        file: { hash: stored.hash, format: stored.format, path: stored.path, name: path.basename(file) },
        mapping,
        dryRun,
        actor: null,
        requestId: null,
      });
    } catch (e) {
      if (e instanceof ImportInputError) throw new UserError(e.issues.map((i) => `${i.path.at(-1)}: ${i.vi} / ${i.en}`).join("\n"));
      throw e;
    }
    const batch = await processImportBatch(handle.db, started.batch.id, { record: recordEnrolment });
    await finishBatchJobs(handle.db, batch.id);
    console.log(
      `${dryRun ? "Chạy thử / Dry run" : "Đã nhập / Imported"} (lần nhập / batch ${batch.id}${started.existing ? ", tệp đã nhập trước đó / file imported before" : ""}): ` +
        `${batch.processedRows} dòng / rows — ${dryRun ? "sẽ nhập / would import" : "nhập / imported"} ${batch.imported}, trùng / duplicate ${batch.duplicates}, từ chối / rejected ${batch.rejected}`,
    );
    for (const outcome of ["rejected", "duplicate"] as const) {
      for (let offset = 0; ; offset += 500) {
        const { rows } = await importRowsPage(handle.db, batch.id, { outcome, limit: 500, offset });
        for (const r of rows) {
          const problems = (r.problems as { vi: string; en: string }[] | null) ?? [];
          console.log(
            `  dòng/line ${r.line} ${outcome === "rejected" ? "từ chối/rejected" : "trùng/duplicate"}: ${problems.map((p) => `${p.vi} / ${p.en}`).join("; ")}`,
          );
        }
        if (rows.length < 500) break;
      }
    }
    process.exitCode = batch.rejected > 0 ? 2 : 0;
  } finally {
    await handle.close();
  }
}

async function importFiguresCommand(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { kind: { type: "string" }, "dry-run": { type: "boolean" } },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UserError(`cần đúng một tệp / exactly one file is needed\n${usage}`);
  const kind = values.kind;
  if (kind !== "population" && kind !== "insured") throw new UserError("--kind population|insured là bắt buộc / is required");
  const env = readEnv();
  let stored;
  try {
    stored = await storeUpload(createReadStream(file), path.resolve(env.DATA_DIR), path.basename(file), Number.MAX_SAFE_INTEGER);
  } catch (e) {
    if (e instanceof UnreadableFile) throw new UserError(`${e.vi} / ${e.en}`);
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`Không đọc được tệp ${file} (${code}) / Cannot read ${file} (${code})`);
  }
  const dryRun = values["dry-run"] === true;
  const handle = await createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    let result;
    try {
      result = await importFigures(handle.db, {
        kind,
        file: { hash: stored.hash, format: stored.format, path: stored.path, name: path.basename(file) },
        dryRun,
        actor: null,
        requestId: null,
        // The command line is the operator's: every unit.
        scope: async () => null,
      });
    } catch (e) {
      if (e instanceof FigureFileError) throw new UserError(e.issues.map((i) => `${i.vi} / ${i.en}`).join("\n"));
      throw e;
    }
    const b = result.batch;
    console.log(
      `${dryRun ? "Chạy thử / Dry run" : "Đã nhập / Imported"} (lần nhập / batch ${b.id}${result.existing ? ", tệp đã nhập trước đó / file imported before" : ""}): ` +
        `${b.totalRows} dòng / rows — ${dryRun ? "sẽ nhập / would import" : "nhập / imported"} ${b.imported}, không đổi / unchanged ${b.unchanged}, từ chối / rejected ${b.rejected}`,
    );
    for (let offset = 0; ; offset += 500) {
      const { rows } = await figureRowsPage(handle.db, b.id, { outcome: "rejected", limit: 500, offset });
      for (const r of rows) {
        const problems = (r.problems as { vi: string; en: string }[] | null) ?? [];
        console.log(`  dòng/line ${r.line} từ chối/rejected: ${problems.map((p) => `${p.vi} / ${p.en}`).join("; ")}`);
      }
      if (rows.length < 500) break;
    }
    process.exitCode = b.rejected > 0 ? 2 : 0;
  } finally {
    await handle.close();
  }
}

async function generateCommand(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      participants: { type: "string" },
      seed: { type: "string" },
      units: { type: "string" },
      province: { type: "string" },
      "from-year": { type: "string" },
      "to-year": { type: "string" },
      out: { type: "string" },
      db: { type: "boolean" },
      only: { type: "string" },
    },
  });
  if (positionals.length > 0) throw new UserError(`tham số thừa / unexpected argument "${positionals[0]}"\n${usage}`);
  const participants = Number((values.participants ?? "").replace(/[_,]/g, ""));
  if (!Number.isSafeInteger(participants) || participants < 1 || participants > 100_000_000) {
    throw new UserError("--participants N (số nguyên từ 1 / a whole number from 1) là bắt buộc / is required");
  }
  const seed = values.seed?.trim();
  if (!seed) throw new UserError("--seed S là bắt buộc (cùng hạt giống → cùng dữ liệu) / --seed S is required (same seed → same data)");
  const fromYear = Number(values["from-year"] ?? 2021);
  const toYear = Number(values["to-year"] ?? 2026);
  if (!Number.isInteger(fromYear) || !Number.isInteger(toYear) || fromYear < 2018 || toYear > 2030 || fromYear > toYear) {
    throw new UserError("--from-year/--to-year: năm từ 2018 đến 2030, từ ≤ đến / years 2018–2030, from ≤ to");
  }
  if (!values.out && !values.db) throw new UserError(`cần --out DIR và/hoặc --db / --out DIR and/or --db is needed\n${usage}`);
  const province = values.province?.trim() || null;
  const onlyOf: Record<string, Scheme> = { voluntary: "voluntary_social_insurance", household: "household_health_insurance" };
  if (values.only !== undefined && !onlyOf[values.only]) throw new UserError("--only voluntary|household");
  const only = values.only ? onlyOf[values.only]! : null;
  let units;
  try {
    units = readUnits(values.units ? path.resolve(values.units) : DEFAULT_UNITS, province);
  } catch (e) {
    if (e instanceof UnitsFileMissing) throw new UserError(e.message);
    throw e;
  }
  if (units.communes.length === 0)
    throw new UserError(
      `Không có xã nào${province ? ` của tỉnh ${province}` : ""} trong ${units.source} / No communes${province ? ` of province ${province}` : ""} in ${units.source}`,
    );
  const o = { participants, seed, units, province, only, fromYear, toYear };
  const log = (line: string) => console.log(line);
  console.log(
    `Sinh dữ liệu / Generating: ${participants.toLocaleString("en-US")} người / participants, hạt giống / seed ${seed}, ${units.provinces.length} tỉnh / provinces, ${units.communes.length} xã / communes (${units.source}), ${fromYear}–${toYear}`,
  );
  if (!values.db) {
    const { manifest, seconds } = await generateFiles({ ...o, out: values.out!, log });
    const lines = manifest.files.reduce((s, f) => s + f.lines, 0);
    console.log(
      `Đã ghi / Wrote ${manifest.files.length} tệp / files, ${lines.toLocaleString("en-US")} dòng / lines (${manifest.counts.participants.toLocaleString("en-US")} người / participants, ${manifest.counts.households.toLocaleString("en-US")} hộ / households) ` +
        `vào / into ${values.out} trong / in ${seconds.toFixed(1)} s: ${Math.round(lines / seconds).toLocaleString("en-US")} dòng/s / rows/s`,
    );
    return;
  }
  const env = readEnv();
  const handle = await createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    const files = values.out ? new FileSink(values.out) : null;
    let r;
    try {
      r = await generateIntoDb({
        ...o,
        databaseUrl: env.DATABASE_URL,
        db: handle.db,
        kind: handle.kind,
        log,
        ...(files ? { also: Object.assign(teeSink([files]), { drain: () => files.drain() }) } : {}),
      });
    } catch (e) {
      if (e instanceof GenerateDbError) throw new UserError(e.message);
      throw e;
    }
    if (files) {
      const entries = await files.close();
      const ids = new Map(r.agents.map((a) => [a.key, a.id]));
      for (const f of entries) f.agent.id = ids.get(f.agent.key);
      const manifest = manifestOf(o, r.result, entries);
      await writeFile(path.join(values.out!, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
    }
    const c = r.counts;
    console.log(
      `Đã nạp / Loaded (${handle.location}): ${c.agents} đại lý / agents, ${c.campaigns} đợt / campaigns, ${c.outreachEvents} sự kiện / events, ${c.households.toLocaleString("en-US")} hộ / households, ` +
        `${c.participants.toLocaleString("en-US")} người / participants, ${c.enrolments.toLocaleString("en-US")} lượt / enrolments, ${c.payments.toLocaleString("en-US")} khoản đóng / payments ` +
        `trong / in ${r.seconds.toFixed(1)} s: ${Math.round(r.rowsPerSecond).toLocaleString("en-US")} dòng/s / rows/s; tổng hợp / aggregates ${r.aggregatesRebuilt ? "đã dựng lại / rebuilt" : "chưa có hàm / no function yet"}`,
    );
  } finally {
    await handle.close();
  }
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  switch (command) {
    case "import-areas":
      return importAreasCommand(rest);
    case "import-facilities":
      return importAreasCommand(rest, "facilities");
    case "user:create":
      return createUserCommand(rest);
    case "import-area-mapping":
      return importAreaMappingCommand(rest);
    case "import-enrolments":
      return importEnrolmentsCommand(rest);
    case "import-figures":
      return importFiguresCommand(rest);
    case "generate":
      return generateCommand(rest);
    case "backup":
      return backupCommand(rest, usage);
    case "restore":
      return restoreCommand(rest, usage);
    case "doctor":
      return doctorCommand(rest, usage);
    case undefined:
    case "help":
    case "--help":
      console.log(usage);
      return;
    default:
      throw new UserError(`lệnh không rõ "${command}" / unknown command "${command}"\n${usage}`);
  }
}

main(process.argv.slice(2)).catch(exitWith);
