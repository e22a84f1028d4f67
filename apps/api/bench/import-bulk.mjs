#!/usr/bin/env node
// The bulk import's benchmark: a D05-TS list of BENCH_IMPORT_ROWS good lines (default
// 1,000,000) imported through the real path — the built API as a child process, an admin signed in
// over HTTP, the upload route, `imports.start`, `imports.batch` polled until done — with every
// rule checked, against a baseline measured in the same run: a plain COPY of the same file into an
// unindexed table of text columns. Also the API process's peak RSS (VmHWM from /proc/<pid>/status).
//
// Also the storage floor: the same stored rows inserted again into the real tables (indexes,
// triggers, aggregates once per statement), timed inside a transaction that is rolled back.
// BENCH_API_NODE_ARGS: node flags for the API process (e.g. "--cpu-prof --cpu-prof-dir=/tmp/p");
// BENCH_API_MAIN: another build's dist/main.js to import with (before/after in the same conditions).
// Env: BENCH_DATABASE_URL (a server; default postgres://postgres@127.0.0.1:5432): a fresh database
// ansinh_bench_import_<time> is made there and dropped at the end. BENCH_IMPORT_ROWS (1000000),
// BENCH_IMPORT_DB_PREFIX (the database's name before _<time>; default ansinh_bench_import),
// BENCH_IMPORT_CHUNK (the API's IMPORT_BULK_CHUNK; default the API's own), BENCH_IMPORT_PATH
// (bulk | rows: the path the API takes; default bulk), BENCH_IMPORT_DEFER_AGGREGATES=1 (the API's
// IMPORT_BULK_DEFER_AGGREGATES=on), BENCH_KEEP_DATABASE=1 (keep it, to look).
// Areas: ../shared/data/admin-units/units-2025.csv beside the checkout, or BENCH_IMPORT_UNITS (said clearly when absent:
// a few made-up communes are used instead). Figures: a Markdown table on stdout and
// bench/import-results.json at the repository root (ignored by git).
//
// `runImportBench(options)` runs it from another script (an orchestrator); options override the env:
// { rows, databaseUrl, databasePrefix, chunk, path, deferAggregates, keepDatabase, writeResults }. It resolves to the results object.
import { execFileSync, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { copyFileSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pipeline } from "node:stream/promises";
import { clearInterval, setInterval } from "node:timers";
import { fileURLToPath, pathToFileURL } from "node:url";
import postgres from "postgres";
import { voluntaryContribution } from "@ansinh/domain/contributions";

const here = path.dirname(fileURLToPath(import.meta.url));
const apiDir = path.resolve(here, "..");
const root = path.resolve(apiDir, "../..");
const UNITS = process.env.BENCH_IMPORT_UNITS ?? path.resolve(root, "../shared/data/admin-units/units-2025.csv");
const VALID_FROM = "2025-07-01";
/** The upload route's own limit (50 MiB): a larger list is put where the route would have stored it. */
const UPLOAD_LIMIT = 50 * 1024 * 1024;

const log = (...a) => console.log(`[bench-import ${new Date().toISOString().slice(11, 19)}]`, ...a);
const seconds = (t0) => (performance.now() - t0) / 1000;
const fmt = (n, d = 0) => Number(n).toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const pad = (n, w) => String(n).padStart(w, "0");
const dmy = (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

// --- the agent's list (as apps/api/bench/registry.mjs makes it, on 2025 dates) --------------------
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

/** Writes the list (UTF-8, no BOM), every line good, a piece at a time; returns its sha256. */
function writeList(file, rows, communes) {
  const rnd = prng(20250701);
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
  const hash = createHash("sha256");
  writeFileSync(file, "");
  let piece = [HEADERS.join(",")];
  const flush = () => {
    const text = piece.join("\r\n") + "\r\n";
    hash.update(text);
    writeFileSync(file, text, { flag: "a" });
    piece = [];
  };
  for (let i = 0; i < rows; i++) {
    const gender = rnd() < 0.55 ? "female" : "male";
    const pickOf = (list) => list[Math.floor(rnd() * list.length)];
    const fullName = `${pickOf(families)} ${pickOf(middles[gender])} ${pickOf(givens[gender])}`;
    const year = 1966 + Math.floor(rnd() * 40);
    const birthDate = `${year}-${pad(1 + Math.floor(rnd() * 12), 2)}-${pad(1 + Math.floor(rnd() * 28), 2)}`;
    // Birth-registration province 091, century/gender digit, two-digit year, a serial unique in the file.
    const personalId = `0${pad(1 + (Math.floor(i / 1_000_000) % 96), 2)}${(year < 2000 ? 0 : 2) + (gender === "female" ? 1 : 0)}${String(year).slice(2)}${pad(i % 1_000_000, 6)}`;
    const receiptDate = `2025-${pad(7 + Math.floor(rnd() * 5), 2)}-${pad(1 + Math.floor(rnd() * 28), 2)}`;
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
      `BULK-${pad(i + 1, 8)}`,
    ];
    piece.push(cells.map(csvCell).join(","));
    if (piece.length >= 50_000) flush();
  }
  flush();
  return hash.digest("hex");
}

// --- helpers ---------------------------------------------------------------------------------------
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

/** CPU seconds (user + system) a process has used so far (Linux /proc; clock ticks of 1/100 s). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Runs the benchmark; see the file's comment. */
export async function runImportBench(options = {}) {
  const ROWS = Number(options.rows ?? process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
  const CHUNK = options.chunk ?? process.env.BENCH_IMPORT_CHUNK ?? null;
  const PATH = options.path ?? process.env.BENCH_IMPORT_PATH ?? "bulk";
  const DEFER = options.deferAggregates ?? process.env.BENCH_IMPORT_DEFER_AGGREGATES === "1";
  const keep = options.keepDatabase ?? process.env.BENCH_KEEP_DATABASE === "1";
  const serverUrl = new URL(options.databaseUrl ?? process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432");
  const prefix = options.databasePrefix ?? process.env.BENCH_IMPORT_DB_PREFIX ?? "ansinh_bench_import";
  const dbName = `${prefix}_${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${process.pid}`;
  const adminUrl = new URL(serverUrl);
  adminUrl.pathname = "/postgres";
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${dbName}`;
  if (!existsSync(path.join(apiDir, "dist/main.js"))) throw new Error("build the API first: pnpm turbo run build --filter=@ansinh/api...");

  const work = mkdtempSync(path.join(os.tmpdir(), "ansinh-bench-import-"));
  const dataDir = path.join(work, "data");
  const authSecret = randomBytes(32).toString("hex");
  const env = (extra = {}) => ({
    ...process.env,
    DATABASE_URL: dbUrl.toString(),
    AUTH_SECRET: authSecret,
    DATA_DIR: dataDir,
    SEED_DEMO: "0",
    LOG_LEVEL: "warn",
    ...extra,
  });
  const cli = (...args) =>
    execFileSync(process.execPath, [path.join(apiDir, "dist/cli.js"), ...args], { env: env(), stdio: ["ignore", "pipe", "inherit"] }).toString();
  let api = null;
  let sql = null;
  let sampler = null;
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    rows: ROWS,
    path: PATH,
    aggregates: DEFER ? "deferred: rebuilt once at the batch's end" : "kept by the triggers in each chunk's transaction",
  };

  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  await admin.end();
  log(`database ${dbName} on ${serverUrl.host}`);
  try {
    // An admin through the CLI (opening the database applies the migrations), then the 2025 units.
    const email = "bench-import@example.org";
    const password = randomBytes(18).toString("base64url");
    cli("user:create", "--email", email, "--name", "Bench admin", "--admin", "--password", password);
    sql = postgres(dbUrl.toString(), { max: 2, onnotice: () => {} });
    results.postgres = (await sql`show server_version`)[0].server_version;
    let province;
    if (existsSync(UNITS)) {
      const t0 = performance.now();
      cli("import-areas", UNITS, "--valid-from", VALID_FROM);
      results.units = `units-2025.csv (${fmt(readFileSync(UNITS, "utf8").trim().split("\n").length - 1)} units, ${fmt(seconds(t0), 1)} s)`;
      // The province with the most communes.
      [{ code: province }] = await sql`select parent_code as code from areas where level = 'commune' and valid_from = ${VALID_FROM}
                                       group by parent_code order by count(*) desc, parent_code limit 1`;
    } else {
      results.units = "ABSENT: ../shared/data/admin-units/units-2025.csv not found — a made-up province of 20 communes is used instead";
      console.warn(`\n*** ${results.units} ***\n`);
      province = "91";
      const rows = [
        { code: province, name: "Tỉnh thử", level: "province", unit_type: "Tỉnh", parent_code: null },
        ...Array.from({ length: 20 }, (_, i) => ({
          code: `3${pad(1000 + i, 4)}`,
          name: `Xã ${i + 1}`,
          level: "commune",
          unit_type: "Xã",
          parent_code: province,
        })),
      ].map((r) => ({ ...r, valid_from: VALID_FROM, valid_to: null }));
      await sql`insert into areas ${sql(rows)}`;
    }
    const communes = (await sql`select code from areas where level = 'commune' and parent_code = ${province} and valid_from = ${VALID_FROM} order by code`).map(
      (r) => r.code,
    );
    log(`areas: ${results.units}; province ${province}, ${communes.length} communes`);
    const [agent] = await sql`insert into agents (name, kind, province_code, area_code, area_valid_on)
                              values ('Bưu điện tỉnh (bench)', 'post_office', ${province}, ${province}, ${VALID_FROM}) returning id`;

    // The list.
    let t0 = performance.now();
    const file = path.join(work, "d05-ts-bench.csv");
    const hash = writeList(file, ROWS, communes);
    const size = statSync(file).size;
    log(`list: ${fmt(ROWS)} lines, ${fmt(size / 2 ** 20, 1)} MiB, written in ${fmt(seconds(t0), 1)} s`);
    results.file = { lines: ROWS, bytes: size };

    // Baseline: COPY of the same file into an unindexed table of text columns (and, for reference, an unlogged one).
    const copyInto = async (kind) => {
      await sql.unsafe(`create ${kind === "unlogged" ? "unlogged " : ""}table copy_baseline (${HEADERS.map((_, i) => `c${i} text`).join(", ")})`);
      const t = performance.now();
      await pipeline(createReadStream(file), await sql`copy copy_baseline from stdin with (format csv, header true)`.writable());
      const s = seconds(t);
      const [{ n }] = await sql`select count(*)::int as n from copy_baseline`;
      await sql`drop table copy_baseline`;
      if (n !== ROWS) throw new Error(`COPY loaded ${n} rows, not ${ROWS}`);
      log(`COPY into an unindexed ${kind} table of text columns: ${fmt(s, 2)} s, ${fmt(ROWS / s)} rows/s`);
      return { seconds: s, rowsPerSecond: ROWS / s };
    };
    results.copy = { ...(await copyInto("logged")), table: "logged, unindexed, 15 text columns" };
    results.copyUnlogged = { ...(await copyInto("unlogged")), table: "unlogged, unindexed, 15 text columns" };
    await sql`checkpoint`;

    // The API.
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    api = spawn(
      process.execPath,
      [...(process.env.BENCH_API_NODE_ARGS ?? "").split(" ").filter(Boolean), process.env.BENCH_API_MAIN ?? path.join(apiDir, "dist/main.js")],
      {
        env: env({
          API_PORT: String(port),
          API_HOST: "127.0.0.1",
          PUBLIC_URL: base,
          IMPORT_BULK: PATH === "rows" ? "off" : "on",
          IMPORT_BULK_DEFER_AGGREGATES: DEFER ? "on" : "off",
          ...(CHUNK ? { IMPORT_BULK_CHUNK: String(CHUNK) } : {}),
        }),
        stdio: ["ignore", "inherit", "inherit"],
      },
    );
    for (let i = 0; ; i++) {
      if (api.exitCode !== null) throw new Error(`the API stopped (exit ${api.exitCode})`);
      if (
        await fetch(`${base}/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (i > 300) throw new Error("the API did not start in 30 s");
      await new Promise((r) => setTimeout(r, 100));
    }
    const rssAtStart = vm(api.pid, "VmRSS");
    let peak = vm(api.pid, "VmHWM") ?? 0;
    sampler = setInterval(() => {
      const v = api && api.exitCode === null ? vm(api.pid, "VmHWM") : null;
      if (v !== null && v > peak) peak = v;
    }, 250);
    const signIn = await fetch(`${base}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { origin: base, "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    if (!signIn.ok) throw new Error(`sign-in: ${signIn.status} ${await signIn.text()}`);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const trpc = async (proc, input, mutation = false) => {
      const res = mutation
        ? await fetch(`${base}/trpc/${proc}`, {
            method: "POST",
            headers: { origin: base, cookie, "content-type": "application/json" },
            body: JSON.stringify(input),
          })
        : await fetch(`${base}/trpc/${proc}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, {
            headers: { origin: base, cookie },
          });
      const body = await res.json();
      if (!res.ok) throw new Error(`${proc}: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
      return body.result.data;
    };

    // Upload (the route takes at most 50 MiB: a larger list is put where the route stores files,
    // `<DATA_DIR>/imports/<sha256>.csv`, and its header read back by the same route with a small file).
    t0 = performance.now();
    let upload;
    if (size <= UPLOAD_LIMIT) {
      const up = await fetch(`${base}/api/imports/upload?agentId=${agent.id}&scheme=voluntary_social_insurance&fileName=d05-ts-bench.csv`, {
        method: "POST",
        headers: { origin: base, cookie, "content-type": "text/csv" },
        body: createReadStream(file),
        duplex: "half",
      });
      upload = await up.json();
      if (!up.ok) throw new Error(`upload: ${up.status} ${JSON.stringify(upload)}`);
      results.upload = { route: true, seconds: seconds(t0) };
    } else {
      const head = readFileSync(file, "utf8").slice(0, 4096).split("\r\n").slice(0, 2).join("\r\n") + "\r\n";
      const up = await fetch(`${base}/api/imports/upload?agentId=${agent.id}&scheme=voluntary_social_insurance&fileName=d05-ts-bench.csv`, {
        method: "POST",
        headers: { origin: base, cookie, "content-type": "text/csv" },
        body: head,
      });
      upload = await up.json();
      if (!up.ok) throw new Error(`upload: ${up.status} ${JSON.stringify(upload)}`);
      mkdirSync(path.join(dataDir, "imports"), { recursive: true });
      copyFileSync(file, path.join(dataDir, "imports", `${hash}.csv`));
      upload = { ...upload, hash };
      results.upload = {
        route: false,
        seconds: seconds(t0),
        note: `the list (${fmt(size / 2 ** 20)} MiB) is over the route's 50 MiB: put in DATA_DIR/imports by the bench`,
      };
      log(results.upload.note);
    }

    // Start and poll.
    /** CPU seconds so far of each PostgreSQL backend serving the API (its pool's connections). */
    const backendsCpu = async () =>
      new Map(
        (await sql`select pid from pg_stat_activity where datname = current_database() and application_name = 'ansinh'`).map((r) => [
          r.pid,
          cpuSeconds(r.pid) ?? 0,
        ]),
      );
    const backendsAtStart = await backendsCpu();
    const tImport = performance.now();
    const cpuAtStart = cpuSeconds(api.pid);
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
    let firstProgress = null;
    for (;;) {
      batch = await trpc("imports.batch", { id: started.batchId });
      if (batch.processedRows > 0 && firstProgress === null) firstProgress = seconds(tImport);
      if (batch.finished || batch.status === "failed") break;
      if (api.exitCode !== null) throw new Error(`the API stopped during the import (exit ${api.exitCode})`);
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(
          `import: ${fmt(batch.processedRows)}/${fmt(batch.totalRows ?? ROWS)} lines after ${fmt(seconds(tImport), 1)} s, peak RSS ${fmt(peak / 2 ** 20)} MB`,
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const importSeconds = seconds(tImport);
    const cpuAtEnd = cpuSeconds(api.pid);
    // The API's own CPU (reading, checking, deciding, encoding): what the other core's PostgreSQL work
    // can overlap with; unlike wall time it hardly moves with the machine's load.
    const apiCpuSeconds = cpuAtStart !== null && cpuAtEnd !== null ? cpuAtEnd - cpuAtStart : null;
    // PostgreSQL's CPU for the import: its backends' time since the start (a connection the pool
    // opened meanwhile counts whole).
    let postgresCpuSeconds = 0;
    for (const [pid, t] of await backendsCpu()) postgresCpuSeconds += t - (backendsAtStart.get(pid) ?? 0);
    clearInterval(sampler);
    sampler = null;
    const v = vm(api.pid, "VmHWM");
    if (v !== null && v > peak) peak = v;
    if (batch.status !== "done") throw new Error(`the import ended ${batch.status}: ${batch.error}`);
    const [check] = await sql`select (select count(*)::int from participants) as participants, (select count(*)::int from payments) as payments,
                                     (select count(*)::int from import_rows) as lines`;
    results.import = {
      seconds: importSeconds,
      rowsPerSecond: ROWS / importSeconds,
      secondsToFirstCommittedChunk: firstProgress,
      imported: batch.imported,
      duplicates: batch.duplicates,
      rejected: batch.rejected,
      stored: check,
      apiCpuSeconds,
      postgresCpuSeconds,
      apiCpuMicrosecondsPerLine: apiCpuSeconds === null ? null : (apiCpuSeconds * 1e6) / ROWS,
      loadAverage: os.loadavg(),
      apiRssAtStartMB: rssAtStart / 2 ** 20,
      apiPeakRssMB: peak / 2 ** 20,
      chunk: CHUNK ? Number(CHUNK) : "API default",
    };
    // The storage floor: the same stored rows written again into the real tables, with
    // their indexes and triggers (the aggregates refreshed once per statement), in one transaction
    // rolled back: what the import costs beyond checking and deciding.
    {
      const rollback = new Error("rollback");
      const tables = ["participants", "enrolments", "payments", "import_rows"];
      let floorSeconds = 0;
      let floorCpuSeconds = null;
      await sql
        .begin(async (tx) => {
          await tx.unsafe(`set local jit = off`);
          await tx.unsafe(`set local work_mem = '64MB'`);
          for (const t of tables) await tx.unsafe(`create temp table floor_${t} on commit drop as select * from ${t}`);
          await tx.unsafe(`delete from duplicate_reviews`);
          for (const t of [...tables].reverse()) await tx.unsafe(`delete from ${t}`);
          const [{ pid }] = await tx.unsafe(`select pg_backend_pid() as pid`);
          const c1 = cpuSeconds(pid);
          const t1 = performance.now();
          for (const t of tables) await tx.unsafe(`insert into ${t} select * from floor_${t}`);
          floorSeconds = seconds(t1);
          const c2 = cpuSeconds(pid);
          floorCpuSeconds = c1 !== null && c2 !== null ? c2 - c1 : null;
          throw rollback;
        })
        .catch((e) => {
          if (e !== rollback) throw e;
        });
      results.storageFloor = { seconds: floorSeconds, rowsPerSecond: ROWS / floorSeconds, cpuSeconds: floorCpuSeconds };
      results.ratioToFloor = results.import.rowsPerSecond / results.storageFloor.rowsPerSecond;
      log(`storage floor (the same rows inserted again into the real tables): ${fmt(floorSeconds, 1)} s, ${fmt(results.storageFloor.rowsPerSecond)} rows/s`);
    }
    // The form's single enrolment (enrolments.create) on the registry the import left: new people
    // one after another, p50 / p95 of the HTTP answer, beside the signed-in no-op (me.get) of the
    // same minutes — what deciding and storing one enrolment adds to a request.
    {
      const FORM = Number(options.formRequests ?? process.env.BENCH_FORM_REQUESTS ?? 200);
      const quantile = (xs, q) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))];
      const timed = async (n, call) => {
        const ms = [];
        for (let i = 0; i < n; i++) {
          const t = performance.now();
          await call(i);
          ms.push(performance.now() - t);
        }
        ms.sort((a, b) => a - b);
        return { requests: n, p50: quantile(ms, 0.5), p95: quantile(ms, 0.95), max: ms.at(-1) };
      };
      const noop = await timed(FORM, () => trpc("me.get", undefined));
      const create = await timed(FORM, (i) =>
        trpc(
          "enrolments.create",
          {
            participant: {
              // Birth registered in 092, a man born in 1980, a serial no line of the list uses.
              personalId: `092080${pad(900_000 + i, 6)}`,
              fullName: `${families[i % families.length]} ${middles.male[i % middles.male.length]} ${givens.male[(i * 7) % givens.male.length]}`,
              birthDate: "1980-05-05",
              gender: "male",
              communeCode: communes[i % communes.length],
            },
            months: 3,
            monthlyIncome: 1_500_000,
            supportGroups: [],
            payment: { receiptDate: "2025-08-11", receiptNumber: `FORM-${pad(i + 1, 6)}` },
            agentId: agent.id,
          },
          true,
        ),
      );
      results.form = { create, noop };
      log(
        `form: enrolments.create p50 ${fmt(create.p50, 1)} ms, p95 ${fmt(create.p95, 1)} ms; me.get p50 ${fmt(noop.p50, 1)} ms, p95 ${fmt(noop.p95, 1)} ms (${FORM} each)`,
      );
    }
    results.ratioToCopy = results.import.rowsPerSecond / results.copy.rowsPerSecond;
    results.ratioToUnloggedCopy = results.import.rowsPerSecond / results.copyUnlogged.rowsPerSecond;
    log(
      `import (${PATH}): ${fmt(batch.imported)} imported, ${batch.duplicates} duplicates, ${batch.rejected} rejected in ${fmt(importSeconds, 1)} s: ` +
        `${fmt(results.import.rowsPerSecond)} rows/s (${fmt(results.ratioToCopy * 100, 1)}% of COPY); API peak RSS ${fmt(results.import.apiPeakRssMB)} MB`,
    );
    if (batch.imported !== ROWS) log("not every line was imported: see the batch's report (imports.rows)");

    const table = [
      `| ${fmt(ROWS)}-line D05-TS list (${PATH === "rows" ? "one line at a time" : "bulk path"}; aggregates ${DEFER ? "deferred" : "in each chunk"}) | figure | baseline (same run) | ratio |`,
      "| --- | --- | --- | --- |",
      `| Import through the API, all validation (rows/s) | ${fmt(results.import.rowsPerSecond)} | COPY into an unindexed table of text columns: ${fmt(results.copy.rowsPerSecond)} | ${fmt(results.ratioToCopy * 100, 1)}% of COPY (goal ≥ 50%) |`,
      `| (same, against an unlogged table) | | ${fmt(results.copyUnlogged.rowsPerSecond)} | ${fmt(results.ratioToUnloggedCopy * 100, 1)}% |`,
      `| (same, against the storage floor) | | the same rows inserted again into the real tables: ${fmt(results.storageFloor.rowsPerSecond)} | ${fmt(results.ratioToFloor, 2)}× the floor (goal ≥ 0.5×, and ≥ 2,000 rows/s) |`,
      `| Import wall time (s) | ${fmt(importSeconds, 1)} | COPY: ${fmt(results.copy.seconds, 2)} | |`,
      `| API CPU during the import (s; µs a line) | ${apiCpuSeconds === null ? "—" : `${fmt(apiCpuSeconds, 1)}; ${fmt(results.import.apiCpuMicrosecondsPerLine)}`} | load average at the end: ${os
        .loadavg()
        .map((l) => fmt(l, 1))
        .join(", ")} | |`,
      // On a loaded machine wall time says little; CPU time does: the import's two halves run on the
      // two cores at once, so on a quiet machine its time is about the larger of the two.
      `| PostgreSQL CPU during the import (s) | ${fmt(postgresCpuSeconds, 1)} | the storage floor's CPU: ${results.storageFloor.cpuSeconds === null ? "—" : fmt(results.storageFloor.cpuSeconds, 1)} s | floor CPU ÷ max(API CPU, PostgreSQL CPU): ${results.storageFloor.cpuSeconds === null || apiCpuSeconds === null ? "—" : fmt(results.storageFloor.cpuSeconds / Math.max(apiCpuSeconds, postgresCpuSeconds), 2)}× |`,
      `| API peak RSS during the import (MB, VmHWM; goal < 500) | ${fmt(results.import.apiPeakRssMB)} | at start: ${fmt(rssAtStart / 2 ** 20)} | |`,
      `| The form's single enrolment on that registry, HTTP p50 / p95 (ms; goal p95 < 50) | ${fmt(results.form.create.p50, 1)} / ${fmt(results.form.create.p95, 1)} | the signed-in no-op (me.get): ${fmt(results.form.noop.p50, 1)} / ${fmt(results.form.noop.p95, 1)} | ${fmt(results.form.create.p95 / results.form.noop.p95, 1)}× the no-op's p95 |`,
    ].join("\n");
    results.markdown = table;
    console.log(`\n${table}\n\nAreas: ${results.units}. PostgreSQL ${results.postgres}; ${results.machine.cpus} CPUs (${results.machine.cpu}).\n`);
    if (options.writeResults !== false) {
      mkdirSync(path.join(root, "bench"), { recursive: true });
      writeFileSync(path.join(root, "bench/import-results.json"), JSON.stringify(results, null, 2) + "\n");
      log("wrote bench/import-results.json");
    }
    return results;
  } finally {
    if (sampler) clearInterval(sampler);
    if (api && api.exitCode === null) {
      const exited = new Promise((r) => api.once("exit", r));
      api.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
      if (api.exitCode === null) api.kill("SIGKILL");
    }
    await sql?.end({ timeout: 2 }).catch(() => {});
    if (keep) log(`kept database ${dbName} (BENCH_KEEP_DATABASE=1): drop it when done`);
    else {
      const a = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${dbName} with (force)`).catch((e) => console.error(`drop ${dbName}: ${e.message}`));
      await a.end();
      log(`dropped database ${dbName}`);
    }
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runImportBench().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
