import type { IsoDate } from "../dates.js";
import { parseOrThrow } from "../validation.js";
import type { RegistryCode } from "./codes.js";
import { normaliseName } from "./names.js";
import { checkPhone } from "./phone.js";
import { duplicateCandidateSchema, findDuplicatesArgumentsSchema, participantCode } from "./schemas.js";

/** What duplicate detection looks at in a participant (as stored, or as typed in a form or file). */
export interface DuplicateCandidate {
  /** The participant's record id; a candidate being edited is never its own duplicate. */
  id?: string | null;
  personalId: string;
  socialInsuranceNumber?: string | null;
  fullName: string;
  birthDate: IsoDate;
  phone?: string | null;
  /** The commune of residence (its code). */
  communeCode?: string | null;
}

/** A participant already in the registry. */
export interface ExistingParticipant extends DuplicateCandidate {
  id: string;
}

/**
 * The keys a database indexes to find duplicates without scanning: two participants are exact
 * duplicates when `personalId` or `socialInsuranceNumber` is equal, likely duplicates when
 * `nameBirthCommune` or `phoneBirth` is equal. A key is null when a part is missing or
 * unreadable (no phone, no commune, an empty name, a phone `parsePhone` refuses).
 */
export interface DuplicateKeys {
  personalId: string;
  socialInsuranceNumber: string | null;
  /** `normaliseName(fullName)|birthDate|communeCode`, e.g. `nguyen van an|1990-03-05|30613`. */
  nameBirthCommune: string | null;
  /** `canonical phone|birthDate`, e.g. `0912345678|1990-03-05`. */
  phoneBirth: string | null;
}

export type DuplicateReasonCode = Extract<
  RegistryCode,
  | "REGISTRY.DUPLICATE_PERSONAL_ID"
  | "REGISTRY.DUPLICATE_SOCIAL_INSURANCE_NUMBER"
  | "REGISTRY.LIKELY_DUPLICATE_NAME_BIRTH_COMMUNE"
  | "REGISTRY.LIKELY_DUPLICATE_PHONE_BIRTH"
>;

/** The weight of each reason, 0–100; a match scores its highest reason + 5 per further reason, at most 100. */
export const DUPLICATE_SCORES: Readonly<Record<DuplicateReasonCode, number>> = {
  "REGISTRY.DUPLICATE_PERSONAL_ID": 100,
  "REGISTRY.DUPLICATE_SOCIAL_INSURANCE_NUMBER": 90,
  "REGISTRY.LIKELY_DUPLICATE_NAME_BIRTH_COMMUNE": 70,
  "REGISTRY.LIKELY_DUPLICATE_PHONE_BIRTH": 60,
};

export interface DuplicateReason {
  code: DuplicateReasonCode;
  score: number;
  vi: string;
  en: string;
}

export interface DuplicateMatch {
  /** The existing participant's id. */
  participantId: string;
  /** `exact`: same personal ID or social-insurance number; `likely`: only name/phone-based reasons. */
  kind: "exact" | "likely";
  score: number;
  /** Highest score first. */
  reasons: DuplicateReason[];
}

export interface DuplicateResult {
  /** True when some existing participant has the same personal ID: the candidate is refused. */
  refused: boolean;
  /** The participant holding the same personal ID (for the "existing person" link), if any. */
  refusedBecauseOf: string | null;
  /** Exact matches, then likely ones; by score (highest first), then participant id. */
  matches: DuplicateMatch[];
}

/**
 * The duplicate keys of one participant (see `DuplicateKeys`), for the database to store and
 * index and for `findDuplicates` to compare. The personal ID and social-insurance number are
 * trimmed; the name goes through `normaliseName`, the phone through `checkPhone`.
 * Throws `REGISTRY.INVALID_PARTICIPANT` for a missing personal ID, a birth date that is not
 * `YYYY-MM-DD` or a field of the wrong type, `REGISTRY.INVALID_INPUT` for an unknown key or an
 * argument that is not an object.
 */
export function duplicateKeys(p: DuplicateCandidate): DuplicateKeys {
  return keysOf(parseOrThrow(duplicateCandidateSchema, p, participantCode));
}

/** The keys of a checked participant. */
function keysOf(p: DuplicateCandidate): DuplicateKeys {
  const personalId = p.personalId.trim();
  const sin = p.socialInsuranceNumber?.trim() || null;
  const name = normaliseName(p.fullName);
  const commune = p.communeCode?.trim() || null;
  const phone = p.phone == null || p.phone.trim() === "" ? null : checkPhone(p.phone);
  return {
    personalId,
    socialInsuranceNumber: sin,
    nameBirthCommune: name !== "" && commune !== null ? `${name}|${p.birthDate}|${commune}` : null,
    phoneBirth: phone?.ok ? `${phone.phone}|${p.birthDate}` : null,
  };
}

/**
 * The non-null duplicate keys as one list of tagged strings (`pid:…`, `sin:…`, `nbc:…`,
 * `pb:…`): two participants share a string exactly when `findDuplicates` gives a reason for
 * them. For a single index, or a set of keys seen so far while streaming an import file.
 */
export function duplicateKeyList(p: DuplicateCandidate): string[] {
  const k = duplicateKeys(p);
  return [
    `pid:${k.personalId}`,
    ...(k.socialInsuranceNumber === null ? [] : [`sin:${k.socialInsuranceNumber}`]),
    ...(k.nameBirthCommune === null ? [] : [`nbc:${k.nameBirthCommune}`]),
    ...(k.phoneBirth === null ? [] : [`pb:${k.phoneBirth}`]),
  ];
}

const REASON_TEXT: Record<DuplicateReasonCode, { vi: string; en: string }> = {
  "REGISTRY.DUPLICATE_PERSONAL_ID": {
    vi: "Trùng số định danh cá nhân với người đã có",
    en: "Same personal identification number as an existing person",
  },
  "REGISTRY.DUPLICATE_SOCIAL_INSURANCE_NUMBER": {
    vi: "Trùng mã số BHXH với người đã có",
    en: "Same social-insurance number as an existing person",
  },
  "REGISTRY.LIKELY_DUPLICATE_NAME_BIRTH_COMMUNE": {
    vi: "Cùng họ tên (không dấu), ngày sinh và xã cư trú với người đã có",
    en: "Same name (ignoring diacritics), birth date and commune as an existing person",
  },
  "REGISTRY.LIKELY_DUPLICATE_PHONE_BIRTH": {
    vi: "Cùng số điện thoại và ngày sinh với người đã có",
    en: "Same phone number and birth date as an existing person",
  },
};

function reason(code: DuplicateReasonCode): DuplicateReason {
  return { code, score: DUPLICATE_SCORES[code], ...REASON_TEXT[code] };
}

/** The reasons two participants' keys give for being the same person, highest score first. */
function compareKeys(a: DuplicateKeys, b: DuplicateKeys): DuplicateReason[] {
  const out: DuplicateReason[] = [];
  if (a.personalId === b.personalId) out.push(reason("REGISTRY.DUPLICATE_PERSONAL_ID"));
  if (a.socialInsuranceNumber !== null && a.socialInsuranceNumber === b.socialInsuranceNumber) {
    out.push(reason("REGISTRY.DUPLICATE_SOCIAL_INSURANCE_NUMBER"));
  }
  if (a.nameBirthCommune !== null && a.nameBirthCommune === b.nameBirthCommune) {
    out.push(reason("REGISTRY.LIKELY_DUPLICATE_NAME_BIRTH_COMMUNE"));
  }
  if (a.phoneBirth !== null && a.phoneBirth === b.phoneBirth) out.push(reason("REGISTRY.LIKELY_DUPLICATE_PHONE_BIRTH"));
  return out;
}

/**
 * Finds the existing participants that `candidate` may duplicate.
 * - Exact: the same personal ID (the candidate is **refused**: `refused`, `refusedBecauseOf`),
 *   or the same social-insurance number (unique when present; an exact match for the review
 *   queue, since one of the two personal IDs is then likely mistyped).
 * - Likely: the same normalised name + birth date + commune, or the same phone + birth date.
 * A match scores its highest reason (`DUPLICATE_SCORES`) + 5 for each further reason, at most
 * 100. Matches are ordered exact first, then by score, then by participant id, so the result
 * does not depend on the order of `existing`. An existing record with the candidate's own `id`
 * is skipped (editing a person does not make them their own duplicate). Throws as
 * `duplicateKeys`, the path starting `candidate` or `existing.<index>`.
 */
export function findDuplicates(candidate: DuplicateCandidate, existing: readonly ExistingParticipant[]): DuplicateResult {
  const args = parseOrThrow(findDuplicatesArgumentsSchema, { candidate, existing }, participantCode);
  candidate = args.candidate;
  existing = args.existing;
  const keys = keysOf(candidate);
  const selfId = candidate.id ?? null;
  const matches: DuplicateMatch[] = [];
  for (const other of existing) {
    if (selfId !== null && other.id === selfId) continue;
    const reasons = compareKeys(keys, keysOf(other));
    if (reasons.length === 0) continue;
    const exact = reasons.some((r) => r.code === "REGISTRY.DUPLICATE_PERSONAL_ID" || r.code === "REGISTRY.DUPLICATE_SOCIAL_INSURANCE_NUMBER");
    matches.push({
      participantId: other.id,
      kind: exact ? "exact" : "likely",
      score: Math.min(100, reasons[0]!.score + 5 * (reasons.length - 1)),
      reasons,
    });
  }
  matches.sort(
    (a, b) =>
      (a.kind === b.kind ? 0 : a.kind === "exact" ? -1 : 1) ||
      b.score - a.score ||
      (a.participantId < b.participantId ? -1 : a.participantId > b.participantId ? 1 : 0),
  );
  const refusing = matches.find((m) => m.reasons[0]!.code === "REGISTRY.DUPLICATE_PERSONAL_ID");
  return { refused: refusing !== undefined, refusedBecauseOf: refusing?.participantId ?? null, matches };
}
