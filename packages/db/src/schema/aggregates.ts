import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, pgTable, primaryKey, smallint, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The dashboard's figures, kept incrementally: statement-level triggers on
 * `enrolments` and `payments` (migration 0006) update these tables in the same transaction as
 * every write — a form's, an import's, a merge's, a COPY's — so the dashboard never scans the
 * registry and never needs a nightly rebuild.
 *
 * Each figure is kept for the commune of the record AND each of its ancestors in force on the
 * record's date (so an area's own rows answer for its whole subtree), per `era_since`: codes are
 * reused across eras, and a unit version counts only the records dated on or after the day after
 * the previous version with its code ended (`era_since` ≥ that day; `-infinity` for records of a
 * code's first era). Each figure is kept at three grains — `y` (year), `m` (month), `d` (day),
 * `bucket` being the first day of the year, the month, or the day — so that a running total up to
 * any date reads at most the years before it, the months of its year before it and the days of
 * its month: a few dozen rows per area whatever the registry holds.
 */
export const aggregateGrains = ["y", "m", "d"] as const;

/** Enrolments (not cancelled) by start day: how many, and the amounts charged. */
export const enrolmentCounts = pgTable(
  "enrolment_counts",
  {
    areaCode: text("area_code").notNull(),
    eraSince: date("era_since", { mode: "string" }).notNull(),
    scheme: text("scheme").notNull(),
    kind: text("kind").notNull(),
    grain: text("grain", { enum: aggregateGrains }).notNull(),
    bucket: date("bucket", { mode: "string" }).notNull(),
    n: bigint("n", { mode: "number" }).notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.areaCode, t.scheme, t.grain, t.bucket, t.kind, t.eraSince] })],
);

/**
 * Changes of the number of participants covered (`active`: active or due) and lapsed, by the day
 * the change happens: the figure on a date is the sum of the changes up to it.
 */
export const coverageCounts = pgTable(
  "coverage_counts",
  {
    areaCode: text("area_code").notNull(),
    eraSince: date("era_since", { mode: "string" }).notNull(),
    scheme: text("scheme").notNull(),
    grain: text("grain", { enum: aggregateGrains }).notNull(),
    bucket: date("bucket", { mode: "string" }).notNull(),
    active: bigint("active", { mode: "number" }).notNull(),
    lapsed: bigint("lapsed", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.areaCode, t.scheme, t.grain, t.bucket, t.eraSince] })],
);

/**
 * Each participant's own changes of status in a scheme (what they add to `coverage_counts`), so a
 * write that touches them can take their old contribution out and put the new one in. `commune_code`
 * is the commune of their latest enrolment started by `day`, `ref_date` that enrolment's start.
 */
export const coverageChanges = pgTable(
  "coverage_changes",
  {
    participantId: bigint("participant_id", { mode: "number" }).notNull(),
    scheme: text("scheme").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    communeCode: text("commune_code").notNull(),
    refDate: date("ref_date", { mode: "string" }).notNull(),
    active: smallint("active").notNull(),
    lapsed: smallint("lapsed").notNull(),
  },
  (t) => [index("coverage_changes_participant_idx").on(t.participantId, t.scheme)],
);

/** Enrolments (not cancelled) attributed to each outreach event, per scheme: the funnel. */
export const eventEnrolmentCounts = pgTable(
  "event_enrolment_counts",
  {
    eventId: integer("event_id").notNull(),
    scheme: text("scheme").notNull(),
    n: bigint("n", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.scheme] })],
);

/** Rate-limit windows shared by every API process (sign-in, change-password). */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").primaryKey(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    count: integer("count").notNull(),
  },
  (t) => [check("rate_limits_count_ck", sql`${t.count} >= 0`)],
);

export const coverageStates = ["not_started", "covered", "lapsed"] as const;

/**
 * Each participant's coverage per scheme as the domain's `coverageStatus` (registry/
 * status.ts) sees it on every day: the days of time split into segments, one row each — before
 * the first covered day (`not_started`, `next_from` = the first covered day, if paid), each run of
 * covered days (`covered`, `covered_until` = its last day), each gap after a run (`lapsed`,
 * `covered_until` = the last covered day, `next_from` = the start of a later paid run). Exactly one
 * row of an enrolled scheme holds any day (`seg_from` ≤ day ≤ `seg_to`, with ±infinity at the
 * ends), so a status on a date is one index probe: covered → `due` when `covered_until` − date ≤
 * the window, else `active`. Kept by `ansinh_refresh_participant_coverage` from the same
 * statement-level triggers (and rebuild) as the dashboard's aggregates; checked against the
 * domain by apps/api/test/registry-status.test.ts.
 */
export const participantCoverage = pgTable(
  "participant_coverage",
  {
    participantId: bigint("participant_id", { mode: "number" }).notNull(),
    scheme: text("scheme").notNull(),
    /** The participant's commune (kept by a trigger on participants): lists scope on it through the index. */
    communeCode: text("commune_code").notNull(),
    segFrom: date("seg_from", { mode: "string" }).notNull(),
    segTo: date("seg_to", { mode: "string" }).notNull(),
    state: text("state", { enum: coverageStates }).notNull(),
    coveredUntil: date("covered_until", { mode: "string" }),
    nextFrom: date("next_from", { mode: "string" }),
  },
  (t) => [
    primaryKey({ columns: [t.participantId, t.scheme, t.segFrom] }),
    // The status filters and renewals: the segments holding a date, by state, as an index range —
    // nationally, and per commune in scope.
    index("participant_coverage_state_idx").on(t.state, t.segTo, t.segFrom, t.participantId, t.scheme),
    index("participant_coverage_commune_state_idx").on(t.communeCode, t.state, t.segTo, t.segFrom, t.participantId),
    // Renewals by date: the segments of a state in order of their last covered day (keyset).
    index("participant_coverage_state_until_idx").on(t.state, t.coveredUntil, t.participantId, t.scheme, t.segFrom, t.segTo),
  ],
);

/**
 * Retention, kept incrementally like the figures above: for each participant, scheme
 * and period — a calendar year (`y`) or month (`m`), `bucket` its first day — the domain's
 * `retention` of that period (registry/retention.ts): E = the latest end of cover (`cover_to` of a
 * payment of an enrolment not cancelled) in the period; renewed within 30 / 90 days when another
 * payment covers beyond E and was received by E + 30 / 90; left out of a window (0 in both its
 * columns) when the person's eligibility ended by E + N. Each row is what the person adds to
 * `retention_counts`, so a write that touches them takes it out and puts the new one in.
 * Attributed to the payment whose cover ended: its agent, its enrolment's collector and commune
 * (with that enrolment's start as the day the commune code is read on), and the latest contact
 * outcome recorded on the item (the person, the scheme and E) — what explains a loss.
 */
export const retentionItems = pgTable(
  "retention_items",
  {
    participantId: bigint("participant_id", { mode: "number" }).notNull(),
    scheme: text("scheme").notNull(),
    grain: text("grain", { enum: ["y", "m"] }).notNull(),
    bucket: date("bucket", { mode: "string" }).notNull(),
    endDay: date("end_day", { mode: "string" }).notNull(),
    communeCode: text("commune_code").notNull(),
    refDate: date("ref_date", { mode: "string" }).notNull(),
    /** 0: no agent. */
    agentId: integer("agent_id").notNull(),
    /** '': no collector. */
    collectorId: text("collector_id").notNull(),
    /** '': no outcome recorded on the item. */
    outcome: text("outcome").notNull(),
    ended30: smallint("ended30").notNull(),
    renewed30: smallint("renewed30").notNull(),
    ended90: smallint("ended90").notNull(),
    renewed90: smallint("renewed90").notNull(),
  },
  (t) => [index("retention_items_participant_idx").on(t.participantId, t.scheme)],
);

/**
 * The sums of `retention_items` per unit path (the commune and its ancestors, and after a reform
 * the unit that took over its territory: `ansinh_record_paths`, as `coverage_counts`), era, scheme,
 * period, agent, collector and outcome: an area's figure for a period is the sum of its rows,
 * per agent or collector a GROUP BY of them, the losses by reason `ended90 − renewed90` per outcome.
 */
export const retentionCounts = pgTable(
  "retention_counts",
  {
    areaCode: text("area_code").notNull(),
    eraSince: date("era_since", { mode: "string" }).notNull(),
    scheme: text("scheme").notNull(),
    grain: text("grain", { enum: ["y", "m"] }).notNull(),
    bucket: date("bucket", { mode: "string" }).notNull(),
    agentId: integer("agent_id").notNull(),
    collectorId: text("collector_id").notNull(),
    outcome: text("outcome").notNull(),
    ended30: bigint("ended30", { mode: "number" }).notNull(),
    renewed30: bigint("renewed30", { mode: "number" }).notNull(),
    ended90: bigint("ended90", { mode: "number" }).notNull(),
    renewed90: bigint("renewed90", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ name: "retention_counts_pk", columns: [t.areaCode, t.scheme, t.grain, t.bucket, t.eraSince, t.agentId, t.collectorId, t.outcome] })],
);
