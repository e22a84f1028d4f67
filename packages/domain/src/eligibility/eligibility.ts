import * as z from "zod/mini";
import { isoDate } from "../date-schema.js";
import { isIsoDate, type IsoDate } from "../dates.js";
import type { DomainErrorCode, EligibilityErrorCode } from "../errors.js";
import { ratesIndexOf } from "../rates/table.js";
import type { RatesTable } from "../rates/types.js";
import { schemeNames, schemes, schemeSchema, type Scheme } from "../schemes.js";
import { argumentError, parseOrThrow, type IssueLike } from "../validation.js";

export { schemeNames, schemeSchema, schemes, type Scheme };

/** Minimum age for voluntary social insurance, reached within the start month. */
export const VOLUNTARY_MIN_AGE = 15;
/** Children under this age are insured by the state budget, not through the household. */
export const CHILD_HEALTH_AGE = 6;

export interface EligibilityInput {
  scheme: Scheme;
  birthDate: IsoDate;
  /** The day participation would start. */
  onDate: IsoDate;
  /** Voluntary social insurance is for Vietnamese citizens (default true). */
  vietnameseCitizen?: boolean;
  /** In compulsory social insurance on that date (an employee); for health, insured through the employer. */
  inCompulsorySocialInsurance?: boolean;
  /** Already active in this scheme on that date. */
  activeInScheme?: boolean;
  /** Drawing a pension or a monthly social-insurance allowance; for health, insured through the fund. */
  drawingPension?: boolean;
  /** Health insurance through another group (the poor, students, war veterans, …). */
  insuredThroughOtherGroup?: boolean;
  /**
   * Accepted for symmetry with the other functions (and `withRates`), and checked as they check
   * it; the eligibility rules use no figure from the rates table.
   */
  rates?: RatesTable;
}

export interface EligibilityReason {
  code: DomainErrorCode;
  messageVi: string;
  messageEn: string;
  source: string;
}

export interface EligibilityResult {
  scheme: Scheme;
  onDate: IsoDate;
  eligible: boolean;
  /** Empty when eligible; otherwise every reason that applies. */
  reasons: EligibilityReason[];
  /** Full years of age on `onDate`. */
  ageOnDate: number;
}

/** Full years between `birthDate` and `onDate` (a 29 February birthday is reached on 1 March). */
export function ageOn(birthDate: IsoDate, onDate: IsoDate): number {
  for (const [k, v] of [
    ["birthDate", birthDate],
    ["onDate", onDate],
  ] as const) {
    if (!isIsoDate(v)) throw argumentError("ELIGIBILITY.INVALID_DATE", [k], { vi: "một ngày YYYY-MM-DD", en: "a date YYYY-MM-DD" }, v);
  }
  const years = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return onDate.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

function sourceFor(scheme: Scheme, onDate: IsoDate): string {
  if (scheme === "household_health_insurance") {
    return "Law on Health Insurance 25/2008/QH12, amended by 46/2014/QH13 and 51/2024/QH15";
  }
  return onDate < "2025-07-01" ? "Law on Social Insurance 58/2014/QH13; Decree 134/2015/NĐ-CP" : "Law on Social Insurance 41/2024/QH15; Decree 159/2025/NĐ-CP";
}

function eligibilityCode(issues: readonly IssueLike[]): EligibilityErrorCode {
  const first = issues[0];
  if (!first || issues.some((i) => i.code === "unrecognized_keys")) return "ELIGIBILITY.INVALID_INPUT";
  if (first.message === "eligibility.birthAfter") return "ELIGIBILITY.BIRTH_AFTER_DATE";
  if (first.path[0] === "scheme") return "ELIGIBILITY.UNKNOWN_SCHEME";
  if (first.path[0] === "birthDate" || first.path[0] === "onDate") return "ELIGIBILITY.INVALID_DATE";
  return "ELIGIBILITY.INVALID_INPUT";
}

/**
 * Whether a person can join `scheme` on `onDate`, or every reason why not (docs/rules.md §2, §3).
 *
 * Voluntary social insurance: Vietnamese citizens who reach 15 within the start month
 * (month-level: someone born on 2010-07-31 can start on 2025-07-01), not in compulsory social
 * insurance, not drawing a pension or monthly allowance, not already active.
 * Household health insurance: anyone not insured through another group — children under 6
 * (derived from the birth date), employees in compulsory insurance and pensioners are insured
 * elsewhere — and not already active.
 *
 * Throws `ELIGIBILITY.INVALID_DATE`, `ELIGIBILITY.UNKNOWN_SCHEME` or
 * `ELIGIBILITY.BIRTH_AFTER_DATE` on bad input.
 */
export function checkEligibility(input: EligibilityInput): EligibilityResult {
  const command = parseOrThrow(eligibilityFunctionSchema, input, eligibilityCode);
  if (command.rates !== undefined) ratesIndexOf(command.rates);
  return eligibilityOf(command);
}

/**
 * `checkEligibility` on arguments the domain has already checked (real dates, the birth not after
 * the date, a known scheme): the agent row's check calls it with what it parsed, without a second
 * validation of the same values. Not exported from the package.
 */
export function eligibilityOf(command: Omit<EligibilityInput, "rates">): EligibilityResult {
  const { scheme, birthDate, onDate } = command;
  const source = sourceFor(scheme, onDate);
  const name = schemeNames[scheme];
  const age = ageOn(birthDate, onDate);
  const reasons: EligibilityReason[] = [];
  const add = (code: DomainErrorCode, messageVi: string, messageEn: string) => reasons.push({ code, messageVi, messageEn, source });

  if (scheme === "voluntary_social_insurance") {
    if (command.vietnameseCitizen === false) {
      add("ELIGIBILITY.NOT_VIETNAMESE_CITIZEN", "BHXH tự nguyện chỉ dành cho công dân Việt Nam", "Voluntary social insurance is for Vietnamese citizens only");
    }
    // Month-level: the 15th birthday falls on or before the last day of the start month.
    const reachYear = Number(birthDate.slice(0, 4)) + VOLUNTARY_MIN_AGE;
    const reachMonth = `${String(reachYear).padStart(4, "0")}-${birthDate.slice(5, 7)}`;
    if (reachMonth > onDate.slice(0, 7)) {
      add(
        "ELIGIBILITY.UNDER_15",
        `Chưa đủ ${VOLUNTARY_MIN_AGE} tuổi trong tháng bắt đầu tham gia (đủ ${VOLUNTARY_MIN_AGE} tuổi vào tháng ${reachMonth.slice(5)}/${reachMonth.slice(0, 4)})`,
        `Not ${VOLUNTARY_MIN_AGE} by the start month (turns ${VOLUNTARY_MIN_AGE} in ${reachMonth})`,
      );
    }
    if (command.inCompulsorySocialInsurance === true) {
      add("ELIGIBILITY.IN_COMPULSORY_INSURANCE", "Đang tham gia BHXH bắt buộc", "Already in compulsory social insurance");
    }
    if (command.drawingPension === true) {
      add(
        "ELIGIBILITY.DRAWING_PENSION",
        "Đang hưởng lương hưu hoặc trợ cấp BHXH hằng tháng",
        "Already drawing a pension or a monthly social-insurance allowance",
      );
    }
  } else {
    if (age < CHILD_HEALTH_AGE) {
      add(
        "ELIGIBILITY.CHILD_UNDER_6",
        `Trẻ em dưới ${CHILD_HEALTH_AGE} tuổi được ngân sách nhà nước đóng BHYT, không tham gia theo hộ gia đình`,
        `Children under ${CHILD_HEALTH_AGE} are insured by the state budget, not through the household`,
      );
    }
    if (command.inCompulsorySocialInsurance === true) {
      add(
        "ELIGIBILITY.IN_COMPULSORY_INSURANCE",
        "Người lao động tham gia BHXH bắt buộc đã có BHYT qua đơn vị sử dụng lao động",
        "An employee in compulsory social insurance is health-insured through the employer",
      );
    }
    if (command.drawingPension === true) {
      add(
        "ELIGIBILITY.DRAWING_PENSION",
        "Người hưởng lương hưu, trợ cấp BHXH hằng tháng đã có BHYT do quỹ BHXH đóng",
        "A pensioner is health-insured through the social-insurance fund",
      );
    }
    if (command.insuredThroughOtherGroup === true) {
      add("ELIGIBILITY.INSURED_THROUGH_OTHER_GROUP", "Đã có BHYT theo nhóm đối tượng khác", "Already health-insured through another group");
    }
  }
  if (command.activeInScheme === true) {
    add("ELIGIBILITY.ALREADY_ACTIVE", `Đang tham gia ${name.vi}`, `Already active in ${name.en}`);
  }
  return { scheme, onDate, eligible: reasons.length === 0, reasons, ageOnDate: age };
}

const dateField = isoDate;

const eligibilityShape = {
  scheme: schemeSchema,
  birthDate: dateField,
  onDate: dateField,
  vietnameseCitizen: z.optional(z.boolean({ error: "boolean" })),
  inCompulsorySocialInsurance: z.optional(z.boolean({ error: "boolean" })),
  activeInScheme: z.optional(z.boolean({ error: "boolean" })),
  drawingPension: z.optional(z.boolean({ error: "boolean" })),
  insuredThroughOtherGroup: z.optional(z.boolean({ error: "boolean" })),
};

const birthNotAfter = z.refine<{ birthDate: string; onDate: string }>((v) => !(isIsoDate(v.birthDate) && isIsoDate(v.onDate)) || v.birthDate <= v.onDate, {
  error: "eligibility.birthAfter",
  path: ["birthDate"],
});

export const eligibilityInputSchema = z.strictObject(eligibilityShape).check(birthNotAfter);

/** The function's own input: the command plus the (unused) rates table accepted by every function. */
const eligibilityFunctionSchema = z
  .strictObject({ ...eligibilityShape, rates: z.optional(z.custom<RatesTable>((v) => Array.isArray(v), { error: "rates" })) })
  .check(birthNotAfter);
