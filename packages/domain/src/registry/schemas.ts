/**
 * Zod schemas of the registry's inputs: the one validation of each input. tRPC `.input()` and
 * admin forms use them, and the functions parse their own arguments with them (unknown keys
 * refused, required keys required) through `parseOrThrow`, which throws a coded `DomainError`.
 * On zod/mini; messages are keys of the `messageCatalogue` (`@ansinh/domain/validation`), which
 * renders them in both languages with what was received. Shapes only: the rules are the
 * functions' (a card's province must exist, a household card has benefit level 4, …).
 */
import * as z from "zod/mini";
import { isoDate } from "../date-schema.js";
import { isIsoDate } from "../dates.js";
import { schemes } from "../eligibility/eligibility.js";
import type { RatesTable } from "../rates/types.js";
import type { IssueLike } from "../validation.js";
import type { RegistryCode } from "./codes.js";

/** Refuse absurd periods (100 years). */
export const MAX_PERIOD_MONTHS = 1_200;
/** At most this many periods in one status question. */
const MAX_PERIODS = 10_000;
/** At most this many members in one household. */
const MAX_MEMBERS = 1_000;

const int = (key: string, min: number, max: number) =>
  z.number({ error: key }).check(z.int({ error: key }), z.minimum(min, { error: key }), z.maximum(max, { error: key }));

/** A month `YYYY-MM` (read as its first day) or a day `YYYY-MM-DD`. */
const monthOrDate = z
  .string({ error: "registry.monthOrDate" })
  .check(z.refine((s) => isIsoDate(s) || (/^\d{4}-\d{2}$/.test(s) && isIsoDate(`${s}-01`)), { error: "registry.monthOrDate" }));

const optionalText = z.nullish(z.string({ error: "registry.text" }));

/** A period a payment covers (`CoveredPeriod`). */
export const coveredPeriodSchema = z.strictObject({
  from: monthOrDate,
  months: int("registry.months", 1, MAX_PERIOD_MONTHS),
});

/** A list of covered periods. */
export const coveredPeriodsSchema = z.array(coveredPeriodSchema, { error: "registry.periods" }).check(z.maxLength(MAX_PERIODS, { error: "registry.periods" }));

const dueWithinDays = z.optional(int("registry.dueWithinDays", 0, 366));

/** `coverageStatus`'s arguments, as one object (for tRPC and forms). */
export const coverageStatusInputSchema = z.strictObject({
  periods: coveredPeriodsSchema,
  onDate: isoDate,
  dueWithinDays,
});

/** `coverageStatus(periods, onDate, options?)`'s own arguments. */
export const coverageStatusArgumentsSchema = z.strictObject({
  periods: coveredPeriodsSchema,
  onDate: isoDate,
  options: z.optional(z.strictObject({ dueWithinDays }, { error: "registry.options" })),
});

/** `enrolmentKind(previousCoverageEnd, start)`'s arguments. */
export const enrolmentKindArgumentsSchema = z.strictObject({
  previousCoverageEnd: z.nullish(isoDate),
  start: isoDate,
});

const candidateShape = {
  id: optionalText,
  personalId: z.string({ error: "registry.personalId" }).check(z.refine((s) => s.trim() !== "", { error: "registry.personalId" })),
  socialInsuranceNumber: optionalText,
  fullName: z.string({ error: "registry.fullName" }),
  birthDate: isoDate,
  phone: optionalText,
  communeCode: optionalText,
};

/** A participant as `findDuplicates` and `duplicateKeys` take it. */
export const duplicateCandidateSchema = z.strictObject(candidateShape);

/** A participant already in the registry (`ExistingParticipant`: its `id` is required). */
export const existingParticipantSchema = z.strictObject({
  ...candidateShape,
  id: z.string({ error: "registry.participantId" }),
});

/** `findDuplicates(candidate, existing)`'s arguments. */
export const findDuplicatesArgumentsSchema = z.strictObject({
  candidate: duplicateCandidateSchema,
  existing: z.array(existingParticipantSchema, { error: "registry.participants" }),
});

const householdMemberJoinSchema = z.strictObject({
  id: z.string({ error: "registry.memberId" }).check(z.minLength(1, { error: "registry.memberId" })),
  joinedOn: isoDate,
  stateSupported: z.optional(z.boolean({ error: "boolean" })),
});

/** `rankHouseholdMembers`'s arguments. */
export const rankHouseholdMembersInputSchema = z.strictObject({
  year: int("registry.year", 1900, 9999),
  members: z.array(householdMemberJoinSchema, { error: "registry.members" }).check(
    z.maxLength(MAX_MEMBERS, { error: "registry.members" }),
    z.superRefine((ms, ctx) => {
      const seen = new Set<string>();
      ms.forEach((m, i) => {
        if (seen.has(m.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: "registry.duplicateMember", input: m.id, params: { id: m.id } });
        seen.add(m.id);
      });
    }),
  ),
});

/** The parts of a health-insurance card code (`healthCardCode`). */
export const healthCardCodePartsSchema = z.strictObject({
  group: z.string({ error: "registry.cardGroup" }).check(z.regex(/^[A-Z]{2}$/, { error: "registry.cardGroup" })),
  benefitLevel: int("registry.benefitLevel", 1, 5),
  provinceCode: z.string({ error: "registry.provinceCode" }).check(z.regex(/^\d{2}$/, { error: "registry.provinceCode" })),
  socialInsuranceNumber: z.string({ error: "registry.cardSocialInsuranceNumber" }).check(z.regex(/^\d{10}$/, { error: "registry.cardSocialInsuranceNumber" })),
});

/** `healthCardValidity`'s arguments. */
export const healthCardValidityInputSchema = z.strictObject({
  paymentDate: isoDate,
  months: z.union([z.literal(3), z.literal(6), z.literal(12)], { error: "registry.cardMonths" }),
  previousCardEnd: z.nullish(isoDate),
});

/** The context `checkAgentRow` checks a row in (see `AgentRowContext`). */
export const agentRowContextSchema = z.strictObject(
  {
    scheme: z.enum(schemes, { error: "scheme" }),
    communeStatus: z.custom<(code: string, onDate: string) => "ok" | "unknown" | "out_of_scope">((v) => typeof v === "function", {
      error: "registry.communeStatus",
    }),
    rates: z.optional(z.custom<RatesTable>((v) => Array.isArray(v), { error: "rates" })),
  },
  { error: "registry.context" },
);

/**
 * The code of a failed registry input, from its first issue: `REGISTRY.INVALID_INPUT` for an
 * unknown (misspelt) key, a missing or non-object argument; else by the field: dates
 * `REGISTRY.INVALID_DATE`, months and day counts `REGISTRY.INVALID_MONTHS`, the year
 * `REGISTRY.INVALID_YEAR`, a member listed twice `REGISTRY.DUPLICATE_MEMBER`, a health
 * card part its `REGISTRY.HEALTH_CARD_*` code.
 */
export function registryCode(issues: readonly IssueLike[]): RegistryCode {
  const first = issues[0];
  if (!first || issues.some((i) => i.code === "unrecognized_keys")) return "REGISTRY.INVALID_INPUT";
  if (first.message === "registry.duplicateMember") return "REGISTRY.DUPLICATE_MEMBER";
  const path = first.path;
  const field = [...path].reverse().find((p): p is string => typeof p === "string");
  switch (field) {
    case "from":
    case "onDate":
    case "start":
    case "previousCoverageEnd":
    case "joinedOn":
    case "paymentDate":
    case "receiptDate":
    case "previousCardEnd":
      return "REGISTRY.INVALID_DATE";
    case "months":
    case "dueWithinDays":
      return "REGISTRY.INVALID_MONTHS";
    case "year":
      return "REGISTRY.INVALID_YEAR";
    case "group":
      return "REGISTRY.HEALTH_CARD_GROUP_INVALID";
    case "benefitLevel":
      return "REGISTRY.HEALTH_CARD_BENEFIT_LEVEL_INVALID";
    case "provinceCode":
      return "REGISTRY.HEALTH_CARD_PROVINCE_UNKNOWN";
    case "socialInsuranceNumber":
      return "REGISTRY.HEALTH_CARD_CODE_MALFORMED";
    default:
      return "REGISTRY.INVALID_INPUT";
  }
}

/**
 * The code of a failed duplicate-detection input: `REGISTRY.INVALID_INPUT` for an unknown key or
 * an argument that is missing or of the wrong kind, else `REGISTRY.INVALID_PARTICIPANT` (a
 * participant's field).
 */
export function participantCode(issues: readonly IssueLike[]): RegistryCode {
  const first = issues[0];
  if (!first || issues.some((i) => i.code === "unrecognized_keys")) return "REGISTRY.INVALID_INPUT";
  const top = first.path[0] === "candidate" || first.path[0] === "existing" ? 1 : 0;
  return first.path.length <= top ? "REGISTRY.INVALID_INPUT" : "REGISTRY.INVALID_PARTICIPANT";
}
