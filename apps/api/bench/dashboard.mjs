#!/usr/bin/env node
// The dashboard and coverage speed benchmark, run by `pnpm bench` after the
// registry benchmark, once the API is built:
//
//  1. A fresh PostgreSQL database; BOTH national unit lists imported with `ansinh import-areas`
//     (units-2024.csv valid 2024-01-01 … 2025-06-30, units-2025.csv from 2025-07-01); for every
//     unit deterministic populations, insured counts by group at two report dates, and annual
//     plans (bench/dashboard-figures.mjs); BENCH_ENROLMENTS enrolments in province 91 (bulk SQL);
//     a national admin and an admin of province 91.
//  2. The built API (dist/main.js) as a child process, both admins signed in over HTTP; and the
//     baseline — today's whole-tree `areas.coverage` (bench/dashboard-baseline.mjs) — as another
//     child process on the same database.
//  3. For each case (an area, a date, a caller): BENCH_REQUESTS sequential requests (p50, p95),
//     then autocannon at BENCH_CONNECTIONS connections for BENCH_SECONDS (requests/s, p99), for
//     `areas.coverage` and the baseline, and for `dashboard.summary` when the API has it (else the
//     run says it skipped it). The new and the old coverage answers are compared.
//
// Env: BENCH_DATABASE_URL (server URL; default postgres://postgres@127.0.0.1:5432; a database
// ansinh_bench_dash_<time>_<pid> is created there and dropped at the end), BENCH_UNITS_DIR
// (../shared/data/admin-units beside the checkout), BENCH_REQUESTS (200 sequential requests per
// case), BENCH_BASELINE_REQUESTS (30 for the slow baseline; either stops after BENCH_SEQUENTIAL_SECONDS, 20, once 20 are done), BENCH_SECONDS (10 s of autocannon per
// case), BENCH_CONNECTIONS (20), BENCH_FIGURES (all | leaves: figures of the leaf units only, so
// that every parent is a roll-up), BENCH_ENROLMENTS (100000 enrolments, each with its person and
// payment, in province 91: what the dashboard counts), BENCH_API_PORT (a free port; the baseline takes the next one when
// set), BENCH_KEEP_DATABASE=1, BENCH_ONLY (a comma list of registry,dashboard: run only those).
// Figures: a Markdown table on stdout, bench/dashboard-results.json at the repository root and a
// line appended to bench/dashboard-history.jsonl (both ignored by git).
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, URLSearchParams } from "node:url";
import autocannon from "autocannon";
import postgres from "postgres";
import { generateFigures } from "./dashboard-figures.mjs";

const only = (process.env.BENCH_ONLY ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
if (only.length > 0 && !only.includes("dashboard")) {
  console.log(`[bench] dashboard and coverage benchmark skipped (BENCH_ONLY=${process.env.BENCH_ONLY})`);
  process.exit(0);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const apiDir = path.resolve(here, "..");
const root = path.resolve(apiDir, "../..");
const num = (name, fallback) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a non-negative number`);
  return v;
};
const REQUESTS = num("BENCH_REQUESTS", 200);
const BASELINE_REQUESTS = Math.min(REQUESTS, num("BENCH_BASELINE_REQUESTS", 30));
const SECONDS = num("BENCH_SECONDS", 10);
const CONNECTIONS = num("BENCH_CONNECTIONS", 20);
const SEQUENTIAL_SECONDS = num("BENCH_SEQUENTIAL_SECONDS", 20);
const ENROLMENTS = Math.floor(num("BENCH_ENROLMENTS", 100_000));
const FIGURES = process.env.BENCH_FIGURES === "leaves" ? "leaves" : "all";
const UNITS_DIR = path.resolve(process.env.BENCH_UNITS_DIR ?? path.resolve(root, "../shared/data/admin-units"));
const LISTS = [
  { file: "units-2024.csv", validFrom: "2024-01-01", validTo: "2025-06-30" },
  { file: "units-2025.csv", validFrom: "2025-07-01", validTo: null },
];
/** Report dates, population years and plan periods of each era (keyed by the list's valid_from). */
const ERAS = {
  "2024-01-01": { reportDates: ["2024-06-30", "2024-12-31"], years: [2024, 2025], plans: [{ periodStart: "2024-01-01", periodEnd: "2024-12-31" }] },
  "2025-07-01": {
    reportDates: ["2025-09-30", "2025-12-31"],
    years: [2025, 2026],
    plans: [
      { periodStart: "2025-07-01", periodEnd: "2025-12-31" },
      { periodStart: "2026-01-01", periodEnd: "2026-12-31" },
    ],
  },
};
const GOAL = { p95: 50, rps: 500 };

const log = (...a) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);
const seconds = (t0) => (performance.now() - t0) / 1000;
const fmt = (n, d = 0) => (n == null || !Number.isFinite(n) ? "–" : n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }));

// --- database ---------------------------------------------------------------------------------
const serverUrl = new URL(process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432");
const dbName = `ansinh_bench_dash_${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${process.pid}`;
const adminUrl = new URL(serverUrl);
adminUrl.pathname = "/postgres";
const dbUrl = new URL(serverUrl);
dbUrl.pathname = `/${dbName}`;

const work = mkdtempSync(path.join(os.tmpdir(), "ansinh-bench-dash-"));
const children = [];
let sql = null;
const cleanups = [];
async function stopChild(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}
async function cleanup() {
  for (const c of children) await stopChild(c);
  await sql?.end({ timeout: 2 }).catch(() => {});
  for (const c of cleanups.reverse()) await c().catch((e) => console.error(`cleanup: ${e.message}`));
  rmSync(work, { recursive: true, force: true });
}

const cliEnv = (extra = {}) => ({
  ...process.env,
  DATABASE_URL: dbUrl.toString(),
  AUTH_SECRET: randomBytes(32).toString("hex"),
  DATA_DIR: path.join(work, "data"),
  SEED_DEMO: "0",
  LOG_LEVEL: "warn",
  ...extra,
});
const cli = (...args) =>
  execFileSync(process.execPath, [path.join(apiDir, "dist/cli.js"), ...args], { env: cliEnv(), stdio: ["ignore", "pipe", "inherit"] }).toString();

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

/** Starts a Node script as a child process; resolves with its base URL once `/health` answers. */
async function startChild(script, env, port) {
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [script], { env, stdio: ["ignore", "inherit", "inherit"] });
  children.push(child);
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${path.basename(script)} stopped (exit ${child.exitCode})`);
    try {
      if ((await fetch(`${base}/health`)).ok) return { base, child };
    } catch {
      /* not yet */
    }
    if (i > 300) throw new Error(`${path.basename(script)} did not start in 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// --- HTTP -------------------------------------------------------------------------------------
let apiBase = "";
async function signIn(email, password) {
  const res = await fetch(`${apiBase}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { origin: apiBase, "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}
const trpcUrl = (proc, input) => `${apiBase}/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`;

/** One GET; the parsed body (tRPC's `result.data` for the API), or throws with the status. */
async function getJson(target) {
  const res = await fetch(target.url, { headers: target.headers });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const err = new Error(`${target.label}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    err.status = res.status;
    err.body = body;
    throw err;
  }
  return body?.result ? body.result.data : body;
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

/** Sequential requests (two warm-ups not counted), then autocannon. */
async function measure(target, requests) {
  for (let i = 0; i < 2; i++) await getJson(target);
  const times = [];
  // At most `requests`, and no longer than BENCH_SEQUENTIAL_SECONDS once 20 are done (a slow
  // procedure must not hold the run for many minutes).
  const tStart = performance.now();
  for (let i = 0; i < requests; i++) {
    if (i >= Math.min(20, requests) && performance.now() - tStart > SEQUENTIAL_SECONDS * 1000) break;
    const t0 = performance.now();
    await getJson(target);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  requests = times.length;
  const out = { requests, p50: quantile(times, 0.5), p95: quantile(times, 0.95), max: times.at(-1) };
  if (SECONDS > 0 && CONNECTIONS > 0) {
    const r = await autocannon({ url: target.url, connections: CONNECTIONS, duration: SECONDS, headers: target.headers, timeout: 30 });
    out.load = {
      connections: CONNECTIONS,
      seconds: r.duration,
      rps: r["2xx"] / r.duration,
      total: r.requests.total,
      ok: r["2xx"],
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      p50: r.latency.p50,
      p99: r.latency.p99,
    };
    await settle();
  }
  log(
    `${target.label}: p50 ${fmt(out.p50, 1)} ms, p95 ${fmt(out.p95, 1)} ms (${requests} sequential)` +
      (out.load
        ? `; ${fmt(out.load.rps)} req/s, p99 ${fmt(out.load.p99)} ms at ${CONNECTIONS} connections (${out.load.ok} ok, ${out.load.non2xx} non-2xx, ${out.load.errors} errors)`
        : ""),
  );
  return out;
}

/**
 * Waits until the database has no statement of the API's or the baseline's running: autocannon
 * stops at its time with requests still in flight, and their work must not be counted against the
 * next measurement.
 */
async function settle() {
  const t0 = performance.now();
  for (let quiet = 0; quiet < 3 && performance.now() - t0 < 120_000;) {
    const [{ n }] =
      await sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'active' and pid <> pg_backend_pid()`;
    quiet = n === 0 ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (performance.now() - t0 > 2000) log(`(waited ${fmt(seconds(t0), 1)} s for the requests still in flight to finish)`);
}

/** Differences between two answers (numbers equal within 1e-9), as paths; [] when the same. */
function differences(a, b, at = "$", out = []) {
  if (out.length >= 5) return out;
  if (typeof a === "number" && typeof b === "number") {
    if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) out.push(`${at}: ${a} ≠ ${b}`);
  } else if (a === null || b === null || typeof a !== "object" || typeof b !== "object") {
    if (a !== b) out.push(`${at}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
  } else if (Array.isArray(a) !== Array.isArray(b)) {
    out.push(`${at}: array vs object`);
  } else {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) differences(a[k], b[k], `${at}.${k}`, out);
  }
  return out;
}

// --- the run ----------------------------------------------------------------------------------
async function main() {
  const t00 = performance.now();
  const missing = LISTS.map((l) => path.join(UNITS_DIR, l.file)).filter((f) => !existsSync(f));
  if (missing.length > 0) {
    console.log(
      `\n*** Dashboard and coverage benchmark NOT RUN: the national unit lists are absent (${missing.map((f) => path.basename(f)).join(", ")} not found in ${UNITS_DIR}). ` +
        "Put units-2024.csv and units-2025.csv there (or set BENCH_UNITS_DIR) to measure. ***\n",
    );
    return "absent";
  }
  if (!existsSync(path.join(apiDir, "dist/main.js"))) throw new Error("build the API first: pnpm turbo run build --filter=@ansinh/api");
  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadAtStart: os.loadavg(),
    },
    settings: {
      enrolments: ENROLMENTS,
      requests: REQUESTS,
      sequentialSeconds: SEQUENTIAL_SECONDS,
      baselineRequests: BASELINE_REQUESTS,
      seconds: SECONDS,
      connections: CONNECTIONS,
      figures: FIGURES,
    },
  };

  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  await admin.end();
  cleanups.push(async () => {
    if (process.env.BENCH_KEEP_DATABASE === "1") return log(`kept database ${dbName} (BENCH_KEEP_DATABASE=1): drop it when done`);
    const a = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
    await a.unsafe(`drop database if exists ${dbName} with (force)`);
    await a.end();
    log(`dropped database ${dbName}`);
  });
  log(`database ${dbName} on ${serverUrl.host}`);

  // Units: both national lists, through the CLI (its database open applies the migrations).
  let t0 = performance.now();
  for (const l of LISTS) {
    cli("import-areas", path.join(UNITS_DIR, l.file), "--valid-from", l.validFrom, ...(l.validTo ? ["--valid-to", l.validTo] : []));
  }
  sql = postgres(dbUrl.toString(), { max: 4, onnotice: () => {} });
  results.postgres = (await sql`show server_version`)[0].server_version;
  const units =
    await sql`select id, code, level, parent_code as "parentCode", to_char(valid_from, 'YYYY-MM-DD') as "validFrom" from areas order by valid_from, code`;
  const perEra = Object.fromEntries(LISTS.map((l) => [l.file, units.filter((u) => u.validFrom === l.validFrom).length]));
  results.units = perEra;
  log(`units: ${LISTS.map((l) => `${l.file} ${fmt(perEra[l.file])}`).join(", ")} imported in ${fmt(seconds(t0), 1)} s`);

  // Figures for every unit, and annual plans.
  t0 = performance.now();
  const { populations, coverage, targets } = generateFigures(units, ERAS, { leavesOnly: FIGURES === "leaves" });
  const col = (rows, k) => rows.map((r) => r[k]);
  const CHUNK = 50_000;
  for (let i = 0; i < populations.length; i += CHUNK) {
    const c = populations.slice(i, i + CHUNK);
    await sql`insert into populations (area_id, year, total, working_age)
              select * from unnest(${col(c, "areaId")}::int[], ${col(c, "year")}::int[], ${col(c, "total")}::bigint[], ${col(c, "workingAge")}::bigint[])`;
  }
  for (let i = 0; i < coverage.length; i += CHUNK) {
    const c = coverage.slice(i, i + CHUNK);
    await sql`insert into coverage_figures (area_id, as_of, scheme, insured_group, insured_count)
              select * from unnest(${col(c, "areaId")}::int[], ${col(c, "asOf")}::date[], ${col(c, "scheme")}::text[], ${col(c, "group")}::text[], ${col(c, "count")}::bigint[])`;
  }
  for (let i = 0; i < targets.length; i += CHUNK) {
    const c = targets.slice(i, i + CHUNK);
    await sql`insert into targets (province_code, area_code, area_valid_on, scheme, measure, kind, period_start, period_end, value)
              select p, a, v, s, m, 'plan', ps, pe, val from unnest(${col(c, "provinceCode")}::text[], ${col(c, "areaCode")}::text[], ${col(c, "areaValidOn")}::date[],
                ${col(c, "scheme")}::text[], ${col(c, "measure")}::text[], ${col(c, "periodStart")}::date[], ${col(c, "periodEnd")}::date[], ${col(c, "value")}::numeric[])
                as t(p, a, v, s, m, ps, pe, val)`;
  }
  // The registry of province 91: BENCH_ENROLMENTS enrolments (each with its person and payment),
  // half on Kiên Giang's communes in 2024, half on An Giang's after the reform, a third household.
  t0 = performance.now();
  for (const [era, vf, months] of [
    [0, "2024-01-01", ["2024-01-01", 12]],
    [1, "2025-07-01", ["2025-07-01", 6]],
  ]) {
    const n = Math.floor(ENROLMENTS / 2) + (era === 1 ? ENROLMENTS % 2 : 0);
    if (n === 0) continue;
    const [agent] = await sql`insert into agents (name, kind, province_code, area_code, area_valid_on)
                              values (${`Đại lý đo tốc độ ${era + 1} (bench)`}, 'post_office', '91', '91', ${vf}) returning id`;
    const communes = (
      await sql`select c.code from areas c left join areas d on d.code = c.parent_code and d.valid_from = c.valid_from
                where c.level = 'commune' and c.valid_from = ${vf} and (c.parent_code = '91' or d.parent_code = '91') order by c.code`
    ).map((r) => r.code);
    const [firstMonth, span] = months;
    await sql`
      with p as (
        insert into participants (province_code, personal_id, full_name, name_key, birth_date, gender, commune_code, commune_valid_on, ethnicity)
        select '91', ${`09${era}`} || lpad(i::text, 9, '0'), 'Người tham gia ' || i, 'nguoi tham gia ' || i,
               make_date(1966 + i % 40, 1 + i % 12, 1 + i % 28), case when i % 2 = 0 then 'female' else 'male' end,
               (${communes}::text[])[1 + i % ${communes.length}], ${vf}::date, 'Kinh'
        from generate_series(1, ${n}::int) i
        returning id, commune_code
      ), e as (
        insert into enrolments (province_code, participant_id, scheme, kind, start_date, months, monthly_income, breakdown, rates_effective_from, amount, commune_code, agent_id, source)
        select '91', p.id, case when p.id % 3 = 0 then 'household_health_insurance' else 'voluntary_social_insurance' end,
               case p.id % 7 when 0 then 'renewal' when 1 then 'returning' else 'new' end,
               (${firstMonth}::date + make_interval(months => (p.id % ${span})::int))::date, (array[1, 3, 6, 12])[1 + p.id % 4],
               case when p.id % 3 = 0 then null else 1500000 end, '{}'::jsonb, ${firstMonth}::date, 330000 * (array[1, 3, 6, 12])[1 + p.id % 4], p.commune_code, ${agent.id}, 'import'
        from p
        returning id, participant_id, start_date, months, amount
      )
      insert into payments (province_code, enrolment_id, participant_id, cover_from, months, cover_to, amount, receipt_date, receipt_number, agent_id)
      select '91', e.id, e.participant_id, e.start_date, e.months, (e.start_date + make_interval(months => e.months::int) - interval '1 day')::date, e.amount,
             e.start_date, 'BENCH-' || e.id, ${agent.id}
      from e`;
  }
  await sql`vacuum analyze`;
  results.enrolments = { count: ENROLMENTS, province: "91", seconds: seconds(t0) };
  log(`registry: ${fmt(ENROLMENTS)} enrolments (with their people and payments) in province 91 in ${fmt(seconds(t0), 1)} s`);
  results.figures = { populations: populations.length, coverageFigures: coverage.length, targets: targets.length, seconds: seconds(t0), of: FIGURES };
  log(
    `figures (${FIGURES === "leaves" ? "leaf units only" : "every unit"}): ${fmt(populations.length)} populations, ${fmt(coverage.length)} insured counts by group, ${fmt(targets.length)} plans in ${fmt(seconds(t0), 1)} s`,
  );

  // Admins: one national, one of province 91 (Kiên Giang before the reform, An Giang after).
  const password = randomBytes(18).toString("base64url");
  const nationalEmail = "bench-national@example.org";
  const provinceEmail = "bench-province-91@example.org";
  cli("user:create", "--email", nationalEmail, "--name", "Quản trị toàn quốc (bench)", "--admin", "--password", password);
  cli("user:create", "--email", provinceEmail, "--name", "Quản trị tỉnh 91 (bench)", "--admin", "--area", "91", "--password", password);

  // The cases: a province after and before the reform, and a commune's parent.
  const pick = async (onDate, where) =>
    (
      await sql`select code, name from areas where valid_from <= ${onDate}::date and (valid_to is null or valid_to >= ${onDate}::date) and ${where} order by code limit 1`
    )[0];
  const communeParent = await pick(
    "2024-12-31",
    sql`code = (select parent_code from areas where level = 'commune' and valid_from = '2024-01-01' and parent_code in (select code from areas where parent_code = '91' and valid_from = '2024-01-01') order by code limit 1)`,
  );
  const newProvince = await pick("2025-12-31", sql`code = '91'`);
  const oldProvince = await pick("2024-12-31", sql`code = '91'`);
  if (!communeParent || !newProvince || !oldProvince) throw new Error("province 91 or its units are missing from the lists");
  const places = [
    { code: "91", name: newProvince.name, onDate: "2025-12-31", what: "province, after the reform" },
    { code: "91", name: oldProvince.name, onDate: "2024-12-31", what: "province, before the reform" },
    { code: communeParent.code, name: communeParent.name, onDate: "2024-12-31", what: "a commune's parent (district)" },
  ];
  const [{ n: childCount }] = await sql`select count(*)::int as n from areas where parent_code = '91' and valid_from = '2025-07-01'`;
  log(`cases: ${places.map((p) => `${p.code} ${p.name} on ${p.onDate}`).join("; ")} (${childCount} communes under 91 after the reform)`);

  // The API and the baseline, each a child process.
  const apiPort = process.env.BENCH_API_PORT ? Number(process.env.BENCH_API_PORT) : await freePort();
  const basePort = process.env.BENCH_API_PORT ? apiPort + 1 : await freePort();
  apiBase = `http://127.0.0.1:${apiPort}`;
  await startChild(path.join(apiDir, "dist/main.js"), cliEnv({ API_PORT: String(apiPort), API_HOST: "127.0.0.1", PUBLIC_URL: apiBase }), apiPort);
  const { base: baselineBase } = await startChild(path.join(here, "dashboard-baseline.mjs"), cliEnv({ BASELINE_PORT: String(basePort) }), basePort);
  const callers = [
    { who: "national admin", cookie: await signIn(nationalEmail, password), roots: null },
    { who: "province admin (91)", cookie: await signIn(provinceEmail, password), roots: ["91"] },
  ];
  log(`API at ${apiBase}, baseline at ${baselineBase}; both admins signed in`);

  // Is dashboard.summary there?
  let dashboard = true;
  const summaryInput = (p) => ({ code: p.code, onDate: p.onDate, scheme: "voluntary_social_insurance" });
  try {
    const first = await getJson({
      label: "dashboard.summary",
      url: trpcUrl("dashboard.summary", summaryInput(places[0])),
      headers: { origin: apiBase, cookie: callers[0].cookie },
    });
    const size = JSON.stringify(first).length;
    results.dashboardAnswer = { keys: first && typeof first === "object" ? Object.keys(first) : [], bytes: size };
    log(`dashboard.summary answers (${fmt(size)} bytes of JSON for 91 on ${places[0].onDate}): ${results.dashboardAnswer.keys.join(", ")}`);
  } catch (e) {
    dashboard = false;
    const why = `${e.status ?? ""} ${e.body?.error?.message ?? e.message}`.trim();
    // A 404 is the procedure missing from this build; anything else is a failure of the procedure.
    results.dashboardSkipped =
      e.status === 404 ? `dashboard.summary is not in this API (${why}): skipped` : `dashboard.summary FAILED on its first call (${why}): not measured`;
    log(`SKIPPED dashboard.summary: ${results.dashboardSkipped}`);
  }

  // The floor of any procedure here: the session and the caller's roles, nothing else.
  results.floor = await measure(
    { label: "me.get (session and roles only)", url: trpcUrl("me.get", {}), headers: { origin: apiBase, cookie: callers[0].cookie } },
    REQUESTS,
  );

  results.cases = [];
  for (const place of places) {
    for (const caller of callers) {
      const headers = { origin: apiBase, cookie: caller.cookie };
      const label = `${place.code} ${place.name} on ${place.onDate}, ${caller.who}`;
      const input = { code: place.code, onDate: place.onDate, scheme: "health_insurance" };
      const coverageTarget = { label: `areas.coverage ${label}`, url: trpcUrl("areas.coverage", input), headers };
      const qs = new URLSearchParams({ ...input, ...(caller.roots ? { roots: caller.roots.join(",") } : {}) });
      const baselineTarget = { label: `baseline (whole tree) ${label}`, url: `${baselineBase}/coverage?${qs}`, headers: {} };
      // Same answer?
      const [now, before] = [await getJson(coverageTarget), await getJson(baselineTarget)];
      const diff = differences(now, before);
      if (diff.length > 0) log(`WARNING: areas.coverage and the whole-tree baseline differ for ${label}: ${diff.join("; ")}`);
      const row = {
        place,
        caller: caller.who,
        children: now.children.length,
        bytes: JSON.stringify(now).length,
        sameAnswer: diff.length === 0,
        differences: diff,
      };
      row.coverage = await measure(coverageTarget, REQUESTS);
      row.baseline = await measure(baselineTarget, BASELINE_REQUESTS);
      if (dashboard)
        row.dashboard = await measure({ label: `dashboard.summary ${label}`, url: trpcUrl("dashboard.summary", summaryInput(place)), headers }, REQUESTS);
      results.cases.push(row);
    }
  }
  results.machine.loadAtEnd = os.loadavg();
  results.totalSeconds = seconds(t00);

  // --- the figures ----------------------------------------------------------------------------
  const goal = (m) => (m.p95 < GOAL.p95 && (m.load?.rps ?? 0) >= GOAL.rps ? "met" : "not met");
  const rps = (m) => {
    if (!m.load) return "–";
    const failed = m.load.errors + m.load.timeouts + m.load.non2xx;
    if (m.load.ok === 0) return `0 (none answered in ${fmt(m.load.seconds)} s)`;
    return `${fmt(m.load.rps, m.load.rps < 10 ? 1 : 0)}${failed > 0 ? ` (${failed} failed)` : ""}`;
  };
  const speed = (m, base) => {
    const r = base.p95 / m.p95;
    const times = m.load?.rps && base.load?.rps ? `, ${fmt(m.load.rps / base.load.rps, 1)}× the req/s` : "";
    return `${r >= 1 ? `${fmt(r, 1)}× faster` : `${fmt(1 / r, 1)}× slower`} (p95)${times}`;
  };
  const line = (what, m, base) =>
    `| ${what} | ${fmt(m.p50, 1)} | ${fmt(m.p95, 1)} | ${rps(m)} | ${m.load?.ok ? fmt(m.load.p99) : "–"} | ` +
    (base ? `${fmt(base.p95, 1)} ms, ${rps(base)} req/s | ${speed(m, base)} | ${goal(m)} |` : "| | |");
  const rows = [
    `| Request | p50 (ms) | p95 (ms) | req/s at ${CONNECTIONS} conn. | p99 at ${CONNECTIONS} conn. (ms) | Baseline (whole tree): p95, req/s | Ratio | Goal |`,
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const c of results.cases) {
    const where = `${c.place.code} ${c.place.name} on ${c.place.onDate} (${c.children} children), ${c.caller}`;
    rows.push(line(`areas.coverage, ${where}${c.sameAnswer ? "" : " — ANSWER DIFFERS from the baseline"}`, c.coverage, c.baseline));
    if (c.dashboard) rows.push(line(`dashboard.summary (voluntary), ${where}`, c.dashboard, c.baseline));
  }
  rows.push(`${line("me.get, national admin (the floor: session and roles, no area read)", results.floor, null)}`);
  const table = rows.join("\n");
  results.markdown = table;
  const load = (l) => l.map((x) => x.toFixed(1)).join(" ");
  const heading = `## Dashboard and coverage speed (${results.date.slice(0, 16).replace("T", " ")} UTC, ${results.machine.cpus} CPUs, ${results.machine.memoryGiB} GiB, Node ${process.version}, PostgreSQL ${results.postgres})`;
  const notes = [
    `Units: ${Object.entries(perEra)
      .map(([f, n]) => `${f} ${fmt(n)}`)
      .join(
        " + ",
      )}; ${fmt(ENROLMENTS)} enrolments in province 91; figures ${FIGURES === "leaves" ? "of the leaf units only" : "for every unit"} (${fmt(results.figures.coverageFigures)} insured counts by group, ${fmt(results.figures.populations)} populations, ${fmt(results.figures.targets)} plans).`,
    `Sequential: up to ${REQUESTS} requests per case (baseline ${BASELINE_REQUESTS}), at most ${SEQUENTIAL_SECONDS} s once 20 are done; load: autocannon, ${CONNECTIONS} connections, ${SECONDS} s per case. Goal: p95 < ${GOAL.p95} ms and ≥ ${GOAL.rps} req/s.`,
    `Same answer as the whole-tree baseline: ${results.cases.filter((c) => c.sameAnswer).length}/${results.cases.length} cases.`,
    results.dashboardSkipped
      ? `dashboard.summary: SKIPPED — ${results.dashboardSkipped}.`
      : "dashboard.summary: measured (its ratio is against the whole-tree coverage of the same area and caller: no dashboard existed before).",
    `Load average at start ${load(results.machine.loadAtStart)}, at end ${load(results.machine.loadAtEnd)}; whole run ${fmt(results.totalSeconds)} s.`,
  ];
  console.log(`\n${heading}\n\n${table}\n\n${notes.join("\n")}\n`);
  results.notes = notes;
  mkdirSync(path.join(root, "bench"), { recursive: true });
  writeFileSync(path.join(root, "bench/dashboard-results.json"), JSON.stringify(results, null, 2) + "\n");
  appendFileSync(
    path.join(root, "bench/dashboard-history.jsonl"),
    JSON.stringify({ date: results.date, settings: results.settings, load: [results.machine.loadAtStart, results.machine.loadAtEnd], cases: results.cases }) +
      "\n",
  );
  log("figures written to bench/dashboard-results.json (and appended to bench/dashboard-history.jsonl)");
  return "done";
}

let code = 0;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    console.error(`bench: ${signal}, cleaning up`);
    cleanup().finally(() => process.exit(130));
  });
}
try {
  await main();
} catch (e) {
  console.error(`bench failed: ${e.stack ?? e}`);
  code = 1;
} finally {
  await cleanup();
}
process.exit(code);
