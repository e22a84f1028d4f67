import { parse } from "csv-parse/sync";
import { allAreaRows, appendAudit, insertAreaRows, type Db } from "@ansinh/db";
import {
  checkUnitRecords,
  locateUnitColumns,
  planAreaImport,
  UNIT_COLUMNS,
  type ParsedUnitRow,
  type RejectedUnitRow,
  type UnitSpan,
} from "@ansinh/domain/areas";
import { UserError } from "../fatal.js";

export type RejectedRow = RejectedUnitRow;

export interface ImportReport {
  read: number;
  inserted: number;
  unchanged: number;
  rejected: RejectedRow[];
}

/**
 * Reads a unit list. A file that is not such a list at all (not CSV, wrong header) is refused
 * whole with one message; each data row is checked by the domain's rules, and a wrong one is
 * reported with its line number.
 */
export function parseUnitsCsv(text: string, span: UnitSpan): { rows: ParsedUnitRow[]; rejected: RejectedRow[] } {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), { relax_column_count: true, skip_empty_lines: true });
  } catch (e) {
    const reason = (e as Error).message.split("\n")[0];
    throw new UserError(`Tệp không phải CSV hợp lệ (${reason}) / The file is not valid CSV (${reason})`);
  }
  const header = records[0] ?? [];
  const columns = locateUnitColumns(header);
  if (!columns) {
    throw new UserError(`Dòng tiêu đề phải có các cột ${UNIT_COLUMNS.join(",")} / The header must have the columns ${UNIT_COLUMNS.join(",")}`);
  }
  return checkUnitRecords(records.slice(1), columns, span, header.length);
}

/**
 * Imports a unit list in one transaction: either every acceptable row is stored, with its audit
 * row, or nothing is. `source` names the file in the audit trail.
 */
export async function importAreas(db: Db, text: string, span: UnitSpan, source = "(text)"): Promise<ImportReport> {
  if (span.validTo && span.validTo < span.validFrom) {
    throw new UserError("--valid-to phải sau --valid-from / --valid-to must not be before --valid-from");
  }
  const parsed = parseUnitsCsv(text, span);
  return db.transaction(async (tx) => {
    const plan = planAreaImport(parsed.rows, await allAreaRows(tx));
    const inserted = await insertAreaRows(
      tx,
      plan.insert.map((p) => p.row),
    );
    if (inserted > 0) {
      await appendAudit(tx, {
        actorId: null,
        actorEmail: null,
        action: "import",
        entity: "areas",
        entityId: source,
        before: null,
        after: { ...span, inserted, unchanged: plan.unchanged, rejected: parsed.rejected.length + plan.rejected.length },
      });
    }
    return {
      read: parsed.rows.length + parsed.rejected.length,
      inserted,
      unchanged: plan.unchanged,
      rejected: [...parsed.rejected, ...plan.rejected].sort((a, b) => a.line - b.line),
    };
  });
}
