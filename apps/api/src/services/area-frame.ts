import type { AreaCoverageFigures, AreaFrame } from "@ansinh/db";
import { buildAreaTree, type AreaRow, type AreaTree } from "@ansinh/domain/areas";

/** The subtree of an `areaWithChildren` answer as the domain's tree, with each unit's own figures. */
export function frameTree(frame: AreaFrame, onDate: string): { tree: AreaTree; figures: Map<string, AreaCoverageFigures> } {
  const rows: AreaRow[] = frame.units.map((u) => ({
    code: u.code,
    name: u.name,
    level: u.level,
    unitType: u.unitType,
    parentCode: u.parentCode,
    validFrom: u.validFrom,
    validTo: u.validTo,
  }));
  const figures = new Map<string, AreaCoverageFigures>();
  for (const u of frame.units) {
    if (u.insured == null && u.population == null && u.reportedOn == null && u.populationYear == null) continue;
    figures.set(u.code, { insured: u.insured, population: u.population, reportedOn: u.reportedOn, populationYear: u.populationYear });
  }
  return { tree: buildAreaTree(rows, onDate), figures };
}

/**
 * The breadcrumb a caller may see: the ancestors from its own highest root down (a district
 * manager's path starts at its district, as when only its scope was read).
 */
export function visiblePath<T extends { code: string }>(path: readonly T[], roots: readonly string[] | null): T[] {
  if (roots === null) return [...path];
  const i = path.findIndex((p) => roots.includes(p.code));
  return i < 0 ? [] : path.slice(i);
}
