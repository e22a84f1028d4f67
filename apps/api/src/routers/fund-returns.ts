import { z } from "zod";
import { listFundReturns, setFundReturn } from "@ansinh/db";
import { MAX_MONTHLY_RETURN_RATE } from "@ansinh/domain/contributions";
import { audited } from "../services/audited.js";
import { protectedProcedure, router } from "../trpc.js";
import { text } from "./inputs.js";

/**
 * The fund's average monthly investment return per year (docs/rules.md §2): what an advance payment
 * for several years received in year Y is discounted with (the return of Y − 1). The server owns
 * it: a national administrator sets it when the fund publishes it; collectors never send it.
 */
export const fundReturnsRouter = router({
  /** Every year's return, newest first (the form says which one an advance payment uses). */
  list: protectedProcedure.meta({ access: "signedIn" }).query(async ({ ctx }) => ({ returns: await listFundReturns(ctx.readDb) })),

  /** Sets or corrects a year's return (audited). */
  set: protectedProcedure
    .meta({ access: "administer", national: true })
    .input(
      z
        .object({
          year: z.number().int().min(1995).max(2200),
          /** A decimal per month: 0.005 = 0.5% a month. */
          monthlyRate: z.number().min(0).max(MAX_MONTHLY_RETURN_RATE, "fundReturn.rate"),
          source: text(300).min(1, "fundReturn.source"),
        })
        .strict(),
    )
    .mutation(({ ctx, input }) =>
      audited({ ...ctx, user: ctx.access.user }, async (tx) => {
        const before = (await listFundReturns(tx)).find((r) => r.year === input.year) ?? null;
        await setFundReturn(tx, { ...input, setBy: ctx.access.user.id });
        return {
          entity: "fund_return",
          entityId: String(input.year),
          action: before ? "update" : "create",
          before,
          after: input,
          result: { ok: true as const },
        };
      }),
    ),
});
