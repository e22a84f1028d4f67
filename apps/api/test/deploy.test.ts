/**
 * The production install files (deploy/): the Dockerfile, the compose file, the Caddyfile and the
 * systemd units are parsed, and what they run is checked here without docker or systemd (neither
 * runs on a development machine or in CI): the scripts and files they name exist, the image's
 * runtime stage is non-root with production dependencies only, and the API's own start command —
 * `node apps/api/dist/main.js` with the unit's environment (its folders moved to a temporary one)
 * — starts and answers /health and /metrics; the backup unit's command writes a backup.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { postgresUrl } from "./helpers.js";
import { freePortIn } from "./private-postgres.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const deploy = path.join(root, "deploy");
const read = (f: string) => readFileSync(path.join(deploy, f), "utf8");
const rootScripts = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

/** Dockerfile stages: FROM lines and the instructions under each (continuation lines joined). */
function dockerStages(text: string) {
  const lines = text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const stages: { from: string; name: string | null; steps: { op: string; arg: string }[] }[] = [];
  for (const l of lines) {
    const [op, ...rest] = l.split(/\s+/);
    const arg = rest.join(" ");
    if (op!.toUpperCase() === "FROM") {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(arg)!;
      stages.push({ from: m[1]!, name: m[2] ?? null, steps: [] });
    } else stages.at(-1)!.steps.push({ op: op!.toUpperCase(), arg });
  }
  return stages;
}

/** A systemd unit: section → key → values (a key may repeat). */
function unit(text: string): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  let section = "";
  for (const raw of text.split("\n")) {
    const l = raw.trim();
    if (!l || l.startsWith("#")) continue;
    const s = /^\[(.+)\]$/.exec(l);
    if (s) {
      section = s[1]!;
      out[section] ??= {};
      continue;
    }
    const eq = l.indexOf("=");
    (out[section]![l.slice(0, eq)] ??= []).push(l.slice(eq + 1));
  }
  return out;
}

const envOf = (values: string[] = []) =>
  Object.fromEntries(
    values
      .flatMap((v) => v.split(/\s+/))
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
  );

describe("deploy/Dockerfile", () => {
  const stages = dockerStages(read("Dockerfile"));
  it("builds in one stage and runs, non-root and without dev dependencies, in another", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const [build, runtime] = [stages[0]!, stages.at(-1)!];
    const runs = build.steps.filter((s) => s.op === "RUN").map((s) => s.arg);
    expect(runs).toContain("pnpm install --frozen-lockfile");
    // The commands it runs are the repository's own.
    expect(runs).toContain("pnpm build");
    expect(rootScripts.build).toBeDefined();
    expect(runs.join(" ")).toMatch(/pnpm --filter @ansinh\/api --prod deploy/);
    expect(runs.join(" ")).toMatch(/pnpm --filter @ansinh\/admin --prod deploy/);
    // The runtime stage installs no Node packages itself, copies the deployed folders, runs as a user of its own.
    expect(runtime.steps.filter((s) => s.op === "RUN").some((s) => /pnpm|npm (i|install)/.test(s.arg))).toBe(false);
    expect(runtime.steps.filter((s) => s.op === "COPY").every((s) => s.arg.startsWith(`--from=${build.name}`))).toBe(true);
    const user = runtime.steps.filter((s) => s.op === "USER").at(-1)?.arg;
    expect(user).toBeDefined();
    expect(["root", "0"]).not.toContain(user);
    const cmd = JSON.parse(runtime.steps.find((s) => s.op === "CMD")!.arg) as string[];
    expect(cmd).toEqual(["node", "apps/api/dist/main.js"]);
    expect(existsSync(path.join(root, "apps/api/src/main.ts"))).toBe(true);
  });
  it("brings pg_dump of the major version the compose file's PostgreSQL runs", () => {
    const compose = parseYaml(read("compose.yaml")) as { services: Record<string, { image?: string }> };
    const major = /postgres:(\d+)/.exec(compose.services.postgres!.image!)![1];
    expect(read("Dockerfile")).toContain(`postgresql-client-${major}`);
  });
});

describe("deploy/compose.yaml and the Caddyfile", () => {
  const compose = parseYaml(read("compose.yaml")) as {
    services: Record<string, { command?: string[]; environment?: Record<string, string>; volumes?: string[]; ports?: string[]; working_dir?: string }>;
  };
  it("runs PostgreSQL, the API, the admin app, a nightly backup and Caddy with TLS, each with the repository's own commands", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["admin", "api", "backup", "caddy", "postgres"]);
    expect(compose.services.api!.command).toEqual(["node", "apps/api/dist/main.js"]);
    expect(compose.services.admin!.command).toEqual(["node", "apps/admin/server.mjs"]);
    expect(existsSync(path.join(root, "apps/admin/server.mjs"))).toBe(true);
    expect(compose.services.backup!.command!.join(" ")).toContain("node apps/api/dist/cli.js backup /var/backups/ansinh/");
    const env = compose.services.api!.environment!;
    for (const name of ["DATABASE_URL", "AUTH_SECRET", "PUBLIC_URL", "TRUST_PROXY", "METRICS_TOKEN", "BACKUP_DIR"]) expect(env[name], name).toBeTruthy();
    expect(env.PUBLIC_URL).toMatch(/^https:\/\//);
    expect(compose.services.caddy!.ports).toEqual(["80:80", "443:443"]);
    expect(compose.services.caddy!.volumes).toContain("./Caddyfile:/etc/caddy/Caddyfile:ro");
    // Only Caddy is published: neither the API nor the database has ports on the host.
    for (const s of ["api", "admin", "postgres"]) expect(compose.services[s]!.ports, s).toBeUndefined();
  });
  it("proxies to the admin app, sets (not appends) the client address, and keeps /metrics off the public address", () => {
    const caddy = read("Caddyfile");
    expect(caddy).toMatch(/reverse_proxy admin:3000/);
    expect(caddy).toMatch(/header_up X-Forwarded-For \{remote_host\}/);
    expect(caddy).toMatch(/respond \/metrics 404/);
  });
});

describe("deploy/systemd", () => {
  const units = Object.fromEntries(readdirSync(path.join(deploy, "systemd")).map((f) => [f, unit(read(`systemd/${f}`))]));
  it("has the API, the admin app and a nightly backup timer, run as a user of their own", () => {
    expect(Object.keys(units).sort()).toEqual(["ansinh-admin.service", "ansinh-api.service", "ansinh-backup.service", "ansinh-backup.timer"]);
    for (const name of ["ansinh-admin.service", "ansinh-api.service", "ansinh-backup.service"]) expect(units[name]!.Service!.User).toEqual(["ansinh"]);
    expect(units["ansinh-backup.timer"]!.Timer!.OnCalendar).toEqual(["*-*-* 01:30:00"]);
    expect(units["ansinh-admin.service"]!.Service!.ExecStart).toEqual(["/usr/bin/node server.mjs"]);
  });

  const tmp = mkdtempSync(path.join(os.tmpdir(), "ansinh-deploy-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("the API unit's command, with its environment, starts and answers /health and /metrics; the backup unit's command writes a backup", async () => {
    const api = units["ansinh-api.service"]!.Service!;
    const [exe, ...args] = api.ExecStart![0]!.split(" ");
    expect(exe).toBe("/usr/bin/node");
    expect(args).toEqual(["apps/api/dist/main.js"]);
    const port = await freePortIn(4700, 4799);
    // The unit's environment; its folders are moved to a temporary one, and the secrets file's values are given here.
    const env: Record<string, string> = {
      ...envOf(api.Environment),
      PATH: process.env.PATH ?? "",
      API_PORT: String(port),
      DATA_DIR: path.join(tmp, "lib"),
      BACKUP_DIR: path.join(tmp, "backups"),
      AUTH_SECRET: "d".repeat(48),
      METRICS_TOKEN: "t".repeat(48),
      PUBLIC_URL: "https://ansinh.example.vn",
      TRUST_PROXY: "127.0.0.1",
      LOG_LEVEL: "warn",
      ...(postgresUrl ? { DATABASE_URL: postgresUrl } : {}),
    };
    expect(env.NODE_ENV).toBe("production");
    const stderr: string[] = [];
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "ignore", "pipe"] });
    child.stderr!.on("data", (d) => stderr.push(String(d)));
    try {
      let up = false;
      for (let i = 0; i < 600 && !up && child.exitCode === null; i++) {
        up = await fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (!up) await new Promise((r) => setTimeout(r, 100));
      }
      expect(up, stderr.join("")).toBe(true);
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${env.METRICS_TOKEN}` } });
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain("ansinh_http_requests_total");
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    }
    const backup = units["ansinh-backup.service"]!.Service!;
    const [bexe, ...bargs] = backup.ExecStart![0]!.split(" ");
    expect(bexe).toBe("/usr/bin/node");
    expect(bargs).toEqual(["apps/api/dist/cli.js", "backup", "/var/backups/ansinh/"]);
    const run = spawnSync(process.execPath, [bargs[0]!, "backup", `${env.BACKUP_DIR}/`], {
      cwd: root,
      env: { ...env, ...envOf(backup.Environment), DATA_DIR: env.DATA_DIR!, BACKUP_DIR: env.BACKUP_DIR! },
      encoding: "utf8",
    });
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(env.BACKUP_DIR!).filter((f) => /^ansinh-.*\.(dump|tar\.gz)$/.test(f))).toHaveLength(1);
  }, 120_000);
});
