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
    .string({ message: "Phải là chuỗi ký tự / Must be text" })
    .trim()
    .max(max, `Tối đa ${max} ký tự / At most ${max} characters`)
    .refine((v) => !v.includes("\u0000"), "Không được chứa ký tự NUL / Must not contain the NUL character");
