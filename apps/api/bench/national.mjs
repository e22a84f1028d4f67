#!/usr/bin/env node
// The national-scale benchmark, run by `pnpm bench` once the API is built. One run on
// a real PostgreSQL; every figure beside its baseline measured in the same run:
//
//  1. Import: BENCH_IMPORT_ROWS (1,000,000) D05-TS lines through the API's bulk import vs a raw
//     COPY of the same file into an unindexed table, and the API's peak RSS (bench/import-bulk.mjs,
//     its own database). Skipped with a message when that script is absent.
//  2. For each of BENCH_SCALES (enrolments; default 1,000,000 and 10,000,000): a fresh registry made
//     by `ansinh generate --participants <scale/2> --seed BENCH_SEED --db` on the real 2025 units,
//     then, over HTTP against the built API:
//     - `dashboard.summary` (the KPI cards, the children ranked by progress, the series, the funnel)
//       of the biggest province and of its biggest commune: p50/p95; the registry's part of it
//       (`dashboardFigures`, the incremental aggregates) timed alone; beside the same figures
//       computed by a plain GROUP BY over the registry (`dashboardActivityFromRegistry`);
//     - the check: for both cases, both schemes and three dates, every child's figures from the
//       aggregates equal the GROUP BY's, exactly;
//     - `participants.list` searched by a full name typed without diacritics and by personal ID:
//       p50/p95, beside the same name search in SQL with the trigram index switched off.
//  3. Load at the last scale: autocannon, BENCH_LOAD_CONNECTIONS (50) connections for
//     BENCH_LOAD_SECONDS (30) on the dashboard, on the search, on `me.get` (the signed-in no-op)
//     and on `/health`, with one API process and with two (API_PROCESSES=2, one port).
//  4. With BENCH_READ_URL (a streaming replica of the same server, e.g. started by
//     `node scripts/replica.mjs start`): the dashboard load again with the API's reads on it
//     (DATABASE_READ_URL), after the replica has replayed everything.
//
// Env: BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432), BENCH_SCALES (1000000,10000000),
// BENCH_SEED (12), BENCH_REQUESTS (100), BENCH_BASELINE_REQUESTS (10), BENCH_LOAD_SECONDS (30),
// BENCH_LOAD_CONNECTIONS (50), BENCH_IMPORT_ROWS (1000000; 0 skips the import), BENCH_ON_DATE
// (2026-06-30), BENCH_READ_URL, BENCH_KEEP_DATABASE=1, BENCH_UNITS (../shared/data/admin-units/units-2025.csv).
// Writes bench/results.json and bench/results.md at the repository root (ignored by git).
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { createDb, dashboardActivityFromRegistry, dashboardFigures } from "@ansinh/db";
import { addDays } from "@ansinh/domain/dates";
import {
  apiDir,
  cliOn,
  fmt,
  freePort,
  freshDatabase,
  getJson,
  load,
  log,
  num,
  root,
  seconds,
  settle,
  signIn,
  startChild,
  stopChild,
  timeIt,
  trpcUrl,
} from "./lib.mjs";

const SCALES = (process.env.BENCH_SCALES ?? "1000000,10000000")
  .split(",")
  .map((s) => Math.floor(Number(s.trim())))
  .filter((n) => n > 0);
const SEED = process.env.BENCH_SEED ?? "12";
const REQUESTS = num("BENCH_REQUESTS", 100);
const BASELINE_REQUESTS = num("BENCH_BASELINE_REQUESTS", 10);
const LOAD_SECONDS = num("BENCH_LOAD_SECONDS", 30);
const LOAD_CONNECTIONS = num("BENCH_LOAD_CONNECTIONS", 50);
const IMPORT_ROWS = num("BENCH_IMPORT_ROWS", 1_000_000);
const ON_DATE = process.env.BENCH_ON_DATE ?? "2026-06-30";
const UNITS = path.resolve(process.env.BENCH_UNITS ?? path.resolve(root, "../shared/data/admin-units/units-2025.csv"));
const GOALS = { importRatio: 0.5, rssMb: 500, dashboardP95: 50, dashboardRatio: 20, searchP95: 100, dashboardRps: 1000, noopRps: 2000 };

const db = freshDatabase("ansinh_bench_nat");
const work = mkdtempSync(path.join(os.tmpdir(), "ansinh-bench-nat-"));
const children = [];
let sql = null;
let handle = null;
async function cleanup() {
  for (const c of children) await stopChild(c);
  await handle?.close().catch(() => {});
  await sql?.end({ timeout: 2 }).catch(() => {});
  if (process.env.BENCH_KEEP_DATABASE !== "1") {
    const admin = postgres(db.adminUrl.toString(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${db.name}" with (force)`).catch((e) => console.error(`cleanup: ${e.message}`));
    await admin.end({ timeout: 2 });
  } else log(`database kept: ${db.name}`);
  rmSync(work, { recursive: true, force: true });
}

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
    scales: SCALES,
    seed: SEED,
    requests: REQUESTS,
    baselineRequests: BASELINE_REQUESTS,
    loadSeconds: LOAD_SECONDS,
    loadConnections: LOAD_CONNECTIONS,
    importRows: IMPORT_ROWS,
    onDate: ON_DATE,
  },
  goals: GOALS,
  import: null,
  scales: [],
  load: null,
  replica: null,
  rows: [],
};
/** One line of the Markdown table: a figure beside its baseline from this run. */
const row = (measure, figure, baseline, ratio, goal, met, unit = "") => results.rows.push({ measure, figure, baseline, ratio, goal, met, unit });

const password = randomBytes(18).toString("base64url");
const EMAIL = "bench-national@example.org";

async function startApi(extraEnv = {}) {
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: db.dbUrl.toString(),
    AUTH_SECRET: "bench-secret-0123456789-0123456789-0123456789",
    DATA_DIR: path.join(work, "data"),
    SEED_DEMO: "0",
    LOG_LEVEL: "warn",
    API_PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...extraEnv,
  };
  const { base, child } = await startChild(path.join(apiDir, "dist/main.js"), env, port, children);
  const cookie = await signIn(base, EMAIL, password);
  return { base, child, cookie, stop: () => stopChild(child) };
}

/** The biggest province (by enrolments) and its biggest commune on the date. */
async function pickCases() {
  const [province] = await sql`select c.area_code as code from enrolment_counts c join areas a on a.code = c.area_code and a.level = 'province'
    where c.grain = 'y' group by c.area_code order by sum(c.n) desc limit 1`;
  const [commune] =
    await sql`select c.area_code as code from enrolment_counts c join areas a on a.code = c.area_code and a.level = 'commune' and a.parent_code = ${province.code}
    where c.grain = 'y' group by c.area_code order by sum(c.n) desc limit 1`;
  return [
    { label: `province ${province.code}`, code: province.code, scheme: "voluntary_social_insurance" },
    { label: `commune ${commune.code}`, code: commune.code, scheme: "household_health_insurance" },
  ];
}

const childrenOf = async (code, onDate) =>
  (await sql`select code from areas where parent_code = ${code} and valid_from <= ${onDate} and (valid_to is null or valid_to >= ${onDate}) order by code`).map(
    (r) => r.code,
  );

/** Per child: enrolments in [from, onDate], amount, covered, lapsed — from the aggregates and from the GROUP BY. */
async function bothWays(code, scheme, onDate, from, kinds) {
  const kids = await childrenOf(code, onDate);
  const areas = kids.length ? kids : [code];
  const f = await dashboardFigures(handle.db, { code, areas, onDate, scheme, kinds, days: [addDays(from, -1), onDate], seriesFrom: from });
  const g = await dashboardActivityFromRegistry(handle.db, { code, onDate, scheme, from, kinds });
  const inc = {};
  const grp = {};
  for (const c of areas) {
    const a = f.totals.get(c)?.get(onDate) ?? { n: 0, amount: 0 };
    const b = f.totals.get(c)?.get(addDays(from, -1)) ?? { n: 0, amount: 0 };
    inc[c] = { n: a.n - b.n, amount: a.amount - b.amount, active: f.status.get(c)?.active ?? 0, lapsed: f.status.get(c)?.lapsed ?? 0 };
    const x = g.byChild.get(c);
    grp[c] = { n: (x?.daily ?? []).reduce((s, [, n]) => s + n, 0), amount: x?.amount ?? 0, active: x?.active ?? 0, lapsed: x?.lapsed ?? 0 };
  }
  return { inc, grp, funnel: [f.funnel, g.funnel] };
}

async function measureScale(scale) {
  const out = { scale, label: scale >= 1e6 ? `${scale / 1e6}M` : `${scale / 1e3}k` };
  // A fresh registry of this size (the previous one emptied; the aggregates follow the TRUNCATE).
  await sql`truncate payments, enrolments, duplicate_reviews, import_rows, import_batches, agent_collectors, agents, outreach_events, campaigns, households, participants restart identity cascade`;
  let t0 = performance.now();
  const gen = cliOn(db.dbUrl, path.join(work, "data"), "generate", "--participants", String(Math.ceil(scale / 2)), "--seed", SEED, "--db");
  out.generateSeconds = seconds(t0);
  t0 = performance.now();
  await sql`vacuum analyze`;
  out.vacuumSeconds = seconds(t0);
  const [c] =
    await sql`select (select count(*) from participants)::float8 as participants, (select count(*) from enrolments)::float8 as enrolments, (select count(*) from payments)::float8 as payments,
    (select count(*) from enrolment_counts)::float8 as enrolment_counts, (select count(*) from coverage_counts)::float8 as coverage_counts,
    pg_database_size(current_database())::float8 as bytes`;
  out.counts = c;
  log(
    `${out.label}: generated ${fmt(c.participants)} participants, ${fmt(c.enrolments)} enrolments, ${fmt(c.payments)} payments in ${fmt(out.generateSeconds, 1)} s (${fmt(c.bytes / 2 ** 30, 1)} GiB)`,
  );
  log(gen.trim().split("\n").slice(-3).join(" | "));

  const api = await startApi();
  // The same API with the dashboard's answer cache off: what a question costs the first time.
  const cold = await startApi({ FIGURES_CACHE: "off" });
  const cases = await pickCases();
  out.cases = [];
  for (const k of cases) {
    const input = { code: k.code, onDate: ON_DATE, scheme: k.scheme };
    const target = { label: `dashboard.summary ${k.label}`, url: trpcUrl(api.base, "dashboard.summary", input), headers: { cookie: api.cookie } };
    const summary = await getJson(target);
    const http = await timeIt(() => getJson(target), REQUESTS);
    const coldTarget = { ...target, url: trpcUrl(cold.base, "dashboard.summary", input), headers: { cookie: cold.cookie } };
    const uncached = await timeIt(() => getJson(coldTarget), REQUESTS);
    const kids = summary.children.map((x) => x.code);
    const kinds = summary.plan.countsKinds;
    const from = summary.plan.period.start;
    const figures = await timeIt(
      () =>
        dashboardFigures(handle.db, {
          code: k.code,
          areas: kids,
          onDate: ON_DATE,
          scheme: k.scheme,
          kinds,
          days: [addDays(from, -1), ON_DATE],
          seriesFrom: from,
        }),
      REQUESTS,
    );
    const groupBy = await timeIt(
      () => dashboardActivityFromRegistry(handle.db, { code: k.code, onDate: ON_DATE, scheme: k.scheme, from, kinds }),
      BASELINE_REQUESTS,
      { warm: 1, maxSeconds: 120 },
    );
    out.cases.push({
      ...k,
      children: kids.length,
      achieved: summary.kpis.newEnrolments.achieved,
      active: summary.kpis.active,
      http,
      uncached,
      figures,
      groupBy,
    });
    log(
      `${out.label} ${target.label} (${kids.length} children, ${fmt(summary.kpis.newEnrolments.achieved)} new, ${fmt(summary.kpis.active)} covered): HTTP p50 ${fmt(http.p50, 1)} / p95 ${fmt(http.p95, 1)} ms (answer cache off: ${fmt(uncached.p50, 1)} / ${fmt(uncached.p95, 1)}); ` +
        `aggregates p50 ${fmt(figures.p50, 1)} / p95 ${fmt(figures.p95, 1)} ms; GROUP BY p50 ${fmt(groupBy.p50, 1)} / p95 ${fmt(groupBy.p95, 1)} ms`,
    );
    row(
      `Dashboard (${k.label}, ${kids.length} children ranked) at ${out.label} enrolments, HTTP p50 / p95 ms (answer cache on: repeated question)`,
      `${fmt(http.p50, 1)} / ${fmt(http.p95, 1)}`,
      `GROUP BY ${fmt(groupBy.p50, 1)} / ${fmt(groupBy.p95, 1)}`,
      groupBy.p95 / http.p95,
      `p95 < ${GOALS.dashboardP95}, ≥ ${GOALS.dashboardRatio}×`,
      http.p95 < GOALS.dashboardP95 && groupBy.p95 / http.p95 >= GOALS.dashboardRatio,
    );
    row(
      `  the same with the answer cache off (every request computed), HTTP p50 / p95 ms`,
      `${fmt(uncached.p50, 1)} / ${fmt(uncached.p95, 1)}`,
      `GROUP BY ${fmt(groupBy.p50, 1)} / ${fmt(groupBy.p95, 1)}`,
      groupBy.p95 / uncached.p95,
      `p95 < ${GOALS.dashboardP95}, ≥ ${GOALS.dashboardRatio}×`,
      uncached.p95 < GOALS.dashboardP95 && groupBy.p95 / uncached.p95 >= GOALS.dashboardRatio,
    );
    row(
      `  its registry figures alone (aggregates) at ${out.label}, p50 / p95 ms`,
      `${fmt(figures.p50, 1)} / ${fmt(figures.p95, 1)}`,
      `GROUP BY ${fmt(groupBy.p50, 1)} / ${fmt(groupBy.p95, 1)}`,
      groupBy.p95 / figures.p95,
      "",
      null,
    );
  }

  // The incremental figures equal the GROUP BY's, exactly.
  let checked = 0;
  const mismatches = [];
  for (const k of cases) {
    for (const scheme of ["voluntary_social_insurance", "household_health_insurance"]) {
      for (const onDate of [ON_DATE, "2025-12-31", "2023-06-30"]) {
        const r = await bothWays(k.code, scheme, onDate, `${onDate.slice(0, 4)}-01-01`, ["new", "renewal", "returning"]);
        checked += Object.keys(r.inc).length;
        for (const code of Object.keys(r.inc))
          if (JSON.stringify(r.inc[code]) !== JSON.stringify(r.grp[code]))
            mismatches.push({ code, scheme, onDate, incremental: r.inc[code], groupBy: r.grp[code] });
        if (JSON.stringify(r.funnel[0]) !== JSON.stringify(r.funnel[1])) mismatches.push({ code: k.code, scheme, onDate, funnel: r.funnel });
      }
    }
  }
  out.equality = { checked, mismatches: mismatches.length, first: mismatches.slice(0, 5) };
  log(
    `${out.label}: incremental = GROUP BY for ${checked - mismatches.length} of ${checked} area × scheme × date figures${mismatches.length ? `; first: ${JSON.stringify(mismatches[0])}` : ""}`,
  );
  row(
    `Incremental figures = GROUP BY figures at ${out.label} (area × scheme × date)`,
    `${checked - mismatches.length} of ${checked}`,
    "",
    null,
    "all equal",
    mismatches.length === 0,
  );

  // Search: a full name without diacritics, and a personal ID.
  const sample = await sql`select name_key, personal_id from participants where id % ${Math.max(1, Math.floor(c.participants / 200))} = 7 limit 200`;
  const names = sample.map((p) => p.name_key.replace(/(^|\s)\p{L}/gu, (m) => m.toUpperCase()));
  const ids = sample.map((p) => p.personal_id);
  const search = (q) =>
    getJson({ label: "participants.list", url: trpcUrl(api.base, "participants.list", { search: q, limit: 20 }), headers: { cookie: api.cookie } });
  const byName = await timeIt((i) => search(names[i % names.length]), Math.min(REQUESTS, names.length));
  const byId = await timeIt((i) => search(ids[i % ids.length]), Math.min(REQUESTS, ids.length));
  const reserved = await sql.reserve();
  await reserved`set enable_bitmapscan = off`;
  await reserved`set enable_indexscan = off`;
  const noIndex = await timeIt(
    (i) => reserved`select id from participants where name_key like ${`%${sample[i % sample.length].name_key}%`} order by lower(name_key) limit 20`,
    Math.min(BASELINE_REQUESTS, sample.length),
    { warm: 1, maxSeconds: 120 },
  );
  reserved.release();
  out.search = { byName, byId, noIndex };
  log(
    `${out.label} search: name p50 ${fmt(byName.p50, 1)} / p95 ${fmt(byName.p95, 1)} ms; personal ID p50 ${fmt(byId.p50, 1)} / p95 ${fmt(byId.p95, 1)} ms; name in SQL without the trigram index p95 ${fmt(noIndex.p95, 1)} ms`,
  );
  row(
    `Search by name without diacritics at ${out.label} enrolments (${fmt(c.participants)} people), HTTP p50 / p95 ms`,
    `${fmt(byName.p50, 1)} / ${fmt(byName.p95, 1)}`,
    `no trigram index (SQL) ${fmt(noIndex.p50, 1)} / ${fmt(noIndex.p95, 1)}`,
    noIndex.p95 / byName.p95,
    `p95 < ${GOALS.searchP95}`,
    byName.p95 < GOALS.searchP95,
  );
  row(
    `Search by personal ID at ${out.label}, HTTP p50 / p95 ms`,
    `${fmt(byId.p50, 1)} / ${fmt(byId.p95, 1)}`,
    "",
    null,
    `p95 < ${GOALS.searchP95}`,
    byId.p95 < GOALS.searchP95,
  );
  out.searchSamples = { names: names.slice(0, 20), ids: ids.slice(0, 20) };
  await api.stop();
  await cold.stop();
  return out;
}

/** autocannon on the dashboard, the search, the signed-in no-op and /health, with `processes` API processes. */
async function loadRound(processes, scaleOut, extraEnv = {}) {
  const api = await startApi({ API_PROCESSES: String(processes), ...extraEnv });
  const k = scaleOut.cases[0];
  const targets = {
    dashboard: [{ url: trpcUrl(api.base, "dashboard.summary", { code: k.code, onDate: ON_DATE, scheme: k.scheme }), headers: { cookie: api.cookie } }],
    search: scaleOut.searchSamples.names.map((n) => ({
      url: trpcUrl(api.base, "participants.list", { search: n, limit: 20 }),
      headers: { cookie: api.cookie },
    })),
    noop: [{ url: trpcUrl(api.base, "me.get"), headers: { cookie: api.cookie } }],
    health: [{ url: `${api.base}/health`, headers: {} }],
  };
  const out = { processes };
  if (extraEnv.FIGURES_CACHE === "off") for (const k of ["search", "noop", "health"]) delete targets[k];
  for (const [name, list] of Object.entries(targets)) {
    await getJson({ label: name, ...list[0] });
    out[name] = await load(list, { connections: LOAD_CONNECTIONS, seconds: LOAD_SECONDS });
    await settle(sql);
    log(
      `load, ${processes} API process(es)${extraEnv.DATABASE_READ_URL ? ", reads on the replica" : ""}${extraEnv.FIGURES_CACHE === "off" ? ", answer cache off" : ""}: ${name} ${fmt(out[name].rps)} req/s, p99 ${fmt(out[name].p99)} ms (${out[name].ok} ok, ${out[name].non2xx} non-2xx, ${out[name].errors} errors)`,
    );
  }
  await api.stop();
  return out;
}

async function main() {
  const t00 = performance.now();
  if (!existsSync(UNITS)) {
    console.log(`\n*** National benchmark NOT RUN: the 2025 unit list is absent (${UNITS}). Put units-2025.csv there (or set BENCH_UNITS). ***\n`);
    return;
  }
  if (!existsSync(path.join(apiDir, "dist/main.js"))) throw new Error("build the API first: pnpm turbo run build --filter=@ansinh/api");

  // 1. Import (its own database).
  if (IMPORT_ROWS > 0) {
    const script = path.join(apiDir, "bench/import-bulk.mjs");
    if (existsSync(script)) {
      const { runImportBench } = await import(script);
      results.import = await runImportBench({ rows: IMPORT_ROWS });
    } else log("import: bench/import-bulk.mjs is absent — skipped");
  }

  const admin = postgres(db.adminUrl.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${db.name}"`);
  await admin.end();
  log(`database ${db.name} on ${db.serverUrl.host}`);
  handle = await createDb({ databaseUrl: db.dbUrl.toString() });
  sql = postgres(db.dbUrl.toString(), { max: 4, onnotice: () => {} });
  const t0 = performance.now();
  log(cliOn(db.dbUrl, path.join(work, "data"), "import-areas", UNITS, "--valid-from", "2021-01-01").trim().split("\n").at(-1));
  log(`units imported in ${fmt(seconds(t0), 1)} s`);
  cliOn(db.dbUrl, path.join(work, "data"), "user:create", "--email", EMAIL, "--name", "Quản trị toàn quốc (bench)", "--admin", "--password", password);

  for (const scale of SCALES) results.scales.push(await measureScale(scale));

  // 3. Load, at the last scale: one API process, then two on the same port.
  const last = results.scales.at(-1);
  if (LOAD_SECONDS > 0 && last) {
    const one = await loadRound(1, last);
    const two = await loadRound(2, last);
    const cold = await loadRound(1, last, { FIGURES_CACHE: "off" });
    results.load = { one, two, cold };
    row(
      `Dashboard (${last.cases[0].label}) under load at ${last.label} with the answer cache off, 1 API process: req/s (p99 ms)`,
      `${fmt(cold.dashboard.rps)} (${fmt(cold.dashboard.p99)})`,
      `cache on: ${fmt(one.dashboard.rps)}`,
      null,
      "",
      null,
    );
    for (const [name, label, goal] of [
      ["dashboard", `Dashboard (${last.cases[0].label}) under load at ${last.label}`, GOALS.dashboardRps],
      ["search", `Search by name under load at ${last.label}`, null],
      ["noop", "Signed-in no-op (me.get) under load", GOALS.noopRps],
      ["health", "GET /health (no session) under load", null],
    ]) {
      row(
        `${label}, ${LOAD_CONNECTIONS} connections ${LOAD_SECONDS} s, 1 API process: req/s (p99 ms)`,
        `${fmt(one[name].rps)} (${fmt(one[name].p99)})`,
        "",
        null,
        goal ? `≥ ${fmt(goal)} req/s` : "",
        goal ? one[name].rps >= goal : null,
      );
      row(
        `  the same with 2 API processes on one port`,
        `${fmt(two[name].rps)} (${fmt(two[name].p99)})`,
        `1 process: ${fmt(one[name].rps)}`,
        two[name].rps / one[name].rps,
        goal ? `≥ ${fmt(goal)} req/s` : "",
        goal ? two[name].rps >= goal : null,
      );
    }
  }

  // 4. Reads on a replica.
  if (process.env.BENCH_READ_URL && last) {
    const replica = new URL(process.env.BENCH_READ_URL);
    replica.pathname = `/${db.name}`;
    const [{ lsn }] = await sql`select pg_current_wal_lsn()::text as lsn`;
    const r = postgres(replica.toString(), { max: 1, onnotice: () => {} });
    const tWait = performance.now();
    for (;;) {
      const [{ caught }] = await r`select pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn as caught`;
      if (caught) break;
      if (seconds(tWait) > 600) throw new Error("the replica did not catch up in 10 minutes");
      await new Promise((res) => setTimeout(res, 200));
    }
    await r.end();
    results.replica = {
      url: `${replica.protocol}//${replica.host}`,
      caughtUpSeconds: seconds(tWait),
      ...(await loadRound(1, last, { DATABASE_READ_URL: replica.toString() })),
    };
    row(
      `Dashboard under load with the API's reads on the streaming replica (${replica.host}), 1 API process: req/s (p99 ms)`,
      `${fmt(results.replica.dashboard.rps)} (${fmt(results.replica.dashboard.p99)})`,
      `primary: ${fmt(results.load?.one.dashboard.rps)}`,
      results.load ? results.replica.dashboard.rps / results.load.one.dashboard.rps : null,
      "",
      null,
    );
  }

  if (results.import) {
    const im = results.import;
    const pct = (x) => `${fmt(x * 100, 1)}% of COPY`;
    row(
      `Import of ${fmt(im.rows)} D05-TS lines through the API (${im.path} path), all validation: rows/s`,
      fmt(im.import.rowsPerSecond),
      `raw COPY into an unindexed table: ${fmt(im.copy.rowsPerSecond)}`,
      null,
      `≥ ${GOALS.importRatio * 100}% of COPY`,
      im.ratioToCopy >= GOALS.importRatio,
      pct(im.ratioToCopy),
    );
    row(
      "API peak RSS during the import (MB, VmHWM)",
      fmt(im.import.apiPeakRssMB),
      `at start: ${fmt(im.import.apiRssAtStartMB)}`,
      null,
      `< ${GOALS.rssMb}`,
      im.import.apiPeakRssMB < GOALS.rssMb,
    );
  }

  results.seconds = seconds(t00);
  results.loadAtEnd = os.loadavg();
  const md = [
    `# pnpm bench — ${results.date.slice(0, 16).replace("T", " ")} UTC`,
    "",
    `${results.machine.cpus} × ${results.machine.cpu}, ${results.machine.memoryGiB} GiB, Node ${results.machine.node}; load average ${results.machine.loadAtStart.map((l) => l.toFixed(1)).join(" ")} at the start, ${results.loadAtEnd.map((l) => l.toFixed(1)).join(" ")} at the end; ${fmt(results.seconds / 60, 1)} min.`,
    "",
    "| Measure | Figure | Baseline (same run) | Ratio | Goal | Met |",
    "| --- | ---: | ---: | ---: | --- | --- |",
    ...results.rows.map(
      (r) =>
        `| ${r.measure} | ${r.figure} | ${r.baseline} | ${r.unit ? r.unit : r.ratio == null || !Number.isFinite(r.ratio) ? "" : `${fmt(r.ratio, 1)}×`} | ${r.goal} | ${r.met == null ? "" : r.met ? "yes" : "**no**"} |`,
    ),
    "",
  ].join("\n");
  mkdirSync(path.join(root, "bench"), { recursive: true });
  writeFileSync(path.join(root, "bench/results.json"), JSON.stringify(results, null, 2));
  writeFileSync(path.join(root, "bench/results.md"), md);
  console.log(`\n${md}\nbench/results.json and bench/results.md written.`);
}

let exitCode = 0;
const interrupted = () => {
  cleanup().finally(() => process.exit(130));
};
process.on("SIGINT", interrupted);
process.on("SIGTERM", interrupted);
try {
  await main();
} catch (e) {
  console.error(e);
  exitCode = 1;
}
await cleanup();
process.exit(exitCode);
