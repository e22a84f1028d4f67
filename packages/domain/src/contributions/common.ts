import { isIsoDate, type IsoDate } from "../dates.js";
import { DomainError } from "../errors.js";

/** One step of an explanation an admin can show a citizen: the figures and the rule they came from. */
export interface ExplanationStep {
  /** Stable id of the step (`gross`, `state-support`, …), for UIs that style or pick steps. */
  id: string;
  vi: string;
  en: string;
  /** The legal source of the rule or figure used in this step. */
  source: string;
  /** The amount this step produces, in VND, when it produces one. */
  amount?: number;
}

/** Amounts of one month, or totals, in VND. `net = gross − state − local`, never below 0. */
export interface MoneyLine {
  gross: number;
  state: number;
  local: number;
  net: number;
}

export function assertDate(value: unknown, field: string): asserts value is IsoDate {
  if (!isIsoDate(value)) {
    throw new DomainError(
      "CONTRIBUTION.INVALID_DATE",
      `${field}: ngày không hợp lệ "${String(value)}" (cần dạng YYYY-MM-DD)`,
      `${field}: invalid date "${String(value)}" (expected YYYY-MM-DD)`,
      { field, value },
    );
  }
}

/** 2025-07-01 → "01/07/2025" (the Vietnamese way). */
export function viDate(d: IsoDate): string {
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
}
