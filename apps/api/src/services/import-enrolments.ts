/**
 * Importing an agent's list (docs/rules.md §4b; D03-TS household health, D05-TS voluntary): a batch
 * is read from its stored file a row at a time, each row mapped, checked by the domain
 * (`checkAgentRow`) and — in a real run — written through the registry's one write path
 * (`recordEnrolment`). Every line ends with exactly one outcome in `import_rows`: imported,
 * duplicate or rejected, with its reasons.
 *
 * Crash safety: lines are committed in chunks; a chunk's registry rows, its `import_rows` and the
 * batch's counts commit in ONE transaction. A killed run resumes after the last committed line:
 * nothing is lost, nothing is written twice, no chunk is left half done.
 */
import {
  addBatchCounts,
  agentById,
  areaValidityRows,
  batchById,
  existingReceipts,
  insertImportRows,
  lastImportedLine,
  territoryByEra,
  updateBatch,
  type Agent,
  type Db,
  type ImportBatch,
} from "@ansinh/db";
import { todayInVietnam } from "@ansinh/domain/dates";
import { checkAgentRow, MAX_CELL_LENGTH, type AgentRow, type AgentRowCheck, type AgentRowInput, type CommuneStatus } from "@ansinh/domain/registry";
import { readSheet, type SheetFormat } from "./import-file.js";
import { columnIndexes, mapCells, type ColumnMapping, type ImportField } from "./import-mapping.js";
import type { recordEnrolment, RecordEnrolmentInput } from "./record-enrolment.js";

export interface RowIssue {
  path: string[];
  vi: string;
  en: string;
}

/** The registry's one write path (`recordEnrolment`); tests pass one that fails part-way. */
export type RecordEnrolmentFn = typeof recordEnrolment;

export interface BatchMapping {
  format: SheetFormat;
  columns: ColumnMapping;
  /** The campaign and/or event the whole batch is attributed to (a line's own event column overrides the event). */
  attribution?: { campaignId?: number | null; outreachEventId?: number | null } | null;
}

export interface ProcessOptions {
  /** Required for a real run; a dry run never writes registry rows. */
  record?: RecordEnrolmentFn | null;
  /** Lines committed together (default 200). */
  chunkSize?: number;
  /** Tests: throw after this many lines of the run have been handled (mid-chunk), as a killed process would stop. */
  failAfterRows?: number;
  /** Called after each committed chunk (the worker extends its lease there). */
  onChunk?: () => Promise<void>;
  /** Asked after each committed chunk: true stops the run there (the process is shutting down); it resumes later. */
  shouldStop?: () => boolean;
}

/** A run stopped at a chunk boundary because the process is stopping: not a failure. */
export class ImportStopped extends Error {}

type Outcome = "imported" | "duplicate" | "rejected";
export interface Problem {
  code: string;
  path: string[];
  vi: string;
  en: string;
}

/** PostgreSQL's text and jsonb cannot hold NUL: a line's report keeps U+FFFD in its place (the line itself is refused). */
const storable = (v: string) => (v.includes("\u0000") ? v.replaceAll("\u0000", "\uFFFD") : v);

/**
 * A line's cells as kept in its report: each cut to the longest a cell may be (a longer one
 * refused the line), NUL replaced (a cell holding one refused the line).
 */
export function keptCells(raw: Partial<Record<ImportField, string>>): Partial<Record<ImportField, string>> {
  let changed = false;
  for (const v of Object.values(raw)) if (typeof v === "string" && (v.length > MAX_CELL_LENGTH || v.includes("\u0000"))) changed = true;
  if (!changed) return raw;
  return Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, typeof v === "string" ? storable(v.length > MAX_CELL_LENGTH ? `${v.slice(0, MAX_CELL_LENGTH)}…` : v) : v]),
  );
}

/** The receipt number of a line: the file's, or, when the file has none, one made of the personal ID and the receipt date. */
export function receiptNumberOf(raw: Partial<Record<ImportField, string>>, row: Pick<AgentRow, "personalId" | "receiptDate"> | null): string | null {
  const given = (raw.receiptNumber ?? "").trim();
  if (given !== "") return given.slice(0, 64);
  return row ? `${row.personalId}-${row.receiptDate.replaceAll("-", "")}` : null;
}

interface UnitRow {
  code: string;
  parentCode: string | null;
  level: string;
  validFrom: string;
  validTo: string | null;
}

/**
 * Whether a commune in force on a date lies in the agent's area (the area follows the
 * reform). On the days the agent's unit is in force as given (`areaValidOn`), the commune's
 * parents are walked on the date; on other days, when the unit has ended or its code names
 * another unit, the commune is in the territory it maps to in that date's era.
 */
export async function agentAreaTest(
  db: Db,
  agent: Pick<Agent, "areaCode" | "areaValidOn">,
  rows: readonly UnitRow[],
): Promise<(code: string, onDate: string, on: (code: string, d: string) => UnitRow | undefined) => boolean> {
  const own = rows.find((r) => r.code === agent.areaCode && r.validFrom <= agent.areaValidOn && (r.validTo === null || r.validTo >= agent.areaValidOn));
  const eras = await territoryByEra(db, [{ code: agent.areaCode, validOn: agent.areaValidOn }], todayInVietnam());
  return (code, d, on) => {
    if (own && own.validFrom <= d && (own.validTo === null || own.validTo >= d)) {
      let cur = on(code, d);
      for (let depth = 0; cur && depth < 10; depth++) {
        if (cur.code === agent.areaCode) return true;
        cur = cur.parentCode ? on(cur.parentCode, d) : undefined;
      }
      return false;
    }
    const era = eras.find((e) => (e.from === null || e.from <= d) && (e.to === null || d <= e.to));
    return era?.codes.has(code) ?? false;
  };
}

/** The commune checks of a batch: every unit with its validity, walked in memory. */
export async function communeChecker(db: Db, agent: Pick<Agent, "areaCode" | "areaValidOn">): Promise<(code: string, onDate: string) => CommuneStatus> {
  const rows = await areaValidityRows(db);
  const byCode = new Map<string, typeof rows>();
  for (const r of rows) {
    const list = byCode.get(r.code) ?? [];
    list.push(r);
    byCode.set(r.code, list);
  }
  const on = (code: string, d: string) => byCode.get(code)?.find((r) => r.validFrom <= d && (r.validTo === null || r.validTo >= d));
  const inArea = await agentAreaTest(db, agent, rows);
  return (code, d) => {
    const unit = on(code, d);
    if (!unit || unit.level !== "commune") return "unknown";
    return inArea(code, d, on) ? "ok" : "out_of_scope";
  };
}

/** Data rows of a stored file (the header excluded). */
export async function countDataRows(file: string, format: SheetFormat): Promise<number> {
  let n = -1;
  for await (const _ of readSheet(file, format)) n++;
  return Math.max(n, 0);
}

/** A line's own outreach event (its number): null when the cell is empty, "bad" when it is not a number. */
export function eventOf(raw: Partial<Record<ImportField, string>>): number | null | "bad" {
  const cell = (raw.outreachEvent ?? "").trim();
  if (cell === "") return null;
  if (!/^\d{1,9}$/.test(cell) || Number(cell) < 1) return "bad";
  return Number(cell);
}

const problem = (code: string, field: string, vi: string, en: string): Problem => ({ code, path: [field], vi, en });

/** The problems of a line the row check (or its event cell) rejected. */
export function rowProblems(res: AgentRowCheck, event: number | null | "bad", raw: Partial<Record<ImportField, string>>): Problem[] {
  const problems: Problem[] = res.ok ? [] : res.problems.map((p) => ({ code: p.code, path: [p.field], vi: storable(p.vi), en: storable(p.en) }));
  if (event === "bad") {
    problems.push(
      problem(
        "ENROLMENT.EVENT_UNKNOWN",
        "outreachEvent",
        `Mã sự kiện vận động "${storable((raw.outreachEvent ?? "").trim().slice(0, 40))}" không hợp lệ (phải là số của sự kiện)`,
        `The outreach event "${storable((raw.outreachEvent ?? "").trim().slice(0, 40))}" is not valid (it must be the event's number)`,
      ),
    );
  }
  return problems;
}

/** A line repeating an earlier line's receipt or personal ID. */
export function inFileDuplicate(field: "receiptNumber" | "personalId", receipt: string, earlier: number): Problem[] {
  return field === "receiptNumber"
    ? [
        problem(
          "IMPORT.DUPLICATE_IN_FILE",
          "receiptNumber",
          `Trùng biên lai ${receipt} với dòng ${earlier} của tệp`,
          `Same receipt ${receipt} as line ${earlier} of the file`,
        ),
      ]
    : [problem("IMPORT.DUPLICATE_IN_FILE", "personalId", `Trùng số định danh với dòng ${earlier} của tệp`, `Same personal ID as line ${earlier} of the file`)];
}

/** The problems of a line the write path answered `duplicate` or `rejected`: each issue under the answer's code. */
export function writePathProblems(r: { code: string; issues: { path: string[]; vi: string; en: string }[] }): Problem[] {
  const problems = r.issues.map((i) => ({ code: r.code, path: i.path, vi: i.vi, en: i.en }));
  return problems.length === 0 ? [{ code: r.code, path: [], vi: r.code, en: r.code }] : problems;
}

/** The write path's command for a checked line of an agent's list. */
export function recordInputOf(
  row: AgentRow,
  receipt: string,
  line: number,
  event: number | null,
  ctx: { agentId: number; batchId: number; attribution: BatchMapping["attribution"] | null },
): RecordEnrolmentInput {
  return {
    participant: {
      personalId: row.personalId,
      socialInsuranceNumber: row.socialInsuranceNumber,
      fullName: row.fullName,
      birthDate: row.birthDate,
      gender: row.gender,
      ethnicity: row.ethnicity,
      nationality: row.nationality,
      phone: row.phone,
      communeCode: row.communeCode,
      householdCode: row.householdCode,
    },
    scheme: row.scheme,
    // The start is the decision's (cover continues), as on the form.
    startMonth: null,
    months: row.monthsPaid,
    monthlyIncome: row.monthlyIncome,
    supportGroups: row.supportGroups,
    supportEvidence: row.supportEvidence,
    householdRank: row.householdRank,
    facilityCode: row.facilityCode,
    payment: { amount: row.amountPaid, receiptDate: row.receiptDate, receiptNumber: receipt },
    agentId: ctx.agentId,
    collectorId: null,
    campaignId: ctx.attribution?.campaignId ?? null,
    outreachEventId: event ?? ctx.attribution?.outreachEventId ?? null,
    source: "import",
    importBatchId: ctx.batchId,
    importLine: line,
    participantMode: "any",
  };
}

/**
 * Runs (or resumes) a batch to its end: a dry run (status `dry_run`) records what would happen,
 * a real run writes the registry. Safe to call again on a finished, failed or half-done batch.
 */
export async function processImportBatch(db: Db, batchId: number, options: ProcessOptions = {}): Promise<ImportBatch> {
  const chunkSize = options.chunkSize ?? 200;
  const batch = await batchById(db, batchId);
  if (!batch) throw new Error(`import batch ${batchId} not found`);
  if (batch.status === "done" || (batch.status === "dry_run" && batch.finishedAt !== null)) return batch;
  const dryRun = batch.status === "dry_run";
  if (!dryRun && !options.record) throw new Error("a real import needs the registry's write path");
  const agent = await agentById(db, batch.agentId);
  if (!agent) throw new Error(`agent ${batch.agentId} not found`);
  const mapping = batch.mapping as BatchMapping;
  if (!batch.filePath) throw new Error(`import batch ${batchId} has no file`);
  const file = batch.filePath;

  if (batch.totalRows === null) {
    await updateBatch(db, batchId, { totalRows: await countDataRows(file, mapping.format) });
  }
  if (!dryRun && batch.status !== "running") await updateBatch(db, batchId, { status: "running", error: null });

  const communeStatus = await communeChecker(db, agent);
  const attribution = mapping.attribution ?? null;
  const scheme = batch.scheme;
  const last = await lastImportedLine(db, batchId);
  /** Keys seen earlier in the file (line numbers), for duplicates within the file. */
  const seenIds = new Map<string, number>();
  const seenReceipts = new Map<string, number>();
  let indexes: Partial<Record<ImportField, number>> | null = null;
  let chunk: { line: number; raw: Partial<Record<ImportField, string>> }[] = [];
  let handled = 0;

  const flush = async () => {
    if (chunk.length === 0) return;
    const lines = chunk;
    chunk = [];
    await db.transaction(async (tx) => {
      const checked = lines.map(({ line, raw }) => {
        const { receiptNumber: _r, outreachEvent: _e, ...fields } = raw;
        const res = checkAgentRow(fields as AgentRowInput, { scheme, communeStatus });
        return { line, raw, res, receipt: receiptNumberOf(raw, res.ok ? res.row : null), event: eventOf(raw) };
      });
      // A dry run with the write path runs it in a savepoint that is rolled back: the outcomes are
      // the real run's, and no registry row stays. Without it, receipts are looked up instead.
      const simulate = dryRun && !options.record;
      const known = simulate
        ? await existingReceipts(
            tx,
            agent.id,
            checked.flatMap((c) => (c.res.ok && c.receipt ? [c.receipt] : [])),
          )
        : new Set<string>();
      const out: {
        batchId: number;
        line: number;
        outcome: Outcome;
        problems: Problem[] | null;
        participantId: number | null;
        enrolmentId: number | null;
        raw: unknown;
      }[] = [];
      const counts = { processed: 0, imported: 0, duplicates: 0, rejected: 0 };
      const work = async (wtx: Db) => {
        for (const c of checked) {
          if (options.failAfterRows !== undefined && handled >= options.failAfterRows) throw new Error(`stopped after ${handled} rows (test)`);
          handled++;
          let outcome: Outcome;
          let problems: Problem[] | null = null;
          let participantId: number | null = null;
          let enrolmentId: number | null = null;
          const id = c.res.ok ? c.res.row.personalId : null;
          const earlierId = id ? seenIds.get(id) : undefined;
          const earlierReceipt = c.receipt ? seenReceipts.get(c.receipt) : undefined;
          if (!c.res.ok || c.event === "bad") {
            outcome = "rejected";
            problems = rowProblems(c.res, c.event, c.raw);
          } else if (earlierReceipt !== undefined) {
            outcome = "duplicate";
            problems = inFileDuplicate("receiptNumber", c.receipt!, earlierReceipt);
          } else if (earlierId !== undefined) {
            outcome = "duplicate";
            problems = inFileDuplicate("personalId", c.receipt!, earlierId);
          } else if (simulate) {
            if (known.has(c.receipt!)) {
              outcome = "duplicate";
              problems = [
                problem(
                  "IMPORT.RECEIPT_EXISTS",
                  "receiptNumber",
                  `Biên lai ${c.receipt} của đại lý đã có trong hệ thống`,
                  `The agent's receipt ${c.receipt} is already recorded`,
                ),
              ];
            } else outcome = "imported";
          } else {
            const r = await options.record!(wtx, recordInputOf(c.res.row, c.receipt!, c.line, c.event, { agentId: agent.id, batchId, attribution }), {
              actorId: batch.createdBy,
            });
            if (r.outcome === "recorded") {
              outcome = "imported";
              participantId = dryRun ? null : r.participantId;
              enrolmentId = dryRun ? null : r.enrolmentId;
            } else {
              outcome = r.outcome;
              problems = writePathProblems(r);
            }
          }
          // Only valid rows are remembered: a rejected line does not make a later, good one a duplicate.
          if (c.res.ok && c.event !== "bad" && id && earlierId === undefined) seenIds.set(id, c.line);
          if (c.res.ok && c.event !== "bad" && c.receipt && earlierReceipt === undefined) seenReceipts.set(c.receipt, c.line);
          out.push({ batchId, line: c.line, outcome, problems, participantId, enrolmentId, raw: keptCells(c.raw) });
          counts.processed++;
          if (outcome === "imported") counts.imported++;
          else if (outcome === "duplicate") counts.duplicates++;
          else counts.rejected++;
        }
      };
      if (dryRun && !simulate) {
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
      await insertImportRows(tx, out);
      await addBatchCounts(tx, batchId, counts);
    });
    await options.onChunk?.();
    if (options.shouldStop?.()) throw new ImportStopped(`import batch ${batchId} stopped at a chunk boundary`);
  };

  for await (const row of readSheet(file, mapping.format)) {
    if (indexes === null) {
      indexes = columnIndexes(mapping.columns, row.cells);
      continue;
    }
    const raw = mapCells(row.cells, indexes);
    if (row.line <= last) {
      // Already committed: only remembered, for duplicates within the file.
      const { receiptNumber: _r, outreachEvent: _e, ...fields } = raw;
      const res = checkAgentRow(fields as AgentRowInput, { scheme, communeStatus });
      if (res.ok) {
        const receipt = receiptNumberOf(raw, res.row);
        if (!seenIds.has(res.row.personalId)) seenIds.set(res.row.personalId, row.line);
        if (receipt && !seenReceipts.has(receipt)) seenReceipts.set(receipt, row.line);
      }
      continue;
    }
    chunk.push({ line: row.line, raw });
    if (chunk.length >= chunkSize) await flush();
  }
  await flush();

  await updateBatch(db, batchId, { status: dryRun ? "dry_run" : "done", finishedAt: new Date() });
  return (await batchById(db, batchId))!;
}
