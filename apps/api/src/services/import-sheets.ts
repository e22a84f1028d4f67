/**
 * Sheets the import writes: the template (XLSX and CSV with the Vietnamese headers), the report
 * of a batch (every line with its outcome and reasons), and an agent's batch for the agency in
 * the same columns as the template (docs/rules.md §4b). All streamed: exceljs's WorkbookWriter.
 */
import { PassThrough, type Readable } from "node:stream";
import ExcelJS from "exceljs";
import { agentBatchRows, allImportRows, type Db } from "@ansinh/db";
import type { SupportGroup } from "@ansinh/domain/contributions";
import { formatDisplayDate } from "@ansinh/domain/dates";
import { supportGroupsLabel } from "@ansinh/domain/registry";
import { importFieldNames, importFields, type ImportField } from "./import-mapping.js";

const headers = importFields.map((f) => importFieldNames[f].vi);

/** Example rows for the template (invented people; the personal IDs check against birth date and gender). */
const exampleRows: Record<string, Partial<Record<ImportField, string>>> = {
  voluntary_social_insurance: {
    fullName: "Lâm Thị Mai",
    birthDate: "12/04/1985",
    gender: "Nữ",
    personalId: "091185001234",
    phone: "0912 345 678",
    ethnicity: "Kinh",
    nationality: "Việt Nam",
    monthsPaid: "12",
    incomeOrBaseShare: "1.500.000",
    amountPaid: "",
    receiptDate: "15/03/2020",
    communeCode: "",
    caseKind: "Tăng mới",
    receiptNumber: "BL-0001",
  },
  household_health_insurance: {
    fullName: "Danh Văn Tùng",
    birthDate: "02/09/1979",
    gender: "Nam",
    personalId: "091079004321",
    ethnicity: "Khmer",
    nationality: "Việt Nam",
    householdCode: "9100012345",
    householdRank: "1",
    monthsPaid: "12",
    incomeOrBaseShare: "100%",
    amountPaid: "",
    receiptDate: "15/03/2020",
    facilityCode: "91010",
    communeCode: "",
    caseKind: "Đóng tiếp",
    receiptNumber: "BL-0002",
  },
};

function streamWorkbook(fill: (wb: ExcelJS.stream.xlsx.WorkbookWriter) => Promise<void>): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  fill(wb)
    .then(() => wb.commit())
    .catch((e: unknown) => out.destroy(e as Error));
  return out;
}

function headerRow(ws: ExcelJS.Worksheet, names: string[]) {
  const row = ws.addRow(names);
  row.font = { bold: true };
  row.commit();
}

/** The template: the columns of an agent's list with Vietnamese headers and one example row (text cells, so IDs keep their zeros). */
export function templateXlsx(scheme: string): Readable {
  return streamWorkbook(async (wb) => {
    const ws = wb.addWorksheet(scheme === "household_health_insurance" ? "D03-TS" : "D05-TS");
    ws.columns = importFields.map((f) => ({ key: f, width: Math.max(14, importFieldNames[f].vi.length + 2), style: { numFmt: "@" } }));
    headerRow(ws, headers);
    const ex = exampleRows[scheme] ?? {};
    ws.addRow(importFields.map((f) => ex[f] ?? "")).commit();
    ws.commit();
  });
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The template as CSV (UTF-8 with a BOM, so Excel reads the Vietnamese headers right). */
export function templateCsv(scheme: string): string {
  const ex = exampleRows[scheme] ?? {};
  return `\uFEFF${headers.map(csvCell).join(",")}\r\n${importFields.map((f) => csvCell(ex[f] ?? "")).join(",")}\r\n`;
}

const outcomeNames = {
  vi: { imported: "Đã nhập", wouldImport: "Sẽ nhập", duplicate: "Trùng", rejected: "Bị từ chối" },
  en: { imported: "Imported", wouldImport: "Would be imported", duplicate: "Duplicate", rejected: "Rejected" },
} as const;
const reportHeads = { vi: ["Dòng", "Kết quả", "Lý do"], en: ["Line", "Outcome", "Reason"] } as const;

/**
 * A batch's report in the reader's language: line, outcome, reasons, then the row as read; the
 * header row frozen and the columns wide enough to read without resizing.
 */
export function reportXlsx(db: Db, batchId: number, lang: "vi" | "en" = "vi", dryRun = false): Readable {
  return streamWorkbook(async (wb) => {
    const ws = wb.addWorksheet(lang === "en" ? "Result" : "Kết quả", { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = [
      { width: 8 },
      { width: 18 },
      { width: 70 },
      ...importFields.map((f) => ({ width: Math.min(40, Math.max(14, importFieldNames[f][lang].length + 2)) })),
    ];
    headerRow(ws, [...reportHeads[lang], ...importFields.map((f) => importFieldNames[f][lang])]);
    const names = outcomeNames[lang];
    for await (const r of allImportRows(db, batchId)) {
      const problems = (r.problems as { vi: string; en: string }[] | null) ?? [];
      const raw = (r.raw as Partial<Record<ImportField, string>> | null) ?? {};
      const row = ws.addRow([
        r.line,
        dryRun && r.outcome === "imported" ? names.wouldImport : names[r.outcome],
        problems.map((p) => p[lang]).join("; "),
        ...importFields.map((f) => raw[f] ?? ""),
      ]);
      row.getCell(3).alignment = { wrapText: true, vertical: "top" };
      row.commit();
    }
    ws.commit();
  });
}

const genderVi = { male: "Nam", female: "Nữ" } as const;
const kindVi = { new: "Tăng mới", renewal: "Đóng tiếp", returning: "Đóng tiếp" } as const;

/**
 * An agent's batch for the agency: its enrolments with a receipt date in [from, to], one row per
 * payment, in the template's columns (dates dd/MM/yyyy; amounts as whole numbers; codes as text).
 */
export function agentBatchXlsx(db: Db, agentId: number, scheme: string, from: string, to: string): Readable {
  return streamWorkbook(async (wb) => {
    const ws = wb.addWorksheet(scheme === "household_health_insurance" ? "D03-TS" : "D05-TS");
    ws.columns = importFields.map((f) => ({ key: f, width: Math.max(14, importFieldNames[f].vi.length + 2) }));
    headerRow(ws, headers);
    const d = (v: string | null) => (v ? formatDisplayDate(v) : "");
    for await (const { payment, enrolment, participant, householdCode } of agentBatchRows(db, agentId, scheme, from, to)) {
      const household = scheme === "household_health_insurance";
      const values: Record<ImportField, string | number> = {
        fullName: participant.fullName,
        socialInsuranceNumber: participant.socialInsuranceNumber ?? "",
        birthDate: d(participant.birthDate),
        gender: genderVi[participant.gender],
        personalId: participant.personalId,
        phone: participant.phone ?? "",
        ethnicity: participant.ethnicity ?? "",
        nationality: "Việt Nam",
        householdCode: householdCode ?? "",
        householdRank: enrolment.householdRank ?? "",
        monthsPaid: payment.months,
        incomeOrBaseShare: household ? "" : (enrolment.monthlyIncome ?? ""),
        amountPaid: payment.amount,
        receiptDate: d(payment.receiptDate),
        oldCardFrom: "",
        oldCardTo: "",
        newCardFrom: household ? d(payment.coverFrom) : "",
        newCardTo: household ? d(payment.coverTo) : "",
        facilityCode: enrolment.facilityCode ?? "",
        communeCode: enrolment.communeCode,
        caseKind: kindVi[enrolment.kind],
        supportGroup: household ? "" : supportGroupsLabel(enrolment.supportGroups as SupportGroup[], "vi"),
        supportEvidence: enrolment.supportEvidence ?? "",
        receiptNumber: payment.receiptNumber,
        outreachEvent: enrolment.outreachEventId ?? "",
      };
      const row = ws.addRow(importFields.map((f) => values[f]));
      // IDs and codes are text: a number cell would drop their leading zeros.
      for (const f of ["personalId", "socialInsuranceNumber", "householdCode", "facilityCode", "communeCode", "phone", "receiptNumber"] as const) {
        row.getCell(importFields.indexOf(f) + 1).numFmt = "@";
      }
      for (const f of ["amountPaid", "incomeOrBaseShare"] as const) row.getCell(importFields.indexOf(f) + 1).numFmt = "#,##0";
      row.commit();
    }
    ws.commit();
  });
}
