import { invalidInput } from "./support-group.js";

/**
 * A personal ID as a spreadsheet kept it (docs/rules.md §4b): 12 digits; a cell stored as a number
 * drops the leading zeros, so an ID may be restored with them only where a zero can have been
 * dropped — a numeric cell (10 or 11 digits), or 11 digits that do not themselves start with 0.
 * Anything else that is not 12 digits is left as written, for the ID check to refuse as
 * "needs 12 digits".
 */
export function restorePersonalId(cell: string | number): string {
  if (typeof cell !== "string" && typeof cell !== "number") invalidInput("a personal ID is text or a number");
  const text = typeof cell === "number" ? String(cell) : cell.replace(/\s/g, "");
  if (typeof cell === "number" && /^\d{10,11}$/.test(text)) return text.padStart(12, "0");
  if (/^[1-9]\d{10}$/.test(text)) return `0${text}`;
  return text;
}
