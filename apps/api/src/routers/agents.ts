import { and, eq } from "drizzle-orm";
import { z } from "zod";
import {
  addAgentCollector,
  agentCollectorsOf,
  agentPerformance,
  agents,
  ancestryOf,
  assignmentsOf,
  collectorCandidates,
  getAgent,
  getUser,
  listAgents,
  removeAgentCollector,
  type AgentListRow,
  type Db,
} from "@ansinh/db";
import { mayCollectFor } from "@ansinh/domain/access";
import { areaCodeSchema } from "@ansinh/domain/areas";
import { isoDateSchema, todayInVietnam as today } from "@ansinh/domain/dates";
import { apiError } from "../errors.js";
import { audited } from "../services/audited.js";
import { forbidden, protectedProcedure, router, type Access } from "../trpc.js";
import { page, text } from "./inputs.js";

const agentKindSchema = z.enum(["post_office", "commune_agent", "partner", "online"], { message: "agent.kind" });
const idSchema = z.number({ message: "agent.id" }).int("agent.id").positive("agent.id").max(2_147_483_647, "agent.id");
const versionSchema = z.number({ message: "agent.version" }).int("agent.version").min(1, "agent.version").max(2_147_483_647, "agent.version");
const userIdSchema = text(64).min(1, "user.id");

const notFound = () => apiError("AGENT.NOT_FOUND", "Không tìm thấy đại lý", "No such agent");
const conflict = () =>
  apiError("AGENT.CONFLICT", "Đại lý vừa được người khác sửa; hãy tải lại rồi sửa lại", "Someone else changed this agent; reload and try again", ["version"]);

/** An agent as the API shows it (the import mapping stays inside). */
function view(a: AgentListRow) {
  return {
    id: a.id,
    name: a.name,
    kind: a.kind,
    provinceCode: a.provinceCode,
    areaCode: a.areaCode,
    areaName: a.areaName,
    areaValidOn: a.areaValidOn,
    active: a.active,
    collectors: a.collectors,
    version: a.version,
  };
}
const auditOf = (a: AgentListRow) => {
  const { collectors: _c, areaName: _n, ...rest } = view(a);
  return rest;
};

/** The agent if the caller may read it; "not found" otherwise (an agent elsewhere is not shown). */
async function readable(db: Db, access: Access, id: number): Promise<AgentListRow> {
  const agent = await getAgent(db, id, await access.rootsAcrossEras("read"));
  if (!agent) throw notFound();
  return agent;
}

/** The agent if the caller may manage it: "not found" when unseen, "forbidden" when only readable. */
async function manageable(db: Db, access: Access, id: number): Promise<AgentListRow> {
  const agent = await readable(db, access, id);
  if (!(await getAgent(db, id, await access.rootsAcrossEras("manage")))) throw forbidden();
  return agent;
}

/** The area's ancestry on a date (root first), refused when the unit is not in force then. */
async function areaPath(db: Db, code: string, onDate: string): Promise<string[]> {
  const path = await ancestryOf(db, code, onDate);
  if (path.length === 0) {
    throw apiError("AGENT.UNKNOWN_AREA", `Không có địa bàn mã ${code} vào ngày ${onDate}`, `No area with code ${code} on ${onDate}`, ["areaCode"]);
  }
  return path;
}

/** The caller must manage the area the agent is (or will be) bound to. */
async function checkManagesArea(access: Access, path: string[], onDate: string) {
  const caps = await access.capabilitiesOn(path[path.length - 1]!, onDate);
  if (!caps.has("manage")) throw forbidden();
}

const nameTaken = () => apiError("AGENT.NAME_TAKEN", "Tỉnh này đã có một đại lý cùng tên", "This province already has an agent with that name", ["name"]);
const isUniqueViolation = (e: unknown) => {
  for (let c: unknown = e; c; c = (c as { cause?: unknown }).cause) if ((c as { code?: unknown }).code === "23505") return true;
  return false;
};

const periodSchema = z.object({ from: isoDateSchema, to: isoDateSchema }).refine((p) => p.from <= p.to, { message: "agent.period", path: ["to"] });

export const agentsRouter = router({
  /** Agents in the caller's areas (each checked on its own date), by name. */
  list: protectedProcedure
    .meta({ access: "read" })
    .input(z.object({ search: text(100).optional(), active: z.boolean().optional(), ...page }))
    .query(async ({ ctx, input }) => {
      const { rows, total } = await listAgents(ctx.readDb, { roots: await ctx.access.rootsAcrossEras("read"), ...input });
      return { total, rows: rows.map(view) };
    }),

  get: protectedProcedure
    .meta({ access: "read" })
    .input(z.object({ id: idSchema }))
    .query(async ({ ctx, input }) => {
      const agent = await readable(ctx.db, ctx.access, input.id);
      const path = await ancestryOf(ctx.db, agent.areaCode, agent.areaValidOn);
      const caps = await ctx.access.capabilitiesOn(agent.areaCode, agent.areaValidOn);
      return { ...view(agent), collectorList: await agentCollectorsOf(ctx.db, agent.id), areaPath: path, mayManage: caps.has("manage") };
    }),

  create: protectedProcedure
    .meta({ access: "manage" })
    .input(
      z.object({
        name: text(200).min(1, "agent.name"),
        kind: agentKindSchema,
        areaCode: areaCodeSchema,
        areaValidOn: z.optional(isoDateSchema),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const onDate = input.areaValidOn ?? today();
      const path = await areaPath(ctx.db, input.areaCode, onDate);
      await checkManagesArea(ctx.access, path, onDate);
      return audited(ctx, async (tx) => {
        const [created] = await tx
          .insert(agents)
          .values({ name: input.name, kind: input.kind, areaCode: input.areaCode, areaValidOn: onDate, provinceCode: path[0]! })
          .onConflictDoNothing()
          .returning();
        if (!created) throw nameTaken();
        const row = (await getAgent(tx, created.id, null))!;
        return { entity: "agent", entityId: String(created.id), action: "create", before: null, after: auditOf(row), result: view(row) };
      });
    }),

  /** Changes an agent; `version` is the one the caller read: a newer one answers AGENT.CONFLICT. */
  update: protectedProcedure
    .meta({ access: "manage" })
    .input(
      z.object({
        id: idSchema,
        version: versionSchema,
        name: text(200).min(1, "agent.name").optional(),
        kind: agentKindSchema.optional(),
        areaCode: z.optional(areaCodeSchema),
        areaValidOn: z.optional(isoDateSchema),
        active: z.boolean().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const before = await manageable(ctx.db, ctx.access, input.id);
      const areaCode = input.areaCode ?? before.areaCode;
      const onDate = input.areaValidOn ?? (input.areaCode !== undefined ? today() : before.areaValidOn);
      const path = await areaPath(ctx.db, areaCode, onDate);
      if (areaCode !== before.areaCode || onDate !== before.areaValidOn) await checkManagesArea(ctx.access, path, onDate);
      const next = {
        name: input.name ?? before.name,
        kind: input.kind ?? before.kind,
        areaCode,
        areaValidOn: onDate,
        provinceCode: path[0]!,
        active: input.active ?? before.active,
      };
      const changed = (Object.keys(next) as (keyof typeof next)[]).some((k) => next[k] !== before[k]);
      return audited(ctx, async (tx) => {
        let updated;
        try {
          // An update that changes nothing keeps the version (a second click is harmless).
          [updated] = await tx
            .update(agents)
            .set({ ...next, version: changed ? before.version + 1 : before.version })
            .where(and(eq(agents.id, input.id), eq(agents.version, input.version)))
            .returning({ id: agents.id });
        } catch (e) {
          if (isUniqueViolation(e)) throw nameTaken();
          throw e;
        }
        if (!updated) throw conflict();
        const after = (await getAgent(tx, input.id, null))!;
        return { entity: "agent", entityId: String(input.id), action: "update", before: auditOf(before), after: auditOf(after), result: view(after) };
      });
    }),

  /** Stops an agent taking new enrolments; its records and history stay. Deactivating twice is harmless. */
  deactivate: protectedProcedure
    .meta({ access: "manage" })
    .input(z.object({ id: idSchema }))
    .mutation(async ({ ctx, input }) => {
      const before = await manageable(ctx.db, ctx.access, input.id);
      return audited(ctx, async (tx) => {
        if (before.active)
          await tx
            .update(agents)
            .set({ active: false, version: before.version + 1 })
            .where(eq(agents.id, input.id));
        const after = (await getAgent(tx, input.id, null))!;
        return { entity: "agent", entityId: String(input.id), action: "deactivate", before: auditOf(before), after: auditOf(after), result: view(after) };
      });
    }),

  /** Users who may become the agent's collectors (domain/access mayCollectFor), for the picker. */
  candidates: protectedProcedure
    .meta({ access: "manage" })
    .input(z.object({ id: idSchema, search: text(100).optional() }))
    .query(async ({ ctx, input }) => {
      const agent = await manageable(ctx.db, ctx.access, input.id);
      const path = await ancestryOf(ctx.db, agent.areaCode, agent.areaValidOn);
      return collectorCandidates(ctx.db, path, input.search);
    }),

  addCollector: protectedProcedure
    .meta({ access: "manage" })
    .input(z.object({ agentId: idSchema, userId: userIdSchema }))
    .mutation(async ({ ctx, input }) => {
      const agent = await manageable(ctx.db, ctx.access, input.agentId);
      const u = await getUser(ctx.db, input.userId);
      const path = await ancestryOf(ctx.db, agent.areaCode, agent.areaValidOn);
      if (!u || !mayCollectFor(await assignmentsOf(ctx.db, input.userId), path)) {
        throw apiError(
          "AGENT.NOT_A_COLLECTOR",
          "Người này không có vai trò thu trên địa bàn của đại lý",
          "This user holds no collector role over the agent's area",
          ["userId"],
        );
      }
      return audited(ctx, async (tx) => {
        const added = await addAgentCollector(tx, agent.id, u.id);
        return {
          entity: "agent",
          entityId: String(agent.id),
          action: "add_collector",
          before: null,
          after: { userId: u.id, email: u.email, added },
          result: await agentCollectorsOf(tx, agent.id),
        };
      });
    }),

  removeCollector: protectedProcedure
    .meta({ access: "manage" })
    .input(z.object({ agentId: idSchema, userId: userIdSchema }))
    .mutation(async ({ ctx, input }) => {
      const agent = await manageable(ctx.db, ctx.access, input.agentId);
      return audited(ctx, async (tx) => {
        const removed = await removeAgentCollector(tx, agent.id, input.userId);
        return {
          entity: "agent",
          entityId: String(agent.id),
          action: "remove_collector",
          before: { userId: input.userId },
          after: { removed },
          result: await agentCollectorsOf(tx, agent.id),
        };
      });
    }),

  /**
   * What agents brought in between two receipt dates (inclusive): enrolments new / renewal /
   * returning and the amounts received, by scheme, per agent and per collector. `agentId`
   * narrows to one agent (which must be readable); without it, every agent in the caller's areas.
   */
  performance: protectedProcedure
    .meta({ access: "read" })
    .input(z.object({ agentId: idSchema.optional(), period: periodSchema }))
    .query(async ({ ctx, input }) => {
      if (input.agentId !== undefined) await readable(ctx.readDb, ctx.access, input.agentId);
      const rows = await agentPerformance(ctx.readDb, { roots: await ctx.access.rootsAcrossEras("read"), ...input.period, agentId: input.agentId });
      return { from: input.period.from, to: input.period.to, rows };
    }),
});
