import { agentOptions, listEnrolments } from "@ansinh/db";
import { DEFAULT_DUE_WITHIN_DAYS } from "@ansinh/domain/registry";
import { boundedRead } from "../bounded-read.js";
import { maskPerson, registryView } from "../services/registry-view.js";
import { protectedProcedure, router } from "../trpc.js";
import { enrolmentListInput } from "./registry-inputs.js";

/** The registry's lists besides participants (enrolments are created by the `enrolments` router). */
export const registryRouter = router({
  /** Enrolments whose commune is in the caller's areas, one page, with their last payment and the person's status in the scheme. */
  enrolments: protectedProcedure
    .meta({ access: "read" })
    .input(enrolmentListInput)
    .query(async ({ ctx, input }) => {
      const view = await registryView(ctx.readDb, ctx.access, input.areaCode, input.areaValidOn);
      const { rows, total, totalExact, nextCursor } = await boundedRead(ctx, (db) =>
        listEnrolments(db, {
          ...input,
          agentIds: input.agentId === undefined ? undefined : [input.agentId],
          communes: view.communes,
          onDate: view.onDate,
          dueWithinDays: DEFAULT_DUE_WITHIN_DAYS,
        }),
      );
      return { total, totalExact, nextCursor, onDate: view.onDate, rows: rows.map((r) => maskPerson(view, r)) };
    }),

  /** The agents working in the caller's areas, for the lists' agent filter. */
  agents: protectedProcedure.meta({ access: "read" }).query(async ({ ctx }) => {
    const view = await registryView(ctx.readDb, ctx.access);
    return agentOptions(ctx.readDb, view.communes);
  }),
});
