#!/usr/bin/env node
// The registry lists' benchmark, run by `pnpm bench` once the API is built.
//
//  1. A registry from the generator: `ansinh generate --participants BENCH_LISTS_PARTICIPANTS
//     (100,000) --seed BENCH_SEED --db` on the 2025 units, in a fresh database (or an existing
//     one: BENCH_LISTS_DATABASE_URL, generated the same way, to look at plans between runs).
//     100,000 participants is what this 2-core machine builds in a few minutes; the goal is
//     at 1,000,000 (same script, BENCH_LISTS_PARTICIPANTS=1000000).
//  2. Each list × filter × scope (the busiest commune, the busiest province, national): p50 of the
//     query behind the list procedure (`listParticipants`, `listEnrolments`, `listRenewals` of
//     @ansinh/db, called in this process on the same database) for the first page and the 20th
//     page (new: a keyset cursor; old: OFFSET) — beside the same page from the queries as they were
//     before keyset pages (bench/legacy-registry-lists.mjs) in the same run. The old side runs on this
//     schema, so it already has the new indexes (payments.enrolment_id): its figures are a lower
//     bound of the old cost.
//  3. Load: `me.get` (the signed-in no-op) and `/health` over HTTP against the built API,
//     BENCH_LOAD_CONNECTIONS (50) connections for BENCH_LOAD_SECONDS (10) each, one API process.
//
// Env: BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432), BENCH_LISTS_PARTICIPANTS (100000),
// BENCH_SEED (12), BENCH_LISTS_REQUESTS (15: timed runs of each new query), BENCH_LISTS_OLD_REQUESTS
// (3), BENCH_ON_DATE (today in Vietnam), BENCH_LOAD_SECONDS (10; 0 skips the load),
// BENCH_LOAD_CONNECTIONS (50), BENCH_KEEP_DATABASE=1. Writes bench/lists-results.json at the
// repository root (ignored by git) and prints a Markdown table.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { createDb, listEnrolments, listParticipants, listRenewals, parseCursor } from "@ansinh/db";
import { todayInVietnam } from "@ansinh/domain/dates";
import { DEFAULT_DUE_WITHIN_DAYS } from "@ansinh/domain/registry";
import * as old from "./legacy-registry-lists.mjs";
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

const PARTICIPANTS = num("BENCH_LISTS_PARTICIPANTS", 100_000);
const SEED = process.env.BENCH_SEED ?? "12";
const REQUESTS = num("BENCH_LISTS_REQUESTS", 15);
const OLD_REQUESTS = num("BENCH_LISTS_OLD_REQUESTS", 3);
const ON_DATE = process.env.BENCH_ON_DATE ?? todayInVietnam();
const LOAD_SECONDS = num("BENCH_LOAD_SECONDS", 10);
const LOAD_CONNECTIONS = num("BENCH_LOAD_CONNECTIONS", 50);
const UNITS = path.resolve(process.env.BENCH_UNITS ?? path.join(root, "../shared/data/admin-units/units-2025.csv"));
const PAGE = 50;
const DEEP = 20;
const EMAIL = "bench-lists@example.org";
const PASSWORD = "bench-lists-password-0123456789";

const children = [];
const work = mkdtempSync(path.join(os.tmpdir(), "ansinh-bench-lists-"));

async function prepare() {
  if (process.env.BENCH_LISTS_DATABASE_URL) return { url: new URL(process.env.BENCH_LISTS_DATABASE_URL), fresh: null };
  const db = freshDatabase("ansinh_bench_lists");
  const admin = postgres(db.adminUrl.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${db.name}"`);
  await admin.end();
  log(`database ${db.name}`);
  const t0 = performance.now();
  cliOn(db.dbUrl, path.join(work, "data"), "import-areas", UNITS, "--valid-from", "2021-01-01");
  cliOn(db.dbUrl, path.join(work, "data"), "generate", "--participants", String(PARTICIPANTS), "--seed", SEED, "--db");
  log(`generated ${fmt(PARTICIPANTS)} participants in ${fmt(seconds(t0), 0)} s`);
  return { url: db.dbUrl, fresh: db };
}

/** The busiest province and, in it, the busiest commune (by participants); their commune sets. */
async function scopes(sql) {
  const [p] = await sql`select province_code as code from participants group by 1 order by count(*) desc limit 1`;
  const provinceCommunes = (await sql`select distinct commune_code as c from participants where province_code = ${p.code}`).map((r) => r.c);
  const [c] = await sql`select commune_code as code, count(*)::int as n from participants where province_code = ${p.code} group by 1 order by 2 desc limit 1`;
  const [{ n: provinceN }] = await sql`select count(*)::int as n from participants where province_code = ${p.code}`;
  const [{ n: all }] = await sql`select count(*)::int as n from participants`;
  return [
    { label: `commune ${c.code} (${fmt(c.n)} people)`, communes: new Set([c.code]) },
    { label: `province ${p.code} (${fmt(provinceN)} people)`, communes: new Set(provinceCommunes) },
    { label: `national (${fmt(all)} people)`, communes: null },
  ];
}

const base = (communes) => ({ communes, onDate: ON_DATE, dueWithinDays: DEFAULT_DUE_WITHIN_DAYS, limit: PAGE, offset: 0 });

/** The lists measured: name, the new query, the old one. */
const lists = [
  { name: "participants, by name", run: (m, db, f) => m.listParticipants(db, { ...f, sort: "name", direction: "asc" }) },
  { name: "participants, active", run: (m, db, f) => m.listParticipants(db, { ...f, status: "active", sort: "name", direction: "asc" }) },
  { name: "participants, due", run: (m, db, f) => m.listParticipants(db, { ...f, status: "due", sort: "name", direction: "asc" }) },
  { name: "participants, lapsed", run: (m, db, f) => m.listParticipants(db, { ...f, status: "lapsed", sort: "name", direction: "asc" }) },
  { name: "enrolments, newest first", run: (m, db, f) => m.listEnrolments(db, { ...f, sort: "startDate", direction: "desc" }) },
  { name: "enrolments, lapsed", run: (m, db, f) => m.listEnrolments(db, { ...f, status: "lapsed", sort: "startDate", direction: "desc" }) },
  { name: "renewals, due", run: (m, db, f) => m.listRenewals(db, { ...f, kind: "due", sort: "date", direction: "asc" }) },
  { name: "renewals, lapsed", run: (m, db, f) => m.listRenewals(db, { ...f, kind: "lapsed", sort: "date", direction: "asc" }) },
];

const fresh = { listParticipants, listEnrolments, listRenewals };

async function main() {
  if (!existsSync(UNITS)) {
    console.log(`\n*** Lists benchmark NOT RUN: the 2025 unit list is absent (${UNITS}). ***\n`);
    return;
  }
  const t00 = performance.now();
  const { url, fresh: made } = await prepare();
  const handle = await createDb({ databaseUrl: url.toString(), poolMax: 4 });
  const sql = postgres(url.toString(), { max: 2, onnotice: () => {} });
  await sql`analyze`;
  const results = { onDate: ON_DATE, page: PAGE, deepPage: DEEP, participants: null, rows: [], load: null };
  [{ n: results.participants }] = await sql`select count(*)::int as n from participants`;
  try {
    for (const scope of await scopes(sql)) {
      for (const l of lists) {
        const f = base(scope.communes);
        const first = await timeIt(() => l.run(fresh, handle.db, f), REQUESTS, { warm: 1, maxSeconds: 30 });
        const oldFirst = await timeIt(() => l.run(old, handle.db, f), OLD_REQUESTS, { warm: 0, maxSeconds: 30 });
        // The 20th page: walk the cursors there once, then time that page alone.
        let cursor;
        let reached = 1;
        for (; reached < DEEP; reached++) {
          const page = await l.run(fresh, handle.db, { ...f, ...(cursor ? { after: cursor } : {}) });
          if (!page.nextCursor) break;
          cursor = parseCursor(page.nextCursor);
        }
        const deep = reached === DEEP ? await timeIt(() => l.run(fresh, handle.db, { ...f, after: cursor }), REQUESTS, { warm: 1, maxSeconds: 30 }) : null;
        const oldDeep =
          reached === DEEP ? await timeIt(() => l.run(old, handle.db, { ...f, offset: (DEEP - 1) * PAGE }), OLD_REQUESTS, { warm: 0, maxSeconds: 30 }) : null;
        const { total, totalExact } = await l.run(fresh, handle.db, f);
        const r = {
          list: l.name,
          scope: scope.label,
          total: totalExact ? fmt(total) : `> ${fmt(total)}`,
          first: first.p50,
          oldFirst: oldFirst.p50,
          deep: deep?.p50 ?? null,
          oldDeep: oldDeep?.p50 ?? null,
        };
        results.rows.push(r);
        log(
          `${r.list} · ${r.scope}: first ${fmt(r.first, 1)} ms (old ${fmt(r.oldFirst, 1)}), page ${DEEP} ${fmt(r.deep, 1)} ms (old ${fmt(r.oldDeep, 1)}), total ${r.total}`,
        );
      }
    }

    if (LOAD_SECONDS > 0 && existsSync(path.join(apiDir, "dist/main.js"))) {
      try {
        cliOn(url, path.join(work, "data"), "user:create", "--email", EMAIL, "--name", "Quản trị (bench danh sách)", "--admin", "--password", PASSWORD);
      } catch {
        log("the bench's user is there already (a database kept from an earlier run)");
      }
      const port = await freePort();
      const env = {
        ...process.env,
        DATABASE_URL: url.toString(),
        AUTH_SECRET: "bench-secret-0123456789-0123456789-0123456789",
        DATA_DIR: path.join(work, "data"),
        SEED_DEMO: "0",
        LOG_LEVEL: "warn",
        API_PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        API_PROCESSES: "1",
      };
      const { base: api, child } = await startChild(path.join(apiDir, "dist/main.js"), env, port, children);
      const cookie = await signIn(api, EMAIL, PASSWORD);
      const noop = { url: trpcUrl(api, "me.get"), headers: { cookie } };
      const health = { url: `${api}/health`, headers: {} };
      await getJson({ label: "me.get", ...noop });
      results.load = {};
      for (const [name, target] of [
        ["health", health],
        ["noop", noop],
        ["health2", health],
      ]) {
        results.load[name] = await load(target, { connections: LOAD_CONNECTIONS, seconds: LOAD_SECONDS });
        await settle(sql);
        log(`load ${name}: ${fmt(results.load[name].rps)} req/s, p99 ${fmt(results.load[name].p99)} ms (${results.load[name].non2xx} non-2xx)`);
      }
      await stopChild(child);
    }
  } finally {
    await sql.end();
    await handle.close();
    if (made && process.env.BENCH_KEEP_DATABASE !== "1") {
      const admin = postgres(made.adminUrl.toString(), { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists "${made.name}" with (force)`);
      await admin.end();
    }
  }

  const ratio = (o, n) => (o == null || n == null || n === 0 ? "–" : `${fmt(o / n, 0)}×`);
  const lines = [
    `## Registry lists: ${fmt(results.participants)} participants from the generator, on ${ON_DATE}, pages of ${PAGE}`,
    "",
    `p50 in ms of the list query; "old" = the queries before keyset pages (OFFSET paging, status recomputed per person, exact count) in the same run, on this schema.`,
    "",
    `| list | scope | rows | first page | old | ratio | page ${DEEP} (keyset) | old (OFFSET) | ratio |`,
    "|---|---|---|---|---|---|---|---|---|",
    ...results.rows.map(
      (r) =>
        `| ${r.list} | ${r.scope} | ${r.total} | ${fmt(r.first, 1)} | ${fmt(r.oldFirst, 1)} | ${ratio(r.oldFirst, r.first)} | ${fmt(r.deep, 1)} | ${fmt(r.oldDeep, 1)} | ${ratio(r.oldDeep, r.deep)} |`,
    ),
  ];
  if (results.load) {
    lines.push(
      "",
      `| load, ${LOAD_CONNECTIONS} connections × ${LOAD_SECONDS} s, 1 API process | req/s | p99 ms |`,
      "|---|---|---|",
      `| GET /health | ${fmt(results.load.health.rps)} | ${fmt(results.load.health.p99)} |`,
      `| me.get (signed in) | ${fmt(results.load.noop.rps)} | ${fmt(results.load.noop.p99)} |`,
      `| GET /health again | ${fmt(results.load.health2.rps)} | ${fmt(results.load.health2.p99)} |`,
      "",
      `me.get ÷ /health (the mean of both runs): ${fmt(results.load.noop.rps / ((results.load.health.rps + results.load.health2.rps) / 2), 2)}`,
    );
  }
  const md = lines.join("\n");
  console.log(`\n${md}\n`);
  mkdirSync(path.join(root, "bench"), { recursive: true });
  writeFileSync(path.join(root, "bench/lists-results.json"), JSON.stringify(results, null, 2));
  log(`done in ${fmt(seconds(t00), 0)} s`);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const c of children) await stopChild(c);
    rmSync(work, { recursive: true, force: true });
  });
