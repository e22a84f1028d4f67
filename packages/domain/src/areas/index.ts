/**
 * The administrative hierarchy, effective-dated: a unit has a parent for the span
 * [validFrom, validTo]; the tree is always built "as of" one date.
 */
export { buildAreaTree, walkTree, findNode } from "./tree.js";
export type { AreaRow, AreaNode, AreaTree, AreaLevel } from "./tree.js";
export { areaLevels, areaRowSchema } from "./tree.js";
