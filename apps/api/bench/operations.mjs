#!/usr/bin/env node
// Operations bench (a script, not a test; `BENCH_OPERATIONS=1 pnpm bench` runs it after the
// national bench, or `node apps/api/bench/operations.mjs` alone, API built):
//  1. Backup and restore time and size: a registry generated with `ansinh generate --participants
//     OPS_PARTICIPANTS (100,000) --db` on the real 2025 units, `ansinh backup` (pg_dump custom),
//     `ansinh restore` into an empty database (pg_restore, one transaction), the counts compared.
//     On BENCH_DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432); its databases are dropped.
//  2. The outage a PostgreSQL restart causes under load: a cluster of its own (initdb, pg_ctl on a
//     port in 4700–4799), the built API, autocannon at OPS_RATE (200) requests/s for OPS_SECONDS (30)
//     — 70% reads (participants.list), 30% form writes (enrolments.create, each its own receipt) —
//     and `pg_ctl restart -m fast` at a third of the run: seconds with errors, requests failed,
//     acknowledged writes found in the database.
// Writes bench/operations-results.json.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const cli = path.join(root, "apps/api/dist/cli.js");
const mainJs = path.join(root, "apps/api/dist/main.js");
const units = process.env.OPS_UNITS ?? path.resolve(root, "../shared/data/admin-units/units-2025.csv");
const server = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432";
const participants = Number(process.env.OPS_PARTICIPANTS ?? 100_000);
const rate = Number(process.env.OPS_RATE ?? 200);
const seconds = Number(process.env.OPS_SECONDS ?? 30);
const results = { when: new Date().toISOString(), machine: `${os.cpus().length} vCPU, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}` };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.log("[operations]", ...a);

function dbUrl(name) {
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}
function psql(url, sqlText) {
  return execFileSync("psql", [url, "-Atqc", sqlText], { encoding: "utf8" }).trim();
}
function ansinh(args, env) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: root,
    env: { ...process.env, AUTH_SECRET: "b".repeat(40), ...env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`ansinh ${args.join(" ")}: ${r.stderr || r.stdout}`);
  return { out: r.stdout, seconds: (performance.now() - t0) / 1000 };
}

async function backupRestore() {
  if (!existsSync(units)) {
    log(`ABSENT: ${units} — the backup measurement needs the real units`);
    results.backup = { absent: units };
    return;
  }
  const src = `ansinh_bench_ops_src_${process.pid}`;
  const dst = `ansinh_bench_ops_dst_${process.pid}`;
  const admin = dbUrl("postgres");
  const dir = mkdtempSync(path.join(os.tmpdir(), "ansinh-ops-bench-"));
  try {
    for (const d of [src, dst]) {
      psql(admin, `drop database if exists ${d} with (force)`);
      psql(admin, `create database ${d}`);
    }
    ansinh(["import-areas", units, "--valid-from", "2021-01-01"], { DATABASE_URL: dbUrl(src) });
    log(`generating ${participants.toLocaleString("en-US")} participants…`);
    const gen = ansinh(["generate", "--participants", String(participants), "--seed", "27", "--db", "--units", units], { DATABASE_URL: dbUrl(src) });
    const size = Number(psql(dbUrl(src), "select pg_database_size(current_database())"));
    const file = path.join(dir, "bench.dump");
    const b = ansinh(["backup", file], { DATABASE_URL: dbUrl(src) });
    const r = ansinh(["restore", file], { DATABASE_URL: dbUrl(dst) });
    const counts = (url) =>
      psql(
        url,
        "select (select count(*) from participants)||'/'||(select count(*) from enrolments)||'/'||(select count(*) from payments)||'/'||(select md5(string_agg(t::text,'|' order by t::text)) from enrolment_counts t)",
      );
    const same = counts(dbUrl(src)) === counts(dbUrl(dst));
    const [p, e, pay] = counts(dbUrl(src)).split("/");
    results.backup = {
      participants: Number(p),
      enrolments: Number(e),
      payments: Number(pay),
      generateSeconds: gen.seconds,
      databaseBytes: size,
      backupSeconds: b.seconds,
      backupBytes: statSync(file).size,
      restoreSeconds: r.seconds,
      restoredSameFigures: same,
    };
    log(JSON.stringify(results.backup));
  } finally {
    for (const d of [src, dst]) spawnSync("psql", [dbUrl("postgres"), "-qc", `drop database if exists ${d} with (force)`]);
    rmSync(dir, { recursive: true, force: true });
  }
}

function freePort(from = 4700, to = 4799) {
  const tryPort = (port) =>
    new Promise((resolve) => {
      const srv = net.createServer();
      srv.once("error", () => resolve(false));
      srv.listen({ port, host: "127.0.0.1" }, () => srv.close(() => resolve(true)));
    });
  return (async () => {
    for (let p = from + Math.floor(Math.random() * 50); p <= to; p++) if (await tryPort(p)) return p;
    for (let p = from; p <= to; p++) if (await tryPort(p)) return p;
    throw new Error("no free port");
  })();
}

async function restartOutage() {
  const majors = existsSync("/usr/lib/postgresql")
    ? readdirSync("/usr/lib/postgresql")
        .filter((d) => /^\d+$/.test(d))
        .sort((a, b) => b - a)
    : [];
  const bin = majors.map((m) => `/usr/lib/postgresql/${m}/bin`).find((b) => existsSync(`${b}/initdb`));
  if (!bin) {
    log("ABSENT: PostgreSQL server binaries; no restart measurement");
    results.restart = { absent: "initdb" };
    return;
  }
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), "ansinh-ops-pg-"));
  if (asRoot) chownSync(dir, Number(execFileSync("id", ["-u", "postgres"]).toString()), Number(execFileSync("id", ["-g", "postgres"]).toString()));
  const as = (file, args) => execFileSync(asRoot ? "runuser" : file, asRoot ? ["-u", "postgres", "--", file, ...args] : args, { encoding: "utf8" });
  const data = path.join(dir, "data");
  const pgPort = await freePort();
  as(`${bin}/initdb`, ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  const pgctl = (...a) =>
    as(`${bin}/pg_ctl`, ["-D", data, "-o", `-p ${pgPort} -k ${dir} -c listen_addresses=127.0.0.1`, "-l", path.join(dir, "log"), "-w", "-t", "60", ...a]);
  pgctl("start");
  const url = `postgres://postgres@127.0.0.1:${pgPort}/ansinh`;
  let api;
  try {
    psql(`postgres://postgres@127.0.0.1:${pgPort}/postgres`, "create database ansinh");
    const port = await freePort();
    api = spawn(process.execPath, [mainJs], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: url,
        AUTH_SECRET: "c".repeat(40),
        API_PORT: String(port),
        PUBLIC_URL: "http://127.0.0.1:3000",
        SEED_DEMO: "1",
        LOG_LEVEL: "error",
        DATA_DIR: path.join(dir, "api"),
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const base = `http://127.0.0.1:${port}`;
    for (
      let i = 0;
      i < 1200 &&
      !(await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      ));
      i++
    )
      await sleep(250);
    ansinh(["user:create", "--email", "ops@bench.test", "--name", "Quản trị đo", "--admin", "--password", "bench password 1"], { DATABASE_URL: url });
    const signIn = await fetch(`${base}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { origin: "http://127.0.0.1:3000", "content-type": "application/json" },
      body: JSON.stringify({ email: "ops@bench.test", password: "bench password 1" }),
    });
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const agent = await fetch(`${base}/trpc/agents.create`, {
      method: "POST",
      headers: { origin: "http://127.0.0.1:3000", cookie, "content-type": "application/json" },
      body: JSON.stringify({ name: "Bưu điện đo tải", kind: "post_office", areaCode: "913", areaValidOn: "2020-01-01" }),
    }).then((r) => r.json());
    const agentId = agent.result.data.id;
    let n = 0;
    const write = () => {
      n++;
      return JSON.stringify({
        participant: {
          personalId: `091085${String(300000 + n).padStart(6, "0")}`,
          fullName: `${["Trần", "Lê", "Phạm"][n % 3]} Văn ${["An", "Bình", "Cường", "Dũng"][Math.floor(n / 3) % 4]}`,
          birthDate: "1985-04-12",
          gender: "male",
          phone: null,
          communeCode: "31012",
        },
        months: 1,
        monthlyIncome: 1500000,
        payment: { receiptDate: "2020-03-10", receiptNumber: `LOAD-${n}` },
        agentId,
      });
    };
    const events = [];
    const readPath = `/trpc/participants.list?input=${encodeURIComponent(JSON.stringify({ limit: 20 }))}`;
    const instance = autocannon({
      url: base,
      connections: 20,
      overallRate: rate,
      duration: seconds,
      headers: { origin: "http://127.0.0.1:3000", cookie },
      requests: [
        {
          setupRequest: (req) => {
            const isWrite = Math.random() < 0.3;
            return isWrite
              ? { ...req, method: "POST", path: "/trpc/enrolments.create", headers: { ...req.headers, "content-type": "application/json" }, body: write() }
              : { ...req, method: "GET", path: readPath };
          },
        },
      ],
    });
    instance.on("response", (_client, status) => events.push({ t: Date.now(), status }));
    const started = Date.now();
    let restart = null;
    const restarter = (async () => {
      await sleep((seconds * 1000) / 3);
      const t0 = Date.now();
      pgctl("-m", "fast", "restart");
      restart = { at: t0 - started, seconds: (Date.now() - t0) / 1000 };
    })();
    const done = await new Promise((resolve) => instance.on("done", resolve));
    await restarter;
    const failed = events.filter((e) => e.status >= 400);
    const statuses = {};
    for (const e of failed) statuses[e.status] = (statuses[e.status] ?? 0) + 1;
    const first = failed[0]?.t;
    const last = failed.at(-1)?.t;
    const stored = Number(psql(url, "select count(*) from payments where receipt_number like 'LOAD-%'"));
    const dup = Number(psql(url, "select count(*) - count(distinct receipt_number) from payments where receipt_number like 'LOAD-%'"));
    results.restart = {
      rate,
      seconds,
      requests: events.length,
      achievedRate: Math.round(events.length / seconds),
      failed: failed.length,
      failedByStatus: statuses,
      errorSeconds: first ? (last - first) / 1000 : 0,
      pgCtlRestartSeconds: restart?.seconds,
      writesStored: stored,
      duplicateReceipts: dup,
      p99ms: done.latency.p99,
      timeouts: done.timeouts,
      errors: done.errors,
    };
    log(JSON.stringify(results.restart));
  } finally {
    api?.kill("SIGTERM");
    try {
      pgctl("-m", "immediate", "stop");
    } catch {
      /* stopped */
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.OPS_SKIP_BACKUP !== "1") await backupRestore();
if (process.env.OPS_SKIP_RESTART !== "1") await restartOutage();
writeFileSync(path.join(root, "bench/operations-results.json"), JSON.stringify(results, null, 2) + "\n");
log("written bench/operations-results.json");
