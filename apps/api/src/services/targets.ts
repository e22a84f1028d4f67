/**
 * Targets (chỉ tiêu): what the `targets` procedures do between loading and storing. Every rule is
 * the domain's (checkTargetInput, nextYearDates, allocationWeights, allocate, mapFigures); this
 * file loads the rows, checks the caller's area, and stores with an audit row.
 */
import {
  ancestryOf,
  childrenWithFigures,
  findSameTarget,
  getTarget,
  insertTarget,
  mappingEras,
  mappingRowsUnder,
  populationsOn,
  targetsByIds,
  updateTargetVersioned,
  type Db,
  type TargetListRow,
  type TargetRow,
} from "@ansinh/db";
import { mapFigures } from "@ansinh/domain/areas";
import { formatVietnamDateTime } from "@ansinh/domain/dates";
import {
  allocate,
  allocationWeights,
  checkTargetInput,
  childrenSumCheck,
  milestoneFigures,
  nextYearDates,
  shiftYears,
  type AllocationBasis,
  type ChildrenSumCheck,
  type TargetInput,
} from "@ansinh/domain/targets";
import { apiError } from "../errors.js";
import { forbidden, type Access } from "../trpc.js";

export const notFound = () => apiError("TARGETS.NOT_FOUND", "Không tìm thấy chỉ tiêu", "No such target");

/** A target as the API shows it. */
export function targetView(t: TargetListRow) {
  return {
    id: t.id,
    provinceCode: t.provinceCode,
    areaCode: t.areaCode,
    areaName: t.areaName,
    areaValidOn: t.areaValidOn,
    scheme: t.scheme,
    measure: t.measure,
    kind: t.kind,
    periodStart: t.periodStart,
    periodEnd: t.periodEnd,
    value: Number(t.value),
    share: t.share === null ? null : Number(t.share),
    milestoneBy: t.milestoneBy,
    countsKinds: t.countsKinds,
    campaignId: t.campaignId,
    parentId: t.parentId,
    allocation: t.allocation as { basis: string; weight: number; by: string } | null,
    note: t.note,
    updatedAt: t.updatedAt instanceof Date ? t.updatedAt.toISOString() : String(t.updatedAt),
    updatedByName: t.updatedByName,
    version: t.version,
  };
}
export type TargetView = ReturnType<typeof targetView>;

const overlaps = (a: { periodStart: string; periodEnd: string }, b: { periodStart: string; periodEnd: string }) =>
  a.periodStart <= b.periodEnd && a.periodEnd >= b.periodStart;

/** The plan a target of an area counts against: same area, scheme and measure, the period holding `day` first. */
function planOf(rows: readonly TargetView[], t: TargetView, day: string): TargetView | null {
  const plans = rows.filter((p) => p.kind === "plan" && p.areaCode === t.areaCode && p.scheme === t.scheme && p.measure === t.measure && overlaps(p, t));
  return plans.find((p) => p.periodStart <= day && day <= p.periodEnd) ?? plans[0] ?? null;
}

/**
 * The plans list with the figures computed from its rows by the domain: each milestone's people
 * against the plan in force (`milestoneFigures`, as the dashboard reads it), and for each of the
 * area's own plans whether its children's plans add up to it (`childrenSumCheck`).
 */
export function planListOf(rows: readonly TargetView[], areaCode: string) {
  const withFigures = rows.map((t) => {
    if (t.kind !== "milestone") return { ...t, milestone: null };
    const plan = planOf(rows, t, t.milestoneBy ?? t.periodStart);
    const m = milestoneFigures({ share: t.share, value: t.value }, plan?.value ?? null);
    return { ...t, milestone: { share: m.share, required: m.required, planValue: plan?.value ?? null } };
  });
  const sumChecks: (ChildrenSumCheck & { targetId: number; scheme: string; measure: string })[] = [];
  for (const p of rows) {
    if (p.kind !== "plan" || p.areaCode !== areaCode || p.measure === "coverage_percent") continue;
    const byChild = new Map<string, number>();
    for (const c of rows) {
      if (c.kind === "plan" && c.areaCode !== areaCode && c.scheme === p.scheme && c.measure === p.measure && overlaps(c, p) && !byChild.has(c.areaCode))
        byChild.set(c.areaCode, c.value);
    }
    const check = childrenSumCheck(p.value, [...byChild.values()]);
    if (check) sumChecks.push({ ...check, targetId: p.id, scheme: p.scheme, measure: p.measure });
  }
  return { rows: withFigures, sumChecks };
}

/** What the audit trail keeps of a target. */
export const auditOf = (t: TargetListRow | TargetRow) => {
  const { areaName: _a, updatedByName: _u, updatedAt: _t, ...rest } = targetView({ areaName: null, updatedByName: null, ...t } as TargetListRow);
  return rest;
};

/**
 * The target if the caller may read it (its area, on the target's own date, is in a role's
 * territory then: a 2020 district role reads the 2026 targets of the communes that took it over);
 * "not found" otherwise.
 */
export async function readableTarget(db: Db, access: Access, id: number): Promise<TargetListRow> {
  const t = await getTarget(db, id, null);
  if (!t || !(await access.capabilitiesOn(t.areaCode, t.areaValidOn)).has("read")) throw notFound();
  return t;
}

/** The target if the caller may manage it: "not found" when unseen, "forbidden" when only readable. */
export async function manageableTarget(db: Db, access: Access, id: number): Promise<TargetListRow> {
  const t = await readableTarget(db, access, id);
  if (!(await access.capabilitiesOn(t.areaCode, t.areaValidOn)).has("manage")) throw forbidden();
  return t;
}

/** The area's ancestry on a date; an area not in force then is refused on the field `areaCode`. */
export async function areaPathOn(db: Db, code: string, onDate: string): Promise<string[]> {
  const path = await ancestryOf(db, code, onDate);
  if (path.length === 0) {
    throw apiError("TARGETS.UNKNOWN_AREA", `Không có địa bàn mã ${code} vào ngày ${onDate}`, `No area with code ${code} on ${onDate}`, ["areaCode"]);
  }
  return path;
}

/** Read scope on an area: out of scope looks like "not found". */
export async function checkReads(access: Access, code: string, onDate: string) {
  const caps = await access.capabilitiesOn(code, onDate);
  if (!caps.has("read"))
    throw apiError("TARGETS.NOT_FOUND", `Không có địa bàn mã ${code} vào ngày ${onDate}`, `No area with code ${code} on ${onDate}`, ["areaCode"]);
  return caps;
}

export async function checkManages(access: Access, code: string, onDate: string) {
  const caps = await checkReads(access, code, onDate);
  if (!caps.has("manage")) throw forbidden();
}

/** The stale-version answer: names the value and the time the other admin saved; nothing is overwritten. */
export function conflictError(current: TargetListRow | undefined) {
  if (!current) return apiError("TARGETS.CONFLICT", "Chỉ tiêu vừa bị người khác xoá", "Someone else deleted this target", ["version"]);
  const when = formatVietnamDateTime(current.updatedAt);
  const who = current.updatedByName ? ` (${current.updatedByName})` : "";
  return apiError(
    "TARGETS.CONFLICT",
    `Chỉ tiêu vừa được người khác sửa${who} lúc ${when}: giá trị hiện là ${Number(current.value)}. Chưa lưu gì; hãy tải lại rồi nhập lại.`,
    `Someone else${who} saved this target at ${when}: its value is now ${Number(current.value)}. Nothing was saved; reload and reapply your change.`,
    ["version"],
  );
}

export const duplicateError = () =>
  apiError(
    "TARGETS.DUPLICATE",
    "Đã có chỉ tiêu này (cùng địa bàn, chương trình, thước đo, loại và kỳ)",
    "This target already exists (same area, scheme, measure, kind and period)",
    ["kind"],
  );

/** Checks the typed target with the domain's rules and gives the row to store. */
export function targetRowOf(input: TargetInput, provinceCode: string, userId: string) {
  const t = checkTargetInput(input);
  return {
    provinceCode,
    areaCode: t.areaCode,
    areaValidOn: t.periodStart,
    scheme: t.scheme,
    measure: t.measure,
    kind: t.kind,
    periodStart: t.periodStart,
    periodEnd: t.periodEnd,
    value: t.value,
    share: t.kind === "milestone" ? (t.share ?? null) : null,
    milestoneBy: t.kind === "milestone" ? (t.milestoneBy ?? null) : null,
    countsKinds: t.countsKinds ?? ["new", "returning"],
    campaignId: t.campaignId ?? null,
    note: t.note ?? null,
    createdBy: userId,
    updatedBy: userId,
  };
}

export const inputOf = (t: TargetListRow | TargetRow): TargetInput => ({
  areaCode: t.areaCode,
  scheme: t.scheme,
  measure: t.measure,
  kind: t.kind,
  periodStart: t.periodStart,
  periodEnd: t.periodEnd,
  value: Number(t.value),
  share: t.share === null ? null : Number(t.share),
  milestoneBy: t.milestoneBy,
  countsKinds: t.countsKinds as TargetInput["countsKinds"],
  campaignId: t.campaignId,
  note: t.note,
});

export interface AllocationChildInput {
  code: string;
  min?: number | undefined;
  locked?: number | undefined;
}

/**
 * The allocation of a parent target to the children of its area (on the parent's date), by
 * `basis`, with the caller's minimums and locked values: the domain's `allocationWeights` and
 * `allocate`. Each row also names the child's existing target of the same identity, if any.
 */
export async function allocationPreview(db: Db, parent: TargetListRow, basis: AllocationBasis, inputs: readonly AllocationChildInput[]) {
  if (parent.measure === "coverage_percent") {
    throw apiError(
      "TARGETS.NOT_ALLOCATABLE",
      "Tỷ lệ bao phủ không chia cho các đơn vị con được; chỉ chia số người",
      "A coverage percentage is not shared out among children; only participant counts are",
      ["parentId"],
    );
  }
  const lastFrom = shiftYears(parent.periodStart, -1);
  const lastTo = shiftYears(parent.periodEnd, -1);
  const kids = await childrenWithFigures(db, {
    areaCode: parent.areaCode,
    onDate: parent.areaValidOn,
    year: Number(parent.periodStart.slice(0, 4)),
    scheme: parent.scheme,
    kinds: parent.countsKinds,
    lastFrom,
    lastTo,
  });
  if (kids.length === 0) {
    throw apiError("TARGETS.NOT_ALLOCATABLE", "Địa bàn này không có đơn vị con để phân bổ", "This area has no children to allocate to", ["parentId"]);
  }
  const known = new Set(kids.map((k) => k.code));
  inputs.forEach((c, i) => {
    if (!known.has(c.code)) {
      throw apiError("TARGETS.UNKNOWN_AREA", `${c.code} không phải đơn vị con của ${parent.areaCode}`, `${c.code} is not a child of ${parent.areaCode}`, [
        "children",
        i,
        "code",
      ]);
    }
  });
  const byCode = new Map(inputs.map((c) => [c.code, c]));
  const weights = allocationWeights(
    basis,
    kids.map((k) => ({ key: k.code, population: k.population, workingAge: k.workingAge, lastYearResult: k.lastYearResult })),
  );
  const result = allocate({
    total: Number(parent.value),
    children: weights.map((w) => {
      const c = byCode.get(w.key);
      return { key: w.key, weight: w.weight, ...(c?.min !== undefined ? { min: c.min } : {}), ...(c?.locked !== undefined ? { locked: c.locked } : {}) };
    }),
  });
  const existing = await Promise.all(
    kids.map((k) =>
      findSameTarget(db, {
        areaCode: k.code,
        areaValidOn: parent.areaValidOn,
        scheme: parent.scheme,
        measure: parent.measure,
        kind: parent.kind,
        periodStart: parent.periodStart,
        periodEnd: parent.periodEnd,
        campaignId: parent.campaignId,
        milestoneBy: parent.milestoneBy,
      }),
    ),
  );
  const rows = kids.map((k, i) => {
    const r = result[i]!;
    const e = existing[i];
    return {
      code: k.code,
      name: k.name,
      population: k.population,
      workingAge: k.workingAge,
      populationYear: k.populationYear,
      lastYearResult: k.lastYearResult,
      weight: weights[i]!.weight,
      min: byCode.get(k.code)?.min ?? null,
      locked: byCode.get(k.code)?.locked ?? null,
      value: r.value,
      basis: r.basis,
      existing: e ? { id: e.id, value: Number(e.value), version: e.version } : null,
    };
  });
  const sum = rows.reduce((s, r) => s + r.value, 0);
  return { parentId: parent.id, parentValue: Number(parent.value), parentVersion: parent.version, basis, lastYear: { from: lastFrom, to: lastTo }, rows, sum };
}

/** The eras of area_mappings to read an old plan on: the one after `onDate`, else the newest. */
export async function eraFor(db: Db, onDate: string, wanted?: { oldValidOn?: string | undefined; newValidOn?: string | undefined }) {
  const eras = await mappingEras(db);
  const fit = eras.filter((e) => (!wanted?.oldValidOn || e.oldValidOn === wanted.oldValidOn) && (!wanted?.newValidOn || e.newValidOn === wanted.newValidOn));
  return fit.find((e) => e.oldValidOn >= onDate) ?? fit[0];
}

/**
 * An old plan (the targets of an old area's children, e.g. Kiên Giang's 2020 districts) carried
 * onto the units of a later era through area_mappings and the domain's `mapFigures`; returns the
 * figures per new unit, what could not be mapped, which old units were split, and the mapping used.
 */
export async function mappedPlan(
  db: Db,
  opts: { areaCode: string; rows: readonly TargetListRow[]; oldValidOn: string; newValidOn: string; split: "communes" | "equal" | "population" },
) {
  const links = await mappingRowsUnder(db, { oldCode: opts.areaCode, oldValidOn: opts.oldValidOn, newValidOn: opts.newValidOn });
  const figures = new Map<string, number>();
  for (const r of opts.rows) if (r.areaCode !== opts.areaCode) figures.set(r.areaCode, (figures.get(r.areaCode) ?? 0) + Number(r.value));
  const mappingRows = links.map((l) => ({ oldCode: l.viaCode, newCode: l.newCode }));
  const newCodes = [...new Set(links.map((l) => l.newCode))];
  // "communes": an old unit split among several new ones is shared by how many of its old
  // communes (or itself) each new unit took; for a commune that is one link each, equal shares.
  const links2 = new Map<string, Map<string, number>>();
  for (const l of links) {
    let row = links2.get(l.viaCode);
    if (!row) links2.set(l.viaCode, (row = new Map()));
    row.set(l.newCode, (row.get(l.newCode) ?? 0) + 1);
  }
  const split =
    opts.split === "population"
      ? { by: "population" as const, population: await populationsOn(db, newCodes, opts.newValidOn, Number(opts.newValidOn.slice(0, 4))) }
      : opts.split === "communes"
        ? { by: "weights" as const, weights: links2 }
        : ("equal" as const);
  const mapped = mapFigures(figures, mappingRows, { split });
  const names = new Map(links.map((l) => [l.newCode, l.newName]));
  return {
    era: { oldValidOn: opts.oldValidOn, newValidOn: opts.newValidOn },
    split: opts.split,
    figures: [...mapped.figures.entries()]
      .map(([code, value]) => ({ code, name: names.get(code) ?? null, value: value as number }))
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
    total: [...figures.values()].reduce((s, v) => s + v, 0),
    unmapped: mapped.unmapped,
    splitSources: mapped.split,
    mapping: links,
  };
}

export { targetsByIds, updateTargetVersioned, insertTarget, nextYearDates };
