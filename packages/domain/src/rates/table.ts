/**
 * A rates table checked once: every row, every field (unknown keys refused with the known key
 * they are closest to), then indexed by key and date. The check is cached by the table's
 * identity (a WeakMap), so passing the same table on every call costs a lookup and a comparison
 * of its rows, not a validation; a table whose rows were added, removed or replaced (or whose
 * row's key, date, value or source was reassigned) is checked again. Edit a table by building a
 * new array, or replace whole rows: a change inside a row's `value` object is not noticed.
 *
 * Internal (not a public subpath): `ratesIndexOf` and `ratesOnIndex` are the unchecked core
 * that other modules call once they have checked their input.
 */
import { argumentError, describeValue } from "../argument-error.js";
import { checkDate, checkWhole, report, unknownKeys, type Issues } from "../check.js";
import type { IsoDate } from "../dates.js";
import { DomainError } from "../errors.js";
import { baseMessages, closest, renderIssues } from "../messages.js";
import { isRecord, own } from "../own-data.js";
import { defaultRates } from "./default-rates.js";
import { rateMessages } from "./messages.js";
import { rateKeys, supportGroups, type RateKey, type RateProvenance, type RateRow, type Rates, type RatesTable, type RateValues } from "./types.js";

/** Most months of state support a table may cap at: 1,200 (100 years of months). */
export const MAX_SUPPORT_CAP_MONTHS = 1_200;
/** Most member factors a table may list. */
export const MAX_MEMBER_FACTORS = 1_000;

const catalogue = { ...baseMessages, ...rateMessages };
const rowKeys = ["key", "from", "value", "source", "unconfirmed", "note"];
const MAX = Number.MAX_SAFE_INTEGER;

type Where = (string | number)[];
type ValueCheck = (v: unknown, path: Where, out: Issues) => void;

const whole =
  (key: string, min: number, max: number): ValueCheck =>
  (v, path, out) =>
    void checkWhole(v, path, out, key, min, max);
const bp = whole("rates.bp", 0, 10_000);
const multiple = whole("rates.multiple", 1, MAX);
const positiveMoney = whole("rates.positiveMoney", 1, MAX);

function byGroup(v: unknown, path: Where, out: Issues, key: string, each: ValueCheck, all: boolean): void {
  if (!isRecord(v)) {
    report(out, "invalid_type", path, key, v);
    return;
  }
  for (const g of supportGroups) {
    const x = own(v, g);
    if (x !== undefined || all) each(x, [...path, g], out);
  }
  unknownKeys(v, supportGroups, path, out);
}

function localRule(v: unknown, path: Where, out: Issues): void {
  if (!isRecord(v) || Object.keys(v).length !== 1 || !(Object.keys(v)[0] === "amount" || Object.keys(v)[0] === "rateBp")) {
    if (isRecord(v) && Object.keys(v).length === 1) unknownKeys(v, ["amount", "rateBp"], path, out);
    else report(out, "invalid_type", path, "rates.localSupport", v);
    return;
  }
  if (Object.keys(v)[0] === "amount") checkWhole(v.amount, [...path, "amount"], out, "rates.money", 0, MAX);
  else bp(v.rateBp, [...path, "rateBp"], out);
}

/** The check of each key's `value`. */
const valueChecks: { [K in RateKey]: ValueCheck } = {
  baseSalary: positiveMoney,
  ruralPovertyLine: positiveMoney,
  voluntaryContributionRateBp: bp,
  incomeFloorMultiple: multiple,
  incomeCeilingMultiple: multiple,
  stateSupportBp: (v, path, out) => byGroup(v, path, out, "rates.stateSupport", bp, true),
  supportCapMonths: whole("rates.months", 0, MAX_SUPPORT_CAP_MONTHS),
  healthInsuranceRateBp: bp,
  healthMemberFactorsBp: (v, path, out) => {
    if (!Array.isArray(v) || v.length < 1 || v.length > MAX_MEMBER_FACTORS) {
      report(out, Array.isArray(v) ? "too_small" : "invalid_type", path, "rates.factors", v);
      return;
    }
    v.forEach((f, i) => checkWhole(f, [...path, i], out, "rates.bp", 1, 10_000));
  },
  localSupport: (v, path, out) => byGroup(v, path, out, "rates.localSupport", localRule, false),
};

/** The issues of one row, at paths `["rates", i, …]`. */
function rowIssues(row: unknown, i: number, out: Issues): void {
  const at = (...p: Where): Where => ["rates", i, ...p];
  if (!isRecord(row)) {
    report(out, "invalid_type", at(), "rates.row", row);
    return;
  }
  const key = own(row, "key");
  if (!rateKeys.includes(key as RateKey)) {
    const near = typeof key === "string" ? closest(key, rateKeys) : undefined;
    const got = describeValue(key);
    report(out, "custom", at("key"), "bilingual", key, {
      vi: `Loại thông số không có (nhận được: ${got.vi})${near ? `; có phải "${near}"?` : ""}`,
      en: `Unknown rate key (got ${got.en})${near ? `; did you mean "${near}"?` : ""}`,
    });
  }
  checkDate(own(row, "from"), at("from"), out);
  if (rateKeys.includes(key as RateKey)) valueChecks[key as RateKey](own(row, "value"), at("value"), out);
  const source = own(row, "source");
  if (typeof source !== "string" || source.trim() === "")
    report(out, typeof source === "string" ? "custom" : "invalid_type", at("source"), "rates.source", source);
  const unconfirmed = own(row, "unconfirmed");
  if (unconfirmed !== undefined && typeof unconfirmed !== "boolean") report(out, "invalid_type", at("unconfirmed"), "boolean", unconfirmed);
  const note = own(row, "note");
  if (note !== undefined && typeof note !== "string") report(out, "invalid_type", at("note"), "rates.note", note);
  unknownKeys(row, rowKeys, at(), out);
}

/** "rates[37] ("localSupport" from 2025-07-01)": which row an issue is about, in each language. */
function rowLabel(row: unknown, i: number): { vi: string; en: string } {
  const key = isRecord(row) && typeof own(row, "key") === "string" ? `"${String(own(row, "key"))}"` : "";
  const from = isRecord(row) && typeof own(row, "from") === "string" ? String(own(row, "from")) : "";
  const vi = [key, from && `từ ${from}`].filter(Boolean).join(" ");
  const en = [key, from && `from ${from}`].filter(Boolean).join(" ");
  return { vi: `rates[${i}]${vi ? ` (${vi})` : ""}`, en: `rates[${i}]${en ? ` (${en})` : ""}` };
}

/** The rows of each key, in force order: by `from`, and on equal dates in table order. */
export interface RatesIndex {
  readonly table: RatesTable;
  readonly byKey: { readonly [K in RateKey]: readonly Extract<RateRow, { key: K }>[] };
  /** The figures on each date asked, built once (frozen; see `ratesOnIndex`). */
  readonly memo: Map<string, Rates>;
}

interface Cached {
  /** Each row and the fields read from it, to notice a row replaced or reassigned. */
  snapshot: unknown[];
  /** The table and everything in it is frozen: nothing can have changed. */
  frozen: boolean;
  index: RatesIndex;
}

const cache = new WeakMap<readonly unknown[], Cached>();

function snapshotOf(table: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const row of table) {
    out.push(row);
    if (isRecord(row)) out.push(row.key, row.from, row.value, row.source, row.unconfirmed, row.note);
  }
  return out;
}

/** Whether `table` still holds what `snapshotOf` saw (no allocation: this runs on every call). */
function unchanged(snapshot: readonly unknown[], table: readonly unknown[]): boolean {
  let k = 0;
  for (const row of table) {
    if (snapshot[k++] !== row) return false;
    if (isRecord(row)) {
      if (
        snapshot[k++] !== row.key ||
        snapshot[k++] !== row.from ||
        snapshot[k++] !== row.value ||
        snapshot[k++] !== row.source ||
        snapshot[k++] !== row.unconfirmed ||
        snapshot[k++] !== row.note
      )
        return false;
    }
  }
  return k === snapshot.length;
}

function deepFrozen(v: unknown): boolean {
  if (typeof v !== "object" || v === null) return true;
  if (!Object.isFrozen(v)) return false;
  for (const x of Object.values(v)) if (!deepFrozen(x)) return false;
  return true;
}

/**
 * The checked, indexed table (the national `defaultRates` when none is given). Throws
 * `RATES.INVALID_ROW` naming every malformed row and field (`path: ["rates", i, field, …]`).
 * Checked once per table (see the module's comment).
 */
export function ratesIndexOf(table: unknown = defaultRates): RatesIndex {
  if (!Array.isArray(table)) {
    throw argumentError("RATES.INVALID_ROW", ["rates"], { vi: "một bảng thông số (danh sách dòng)", en: "a rates table (a list of rows)" }, table);
  }
  const hit = cache.get(table);
  if (hit !== undefined && (hit.frozen || unchanged(hit.snapshot, table))) return hit.index;

  const issues: Issues = [];
  table.forEach((row: unknown, i) => rowIssues(row, i, issues));
  if (issues.length > 0) {
    const rendered = renderIssues(issues, { input: { rates: table }, catalogue });
    throw new DomainError(
      "RATES.INVALID_ROW",
      rendered.map((issue) => {
        const i = issue.path[1] as number;
        const label = rowLabel(table[i], i);
        const field = issue.path.slice(2).join(".");
        return { path: issue.path, vi: `${label.vi}${field ? ` ${field}` : ""}: ${issue.vi}`, en: `${label.en}${field ? ` ${field}` : ""}: ${issue.en}` };
      }),
      { rows: [...new Set(issues.map((i) => i.path[1]))] },
    );
  }
  const byKey = Object.fromEntries(rateKeys.map((k) => [k, [] as RateRow[]])) as Record<RateKey, RateRow[]>;
  for (const row of table as RateRow[]) byKey[row.key].push(row);
  // Array.prototype.sort is stable: on equal dates the later row of the table comes later, and wins.
  for (const k of rateKeys) byKey[k].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const index: RatesIndex = { table: table as RatesTable, byKey: byKey as RatesIndex["byKey"], memo: new Map() };
  cache.set(table, { snapshot: snapshotOf(table), frozen: deepFrozen(table), index });
  return index;
}

/** The row of `key` in force on `date` (latest `from` ≤ date; on a tie the later row), or undefined. */
export function rowOnIndex<K extends RateKey>(index: RatesIndex, key: K, date: IsoDate): Extract<RateRow, { key: K }> | undefined {
  const rows = index.byKey[key];
  for (let i = rows.length - 1; i >= 0; i--) if (rows[i]!.from <= date) return rows[i] as Extract<RateRow, { key: K }>;
  return undefined;
}

/** The figures in force on `date`, as a new object (the caller may change it). Unchecked `date`. */
export function buildRates(index: RatesIndex, date: IsoDate): Rates {
  const values: Partial<RateValues> = {};
  const provenance: Partial<Record<RateKey, RateProvenance>> = {};
  const unconfirmed: RateKey[] = [];
  for (const key of rateKeys) {
    const row = rowOnIndex(index, key, date);
    if (row === undefined) {
      if (key === "localSupport") continue;
      throw new DomainError(
        "RATES.NOT_IN_FORCE",
        `Bảng thông số không có "${key}" có hiệu lực ngày ${date}`,
        `The rates table has no "${key}" in force on ${date}`,
        { key, date },
      );
    }
    (values as Record<string, unknown>)[key] = row.value;
    provenance[key] = {
      key,
      from: row.from,
      source: row.source,
      unconfirmed: row.unconfirmed === true,
      ...(row.note === undefined ? {} : { note: row.note }),
    };
    if (row.unconfirmed === true) unconfirmed.push(key);
  }
  const v = values as RateValues;
  return {
    date,
    baseSalary: v.baseSalary,
    ruralPovertyLine: v.ruralPovertyLine,
    voluntaryContributionRateBp: v.voluntaryContributionRateBp,
    incomeFloorMultiple: v.incomeFloorMultiple,
    incomeCeilingMultiple: v.incomeCeilingMultiple,
    incomeFloor: v.incomeFloorMultiple * v.ruralPovertyLine,
    incomeCeiling: v.incomeCeilingMultiple * v.baseSalary,
    stateSupportBp: { ...v.stateSupportBp },
    supportCapMonths: v.supportCapMonths,
    healthInsuranceRateBp: v.healthInsuranceRateBp,
    healthMemberFactorsBp: [...v.healthMemberFactorsBp],
    localSupport: { ...(v.localSupport ?? {}) },
    provenance,
    unconfirmed,
  };
}

const MEMO_LIMIT = 4_096;

/**
 * The figures in force on `date`, memoised per table and date: the same frozen object for the
 * same (table, date). For internal callers that have checked `date` and only read the result;
 * `ratesOn` gives each caller its own copy. Throws `RATES.NOT_IN_FORCE`.
 */
export function ratesOnIndex(index: RatesIndex, date: IsoDate): Rates {
  let r = index.memo.get(date);
  if (r === undefined) {
    r = buildRates(index, date);
    for (const o of [r.stateSupportBp, r.healthMemberFactorsBp, r.localSupport, r.unconfirmed, ...Object.values(r.provenance), r.provenance, r])
      Object.freeze(o);
    if (index.memo.size >= MEMO_LIMIT) index.memo.clear();
    index.memo.set(date, r);
  }
  return r;
}
