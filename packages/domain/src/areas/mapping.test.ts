import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { buildAreaMapping, mapFigures, predecessorsOf, successorsOf, type AreaMappingRow, type SplitRule } from "./index.js";

// Old communes 00001 and 00002 merge into 10001; 00003 is split between 10001 and 10002;
// 00004 goes whole into 10002.
const rows: AreaMappingRow[] = [
  { oldCode: "00001", newCode: "10001" },
  { oldCode: "00002", newCode: "10001" },
  { oldCode: "00003", newCode: "10002" },
  { oldCode: "00003", newCode: "10001" },
  { oldCode: "00004", newCode: "10002" },
  { oldCode: "00004", newCode: "10002" }, // duplicate rows are harmless
];
const mapping = buildAreaMapping(rows);

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as DomainError).code;
  }
  throw new Error("expected a DomainError");
}

describe("successorsOf / predecessorsOf", () => {
  it("follows the many-to-many links, sorted, without duplicates", () => {
    expect(successorsOf("00003", mapping)).toEqual(["10001", "10002"]);
    expect(successorsOf("00004", rows)).toEqual(["10002"]);
    expect(predecessorsOf("10001", mapping)).toEqual(["00001", "00002", "00003"]);
    expect(successorsOf("99999", mapping)).toEqual([]);
  });

  it("returns copies, so callers cannot corrupt the index", () => {
    successorsOf("00003", mapping).push("x");
    expect(successorsOf("00003", mapping)).toEqual(["10001", "10002"]);
  });
});

describe("mapFigures", () => {
  const figures = { "00001": 100, "00002": 50, "00003": 7, "00004": 10 };

  it("sums merged units and shares split ones equally, remainder to the lower code", () => {
    const r = mapFigures(figures, mapping, { split: "equal" });
    // 00003's 7 → 4 + 3 (the odd unit goes to 10001, the lower code)
    expect(r.figures).toEqual(
      new Map([
        ["10001", 100 + 50 + 4],
        ["10002", 3 + 10],
      ]),
    );
    expect(r.split).toEqual(["00003"]);
    expect(r.unmapped).toEqual([]);
  });

  it("shares by the population of the receiving units", () => {
    const r = mapFigures({ "00003": 100 }, mapping, { split: { by: "population", population: { "10001": 3000, "10002": 1000 } } });
    expect(r.figures.get("10001")).toBe(75);
    expect(r.figures.get("10002")).toBe(25);
  });

  it("shares by given weights per link", () => {
    const r = mapFigures(new Map([["00003", 100]]), mapping, {
      split: {
        by: "weights",
        weights: new Map([
          [
            "00003",
            new Map([
              ["10001", 1],
              ["10002", 3],
            ]),
          ],
        ]),
      },
    });
    expect([r.figures.get("10001"), r.figures.get("10002")]).toEqual([25, 75]);
  });

  it("carries objects field by field and keeps unknown fields unknown", () => {
    const r = mapFigures(
      {
        "00001": { insured: 90, population: 100 },
        "00003": { insured: 9, population: 11 },
        "00004": { insured: 5, population: null },
      },
      mapping,
      { split: "equal" },
    );
    expect(r.figures.get("10001")).toEqual({ insured: 95, population: 106 });
    expect(r.figures.get("10002")).toEqual({ insured: 9, population: 5 });
    const only = mapFigures({ "00004": { insured: 5, population: null } }, mapping, { split: "equal" });
    expect(only.figures.get("10002")).toEqual({ insured: 5, population: null });
  });

  it("shares non-integer values proportionally", () => {
    const r = mapFigures({ "00003": 1.5 }, mapping, { split: { by: "weights", weights: { "00003": { "10001": 1, "10002": 2 } } } });
    expect(r.figures.get("10001")).toBeCloseTo(0.5, 12);
    expect(r.figures.get("10002")).toBeCloseTo(1, 12);
  });

  it("maps back from new units to old ones", () => {
    const r = mapFigures({ "10001": 10, "10002": 5 }, mapping, { split: "equal", direction: "backward" });
    // 10001 → 00001, 00002, 00003: 4, 3, 3; 10002 → 00003, 00004: 3, 2
    expect(Object.fromEntries(r.figures)).toEqual({ "00001": 4, "00002": 3, "00003": 6, "00004": 2 });
  });

  it("lists sources it cannot carry instead of dropping them silently", () => {
    const r = mapFigures({ "00001": 1, "77777": 5, "66666": 2 }, mapping, { split: "equal" });
    expect(r.unmapped).toEqual(["66666", "77777"]);
    expect(r.figures).toEqual(new Map([["10001", 1]]));
  });

  it("needs a stated split rule with usable weights", () => {
    expect(codeOf(() => mapFigures(figures, mapping, {} as { split: SplitRule }))).toBe("AREAS.SPLIT_RULE_REQUIRED");
    expect(codeOf(() => mapFigures(figures, mapping, { split: "evenly" as "equal" }))).toBe("AREAS.INVALID_INPUT");
    expect(codeOf(() => mapFigures(figures, mapping, { split: { by: "population", population: { "10001": 5 } } }))).toBe("AREAS.SPLIT_WEIGHT_MISSING");
    expect(codeOf(() => mapFigures(figures, mapping, { split: { by: "population", population: { "10001": 0, "10002": 0 } } }))).toBe("AREAS.SPLIT_WEIGHT_ZERO");
    expect(codeOf(() => mapFigures(figures, mapping, { split: { by: "population", population: { "10001": -1, "10002": 1 } } }))).toBe("AREAS.INVALID_INPUT");
    expect(codeOf(() => mapFigures({ "00001": Number.NaN }, mapping, { split: "equal" }))).toBe("AREAS.INVALID_INPUT");
    // a rule is needed even when nothing is split in this call
    expect(mapFigures({ "00001": 1 }, mapping, { split: "equal" }).split).toEqual([]);
  });
});

/** Random many-to-many mappings between old codes 0..19 and new codes 0..9, with integer figures. */
const scenario = fc
  .record({
    links: fc.array(fc.tuple(fc.nat({ max: 19 }), fc.nat({ max: 9 })), { minLength: 1, maxLength: 60 }),
    values: fc.array(fc.nat({ max: 1_000_000 }), { minLength: 20, maxLength: 20 }),
    pops: fc.array(fc.nat({ max: 50_000 }), { minLength: 20, maxLength: 20 }),
    rule: fc.constantFrom("equal", "population"),
  })
  .map(({ links, values, pops, rule }) => {
    const rows = links.map(([o, n]) => ({ oldCode: String(10_000 + o), newCode: String(20_000 + n) }));
    const figures = new Map(values.map((v, i) => [String(10_000 + i), v]));
    // population of every code on both sides, never all zero for a unit's receivers
    const population: Record<string, number> = {};
    pops.forEach((p, i) => {
      population[String(10_000 + i)] = p + 1;
      population[String(20_000 + (i % 10))] = p + 1;
    });
    const split: SplitRule = rule === "equal" ? "equal" : { by: "population", population };
    return { rows, figures, split };
  });

const sum = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((s, v) => s + v, 0);

describe("mapFigures (property)", () => {
  it("old → new conserves the total of what is mapped, in integers", () => {
    fc.assert(
      fc.property(scenario, ({ rows, figures, split }) => {
        const m = buildAreaMapping(rows);
        const r = mapFigures(figures, m, { split });
        const unmappedTotal = r.unmapped.reduce((s, c) => s + figures.get(c)!, 0);
        expect(sum(r.figures)).toBe(sum(figures) - unmappedTotal);
        for (const v of r.figures.values()) expect(Number.isInteger(v)).toBe(true);
        for (const c of r.unmapped) expect(successorsOf(c, m)).toEqual([]);
      }),
    );
  });

  it("old → new → old conserves the total", () => {
    fc.assert(
      fc.property(scenario, ({ rows, figures, split }) => {
        const m = buildAreaMapping(rows);
        const mapped = new Map([...figures].filter(([c]) => successorsOf(c, m).length > 0));
        const forward = mapFigures(mapped, m, { split });
        const back = mapFigures(forward.figures, m, { split, direction: "backward" });
        expect(back.unmapped).toEqual([]);
        expect(sum(back.figures)).toBe(sum(mapped));
      }),
    );
  });
});
