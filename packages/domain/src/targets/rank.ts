import { argumentError } from "../argument-error.js";

export type NumericKeys<T> = { [K in keyof T]: T[K] extends number | null | undefined ? K : never }[keyof T];

export interface RankOptions {
  /** `"desc"` (default): the highest value ranks 1; `"asc"`: the lowest does. */
  order?: "desc" | "asc";
  /**
   * `"competition"` (default, 1-2-2-4): tied areas share a rank and the next rank skips;
   * `"dense"` (1-2-2-3): no gaps.
   */
  method?: "competition" | "dense";
}

export interface Ranked<T> {
  item: T;
  /** The value ranked on; null when unknown (null, undefined or NaN). */
  value: number | null;
  /** 1-based; null for unknown values, which come last. */
  rank: number | null;
}

/**
 * Ranks areas (or anything) by a numeric field or a function. Equal values share a rank; unknown
 * values (e.g. coverage without a population) are not ranked and come last. Ties keep the input
 * order. Compare ratios computed from integers (they tie exactly), or round first.
 */
export function rankAreas<T>(list: readonly T[], by: NumericKeys<T> | ((item: T) => number | null | undefined), options: RankOptions = {}): Ranked<T>[] {
  if (!Array.isArray(list)) throw argumentError("TARGETS.INVALID_INPUT", ["list"], { vi: "một danh sách", en: "a list" }, list);
  if (typeof by !== "function" && typeof by !== "string") {
    throw argumentError("TARGETS.INVALID_INPUT", ["by"], { vi: "tên một trường số hoặc một hàm", en: "the name of a numeric field, or a function" }, by);
  }
  const { order = "desc", method = "competition" } = options ?? {};
  const valueOf =
    typeof by === "function" ? (by as (item: T) => number | null | undefined) : (item: T) => item[by as keyof T] as unknown as number | null | undefined;
  const rows = list.map((item, index) => {
    const v = valueOf(item);
    return { item, index, value: typeof v === "number" && !Number.isNaN(v) ? v : null };
  });
  const sign = order === "desc" ? -1 : 1;
  rows.sort((a, b) => {
    if (a.value === null || b.value === null) {
      return a.value === null && b.value === null ? a.index - b.index : a.value === null ? 1 : -1;
    }
    return a.value === b.value ? a.index - b.index : sign * (a.value < b.value ? -1 : 1);
  });
  const out: Ranked<T>[] = [];
  let rank = 0;
  let distinct = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (r.value === null) {
      out.push({ item: r.item, value: null, rank: null });
      continue;
    }
    if (i === 0 || rows[i - 1]!.value !== r.value) {
      distinct++;
      rank = method === "dense" ? distinct : i + 1;
    }
    out.push({ item: r.item, value: r.value, rank });
  }
  return out;
}
