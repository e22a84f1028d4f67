import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { schemes } from "@ansinh/domain/eligibility";
import { genders } from "@ansinh/domain/identity";
import { user } from "./auth.js";

/**
 * The enrolment registry. Every row that belongs to a place carries `province_code`,
 * the code of the province in force on the row's own date (the enrolment's start, the payment's
 * receipt), so the tables can later be partitioned or distributed by province.
 * Codes of units are stored with the date they were checked on: codes are reused across eras
 * (91 was Kiên Giang, is An Giang since 2025-07-01), so never join on a code alone.
 */

/** The domain's two schemes. */
export const registrySchemes = schemes;
export const agentKinds = ["post_office", "commune_agent", "partner", "online"] as const;
export const enrolmentKinds = ["new", "renewal", "returning"] as const;
export const enrolmentStatuses = ["active", "cancelled"] as const;
export const enrolmentSources = ["form", "import", "demo"] as const;
export const duplicateReviewStatuses = ["open", "merged", "dismissed"] as const;
export const importBatchStatuses = ["dry_run", "queued", "running", "done", "failed", "cancelled"] as const;
export const importRowOutcomes = ["imported", "duplicate", "rejected"] as const;
export const jobStatuses = ["queued", "running", "done", "failed", "cancelled"] as const;

/** Initial health-care facilities (nơi đăng ký KCB ban đầu), per province, effective-dated like units. */
export const facilities = pgTable(
  "facilities",
  {
    id: serial("id").primaryKey(),
    /** 5 digits: 2-digit (pre-2025) province + 3-digit facility. */
    code: text("code").notNull(),
    name: text("name").notNull(),
    provinceCode: text("province_code").notNull(),
    validFrom: date("valid_from", { mode: "string" }).notNull(),
    validTo: date("valid_to", { mode: "string" }),
  },
  (t) => [uniqueIndex("facilities_code_valid_from_uq").on(t.code, t.validFrom), index("facilities_province_idx").on(t.provinceCode)],
);

/** Collection agents: a post-office branch, a commune agent, a partner (a Women's Union chapter), online. */
export const agents = pgTable(
  "agents",
  {
    id: serial("id").primaryKey(),
    name: text("name").notNull(),
    kind: text("kind", { enum: agentKinds }).notNull(),
    provinceCode: text("province_code").notNull(),
    /** The area the agent works in (its subtree), as of `area_valid_on`. */
    areaCode: text("area_code").notNull(),
    areaValidOn: date("area_valid_on", { mode: "string" }).notNull(),
    active: boolean("active").notNull().default(true),
    /** The import column mapping last used by this agent, per scheme: keyed by scheme. */
    importMapping: jsonb("import_mapping"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [uniqueIndex("agents_province_name_uq").on(t.provinceCode, t.name), index("agents_area_idx").on(t.areaCode)],
);

/** The collectors (users with the collector role) who work for an agent. */
export const agentCollectors = pgTable(
  "agent_collectors",
  {
    agentId: integer("agent_id")
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.userId] }), index("agent_collectors_user_idx").on(t.userId)],
);

/** A household for household health insurance (mã hộ gia đình): the unit whose ranks price each member. */
export const households = pgTable(
  "households",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    provinceCode: text("province_code").notNull(),
    /** Mã hộ gia đình, as the agency issued it. */
    code: text("code").notNull(),
    communeCode: text("commune_code").notNull(),
    communeValidOn: date("commune_valid_on", { mode: "string" }).notNull(),
    address: text("address"),
    headParticipantId: bigint("head_participant_id", { mode: "number" }).references((): AnyPgColumn => participants.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("households_code_uq").on(t.code),
    index("households_province_idx").on(t.provinceCode),
    index("households_head_idx")
      .on(t.headParticipantId)
      .where(sql`${t.headParticipantId} is not null`),
  ],
);

/** A person in the registry. */
export const participants = pgTable(
  "participants",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    provinceCode: text("province_code").notNull(),
    /** Số định danh cá nhân (12 digits), checked by `domain/identity` against birth date and gender. */
    personalId: text("personal_id").notNull(),
    socialInsuranceNumber: text("social_insurance_number"),
    /** As shown (`displayName`). */
    fullName: text("full_name").notNull(),
    /** `normaliseName(fullName)`: lower case, no diacritics, đ → d, single spaces; for search and duplicates. */
    nameKey: text("name_key").notNull(),
    birthDate: date("birth_date", { mode: "string" }).notNull(),
    gender: text("gender", { enum: genders }).notNull(),
    ethnicity: text("ethnicity"),
    /** Canonical national form (`parsePhone`), or null. */
    phone: text("phone"),
    communeCode: text("commune_code").notNull(),
    communeValidOn: date("commune_valid_on", { mode: "string" }).notNull(),
    householdId: bigint("household_id", { mode: "number" }).references(() => households.id, { onDelete: "set null" }),
    /** Relationship to the household head (chủ hộ, vợ, con…). */
    relationship: text("relationship"),
    /** Joined the household (its rank's order within the year). */
    householdJoinedOn: date("household_joined_on", { mode: "string" }),
    /** Set when this record was merged into another; its enrolments moved there. */
    mergedIntoId: bigint("merged_into_id", { mode: "number" }).references((): AnyPgColumn => participants.id),
    /** Set by a contact outcome that ends eligibility (died, joined compulsory insurance): off the worklists and retention's denominators. */
    eligibilityEndedOn: date("eligibility_ended_on", { mode: "string" }),
    eligibilityEndedBy: text("eligibility_ended_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    uniqueIndex("participants_personal_id_uq").on(t.personalId),
    uniqueIndex("participants_si_number_uq")
      .on(t.socialInsuranceNumber)
      .where(sql`${t.socialInsuranceNumber} is not null`),
    index("participants_name_birth_commune_idx").on(t.nameKey, t.birthDate, t.communeCode),
    /** Name search (`name_key like '%key%'`) at a million participants: trigrams (pg_trgm). */
    index("participants_name_key_trgm_idx").using("gin", sql`${t.nameKey} gin_trgm_ops`),
    index("participants_phone_birth_idx").on(t.phone, t.birthDate),
    index("participants_province_commune_idx").on(t.provinceCode, t.communeCode),
    index("participants_household_idx").on(t.householdId),
    // Keyset pagination of the participants list: each sort key, then the id.
    index("participants_name_id_idx").on(t.nameKey, t.id),
    // The lists scope on communes (a province is a set of them).
    index("participants_commune_idx").on(t.communeCode),
    index("participants_birth_id_idx").on(t.birthDate, t.id),
    index("participants_created_id_idx").on(t.createdAt, t.id),
    index("participants_merged_into_idx")
      .on(t.mergedIntoId)
      .where(sql`${t.mergedIntoId} is not null`),
  ],
);

export const outreachEventTypes = ["launch_ceremony", "communication_session", "parade", "door_to_door", "consultation"] as const;

/**
 * An outreach campaign (đợt vận động): a name, a theme, a period, the areas it covers (codes as of
 * `areas_valid_on`, the period's start) and its partner organisations.
 */
export const campaigns = pgTable(
  "campaigns",
  {
    id: serial("id").primaryKey(),
    name: text("name").notNull(),
    provinceCode: text("province_code").notNull(),
    theme: text("theme"),
    startDate: date("start_date", { mode: "string" }).notNull().default("2000-01-01"),
    endDate: date("end_date", { mode: "string" }).notNull().default("2000-01-01"),
    /** Unit codes the campaign covers, checked on `areas_valid_on`. */
    areaCodes: text("area_codes")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    areasValidOn: date("areas_valid_on", { mode: "string" }).notNull().default("2000-01-01"),
    /** Partner organisations (Hội Liên hiệp Phụ nữ, Đoàn Thanh niên, Bưu điện…). */
    partners: text("partners")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("campaigns_province_start_idx").on(t.provinceCode, t.startDate),
    index("campaigns_created_by_idx")
      .on(t.createdBy)
      .where(sql`${t.createdBy} is not null`),
    check("campaigns_period_ck", sql`${t.endDate} >= ${t.startDate}`),
  ],
);

/** An outreach event of a campaign (or on its own): a launch ceremony, a session, a parade… */
export const outreachEvents = pgTable(
  "outreach_events",
  {
    id: serial("id").primaryKey(),
    campaignId: integer("campaign_id").references(() => campaigns.id, { onDelete: "set null" }),
    provinceCode: text("province_code").notNull(),
    type: text("type", { enum: outreachEventTypes }).notNull().default("communication_session"),
    title: text("title").notNull().default(""),
    eventDate: date("event_date", { mode: "string" }).notNull().default("2000-01-01"),
    /** The unit the event took place in, as of `event_date`. */
    areaCode: text("area_code").notNull().default(""),
    organiser: text("organiser"),
    partner: text("partner"),
    /** Person-times (lượt người): one person attending twice counts twice. */
    attendances: integer("attendances").notNull().default(0),
    notes: text("notes"),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("outreach_events_campaign_idx").on(t.campaignId, t.eventDate),
    index("outreach_events_province_date_idx").on(t.provinceCode, t.eventDate),
    index("outreach_events_area_idx").on(t.areaCode, t.eventDate),
    index("outreach_events_created_by_idx")
      .on(t.createdBy)
      .where(sql`${t.createdBy} is not null`),
    check("outreach_events_attendances_ck", sql`${t.attendances} >= 0`),
  ],
);

/** An enrolment: a participant in a scheme from a month, with the breakdown as charged. */
export const enrolments = pgTable(
  "enrolments",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    provinceCode: text("province_code").notNull(),
    participantId: bigint("participant_id", { mode: "number" })
      .notNull()
      .references(() => participants.id),
    scheme: text("scheme", { enum: registrySchemes }).notNull(),
    kind: text("kind", { enum: enrolmentKinds }).notNull(),
    /** First month covered (`YYYY-MM-01`) for voluntary SI; the card's first day for household HI. */
    startDate: date("start_date", { mode: "string" }).notNull(),
    /** Months paid at once (1, 3, 6, 12, or 24–60 in advance). */
    months: smallint("months").notNull(),
    /** Voluntary: chosen monthly income, VND. */
    monthlyIncome: bigint("monthly_income", { mode: "number" }),
    supportGroups: text("support_groups")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** How the support group came: stated by the collector, inferred from the amount paid, or none claimed (voluntary). */
    supportClaim: text("support_claim", { enum: ["stated", "inferred", "none"] }),
    /** The evidence of a poor / near-poor claim (certificate number, the commune's certified list). */
    supportEvidence: text("support_evidence"),
    /** Household: the member's rank in the household that year (STT hộ). */
    householdRank: smallint("household_rank"),
    householdId: bigint("household_id", { mode: "number" }).references(() => households.id, { onDelete: "set null" }),
    facilityCode: text("facility_code"),
    /** The breakdown as charged (the domain's result), and the effective date of the rates used. */
    breakdown: jsonb("breakdown").notNull(),
    ratesEffectiveFrom: date("rates_effective_from", { mode: "string" }).notNull(),
    /** Net amount charged, VND. */
    amount: bigint("amount", { mode: "number" }).notNull(),
    communeCode: text("commune_code").notNull(),
    agentId: integer("agent_id").references(() => agents.id),
    collectorId: text("collector_id").references(() => user.id, { onDelete: "set null" }),
    campaignId: integer("campaign_id").references(() => campaigns.id, { onDelete: "set null" }),
    outreachEventId: integer("outreach_event_id").references(() => outreachEvents.id, { onDelete: "set null" }),
    status: text("status", { enum: enrolmentStatuses }).notNull().default("active"),
    source: text("source", { enum: enrolmentSources }).notNull(),
    importBatchId: bigint("import_batch_id", { mode: "number" }).references((): AnyPgColumn => importBatches.id, { onDelete: "set null" }),
    importLine: integer("import_line"),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("enrolments_participant_idx").on(t.participantId),
    index("enrolments_province_scheme_start_idx").on(t.provinceCode, t.scheme, t.startDate),
    index("enrolments_commune_idx").on(t.communeCode, t.startDate),
    index("enrolments_agent_idx").on(t.agentId, t.startDate),
    index("enrolments_event_idx")
      .on(t.outreachEventId)
      .where(sql`${t.outreachEventId} is not null`),
    index("enrolments_campaign_idx")
      .on(t.campaignId)
      .where(sql`${t.campaignId} is not null`),
    index("enrolments_household_idx")
      .on(t.householdId)
      .where(sql`${t.householdId} is not null`),
    index("enrolments_collector_idx")
      .on(t.collectorId)
      .where(sql`${t.collectorId} is not null`),
    index("enrolments_created_by_idx")
      .on(t.createdBy)
      .where(sql`${t.createdBy} is not null`),
    // The registry lists page enrolments by these keys (keyset pagination).
    index("enrolments_start_id_idx").on(t.startDate, t.id),
    index("enrolments_created_id_idx").on(t.createdAt, t.id),
    // The enrolments list's "claims without evidence" filter (the domain's
    // claimLacksEvidence, see queries/registry-enrolments.ts): few rows, paged by start date.
    index("enrolments_claim_without_evidence_idx")
      .on(t.startDate, t.id)
      .where(sql`${t.supportGroups} && ARRAY['poor','near_poor']::text[] and (${t.supportEvidence} is null or ${t.supportEvidence} !~ '\\S')`),
    uniqueIndex("enrolments_import_line_uq")
      .on(t.importBatchId, t.importLine)
      .where(sql`${t.importBatchId} is not null`),
    check("enrolments_months_ck", sql`${t.months} between 1 and 1200`),
    check("enrolments_amount_ck", sql`${t.amount} >= 0`),
  ],
);

/** A payment: the period it covers, the amount and the receipt. Status (active / due / lapsed) is derived by the domain. */
export const payments = pgTable(
  "payments",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    provinceCode: text("province_code").notNull(),
    enrolmentId: bigint("enrolment_id", { mode: "number" })
      .notNull()
      .references(() => enrolments.id, { onDelete: "cascade" }),
    /** Denormalised from the enrolment, for status and renewal lists without a join. */
    participantId: bigint("participant_id", { mode: "number" })
      .notNull()
      .references(() => participants.id),
    /** First covered day (`YYYY-MM-DD`; a month's first day for voluntary SI). */
    coverFrom: date("cover_from", { mode: "string" }).notNull(),
    months: smallint("months").notNull(),
    /** Last covered day (`periodEnd`), stored so renewals are an index range. */
    coverTo: date("cover_to", { mode: "string" }).notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    receiptDate: date("receipt_date", { mode: "string" }).notNull(),
    receiptNumber: text("receipt_number").notNull(),
    agentId: integer("agent_id")
      .notNull()
      .references(() => agents.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("payments_agent_receipt_uq").on(t.agentId, t.receiptNumber),
    index("payments_participant_idx").on(t.participantId, t.coverTo),
    index("payments_province_cover_to_idx").on(t.provinceCode, t.coverTo),
    index("payments_enrolment_idx").on(t.enrolmentId, t.receiptDate, t.id),
    check("payments_amount_ck", sql`${t.amount} >= 0`),
    check("payments_months_ck", sql`${t.months} between 1 and 1200`),
  ],
);

/** Likely duplicates waiting for an admin: merge or dismiss. A merge is recorded so it can be undone. */
export const duplicateReviews = pgTable(
  "duplicate_reviews",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    provinceCode: text("province_code").notNull(),
    /** The newer record. */
    participantId: bigint("participant_id", { mode: "number" })
      .notNull()
      .references(() => participants.id),
    /** The record it looks like. */
    matchId: bigint("match_id", { mode: "number" })
      .notNull()
      .references(() => participants.id),
    score: smallint("score").notNull(),
    reasons: jsonb("reasons").notNull(),
    status: text("status", { enum: duplicateReviewStatuses }).notNull().default("open"),
    /** What a merge moved (enrolment and payment ids, the merged record's fields), to undo it. */
    mergeRecord: jsonb("merge_record"),
    decidedBy: text("decided_by").references(() => user.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("duplicate_reviews_pair_uq").on(t.participantId, t.matchId),
    index("duplicate_reviews_province_status_idx").on(t.provinceCode, t.status),
    index("duplicate_reviews_match_idx").on(t.matchId),
    index("duplicate_reviews_decided_by_idx")
      .on(t.decidedBy)
      .where(sql`${t.decidedBy} is not null`),
    // The queue's keyset order: highest score first, then oldest first.
    index("duplicate_reviews_queue_idx").on(t.status, sql`((-${t.score})::bigint)`, t.id),
  ],
);

/** An import of an agent's list (D03-TS / D05-TS): a dry run or a real run, and its counts. */
export const importBatches = pgTable(
  "import_batches",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    agentId: integer("agent_id")
      .notNull()
      .references(() => agents.id),
    provinceCode: text("province_code").notNull(),
    scheme: text("scheme", { enum: registrySchemes }).notNull(),
    fileName: text("file_name").notNull(),
    /** sha256 of the file's bytes: the same file again is the same batch (idempotence). */
    fileHash: text("file_hash").notNull(),
    /** Where the uploaded file is kept until the batch is done (a path under the data directory). */
    filePath: text("file_path"),
    mapping: jsonb("mapping"),
    status: text("status", { enum: importBatchStatuses }).notNull(),
    totalRows: integer("total_rows"),
    processedRows: integer("processed_rows").notNull().default(0),
    imported: integer("imported").notNull().default(0),
    duplicates: integer("duplicates").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    error: text("error"),
    createdBy: text("created_by").references(() => user.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("import_batches_agent_file_uq")
      .on(t.agentId, t.scheme, t.fileHash)
      .where(sql`${t.status} <> 'dry_run'`),
    index("import_batches_agent_idx").on(t.agentId, t.createdAt),
    index("import_batches_created_by_idx")
      .on(t.createdBy)
      .where(sql`${t.createdBy} is not null`),
    // The import history, newest first, by keyset.
    index("import_batches_created_idx").on(t.createdAt, t.id),
  ],
);

/** One line of an imported file and what became of it: the per-row report. */
export const importRows = pgTable(
  "import_rows",
  {
    batchId: bigint("batch_id", { mode: "number" })
      .notNull()
      .references(() => importBatches.id, { onDelete: "cascade" }),
    /** The line number in the file (the header is line 1). */
    line: integer("line").notNull(),
    outcome: text("outcome", { enum: importRowOutcomes }).notNull(),
    /** `[{ code, path, vi, en }]` for rejected and duplicate rows. */
    problems: jsonb("problems"),
    participantId: bigint("participant_id", { mode: "number" }),
    enrolmentId: bigint("enrolment_id", { mode: "number" }),
    /** The row as read (after mapping), to show and to download with the report. */
    raw: jsonb("raw"),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.line] })],
);

/** A table-backed job queue (works on PGlite and PostgreSQL): long work survives a restart. */
export const jobs = pgTable(
  "jobs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    kind: text("kind").notNull(),
    payload: jsonb("payload").notNull(),
    status: text("status", { enum: jobStatuses }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("jobs_status_idx").on(t.status, t.createdAt)],
);

/**
 * The bulk import's staging table (apps/api/src/services/bulk-import.ts): every line of a batch's
 * file, checked and decided in Node, streamed in with COPY; duplicates within the file are marked
 * here set-based, and chunks of lines are merged into the registry from it. UNLOGGED (set in the
 * migration): nothing in it that the batch's file cannot give again — a PostgreSQL crash empties
 * it and the import stages the file again, then resumes after its last committed line. A batch's
 * rows are deleted when it is done.
 */
export const importStaging = pgTable(
  "import_staging",
  {
    batchId: bigint("batch_id", { mode: "number" }).notNull(),
    line: integer("line").notNull(),
    /** R: refused by the row check; I: a malformed command; X: refused by the write path's rules for a new person; G: good for a new person. */
    state: text("state").notNull(),
    /** The line names a campaign or event (checked by the write path, line by line). */
    attributed: boolean("attributed").notNull().default(false),
    problems: jsonb("problems"),
    raw: jsonb("raw"),
    receipt: text("receipt"),
    personalId: text("personal_id"),
    sin: text("sin"),
    /** Set when an earlier accepted line of the file has the same receipt (receiptNumber) or personal ID (personalId). */
    dupField: text("dup_field"),
    dupLine: integer("dup_line"),
    /** Two people of the file give this social-insurance number. */
    sinShared: boolean("sin_shared").notNull().default(false),
    provinceCode: text("province_code"),
    fullName: text("full_name"),
    nameKey: text("name_key"),
    birthDate: date("birth_date", { mode: "string" }),
    gender: text("gender"),
    ethnicity: text("ethnicity"),
    phone: text("phone"),
    communeCode: text("commune_code"),
    receiptDate: date("receipt_date", { mode: "string" }),
    months: smallint("months"),
    monthlyIncome: bigint("monthly_income", { mode: "number" }),
    supportGroups: text("support_groups").array(),
    breakdown: jsonb("breakdown"),
    ratesFrom: date("rates_from", { mode: "string" }),
    amount: bigint("amount", { mode: "number" }),
    amountPaid: bigint("amount_paid", { mode: "number" }),
    startDate: date("start_date", { mode: "string" }),
    coverTo: date("cover_to", { mode: "string" }),
    kind: text("kind"),
    supportClaim: text("support_claim"),
    supportEvidence: text("support_evidence"),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.line] })],
);

/**
 * The social-insurance fund's average monthly investment return of a year (docs/rules.md §2): an
 * advance payment for several years received in year Y is discounted at the return of Y − 1.
 * Set by a national administrator when the fund publishes it; never taken from a collector.
 */
export const fundReturns = pgTable(
  "fund_returns",
  {
    year: smallint("year").primaryKey(),
    /** A decimal per month (0.005 = 0.5% a month). */
    monthlyRate: numeric("monthly_rate", { precision: 8, scale: 6, mode: "number" }).notNull(),
    source: text("source").notNull(),
    setBy: text("set_by").references(() => user.id, { onDelete: "set null" }),
    setAt: timestamp("set_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("fund_returns_set_by_idx").on(t.setBy),
    check("fund_returns_rate_ck", sql`${t.monthlyRate} >= 0 and ${t.monthlyRate} <= 0.02`),
    check("fund_returns_year_ck", sql`${t.year} between 1995 and 2200`),
  ],
);
