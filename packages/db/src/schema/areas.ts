import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { coverageSchemes } from "@ansinh/domain/coverage";

/**
 * Administrative units, effective-dated. Codes are reused across eras (91 was Kiên Giang and is
 * An Giang since 2025-07-01), so a unit version is (code, valid_from); its parent is the unit
 * with `parent_code` in force on the same date.
 */
export const areas = pgTable(
  "areas",
  {
    id: serial("id").primaryKey(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    level: text("level", { enum: ["country", "province", "district", "commune"] }).notNull(),
    unitType: text("unit_type").notNull().default(""),
    parentCode: text("parent_code"),
    validFrom: date("valid_from", { mode: "string" }).notNull(),
    validTo: date("valid_to", { mode: "string" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("areas_code_valid_from_uq").on(t.code, t.validFrom),
    index("areas_parent_code_idx").on(t.parentCode),
    /** The era of a code on a day (aggregates, migration 0006): its versions ended before the day. */
    index("areas_code_valid_to_idx").on(t.code, t.validTo),
    check("areas_span_ck", sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
  ],
);

/** Population of a unit version for a year: total, and working age (the social-insurance base). */
export const populations = pgTable(
  "populations",
  {
    id: serial("id").primaryKey(),
    areaId: integer("area_id")
      .notNull()
      .references(() => areas.id, { onDelete: "cascade" }),
    year: integer("year").notNull(),
    total: bigint("total", { mode: "number" }).notNull(),
    workingAge: bigint("working_age", { mode: "number" }),
  },
  (t) => [uniqueIndex("populations_area_year_uq").on(t.areaId, t.year), check("populations_total_ck", sql`${t.total} >= 0`)],
);

/** The schemes a coverage figure is about: the domain's list. */
export const insuranceSchemes = coverageSchemes;

/**
 * Aggregate insured counts as the agency reports them: per unit, report date, scheme and insured
 * group (households, employees, the poor, children under 6, students …).
 */
export const coverageFigures = pgTable(
  "coverage_figures",
  {
    id: serial("id").primaryKey(),
    areaId: integer("area_id")
      .notNull()
      .references(() => areas.id, { onDelete: "cascade" }),
    asOf: date("as_of", { mode: "string" }).notNull(),
    scheme: text("scheme", { enum: insuranceSchemes }).notNull(),
    insuredGroup: text("insured_group").notNull(),
    insuredCount: bigint("insured_count", { mode: "number" }).notNull(),
  },
  (t) => [uniqueIndex("coverage_figures_uq").on(t.areaId, t.asOf, t.scheme, t.insuredGroup), check("coverage_figures_count_ck", sql`${t.insuredCount} >= 0`)],
);

/**
 * The old→new unit mapping of a reform (for 2025: pre-2025 communes, or districts without
 * communes, into the 2025 communes; the domain's `AreaMappingRow`). `old_valid_on` and
 * `new_valid_on` are dates on which each code is in force, because codes are reused across eras.
 */
export const areaMappings = pgTable(
  "area_mappings",
  {
    id: serial("id").primaryKey(),
    oldCode: text("old_code").notNull(),
    oldValidOn: date("old_valid_on", { mode: "string" }).notNull(),
    newCode: text("new_code").notNull(),
    newValidOn: date("new_valid_on", { mode: "string" }).notNull(),
    /** `full`: the whole old unit went into the new one; `partial`: part of it did. */
    overlap: text("overlap", { enum: ["full", "partial"] })
      .notNull()
      .default("full"),
    note: text("note"),
  },
  (t) => [uniqueIndex("area_mappings_uq").on(t.oldCode, t.oldValidOn, t.newCode, t.newValidOn), index("area_mappings_new_idx").on(t.newCode, t.newValidOn)],
);
