// Shared pieces of the benchmark scripts: a fresh database, child processes (the built API),
// signing in, timing requests (sequential p50/p95, then autocannon) and formatting.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";

export const apiDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const root = path.resolve(apiDir, "../..");

export const log = (...a) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);
export const seconds = (t0) => (performance.now() - t0) / 1000;
export const fmt = (n, d = 0) => (n == null || !Number.isFinite(n) ? "–" : n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d }));
export const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

/** A non-negative number from the environment, or the fallback. */
export function num(name, fallback) {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a non-negative number`);
  return v;
}

/** A database name that is new on every run: `<prefix>_<time>_<pid>`, and its URLs. */
export function freshDatabase(prefix, server = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432") {
  const serverUrl = new URL(server);
  const name = `${prefix}_${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${process.pid}`;
  const admin = new URL(serverUrl);
  admin.pathname = "/postgres";
  const db = new URL(serverUrl);
  db.pathname = `/${name}`;
  return { name, adminUrl: admin, dbUrl: db, serverUrl };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen({ port: 0, host: "127.0.0.1" }, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The CLI (`dist/cli.js`) against a database; returns its standard output. */
export function cliOn(dbUrl, dataDir, ...args) {
  return execFileSync(process.execPath, [path.join(apiDir, "dist/cli.js"), ...args], {
    env: { ...process.env, DATABASE_URL: dbUrl.toString(), AUTH_SECRET: randomBytes(32).toString("hex"), DATA_DIR: dataDir, SEED_DEMO: "0", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 64 * 1024 * 1024,
  }).toString();
}

/** Starts a Node script as a child process; resolves with its base URL once `/health` answers. */
export async function startChild(script, env, port, children) {
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
    if (i > 600) throw new Error(`${path.basename(script)} did not start in 60 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function stopChild(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

/** Signs in over HTTP; the session cookie to send. */
export async function signIn(base, email, password) {
  const res = await fetch(`${base}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { origin: base, "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in of ${email}: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

export const trpcUrl = (base, proc, input) => `${base}/trpc/${proc}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`;

/** One GET; the parsed body (tRPC's `result.data`), or throws with the status. */
export async function getJson(target) {
  const res = await fetch(target.url, { headers: target.headers });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${target.label}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  return body?.result ? body.result.data : body;
}

/** Times `fn` `n` times after `warm` warm-ups (stopping after `maxSeconds` once 10 are done): p50, p95, max in ms. */
export async function timeIt(fn, n, { warm = 2, maxSeconds = 60 } = {}) {
  for (let i = 0; i < warm; i++) await fn(i);
  const times = [];
  const t00 = performance.now();
  for (let i = 0; i < n; i++) {
    if (i >= 10 && performance.now() - t00 > maxSeconds * 1000) break;
    const t0 = performance.now();
    await fn(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { n: times.length, p50: quantile(times, 0.5), p95: quantile(times, 0.95), max: times.at(-1) };
}

/** autocannon on one or several targets (requests spread over them): 2xx requests/s, latency p50/p99. */
export async function load(targets, { connections, seconds: duration }) {
  const list = Array.isArray(targets) ? targets : [targets];
  const first = new URL(list[0].url);
  const r = await autocannon({
    url: first.origin,
    connections,
    duration,
    timeout: 30,
    requests: list.map((t) => {
      const u = new URL(t.url);
      return { method: "GET", path: u.pathname + u.search, headers: t.headers };
    }),
  });
  return {
    connections,
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
}

/** Waits until the database has no other statement running (autocannon stops with requests in flight). */
export async function settle(sql) {
  const t0 = performance.now();
  for (let quiet = 0; quiet < 3 && performance.now() - t0 < 120_000;) {
    const [{ n }] =
      await sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'active' and pid <> pg_backend_pid()`;
    quiet = n === 0 ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Peak resident memory (VmHWM) of a process, in MB, or null where /proc is not there. */
export async function peakRssMb(pid) {
  try {
    const { readFileSync } = await import("node:fs");
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}
