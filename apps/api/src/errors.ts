/**
 * One error type, one table. Every failure the API answers with is a `DomainError` (the domain's
 * own, or one the API raises with an API code below); the client receives
 * `{ code, issues: [{ path, vi, en }] }` in the tRPC error's `data`, and `httpStatusOf(code)` is
 * the only place that decides the HTTP status. `message` stays a readable bilingual string for
 * curl users; no client may parse it.
 */
import { TRPCError } from "@trpc/server";
import { DomainError, isDomainError, type DomainErrorCode, type DomainIssue } from "@ansinh/domain/errors";
import { defineMessage, issuesFromZod, type CatalogueEntry } from "@ansinh/domain/validation";

type TRPC_ERROR_CODE_KEY = TRPCError["code"];

/** Codes the API itself raises (the domain's are `DomainErrorCode`). */
export const apiErrorCodes = [
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "INPUT.INVALID",
  "TOO_MANY_REQUESTS",
  "INTERNAL",
  "USER.NOT_FOUND",
  "USER.EMAIL_TAKEN",
  "USER.CANNOT_DISABLE_SELF",
  "USER.UNKNOWN_AREA",
  "AGENT.NOT_FOUND",
  "AGENT.CONFLICT",
  "AGENT.NAME_TAKEN",
  "AGENT.UNKNOWN_AREA",
  "AGENT.NOT_A_COLLECTOR",
  "IMPORT.AGENT_NOT_FOUND",
  "IMPORT.NOT_FOUND",
  "IMPORT.FILE_NOT_FOUND",
  "IMPORT.FILE_EMPTY",
  "IMPORT.FILE_UNREADABLE",
  "IMPORT.MAPPING_INVALID",
  "IMPORT.TOO_LARGE",
  "IMPORT.CONFLICT",
  "IMPORT.FILE_BEYOND_LIMITS",
  "ENROLMENT.AGENT_UNKNOWN",
  "ENROLMENT.DUPLICATE_RECEIPT",
  "ENROLMENT.PARTICIPANT_MISMATCH",
  "ENROLMENT.RETURN_RATE_MISSING",
  "ENROLMENT.PERSON_OUT_OF_SCOPE",
  "ENROLMENT.HOUSEHOLD_OUT_OF_SCOPE",
  "ENROLMENT.START_MONTH_INVALID",
  "ENROLMENT.NOT_FOUND",
  "ENROLMENT.CONFLICT",
  "DUPLICATE_REVIEW.NOT_FOUND",
  "DUPLICATE_REVIEW.CONFLICT",
  "PARTICIPANT.NOT_FOUND",
  "TARGETS.NOT_FOUND",
  "TARGETS.CONFLICT",
  "TARGETS.DUPLICATE",
  "TARGETS.UNKNOWN_AREA",
  "TARGETS.NOT_ALLOCATABLE",
  "TARGETS.NO_MAPPING",
  "ENROLMENT.CAMPAIGN_UNKNOWN",
  "ENROLMENT.EVENT_UNKNOWN",
  "CAMPAIGN.NOT_FOUND",
  "CAMPAIGN.CONFLICT",
  "CAMPAIGN.UNKNOWN_AREA",
  "CAMPAIGN.IN_USE",
  "OUTREACH_EVENT.NOT_FOUND",
  "OUTREACH_EVENT.CONFLICT",
  "OUTREACH_EVENT.IN_USE",
  // The database or the server failing under a request (./faults.ts): 503, try again.
  "DATABASE.UNAVAILABLE",
  "DATABASE.DISK_FULL",
  "SERVER.BUSY",
  // A list's statement stopped by its timeout (./bounded-read.ts): 503, narrow the filters or retry.
  "DATABASE.QUERY_TIMEOUT",
] as const;
export type ApiErrorCode = (typeof apiErrorCodes)[number];
export type ErrorCode = DomainErrorCode | ApiErrorCode;

/** The API's own message keys for its input schemas (the domain's are in its catalogue). */
export const apiMessages: Readonly<Record<string, CatalogueEntry>> = {
  "user.email": defineMessage("Email không hợp lệ", "Invalid email"),
  "user.password": defineMessage("Mật khẩu dài từ 8 đến 128 ký tự", "A password has 8 to 128 characters", false),
  "user.phone": defineMessage("Số điện thoại không hợp lệ", "Invalid phone number"),
  "user.name": defineMessage("Thiếu họ tên", "The name is missing"),
  "user.roles": defineMessage("Cần từ một đến 20 vai trò", "One to 20 roles are needed", false),
  "user.id": defineMessage("Thiếu mã người dùng", "The user id is missing"),
  "agent.kind": defineMessage("Loại đại lý không hợp lệ", "Unknown kind of agent"),
  "agent.id": defineMessage("Mã đại lý không hợp lệ", "Invalid agent id"),
  "agent.version": defineMessage("Thiếu phiên bản của đại lý", "The agent's version is missing"),
  "agent.name": defineMessage("Thiếu tên đại lý", "The agent's name is missing"),
  "agent.period": defineMessage("Ngày kết thúc phải sau ngày bắt đầu", "The end date must not be before the start date"),
  "facility.province": defineMessage("Mã tỉnh có 2 chữ số", "A province code has 2 digits"),
  "text.type": defineMessage("Phải là chuỗi ký tự", "Must be text"),
  "text.max": defineMessage(
    (c) => `Tối đa ${String(c.issue.maximum ?? "")} ký tự`,
    (c) => `At most ${String(c.issue.maximum ?? "")} characters`,
    false,
  ),
  "text.empty": defineMessage("Chưa nhập gì để tìm", "Nothing to search for", false),
  "fundReturn.rate": defineMessage(
    "Lãi suất tháng là số thập phân từ 0 đến 0,02 (ví dụ 0,0045 là 0,45%/tháng)",
    "A monthly return is a decimal from 0 to 0.02 (0.0045 is 0.45% a month)",
    false,
  ),
  "fundReturn.source": defineMessage("Ghi nguồn công bố (văn bản, ngày)", "Give the published source (document, date)", false),
  "upload.hash": defineMessage("Mã tệp tải lên không hợp lệ", "Invalid upload reference"),
  "target.id": defineMessage("Mã chỉ tiêu không hợp lệ", "Invalid target id"),
  "target.version": defineMessage("Thiếu phiên bản của chỉ tiêu", "The target's version is missing"),
  "target.year": defineMessage("Năm từ 1990 đến 2100", "A year from 1990 to 2100"),
  "target.scheme": defineMessage("Chương trình không hợp lệ", "Unknown scheme"),
  "target.measure": defineMessage("Thước đo không hợp lệ", "Unknown measure"),
  "target.kind": defineMessage("Loại chỉ tiêu: kế hoạch giao, tối thiểu hoặc mốc tiến độ", "The kind: plan, minimum or milestone"),
  "target.value": defineMessage("Giá trị phải là số không âm", "The value must be a number, 0 or more"),
  "target.count": defineMessage("Phải là số nguyên không âm", "Must be a whole number, 0 or more"),
  "target.share": defineMessage("Tỷ lệ mốc từ 0 đến 1", "The milestone share lies between 0 and 1"),
  "target.countsKinds": defineMessage("Loại đăng ký được tính: new, renewal, returning", "Counted kinds: new, renewal, returning"),
  "target.basis": defineMessage("Cách phân bổ không hợp lệ", "Unknown allocation basis"),
  "target.split": defineMessage("Cách chia: communes, equal hoặc population", "Split: communes, equal or population"),
  "text.nul": defineMessage("Không được chứa ký tự NUL", "Must not contain the NUL character", false),
  "worklist.items": defineMessage("Chọn từ 1 đến 500 người", "Select 1 to 500 people", false),
  "worklist.period": defineMessage("Đến ngày phải sau từ ngày, trong vòng 2 năm", "The end must follow the start, within 2 years", false),
  "worklist.note": defineMessage("Ghi chú dài tối đa 500 ký tự", "A note has at most 500 characters", false),
  "worklist.promisedOn": defineMessage("Cần ngày hẹn đóng", "The promised date is needed", false),
  "worklist.promisedOnly": defineMessage("Ngày hẹn chỉ dùng với kết quả hẹn ngày đóng", "A promised date goes with the outcome 'promised a date' only", false),
  "list.after": defineMessage("Vị trí trang không hợp lệ, hãy tải lại danh sách", "Invalid page position: reload the list", false),
};

/** The one table from error codes to HTTP status. */
export function httpStatusOf(code: string): number {
  if (code === "UNAUTHORIZED") return 401;
  if (code === "FORBIDDEN" || code.endsWith(".FORBIDDEN")) return 403;
  if (code === "NOT_FOUND" || code.endsWith(".NOT_FOUND")) return 404;
  if (code === "USER.EMAIL_TAKEN" || code === "AGENT.NAME_TAKEN" || code.endsWith(".CONFLICT")) return 409;
  if (code === "TOO_MANY_REQUESTS") return 429;
  if (code === "IMPORT.TOO_LARGE") return 413;
  if (code === "INTERNAL") return 500;
  if (code === "DATABASE.UNAVAILABLE" || code === "DATABASE.DISK_FULL" || code === "SERVER.BUSY" || code === "DATABASE.QUERY_TIMEOUT") return 503;
  // Everything else is about the input: the domain's rule failures and malformed commands.
  return 400;
}

const trpcCodeOfStatus: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  429: "TOO_MANY_REQUESTS",
  500: "INTERNAL_SERVER_ERROR",
  503: "SERVICE_UNAVAILABLE",
};

/** The tRPC code that yields `httpStatusOf(code)`. */
export function trpcCodeOf(code: string): TRPC_ERROR_CODE_KEY {
  return trpcCodeOfStatus[httpStatusOf(code)] ?? "BAD_REQUEST";
}

/** A TRPCError carrying a DomainError with an API code: `throw apiError("USER.NOT_FOUND", vi, en)`. */
export function apiError(code: ErrorCode, vi: string, en: string, path: (string | number)[] = []): TRPCError {
  const cause = new DomainError<ErrorCode>(code, [{ path, vi, en }]);
  return new TRPCError({ code: trpcCodeOf(code), message: cause.message, cause });
}

/** Wording for errors raised without a DomainError (tRPC's own, a proxy, a crash): by tRPC code. */
const generic: Partial<Record<TRPC_ERROR_CODE_KEY, { code: ErrorCode; vi: string; en: string }>> = {
  UNAUTHORIZED: { code: "UNAUTHORIZED", vi: "Cần đăng nhập", en: "Please sign in" },
  FORBIDDEN: { code: "FORBIDDEN", vi: "Bạn không có quyền làm việc này", en: "You are not allowed to do this" },
  NOT_FOUND: { code: "NOT_FOUND", vi: "Không tìm thấy", en: "Not found" },
  TOO_MANY_REQUESTS: { code: "TOO_MANY_REQUESTS", vi: "Quá nhiều yêu cầu, vui lòng thử lại sau", en: "Too many requests, please try again later" },
  BAD_REQUEST: { code: "INPUT.INVALID", vi: "Yêu cầu không hợp lệ", en: "Invalid request" },
  PARSE_ERROR: { code: "INPUT.INVALID", vi: "Yêu cầu không đọc được", en: "The request could not be read" },
  METHOD_NOT_SUPPORTED: { code: "INPUT.INVALID", vi: "Phương thức không được hỗ trợ", en: "Method not supported" },
  PAYLOAD_TOO_LARGE: { code: "INPUT.INVALID", vi: "Yêu cầu quá lớn", en: "The request is too large" },
};
const internal = { code: "INTERNAL" as const, vi: "Lỗi hệ thống, vui lòng thử lại", en: "Internal error, please try again" };

export interface ErrorBody {
  code: string;
  issues: DomainIssue[];
}

/** A ZodError of zod or zod/mini (or any Standard Schema failure): issues with a code and a path. */
function isZodLike(e: unknown): e is { issues: unknown[] } {
  const issues = typeof e === "object" && e !== null ? (e as { issues?: unknown }).issues : undefined;
  return (
    Array.isArray(issues) && issues.length > 0 && issues.every((i) => typeof i === "object" && i !== null && Array.isArray((i as { path?: unknown }).path))
  );
}

/** `{ code, issues }` of any error a procedure ended with (`input`: the raw input, for "got …"). */
export function errorBody(error: TRPCError, input: unknown): ErrorBody {
  const cause = error.cause;
  if (isDomainError(cause)) return { code: cause.code, issues: cause.issues };
  if (isZodLike(cause)) return { code: "INPUT.INVALID", issues: issuesFromZod(cause, { input, catalogue: apiMessages }) };
  const g = error.code === "INTERNAL_SERVER_ERROR" ? internal : (generic[error.code] ?? internal);
  return { code: g.code, issues: [{ path: [], vi: g.vi, en: g.en }] };
}

/** The bilingual `message` for curl users: every issue in Vietnamese, then in English. */
export function readableMessage(body: ErrorBody): string {
  const label = (p: (string | number)[]) => (p.length ? `${p.join(".")}: ` : "");
  const vi = body.issues.map((i) => label(i.path) + i.vi).join("; ");
  const en = body.issues.map((i) => label(i.path) + i.en).join("; ");
  return `${vi} / ${en}`;
}
