/**
 * Zod schemas of the commands, for tRPC `.input()` and admin forms. They check shapes and
 * static ranges; the figures that depend on the date (income floor and ceiling) are checked by
 * the functions themselves, which throw `DomainError`. The rates table is not part of these
 * inputs: the server passes it.
 */
import { z } from "zod";
import { isIsoDate } from "../dates.js";
import { supportGroups } from "../rates/types.js";
import { householdMonths, MAX_HOUSEHOLD_MEMBERS } from "./household-health.js";
import { ADVANCE_MAX_YEARS, ADVANCE_MIN_YEARS } from "./voluntary.js";

export const dateInputSchema = z
  .string({ message: "Ngày phải có dạng YYYY-MM-DD / Date must be YYYY-MM-DD" })
  .refine(isIsoDate, { message: "Ngày phải có dạng YYYY-MM-DD / Date must be YYYY-MM-DD" });

const moneySchema = z
  .number({ message: "Số tiền phải là số / Amount must be a number" })
  .int("Số tiền phải là số nguyên đồng / Amount must be a whole number of đồng")
  .min(0, "Số tiền không được âm / Amount cannot be negative")
  .max(Number.MAX_SAFE_INTEGER, "Số tiền quá lớn / Amount is too large");

export const supportGroupSchema = z.enum(supportGroups, {
  message:
    "Nhóm hỗ trợ phải là poor, near_poor, ethnic_minority, island hoặc other / Support group must be poor, near_poor, ethnic_minority, island or other",
});

const periodicMonthsMessage = "Phương thức đóng: 1, 3, 6 hoặc 12 tháng / Payment period: 1, 3, 6 or 12 months";

export const paymentPlanSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({
      kind: z.literal("periodic"),
      months: z.union([z.literal(1), z.literal(3), z.literal(6), z.literal(12)], { message: periodicMonthsMessage }),
    }),
    z.object({
      kind: z.literal("advance"),
      years: z
        .number({ message: "Số năm phải là số / Years must be a number" })
        .int("Số năm phải là số nguyên / Years must be a whole number")
        .min(ADVANCE_MIN_YEARS, "Đóng trước từ 2 đến 5 năm / Advance payment covers 2 to 5 years")
        .max(ADVANCE_MAX_YEARS, "Đóng trước từ 2 đến 5 năm / Advance payment covers 2 to 5 years"),
      monthlyReturnRate: z
        .number({ message: "Lãi suất phải là số / Return rate must be a number" })
        .min(0, "Lãi suất không được âm / Return rate cannot be negative")
        .lt(1, "Lãi suất tháng dạng thập phân, dưới 1 (0,005 = 0,5%) / Monthly return as a decimal below 1 (0.005 = 0.5%)"),
    }),
  ],
  { message: "Phương thức đóng không hợp lệ / Unknown payment plan" },
);

export const voluntaryContributionInputSchema = z.object({
  paymentDate: dateInputSchema,
  monthlyIncome: moneySchema.min(1, "Thu nhập tháng phải lớn hơn 0 / Monthly income must be above 0"),
  supportGroups: z.array(supportGroupSchema).max(supportGroups.length, "Quá nhiều nhóm / Too many groups"),
  plan: paymentPlanSchema,
  supportedMonthsUsed: z
    .number({ message: "Số tháng phải là số / Months must be a number" })
    .int("Số tháng phải là số nguyên / Months must be a whole number")
    .min(0, "Số tháng không được âm / Months cannot be negative")
    .optional(),
  localSupportPerMonth: moneySchema.optional(),
});

const householdMonthsMessage = "Kỳ đóng BHYT hộ gia đình: 3, 6 hoặc 12 tháng / Household period: 3, 6 or 12 months";

export const householdMemberSchema = z.object({
  rank: z
    .number({ message: "Thứ tự phải là số / Rank must be a number" })
    .int("Thứ tự phải là số nguyên / Rank must be a whole number")
    .min(1, "Thứ tự bắt đầu từ 1 / Ranks start at 1"),
  stateSupported: z.boolean({ message: "Phải là true hoặc false / Must be true or false" }).optional(),
  id: z.string().optional(),
});

export const householdHealthInputSchema = z.object({
  paymentDate: dateInputSchema,
  members: z.union(
    [
      z
        .number({ message: "Số thành viên phải là số / Members must be a number" })
        .int("Số thành viên phải là số nguyên / Members must be a whole number")
        .min(1, "Cần ít nhất 1 thành viên / At least 1 member")
        .max(MAX_HOUSEHOLD_MEMBERS, `Tối đa ${MAX_HOUSEHOLD_MEMBERS} thành viên / At most ${MAX_HOUSEHOLD_MEMBERS} members`),
      z
        .array(householdMemberSchema)
        .min(1, "Cần ít nhất 1 thành viên / At least 1 member")
        .max(MAX_HOUSEHOLD_MEMBERS, `Tối đa ${MAX_HOUSEHOLD_MEMBERS} thành viên / At most ${MAX_HOUSEHOLD_MEMBERS} members`)
        .refine((ms) => new Set(ms.map((m) => m.rank)).size === ms.length, {
          message: "Hai thành viên cùng thứ tự / Two members have the same rank",
        }),
    ],
    { message: "Thành viên: một số hoặc danh sách / Members: a count or a list" },
  ),
  months: z.union([z.literal(householdMonths[0]), z.literal(householdMonths[1]), z.literal(householdMonths[2])], {
    message: householdMonthsMessage,
  }),
  stateSupported: z.boolean({ message: "Phải là true hoặc false / Must be true or false" }).optional(),
});

export const healthCardStartInputSchema = z.object({
  paymentDate: dateInputSchema,
  previousCardEnd: dateInputSchema.nullish(),
});
