/**
 * Unit rows checked once: every field of every row (unknown keys refused with the known key they
 * are closest to: a misspelt `parentcode` would otherwise make a commune a root and its district's
 * figures silently wrong; `parentCode` and `validTo` required, null when there is none; a level of
 * the list; real dates, a span that does not end before it starts). What a list's row must also
 * be (a code of its level's length, a parent for a district or commune) is the import's rule,
 * `unitRowProblem`: the tree itself takes any hierarchy. Cached by the list's identity like a rates table (see rates/table.ts):
 * the same list again costs a comparison of its rows, a list whose rows were added, removed,
 * replaced or reassigned is checked again.
 */
import { isIsoDate } from "../dates.js";
import { DomainError } from "../errors.js";
import { baseMessages, renderIssues, type IssueLike } from "../messages.js";
import { isRecord, own } from "../own-data.js";
import { areaLevels, type AreaLevel } from "./levels.js";
import { areaMessages } from "./messages.js";
import type { AreaRow } from "./tree.js";

const catalogue = { ...baseMessages, ...areaMessages };
const rowKeys = ["code", "name", "level", "unitType", "parentCode", "validFrom", "validTo"];
const CODE = /^\d{2,5}$/;

/** The issues of one row (none when it is well formed), at paths `[name, i, field]`. */
function rowIssues(row: unknown, at: (string | number)[], out: IssueLike[]): void {
  const push = (field: string | null, message: string, input: unknown, code = "custom", params?: Record<string, unknown>) =>
    out.push({ code, path: field === null ? at : [...at, field], message, input, ...(params ? { params } : {}) });
  if (!isRecord(row)) return void push(null, "area.row", row, "invalid_type");
  const code = own(row, "code");
  if (!(typeof code === "string" && CODE.test(code))) push("code", "area.code", code, typeof code === "string" ? "custom" : "invalid_type");
  const name = own(row, "name");
  if (typeof name !== "string" || name.trim() === "") push("name", "area.name", name, typeof name === "string" ? "custom" : "invalid_type");
  const level = own(row, "level");
  if (!areaLevels.includes(level as AreaLevel)) push("level", "area.level", level, level === undefined ? "invalid_type" : "invalid_value");
  const unitType = own(row, "unitType");
  if (unitType !== undefined && typeof unitType !== "string") push("unitType", "area.unitType", unitType, "invalid_type");
  const parent = own(row, "parentCode");
  if (parent === undefined || (parent !== null && !(typeof parent === "string" && CODE.test(parent)))) {
    push("parentCode", "area.parentCode", parent, parent === undefined ? "invalid_type" : "custom");
  }
  const from = own(row, "validFrom");
  const fromOk = isIsoDate(from);
  if (!fromOk) push("validFrom", "date", from, typeof from === "string" ? "custom" : "invalid_type");
  const to = own(row, "validTo");
  if (to === undefined || (to !== null && !(isIsoDate(to) && (!fromOk || to >= from))))
    push("validTo", "area.validTo", to, to === undefined ? "invalid_type" : "custom");
  const unknown = Object.keys(row).filter((k) => !rowKeys.includes(k));
  if (unknown.length > 0) out.push({ code: "unrecognized_keys", path: at, message: "", keys: unknown, known: rowKeys });
}

interface Cached {
  snapshot: unknown[];
}

const cache = new WeakMap<readonly unknown[], Cached>();

function snapshotOf(rows: readonly unknown[]): unknown[] {
  const out: unknown[] = new Array(rows.length * 6);
  let k = 0;
  for (const r of rows) {
    out[k++] = r;
    if (isRecord(r)) {
      out[k++] = r.code;
      out[k++] = r.level;
      out[k++] = r.parentCode;
      out[k++] = r.validFrom;
      out[k++] = r.validTo;
    } else k += 5;
  }
  return out;
}

/** Whether `rows` still holds what `snapshotOf` saw (no allocation: this runs on every call). */
function unchanged(snapshot: readonly unknown[], rows: readonly unknown[]): boolean {
  if (snapshot.length !== rows.length * 6) return false;
  let k = 0;
  for (const r of rows) {
    if (snapshot[k] !== r) return false;
    if (
      isRecord(r) &&
      (snapshot[k + 1] !== r.code ||
        snapshot[k + 2] !== r.level ||
        snapshot[k + 3] !== r.parentCode ||
        snapshot[k + 4] !== r.validFrom ||
        snapshot[k + 5] !== r.validTo)
    ) {
      return false;
    }
    k += 6;
  }
  return true;
}

/**
 * `rows` as unit rows, every row and field checked (once per list): throws `AREAS.INVALID_INPUT`
 * with one issue per problem, `path: [name, i, field]`, each text naming the row
 * (`rows[12] (31051) parentcode: Unknown key; did you mean "parentCode"?`).
 */
export function checkAreaRows(rows: unknown, name = "rows"): readonly AreaRow[] {
  if (!Array.isArray(rows)) {
    throw new DomainError(
      "AREAS.INVALID_INPUT",
      renderIssues([{ code: "invalid_type", expected: "array", path: [name], message: "", input: rows }], { input: { [name]: rows }, catalogue }),
    );
  }
  const hit = cache.get(rows);
  if (hit !== undefined && unchanged(hit.snapshot, rows)) return rows as readonly AreaRow[];
  const issues: IssueLike[] = [];
  for (let i = 0; i < rows.length; i++) rowIssues(rows[i], [name, i], issues);
  if (issues.length > 0) {
    const rendered = renderIssues(issues, { input: { [name]: rows }, catalogue });
    throw new DomainError(
      "AREAS.INVALID_INPUT",
      rendered.map((issue) => {
        const i = issue.path[1] as number;
        const code = isRecord(rows[i]) && typeof own(rows[i] as object, "code") === "string" ? ` (${String(own(rows[i] as object, "code"))})` : "";
        const field = issue.path.slice(2).join(".");
        const label = `${name}[${i}]${code}${field ? ` ${field}` : ""}: `;
        return { path: issue.path, vi: label + issue.vi, en: label + issue.en };
      }),
      { rows: [...new Set(issues.map((i) => i.path[1]))] },
    );
  }
  cache.set(rows, { snapshot: snapshotOf(rows) });
  return rows as readonly AreaRow[];
}
