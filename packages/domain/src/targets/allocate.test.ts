import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { allocate, allocateInputSchema, type AllocationChild } from "./index.js";

function errorOf(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error("expected a DomainError");
}

const values = (r: { value: number }[]) => r.map((x) => x.value);

describe("allocate", () => {
  it("splits by weight into integers summing to the total (largest remainder)", () => {
    const r = allocate({
      total: 244,
      children: [
        { key: "911", weight: 50_000 },
        { key: "912", weight: 30_000 },
        { key: "913", weight: 20_000 },
      ],
    });
    // quotas 122, 73.2, 48.8 → 122, 73, 49
    expect(r).toEqual([
      { key: "911", value: 122, basis: "weight" },
      { key: "912", value: 73, basis: "weight" },
      { key: "913", value: 49, basis: "weight" },
    ]);
  });

  it("breaks exact ties by larger weight, then smaller key, whatever the order of the children", () => {
    expect(
      values(
        allocate({
          total: 10,
          children: [
            { key: "a", weight: 1 },
            { key: "b", weight: 1 },
            { key: "c", weight: 1 },
          ],
        }),
      ),
    ).toEqual([4, 3, 3]);
    expect(
      values(
        allocate({
          total: 10,
          children: [
            { key: "c", weight: 1 },
            { key: "b", weight: 1 },
            { key: "a", weight: 1 },
          ],
        }),
      ),
    ).toEqual([3, 3, 4]);
    // quotas 0.5 and 1.5: equal remainders, the larger weight wins
    expect(
      values(
        allocate({
          total: 2,
          children: [
            { key: "a", weight: 1 },
            { key: "b", weight: 3 },
          ],
        }),
      ),
    ).toEqual([0, 2]);
    // decimal weights tie exactly: 0.3 and 0.3
    expect(
      values(
        allocate({
          total: 1,
          children: [
            { key: "b", weight: 0.3 },
            { key: "a", weight: 0.3 },
          ],
        }),
      ),
    ).toEqual([0, 1]);
  });

  it("honours 'at least 50 per district' and shares the rest by weight", () => {
    const r = allocate({
      total: 500,
      children: [
        { key: "d1", weight: 1000, min: 50 },
        { key: "d2", weight: 100, min: 50 },
        { key: "d3", weight: 100, min: 50 },
        { key: "d4", weight: 100, min: 50 },
        { key: "d5", weight: 5000, min: 50 },
      ],
    });
    // d2–d4 would get 7.9 each: raised to 50; the remaining 350 go 1000 : 5000 → 58.3, 291.7
    expect(r.map((x) => [x.value, x.basis])).toEqual([
      [58, "weight"],
      [50, "minimum"],
      [50, "minimum"],
      [50, "minimum"],
      [292, "weight"],
    ]);
  });

  it("re-checks minimums after raising others (a cascade)", () => {
    const r = allocate({
      total: 100,
      children: [
        { key: "a", weight: 1, min: 30 },
        { key: "b", weight: 3, min: 30 },
        { key: "c", weight: 6 },
      ],
    });
    // first pass: a 10 < 30 → 30 (b's 30 is fine); second: b 70 × 3/9 = 23.3 < 30 → 30; c gets 40
    expect(r.map((x) => [x.value, x.basis])).toEqual([
      [30, "minimum"],
      [30, "minimum"],
      [40, "weight"],
    ]);
  });

  it("keeps locked values and shares the rest", () => {
    const r = allocate({
      total: 100,
      children: [
        { key: "a", weight: 5, locked: 30 },
        { key: "b", weight: 1 },
        { key: "c", weight: 1 },
      ],
    });
    expect(r.map((x) => [x.value, x.basis])).toEqual([
      [30, "locked"],
      [35, "weight"],
      [35, "weight"],
    ]);
  });

  it("handles a zero total and an empty list", () => {
    expect(
      values(
        allocate({
          total: 0,
          children: [
            { key: "a", weight: 1 },
            { key: "b", weight: 2 },
          ],
        }),
      ),
    ).toEqual([0, 0]);
    expect(allocate({ total: 0, children: [] })).toEqual([]);
  });

  it("says clearly why an allocation is infeasible", () => {
    const cases: [Parameters<typeof allocate>[0], string][] = [
      [
        {
          total: 50,
          children: [
            { key: "a", weight: 1, locked: 40 },
            { key: "b", weight: 1, locked: 20 },
          ],
        },
        "locked_exceed_total",
      ],
      [
        {
          total: 120,
          children: [
            { key: "a", weight: 1, min: 50 },
            { key: "b", weight: 1, min: 50 },
            { key: "c", weight: 1, min: 50 },
          ],
        },
        "minimums_exceed_total",
      ],
      [
        {
          total: 100,
          children: [
            { key: "a", weight: 0, min: 10 },
            { key: "b", weight: 0 },
          ],
        },
        "no_weight_for_remainder",
      ],
      [{ total: 100, children: [{ key: "a", weight: 1, locked: 60 }] }, "no_weight_for_remainder"],
      [{ total: 5, children: [] }, "no_weight_for_remainder"],
      [
        {
          total: 100,
          children: [
            { key: "a", weight: 1, min: 50, locked: 30 },
            { key: "b", weight: 1 },
          ],
        },
        "locked_below_minimum",
      ],
    ];
    for (const [input, reason] of cases) {
      const e = errorOf(() => allocate(input));
      expect(e.code).toBe("TARGETS.ALLOCATION_INFEASIBLE");
      expect(e.details.reason).toBe(reason);
      expect(e.messageVi).not.toBe(e.messageEn);
    }
    expect(errorOf(() => allocate(cases[1]![0])).messageEn).toBe("The minimums (150) exceed what is left after locked values (120 of 120)");
    // all weights 0 but the minimums use up the total exactly: feasible
    expect(
      values(
        allocate({
          total: 20,
          children: [
            { key: "a", weight: 0, min: 10 },
            { key: "b", weight: 0, min: 10 },
          ],
        }),
      ),
    ).toEqual([10, 10]);
  });

  it("refuses malformed input with TARGETS.INVALID_INPUT", () => {
    expect(errorOf(() => allocate({ total: 10.5, children: [] })).code).toBe("TARGETS.INVALID_INPUT");
    expect(errorOf(() => allocate({ total: 10, children: [{ key: "a", weight: -1 }] })).messageEn).toMatch(/A weight must be a non-negative number/);
    const dup = errorOf(() =>
      allocate({
        total: 10,
        children: [
          { key: "a", weight: 1 },
          { key: "a", weight: 2 },
        ],
      }),
    );
    expect(dup.issues).toEqual([{ path: ["children", 1, "key"], vi: "Mã a bị lặp", en: "The key a appears twice" }]);
    expect(allocateInputSchema.safeParse({ total: 3, children: [{ key: "x", weight: 1, min: 1.5 }] }).success).toBe(false);
  });
});

const childArb = fc.record(
  {
    weight: fc.oneof(fc.nat({ max: 10_000 }), fc.double({ min: 0, max: 1000, noNaN: true, noDefaultInfinity: true })),
    min: fc.nat({ max: 200 }),
    locked: fc.nat({ max: 300 }),
  },
  { requiredKeys: ["weight"] },
);
const inputArb = fc.record({ total: fc.nat({ max: 5_000 }), children: fc.array(childArb, { maxLength: 25 }) }).map(({ total, children }) => ({
  total,
  children: children.map((c, i): AllocationChild => ({ key: `k${String(i).padStart(2, "0")}`, ...c })),
}));

function feasible({ total, children }: { total: number; children: readonly AllocationChild[] }): boolean {
  if (children.some((c) => c.locked !== undefined && c.min !== undefined && c.locked < c.min)) return false;
  const free = children.filter((c) => c.locked === undefined);
  const fixed = children.reduce((s, c) => s + (c.locked ?? 0), 0) + free.reduce((s, c) => s + (c.min ?? 0), 0);
  return fixed === total || (fixed < total && free.some((c) => c.weight > 0));
}

describe("allocate (property)", () => {
  it("sums exactly to the total and respects minimums and locks, or says it is infeasible exactly when it is", () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        if (!feasible(input)) {
          expect(errorOf(() => allocate(input)).code).toBe("TARGETS.ALLOCATION_INFEASIBLE");
          return;
        }
        const r = allocate(input);
        expect(r.map((x) => x.key)).toEqual(input.children.map((c) => c.key));
        expect(r.reduce((s, x) => s + x.value, 0)).toBe(input.total);
        r.forEach((x, i) => {
          const c = input.children[i]!;
          expect(Number.isInteger(x.value)).toBe(true);
          if (c.locked !== undefined) expect(x.value).toBe(c.locked);
          else expect(x.value).toBeGreaterThanOrEqual(c.min ?? 0);
        });
        // children shared by weight get their quota rounded down or up
        const byWeight = r.map((x, i) => ({ x, c: input.children[i]! })).filter(({ x }) => x.basis === "weight");
        const budget = byWeight.reduce((s, { x }) => s + x.value, 0);
        const W = byWeight.reduce((s, { c }) => s + c.weight, 0);
        if (W > 0) for (const { x, c } of byWeight) expect(Math.abs(x.value - (budget * c.weight) / W)).toBeLessThan(1 + 1e-9);
      }),
    );
  });

  it("does not depend on the order of the children", () => {
    fc.assert(
      fc.property(inputArb.filter(feasible), fc.nat(), (input, seed) => {
        const shuffled = [...input.children];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = (seed + i * 7919) % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const a = new Map(allocate(input).map((x) => [x.key, x.value]));
        const b = new Map(allocate({ total: input.total, children: shuffled }).map((x) => [x.key, x.value]));
        expect(b).toEqual(a);
      }),
    );
  });

  it("splits a national target over 3,321 communes", () => {
    const children = Array.from({ length: 3321 }, (_, i) => ({ key: String(i).padStart(5, "0"), weight: 1000 + ((i * 7919) % 30_000), min: 5 }));
    const r = allocate({ total: 1_000_000, children });
    expect(r.reduce((s, x) => s + x.value, 0)).toBe(1_000_000);
    expect(Math.min(...values(r))).toBeGreaterThanOrEqual(5);
  });
});
