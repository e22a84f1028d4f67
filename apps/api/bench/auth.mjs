#!/usr/bin/env node
// The cost of being signed in: how many authenticated no-ops (`me.get`) the API serves
// next to `/health` (no session, one `select 1`), with the session cache on and off.
//
//  1. A fresh PostgreSQL database (ansinh_bench_auth_<time>_<pid>, dropped at the end), a national
//     admin created with `ansinh user:create`.
//  2. The built API (dist/main.js) twice, as child processes: cache on (the default), and with
//     SESSION_CACHE=off; the admin signs in on each over HTTP.
//  3. autocannon on `/health` and on `me.get`, at each of BENCH_CONNECTIONS (20,50) connections for
//     BENCH_SECONDS (10) s, after a warm-up of BENCH_WARMUP_SECONDS (3) s on each that is not
//     counted. Non-2xx answers and errors are counted and printed.
//
// Run after `pnpm turbo run build --filter=@ansinh/api...`:  node apps/api/bench/auth.mjs
// Env: BENCH_DATABASE_URL (server URL; default postgres://postgres@127.0.0.1:5432), BENCH_SECONDS, BENCH_WARMUP_SECONDS,
// BENCH_CONNECTIONS (comma list), BENCH_ROUNDS (2: both processes are up at once and measured in
// turn, round after round; each figure is the best of its rounds), BENCH_KEEP_DATABASE=1.
// Figures: a Markdown table on stdout (requests/s, p99, ratios: cache on / off, me.get / health)
// and bench/auth-results.json at the repository root (ignored by git).
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import postgres from "postgres";

const here = path.dirname(fileURLToPath(import.meta.url));
const apiDir = path.resolve(here, "..");
const root = path.resolve(apiDir, "../..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? "20,50")
  .split(",")
  .map((s) => Number(s.trim()))
  .filter((n) => n > 0);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const GOAL = 2000;
const log = (...a) => console.log(`[bench auth ${new Date().toISOString().slice(11, 19)}]`, ...a);
const fmt = (n, d = 0) => (n == null || !Number.isFinite(n) ? "–" : n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }));

const serverUrl = new URL(process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432");
const dbName = `ansinh_bench_auth_${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${process.pid}`;
const adminUrl = new URL(serverUrl);
adminUrl.pathname = "/postgres";
const dbUrl = new URL(serverUrl);
dbUrl.pathname = `/${dbName}`;
const work = mkdtempSync(path.join(os.tmpdir(), "ansinh-bench-auth-"));
const secret = randomBytes(32).toString("hex");
const env = (extra = {}) => ({
  ...process.env,
  DATABASE_URL: dbUrl.toString(),
  AUTH_SECRET: secret,
  DATA_DIR: path.join(work, "data"),
  SEED_DEMO: "0",
  LOG_LEVEL: "warn",
  ...extra,
});

const children = [];
async function stopChild(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}
async function dropDatabase() {
  if (process.env.BENCH_KEEP_DATABASE === "1") return log(`database kept: ${dbName}`);
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${dbName}" with (force)`).finally(() => admin.end({ timeout: 2 }));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen({ port: 0, host: "127.0.0.1" }, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function startApi(extra) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [path.join(apiDir, "dist/main.js")], {
    env: env({ API_PORT: String(port), PUBLIC_URL: base, ...extra }),
    stdio: ["ignore", "inherit", "inherit"],
  });
  children.push(child);
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the API stopped (exit ${child.exitCode})`);
    try {
      if ((await fetch(`${base}/health`)).ok) return base;
    } catch {
      /* not yet */
    }
    if (i > 300) throw new Error("the API did not start in 30 s");
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function signIn(base, email, password) {
  const res = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { origin: base, "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

async function load(url, headers, connections) {
  const r = await autocannon({ url, connections, duration: SECONDS, headers, timeout: 30 });
  // Let the machine settle between runs (sockets closing, the API's GC).
  await new Promise((res) => setTimeout(res, 1000));
  return {
    rps: r["2xx"] / r.duration,
    ok: r["2xx"],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    p50: r.latency.p50,
    p99: r.latency.p99,
    seconds: r.duration,
  };
}

const results = { startedAt: new Date().toISOString(), seconds: SECONDS, connections: CONNECTIONS, cpus: os.cpus().length, goal: { meGetRps: GOAL }, runs: {} };
try {
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${dbName}"`).finally(() => admin.end({ timeout: 2 }));
  log(`database ${dbName}`);
  const email = "bench-admin@example.vn";
  const password = "bench-password-1234";
  // The CLI applies the migrations, then creates the account.
  execFileSync(
    process.execPath,
    [path.join(apiDir, "dist/cli.js"), "user:create", "--email", email, "--name", "Bench Admin", "--admin", "--password", password],
    { env: env(), stdio: ["ignore", "ignore", "inherit"] },
  );

  const check = postgres(dbUrl.toString(), { max: 1, onnotice: () => {} });
  const [{ ok }] = await check`select to_regclass('rate_limits') is not null as ok`.finally(() => check.end({ timeout: 2 }));
  if (!ok) throw new Error("the table rate_limits is missing: this build lacks migration 0006");

  // Both processes up at once, measured in turn, BENCH_ROUNDS times; each figure is the best of
  // its rounds. On a machine shared with other work, a burst of load then hurts one round of
  // each case instead of all of one mode.
  const apis = {};
  for (const mode of ["on", "off"]) {
    const base = await startApi({ SESSION_CACHE: mode });
    const cookie = await signIn(base, email, password);
    const me = await fetch(`${base}/trpc/me.get`, { headers: { cookie } });
    if (!me.ok) throw new Error(`me.get: ${me.status} ${await me.text()}`);
    apis[mode] = { base, cookie };
    results.runs[mode] = {};
  }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const mode of ["on", "off"]) {
      const { base, cookie } = apis[mode];
      // A warm-up not counted (the process's JIT, the pools, the cache's first fill).
      for (const [url, headers] of [
        [`${base}/health`, {}],
        [`${base}/trpc/me.get`, { cookie }],
      ]) {
        await autocannon({ url, connections: CONNECTIONS[0], duration: WARMUP, headers, timeout: 30 });
      }
      for (const connections of CONNECTIONS) {
        for (const [name, url, headers] of [
          ["health", `${base}/health`, {}],
          ["me.get", `${base}/trpc/me.get`, { cookie }],
        ]) {
          const r = await load(url, headers, connections);
          const cell = ((results.runs[mode][name] ??= {})[connections] ??= { rounds: [] });
          cell.rounds.push(r);
          const best = cell.rounds.reduce((a, b) => (b.rps > a.rps ? b : a));
          Object.assign(cell, best, { rounds: cell.rounds });
          log(
            `round ${round}, cache ${mode}, ${name}, ${connections} connections: ${fmt(r.rps)} req/s, p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms (${r.ok} ok, ${r.non2xx} non-2xx, ${r.errors} errors)`,
          );
        }
      }
    }
  }
  for (const c of children) await stopChild(c);
  results.loadAverage = os.loadavg();

  const lines = [
    `## The cost of being signed in (${SECONDS} s per run, ${os.cpus().length} CPUs, PostgreSQL)`,
    "",
    "| endpoint | connections | cache on req/s | p99 ms | cache off req/s | p99 ms | on / off | of /health (on) | of /health (off) |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const connections of CONNECTIONS) {
    for (const name of ["health", "me.get"]) {
      const on = results.runs.on[name][connections];
      const off = results.runs.off[name][connections];
      const hOn = results.runs.on.health[connections].rps;
      const hOff = results.runs.off.health[connections].rps;
      lines.push(
        `| ${name} | ${connections} | ${fmt(on.rps)} | ${fmt(on.p99)} | ${fmt(off.rps)} | ${fmt(off.p99)} | ${fmt(on.rps / off.rps, 2)} | ${fmt(on.rps / hOn, 2)} | ${fmt(off.rps / hOff, 2)} |`,
      );
    }
  }
  const best = Math.max(...CONNECTIONS.map((c) => results.runs.on["me.get"][c].rps));
  results.meGetBestRps = best;
  results.goalMet = best >= GOAL;
  lines.push(
    "",
    `Best of ${ROUNDS} round(s) per figure; load average at the end ${os
      .loadavg()
      .map((l) => fmt(l, 1))
      .join(" / ")} (other work on the machine lowers every figure).`,
  );
  lines.push(`Goal: an authenticated no-op (me.get) ≥ ${fmt(GOAL)} req/s with the cache: ${results.goalMet ? "met" : "NOT met"} (best ${fmt(best)} req/s).`);
  const failures = Object.values(results.runs)
    .flatMap((run) => Object.values(run).flatMap((byConn) => Object.values(byConn).flatMap((c) => c.rounds)))
    .filter((r) => r.non2xx > 0 || r.errors > 0);
  if (failures.length) lines.push(`Warning: ${failures.length} run(s) had non-2xx answers or errors (see bench/auth-results.json).`);
  console.log(`\n${lines.join("\n")}\n`);
  mkdirSync(path.join(root, "bench"), { recursive: true });
  writeFileSync(path.join(root, "bench/auth-results.json"), `${JSON.stringify({ ...results, markdown: lines.join("\n") }, null, 2)}\n`);
  log("written: bench/auth-results.json");
} catch (e) {
  console.error(`[bench auth] failed: ${e.message}`);
  process.exitCode = 1;
} finally {
  for (const c of children) await stopChild(c);
  await dropDatabase().catch((e) => console.error(`drop database: ${e.message}`));
  rmSync(work, { recursive: true, force: true });
}
