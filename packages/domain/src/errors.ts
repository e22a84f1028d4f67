/**
 * Expected rule failures, as data. A `DomainError` has a stable, typed `code` (part of the public
 * contract; see the error catalogue in the README) and `issues`: one `{ path, vi, en }` per
 * problem, `path` naming the field of the input (`[]` for a problem with the input as a whole or
 * a rule that is not about one field). Show `issues` to people; switch on `code` in programs.
 *
 * This module has no runtime dependency (no zod), so importing it costs a few hundred bytes.
 */
import type { DomainErrorCode } from "./error-codes.js";

export type {
  AreasErrorCode,
  ContributionErrorCode,
  CoverageErrorCode,
  DatesErrorCode,
  DomainErrorCode,
  EligibilityErrorCode,
  EligibilityReasonCode,
  IdentityErrorCode,
  OutreachErrorCode,
  RatesErrorCode,
  RegistryCode,
  TargetsErrorCode,
} from "./error-codes.js";
export {
  areasErrorCodes,
  contributionErrorCodes,
  coverageErrorCodes,
  datesErrorCodes,
  domainErrorCodes,
  eligibilityErrorCodes,
  eligibilityReasonCodes,
  identityErrorCodes,
  outreachErrorCodes,
  ratesErrorCodes,
  registryCodes,
  targetsErrorCodes,
} from "./error-codes.js";

/** One problem: where in the input (`[]`: not one field), in Vietnamese and in English. */
export interface DomainIssue {
  path: (string | number)[];
  vi: string;
  en: string;
}

function pathLabel(path: readonly (string | number)[]): string {
  return path.length === 0 ? "" : `${path.map(String).join(".")}: `;
}

/**
 * `C` is the literal union of the codes (every code of this package by default); an application
 * may raise its own codes with the same type, e.g. `new DomainError<"USER.NOT_FOUND">(…)`.
 */
export class DomainError<C extends string = DomainErrorCode> extends Error {
  override readonly name = "DomainError";
  readonly code: C;
  /** At least one issue; the first is the one `messageVi` / `messageEn` describe first. */
  readonly issues: DomainIssue[];
  /** Machine-readable facts about the failure (the figures compared, the received value, …). */
  readonly details: Record<string, unknown>;

  /**
   * `new DomainError(code, issues, details?)`, or for a single problem not tied to one field,
   * `new DomainError(code, vi, en, details?)`.
   *
   * `message` is a readable bilingual summary for logs and terminals:
   * `"<all issues in Vietnamese> / <all issues in English>"`, each issue prefixed by its path.
   * It is not an interface: read `issues` (or `messageVi` / `messageEn`), never parse `message`.
   */
  constructor(code: C, issues: readonly DomainIssue[], details?: Record<string, unknown>);
  constructor(code: C, vi: string, en: string, details?: Record<string, unknown>);
  constructor(code: C, viOrIssues: string | readonly DomainIssue[], enOrDetails?: string | Record<string, unknown>, details?: Record<string, unknown>) {
    const issues: DomainIssue[] =
      typeof viOrIssues === "string"
        ? [{ path: [], vi: viOrIssues, en: String(enOrDetails) }]
        : viOrIssues.map((i) => ({ path: [...i.path], vi: i.vi, en: i.en }));
    if (issues.length === 0) issues.push({ path: [], vi: "Dữ liệu không hợp lệ", en: "Invalid input" });
    const vi = issues.map((i) => pathLabel(i.path) + i.vi).join("; ");
    const en = issues.map((i) => pathLabel(i.path) + i.en).join("; ");
    super(`${vi} / ${en}`);
    this.code = code;
    this.issues = issues;
    this.details = (typeof viOrIssues === "string" ? details : (enOrDetails as Record<string, unknown> | undefined)) ?? {};
  }

  /** Every issue in Vietnamese, each prefixed by its path, joined by "; ". */
  get messageVi(): string {
    return this.issues.map((i) => pathLabel(i.path) + i.vi).join("; ");
  }

  /** Every issue in English, each prefixed by its path, joined by "; ". */
  get messageEn(): string {
    return this.issues.map((i) => pathLabel(i.path) + i.en).join("; ");
  }

  /** A plain object (`{ name, code, issues, details }`) for JSON, logs and structured clones. */
  toJSON(): { name: "DomainError"; code: C; issues: DomainIssue[]; details: Record<string, unknown> } {
    return { name: "DomainError", code: this.code, issues: this.issues, details: this.details };
  }
}

/**
 * True for a `DomainError`, also one from another copy of this package (an ESM and a CommonJS
 * copy in one process, or two versions): checks the name, the code and the issues.
 */
export function isDomainError(e: unknown): e is DomainError {
  if (e instanceof DomainError) return true;
  if (typeof e !== "object" || e === null) return false;
  const x = e as { name?: unknown; code?: unknown; issues?: unknown };
  return x.name === "DomainError" && typeof x.code === "string" && Array.isArray(x.issues);
}

/** What the `safe…` functions return: the value, or the `DomainError` the function would have thrown. */
export type DomainResult<T, C extends string = DomainErrorCode> = { ok: true; value: T } | { ok: false; error: DomainError<C> };

/**
 * `f()` as a `DomainResult`: `{ ok: true, value }`, or `{ ok: false, error }` when it throws a
 * `DomainError` (also one from another copy of this package). Anything else is a bug, and is
 * thrown. `attempt(() => parsePersonalId(id))` is the non-throwing form of any function here.
 */
export function attempt<T, C extends string = DomainErrorCode>(f: () => T): DomainResult<T, C> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (isDomainError(e)) return { ok: false, error: e as unknown as DomainError<C> };
    throw e;
  }
}
