import { z } from "zod";
import { searchFacilities } from "@ansinh/db";
import { isoDateSchema, todayInVietnam as today } from "@ansinh/domain/dates";
import { protectedProcedure, router } from "../trpc.js";
import { text } from "./inputs.js";

export const facilitiesRouter = router({
  /**
   * Initial health-care facilities in force on a date (today by default), for the forms' picker:
   * by code prefix ("91") or by name ignoring case and diacritics; optionally of one province.
   * A public reference list: any signed-in user may read it.
   */
  search: protectedProcedure
    .meta({ access: "signedIn" })
    .input(
      z.object({
        text: text(100).optional(),
        provinceCode: z.optional(z.string().regex(/^\d{2}$/, "facility.province")),
        onDate: z.optional(isoDateSchema),
        limit: z.number().int().min(1).max(100).default(20),
      }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await searchFacilities(ctx.readDb, { ...input, onDate: input.onDate ?? today() });
      return rows.map((f) => ({ code: f.code, name: f.name, provinceCode: f.provinceCode, validFrom: f.validFrom, validTo: f.validTo }));
    }),
});
