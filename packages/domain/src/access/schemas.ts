/**
 * The access module's zod schemas (classic zod: the API chains `.optional()` and `.refine()` on
 * them). Each is built by a pure call, so a bundle that imports only the access functions carries
 * no zod at all.
 */
import { z } from "zod";
import { areaCodeSchema } from "../areas/schemas.js";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, roles } from "./access.js";

function makePasswordSchema() {
  return z.string({ message: "access.password" }).min(PASSWORD_MIN_LENGTH, "access.password").max(PASSWORD_MAX_LENGTH, "access.password");
}

/** A password (8 to 128 characters), for the sign-in library and every form that sets one. */
export const passwordSchema = /* @__PURE__ */ makePasswordSchema();

function makeRoleAssignmentSchema() {
  return z
    .object({
      role: z.enum(roles, { message: "access.role" }),
      areaCode: z.nullable(areaCodeSchema),
    })
    .refine((a) => a.areaCode !== null || a.role === "admin", {
      message: "access.national",
      path: ["areaCode"],
    });
}

/** One role on one area (`areaCode` null: the whole country, admins only). */
export const roleAssignmentSchema = /* @__PURE__ */ makeRoleAssignmentSchema();

function makeRoleAssignmentListSchema() {
  return z
    .array(roleAssignmentSchema)
    .max(20, "access.tooManyRoles")
    .refine((list) => new Set(list.map((a) => `${a.role}@${a.areaCode ?? ""}`)).size === list.length, {
      message: "access.duplicateRole",
    });
}

/** A list of roles for one user: each (role, area) at most once. */
export const roleAssignmentListSchema = /* @__PURE__ */ makeRoleAssignmentListSchema();
