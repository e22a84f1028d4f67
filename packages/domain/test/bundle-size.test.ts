/**
 * The cost of one import, budgeted: every check of `.size-limit.json` is bundled from the sources
 * as an app's bundler would and gzipped (see bundle-size.ts), and fails above its limit. The
 * functions people import on their own (masks, name and phone keys, identifiers, calculators,
 * dates, errors) must bring no zod at all: their schemas are separate and built by pure calls.
 * test/pack.test.ts runs size-limit with the same budgets on the built package.
 */
import { describe, expect, it } from "vitest";
import { modules } from "../tsup.config.js";
import { budgets, limitBytes, measure, sourceOf } from "./bundle-size.js";

/** Imports that must not pull zod into an app. */
const zodFree: [string, string][] = [
  ["dist/access/index.js", "{ maskPhone }"],
  ["dist/access/index.js", "{ maskPersonalId, can, capabilitiesAt, mayCollectFor, mayManageUser, staffDataVisibility, auditChanges, maskAuditValue }"],
  ["dist/registry/index.js", "{ normaliseName, displayName, diacriticFolding }"],
  ["dist/registry/index.js", "{ parsePhone, checkPhone, formatPhone }"],
  ["dist/identity/index.js", "{ parsePersonalId, checkPersonalId, checkSocialInsuranceNumber, personalIdProvinces }"],
  [
    "dist/contributions/index.js",
    "{ voluntaryContribution, householdHealthContribution, healthCardStart, safeVoluntaryContribution, safeHouseholdHealthContribution, safeHealthCardStart }",
  ],
  ["dist/rates/index.js", "{ ratesOn, rateRowOn, rateChangeDates, defaultRates }"],
  ["dist/areas/index.js", "{ buildAreaTree, ancestors, descendants, pathOf }"],
  ["dist/dates.js", "{ addDays, isIsoDate, parseIsoDate, todayInVietnam, parseDisplayDate }"],
  ["dist/errors.js", "{ DomainError, isDomainError, attempt }"],
];

describe("bundle budgets (.size-limit.json)", () => {
  it("has a budget for every entry point, in gzipped bytes", () => {
    const entries = modules.map((m) => `dist/${m}.js`).sort();
    expect([...new Set(budgets.map((b) => b.path))].sort()).toEqual(entries);
    for (const b of budgets) expect(b.gzip, b.name).toBe(true);
  });

  it("keeps the access, identity and string helpers within 3 kB and a calculator within 12 kB", () => {
    for (const b of budgets) {
      if (/\/(access|identity)|normaliseName/.test(b.name))
        expect(limitBytes(b.limit), b.name).toBeLessThanOrEqual(b.name.includes("checkPersonalId") ? 3_200 : 3_000);
      if (/Contribution|healthCardStart|ratesOn/.test(b.name)) expect(limitBytes(b.limit), b.name).toBeLessThanOrEqual(12_000);
    }
  });

  it.each(budgets.map((b) => [b.name, b] as const))("%s", async (_, b) => {
    const m = await measure(sourceOf(b.path), b.import);
    expect(m.gzipped, `${b.name}: ${m.gzipped} B gzipped (${m.minified} B minified) over ${b.limit}`).toBeLessThanOrEqual(limitBytes(b.limit));
  });
});

describe("imports that bring no zod", () => {
  it.each(zodFree)("%s %s", async (path, names) => {
    const m = await measure(sourceOf(path), names);
    expect(m.modules.filter((x) => x.includes("zod"))).toEqual([]);
  });

  it("notices zod where a schema is imported (the check can fail)", async () => {
    const m = await measure(sourceOf("dist/access/index.js"), "{ roleAssignmentSchema }");
    expect(m.modules.some((x) => x.includes("zod"))).toBe(true);
    expect(m.gzipped).toBeGreaterThan(50_000);
  });
});
