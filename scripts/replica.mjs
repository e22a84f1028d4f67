#!/usr/bin/env node
// A streaming hot-standby replica of the local PostgreSQL, for reading (docs/scaling.md, "Past one machine").
//
//   node scripts/replica.mjs start  [--port 5433] [--dir DIR] [--configure-primary]
//   node scripts/replica.mjs status [--port 5433] [--dir DIR] [--json]
//   node scripts/replica.mjs stop   [--port 5433] [--dir DIR]
//   node scripts/replica.mjs demo   [--port 5433] [--database ansinh_replica_demo] [--rows 200000] [--probes 50] [--keep]
//
// Other options: --primary-host (127.0.0.1), --primary-port (5432), --user (postgres), --bindir
// (the server binaries; default: those of the primary's major version). DIR defaults to
// <os temp dir>/ansinh-replica-<port>. `start` copies the primary with
// `pg_basebackup -h HOST -p PORT -U USER -D DIR -R -X stream`, writes the standby's own
// postgresql.conf (hot_standby = on) and starts it with pg_ctl, as the OS user `postgres` when run
// as root (postgres refuses to run as root). `stop` stops it and removes DIR. `demo` writes rows
// on the primary in a scratch database, times how soon the replica shows them, times a read-heavy
// query on both, then drops the database. PGPASSWORD and the other libpq variables pass through.
import { execFile, execFileSync, spawn } from "node:child_process";
import { appendFileSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import {
  hbaAdvice,
  hbaVerdict,
  parseArgs,
  percentile,
  replicaName,
  REPLICATION_HBA_LINE,
  STANDBY_MINIMUMS,
  standbyConf,
  summariseStatus,
  UsageError,
} from "./replica-lib.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MARKER = "ansinh-replica.json";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class Failure extends Error {
  name = "Failure";
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  console.error(`replica: ${e.message}\nusage: node scripts/replica.mjs start|stop|status|demo [--port 5433] [--dir DIR] [--configure-primary] [--json]`);
  process.exit(2);
}
const primaryUrl = `postgres://${opts.user}@${opts.primaryHost}:${opts.primaryPort}`;
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

/** The OS user the server runs as: `postgres` when we are root, else ourselves. */
function serverUser() {
  if (!isRoot) return null;
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (!line)
    throw new Failure(
      "running as root, and there is no OS user `postgres` to run the replica as (postgres refuses to run as root): create one, or run this as a non-root user",
    );
  const [, , uid, gid, , home] = line.split(":");
  return { uid: Number(uid), gid: Number(gid), home };
}

/** Runs a program (as `postgres` when we are root); resolves with stdout, rejects with stderr. */
function run(file, args, { asServer = false, inherit = false } = {}) {
  const as = asServer ? serverUser() : null;
  const options = {
    cwd: "/",
    env: { ...process.env, ...(as ? { HOME: as.home, USER: "postgres", LOGNAME: "postgres" } : {}) },
    ...(as ? { uid: as.uid, gid: as.gid } : {}),
  };
  if (inherit) {
    return new Promise((resolve, reject) => {
      const child = spawn(file, args, { ...options, stdio: ["inherit", "inherit", "inherit"] });
      child.once("error", reject);
      child.once("exit", (code, signal) => (code === 0 ? resolve("") : reject(new Failure(`${path.basename(file)} exited with ${signal ?? code}`))));
    });
  }
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...options, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const e = new Failure(`${path.basename(file)} ${args[0] ?? ""}: ${(stderr || err.message).trim()}`);
        e.code = err.code;
        reject(e);
      } else resolve(stdout);
    });
  });
}

let psqlPath = null;
/** A psql to ask the servers with: the one on PATH, else the server binaries'. */
function psqlBinary() {
  if (psqlPath) return psqlPath;
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, "psql"))) return (psqlPath = path.join(dir, "psql"));
  }
  const bindir = pgConfigBindir();
  if (bindir && existsSync(path.join(bindir, "psql"))) return (psqlPath = path.join(bindir, "psql"));
  throw new Failure("psql not found: install the PostgreSQL client, or put it on PATH");
}

function pgConfigBindir() {
  try {
    return execFileSync("pg_config", ["--bindir"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

/** One SQL statement's result as text (psql -At). */
async function sqlText(port, query, database = "postgres", host = "127.0.0.1") {
  const out = await run(psqlBinary(), [
    "-X",
    "-q",
    "-A",
    "-t",
    "-v",
    "ON_ERROR_STOP=1",
    "-h",
    host,
    "-p",
    String(port),
    "-U",
    opts.user,
    "-d",
    database,
    "-c",
    query,
  ]);
  return out.trim();
}
/** One row as an object: the query is wrapped in row_to_json. */
async function sqlRow(port, query, database) {
  const text = await sqlText(port, `select row_to_json(t) from (${query}) t`, database);
  return text === "" ? null : JSON.parse(text.split("\n")[0]);
}
const onPrimary = {
  text: (q, db) => sqlText(opts.primaryPort, q, db, opts.primaryHost),
  row: (q, db) => sqlText(opts.primaryPort, `select row_to_json(t) from (${q}) t`, db, opts.primaryHost).then((t) => (t === "" ? null : JSON.parse(t))),
  rows: (q, db) => sqlText(opts.primaryPort, `select coalesce(json_agg(t), '[]') from (${q}) t`, db, opts.primaryHost).then((t) => JSON.parse(t)),
};

/** The server binaries of the primary's major version. */
async function findBindir(major) {
  const tried = [];
  const candidates = [
    opts.bindir,
    pgConfigBindir(),
    `/usr/lib/postgresql/${major}/bin`,
    `/usr/pgsql-${major}/bin`,
    `/opt/homebrew/opt/postgresql@${major}/bin`,
    `/usr/local/opt/postgresql@${major}/bin`,
  ].filter(Boolean);
  for (const dir of candidates) {
    tried.push(dir);
    const postgres = path.join(dir, "postgres");
    if (!["postgres", "pg_ctl", "pg_basebackup"].every((b) => existsSync(path.join(dir, b)))) continue;
    const version = await run(postgres, ["--version"]).catch(() => "");
    const m = /\(PostgreSQL\) (\d+)/.exec(version);
    if (m && Number(m[1]) === major) return dir;
    if (opts.bindir === dir)
      throw new Failure(`--bindir ${dir} holds PostgreSQL ${m?.[1] ?? "?"}, the primary is ${major}: a standby needs the same major version`);
  }
  throw new Failure(`no PostgreSQL ${major} server binaries (postgres, pg_ctl, pg_basebackup) found in: ${tried.join(", ")}; pass --bindir`);
}

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen({ port, host: "127.0.0.1" }, () => srv.close(() => resolve(true)));
  });
}

function readMarker() {
  try {
    return JSON.parse(readFileSync(path.join(opts.dir, MARKER), "utf8"));
  } catch {
    return null;
  }
}

/** Writes a file in DIR, owned by the server's user. */
function writeOwned(file, text, mode = 0o600) {
  writeFileSync(file, text, { mode });
  const as = serverUser();
  if (as) chownSync(file, as.uid, as.gid);
}

async function pgCtl(bindir, args) {
  return run(path.join(bindir, "pg_ctl"), args, { asServer: true });
}

async function serverRunning(bindir) {
  try {
    await pgCtl(bindir, ["status", "-D", opts.dir]);
    return true;
  } catch (e) {
    if (e.code === 3 || e.code === 4) return false; // not running / no accessible data directory
    throw e;
  }
}

/** The primary's pg_hba.conf as PostgreSQL reads it, and whether the replica may connect. */
async function checkHba() {
  const hbaFile = await onPrimary.text("show hba_file");
  let rows;
  try {
    rows = await onPrimary.rows("select line_number, type, database, user_name, address, netmask, auth_method, error from pg_hba_file_rules");
  } catch (e) {
    console.warn(`replica: cannot read pg_hba_file_rules on the primary (${e.message}); going on without the check`);
    return { hbaFile, check: { verdict: "allowed", rule: null, errors: [], unsure: [] } };
  }
  return { hbaFile, check: hbaVerdict(rows, { user: opts.user, client: "127.0.0.1" }) };
}

async function start() {
  const marker = readMarker();
  // 1. The primary: version, WAL settings, the standby minimums, pg_hba.conf.
  let info;
  try {
    info = await onPrimary.row(
      `select current_setting('server_version_num')::int / 10000 as major, current_setting('server_version') as version,
              pg_is_in_recovery() as in_recovery, current_setting('wal_level') as wal_level,
              current_setting('max_wal_senders')::int as max_wal_senders,
              (select count(*)::int from pg_stat_replication) as senders,
              (select rolsuper or rolreplication from pg_roles where rolname = current_user) as may_replicate,
              ${STANDBY_MINIMUMS.map((s) => `current_setting('${s}') as ${s}`).join(", ")}`,
    );
  } catch (e) {
    throw new Failure(`cannot reach the primary at ${primaryUrl}: ${e.message}`);
  }
  const bindir = await findBindir(info.major);
  if (marker) {
    if (await serverRunning(bindir)) {
      console.log(`replica: already running in ${opts.dir}`);
      return status();
    }
    console.log(`replica: ${opts.dir} holds a replica made earlier; starting it again`);
    await startServer(bindir);
    return status();
  }
  if (existsSync(opts.dir) && readdirSync(opts.dir).length > 0)
    throw new Failure(`${opts.dir} exists and is not empty (and is not a replica made by this script): choose another --dir`);
  if (!(await portFree(opts.port))) throw new Failure(`port ${opts.port} on 127.0.0.1 is in use: choose another --port`);
  if (info.in_recovery) console.warn(`replica: note: ${primaryUrl} is itself a standby; this makes a cascading replica`);
  if (!["replica", "logical"].includes(info.wal_level)) {
    throw new Failure(
      `the primary's wal_level is ${info.wal_level}; streaming replication needs replica (the default) or logical: set it in postgresql.conf and restart the primary`,
    );
  }
  if (info.max_wal_senders - info.senders < 2) {
    throw new Failure(
      `the primary has max_wal_senders = ${info.max_wal_senders} with ${info.senders} in use; pg_basebackup -X stream needs 2 free (the copy and its WAL stream), then the replica 1: raise max_wal_senders and restart the primary`,
    );
  }
  if (!info.may_replicate) throw new Failure(`${opts.user} has neither SUPERUSER nor REPLICATION on the primary: alter role ${opts.user} replication`);

  const { hbaFile, check } = await checkHba();
  if (check.errors.length)
    console.warn(`replica: the primary's pg_hba.conf has errors on lines ${check.errors.map((r) => r.line_number).join(", ")} (${check.errors[0].error})`);
  if (check.verdict === "allowed") {
    if (check.rule)
      console.log(
        `replica: primary's pg_hba.conf line ${check.rule.line_number} allows replication from 127.0.0.1 as ${opts.user} (${check.rule.auth_method})`,
      );
  } else {
    const advice = hbaAdvice(check, { hbaFile, user: opts.user, host: opts.primaryHost, port: opts.primaryPort });
    const local = ["127.0.0.1", "localhost", "::1"].includes(opts.primaryHost) && existsSync(hbaFile);
    if (!opts.configurePrimary || check.verdict === "rejected" || !local) {
      console.error(`replica: ${advice}`);
      if (opts.configurePrimary && check.verdict === "rejected")
        console.error(`replica: --configure-primary only appends a line; a rejecting line above it must be edited by hand.`);
      else if (opts.configurePrimary) console.error(`replica: --configure-primary edits only a primary on this machine (${hbaFile} is not readable here).`);
      process.exit(1);
    }
    const line = opts.user === "postgres" ? REPLICATION_HBA_LINE : `host replication ${opts.user} 127.0.0.1/32 trust`;
    const text = readFileSync(hbaFile, "utf8");
    appendFileSync(
      hbaFile,
      `${text.endsWith("\n") || text === "" ? "" : "\n"}# Added by ansinh scripts/replica.mjs --configure-primary: a local streaming replica (development machine).\n${line}\n`,
    );
    await onPrimary.text("select pg_reload_conf()");
    console.log(`replica: --configure-primary: added "${line}" to ${hbaFile} and reloaded the primary's configuration (select pg_reload_conf())`);
    await sleep(300);
    const again = await checkHba();
    if (again.check.verdict !== "allowed")
      throw new Failure(
        `the primary still does not allow replication after the change:\n${hbaAdvice(again.check, { hbaFile, user: opts.user, host: opts.primaryHost, port: opts.primaryPort })}`,
      );
  }

  // 2. The copy.
  const as = serverUser();
  const made = !existsSync(opts.dir);
  mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  if (as) chownSync(opts.dir, as.uid, as.gid);
  try {
    const args = ["-h", opts.primaryHost, "-p", String(opts.primaryPort), "-U", opts.user, "-D", opts.dir, "-R", "-X", "stream", "--checkpoint=fast"];
    console.log(`replica: ${path.join(bindir, "pg_basebackup")} ${args.join(" ")}${as ? "   (as OS user postgres)" : ""}`);
    const t0 = performance.now();
    await run(path.join(bindir, "pg_basebackup"), args, { asServer: true, inherit: true });
    const size = await run("du", ["-sh", opts.dir])
      .then((o) => o.split(/\s/)[0])
      .catch(() => "?");
    console.log(`replica: base backup done in ${((performance.now() - t0) / 1000).toFixed(1)} s (${size})`);

    // 3. The standby's configuration: its own postgresql.conf; the primary's pg_hba.conf and pg_ident.conf when not copied.
    const settings = Object.fromEntries(STANDBY_MINIMUMS.map((s) => [s, info[s]]));
    writeOwned(path.join(opts.dir, "postgresql.conf"), standbyConf({ port: opts.port, dir: opts.dir, settings, primary: primaryUrl }));
    for (const [name, setting] of [
      ["pg_hba.conf", "hba_file"],
      ["pg_ident.conf", "ident_file"],
    ]) {
      if (existsSync(path.join(opts.dir, name))) continue;
      const text = await onPrimary.text(`select pg_read_file(current_setting('${setting}'))`).catch(() => null);
      writeOwned(path.join(opts.dir, name), text ?? (name === "pg_hba.conf" ? "local all all peer\nhost all all 127.0.0.1/32 scram-sha-256\n" : ""));
    }
    writeOwned(
      path.join(opts.dir, MARKER),
      JSON.stringify({ port: opts.port, primary: primaryUrl, bindir, version: info.version, createdAt: new Date().toISOString() }, null, 2) + "\n",
      0o644,
    );

    // 4. Start and wait.
    await startServer(bindir);
  } catch (e) {
    if (made && !readMarker()) rmSync(opts.dir, { recursive: true, force: true });
    else if (made) {
      await pgCtl(bindir, ["stop", "-D", opts.dir, "-m", "immediate"]).catch(() => {});
      rmSync(opts.dir, { recursive: true, force: true });
    }
    throw e;
  }
  return status();
}

async function startServer(bindir) {
  const log = path.join(opts.dir, "replica.log");
  const o = `-p ${opts.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='${opts.dir}' -c hot_standby=on`;
  const t0 = performance.now();
  try {
    await pgCtl(bindir, ["start", "-D", opts.dir, "-l", log, "-w", "-t", "120", "-o", o]);
  } catch (e) {
    const tail = existsSync(log) ? readFileSync(log, "utf8").split("\n").slice(-15).join("\n") : "";
    throw new Failure(`the replica did not start: ${e.message}\n${tail}`);
  }
  for (let i = 0; ; i++) {
    const inRecovery = await sqlText(opts.port, "select pg_is_in_recovery()").catch(() => null);
    if (inRecovery === "t") break;
    if (inRecovery === "f") throw new Failure(`the server on ${opts.port} is not in recovery: it is not a standby`);
    if (i > 600) throw new Failure(`the replica on ${opts.port} does not accept connections after 60 s; see ${log}`);
    await sleep(100);
  }
  console.log(`replica: accepting read-only connections on 127.0.0.1:${opts.port} after ${((performance.now() - t0) / 1000).toFixed(1)} s (log: ${log})`);
}

async function gather() {
  const replica = await sqlRow(
    opts.port,
    `select pg_is_in_recovery() as in_recovery, pg_last_wal_receive_lsn()::text as receive_lsn, pg_last_wal_replay_lsn()::text as replay_lsn,
            pg_last_xact_replay_timestamp()::text as last_replay, (now() - pg_last_xact_replay_timestamp())::text as since_last_replay,
            (select status from pg_stat_wal_receiver) as receiver_status, current_setting('server_version') as version`,
  ).catch(() => null);
  let primary = null;
  try {
    primary = await onPrimary.row(
      `select pg_current_wal_lsn()::text as current_lsn,
              (select row_to_json(r) from (select application_name, host(client_addr) as client_addr, state, sync_state, sent_lsn::text, write_lsn::text,
                  flush_lsn::text, replay_lsn::text, write_lag::text, flush_lag::text, replay_lag::text,
                  pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint as replay_lag_bytes
                from pg_stat_replication where application_name = '${replicaName(opts.port)}' limit 1) r) as replication`,
    );
  } catch {
    primary = null;
  }
  return summariseStatus({ port: opts.port, dir: opts.dir, primary, replica });
}

async function status() {
  const { summary, lines } = await gather();
  if (opts.json) console.log(JSON.stringify(summary, null, 2));
  else for (const l of lines) console.log(l);
  if (!summary.running) process.exitCode = 3;
  return summary;
}

async function stop() {
  const marker = readMarker();
  if (!existsSync(opts.dir)) {
    console.log(`replica: nothing to stop (${opts.dir} does not exist)`);
    return;
  }
  if (!marker) throw new Failure(`${opts.dir} is not a replica made by this script (no ${MARKER}): not touching it`);
  const bindir = marker.bindir;
  if (await serverRunning(bindir)) {
    await pgCtl(bindir, ["stop", "-D", opts.dir, "-m", "fast", "-w", "-t", "60"]);
    console.log(`replica: stopped the server on port ${marker.port}`);
  }
  rmSync(opts.dir, { recursive: true, force: true });
  console.log(`replica: removed ${opts.dir}`);
}

/** postgres.js from the workspace (packages/db's dependency): no new dependency. */
function postgresJs() {
  try {
    return createRequire(path.join(root, "packages/db/package.json"))("postgres");
  } catch {
    throw new Failure("demo needs the workspace's postgres.js: run pnpm install first");
  }
}

async function demo() {
  const summary = await gather().then((s) => s.summary);
  if (!summary.running || !summary.inRecovery) throw new Failure(`no hot standby on port ${opts.port}: node scripts/replica.mjs start first`);
  const postgres = postgresJs();
  const db = opts.database;
  const exists = await onPrimary.text(`select count(*) from pg_database where datname = '${db}'`);
  if (exists !== "0") throw new Failure(`database ${db} already exists on the primary: drop it, or pass another --database`);
  const fmt = (ms) => `${ms.toFixed(1)} ms`;
  const out = (s) => console.log(s);
  out(`demo: primary ${primaryUrl}, replica postgres://${opts.user}@127.0.0.1:${opts.port}, database ${db}`);
  const admin = postgres({ host: opts.primaryHost, port: opts.primaryPort, user: opts.user, database: "postgres", max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${db}`);
  const primary = postgres({ host: opts.primaryHost, port: opts.primaryPort, user: opts.user, database: db, max: 1, onnotice: () => {} });
  let replica = null;
  try {
    let t = performance.now();
    for (;;) {
      try {
        replica = postgres({ host: "127.0.0.1", port: opts.port, user: opts.user, database: db, max: 1, connect_timeout: 2, onnotice: () => {} });
        await replica`select 1`;
        break;
      } catch (e) {
        await replica?.end({ timeout: 1 }).catch(() => {});
        replica = null;
        if (performance.now() - t > 30_000) throw new Failure(`database ${db} did not appear on the replica in 30 s: ${e.message}`);
        await sleep(20);
      }
    }
    out(`create database ${db} on the primary: on the replica after ${fmt(performance.now() - t)}`);

    // Rows shaped like the registry's enrolments: a province, a commune, a scheme, a date, an amount.
    await primary.unsafe(`create table demo_enrolments (
      id bigserial primary key, province_code text not null, commune_code text not null, scheme text not null,
      start_date date not null, amount bigint not null, created_at timestamptz not null default now())`);
    t = performance.now();
    const [{ n }] = await primary.unsafe(
      `with ins as (
         insert into demo_enrolments (province_code, commune_code, scheme, start_date, amount)
         select lpad(((i * 7) % 34 + 1)::text, 2, '0'), lpad(((i * 13) % 3321 + 1)::text, 5, '0'),
                case when i % 3 = 0 then 'household_health_insurance' else 'voluntary_social_insurance' end,
                date '2024-01-01' + (i % 730), 330000 + (i % 12) * 66000
         from generate_series(1, ${opts.rows}) i returning 1)
       select count(*)::int as n from ins`,
    );
    const committed = performance.now();
    out(`insert ${n.toLocaleString("en-US")} rows in one transaction on the primary: ${fmt(committed - t)}`);
    const [behind] =
      await admin`select pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint as bytes from pg_stat_replication where application_name = ${replicaName(opts.port)}`;
    for (;;) {
      const [{ c }] = await replica`select count(*)::int as c from demo_enrolments`.catch(() => [{ c: -1 }]);
      if (c === n) break;
      if (performance.now() - committed > 120_000) throw new Failure("the rows did not reach the replica in 120 s");
      await sleep(5);
    }
    out(
      `  all ${n.toLocaleString("en-US")} rows visible on the replica ${fmt(performance.now() - committed)} after the commit returned (${(Number(behind?.bytes ?? 0) / 1048576).toFixed(1)} MiB of WAL not yet replayed when it returned)`,
    );
    await primary.unsafe("create index demo_enrolments_province_idx on demo_enrolments (province_code, scheme, start_date)");
    await primary.unsafe("analyze demo_enrolments");

    // Single-row commits, as a form's save: how long until a read on the replica sees each one.
    const lags = [];
    let missed = 0;
    for (let i = 0; i < opts.probes; i++) {
      const [{ id }] = await primary`insert into demo_enrolments (province_code, commune_code, scheme, start_date, amount)
                                    values ('91', '30001', 'voluntary_social_insurance', '2026-11-01', 330000) returning id`;
      const t1 = performance.now();
      for (let tries = 0; ; tries++) {
        const r = await replica`select 1 from demo_enrolments where id = ${id}`;
        if (r.length) break;
        if (tries === 0) missed++;
        if (performance.now() - t1 > 30_000) throw new Failure(`row ${id} not on the replica after 30 s`);
      }
      lags.push(performance.now() - t1);
    }
    out(
      `${opts.probes} single-row commits: visible on the replica after p50 ${fmt(percentile(lags, 50))}, p95 ${fmt(percentile(lags, 95))}, max ${fmt(Math.max(...lags))} (from the commit's return to the first read that sees the row, reading in a loop); the first read right after the commit missed the row ${missed} times of ${opts.probes}`,
    );
    const [rep] = await admin`select write_lag::text, flush_lag::text, replay_lag::text, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint as bytes
                                from pg_stat_replication where application_name = ${replicaName(opts.port)}`;
    if (rep)
      out(
        `  pg_stat_replication after the probes: write_lag ${rep.write_lag ?? "null"}, flush_lag ${rep.flush_lag ?? "null"}, replay_lag ${rep.replay_lag ?? "null"}, ${rep.bytes} bytes behind`,
      );

    // A read-heavy query (a dashboard-like aggregate over the whole table), timed on both.
    const query = `select province_code, scheme, count(*)::int as n, sum(amount)::bigint as total
                   from demo_enrolments where start_date <= date '2025-06-30' group by 1, 2 order by 1, 2`;
    const time = async (conn, times) => {
      await conn.unsafe(query);
      const ms = [];
      for (let i = 0; i < times; i++) {
        const a = performance.now();
        await conn.unsafe(query);
        ms.push(performance.now() - a);
      }
      return ms;
    };
    const onP = await time(primary, 10);
    const onR = await time(replica, 10);
    const [a, b] = [await primary.unsafe(query), await replica.unsafe(query)];
    const same = JSON.stringify(a) === JSON.stringify(b);
    out(
      `read-heavy query (group by province and scheme over ${(n + opts.probes).toLocaleString("en-US")} rows, ${a.length} groups), 10 runs each after a warm-up:`,
    );
    out(`  on the primary: p50 ${fmt(percentile(onP, 50))}, max ${fmt(Math.max(...onP))}`);
    out(`  on the replica: p50 ${fmt(percentile(onR, 50))}, max ${fmt(Math.max(...onR))}; same answer: ${same ? "yes" : "NO"}`);

    // What must stay on the primary: the replica refuses writes.
    const refused =
      await replica`insert into demo_enrolments (province_code, commune_code, scheme, start_date, amount) values ('91', '30001', 'x', '2026-11-01', 1)`
        .then(() => "accepted (NOT a standby?)")
        .catch((e) => `refused: ${e.message}`);
    out(`a write on the replica: ${refused}`);
  } finally {
    await replica?.end({ timeout: 5 }).catch(() => {});
    await primary.end({ timeout: 5 }).catch(() => {});
    if (!opts.keep) {
      await admin.unsafe(`drop database if exists ${db} with (force)`).catch((e) => console.error(`demo: could not drop ${db}: ${e.message}`));
      out(`dropped database ${db} on the primary (the drop replicates)`);
    } else out(`kept database ${db} (--keep): drop it yourself on the primary`);
    await admin.end({ timeout: 5 }).catch(() => {});
  }
  await status();
}

try {
  if (opts.command === "start") await start();
  else if (opts.command === "status") await status();
  else if (opts.command === "stop") await stop();
  else await demo();
} catch (e) {
  if (!(e instanceof Failure)) throw e;
  console.error(`replica: ${e.message}`);
  process.exit(1);
}
