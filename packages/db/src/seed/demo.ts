import { and, eq } from "drizzle-orm";
import type { Db } from "../client.js";
import { insertAreaRows } from "../queries/areas.js";
import { areas, coverageFigures, populations } from "../schema/index.js";

/**
 * Demo data: Kiên Giang province (code 91) with its 15 district-level units as in 2020 (GSO
 * codes), valid until the 2025 reform. Populations are rounded to the district sizes of the 2019
 * census order of magnitude and the insured counts are illustrative, not official figures — except
 * U Minh Thượng, whose 88% health-insurance coverage is the one the seed article reports.
 */
export const DEMO_VALID_FROM = "2020-01-01";
export const DEMO_VALID_TO = "2025-06-30";
export const DEMO_REPORT_DATE = "2020-06-30";

const province = { code: "91", name: "Kiên Giang", unitType: "Tỉnh" };

/** [code, name, unit type, population 2020, health-insurance coverage in ‰] */
const districts: [string, string, string, number, number][] = [
  ["899", "Rạch Giá", "Thành phố", 228_000, 905],
  ["900", "Hà Tiên", "Thành phố", 82_000, 873],
  ["902", "Kiên Lương", "Huyện", 86_000, 861],
  ["903", "Hòn Đất", "Huyện", 168_000, 852],
  ["904", "Tân Hiệp", "Huyện", 143_000, 868],
  ["905", "Châu Thành", "Huyện", 148_000, 879],
  ["906", "Giồng Riềng", "Huyện", 200_000, 842],
  ["907", "Gò Quao", "Huyện", 131_000, 857],
  ["908", "An Biên", "Huyện", 121_000, 864],
  ["909", "An Minh", "Huyện", 110_000, 871],
  ["910", "Vĩnh Thuận", "Huyện", 90_000, 883],
  ["911", "Phú Quốc", "Thành phố", 180_000, 912],
  ["912", "Kiên Hải", "Huyện", 18_000, 934],
  ["913", "U Minh Thượng", "Huyện", 70_000, 880],
  ["914", "Giang Thành", "Huyện", 28_000, 896],
];

/** Shares (‰) of the insured by group; the last group takes the remainder so sums are exact. */
const groups: [string, number][] = [
  ["employees", 180],
  ["pensioners_and_allowances", 60],
  ["poor_near_poor_ethnic", 220],
  ["children_under_6", 120],
  ["students", 130],
  ["household", 250],
  ["other", 40],
];

export const demoDistricts = districts.map(([code, name, unitType, population, permille]) => ({
  code,
  name,
  unitType,
  population,
  insured: Math.round((population * permille) / 1000),
}));

export interface SeedResult {
  seeded: boolean;
}

/** Seeds the demo once; a second call finds the province and changes nothing. */
export async function seedDemo(db: Db): Promise<SeedResult> {
  const existing = await db
    .select({ id: areas.id })
    .from(areas)
    .where(and(eq(areas.code, province.code), eq(areas.validFrom, DEMO_VALID_FROM)));
  if (existing.length > 0) return { seeded: false };

  await db.transaction(async (tx) => {
    await insertAreaRows(tx, [
      { ...province, level: "province", parentCode: null, validFrom: DEMO_VALID_FROM, validTo: DEMO_VALID_TO },
      ...districts.map(([code, name, unitType]) => ({
        code,
        name,
        unitType,
        level: "district" as const,
        parentCode: province.code,
        validFrom: DEMO_VALID_FROM,
        validTo: DEMO_VALID_TO,
      })),
    ]);
    const ids = new Map(
      (await tx.select({ id: areas.id, code: areas.code }).from(areas).where(eq(areas.validFrom, DEMO_VALID_FROM))).map((r) => [r.code, r.id]),
    );
    for (const d of demoDistricts) {
      const areaId = ids.get(d.code)!;
      await tx
        .insert(populations)
        .values({ areaId, year: 2020, total: d.population, workingAge: Math.round(d.population * 0.64) })
        .onConflictDoNothing();
      let left = d.insured;
      const rows = groups.map(([insuredGroup, share], i) => {
        const count = i === groups.length - 1 ? left : Math.round((d.insured * share) / 1000);
        left -= count;
        return { areaId, asOf: DEMO_REPORT_DATE, scheme: "health_insurance" as const, insuredGroup, insuredCount: count };
      });
      await tx.insert(coverageFigures).values(rows).onConflictDoNothing();
    }
  });
  return { seeded: true };
}
