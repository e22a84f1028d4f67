/**
 * The registry's door, through HTTP on PGlite and PostgreSQL: uploads bounded by what
 * they unpack to (the bombs generated here, small on disk), imports cancelled, masking of import
 * problems and batch errors, who may learn about a person (checkParticipant, the duplicate
 * queue), merges and imports.start under races, lone surrogates, templates behind a session;
 * lists bounded by a statement timeout and cancelled when their client goes away (PostgreSQL).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claimJob, createDb, insertAreaRows, selectRows, type Db } from "@ansinh/db";
import { buildServer } from "../src/index.js";
import { drainJobs, runJob } from "../src/services/jobs.js";
import { recordEnrolment } from "../src/services/record-enrolment.js";
import { call, drivers, postgresUrl, PUBLIC_URL, startTestApp, type TestApp } from "./helpers.js";
import { COMMUNES, seedRegistryFixtures } from "./registry-fixtures.js";
import { uploadBombs } from "./upload-bombs.mjs";

const samples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../docs/samples");
const VOLUNTARY = "voluntary_social_insurance";
type Data = Record<string, unknown>;
const data = (r: { body: { result?: { data: unknown } } }) => r.body.result?.data as Data;
const issuesOf = (r: { body: unknown }) => JSON.stringify(r.body);

describe.each(drivers)("the registry's door on $name", ({ name, open }) => {
  const postgres = name === "PostgreSQL";
  let t: TestApp;
  let db: Db;
  let dataDir: string;
  let agent913: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "ansinh-door-test-"));
    t = await startTestApp(open, { server: { dataDir, jobWorker: false } });
    db = t.handle.db;
    ({ agentId: agent913 } = await seedRegistryFixtures(db));
    const commune = (code: string) => ({
      code,
      name: `Xã ${code}`,
      level: "commune" as const,
      unitType: "Xã",
      parentCode: "913",
      validFrom: "2020-01-01",
      validTo: "2025-06-30",
    });
    await insertAreaRows(db, ["31015", "31057", "31066"].map(commune));
    await db.execute(sql`insert into agent_collectors (agent_id, user_id) values (${agent913}, ${t.ids.collector})`);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const upload = (fileName: string, body: Buffer, cookie = t.cookies.collector) =>
    t.app.inject({
      method: "POST",
      url: `/api/imports/upload?agentId=${agent913}&scheme=${VOLUNTARY}&fileName=${encodeURIComponent(fileName)}`,
      headers: { origin: PUBLIC_URL, cookie, "content-type": "application/octet-stream" },
      payload: body,
    });
  type Uploaded = { hash: string; format: "csv" | "xlsx"; fileName: string; suggested: Record<string, string> };
  const start = (up: Uploaded, dryRun = false) =>
    call(
      t.app,
      "imports.start",
      { agentId: agent913, scheme: VOLUNTARY, hash: up.hash, format: up.format, fileName: up.fileName, mapping: up.suggested, dryRun },
      { cookie: t.cookies.collector, mutation: true },
    );
  const person = async (personalId: string, commune: string, fullName = "Người Thử Cửa") =>
    (
      await selectRows<{ id: number }>(
        db,
        sql`insert into participants (province_code, personal_id, full_name, name_key, birth_date, gender, commune_code, commune_valid_on)
            values ('91', ${personalId}, ${fullName}, 'nguoi thu cua', '1990-01-01', 'male', ${commune}, '2021-01-01') returning id`,
      )
    ).map((r) => Number(r.id))[0]!;
  const review = async (participantId: number, matchId: number) =>
    Number(
      (
        await selectRows<{ id: number }>(
          db,
          sql`insert into duplicate_reviews (province_code, participant_id, match_id, score, reasons) values ('91', ${participantId}, ${matchId}, 70, '[]'::jsonb) returning id`,
        )
      )[0]!.id,
    );

  it("refuses hostile XLSX uploads by what they unpack to, naming the limit, with the API's memory bounded", { timeout: 120_000 }, async () => {
    for (const bomb of uploadBombs()) {
      global.gc?.();
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
      const started = performance.now();
      const res = await upload(`${bomb.name}.xlsx`, bomb.file);
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      const mb = (b: number) => Math.round(b / 2 ** 20);
      console.log(
        `[door] ${name}: "${bomb.name}" (${Math.round(bomb.file.length / 1024)} KiB on disk): ${res.statusCode} in ${Math.round(performance.now() - started)} ms; ` +
          `process RSS peak ${mb(peak)} MB (+${mb(peak - before)} MB)`,
      );
      expect(res.statusCode, bomb.name).toBe(400);
      const body = res.json() as { code: string; issues: { vi: string; en: string }[] };
      expect(body.code).toBe("IMPORT.FILE_BEYOND_LIMITS");
      expect(body.issues[0]!.vi).toMatch(/^Tệp vượt giới hạn: .*\d/);
      expect(body.issues[0]!.en).toMatch(/^The file is beyond a limit: .*\d/);
      expect(peak - before).toBeLessThan(300 * 2 ** 20);
    }
    // A real workbook still goes through (the sample of docs/samples).
    const ok = await upload("d03.xlsx", readFileSync(path.join(samples, "d03-ts-ho-gia-dinh.xlsx")));
    expect(ok.statusCode).toBe(200);
  });

  it("serves the templates only to a session", async () => {
    for (const ext of ["xlsx", "csv"]) {
      const anonymous = await t.app.inject({ method: "GET", url: `/api/imports/template.${ext}?scheme=${VOLUNTARY}`, headers: { origin: PUBLIC_URL } });
      expect(anonymous.statusCode).toBe(401);
      const signedIn = await t.app.inject({
        method: "GET",
        url: `/api/imports/template.${ext}?scheme=${VOLUNTARY}`,
        headers: { origin: PUBLIC_URL, cookie: t.cookies.viewer },
      });
      expect(signedIn.statusCode).toBe(200);
    }
  });

  it("imports.start of one file at once: one batch, no 500; a queued import is cancelled and a new start resumes it", async () => {
    const up = (await upload("d05.csv", readFileSync(path.join(samples, "d05-ts-tu-nguyen.csv")))).json() as Uploaded;
    const starts = await Promise.all(Array.from({ length: 4 }, () => start(up)));
    expect(starts.map((s) => s.status)).toEqual([200, 200, 200, 200]);
    const batchIds = new Set(starts.map((s) => data(s).batchId));
    expect(batchIds.size).toBe(1);
    const batchId = [...batchIds][0] as number;

    const viewerCancel = await call(t.app, "imports.cancel", { id: batchId }, { cookie: t.cookies.viewer, mutation: true });
    expect(viewerCancel.status).toBe(403);
    const cancel = await call(t.app, "imports.cancel", { id: batchId }, { cookie: t.cookies.collector, mutation: true });
    expect(cancel.status).toBe(200);
    expect(data(cancel)).toMatchObject({ status: "cancelled", cancelled: true });
    const twice = await call(t.app, "imports.cancel", { id: batchId }, { cookie: t.cookies.collector, mutation: true });
    expect(data(twice)).toMatchObject({ status: "cancelled", cancelled: false });
    await drainJobs(db, { record: recordEnrolment });
    const after = data(await call(t.app, "imports.batch", { id: batchId }, { cookie: t.cookies.collector }));
    expect(after).toMatchObject({ status: "cancelled", processedRows: 0 });

    const again = await start(up);
    expect(data(again)).toMatchObject({ batchId, existing: true, status: "queued" });
    await drainJobs(db, { record: recordEnrolment });
    expect(data(await call(t.app, "imports.batch", { id: batchId }, { cookie: t.cookies.collector }))).toMatchObject({ status: "done", processedRows: 23 });
  });

  it("a NUL byte or an over-long cell refuses its line only; the others are decided and the report keeps the line", { timeout: 300_000 }, async () => {
    const lines = readFileSync(path.join(samples, "d05-ts-tu-nguyen.csv"), "utf8")
      .replace(/UMT-2020-/g, "NUL-2020-")
      .split(/\r?\n/);
    // Line 2 gets a NUL in its name, line 3 a 5,000-character name; the sample's good lines 4–13 stay good.
    lines[1] = lines[1]!.replace(/^([^,]*),/, (_, first: string) => `${first.slice(0, 2)}\u0000${first.slice(2)},`);
    lines[2] = lines[2]!.replace(/^([^,]*),/, () => `${"X".repeat(5000)},`);
    const up = (await upload("d05-nul.csv", Buffer.from(lines.join("\r\n")))).json() as Uploaded;
    for (const dryRun of [true, false]) {
      const started = data(await start(up, dryRun));
      await drainJobs(db, { record: recordEnrolment });
      const batch = data(await call(t.app, "imports.batch", { id: started.batchId }, { cookie: t.cookies.collector }));
      expect(batch, JSON.stringify(batch)).toMatchObject({
        status: dryRun ? "dry_run" : "done",
        finished: true,
        error: null,
        processedRows: lines.filter(Boolean).length - 1,
      });
      const rows = data(await call(t.app, "imports.rows", { batchId: started.batchId, limit: 200 }, { cookie: t.cookies.collector })) as {
        rows: { line: number; outcome: string; problems: { code: string }[] | null }[];
      };
      const byLine = new Map(rows.rows.map((r) => [r.line, r]));
      // Every line once; the two refused for their cell; the others decided on their own merits.
      expect(rows.rows.map((r) => r.line).sort((a, b) => a - b)).toEqual(Array.from({ length: 23 }, (_, i) => i + 2));
      expect(byLine.get(2)).toMatchObject({
        outcome: "rejected",
        problems: expect.arrayContaining([expect.objectContaining({ code: "REGISTRY.CELL_INVALID" })]),
      });
      expect(byLine.get(3)).toMatchObject({
        outcome: "rejected",
        problems: expect.arrayContaining([expect.objectContaining({ code: "REGISTRY.CELL_TOO_LONG" })]),
      });
      for (let line = 4; line <= 24; line++) expect(JSON.stringify(byLine.get(line)?.problems ?? []), `line ${line}`).not.toMatch(/REGISTRY\.CELL_/);
    }
  });

  it.runIf(postgres)("a running import stops at its next chunk when cancelled; starting it again finishes it, each line once", async () => {
    const csv = readFileSync(path.join(samples, "d05-ts-tu-nguyen.csv"), "utf8").replace(/UMT-2020-/g, "CUA-2020-");
    const up = (await upload("d05-cancel.csv", Buffer.from(csv))).json() as Uploaded;
    const batchId = data(await start(up)).batchId as number;
    const job = (await claimJob(db, 60_000))!;
    expect((await call(t.app, "imports.cancel", { id: batchId }, { cookie: t.cookies.collector, mutation: true })).status).toBe(200);
    await runJob(db, job, { record: recordEnrolment, bulkChunk: 5 });
    const stopped = data(await call(t.app, "imports.batch", { id: batchId }, { cookie: t.cookies.collector }));
    expect(stopped).toMatchObject({ status: "cancelled", processedRows: 5 });
    expect(data(await start(up))).toMatchObject({ batchId, existing: true });
    await drainJobs(db, { record: recordEnrolment });
    const done = data(await call(t.app, "imports.batch", { id: batchId }, { cookie: t.cookies.collector }));
    expect(done).toMatchObject({ status: "done", processedRows: 23 });
    const [lines] = await selectRows<{ n: number; distinct_lines: number }>(
      db,
      sql`select count(*)::int as n, count(distinct line)::int as distinct_lines from import_rows where batch_id = ${batchId}`,
    );
    expect(lines).toEqual({ n: 23, distinct_lines: 23 });
  });

  it("masks personal numbers in import problems and never shows database text as a batch's error", async () => {
    const [b] = await selectRows<{ id: number }>(
      db,
      sql`insert into import_batches (agent_id, province_code, scheme, file_name, file_hash, status, error)
          values (${agent913}, '91', ${VOLUNTARY}, 'x.csv', ${"d".repeat(64)}, 'failed',
                  'insert into "participants" ("personal_id", "phone") values ($1, $2) params: 091190000777,0912345678 violates unique constraint') returning id`,
    );
    const batchId = Number(b!.id);
    await db.execute(
      sql`insert into import_rows (batch_id, line, outcome, problems, raw) values (${batchId}, 2, 'rejected',
          ${JSON.stringify([{ code: "REGISTRY.X", path: ["personalId"], vi: "Số 091190000777 đã có; điện thoại 0912 345 678", en: "ID 091190000777 taken; phone 0912 345 678" }])}::jsonb,
          ${JSON.stringify({ personalId: "091190000777", phone: "0912345678" })}::jsonb)`,
    );
    for (const who of ["viewer", "collector"] as const) {
      const batch = data(await call(t.app, "imports.batch", { id: batchId }, { cookie: t.cookies[who] }));
      expect(String(batch.error)).not.toMatch(/insert|params|091190000777|0912345678/);
      expect(String(batch.error)).toMatch(/server error|Lỗi máy chủ/);
    }
    const viewerRows = JSON.stringify(data(await call(t.app, "imports.rows", { batchId }, { cookie: t.cookies.viewer })));
    expect(viewerRows).not.toMatch(/091190000777|0912 345 678|0912345678/);
    expect(viewerRows).toContain("*********777");
    const collectorRows = JSON.stringify(data(await call(t.app, "imports.rows", { batchId }, { cookie: t.cookies.collector })));
    expect(collectorRows).toContain("091190000777");
  });

  it("checkParticipant tells a person's id only within the caller's scope; elsewhere where to ask; a collector with no agent nothing", async () => {
    const here = await person("091090000311", COMMUNES.thanhYen, "Người Ở Đây");
    await person("091090000312", COMMUNES.duongDong, "Người Ở Phú Quốc");
    const check = (personalId: string, cookie: string) =>
      call(t.app, "enrolments.checkParticipant", { scheme: VOLUNTARY, personalId, birthDate: "1990-01-01", gender: "male" }, { cookie });
    const inScope = data(await check("091090000311", t.cookies.collector));
    expect(inScope.existingParticipantId).toBe(here);
    const elsewhere = await check("091090000312", t.cookies.collector);
    expect(data(elsewhere).existingParticipantId).toBeNull();
    expect(issuesOf(elsewhere)).toContain("REGISTRY.REGISTERED_ELSEWHERE");
    expect(issuesOf(elsewhere)).toContain("Dương Đông");
    expect(issuesOf(elsewhere)).not.toMatch(/Người Ở Phú Quốc|1990-01-01"/);
    // otherCollector (911) has no agent: not even whether the ID exists.
    const noAgent = await check("091090000312", t.cookies.otherCollector);
    expect(data(noAgent).existingParticipantId).toBeNull();
    expect(issuesOf(noAgent)).not.toMatch(/REGISTERED|DUPLICATE_PERSONAL_ID/);
  });

  it("the duplicate queue shows a record outside the caller's scope only as a person in its area", async () => {
    const mine = await person("091090000411", COMMUNES.thanhYen, "Người Trùng Đây");
    const theirs = await person("091090000412", COMMUNES.duongDong, "Người Trùng Kia");
    const id = await review(mine, theirs);
    const list = data(await call(t.app, "duplicates.list", { status: "open", limit: 200 }, { cookie: t.cookies.manager }));
    const row = (list.rows as { id: number; participant: Data; match: Data }[]).find((r) => r.id === id)!;
    expect(row.participant).toMatchObject({ id: mine, fullName: "Người Trùng Đây", outOfScope: false });
    expect(row.match).toMatchObject({ id: 0, personalId: "", phone: null, birthDate: "", outOfScope: true });
    expect(String(row.match.fullName)).toContain("Dương Đông");
    expect(JSON.stringify(list)).not.toMatch(/Người Trùng Kia|091090000412/);
    const merge = await call(t.app, "duplicates.merge", { id, participantId: mine, matchId: theirs }, { cookie: t.cookies.manager, mutation: true });
    expect(merge.status).toBe(404);
  });

  it("concurrent merges: no cycle, no record merged twice, no 500", async () => {
    const [a, b, c, d] = [
      await person("091090000511", COMMUNES.thanhYen),
      await person("091090000512", COMMUNES.thanhYen),
      await person("091090000513", COMMUNES.thanhYen),
      await person("091090000514", COMMUNES.thanhYen),
    ];
    // A ring a ← b ← c ← a (keep the match): all three at once would merge everyone away.
    const ring = [await review(b, a), await review(c, b), await review(a, c)];
    const pairs = [
      [ring[0]!, b, a],
      [ring[1]!, c, b],
      [ring[2]!, a, c],
    ] as const;
    const merge = (id: number, participantId: number, matchId: number) =>
      call(t.app, "duplicates.merge", { id, participantId, matchId, keep: "match" }, { cookie: t.cookies.manager, mutation: true });
    const ringResults = await Promise.all(pairs.map(([id, p, m]) => merge(id, p, m)));
    expect(ringResults.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    expect(ringResults.filter((r) => r.status === 200).length).toBeLessThan(3);
    // One record (d) into two others at once, and one review twice at once.
    const twoWays = [await review(d, a), await review(d, b)];
    const dup = await review(c, a);
    const more = await Promise.all([merge(twoWays[0]!, d, a), merge(twoWays[1]!, d, b), merge(dup, c, a), merge(dup, c, a)]);
    expect(
      more.every((r) => r.status === 200 || r.status === 409),
      JSON.stringify(more.map((r) => r.status)),
    ).toBe(true);
    expect(more.slice(0, 2).filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
    expect(more.slice(2).filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
    const merged = await selectRows<{ id: number; merged_into_id: number | null }>(
      db,
      sql`select id, merged_into_id from participants where id in (${a}, ${b}, ${c}, ${d})`,
    );
    const into = new Map(merged.map((r) => [Number(r.id), r.merged_into_id === null ? null : Number(r.merged_into_id)]));
    for (const start of into.keys()) {
      const seen = new Set<number>();
      for (let x: number | null | undefined = start; x != null; x = into.get(x)) {
        expect(seen.has(x), `a cycle through ${x}`).toBe(false);
        seen.add(x);
      }
    }
    expect([...into.values()].some((v) => v === null)).toBe(true);
  });

  it("an export of a list of people is audited: who, which list, the filters, the rows", async () => {
    const input = { search: "Người" };
    const res = await t.app.inject({
      method: "GET",
      url: `/trpc/export/participants?input=${encodeURIComponent(JSON.stringify(input))}`,
      headers: { origin: PUBLIC_URL, cookie: t.cookies.manager },
    });
    expect(res.statusCode).toBe(200);
    // The audit row is written once the last byte is out: it may land just after the answer.
    let row: { actor_email: string; entity_id: string; after: { filters: Data; rows: number; complete: boolean } } | undefined;
    for (let i = 0; i < 50 && !row; i++) {
      [row] = await selectRows<NonNullable<typeof row>>(
        db,
        sql`select actor_email, entity_id, after from audit_log where action = 'export' order by id desc limit 1`,
      );
      if (!row) await new Promise((r) => setTimeout(r, 100));
    }
    expect(row).toMatchObject({ actor_email: "manager@test.vn", entity_id: "participants", after: { filters: input, complete: true } });
    expect(row!.after.rows).toBeGreaterThan(0);
  });

  it("a lone surrogate is a 400 wherever it is sent", async () => {
    const removal = await call(t.app, "agents.removeCollector", { agentId: agent913, userId: "\ud800" }, { cookie: t.cookies.admin, mutation: true });
    expect(removal.status).toBe(400);
    const search = await call(t.app, "enrolments.checkParticipant", { scheme: VOLUNTARY, personalId: "0910\udc0090000" }, { cookie: t.cookies.collector });
    expect(search.status).toBe(400);
    expect(issuesOf(search)).toContain("UTF-16");
  });

  it("a slow list is stopped by its statement timeout (503 DATABASE.QUERY_TIMEOUT) while a write on the same connection is not; a list whose client goes away is cancelled", async () => {
    const list = { limit: 20 };
    if (!postgres) {
      // PGlite has no statement timeout and cannot cancel a statement: a list runs as before
      // (the request's deadline still answers 503 SERVER.BUSY on time).
      expect((await call(t.app, "registry.enrolments", list, { cookie: t.cookies.admin })).status).toBe(200);
      return;
    }
    // A pool of ONE connection: the list's read and the write share it, so a statement timeout
    // left on the connection would stop the write.
    const one = await createDb({ databaseUrl: postgresUrl!, poolMax: 1, migrate: false });
    const quick = await buildServer({
      handle: one,
      logLevel: "silent",
      publicUrl: PUBLIC_URL,
      figuresCache: null,
      jobWorker: false,
      readStatementTimeoutMs: 400,
    });
    const patient = await buildServer({
      handle: one,
      logLevel: "silent",
      publicUrl: PUBLIC_URL,
      figuresCache: null,
      jobWorker: false,
      readStatementTimeoutMs: 20_000,
    });
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    /** Holds `tables` locked (ACCESS EXCLUSIVE) from another connection until `release()`. */
    const lock = async (tables: string) => {
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const held = new Promise<void>((r) => (locked = r));
      const done = db.transaction(async (tx) => {
        await tx.execute(sql.raw(`lock table ${tables} in access exclusive mode`));
        locked();
        await released;
      });
      await held;
      return async () => {
        release();
        await done;
      };
    };
    const reads = async () =>
      (await selectRows<{ state: string }>(db, sql`select state from pg_stat_activity where application_name like 'ansinh-read-%' and state = 'active'`))
        .length;
    try {
      // 1. The list waits on the lock and is stopped at 400 ms; the write queued behind it on the
      //    same connection waits longer than that for the lock, and is saved.
      let unlock = await lock("participants, agents");
      const t0 = performance.now();
      const slow = call(quick, "registry.enrolments", list, { cookie: t.cookies.admin }).then((r) => ({ r, ms: performance.now() - t0 }));
      await sleep(100);
      const write = call(
        quick,
        "agents.create",
        { name: "Đại lý chờ khoá", kind: "post_office", areaCode: "913", areaValidOn: "2020-06-30" },
        { cookie: t.cookies.admin, mutation: true },
      ).then((r) => ({
        r,
        ms: performance.now() - t0,
      }));
      // The list ends while the lock is still held: its statement timeout stopped it. The lock is
      // then held a second more, so the write, on the connection the list had, waits more than
      // twice the read's timeout in one statement.
      const stopped = await slow;
      await sleep(Math.max(0, stopped.ms + 1000 - (performance.now() - t0)));
      const releasedAt = performance.now() - t0;
      await unlock();
      const saved = await write;
      console.log(
        `[door] a list behind a lock: ${stopped.r.status} in ${Math.round(stopped.ms)} ms; the write behind it: ${saved.r.status} in ${Math.round(saved.ms)} ms`,
      );
      expect(stopped.r.status).toBe(503);
      const body = stopped.r.body.error as unknown as { data: { code: string; issues: { path: unknown[]; vi: string; en: string }[] } };
      expect(body.data.code).toBe("DATABASE.QUERY_TIMEOUT");
      expect(body.data.issues[0]).toMatchObject({
        path: [],
        vi: expect.stringMatching(/^Truy vấn chạy quá 1 giây/),
        en: expect.stringMatching(/^The query ran over 1 s/),
      });
      expect(stopped.ms).toBeLessThan(releasedAt);
      expect(saved.r.status, JSON.stringify(saved.r.body)).toBe(200);
      expect(saved.ms).toBeGreaterThan(releasedAt);
      // Nothing left on the pooled connection; the list answers once the lock is gone.
      expect((await selectRows<{ statement_timeout: string }>(one.db, sql`show statement_timeout`))[0]!.statement_timeout).toBe("0");
      expect((await call(quick, "registry.enrolments", list, { cookie: t.cookies.admin })).status).toBe(200);

      // 2. A client that goes away: its list's statement is cancelled at once (the timeout is 20 s).
      await patient.listen({ port: 0, host: "127.0.0.1" });
      const port = (patient.server.address() as { port: number }).port;
      unlock = await lock("participants");
      const client = new AbortController();
      const gone = fetch(`http://127.0.0.1:${port}/trpc/registry.enrolments?input=${encodeURIComponent(JSON.stringify(list))}`, {
        headers: { cookie: t.cookies.admin },
        signal: client.signal,
      }).catch((e: unknown) => e);
      for (let i = 0; i < 50 && (await reads()) === 0; i++) await sleep(50);
      expect(await reads()).toBe(1);
      const aborted = performance.now();
      client.abort();
      await gone;
      let left = 1;
      while (left > 0 && performance.now() - aborted < 3000) {
        await sleep(50);
        left = await reads();
      }
      const cancelMs = performance.now() - aborted;
      await unlock();
      console.log(`[door] a list whose client went away: its statement cancelled ${Math.round(cancelMs)} ms after (the lock still held)`);
      expect(left).toBe(0);
      expect(cancelMs).toBeLessThan(3000);
    } finally {
      await quick.close();
      await patient.close();
      await one.close();
    }
  }, 60_000);
});
