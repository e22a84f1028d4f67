/**
 * `ansinh backup <file>` and `ansinh restore <file>`.
 *
 * PostgreSQL: the standard tools, run as child processes — `pg_dump --format=custom` and
 * `pg_restore --single-transaction --clean --if-exists` (the restore lands whole or not at all),
 * of the server's own major version (found in PG_BINDIR, Debian's /usr/lib/postgresql/<major>/bin,
 * or the PATH). The embedded database: PGlite's own dump of its data folder (`dumpDataDir`, a
 * gzipped tarball), restored by starting PGlite from it (`loadDataDir`) in a fresh folder that then
 * takes the old one's place.
 *
 * Both: the file is written as `<file>.partial` and renamed once complete (never a half-written
 * backup under the real name); the restore checks the backup's schema version (its
 * drizzle migrations) against this version's, refuses a database that holds data unless forced,
 * and prints the counts afterwards.
 */
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, open, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { createDb, DbConfigError, describeUrl, migrationsFolder, selectRows, type Db, type DbHandle } from "@ansinh/db";
import { UserError } from "../fatal.js";

/** What a restore or backup reports: rows per table that an office recognises. */
export const COUNTED_TABLES = [
  ["areas", "đơn vị hành chính / areas"],
  ["auth_user", "người dùng / users"],
  ["agents", "đại lý / agents"],
  ["households", "hộ gia đình / households"],
  ["participants", "người tham gia / participants"],
  ["enrolments", "lượt đăng ký / enrolments"],
  ["payments", "khoản đóng / payments"],
  ["targets", "chỉ tiêu / targets"],
  ["import_batches", "lần nhập / import batches"],
  ["audit_log", "nhật ký / audit entries"],
] as const;
export type Counts = Record<(typeof COUNTED_TABLES)[number][0], number>;

export interface SchemaVersion {
  /** Migrations applied, in order of their journal time (`created_at` = the journal's `when`). */
  applied: number[];
}

export interface JournalEntry {
  tag: string;
  when: number;
}

/** This version's migrations, from the committed journal. */
export function codeJournal(): JournalEntry[] {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as { entries: JournalEntry[] };
  return journal.entries.map((e) => ({ tag: e.tag, when: e.when }));
}

export type SchemaVerdict =
  | { kind: "same"; version: number; tag: string }
  | { kind: "older"; version: number; tag: string; target: number; targetTag: string }
  | { kind: "newer"; version: number; unknown: number[]; target: number; targetTag: string }
  | { kind: "none" };

/** Compares a backup's applied migrations with this version's journal. */
export function compareSchema(applied: number[], journal: JournalEntry[] = codeJournal()): SchemaVerdict {
  if (applied.length === 0) return { kind: "none" };
  const known = new Map(journal.map((e, i) => [e.when, i]));
  const unknown = applied.filter((w) => !known.has(w));
  const last = journal.at(-1)!;
  if (unknown.length > 0) return { kind: "newer", version: applied.length, unknown, target: journal.length, targetTag: last.tag };
  const lastApplied = journal[Math.max(...applied.map((w) => known.get(w)!))]!;
  if (applied.length === journal.length) return { kind: "same", version: applied.length, tag: lastApplied.tag };
  return { kind: "older", version: applied.length, tag: lastApplied.tag, target: journal.length, targetTag: last.tag };
}

export function schemaLine(v: SchemaVerdict): string {
  switch (v.kind) {
    case "same":
      return `phiên bản lược đồ / schema version ${v.version} (${v.tag}), như phiên bản này / as this version`;
    case "older":
      return `phiên bản lược đồ / schema version ${v.version} (${v.tag}), cũ hơn phiên bản này (${v.target}, ${v.targetTag}): sẽ được nâng cấp / older than this version's (${v.target}, ${v.targetTag}): it will be migrated`;
    case "newer":
      return `phiên bản lược đồ / schema version ${v.version}, mới hơn phiên bản này (${v.target}, ${v.targetTag}) / newer than this version's (${v.target}, ${v.targetTag})`;
    case "none":
      return "không có lược đồ / no schema";
  }
}

function newerError(v: Extract<SchemaVerdict, { kind: "newer" }>): UserError {
  return new UserError(
    `Bản sao lưu được tạo bởi phiên bản mới hơn (lược đồ ${v.version}, phiên bản này biết đến ${v.target} — ${v.targetTag}); hãy cài phiên bản mới hơn rồi khôi phục / ` +
      `The backup was made by a newer version (schema ${v.version}; this version knows up to ${v.target} — ${v.targetTag}); install the newer version, then restore`,
  );
}

async function tableExists(db: Db, table: string): Promise<boolean> {
  const rows = await selectRows<{ t: string | null }>(db, sql`select to_regclass(${table})::text as t`);
  return rows[0]?.t != null;
}

/** Rows of each counted table (0 for a table that does not exist yet). */
export async function countRows(db: Db): Promise<Counts> {
  const counts = {} as Counts;
  for (const [table] of COUNTED_TABLES) {
    counts[table] = (await tableExists(db, `public.${table}`))
      ? Number((await selectRows<{ n: number | string }>(db, sql.raw(`select count(*) as n from public.${table}`)))[0]!.n)
      : 0;
  }
  return counts;
}

/** The migrations a database has applied (their journal times), empty when it has none. */
export async function appliedMigrations(db: Db): Promise<number[]> {
  if (!(await tableExists(db, "drizzle.__drizzle_migrations"))) return [];
  const rows = await selectRows<{ created_at: string | number }>(db, sql`select created_at from drizzle.__drizzle_migrations order by created_at`);
  return rows.map((r) => Number(r.created_at));
}

/**
 * Whether a database holds anything worth keeping: any row in a table of its own (the public
 * schema) other than the ones the migrations fill themselves, or any table that is not ours.
 */
export async function holdsData(db: Db): Promise<{ holds: boolean; what: string[] }> {
  const tables = await selectRows<{ schema: string; name: string }>(
    db,
    sql`select table_schema as schema, table_name as name from information_schema.tables
         where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema', 'drizzle')
         order by 1, 2`,
  );
  const what: string[] = [];
  for (const t of tables) {
    const q = `select exists (select 1 from "${t.schema.replace(/"/g, '""')}"."${t.name.replace(/"/g, '""')}") as e`;
    const [row] = await selectRows<{ e: boolean }>(db, sql.raw(q));
    if (row?.e) what.push(t.schema === "public" ? t.name : `${t.schema}.${t.name}`);
  }
  return { holds: what.length > 0, what };
}

export function countsLine(c: Counts): string {
  return COUNTED_TABLES.map(([t, label]) => `${label}: ${c[t].toLocaleString("en-US")}`).join(", ");
}

const fmtBytes = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`);

/** The backup's name when `<file>` is a folder: ansinh-<database>-<UTC time>.<ext>. */
export function backupPath(target: string, kind: DbHandle["kind"], location: string, now = new Date()): string {
  const isDir = target.endsWith("/") || (existsSync(target) && statSync(target).isDirectory());
  if (!isDir) return target;
  const db = kind === "postgres" ? location.split("/").pop() || "db" : "embedded";
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")
    .replace("T", "-");
  return path.join(target, `ansinh-${db}-${stamp}.${kind === "postgres" ? "dump" : "tar.gz"}`);
}

// ---------------------------------------------------------------- PostgreSQL tools

export interface PgTool {
  path: string;
  major: number;
  version: string;
}

function run(file: string, args: string[], env?: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env: env ?? process.env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(err, { stderr: String(stderr) }));
      else resolve({ stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** `pg_dump (PostgreSQL) 15.20 (Debian …)` → 15; `… 9.6.24` → 9.6 (as a major, 9). */
export function parseToolVersion(text: string): { major: number; version: string } | null {
  const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(text);
  return m ? { major: Number(m[1]), version: m[2] ? `${m[1]}.${m[2]}` : m[1]! } : null;
}

/**
 * The PostgreSQL client tool `name` of the server's major version: PG_BINDIR first, then the
 * usual per-version folders (Debian, RHEL), then the PATH. A clear, bilingual line when it is
 * absent or of another major version.
 */
export async function findPgTool(name: "pg_dump" | "pg_restore", serverMajor: number, env: NodeJS.ProcessEnv = process.env): Promise<PgTool> {
  const candidates = [
    ...(env.PG_BINDIR ? [path.join(env.PG_BINDIR, name)] : []),
    `/usr/lib/postgresql/${serverMajor}/bin/${name}`,
    `/usr/pgsql-${serverMajor}/bin/${name}`,
    name,
  ];
  const found: PgTool[] = [];
  for (const c of candidates) {
    if (c.includes("/") && !existsSync(c)) continue;
    try {
      const { stdout } = await run(c, ["--version"], env);
      const v = parseToolVersion(stdout);
      if (!v) continue;
      if (v.major === serverMajor) return { path: c, ...v };
      found.push({ path: c, ...v });
    } catch {
      /* not there, or not runnable */
    }
  }
  const install = `postgresql-client-${serverMajor}`;
  if (found.length === 0) {
    throw new UserError(
      `Không tìm thấy ${name}: cài ${install} (Debian/Ubuntu: apt install ${install}) hoặc đặt PG_BINDIR / ` +
        `${name} not found: install ${install} (Debian/Ubuntu: apt install ${install}) or set PG_BINDIR`,
    );
  }
  const other = found[0]!;
  throw new UserError(
    `${name} ${other.version} (${other.path}) khác phiên bản chính của máy chủ PostgreSQL ${serverMajor}: cài ${install} hoặc đặt PG_BINDIR / ` +
      `${name} ${other.version} (${other.path}) is not of the server's major version ${serverMajor}: install ${install} or set PG_BINDIR`,
  );
}

/** The URL without its password (given to the tools in PGPASSWORD, never on a command line). */
export function toolConnection(databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(databaseUrl);
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  u.password = "";
  // libpq knows postgresql:// and postgres://; the query (sslmode, …) is passed as is.
  return { url: u.toString(), env: { ...process.env, ...(password !== undefined ? { PGPASSWORD: password } : {}) } };
}

async function serverMajor(db: Db): Promise<number> {
  const [row] = await selectRows<{ v: string }>(db, sql`select current_setting('server_version_num') as v`);
  return Math.floor(Number(row!.v) / 10000);
}

/** The first line a failed tool printed that says what went wrong. */
function toolError(e: unknown): string {
  const stderr = String((e as { stderr?: string }).stderr ?? "");
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const line = lines.find((l) => /error|fatal|could not|không/i.test(l)) ?? lines[0] ?? (e as Error).message;
  return line.replace(/^(pg_dump|pg_restore): /, "").slice(0, 400);
}

/** The journal times in a custom-format dump's drizzle.__drizzle_migrations, read without a database. */
export async function dumpMigrations(restoreTool: PgTool, file: string): Promise<number[]> {
  const { stdout } = await run(restoreTool.path, ["--data-only", "--schema=drizzle", "--table=__drizzle_migrations", "--file=-", file]);
  const out: number[] = [];
  let column = -1;
  for (const line of stdout.split("\n")) {
    if (line.startsWith("COPY drizzle.__drizzle_migrations")) {
      const cols =
        /\(([^)]*)\)/
          .exec(line)?.[1]
          ?.split(",")
          .map((c) => c.trim()) ?? [];
      column = cols.indexOf("created_at");
      continue;
    }
    if (column < 0) continue;
    if (line === "\\.") break;
    const cell = line.split("\t")[column];
    if (cell && cell !== "\\N") out.push(Number(cell));
  }
  return out.sort((a, b) => a - b);
}

// ---------------------------------------------------------------- backup

export interface BackupResult {
  file: string;
  bytes: number;
  seconds: number;
  counts: Counts;
  kind: DbHandle["kind"];
  schema: SchemaVerdict;
  sha256: string;
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash("sha256");
  const fh = await open(file, "r");
  try {
    for await (const chunk of fh.createReadStream()) hash.update(chunk as Buffer);
  } finally {
    await fh.close().catch(() => {});
  }
  return hash.digest("hex");
}

function writeError(file: string, e: unknown): UserError {
  const code = (e as NodeJS.ErrnoException).code ?? "?";
  const full = code === "ENOSPC" ? " — hết chỗ trên đĩa / the disk is full" : "";
  return new UserError(
    `Không ghi được ${file} (${code}${full}) / Cannot write ${file} (${code}${full}); không có bản sao lưu nào được ghi dưới tên đó / no backup was left under that name`,
  );
}

export interface BackupOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  target: string;
  log?: (line: string) => void;
}

export async function backup({ databaseUrl, dataDir, target, log = () => {} }: BackupOptions): Promise<BackupResult> {
  const t0 = performance.now();
  const handle = await createDb({ databaseUrl, dataDir, migrate: false });
  let file = target;
  const partial = () => `${file}.partial`;
  try {
    file = backupPath(target, handle.kind, handle.location);
    await mkdir(path.dirname(path.resolve(file)), { recursive: true }).catch((e: unknown) => {
      throw writeError(file, e);
    });
    const counts = await countRows(handle.db);
    const schema = compareSchema(await appliedMigrations(handle.db));
    if (schema.kind === "none") {
      throw new UserError(
        `Cơ sở dữ liệu ${handle.location} chưa có lược đồ của ansinh: không có gì để sao lưu / The database ${handle.location} has no ansinh schema: nothing to back up`,
      );
    }
    await rm(partial(), { force: true });
    if (handle.kind === "postgres") {
      const tool = await findPgTool("pg_dump", await serverMajor(handle.db));
      const conn = toolConnection(databaseUrl!);
      log(`pg_dump ${tool.version} → ${file}`);
      try {
        await run(tool.path, ["--format=custom", "--no-sync", `--file=${partial()}`, `--dbname=${conn.url}`], conn.env);
      } catch (e) {
        await rm(partial(), { force: true });
        const line = toolError(e);
        if (/No space left|ENOSPC/i.test(line)) throw writeError(file, { code: "ENOSPC" });
        throw new UserError(`pg_dump thất bại: ${line} / pg_dump failed: ${line}`);
      }
    } else {
      const blob = await handle.dumpDataDir!();
      try {
        await writeFile(partial(), Buffer.from(await blob.arrayBuffer()));
      } catch (e) {
        await rm(partial(), { force: true });
        throw writeError(file, e);
      }
    }
    // Flushed to disk before it takes the real name.
    const fh = await open(partial(), "r+");
    await fh.sync().finally(() => fh.close());
    await rename(partial(), file);
    const bytes = (await stat(file)).size;
    return { file, bytes, seconds: (performance.now() - t0) / 1000, counts, kind: handle.kind, schema, sha256: await sha256Of(file) };
  } catch (e) {
    await rm(partial(), { force: true }).catch(() => {});
    throw e;
  } finally {
    await handle.close().catch(() => {});
  }
}

export function backupLines(r: BackupResult): string[] {
  return [
    `Đã sao lưu / Backed up (${r.kind === "postgres" ? "PostgreSQL, pg_dump custom" : "PGlite dumpDataDir"}): ${r.file} — ${fmtBytes(r.bytes)} trong / in ${r.seconds.toFixed(1)} s`,
    `  ${schemaLine(r.schema)}`,
    `  ${countsLine(r.counts)}`,
    `  sha256 ${r.sha256}`,
  ];
}

// ---------------------------------------------------------------- restore

export interface RestoreOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  file: string;
  /** Replace a database that holds data. */
  force?: boolean;
  log?: (line: string) => void;
}

export interface RestoreResult {
  kind: DbHandle["kind"];
  seconds: number;
  counts: Counts;
  schema: SchemaVerdict;
  /** The embedded database's previous folder, kept under this name (with --force). */
  previous: string | null;
}

type BackupKind = "postgres" | "pglite";

async function backupKindOf(file: string): Promise<BackupKind> {
  let head: Buffer;
  try {
    const fh = await open(file, "r");
    try {
      head = Buffer.alloc(5);
      await fh.read(head, 0, 5, 0);
    } finally {
      await fh.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`Không đọc được tệp ${file} (${code}) / Cannot read ${file} (${code})`);
  }
  if (head.toString("latin1") === "PGDMP") return "postgres";
  if (head[0] === 0x1f && head[1] === 0x8b) return "pglite";
  throw new UserError(
    `${file} không phải bản sao lưu của ansinh (pg_dump custom hoặc PGlite) / ${file} is not an ansinh backup (pg_dump custom format or PGlite)`,
  );
}

function refuseData(location: string, what: string[]): UserError {
  const list = what.slice(0, 5).join(", ") + (what.length > 5 ? ", …" : "");
  return new UserError(
    `Cơ sở dữ liệu ${location} đã có dữ liệu (${list}): thêm --force để thay thế toàn bộ / The database ${location} already holds data (${list}): add --force to replace it all`,
  );
}

export async function restore(options: RestoreOptions): Promise<RestoreResult> {
  const kind = await backupKindOf(options.file);
  const wanted = options.databaseUrl ? "postgres" : "pglite";
  if (kind !== wanted) {
    throw new UserError(
      kind === "postgres"
        ? "Đây là bản sao lưu PostgreSQL (pg_dump): đặt DATABASE_URL để khôi phục vào PostgreSQL / This is a PostgreSQL backup (pg_dump): set DATABASE_URL to restore it into PostgreSQL"
        : "Đây là bản sao lưu của cơ sở dữ liệu nhúng (PGlite): bỏ DATABASE_URL để khôi phục vào DATA_DIR / This is a backup of the embedded database (PGlite): unset DATABASE_URL to restore it into DATA_DIR",
    );
  }
  return kind === "postgres" ? restorePostgres(options) : restorePglite(options);
}

async function restorePostgres({ databaseUrl, file, force = false, log = () => {} }: RestoreOptions): Promise<RestoreResult> {
  const t0 = performance.now();
  let handle = await createDb({ databaseUrl, migrate: false });
  try {
    const tool = await findPgTool("pg_restore", await serverMajor(handle.db));
    let applied: number[];
    try {
      applied = await dumpMigrations(tool, file);
    } catch (e) {
      throw new UserError(`pg_restore không đọc được ${file}: ${toolError(e)} / pg_restore cannot read ${file}: ${toolError(e)}`);
    }
    const schema = compareSchema(applied);
    if (schema.kind === "newer") throw newerError(schema);
    if (schema.kind === "none") throw new UserError(`${file} không chứa lược đồ của ansinh / ${file} holds no ansinh schema`);
    log(`  ${schemaLine(schema)}`);
    const data = await holdsData(handle.db);
    if (data.holds && !force) throw refuseData(handle.location, data.what);
    const others = await selectRows<{ n: number; names: string | null }>(
      handle.db,
      sql`select count(*)::int as n, string_agg(distinct coalesce(nullif(application_name, ''), '?'), ', ') as names
            from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
    );
    const busy = others[0]?.n ?? 0;
    if (busy > 0) {
      throw new UserError(
        `Có ${busy} kết nối khác tới ${handle.location} (${others[0]!.names}): hãy dừng API trước khi khôi phục / ` +
          `${busy} other connections to ${handle.location} (${others[0]!.names}): stop the API before restoring`,
      );
    }
    await handle.close();
    const conn = toolConnection(databaseUrl!);
    log(`pg_restore ${tool.version} ← ${file}`);
    try {
      // One transaction: the old contents stay whole if anything fails; a lock held elsewhere fails it in 10 s instead of waiting.
      await run(
        tool.path,
        ["--single-transaction", "--exit-on-error", "--clean", "--if-exists", "--no-owner", "--no-privileges", `--dbname=${conn.url}`, file],
        { ...conn.env, PGOPTIONS: `${conn.env.PGOPTIONS ?? ""} -c lock_timeout=10s`.trim() },
      );
    } catch (e) {
      const line = toolError(e);
      throw new UserError(`pg_restore thất bại, cơ sở dữ liệu không bị thay đổi: ${line} / pg_restore failed, the database is unchanged: ${line}`);
    }
    // Older backups are brought up to this version's schema, as the API would on start.
    handle = await createDb({ databaseUrl, migrate: true });
    const counts = await countRows(handle.db);
    return { kind: "postgres", seconds: (performance.now() - t0) / 1000, counts, schema, previous: null };
  } finally {
    await handle.close().catch(() => {});
  }
}

async function restorePglite({ dataDir, file, force = false, log = () => {} }: RestoreOptions): Promise<RestoreResult> {
  const t0 = performance.now();
  const root = path.resolve(dataDir);
  const live = path.join(root, "pglite");
  const staging = path.join(root, `.restore-${process.pid}-${randomBytes(4).toString("hex")}`);
  const blob = new Blob([await readFile(file)]);
  await mkdir(root, { recursive: true });
  let previous: string | null = null;
  try {
    // The backup is opened where it will live, beside the current folder, and checked there first.
    let staged: DbHandle;
    try {
      staged = await createDb({ dataDir: staging, loadDataDir: blob, migrate: false });
    } catch (e) {
      const why = e instanceof DbConfigError ? e.message : (e as Error).message;
      throw new UserError(`Không mở được bản sao lưu ${file}: ${why} / Cannot open the backup ${file}: ${why}`);
    }
    let schema: SchemaVerdict;
    try {
      schema = compareSchema(await appliedMigrations(staged.db));
    } finally {
      await staged.close();
    }
    if (schema.kind === "newer") throw newerError(schema);
    if (schema.kind === "none") throw new UserError(`${file} không chứa lược đồ của ansinh / ${file} holds no ansinh schema`);
    log(`  ${schemaLine(schema)}`);
    // The current database: opening it also tells whether another process (the API) holds it.
    if (existsSync(live) && readdirSync(live).length > 0) {
      const current = await createDb({ dataDir: root, migrate: false });
      let data;
      try {
        data = await holdsData(current.db);
      } finally {
        await current.close();
      }
      if (data.holds && !force) throw refuseData(describeUrl(`file://${live}`).replace(/^file:\/\//, ""), data.what);
      previous = data.holds
        ? path.join(
            root,
            `pglite.before-restore-${new Date()
              .toISOString()
              .replace(/[-:]/g, "")
              .replace(/\.\d+Z$/, "Z")}`,
          )
        : null;
      if (previous) await rename(live, previous);
      else await rm(live, { recursive: true, force: true });
    }
    await rename(path.join(staging, "pglite"), live);
    const handle = await createDb({ dataDir: root, migrate: true });
    try {
      const counts = await countRows(handle.db);
      return { kind: "pglite", seconds: (performance.now() - t0) / 1000, counts, schema, previous };
    } finally {
      await handle.close();
    }
  } finally {
    await rm(staging, { recursive: true, force: true }).catch(() => {});
  }
}

export function restoreLines(r: RestoreResult): string[] {
  return [
    `Đã khôi phục / Restored (${r.kind === "postgres" ? "PostgreSQL, pg_restore" : "PGlite loadDataDir"}) trong / in ${r.seconds.toFixed(1)} s`,
    ...(r.previous ? [`  dữ liệu cũ được giữ ở / the previous data is kept in ${r.previous}`] : []),
    `  ${countsLine(r.counts)}`,
  ];
}
