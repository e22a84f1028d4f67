/**
 * Zod schemas of the registry's inputs, for tRPC `.input()` and admin forms. They check shapes;
 * the rules are the functions'. Messages follow the house form "Vietnamese / English", which
 * the admin splits; row problems (`checkAgentRow`) keep the two languages as separate fields.
 */
import { z } from "zod";
import { isIsoDate } from "../dates.js";

const DATE_MESSAGE = "Ngày phải có dạng YYYY-MM-DD / Date must be YYYY-MM-DD";
const date = z.string({ message: DATE_MESSAGE }).refine(isIsoDate, { message: DATE_MESSAGE });
const monthOrDate = z
  .string({ message: "Từ tháng (YYYY-MM) hoặc từ ngày (YYYY-MM-DD) / From a month (YYYY-MM) or a day (YYYY-MM-DD)" })
  .refine((s) => isIsoDate(s) || (/^\d{4}-\d{2}$/.test(s) && isIsoDate(`${s}-01`)), {
    message: "Từ tháng (YYYY-MM) hoặc từ ngày (YYYY-MM-DD) / From a month (YYYY-MM) or a day (YYYY-MM-DD)",
  });

/** A period a payment covers (`CoveredPeriod`). */
export const coveredPeriodSchema = z.object({
  from: monthOrDate,
  months: z
    .number({ message: "Số tháng phải là số / Months must be a number" })
    .int("Số tháng phải là số nguyên / Months must be a whole number")
    .min(1, "Ít nhất 1 tháng / At least 1 month")
    .max(1_200, "Quá nhiều tháng / Too many months"),
});

/** `coverageStatus`'s arguments. */
export const coverageStatusInputSchema = z.object({
  periods: z.array(coveredPeriodSchema).max(10_000, "Quá nhiều kỳ đóng / Too many periods"),
  onDate: date,
  dueWithinDays: z.number().int("Số ngày phải là số nguyên / Days must be a whole number").min(0).max(366).optional(),
});

/** A participant as `findDuplicates` and `duplicateKeys` take it. */
export const duplicateCandidateSchema = z.object({
  id: z.string().nullish(),
  personalId: z.string({ message: "Thiếu số định danh cá nhân / Personal ID is missing" }).trim().min(1, "Thiếu số định danh cá nhân / Personal ID is missing"),
  socialInsuranceNumber: z.string().nullish(),
  fullName: z.string({ message: "Thiếu họ tên / Name is missing" }),
  birthDate: date,
  phone: z.string().nullish(),
  communeCode: z.string().nullish(),
});

/** `rankHouseholdMembers`'s arguments. */
export const rankHouseholdMembersInputSchema = z.object({
  year: z.number().int("Năm phải là số nguyên / Year must be a whole number").min(1900).max(9999),
  members: z
    .array(
      z.object({
        id: z.string().min(1, "Thiếu mã thành viên / Member id is missing"),
        joinedOn: date,
        stateSupported: z.boolean().optional(),
      }),
    )
    .max(1_000, "Tối đa 1000 thành viên / At most 1000 members")
    .refine((ms) => new Set(ms.map((m) => m.id)).size === ms.length, {
      message: "Một thành viên có hai lần / A member is listed twice",
    }),
});

/** The parts of a health-insurance card code (`healthCardCode`). */
export const healthCardCodePartsSchema = z.object({
  group: z.string().regex(/^[A-Z]{2}$/, "Mã đối tượng: 2 chữ in hoa / Group: 2 capital letters"),
  benefitLevel: z.number().int().min(1, "Mức hưởng từ 1 đến 5 / Benefit level 1 to 5").max(5, "Mức hưởng từ 1 đến 5 / Benefit level 1 to 5"),
  provinceCode: z.string().regex(/^\d{2}$/, "Mã tỉnh: 2 chữ số / Province: 2 digits"),
  socialInsuranceNumber: z.string().regex(/^\d{10}$/, "Mã số BHXH: 10 chữ số / Social-insurance number: 10 digits"),
});

/** `healthCardValidity`'s arguments. */
export const healthCardValidityInputSchema = z.object({
  paymentDate: date,
  months: z.union([z.literal(3), z.literal(6), z.literal(12)], { message: "Kỳ đóng 3, 6 hoặc 12 tháng / 3, 6 or 12 months" }),
  previousCardEnd: date.nullish(),
});
