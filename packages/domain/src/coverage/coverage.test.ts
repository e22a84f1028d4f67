import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildAreaTree, walkTree, type AreaRow } from "../areas/index.js";
import { coverage, rollUp, type CoverageFigures } from "./index.js";

describe("coverage", () => {
  it("is insured / population: U Minh Thượng 61,600 / 70,000 = 88%", () => {
    const c = coverage({ insured: 61_600, population: 70_000 });
    expect(c.known).toBe(true);
    expect(c.ratio).toBeCloseTo(0.88, 12);
    expect(c.percent).toBe(88);
  });

  it("is unknown, not 0% or NaN, without a population", () => {
    for (const population of [null, undefined, 0]) {
      const c = coverage({ insured: 10, population });
      expect(c.known).toBe(false);
      expect(c.ratio).toBeNull();
      expect(c.percent).toBeNull();
    }
  });

  it("sums numerators and denominators instead of averaging percentages", () => {
    const rows: AreaRow[] = [
      { code: "91", name: "P", level: "province", unitType: "", parentCode: null, validFrom: "2020-01-01", validTo: null },
      { code: "901", name: "A", level: "district", unitType: "", parentCode: "91", validFrom: "2020-01-01", validTo: null },
      { code: "902", name: "B", level: "district", unitType: "", parentCode: "91", validFrom: "2020-01-01", validTo: null },
    ];
    const tree = buildAreaTree(rows, "2020-06-01");
    const r = rollUp(tree, { "901": { insured: 90, population: 100 }, "902": { insured: 500, population: 1000 } });
    // (90 + 500) / (100 + 1000) = 53.64%, not (90% + 50%) / 2 = 70%
    expect(r.get("91")!.percent).toBe(53.64);
    expect(r.get("91")!.missing).toBe(0);
  });

  it("counts children without figures as missing and stays unknown with no population at all", () => {
    const rows: AreaRow[] = [
      { code: "91", name: "P", level: "province", unitType: "", parentCode: null, validFrom: "2020-01-01", validTo: null },
      { code: "901", name: "A", level: "district", unitType: "", parentCode: "91", validFrom: "2020-01-01", validTo: null },
      { code: "902", name: "B", level: "district", unitType: "", parentCode: "91", validFrom: "2020-01-01", validTo: null },
    ];
    const tree = buildAreaTree(rows, "2020-06-01");
    const partial = rollUp(tree, { "901": { insured: 90, population: 100 } });
    expect(partial.get("91")).toMatchObject({ known: true, percent: 90, missing: 1 });
    expect(partial.get("902")).toMatchObject({ known: false, missing: 1 });
    const none = rollUp(tree, {});
    expect(none.get("91")).toMatchObject({ known: false, ratio: null, missing: 2 });
  });
});

/** A random tree: node i > 0 hangs under a node with a smaller index. */
const randomTree = fc
  .array(fc.tuple(fc.nat(), fc.nat({ max: 100_000 }), fc.nat({ max: 100_000 })), { minLength: 1, maxLength: 60 })
  .map((spec) => {
    const rows: AreaRow[] = spec.map(([p], i) => ({
      code: String(10 + i),
      name: `N${i}`,
      level: "commune",
      unitType: "",
      parentCode: i === 0 ? null : String(10 + (p % i)),
      validFrom: "2020-01-01",
      validTo: null,
    }));
    const tree = buildAreaTree(rows, "2020-01-01");
    const figures = new Map<string, CoverageFigures>();
    spec.forEach(([, population, insuredRaw], i) => {
      const node = tree.byCode.get(String(10 + i))!;
      if (node.children.length === 0) figures.set(node.code, { population, insured: Math.min(insuredRaw, population) });
    });
    return { tree, figures };
  });

describe("rollUp (property)", () => {
  it("the root's coverage equals total insured / total population over the leaves", () => {
    fc.assert(
      fc.property(randomTree, ({ tree, figures }) => {
        const result = rollUp(tree, figures);
        let insured = 0;
        let population = 0;
        for (const f of figures.values()) {
          insured += f.insured!;
          population += f.population!;
        }
        const root = result.get(tree.roots[0]!.code)!;
        expect(root.insured).toBe(insured);
        expect(root.population).toBe(population);
        if (population > 0) expect(root.ratio).toBe(insured / population);
        else expect(root.known).toBe(false);
        // every node is a sum of its children
        for (const node of walkTree(tree.roots)) {
          if (node.children.length === 0) continue;
          const kids = node.children.map((c) => result.get(c.code)!);
          expect(result.get(node.code)!.population).toBe(kids.reduce((s, k) => s + (k.population ?? 0), 0));
        }
      }),
    );
  });
});
