/**
 * The administrative hierarchy, effective-dated: a unit has a parent for the span
 * [validFrom, validTo]; the tree is always built "as of" one date. Figures move between eras
 * (pre-2025 units ↔ 2025 units) only through the many-to-many mapping, never by code.
 */
export { buildAreaTree, walkTree, findNode } from "./tree.js";
export type { AreaRow, AreaNode, AreaTree, AreaLevel } from "./tree.js";
export { areaLevels } from "./tree.js";
export { areaCodeSchema, areaRowSchema } from "./schemas.js";
export { ancestors, descendants, pathOf } from "./hierarchy.js";
export { UNIT_COLUMNS, checkUnitRecords, locateUnitColumns, parentLevels, planAreaImport, unitCodeLength, unitRowProblem } from "./unit-import.js";
export type { AreaImportPlan, ParsedUnitRow, RejectedUnitRow, UnitColumn, UnitSpan } from "./unit-import.js";
export type { DescendantsOptions } from "./hierarchy.js";
export { areaMappingRowSchema, buildAreaMapping, mapFigures, predecessorsOf, splitRuleSchema, successorsOf } from "./mapping.js";
export type { AreaMapping, AreaMappingRow, MapFiguresOptions, MappableFigure, MappedFigures, SplitRule } from "./mapping.js";
export { areasErrorCodes } from "../error-codes.js";
export type { AreasErrorCode } from "../error-codes.js";
export type { Lookup, MappingLike } from "./mapping.js";
export type { TreeLookup } from "./hierarchy.js";
export { buildAreaWorld, homeOn, territoryOn, versionOf } from "./territory.js";
export type { AreaWorld, Reform, UnitOnDate } from "./territory.js";
