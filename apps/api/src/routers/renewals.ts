import { agentIdsOfCollector, listRenewals } from "@ansinh/db";
import { DEFAULT_DUE_WITHIN_DAYS } from "@ansinh/domain/registry";
import { maskPerson, registryView } from "../services/registry-view.js";
import { protectedProcedure, router } from "../trpc.js";
import { renewalListInput } from "./registry-inputs.js";

export const renewalsRouter = router({
  /**
   * Who is due to renew in the next 30 days, or lapsed: the list a collector works from, per
   * agent and area. A caller who works for agents sees their own agents' people unless `mine`
   * is false; `agentId` narrows to one agent.
   */
  list: protectedProcedure
    .meta({ access: "read" })
    .input(renewalListInput)
    .query(async ({ ctx, input }) => {
      const view = await registryView(ctx.db, ctx.access, input.areaCode);
      const own = await agentIdsOfCollector(ctx.db, ctx.access.user.id);
      const mine = (input.mine ?? own.length > 0) && own.length > 0;
      let agentIds: number[] | undefined = mine ? own : undefined;
      if (input.agentId !== undefined) agentIds = agentIds ? agentIds.filter((a) => a === input.agentId) : [input.agentId];
      const { rows, total } = await listRenewals(ctx.db, {
        ...input,
        agentIds,
        communes: view.communes,
        onDate: view.onDate,
        dueWithinDays: DEFAULT_DUE_WITHIN_DAYS,
      });
      return {
        total,
        onDate: view.onDate,
        mine,
        worksForAgents: own.length > 0,
        rows: rows.map((r) => maskPerson(view, r)),
      };
    }),
});
