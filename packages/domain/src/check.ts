/**
 * Small checks that report problems as zod does (issues with a code, a path, a message key and
 * the value received), without zod: the functions on the hot paths and in small bundles
 * (contributions, rates, identity, areas) check their input with these, and render the issues
 * with `renderIssues` and their module's messages. Their zod schemas (for tRPC and forms) say the
 * same; a property test keeps each pair in step.
 */
import { isIsoDate, type IsoDate } from "./dates.js";
import type { IssueLike } from "./messages.js";

export type Issues = IssueLike[];
type Where = PropertyKey[];

/** One issue: `code` as zod names them (`invalid_type` for a value of the wrong kind, so a missing one reads "required"). */
export function report(out: Issues, code: string, path: Where, message: string, input: unknown, params?: Record<string, unknown>): false {
  out.push(params === undefined ? { code, path, message, input } : { code, path, message, input, params });
  return false;
}

/** The own keys of `o` that are not `known`: one `unrecognized_keys` issue, as zod reports it (after the fields). */
export function unknownKeys(o: object, known: readonly string[], path: Where, out: Issues): void {
  const keys = Object.keys(o).filter((k) => !known.includes(k));
  if (keys.length > 0) out.push({ code: "unrecognized_keys", path, message: "", keys, known });
}

/** An ISO date `YYYY-MM-DD` naming a real day from 1900 on (message `date`). */
export function checkDate(v: unknown, path: Where, out: Issues): v is IsoDate {
  return isIsoDate(v) || report(out, typeof v === "string" ? "custom" : "invalid_type", path, "date", v);
}

/** A whole number in [min, max] (one issue, message `key`, whatever is wrong). */
export function checkWhole(v: unknown, path: Where, out: Issues, key: string, min: number, max: number): v is number {
  if (typeof v !== "number") return report(out, "invalid_type", path, key, v);
  return (Number.isInteger(v) && v >= min && v <= max) || report(out, "custom", path, key, v);
}

/**
 * A whole number of đồng, at least `min` (message `key`). A whole number beyond the safe-integer
 * range is reported apart (message `amount.tooLarge`, `params.code` = `tooLarge`): it is not a
 * typing mistake of the same kind, and no amount past it is computed exactly.
 */
export function checkMoney(v: unknown, path: Where, out: Issues, key: string, min: number, tooLarge: string): v is number {
  if (typeof v !== "number") return report(out, "invalid_type", path, key, v);
  if (Number.isInteger(v) && !Number.isSafeInteger(v)) return report(out, "custom", path, "amount.tooLarge", v, { code: tooLarge });
  return (Number.isInteger(v) && v >= min) || report(out, "custom", path, key, v);
}

/** One of `values` (message `key`). */
export function checkOneOf<T>(v: unknown, values: readonly T[], path: Where, out: Issues, key: string): v is T {
  return values.includes(v as T) || report(out, "invalid_value", path, key, v);
}

/** A boolean (message `boolean`). */
export function checkBoolean(v: unknown, path: Where, out: Issues): v is boolean {
  return typeof v === "boolean" || report(out, "invalid_type", path, "boolean", v);
}
