/*
 * Zod-free: importing a function of `@ansinh/domain/access` costs that function. The schemas
 * (`passwordSchema`, `roleAssignmentSchema`, `roleAssignmentListSchema`) are in schemas.ts.
 */

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

/** Password length limits, for the sign-in library and every form that sets a password. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export interface RoleAssignment {
  role: Role;
  /** null: the whole country (admins only). */
  areaCode: string | null;
  /**
   * A day on which `areaCode` named the unit the role was granted on (codes are reused across
   * eras: 91 on 2020-01-01 is Kiên Giang, on 2026-01-01 An Giang). On other dates the role covers
   * that unit's territory carried through the reforms (`scopeOn`). Absent or null: the unit the
   * code names on the date asked about.
   */
  areaValidOn?: string | null;
}

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

/**
 * Whether a user may collect for an agent: one of its roles is the collector role, held on the
 * agent's area or on one of its ancestors (`agentAreaPath`: the agent's area and its ancestors'
 * codes, as of the date the agent's area is checked on). Other roles (an admin, a manager) do not
 * make someone an agent's collector, however wide their area.
 */
export function mayCollectFor(assignments: readonly RoleAssignment[], agentAreaPath: readonly string[]): boolean {
  return assignments.some((a) => a.role === "collector" && a.areaCode !== null && agentAreaPath.includes(a.areaCode));
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

/**
 * May an administrator whose `administer` scope is `scope` (the area codes it administers,
 * null = the whole country) manage a user holding `assignments`, or give a user these
 * assignments? The one rule behind every user-management procedure:
 * - a national admin manages everyone;
 * - an area admin manages a user only when *every* role of that user lies inside its areas and
 *   none is an admin role: it may not create, promote, disable or edit other admins (national or
 *   not), nor a user who also holds a role elsewhere.
 * A user with no role at all is outside every area, so only a national admin manages it (and so
 * only a national admin may take every role away from a user).
 * For a change of roles the rule holds for the user both before and after the change.
 */
export function mayManageUser(scope: ReadonlySet<string> | null, assignments: readonly RoleAssignment[]): boolean {
  if (scope === null) return true;
  return assignments.length > 0 && assignments.every((a) => a.role !== "admin" && a.areaCode !== null && scope.has(a.areaCode));
}

/** A caller's scopes, as area codes (null = the whole country, empty = nowhere). */
export interface StaffViewerScopes {
  /** Where the caller administers users. */
  administer: ReadonlySet<string> | null;
  /** Where the caller manages plans and people's work (managers and admins). */
  manage: ReadonlySet<string> | null;
}

/**
 * What of a colleague's personal data (a staff record) a caller sees unmasked. Staff data is not
 * participants' data: `read_personal` (collectors' need to see the people they enrol) does not
 * reach it.
 * - The personal ID is for account administration: only an admin who may manage that user
 *   (mayManageUser) sees it.
 * - The phone number is for coordination: admins and managers over one of that person's areas
 *   see it.
 * Collectors and viewers see both masked; so does anyone outside the person's areas.
 */
export function staffDataVisibility(scopes: StaffViewerScopes, assignments: readonly RoleAssignment[]): { personalId: boolean; phone: boolean } {
  const over = (scope: ReadonlySet<string> | null) => scope === null || assignments.some((a) => a.areaCode !== null && scope.has(a.areaCode));
  return { personalId: mayManageUser(scopes.administer, assignments), phone: over(scopes.manage) };
}
