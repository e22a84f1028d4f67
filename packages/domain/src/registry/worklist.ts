/**
 * A collector's worklist: the people of their agent whose cover ends this month or
 * next, or ended recently; what happened when they were contacted (the contact outcomes); the
 * order the list is worked in; the amount a renewal of the same plan costs on today's rates; and
 * the reminder text sent through the office's own SMS/Zalo tools. Pure: the date is an argument.
 */
import * as z from "zod/mini";
import { householdHealthContribution, type HouseholdMonths } from "../contributions/household-health.js";
import { paymentPlanFor } from "../contributions/plan.js";
import { voluntaryContribution } from "../contributions/voluntary.js";
import { isoDate } from "../date-schema.js";
import { addDays, daysInMonth, formatDisplayDate, type IsoDate } from "../dates.js";
import type { RegistryCode } from "../error-codes.js";
import { DomainError } from "../errors.js";
import { formatVnd } from "../money.js";
import { ratesOn } from "../rates/rates-on.js";
import type { RatesTable, SupportGroup } from "../rates/types.js";
import { parseOrThrow } from "../validation.js";
import { registryCode } from "./schemas.js";

/** What a contact with a person came to. */
export const contactOutcomes = ["paid", "promised", "moved", "refuses", "cannot_afford", "died", "compulsory_insurance"] as const;
export type ContactOutcome = (typeof contactOutcomes)[number];

/** The outcomes' names on screen and in exports. */
export const contactOutcomeLabels: Readonly<Record<ContactOutcome, { vi: string; en: string }>> = {
  paid: { vi: "Đã đóng", en: "Paid" },
  promised: { vi: "Hẹn ngày đóng", en: "Promised a date" },
  moved: { vi: "Đã chuyển đi", en: "Moved away" },
  refuses: { vi: "Không tiếp tục tham gia", en: "Refuses" },
  cannot_afford: { vi: "Không đủ khả năng đóng", en: "Cannot afford" },
  died: { vi: "Đã mất", en: "Died" },
  compulsory_insurance: { vi: "Đã tham gia BHXH bắt buộc", en: "Joined compulsory insurance" },
};

/**
 * Outcomes after which the person may no longer take part in the scheme: the dead, and those now
 * in compulsory social insurance (docs/rules.md §2: voluntary insurance is for people not in it; their
 * health insurance then comes through the employer, §3). They leave the worklists and the
 * denominators of retention. A person who moved or refuses is still eligible: still counted.
 */
export const eligibilityEndingOutcomes: readonly ContactOutcome[] = ["died", "compulsory_insurance"];

export function endsEligibility(outcome: ContactOutcome): boolean {
  return eligibilityEndingOutcomes.includes(outcome);
}

const schemeArg = z.enum(["voluntary_social_insurance", "household_health_insurance"]);
const onDateArg = z.strictObject({ onDate: isoDate });
const coverArg = z.strictObject({ coveredUntil: isoDate, onDate: isoDate });
const orderItem = z.object({ coveredUntil: isoDate, promisedOn: z.nullable(isoDate) });
const sortArg = z.strictObject({ item: orderItem, onDate: isoDate });
const amountArg = z.strictObject({
  plan: z.object({
    scheme: schemeArg,
    months: z.number().check(z.int(), z.minimum(1), z.maximum(60)),
    monthlyIncome: z.optional(z.nullable(z.number())),
    supportGroups: z.optional(z.array(z.string())),
    householdRank: z.optional(z.nullable(z.number().check(z.int()))),
    supportedMonthsUsed: z.optional(z.number()),
  }),
  onDate: isoDate,
  fundMonthlyReturn: z.nullable(z.number()),
});
const reminderArg = z.object({
  fullName: z.string(),
  scheme: schemeArg,
  amount: z.nullable(z.number().check(z.int())),
  coveredUntil: isoDate,
  onDate: isoDate,
});

/** How long after the end of cover a person stays on the worklist as "recently lapsed". */
export const RECENTLY_LAPSED_DAYS = 90;

/** The longest note a collector writes with an outcome. */
export const CONTACT_NOTE_MAX = 500;

/** The last day of the month after `onDate`'s. */
function endOfNextMonth(onDate: IsoDate): IsoDate {
  let y = Number(onDate.slice(0, 4));
  let m = Number(onDate.slice(5, 7)) + 1;
  if (m === 13) {
    y += 1;
    m = 1;
  }
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(daysInMonth(y, m)).padStart(2, "0")}`;
}

/**
 * Whose items are on the worklist on `onDate`: cover (the last covered day) ending from
 * `lapsedFrom` (RECENTLY_LAPSED_DAYS ago) to `dueTo` (the end of next month), both included.
 * Before `onDate` the person has lapsed; from it on they are due.
 */
export function worklistWindow(onDate: IsoDate): { lapsedFrom: IsoDate; dueTo: IsoDate } {
  parseOrThrow(onDateArg, { onDate }, registryCode);
  return { lapsedFrom: addDays(onDate, -RECENTLY_LAPSED_DAYS), dueTo: endOfNextMonth(onDate) };
}

/** Whether a person whose cover ends on `coveredUntil` is on the worklist of `onDate`. */
export function onWorklist(coveredUntil: IsoDate, onDate: IsoDate): boolean {
  parseOrThrow(coverArg, { coveredUntil, onDate }, registryCode);
  const w = worklistWindow(onDate);
  return coveredUntil >= w.lapsedFrom && coveredUntil <= w.dueTo;
}

/** What orders one item of the worklist. */
export interface WorklistOrderItem {
  /** The last covered day. */
  coveredUntil: IsoDate;
  /** The promised date of the item's latest outcome, when that outcome is `promised`. */
  promisedOn: IsoDate | null;
}

/**
 * The worklist's order, as one sortable text: a person whose promised date has come (today or
 * before) comes first, the oldest promise first; everyone else follows by when their cover ends,
 * the earliest first (the lapsed, then those due soonest). A promise for a later day changes
 * nothing until that day. Ties are broken by the caller (person, scheme).
 */
export function worklistSortKey(item: WorklistOrderItem, onDate: IsoDate): string {
  parseOrThrow(sortArg, { item, onDate }, registryCode);
  if (item.promisedOn !== null && item.promisedOn <= onDate) return `0${item.promisedOn}`;
  return `1${item.coveredUntil}`;
}

export function compareWorklistItems(a: WorklistOrderItem, b: WorklistOrderItem, onDate: IsoDate): number {
  parseOrThrow(z.strictObject({ a: orderItem, b: orderItem, onDate: isoDate }), { a, b, onDate }, registryCode);
  const ka = worklistSortKey(a, onDate);
  const kb = worklistSortKey(b, onDate);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** The plan of the person's last enrolment in a scheme: what a renewal repeats. */
export interface RenewalPlan {
  scheme: "voluntary_social_insurance" | "household_health_insurance";
  /** Months the last payment covered. */
  months: number;
  /** Voluntary: the chosen monthly income. */
  monthlyIncome?: number | null;
  /** Voluntary: the state-support groups. */
  supportGroups?: readonly SupportGroup[];
  /** Household: the member's rank in the household (1 = first, 100%). */
  householdRank?: number | null;
  /** Voluntary: months of state support already used (of the 120-month cap). */
  supportedMonthsUsed?: number;
}

export interface RenewalAmount {
  amount: number;
  months: number;
  /** Voluntary: the income priced: the one chosen, or the floor or ceiling in force when it left the range. */
  monthlyIncome: number | null;
  /** The chosen income was outside today's range and was moved to its nearest end. */
  incomeAdjusted: boolean;
}

/**
 * What renewing the same plan costs when paid on `onDate`, on the rates in force that day
 * (docs/rules.md §2, §3): the same months and income (voluntary; moved into today's income range if
 * the floor or ceiling has since changed) or the same rank (household). An advance for several
 * years needs the fund's monthly return of the previous year; without it, or without a plan to
 * repeat, null.
 */
export function renewalAmountDue(plan: RenewalPlan, onDate: IsoDate, fundMonthlyReturn: number | null, rates?: RatesTable): RenewalAmount | null {
  parseOrThrow(amountArg, { plan, onDate, fundMonthlyReturn }, registryCode);
  if (plan.scheme === "household_health_insurance") {
    const months = ([3, 6, 12] as const).includes(plan.months as HouseholdMonths) ? (plan.months as HouseholdMonths) : 12;
    const rank = Math.max(1, Math.min(plan.householdRank ?? 1, 99));
    const r = householdHealthContribution<string>({ paymentDate: onDate, members: [{ rank }], months, ...(rates ? { rates } : {}) });
    return { amount: r.total, months, monthlyIncome: null, incomeAdjusted: false };
  }
  if (plan.monthlyIncome == null) return null;
  const p = paymentPlanFor(plan.months, fundMonthlyReturn);
  if (p === "needs_return") return null;
  const inForce = ratesOn<string>(onDate, rates);
  const income = Math.min(Math.max(plan.monthlyIncome, inForce.incomeFloor), inForce.incomeCeiling);
  const r = voluntaryContribution<string>({
    paymentDate: onDate,
    monthlyIncome: income,
    supportGroups: plan.supportGroups?.length ? plan.supportGroups : ["other"],
    plan: p,
    ...(plan.supportedMonthsUsed !== undefined ? { supportedMonthsUsed: plan.supportedMonthsUsed } : {}),
    ...(rates ? { rates } : {}),
  });
  return { amount: r.totals.net, months: r.months, monthlyIncome: income, incomeAdjusted: income !== plan.monthlyIncome };
}

const schemeNamesVi = { voluntary_social_insurance: "BHXH tự nguyện", household_health_insurance: "BHYT hộ gia đình" } as const;

/**
 * The reminder sent to one person (Vietnamese; plain text for SMS or Zalo): their name, the
 * scheme, the amount due and the deadline — the last covered day while covered; once lapsed,
 * the day cover ended.
 */
export function reminderText(r: {
  fullName: string;
  scheme: keyof typeof schemeNamesVi;
  amount: number | null;
  coveredUntil: IsoDate;
  onDate: IsoDate;
}): string {
  parseOrThrow(reminderArg, r, registryCode);
  const scheme = schemeNamesVi[r.scheme];
  const amount = r.amount === null ? "" : ` Số tiền cần đóng: ${formatVnd(r.amount, "vi")}.`;
  const when =
    r.coveredUntil >= r.onDate
      ? `hết hạn ngày ${formatDisplayDate(r.coveredUntil)}. Vui lòng đóng tiếp trước ngày này để không bị gián đoạn.`
      : `đã hết hạn từ ngày ${formatDisplayDate(addDays(r.coveredUntil, 1))}. Vui lòng đóng tiếp sớm để được tham gia lại.`;
  return `Kính gửi ${r.fullName}: thời hạn tham gia ${scheme} của Ông/Bà ${when}${amount}`;
}

/** A contact outcome as a collector records it (tRPC input and the admin's form). */
export const recordOutcomeInputSchema = z
  .strictObject({
    participantId: z.number().check(z.int(), z.minimum(1), z.maximum(Number.MAX_SAFE_INTEGER)),
    scheme: z.enum(["voluntary_social_insurance", "household_health_insurance"]),
    outcome: z.enum(contactOutcomes),
    promisedOn: z.optional(z.nullable(isoDate)),
    note: z.optional(z.string().check(z.maxLength(CONTACT_NOTE_MAX, "worklist.note"))),
  })
  .check(
    z.refine((v) => v.outcome !== "promised" || (v.promisedOn ?? null) !== null, { message: "worklist.promisedOn", path: ["promisedOn"] }),
    z.refine((v) => v.outcome === "promised" || (v.promisedOn ?? null) === null, { message: "worklist.promisedOnly", path: ["promisedOn"] }),
  );
export type RecordOutcomeInput = z.infer<typeof recordOutcomeInputSchema>;

/** How far ahead a promised date may be. */
export const PROMISE_MAX_DAYS = 366;

/**
 * A recorded outcome checked against the day it is recorded on: a promised date is today or
 * later, within a year. Throws `REGISTRY.INVALID_DATE` on `promisedOn` otherwise.
 */
export function checkOutcomeOn(input: Pick<RecordOutcomeInput, "outcome" | "promisedOn">, onDate: IsoDate): void {
  parseOrThrow(
    z.object({ input: z.object({ outcome: z.enum(contactOutcomes), promisedOn: z.optional(z.nullable(isoDate)) }), onDate: isoDate }),
    { input, onDate },
    registryCode,
  );
  const p = input.promisedOn ?? null;
  if (input.outcome !== "promised" || p === null) return;
  if (p < onDate || p > addDays(onDate, PROMISE_MAX_DAYS))
    throw new DomainError<RegistryCode>(
      "REGISTRY.INVALID_DATE",
      [
        {
          path: ["promisedOn"],
          vi: `Ngày hẹn phải từ hôm nay (${formatDisplayDate(onDate)}) đến ${formatDisplayDate(addDays(onDate, PROMISE_MAX_DAYS))}`,
          en: `The promised date must be from today (${formatDisplayDate(onDate)}) to ${formatDisplayDate(addDays(onDate, PROMISE_MAX_DAYS))}`,
        },
      ],
      { promisedOn: p, onDate },
    );
}
