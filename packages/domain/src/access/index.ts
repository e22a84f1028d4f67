/**
 * Who may do what, where. A role is held on an area and reaches its whole subtree (as the
 * hierarchy stands on the date asked about); a user may hold several roles on several areas.
 */
export { roles, can, capabilitiesAt, maskPersonalId, maskPhone, mayManageUser, roleAssignmentListSchema, roleAssignmentSchema } from "./access.js";
export type { Role, Action, RoleAssignment } from "./access.js";
