import { sql } from "drizzle-orm";
import { roles } from "@ansinh/domain/access";
import { check, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { user } from "./auth.js";

/**
 * A role on an area: the area's whole subtree, following the hierarchy in force on the date
 * asked about. `area_code` null is the whole country (admins only).
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
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("role_assignments_uq").on(t.userId, t.role, sql`coalesce(${t.areaCode}, '')`),
    check("role_assignments_national_ck", sql`${t.areaCode} is not null or ${t.role} = 'admin'`),
  ],
);
