/**
 * The columns of an agent's list and how a file's headers map to them. The rules (the columns,
 * which a scheme needs, how headers are recognised, what is wrong with a mapping) are the
 * domain's (`@ansinh/domain/registry`, import-columns); this file only turns a mapping into
 * column indexes and a row's cells into fields.
 */
import type { Scheme } from "@ansinh/domain/eligibility";
import { columnMappingProblems, importColumnNames, importColumns, suggestColumnMapping, type ColumnMapping, type ImportColumn } from "@ansinh/domain/registry";

export const importFields = importColumns;
export type ImportField = ImportColumn;
export const importFieldNames = importColumnNames;
export type { ColumnMapping };

/** A mapping suggested for a file's headers (the agent's saved one first): the domain's `suggestColumnMapping`. */
export const suggestMapping = suggestColumnMapping;

/** Problems of a mapping against a file's headers, as issues under `mapping.<column>`. */
export function mappingProblems(mapping: ColumnMapping, headers: readonly string[], scheme: Scheme): { path: string[]; vi: string; en: string }[] {
  return columnMappingProblems(mapping, headers, scheme).map((p) => ({ path: ["mapping", p.field], vi: p.vi, en: p.en }));
}

/** Column index of each mapped field in a header row. */
export function columnIndexes(mapping: ColumnMapping, headers: readonly string[]): Partial<Record<ImportField, number>> {
  const out: Partial<Record<ImportField, number>> = {};
  for (const f of importFields) {
    const h = mapping[f];
    if (!h) continue;
    const i = headers.indexOf(h);
    if (i >= 0) out[f] = i;
  }
  return out;
}

/** A row's cells as the mapped fields (absent columns: not set). */
export function mapCells(cells: readonly string[], indexes: Partial<Record<ImportField, number>>): Partial<Record<ImportField, string>> {
  const out: Partial<Record<ImportField, string>> = {};
  for (const [f, i] of Object.entries(indexes) as [ImportField, number][]) out[f] = cells[i] ?? "";
  return out;
}
