import { z } from "zod";
import {
  deleteTargetVersioned,
  findSameTarget,
  getTarget,
  insertTarget,
  listTargets,
  targetsByIds,
  updateTargetVersioned,
  type TargetListRow,
} from "@ansinh/db";
import { areaCodeSchema } from "@ansinh/domain/areas";
import { isoDateSchema } from "@ansinh/domain/dates";
import { allocationBases, nextYearDates, targetCountKinds, targetKinds, targetMeasures, targetSchemes } from "@ansinh/domain/targets";
import { apiError } from "../errors.js";
import { audited } from "../services/audited.js";
import {
  allocationPreview,
  areaPathOn,
  auditOf,
  checkManages,
  checkReads,
  conflictError,
  duplicateError,
  eraFor,
  inputOf,
  manageableTarget,
  mappedPlan,
  notFound,
  planListOf,
  readableTarget,
  targetRowOf,
  targetView,
} from "../services/targets.js";
import { protectedProcedure, router } from "../trpc.js";
import { text } from "./inputs.js";

const idSchema = z.number({ message: "target.id" }).int("target.id").positive("target.id").max(2_147_483_647, "target.id");
const versionSchema = z.number({ message: "target.version" }).int("target.version").min(1, "target.version").max(2_147_483_647, "target.version");
const count = z.number({ message: "target.count" }).int("target.count").min(0, "target.count").max(1e12, "target.count");
const yearSchema = z.number({ message: "target.year" }).int("target.year").min(1990, "target.year").max(2100, "target.year");

/** Fields typed by an admin: checked again by the domain (scheme fits measure, milestones…). */
const targetFields = {
  scheme: z.enum(targetSchemes, { message: "target.scheme" }),
  measure: z.enum(targetMeasures, { message: "target.measure" }),
  kind: z.enum(targetKinds, { message: "target.kind" }),
  periodStart: isoDateSchema,
  periodEnd: isoDateSchema,
  value: z.number({ message: "target.value" }).min(0, "target.value").max(1e12, "target.value"),
  share: z.number({ message: "target.share" }).min(0, "target.share").max(1, "target.share").nullable().optional(),
  milestoneBy: z.optional(z.nullable(isoDateSchema)),
  countsKinds: z
    .array(z.enum(targetCountKinds, { message: "target.countsKinds" }))
    .min(1, "target.countsKinds")
    .max(3, "target.countsKinds")
    .optional(),
  note: text(1000).nullable().optional(),
};

const allocationInput = {
  parentId: idSchema,
  basis: z.enum(allocationBases, { message: "target.basis" }),
  children: z
    .array(z.object({ code: areaCodeSchema, min: count.optional(), locked: count.optional(), version: versionSchema.optional() }))
    .max(2000)
    .default([]),
};

/** The children the period's list covers: the area's and its children's targets. */
const listInput = z.object({
  areaCode: areaCodeSchema,
  year: yearSchema,
  /** The day the units are read on (default 1 January of the year). */
  onDate: z.optional(isoDateSchema),
  scheme: z.enum(targetSchemes, { message: "target.scheme" }).optional(),
});

export const targetsRouter = router({
  /** The targets of an area and of its children for a year (periods overlapping it), in the caller's scope. */
  list: protectedProcedure
    .meta({ access: "read" })
    .input(listInput)
    .query(async ({ ctx, input }) => {
      const from = `${input.year}-01-01`;
      const to = `${input.year}-12-31`;
      const onDate = input.onDate ?? from;
      const caps = await checkReads(ctx.access, input.areaCode, onDate);
      // The caller's territory on the list's date (roles follow their units across the reform).
      const rows = await listTargets(ctx.readDb, {
        areaCode: input.areaCode,
        onDate,
        from,
        to,
        scheme: input.scheme,
        roots: await ctx.access.rootsOn("read", onDate),
      });
      return { areaCode: input.areaCode, onDate, ...planListOf(rows.map(targetView), input.areaCode), mayManage: caps.has("manage") };
    }),

  get: protectedProcedure
    .meta({ access: "read" })
    .input(z.object({ id: idSchema }))
    .query(async ({ ctx, input }) => {
      const t = await readableTarget(ctx.db, ctx.access, input.id);
      const caps = await ctx.access.capabilitiesOn(t.areaCode, t.areaValidOn);
      return { ...targetView(t), mayManage: caps.has("manage") };
    }),

  /** A new target on an area in force on the period's start; the caller must manage that area. */
  create: protectedProcedure
    .meta({ access: "manage" })
    .input(z.object({ areaCode: areaCodeSchema, ...targetFields }))
    .mutation(async ({ ctx, input }) => {
      const path = await areaPathOn(ctx.db, input.areaCode, input.periodStart);
      await checkManages(ctx.access, input.areaCode, input.periodStart);
      const row = targetRowOf(input, path[0]!, ctx.access.user.id);
      return audited(ctx, async (tx) => {
        const created = await insertTarget(tx, row);
        if (!created) throw duplicateError();
        const after = (await getTarget(tx, created.id, null))!;
        return { entity: "target", entityId: String(created.id), action: "create", before: null, after: auditOf(after), result: targetView(after) };
      });
    }),

  /**
   * Changes a target; `version` is the one the caller read. A newer one answers TARGETS.CONFLICT
   * (409) naming the value and the time the other admin saved; nothing is overwritten.
   */
  update: protectedProcedure
    .meta({ access: "manage" })
    .input(
      z.object({
        id: idSchema,
        version: versionSchema,
        value: targetFields.value.optional(),
        periodStart: z.optional(isoDateSchema),
        periodEnd: z.optional(isoDateSchema),
        share: targetFields.share,
        milestoneBy: targetFields.milestoneBy,
        countsKinds: targetFields.countsKinds,
        note: targetFields.note,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const before = await manageableTarget(ctx.db, ctx.access, input.id);
      const { id: _i, version: _v, ...changes } = input;
      const next = { ...inputOf(before), ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
      if (next.periodStart !== before.periodStart) {
        await areaPathOn(ctx.db, before.areaCode, next.periodStart);
        await checkManages(ctx.access, before.areaCode, next.periodStart);
      }
      const row = targetRowOf(next, before.provinceCode, ctx.access.user.id);
      if (input.version !== before.version) throw conflictError(before);
      const same = JSON.stringify(auditOf(before)) === JSON.stringify(auditOf({ ...before, ...row, value: row.value } as TargetListRow));
      // An edit that changes nothing keeps the version (a second click is harmless).
      if (same) return targetView(before);
      return audited(ctx, async (tx) => {
        const { createdBy: _c, ...set } = row;
        let updated;
        try {
          updated = await updateTargetVersioned(tx, input.id, input.version, set);
        } catch (e) {
          if (isUniqueViolation(e)) throw duplicateError();
          throw e;
        }
        if (!updated) throw conflictError(await getTarget(tx, input.id, null));
        const after = (await getTarget(tx, input.id, null))!;
        return { entity: "target", entityId: String(input.id), action: "update", before: auditOf(before), after: auditOf(after), result: targetView(after) };
      });
    }),

  /** Deletes a target (version-checked); targets allocated from it keep their values and lose the link. */
  remove: protectedProcedure
    .meta({ access: "manage" })
    .input(z.object({ id: idSchema, version: versionSchema }))
    .mutation(async ({ ctx, input }) => {
      const before = await manageableTarget(ctx.db, ctx.access, input.id);
      return audited(ctx, async (tx) => {
        const gone = await deleteTargetVersioned(tx, input.id, input.version);
        if (!gone) throw conflictError(await getTarget(tx, input.id, null));
        return { entity: "target", entityId: String(input.id), action: "delete", before: auditOf(before), after: null, result: { id: input.id } };
      });
    }),

  /**
   * Last year's targets of an area and its children copied to `year` (the domain's nextYearDates):
   * a preview first (`save: false`), then the copy. A target that already exists this year, or
   * whose area is no longer in force, is skipped and said so.
   */
  copyFromLastYear: protectedProcedure
    .meta({ access: "manage" })
    .input(
      z.object({
        areaCode: areaCodeSchema,
        year: yearSchema,
        scheme: z.enum(targetSchemes, { message: "target.scheme" }).optional(),
        save: z.boolean().default(false),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const lastFrom = `${input.year - 1}-01-01`;
      await checkManages(ctx.access, input.areaCode, lastFrom);
      const roots = await ctx.access.rootsOn("manage", lastFrom);
      const last = (
        await listTargets(ctx.db, { areaCode: input.areaCode, onDate: lastFrom, from: lastFrom, to: `${input.year - 1}-12-31`, scheme: input.scheme, roots })
      ).filter(
        // A campaign's minimums belong to their campaign: they are not copied to another year.
        (t) => t.periodStart >= lastFrom && t.periodStart <= `${input.year - 1}-12-31` && t.campaignId === null,
      );
      const plan: {
        from: ReturnType<typeof targetView>;
        to: ReturnType<typeof inputOf> & { areaName: string | null };
        status: "new" | "exists" | "area_gone";
      }[] = [];
      for (const t of last) {
        const moved = nextYearDates({ ...inputOf(t), campaignId: null });
        const inForce = (await areaPathOn(ctx.db, t.areaCode, moved.periodStart).catch(() => null)) !== null;
        const same = inForce
          ? await findSameTarget(ctx.db, { ...moved, areaValidOn: moved.periodStart, scheme: t.scheme, measure: t.measure, kind: t.kind })
          : undefined;
        plan.push({
          from: targetView(t),
          to: { ...moved, areaName: t.areaName },
          status: !inForce ? ("area_gone" as const) : same ? ("exists" as const) : ("new" as const),
        });
      }
      if (!input.save) return { saved: false, created: 0, rows: plan };
      const todo = plan.filter((p) => p.status === "new");
      if (todo.length === 0) return { saved: true, created: 0, rows: plan };
      return audited(ctx, async (tx) => {
        const ids: number[] = [];
        for (const p of todo) {
          const { areaName: _n, ...to } = p.to;
          const created = await insertTarget(tx, targetRowOf(to, p.from.provinceCode, ctx.access.user.id));
          if (created) ids.push(created.id);
        }
        const after = await targetsByIds(tx, ids);
        return {
          entity: "target",
          entityId: input.areaCode,
          action: "copy_from_last_year",
          before: { year: input.year - 1, ids: todo.map((p) => p.from.id) },
          after: after.map(auditOf),
          result: { saved: true, created: ids.length, rows: plan },
        };
      });
    }),

  /**
   * A parent target shared out among the children of its area by a basis (population, working
   * age, last year's result, equal), with per-child minimums and locked values (domain
   * `allocationWeights` + `allocate`): the values sum exactly to the parent. Nothing is stored.
   */
  allocatePreview: protectedProcedure
    .meta({ access: "manage" })
    .input(z.object(allocationInput))
    .query(async ({ ctx, input }) => {
      const parent = await manageableTarget(ctx.db, ctx.access, input.parentId);
      return allocationPreview(ctx.db, parent, input.basis, input.children);
    }),

  /**
   * Stores an allocation in one transaction: each child's target is created (with `parent_id` and
   * how its value was reached in `allocation`) or updated if the caller sent the version it read;
   * a parent or child changed since then answers TARGETS.CONFLICT and nothing is stored.
   */
  allocateSave: protectedProcedure
    .meta({ access: "manage" })
    .input(z.object({ ...allocationInput, parentVersion: versionSchema }))
    .mutation(async ({ ctx, input }) => {
      const parent = await manageableTarget(ctx.db, ctx.access, input.parentId);
      if (parent.version !== input.parentVersion) throw conflictError(parent);
      for (const c of input.children) await checkManages(ctx.access, c.code, parent.areaValidOn);
      const preview = await allocationPreview(ctx.db, parent, input.basis, input.children);
      const sentVersion = new Map(input.children.map((c) => [c.code, c.version]));
      return audited(ctx, async (tx) => {
        const ids: number[] = [];
        const before: unknown[] = [];
        for (const r of preview.rows) {
          const allocation = { basis: input.basis, weight: r.weight, by: r.basis, parentValue: preview.parentValue };
          if (r.existing) {
            const v = sentVersion.get(r.code) ?? r.existing.version;
            const old = (await getTarget(tx, r.existing.id, null))!;
            if (old.version !== v) throw conflictError(old);
            before.push(auditOf(old));
            const updated = await updateTargetVersioned(tx, r.existing.id, v, {
              value: r.value,
              parentId: parent.id,
              allocation,
              updatedBy: ctx.access.user.id,
            });
            if (!updated) throw conflictError(await getTarget(tx, r.existing.id, null));
            ids.push(updated.id);
          } else {
            const created = await insertTarget(tx, {
              ...targetRowOf({ ...inputOf(parent), areaCode: r.code, value: r.value, note: null }, parent.provinceCode, ctx.access.user.id),
              parentId: parent.id,
              allocation,
            });
            if (!created)
              throw apiError(
                "TARGETS.CONFLICT",
                "Một chỉ tiêu con vừa được người khác tạo; hãy xem lại",
                "Someone else just created a child target; preview again",
                ["children"],
              );
            ids.push(created.id);
          }
        }
        const after = await targetsByIds(tx, ids);
        return {
          entity: "target",
          entityId: String(parent.id),
          action: "allocate",
          before,
          after: { basis: input.basis, children: after.map(auditOf) },
          result: { parentId: parent.id, sum: preview.sum, rows: after.map(targetView) },
        };
      });
    }),

  /**
   * A plan made on old units (a 2020 district plan) shown on the units of a later era (the 2025
   * communes) through area_mappings and the domain's `mapFigures`, with the mapping used.
   */
  mapped: protectedProcedure
    .meta({ access: "read" })
    .input(
      z.object({
        areaCode: areaCodeSchema,
        year: yearSchema,
        scheme: z.enum(targetSchemes, { message: "target.scheme" }),
        measure: z.enum(targetMeasures, { message: "target.measure" }).default("new_participants"),
        kind: z.enum(targetKinds, { message: "target.kind" }).default("plan"),
        oldValidOn: z.optional(isoDateSchema),
        newValidOn: z.optional(isoDateSchema),
        split: z.enum(["communes", "equal", "population"], { message: "target.split" }).default("communes"),
      }),
    )
    .query(async ({ ctx, input }) => {
      const from = `${input.year}-01-01`;
      await checkReads(ctx.access, input.areaCode, from);
      const era = await eraFor(ctx.db, from, input);
      if (!era) {
        throw apiError(
          "TARGETS.NO_MAPPING",
          "Chưa có bảng ánh xạ đơn vị cũ → mới (pnpm ansinh import-area-mapping)",
          "No old→new unit mapping is loaded (pnpm ansinh import-area-mapping)",
          ["oldValidOn"],
        );
      }
      const rows: TargetListRow[] = (
        await listTargets(ctx.db, {
          areaCode: input.areaCode,
          onDate: from,
          from,
          to: `${input.year}-12-31`,
          scheme: input.scheme,
          roots: await ctx.access.rootsOn("read", from),
        })
      ).filter((t) => t.measure === input.measure && t.kind === input.kind && t.campaignId === null);
      if (input.measure === "coverage_percent") {
        throw apiError(
          "TARGETS.NOT_ALLOCATABLE",
          "Tỷ lệ bao phủ không cộng dồn qua đơn vị được",
          "A coverage percentage cannot be carried across units by sums",
          ["measure"],
        );
      }
      const mapped = await mappedPlan(ctx.db, { areaCode: input.areaCode, rows, oldValidOn: era.oldValidOn, newValidOn: era.newValidOn, split: input.split });
      return { ...mapped, source: rows.filter((r) => r.areaCode !== input.areaCode).map(targetView) };
    }),
});

const isUniqueViolation = (e: unknown) => {
  for (let c: unknown = e; c; c = (c as { cause?: unknown }).cause) if ((c as { code?: unknown }).code === "23505") return true;
  return false;
};

export { notFound };
