/**
 * Coverage roll-up on the national tree, and carrying figures from the 2024 units to the 2025
 * units. Uses the real lists in ../shared/data/admin-units when present (10,794 units in 2024,
 * 3,355 in 2025, 10,584 mapping rows), otherwise a synthetic tree of the same size. Figures are
 * synthetic (deterministic). Baselines in the same run: the first rollUp (per-node Map and object
 * spread), a naive recursive roll-up that re-sums every subtree, and two floors: building the
 * result Map alone, and a flat sum over the figures.
 */
import { performance } from "node:perf_hooks";
import { bench, describe } from "vitest";
import {
  adminUnitsAvailable,
  adminUnitsMissingNote,
  ERA_2024,
  ERA_2025,
  loadRawMapping,
  loadUnits2024,
  loadUnits2025,
  syntheticLeafFigures,
  toMappingRows,
} from "../src/areas/admin-units.test-support.js";
import { buildAreaMapping, buildAreaTree, mapFigures, type AreaMappingRow, type AreaNode, type AreaRow, type AreaTree } from "../src/areas/index.js";
import { coverage, rollUp, type CoverageFigures } from "../src/coverage/index.js";

/** Same shape as the real lists: 63 → 696 → 10,035 (2024); 34 → 3,321 (2025); each old commune → one or two new ones. */
function synthetic(): { rows2024: AreaRow[]; rows2025: AreaRow[]; mapping: AreaMappingRow[] } {
  const rows2024: AreaRow[] = [];
  const rows2025: AreaRow[] = [];
  const mapping: AreaMappingRow[] = [];
  const unit = (code: string, level: AreaRow["level"], parentCode: string | null, era: { validFrom: string; validTo: string | null }): AreaRow => ({
    code,
    name: code,
    level,
    unitType: "",
    parentCode,
    ...era,
  });
  for (let p = 0; p < 63; p++) rows2024.push(unit(String(10 + p), "province", null, ERA_2024));
  for (let d = 0; d < 696; d++) rows2024.push(unit(String(100 + d), "district", String(10 + (d % 63)), ERA_2024));
  for (let p = 0; p < 34; p++) rows2025.push(unit(String(10 + p), "province", null, ERA_2025));
  for (let c = 0; c < 3321; c++) rows2025.push(unit(String(10_000 + c), "commune", String(10 + (c % 34)), ERA_2025));
  for (let c = 0; c < 10_035; c++) {
    const code = String(20_000 + c);
    rows2024.push(unit(code, "commune", String(100 + (c % 696)), ERA_2024));
    mapping.push({ oldCode: code, newCode: String(10_000 + (c % 3321)) });
    if (c % 23 === 0) mapping.push({ oldCode: code, newCode: String(10_000 + ((c + 1) % 3321)) });
  }
  return { rows2024, rows2025, mapping };
}

if (!adminUnitsAvailable) console.warn(`${adminUnitsMissingNote} (benchmarking a synthetic tree of the same size instead)`);
const data = adminUnitsAvailable ? { rows2024: loadUnits2024(), rows2025: loadUnits2025(), mapping: toMappingRows(loadRawMapping()) } : synthetic();

const tree2024 = buildAreaTree(data.rows2024, "2025-06-30");
const tree2025 = buildAreaTree(data.rows2025, "2025-07-01");
const mapping = buildAreaMapping(data.mapping);
const figures = syntheticLeafFigures(tree2024);

/** Baseline 1: correct but naive, each unit recursively re-sums its whole subtree (O(n · depth)). */
function naiveRollUp(tree: AreaTree, figs: ReadonlyMap<string, CoverageFigures>): Map<string, { insured: number; population: number }> {
  const sum = (node: AreaNode): { insured: number; population: number } => {
    const own = figs.get(node.code);
    if (own && own.insured != null && own.population != null) return { insured: own.insured, population: own.population };
    let insured = 0;
    let population = 0;
    for (const c of node.children) {
      const s = sum(c);
      insured += s.insured;
      population += s.population;
    }
    return { insured, population };
  };
  const out = new Map<string, { insured: number; population: number }>();
  for (const node of tree.byCode.values()) out.set(node.code, sum(node));
  return out;
}

/**
 * Baseline 2: the first version of rollUp, kept verbatim in spirit: per-node `Map` of sums and
 * `{ ...coverage(s), missing }` results (object spread over two result shapes goes megamorphic).
 */
function mapAndSpreadRollUp(tree: AreaTree, figs: ReadonlyMap<string, CoverageFigures>) {
  const add = (a: number | null, b: number | null) => (a == null ? b : b == null ? a : a + b);
  const out = new Map<string, ReturnType<typeof coverage> & { missing: number }>();
  const sums = new Map<string, { insured: number | null; population: number | null; missing: number }>();
  const order: AreaNode[] = [];
  const stack: AreaNode[] = [...tree.roots];
  while (stack.length > 0) {
    const node = stack.pop()!;
    order.push(node);
    for (const c of node.children) stack.push(c);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!;
    let insured: number | null = null;
    let population: number | null = null;
    let missing = 0;
    for (const c of node.children) {
      const s = sums.get(c.code)!;
      insured = add(insured, s.insured);
      population = add(population, s.population);
      missing += s.missing;
    }
    const own = figs.get(node.code);
    if (own?.insured != null) insured = own.insured;
    if (own?.population != null) population = own.population;
    if (own?.insured != null && own?.population != null) missing = 0;
    else if (node.children.length === 0) missing = 1;
    const s = { insured, population, missing };
    sums.set(node.code, s);
    out.set(node.code, { ...coverage(s), missing });
  }
  return out;
}

/** The floor for any roll-up returning a Map: one Map entry per unit, nothing computed. */
const FLOOR_VALUE = {};
function resultMapFloor(tree: AreaTree): Map<string, object> {
  const out = new Map<string, object>();
  for (const code of tree.byCode.keys()) out.set(code, FLOOR_VALUE);
  return out;
}

/** Baseline 3: the least any roll-up does, one pass over the figures summing the national total only. */
function flatSum(figs: ReadonlyMap<string, CoverageFigures>): number {
  let insured = 0;
  let population = 0;
  for (const f of figs.values()) {
    insured += f.insured ?? 0;
    population += f.population ?? 0;
  }
  return insured / population;
}

const mapAndRollUp = () => {
  const mapped = mapFigures(figures, mapping, { split: "equal" });
  return rollUp(tree2025, mapped.figures as Map<string, CoverageFigures>);
};

// Sanity: the fast and the naive roll-up agree, and mapping conserves the national population.
function sanityCheck(): void {
  const fast = rollUp(tree2024, figures);
  const naive = naiveRollUp(tree2024, figures);
  for (const [code, n] of naive) {
    const f = fast.get(code)!;
    if (f.insured !== n.insured || f.population !== n.population) throw new Error(`roll-up mismatch at ${code}`);
  }
  const total2024 = tree2024.roots.reduce((s, r) => s + fast.get(r.code)!.population!, 0);
  const after = mapAndRollUp();
  const total2025 = tree2025.roots.reduce((s, r) => s + (after.get(r.code)!.population ?? 0), 0);
  if (total2024 !== total2025) throw new Error(`mapping lost population: ${total2024} → ${total2025}`);
}
sanityCheck();

/** Median and minimum of repeated timings, in ms, printed next to vitest's own table. */
function timeMs(fn: () => unknown, runs = 200): { median: number; min: number } {
  for (let i = 0; i < 20; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]! };
}
const ms = {
  rollUp: timeMs(() => rollUp(tree2024, figures)),
  spread: timeMs(() => mapAndSpreadRollUp(tree2024, figures)),
  naive: timeMs(() => naiveRollUp(tree2024, figures)),
  floor: timeMs(() => resultMapFloor(tree2024)),
  flat: timeMs(() => flatSum(figures)),
  mapAndRollUp: timeMs(mapAndRollUp, 100),
  buildTree: timeMs(() => buildAreaTree(data.rows2024, "2025-06-30"), 50),
};
const fmt = (t: { median: number; min: number }) => `${t.median.toFixed(3)} ms (min ${t.min.toFixed(3)})`;
console.log(
  [
    `coverage bench (${adminUnitsAvailable ? "real" : "synthetic"} lists: ${tree2024.byCode.size} units in 2024, ${tree2025.byCode.size} in 2025, ${figures.size} leaf figures), median and min:`,
    `  rollUp, 2024 tree ................... ${fmt(ms.rollUp)}`,
    `  baseline: first rollUp (Map + spread) ${fmt(ms.spread)}: ${(ms.spread.median / ms.rollUp.median).toFixed(2)}× rollUp`,
    `  baseline: naive recursive roll-up ... ${fmt(ms.naive)}: ${(ms.naive.median / ms.rollUp.median).toFixed(2)}× rollUp`,
    `  floor: the result Map alone ......... ${fmt(ms.floor)}: ${((100 * ms.floor.median) / ms.rollUp.median).toFixed(0)}% of rollUp`,
    `  floor: flat Σ over the figures ...... ${fmt(ms.flat)}`,
    `  mapFigures 2024→2025 + rollUp 2025 .. ${fmt(ms.mapAndRollUp)}`,
    `  buildAreaTree 2024 .................. ${fmt(ms.buildTree)}`,
  ].join("\n"),
);

describe(`coverage roll-up, ${tree2024.byCode.size} units (2024)`, () => {
  bench("rollUp (post-order, sums numerators and denominators)", () => {
    rollUp(tree2024, figures);
  });
  bench("baseline: first rollUp (per-node Map, object spread)", () => {
    mapAndSpreadRollUp(tree2024, figures);
  });
  bench("baseline: naive recursive roll-up (re-sums every subtree)", () => {
    naiveRollUp(tree2024, figures);
  });
  bench("floor: building the result Map alone (one entry per unit)", () => {
    resultMapFloor(tree2024);
  });
  bench("floor: flat sum over the leaf figures", () => {
    flatSum(figures);
  });
});

describe("2024 → 2025 units", () => {
  bench("mapFigures (equal split) then rollUp on the 2025 tree", () => {
    mapAndRollUp();
  });
  bench("mapFigures only", () => {
    mapFigures(figures, mapping, { split: "equal" });
  });
  bench("buildAreaTree (2024 list)", () => {
    buildAreaTree(data.rows2024, "2025-06-30");
  });
});
