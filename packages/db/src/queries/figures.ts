/**
 * Figures from outside: population per unit version and year (`populations`) and the agency's
 * insured counts by group (`coverage_figures`), and the batches that imported them
 * (`figure_import_batches`, `figure_import_rows`: one row per line of the file).
 */
import { and, asc, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.js";
import { areas, coverageFigures, figureImportBatches, figureImportRows, populations, roleAssignments } from "../schema/index.js";

export type FigureImportBatch = typeof figureImportBatches.$inferSelect;
export type FigureImportRowRecord = typeof figureImportRows.$inferSelect;
export type FigureImportKind = FigureImportBatch["kind"];

const CHUNK = 1000;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Every stored version of each code: `{ id, validFrom, validTo }`, oldest first. */
export async function areaVersionsOf(db: Db, codes: readonly string[]): Promise<Map<string, { id: number; validFrom: string; validTo: string | null }[]>> {
  const out = new Map<string, { id: number; validFrom: string; validTo: string | null }[]>();
  for (const part of chunks([...new Set(codes)])) {
    const rows = await db
      .select({ id: areas.id, code: areas.code, validFrom: areas.validFrom, validTo: areas.validTo })
      .from(areas)
      .where(inArray(areas.code, part))
      .orderBy(asc(areas.code), asc(areas.validFrom));
    for (const r of rows) {
      const list = out.get(r.code) ?? [];
      list.push({ id: r.id, validFrom: r.validFrom, validTo: r.validTo });
      out.set(r.code, list);
    }
  }
  return out;
}

/** Stored populations of these unit versions, by `areaId|year`. */
export async function populationsOf(db: Db, areaIds: readonly number[]): Promise<Map<string, { total: number; workingAge: number | null }>> {
  const out = new Map<string, { total: number; workingAge: number | null }>();
  for (const part of chunks([...new Set(areaIds)])) {
    const rows = await db
      .select({ areaId: populations.areaId, year: populations.year, total: populations.total, workingAge: populations.workingAge })
      .from(populations)
      .where(inArray(populations.areaId, part));
    for (const r of rows) out.set(`${r.areaId}|${r.year}`, { total: Number(r.total), workingAge: r.workingAge == null ? null : Number(r.workingAge) });
  }
  return out;
}

/** Stored insured counts of these unit versions on these report dates, by `areaId|asOf|scheme|group`. */
export async function coverageFiguresOf(db: Db, areaIds: readonly number[], dates: readonly string[]): Promise<Map<string, { count: number }>> {
  const out = new Map<string, { count: number }>();
  const ds = [...new Set(dates)];
  if (ds.length === 0) return out;
  for (const part of chunks([...new Set(areaIds)])) {
    const rows = await db
      .select({
        areaId: coverageFigures.areaId,
        asOf: coverageFigures.asOf,
        scheme: coverageFigures.scheme,
        group: coverageFigures.insuredGroup,
        count: coverageFigures.insuredCount,
      })
      .from(coverageFigures)
      .where(and(inArray(coverageFigures.areaId, part), inArray(coverageFigures.asOf, ds)));
    for (const r of rows) out.set(`${r.areaId}|${r.asOf}|${r.scheme}|${r.group}`, { count: Number(r.count) });
  }
  return out;
}

/** Inserts or replaces populations (key: unit version and year). */
export async function upsertPopulations(db: Db, rows: readonly { areaId: number; year: number; total: number; workingAge: number | null }[]): Promise<void> {
  for (const part of chunks(rows)) {
    await db
      .insert(populations)
      .values([...part])
      .onConflictDoUpdate({
        target: [populations.areaId, populations.year],
        set: { total: sql`excluded.total`, workingAge: sql`excluded.working_age` },
      });
  }
}

/** Inserts or replaces insured counts (key: unit version, report date, scheme, group). */
export async function upsertCoverageFigures(
  db: Db,
  rows: readonly { areaId: number; asOf: string; scheme: "health_insurance" | "social_insurance"; insuredGroup: string; insuredCount: number }[],
): Promise<void> {
  for (const part of chunks(rows)) {
    await db
      .insert(coverageFigures)
      .values([...part])
      .onConflictDoUpdate({
        target: [coverageFigures.areaId, coverageFigures.asOf, coverageFigures.scheme, coverageFigures.insuredGroup],
        set: { insuredCount: sql`excluded.insured_count` },
      });
  }
}

/** The finished real import of this file, if any: the same file again is the same batch. */
export async function findFigureBatchByFile(db: Db, kind: FigureImportKind, fileHash: string): Promise<FigureImportBatch | undefined> {
  const [b] = await db
    .select()
    .from(figureImportBatches)
    .where(and(eq(figureImportBatches.kind, kind), eq(figureImportBatches.fileHash, fileHash), eq(figureImportBatches.status, "done")));
  return b;
}

export async function insertFigureBatch(db: Db, values: typeof figureImportBatches.$inferInsert): Promise<FigureImportBatch> {
  const [b] = await db.insert(figureImportBatches).values(values).returning();
  return b!;
}

export async function insertFigureRows(db: Db, rows: readonly (typeof figureImportRows.$inferInsert)[]): Promise<void> {
  for (const part of chunks(rows, 500)) await db.insert(figureImportRows).values([...part]);
}

export async function figureBatchById(db: Db, id: number): Promise<FigureImportBatch | undefined> {
  const [b] = await db.select().from(figureImportBatches).where(eq(figureImportBatches.id, id));
  return b;
}

/**
 * The users all of whose roles with one of `roles` lie on areas in `codes` (none on the whole
 * country), and who hold at least one: whose imports a manager of those areas may see.
 */
export async function usersWithin(db: Db, roles: readonly string[], codes: ReadonlySet<string>): Promise<string[]> {
  if (roles.length === 0) return [];
  const rows = await db
    .select({ userId: roleAssignments.userId, areaCode: roleAssignments.areaCode })
    .from(roleAssignments)
    .where(inArray(roleAssignments.role, roles as never[]));
  const inside = new Map<string, boolean>();
  for (const r of rows) inside.set(r.userId, (inside.get(r.userId) ?? true) && r.areaCode !== null && codes.has(r.areaCode));
  return [...inside].filter(([, ok]) => ok).map(([id]) => id);
}

/** Batches newest first; with `createdBy`, only those users' (and, with `kind`, one kind). */
export async function figureBatchesPage(
  db: Db,
  { createdBy, kind, limit, offset }: { createdBy: readonly string[] | null; kind?: FigureImportKind; limit: number; offset: number },
): Promise<{ total: number; rows: FigureImportBatch[] }> {
  const conds: SQL[] = [];
  if (createdBy !== null) conds.push(createdBy.length ? inArray(figureImportBatches.createdBy, [...createdBy]) : sql`false`);
  if (kind) conds.push(eq(figureImportBatches.kind, kind));
  const where = conds.length ? and(...conds) : undefined;
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(figureImportBatches).where(where);
  const rows = await db
    .select()
    .from(figureImportBatches)
    .where(where)
    .orderBy(desc(figureImportBatches.createdAt), desc(figureImportBatches.id))
    .limit(limit)
    .offset(offset);
  return { total: Number(n), rows };
}

/** A page of a batch's lines in line order, optionally of one outcome. */
export async function figureRowsPage(
  db: Db,
  batchId: number,
  { outcome, limit, offset }: { outcome?: FigureImportRowRecord["outcome"]; limit: number; offset: number },
): Promise<{ total: number; rows: FigureImportRowRecord[] }> {
  const where = outcome ? and(eq(figureImportRows.batchId, batchId), eq(figureImportRows.outcome, outcome)) : eq(figureImportRows.batchId, batchId);
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(figureImportRows).where(where);
  const rows = await db.select().from(figureImportRows).where(where).orderBy(asc(figureImportRows.line)).limit(limit).offset(offset);
  return { total: Number(n), rows };
}

/** The stored figures of one unit version (for tests and checks): populations by year, insured counts. */
export async function figuresOfArea(db: Db, areaId: number) {
  const pops = await db.select().from(populations).where(eq(populations.areaId, areaId)).orderBy(asc(populations.year));
  const counts = await db
    .select()
    .from(coverageFigures)
    .where(eq(coverageFigures.areaId, areaId))
    .orderBy(asc(coverageFigures.asOf), asc(coverageFigures.scheme), asc(coverageFigures.insuredGroup));
  return { populations: pops, coverageFigures: counts };
}
