/**
 * Importing figures from outside (population; insured counts by group) from an uploaded CSV or
 * XLSX file: the domain checks each line and says which unit version it means; this loads what
 * is stored, decides each line's outcome (imported / unchanged / rejected with its reasons) and
 * stores the batch, its lines and — unless it is a dry run — the figures, with one audit row, in
 * one transaction. Files are at most tens of thousands of lines: read whole, then written at once.
 *
 * Idempotence: a figure's key is its unit version and year (population) or unit version, report
 * date, scheme and group (insured counts); a line for a stored key replaces its value, the same
 * value is "unchanged". The same file again (same kind, same bytes) answers the batch that
 * imported it, and writes nothing.
 */
import {
  appendAudit,
  areaVersionsOf,
  coverageFiguresOf,
  findFigureBatchByFile,
  insertFigureBatch,
  insertFigureRows,
  populationsOf,
  upsertCoverageFigures,
  upsertPopulations,
  usersWithin,
  type Db,
  type FigureImportBatch,
} from "@ansinh/db";
import { can, roles } from "@ansinh/domain/access";
import {
  checkFigureRow,
  duplicateRowProblem,
  figureKey,
  figureOutcome,
  figureUnitDate,
  figureUnitVersion,
  insuredColumns,
  locateFigureColumns,
  populationColumns,
  unitOutOfScopeProblem,
  unitUnknownProblem,
  type FigureKind,
  type FigureProblem,
  type FigureRow,
  type InsuredFigureRow,
  type PopulationFigureRow,
} from "@ansinh/domain/coverage";
import { todayInVietnam } from "@ansinh/domain/dates";
import type { Access } from "../trpc.js";
import { fileExists, readSheet, UnreadableFile, type SheetFormat } from "./import-file.js";

/** Codes where the caller may import on a date (null: everywhere). */
export type FigureScope = (onDate: string) => Promise<Set<string> | null>;

export interface FigureImportInput {
  kind: FigureKind;
  file: { hash: string; format: SheetFormat; path: string; name: string };
  dryRun: boolean;
  actor: { id: string; email: string } | null;
  requestId: string | null;
  scope: FigureScope;
}

/** A file refused whole (missing, empty, unreadable, or a header without the needed columns). */
export class FigureFileError extends Error {
  constructor(
    readonly code: "IMPORT.FILE_NOT_FOUND" | "IMPORT.FILE_EMPTY" | "IMPORT.FILE_UNREADABLE" | FigureProblem["code"],
    readonly issues: { path: string[]; vi: string; en: string }[],
  ) {
    super(issues.map((i) => i.en).join("; "));
  }
}

interface Line {
  line: number;
  raw: Record<string, string>;
  row: FigureRow | null;
  problems: FigureProblem[];
  outcome: "imported" | "unchanged" | "rejected";
  areaId?: number;
}

/** Reads and checks the whole file (no database). */
async function readLines(kind: FigureKind, file: FigureImportInput["file"]): Promise<Line[]> {
  if (!(await fileExists(file.path))) {
    throw new FigureFileError("IMPORT.FILE_NOT_FOUND", [
      { path: ["hash"], vi: "Không tìm thấy tệp đã tải lên; hãy tải lại tệp", en: "The uploaded file was not found; please upload it again" },
    ]);
  }
  const names = kind === "population" ? populationColumns : insuredColumns;
  let columns: ReturnType<typeof locateFigureColumns>["columns"] | null = null;
  const lines: Line[] = [];
  try {
    for await (const r of readSheet(file.path, file.format)) {
      if (columns === null) {
        const located = locateFigureColumns(kind, r.cells);
        if (located.problems.length) throw new FigureFileError(located.problems[0]!.code, located.problems);
        columns = located.columns;
        continue;
      }
      const raw: Record<string, string> = {};
      for (const c of names) {
        const i = columns[c];
        if (i !== undefined) raw[c] = (r.cells[i] ?? "").slice(0, 200);
      }
      const checked = checkFigureRow(kind, r.cells, columns);
      lines.push(
        checked.ok
          ? { line: r.line, raw, row: checked.row, problems: [], outcome: "imported" }
          : { line: r.line, raw, row: null, problems: checked.problems, outcome: "rejected" },
      );
    }
  } catch (e) {
    if (e instanceof UnreadableFile) throw new FigureFileError("IMPORT.FILE_UNREADABLE", [{ path: ["hash"], vi: e.vi, en: e.en }]);
    throw e;
  }
  if (columns === null) throw new FigureFileError("IMPORT.FILE_EMPTY", [{ path: ["hash"], vi: "Tệp không có dòng nào", en: "The file has no rows" }]);
  return lines;
}

/**
 * Places each checked line on its unit version, in the caller's areas, once per key (reads the
 * units only: run before the import's transaction, as the scope is read through the caller's
 * own connection).
 */
async function place(db: Db, lines: Line[], scope: FigureScope): Promise<void> {
  const ok = lines.filter((l) => l.row !== null);
  const versions = await areaVersionsOf(
    db,
    ok.map((l) => l.row!.areaCode),
  );
  const scopes = new Map<string, Set<string> | null>();
  const firstLineOf = new Map<string, number>();
  for (const l of ok) {
    const row = l.row!;
    const version = figureUnitVersion(row, versions.get(row.areaCode) ?? []);
    if (!version) {
      l.outcome = "rejected";
      l.problems = [unitUnknownProblem(row)];
      continue;
    }
    // The scope on a day the version is in force (an abolished unit: its last day).
    const wanted = figureUnitDate(row);
    const day = version.validTo !== null && version.validTo < wanted ? version.validTo : wanted;
    if (!scopes.has(day)) scopes.set(day, await scope(day));
    const codes = scopes.get(day)!;
    if (codes !== null && !codes.has(row.areaCode)) {
      l.outcome = "rejected";
      l.problems = [unitOutOfScopeProblem(row)];
      continue;
    }
    const key = figureKey(row, version.id);
    const first = firstLineOf.get(key);
    if (first !== undefined) {
      l.outcome = "rejected";
      l.problems = [duplicateRowProblem(first)];
      continue;
    }
    firstLineOf.set(key, l.line);
    l.areaId = version.id;
  }
}

/** Each placed line's outcome against what is stored (in the import's transaction). */
async function decide(db: Db, kind: FigureKind, lines: Line[]): Promise<void> {
  const placed = lines.filter((l) => l.row !== null && l.areaId !== undefined);
  const ids = placed.map((l) => l.areaId!);
  const stored =
    kind === "population"
      ? await populationsOf(db, ids)
      : await coverageFiguresOf(
          db,
          ids,
          placed.map((l) => (l.row as InsuredFigureRow).asOf),
        );
  for (const l of placed) {
    l.outcome = figureOutcome(l.row!, stored.get(figureKey(l.row!, l.areaId!)) ?? null);
  }
}

export interface FigureImportResult {
  batch: FigureImportBatch;
  /** The file was imported before: its batch, nothing written now. */
  existing: boolean;
}

/** Runs a dry run or the real import of an uploaded file (see the module's note). */
export async function importFigures(db: Db, input: FigureImportInput): Promise<FigureImportResult> {
  if (!input.dryRun) {
    const done = await findFigureBatchByFile(db, input.kind, input.file.hash);
    if (done) return { batch: done, existing: true };
  }
  const lines = await readLines(input.kind, input.file);
  await place(db, lines, input.scope);
  try {
    const batch = await db.transaction(async (tx) => {
      await decide(tx, input.kind, lines);
      const counts = { imported: 0, unchanged: 0, rejected: 0 };
      for (const l of lines) counts[l.outcome]++;
      const b = await insertFigureBatch(tx, {
        kind: input.kind,
        fileName: input.file.name.slice(0, 255),
        fileHash: input.file.hash,
        status: input.dryRun ? "dry_run" : "done",
        totalRows: lines.length,
        ...counts,
        createdBy: input.actor?.id ?? null,
        finishedAt: new Date(),
      });
      await insertFigureRows(
        tx,
        lines.map((l) => ({ batchId: b.id, line: l.line, outcome: l.outcome, problems: l.problems.length ? l.problems : null, raw: l.raw })),
      );
      if (!input.dryRun) {
        const changed = lines.filter((l) => l.outcome === "imported");
        if (input.kind === "population") {
          await upsertPopulations(
            tx,
            changed.map((l) => {
              const r = l.row as PopulationFigureRow;
              return { areaId: l.areaId!, year: r.year, total: r.total, workingAge: r.workingAge };
            }),
          );
        } else {
          await upsertCoverageFigures(
            tx,
            changed.map((l) => {
              const r = l.row as InsuredFigureRow;
              return { areaId: l.areaId!, asOf: r.asOf, scheme: r.scheme, insuredGroup: r.insuredGroup, insuredCount: r.count };
            }),
          );
        }
      }
      await appendAudit(tx, {
        actorId: input.actor?.id ?? null,
        actorEmail: input.actor?.email ?? null,
        action: input.dryRun ? "figures_dry_run" : "figures_import",
        entity: "figure_import_batch",
        entityId: String(b.id),
        before: null,
        after: { kind: input.kind, fileName: b.fileName, fileHash: b.fileHash, totalRows: b.totalRows, ...counts },
        requestId: input.requestId,
      });
      return b;
    });
    return { batch, existing: false };
  } catch (e) {
    // Two runs of the same file at once: the second meets the first's batch.
    if (!input.dryRun) {
      const done = await findFigureBatchByFile(db, input.kind, input.file.hash);
      if (done) return { batch: done, existing: true };
    }
    throw e;
  }
}

const manageRoles = roles.filter((r) => can(r, "manage"));

/**
 * Whose batches a caller sees (their lines name units and figures of any area the file held):
 * null = everyone's (the caller manages the whole country); else the caller's own and those of
 * users who manage only areas within the caller's (a province's manager sees its districts'
 * imports, not the other way round).
 */
export async function figureBatchAuthors(db: Db, access: Pick<Access, "user" | "rootsFor" | "lastingScopeFor">): Promise<string[] | null> {
  if (access.rootsFor("manage") === null) return null;
  const scope = await access.lastingScopeFor("manage", todayInVietnam());
  const others = scope === null ? [] : await usersWithin(db, manageRoles, scope);
  return [...new Set([access.user.id, ...others])];
}

/** Whether the caller sees a batch (see `figureBatchAuthors`). */
export async function mayViewFigureBatch(
  db: Db,
  access: Pick<Access, "user" | "rootsFor" | "lastingScopeFor">,
  batch: Pick<FigureImportBatch, "createdBy">,
): Promise<boolean> {
  const authors = await figureBatchAuthors(db, access);
  return authors === null || (batch.createdBy !== null && authors.includes(batch.createdBy));
}
