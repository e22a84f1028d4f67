/**
 * Zod schemas of area codes and unit rows, for tRPC `.input()` and imports. The functions check
 * rows without zod (`rows.ts`), with the same rules; each schema is built by a pure call, so a
 * bundle keeps only the ones it uses.
 */
import * as z from "zod/mini";
import { isoDate } from "../date-schema.js";
import { areaLevels } from "./levels.js";
import { unitRowProblem } from "./unit-import.js";

function makeAreaCodeSchema() {
  return z.string({ error: "area.code" }).check(z.regex(/^\d{2,5}$/, { error: "area.code" }));
}

/** An administrative unit's code (GSO: 2 digits a province, 3 a district, 5 a commune). */
export const areaCodeSchema = /* @__PURE__ */ makeAreaCodeSchema();

function makeAreaRowSchema() {
  return z
    .object({
      code: areaCodeSchema,
      name: z.string({ error: "area.name" }).check(z.trim(), z.minLength(1, { error: "area.name" })),
      level: z.enum(areaLevels, { error: "area.level" }),
      unitType: z._default(z.string().check(z.trim()), ""),
      parentCode: z.nullable(z.string()),
      validFrom: isoDate,
      validTo: z.nullable(isoDate),
    })
    .check(
      z.superRefine((row, ctx) => {
        const problem = unitRowProblem(row);
        if (problem) ctx.addIssue({ code: "custom", message: "bilingual", params: problem, path: ["code"], input: row.code });
        if (row.validTo !== null && row.validTo < row.validFrom)
          ctx.addIssue({
            code: "custom",
            message: "bilingual",
            params: { vi: "Ngày hết hiệu lực trước ngày bắt đầu", en: "validTo is before validFrom" },
            path: ["validTo"],
            input: row.validTo,
          });
      }),
    );
}

/**
 * One stored unit version, as an import accepts it: the same rules as a row of an official list
 * (`unitRowProblem`), and a span that does not end before it starts.
 */
export const areaRowSchema = /* @__PURE__ */ makeAreaRowSchema();
