/**
 * Who may do what, where. A role is held on an area and reaches its whole subtree (as the
 * hierarchy stands on the date asked about); a user may hold several roles on several areas.
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
export { passwordSchema, roleAssignmentListSchema, roleAssignmentSchema } from "./schemas.js";
export type { Role, Action, RoleAssignment, StaffViewerScopes } from "./access.js";
export { auditChanges, maskAuditValue } from "./audit.js";
export type { AuditChange } from "./audit.js";
