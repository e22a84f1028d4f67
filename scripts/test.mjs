#!/usr/bin/env node
// `pnpm test`: lint, typecheck, every package's tests (turbo, one package at a time), then the
// browser tests; at the end, however it ends, the time of each part and of each package's build
// and tests (from turbo's run summary). Stops at the first part that fails, as `a && b` would.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const runs = path.join(root, ".turbo", "runs");

const parts = [
  { name: "lint", cmd: ["pnpm", "lint"] },
  { name: "typecheck", cmd: ["pnpm", "typecheck"] },
  { name: "tests", cmd: ["pnpm", "exec", "turbo", "run", "test", "--concurrency=1", "--summarize"], turbo: true },
  { name: "e2e", cmd: ["pnpm", "e2e"] },
];

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const rows = [];
let failed = null;

/** Each task's time from the newest turbo run summary written after `since`. */
function turboTasks(since) {
  if (!existsSync(runs)) return [];
  const newest = readdirSync(runs)
    .map((f) => path.join(runs, f))
    .filter((f) => f.endsWith(".json") && statSync(f).mtimeMs >= since)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  if (!newest) return [];
  const summary = JSON.parse(readFileSync(newest, "utf8"));
  return (summary.tasks ?? [])
    .filter((t) => t.execution)
    .map((t) => ({ name: `  ${t.taskId}${t.cache?.status === "HIT" ? " (cached)" : ""}`, ms: t.execution.endTime - t.execution.startTime, code: t.execution.exitCode }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const started = Date.now();
for (const part of parts) {
  const t0 = Date.now();
  const r = spawnSync(part.cmd[0], part.cmd.slice(1), { cwd: root, stdio: "inherit" });
  const code = r.status ?? 1;
  rows.push({ name: part.name, ms: Date.now() - t0, code });
  if (part.turbo) rows.push(...turboTasks(t0));
  if (code !== 0) {
    failed = part.name;
    break;
  }
}

const width = Math.max(...rows.map((r) => r.name.length));
console.log("\npnpm test, time of each part:");
for (const r of rows) console.log(`  ${r.name.padEnd(width)}  ${seconds(r.ms).padStart(9)}${r.code === 0 ? "" : `  FAILED (exit ${r.code})`}`);
console.log(`  ${"total".padEnd(width)}  ${seconds(Date.now() - started).padStart(9)}`);
for (const p of parts.slice(rows.filter((r) => !r.name.startsWith("  ")).length)) console.log(`  ${p.name.padEnd(width)}  not run`);
if (failed) {
  console.log(`\n${failed} failed.`);
  process.exit(1);
}
