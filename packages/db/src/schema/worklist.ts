import { sql } from "drizzle-orm";
import { bigint, bigserial, check, date, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { contactOutcomes } from "@ansinh/domain/registry";
import { user } from "./auth.js";
import { agents, participants } from "./registry.js";

/**
 * What happened when a collector contacted a person on their worklist, one row per
 * contact, never edited. An outcome is about one item: the person, the scheme and the day their
 * cover ended (`covered_until`) when it was recorded — a payment moves that day, so the item and
 * its outcomes are closed by it, and the next time the person is due they start afresh.
 */
export const contactOutcomesTable = pgTable(
  "contact_outcomes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    provinceCode: text("province_code").notNull(),
    participantId: bigint("participant_id", { mode: "number" })
      .notNull()
      .references(() => participants.id, { onDelete: "cascade" }),
    scheme: text("scheme").notNull(),
    coveredUntil: date("covered_until", { mode: "string" }).notNull(),
    outcome: text("outcome", { enum: contactOutcomes }).notNull(),
    promisedOn: date("promised_on", { mode: "string" }),
    note: text("note"),
    agentId: integer("agent_id").references(() => agents.id, { onDelete: "set null" }),
    recordedBy: text("recorded_by").references(() => user.id, { onDelete: "set null" }),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // An item's outcomes, the latest first; also the participant's foreign key.
    index("contact_outcomes_item_idx").on(t.participantId, t.scheme, t.coveredUntil, t.recordedAt),
    index("contact_outcomes_agent_idx").on(t.agentId, t.recordedAt),
    index("contact_outcomes_recorded_by_idx").on(t.recordedBy),
    check("contact_outcomes_promise_ck", sql`(${t.outcome} = 'promised') = (${t.promisedOn} is not null)`),
  ],
);
