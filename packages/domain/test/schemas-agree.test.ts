/**
 * One rule, two forms: the functions check their input without zod (for small bundles and cheap
 * hot paths), and the zod schemas say the same for tRPC and forms. These properties keep each
 * pair in step: for inputs near and far from valid, the schema accepts exactly what the function's
 * check accepts. (Only own properties: JSON data, as tRPC and forms hand them.)
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { healthCardIssues, householdIssues, voluntaryIssues } from "../src/contributions/check.js";
import { healthCardStartInputSchema, householdHealthInputSchema, voluntaryContributionInputSchema } from "../src/contributions/index.js";
import { isDomainError } from "../src/errors.js";
import { defaultRates, rateRowSchema, ratesTableSchema, type RateRow } from "../src/rates/index.js";
import { ratesIndexOf } from "../src/rates/table.js";

const commandKeys = (keys: string[]) => keys.filter((k) => k !== "rates");

/** A value of one of the given kinds, or anything at all now and then. */
const oneOf = (...values: fc.Arbitrary<unknown>[]): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 12, arbitrary: fc.oneof(...values) }, { weight: 1, arbitrary: fc.anything() });

const date = oneOf(
  fc.constantFrom("2026-08-01", "2025-07-01", "1900-01-01", "2026-02-29", "2025-7-1", "01/08/2026", "1899-12-31", ""),
  fc.date({ min: new Date("1890-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);
const money = oneOf(
  fc.integer({ min: -5, max: 60_000_000 }),
  fc.constantFrom(0, 1, 1.5, Number.MAX_SAFE_INTEGER, 2 ** 53, 1e20, Number.NaN, Infinity, -0),
  fc.constant("3000000"),
);
const groups = oneOf(
  fc.array(fc.constantFrom("poor", "near_poor", "ethnic_minority", "island", "other", "veteran"), { maxLength: 7 }),
  fc.constant("near_poor"),
);
const plan = oneOf(
  fc.record({ kind: fc.constant("periodic"), months: fc.constantFrom(1, 2, 3, 6, 12, "12") }),
  fc.record({
    kind: fc.constant("advance"),
    years: fc.constantFrom(1, 2, 3.5, 5, 6),
    monthlyReturnRate: fc.constantFrom(0, -0, 0.004, 0.02, 0.0201, 0.5, -0.01, Number.NaN),
  }),
  fc.record({ kind: fc.constantFrom("weekly", undefined) }),
  fc.record({ kind: fc.constant("periodic"), months: fc.constant(3), extra: fc.constant(1) }, { requiredKeys: ["kind", "months"] }),
);
const months = oneOf(fc.integer({ min: -2, max: 1_300 }), fc.constantFrom(0.5, 1e20));

/** A valid command with up to three of its fields replaced, removed or misspelt. */
const voluntary = fc
  .tuple(
    fc.record({
      paymentDate: date,
      monthlyIncome: money,
      supportGroups: groups,
      plan,
      supportedMonthsUsed: months,
      localSupportPerMonth: money,
      supportGroup: fc.constant(["poor"]),
    }),
    fc.subarray(["paymentDate", "monthlyIncome", "supportGroups", "plan", "supportedMonthsUsed", "localSupportPerMonth", "supportGroup"], { maxLength: 3 }),
    fc.subarray(["paymentDate", "monthlyIncome", "supportGroups", "plan"], { maxLength: 1 }),
  )
  .map(([changed, keys, dropped]) => {
    const out: Record<string, unknown> = {
      paymentDate: "2026-08-01",
      monthlyIncome: 2_000_000,
      supportGroups: ["near_poor"],
      plan: { kind: "periodic", months: 3 },
    };
    for (const k of keys) out[k] = (changed as Record<string, unknown>)[k];
    for (const k of dropped) delete out[k];
    return out;
  });

const member = oneOf(
  fc.record(
    {
      rank: oneOf(fc.integer({ min: -1, max: 6 }), fc.constant(1.5)),
      stateSupported: oneOf(fc.boolean(), fc.constant("yes")),
      id: oneOf(fc.constantFrom("a", "b", "c"), fc.constant(5)),
      rnk: fc.constant(1),
    },
    { requiredKeys: [] },
  ),
);
const household = fc.record(
  {
    paymentDate: date,
    members: oneOf(fc.integer({ min: -1, max: 1_002 }), fc.array(member, { maxLength: 5 }), fc.constant(2.5)),
    months: oneOf(fc.constantFrom(1, 3, 6, 12, 24, "12")),
    stateSupported: oneOf(fc.boolean(), fc.constant(1)),
    extra: fc.constant(true),
  },
  { requiredKeys: [] },
);
const card = fc.record({ paymentDate: date, previousCardEnd: oneOf(date, fc.constant(null)), extra: fc.constant(1) }, { requiredKeys: [] });

describe("the contribution schemas accept exactly what the functions' checks accept", () => {
  it("voluntaryContributionInputSchema ⇔ the voluntary check (property)", () => {
    const keys = commandKeys(["paymentDate", "monthlyIncome", "supportGroups", "plan", "supportedMonthsUsed", "localSupportPerMonth", "rates"]);
    let accepted = 0;
    fc.assert(
      fc.property(voluntary, (input) => {
        const ok = voluntaryIssues(input, keys).length === 0;
        expect(voluntaryContributionInputSchema.safeParse(input).success, JSON.stringify(input)).toBe(ok);
        if (ok) accepted++;
      }),
      { numRuns: 3_000 },
    );
    expect(accepted).toBeGreaterThan(10);
  }, 60_000);

  it("householdHealthInputSchema ⇔ the household check (property)", () => {
    let accepted = 0;
    fc.assert(
      fc.property(household, (input) => {
        const ok = householdIssues(input, ["paymentDate", "members", "months", "stateSupported"]).length === 0;
        expect(householdHealthInputSchema.safeParse(input).success, JSON.stringify(input)).toBe(ok);
        if (ok) accepted++;
      }),
      { numRuns: 3_000 },
    );
    // Some inputs were accepted (the property is not only about refusals); the generator accepts
    // about 10 in 3,000, so the bound is loose enough never to fail by chance.
    expect(accepted).toBeGreaterThan(0);
  }, 60_000);

  it("healthCardStartInputSchema ⇔ the health-card check (property)", () => {
    fc.assert(
      fc.property(card, (input) => {
        const ok = healthCardIssues(input, ["paymentDate", "previousCardEnd"]).length === 0;
        expect(healthCardStartInputSchema.safeParse(input).success, JSON.stringify(input)).toBe(ok);
      }),
      { numRuns: 1_000 },
    );
  });
});

/** Rows of the national table, each changed in one place (or not at all). */
const row = fc
  .tuple(
    fc.constantFrom(...defaultRates),
    fc.constantFrom("none", "key", "from", "value", "source", "unconfirmed", "note", "extra", "drop"),
    fc.anything(),
    fc.constantFrom<unknown>(
      -1,
      0,
      1,
      1.5,
      10_000,
      10_001,
      1_200,
      1_201,
      2 ** 53,
      "x",
      null,
      [],
      [0],
      [10_000, 7_000],
      { poor: 1_000 },
      { poor: 5_000, near_poor: 4_000, ethnic_minority: 3_000, island: 5_000, other: 2_000 },
      { poor: { rateBp: 1_000 } },
      { poor: { amount: 10_000 } },
      { poor: { amount: 1, rateBp: 1 } },
      { poorr: { amount: 1 } },
      { other: {} },
      "localSuport",
      "ruralPovertyLin",
      "2025-7-1",
      "2025-02-30",
      " ",
    ),
  )
  .map(([r, change, anything, value]) => {
    const out: Record<string, unknown> = { ...r };
    const v = change === "value" || change === "key" || change === "from" || change === "source" ? value : anything;
    if (change === "drop") delete out.source;
    else if (change === "extra") out.sorce = v;
    else if (change !== "none") out[change] = v;
    return out;
  });

describe("the rates schemas accept exactly what the functions' table check accepts", () => {
  const tableAccepted = (table: unknown[]) => {
    try {
      ratesIndexOf(table);
      return true;
    } catch (e) {
      if (isDomainError(e) && e.code === "RATES.INVALID_ROW") return false;
      throw e;
    }
  };

  it("rateRowSchema ⇔ the row check, ratesTableSchema ⇔ the table check (property)", () => {
    let accepted = 0;
    fc.assert(
      fc.property(row, (r) => {
        const ok = tableAccepted([r]);
        expect(rateRowSchema.safeParse(r).success, JSON.stringify(r)).toBe(ok);
        expect(ratesTableSchema.safeParse([...defaultRates, r]).success).toBe(tableAccepted([...defaultRates, r] as RateRow[]));
        if (ok) accepted++;
      }),
      { numRuns: 800 },
    );
    expect(accepted).toBeGreaterThan(20);
  }, 60_000);
});
