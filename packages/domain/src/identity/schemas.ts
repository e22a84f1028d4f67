/**
 * Zod schemas of the identity module, for tRPC `.input()` and forms. The functions check their
 * input without zod; each schema is built by a pure call, so a bundle keeps only the ones it uses.
 */
import * as z from "zod/mini";
import { isoDate } from "../date-schema.js";
import { analyse, genders } from "./personal-id.js";

function makePersonalIdSchema() {
  return z.string({ error: "personalId.format" }).check(
    z.trim(),
    z.superRefine((value, ctx) => {
      for (const p of analyse(value).problems) {
        ctx.addIssue({ code: "custom", message: "bilingual", params: { domainCode: p.code, vi: p.messageVi, en: p.messageEn } });
      }
    }),
  );
}

/** Zod schema of a well-formed personal identification number (trimmed; province and digit 4 checked). */
export const personalIdSchema = /* @__PURE__ */ makePersonalIdSchema();

export const genderSchema = /* @__PURE__ */ z.enum(genders, { error: "gender" });

function makeCheckInputSchema() {
  return z.strictObject({
    id: z.string({ error: "personalId.format" }),
    birthDate: z.nullish(isoDate),
    gender: z.nullish(genderSchema),
  });
}

/** The input of the personal-ID check: `{ id, birthDate?, gender? }`. */
export const checkPersonalIdInputSchema = /* @__PURE__ */ makeCheckInputSchema();

function makeSocialInsuranceNumberSchema() {
  return z.string({ error: "socialInsuranceNumber.format" }).check(z.trim(), z.regex(/^\d{10}$/, { error: "socialInsuranceNumber.format" }));
}

/** A social-insurance number: 10 digits (trimmed). */
export const socialInsuranceNumberSchema = /* @__PURE__ */ makeSocialInsuranceNumberSchema();
