import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { createDb } from "@ansinh/db";
import { isIsoDate } from "@ansinh/domain/dates";
import { readEnv } from "./env.js";
import { exitWith, UserError } from "./fatal.js";
import { importAreas } from "./services/import-areas.js";

const usage = `Cách dùng / Usage:
  pnpm ansinh import-areas <file.csv> --valid-from YYYY-MM-DD [--valid-to YYYY-MM-DD]

  Nhập danh mục đơn vị hành chính (cột code,name,level,unit_type,parent_code).
  Imports an administrative-unit list (columns code,name,level,unit_type,parent_code).
  Uses DATABASE_URL when set, else the embedded database in DATA_DIR (default .data).`;

async function importAreasCommand(args: string[]) {
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
    const report = await importAreas(handle.db, text, { validFrom, validTo });
    console.log(
      `Đã đọc ${report.read} dòng: thêm ${report.inserted}, đã có ${report.unchanged}, bị từ chối ${report.rejected.length}` +
        ` / Read ${report.read} rows: ${report.inserted} added, ${report.unchanged} already present, ${report.rejected.length} rejected`,
    );
    for (const r of report.rejected) console.log(`  dòng/line ${r.line} (${r.code || "?"}): ${r.message}`);
    process.exitCode = report.rejected.length > 0 ? 2 : 0;
  } finally {
    await handle.close();
  }
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  switch (command) {
    case "import-areas":
      return importAreasCommand(rest);
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
