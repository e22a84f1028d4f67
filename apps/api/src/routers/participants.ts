import { z } from "zod";
import { getParticipant, listParticipants } from "@ansinh/db";
import { DEFAULT_DUE_WITHIN_DAYS } from "@ansinh/domain/registry";
import { boundedRead } from "../bounded-read.js";
import { apiError } from "../errors.js";
import { participantDetail } from "../services/participant-detail.js";
import { maskPerson, registryView } from "../services/registry-view.js";
import { protectedProcedure, router } from "../trpc.js";
import { participantListInput } from "./registry-inputs.js";

export const participantsRouter = router({
  /**
   * Participants whose commune is in the caller's areas, one page, with each scheme's coverage
   * status today; personal ID, social-insurance number and phone masked where the caller's roles
   * do not grant read_personal.
   */
  list: protectedProcedure
    .meta({ access: "read" })
    .input(participantListInput)
    .query(async ({ ctx, input }) => {
      const view = await registryView(ctx.readDb, ctx.access, input.areaCode, input.areaValidOn);
      const { rows, total, totalExact, nextCursor } = await boundedRead(ctx, (db) =>
        listParticipants(db, {
          ...input,
          agentIds: input.agentId === undefined ? undefined : [input.agentId],
          communes: view.communes,
          onDate: view.onDate,
          dueWithinDays: DEFAULT_DUE_WITHIN_DAYS,
        }),
      );
      return { total, totalExact, nextCursor, onDate: view.onDate, rows: rows.map((r) => maskPerson(view, r)) };
    }),

  /** One participant in the caller's areas: person, household, enrolments, payments, status, health card. */
  get: protectedProcedure
    .meta({ access: "read" })
    .input(z.object({ id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }))
    .query(async ({ ctx, input }) => {
      const view = await registryView(ctx.db, ctx.access);
      const found = await getParticipant(ctx.db, input.id, view.communes);
      if (!found) throw apiError("PARTICIPANT.NOT_FOUND", "Không tìm thấy người tham gia này", "No such participant");
      return participantDetail(found, view);
    }),
});
