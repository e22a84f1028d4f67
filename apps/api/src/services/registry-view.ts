/**
 * What a caller may see of the registry: the communes in their scope (and in the area filter),
 * and personal data (personal ID, social-insurance number, phone) masked on rows whose commune
 * is outside the areas where their roles grant `read_personal` — in the answer itself, so an
 * unmasked number never leaves the API for a viewer.
 */
import { territoryByEra, unitDayOf, type CommuneScope, type Db, type EraCodes } from "@ansinh/db";
import { maskPersonalId, maskPhone } from "@ansinh/domain/access";
import { todayInVietnam } from "@ansinh/domain/dates";
import type { Access } from "../trpc.js";

export interface RegistryView {
  onDate: string;
  /** Communes rows may be in, per era (a row's code is read in its date's era); null: everywhere. */
  communes: EraCodes[] | null;
  /** True when personal data of a row in this commune may be shown. */
  personalOn(communeCode: string): boolean;
}

/**
 * The caller's view on `onDate` (today in Vietnam): the one scope of the API (`Access.scopeFor`)
 * in every era, so a role follows its territory across the 2025 reform: a 2020 district role
 * sees the records made on its 2020 communes and those made on the 2025 communes that took them
 * over; a record's code is read in its own date's era (codes are reused). The area filter is the
 * unit the code names on `areaValidOn` (default: today, or its last day when it has ended), in
 * each era (a dissolved district: its communes until it ended).
 */
export async function registryView(db: Db, access: Access, areaCode?: string, areaValidOn?: string): Promise<RegistryView> {
  const onDate = todayInVietnam();
  const read = await access.recordScopeFor("read", onDate);
  const personalEras = await access.recordScopeFor("read_personal", onDate);
  // Masking reads the row's code alone: the codes of every era the caller reads personal data in.
  const personal = personalEras === null ? null : new Set(personalEras.flatMap((e) => [...e.codes]));
  let communes = read;
  if (areaCode) {
    const wanted = await territoryByEra(db, [{ code: areaCode, validOn: areaValidOn ?? (await unitDayOf(db, areaCode, onDate)) }], onDate);
    communes = read === null ? wanted : wanted.map((w, i) => ({ ...w, codes: new Set([...w.codes].filter((c) => read[i]!.codes.has(c))) }));
  }
  return { onDate, communes, personalOn: (c) => personal === null || personal.has(c) };
}

export type { CommuneScope };

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
