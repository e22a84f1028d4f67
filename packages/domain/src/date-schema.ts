/** The domain's ISO-date schema, on zod/mini (a few KB) so that validating functions stay small. */
import * as z from "zod/mini";
import { isIsoDate } from "./dates.js";

/** An ISO date string `YYYY-MM-DD` naming a real day (message key `date`). */
export const isoDate = z.string({ error: "date" }).check(z.refine(isIsoDate, { error: "date" }));
