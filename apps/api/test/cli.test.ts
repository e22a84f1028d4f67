import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { allAreaRows, createDb, getUser, listUsers } from "@ansinh/db";

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist");
const tmp = mkdtempSync(path.join(os.tmpdir(), "ansinh-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(script: "cli.js" | "main.js", args: string[], env: Record<string, string> = {}, timeoutMs = 60_000) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(dist, script), ...args], {
      env: { PATH: process.env.PATH ?? "", DATA_DIR: path.join(tmp, "data"), LOG_LEVEL: "warn", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** One line, naming the problem, no stack trace. */
function expectOneLine(stderr: string, pattern: RegExp) {
  const lines = stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe("the command line", () => {
  it("imports a unit list, reports a bad row by line, and a re-import changes nothing", async () => {
    const file = path.join(tmp, "units.csv");
    writeFileSync(file, "code,name,level,unit_type,parent_code\n91,Kiên Giang,province,Tỉnh,\n913,U Minh Thượng,district,Huyện,91\n9x,Bad,province,Tỉnh,\n");
    const first = await run("cli.js", ["import-areas", file, "--valid-from", "2020-01-01", "--valid-to", "2025-06-30"]);
    expect(first.code).toBe(2);
    expect(first.stdout).toMatch(/Read 3 rows: 2 added, 0 already present, 1 rejected/);
    expect(first.stdout).toMatch(/line 4 \(9x\)/);
    const again = await run("cli.js", ["import-areas", file, "--valid-from", "2020-01-01", "--valid-to", "2025-06-30"]);
    expect(again.stdout).toMatch(/0 added, 2 already present/);
  });

  it("imports a facility list on the units imported above, a bad row by line; a re-import changes nothing", async () => {
    const file = path.join(tmp, "facilities.csv");
    writeFileSync(file, "code,name,province_code\n91013,Trung tâm Y tế huyện U Minh Thượng,91\n9101x,Bad,91\n");
    const first = await run("cli.js", ["import-facilities", file, "--valid-from", "2020-01-01"]);
    expect(first.code).toBe(2);
    expect(first.stdout).toMatch(/Read 2 rows: 1 added, 0 already present, 1 rejected/);
    expect(first.stdout).toMatch(/line 3 \(9101x\)/);
    const again = await run("cli.js", ["import-facilities", file, "--valid-from", "2020-01-01"]);
    expect(again.stdout).toMatch(/0 added, 1 already present/);
    const notFacilities = await run("cli.js", ["import-facilities", path.join(tmp, "units.csv"), "--valid-from", "2020-01-01"]);
    expect(notFacilities.code).toBe(1);
    expectOneLine(notFacilities.stderr, /^ansinh: .*province_code/);
  });

  it("refuses a malformed file in one line and writes nothing", async () => {
    const file = path.join(tmp, "bad.csv");
    writeFileSync(file, 'code;name\n"oops');
    const r = await run("cli.js", ["import-areas", file, "--valid-from", "2026-01-01"]);
    expect(r.code).toBe(1);
    expectOneLine(r.stderr, /^ansinh: .*(CSV|header)/);
    const h = await createDb({ dataDir: path.join(tmp, "data") });
    try {
      expect((await allAreaRows(h.db)).map((a) => a.code).sort()).toEqual(["91", "913"]);
    } finally {
      await h.close();
    }
  });

  it("creates the first admin, with a generated password when none is given", async () => {
    const r = await run("cli.js", ["user:create", "--admin", "--email", "Boss@Example.vn", "--name", "Quản trị tỉnh"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Created boss@example\.vn \(admin@VN\)/);
    expect(r.stdout).toMatch(/Password: \S{12,}/);
    const dup = await run("cli.js", ["user:create", "--admin", "--email", "boss@example.vn", "--name", "x"]);
    expect(dup.code).toBe(1);
    expectOneLine(dup.stderr, /already used/);
    const noRole = await run("cli.js", ["user:create", "--email", "x@example.vn", "--name", "x"]);
    expect(noRole.code).toBe(1);
    expect(noRole.stderr).toMatch(/--admin or --role/);
    const h = await createDb({ dataDir: path.join(tmp, "data") });
    try {
      const { rows } = await listUsers(h.db, { scope: null, limit: 10, offset: 0 });
      expect(rows.map((u) => u.email)).toEqual(["boss@example.vn"]);
      expect((await getUser(h.db, rows[0]!.id))!.assignments).toMatchObject([{ role: "admin", areaCode: null }]);
    } finally {
      await h.close();
    }
  });

  it("stops with one line on a bad DATABASE_URL", async () => {
    const bad = await run("main.js", [], { DATABASE_URL: "postgres://nobody@127.0.0.1:1/none", AUTH_SECRET: "x".repeat(32) });
    expect(bad.code).toBe(1);
    expectOneLine(bad.stderr, /Cannot connect to PostgreSQL at postgres:\/\/127\.0\.0\.1:1\/none/);
    const notUrl = await run("main.js", [], { DATABASE_URL: "mysql://x", AUTH_SECRET: "x".repeat(32) });
    expectOneLine(notUrl.stderr, /DATABASE_URL/);
  });

  it("stops with one line when its port is taken", async () => {
    const blocker = net.createServer().listen(0, "127.0.0.1");
    await new Promise((r) => blocker.once("listening", r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await run("main.js", [], { API_PORT: String(port), DATA_DIR: path.join(tmp, "data-port") });
      expect(r.code).toBe(1);
      expectOneLine(r.stderr, new RegExp(`Port ${port} is already in use`));
    } finally {
      blocker.close();
    }
  });

  it("refuses to open the embedded database while another process holds it", async () => {
    const h = await createDb({ dataDir: path.join(tmp, "data") });
    try {
      const r = await run("cli.js", ["import-areas", path.join(tmp, "units.csv"), "--valid-from", "2020-01-01"]);
      expect(r.code).toBe(1);
      expectOneLine(r.stderr, /in use by process \d+/);
    } finally {
      await h.close();
    }
  });
});
