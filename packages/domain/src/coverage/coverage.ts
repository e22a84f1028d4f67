import type { AreaNode, AreaTree } from "../areas/tree.js";
import { argumentError } from "../argument-error.js";
import { toPercent } from "../arithmetic.js";

export interface CoverageFigures {
  insured?: number | null;
  population?: number | null;
}

export type CoverageResult =
  | { known: true; insured: number; population: number; ratio: number; percent: number }
  | { known: false; insured: number | null; population: number | null; ratio: null; percent: null };


export function coverage(figures: CoverageFigures): CoverageResult {
  if (typeof figures !== "object" || figures === null) {
    throw argumentError("COVERAGE.INVALID_INPUT", [], { vi: "{ insured, population }", en: "{ insured, population }" }, figures);
  }
  const { insured, population } = figures;
  for (const [k, v] of [["insured", insured], ["population", population]] as const) {
    if (v != null && (typeof v !== "number" || !(v >= 0))) {
      throw argumentError("COVERAGE.INVALID_INPUT", [k], { vi: "một số không âm, hoặc null", en: "a non-negative number, or null" }, v);
    }
  }
  if (insured == null || population == null || population <= 0) {
    return { known: false, insured: insured ?? null, population: population ?? null, ratio: null, percent: null };
  }
  const ratio = insured / population;
  return { known: true, insured, population, ratio, percent: toPercent(ratio) };
}

export type RolledUpCoverage = CoverageResult & {
  /** Descendant areas (at any depth, including the area itself) that have no figure of their own
   * and no descendants with figures, so the sums may be incomplete. */
  missing: number;
};

/**
 * Rolls figures up the tree as of its date. An area's own figure wins over the sum of its
 * children (agencies report some aggregates directly); otherwise numerators and denominators of the
 * children are summed separately. Returns one result per area in the tree, including the subtrees
 * of orphans when the tree lists them; results come children first (post-order).
 */
export function rollUp(
  tree: Pick<AreaTree, "roots"> & Partial<Pick<AreaTree, "orphans">>,
  figuresByArea: ReadonlyMap<string, CoverageFigures> | Readonly<Record<string, CoverageFigures>>,
): Map<string, RolledUpCoverage> {
  if (typeof tree !== "object" || tree === null || !Array.isArray(tree.roots)) {
    throw argumentError("COVERAGE.INVALID_INPUT", ["tree"], { vi: "một cây đơn vị của buildAreaTree", en: "a tree from buildAreaTree" }, tree);
  }
  if (typeof figuresByArea !== "object" || figuresByArea === null) {
    throw argumentError("COVERAGE.INVALID_INPUT", ["figuresByArea"], { vi: "số liệu theo mã đơn vị (Map hoặc đối tượng)", en: "figures by unit code (a Map or an object)" }, figuresByArea);
  }
  const get =
    figuresByArea instanceof Map
      ? (code: string) => figuresByArea.get(code)
      : (code: string) => (figuresByArea as Record<string, CoverageFigures>)[code];
  const out = new Map<string, RolledUpCoverage>();

  // Pre-order without recursion (a national tree must not overflow the stack), remembering each
  // node's parent position; walking it backwards finishes children before their parent, and each
  // finished node adds itself into its parent. Sums live in arrays indexed by that order and each
  // result is built once with one object shape: on the national tree this is several times
  // faster than per-node maps and `{ ...coverage(s), missing }` spreads, which go megamorphic
  // (see bench/coverage.bench.ts). Orphans (parent not in force on the tree's date) head
  // subtrees of their own: still one result per area, never silently dropped.
  const order: AreaNode[] = [];
  const parentAt: number[] = [];
  const stack: AreaNode[] = tree.orphans ? [...tree.roots, ...tree.orphans] : [...tree.roots];
  const stackParent: number[] = stack.map(() => -1);
  while (stack.length > 0) {
    const node = stack.pop()!;
    const at = order.length;
    order.push(node);
    parentAt.push(stackParent.pop()!);
    for (const c of node.children) {
      stack.push(c);
      stackParent.push(at);
    }
  }
  const n = order.length;
  // Plain arrays: typed arrays measured about twice as slow here under vitest (their off-heap
  // buffers seem to add garbage-collection work).
  const insuredSum: number[] = new Array<number>(n).fill(0);
  const populationSum: number[] = new Array<number>(n).fill(0);
  const hasInsured: boolean[] = new Array<boolean>(n).fill(false);
  const hasPopulation: boolean[] = new Array<boolean>(n).fill(false);
  const missingSum: number[] = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    const node = order[i]!;
    let insured: number | null = hasInsured[i] ? insuredSum[i]! : null;
    let population: number | null = hasPopulation[i] ? populationSum[i]! : null;
    let missing = missingSum[i]!;
    const own = get(node.code);
    const ownInsured = own?.insured;
    const ownPopulation = own?.population;
    if (ownInsured != null) insured = ownInsured;
    if (ownPopulation != null) population = ownPopulation;
    if (ownInsured != null && ownPopulation != null) missing = 0;
    else if (node.children.length === 0) missing = 1;
    out.set(node.code, rolledUp(insured, population, missing));
    const p = parentAt[i]!;
    if (p >= 0) {
      if (insured != null) {
        insuredSum[p] = hasInsured[p] ? insuredSum[p]! + insured : insured;
        hasInsured[p] = true;
      }
      if (population != null) {
        populationSum[p] = hasPopulation[p] ? populationSum[p]! + population : population;
        hasPopulation[p] = true;
      }
      missingSum[p] = missingSum[p]! + missing;
    }
  }
  return out;
}

/** `{ ...coverage(x), missing }` with a single object shape. */
function rolledUp(insured: number | null, population: number | null, missing: number): RolledUpCoverage {
  if (insured == null || population == null || population <= 0) {
    return { known: false, insured, population, ratio: null, percent: null, missing };
  }
  const ratio = insured / population;
  return { known: true, insured, population, ratio, percent: toPercent(ratio), missing };
}
