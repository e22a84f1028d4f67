/**
 * Describing what a caller passed, and the error for an argument of the wrong kind: kept apart
 * from the message catalogue so that functions without a schema stay small.
 */
import type { DomainErrorCode } from "./error-codes.js";
import { DomainError } from "./errors.js";

function quote(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}…` : s);
}

/** "a string "3000000"", "undefined", "a Date", … in each language. */
export function describeValue(v: unknown): { vi: string; en: string } {
  if (v === undefined) return { vi: "không có giá trị (undefined)", en: "nothing (undefined)" };
  if (v === null) return { vi: "null", en: "null" };
  if (typeof v === "string") return { vi: `chuỗi ${quote(v)}`, en: `a string ${quote(v)}` };
  if (typeof v === "number") {
    if (Number.isNaN(v)) return { vi: "NaN", en: "NaN" };
    return { vi: `số ${String(v)}`, en: `the number ${String(v)}` };
  }
  if (typeof v === "bigint") return { vi: `bigint ${v}n`, en: `the bigint ${v}n` };
  if (typeof v === "boolean") return { vi: `giá trị ${v}`, en: `the boolean ${v}` };
  if (v instanceof Date) return { vi: "một đối tượng Date", en: "a Date object" };
  if (Array.isArray(v)) return { vi: `một danh sách (${v.length} phần tử)`, en: `a list of ${v.length}` };
  if (typeof v === "function") return { vi: "một hàm", en: "a function" };
  if (typeof v === "object") return { vi: "một đối tượng", en: "an object" };
  return { vi: typeof v, en: typeof v };
}

/**
 * A `DomainError(code)` for an argument of the wrong kind, naming what was expected and what was
 * received: `argumentError("AREAS.INVALID_INPUT", ["rows"], { vi: "một danh sách", en: "a list" }, rows)`.
 */
export function argumentError<C extends DomainErrorCode>(
  code: C,
  path: (string | number)[],
  expected: { vi: string; en: string },
  received: unknown,
): DomainError<C> {
  const got = describeValue(received);
  return new DomainError(code, [{ path, vi: `Cần ${expected.vi} (nhận được: ${got.vi})`, en: `Expected ${expected.en} (got ${got.en})` }]);
}
