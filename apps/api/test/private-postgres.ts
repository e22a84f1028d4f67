/**
 * A PostgreSQL cluster of the test's own (initdb into a temporary folder, pg_ctl on a free port),
 * so that a test may stop, crash and restart it — never the machine's shared server. As root the
 * server runs as the `postgres` user (runuser). `findPostgresBin()` is null when the binaries are
 * absent: the tests that need one say so and do not run.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export function findPostgresBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (process.env.PG_TEST_BINDIR) return existsSync(path.join(process.env.PG_TEST_BINDIR, "initdb")) ? process.env.PG_TEST_BINDIR : null;
  if (!existsSync(root)) return null;
  const majors = readdirSync(root)
    .filter((d) => /^\d+$/.test(d))
    .sort((a, b) => Number(b) - Number(a));
  for (const m of majors)
    if (existsSync(path.join(root, m, "bin", "initdb")) && existsSync(path.join(root, m, "bin", "pg_ctl"))) return path.join(root, m, "bin");
  return null;
}

export function freePortIn(from: number, to: number): Promise<number> {
  const tryPort = (port: number): Promise<boolean> =>
    new Promise((resolve) => {
      const srv = net.createServer();
      srv.once("error", () => resolve(false));
      srv.listen({ port, host: "127.0.0.1" }, () => srv.close(() => resolve(true)));
    });
  return (async () => {
    const start = from + Math.floor(Math.random() * (to - from));
    for (let i = 0; i <= to - from; i++) {
      const port = from + ((start - from + i) % (to - from + 1));
      if (await tryPort(port)) return port;
    }
    throw new Error(`no free port in ${from}–${to}`);
  })();
}

export interface PrivateCluster {
  port: number;
  dir: string;
  url(database: string): string;
  psql(sql: string, database?: string): string;
  stop(mode?: "fast" | "immediate"): void;
  start(): void;
  destroy(): void;
  /** Runs a command as the server's user. */
  asServerUser(file: string, args: string[]): void;
}

export async function startPrivateCluster(bin: string, { portFrom = 4700, portTo = 4799 } = {}): Promise<PrivateCluster> {
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), "ansinh-pg-"));
  chmodSync(dir, 0o755);
  let uid = -1;
  let gid = -1;
  if (root) {
    uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(dir, uid, gid);
  }
  const as = (file: string, args: string[]) => {
    const r = root ? spawnSync("runuser", ["-u", "postgres", "--", file, ...args], { encoding: "utf8" }) : spawnSync(file, args, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${path.basename(file)} ${args.join(" ")}: ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  const data = path.join(dir, "data");
  as(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  const port = await freePortIn(portFrom, portTo);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=60 -c shared_buffers=32MB`;
  const start = () => void as(path.join(bin, "pg_ctl"), ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "-t", "30", "start"]);
  const stop = (mode: "fast" | "immediate" = "fast") => void as(path.join(bin, "pg_ctl"), ["-D", data, "-m", mode, "-w", "-t", "30", "stop"]);
  start();
  const psqlBin = path.join(bin, "psql");
  return {
    port,
    dir,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    psql: (sql, database = "postgres") =>
      execFileSync(psqlBin, ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", database, "-Atqc", sql], { encoding: "utf8" }),
    stop,
    start,
    asServerUser: (file, args) => void as(file, args),
    destroy: () => {
      try {
        stop("immediate");
      } catch {
        /* already stopped */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
