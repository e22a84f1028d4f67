#!/usr/bin/env node
// `pnpm test`: lint, the builds and typecheck, every package's tests, then the browser tests; at
// the end, however it ends, the time of each part and of each package's tests (from turbo's run
// summary). Stages run one after the other and stop at the first that fails; the parts of a stage
// run side by side, their output prefixed with the part's name:
//   1. lint  ‖  build + typecheck (one turbo run, which orders them)
//   2. the packages' tests (domain, db, api; one package at a time)
//   3. the browser tests
// The packages' tests and the browser tests are not run side by side: on this 2-core machine both
// are CPU-bound, and together they took longer than one after the other (the browser suite 27.6
// min instead of ~10). The builds happen once, in stage 1: later turbo runs take `--only`, so no
// build restores files under a running test; `--continue` runs every package's tests when one fails.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const runs = path.join(root, ".turbo", "runs");
const turbo = ["pnpm", "exec", "turbo", "run"];

const stages = [
  [
    { name: "lint", cmd: ["pnpm", "lint"] },
    { name: "build+typecheck", cmd: [...turbo, "build", "typecheck", "--output-logs=errors-only"] },
  ],
  [{ name: "tests", cmd: [...turbo, "test", "--only", "--concurrency=1", "--continue", "--summarize"], turbo: true }],
  [{ name: "e2e", cmd: [...turbo, "e2e", "--only", "--output-logs=new-only"] }],
];

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

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
    .map((t) => ({
      name: `    ${t.taskId}${t.cache?.status === "HIT" ? " (cached)" : ""}`,
      ms: t.execution.endTime - t.execution.startTime,
      code: t.execution.exitCode,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Runs one part, its output line by line with its name in front; resolves to its row(s). */
function run(part, width) {
  const t0 = Date.now();
  const prefix = `[${part.name}]`.padEnd(width + 2) + " ";
  return new Promise((resolve) => {
    const child = spawn(part.cmd[0], part.cmd.slice(1), {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "0" },
    });
    for (const [stream, out] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      let rest = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk) => {
        const lines = (rest + chunk).split("\n");
        rest = lines.pop();
        if (lines.length) out.write(lines.map((l) => prefix + l).join("\n") + "\n");
      });
      stream.on("end", () => rest && out.write(prefix + rest + "\n"));
    }
    const done = (code) => {
      const rows = [{ name: `  ${part.name}`, ms: Date.now() - t0, code }];
      if (part.turbo) rows.push(...turboTasks(t0));
      resolve(rows);
    };
    child.on("error", (e) => {
      process.stderr.write(`${prefix}cannot start: ${e.message}\n`);
      done(127);
    });
    child.on("close", (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

const started = Date.now();
const rows = [];
const failed = [];
let ran = 0;
for (const [i, parts] of stages.entries()) {
  const t0 = Date.now();
  const width = Math.max(...parts.map((p) => p.name.length));
  const results = await Promise.all(parts.map((p) => run(p, width)));
  ran++;
  rows.push({ name: `stage ${i + 1}: ${parts.map((p) => p.name).join(" ‖ ")}`, ms: Date.now() - t0, code: 0 });
  for (const [j, r] of results.entries()) {
    rows.push(...r);
    if (r[0].code !== 0) failed.push(parts[j].name);
  }
  if (failed.length) break;
}

const width = Math.max(...rows.map((r) => r.name.length));
console.log("\npnpm test, time of each part (the parts of a stage run side by side):");
for (const r of rows) console.log(`  ${r.name.padEnd(width)}  ${seconds(r.ms).padStart(9)}${r.code === 0 ? "" : `  FAILED (exit ${r.code})`}`);
console.log(`  ${"total".padEnd(width)}  ${seconds(Date.now() - started).padStart(9)}`);
for (const parts of stages.slice(ran)) console.log(`  ${parts.map((p) => p.name).join(" ‖ ")}: not run`);
if (failed.length) {
  console.log(`\nfailed: ${failed.join(", ")}.`);
  process.exit(1);
}
