#!/usr/bin/env node
// Starts the built API and admin app together; Ctrl-C stops both.
// Env: API_PORT (4000), ADMIN_PORT (3000), HOST (127.0.0.1), DATABASE_URL (unset: embedded
// database in DATA_DIR, default ./.data, seeded with demo data).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const host = process.env.HOST ?? "127.0.0.1";
const apiPort = Number(process.env.API_PORT ?? 4000);
const adminPort = Number(process.env.ADMIN_PORT ?? 3000);
const dataDir = path.resolve(root, process.env.DATA_DIR ?? ".data");

function fail(message) {
  console.error(`ansinh: ${message}`);
  process.exit(1);
}

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen({ port, host }, () => srv.close(() => resolve(true)));
  });
}

for (const [name, port] of [["API_PORT", apiPort], ["ADMIN_PORT", adminPort]]) {
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`${name} không hợp lệ: ${port} / invalid ${name}: ${port}`);
  if (!(await portFree(port)))
    fail(`Cổng ${port} đang được dùng; đặt ${name} khác / Port ${port} is already in use; set another ${name}`);
}

const children = [];
let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  const timer = setTimeout(() => process.exit(code), 5000);
  timer.unref();
  Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once("exit", r))))).then(() => process.exit(code));
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

/**
 * Starts one app. With `restart`, an app that stops by itself is started again (at most 5 times
 * in 5 minutes): when the API goes down, the admin app stays up and tells its users the server
 * is unreachable, instead of the browser showing its own error.
 */
function run(name, args, options, { restart = false } = {}) {
  const starts = [];
  const launch = () => {
    starts.push(Date.now());
    const child = spawn(process.execPath, args, { stdio: ["ignore", "inherit", "inherit"], ...options });
    children.push(child);
    child.once("exit", (code, signal) => {
      children.splice(children.indexOf(child), 1);
      if (stopping) return;
      console.error(`ansinh: ${name} đã dừng (${signal ?? code}) / ${name} stopped (${signal ?? code})`);
      const recent = starts.filter((t) => t > Date.now() - 300_000).length;
      if (restart && recent < 5) {
        console.error(`ansinh: khởi động lại ${name} / restarting ${name}`);
        setTimeout(() => stopping || launch(), 2000).unref();
      } else stop(code || 1);
    });
    return child;
  };
  return launch();
}

const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
run("API", [path.join(root, "apps/api/dist/main.js")], {
  cwd: root,
  env: {
    ...baseEnv,
    API_PORT: String(apiPort),
    API_HOST: host,
    DATA_DIR: dataDir,
    PUBLIC_URL: process.env.PUBLIC_URL ?? `http://${host}:${adminPort}`,
    TRUSTED_ORIGINS: process.env.TRUSTED_ORIGINS ?? `http://localhost:${adminPort}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  },
}, { restart: true });

// Wait for the API to answer /health before starting the admin app.
const apiUrl = `http://${host}:${apiPort}`;
const deadline = Date.now() + 120_000;
for (;;) {
  if (stopping) await new Promise(() => {});
  try {
    const res = await fetch(`${apiUrl}/health`);
    if (res.ok) break;
  } catch {
    /* not up yet */
  }
  if (Date.now() > deadline) {
    console.error("ansinh: API không trả lời /health sau 120 giây / the API did not answer /health within 120 s");
    stop(1);
    await new Promise(() => {});
  }
  await new Promise((r) => setTimeout(r, 300));
}

// The admin app's own server (next start, plus the client address its /api forwarder needs).
run("admin", [path.join(root, "apps/admin/server.mjs")], {
  cwd: path.join(root, "apps/admin"),
  env: { ...baseEnv, NODE_ENV: "production", API_URL: apiUrl, ADMIN_PORT: String(adminPort), ADMIN_HOST: host },
});

for (;;) {
  try {
    const res = await fetch(`http://${host}:${adminPort}/coverage`);
    if (res.ok) break;
  } catch {
    /* not up yet */
  }
  if (stopping) await new Promise(() => {});
  await new Promise((r) => setTimeout(r, 300));
}

const demo = !process.env.DATABASE_URL;
let accounts = "";
if (demo) {
  try {
    const list = JSON.parse(readFileSync(path.join(dataDir, "demo-accounts.json"), "utf8"));
    accounts = `\n  Tài khoản demo / Demo accounts (role, area, email, password):\n${list
      .map((a) => `    ${a.role.padEnd(9)} ${a.area.padEnd(4)} ${a.email.padEnd(36)} ${a.password}`)
      .join("\n")}`;
  } catch {
    /* accounts were made before this data folder kept them */
  }
}
console.log(`
  ansinh đang chạy / is running
  Trang quản trị / Admin:  http://${host}:${adminPort}/
  API:                     ${apiUrl}  (health: ${apiUrl}/health)
  Cơ sở dữ liệu / Database: ${demo ? `embedded (PGlite) in ${dataDir}` : "PostgreSQL (DATABASE_URL)"}${
    demo ? `\n  Demo: http://${host}:${adminPort}/dashboard?area=91&date=2020-12-31${accounts}` : ""
  }
  Ctrl-C để dừng / to stop
`);
