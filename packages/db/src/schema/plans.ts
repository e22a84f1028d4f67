import { sql } from "drizzle-orm";
import { bigint, bigserial, check, date, index, integer, jsonb, numeric, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { user } from "./auth.js";
import { campaigns } from "./registry.js";

/**
 * Targets (chỉ tiêu, RULES §6): scheme × area × period × measure × value, of three kinds — the
 * annual plan, a campaign's minimum per area, a milestone (a share of the plan by a date).
 */
export const targetKinds = ["plan", "minimum", "milestone"] as const;
export const targetMeasures = ["new_participants", "active_participants", "coverage_percent"] as const;
/** Count measures use a registry scheme; coverage % uses a coverage scheme (health / social insurance). */
export const targetSchemes = ["voluntary_social_insurance", "household_health_insurance", "health_insurance", "social_insurance"] as const;

export const targets = pgTable(
  "targets",
  {
    id: serial("id").primaryKey(),
    provinceCode: text("province_code").notNull(),
    /** The unit the target is for, as of `area_valid_on` (the period's start): codes are reused across eras. */
    areaCode: text("area_code").notNull(),
    areaValidOn: date("area_valid_on", { mode: "string" }).notNull(),
    scheme: text("scheme", { enum: targetSchemes }).notNull(),
    measure: text("measure", { enum: targetMeasures }).notNull(),
    kind: text("kind", { enum: targetKinds }).notNull(),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    periodEnd: date("period_end", { mode: "string" }).notNull(),
    /** Participants (an integer) or a coverage percentage (up to two decimals). */
    value: numeric("value", { precision: 14, scale: 2, mode: "number" }).notNull(),
    /** Milestones: the share of the plan (0…1) due by `milestone_by`. */
    share: numeric("share", { precision: 6, scale: 4, mode: "number" }),
    milestoneBy: date("milestone_by", { mode: "string" }),
    /** Which enrolment kinds count (default new + returning). */
    countsKinds: text("counts_kinds")
      .array()
      .notNull()
      .default(sql`'{new,returning}'::text[]`),
    /** A campaign's minimum belongs to its campaign. */
    campaignId: integer("campaign_id").references(() => campaigns.id, { onDelete: "cascade" }),
    /** The target this one was allocated from (a province's plan for a district's). */
    parentId: integer("parent_id"),
    /** How an allocated value was reached: `{ basis, weight, by }`. */
    allocation: jsonb("allocation"),
    note: text("note"),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    updatedBy: text("updated_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Optimistic concurrency: an edit names the version it read; a stale one is a conflict. */
    version: integer("version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("targets_identity_uq").on(
      t.areaCode,
      t.areaValidOn,
      t.scheme,
      t.measure,
      t.kind,
      t.periodStart,
      t.periodEnd,
      sql`coalesce(${t.campaignId}, 0)`,
      sql`coalesce(${t.milestoneBy}, '0001-01-01'::date)`,
    ),
    index("targets_province_period_idx").on(t.provinceCode, t.periodStart),
    index("targets_parent_idx").on(t.parentId),
    index("targets_campaign_idx")
      .on(t.campaignId)
      .where(sql`${t.campaignId} is not null`),
    index("targets_created_by_idx")
      .on(t.createdBy)
      .where(sql`${t.createdBy} is not null`),
    index("targets_updated_by_idx")
      .on(t.updatedBy)
      .where(sql`${t.updatedBy} is not null`),
    check("targets_period_ck", sql`${t.periodEnd} >= ${t.periodStart}`),
    check("targets_value_ck", sql`${t.value} >= 0`),
  ],
);

export const figureImportKinds = ["population", "insured"] as const;
export const figureImportStatuses = ["dry_run", "done", "failed"] as const;

/**
 * An import of outside figures: population (total and working age per area and year) or insured
 * counts by group (the agency's coverage reports). The same file again is the same batch.
 */
export const figureImportBatches = pgTable(
  "figure_import_batches",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    kind: text("kind", { enum: figureImportKinds }).notNull(),
    fileName: text("file_name").notNull(),
    fileHash: text("file_hash").notNull(),
    status: text("status", { enum: figureImportStatuses }).notNull(),
    totalRows: integer("total_rows").notNull().default(0),
    imported: integer("imported").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("figure_import_batches_file_uq")
      .on(t.kind, t.fileHash)
      .where(sql`${t.status} = 'done'`),
    index("figure_import_batches_created_idx").on(t.createdAt),
    index("figure_import_batches_created_by_idx")
      .on(t.createdBy)
      .where(sql`${t.createdBy} is not null`),
  ],
);

export const figureImportOutcomes = ["imported", "unchanged", "rejected"] as const;

/** One line of a figures file and what became of it. */
export const figureImportRows = pgTable(
  "figure_import_rows",
  {
    batchId: bigint("batch_id", { mode: "number" })
      .notNull()
      .references(() => figureImportBatches.id, { onDelete: "cascade" }),
    line: integer("line").notNull(),
    outcome: text("outcome", { enum: figureImportOutcomes }).notNull(),
    problems: jsonb("problems"),
    raw: jsonb("raw"),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.line] })],
);
