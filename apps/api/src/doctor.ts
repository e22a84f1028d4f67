/**
 * `ansinh doctor`: what is set, what is missing, and whether the database, its migrations, the
 * backups folder and the clock are right — one line per check, `ok`, `warn` or `FAIL`. It never
 * prints a secret (only whether it is set and its length).
 */
import { constants } from "node:fs";
import { access, readdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { createDb, selectRows, type DbHandle } from "@ansinh/db";
import { todayInVietnam, vietnamDateOf } from "@ansinh/domain/dates";
import { EnvError, readEnv, type Env } from "./env.js";
import { appliedMigrations, codeJournal, compareSchema, findPgTool } from "./services/backup.js";

export interface Check {
  status: "ok" | "warn" | "fail";
  what: string;
  detail: string;
}

const SECRETS = new Set(["AUTH_SECRET", "METRICS_TOKEN"]);
/** The settings an office sets (docs/operations.md, the production checklist), in that order. */
export const SETTINGS = [
  "DATABASE_URL",
  "AUTH_SECRET",
  "PUBLIC_URL",
  "TRUST_PROXY",
  "BACKUP_DIR",
  "METRICS_TOKEN",
  "API_HOST",
  "API_PORT",
  "API_PROCESSES",
  "DATABASE_READ_URL",
  "DATABASE_POOL_MAX",
  "REQUEST_TIMEOUT_MS",
  "DATA_DIR",
  "LOG_LEVEL",
  "PG_BINDIR",
] as const;

/** A setting as it may be printed: secrets by length, URLs without their password. */
export function shown(name: string, value: string | undefined): string {
  if (value === undefined || value.trim() === "") return "—";
  if (SECRETS.has(name)) return `(đặt / set, ${value.trim().length} ký tự / characters)`;
  if (/_URL$/.test(name)) {
    try {
      const u = new URL(value);
      if (u.password) u.password = "***";
      return u.toString();
    } catch {
      return "(không đọc được / unreadable)";
    }
  }
  return value;
}

async function writable(dir: string): Promise<string | null> {
  try {
    await access(dir, constants.W_OK);
    const probe = path.join(dir, `.ansinh-doctor-${process.pid}`);
    await writeFile(probe, "");
    await rm(probe, { force: true });
    return null;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? String(e);
  }
}

/** Runs every check; `now` is the one clock (the domain's todayInVietnam reads it too). */
export async function doctor(source: NodeJS.ProcessEnv, now: () => number = Date.now): Promise<Check[]> {
  const checks: Check[] = [];
  const add = (status: Check["status"], what: string, detail: string) => checks.push({ status, what, detail });

  for (const name of SETTINGS) add("ok", `setting ${name}`, shown(name, source[name]));
  let env: Env;
  try {
    env = readEnv(source);
  } catch (e) {
    add("fail", "settings", e instanceof EnvError ? e.message : String(e));
    return checks;
  }
  add("ok", "settings", "hợp lệ / valid");
  const production = env.DATABASE_URL !== undefined;
  if (!production)
    add("warn", "database", "DATABASE_URL chưa đặt: cơ sở dữ liệu nhúng (chỉ để thử) / DATABASE_URL unset: the embedded database (for trying out only)");
  if (production) {
    if (!source.PUBLIC_URL)
      add("fail", "PUBLIC_URL", "chưa đặt: cookie và đăng nhập cần địa chỉ người dùng mở / unset: cookies and sign-in need the address users open");
    else if (!env.PUBLIC_URL.startsWith("https://"))
      add("warn", "PUBLIC_URL", "không phải https:// — cookie không có Secure / not https:// — cookies are not Secure");
    if (source.TRUST_PROXY === undefined)
      add("warn", "TRUST_PROXY", "chưa đặt (mặc định loopback): đặt địa chỉ của reverse proxy / unset (default loopback): set the reverse proxy's address");
    if (!env.METRICS_TOKEN) add("warn", "METRICS_TOKEN", "chưa đặt: /metrics tắt / unset: /metrics is off");
  }

  // The clock: the domain's today in Vietnam, and the database's idea of now.
  const t = now();
  add("ok", "clock", `${new Date(t).toISOString()} — hôm nay ở Việt Nam / today in Vietnam ${todayInVietnam(t)} (UTC+7)`);

  let handle: DbHandle | undefined;
  try {
    handle = await createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, migrate: false });
    const [row] = await selectRows<{ version: string; now: string | Date }>(handle.db, sql`select current_setting('server_version') as version, now() as now`);
    add("ok", "database", `${handle.kind} ${handle.location}, PostgreSQL ${row!.version}`);
    const dbNow = new Date(row!.now).getTime();
    const skew = Math.abs(dbNow - now());
    if (skew > 5000)
      add(
        "fail",
        "clock",
        `lệch với cơ sở dữ liệu ${(skew / 1000).toFixed(1)} s (bật NTP / chrony) / ${(skew / 1000).toFixed(1)} s apart from the database's clock (enable NTP / chrony)`,
      );
    else if (vietnamDateOf(dbNow) !== todayInVietnam(now()))
      add("fail", "clock", "ngày ở Việt Nam khác với cơ sở dữ liệu / the date in Vietnam differs from the database's");
    else add("ok", "clock", `khớp cơ sở dữ liệu (lệch ${skew} ms) / agrees with the database (${skew} ms apart)`);
    const schema = compareSchema(await appliedMigrations(handle.db));
    const journal = codeJournal();
    if (schema.kind === "same") add("ok", "migrations", `${schema.version}/${journal.length} (${schema.tag})`);
    else if (schema.kind === "older")
      add(
        "warn",
        "migrations",
        `${schema.version}/${schema.target}: ${schema.target - schema.version} chưa áp dụng, API áp dụng khi khởi động / not applied yet, the API applies them on start`,
      );
    else if (schema.kind === "none")
      add(
        "warn",
        "migrations",
        `0/${journal.length}: cơ sở dữ liệu trống, API tạo lược đồ khi khởi động / empty database, the API creates the schema on start`,
      );
    else
      add(
        "fail",
        "migrations",
        `cơ sở dữ liệu có ${schema.unknown.length} migration mà phiên bản này không biết: cài phiên bản mới hơn / the database has ${schema.unknown.length} migrations this version does not know: install the newer version`,
      );
    if (handle.kind === "postgres") {
      const [v] = await selectRows<{ v: string }>(handle.db, sql`select current_setting('server_version_num') as v`);
      const major = Math.floor(Number(v!.v) / 10000);
      try {
        const tool = await findPgTool("pg_dump", major, { ...process.env, ...(env.PG_BINDIR ? { PG_BINDIR: env.PG_BINDIR } : {}) });
        add("ok", "pg_dump", `${tool.version} (${tool.path})`);
      } catch (e) {
        add("fail", "pg_dump", (e as Error).message);
      }
      const [arch] = await selectRows<{ mode: string; cmd: string }>(
        handle.db,
        sql`select current_setting('archive_mode') as mode, current_setting('archive_command') as cmd`,
      ).catch(() => [undefined]);
      if (arch)
        add(
          arch.mode === "off" ? "warn" : "ok",
          "WAL archiving",
          arch.mode === "off"
            ? "tắt: chỉ khôi phục được về lần sao lưu gần nhất / off: only the last backup can be restored (docs/operations.md)"
            : `archive_mode=${arch.mode}`,
        );
    }
  } catch (e) {
    add("fail", "database", (e as Error).message);
  } finally {
    await handle?.close().catch(() => {});
  }

  if (!env.BACKUP_DIR) {
    add(production ? "fail" : "warn", "backups", "BACKUP_DIR chưa đặt / BACKUP_DIR is unset");
  } else {
    const dir = path.resolve(env.BACKUP_DIR);
    const problem = await stat(dir).then(
      (s) => (s.isDirectory() ? writable(dir) : "ENOTDIR"),
      (e: NodeJS.ErrnoException) => e.code ?? "?",
    );
    if (problem) add("fail", "backups", `${dir}: không ghi được (${problem}) / not writable (${problem})`);
    else {
      const files = (await readdir(dir)).filter((f) => /^ansinh-.*\.(dump|tar\.gz)$/.test(f));
      const times = await Promise.all(files.map(async (f) => ({ f, t: (await stat(path.join(dir, f))).mtimeMs })));
      const newest = times.sort((a, b) => b.t - a.t)[0];
      if (!newest) add("warn", "backups", `${dir}: chưa có bản sao lưu nào / no backup yet`);
      else {
        const hours = (now() - newest.t) / 3_600_000;
        add(hours > 26 ? "warn" : "ok", "backups", `${dir}: ${files.length} bản, mới nhất / backups, newest ${newest.f} (${hours.toFixed(1)} h)`);
      }
    }
  }
  return checks;
}

export function doctorLines(checks: Check[]): string[] {
  const tag = { ok: "ok  ", warn: "warn", fail: "FAIL" } as const;
  return checks.map((c) => `${tag[c.status]}  ${c.what}: ${c.detail}`);
}
