import cluster from "node:cluster";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createDb, DbConfigError, seedDemo } from "@ansinh/db";
import { readEnv } from "./env.js";
import { exitWith, UserError } from "./fatal.js";
import { commitGate } from "./faults.js";
import { servePrimaryMetrics } from "./metrics.js";
import { buildServer } from "./server.js";
import { seedDemoPlans } from "./services/demo-plans.js";
import { seedDemoRegistry } from "./services/demo-registry.js";
import { seedDemoUsers } from "./services/demo-users.js";

/** The embedded demo keeps its own random secret beside its data, made on first start. */
function embeddedSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret);
  chmodSync(file, 0o600);
  return secret;
}

/** The demo data (embedded database, or SEED_DEMO=1): units, accounts, registry, plans. */
async function seed(handle: Awaited<ReturnType<typeof createDb>>, env: ReturnType<typeof readEnv>, dataDir: string) {
  const { seeded } = await seedDemo(handle.db);
  if (seeded) console.log("ansinh: demo data seeded (Kiên Giang, 2020)");
  const creds = await seedDemoUsers(handle.db, dataDir);
  if (creds.length && !env.DATABASE_URL) {
    console.log("ansinh: tài khoản demo / demo accounts (embedded database only):");
    for (const c of creds) console.log(`  ${c.role.padEnd(9)} ${c.area.padEnd(4)} ${c.email.padEnd(36)} ${c.password}`);
  }
  // After the accounts: the post office's demo collector is linked to its agent.
  const registry = await seedDemoRegistry(handle.db);
  if (registry.recorded > 0) {
    console.log(`ansinh: demo registry seeded (U Minh Thượng 2020, An Giang 2026): ${registry.recorded} enrolments in ${registry.seconds.toFixed(1)} s`);
  }
  // After the registry: its enrolments are attributed to the demo's outreach events.
  const plans = await seedDemoPlans(handle.db);
  if (plans.seeded) console.log(`ansinh: demo plans and outreach seeded (${plans.attributed} enrolments attributed to events)`);
}

/**
 * With API_PROCESSES > 1 this process applies the migrations (and seeds, when asked), then
 * forks that many API processes sharing the port (Node's cluster module hands out the
 * connections); they share nothing but the database, and a process that dies is replaced.
 */
async function primary(processes: number) {
  const env = readEnv();
  const handle = await createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  if (env.seedDemo) await seed(handle, env, path.resolve(env.DATA_DIR));
  await handle.close();
  // The processes' metrics, gathered for whichever of them takes a scrape of /metrics.
  servePrimaryMetrics();
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < processes; i++) fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    console.error(`ansinh: API process ${worker.process.pid} stopped (${signal ?? code}); starting another`);
    fork();
  });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill("SIGTERM");
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  console.log(`ansinh: ${processes} API processes on http://${env.API_HOST}:${env.API_PORT}`);
}

async function main() {
  const env = readEnv();
  if (env.API_PROCESSES > 1 && cluster.isPrimary) return primary(env.API_PROCESSES);
  const worker = cluster.isWorker;
  // The primary has applied the migrations and seeded: its processes only serve.
  // A request answered "busy" (REQUEST_TIMEOUT_MS) cannot commit afterwards: see ./faults.ts.
  const handle = await createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, migrate: !worker, poolMax: env.DATABASE_POOL_MAX, commitGate });
  const dataDir = path.resolve(env.DATA_DIR);
  if (env.seedDemo && !worker) await seed(handle, env, dataDir);
  let readHandle = handle;
  if (env.DATABASE_READ_URL && !env.DATABASE_URL) {
    console.log("ansinh: DATABASE_READ_URL bỏ qua với cơ sở dữ liệu nhúng / DATABASE_READ_URL ignored with the embedded database");
  } else if (env.DATABASE_READ_URL) {
    // A replica: nothing is migrated or written there.
    readHandle = await createDb({ databaseUrl: env.DATABASE_READ_URL, migrate: false }).catch(async (e: unknown) => {
      await handle.close().catch(() => {});
      throw e instanceof DbConfigError ? new DbConfigError(`DATABASE_READ_URL: ${e.message}`) : e;
    });
    if (!worker) console.log(`ansinh: dashboards and lists read from ${readHandle.location}`);
  }
  const app = await buildServer({
    handle,
    readHandle,
    ...(env.SESSION_CACHE === "off" ? { sessionCache: null } : {}),
    ...(env.FIGURES_CACHE === "off" ? { figuresCache: null } : {}),
    logLevel: env.LOG_LEVEL,
    publicUrl: env.PUBLIC_URL,
    authSecret: env.AUTH_SECRET ?? embeddedSecret(dataDir),
    trustedOrigins: env.TRUSTED_ORIGINS,
    trustProxy: env.TRUST_PROXY,
    // Uploaded lists are kept beside the data, named by their hash (DATA_DIR/imports).
    dataDir,
    jobLeaseMs: env.JOB_LEASE_MS,
    bulkImport: env.IMPORT_BULK === "on",
    bulkImportChunk: env.IMPORT_BULK_CHUNK,
    bulkImportDeferAggregates: env.IMPORT_BULK_DEFER_AGGREGATES === "on",
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    readStatementTimeoutMs: env.READ_STATEMENT_TIMEOUT_MS,
    metricsToken: env.METRICS_TOKEN,
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close().catch(() => {});
    if (readHandle !== handle) await readHandle.close().catch(() => {});
    await handle.close().catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  try {
    await app.listen({ port: env.API_PORT, host: env.API_HOST });
  } catch (e) {
    if (readHandle !== handle) await readHandle.close().catch(() => {});
    await handle.close().catch(() => {});
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new UserError(`Cổng ${env.API_PORT} đang được dùng; đặt API_PORT khác / Port ${env.API_PORT} is already in use; set another API_PORT`);
    }
    throw e;
  }
  if (!worker) console.log(`ansinh: API on http://${env.API_HOST}:${env.API_PORT} (database: ${handle.kind} ${handle.location})`);
}

main().catch(exitWith);
