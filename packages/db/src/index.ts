export * from "./client.js";
export * from "./schema/index.js";
export * from "./queries/areas.js";
export * from "./seed/demo.js";
export { containsPattern, ping, resetDatabase, selectRows } from "./queries/sql.js";
export * from "./queries/scope.js";
export * from "./queries/users.js";
export * from "./queries/audit.js";
export * from "./queries/agents.js";
export * from "./queries/facilities.js";
export * from "./seed/registry-demo.js";
export * from "./seed/registry-demo-units.js";
export * from "./queries/imports.js";
export * from "./queries/record-enrolment.js";
export * from "./queries/duplicates.js";
export {
  coverageStatusNames,
  schemeStatusSql,
  schemeStatusesOf,
  participantSearchSql,
  encodeCursor,
  parseCursor,
  COUNT_CAP,
  type CoverageStatusName,
  type RegistryScheme,
  type SchemeStatus,
  type RegistryFilter,
  type SortDirection,
  type ListCursor,
  type CommuneScope,
} from "./queries/registry-lists.js";
export * from "./queries/registry-participants.js";
export * from "./queries/registry-enrolments.js";
export * from "./queries/registry-renewals.js";
export * from "./queries/registry-participant.js";
export * from "./queries/targets.js";
export * from "./queries/outreach.js";
export * from "./queries/figures.js";
export * from "./queries/dashboard.js";
export * from "./queries/import-staging.js";
export * from "./queries/rate-limits.js";
export * from "./queries/worklist.js";
