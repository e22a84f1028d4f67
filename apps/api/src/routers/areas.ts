import type { TRPCError } from "@trpc/server";
import { z } from "zod";
import { areaRowsOn, areaWithChildren, latestFiguresDate, nearestAreaDate, searchAreas, searchAreasOn } from "@ansinh/db";
import { areaCodeSchema, buildAreaTree, type AreaNode } from "@ansinh/domain/areas";
import { coverageSchemes, rollUp } from "@ansinh/domain/coverage";
import { isoDateSchema, todayInVietnam as today } from "@ansinh/domain/dates";
import { apiError } from "../errors.js";
import { frameTree, visiblePath } from "../services/area-frame.js";
import { protectedProcedure, router } from "../trpc.js";
import { text } from "./inputs.js";

export interface AreaTreeNode {
  code: string;
  name: string;
  level: AreaNode["level"];
  unitType: string;
  children: AreaTreeNode[];
}

function toTreeNode(node: AreaNode, depth: number): AreaTreeNode {
  return {
    code: node.code,
    name: node.name,
    level: node.level,
    unitType: node.unitType,
    children: depth <= 0 ? [] : node.children.map((c) => toTreeNode(c, depth - 1)),
  };
}

/** Out of scope and nonexistent look the same: nothing is revealed. */
function notFound(code: string, onDate: string): TRPCError {
  return apiError("AREAS.NOT_FOUND", `Không có địa bàn mã ${code} vào ngày ${onDate}`, `No area with code ${code} on ${onDate}`, ["code"]);
}

export const areasRouter = router({
  /**
   * Areas by name or code, for choosing one instead of typing its code: within the caller's
   * `administer` scope (these are the areas it may give roles on), any era, at most 20.
   */
  search: protectedProcedure
    .meta({ access: "administer" })
    .input(z.object({ text: text(100).min(1, "text.empty") }))
    .query(async ({ ctx, input }) => {
      const within = await ctx.access.lastingScopeFor("administer", today());
      return searchAreas(ctx.readDb, { text: input.text, within, limit: 20 });
    }),

  /**
   * Areas in force on a date by name (without diacritics too) or code, within the caller's `read`
   * scope on that date, each named as on that date (a reused code shows its unit of that era), at
   * most 20: the one area picker of plans, campaigns and events.
   */
  searchOn: protectedProcedure
    .meta({ access: "read" })
    .input(z.object({ text: text(100).min(1, "text.empty"), onDate: isoDateSchema }))
    .query(async ({ ctx, input }) => {
      const within = await ctx.access.scopeFor("read", input.onDate);
      return searchAreasOn(ctx.readDb, { text: input.text, onDate: input.onDate, within, limit: 20 });
    }),

  /** The hierarchy in force on a date within the caller's areas, from its tops or one area. */
  tree: protectedProcedure
    .meta({ access: "read" })
    .input(
      z.object({
        onDate: isoDateSchema,
        rootCode: z.optional(areaCodeSchema),
        depth: z.number().int().min(0).max(4).default(4),
      }),
    )
    .query(async ({ ctx, input }) => {
      // The caller's territory on the date (roles follow their units across the reform):
      // a bare code would be another unit in another era (codes are reused).
      const within = await ctx.access.rootsOn("read", input.onDate);
      const tree = buildAreaTree(await areaRowsOn(ctx.readDb, input.onDate, within), input.onDate);
      // In a scoped tree the caller's own areas are tops: their parents were not read.
      let roots = [...tree.roots, ...tree.orphans];
      if (input.rootCode) {
        const node = tree.byCode.get(input.rootCode);
        if (!node) throw notFound(input.rootCode, input.onDate);
        roots = [node];
      }
      return {
        onDate: input.onDate,
        roots: roots.map((r) => toTreeNode(r, input.depth)),
        /** When nothing of the caller's is in force on the date: the nearest date when it is. */
        nearestDate: roots.length === 0 ? await nearestAreaDate(ctx.readDb, input.onDate, ctx.access.rootsFor("read")) : null,
        /** The latest report date, on or before the date, with figures in the caller's areas (null: none). */
        figuresDate: roots.length > 0 ? await latestFiguresDate(ctx.readDb, input.onDate, within) : null,
      };
    }),

  /** Coverage of one area and of each of its children, rolled up from the stored figures. */
  coverage: protectedProcedure
    .meta({ access: "read" })
    .input(
      z.object({
        code: areaCodeSchema,
        onDate: isoDateSchema,
        scheme: z.enum(coverageSchemes).default("health_insurance"),
      }),
    )
    .query(async ({ ctx, input }) => {
      // The area, its path and its subtree only, scope-checked in the same statement: a page
      // costs what it shows, not what the country holds.
      const roots = await ctx.access.rootsOn("read", input.onDate);
      const frame = await areaWithChildren(ctx.readDb, {
        code: input.code,
        onDate: input.onDate,
        roots,
        coverageScheme: input.scheme,
      });
      if (!frame) throw notFound(input.code, input.onDate);
      const { tree, figures } = frameTree(frame, input.onDate);
      const node = tree.byCode.get(input.code)!;
      const rolled = rollUp({ roots: [node] }, figures);
      const describe = (n: AreaNode) => ({
        code: n.code,
        name: n.name,
        level: n.level,
        unitType: n.unitType,
        reportedOn: figures.get(n.code)?.reportedOn ?? null,
        coverage: rolled.get(n.code)!,
      });
      const path = visiblePath(frame.path, roots).map((p) => ({ code: p.code, name: p.name }));
      return { onDate: input.onDate, scheme: input.scheme, path, area: describe(node), children: node.children.map(describe) };
    }),
});
