/**
 * Prometheus metrics (prom-client), served at `GET /metrics` to a caller with
 * `Authorization: Bearer <METRICS_TOKEN>`; without METRICS_TOKEN the route answers 404. With
 * API_PROCESSES > 1 the process that takes the scrape asks the primary, which gathers every
 * process's metrics (prom-client's AggregatorRegistry) — one answer for the whole server.
 * The names, labels and what they mean: docs/operations.md.
 */
import cluster from "node:cluster";
import { timingSafeEqual } from "node:crypto";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { AggregatorRegistry, collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { selectRows, type DbHandle } from "@ansinh/db";
import type { AnswerCache } from "./answer-cache.js";
import type { SessionCache } from "./session-cache.js";

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<"route" | "method" | "status">;
  httpDuration: Histogram<"route" | "method">;
  procedureCalls: Counter<"procedure" | "type" | "result">;
  procedureDuration: Histogram<"procedure" | "type">;
  faults: Counter<"kind">;
}

export interface MetricsSources {
  handle: DbHandle;
  sessionCache: SessionCache | null;
  answers: AnswerCache | null;
  /** How long the scrape's database questions may take (default 2 s). */
  queryTimeoutMs?: number;
}

function timeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), ms)))]).finally(() => clearTimeout(timer));
}

export function createMetrics({ handle, sessionCache, answers, queryTimeoutMs = 2000 }: MetricsSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "ansinh_" });
  const registers = [registry];

  const httpRequests = new Counter({
    name: "ansinh_http_requests_total",
    help: "HTTP requests answered, by route pattern, method and status",
    labelNames: ["route", "method", "status"] as const,
    registers,
  });
  const httpDuration = new Histogram({
    name: "ansinh_http_request_duration_seconds",
    help: "HTTP request duration, by route pattern and method",
    labelNames: ["route", "method"] as const,
    buckets: SECONDS,
    registers,
  });
  const procedureCalls = new Counter({
    name: "ansinh_procedure_calls_total",
    help: "tRPC procedure calls, by procedure, type and result (ok, or the error code answered)",
    labelNames: ["procedure", "type", "result"] as const,
    registers,
  });
  const procedureDuration = new Histogram({
    name: "ansinh_procedure_duration_seconds",
    help: "tRPC procedure call duration",
    labelNames: ["procedure", "type"] as const,
    buckets: SECONDS,
    registers,
  });
  const faults = new Counter({
    name: "ansinh_faults_total",
    help: "Requests answered 503: database unavailable, disk full, busy (REQUEST_TIMEOUT_MS), or a list stopped by its statement timeout (query_timeout)",
    labelNames: ["kind"] as const,
    registers,
  });

  // The caches of this process (summed over processes).
  const cacheCounter = (name: string, help: string, stats: () => { hits: number; misses: number; shared?: number } | null) =>
    new Counter({
      name,
      help,
      labelNames: ["result"] as const,
      registers,
      collect() {
        const s = stats();
        this.reset();
        if (!s) return;
        this.inc({ result: "hit" }, s.hits);
        this.inc({ result: "miss" }, s.misses);
        if (s.shared !== undefined) this.inc({ result: "shared" }, s.shared);
      },
    });
  cacheCounter(
    "ansinh_session_cache_lookups_total",
    "Signed-in requests served from the session cache (hit), from better-auth and the roles (miss), or from a lookup already under way for the same cookie (shared)",
    () => sessionCache?.stats ?? null,
  );
  cacheCounter("ansinh_answer_cache_lookups_total", "Dashboard answers served from memory (hit) or computed (miss)", () => answers?.stats ?? null);
  new Gauge({
    name: "ansinh_cache_active",
    help: "Whether a cache is in use (on, and its LISTEN connection up)",
    labelNames: ["cache"] as const,
    registers,
    collect() {
      this.set({ cache: "session" }, sessionCache?.active ? 1 : 0);
      this.set({ cache: "answers" }, answers?.active ? 1 : 0);
    },
  });

  // The pool of this process.
  new Gauge({
    name: "ansinh_db_pool_connections_max",
    help: "Connections the API's PostgreSQL pool may open (DATABASE_POOL_MAX)",
    registers,
    collect() {
      this.set(handle.poolStats?.().max ?? 1);
    },
  });
  new Gauge({
    name: "ansinh_db_pool_in_flight",
    help: "Queries and transactions that hold or wait for a pool connection",
    registers,
    collect() {
      this.set(handle.poolStats?.().inFlight ?? 0);
    },
  });
  new Gauge({
    name: "ansinh_db_pool_waiting",
    help: "Queries and transactions waiting for a pool connection (in flight beyond the pool's size)",
    registers,
    collect() {
      const s = handle.poolStats?.();
      this.set(s ? Math.max(0, s.inFlight - s.max) : 0);
    },
  });

  // From the database, once per scrape; the same for every process ("first" when gathered).
  let fromDb: Promise<DbFigures | null> | null = null;
  const read = () =>
    (fromDb ??= timeout(dbFigures(handle), queryTimeoutMs)
      .catch(() => null)
      .finally(() => setTimeout(() => (fromDb = null), 0)));
  new Gauge({
    name: "ansinh_database_up",
    help: "1 when the scrape's questions to the database were answered",
    registers,
    aggregator: "min",
    async collect() {
      this.set((await read()) ? 1 : 0);
    },
  });
  new Gauge({
    name: "ansinh_jobs",
    help: "Background jobs (imports) by status: queued is the queue's depth",
    labelNames: ["status"] as const,
    registers,
    aggregator: "first",
    async collect() {
      const f = await read();
      this.reset();
      for (const status of ["queued", "running", "done", "failed"]) this.set({ status }, f?.jobs[status] ?? 0);
    },
  });
  new Gauge({
    name: "ansinh_job_oldest_queued_seconds",
    help: "Age of the oldest queued or running job (0: none)",
    registers,
    aggregator: "first",
    async collect() {
      this.set((await read())?.oldestJobSeconds ?? 0);
    },
  });
  new Counter({
    name: "ansinh_import_rows_total",
    help: "Lines of agents' lists imported for real (not dry runs), by outcome, over every process (from the database)",
    labelNames: ["outcome"] as const,
    registers,
    aggregator: "first",
    async collect() {
      const f = await read();
      this.reset();
      if (!f) return;
      this.inc({ outcome: "imported" }, f.imported);
      this.inc({ outcome: "duplicate" }, f.duplicates);
      this.inc({ outcome: "rejected" }, f.rejected);
    },
  });
  new Gauge({
    name: "ansinh_db_connections",
    help: "The API's connections to this database by state (pg_stat_activity, every process)",
    labelNames: ["state"] as const,
    registers,
    aggregator: "first",
    async collect() {
      const f = await read();
      this.reset();
      for (const [state, n] of Object.entries(f?.connections ?? {})) this.set({ state }, n);
    },
  });

  return { registry, httpRequests, httpDuration, procedureCalls, procedureDuration, faults };
}

interface DbFigures {
  jobs: Record<string, number>;
  oldestJobSeconds: number;
  imported: number;
  duplicates: number;
  rejected: number;
  connections: Record<string, number>;
}

async function dbFigures(handle: DbHandle): Promise<DbFigures> {
  const db = handle.db;
  const jobs = await selectRows<{ status: string; n: number; oldest: number | null }>(
    db,
    sql`select status, count(*)::int as n, extract(epoch from now() - min(created_at) filter (where status in ('queued', 'running')))::float8 as oldest from jobs group by status`,
  );
  const [imports] = await selectRows<{ imported: number; duplicates: number; rejected: number }>(
    db,
    sql`select coalesce(sum(imported), 0)::bigint as imported, coalesce(sum(duplicates), 0)::bigint as duplicates, coalesce(sum(rejected), 0)::bigint as rejected
          from import_batches where status <> 'dry_run'`,
  );
  const connections =
    handle.kind === "postgres"
      ? await selectRows<{ state: string; n: number }>(
          db,
          sql`select coalesce(state, 'unknown') as state, count(*)::int as n from pg_stat_activity
               where datname = current_database() and application_name like 'ansinh%' group by 1`,
        )
      : [];
  return {
    jobs: Object.fromEntries(jobs.map((j) => [j.status, Number(j.n)])),
    oldestJobSeconds: Math.max(0, ...jobs.map((j) => Number(j.oldest ?? 0))),
    imported: Number(imports?.imported ?? 0),
    duplicates: Number(imports?.duplicates ?? 0),
    rejected: Number(imports?.rejected ?? 0),
    connections: Object.fromEntries(connections.map((c) => [c.state, Number(c.n)])),
  };
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? "");
  if (!m) return false;
  const a = Buffer.from(m[1]!.trim());
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

let scrapeId = 0;
/** A worker asks the primary for every process's metrics (see `servePrimaryMetrics`). */
function clusterScrape(timeoutMs = 5000): Promise<string> {
  const id = `${process.pid}-${++scrapeId}`;
  return new Promise((resolve, reject) => {
    const onMessage = (msg: unknown) => {
      const m = msg as { type?: string; id?: string; text?: string; error?: string };
      if (m?.type !== "ansinh:metrics" || m.id !== id) return;
      cleanup();
      if (m.error !== undefined) reject(new Error(m.error));
      else resolve(m.text ?? "");
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error("timeout"));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      process.off("message", onMessage);
    };
    process.on("message", onMessage);
    process.send!({ type: "ansinh:metrics?", id });
  });
}

/** In the primary of API_PROCESSES > 1: answers the workers' scrapes with every process's metrics. */
export function servePrimaryMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on("message", (worker, msg: unknown) => {
    const m = msg as { type?: string; id?: string };
    if (m?.type !== "ansinh:metrics?") return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: "ansinh:metrics", id: m.id, text }),
      (e: unknown) => worker.send({ type: "ansinh:metrics", id: m.id, error: String((e as Error).message ?? e) }),
    );
  });
}

/** `GET /metrics`: 404 without METRICS_TOKEN, 401 without the right bearer token. */
export function registerMetricsRoute(app: FastifyInstance, metrics: Metrics, token: string | undefined): void {
  if (cluster.isWorker) AggregatorRegistry.setRegistries([metrics.registry]);
  app.get("/metrics", async (req, reply) => {
    if (!token) return reply.code(404).send({ code: "NOT_FOUND", message: "Không có đường dẫn này / Not found" });
    if (!tokenMatches(req.headers.authorization, token)) {
      return reply.code(401).header("www-authenticate", "Bearer").send({ code: "UNAUTHORIZED", message: "Cần METRICS_TOKEN / METRICS_TOKEN is needed" });
    }
    const text = cluster.isWorker && process.send ? await clusterScrape() : await metrics.registry.metrics();
    return reply.header("content-type", metrics.registry.contentType).send(text);
  });
}
