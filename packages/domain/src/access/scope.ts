/**
 * Where a user's roles reach on a date: a role is granted on a unit as it was on a date
 * (`areaCode` + `areaValidOn`); on any date its scope is that unit's territory carried through the
 * reforms (`territoryOn` of @ansinh/domain/areas). The API's SQL (`ansinh_territory`) follows this
 * rule and is property-tested against it.
 */
import { territoryOn, type AreaWorld } from "../areas/territory.js";
import { argumentError } from "../argument-error.js";
import { compareStrings } from "../arithmetic.js";
import { isIsoDate, type IsoDate } from "../dates.js";
import { can, roles, type Action, type RoleAssignment } from "./access.js";

/**
 * The codes in force on `onDate` where `assignments` grant `action` (sorted), or null for the
 * whole country (a national role that grants it). A role without `areaValidOn` is held on the
 * unit its code names on `onDate`.
 */
export function scopeOn(world: AreaWorld, assignments: readonly RoleAssignment[], action: Action, onDate: IsoDate): string[] | null {
  if (!Array.isArray(assignments)) throw argumentError("AREAS.INVALID_INPUT", ["assignments"], { vi: "danh sách vai trò", en: "a list of roles" }, assignments);
  if (!isIsoDate(onDate)) throw argumentError("AREAS.INVALID_INPUT", ["onDate"], { vi: "một ngày YYYY-MM-DD", en: "a date YYYY-MM-DD" }, onDate);
  const out = new Set<string>();
  for (const [i, a] of assignments.entries()) {
    if (typeof a !== "object" || a === null || !roles.includes(a.role)) {
      throw argumentError("AREAS.INVALID_INPUT", ["assignments", i], { vi: "{ role, areaCode, areaValidOn }", en: "{ role, areaCode, areaValidOn }" }, a);
    }
    if (!can(a.role, action)) continue;
    if (a.areaCode === null) return null;
    for (const c of territoryOn(world, { code: a.areaCode, validOn: a.areaValidOn ?? onDate }, onDate)) out.add(c);
  }
  return [...out].sort(compareStrings);
}
