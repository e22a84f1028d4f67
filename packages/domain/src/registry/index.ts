/**
 * The enrolment registry's rules: name and phone normalisation, duplicate scoring, health-card
 * codes and facilities, coverage status and renewal dates, household ranks, and the validation
 * of one row of an agent's list (RULES.md §3, §4, §4b, §6). Pure: no I/O, no clock.
 */
export { registryCodes } from "./codes.js";
export type { RegistryCode } from "./codes.js";
export { normaliseName, displayName } from "./names.js";
export type { RegistryProblem } from "./codes.js";
export { parsePhone, checkPhone, formatPhone, MOBILE_PREFIXES } from "./phone.js";
export type { PhoneCheck, PhoneKind } from "./phone.js";
export {
  healthCardCode,
  parseHealthCardCode,
  isHealthCardCode,
  isFacilityCode,
  facilityProvince,
  HOUSEHOLD_CARD_GROUP,
  HOUSEHOLD_BENEFIT_LEVEL,
} from "./health-card-code.js";
export type { HealthCardCodeParts, ParsedHealthCardCode } from "./health-card-code.js";
export { duplicateKeys, findDuplicates, DUPLICATE_SCORES } from "./duplicates.js";
export type {
  DuplicateCandidate,
  ExistingParticipant,
  DuplicateKeys,
  DuplicateReason,
  DuplicateReasonCode,
  DuplicateMatch,
  DuplicateResult,
} from "./duplicates.js";
export {
  periodEnd,
  coverageSpans,
  coveredUntil,
  coverageStatus,
  enrolmentKind,
  healthCardValidity,
  DEFAULT_DUE_WITHIN_DAYS,
} from "./status.js";
export type { CoveredPeriod, CoverageSpan, CoverageStatus, EnrolmentKind, HealthCardValidity } from "./status.js";
export { rankHouseholdMembers } from "./household.js";
export type { HouseholdMemberJoin, RankedHouseholdMember, HouseholdRanking } from "./household.js";
export { parseSheetDate, parseSheetAmount, parseSheetInteger, MIN_EXCEL_DATE_SERIAL, MAX_EXCEL_DATE_SERIAL } from "./sheet-values.js";
export { checkAgentRow, agentRowSchema, agentRowFields, agentRowFieldNames, agentRowCases } from "./agent-row.js";
export type { AgentRow, AgentRowInput, AgentRowField, AgentRowCase, AgentRowCheck, AgentRowContext, CommuneStatus } from "./agent-row.js";
