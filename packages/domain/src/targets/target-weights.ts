import * as z from "zod/mini";
import { DomainError } from "../errors.js";
import { parseOrThrow } from "../validation.js";

/** What a parent target is shared by (RULES §6). */
export const allocationBases = ["population", "working_age", "last_year_result", "equal"] as const;
export type AllocationBasis = (typeof allocationBases)[number];

/** A child unit with the figures a basis may use (null: not known). */
export interface WeightSource {
  key: string;
  population?: number | null | undefined;
  workingAge?: number | null | undefined;
  lastYearResult?: number | null | undefined;
}

const figure = z.optional(z.nullable(z.number({ error: "nonNegative" }).check(z.minimum(0, { error: "nonNegative" }))));
const sourcesSchema = z.array(
  z.object({
    key: z.string({ error: "allocate.key" }).check(z.minLength(1, { error: "allocate.key" })),
    population: figure,
    workingAge: figure,
    lastYearResult: figure,
  }),
  { error: "allocate.children" },
);

const field: Record<Exclude<AllocationBasis, "equal">, keyof WeightSource> = {
  population: "population",
  working_age: "workingAge",
  last_year_result: "lastYearResult",
};

const basisNames: Record<AllocationBasis, { vi: string; en: string }> = {
  population: { vi: "dân số", en: "population" },
  working_age: { vi: "dân số trong độ tuổi lao động", en: "working-age population" },
  last_year_result: { vi: "kết quả năm trước", en: "last year's result" },
  equal: { vi: "chia đều", en: "equal shares" },
};

/**
 * The weight of each child for `basis`, in the children's order, ready for `allocate`: its
 * population, working-age population, last year's result, or 1 each for equal shares. A child
 * lacking the figure its basis needs throws TARGETS.WEIGHTS_MISSING naming the children (an
 * allocation never silently treats an unknown figure as 0); last year's result is known as 0
 * when nothing was enrolled.
 */
export function allocationWeights(basis: AllocationBasis, children: readonly WeightSource[]): { key: string; weight: number }[] {
  const b = parseOrThrow(z.enum(allocationBases, { error: "target.basis" }), basis, "TARGETS.INVALID_INPUT");
  const list = parseOrThrow(sourcesSchema, children, "TARGETS.INVALID_INPUT");
  if (b === "equal") return list.map((c) => ({ key: c.key, weight: 1 }));
  const f = field[b];
  const missing = list.filter((c) => c[f] == null).map((c) => c.key);
  if (missing.length > 0) {
    throw new DomainError(
      "TARGETS.WEIGHTS_MISSING",
      `Chưa có số liệu ${basisNames[b].vi} của: ${missing.join(", ")}`,
      `No ${basisNames[b].en} figure for: ${missing.join(", ")}`,
      { basis: b, missing },
    );
  }
  return list.map((c) => ({ key: c.key, weight: c[f] as number }));
}
