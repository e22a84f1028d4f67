#!/usr/bin/env node
// Hostile uploads against the built API: each bomb of test/upload-bombs.mjs
// (small on disk, gigabytes unpacked) is uploaded over HTTP to a fresh API process, which is then
// stopped: its peak resident memory (VmHWM from /proc/<pid>/status) is that upload's alone. Goal:
// under 500 MB, every bomb answered 400 naming the limit; workbooks just within the bounds
// accepted, under 500 MB too. A Markdown table on stdout.
//
// Env: BENCH_DATABASE_URL (a server; default postgres://postgres@127.0.0.1:5432): a fresh database
// ansinh_bench_bombs_<time> is made there and dropped at the end.
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { uploadBombs, withinBounds } from "../test/upload-bombs.mjs";
import { apiDir, cliOn, fmt, freePort, freshDatabase, log, peakRssMb, signIn, startChild, stopChild } from "./lib.mjs";

if (!existsSync(path.join(apiDir, "dist/main.js"))) throw new Error("build the API first: pnpm turbo run build --filter=@ansinh/api...");
const { name, adminUrl, dbUrl } = freshDatabase("ansinh_bench_bombs");
const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const work = mkdtempSync(path.join(os.tmpdir(), "ansinh-bench-bombs-"));
const dataDir = path.join(work, "data");
const children = [];
const rows = [];
try {
  const email = "bench-bombs@example.org";
  const password = randomBytes(18).toString("base64url");
  cliOn(dbUrl, dataDir, "user:create", "--email", email, "--name", "Bench admin", "--admin", "--password", password);
  const sql = postgres(dbUrl.toString(), { max: 1, onnotice: () => {} });
  await sql`insert into areas (code, name, level, unit_type, parent_code, valid_from) values ('91', 'Tỉnh thử', 'province', 'Tỉnh', null, '2025-07-01') on conflict do nothing`;
  const [agent] =
    await sql`insert into agents (name, kind, province_code, area_code, area_valid_on) values ('Bưu điện (bench)', 'post_office', '91', '91', '2025-07-01') returning id`;
  await sql.end();
  const authSecret = randomBytes(32).toString("hex");
  for (const bomb of [...uploadBombs().map((b) => ({ ...b, expect: 400 })), ...withinBounds().map((b) => ({ ...b, expect: 200 }))]) {
    const port = await freePort();
    const env = {
      ...process.env,
      DATABASE_URL: dbUrl.toString(),
      AUTH_SECRET: authSecret,
      DATA_DIR: dataDir,
      SEED_DEMO: "0",
      LOG_LEVEL: "warn",
      API_PORT: String(port),
      API_HOST: "127.0.0.1",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    };
    const { base, child } = await startChild(path.join(apiDir, "dist/main.js"), env, port, children);
    const atStart = await peakRssMb(child.pid);
    const cookie = await signIn(base, email, password);
    const t0 = performance.now();
    const res = await fetch(`${base}/api/imports/upload?agentId=${agent.id}&scheme=voluntary_social_insurance&fileName=bomb.xlsx`, {
      method: "POST",
      headers: { origin: base, cookie, "content-type": "application/octet-stream" },
      body: bomb.file,
    });
    const body = await res.json().catch(() => ({}));
    const ms = performance.now() - t0;
    const peak = await peakRssMb(child.pid);
    await stopChild(child);
    rows.push({
      name: bomb.name,
      expect: bomb.expect,
      kib: bomb.file.length / 1024,
      status: res.status,
      ms,
      atStart,
      peak,
      said: body.issues?.[0]?.en ?? body.message ?? (res.ok ? `read: ${body.headers?.length ?? 0} header cells` : ""),
    });
    log(`${bomb.name}: ${res.status} in ${fmt(ms)} ms, peak RSS ${fmt(peak)} MB`);
  }
} finally {
  for (const c of children) await stopChild(c);
  await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
  await admin.end();
  rmSync(work, { recursive: true, force: true });
}
console.log("\n| hostile upload | on disk (KiB) | answer | time (ms) | API peak RSS (MB; at start) | message |\n|---|---:|---|---:|---:|---|");
for (const r of rows) console.log(`| ${r.name} | ${fmt(r.kib)} | ${r.status} | ${fmt(r.ms)} | ${fmt(r.peak)} (${fmt(r.atStart)}) | ${r.said} |`);
if (rows.some((r) => r.status !== r.expect || !(r.peak < 500))) process.exitCode = 1;
