/**
 * What a caller may see of the registry: the communes in their scope (and in the area filter),
 * and personal data (personal ID, social-insurance number, phone) masked on rows whose commune
 * is outside the areas where their roles grant `read_personal` — in the answer itself, so an
 * unmasked number never leaves the API for a viewer.
 */
import { codesInScopeLatest, type Db } from "@ansinh/db";
import { maskPersonalId, maskPhone } from "@ansinh/domain/access";
import { todayInVietnam } from "@ansinh/domain/dates";
import type { Access } from "../trpc.js";

export interface RegistryView {
  onDate: string;
  /** Communes rows may be in; null: everywhere. */
  communes: Set<string> | null;
  /** True when personal data of a row in this commune may be shown. */
  personalOn(communeCode: string): boolean;
}

/**
 * The caller's view on `onDate` (today in Vietnam by default). Roles on a unit dissolved in a
 * reform keep reaching the communes it had (lastingScopeFor), as staff lists do.
 */
export async function registryView(db: Db, access: Access, areaCode?: string): Promise<RegistryView> {
  const onDate = todayInVietnam();
  const read = await access.lastingScopeFor("read", onDate);
  const personal = await access.lastingScopeFor("read_personal", onDate);
  let communes = read;
  if (areaCode) {
    const wanted = await codesInScopeLatest(db, onDate, [areaCode]);
    communes = read === null ? wanted : new Set([...wanted].filter((c) => read.has(c)));
  }
  return { onDate, communes, personalOn: (c) => personal === null || personal.has(c) };
}

/** A row's personal fields, masked unless the caller may read them on the row's commune. */
export function maskPerson<T extends { communeCode: string; personalId: string; phone: string | null; socialInsuranceNumber?: string | null }>(
  view: RegistryView,
  row: T,
): T & { masked: boolean } {
  if (view.personalOn(row.communeCode)) return { ...row, masked: false };
  return {
    ...row,
    personalId: maskPersonalId(row.personalId) ?? "",
    phone: maskPhone(row.phone),
    ...("socialInsuranceNumber" in row ? { socialInsuranceNumber: maskPersonalId(row.socialInsuranceNumber) } : {}),
    masked: true,
  };
}
