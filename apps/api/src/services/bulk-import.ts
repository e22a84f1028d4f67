/**
 * The bulk path of an import of an agent's list, on PostgreSQL, for voluntary social
 * insurance (D05-TS). Same outcomes, report, idempotence and crash safety as the per-row path of
 * `processImportBatch`, at a fraction of the statements:
 *
 * 1. **Stage**, a chunk of lines at a time, beside the merges: the file is read a row at a time;
 *    each line is checked in Node by the domain exactly as the per-row path checks it
 *    (`checkAgentRow` with the in-memory commune checker), and a good line is also decided as the
 *    write path decides for a person not yet registered — the write path's shape check
 *    (`parseRecordCommand`), then `decideEnrolment` on the command made of the checked row
 *    (`commandFromAgentRow`: the row is not checked twice). Every line, with its problems or its
 *    computed breakdown and amount, is streamed with COPY into the UNLOGGED `import_staging`, one
 *    committed COPY per chunk. Duplicates within the file (the same receipt, then the same
 *    personal ID, as an earlier line the row check accepted) are marked as the lines are read.
 *    While chunk n merges (PostgreSQL), chunk n + 1 is read, checked and decided (Node).
 * 2. **Merge**, a staged chunk at a time (default 2,000 lines), each in ONE transaction with its
 *    `import_rows` and the batch's counts: the registry-dependent rules run set-based (the
 *    agent's receipt already recorded, a person already registered under this personal ID or
 *    social-insurance number, a social-insurance number two people of the chunk give); a line
 *    whose person is new and whose decision was good is inserted with its neighbours by one
 *    statement (participants, enrolments, payments, import_rows); the
 *    likely duplicates of the new people are found by one query and judged by the domain's
 *    `findDuplicates`. A line the set-based path cannot decide alone — a person already
 *    registered (renewals: months of support used, previous cover), a shared social-insurance
 *    number, a campaign or event to check — goes through `recordEnrolment` itself, in line order
 *    between the runs of new people, so every rule keeps its single source.
 *
 * A killed process loses at most the chunk in hand: the restart stages after the last staged line
 * (or, after a PostgreSQL crash emptied the unlogged table, stages the file again) and merges
 * after the last committed line. `apps/api/test/bulk-import.test.ts` checks the outcomes equal the
 * per-row path's.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Sql, TransactionSql } from "postgres";
import {
  addBatchCounts,
  agentById,
  areaValidityRows,
  batchById,
  importStagingCopyColumns,
  lastImportedLine,
  listFundReturns,
  updateBatch,
  type Agent,
  type Db,
  type ImportBatch,
} from "@ansinh/db";
import {
  checkAgentRow,
  commandFromAgentRow,
  decideEnrolment,
  findDuplicates,
  type AgentRow,
  type AgentRowInput,
  type CommuneStatus,
  type DecidedEnrolment,
} from "@ansinh/domain/registry";
import {
  agentAreaTest,
  eventOf,
  ImportStopped,
  inFileDuplicate,
  keptCells,
  receiptNumberOf,
  recordInputOf,
  rowProblems,
  writePathProblems,
  type BatchMapping,
  type Problem,
  type ProcessOptions,
} from "./import-enrolments.js";
import { readSheet } from "./import-file.js";
import { columnIndexes, mapCells, type ImportField } from "./import-mapping.js";
import { enrolmentCommandOf, parseRecordCommand, type RecordEnrolmentInput } from "./record-enrolment.js";

const VOLUNTARY = "voluntary_social_insurance";
/** Lines merged per transaction by default (IMPORT_BULK_CHUNK). */
export const BULK_CHUNK = 2_000;

/** The postgres.js client behind a Drizzle handle (PostgreSQL only); null on PGlite. */
export function rawClient(db: Db): Sql | TransactionSql | null {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client as
    { unsafe?: unknown; begin?: unknown; savepoint?: unknown } | undefined;
  return client && typeof client.unsafe === "function" && (typeof client.begin === "function" || typeof client.savepoint === "function")
    ? (client as unknown as Sql)
    : null;
}

/** Whether a batch can take the bulk path: PostgreSQL, voluntary, with the write path for the lines it hands over. */
export function bulkApplies(db: Db, batch: Pick<ImportBatch, "scheme">, options: ProcessOptions): boolean {
  return options.record != null && batch.scheme === VOLUNTARY && rawClient(db) !== null;
}

interface AreaRow {
  code: string;
  parentCode: string | null;
  level: string;
  validFrom: string;
  validTo: string | null;
}

/** The areas in memory: a commune's status for the agent (the per-row path's `communeChecker`) and its province on a date (`communeOn`). */
function areaIndex(rows: AreaRow[], inArea: Awaited<ReturnType<typeof agentAreaTest>>) {
  const byCode = new Map<string, AreaRow[]>();
  for (const r of rows) {
    const list = byCode.get(r.code) ?? [];
    list.push(r);
    byCode.set(r.code, list);
  }
  const on = (code: string, d: string) => byCode.get(code)?.find((r) => r.validFrom <= d && (r.validTo === null || r.validTo >= d));
  const status = (code: string, d: string): CommuneStatus => {
    const unit = on(code, d);
    if (!unit || unit.level !== "commune") return "unknown";
    return inArea(code, d, on) ? "ok" : "out_of_scope";
  };
  /** As `communeOn`: the commune in force on the date and the province above it, else undefined. */
  const province = (code: string, d: string): string | undefined => {
    if (!/^\d{5}$/.test(code) || !/^\d{4}-\d{2}-\d{2}$/.test(d)) return undefined;
    const own = on(code, d);
    if (!own || own.level !== "commune") return undefined;
    let cur: AreaRow | undefined = own;
    for (let depth = 0; cur && depth <= 10; depth++) {
      if (cur.level === "province") return cur.code;
      cur = cur.parentCode ? on(cur.parentCode, d) : undefined;
    }
    return undefined;
  };
  return { status, province };
}

type Decision = { state: "I" | "X"; problems: Problem[] } | { state: "G"; d: DecidedEnrolment };

/**
 * What the write path decides for a voluntary command when nobody holds its personal ID or
 * social-insurance number and it names no campaign or event: the same `decideEnrolment`, with a
 * snapshot of that world (no history, no household, the fund's returns loaded once per batch);
 * likely duplicates are found set-based after the merge.
 */
export function decideNewPerson(
  input: RecordEnrolmentInput,
  world: { agent: { id: number; name: string }; provinceCode: string | undefined; fundReturns: ReadonlyMap<number, number> },
  row?: AgentRow,
): Decision {
  // The write path's shape check, as a line going through `recordEnrolment` gets it.
  const parsed = parseRecordCommand(input);
  if (!parsed.ok) return { state: "I", problems: writePathProblems(parsed.result as { code: string; issues: Problem[] }) };
  const cmd = parsed.cmd;
  const receiptYear = Number(cmd.payment.receiptDate.slice(0, 4));
  // The line's checked row, when given, makes the command (the same facts): the decision then takes
  // the row as checked instead of checking the line a second time.
  const command = row
    ? commandFromAgentRow(row, {
        receiptNumber: cmd.payment.receiptNumber,
        campaignId: cmd.campaignId ?? null,
        outreachEventId: cmd.outreachEventId ?? null,
        participantMode: cmd.participantMode,
      })
    : enrolmentCommandOf(cmd);
  const decision = decideEnrolment(command, {
    agent: world.agent,
    receiptTaken: null,
    commune: world.provinceCode ? { code: cmd.participant.communeCode.trim(), provinceCode: world.provinceCode, path: [] } : null,
    communeInScope: true,
    person: null,
    sinHolder: null,
    household: null,
    campaign: null,
    event: null,
    fundMonthlyReturn: world.fundReturns.get(receiptYear - 1) ?? null,
    duplicateCandidates: [],
  });
  if (decision.outcome !== "record") return { state: "X", problems: writePathProblems({ code: decision.code, issues: decision.issues }) };
  return { state: "G", d: decision.record };
}

const COPY_SPECIAL = /[\\\t\n\r]/;
/** A value in COPY's text format. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return "\\N";
  const s = typeof v === "string" ? v : typeof v === "boolean" ? (v ? "t" : "f") : typeof v === "number" ? String(v) : JSON.stringify(v);
  return COPY_SPECIAL.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r")) : s;
}
const pgArray = (items: readonly string[]) => `{${items.join(",")}}`;

interface ChunkRow {
  line: number;
  state: "R" | "I" | "X" | "G";
  attributed: boolean;
  problems: Problem[] | null;
  dup_field: "receiptNumber" | "personalId" | null;
  dup_line: number | null;
  receipt: string | null;
  personal_id: string | null;
  sin: string | null;
  sin_shared?: boolean;
  receipt_known: boolean;
  person_known: boolean;
  sin_known: boolean;
}

type Outcome = "imported" | "duplicate" | "rejected";

export interface BulkOptions extends ProcessOptions {
  /**
   * Skip the dashboard aggregates' triggers in each chunk (`ansinh.defer_aggregates`) and rebuild
   * them all (`ansinh_rebuild_aggregates()`) once the batch is done: cheaper for a very large list
   * on a small registry, but the dashboard lags behind until the batch ends (also after a crash,
   * until the resumed run ends). Default false: aggregates kept in each chunk's transaction.
   */
  deferAggregates?: boolean;
}

/** Runs (or resumes) a voluntary batch through the bulk path; see the file's comment. */
export async function processImportBatchBulk(db: Db, batchId: number, options: BulkOptions = {}): Promise<ImportBatch> {
  const chunkSize = options.chunkSize ?? BULK_CHUNK;
  const batch = await batchById(db, batchId);
  if (!batch) throw new Error(`import batch ${batchId} not found`);
  if (batch.status === "done" || (batch.status === "dry_run" && batch.finishedAt !== null)) return batch;
  const dryRun = batch.status === "dry_run";
  if (!options.record) throw new Error("the bulk import needs the registry's write path");
  const record = options.record;
  const agent = await agentById(db, batch.agentId);
  if (!agent) throw new Error(`agent ${batch.agentId} not found`);
  const mapping = batch.mapping as BatchMapping;
  if (!batch.filePath) throw new Error(`import batch ${batchId} has no file`);
  const file = batch.filePath;
  const client = rawClient(db);
  if (!client) throw new Error("the bulk import needs PostgreSQL");

  if (!dryRun && batch.status !== "running") await updateBatch(db, batchId, { status: "running", error: null });

  const unitRows = (await areaValidityRows(db)) as AreaRow[];
  const areas = areaIndex(unitRows, await agentAreaTest(db, agent, unitRows));
  const fundReturns = new Map((await listFundReturns(db)).map((r) => [r.year, r.monthlyRate] as const));
  const attribution = mapping.attribution ?? null;
  const scheme = batch.scheme;
  const ctx = { agentId: agent.id, batchId, attribution, agentName: agent.name, fundReturns };

  // Staging runs beside the merges: chunk n merges (PostgreSQL) while chunk n + 1 is read, checked
  // and decided (Node). A resumed run stages after the last line staged before (from the start when
  // a PostgreSQL crash emptied the unlogged table) and merges after the last committed line.
  const [{ m: stagedBefore } = { m: 0 }] = await client.unsafe<{ m: number }[]>(
    `select coalesce(max(line), 0)::int as m from import_staging where batch_id = $1`,
    [batchId],
  );
  const stager = startStaging(client as Sql, batchId, file, mapping, scheme, areas, ctx, stagedBefore, chunkSize);
  /** Stops the staging at its next chunk and waits for it (its committed chunks stay for a resumed run). */
  const stopStaging = async () => {
    stager.stop();
    await stager.finished.catch(() => {});
  };

  let last = await lastImportedLine(db, batchId);
  let handled = 0;
  try {
    for (;;) {
      // Wait for a staged chunk past the last merged line (or the end of the file).
      const upTo = await stager.stagedPast(last);
      if (upTo === null) break;
      const done = await db.transaction(async (tx) => {
        const sql = rawClient(tx)!;
        if (options.deferAggregates && !dryRun) await sql.unsafe(`set local ansinh.defer_aggregates = 'on'`);
        // The merge's statements and the aggregates' refresh are short and planned afresh per chunk:
        // JIT compiling them cost more than it saved (measured, docs/scaling.md).
        await sql.unsafe(`set local jit = off`);
        // The aggregates' refresh sorts a few tens of thousands of rows per chunk: in memory, not on disk.
        await sql.unsafe(`set local work_mem = '64MB'`);
        const rows = await sql.unsafe<ChunkRow[]>(
          `select s.line, s.state, s.attributed, s.problems, s.dup_field, s.dup_line, s.receipt, s.personal_id, s.sin,
                exists(select 1 from payments p where p.agent_id = $2 and p.receipt_number = s.receipt) as receipt_known,
                exists(select 1 from participants q where q.personal_id = s.personal_id) as person_known,
                (s.sin is not null and exists(select 1 from participants q where q.social_insurance_number = s.sin)) as sin_known
         from import_staging s where s.batch_id = $1 and s.line > $3 and s.line <= $5 order by s.line limit $4`,
          [batchId, agent.id, last, chunkSize, upTo],
        );
        if (rows.length === 0) return true;
        // A social-insurance number two people of the chunk give: those lines go through the write path
        // one by one, in line order (one held by a person of an earlier chunk is \`sin_known\`).
        const sinPeople = new Map<string, Set<string>>();
        for (const r of rows) {
          if (r.state === "R" || r.sin === null) continue;
          const people = sinPeople.get(r.sin) ?? new Set<string>();
          people.add(r.personal_id!);
          sinPeople.set(r.sin, people);
        }
        for (const r of rows) r.sin_shared = r.state !== "R" && r.sin !== null && sinPeople.get(r.sin)!.size > 1;
        if (options.failAfterRows !== undefined && handled + rows.length > options.failAfterRows) {
          throw new Error(`stopped after ${options.failAfterRows} rows (test)`);
        }
        handled += rows.length;
        const counts = { processed: rows.length, imported: 0, duplicates: 0, rejected: 0 };
        const report: { line: number; outcome: Outcome; problems: Problem[] | null; pid: number | null; eid: number | null }[] = [];
        /** The line runs of new people and the lines for the write path, in file order. */
        const steps: ({ kind: "bulk"; lines: number[] } | { kind: "record"; line: number })[] = [];
        for (const r of rows) {
          const rejectedWith = (problems: Problem[] | null) => report.push({ line: r.line, outcome: "rejected", problems, pid: null, eid: null });
          const duplicateWith = (problems: Problem[]) => report.push({ line: r.line, outcome: "duplicate", problems, pid: null, eid: null });
          if (r.state === "R") rejectedWith(r.problems);
          else if (r.dup_line !== null) duplicateWith(inFileDuplicate(r.dup_field!, r.receipt!, r.dup_line));
          else if (r.state === "I") rejectedWith(r.problems);
          else if (r.receipt_known) {
            duplicateWith(
              writePathProblems({
                code: "ENROLMENT.DUPLICATE_RECEIPT",
                issues: [
                  {
                    path: ["payment", "receiptNumber"],
                    vi: `Biên lai số ${r.receipt} của đại lý ${agent.name} đã được ghi nhận`,
                    en: `Receipt ${r.receipt} of agent ${agent.name} is already recorded`,
                  },
                ],
              }),
            );
          } else if (r.attributed || r.person_known || r.sin_known || r.sin_shared) steps.push({ kind: "record", line: r.line });
          else if (r.state === "X") rejectedWith(r.problems);
          else {
            const lastStep = steps[steps.length - 1];
            if (lastStep?.kind === "bulk") lastStep.lines.push(r.line);
            else steps.push({ kind: "bulk", lines: [r.line] });
          }
        }

        const work = async (wtx: Db) => {
          const wsql = rawClient(wtx)!;
          const recordLines = steps.flatMap((s) => (s.kind === "record" ? [s.line] : []));
          const raws = new Map<number, Partial<Record<ImportField, string>>>();
          if (recordLines.length) {
            const got = await wsql.unsafe<{ line: number; raw: Partial<Record<ImportField, string>> }[]>(
              `select line, raw from import_staging where batch_id = $1 and line = any($2::int[])`,
              [batchId, pgArray(recordLines.map(String))],
            );
            for (const g of got) raws.set(g.line, g.raw);
          }
          for (const step of steps) {
            if (step.kind === "bulk") {
              if (dryRun) {
                for (const line of step.lines) report.push({ line, outcome: "imported", problems: null, pid: null, eid: null });
                continue;
              }
              await mergeNewPeople(wsql, batchId, agent, batch.createdBy, step.lines);
              counts.imported += step.lines.length;
              continue;
            }
            const raw = raws.get(step.line)!;
            const { receiptNumber: _r, outreachEvent: _e, ...fields } = raw;
            const res = checkAgentRow(fields as AgentRowInput, { scheme, communeStatus: areas.status });
            const event = eventOf(raw);
            if (!res.ok || event === "bad") throw new Error(`line ${step.line}: staged as good, checked as bad`);
            const receipt = receiptNumberOf(raw, res.row)!;
            const r = await record(wtx, recordInputOf(res.row, receipt, step.line, event, ctx), { actorId: batch.createdBy });
            if (r.outcome === "recorded") {
              report.push({ line: step.line, outcome: "imported", problems: null, pid: dryRun ? null : r.participantId, eid: dryRun ? null : r.enrolmentId });
            } else report.push({ line: step.line, outcome: r.outcome, problems: writePathProblems(r), pid: null, eid: null });
          }
        };
        if (dryRun) {
          const rollback = new Error("dry run: rolled back");
          await tx
            .transaction(async (sp) => {
              await work(sp);
              throw rollback;
            })
            .catch((e: unknown) => {
              if (e !== rollback) throw e;
            });
        } else await work(tx);

        for (const r of report) {
          if (r.outcome === "imported") counts.imported++;
          else if (r.outcome === "duplicate") counts.duplicates++;
          else counts.rejected++;
        }
        if (report.length) {
          await sql.unsafe(
            `insert into import_rows (batch_id, line, outcome, problems, participant_id, enrolment_id, raw)
           select $1, u.line, u.outcome, u.problems, u.pid, u.eid, s.raw
           from jsonb_to_recordset($2::jsonb) as u(line int, outcome text, problems jsonb, pid bigint, eid bigint)
           join import_staging s on s.batch_id = $1 and s.line = u.line`,
            [batchId, JSON.stringify(report)],
          );
        }
        await addBatchCounts(tx, batchId, counts);
        last = rows[rows.length - 1]!.line;
        return false;
      });
      if (done) break;
      await options.onChunk?.();
      if (options.shouldStop?.()) throw new ImportStopped(`import batch ${batchId} stopped at a chunk boundary`);
    }
  } catch (e) {
    await stopStaging();
    throw e;
  }
  await stager.finished;

  await db.transaction(async (tx) => {
    await updateBatch(tx, batchId, { status: dryRun ? "dry_run" : "done", finishedAt: new Date() });
    await rawClient(tx)!.unsafe(`delete from import_staging where batch_id = $1`, [batchId]);
    if (options.deferAggregates && !dryRun) await rawClient(tx)!.unsafe(`select ansinh_rebuild_aggregates()`);
  });
  return (await batchById(db, batchId))!;
}

/** The staging COPY's columns: the staged decision, then the in-file duplicate found in Node. */
const stagingColumns = [...importStagingCopyColumns, "dup_field", "dup_line"] as const;

/** The staging of a batch, running beside its merges. */
interface Staging {
  /** Resolves once a line past `line` is staged (to the last staged line), or to null when the file has no line past it. */
  stagedPast(line: number): Promise<number | null>;
  /** Asks the staging to stop after the chunk in hand. */
  stop(): void;
  /** Settles when the staging has ended (read the whole file, stopped, or failed). */
  finished: Promise<void>;
}

/**
 * Step 1, a chunk at a time beside the merges: every line of the file after `after` checked and
 * decided in Node and streamed with COPY, one committed COPY per chunk of lines; duplicates within
 * the file (the same receipt, then the same personal ID, as an earlier line the row check
 * accepted) marked as the lines are read, against the lines staged before.
 */
function startStaging(
  client: Sql,
  batchId: number,
  file: string,
  mapping: BatchMapping,
  scheme: ImportBatch["scheme"],
  areas: ReturnType<typeof areaIndex>,
  ctx: Parameters<typeof recordInputOf>[4] & { agentName: string; fundReturns: ReadonlyMap<number, number> },
  after: number,
  chunkSize: number,
): Staging {
  let through = after;
  let ended = false;
  let failure: unknown = null;
  let stopping = false;
  let waiters: (() => void)[] = [];
  const wake = () => {
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  /** The first line of each receipt and of each personal ID among the lines the row check accepted. */
  const firstReceipt = new Map<string, number>();
  const firstId = new Map<string, number>();
  let keysLoaded = after === 0;
  const loadKeys = async () => {
    // A resumed staging: the keys of the lines staged before, in line order.
    const rows = await client.unsafe<{ line: number; receipt: string; personal_id: string }[]>(
      `select line, receipt, personal_id from import_staging where batch_id = $1 and state <> 'R' and line <= $2 order by line`,
      [batchId, after],
    );
    for (const r of rows) {
      if (!firstReceipt.has(r.receipt)) firstReceipt.set(r.receipt, r.line);
      if (!firstId.has(r.personal_id)) firstId.set(r.personal_id, r.line);
    }
    keysLoaded = true;
  };

  const run = async () => {
    let total = 0;
    let analysed = false;
    let indexes: Partial<Record<ImportField, number>> | null = null;
    let chunk: string[] = [];
    let chunkLast = 0;
    const commit = async () => {
      if (chunk.length === 0) return;
      const text = chunk.join("\n") + "\n";
      chunk = [];
      const writable = await client.unsafe(`copy import_staging (${stagingColumns.join(", ")}) from stdin`).writable();
      await pipeline(Readable.from([text]), writable);
      if (!analysed) {
        // Statistics for the merge's lookups (only the columns it filters on: the raw cells and the
        // decided rows are most of the table's bytes). The merge's joins take their lines from an
        // array, so their estimates do not depend on these.
        await client.unsafe(`analyze import_staging (batch_id, line, state, receipt, personal_id, sin)`);
        analysed = true;
      }
      through = chunkLast;
      wake();
    };
    let sinceYield = 0;
    for await (const row of readSheet(file, mapping.format)) {
      if (indexes === null) {
        indexes = columnIndexes(mapping.columns, row.cells);
        continue;
      }
      total++;
      if (row.line <= after) continue;
      if (!keysLoaded) await loadKeys();
      const raw = mapCells(row.cells, indexes);
      const { receiptNumber: _r, outreachEvent: _e, ...fields } = raw;
      const res = checkAgentRow(fields as AgentRowInput, { scheme, communeStatus: areas.status });
      const event = eventOf(raw);
      let values: unknown[];
      let dup: [string | null, number | null] = [null, null];
      if (!res.ok || event === "bad") {
        values = [batchId, row.line, "R", false, rowProblems(res, event, raw), keptCells(raw)];
      } else {
        const receipt = receiptNumberOf(raw, res.row)!;
        const personalId = res.row.personalId;
        const earlierReceipt = firstReceipt.get(receipt);
        const earlierId = firstId.get(personalId);
        if (earlierReceipt !== undefined) dup = ["receiptNumber", earlierReceipt];
        else if (earlierId !== undefined) dup = ["personalId", earlierId];
        if (earlierReceipt === undefined) firstReceipt.set(receipt, row.line);
        if (earlierId === undefined) firstId.set(personalId, row.line);
        const input = recordInputOf(res.row, receipt, row.line, event, ctx);
        const attributed = input.campaignId != null || input.outreachEventId != null;
        const decided = decideNewPerson(
          input,
          {
            agent: { id: ctx.agentId, name: ctx.agentName },
            provinceCode: areas.province(res.row.communeCode.trim(), res.row.receiptDate),
            fundReturns: ctx.fundReturns,
          },
          res.row,
        );
        const head = [
          batchId,
          row.line,
          decided.state,
          attributed,
          decided.state === "G" ? null : decided.problems,
          keptCells(raw),
          receipt,
          personalId,
          res.row.socialInsuranceNumber,
        ];
        if (decided.state === "G") {
          const d = decided.d;
          values = [
            ...head,
            d.provinceCode,
            d.fullName,
            d.nameKey,
            d.birthDate,
            d.gender,
            d.ethnicity,
            d.phone,
            d.communeCode,
            d.receiptDate,
            d.months,
            d.monthlyIncome,
            pgArray(d.supportGroups),
            d.breakdown,
            d.ratesEffectiveFrom,
            d.amount,
            d.amountPaid,
            d.startDate,
            d.coverTo,
            d.kind,
            d.supportClaim,
            d.supportEvidence,
          ];
        } else values = head;
      }
      while (values.length < importStagingCopyColumns.length) values.push(null);
      values.push(...dup);
      chunk.push(values.map(copyValue).join("\t"));
      chunkLast = row.line;
      if (chunk.length >= chunkSize) {
        await commit();
        if (stopping) return;
      } else if (++sinceYield >= 50) {
        // Let the merge's answers in: the event loop serves both halves of the pipeline.
        sinceYield = 0;
        await new Promise<void>((r) => setImmediate(r));
        if (stopping) return;
      }
    }
    await commit();
    await client.unsafe(`update import_batches set total_rows = $2 where id = $1 and total_rows is null`, [batchId, total]);
  };

  const finished = run().then(
    () => {
      ended = true;
      wake();
    },
    (e: unknown) => {
      failure = e;
      ended = true;
      wake();
      throw e;
    },
  );
  // The merge loop reports the failure (stagedPast rejects); not an unhandled rejection meanwhile.
  finished.catch(() => {});

  return {
    async stagedPast(line: number): Promise<number | null> {
      for (;;) {
        if (failure !== null) throw failure;
        if (through > line) return through;
        if (ended) return null;
        await new Promise<void>((r) => waiters.push(r));
      }
    },
    stop() {
      stopping = true;
    },
    finished,
  };
}

/**
 * Inserts a run of new people's lines (staged `G`, nobody holding their personal ID or social-
 * insurance number) in one statement — participants, enrolments, payments, import_rows — then
 * opens the duplicate reviews the domain's `findDuplicates` finds against the people registered
 * before each of them (as the write path does one by one).
 */
async function mergeNewPeople(sql: Sql | TransactionSql, batchId: number, agent: Agent, createdBy: string | null, lines: number[]): Promise<void> {
  const lineList = pgArray(lines.map(String));
  const [lo, hi] = [lines[0]!, lines[lines.length - 1]!];
  await sql.unsafe(
    // The lines come from the array (its length is the planner's estimate), joined on the staging
    // table's key: the plan does not depend on the staging table's statistics, which lag behind a
    // staging that runs beside the merges.
    `with src as (
       select s.* from unnest($2::int[]) as l(line) join import_staging s on s.batch_id = $1 and s.line = l.line
     ), p as (
       insert into participants (province_code, personal_id, social_insurance_number, full_name, name_key, birth_date, gender, ethnicity, phone, commune_code, commune_valid_on)
       select province_code, personal_id, sin, full_name, name_key, birth_date, gender, ethnicity, phone, commune_code, receipt_date from src order by line
       returning id, personal_id
     ), e as (
       insert into enrolments (province_code, participant_id, scheme, kind, start_date, months, monthly_income, support_groups, support_claim, support_evidence, breakdown,
                               rates_effective_from, amount, commune_code, agent_id, source, import_batch_id, import_line, created_by)
       select src.province_code, p.id, 'voluntary_social_insurance', src.kind, src.start_date, src.months, src.monthly_income, src.support_groups, src.support_claim, src.support_evidence, src.breakdown,
              src.rates_from, src.amount, src.commune_code, $3, 'import', $1, src.line, $4
       from src join p on p.personal_id = src.personal_id order by src.line
       returning id, participant_id, import_line
     ), pay as (
       insert into payments (province_code, enrolment_id, participant_id, cover_from, months, cover_to, amount, receipt_date, receipt_number, agent_id)
       select src.province_code, e.id, e.participant_id, src.start_date, src.months, src.cover_to, coalesce(src.amount_paid, src.amount), src.receipt_date, src.receipt, $3
       from src join e on e.import_line = src.line order by src.line
       returning id
     )
     insert into import_rows (batch_id, line, outcome, problems, participant_id, enrolment_id, raw)
     select $1, src.line, 'imported', null, e.participant_id, e.id, src.raw from src join e on e.import_line = src.line`,
    [batchId, lineList, agent.id, createdBy],
  );

  // Likely duplicates of each new person among those registered before them (the write path's
  // `duplicateCandidates`: same name key, birth date and commune, or same phone and birth date).
  const pairs = await sql.unsafe<
    {
      id: string;
      province_code: string;
      personal_id: string;
      sin: string | null;
      full_name: string;
      birth_date: string;
      phone: string | null;
      commune_code: string;
      cid: string;
      cpersonal_id: string;
      csin: string | null;
      cfull_name: string;
      cbirth_date: string;
      cphone: string | null;
      ccommune_code: string;
    }[]
  >(
    `select p.id, p.province_code, p.personal_id, p.social_insurance_number as sin, p.full_name, to_char(p.birth_date, 'YYYY-MM-DD') as birth_date, p.phone, p.commune_code,
            c.id as cid, c.personal_id as cpersonal_id, c.social_insurance_number as csin, c.full_name as cfull_name,
            to_char(c.birth_date, 'YYYY-MM-DD') as cbirth_date, c.phone as cphone, c.commune_code as ccommune_code
     from import_rows r join participants p on p.id = r.participant_id
     cross join lateral (
       select * from participants c
       where c.merged_into_id is null and c.id < p.id
         and ((c.name_key = p.name_key and c.birth_date = p.birth_date and c.commune_code = p.commune_code)
              or (p.phone is not null and c.phone = p.phone and c.birth_date = p.birth_date))
       order by c.id limit 50
     ) c
     where r.batch_id = $1 and r.line between $3 and $4 and r.line = any($2::int[])
     order by p.id, c.id`,
    [batchId, lineList, lo, hi],
  );
  if (pairs.length === 0) return;
  const reviews: { province_code: string; participant_id: number; match_id: number; score: number; reasons: unknown }[] = [];
  const byPerson = new Map<string, (typeof pairs)[number][]>();
  for (const pr of pairs) byPerson.set(pr.id, [...(byPerson.get(pr.id) ?? []), pr]);
  for (const [id, list] of byPerson) {
    const me = list[0]!;
    const found = findDuplicates(
      {
        id,
        personalId: me.personal_id,
        socialInsuranceNumber: me.sin,
        fullName: me.full_name,
        birthDate: me.birth_date,
        phone: me.phone,
        communeCode: me.commune_code,
      },
      list.map((c) => ({
        id: c.cid,
        personalId: c.cpersonal_id,
        socialInsuranceNumber: c.csin,
        fullName: c.cfull_name,
        birthDate: c.cbirth_date,
        phone: c.cphone,
        communeCode: c.ccommune_code,
      })),
    );
    for (const m of found.matches)
      reviews.push({ province_code: me.province_code, participant_id: Number(id), match_id: Number(m.participantId), score: m.score, reasons: m.reasons });
  }
  if (reviews.length) {
    await sql.unsafe(
      `insert into duplicate_reviews (province_code, participant_id, match_id, score, reasons)
       select province_code, participant_id, match_id, score, reasons from jsonb_to_recordset($1::jsonb)
         as r(province_code text, participant_id bigint, match_id bigint, score smallint, reasons jsonb)
       on conflict do nothing`,
      [JSON.stringify(reviews)],
    );
  }
}
