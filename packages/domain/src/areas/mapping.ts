import * as z from "zod/mini";
import { argumentError } from "../argument-error.js";
import { compareStrings, exactWeights, largestRemainder } from "../arithmetic.js";
import { DomainError } from "../errors.js";
import { parseOrThrow } from "../validation.js";
import { areaCodeSchema } from "./schemas.js";

/**
 * One link of the old→new unit mapping (many-to-many): the old unit, or part of it, went into the
 * new unit. For the 2025 reform `oldCode` is the pre-2025 commune code (or the district code for
 * the five districts that had no communes) and `newCode` the 2025 commune code.
 */
export interface AreaMappingRow {
  oldCode: string;
  newCode: string;
}

export const areaMappingRowSchema = z.object({
  oldCode: areaCodeSchema,
  newCode: areaCodeSchema,
});

/** The mapping indexed both ways; build it once with `buildAreaMapping` and reuse it. */
export interface AreaMapping {
  /** old code → new codes, sorted, without duplicates. */
  successors: ReadonlyMap<string, readonly string[]>;
  /** new code → old codes, sorted, without duplicates. */
  predecessors: ReadonlyMap<string, readonly string[]>;
}

export function buildAreaMapping(rows: readonly AreaMappingRow[]): AreaMapping {
  if (!Array.isArray(rows))
    throw argumentError("AREAS.INVALID_INPUT", ["rows"], { vi: "một danh sách { oldCode, newCode }", en: "a list of { oldCode, newCode }" }, rows);
  const successors = new Map<string, string[]>();
  const predecessors = new Map<string, string[]>();
  for (const r of rows) {
    if (typeof r !== "object" || r === null || !r.oldCode || !r.newCode) {
      throw new DomainError("AREAS.MAPPING_INVALID", "Dòng ánh xạ thiếu mã đơn vị cũ hoặc mới", "A mapping row lacks the old or the new unit code", { row: r });
    }
    let s = successors.get(r.oldCode);
    if (!s) successors.set(r.oldCode, (s = []));
    if (!s.includes(r.newCode)) s.push(r.newCode);
    let p = predecessors.get(r.newCode);
    if (!p) predecessors.set(r.newCode, (p = []));
    if (!p.includes(r.oldCode)) p.push(r.oldCode);
  }
  for (const list of successors.values()) list.sort(compareStrings);
  for (const list of predecessors.values()) list.sort(compareStrings);
  return { successors, predecessors };
}

export type MappingLike = AreaMapping | readonly AreaMappingRow[];

function indexed(mapping: MappingLike): AreaMapping {
  if (!Array.isArray(mapping) && !(typeof mapping === "object" && mapping !== null && (mapping as AreaMapping).successors instanceof Map)) {
    throw argumentError(
      "AREAS.INVALID_INPUT",
      ["mapping"],
      { vi: "một ánh xạ của buildAreaMapping hoặc danh sách dòng", en: "a mapping from buildAreaMapping, or its rows" },
      mapping,
    );
  }
  return Array.isArray(mapping) ? buildAreaMapping(mapping as readonly AreaMappingRow[]) : (mapping as AreaMapping);
}

/** The new units an old unit went into (sorted; empty when the code is not in the mapping). */
export function successorsOf(code: string, mapping: MappingLike): string[] {
  return [...(indexed(mapping).successors.get(code) ?? [])];
}

/** The old units a new unit was formed from (sorted; empty when the code is not in the mapping). */
export function predecessorsOf(code: string, mapping: MappingLike): string[] {
  return [...(indexed(mapping).predecessors.get(code) ?? [])];
}

export type Lookup<V> = ReadonlyMap<string, V> | Readonly<Record<string, V>>;

function getter<V>(source: Lookup<V>): (code: string) => V | undefined {
  if (source instanceof Map) return (code) => source.get(code);
  const rec = source as Readonly<Record<string, V>>;
  return (code) => (Object.prototype.hasOwnProperty.call(rec, code) ? rec[code] : undefined);
}

function entriesOf<V>(source: Lookup<V>): Iterable<[string, V]> {
  return source instanceof Map ? source.entries() : Object.entries(source as Record<string, V>);
}

/**
 * How a figure of a unit that was split (one source, several receiving units) is shared out. The
 * mapping carries no area or population shares, so the rule must be stated:
 * - `"equal"`: equal parts;
 * - `{ by: "population", population }`: in proportion to the population of the receiving units
 *   (new units going forward, old units going back), an approximation since the population of
 *   each piece is not known;
 * - `{ by: "weights", weights }`: given weights per link, `weights[source][receiver]`.
 */
export type SplitRule = "equal" | { by: "population"; population: Lookup<number> } | { by: "weights"; weights: Lookup<Lookup<number>> };

const weight = z.number({ error: "nonNegative" }).check(z.minimum(0, { error: "nonNegative" }));
export const splitRuleSchema = z.union([
  z.literal("equal"),
  z.strictObject({ by: z.literal("population"), population: z.record(z.string(), weight) }),
  z.strictObject({ by: z.literal("weights"), weights: z.record(z.string(), z.record(z.string(), weight)) }),
]);

/** A figure per unit: a number, or an object of numeric fields such as `{ insured, population }`. */
export type MappableFigure = number | { readonly [field: string]: number | null | undefined };

export interface MapFiguresOptions {
  split: SplitRule;
  /** `"forward"` (default): old units → new units; `"backward"`: new units → old units. */
  direction?: "forward" | "backward";
}

export interface MappedFigures<F> {
  /** One figure per receiving unit that got anything. */
  figures: Map<string, F>;
  /** Source codes absent from the mapping: their figures are not carried (sorted). */
  unmapped: string[];
  /** Source codes whose figures were shared out among several receiving units (sorted). */
  split: string[];
}

/**
 * Carries per-unit figures across a reorganisation through a many-to-many mapping. A source unit
 * with one receiving unit passes its figure whole; the figures of several sources going into one
 * unit are summed; a source going into several units is shared out by the stated `split` rule.
 * Integer values stay integers and are shared by largest remainder (ties to the lower code), so
 * totals are conserved exactly; other values are shared proportionally. Object figures are
 * shared field by field; `null`/`undefined` fields are left out of the sums. Sources not in the
 * mapping are listed in `unmapped`, never dropped silently.
 */
export function mapFigures<F extends MappableFigure>(figures: Lookup<F>, mapping: MappingLike, options: MapFiguresOptions): MappedFigures<F> {
  const { split, direction = "forward" } = options ?? ({} as MapFiguresOptions);
  if (split === undefined) {
    throw new DomainError(
      "AREAS.SPLIT_RULE_REQUIRED",
      "Cần nêu cách chia số liệu của đơn vị bị tách (đều, theo dân số, theo trọng số)",
      "State how to share the figures of split units (equal, by population, by weights)",
    );
  }
  parseOrThrow(splitRuleSchema, splitForValidation(split), "AREAS.INVALID_INPUT");
  const index = indexed(mapping);
  const links = direction === "backward" ? index.predecessors : index.successors;
  const out = new Map<string, Record<string, number | null> | number>();
  const unmapped: string[] = [];
  const splitSources: string[] = [];

  const addTo = (code: string, field: string | null, value: number) => {
    if (field === null) {
      out.set(code, ((out.get(code) as number | undefined) ?? 0) + value);
      return;
    }
    let obj = out.get(code) as Record<string, number | null> | undefined;
    if (!obj) out.set(code, (obj = {}));
    obj[field] = (obj[field] ?? 0) + value;
  };
  const markNull = (code: string, field: string) => {
    let obj = out.get(code) as Record<string, number | null> | undefined;
    if (!obj) out.set(code, (obj = {}));
    if (!(field in obj)) obj[field] = null;
  };

  for (const [source, figure] of entriesOf(figures)) {
    if (figure == null) continue;
    const receivers = links.get(source);
    if (!receivers || receivers.length === 0) {
      unmapped.push(source);
      continue;
    }
    const fields: [string | null, number | null | undefined][] =
      typeof figure === "number" ? [[null, figure]] : Object.entries(figure as Record<string, number | null | undefined>);
    if (receivers.length === 1) {
      const to = receivers[0]!;
      for (const [field, value] of fields) {
        if (value == null) markNull(to, field!);
        else addTo(to, field, checkValue(value, source, field));
      }
      continue;
    }
    splitSources.push(source);
    const weights = splitWeights(source, receivers, split, direction);
    for (const [field, value] of fields) {
      if (value == null) {
        for (const to of receivers) markNull(to, field!);
        continue;
      }
      const parts = share(checkValue(value, source, field), weights, receivers);
      for (let i = 0; i < receivers.length; i++) addTo(receivers[i]!, field, parts[i]!);
    }
  }
  unmapped.sort(compareStrings);
  splitSources.sort(compareStrings);
  return { figures: out as Map<string, F>, unmapped, split: splitSources };
}

/** Records (not Maps) are what the schema can check; Maps are checked value by value later. */
function splitForValidation(split: SplitRule): unknown {
  if (split === "equal" || typeof split !== "object" || split === null) return split;
  if (split.by === "population") {
    return { by: split.by, population: split.population instanceof Map ? Object.fromEntries(split.population) : split.population };
  }
  if (split.by === "weights") {
    const w = split.weights instanceof Map ? Object.fromEntries(split.weights) : split.weights;
    return {
      by: split.by,
      weights: Object.fromEntries(Object.entries(w).map(([k, v]) => [k, v instanceof Map ? Object.fromEntries(v) : v])),
    };
  }
  return split;
}

function checkValue(value: number, source: string, field: string | null): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new DomainError(
      "AREAS.INVALID_INPUT",
      `Số liệu của đơn vị ${source}${field ? ` (${field})` : ""} không phải là số`,
      `The figure of unit ${source}${field ? ` (${field})` : ""} is not a number`,
      { code: source, field },
    );
  }
  return value;
}

function splitWeights(source: string, receivers: readonly string[], split: SplitRule, direction: string): number[] {
  if (split === "equal") return receivers.map(() => 1);
  const missing = (to: string): never => {
    throw new DomainError(
      "AREAS.SPLIT_WEIGHT_MISSING",
      `Thiếu ${split.by === "population" ? "dân số" : "trọng số"} để chia số liệu của đơn vị ${source} cho đơn vị ${to}`,
      `No ${split.by === "population" ? "population" : "weight"} to share the figures of unit ${source} with unit ${to}`,
      { source, receiver: to, direction },
    );
  };
  let weights: number[];
  if (split.by === "population") {
    const pop = getter(split.population);
    weights = receivers.map((to) => pop(to) ?? missing(to));
  } else {
    const row = getter(split.weights)(source);
    const w = row ? getter(row) : () => undefined;
    weights = receivers.map((to) => w(to) ?? missing(to));
  }
  if (weights.every((w) => w === 0)) {
    throw new DomainError(
      "AREAS.SPLIT_WEIGHT_ZERO",
      `Các ${split.by === "population" ? "dân số" : "trọng số"} dùng để chia số liệu của đơn vị ${source} đều bằng 0`,
      `Every ${split.by === "population" ? "population" : "weight"} used to share the figures of unit ${source} is 0`,
      { source, receivers, direction },
    );
  }
  return weights;
}

/** Shares `value` by `weights`: largest remainder for integers (exact total), else proportional. */
function share(value: number, weights: readonly number[], receivers: readonly string[]): number[] {
  if (Number.isSafeInteger(value)) {
    const negative = value < 0;
    const parts = largestRemainder(BigInt(Math.abs(value)), exactWeights(weights), (i, j) => compareStrings(receivers[i]!, receivers[j]!));
    return parts.map((p) => (negative ? -Number(p) : Number(p)));
  }
  let sum = 0;
  for (const w of weights) sum += w;
  return weights.map((w) => (value * w) / sum);
}
