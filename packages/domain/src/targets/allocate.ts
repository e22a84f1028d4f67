import * as z from "zod/mini";
import { compareStrings, exactWeights, largestRemainder } from "../arithmetic.js";
import { DomainError } from "../errors.js";
import { parseOrThrow } from "../validation.js";

const count = () =>
  z.number({ error: "count" }).check(z.int({ error: "count" }), z.minimum(0, { error: "count" }), z.maximum(Number.MAX_SAFE_INTEGER, { error: "count" }));

export const allocationChildSchema = z.strictObject({
  key: z.string({ error: "allocate.key" }).check(z.minLength(1, { error: "allocate.key" })),
  weight: z.number({ error: "nonNegative" }).check(z.minimum(0, { error: "nonNegative" })),
  min: z.optional(count()),
  locked: z.optional(count()),
});

export const allocateInputSchema = z
  .strictObject({
    total: count(),
    children: z.array(allocationChildSchema, { error: "allocate.children" }),
  })
  .check(
    z.superRefine((input, ctx) => {
      const seen = new Set<string>();
      input.children.forEach((c, i) => {
        if (seen.has(c.key)) {
          ctx.addIssue({
            code: "custom",
            path: ["children", i, "key"],
            message: "allocate.duplicateKey",
            params: { key: c.key },
          });
        }
        seen.add(c.key);
      });
    }),
  );

export interface AllocationChild {
  key: string;
  /** Share basis: population, labour force, last year's result, 1 for equal shares… */
  weight: number;
  /** At least this much ("at least 50 per district"). */
  min?: number;
  /** Exactly this much, taken off the total before sharing. */
  locked?: number;
}

export interface AllocateInput {
  total: number;
  children: readonly AllocationChild[];
}

export interface Allocation {
  key: string;
  value: number;
  /** Why the child got its value: locked, raised to its minimum, or its share by weight. */
  basis: "locked" | "minimum" | "weight";
}

function infeasible(reason: string, vi: string, en: string, details: Record<string, unknown>): DomainError {
  return new DomainError("TARGETS.ALLOCATION_INFEASIBLE", vi, en, { reason, ...details });
}

/**
 * Splits an integer `total` among `children` by weight: locked values first, then children whose
 * proportional share falls below their minimum get the minimum, and the rest is shared by weight
 * with the largest-remainder method, in exact arithmetic. The values sum exactly to `total`.
 * Equal remainders go to the larger weight, then to the smaller key (so the result does not
 * depend on the children's order). Returned in the children's order.
 * Infeasible inputs (locked values over the total, minimums over what is left, a remainder with
 * no weight to carry it, a lock below its own minimum) throw TARGETS.ALLOCATION_INFEASIBLE.
 */
export function allocate(input: AllocateInput): Allocation[] {
  const { total, children } = parseOrThrow(allocateInputSchema, input, "TARGETS.INVALID_INPUT");
  const n = children.length;
  const values: bigint[] = new Array(n).fill(0n);
  const basis: Allocation["basis"][] = new Array(n).fill("weight");
  let budget = BigInt(total);
  let lockedSum = 0n;
  const free: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = children[i]!;
    if (c.locked === undefined) {
      free.push(i);
      continue;
    }
    if (c.min !== undefined && c.locked < c.min) {
      throw infeasible(
        "locked_below_minimum",
        `Giá trị khoá ${c.locked} của ${c.key} thấp hơn mức tối thiểu ${c.min}`,
        `The locked value ${c.locked} of ${c.key} is below its minimum ${c.min}`,
        { key: c.key, locked: c.locked, min: c.min },
      );
    }
    values[i] = BigInt(c.locked);
    basis[i] = "locked";
    lockedSum += values[i]!;
  }
  budget -= lockedSum;
  if (budget < 0n) {
    throw infeasible(
      "locked_exceed_total",
      `Tổng các giá trị khoá (${lockedSum}) vượt tổng chỉ tiêu ${total}`,
      `The locked values (${lockedSum}) exceed the total ${total}`,
      { total, locked: Number(lockedSum) },
    );
  }
  const minOf = (i: number) => BigInt(children[i]!.min ?? 0);
  let minSum = 0n;
  for (const i of free) minSum += minOf(i);
  if (minSum > budget) {
    throw infeasible(
      "minimums_exceed_total",
      `Tổng mức tối thiểu (${minSum}) vượt phần còn lại sau khi khoá (${budget} của ${total})`,
      `The minimums (${minSum}) exceed what is left after locked values (${budget} of ${total})`,
      { total, locked: Number(lockedSum), minimums: Number(minSum), left: Number(budget) },
    );
  }
  const w = exactWeights(children.map((c) => c.weight));
  let rest = free;
  for (;;) {
    let W = 0n;
    for (const i of rest) W += w[i]!;
    if (W === 0n) {
      let restMin = 0n;
      for (const i of rest) restMin += minOf(i);
      if (budget !== restMin) {
        throw infeasible(
          "no_weight_for_remainder",
          `Còn ${budget - restMin} chưa chia nhưng không đơn vị nào còn trọng số lớn hơn 0 hoặc chưa bị khoá`,
          `${budget - restMin} is left to share but no unlocked child has a weight above 0`,
          { total, left: Number(budget - restMin) },
        );
      }
      for (const i of rest) {
        values[i] = minOf(i);
        basis[i] = "minimum";
      }
      rest = [];
      break;
    }
    // A child whose proportional share is below its minimum gets the minimum; the others then
    // share what is left. Raising one never lowers another's share, so violators stay violators.
    const below = rest.filter((i) => budget * w[i]! < minOf(i) * W);
    if (below.length === 0) break;
    for (const i of below) {
      values[i] = minOf(i);
      basis[i] = "minimum";
      budget -= values[i]!;
    }
    const set = new Set(below);
    rest = rest.filter((i) => !set.has(i));
  }
  if (rest.length > 0) {
    const parts = largestRemainder(
      budget,
      rest.map((i) => w[i]!),
      (a, b) => {
        const wa = w[rest[a]!]!;
        const wb = w[rest[b]!]!;
        return wa > wb ? -1 : wa < wb ? 1 : compareStrings(children[rest[a]!]!.key, children[rest[b]!]!.key);
      },
    );
    rest.forEach((i, k) => (values[i] = parts[k]!));
  }
  return children.map((c, i) => ({ key: c.key, value: Number(values[i]!), basis: basis[i]! }));
}
