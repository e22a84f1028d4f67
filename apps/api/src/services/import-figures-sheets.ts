/**
 * Sheets of the figures import: the templates (XLSX and CSV, Vietnamese headers, one example
 * line; the XLSX also lists the schemes and insured groups) and a batch's report (every line with
 * its outcome and reasons, then the line as read).
 */
import ExcelJS from "exceljs";
import { figureRowsPage, type Db, type FigureImportBatch } from "@ansinh/db";
import {
  figureColumnNames,
  figureSchemeNames,
  insuredColumns,
  insuredGroups,
  populationColumns,
  type FigureColumn,
  type FigureKind,
} from "@ansinh/domain/coverage";
import { formatVietnamDateTime } from "@ansinh/domain/dates";

const columnsOf: Record<FigureKind, readonly FigureColumn[]> = { population: populationColumns, insured: insuredColumns };

/** One example line per kind (U Minh Thượng, Kiên Giang's pre-2025 district 913; illustrative figures). */
const examples: Record<FigureKind, Partial<Record<FigureColumn, string>>> = {
  population: { areaCode: "913", areaName: "U Minh Thượng", year: "2020", total: "70000", workingAge: "44800", effectiveDate: "" },
  insured: { areaCode: "913", areaName: "U Minh Thượng", asOf: "30/06/2020", scheme: "Bảo hiểm y tế", insuredGroup: "Hộ gia đình", count: "15400" },
};

export const templateName = (kind: FigureKind, ext: "csv" | "xlsx") => `mau-${kind === "population" ? "dan-so" : "so-nguoi-tham-gia"}.${ext}`;

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The template as CSV (UTF-8 with a BOM, so Excel reads the Vietnamese headers right). */
export function figureTemplateCsv(kind: FigureKind): string {
  const cols = columnsOf[kind];
  const ex = examples[kind];
  return `\uFEFF${cols.map((c) => csvCell(figureColumnNames[c].vi)).join(",")}\r\n${cols.map((c) => csvCell(ex[c] ?? "")).join(",")}\r\n`;
}

/** The template as XLSX: text cells (codes keep their leading zeros), and a sheet of the names a file may use. */
export async function figureTemplateXlsx(kind: FigureKind): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const cols = columnsOf[kind];
  const ws = wb.addWorksheet(kind === "population" ? "Dân số" : "Số người tham gia");
  ws.columns = cols.map((c) => ({ key: c, width: Math.max(14, figureColumnNames[c].vi.length + 2), style: { numFmt: "@" } }));
  const head = ws.addRow(cols.map((c) => figureColumnNames[c].vi));
  head.font = { bold: true };
  ws.addRow(cols.map((c) => examples[kind][c] ?? ""));
  const names = wb.addWorksheet("Danh mục");
  names.columns = [{ width: 24 }, { width: 28 }, { width: 48 }, { width: 40 }];
  if (kind === "insured") {
    const h = names.addRow(["Loại bảo hiểm", "Mã nhóm / Group key", "Nhóm đối tượng", "Insured group"]);
    h.font = { bold: true };
    for (const [scheme, groups] of Object.entries(insuredGroups) as [keyof typeof insuredGroups, Record<string, { vi: string; en: string }>][]) {
      for (const [key, n] of Object.entries(groups)) names.addRow([figureSchemeNames[scheme].vi, key, n.vi, n.en]);
    }
  } else {
    const h = names.addRow(["Cột", "Column", "Ghi chú", "Note"]);
    h.font = { bold: true };
    names.addRow([
      figureColumnNames.effectiveDate.vi,
      figureColumnNames.effectiveDate.en,
      "Không bắt buộc; để trống = đơn vị có hiệu lực ngày 31/12 của năm",
      "Optional; empty = the unit in force on 31/12 of the year",
    ]);
    names.addRow([
      figureColumnNames.workingAge.vi,
      figureColumnNames.workingAge.en,
      "Không bắt buộc; không lớn hơn dân số",
      "Optional; not above the population",
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const outcomeNames = { imported: "Đã nhập / Imported", unchanged: "Không đổi / Unchanged", rejected: "Bị từ chối / Rejected" } as const;
const dryOutcomeNames = { ...outcomeNames, imported: "Sẽ nhập / Would import" } as const;

/** A batch's report: a summary line, then line, outcome, reasons (vi, en) and the line as read. */
export async function figureReportXlsx(db: Db, batch: FigureImportBatch): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Kết quả");
  const cols = columnsOf[batch.kind];
  const dry = batch.status === "dry_run";
  ws.addRow([`${dry ? "Chạy thử / Dry run" : "Nhập / Import"} #${batch.id} — ${batch.fileName} — ${formatVietnamDateTime(batch.createdAt)}`]).font = {
    bold: true,
  };
  ws.addRow([
    `${dry ? "Sẽ nhập / Would import" : "Đã nhập / Imported"}: ${batch.imported}`,
    `Không đổi / Unchanged: ${batch.unchanged}`,
    `Bị từ chối / Rejected: ${batch.rejected}`,
  ]);
  const head = ws.addRow(["Dòng / Line", "Kết quả / Outcome", "Lý do", "Reason", ...cols.map((c) => figureColumnNames[c].vi)]);
  head.font = { bold: true };
  ws.columns = [{ width: 10 }, { width: 22 }, { width: 50 }, { width: 50 }, ...cols.map((c) => ({ width: Math.max(14, figureColumnNames[c].vi.length + 2) }))];
  const names = dry ? dryOutcomeNames : outcomeNames;
  for (let offset = 0; ; offset += 1000) {
    const { rows } = await figureRowsPage(db, batch.id, { limit: 1000, offset });
    for (const r of rows) {
      const problems = (r.problems as { vi: string; en: string }[] | null) ?? [];
      const raw = (r.raw as Partial<Record<FigureColumn, string>> | null) ?? {};
      const row = ws.addRow([
        r.line,
        names[r.outcome],
        problems.map((p) => p.vi).join("; "),
        problems.map((p) => p.en).join("; "),
        ...cols.map((c) => raw[c] ?? ""),
      ]);
      row.getCell(5).numFmt = "@";
    }
    if (rows.length < 1000) break;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
