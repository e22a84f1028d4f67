#!/usr/bin/env node
// The registry's speed benchmark, run by `pnpm bench` after the API is built:
//
//  1. Import: a 200,000-line D05-TS list (invented people, valid personal IDs, the domain's own
//     amounts) imported through the real path — the built API as a child process, an admin signed
//     in over HTTP, the upload route, `imports.start`, `imports.batch` polled until done (or for
//     BENCH_IMPORT_SECONDS, then stopped: the whole file takes longer than a bench run) — giving
//     rows/s with all validation and the API process's peak RSS (VmHWM, sampled). Baseline: a plain
//     COPY of the same file into an unindexed table of text columns.
//  2. Search: participants brought to 1,000,000 (bulk SQL), then `participants.list` over HTTP
//     searched by a name typed without diacritics and by personal ID: p50/p95 over the requests.
//     Baseline: the same searches before the trigram index is created (it is dropped for the bulk
//     insert, then created again).
//
// Env: BENCH_DATABASE_URL (a server URL; default postgres://postgres@127.0.0.1:5432): a fresh
// database ansinh_bench_<time> is created there and dropped at the end. BENCH_ROWS (200000),
// BENCH_PARTICIPANTS (1000000), BENCH_REQUESTS (200), BENCH_BASELINE_REQUESTS (50: name searches
// without the index), BENCH_IMPORT_SECONDS (240: the import is timed this long, then stopped; 0 =
// the whole file — about 40 minutes on a 2-core machine), BENCH_KEEP_DATABASE=1 (keep it, to look), BENCH_ONLY
// (registry,dashboard: which of the API's benchmarks run; unset = both). Figures: a Markdown table on stdout and
// bench/registry-results.json at the repository root (ignored by git).
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pipeline } from "node:stream/promises";
import { clearInterval, setInterval } from "node:timers";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { voluntaryContribution } from "@ansinh/domain/contributions";
import { normaliseName } from "@ansinh/domain/registry";

// BENCH_ONLY=registry,dashboard (a comma list) runs only those of the API's benchmarks.
const only = (process.env.BENCH_ONLY ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
if (only.length > 0 && !only.includes("registry")) {
  console.log(`[bench] registry benchmark skipped (BENCH_ONLY=${process.env.BENCH_ONLY})`);
  process.exit(0);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const apiDir = path.resolve(here, "..");
const root = path.resolve(apiDir, "../..");
const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
/** Name searches without the trigram index take about a second each at a million: fewer of them. */
const BASELINE_REQUESTS = Math.min(REQUESTS, Number(process.env.BENCH_BASELINE_REQUESTS ?? 50));
/** The import is timed for at most this long, then stopped (0: to the end of the file). */
const IMPORT_SECONDS = Number(process.env.BENCH_IMPORT_SECONDS ?? 240);
const UNITS = path.resolve(root, "../shared/data/admin-units/units-2024.csv");
const VALID_FROM = "2024-01-01";
const VALID_TO = "2025-06-30";
const PROVINCE = "91";

const log = (...a) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);
const seconds = (t0) => (performance.now() - t0) / 1000;
const fmt = (n, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

// --- database ---------------------------------------------------------------------------------
const serverUrl = new URL(process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432");
const dbName = `ansinh_bench_${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${process.pid}`;
const adminUrl = new URL(serverUrl);
adminUrl.pathname = "/postgres";
const dbUrl = new URL(serverUrl);
dbUrl.pathname = `/${dbName}`;

const work = mkdtempSync(path.join(os.tmpdir(), "ansinh-bench-"));
let api = null;
let sql = null;
const cleanups = [];
async function cleanup() {
  if (api && api.exitCode === null) {
    api.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    if (api.exitCode === null) api.kill("SIGKILL");
  }
  await sql?.end({ timeout: 2 }).catch(() => {});
  for (const c of cleanups.reverse()) await c().catch((e) => console.error(`cleanup: ${e.message}`));
  rmSync(work, { recursive: true, force: true });
}

// --- the agent's list -------------------------------------------------------------------------
/** mulberry32 */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
// Common family, middle and given names (combinations name nobody in particular).
const families = [
  "Nguyễn",
  "Nguyễn",
  "Nguyễn",
  "Trần",
  "Lê",
  "Phạm",
  "Huỳnh",
  "Võ",
  "Phan",
  "Trương",
  "Đặng",
  "Bùi",
  "Đỗ",
  "Hồ",
  "Ngô",
  "Dương",
  "Lý",
  "Lâm",
  "Danh",
  "Thạch",
];
const middles = {
  male: ["Văn", "Văn", "Hữu", "Minh", "Quốc", "Thanh", "Công", "Đức", "Hoàng", "Ngọc", "Tấn", "Phước"],
  female: ["Thị", "Thị", "Ngọc", "Thanh", "Kim", "Mỹ", "Hồng", "Bích", "Thu", "Diễm", "Thị Kim", "Thị Mỹ"],
};
const givens = {
  male: [
    "Hùng",
    "Dũng",
    "Tuấn",
    "Phúc",
    "Tài",
    "Lộc",
    "Khang",
    "Sơn",
    "Hải",
    "Long",
    "Nam",
    "Thắng",
    "Toàn",
    "Vũ",
    "Hiếu",
    "Nhân",
    "Nghĩa",
    "Tâm",
    "Trí",
    "Thành",
    "Bảo",
    "Khoa",
    "Quang",
    "Đạt",
    "Hậu",
    "Lợi",
    "Tùng",
    "Định",
    "Cường",
  ],
  female: [
    "Lan",
    "Hoa",
    "Hương",
    "Mai",
    "Thảo",
    "Linh",
    "Trang",
    "Nhung",
    "Hằng",
    "Yến",
    "Loan",
    "Phượng",
    "Tuyết",
    "Ngân",
    "Diễm",
    "Trinh",
    "Thủy",
    "Hạnh",
    "Nga",
    "Vân",
    "Oanh",
    "Nhi",
    "Ánh",
    "Thư",
    "Uyên",
    "Đào",
    "Kiều",
    "Xuân",
  ],
};
const pad = (n, w) => String(n).padStart(w, "0");
const dmy = (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const HEADERS = [
  "Họ và tên",
  "Mã số BHXH",
  "Ngày sinh",
  "Giới tính",
  "Số định danh cá nhân (CCCD)",
  "Số điện thoại",
  "Dân tộc",
  "Quốc tịch",
  "Số tháng đóng",
  "Mức thu nhập làm căn cứ đóng / tỷ lệ lương cơ sở",
  "Số tiền đóng",
  "Ngày biên lai",
  "Mã xã nơi cư trú",
  "Phương án",
  "Số biên lai",
];
const csvCell = (c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);

/** Writes the D05-TS list (UTF-8, no BOM): every line good, so every line goes the whole write path. */
function writeList(file, communes) {
  const rnd = prng(20240701);
  const dues = new Map();
  const due = (receiptDate, income, months) => {
    const k = `${receiptDate}|${income}|${months}`;
    let v = dues.get(k);
    if (v === undefined) {
      v = voluntaryContribution({ paymentDate: receiptDate, monthlyIncome: income, supportGroups: [], plan: { kind: "periodic", months } }).totals.net;
      dues.set(k, v);
    }
    return v;
  };
  const lines = [HEADERS.join(",")];
  for (let i = 0; i < ROWS; i++) {
    const gender = rnd() < 0.55 ? "female" : "male";
    const pickOf = (list) => list[Math.floor(rnd() * list.length)];
    const fullName = `${pickOf(families)} ${pickOf(middles[gender])} ${pickOf(givens[gender])}`;
    const year = 1966 + Math.floor(rnd() * 40);
    const birthDate = `${year}-${pad(1 + Math.floor(rnd() * 12), 2)}-${pad(1 + Math.floor(rnd() * 28), 2)}`;
    // Birth-registration province 091, century/gender digit, two-digit year, a serial unique in the file.
    const personalId = `091${(year < 2000 ? 0 : 2) + (gender === "female" ? 1 : 0)}${String(year).slice(2)}${pad(i, 6)}`;
    const receiptDate = `2024-${pad(7 + Math.floor(rnd() * 6), 2)}-${pad(1 + Math.floor(rnd() * 28), 2)}`;
    const months = pickOf([1, 3, 6, 12]);
    const income = pickOf([1_500_000, 2_000_000, 3_000_000, 5_000_000]);
    const phone = `09${pad(Math.floor(rnd() * 100_000_000), 8)}`;
    const cells = [
      fullName,
      "",
      dmy(birthDate),
      gender === "female" ? "Nữ" : "Nam",
      personalId,
      phone,
      "Kinh",
      "Việt Nam",
      String(months),
      income.toLocaleString("vi-VN"),
      due(receiptDate, income, months).toLocaleString("vi-VN"),
      dmy(receiptDate),
      pickOf(communes),
      pickOf(["Tăng mới", "Đóng tiếp"]),
      `BENCH-${pad(i + 1, 7)}`,
    ];
    lines.push(cells.map(csvCell).join(","));
  }
  writeFileSync(file, lines.join("\r\n") + "\r\n");
}

// --- the API child ------------------------------------------------------------------------------
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

function vm(pid, field) {
  try {
    const m = readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
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

// --- HTTP ------------------------------------------------------------------------------------------
let base = "";
let origin = "";
let cookie = "";
async function trpc(proc, input, mutation = false) {
  const res = mutation
    ? await fetch(`${base}/trpc/${proc}`, { method: "POST", headers: { origin, cookie, "content-type": "application/json" }, body: JSON.stringify(input) })
    : await fetch(`${base}/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { origin, cookie } });
  const body = await res.json();
  if (!res.ok) throw new Error(`${proc}: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
  return body.result.data;
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
async function timeSearches(label, searches) {
  const times = [];
  let hits = 0;
  // Two warm-up requests, not counted.
  for (const s of searches.slice(0, 2)) await trpc("participants.list", { search: s, limit: 20 });
  for (const s of searches) {
    const t0 = performance.now();
    const r = await trpc("participants.list", { search: s, limit: 20 });
    times.push(performance.now() - t0);
    if (r.total > 0) hits++;
  }
  times.sort((a, b) => a - b);
  const out = { requests: times.length, withResults: hits, p50: quantile(times, 0.5), p95: quantile(times, 0.95), max: times.at(-1) };
  log(`${label}: p50 ${fmt(out.p50, 1)} ms, p95 ${fmt(out.p95, 1)} ms, max ${fmt(out.max, 1)} ms (${hits}/${times.length} with results)`);
  return out;
}

/** Starts the built API as a child process on a free port; resolves when /health answers. */
async function startApi() {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  origin = base;
  api = spawn(process.execPath, [path.join(apiDir, "dist/main.js")], {
    env: cliEnv({ API_PORT: String(port), API_HOST: "127.0.0.1", PUBLIC_URL: origin }),
    stdio: ["ignore", "inherit", "inherit"],
  });
  for (let i = 0; ; i++) {
    if (api.exitCode !== null) throw new Error(`the API stopped (exit ${api.exitCode})`);
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      /* not yet */
    }
    if (i > 300) throw new Error("the API did not start in 30 s");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Stops the API (SIGTERM: its worker finishes the chunk in hand) and waits for it to exit. */
async function stopApi() {
  if (!api || api.exitCode !== null) return;
  const exited = new Promise((r) => api.once("exit", r));
  api.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
  if (api.exitCode === null) {
    api.kill("SIGKILL");
    await exited;
  }
}

async function signIn(email, password) {
  const res = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { origin, "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

// --- the run ---------------------------------------------------------------------------------------
async function main() {
  const t00 = performance.now();
  if (!existsSync(path.join(apiDir, "dist/main.js"))) throw new Error("build the API first: pnpm turbo run build --filter=@ansinh/api");
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    rows: ROWS,
    participants: PARTICIPANTS,
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

  // Areas: the real 2024 units when the shared data is there, else just the communes needed.
  // An admin, through the CLI (its database open applies the migrations).
  const email = "bench-admin@example.org";
  const password = randomBytes(18).toString("base64url");
  cli("user:create", "--email", email, "--name", "Bench admin", "--admin", "--password", password);
  let unitsSource;
  if (existsSync(UNITS)) {
    const t0 = performance.now();
    cli("import-areas", UNITS, "--valid-from", VALID_FROM, "--valid-to", VALID_TO);
    unitsSource = `units-2024.csv (${fmt(readFileSync(UNITS, "utf8").trim().split("\n").length - 1)} units, ${fmt(seconds(t0), 1)} s)`;
  } else {
    unitsSource = "ABSENT: ../shared/data/admin-units/units-2024.csv not found — fell back to the demo's U Minh Thượng communes";
    console.warn(`\n*** ${unitsSource} ***\n`);
  }
  sql = postgres(dbUrl.toString(), { max: 4, onnotice: () => {} });
  results.postgres = (await sql`show server_version`)[0].server_version;
  if (!existsSync(UNITS)) {
    const rows = [
      { code: PROVINCE, name: "Kiên Giang", level: "province", unit_type: "Tỉnh", parent_code: null },
      { code: "913", name: "U Minh Thượng", level: "district", unit_type: "Huyện", parent_code: PROVINCE },
      ...["31012", "31015", "31027", "31054", "31057", "31066"].map((code, i) => ({
        code,
        name: `Xã ${i + 1}`,
        level: "commune",
        unit_type: "Xã",
        parent_code: "913",
      })),
    ].map((r) => ({ ...r, valid_from: VALID_FROM, valid_to: VALID_TO }));
    await sql`insert into areas ${sql(rows)}`;
  }
  results.units = unitsSource;
  const communes = (
    await sql`select c.code from areas c join areas d on d.code = c.parent_code and d.valid_from = c.valid_from
              where c.level = 'commune' and d.parent_code = ${PROVINCE} and c.valid_from = ${VALID_FROM} order by c.code`
  ).map((r) => r.code);
  if (communes.length === 0) throw new Error(`no communes of province ${PROVINCE}`);
  log(`areas: ${unitsSource}; ${communes.length} communes of province ${PROVINCE}`);

  // An agent for the province.
  const [agent] = await sql`insert into agents (name, kind, province_code, area_code, area_valid_on)
                            values ('Đại lý đo tốc độ (bench)', 'post_office', ${PROVINCE}, ${PROVINCE}, ${VALID_FROM}) returning id`;

  // The list.
  let t0 = performance.now();
  const file = path.join(work, "d05-ts-bench.csv");
  writeList(file, communes);
  const size = statSync(file).size;
  log(`list: ${fmt(ROWS)} lines, ${fmt(size / 2 ** 20, 1)} MiB, written in ${fmt(seconds(t0), 1)} s`);
  results.file = { lines: ROWS, bytes: size };

  // Baseline: a plain COPY of the same lines into an unindexed table.
  await sql.unsafe(`create unlogged table copy_baseline (${HEADERS.map((_, i) => `c${i} text`).join(", ")})`);
  t0 = performance.now();
  await pipeline(createReadStream(file), await sql`copy copy_baseline from stdin with (format csv, header true)`.writable());
  const copySeconds = seconds(t0);
  const [{ n: copied }] = await sql`select count(*)::int as n from copy_baseline`;
  if (copied !== ROWS) throw new Error(`COPY loaded ${copied} rows, not ${ROWS}`);
  await sql`drop table copy_baseline`;
  results.copy = { seconds: copySeconds, rowsPerSecond: ROWS / copySeconds, table: "unlogged, unindexed, 15 text columns" };
  log(`COPY baseline: ${fmt(copySeconds, 2)} s, ${fmt(ROWS / copySeconds)} rows/s`);

  // The API, and an admin signed in over HTTP.
  await startApi();
  const rssAtStart = vm(api.pid, "VmRSS");
  let peak = vm(api.pid, "VmHWM") ?? 0;
  const sampler = setInterval(() => {
    const v = api && api.exitCode === null ? vm(api.pid, "VmHWM") : null;
    if (v !== null && v > peak) peak = v;
  }, 250);
  cleanups.push(async () => clearInterval(sampler));
  await signIn(email, password);

  // Upload, start, poll.
  const tImport = performance.now();
  const up = await fetch(`${base}/api/imports/upload?agentId=${agent.id}&scheme=voluntary_social_insurance&fileName=d05-ts-bench.csv`, {
    method: "POST",
    headers: { origin, cookie, "content-type": "text/csv" },
    body: readFileSync(file),
  });
  const upload = await up.json();
  if (!up.ok) throw new Error(`upload: ${up.status} ${JSON.stringify(upload)}`);
  const uploadSeconds = seconds(tImport);
  const started = await trpc(
    "imports.start",
    {
      agentId: agent.id,
      scheme: "voluntary_social_insurance",
      hash: upload.hash,
      format: upload.format,
      fileName: upload.fileName,
      mapping: upload.suggested,
      dryRun: false,
    },
    true,
  );
  let batch;
  let lastLog = 0;
  let stoppedEarly = false;
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    batch = await trpc("imports.batch", { id: started.batchId });
    if (batch.finished) break;
    if (api.exitCode !== null) throw new Error(`the API stopped during the import (exit ${api.exitCode})`);
    if (IMPORT_SECONDS > 0 && seconds(tImport) >= IMPORT_SECONDS) {
      stoppedEarly = true;
      break;
    }
    if (performance.now() - lastLog > 15_000) {
      lastLog = performance.now();
      log(
        `import: ${fmt(batch.processedRows)}/${fmt(batch.totalRows ?? ROWS)} lines, ${fmt(batch.processedRows / seconds(tImport))} rows/s, peak RSS ${fmt(peak / 2 ** 20)} MB`,
      );
    }
  }
  let importSeconds = seconds(tImport);
  peak = Math.max(peak, vm(api.pid, "VmHWM") ?? 0);
  if (stoppedEarly) {
    // Time is up: the API is stopped (its worker commits the chunk in hand), the job taken off the
    // queue and the batch marked failed, so the restarted API does not resume it.
    await stopApi();
    importSeconds = seconds(tImport);
    await sql`delete from jobs`;
    [batch] =
      await sql`update import_batches set status = 'failed', error = 'bench: stopped at its time limit', finished_at = now() where id = ${started.batchId}
                        returning status, processed_rows::int as "processedRows", imported::int, duplicates::int, rejected::int`;
  }
  const processed = batch.processedRows;
  results.import = {
    lines: processed,
    complete: !stoppedEarly,
    seconds: importSeconds,
    uploadSeconds,
    rowsPerSecond: processed / importSeconds,
    status: batch.status,
    imported: batch.imported,
    duplicates: batch.duplicates,
    rejected: batch.rejected,
    apiRssAtStartMB: rssAtStart / 2 ** 20,
    apiPeakRssMB: peak / 2 ** 20,
  };
  log(
    `import: ${stoppedEarly ? `stopped after ${IMPORT_SECONDS} s (BENCH_IMPORT_SECONDS) at ${fmt(processed)} of ${fmt(ROWS)} lines` : batch.status}, ${fmt(batch.imported)} imported, ${batch.duplicates} duplicates, ${batch.rejected} rejected in ${fmt(importSeconds, 1)} s: ` +
      `${fmt(processed / importSeconds)} rows/s; API peak RSS ${fmt(peak / 2 ** 20)} MB`,
  );
  if (batch.rejected > 0 || batch.imported !== processed) {
    log("not every line was imported: see the batch's report (imports.rows) — the figures include those lines");
  }
  if (stoppedEarly) {
    await startApi();
    await signIn(email, password);
  }

  // --- search at PARTICIPANTS -------------------------------------------------------------------
  const [{ n: have }] = await sql`select count(*)::int as n from participants`;
  const extra = Math.max(0, PARTICIPANTS - have);
  await sql`drop index participants_name_key_trgm_idx`;
  const famD = families,
    famK = families.map(normaliseName);
  const mD = [...middles.male, ...middles.female],
    mK = mD.map(normaliseName);
  const gMD = givens.male,
    gMK = gMD.map(normaliseName),
    gFD = givens.female,
    gFK = gFD.map(normaliseName);
  t0 = performance.now();
  // Realistic rows: names from the same lists (display and normalised key), personal IDs valid for
  // their birth year and gender (birth-registration province 079, serial = the row number).
  await sql`
    insert into participants (province_code, personal_id, full_name, name_key, birth_date, gender, phone, commune_code, commune_valid_on, ethnicity)
    select ${PROVINCE}, '079' || (case when y >= 2000 then 2 else 0 end + case when female then 1 else 0 end)::text || right(y::text, 2) || lpad(i::text, 6, '0'),
           (${famD}::text[])[1 + f] || ' ' || (${mD}::text[])[1 + m] || ' ' || (case when female then (${gFD}::text[])[1 + g % ${gFD.length}] else (${gMD}::text[])[1 + g % ${gMD.length}] end),
           (${famK}::text[])[1 + f] || ' ' || (${mK}::text[])[1 + m] || ' ' || (case when female then (${gFK}::text[])[1 + g % ${gFK.length}] else (${gMK}::text[])[1 + g % ${gMK.length}] end),
           make_date(y, 1 + i % 12, 1 + i % 28), case when female then 'female' else 'male' end, '09' || lpad(((i::bigint * 7919) % 100000000)::text, 8, '0'),
           (${communes}::text[])[1 + i % ${communes.length}], ${VALID_FROM}::date, 'Kinh'
    from (select i, 1966 + (i * 31) % 40 as y, (i * 17) % 100 < 55 as female, (i * 13 + i / 7) % ${famD.length} as f,
                 (i * 7 + i / 3) % ${mD.length} as m, (i * 11 + i / 5) as g
          from generate_series(1, ${extra}::int) i) s`;
  const insertSeconds = seconds(t0);
  log(`participants: ${fmt(extra)} inserted in ${fmt(insertSeconds, 1)} s (${fmt(have)} from the import)`);
  await sql`vacuum analyze participants`;
  const [{ n: total }] = await sql`select count(*)::int as n from participants`;
  results.search = { participants: total, bulkInsertSeconds: insertSeconds };

  // The searches: full names as typed without diacritics (lower and title case), and personal IDs.
  const sample = await sql`select full_name, personal_id from participants tablesample system (1) limit ${REQUESTS}`;
  const byName = sample.map((r, i) => {
    const key = normaliseName(r.full_name);
    return i % 2 ? key : key.replace(/\b\w/g, (c) => c.toUpperCase());
  });
  const byId = sample.map((r) => r.personal_id);
  const explain = async () => {
    const key = normaliseName(sample[0].full_name);
    const plan = (
      await sql`explain select p.id from participants p where p.merged_into_id is null and p.name_key like ${`%${key}%`} order by lower(p.name_key) limit 20`
    )
      .map((r) => r["QUERY PLAN"])
      .join("\n");
    return plan;
  };
  const planBefore = await explain();
  results.search.nameBaseline = await timeSearches("name search, no trigram index", byName.slice(0, BASELINE_REQUESTS));
  results.search.idBaseline = await timeSearches("personal-ID search, no trigram index", byId);
  t0 = performance.now();
  await sql`create index participants_name_key_trgm_idx on participants using gin (name_key gin_trgm_ops)`;
  await sql`analyze participants`;
  results.search.indexBuildSeconds = seconds(t0);
  log(`trigram index built in ${fmt(results.search.indexBuildSeconds, 1)} s`);
  const planAfter = await explain();
  results.search.planUsesTrigramIndex = planAfter.includes("participants_name_key_trgm_idx");
  log(`EXPLAIN of a name search with the index:\n${planAfter}`);
  if (!results.search.planUsesTrigramIndex) log(`WARNING: the plan does not use the trigram index. Without it:\n${planBefore}`);
  results.search.name = await timeSearches("name search, trigram index", byName);
  results.search.id = await timeSearches("personal-ID search, trigram index", byId);
  results.search.apiPeakRssMB = (vm(api.pid, "VmHWM") ?? 0) / 2 ** 20;
  results.totalSeconds = seconds(t00);

  // --- the figures ------------------------------------------------------------------------------------
  const s = results.search;
  const table = [
    "| Measure | Figure | Baseline | Ratio |",
    "| --- | ---: | ---: | ---: |",
    `| Import of ${stoppedEarly ? `the first ${fmt(processed)} lines of a ${fmt(ROWS)}-line` : `a ${fmt(ROWS)}-line`} D05-TS list through the API, all validation (rows/s) | ${fmt(results.import.rowsPerSecond)} | COPY into an unindexed table: ${fmt(results.copy.rowsPerSecond)} | ${fmt(results.copy.rowsPerSecond / results.import.rowsPerSecond, 1)}× slower than COPY |`,
    `| Import wall time (s) | ${fmt(importSeconds, 1)} | COPY: ${fmt(copySeconds, 2)} | |`,
    `| API peak RSS during the import (MB, VmHWM; goal < 500) | ${fmt(results.import.apiPeakRssMB)} | at start: ${fmt(results.import.apiRssAtStartMB)} | |`,
    `| Name search without diacritics at ${fmt(total)} participants, p50 (ms) | ${fmt(s.name.p50, 1)} | no trigram index: ${fmt(s.nameBaseline.p50, 1)} | ${fmt(s.nameBaseline.p50 / s.name.p50, 1)}× faster |`,
    `| Name search, p95 (ms; goal < 100) | ${fmt(s.name.p95, 1)} | no trigram index: ${fmt(s.nameBaseline.p95, 1)} | ${fmt(s.nameBaseline.p95 / s.name.p95, 1)}× faster |`,
    `| Personal-ID search, p50 (ms) | ${fmt(s.id.p50, 1)} | no trigram index: ${fmt(s.idBaseline.p50, 1)} | |`,
    `| Personal-ID search, p95 (ms; goal < 100) | ${fmt(s.id.p95, 1)} | no trigram index: ${fmt(s.idBaseline.p95, 1)} | |`,
  ].join("\n");
  results.markdown = table;
  console.log(
    `\n## Registry speed (${results.date.slice(0, 10)}, ${results.machine.cpus} CPUs, ${results.machine.memoryGiB} GiB, Node ${process.version})\n\n${table}\n`,
  );
  console.log(
    `Areas: ${unitsSource}. Import: ${stoppedEarly ? `stopped after ${IMPORT_SECONDS} s (set BENCH_IMPORT_SECONDS=0 to import the whole file), ` : ""}${results.import.imported} imported, ${results.import.duplicates} duplicates, ${results.import.rejected} rejected. ` +
      `Search: ${REQUESTS} requests each (${s.name.withResults} name searches with results; ${BASELINE_REQUESTS} name searches without the index), page of 20, signed-in admin; ${fmt(extra)} participants bulk-inserted in ${fmt(insertSeconds, 1)} s, ` +
      `trigram index built in ${fmt(s.indexBuildSeconds, 1)} s; the plan ${s.planUsesTrigramIndex ? "uses" : "does NOT use"} it. Whole run ${fmt(results.totalSeconds)} s.`,
  );
  mkdirSync(path.join(root, "bench"), { recursive: true });
  writeFileSync(path.join(root, "bench/registry-results.json"), JSON.stringify(results, null, 2) + "\n");
  log("figures written to bench/registry-results.json");
}

let code = 0;
// Ctrl-C: stop the API and drop the database all the same.
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
