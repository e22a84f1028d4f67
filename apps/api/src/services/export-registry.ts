/**
 * XLSX exports of the registry's lists, as shown: GET /trpc/export/<list>?input=<the list's JSON
 * input>&lang=vi|en. The rows come from the list procedure itself (called with the session's
 * context, page after page), so the export is scoped, filtered, sorted and masked exactly as the
 * list on screen; the workbook is streamed (exceljs WorkbookWriter), never built whole in memory.
 * Under /trpc so the admin app's /api/trpc/* forwarder passes it; the session cookie
 * authenticates it, and, like every answer, it is sent with Cache-Control: no-store.
 */
import { PassThrough } from "node:stream";
import { TRPCError } from "@trpc/server";
import ExcelJS from "exceljs";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { appendAudit } from "@ansinh/db";
import { todayInVietnam } from "@ansinh/domain/dates";
import { apiError, errorBody, httpStatusOf, readableMessage } from "../errors.js";
import { appRouter } from "../router.js";
import { createCallerFactory, type Context } from "../trpc.js";

export type Lang = "vi" | "en";
type Kind = "text" | "date" | "money" | "number";
interface Column<R> {
  vi: string;
  en: string;
  kind: Kind;
  width: number;
  value: (row: R, lang: Lang) => string | number | null;
}

const schemeNames: Record<string, Record<Lang, string>> = {
  voluntary_social_insurance: { vi: "BHXH tự nguyện", en: "Voluntary social insurance" },
  household_health_insurance: { vi: "BHYT hộ gia đình", en: "Household health insurance" },
};
const statusNames: Record<string, Record<Lang, string>> = {
  active: { vi: "Đang tham gia", en: "Active" },
  due: { vi: "Đến hạn đóng", en: "Due" },
  lapsed: { vi: "Ngừng đóng", en: "Lapsed" },
  not_started: { vi: "Chưa bắt đầu", en: "Not started" },
};
const kindNames: Record<string, Record<Lang, string>> = {
  new: { vi: "Phát triển mới", en: "New" },
  renewal: { vi: "Đóng tiếp", en: "Renewal" },
  returning: { vi: "Tham gia lại", en: "Returning" },
};
const genderNames: Record<string, Record<Lang, string>> = { male: { vi: "Nam", en: "Male" }, female: { vi: "Nữ", en: "Female" } };
const label = (table: Record<string, Record<Lang, string>>, key: string | null | undefined, lang: Lang) => (key ? (table[key]?.[lang] ?? key) : null);

const createCaller = createCallerFactory(appRouter);
type Caller = ReturnType<typeof createCaller>;
type ParticipantRow = Awaited<ReturnType<Caller["participants"]["list"]>>["rows"][number];
type EnrolmentRow = Awaited<ReturnType<Caller["registry"]["enrolments"]>>["rows"][number];
type RenewalRow = Awaited<ReturnType<Caller["renewals"]["list"]>>["rows"][number];
type AgentListRow = Awaited<ReturnType<Caller["agents"]["list"]>>["rows"][number];

const participantColumns: Column<ParticipantRow>[] = [
  { vi: "Họ và tên", en: "Full name", kind: "text", width: 28, value: (r) => r.fullName },
  { vi: "Số định danh cá nhân", en: "Personal ID", kind: "text", width: 16, value: (r) => r.personalId },
  { vi: "Mã số BHXH", en: "Social-insurance number", kind: "text", width: 14, value: (r) => r.socialInsuranceNumber },
  { vi: "Ngày sinh", en: "Birth date", kind: "date", width: 12, value: (r) => r.birthDate },
  { vi: "Giới tính", en: "Gender", kind: "text", width: 8, value: (r, l) => label(genderNames, r.gender, l) },
  { vi: "Số điện thoại", en: "Phone", kind: "text", width: 13, value: (r) => r.phone },
  { vi: "Xã, phường", en: "Commune", kind: "text", width: 20, value: (r) => r.communeName ?? r.communeCode },
  { vi: "Mã hộ gia đình", en: "Household code", kind: "text", width: 16, value: (r) => r.householdCode },
  {
    vi: "Tình trạng",
    en: "Status",
    kind: "text",
    width: 40,
    value: (r, l) => r.statuses.map((s) => `${label(schemeNames, s.scheme, l)}: ${label(statusNames, s.status, l)}`).join("; ") || null,
  },
];

const enrolmentColumns: Column<EnrolmentRow>[] = [
  { vi: "Họ và tên", en: "Full name", kind: "text", width: 28, value: (r) => r.fullName },
  { vi: "Số định danh cá nhân", en: "Personal ID", kind: "text", width: 16, value: (r) => r.personalId },
  { vi: "Số điện thoại", en: "Phone", kind: "text", width: 13, value: (r) => r.phone },
  { vi: "Loại hình", en: "Scheme", kind: "text", width: 22, value: (r, l) => label(schemeNames, r.scheme, l) },
  { vi: "Phương án", en: "Case", kind: "text", width: 14, value: (r, l) => label(kindNames, r.kind, l) },
  { vi: "Từ ngày", en: "Start", kind: "date", width: 12, value: (r) => r.startDate },
  { vi: "Số tháng đóng", en: "Months", kind: "number", width: 8, value: (r) => r.months },
  { vi: "Mức thu nhập chọn đóng", en: "Chosen income", kind: "money", width: 14, value: (r) => r.monthlyIncome },
  { vi: "STT hộ", en: "Household rank", kind: "number", width: 8, value: (r) => r.householdRank },
  { vi: "Số tiền (đồng)", en: "Amount (VND)", kind: "money", width: 14, value: (r) => r.amount },
  { vi: "Ngày biên lai", en: "Receipt date", kind: "date", width: 12, value: (r) => r.receiptDate },
  { vi: "Số biên lai", en: "Receipt number", kind: "text", width: 14, value: (r) => r.receiptNumber },
  { vi: "Đến ngày", en: "Covered until", kind: "date", width: 12, value: (r) => r.coverTo },
  { vi: "Đại lý thu", en: "Agent", kind: "text", width: 24, value: (r) => r.agentName },
  { vi: "Nhân viên thu", en: "Collector", kind: "text", width: 20, value: (r) => r.collectorName },
  { vi: "Xã, phường", en: "Commune", kind: "text", width: 20, value: (r) => r.communeName ?? r.communeCode },
  { vi: "Tình trạng", en: "Status", kind: "text", width: 14, value: (r, l) => label(statusNames, r.status, l) },
];

const renewalColumns: Column<RenewalRow>[] = [
  { vi: "Họ và tên", en: "Full name", kind: "text", width: 28, value: (r) => r.fullName },
  { vi: "Số định danh cá nhân", en: "Personal ID", kind: "text", width: 16, value: (r) => r.personalId },
  { vi: "Ngày sinh", en: "Birth date", kind: "date", width: 12, value: (r) => r.birthDate },
  { vi: "Số điện thoại", en: "Phone", kind: "text", width: 13, value: (r) => r.phone },
  { vi: "Loại hình", en: "Scheme", kind: "text", width: 22, value: (r, l) => label(schemeNames, r.scheme, l) },
  { vi: "Tình trạng", en: "Status", kind: "text", width: 14, value: (r, l) => label(statusNames, r.status, l) },
  { vi: "Hạn đóng đến ngày", en: "Covered until", kind: "date", width: 12, value: (r) => r.coveredUntil },
  { vi: "Còn (ngày)", en: "Days left", kind: "number", width: 8, value: (r) => r.daysLeft },
  { vi: "Ngừng từ ngày", en: "Lapsed since", kind: "date", width: 12, value: (r) => r.since },
  { vi: "Số tiền lần trước (đồng)", en: "Last amount (VND)", kind: "money", width: 14, value: (r) => r.lastAmount },
  { vi: "Số tháng lần trước", en: "Last months", kind: "number", width: 8, value: (r) => r.lastMonths },
  { vi: "Đại lý thu", en: "Agent", kind: "text", width: 24, value: (r) => r.agentName },
  { vi: "Nhân viên thu", en: "Collector", kind: "text", width: 20, value: (r) => r.collectorName },
  { vi: "Xã, phường", en: "Commune", kind: "text", width: 20, value: (r) => r.communeName ?? r.communeCode },
];

const agentKindNames: Record<string, Record<Lang, string>> = {
  post_office: { vi: "Bưu điện", en: "Post office" },
  commune_agent: { vi: "Đại lý xã", en: "Commune agent" },
  partner: { vi: "Tổ chức đối tác", en: "Partner organisation" },
  online: { vi: "Trực tuyến", en: "Online" },
};

const agentColumns: Column<AgentListRow>[] = [
  { vi: "Đại lý thu", en: "Agent", kind: "text", width: 36, value: (r) => r.name },
  { vi: "Loại", en: "Kind", kind: "text", width: 18, value: (r, l) => label(agentKindNames, r.kind, l) },
  { vi: "Địa bàn", en: "Area", kind: "text", width: 24, value: (r) => r.areaName ?? r.areaCode },
  { vi: "Mã địa bàn", en: "Area code", kind: "text", width: 10, value: (r) => r.areaCode },
  { vi: "Số nhân viên thu", en: "Collectors", kind: "number", width: 10, value: (r) => r.collectors },
  { vi: "Đang hoạt động", en: "Active", kind: "text", width: 10, value: (r, l) => (r.active ? (l === "vi" ? "Có" : "Yes") : l === "vi" ? "Không" : "No") },
];

interface ListExport {
  file: Record<Lang, string>;
  sheet: Record<Lang, string>;
  columns: Column<never>[];
  page: (caller: Caller, input: Record<string, unknown>) => Promise<{ rows: unknown[]; total: number }>;
}

/** What may be exported: each list's procedure and columns. */
export const listExports: Record<string, ListExport> = {
  participants: {
    file: { vi: "nguoi-tham-gia", en: "participants" },
    sheet: { vi: "Người tham gia", en: "Participants" },
    columns: participantColumns as Column<never>[],
    page: (c, input) => c.participants.list(input as Parameters<Caller["participants"]["list"]>[0]),
  },
  enrolments: {
    file: { vi: "dang-ky-tham-gia", en: "enrolments" },
    sheet: { vi: "Đăng ký tham gia", en: "Enrolments" },
    columns: enrolmentColumns as Column<never>[],
    page: (c, input) => c.registry.enrolments(input as Parameters<Caller["registry"]["enrolments"]>[0]),
  },
  renewals: {
    file: { vi: "den-han-ngung-dong", en: "renewals" },
    sheet: { vi: "Đến hạn, ngừng đóng", en: "Renewals" },
    columns: renewalColumns as Column<never>[],
    page: (c, input) => c.renewals.list(input as Parameters<Caller["renewals"]["list"]>[0]),
  },
  agents: {
    file: { vi: "dai-ly-thu", en: "agents" },
    sheet: { vi: "Đại lý thu", en: "Agents" },
    columns: agentColumns as Column<never>[],
    page: (c, input) => c.agents.list(input as Parameters<Caller["agents"]["list"]>[0]),
  },
};

/** Rows in one export at most (pages of the list's largest size). */
export const EXPORT_MAX_ROWS = 100_000;
const PAGE = 200;

const excelDate = (iso: string) => new Date(`${iso}T00:00:00Z`);

function errorReply(error: unknown, input: unknown) {
  const trpc = error instanceof TRPCError ? error : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error });
  const body = errorBody(trpc, input);
  const status = httpStatusOf(body.code);
  return { status, payload: { error: { message: readableMessage(body), data: { code: body.code, issues: body.issues, httpStatus: status } } } };
}

/** Registers GET /trpc/export/:list; `contextOf` builds the same context as the tRPC routes. */
export function registerRegistryExports(app: FastifyInstance, contextOf: (req: FastifyRequest) => Promise<Context>): void {
  app.get<{ Params: { list: string }; Querystring: { input?: string; lang?: string } }>("/trpc/export/:list", async (req, reply) => {
    const spec = Object.hasOwn(listExports, req.params.list) ? listExports[req.params.list] : undefined;
    if (!spec) return reply.code(404).send({ code: "NOT_FOUND", message: "Không có đường dẫn này / Not found" });
    const lang: Lang = req.query.lang === "en" ? "en" : "vi";
    let input: Record<string, unknown> = {};
    if (typeof req.query.input === "string" && req.query.input !== "") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(req.query.input);
      } catch {
        parsed = undefined;
      }
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        const { status, payload } = errorReply(apiError("INPUT.INVALID", "Bộ lọc không hợp lệ", "Invalid filters", ["input"]), req.query.input);
        return reply.code(status).send(payload);
      }
      input = parsed as Record<string, unknown>;
    }
    // The export's own paging replaces the screen's.
    const { limit: _limit, offset: _offset, after: _after, ...filters } = input;
    const ctx = await contextOf(req);
    const caller = createCaller(ctx);
    let first: { rows: unknown[]; total: number; nextCursor?: string | null };
    try {
      first = await spec.page(caller, { ...filters, limit: PAGE, offset: 0 });
    } catch (error) {
      const { status, payload } = errorReply(error, input);
      if (status >= 500) req.log.error({ err: error }, "export failed");
      return reply.code(status).send(payload);
    }

    const out = new PassThrough();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    workbook.creator = "An Sinh";
    const sheet = workbook.addWorksheet(spec.sheet[lang], { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = spec.columns.map((c, i) => ({
      key: `c${i}`,
      header: c[lang],
      width: c.width,
      style: c.kind === "date" ? { numFmt: "dd/mm/yyyy" } : c.kind === "money" ? { numFmt: "#,##0" } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    const day = todayInVietnam();
    reply
      .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
      .header("content-disposition", `attachment; filename="${spec.file[lang]}-${day}.xlsx"`);

    // The export stops when the client goes away (no further page is read), and every
    // export of a list of people is audited: who, which list, the filters, the rows written.
    let gone = false;
    reply.raw.once("close", () => {
      if (!reply.raw.writableFinished) gone = true;
    });
    let written = 0;
    const audit = (complete: boolean) =>
      appendAudit(ctx.db, {
        actorId: ctx.user?.id ?? null,
        actorEmail: ctx.user?.email ?? null,
        action: "export",
        entity: "registry_list",
        entityId: String(req.params.list),
        before: null,
        after: { filters, lang, rows: written, complete },
        requestId: ctx.requestId,
      }).catch((err: unknown) => req.log.error({ err }, "export audit failed"));
    const write = async () => {
      // Keyset lists hand the next page's cursor: each page is one index range, however
      // deep; the others are paged by offset up to their total.
      const keyset = first.nextCursor !== undefined;
      const total = keyset ? EXPORT_MAX_ROWS : Math.min(first.total, EXPORT_MAX_ROWS);
      let page = first;
      for (let offset = 0; ;) {
        if (gone || out.destroyed) {
          await audit(false);
          out.destroy();
          return;
        }
        for (const row of page.rows) {
          const values = spec.columns.map((c) => {
            const v = c.value(row as never, lang);
            return v !== null && c.kind === "date" && typeof v === "string" ? excelDate(v) : v;
          });
          sheet.addRow(values).commit();
          written++;
        }
        offset += page.rows.length;
        if (page.rows.length < PAGE || offset >= total) break;
        if (keyset) {
          if (!page.nextCursor) break;
          page = await spec.page(caller, { ...filters, limit: Math.min(PAGE, total - offset), after: page.nextCursor });
        } else {
          page = await spec.page(caller, { ...filters, limit: Math.min(PAGE, total - offset), offset });
        }
      }
      sheet.commit();
      await workbook.commit();
      await audit(true);
    };
    write().catch((err: unknown) => {
      req.log.error({ err }, "export failed while streaming");
      out.destroy(err instanceof Error ? err : new Error(String(err)));
    });
    return reply.send(out);
  });
}
