import { describe, expect, it } from "vitest";
import { buildAreaTree, type AreaRow } from "@ansinh/domain/areas";
import { rollUp, type CoverageFigures } from "@ansinh/domain/coverage";
import { generateFigures, HEALTH_GROUPS, prng, seedOf, SOCIAL_GROUPS, type BenchEra, type BenchUnit } from "../bench/dashboard-figures.mjs";

// The figures the dashboard and coverage benchmark (bench/dashboard.mjs) loads for every unit.

const ERAS: Record<string, BenchEra> = {
  "2024-01-01": { reportDates: ["2024-06-30", "2024-12-31"], years: [2024, 2025], plans: [{ periodStart: "2024-01-01", periodEnd: "2024-12-31" }] },
  "2025-07-01": { reportDates: ["2025-12-31"], years: [2025], plans: [{ periodStart: "2025-07-01", periodEnd: "2025-12-31" }] },
};

/** Two eras of invented units: a province with two districts (one without communes) before, a province with communes after. */
const UNITS: BenchUnit[] = [
  { id: 1, code: "91", level: "province", parentCode: null, validFrom: "2024-01-01" },
  { id: 2, code: "913", level: "district", parentCode: "91", validFrom: "2024-01-01" },
  { id: 3, code: "31012", level: "commune", parentCode: "913", validFrom: "2024-01-01" },
  { id: 4, code: "31015", level: "commune", parentCode: "913", validFrom: "2024-01-01" },
  { id: 5, code: "914", level: "district", parentCode: "91", validFrom: "2024-01-01" },
  { id: 6, code: "91", level: "province", parentCode: null, validFrom: "2025-07-01" },
  { id: 7, code: "31012", level: "commune", parentCode: "91", validFrom: "2025-07-01" },
  { id: 8, code: "30001", level: "commune", parentCode: "91", validFrom: "2025-07-01" },
];

const byId = (rows: { areaId: number }[]) => [...rows].sort((a, b) => a.areaId - b.areaId || JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe("bench figures", () => {
  it("are the same on every run, whatever the order of the units", () => {
    const a = generateFigures(UNITS, ERAS);
    const b = generateFigures([...UNITS].reverse(), ERAS);
    expect(byId(b.populations)).toEqual(byId(a.populations));
    expect(byId(b.coverage)).toEqual(byId(a.coverage));
    // Pinned: a change of the generator changes every run's figures (history no longer comparable).
    expect(seedOf("2024-01-01|31012")).toBe(2410016898);
    expect(seedOf("2024-01-01|31012")).not.toBe(seedOf("2025-07-01|31012"));
    expect(Math.round(prng(1)() * 1e9)).toBe(627073941);
  });

  it("give every unit populations and insured counts for each group and report date; parents are the sums of their children", () => {
    const { populations, coverage, targets } = generateFigures(UNITS, ERAS);
    const groups = HEALTH_GROUPS.length + SOCIAL_GROUPS.length;
    for (const u of UNITS) {
      const era = ERAS[u.validFrom]!;
      expect(populations.filter((p) => p.areaId === u.id)).toHaveLength(era.years.length);
      expect(coverage.filter((c) => c.areaId === u.id)).toHaveLength(era.reportDates.length * groups);
      expect(targets.filter((t) => t.areaCode === u.code && t.areaValidOn >= u.validFrom).length).toBeGreaterThan(0);
    }
    const pop = (id: number, year: number) => populations.find((p) => p.areaId === id && p.year === year)!;
    const count = (id: number, group: string) => coverage.find((c) => c.areaId === id && c.asOf === "2024-12-31" && c.group === group)!.count;
    expect(pop(2, 2024).total).toBe(pop(3, 2024).total + pop(4, 2024).total);
    expect(pop(1, 2025).workingAge).toBe(pop(2, 2025).workingAge + pop(5, 2025).workingAge);
    expect(count(1, "households")).toBe(count(3, "households") + count(4, "households") + count(5, "households"));
    expect(pop(3, 2024).total).not.toBe(pop(4, 2024).total);
    // Plans carry their province; a 2024 plan's province is Kiên Giang's code, valid on the period's start.
    expect(targets.find((t) => t.areaCode === "31012" && t.periodStart === "2024-01-01")).toMatchObject({ provinceCode: "91", areaValidOn: "2024-01-01" });
  });

  it("leaves only: the domain's roll-up of the leaves equals the parents' own figures", () => {
    const all = generateFigures(UNITS, ERAS);
    const leaves = generateFigures(UNITS, ERAS, { leavesOnly: true });
    expect(new Set(leaves.coverage.map((c) => c.areaId))).toEqual(new Set([3, 4, 5, 7, 8]));
    const onDate = "2024-12-31";
    const rows: AreaRow[] = UNITS.filter((u) => u.validFrom === "2024-01-01").map((u) => ({
      code: u.code,
      name: u.code,
      level: u.level as AreaRow["level"],
      unitType: "",
      parentCode: u.parentCode,
      validFrom: u.validFrom,
      validTo: "2025-06-30",
    }));
    const figuresOf = (set: typeof all, id: number): CoverageFigures => ({
      insured: set.coverage.filter((c) => c.areaId === id && c.asOf === onDate && c.scheme === "health_insurance").reduce((s, c) => s + c.count, 0),
      population: set.populations.find((p) => p.areaId === id && p.year === 2024)!.total,
    });
    const leafFigures = new Map(
      rows
        .filter((r) => ["31012", "31015", "914"].includes(r.code))
        .map((r) => [r.code, figuresOf(leaves, UNITS.find((u) => u.code === r.code && u.validFrom === "2024-01-01")!.id)]),
    );
    const rolled = rollUp(buildAreaTree(rows, onDate), leafFigures);
    expect(rolled.get("91")).toMatchObject({ known: true, ...figuresOf(all, 1), missing: 0 });
    expect(rolled.get("913")).toMatchObject({ known: true, ...figuresOf(all, 2) });
  });
});
