/**
 * Keeps the "Targets, progress, areas and coverage" section of README.md honest: each example
 * is run here and its output must appear in the README exactly as JSON.stringify(value, null, 2)
 * prints it.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ancestors,
  buildAreaMapping,
  buildAreaTree,
  descendants,
  mapFigures,
  pathOf,
  successorsOf,
  type AreaRow,
} from "../areas/index.js";
import { coverage, coverageAgainstTarget, rollUp } from "../coverage/index.js";
import { funnel } from "../outreach/index.js";
import { allocate, milestoneProgress, progress, rankAreas } from "./index.js";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const section = readme.slice(readme.indexOf("## Targets, progress, areas and coverage"));
const shows = (value: unknown) => {
  const json = JSON.stringify(value, null, 2);
  expect(section).toContain(`\`\`\`json\n${json}\n\`\`\``);
};

const before = { validFrom: "2025-03-01", validTo: "2025-06-30" };
const after = { validFrom: "2025-07-01", validTo: null };
const rows: AreaRow[] = [
  { code: "91", name: "Kiên Giang", level: "province", unitType: "Tỉnh", parentCode: null, ...before },
  { code: "913", name: "U Minh Thượng", level: "district", unitType: "Huyện", parentCode: "91", ...before },
  { code: "31027", name: "An Minh Bắc", level: "commune", unitType: "Xã", parentCode: "913", ...before },
  { code: "31066", name: "Minh Thuận", level: "commune", unitType: "Xã", parentCode: "913", ...before },
  { code: "91", name: "An Giang", level: "province", unitType: "Tỉnh", parentCode: null, ...after },
  { code: "31027", name: "U Minh Thượng", level: "commune", unitType: "Xã", parentCode: "91", ...after },
];

describe("README: targets, progress, areas and coverage", () => {
  it("has the section", () => {
    expect(readme).toContain("## Targets, progress, areas and coverage");
  });

  it("areas: buildAreaTree, pathOf, ancestors, descendants", () => {
    const june30 = buildAreaTree(rows, "2025-06-30");
    const july1 = buildAreaTree(rows, "2025-07-01");
    shows({
      before: pathOf(june30, "31027").map((n) => `${n.code} ${n.name}`),
      after: pathOf(july1, "31027").map((n) => `${n.code} ${n.name}`),
      ancestorsOf31066: ancestors(june30, "31066").map((n) => n.code),
      communesOf91: descendants(june30, "91", { level: "commune" }).map((n) => n.code),
    });
  });

  it("areas: successorsOf, mapFigures", () => {
    const mapping = buildAreaMapping([
      { oldCode: "31012", newCode: "31012" },
      { oldCode: "31015", newCode: "31012" },
      { oldCode: "31054", newCode: "31012" },
      { oldCode: "31057", newCode: "31012" },
      { oldCode: "31027", newCode: "31027" },
      { oldCode: "31066", newCode: "31027" },
      { oldCode: "00007", newCode: "00008" },
      { oldCode: "00007", newCode: "00025" },
    ]);
    shows(successorsOf("00007", mapping));
    const r = mapFigures(
      { "31012": 1200, "31015": 800, "31027": 950, "31054": 700, "31057": 640, "31066": 1010, "00007": 3001 },
      mapping,
      { split: "equal" },
    );
    shows({ figures: Object.fromEntries(r.figures), unmapped: r.unmapped, split: r.split });
  });

  it("targets: progress", () => {
    shows(progress({ target: 244, achieved: 366, period: { start: "2020-01-01", end: "2020-12-31" }, asOf: "2020-09-15" }));
    const curved = progress({
      target: 244,
      achieved: 61,
      period: { start: "2021-01-01", end: "2021-12-31" },
      asOf: "2021-06-30",
      curve: [1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 3, 3],
    });
    shows({ expectedToDate: curved.expectedToDate, status: curved.status, projectedAtEnd: curved.projectedAtEnd });
  });

  it("targets: milestoneProgress", () => {
    const m = milestoneProgress({
      target: 244,
      share: 0.5,
      by: "2020-06-30",
      period: { start: "2020-01-01", end: "2020-12-31" },
      achieved: 100,
      asOf: "2020-05-31",
    });
    shows({
      required: m.required,
      expectedToDate: m.expectedToDate,
      percent: m.percent,
      status: m.status,
      projectedAtEnd: m.projectedAtEnd,
      reached: m.reached,
      missed: m.missed,
      daysLeft: m.daysLeft,
    });
  });

  it("targets: allocate", () => {
    shows(
      allocate({
        total: 400,
        children: [
          { key: "908", weight: 125_000, min: 50 },
          { key: "913", weight: 70_000, min: 50 },
          { key: "914", weight: 20_000, min: 50 },
          { key: "915", weight: 61_000, min: 50, locked: 90 },
        ],
      }),
    );
  });

  it("targets: rankAreas", () => {
    shows(
      rankAreas(
        [
          { code: "908", percent: 86.5 },
          { code: "913", percent: 88 },
          { code: "914", percent: null },
          { code: "915", percent: 88 },
        ],
        "percent",
      ).map((r) => ({ code: r.item.code, rank: r.rank })),
    );
  });

  it("coverage: coverage, rollUp, coverageAgainstTarget", () => {
    shows(coverage({ insured: 61_600, population: 70_000 }));
    const tree = buildAreaTree(rows, "2025-06-30");
    const rolled = rollUp(tree, { "31027": { insured: 9_120, population: 10_000 }, "31066": { insured: 7_300, population: 9_000 } });
    shows(Object.fromEntries(rolled));
    shows(coverageAgainstTarget({ insured: 61_600, population: 70_000 }, 95.15));
  });

  it("outreach: funnel", () => {
    shows(funnel({ attendances: 969, enrolments: { voluntary_social_insurance: 80, household_health_insurance: 463 } }));
  });
});
