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

for (const [name, port] of [
  ["API_PORT", apiPort],
  ["ADMIN_PORT", adminPort],
]) {
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`${name} không hợp lệ: ${port} / invalid ${name}: ${port}`);
  if (!(await portFree(port))) fail(`Cổng ${port} đang được dùng; đặt ${name} khác / Port ${port} is already in use; set another ${name}`);
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
/** When a child app last wrote a line. */
let lastOutput = 0;
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
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
    // Forwarded as is; every line the app writes is a sign that it is making progress.
    child.stdout.on("data", (b) => {
      lastOutput = Date.now();
      process.stdout.write(b);
    });
    child.stderr.on("data", (b) => {
      lastOutput = Date.now();
      process.stderr.write(b);
    });
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
run(
  "API",
  [path.join(root, "apps/api/dist/main.js")],
  {
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
  },
  { restart: true },
);

/** CPU time (clock ticks) the API's processes used so far, where the system tells (Linux), else null. */
function cpuTicks() {
  let total = 0;
  let known = false;
  for (const c of children) {
    try {
      const fields = readFileSync(`/proc/${c.pid}/stat`, "utf8").split(") ")[1].split(" ");
      total += Number(fields[11]) + Number(fields[12]);
      known = true;
    } catch {
      /* not Linux, or gone */
    }
  }
  return known ? total : null;
}

// Wait for the API to answer /health before starting the admin app, as long as it makes progress
// (writes a line or uses the processor): a first seeding on a busy machine takes minutes; an API
// that does nothing for QUIET_MS is given up on.
const apiUrl = `http://${host}:${apiPort}`;
const QUIET_MS = 120_000;
const waitStarted = Date.now();
let lastProgress = Date.now();
let lastTicks = cpuTicks();
let lastSaid = Date.now();
for (;;) {
  if (stopping) await new Promise(() => {});
  try {
    const res = await fetch(`${apiUrl}/health`);
    if (res.ok) break;
  } catch {
    /* not up yet */
  }
  const ticks = cpuTicks();
  if (ticks !== null && lastTicks !== null && ticks > lastTicks + 5) lastProgress = Date.now();
  lastTicks = ticks;
  if (lastOutput > lastProgress) lastProgress = lastOutput;
  if (Date.now() - lastProgress > QUIET_MS) {
    console.error(
      `ansinh: API không tiến triển trong ${QUIET_MS / 1000} giây và chưa trả lời /health / the API made no progress for ${QUIET_MS / 1000} s and does not answer /health`,
    );
    stop(1);
    await new Promise(() => {});
  }
  if (Date.now() - lastSaid > 15_000) {
    lastSaid = Date.now();
    const s = Math.round((Date.now() - waitStarted) / 1000);
    console.log(
      `ansinh: đang chờ API sẵn sàng (${s} giây: áp dụng migration, tạo dữ liệu demo lần đầu…) / waiting for the API to answer ${apiUrl}/health (${s} s: migrations, first demo seeding…)`,
    );
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
/** Which demo account to try for which story: the 2020 campaign, or today's office. */
const stories = {
  "admin@demo.ansinh.vn": "cả nước: người dùng, vai trò, mọi số liệu / the whole country: users, roles, every figure",
  "quanly.uminhthuong@demo.ansinh.vn":
    "chiến dịch 2020 (bảng điều khiển ngày 31/12/2020) và văn phòng hôm nay trên các xã kế thừa: nhập danh sách, kế hoạch / the 2020 campaign, and today's office on the successor communes: imports, plans",
  "thu.uminhthuong@demo.ansinh.vn":
    "văn phòng hôm nay: ghi biên lai trên xã kế thừa huyện U Minh Thượng / today's office: record a receipt on a commune that took over the district",
  "thu.xa.uminhthuong@demo.ansinh.vn":
    "văn phòng hôm nay: nhân viên thu cấp xã của An Giang 2026 (xã U Minh Thượng) / today's office: a commune collector of An Giang 2026",
  "thu.phuquoc@demo.ansinh.vn": "chiến dịch 2020 ở Phú Quốc (huyện đã kết thúc 30/06/2025) / the 2020 campaign in Phú Quốc (the district ended on 30/06/2025)",
  "xem.kiengiang@demo.ansinh.vn":
    "xem bảng điều khiển và danh sách của Kiên Giang 2020, theo địa bàn đến hôm nay / read Kiên Giang's 2020 dashboard and lists, followed to today",
};
let accounts = "";
if (demo) {
  try {
    const list = JSON.parse(readFileSync(path.join(dataDir, "demo-accounts.json"), "utf8"));
    accounts = `\n  Tài khoản demo / Demo accounts (role, area, email, password):\n${list
      .map(
        (a) =>
          `    ${a.role.padEnd(9)} ${a.area.padEnd(4)} ${a.email.padEnd(36)} ${a.password}${stories[a.email] ? `\n              ${stories[a.email]}` : ""}`,
      )
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
