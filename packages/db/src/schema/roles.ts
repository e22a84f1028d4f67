import { sql } from "drizzle-orm";
import { check, date, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { roles } from "@ansinh/domain/access";
import { user } from "./auth.js";

/**
 * A role on a unit as it was on a date (`area_code` + `area_valid_on`: codes are reused across
 * eras): on any date it covers that unit's territory, carried through the reform mappings
 * (`ansinh_territory`, the domain's `territoryOn`). `area_code` null is the whole country (admins
 * only). A role stored without a date gets, at insert, the day its code is in force (today, or
 * the last day of its last version).
 */
export const roleAssignments = pgTable(
  "role_assignments",
  {
    id: serial("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    role: text("role", { enum: roles }).notNull(),
    areaCode: text("area_code"),
    areaValidOn: date("area_valid_on", { mode: "string" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("role_assignments_uq").on(t.userId, t.role, sql`coalesce(${t.areaCode}, '')`),
    check("role_assignments_national_ck", sql`${t.areaCode} is not null or ${t.role} = 'admin'`),
  ],
);
