/**
 * The progress report of an area and period as a formatted XLSX:
 * GET /trpc/export/progress-report?input={"code","onDate","scheme"}&lang=vi|en. The figures are
 * `dashboard.summary`'s, called with the session's context (scoped like the page); Vietnamese
 * headers, one row per child ranked as on the page, a totals row, percentages as percentages and
 * VND as `#,##0`. Under /trpc like the registry's exports (the admin app's forwarder passes it);
 * answered with Cache-Control: no-store like every answer.
 */
import { TRPCError } from "@trpc/server";
import ExcelJS from "exceljs";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { apiError, errorBody, httpStatusOf, readableMessage } from "../errors.js";
import { appRouter } from "../router.js";
import { createCallerFactory, type Context } from "../trpc.js";

type Lang = "vi" | "en";
const createCaller = createCallerFactory(appRouter);
type Summary = Awaited<ReturnType<ReturnType<typeof createCaller>["dashboard"]["summary"]>>;

const schemeNames: Record<string, Record<Lang, string>> = {
  voluntary_social_insurance: { vi: "BHXH tự nguyện", en: "Voluntary social insurance" },
  household_health_insurance: { vi: "BHYT hộ gia đình", en: "Household health insurance" },
};
export const statusNames: Record<string, Record<Lang, string>> = {
  achieved: { vi: "Đã đạt", en: "Achieved" },
  ahead: { vi: "Vượt tiến độ", en: "Ahead" },
  on_track: { vi: "Đúng tiến độ", en: "On track" },
  at_risk: { vi: "Có nguy cơ chậm", en: "At risk" },
  behind: { vi: "Chậm tiến độ", en: "Behind" },
};
const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const ratio = (percent: number | null | undefined) => (percent == null ? null : Number((percent / 100).toFixed(6)));

const headers: { vi: string; en: string; width: number; fmt?: string }[] = [
  { vi: "Hạng", en: "Rank", width: 6 },
  { vi: "Địa bàn", en: "Area", width: 26 },
  { vi: "Mã", en: "Code", width: 8 },
  { vi: "Kế hoạch giao", en: "Plan", width: 12, fmt: "#,##0" },
  { vi: "Đã đạt", en: "Achieved", width: 10, fmt: "#,##0" },
  { vi: "Tỷ lệ hoàn thành", en: "Progress", width: 12, fmt: "0.00%" },
  { vi: "Cần đạt đến nay", en: "Expected by date", width: 12, fmt: "#,##0" },
  { vi: "Chỉ tiêu tối thiểu", en: "Minimum", width: 12, fmt: "#,##0" },
  { vi: "Mốc tiến độ", en: "Milestone", width: 12, fmt: "#,##0" },
  { vi: "Đang tham gia", en: "Active", width: 12, fmt: "#,##0" },
  { vi: "Ngừng đóng", en: "Lapsed", width: 11, fmt: "#,##0" },
  { vi: "Số tiền thu (đồng)", en: "Amount (VND)", width: 16, fmt: "#,##0" },
  { vi: "Tỷ lệ bao phủ BHYT", en: "Health coverage", width: 12, fmt: "0.00%" },
  { vi: "Tình trạng", en: "Status", width: 16 },
];

/** The report workbook of one summary. */
export async function progressWorkbook(s: Summary, lang: Lang): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "An Sinh";
  const sheet = wb.addWorksheet(lang === "vi" ? "Tiến độ" : "Progress", {
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = headers.map((h) => ({ width: h.width }));
  const title =
    lang === "vi"
      ? `BÁO CÁO TIẾN ĐỘ PHÁT TRIỂN NGƯỜI THAM GIA ${schemeNames[s.scheme]!.vi.toUpperCase()}`
      : `PROGRESS REPORT — ${schemeNames[s.scheme]!.en.toUpperCase()}`;
  sheet.addRow([title]).font = { bold: true, size: 14 };
  sheet.addRow([
    lang === "vi"
      ? `Địa bàn: ${s.area.name} (${s.area.code}) · Kỳ kế hoạch: ${dmy(s.plan.period.start)} – ${dmy(s.plan.period.end)} · Số liệu đến ngày ${dmy(s.onDate)}`
      : `Area: ${s.area.name} (${s.area.code}) · Plan period: ${dmy(s.plan.period.start)} – ${dmy(s.plan.period.end)} · Figures as of ${dmy(s.onDate)}`,
  ]);
  sheet.addRow([]);
  const head = sheet.addRow(headers.map((h) => h[lang]));
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: "middle" };
  head.eachCell((c) => {
    c.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE7F0FA" } };
    c.border = { bottom: { style: "thin" } };
  });
  const first = head.number + 1;
  for (const c of s.children) {
    sheet.addRow([
      c.rank,
      c.name,
      c.code,
      c.progress?.target ?? null,
      c.achieved,
      ratio(c.progress?.percent),
      c.progress ? Math.round(c.progress.expectedToDate) : null,
      c.minimum?.target ?? null,
      c.milestone?.required ?? null,
      c.active,
      c.lapsed,
      c.amount,
      ratio(c.coverage.percent),
      c.progress ? statusNames[c.progress.status]![lang] : "",
    ]);
  }
  const totals = sheet.addRow([
    null,
    lang === "vi" ? "Tổng cộng" : "Total",
    s.area.code,
    s.plan.value,
    s.kpis.newEnrolments.achieved,
    ratio(s.kpis.newEnrolments.percent),
    s.kpis.expectedToDate === null ? null : Math.round(s.kpis.expectedToDate),
    s.children.some((c) => c.minimum) ? s.children.reduce((n, c) => n + (c.minimum?.target ?? 0), 0) : null,
    s.children.some((c) => c.milestone) ? s.children.reduce((n, c) => n + (c.milestone?.required ?? 0), 0) : null,
    s.kpis.active,
    s.kpis.lapsed,
    s.kpis.amount,
    ratio(s.kpis.healthCoverage.percent),
    s.kpis.newEnrolments.status ? statusNames[s.kpis.newEnrolments.status]![lang] : "",
  ]);
  totals.font = { bold: true };
  totals.eachCell((c) => (c.border = { top: { style: "thin" } }));
  headers.forEach((h, i) => {
    if (!h.fmt) return;
    for (let r = first; r <= totals.number; r++) sheet.getCell(r, i + 1).numFmt = h.fmt;
  });

  sheet.addRow([]);
  const f = s.funnel;
  const funnelHead = sheet.addRow([lang === "vi" ? "Kết quả tuyên truyền" : "Outreach funnel"]);
  funnelHead.font = { bold: true };
  const fr = (label: string, n: number, pct: number | null) => {
    const row = sheet.addRow([null, label, null, n, null, ratio(pct)]);
    row.getCell(4).numFmt = "#,##0";
    row.getCell(6).numFmt = "0.00%";
  };
  fr(lang === "vi" ? `Buổi tuyên truyền, sự kiện (${f.events})` : `Events (${f.events})`, f.events, null);
  fr(lang === "vi" ? "Lượt người tham dự" : "Attendances", f.attendances, null);
  fr(lang === "vi" ? "Đăng ký BHXH tự nguyện" : "Voluntary enrolments", f.voluntary.enrolments, f.voluntary.percent);
  fr(lang === "vi" ? "Đăng ký BHYT hộ gia đình" : "Household enrolments", f.household.enrolments, f.household.percent);
  const hc = s.kpis.healthCoverage;
  if (hc.goal) {
    sheet.addRow([]);
    const row = sheet.addRow([
      null,
      lang === "vi" ? `Mục tiêu bao phủ BHYT năm ${hc.goal.year} (${hc.goal.source})` : `Health coverage goal ${hc.goal.year} (${hc.goal.source})`,
      null,
      null,
      null,
      hc.goal.percent / 100,
    ]);
    row.getCell(6).numFmt = "0.00%";
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function errorReply(error: unknown, input: unknown) {
  const trpc = error instanceof TRPCError ? error : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error });
  const body = errorBody(trpc, input);
  const status = httpStatusOf(body.code);
  return { status, payload: { error: { message: readableMessage(body), data: { code: body.code, issues: body.issues, httpStatus: status } } } };
}

/** Registers GET /trpc/export/progress-report (a static route: it wins over the lists' /trpc/export/:list). */
export function registerProgressReport(app: FastifyInstance, contextOf: (req: FastifyRequest) => Promise<Context>): void {
  app.get<{ Querystring: { input?: string; lang?: string } }>("/trpc/export/progress-report", async (req, reply) => {
    const lang: Lang = req.query.lang === "en" ? "en" : "vi";
    let input: unknown;
    try {
      input = JSON.parse(typeof req.query.input === "string" ? req.query.input : "");
    } catch {
      input = undefined;
    }
    if (input === null || typeof input !== "object" || Array.isArray(input)) {
      const { status, payload } = errorReply(
        apiError("INPUT.INVALID", "Thiếu địa bàn, ngày hoặc loại hình", "Missing area, date or scheme", ["input"]),
        req.query.input,
      );
      return reply.code(status).send(payload);
    }
    const caller = createCaller(await contextOf(req));
    let summary: Summary;
    try {
      summary = await caller.dashboard.summary(input as Parameters<typeof caller.dashboard.summary>[0]);
    } catch (error) {
      const { status, payload } = errorReply(error, input);
      if (status >= 500) req.log.error({ err: error }, "progress report failed");
      return reply.code(status).send(payload);
    }
    const file = `${lang === "vi" ? "bao-cao-tien-do" : "progress-report"}-${summary.area.code}-${summary.onDate}.xlsx`;
    return reply
      .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
      .header("content-disposition", `attachment; filename="${file}"`)
      .header("cache-control", "no-store")
      .send(await progressWorkbook(summary, lang));
  });
}
