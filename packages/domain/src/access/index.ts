/**
 * Who may do what, where. A role is held on a unit as it was on a date and reaches that unit's
 * territory on any date, through the reforms (`scopeOn`); a user may hold several roles on several
 * areas.
 */
export {
  roles,
  can,
  capabilitiesAt,
  maskPersonalId,
  maskPhone,
  mayCollectFor,
  mayManageUser,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  staffDataVisibility,
} from "./access.js";
export { scopeOn } from "./scope.js";
export { passwordSchema, roleAssignmentListSchema, roleAssignmentSchema } from "./schemas.js";
export type { Role, Action, RoleAssignment, StaffViewerScopes } from "./access.js";
export { auditChanges, maskAuditValue } from "./audit.js";
export type { AuditChange } from "./audit.js";
