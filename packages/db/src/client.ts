import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema/index.js";

export type Schema = typeof schema;
/** Both drivers (PGlite and postgres.js) give a Drizzle Postgres database of this shape. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface DbHandle {
  db: Db;
  kind: "pglite" | "postgres";
  /** Where the data lives, without credentials (for logs and messages). */
  location: string;
  /**
   * LISTENs on `channel`: `onNotify` gets each notification's payload; `onState(true)` is called
   * each time the listening connection is (again) listening, `onState(false)` when it is lost
   * (notifications may have been missed until the next `true`). PostgreSQL: a connection of its
   * own, reopened after a loss; PGlite: in-process, up as long as the database is open.
   * Resolves once listening (or after the first failed attempt, still retrying); the returned
   * function stops listening.
   */
  listen(channel: string, onNotify: (payload: string) => void, onState?: (up: boolean) => void): Promise<() => Promise<void>>;
  /** PGlite only: its data folder as a tarball (PGlite's own dump), for `ansinh backup`. */
  dumpDataDir?: () => Promise<Blob>;
  /** PostgreSQL only: the pool's size and how many top-level queries and transactions are in flight now. */
  poolStats?: () => { max: number; inFlight: number };
  /**
   * PostgreSQL only: cancels the statements running on connections whose `application_name` is
   * `name` (a tag a transaction set for itself with SET LOCAL), over a short connection of its
   * own — never one of the pool's, which may all be taken by the very statements to cancel.
   */
  cancelTagged?: (name: string) => Promise<void>;
  close(): Promise<void>;
}

/** A failure the operator can fix; `message` is one line, safe to print (no password). */
export class DbConfigError extends Error {
  override readonly name = "DbConfigError";
}

export const migrationsFolder = fileURLToPath(new URL("../migrations", import.meta.url));

export interface CreateDbOptions {
  /** postgres://… ; when absent, the embedded PGlite database in `dataDir` is used. */
  databaseUrl?: string | undefined;
  /** Folder for the embedded database (default `./.data`); `memory://` keeps it in memory. */
  dataDir?: string | undefined;
  /** Apply the committed migrations (default true). */
  migrate?: boolean;
  /** PGlite only: start from this tarball (a `dumpDataDir` backup) in an empty `dataDir`. */
  loadDataDir?: Blob | undefined;
  /** PostgreSQL only: connections in the pool (default 10). */
  poolMax?: number | undefined;
  /**
   * PostgreSQL only: called at the end of every top-level transaction's work, just before its
   * COMMIT; it may throw to roll the transaction back. What it returns is called once the commit
   * is done (true) or failed (false). The API uses it so that a request already answered "busy"
   * cannot commit afterwards.
   */
  commitGate?: (() => ((ok: boolean) => void) | null) | undefined;
}

export function describeUrl(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
  } catch {
    return "(không đọc được / unreadable)";
  }
}

function parseDatabaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DbConfigError(
      "DATABASE_URL không hợp lệ: cần dạng postgres://user@host:5432/db / DATABASE_URL is not a valid URL: expected postgres://user@host:5432/db",
    );
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new DbConfigError(
      `DATABASE_URL phải bắt đầu bằng postgres:// (đang là ${url.protocol}) / DATABASE_URL must start with postgres:// (got ${url.protocol})`,
    );
  }
  if (!url.pathname || url.pathname === "/") {
    throw new DbConfigError("DATABASE_URL thiếu tên cơ sở dữ liệu / DATABASE_URL names no database");
  }
  return url;
}

function reason(e: unknown): string {
  const err = e as { code?: string; message?: string; errors?: { code?: string }[] };
  const code = err.code ?? err.errors?.[0]?.code;
  return code ? `${code}${err.message && !err.message.includes(code) ? `: ${err.message}` : ""}` : (err.message ?? String(e));
}

/** How often a LISTEN connection is checked, and how long its check may take before it counts as lost. */
const LISTEN_HEARTBEAT_MS = 5000;

async function openPostgres(raw: string, poolMax = 10, commitGate?: CreateDbOptions["commitGate"]): Promise<DbHandle> {
  const url = parseDatabaseUrl(raw);
  const location = describeUrl(raw);
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const client = postgres(url.toString(), {
    max: poolMax,
    onnotice: () => {},
    connect_timeout: 10,
    // Named, so that an operator (and the metrics) can tell the API's connections apart in pg_stat_activity.
    ...(url.searchParams.has("application_name") ? {} : { connection: { application_name: "ansinh" } }),
  });
  try {
    await client`select 1`;
  } catch (e) {
    await client.end({ timeout: 1 }).catch(() => {});
    throw new DbConfigError(`Không kết nối được PostgreSQL tại ${location} (${reason(e)}) / Cannot connect to PostgreSQL at ${location} (${reason(e)})`);
  }
  // Top-level queries and transactions in flight: each holds (or waits for) one of the pool's connections.
  let inFlight = 0;
  const track = <T>(p: PromiseLike<T>): void => {
    inFlight++;
    const done = () => {
      inFlight--;
    };
    p.then(done, done);
  };
  const counted = new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === "begin" && typeof value === "function") {
        return (...args: unknown[]) => {
          let settled: ((ok: boolean) => void) | null = null;
          const fn = args.at(-1);
          if (commitGate && typeof fn === "function") {
            args[args.length - 1] = async (tx: unknown) => {
              const result = await (fn as (tx: unknown) => Promise<unknown>)(tx);
              settled = commitGate();
              return result;
            };
          }
          const p = (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          p.then(
            () => settled?.(true),
            () => settled?.(false),
          );
          track(p);
          return p;
        };
      }
      if (prop === "unsafe" && typeof value === "function") {
        return (...args: unknown[]) => {
          const q = (value as (...a: unknown[]) => PromiseLike<unknown> & object).apply(target, args);
          // A postgres.js query runs when first awaited; counting from here is close enough.
          queueMicrotask(() => track(q));
          return q;
        };
      }
      return value;
    },
  });
  const db = drizzle(counted, { schema }) as unknown as Db;
  const listeners = new Set<() => Promise<void>>();
  const listen: DbHandle["listen"] = async (channel, onNotify, onState = () => {}) => {
    // A connection of its own (not the pool's), so that a loss is seen and reported: postgres.js's
    // own sql.listen reconnects silently, and a cache fed by it could miss a change. A heartbeat
    // on it every few seconds finds a link that died without closing (TCP keep-alive is slow).
    let stopped = false;
    let up = false;
    let retry: NodeJS.Timeout | undefined;
    let sub: ReturnType<typeof postgres> | null = null;
    const down = () => {
      if (up) onState(false);
      up = false;
    };
    const schedule = (ms: number) => {
      clearTimeout(retry);
      retry = setTimeout(() => void attempt(), ms);
      retry.unref();
    };
    const connect = () => {
      // `onnotify` is read by postgres.js (its own sql.listen uses it) but not in its types.
      const notifyOption = { onnotify: (c: string, payload: string) => c === channel && onNotify(payload) } as object;
      const s = postgres(url.toString(), {
        ...notifyOption,
        max: 1,
        idle_timeout: 0,
        max_lifetime: 0,
        fetch_types: false,
        connect_timeout: 10,
        // Named, so that an operator (and a test) can tell the listeners apart in pg_stat_activity.
        connection: { application_name: `ansinh-listen-${channel}` },
        onnotice: () => {},
        onclose: () => {
          if (sub !== s) return;
          down();
          if (!stopped) schedule(1000);
        },
      });
      sub = s;
      return s;
    };
    const attempt = async () => {
      const s = sub ?? connect();
      try {
        await s.unsafe(`listen "${channel.replace(/"/g, '""')}"`);
        if (stopped || sub !== s) return;
        up = true;
        onState(true);
      } catch {
        if (sub !== s) return;
        down();
        if (!stopped) schedule(2000);
      }
    };
    const drop = (s: ReturnType<typeof postgres>) => {
      if (sub !== s) return;
      down();
      sub = null;
      s.end({ timeout: 0 }).catch(() => {});
      if (!stopped) schedule(0);
    };
    const heartbeat = setInterval(() => {
      const s = sub;
      if (!up || !s) return;
      let settled = false;
      const late = setTimeout(() => !settled && drop(s), LISTEN_HEARTBEAT_MS);
      late.unref();
      s`select 1`.then(
        () => {
          settled = true;
          clearTimeout(late);
        },
        () => {
          settled = true;
          clearTimeout(late);
          drop(s);
        },
      );
    }, LISTEN_HEARTBEAT_MS);
    heartbeat.unref();
    await attempt();
    const stop = async () => {
      // Stopped on purpose: not reported as a loss.
      stopped = true;
      up = false;
      clearTimeout(retry);
      clearInterval(heartbeat);
      listeners.delete(stop);
      const s = sub;
      sub = null;
      await s?.end({ timeout: 1 }).catch(() => {});
    };
    listeners.add(stop);
    return stop;
  };
  return {
    db,
    kind: "postgres",
    location,
    listen,
    poolStats: () => ({ max: poolMax, inFlight }),
    cancelTagged: async (name) => {
      const s = postgres(url.toString(), {
        max: 1,
        idle_timeout: 0,
        fetch_types: false,
        connect_timeout: 5,
        onnotice: () => {},
        connection: { application_name: "ansinh-cancel" },
      });
      try {
        await s`select pg_cancel_backend(pid) from pg_stat_activity where application_name = ${name} and pid <> pg_backend_pid()`;
      } finally {
        await s.end({ timeout: 1 }).catch(() => {});
      }
    },
    close: async () => {
      await Promise.all([...listeners].map((stop) => stop()));
      await client.end({ timeout: 5 });
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite is single-process: a second process opening the same folder would corrupt it, so the
 * folder is locked with a pid file while it is open.
 */
function lockDataDir(dir: string): () => void {
  const lock = path.join(dir, "ansinh.lock");
  try {
    const pid = Number(readFileSync(lock, "utf8"));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new DbConfigError(
        `Cơ sở dữ liệu nhúng ${dir} đang được tiến trình ${pid} sử dụng (pnpm start?); hãy dừng nó hoặc đặt DATABASE_URL / The embedded database ${dir} is in use by process ${pid} (pnpm start?); stop it or set DATABASE_URL`,
      );
    }
  } catch (e) {
    if (e instanceof DbConfigError) throw e;
  }
  writeFileSync(lock, String(process.pid));
  return () => rmSync(lock, { force: true });
}

async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  // pg_trgm: the participants' name search uses a trigram index (migration 0004).
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle } = await import("drizzle-orm/pglite");
  let unlock = () => {};
  let target: string | undefined;
  if (dataDir !== "memory://") {
    target = path.resolve(dataDir, "pglite");
    try {
      mkdirSync(target, { recursive: true });
    } catch (e) {
      throw new DbConfigError(`Không tạo được thư mục dữ liệu ${target} (${reason(e)}) / Cannot create the data folder ${target} (${reason(e)})`);
    }
    unlock = lockDataDir(path.resolve(dataDir));
  }
  let client: InstanceType<typeof PGlite>;
  try {
    const options = { extensions: { pg_trgm }, ...(loadDataDir ? { loadDataDir } : {}) };
    client = target ? new PGlite(target, options) : new PGlite(options);
    await client.waitReady;
  } catch (e) {
    unlock();
    throw new DbConfigError(
      `Không mở được cơ sở dữ liệu nhúng ${target ?? "memory"} (${reason(e)}) / Cannot open the embedded database ${target ?? "memory"} (${reason(e)})`,
    );
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  const pg = client;
  return {
    db,
    kind: "pglite",
    location: target ?? "memory://",
    dumpDataDir: () => pg.dumpDataDir("gzip"),
    // One process, one database: notifications arrive in-process and never get lost.
    listen: async (channel, onNotify, onState = () => {}) => {
      const unlisten = await pg.listen(channel, onNotify);
      onState(true);
      return async () => {
        await unlisten().catch(() => {});
      };
    },
    close: async () => {
      await client.close();
      unlock();
    },
  };
}

export async function migrate(handle: DbHandle): Promise<void> {
  if (handle.kind === "pglite") {
    const { migrate: run } = await import("drizzle-orm/pglite/migrator");
    await run(handle.db as never, { migrationsFolder });
  } else {
    const { migrate: run } = await import("drizzle-orm/postgres-js/migrator");
    await run(handle.db as never, { migrationsFolder });
  }
}

/**
 * Opens the database: PostgreSQL (postgres.js) when `databaseUrl` is set, else PGlite in
 * `dataDir`. Applies the committed migrations unless told not to.
 */
export async function createDb(options: CreateDbOptions = {}): Promise<DbHandle> {
  const handle = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.poolMax, options.commitGate)
    : await openPglite(options.dataDir ?? ".data", options.loadDataDir);
  if (options.migrate !== false) {
    try {
      await migrate(handle);
    } catch (e) {
      await handle.close().catch(() => {});
      throw new DbConfigError(`Lỗi áp dụng migration (${reason(e)}) / Migration failed (${reason(e)})`);
    }
  }
  return handle;
}

/** The transaction a `db.transaction(async (tx) => …)` callback gets (a savepoint's too). */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Where a query may run: the database, or a transaction on it. A `Tx` is a `Db`, so no cast. */
export type DbOrTx = Db | Tx;
