/**
 * Faults survived, on a PostgreSQL cluster of the test's own (./private-postgres.ts: initdb and
 * pg_ctl on a port in 4700–4799, never the machine's shared server), with the built API
 * (`dist/main.js`) as a child process — every wait bounded:
 *
 * - the database crashed and restarted (pg_ctl stop -m immediate, then start) during a loop of
 *   form writes: every acknowledged write is there once, none is doubled, users got the outage
 *   message (503 DATABASE.UNAVAILABLE) meanwhile and then work again, same API process;
 * - the same during an import: it resumes by itself and ends as if nothing happened;
 * - the pool exhausted (DATABASE_POOL_MAX=2, the table a write needs locked): every request is
 *   answered 503 SERVER.BUSY within REQUEST_TIMEOUT_MS + a little, the write that timed out is not
 *   committed after the lock goes, and the next request works;
 * - the disk full (the database in a tablespace on a 24 MiB tmpfs, filled up): 503
 *   DATABASE.DISK_FULL, nothing half-written; space freed, writes work again. Needs mount
 *   (root); says so and does not run otherwise.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, insertAreaRows } from "@ansinh/db";
import { insertUser } from "../src/services/users.js";
import { PASSWORD, PUBLIC_URL } from "./helpers.js";
import { findPostgresBin, freePortIn, startPrivateCluster, type PrivateCluster } from "./private-postgres.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const mainJs = path.resolve(here, "../dist/main.js");
const sample = path.resolve(here, "../../../docs/samples/d05-ts-tu-nguyen.csv");
const bin = findPostgresBin();
if (!bin) console.warn("PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql: the fault tests do not run.");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Api {
  url: string;
  child: ChildProcess;
  stderr: string[];
  stop(): Promise<void>;
}

async function startApi(databaseUrl: string, env: Record<string, string>, dataDir: string): Promise<Api> {
  const port = await freePortIn(4700, 4799);
  const url = `http://127.0.0.1:${port}`;
  const stderr: string[] = [];
  const child = spawn(process.execPath, [mainJs], {
    env: {
      PATH: process.env.PATH ?? "",
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: "f".repeat(40),
      API_HOST: "127.0.0.1",
      API_PORT: String(port),
      DATA_DIR: dataDir,
      PUBLIC_URL,
      SEED_DEMO: "0",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr!.on("data", (d) => stderr.push(String(d)));
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the API stopped on start: ${stderr.join("")}`);
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      )
    ) {
      return {
        url,
        child,
        stderr,
        stop: async () => {
          if (child.exitCode !== null) return;
          const exited = new Promise((r) => child.once("exit", r));
          child.kill("SIGTERM");
          await Promise.race([exited, sleep(5000)]);
          if (child.exitCode === null) child.kill("SIGKILL");
        },
      };
    }
    await sleep(100);
  }
  child.kill("SIGKILL");
  throw new Error(`the API did not answer /health: ${stderr.join("")}`);
}

interface Answer {
  status: number;
  code: string | null;
  data: unknown;
  ms: number;
}

function client(api: Api, cookie: string) {
  return async (proc: string, input: unknown, mutation = false, timeoutMs = 20_000): Promise<Answer> => {
    const t0 = Date.now();
    const signal = AbortSignal.timeout(timeoutMs);
    const res = mutation
      ? await fetch(`${api.url}/trpc/${proc}`, {
          method: "POST",
          headers: { origin: PUBLIC_URL, cookie, "content-type": "application/json" },
          body: JSON.stringify(input),
          signal,
        })
      : await fetch(`${api.url}/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { origin: PUBLIC_URL, cookie }, signal });
    const body = (await res.json().catch(() => null)) as { result?: { data: unknown }; error?: { data?: { code?: string } } } | null;
    return { status: res.status, code: body?.error?.data?.code ?? null, data: body?.result?.data, ms: Date.now() - t0 };
  };
}

async function signIn(api: Api): Promise<string> {
  const res = await fetch(`${api.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { origin: PUBLIC_URL, "content-type": "application/json" },
    body: JSON.stringify({ email: "admin@faults.test", password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** A form's voluntary enrolment, person `i` (a valid personal ID of a man born in 1985). */
const form = (agentId: number, i: number, receipt: string) => ({
  participant: {
    personalId: `091085${String(200_000 + i).padStart(6, "0")}`,
    fullName: `${["Trần", "Lê", "Phạm", "Võ", "Đỗ"][i % 5]} Văn ${["An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Khoa", "Long"][Math.floor(i / 5) % 8]}`,
    birthDate: "1985-04-12",
    gender: "male",
    phone: null,
    communeCode: "31012",
  },
  months: 1,
  monthlyIncome: 1_500_000,
  payment: { receiptDate: "2020-03-10", receiptNumber: receipt },
  agentId,
});

describe.runIf(bin !== null)("faults on a PostgreSQL cluster of the test's own", () => {
  let cluster: PrivateCluster;
  let api: Api;
  let call: ReturnType<typeof client>;
  let agentId = 0;
  const tmp = mkdtempSync(path.join(os.tmpdir(), "ansinh-faults-"));
  const DB = "ansinh_faults";

  beforeAll(async () => {
    cluster = await startPrivateCluster(bin!);
    cluster.psql(`create database ${DB}`);
    const handle = await createDb({ databaseUrl: cluster.url(DB) });
    try {
      const unit = (code: string, level: "province" | "district" | "commune", parentCode: string | null) => ({
        code,
        name: code,
        level,
        unitType: "",
        parentCode,
        validFrom: "2020-01-01",
        validTo: "2025-06-30",
      });
      await insertAreaRows(handle.db, [
        unit("91", "province", null),
        unit("913", "district", "91"),
        ...["31012", "31015", "31027", "31054", "31057", "31066"].map((c) => unit(c, "commune", "913")),
      ]);
      await insertUser(handle.db, {
        email: "admin@faults.test",
        name: "Quản trị thử",
        password: PASSWORD,
        phone: null,
        personalId: null,
        assignments: [{ role: "admin", areaCode: null }],
      });
    } finally {
      await handle.close();
    }
    api = await startApi(cluster.url(DB), { REQUEST_TIMEOUT_MS: "5000", IMPORT_BULK_CHUNK: "200" }, path.join(tmp, "data"));
    call = client(api, await signIn(api));
    const agent = await call("agents.create", { name: "Bưu điện thử lỗi", kind: "post_office", areaCode: "913", areaValidOn: "2020-01-01" }, true);
    expect(agent.status).toBe(200);
    agentId = (agent.data as { id: number }).id;
  }, 120_000);

  afterAll(async () => {
    if (api && api.child.exitCode !== null) console.error(`the API stopped (${api.child.exitCode}): ${api.stderr.join("").slice(-6000)}`);
    await api?.stop();
    cluster?.destroy();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("a crash and restart during form writes: every acknowledged write kept once, the outage message meanwhile, then work again", async () => {
    const answers: { receipt: string; a: Answer; at: number }[] = [];
    const t0 = Date.now();
    let restarted = 0;
    const down: [number, number] = [0, 0];
    const restart = (async () => {
      while (answers.filter((x) => x.a.status === 200).length < 15 && Date.now() - t0 < 20_000) await sleep(20);
      down[0] = Date.now();
      cluster.stop("immediate");
      await sleep(1500);
      cluster.start();
      down[1] = Date.now();
      restarted = Date.now();
    })();
    // Two users writing one form after another, until 15 writes are acknowledged after the restart (40 s at most).
    const writer = async (w: number) => {
      for (let i = 0; Date.now() - t0 < 40_000; i++) {
        const n = w * 10_000 + i;
        const receipt = `RST-${w}-${i}`;
        const a = await call("enrolments.create", form(agentId, n, receipt), true).catch((e: unknown) => ({ status: 0, code: String(e), data: null, ms: 0 }));
        answers.push({ receipt, a, at: Date.now() });
        if (restarted && answers.filter((x) => x.at > restarted + 200 && x.a.status === 200).length >= 15) return;
        if (a.status !== 200) await sleep(100);
      }
    };
    await Promise.all([writer(1), writer(2), restart]);

    const acked = answers.filter((x) => x.a.status === 200).map((x) => x.receipt);
    const failed = answers.filter((x) => x.a.status !== 200);
    // What users saw: the outage's own message, never a 500, a sign-in page or a hang.
    expect(new Set(failed.map((x) => `${x.a.status} ${x.a.code}`))).toEqual(
      new Set(failed.length ? ["503 DATABASE.UNAVAILABLE", ...(failed.some((x) => x.a.code === "SERVER.BUSY") ? ["503 SERVER.BUSY"] : [])] : []),
    );
    expect(failed.some((x) => x.a.code === "DATABASE.UNAVAILABLE")).toBe(true);
    expect(Math.max(...answers.map((x) => x.a.ms))).toBeLessThan(10_000);
    // And afterwards, the same API process serves writes again.
    expect(answers.filter((x) => x.at > restarted && x.a.status === 200).length).toBeGreaterThanOrEqual(15);
    expect(api.child.exitCode).toBeNull();

    const stored = cluster
      .psql(`select receipt_number || ':' || count(*) from payments where receipt_number like 'RST-%' group by receipt_number`, DB)
      .trim()
      .split("\n")
      .filter(Boolean);
    const counts = new Map(stored.map((l) => [l.split(":")[0]!, Number(l.split(":")[1])]));
    for (const r of acked) expect(counts.get(r), r).toBe(1);
    for (const [r, n] of counts) expect(n, r).toBe(1);
    // A write answered "unavailable" may have reached its commit (the connection lost after it); no more than those.
    expect(counts.size - acked.length).toBeLessThanOrEqual(failed.length);
    expect(Number(cluster.psql(`select count(*) from enrolments e join payments p on p.enrolment_id = e.id where p.receipt_number like 'RST-%'`, DB))).toBe(
      counts.size,
    );
    console.info(
      `restart during writes: ${answers.length} writes, ${acked.length} acknowledged, ${failed.length} answered 503 (${failed
        .map((x) => x.a.code)
        .filter((c, i, a) => a.indexOf(c) === i)
        .join(", ")}); database down ${down[1] - down[0]} ms; ${counts.size - acked.length} unacknowledged writes committed`,
    );
  }, 90_000);

  it("a crash and restart during an import: it resumes by itself and ends with every line imported once", async () => {
    const src = readFileSync(sample, "utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    const LINES = 1200;
    const body: string[] = [];
    for (let i = 0; i < LINES; i++) {
      const cells = src[1 + (i % 12)]!.split(",");
      cells[0] = `${["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ"][i % 6]} ${["Văn", "Thị", "Hữu", "Ngọc"][Math.floor(i / 6) % 4]} ${["An", "Bình", "Cúc", "Dũng", "Đào", "Giang", "Hà", "Khoa", "Lan", "Mai"][Math.floor(i / 24) % 10]}`;
      cells[4] = cells[4]!.slice(0, 6) + String(500_000 + i).padStart(6, "0");
      cells[5] = `098${String(i).padStart(7, "0")}`;
      cells[14] = `IMP-${i}`;
      body.push(cells.join(","));
    }
    const csv = `\uFEFF${[src[0], ...body].join("\r\n")}\r\n`;
    const cookie = await signIn(api);
    const upload = await fetch(`${api.url}/api/imports/upload?agentId=${agentId}&scheme=voluntary_social_insurance&fileName=restart.csv`, {
      method: "POST",
      headers: { origin: PUBLIC_URL, cookie, "content-type": "text/csv" },
      body: csv,
    });
    expect(upload.status).toBe(200);
    const up = (await upload.json()) as { hash: string; format: string; fileName: string; suggested: Record<string, string> };
    const started = await call(
      "imports.start",
      { agentId, scheme: "voluntary_social_insurance", hash: up.hash, format: up.format, fileName: up.fileName, mapping: up.suggested, dryRun: false },
      true,
    );
    expect(started.status).toBe(200);
    const batchId = (started.data as { batchId: number }).batchId;
    type Batch = { status: string; finished: boolean; processedRows: number; imported: number; duplicates: number; rejected: number; error: string | null };
    const poll = async () => {
      const a = await call("imports.batch", { id: batchId });
      return a.status === 200 ? (a.data as Batch) : null;
    };
    const deadline = Date.now() + 60_000;
    let seen: Batch | null = null;
    while (Date.now() < deadline && !((seen = await poll()) && seen.processedRows > 0)) await sleep(20);
    expect(seen?.finished).toBe(false);
    cluster.stop("immediate");
    await sleep(1500);
    cluster.start();
    let end: Batch | null = null;
    while (Date.now() < deadline + 60_000 && !((end = await poll()) && end.finished)) await sleep(250);
    expect(end).toMatchObject({ status: "done", error: null, processedRows: LINES, imported: LINES, duplicates: 0, rejected: 0 });
    const [lines, enrolments, receipts, job] = cluster
      .psql(
        `select (select count(distinct line) from import_rows where batch_id = ${batchId}) || '|' ||
                (select count(*) from enrolments where import_batch_id = ${batchId}) || '|' ||
                (select count(distinct receipt_number) || '/' || count(*) from payments where receipt_number like 'IMP-%') || '|' ||
                (select status || '/' || attempts from jobs where (payload->>'batchId')::bigint = ${batchId})`,
        DB,
      )
      .trim()
      .split("|");
    expect([Number(lines), Number(enrolments), receipts, job]).toEqual([LINES, LINES, `${LINES}/${LINES}`, "done/1"]);
    console.info(`restart during an import: killed at ${seen?.processedRows}/${LINES} lines; resumed without a new attempt`);
  }, 150_000);

  it("the pool exhausted: every request answered 503 SERVER.BUSY within the bound, the late write never committed, then work again", async () => {
    const small = await startApi(cluster.url(DB), { DATABASE_POOL_MAX: "2", REQUEST_TIMEOUT_MS: "2000", SESSION_CACHE: "off" }, path.join(tmp, "data2"));
    try {
      const c = client(small, await signIn(small));
      expect((await c("enrolments.create", form(agentId, 90_000, "POOL-0"), true)).status).toBe(200);
      // Another session holds the tables every write and every list needs (lists read participants
      // and their kept coverage, not payments): the pool's two connections get stuck behind them.
      const locker = spawn("psql", ["-h", "127.0.0.1", "-p", String(cluster.port), "-U", "postgres", "-d", DB, "-v", "ON_ERROR_STOP=1"], {
        stdio: ["pipe", "ignore", "inherit"],
      });
      locker.stdin!.write("begin; lock table payments, participants in access exclusive mode; select pg_sleep(20);\n");
      await sleep(500);
      const t0 = Date.now();
      const many = await Promise.all([
        c("enrolments.create", form(agentId, 90_001, "POOL-LATE"), true),
        ...Array.from({ length: 11 }, (_, i) =>
          i % 2 ? c("participants.list", { limit: 20 }) : c("enrolments.create", form(agentId, 90_010 + i, `POOL-${10 + i}`), true),
        ),
      ]);
      const elapsed = Date.now() - t0;
      // The lock's holder goes (pg_sleep would not notice its client dying).
      cluster.psql(`select pg_terminate_backend(pid) from pg_stat_activity where query like '%pg_sleep(20)%' and pid <> pg_backend_pid()`, DB);
      locker.kill("SIGKILL");
      expect(many.map((a) => `${a.status} ${a.code}`)).toEqual(Array(12).fill("503 SERVER.BUSY"));
      expect(Math.max(...many.map((a) => a.ms))).toBeLessThan(2000 + 3000);
      // Once the lock is gone: the writes answered "busy, not saved" are not there, and the API works again.
      for (let i = 0; i < 50; i++) {
        if (
          cluster
            .psql(`select count(*) from pg_locks l join pg_class c on c.oid = l.relation where c.relname = 'payments' and l.mode = 'AccessExclusiveLock'`, DB)
            .trim() === "0"
        )
          break;
        await sleep(100);
      }
      await sleep(1000);
      expect(cluster.psql(`select count(*) from payments where receipt_number like 'POOL-%' and receipt_number <> 'POOL-0'`, DB).trim()).toBe("0");
      const after = await c("enrolments.create", form(agentId, 90_100, "POOL-AFTER"), true);
      expect(after.status).toBe(200);
      console.info(`pool exhausted: 12 requests answered 503 SERVER.BUSY in ${elapsed} ms (bound 2,000 ms + grace)`);
    } finally {
      await small.stop();
    }
  }, 60_000);

  it("the disk full: a clear answer, nothing half-written; space freed, writes work again", async (ctx) => {
    const mnt = path.join(cluster.dir, "tiny");
    mkdirSync(mnt);
    const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=24m,mode=0700", "tmpfs", mnt], { encoding: "utf8" });
    if (mounted.status !== 0) {
      console.warn(`cannot mount a small tmpfs here (${mounted.stderr.trim()}): the disk-full test does not run`);
      ctx.skip();
      return;
    }
    try {
      spawnSync("chown", ["postgres:postgres", mnt]);
      cluster.psql(`create tablespace tiny location '${mnt}'`);
      // The registry's tables where the form writes, moved onto the small disk.
      cluster.psql(
        `alter table participants set tablespace tiny; alter table enrolments set tablespace tiny; alter table payments set tablespace tiny; alter table audit_log set tablespace tiny`,
        DB,
      );
      const before = cluster
        .psql(
          `select (select count(*) from participants) || '/' || (select count(*) from enrolments) || '/' || (select count(*) from payments) || '/' || (select count(*) from audit_log)`,
          DB,
        )
        .trim();
      // Fill it up.
      cluster.psql(`create table filler (x text) tablespace tiny`, DB);
      const fill = spawnSync(
        "psql",
        [
          "-h",
          "127.0.0.1",
          "-p",
          String(cluster.port),
          "-U",
          "postgres",
          "-d",
          DB,
          "-c",
          "insert into filler select repeat(md5(g::text), 60) from generate_series(1, 1000000) g",
        ],
        { encoding: "utf8" },
      );
      expect(fill.stderr).toMatch(/No space left on device|could not extend/);
      const answers: Awaited<ReturnType<typeof call>>[] = [];
      // A write that still fits in a page already allocated needs no new space: write until one needs it.
      for (let i = 0; i < 40 && !answers.some((a) => a.status === 503); i++)
        answers.push(await call("enrolments.create", form(agentId, 95_000 + i * 37, `FULL-${i}`), true));
      expect(answers.map((a) => `${a.status} ${a.code}`)).toContain("503 DATABASE.DISK_FULL");
      for (const a of answers) expect([200, 503]).toContain(a.status);
      const wrote = answers.filter((a) => a.status === 200).length;
      const during = cluster
        .psql(
          `select (select count(*) from participants) || '/' || (select count(*) from enrolments) || '/' || (select count(*) from payments) || '/' || (select count(*) from audit_log)`,
          DB,
        )
        .trim();
      // Nothing half-written: each refused write left no participant, enrolment, payment or audit row.
      const [p0, e0, pay0, a0] = before.split("/").map(Number);
      expect(during).toBe(`${p0! + wrote}/${e0! + wrote}/${pay0! + wrote}/${a0! + wrote}`);
      cluster.psql(`drop table filler`, DB);
      const again = await call("enrolments.create", form(agentId, 96_000, "FULL-AFTER"), true);
      expect(again.status).toBe(200);
      console.info(`disk full: ${answers.map((a) => a.code ?? a.status).join(", ")}; after freeing space: ${again.status}`);
    } finally {
      try {
        cluster.psql(
          `drop table if exists filler; alter table participants set tablespace pg_default; alter table enrolments set tablespace pg_default; alter table payments set tablespace pg_default; alter table audit_log set tablespace pg_default`,
          DB,
        );
        cluster.psql(`drop tablespace if exists tiny`);
      } finally {
        spawnSync("umount", ["-l", mnt]);
      }
    }
  }, 60_000);
});
