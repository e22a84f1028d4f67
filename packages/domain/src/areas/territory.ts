/**
 * A unit's territory across reforms. A unit is named by its code AND a date on which
 * that code was in force ("the unit as it was on a date"): codes are reused across eras (91 was
 * Kiên Giang and is An Giang since 2025-07-01), so a code alone names no territory.
 *
 * On a date of the unit's own era (no reform takes effect between the two dates) its territory is
 * its subtree as the hierarchy stands on that date. On a date of another era it is its territory
 * carried through the reforms' old→new mappings (docs/rules.md §5), one reform at a time:
 * - the unit's leaves (units without children: communes, or a district without communes) on its
 *   own date are mapped forward (old → new units, for a later date) or backward (new → old
 *   units, for an earlier date);
 * - a split unit (one old unit, several new ones) reaches every unit it went into, and a new unit
 *   formed from several old ones is reached from each: the territory is where the mapping puts
 *   the pieces, so two roles may overlap after a reform;
 * - on the asked date, the territory is the mapped units in force then with their subtrees, and
 *   every unit all of whose children are in it (a province whose every commune is reached);
 * - leaves the mapping does not know are not carried (their territory is unknown after the
 *   reform), never guessed by code.
 *
 * Records (a person's commune on a date) are placed on another era's units by `homeOn`: the one
 * unit of the asked date that holds the record — for a split unit, the first of the units it went
 * into by code, so each record counts once.
 */
import { argumentError } from "../argument-error.js";
import { compareStrings } from "../arithmetic.js";
import { inSpan, isIsoDate, type IsoDate } from "../dates.js";
import { buildAreaMapping, type AreaMapping, type AreaMappingRow } from "./mapping.js";
import { buildAreaTree, type AreaNode, type AreaRow, type AreaTree } from "./tree.js";

/** One reform: the units in force on `oldValidOn` went into those in force on `newValidOn`. */
export interface Reform {
  /** A day on which the old codes of the mapping are in force (the last day before the reform). */
  oldValidOn: IsoDate;
  /** The day the reform takes effect: the new codes are in force from it. */
  newValidOn: IsoDate;
  rows: readonly AreaMappingRow[];
}

/** A unit as it was on a date: the code and a day on which that code named it. */
export interface UnitOnDate {
  code: string;
  validOn: IsoDate;
}

/** The hierarchy over time with its reforms; build once with `buildAreaWorld`, ask many times. */
export interface AreaWorld {
  readonly rows: readonly AreaRow[];
  /** The reforms by the day they take effect. */
  readonly reforms: readonly { oldValidOn: IsoDate; newValidOn: IsoDate; mapping: AreaMapping }[];
  /** The tree in force on a date (built once per date). */
  treeOn(onDate: IsoDate): AreaTree;
}

const dateArg = (v: unknown, name: string): IsoDate => {
  if (!isIsoDate(v)) throw argumentError("AREAS.INVALID_INPUT", [name], { vi: "một ngày YYYY-MM-DD", en: "a date YYYY-MM-DD" }, v);
  return v;
};

/** The hierarchy (every unit version) and the reforms, checked once. */
export function buildAreaWorld(rows: readonly AreaRow[], reforms: readonly Reform[]): AreaWorld {
  if (!Array.isArray(rows)) throw argumentError("AREAS.INVALID_INPUT", ["rows"], { vi: "danh sách đơn vị hành chính", en: "a list of unit rows" }, rows);
  if (!Array.isArray(reforms)) throw argumentError("AREAS.INVALID_INPUT", ["reforms"], { vi: "danh sách các lần sắp xếp", en: "a list of reforms" }, reforms);
  const checked = reforms.map((r: Reform, i) => {
    if (typeof r !== "object" || r === null)
      throw argumentError("AREAS.INVALID_INPUT", ["reforms", i], { vi: "{ oldValidOn, newValidOn, rows }", en: "{ oldValidOn, newValidOn, rows }" }, r);
    const oldValidOn = dateArg(r.oldValidOn, "oldValidOn");
    const newValidOn = dateArg(r.newValidOn, "newValidOn");
    if (oldValidOn >= newValidOn)
      throw argumentError("AREAS.INVALID_INPUT", ["reforms", i, "newValidOn"], { vi: "một ngày sau oldValidOn", en: "a day after oldValidOn" }, newValidOn);
    return { oldValidOn, newValidOn, mapping: buildAreaMapping(r.rows) };
  });
  checked.sort((a, b) => compareStrings(a.newValidOn, b.newValidOn));
  const trees = new Map<string, AreaTree>();
  if (rows.length > 0) buildAreaTree(rows, rows[0]!.validFrom); // checks every row once
  return {
    rows,
    reforms: checked,
    treeOn(onDate) {
      let t = trees.get(onDate);
      if (!t) trees.set(onDate, (t = buildAreaTree(rows, onDate)));
      return t;
    },
  };
}

function assertWorld(world: unknown): asserts world is AreaWorld {
  if (typeof world !== "object" || world === null || typeof (world as AreaWorld).treeOn !== "function" || !Array.isArray((world as AreaWorld).reforms)) {
    throw argumentError("AREAS.INVALID_INPUT", ["world"], { vi: "kết quả của buildAreaWorld", en: "what buildAreaWorld returns" }, world);
  }
}

function unitArg(unit: unknown): UnitOnDate {
  if (typeof unit !== "object" || unit === null || typeof (unit as UnitOnDate).code !== "string") {
    throw argumentError("AREAS.INVALID_INPUT", ["unit"], { vi: "{ code, validOn }", en: "{ code, validOn }" }, unit);
  }
  return { code: (unit as UnitOnDate).code, validOn: dateArg((unit as UnitOnDate).validOn, "validOn") };
}

/** The reforms taking effect between two dates, in the order they are crossed going from `from` to `to`. */
function crossed(world: AreaWorld, from: IsoDate, to: IsoDate) {
  if (from <= to) return world.reforms.filter((r) => r.newValidOn > from && r.newValidOn <= to);
  return world.reforms.filter((r) => r.newValidOn > to && r.newValidOn <= from).reverse();
}

function subtree(node: AreaNode, out: Set<string>): void {
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    out.add(n.code);
    for (const c of n.children) stack.push(c);
  }
}

function leaves(node: AreaNode): string[] {
  const out: string[] = [];
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.children.length === 0) out.push(n.code);
    for (const c of n.children) stack.push(c);
  }
  return out;
}

/**
 * The codes of the units in force on `onDate` that make up the territory of `unit` (sorted; empty
 * when the unit was not in force on its own date, or when none of its territory reaches that
 * date). See the module's comment for the rule.
 */
export function territoryOn(world: AreaWorld, unit: UnitOnDate, onDate: IsoDate): string[] {
  assertWorld(world);
  const u = unitArg(unit);
  dateArg(onDate, "onDate");
  const own = world.treeOn(u.validOn).byCode.get(u.code);
  if (!own) return [];
  const steps = crossed(world, u.validOn, onDate);
  const out = new Set<string>();
  const tree = world.treeOn(onDate);
  if (steps.length === 0) {
    const here = tree.byCode.get(u.code);
    if (here) subtree(here, out);
    return [...out].sort(compareStrings);
  }
  let codes = new Set(leaves(own));
  const forward = u.validOn <= onDate;
  for (const r of steps) {
    const links = forward ? r.mapping.successors : r.mapping.predecessors;
    const next = new Set<string>();
    for (const c of codes) for (const to of links.get(c) ?? []) next.add(to);
    codes = next;
  }
  for (const c of codes) {
    const n = tree.byCode.get(c);
    if (n) subtree(n, out);
  }
  // Every unit whose children are all in the territory is in it (bottom-up, so a province whose
  // districts are all whole is whole too).
  const whole = (n: AreaNode): boolean => {
    if (out.has(n.code)) return true;
    if (n.children.length === 0) return false;
    let all = true;
    for (const c of n.children) if (!whole(c)) all = false;
    if (all) out.add(n.code);
    return all;
  };
  for (const root of [...tree.roots, ...tree.orphans]) whole(root);
  return [...out].sort(compareStrings);
}

/**
 * The unit in force on `onDate` that holds a record made on `unit` (a commune as it was on the
 * record's date): the unit itself in its own era (when in force on `onDate`), else the first by
 * code of the units it went into (or came from), reform by reform; null when the mapping does
 * not carry it or the unit is not in force.
 */
export function homeOn(world: AreaWorld, unit: UnitOnDate, onDate: IsoDate): string | null {
  assertWorld(world);
  const u = unitArg(unit);
  dateArg(onDate, "onDate");
  if (!world.treeOn(u.validOn).byCode.has(u.code)) return null;
  const steps = crossed(world, u.validOn, onDate);
  let code: string | undefined = u.code;
  const forward = u.validOn <= onDate;
  for (const r of steps) {
    code = (forward ? r.mapping.successors : r.mapping.predecessors).get(code)?.[0];
    if (code === undefined) return null;
  }
  return world.treeOn(onDate).byCode.has(code) ? code : null;
}

/** The version (row) of `unit` in force on its date, or undefined when there is none. */
export function versionOf(world: AreaWorld, unit: UnitOnDate): AreaRow | undefined {
  assertWorld(world);
  const u = unitArg(unit);
  return world.rows.find((r) => r.code === u.code && inSpan(u.validOn, r.validFrom, r.validTo));
}
