/**
 * Targets for the permission matrix (access.test.ts): a plan on U Minh Thượng (913) and one on
 * Phú Quốc (911) to read, update and allocate, pools to delete, and one mapping row so that the
 * mapped view has an era. Inputs are functions: each call of a creating sample is a new target.
 */
import { areaMappings, targets } from "@ansinh/db";
import { addDays } from "@ansinh/domain/dates";
import type { TestApp } from "./helpers.js";

const ids = { in: 0, out: 0, removeIn: [] as number[], removeOut: [] as number[] };
let serial = 0;

const plan = (areaCode: string, periodEnd = "2020-12-31") => ({
  provinceCode: "91",
  areaCode,
  areaValidOn: "2020-01-01",
  scheme: "voluntary_social_insurance" as const,
  measure: "new_participants" as const,
  kind: "plan" as const,
  periodStart: "2020-01-01",
  periodEnd,
  value: 100,
});

export async function seedTargetsAccess(t: TestApp) {
  const db = t.handle.db;
  const [a, b] = await db
    .insert(targets)
    .values([plan("913"), plan("911")])
    .returning({ id: targets.id });
  ids.in = a!.id;
  ids.out = b!.id;
  const pool = async (code: string) =>
    (
      await db
        .insert(targets)
        .values(Array.from({ length: 8 }, (_, i) => ({ ...plan(code, addDays("2020-11-01", i)), kind: "minimum" as const })))
        .returning({ id: targets.id })
    ).map((r) => r.id);
  ids.removeIn = await pool("913");
  ids.removeOut = await pool("911");
  await db.insert(areaMappings).values({ oldCode: "31012", oldValidOn: "2025-06-30", newCode: "31012", newValidOn: "2025-07-01" }).onConflictDoNothing();
}

const created = (areaCode: string) => ({
  areaCode,
  scheme: "household_health_insurance",
  measure: "new_participants",
  kind: "plan",
  periodStart: "2020-01-01",
  periodEnd: addDays("2021-01-01", ++serial),
  value: 10,
});

export const targetsAccessSamples = {
  "targets.list": { inScope: () => ({ areaCode: "913", year: 2020 }), outOfScope: () => ({ areaCode: "911", year: 2020 }) },
  "targets.get": { inScope: () => ({ id: ids.in }), outOfScope: () => ({ id: ids.out }) },
  "targets.create": { inScope: () => created("913"), outOfScope: () => created("911") },
  "targets.update": { inScope: () => ({ id: ids.in, version: 1 }), outOfScope: () => ({ id: ids.out, version: 1 }) },
  "targets.remove": { inScope: () => ({ id: ids.removeIn.shift() ?? 0, version: 1 }), outOfScope: () => ({ id: ids.removeOut.shift() ?? 0, version: 1 }) },
  "targets.copyFromLastYear": { inScope: () => ({ areaCode: "913", year: 2021 }), outOfScope: () => ({ areaCode: "911", year: 2021 }) },
  "targets.allocatePreview": { inScope: () => ({ parentId: ids.in, basis: "equal" }), outOfScope: () => ({ parentId: ids.out, basis: "equal" }) },
  "targets.allocateSave": {
    inScope: () => ({ parentId: ids.in, parentVersion: 1, basis: "equal" }),
    outOfScope: () => ({ parentId: ids.out, parentVersion: 1, basis: "equal" }),
  },
  "targets.mapped": {
    inScope: () => ({ areaCode: "913", year: 2020, scheme: "voluntary_social_insurance" }),
    outOfScope: () => ({ areaCode: "911", year: 2020, scheme: "voluntary_social_insurance" }),
  },
};
