/**
 * What users see when the database fails under them, and the bound on every request.
 *
 * - The database unreachable (restarting, down, the network cut, too many connections): 503
 *   `DATABASE.UNAVAILABLE`, "try again in a few minutes"; the API itself keeps running and the
 *   next request after the database is back works (postgres.js opens new connections by itself).
 * - The database's disk full: 503 `DATABASE.DISK_FULL`, "nothing was saved, tell the
 *   administrator" (PostgreSQL rolls the statement's transaction back).
 * - A request not finished within REQUEST_TIMEOUT_MS (the pool exhausted, a lock, a slow query):
 *   503 `SERVER.BUSY`. A transaction of that request that had not reached its commit when the
 *   time ran out is rolled back (the commit gate below), so "not saved" is true; one that had is
 *   reported as "may have been saved".
 *
 * All three are `{ code, issues: [{ path: [], vi, en }] }` like every other error (./errors.ts).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { TRPCError } from "@trpc/server";
import { DomainError } from "@ansinh/domain/errors";
import type { ErrorCode } from "./errors.js";

export type Fault = "unavailable" | "disk_full";

/** postgres.js and Node's codes for a connection that could not be made or was lost. */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

/** PostgreSQL's SQLSTATEs for a server that is going away, starting, or full. */
function faultOfSqlState(code: string): Fault | null {
  if (code.startsWith("08")) return "unavailable"; // connection exception
  if (code === "57P01" || code === "57P02" || code === "57P03" || code === "53300") return "unavailable"; // shutdown, crash, starting, too many connections
  if (code === "53100") return "disk_full";
  return null;
}

/** The database fault behind an error (walking its causes), or null for anything else. */
export function databaseFault(e: unknown, depth = 0): Fault | null {
  if (depth > 6 || e === null || typeof e !== "object") return null;
  const err = e as { code?: unknown; errno?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof err.code === "string") {
    if (CONNECTION_CODES.has(err.code)) return "unavailable";
    if (/^[0-9A-Z]{5}$/.test(err.code)) {
      const f = faultOfSqlState(err.code);
      if (f) return f;
    }
  }
  if (typeof err.message === "string" && /No space left on device/i.test(err.message)) return "disk_full";
  // An AggregateError of several connection attempts (IPv4 and IPv6).
  if (Array.isArray(err.errors)) for (const inner of err.errors) if (databaseFault(inner, depth + 1)) return databaseFault(inner, depth + 1);
  return databaseFault(err.cause, depth + 1);
}

const messages = {
  "DATABASE.UNAVAILABLE": {
    vi: "Cơ sở dữ liệu tạm thời không truy cập được; thao tác này có thể chưa được lưu. Vui lòng thử lại sau ít phút",
    en: "The database cannot be reached for the moment; this action may not have been saved. Please try again in a few minutes",
  },
  "DATABASE.DISK_FULL": {
    vi: "Cơ sở dữ liệu đã hết dung lượng đĩa; thao tác này không được lưu. Hãy báo quản trị hệ thống",
    en: "The database's disk is full; this action was not saved. Please tell the system administrator",
  },
} as const;

export function faultError(fault: Fault, cause?: unknown): TRPCError {
  const code: ErrorCode = fault === "disk_full" ? "DATABASE.DISK_FULL" : "DATABASE.UNAVAILABLE";
  const domain = new DomainError<ErrorCode>(code, [{ path: [], ...messages[code] }]);
  if (cause !== undefined) (domain as { cause?: unknown }).cause = cause;
  return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: domain.message, cause: domain });
}

/** The `{ code, issues }` body of a fault, for routes outside tRPC. */
export function faultBody(
  fault: Fault | "busy",
  seconds = 0,
  saved: "no" | "maybe" = "no",
): { code: ErrorCode; issues: { path: []; vi: string; en: string }[] } {
  if (fault === "busy") return { code: "SERVER.BUSY", issues: [{ path: [], ...busyMessage(seconds, saved) }] };
  const code: ErrorCode = fault === "disk_full" ? "DATABASE.DISK_FULL" : "DATABASE.UNAVAILABLE";
  return { code, issues: [{ path: [], ...messages[code] }] };
}

function busyMessage(seconds: number, saved: "no" | "maybe"): { vi: string; en: string } {
  return saved === "no"
    ? {
        vi: `Máy chủ đang quá tải, yêu cầu không xong trong ${seconds} giây; thao tác này không được lưu. Vui lòng thử lại`,
        en: `The server is overloaded and could not finish the request within ${seconds} s; this action was not saved. Please try again`,
      }
    : {
        vi: `Máy chủ đang quá tải, yêu cầu không xong trong ${seconds} giây; thao tác này có thể đã được lưu, hãy kiểm tra trước khi nhập lại`,
        en: `The server is overloaded and could not finish the request within ${seconds} s; this action may have been saved, check before entering it again`,
      };
}

export function busyError(seconds: number, saved: "no" | "maybe"): TRPCError {
  const domain = new DomainError<ErrorCode>("SERVER.BUSY", [{ path: [], ...busyMessage(seconds, saved) }]);
  return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: domain.message, cause: domain });
}

/** A statement cancelled (SQLSTATE 57014: a statement timeout, or a cancel request), walking causes. */
export function statementCancelled(e: unknown, depth = 0): boolean {
  if (depth > 6 || e === null || typeof e !== "object") return false;
  const err = e as { code?: unknown; cause?: unknown };
  if (err.code === "57014") return true;
  return statementCancelled(err.cause, depth + 1);
}

/**
 * 503 `DATABASE.QUERY_TIMEOUT`: a statement ran past its bound (a list's, ./bounded-read.ts) and
 * was stopped by the database; its transaction rolled back, so nothing was saved.
 */
export function queryTimeoutError(timeoutMs: number | null, cause?: unknown): TRPCError {
  const s = timeoutMs === null ? null : Math.max(1, Math.round(timeoutMs / 1000));
  const domain = new DomainError<ErrorCode>("DATABASE.QUERY_TIMEOUT", [
    {
      path: [],
      vi: `Truy vấn chạy quá ${s === null ? "lâu" : `${s} giây`} nên đã bị dừng; không có gì được lưu. Hãy thu hẹp bộ lọc (khu vực, đại lý, thời gian) rồi thử lại`,
      en: `The query ran ${s === null ? "too long" : `over ${s} s`} and was stopped; nothing was saved. Narrow the filters (area, agent, period) and try again`,
    },
  ]);
  if (cause !== undefined) (domain as { cause?: unknown }).cause = cause;
  return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: domain.message, cause: domain });
}

// ---------------------------------------------------------------- the request's deadline

/** One procedure call's race against its request's deadline (see the commit gate). */
export interface Deadline {
  expired: boolean;
  /** Transactions between their gate and the end of their COMMIT. */
  committing: number;
  /** A transaction of this call committed. */
  committed: boolean;
}

const deadlines = new AsyncLocalStorage<Deadline>();

/** Thrown inside a transaction whose request has already been answered "busy": it rolls back. */
export class RequestExpired extends Error {
  override readonly name = "RequestExpired";
}

/**
 * Called by the database layer at the end of a transaction's work, before its COMMIT (see
 * `createDb({ commitGate })`): a transaction whose request was already answered "busy" is rolled
 * back; otherwise the answer waits for the commit. Returns what to call once the commit is done.
 */
export function commitGate(): ((ok: boolean) => void) | null {
  const d = deadlines.getStore();
  if (!d) return null;
  if (d.expired) throw new RequestExpired("the request's time ran out before its commit: rolled back");
  d.committing++;
  return (ok) => {
    d.committing--;
    if (ok) d.committed = true;
  };
}

/**
 * Runs one procedure call against the deadline: its own result when it comes in time, else a
 * 503 `SERVER.BUSY` at the deadline (later by at most `graceMs` while a COMMIT is under way).
 */
export async function withinDeadline<T>(deadlineAt: number, timeoutMs: number, run: () => Promise<T>, graceMs = 5000): Promise<T> {
  const d: Deadline = { expired: false, committing: 0, committed: false };
  const work = deadlines.run(d, run);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    const hardStop = deadlineAt + graceMs;
    const check = () => {
      if (d.committing > 0 && Date.now() < hardStop) {
        timer = setTimeout(check, 25);
        return;
      }
      const saved = d.committed || d.committing > 0 ? "maybe" : "no";
      d.expired = true;
      reject(busyError(Math.round(timeoutMs / 1000), saved));
    };
    timer = setTimeout(check, Math.max(0, deadlineAt - Date.now()));
  });
  // The abandoned call goes on (its rejection is not unhandled); its transaction cannot commit.
  work.catch(() => {});
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Races any promise against the deadline (the session lookup before a procedure). */
export async function raceDeadline<T>(deadlineAt: number, timeoutMs: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  p.catch(() => {});
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(busyError(Math.round(timeoutMs / 1000), "no")), Math.max(0, deadlineAt - Date.now()));
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
