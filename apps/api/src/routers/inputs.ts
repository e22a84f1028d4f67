/**
 * Input pieces shared by the procedures: one definition each. Free text goes to PostgreSQL,
 * which cannot store NUL, so it is refused here with a clear message rather than failing there.
 */
import { z } from "zod";

/** A page of a server-paginated list. */
export const page = { limit: z.number().int().min(1).max(200).default(50), offset: z.number().int().min(0).default(0) };

/** Free text of at most `max` characters, trimmed, without NUL. */
export const text = (max: number) =>
  z
    .string({ message: "text.type" })
    .trim()
    .max(max, "text.max")
    .refine((v) => !v.includes("\u0000"), "text.nul");
