import { z } from "zod";

export const roles = ["admin", "manager", "collector", "viewer"] as const;
export type Role = (typeof roles)[number];

/**
 * - `read`: see aggregate figures and records in the area;
 * - `read_personal`: see personal ID and phone numbers unmasked;
 * - `write`: create and edit enrolments and payments;
 * - `manage`: plans, targets, corrections (managers and admins);
 * - `administer`: user management and the audit trail.
 */
export type Action = "read" | "read_personal" | "write" | "manage" | "administer";

const allowed: Record<Role, readonly Action[]> = {
  admin: ["read", "read_personal", "write", "manage", "administer"],
  manager: ["read", "read_personal", "write", "manage"],
  collector: ["read", "read_personal", "write"],
  viewer: ["read"],
};

export function can(role: Role, action: Action): boolean {
  return allowed[role].includes(action);
}

export interface RoleAssignment {
  role: Role;
  /** null: the whole country (admins only). */
  areaCode: string | null;
}

export const roleAssignmentSchema = z
  .object({
    role: z.enum(roles, { message: "access.role" }),
    areaCode: z
      .string()
      .regex(/^\d{2,5}$/, "access.areaCode")
      .nullable(),
  })
  .refine((a) => a.areaCode !== null || a.role === "admin", {
    message: "access.national",
    path: ["areaCode"],
  });

/**
 * The actions a user may take on one area, given their assignments and the area's ancestry
 * (its own code and its ancestors' codes as of the date in question).
 */
export function capabilitiesAt(assignments: readonly RoleAssignment[], areaPath: readonly string[]): Set<Action> {
  const out = new Set<Action>();
  for (const a of assignments) {
    if (a.areaCode === null || areaPath.includes(a.areaCode)) for (const action of allowed[a.role]) out.add(action);
  }
  return out;
}

/** 12-digit personal ID: keeps the province code and the last two digits (091*******67). */
export function maskPersonalId(id: string | null | undefined): string | null {
  if (id == null || id === "") return id ?? null;
  if (id.length <= 5) return "*".repeat(id.length);
  return `${id.slice(0, 3)}${"*".repeat(id.length - 5)}${id.slice(-2)}`;
}

/** Phone: keeps the first two and last three digits (09*****678). */
export function maskPhone(phone: string | null | undefined): string | null {
  if (phone == null || phone === "") return phone ?? null;
  const digits = phone.replace(/\D/g, "");
  if (digits.length <= 5) return "*".repeat(digits.length);
  return `${digits.slice(0, 2)}${"*".repeat(digits.length - 5)}${digits.slice(-3)}`;
}
