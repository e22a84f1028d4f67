/**
 * The enrolment registry's rules: name and phone normalisation, duplicate scoring,
 * health-card codes and facility codes, coverage status and renewal dates, household ranks, and
 * the validation of one row of an agent's list (docs/rules.md §3, §4, §4b, §6). Pure: no I/O, no
 * clock — dates come in as `YYYY-MM-DD` arguments, money is integer VND. Expected failures are
 * returned as `RegistryProblem`s (row checks) or thrown as `DomainError` with a `REGISTRY.*` code.
 */

// Codes and problems
export { registryCodes } from "./codes.js";
export type { RegistryCode, RegistryProblem } from "./codes.js";

// Names and phones: the search and duplicate keys
export { diacriticFolding, normaliseName, displayName } from "./names.js";
export { parsePhone, checkPhone, formatPhone, MOBILE_PREFIXES } from "./phone.js";
export type { PhoneCheck, PhoneKind } from "./phone.js";

// Duplicates
export { duplicateKeys, duplicateKeyList, findDuplicates, DUPLICATE_SCORES } from "./duplicates.js";
export type {
  DuplicateCandidate,
  ExistingParticipant,
  DuplicateKeys,
  DuplicateReason,
  DuplicateReasonCode,
  DuplicateMatch,
  DuplicateResult,
} from "./duplicates.js";

// Health-insurance card code and initial health-care facility
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

// Coverage status, renewal dates, enrolment kind
export {
  periodEnd,
  coverageSpans,
  coveredUntil,
  coverageStatus,
  enrolmentKind,
  voluntaryStartDate,
  healthCardValidity,
  DEFAULT_DUE_WITHIN_DAYS,
} from "./status.js";
export type { CoveredPeriod, CoverageSpan, CoverageStatus, EnrolmentKind, HealthCardValidity } from "./status.js";
export { dueRange, dueWindows } from "./renewal-window.js";
export type { DueRange, DueWindow } from "./renewal-window.js";

// Household ranks
export { rankHouseholdMembers } from "./household.js";
export type { HouseholdMemberJoin, RankedHouseholdMember, HouseholdRanking } from "./household.js";

// Agents' lists (D03-TS / D05-TS)
export { parseSheetDate, parseSheetAmount, parseMoneyText, parseSheetInteger, MIN_EXCEL_DATE_SERIAL, MAX_EXCEL_DATE_SERIAL } from "./sheet-values.js";
export { checkAgentRow, MAX_CELL_LENGTH, supportGroupsFor, agentRowSchema, agentRowFields, agentRowFieldNames, agentRowCases } from "./agent-row.js";
export type { AgentRow, AgentRowInput, AgentRowField, AgentRowCase, AgentRowCheck, AgentRowContext, CommuneStatus } from "./agent-row.js";

// Input schemas (tRPC `.input()`, admin forms)
export {
  coveredPeriodSchema,
  coverageStatusInputSchema,
  duplicateCandidateSchema,
  rankHouseholdMembersInputSchema,
  healthCardCodePartsSchema,
  healthCardValidityInputSchema,
} from "./schemas.js";

// An import's columns and their mapping to a file's headers
export {
  importColumns,
  importColumnNames,
  requiredImportColumns,
  headerScore,
  suggestColumnMapping,
  columnMappingProblems,
  HEADER_MATCH_THRESHOLD,
} from "./import-columns.js";
export type { ImportColumn, ColumnMapping } from "./import-columns.js";

// One enrolment decided: the form, each line of an import and the seed all call it
export { decideEnrolment, commandPathOfField } from "./enrolment.js";
export type { EnrolmentCommand, EnrolmentSnapshot, EnrolmentDecision, EnrolmentIssue, DecidedEnrolment, KnownPerson } from "./enrolment.js";
export { commandFromAgentRow } from "./enrolment-command.js";
export {
  claimLacksEvidence,
  EVIDENCED_GROUPS,
  isEthnicMinority,
  parseSupportGroupCell,
  pricedGroups,
  supportGroupCandidates,
  supportGroupsLabel,
} from "./support-group.js";
export { restorePersonalId } from "./spreadsheet-id.js";

// A collector's worklist: contact outcomes, order, amount due, reminders
export {
  contactOutcomes,
  contactOutcomeLabels,
  eligibilityEndingOutcomes,
  endsEligibility,
  RECENTLY_LAPSED_DAYS,
  CONTACT_NOTE_MAX,
  PROMISE_MAX_DAYS,
  worklistWindow,
  onWorklist,
  worklistSortKey,
  compareWorklistItems,
  renewalAmountDue,
  reminderText,
  recordOutcomeInputSchema,
  checkOutcomeOn,
} from "./worklist.js";
export type { ContactOutcome, WorklistOrderItem, RenewalPlan, RenewalAmount, RecordOutcomeInput } from "./worklist.js";

// Retention: of the people whose cover ended in a period, the share who renewed within 30/90 days
export { retention, retentionOf, retentionFigure, coverEndIn, renewedWithin, RETENTION_WINDOWS } from "./retention.js";
export type { RetentionPayment, RetentionPerson, RetentionFigure } from "./retention.js";
