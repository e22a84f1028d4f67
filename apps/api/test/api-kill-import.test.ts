/**
 * The API server process (built `dist/main.js`) killed with SIGKILL in the middle of an import
 * started over HTTP, and started again on the same database: its job worker takes the job again
 * once the dead process's lease runs out (`JOB_LEASE_MS`, short here) and finishes the batch —
 * every line has exactly one outcome, nothing is written twice, and the counts are the ones a
 * dry run of the same file on the clean database announced.
 *
 * PostgreSQL only (the embedded PGlite database is single-process, and the test watches from a
 * second one); it makes its own database beside TEST_DATABASE_URL's and drops it afterwards.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, insertAreaRows, selectRows, type DbHandle } from "@ansinh/db";
import { EnvError, readEnv } from "../src/env.js";
import { insertUser } from "../src/services/users.js";
import { PASSWORD, postgresUrl, PUBLIC_URL } from "./helpers.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const mainJs = path.resolve(here, "../dist/main.js");
const sample = path.resolve(here, "../../../docs/samples/d05-ts-tu-nguyen.csv");
const VOLUNTARY = "voluntary_social_insurance";
const GOOD = 2000;
const LEASE_MS = 3000;

if (!postgresUrl) console.warn("TEST_DATABASE_URL/DATABASE_URL not set: the killed-API-server import test runs on PostgreSQL only and does not run.");

/**
 * The list: the sample's 12 good lines over and over with other names, ID serials, phones and receipt numbers
 * (2,000 good lines), its 10 rejected lines near the top, and at the end 10 lines repeating the
 * personal IDs of lines near the top with new receipts — duplicates within the file that the
 * resumed run recognises only if it remembers the lines committed before the kill.
 */
function generatedList(): { csv: string; lines: number } {
  const src = readFileSync(sample, "utf8")
    .replace(/^\uFEFF/, "")
    .trim()
    .split(/\r?\n/);
  // Invented names and phones of their own: no two people look alike (no duplicate reviews).
  const family = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"];
  const middle = ["Văn", "Thị", "Hữu", "Ngọc", "Minh", "Thanh", "Hồng", "Kim", "Quốc", "Thu"];
  const given = [
    "An",
    "Bình",
    "Cúc",
    "Dũng",
    "Đào",
    "Giang",
    "Hà",
    "Khoa",
    "Lan",
    "Mai",
    "Nam",
    "Oanh",
    "Phúc",
    "Quyên",
    "Sơn",
    "Tâm",
    "Uyên",
    "Vinh",
    "Xuân",
    "Yến",
  ];
  const good = (i: number, receipt: string) => {
    const cells = src[1 + (i % 12)]!.split(",");
    cells[0] = `${family[i % 10]} ${middle[Math.floor(i / 10) % 10]} ${given[Math.floor(i / 100) % 20]}`;
    cells[4] = cells[4]!.slice(0, 6) + String(300_000 + i).padStart(6, "0");
    cells[5] = `091${String(i).padStart(7, "0")}`;
    cells[14] = receipt;
    return cells.join(",");
  };
  const body: string[] = [];
  for (let i = 0; i < GOOD; i++) {
    body.push(good(i, `SRV-${i}`));
    if (i === 5) body.push(...src.slice(13, 24).filter((l) => !l.includes(",091177000101,")));
  }
  for (let i = 0; i < 10; i++) body.push(good(i, `SRV-AGAIN-${i}`));
  return { csv: `\uFEFF${[src[0], ...body].join("\r\n")}\r\n`, lines: body.length };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen({ port: 0, host: "127.0.0.1" }, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

describe("JOB_LEASE_MS", () => {
  it("defaults to 60 s and takes 1 s to 1 h", () => {
    expect(readEnv({}).JOB_LEASE_MS).toBe(60_000);
    expect(readEnv({ JOB_LEASE_MS: "3000" }).JOB_LEASE_MS).toBe(3000);
    for (const bad of ["999", "3600001", "2.5", "soon"]) expect(() => readEnv({ JOB_LEASE_MS: bad })).toThrow(EnvError);
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Both import paths: one line at a time through the write path (IMPORT_BULK=off), and the bulk
 * path (COPY into the staging table, set-based checks, a merge per chunk — small chunks here, so
 * the kill falls between two of them).
 */
const paths = [
  { name: "one line at a time", key: "rows", env: { IMPORT_BULK: "off" } },
  { name: "bulk (COPY, staging, merge per chunk)", key: "bulk", env: { IMPORT_BULK: "on", IMPORT_BULK_CHUNK: "250" } },
];

describe.runIf(postgresUrl !== undefined).each(paths)("an API server killed mid-import on PostgreSQL: $name", ({ key, env: pathEnv }) => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "ansinh-api-kill-"));
  const base = new URL(postgresUrl ?? "postgres://localhost/none");
  const dbName = `${base.pathname.slice(1) || "ansinh"}_killed_${key}_${process.pid}`.slice(0, 63);
  const url = new URL(base.toString());
  url.pathname = `/${dbName}`;
  let handle: DbHandle | undefined;
  let server: ChildProcess | undefined;
  const stderr: string[] = [];

  const dropDb = async () => {
    const admin = await createDb({ databaseUrl: base.toString(), migrate: false });
    try {
      await admin.db.execute(sql.raw(`drop database if exists "${dbName}" with (force)`));
      return admin;
    } catch (e) {
      await admin.close();
      throw e;
    }
  };

  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
    await handle?.close();
    await (await dropDb()).close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("loses nothing and writes nothing twice: the restarted worker finishes the batch as the dry run said", async () => {
    const t0 = Date.now();
    const admin = await dropDb();
    try {
      await admin.db.execute(sql.raw(`create database "${dbName}"`));
    } finally {
      await admin.close();
    }
    handle = await createDb({ databaseUrl: url.toString() });
    const db = handle.db;
    const unit = (code: string, level: "province" | "district" | "commune", parentCode: string | null) => ({
      code,
      name: code,
      level,
      unitType: "",
      parentCode,
      validFrom: "2020-01-01",
      validTo: "2025-06-30",
    });
    await insertAreaRows(db, [
      unit("91", "province", null),
      unit("913", "district", "91"),
      unit("911", "district", "91"),
      ...["31012", "31015", "31027", "31054", "31057", "31066"].map((c) => unit(c, "commune", "913")),
      unit("31078", "commune", "911"),
    ]);
    await insertUser(db, {
      email: "admin@kill.test",
      name: "Quản trị thử",
      password: PASSWORD,
      phone: null,
      personalId: null,
      assignments: [{ role: "admin", areaCode: null }],
    });

    const port = await freePort();
    const api = `http://127.0.0.1:${port}`;
    const start = async () => {
      const child = spawn(process.execPath, [mainJs], {
        env: {
          PATH: process.env.PATH ?? "",
          DATABASE_URL: url.toString(),
          AUTH_SECRET: "k".repeat(40),
          API_HOST: "127.0.0.1",
          API_PORT: String(port),
          DATA_DIR: path.join(tmp, "data"),
          PUBLIC_URL,
          SEED_DEMO: "0",
          LOG_LEVEL: "warn",
          JOB_LEASE_MS: String(LEASE_MS),
          ...pathEnv,
        },
        stdio: ["ignore", "ignore", "pipe"],
      });
      child.stderr!.on("data", (d) => stderr.push(String(d)));
      server = child;
      for (let i = 0; i < 300; i++) {
        if (child.exitCode !== null) throw new Error(`the API stopped on start: ${stderr.join("")}`);
        const up = await fetch(`${api}/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (up) return child;
        await sleep(100);
      }
      throw new Error(`the API did not answer /health: ${stderr.join("")}`);
    };
    const stop = async (child: ChildProcess, signal: NodeJS.Signals) => {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill(signal);
      await exited;
    };

    let first = await start();
    const signIn = await fetch(`${api}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { origin: PUBLIC_URL, "content-type": "application/json" },
      body: JSON.stringify({ email: "admin@kill.test", password: PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const trpc = async <T>(proc: string, input: unknown, mutation = false): Promise<T> => {
      const res = mutation
        ? await fetch(`${api}/trpc/${proc}`, {
            method: "POST",
            headers: { origin: PUBLIC_URL, cookie, "content-type": "application/json" },
            body: JSON.stringify(input),
          })
        : await fetch(`${api}/trpc/${proc}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { origin: PUBLIC_URL, cookie } });
      const body = (await res.json()) as { result?: { data: T }; error?: unknown };
      if (res.status !== 200 || !body.result) throw new Error(`${proc}: ${res.status} ${JSON.stringify(body.error)}`);
      return body.result.data;
    };
    const agent = await trpc<{ id: number }>(
      "agents.create",
      { name: "Bưu điện thử nghiệm", kind: "post_office", areaCode: "913", areaValidOn: "2020-01-01" },
      true,
    );

    const list = generatedList();
    const upload = await fetch(`${api}/api/imports/upload?agentId=${agent.id}&scheme=${VOLUNTARY}&fileName=d05-lon.csv`, {
      method: "POST",
      headers: { origin: PUBLIC_URL, cookie, "content-type": "text/csv" },
      body: list.csv,
    });
    expect(upload.status).toBe(200);
    const up = (await upload.json()) as { hash: string; format: "csv" | "xlsx"; fileName: string; suggested: Record<string, string> };
    type Batch = {
      status: string;
      finished: boolean;
      totalRows: number | null;
      processedRows: number;
      imported: number;
      duplicates: number;
      rejected: number;
      error: string | null;
    };
    const begin = (dryRun: boolean) =>
      trpc<{ batchId: number }>(
        "imports.start",
        { agentId: agent.id, scheme: VOLUNTARY, hash: up.hash, format: up.format, fileName: up.fileName, mapping: up.suggested, dryRun },
        true,
      );
    const until = async (batchId: number, done: (b: Batch) => boolean, ms: number, pollMs = 100) => {
      const deadline = Date.now() + ms;
      for (;;) {
        const b = await trpc<Batch>("imports.batch", { id: batchId });
        if (done(b)) return b;
        if (Date.now() > deadline) throw new Error(`batch ${batchId} still ${JSON.stringify(b)}; API stderr: ${stderr.join("")}`);
        await sleep(pollMs);
      }
    };

    // What the file would do, on the clean database.
    const tDry = Date.now();
    const dry = await begin(true);
    const dryEnd = await until(dry.batchId, (b) => b.finished, 180_000);
    const dryMs = Date.now() - tDry;
    expect(dryEnd).toMatchObject({
      status: "dry_run",
      error: null,
      totalRows: list.lines,
      processedRows: list.lines,
      imported: GOOD,
      duplicates: 10,
      rejected: 10,
    });
    expect(Number((await selectRows<{ n: number }>(db, sql`select count(*)::int as n from payments`))[0]!.n)).toBe(0);

    // The real run, killed once some chunks are committed and well before the end.
    const real = await begin(false);
    const tReal = Date.now();
    const seen = await until(real.batchId, (b) => b.processedRows > 0, 30_000, 20);
    expect(seen.processedRows).toBeLessThan(list.lines);
    await stop(first, "SIGKILL");
    const killedAt = Date.now();
    const [mid] = await selectRows<{
      processed_rows: number;
      imported: number;
      lines: number;
      enrolments: number;
      payments: number;
      status: string;
      job: string;
    }>(
      db,
      sql`select b.processed_rows, b.imported, b.status,
                 (select count(*)::int from import_rows r where r.batch_id = b.id) as lines,
                 (select count(*)::int from enrolments e where e.import_batch_id = b.id) as enrolments,
                 (select count(*)::int from payments p where p.agent_id = b.agent_id) as payments,
                 (select status from jobs j where (j.payload->>'batchId')::bigint = b.id) as job
            from import_batches b where b.id = ${real.batchId}`,
    );
    // Whole chunks only: what the batch counts is exactly what is stored.
    expect(mid!.processed_rows).toBeGreaterThan(0);
    expect(mid!.processed_rows).toBeLessThan(list.lines);
    expect(mid!.lines).toBe(mid!.processed_rows);
    expect(mid!.enrolments).toBe(mid!.imported);
    expect(mid!.payments).toBe(mid!.imported);
    expect(mid!.status).toBe("running");
    expect(mid!.job).toBe("running");

    // The same server again, on the same database: the session still holds, the job is resumed.
    first = await start();
    const restartedAt = Date.now();
    const end = await until(real.batchId, (b) => b.finished, 150_000, 200);
    const resumedMs = Date.now() - restartedAt;
    expect(end).toMatchObject({ status: "done", error: null, totalRows: list.lines, processedRows: list.lines });
    expect({ imported: end.imported, duplicates: end.duplicates, rejected: end.rejected }).toEqual({
      imported: dryEnd.imported,
      duplicates: dryEnd.duplicates,
      rejected: dryEnd.rejected,
    });

    const [after] = await selectRows<{
      lines: number;
      distinct_lines: number;
      first: number;
      last: number;
      enrolments: number;
      payments: number;
      receipts: number;
      participants: number;
      reviews: number;
      job: string;
      attempts: number;
    }>(
      db,
      sql`select (select count(*)::int from import_rows where batch_id = ${real.batchId}) as lines,
                 (select count(distinct line)::int from import_rows where batch_id = ${real.batchId}) as distinct_lines,
                 (select min(line)::int from import_rows where batch_id = ${real.batchId}) as first,
                 (select max(line)::int from import_rows where batch_id = ${real.batchId}) as last,
                 (select count(*)::int from enrolments where import_batch_id = ${real.batchId}) as enrolments,
                 (select count(*)::int from payments where agent_id = ${agent.id}) as payments,
                 (select count(distinct receipt_number)::int from payments where agent_id = ${agent.id}) as receipts,
                 (select count(*)::int from participants) as participants,
                 (select count(*)::int from duplicate_reviews) as reviews,
                 (select status from jobs where (payload->>'batchId')::bigint = ${real.batchId}) as job,
                 (select attempts::int from jobs where (payload->>'batchId')::bigint = ${real.batchId}) as attempts`,
    );
    expect(after).toEqual({
      lines: list.lines,
      distinct_lines: list.lines,
      first: 2,
      last: list.lines + 1,
      enrolments: GOOD,
      payments: GOOD,
      receipts: GOOD,
      participants: GOOD,
      reviews: 0,
      job: "done",
      attempts: 2,
    });
    // The staging rows of the bulk path are gone once the batch is done.
    if (key === "bulk") expect(await selectRows(db, sql`select count(*)::int as n from import_staging`)).toEqual([{ n: 0 }]);
    // Line by line, the outcomes (and reasons) the dry run announced.
    const differing = await selectRows<{ line: number }>(
      db,
      sql`select d.line from import_rows d left join import_rows r on r.line = d.line and r.batch_id = ${real.batchId}
           where d.batch_id = ${dry.batchId}
             and (r.line is null or r.outcome <> d.outcome or coalesce(r.problems->0->>'code', '') <> coalesce(d.problems->0->>'code', ''))`,
    );
    expect(differing).toEqual([]);
    const dupes = await selectRows<{ line: number; code: string }>(
      db,
      sql`select line, problems->0->>'code' as code from import_rows where batch_id = ${real.batchId} and outcome = 'duplicate' order by line`,
    );
    expect(dupes.map((d) => d.code)).toEqual(Array(10).fill("IMPORT.DUPLICATE_IN_FILE"));
    // The repeated IDs sit at the end of the file, after the kill: the resumed run remembered the lines before it.
    expect(dupes[0]!.line).toBeGreaterThan(mid!.processed_rows + 1);

    await stop(first, "SIGTERM");
    expect(first.exitCode).toBe(0);
    console.info(
      `killed API import: dry run ${dryMs} ms; killed after ${killedAt - tReal} ms at ${mid!.processed_rows}/${list.lines} lines; ` +
        `restarted and finished in ${resumedMs} ms (lease ${LEASE_MS} ms); whole test ${Date.now() - t0} ms`,
    );
  }, 480_000);
});
