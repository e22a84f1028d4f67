/** The operator's commands: `ansinh backup`, `ansinh restore`, `ansinh doctor` (see docs/operations.md). */
import path from "node:path";
import { parseArgs } from "node:util";
import { doctor, doctorLines } from "./doctor.js";
import { readEnv } from "./env.js";
import { UserError } from "./fatal.js";
import { backup, backupLines, restore, restoreLines } from "./services/backup.js";

export async function backupCommand(args: string[], usage: string): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const env = readEnv();
  const target = positionals[0] ?? (env.BACKUP_DIR ? `${env.BACKUP_DIR}/` : undefined);
  if (!target || positionals.length > 1)
    throw new UserError(`cần đúng một tệp hoặc thư mục (hoặc BACKUP_DIR) / exactly one file or folder is needed (or BACKUP_DIR)\n${usage}`);
  if (env.PG_BINDIR) process.env.PG_BINDIR = env.PG_BINDIR;
  const result = await backup({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    target: path.resolve(target) + (target.endsWith("/") ? "/" : ""),
    log: (l) => console.log(l),
  });
  for (const line of backupLines(result)) console.log(line);
}

export async function restoreCommand(args: string[], usage: string): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { force: { type: "boolean" } } });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UserError(`cần đúng một tệp / exactly one file is needed\n${usage}`);
  const env = readEnv();
  if (env.PG_BINDIR) process.env.PG_BINDIR = env.PG_BINDIR;
  const result = await restore({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    file: path.resolve(file),
    force: values.force === true,
    log: (l) => console.log(l),
  });
  for (const line of restoreLines(result)) console.log(line);
}

export async function doctorCommand(args: string[], usage: string): Promise<void> {
  if (args.length > 0) throw new UserError(`doctor không nhận tham số / doctor takes no arguments\n${usage}`);
  const report = await doctor(process.env);
  for (const line of doctorLines(report)) console.log(line);
  process.exitCode = report.some((c) => c.status === "fail") ? 1 : 0;
}
