import { agentIdsOfCollector, countRenewals, listRenewals, type Db } from "@ansinh/db";
import { dueRange } from "@ansinh/domain/registry";
import { boundedRead } from "../bounded-read.js";
import { maskPerson, registryView } from "../services/registry-view.js";
import { protectedProcedure, router, type Access } from "../trpc.js";
import { renewalListInput, type RenewalListInput } from "./registry-inputs.js";

/**
 * The agents whose people a renewals request covers: a caller who works for agents sees their
 * own agents' people unless `mine` is false; `agentId` narrows to one agent.
 */
async function agentsFor(db: Db, access: Access, input: RenewalListInput) {
  const own = await agentIdsOfCollector(db, access.user.id);
  const mine = (input.mine ?? own.length > 0) && own.length > 0;
  let agentIds: number[] | undefined = mine ? own : undefined;
  if (input.agentId !== undefined) agentIds = agentIds ? agentIds.filter((a) => a === input.agentId) : [input.agentId];
  return { agentIds, mine, worksForAgents: own.length > 0 };
}

/** The due window (the domain's `dueRange` on the list's date) and the lapsed period, as the queries take them. */
function windowsOf(input: RenewalListInput, onDate: string) {
  const due = dueRange(onDate, input.dueWindow ?? "next30");
  return { dueWithinDays: due.dueWithinDays, dueFrom: due.from ?? undefined, lapsedFrom: input.lapsedFrom, lapsedTo: input.lapsedTo };
}

export const renewalsRouter = router({
  /**
   * Who is due to renew in the next 30 days, or lapsed: the list a collector works from, per
   * agent and area, with personal data masked where the caller may not read it.
   */
  list: protectedProcedure
    .meta({ access: "read" })
    .input(renewalListInput)
    .query(async ({ ctx, input }) => {
      const view = await registryView(ctx.readDb, ctx.access, input.areaCode, input.areaValidOn);
      const { agentIds, mine, worksForAgents } = await agentsFor(ctx.readDb, ctx.access, input);
      const { rows, total, totalExact, nextCursor } = await boundedRead(ctx, (db) =>
        listRenewals(db, {
          ...input,
          agentIds,
          communes: view.communes,
          onDate: view.onDate,
          ...windowsOf(input, view.onDate),
        }),
      );
      return { total, totalExact, nextCursor, onDate: view.onDate, mine, worksForAgents, rows: rows.map((r) => maskPerson(view, r)) };
    }),

  /** How many are due and lapsed per agent and commune, for the same filters (kind, sort and page ignored). */
  summary: protectedProcedure
    .meta({ access: "read" })
    .input(renewalListInput)
    .query(async ({ ctx, input }) => {
      const view = await registryView(ctx.readDb, ctx.access, input.areaCode, input.areaValidOn);
      const { agentIds } = await agentsFor(ctx.readDb, ctx.access, input);
      return boundedRead(ctx, (db) =>
        countRenewals(db, { ...input, agentIds, communes: view.communes, onDate: view.onDate, ...windowsOf(input, view.onDate) }),
      );
    }),
});
