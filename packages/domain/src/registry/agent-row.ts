import * as z from "zod/mini";
import * as core from "zod/v4/core";
import { householdPaymentMonths, voluntaryMonths } from "../contributions/plan.js";
import { formatDisplayDate, type IsoDate } from "../dates.js";
import { eligibilityOf, type Scheme } from "../eligibility/eligibility.js";
import { isDomainError } from "../errors.js";
import { checkPersonalId, type Gender } from "../identity/personal-id.js";
import { checkSocialInsuranceNumber } from "../identity/social-insurance-number.js";
import { formatBp, formatVnd } from "../money.js";
import { ratesOn } from "../rates/rates-on.js";
import { supportGroups, type Rates, type RatesTable, type SupportGroup } from "../rates/types.js";
import { issuesFromZod, parseOrThrow } from "../validation.js";
import type { RegistryCode, RegistryProblem } from "./codes.js";
import { isFacilityCode } from "./health-card-code.js";
import { displayName, normaliseName } from "./names.js";
import { checkPhone } from "./phone.js";
import { agentRowContextSchema } from "./schemas.js";
import { parseSheetAmount, parseSheetDate, parseSheetInteger } from "./sheet-values.js";
import { restorePersonalId } from "./spreadsheet-id.js";
import { healthCardValidity } from "./status.js";
import { parseSupportGroupCell, pricedGroups } from "./support-group.js";

/**
 * The fields of one row of an agent's list (docs/rules.md §4b; the agency's D03-TS for household
 * health insurance and D05-TS for voluntary social insurance), after the file's columns have
 * been mapped to them. Order = the order problems are listed in.
 */
export const agentRowFields = [
  "fullName",
  "socialInsuranceNumber",
  "birthDate",
  "gender",
  "personalId",
  "phone",
  "ethnicity",
  "nationality",
  "householdCode",
  "householdRank",
  "monthsPaid",
  "incomeOrBaseShare",
  "amountPaid",
  "receiptDate",
  "oldCardFrom",
  "oldCardTo",
  "newCardFrom",
  "newCardTo",
  "facilityCode",
  "communeCode",
  "caseKind",
  "supportGroup",
  "supportEvidence",
] as const;
export type AgentRowField = (typeof agentRowFields)[number];

/**
 * What each field means, in Vietnamese and English, for column mapping screens, templates and
 * reports. These are descriptions, not the agency's exact headers: check the current D03-TS /
 * D05-TS templates before copying headers into an export.
 */
export const agentRowFieldNames: Readonly<Record<AgentRowField, { vi: string; en: string }>> = {
  fullName: { vi: "Họ và tên", en: "Full name" },
  socialInsuranceNumber: { vi: "Mã số BHXH", en: "Social-insurance number" },
  birthDate: { vi: "Ngày sinh", en: "Birth date" },
  gender: { vi: "Giới tính", en: "Gender" },
  personalId: { vi: "Số định danh cá nhân (CCCD)", en: "Personal identification number" },
  phone: { vi: "Số điện thoại", en: "Phone" },
  ethnicity: { vi: "Dân tộc", en: "Ethnicity" },
  nationality: { vi: "Quốc tịch", en: "Nationality" },
  householdCode: { vi: "Mã hộ gia đình", en: "Household code" },
  householdRank: { vi: "STT thành viên trong hộ", en: "Rank in the household" },
  monthsPaid: { vi: "Số tháng đóng", en: "Months paid" },
  incomeOrBaseShare: { vi: "Mức thu nhập làm căn cứ đóng / tỷ lệ lương cơ sở", en: "Chosen income / base-salary share" },
  amountPaid: { vi: "Số tiền đóng", en: "Amount paid" },
  receiptDate: { vi: "Ngày biên lai", en: "Receipt date" },
  oldCardFrom: { vi: "Thẻ cũ từ ngày", en: "Old card from" },
  oldCardTo: { vi: "Thẻ cũ đến ngày", en: "Old card to" },
  newCardFrom: { vi: "Thẻ mới từ ngày", en: "New card from" },
  newCardTo: { vi: "Thẻ mới đến ngày", en: "New card to" },
  facilityCode: { vi: "Mã nơi đăng ký KCB ban đầu", en: "Initial health-care facility code" },
  communeCode: { vi: "Mã xã nơi cư trú", en: "Commune of residence (code)" },
  caseKind: { vi: "Phương án", en: "Case" },
  supportGroup: { vi: "Đối tượng", en: "Support group" },
  supportEvidence: { vi: "Giấy tờ chứng minh đối tượng", en: "Evidence of the support group" },
};

/** A cell as a reader hands it over: text, or a number a spreadsheet kept; empty = absent. */
const cell = z.pipe(
  z.nullish(z.union([z.string(), z.number()], { error: "registry.cell" })),
  z.transform((v) => (v == null ? "" : String(v).trim())),
);

/**
 * Zod schema of one mapped row: every field optional, each a string (or a number, as an XLSX
 * reader may return), trimmed, absent → "". Unknown keys are refused (a column mapped to a
 * misspelt field). Shape only: the rules are `checkAgentRow`'s.
 */
export const agentRowSchema = z.strictObject(Object.fromEntries(agentRowFields.map((f) => [f, cell])) as Record<AgentRowField, typeof cell>, {
  error: "registry.row",
});

/** A row as read, after column mapping (what `agentRowSchema` accepts). */
export type AgentRowInput = Partial<Record<AgentRowField, string | number | null>>;

export const agentRowCases = ["new", "renewal", "change"] as const;
/** Phương án: new participant (tăng mới), renewal (đóng tiếp), change of details (điều chỉnh). */
export type AgentRowCase = (typeof agentRowCases)[number];

/** What the commune column says once the caller has looked it up. */
export type CommuneStatus = "ok" | "unknown" | "out_of_scope";

export interface AgentRowContext {
  /** D05-TS rows are voluntary social insurance, D03-TS rows household health insurance. */
  scheme: Scheme;
  /**
   * The caller checks the commune against the database — this module has no I/O. Called
   * synchronously, once per row whose commune code is well formed and whose receipt date is
   * readable, with the code and the receipt date: `unknown` when no commune has that code on that date, `out_of_scope` when it is
   * outside the importing agent's areas. Preload the units valid in the file's date range (and
   * the agent's scope) before checking a batch.
   */
  communeStatus: (code: string, onDate: IsoDate) => CommuneStatus;
  /** The rates table (default: the national one). */
  rates?: RatesTable;
}

/** A valid, normalised row. */
export interface AgentRow {
  scheme: Scheme;
  /** As shown (`displayName`). */
  fullName: string;
  /** For search and duplicates (`normaliseName`). */
  nameKey: string;
  socialInsuranceNumber: string | null;
  birthDate: IsoDate;
  gender: Gender;
  personalId: string;
  /** Canonical national form, or null. */
  phone: string | null;
  ethnicity: string | null;
  nationality: string | null;
  householdCode: string | null;
  householdRank: number | null;
  monthsPaid: number;
  /** Voluntary: the chosen monthly income. */
  monthlyIncome: number | null;
  /** Household: the member's factor in bp, when the row gives the share. */
  baseShareBp: number | null;
  amountPaid: number;
  receiptDate: IsoDate;
  oldCard: { from: IsoDate | null; to: IsoDate | null } | null;
  newCard: { from: IsoDate | null; to: IsoDate | null } | null;
  facilityCode: string | null;
  /** Checked by the caller through `communeStatus`. */
  communeCode: string;
  caseKind: AgentRowCase | null;
  /** Voluntary: the groups the list states (`[]`: "khác"); null: the list does not say (inferred from the amount). */
  supportGroups: SupportGroup[] | null;
  supportEvidence: string | null;
}

export type AgentRowCheck = { ok: true; row: AgentRow } | { ok: false; problems: RegistryProblem[] };

const supportGroupsForArgumentsSchema = z.strictObject({
  groups: z.array(z.enum(supportGroups, { error: "supportGroup" }), { error: "supportGroups" }),
  ethnicity: z.nullish(z.string({ error: "registry.text" })),
});

/**
 * The support groups a voluntary payment is priced with (docs/rules.md §2): the groups given, plus
 * `ethnic_minority` when `ethnicity` is given and is not Kinh (by name with or without
 * diacritics, or its code 01 on the statistics office's list). Each group once, in the order of
 * the rates table's list. Throws `REGISTRY.INVALID_INPUT` for an unknown group or a non-text
 * ethnicity.
 */
export function supportGroupsFor(groups: readonly SupportGroup[], ethnicity?: string | null): SupportGroup[] {
  const args = parseOrThrow(supportGroupsForArgumentsSchema, { groups, ethnicity }, "REGISTRY.INVALID_INPUT");
  return pricedGroups(args.groups, args.ethnicity);
}

/** Contexts already checked (a file's lines share one): the check runs once per context object. */
const checkedContexts = new WeakSet<object>();

const fieldSet: ReadonlySet<string> = new Set(agentRowFields);
/**
 * The row as `agentRowSchema` would give it, without zod, when it is a plain object of known
 * fields holding text, finite numbers or nothing (what readers hand over: the common case, ~10×
 * cheaper); null otherwise (zod then says what is wrong).
 */
function plainRow(input: unknown): Record<AgentRowField, string> | null {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return null;
  const out = {} as Record<AgentRowField, string>;
  for (const f of agentRowFields) out[f] = "";
  for (const key in input) {
    if (!fieldSet.has(key)) return null;
    const v = (input as Record<string, unknown>)[key];
    if (v == null) continue;
    if (typeof v === "string") out[key as AgentRowField] = v.trim();
    else if (typeof v === "number") out[key as AgentRowField] = String(v).trim();
    else return null;
  }
  return out;
}

/** Control characters (tab, line feed and carriage return excepted) and lone surrogates: never in a real cell. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const INVALID_CELL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Longest text a cell may hold; a longer one refuses its line (a name or an address is far shorter). */
export const MAX_CELL_LENGTH = 1_000;

const GENDERS: Record<string, Gender> = { nam: "male", male: "male", m: "male", nu: "female", female: "female", f: "female" };

const CASES: Record<string, AgentRowCase> = {
  new: "new",
  moi: "new",
  "tang moi": "new",
  tm: "new",
  "tham gia moi": "new",
  "phat trien moi": "new",
  renewal: "renewal",
  "dong tiep": "renewal",
  "gia han": "renewal",
  "tiep tuc": "renewal",
  change: "change",
  "dieu chinh": "change",
  "thay doi": "change",
  "thay doi thong tin": "change",
};

const IDENTITY_CODES: Record<string, RegistryCode> = {
  "IDENTITY.MALFORMED": "REGISTRY.PERSONAL_ID_MALFORMED",
  "IDENTITY.UNKNOWN_PROVINCE": "REGISTRY.PERSONAL_ID_UNKNOWN_PROVINCE",
  "IDENTITY.INVALID_CENTURY_DIGIT": "REGISTRY.PERSONAL_ID_INVALID_CENTURY_DIGIT",
  "IDENTITY.CENTURY_MISMATCH": "REGISTRY.PERSONAL_ID_CENTURY_MISMATCH",
  "IDENTITY.BIRTH_YEAR_MISMATCH": "REGISTRY.PERSONAL_ID_BIRTH_YEAR_MISMATCH",
  "IDENTITY.GENDER_MISMATCH": "REGISTRY.PERSONAL_ID_GENDER_MISMATCH",
};

const ELIGIBILITY_CODES: Record<string, { code: RegistryCode; field: AgentRowField }> = {
  "ELIGIBILITY.UNDER_15": { code: "REGISTRY.UNDER_15", field: "birthDate" },
  "ELIGIBILITY.CHILD_UNDER_6": { code: "REGISTRY.CHILD_UNDER_6", field: "birthDate" },
  "ELIGIBILITY.NOT_VIETNAMESE_CITIZEN": { code: "REGISTRY.NOT_VIETNAMESE_CITIZEN", field: "nationality" },
};

const vnd = (n: number) => formatVnd(n, "vi");
const usd = (n: number) => formatVnd(n, "en");

/**
 * Checks one row of an agent's list after column mapping, as read from CSV or XLSX (every field
 * text). Returns the typed, normalised row, or every problem found — each `{ field, code, vi,
 * en }`, in field order — never throwing for bad data. What it checks:
 * - required fields (both schemes: name, birth date, gender, personal ID, months, amount,
 *   receipt date, commune; voluntary: the chosen income; household: household code, rank,
 *   facility);
 * - dates as `dd/MM/yyyy`, `yyyy-mm-dd` or Excel serials (`parseSheetDate`);
 * - the personal ID on its own and against the row's birth date and gender — century, birth
 *   year, gender (`identity.checkPersonalId`); an ID a spreadsheet shortened is restored only
 *   where a zero can have been dropped (`restorePersonalId`), else refused as needing 12 digits;
 * - the social-insurance number (10 digits) and the phone (`checkPhone`);
 * - eligibility on the receipt date (`eligibility.checkEligibility`): under 15 for voluntary
 *   social insurance, under 6 for household health insurance, not a Vietnamese citizen
 *   (nationality given and not Việt Nam);
 * - months for the scheme (voluntary 1, 3, 6, 12 or 24–60 in whole years; household 3, 6, 12);
 * - voluntary: the chosen income within the floor and ceiling in force on the receipt date
 *   (`rates.ratesOn`); household: the rank and, when given, the base-salary share (a percent
 *   that must be the rank's factor, or an amount that must be the base salary);
 * - the amount paid is a sum of money (what it must be is `decideEnrolment`'s, which knows the
 *   person's history); the support group (voluntary), when the list has the column, is one the
 *   agency's lists use (`parseSupportGroupCell`);
 * - no cell longer than `MAX_CELL_LENGTH` or holding control characters (the line is refused);
 * - household cards: each from ≤ to; the new card's from/to, when given, against
 *   `healthCardValidity` (the receipt date, the months, the old card's end);
 * - the facility code (5 digits, a province) and the commune code (5 digits), whose existence
 *   and scope the caller answers through `context.communeStatus`;
 * - the case (phương án): new / renewal / change, in English or Vietnamese with or without
 *   diacritics (`tăng mới`, `đóng tiếp`, `điều chỉnh`…); agents' own codes beyond these are for
 *   the column mapping to translate.
 * A row that is not an object of text or number cells (or names an unknown field) gives
 * `REGISTRY.ROW_SHAPE` problems; a bad `context` (a programming error, not bad data) throws a
 * `DomainError` `REGISTRY.INVALID_INPUT`.
 * Duplicates (within the file and against the database) are `findDuplicates`'s business: a
 * valid `AgentRow` holds every field of a `DuplicateCandidate` (pass those fields: the
 * duplicate functions refuse unknown keys), and `duplicateKeyList` gives the keys to remember
 * while streaming a file.
 */
export function checkAgentRow(input: AgentRowInput, context: AgentRowContext): AgentRowCheck {
  const problems: RegistryProblem[] = [];
  const add = (field: AgentRowField, code: RegistryCode, vi: string, en: string, details?: Record<string, unknown>) =>
    problems.push({ field, code, vi, en, ...(details === undefined ? {} : { details }) });
  const name = (f: AgentRowField) => agentRowFieldNames[f];
  const required = (f: AgentRowField) => add(f, "REGISTRY.REQUIRED", `Thiếu "${name(f).vi}"`, `"${name(f).en}" is missing`);

  let communeStatusSeen: CommuneStatus | null = null;
  if (!checkedContexts.has(context)) {
    context = parseOrThrow(agentRowContextSchema, context, "REGISTRY.INVALID_INPUT");
    checkedContexts.add(context);
  }
  const plain = plainRow(input);
  const parsed = plain ? ({ success: true, data: plain } as const) : core.safeParse(agentRowSchema, input ?? {}, { reportInput: true });
  if (!parsed.success) {
    return {
      ok: false,
      problems: issuesFromZod(parsed.error, { input: input ?? {}, schema: agentRowSchema }).map((issue) => {
        const field = (agentRowFields as readonly string[]).includes(String(issue.path[0])) ? String(issue.path[0]) : "row";
        return { field, code: "REGISTRY.ROW_SHAPE", vi: issue.vi, en: issue.en, details: { path: issue.path } };
      }),
    };
  }
  const r = parsed.data;
  const { scheme } = context;
  const household = scheme === "household_health_insurance";
  // A cell with control characters (a NUL byte…) or longer than any real value refuses its line only.
  for (const f of agentRowFields) {
    const v = r[f];
    if (v.length > MAX_CELL_LENGTH) {
      add(
        f,
        "REGISTRY.CELL_TOO_LONG",
        `Ô "${name(f).vi}" dài ${v.length} ký tự, quá ${MAX_CELL_LENGTH} ký tự`,
        `Cell "${name(f).en}" is ${v.length} characters long, over ${MAX_CELL_LENGTH}`,
        { length: v.length },
      );
    } else if (INVALID_CELL.test(v)) {
      add(
        f,
        "REGISTRY.CELL_INVALID",
        `Ô "${name(f).vi}" chứa ký tự điều khiển hoặc ký tự không hợp lệ`,
        `Cell "${name(f).en}" holds a control character or an invalid character`,
      );
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const date = (f: AgentRowField, isRequired: boolean): IsoDate | null => {
    const text = r[f];
    if (text === "") {
      if (isRequired) required(f);
      return null;
    }
    const d = parseSheetDate(text);
    if (d === null) {
      add(
        f,
        "REGISTRY.DATE_INVALID",
        `"${name(f).vi}" không phải ngày hợp lệ: "${text}" (cần dd/MM/yyyy, yyyy-mm-dd hoặc số ngày Excel; chỉ có năm là chưa đủ)`,
        `"${name(f).en}" is not a valid date: "${text}" (dd/MM/yyyy, yyyy-mm-dd or an Excel day number; a year alone is not enough)`,
        { value: text },
      );
    }
    return d;
  };

  // --- fullName
  let fullName = "";
  if (r.fullName === "") required("fullName");
  else if (/\d/.test(r.fullName) || !/\p{L}/u.test(r.fullName)) {
    add("fullName", "REGISTRY.NAME_INVALID", `Họ tên "${r.fullName}" có chữ số hoặc không có chữ cái`, `Name "${r.fullName}" has digits or no letters`, {
      value: r.fullName,
    });
  } else fullName = displayName(r.fullName);

  // --- socialInsuranceNumber
  let sin: string | null = null;
  if (r.socialInsuranceNumber !== "") {
    const c = checkSocialInsuranceNumber(r.socialInsuranceNumber);
    if (c.valid) sin = c.normalized;
    else
      add("socialInsuranceNumber", "REGISTRY.SOCIAL_INSURANCE_NUMBER_MALFORMED", c.problems[0]!.messageVi, c.problems[0]!.messageEn, {
        value: r.socialInsuranceNumber,
      });
  }

  // --- birthDate, gender
  const birthDate = date("birthDate", true);
  let gender: Gender | null = null;
  if (r.gender === "") required("gender");
  else {
    gender = GENDERS[normaliseName(r.gender)] ?? null;
    if (gender === null) {
      add(
        "gender",
        "REGISTRY.GENDER_INVALID",
        `Giới tính "${r.gender}" không hợp lệ (Nam hoặc Nữ)`,
        `Gender "${r.gender}" is not valid (Nam or Nữ: male or female)`,
        {
          value: r.gender,
        },
      );
    }
  }

  // --- personalId
  let personalId: string | null = null;
  if (r.personalId === "") required("personalId");
  else {
    const id = restorePersonalId(typeof input?.personalId === "number" ? input.personalId : r.personalId);
    const c = checkPersonalId(id, { birthDate, gender });
    for (const p of c.problems) {
      add("personalId", IDENTITY_CODES[p.code] ?? "REGISTRY.PERSONAL_ID_MALFORMED", p.messageVi, p.messageEn, {
        part: p.part,
        ...(p.expected === undefined ? {} : { expected: p.expected }),
        ...(p.actual === undefined ? {} : { actual: p.actual }),
      });
    }
    if (c.problems.length === 0) personalId = id;
  }

  // --- phone
  let phone: string | null = null;
  if (r.phone !== "") {
    const c = checkPhone(r.phone);
    if (c.ok) phone = c.phone;
    else add("phone", c.problem.code, c.problem.vi, c.problem.en, c.problem.details);
  }

  // --- ethnicity, nationality
  const ethnicity = r.ethnicity === "" ? null : displayName(r.ethnicity);
  const nationality = r.nationality === "" ? null : displayName(r.nationality);
  const vietnameseCitizen = nationality === null || ["viet nam", "vietnam", "vn", "vnm"].includes(normaliseName(nationality));

  // --- householdCode, householdRank
  let householdCode: string | null = null;
  if (r.householdCode === "") {
    if (household) required("householdCode");
  } else if (!/^[A-Za-z0-9-]{1,20}$/.test(r.householdCode)) {
    add(
      "householdCode",
      "REGISTRY.HOUSEHOLD_CODE_MALFORMED",
      `Mã hộ gia đình "${r.householdCode}" chỉ gồm chữ, số hoặc gạch nối, tối đa 20 ký tự`,
      `Household code "${r.householdCode}" must be letters, digits or hyphens, at most 20 characters`,
      { value: r.householdCode },
    );
  } else householdCode = r.householdCode.toUpperCase();
  let householdRank: number | null = null;
  if (r.householdRank === "") {
    if (household) required("householdRank");
  } else {
    householdRank = parseSheetInteger(r.householdRank);
    if (householdRank === null || householdRank < 1) {
      householdRank = null;
      add(
        "householdRank",
        "REGISTRY.RANK_INVALID",
        `Thứ tự trong hộ "${r.householdRank}" phải là số nguyên từ 1`,
        `Rank in the household "${r.householdRank}" must be a whole number from 1`,
        {
          value: r.householdRank,
        },
      );
    }
  }

  // --- monthsPaid
  let monthsPaid: number | null = null;
  const allowedMonths: readonly number[] = household ? householdPaymentMonths : voluntaryMonths;
  if (r.monthsPaid === "") required("monthsPaid");
  else {
    const m = parseSheetInteger(r.monthsPaid);
    if (m !== null && allowedMonths.includes(m)) monthsPaid = m;
    else {
      add(
        "monthsPaid",
        "REGISTRY.MONTHS_INVALID",
        household
          ? `Số tháng đóng "${r.monthsPaid}" không hợp lệ: BHYT hộ gia đình đóng 3, 6 hoặc 12 tháng`
          : `Số tháng đóng "${r.monthsPaid}" không hợp lệ: BHXH tự nguyện đóng 1, 3, 6, 12 tháng hoặc một lần 2–5 năm (24, 36, 48, 60 tháng)`,
        household
          ? `Months paid "${r.monthsPaid}" is not valid: household health insurance is paid for 3, 6 or 12 months`
          : `Months paid "${r.monthsPaid}" is not valid: voluntary social insurance is paid for 1, 3, 6 or 12 months, or 2–5 years at once (24, 36, 48, 60 months)`,
        { value: r.monthsPaid, allowed: allowedMonths },
      );
    }
  }

  // --- receiptDate (read before the money checks, which depend on it)
  const receiptDate = date("receiptDate", true);
  let rates: Rates | null = null;
  if (receiptDate !== null) {
    try {
      rates = ratesOn(receiptDate, context.rates);
    } catch (e) {
      if (!isDomainError(e)) throw e;
      add(
        "receiptDate",
        "REGISTRY.RATES_NOT_IN_FORCE",
        `Không có bảng mức đóng cho ngày ${formatDisplayDate(receiptDate)}: ${e.messageVi}`,
        `No rates in force on ${receiptDate}: ${e.messageEn}`,
        {
          receiptDate,
        },
      );
    }
  }

  // --- incomeOrBaseShare
  let monthlyIncome: number | null = null;
  let baseShareBp: number | null = null;
  const share = r.incomeOrBaseShare;
  if (!household) {
    if (share === "") required("incomeOrBaseShare");
    else {
      monthlyIncome = parseSheetAmount(share);
      if (monthlyIncome === null) {
        add(
          "incomeOrBaseShare",
          "REGISTRY.MONEY_INVALID",
          `Mức thu nhập "${share}" không phải số tiền hợp lệ`,
          `Chosen income "${share}" is not a valid amount`,
          { value: share },
        );
      } else if (rates !== null && monthlyIncome < rates.incomeFloor) {
        add(
          "incomeOrBaseShare",
          "REGISTRY.INCOME_BELOW_FLOOR",
          `Mức thu nhập ${vnd(monthlyIncome)} thấp hơn mức tối thiểu ${vnd(rates.incomeFloor)} (chuẩn nghèo khu vực nông thôn ngày ${formatDisplayDate(rates.date)})`,
          `Chosen income ${usd(monthlyIncome)} is below the floor of ${usd(rates.incomeFloor)} (the rural poverty line on ${formatDisplayDate(rates.date)})`,
          { monthlyIncome, incomeFloor: rates.incomeFloor },
        );
      } else if (rates !== null && monthlyIncome > rates.incomeCeiling) {
        add(
          "incomeOrBaseShare",
          "REGISTRY.INCOME_ABOVE_CEILING",
          `Mức thu nhập ${vnd(monthlyIncome)} cao hơn mức tối đa ${vnd(rates.incomeCeiling)} (${rates.incomeCeilingMultiple} lần lương cơ sở ngày ${formatDisplayDate(rates.date)})`,
          `Chosen income ${usd(monthlyIncome)} is above the ceiling of ${usd(rates.incomeCeiling)} (${rates.incomeCeilingMultiple} × the base salary on ${formatDisplayDate(rates.date)})`,
          { monthlyIncome, incomeCeiling: rates.incomeCeiling },
        );
      }
    }
  } else if (share !== "") {
    const percent = /^(\d{1,3})(?:[.,]0+)?\s*%?$/.exec(share);
    const amount = percent ? null : parseSheetAmount(share);
    if (percent) {
      const bp = Number(percent[1]) * 100;
      const factors = rates?.healthMemberFactorsBp;
      const expected = factors && householdRank !== null ? factors[Math.min(householdRank, factors.length) - 1]! : null;
      if (expected !== null && bp !== expected) {
        add(
          "incomeOrBaseShare",
          "REGISTRY.BASE_SHARE_MISMATCH",
          `Tỷ lệ ${formatBp(bp, "vi")} không đúng với thành viên thứ ${householdRank} (${formatBp(expected, "vi")})`,
          `Share ${formatBp(bp, "en")} does not match member ${householdRank} (${formatBp(expected, "en")})`,
          { given: bp, expected },
        );
      } else baseShareBp = bp;
    } else if (amount !== null) {
      if (rates !== null && amount !== rates.baseSalary) {
        add(
          "incomeOrBaseShare",
          "REGISTRY.BASE_SHARE_MISMATCH",
          `Lương cơ sở ghi ${vnd(amount)}, nhưng lương cơ sở ngày ${formatDisplayDate(rates.date)} là ${vnd(rates.baseSalary)}`,
          `Base salary given as ${usd(amount)}, but the base salary on ${formatDisplayDate(rates.date)} is ${usd(rates.baseSalary)}`,
          { given: amount, expected: rates.baseSalary },
        );
      }
    } else {
      add(
        "incomeOrBaseShare",
        "REGISTRY.MONEY_INVALID",
        `"${share}" không phải tỷ lệ (%) hay số tiền hợp lệ`,
        `"${share}" is not a valid share (%) or amount`,
        { value: share },
      );
    }
  }

  // --- amountPaid (what it must be is the enrolment decision's: it needs the person's history)
  let amountPaid: number | null = null;
  if (r.amountPaid === "") required("amountPaid");
  else {
    amountPaid = parseSheetAmount(r.amountPaid);
    if (amountPaid === null) {
      add(
        "amountPaid",
        "REGISTRY.MONEY_INVALID",
        `Số tiền đóng "${r.amountPaid}" không phải số tiền hợp lệ`,
        `Amount paid "${r.amountPaid}" is not a valid amount`,
        { value: r.amountPaid },
      );
    }
  }

  // --- supportGroup (voluntary): as offices write it, or empty (inferred from the amount)
  let stated: SupportGroup[] | null = null;
  if (!household && r.supportGroup !== "") {
    const g = parseSupportGroupCell(r.supportGroup);
    if (g === undefined) {
      add(
        "supportGroup",
        "REGISTRY.SUPPORT_GROUP_INVALID",
        `Đối tượng "${r.supportGroup}" không hợp lệ (hộ nghèo, hộ cận nghèo, dân tộc thiểu số, xã đảo hoặc khác)`,
        `Support group "${r.supportGroup}" is not valid (poor, near-poor, ethnic minority, island or other)`,
        { value: r.supportGroup },
      );
    } else stated = g;
  }

  // --- eligibility on the receipt date
  if (birthDate !== null && receiptDate !== null) {
    if (birthDate > receiptDate) {
      add(
        "birthDate",
        "REGISTRY.BIRTH_AFTER_RECEIPT",
        `Ngày sinh ${formatDisplayDate(birthDate)} sau ngày biên lai ${formatDisplayDate(receiptDate)}`,
        `Birth date ${formatDisplayDate(birthDate)} is after the receipt date ${formatDisplayDate(receiptDate)}`,
        { birthDate, receiptDate },
      );
    } else {
      // Both dates are real days, the birth not after the receipt, the scheme known (checked above).
      const e = eligibilityOf({ scheme, birthDate, onDate: receiptDate, vietnameseCitizen });
      for (const reason of e.reasons) {
        const mapped = ELIGIBILITY_CODES[reason.code];
        if (mapped) add(mapped.field, mapped.code, reason.messageVi, reason.messageEn, { ageOnReceiptDate: e.ageOnDate });
      }
    }
  }

  // --- cards
  const oldFrom = date("oldCardFrom", false);
  const oldTo = date("oldCardTo", false);
  const newFrom = date("newCardFrom", false);
  const newTo = date("newCardTo", false);
  const period = (label: { vi: string; en: string }, field: AgentRowField, from: IsoDate | null, to: IsoDate | null) => {
    if (from !== null && to !== null && from > to) {
      add(
        field,
        "REGISTRY.CARD_PERIOD_INVALID",
        `${label.vi}: từ ngày ${formatDisplayDate(from)} sau đến ngày ${formatDisplayDate(to)}`,
        `${label.en}: from ${from} is after to ${to}`,
        { from, to },
      );
      return false;
    }
    return true;
  };
  const oldOk = period({ vi: "Thẻ cũ", en: "Old card" }, "oldCardTo", oldFrom, oldTo);
  const newOk = period({ vi: "Thẻ mới", en: "New card" }, "newCardTo", newFrom, newTo);
  if (
    household &&
    oldOk &&
    newOk &&
    receiptDate !== null &&
    monthsPaid !== null &&
    (newFrom !== null || newTo !== null) &&
    !problems.some((p) => p.field === "oldCardTo")
  ) {
    const v = healthCardValidity({ paymentDate: receiptDate, months: monthsPaid, previousCardEnd: oldTo });
    if (newFrom !== null && newFrom !== v.validFrom) {
      add(
        "newCardFrom",
        "REGISTRY.CARD_START_MISMATCH",
        `Thẻ mới ghi từ ${formatDisplayDate(newFrom)}, nhưng theo ngày biên lai và thẻ cũ phải từ ${formatDisplayDate(v.validFrom)}. ${v.vi}`,
        `The new card says from ${formatDisplayDate(newFrom)}, but the receipt date and the old card give ${formatDisplayDate(v.validFrom)}. ${v.en}`,
        { given: newFrom, expected: v.validFrom },
      );
    } else if (newTo !== null && newTo !== v.validTo) {
      add(
        "newCardTo",
        "REGISTRY.CARD_END_MISMATCH",
        `Thẻ mới ghi đến ${formatDisplayDate(newTo)}, nhưng ${monthsPaid} tháng từ ${formatDisplayDate(v.validFrom)} là đến ${formatDisplayDate(v.validTo)}`,
        `The new card says to ${formatDisplayDate(newTo)}, but ${monthsPaid} months from ${formatDisplayDate(v.validFrom)} run to ${formatDisplayDate(v.validTo)}`,
        { given: newTo, expected: v.validTo },
      );
    }
  }

  // --- facilityCode
  let facilityCode: string | null = null;
  if (r.facilityCode === "") {
    if (household) required("facilityCode");
  } else if (!isFacilityCode(r.facilityCode)) {
    add(
      "facilityCode",
      "REGISTRY.FACILITY_CODE_MALFORMED",
      `Mã nơi đăng ký KCB ban đầu "${r.facilityCode}" phải gồm 5 chữ số: 2 số mã tỉnh và 3 số mã cơ sở`,
      `Facility code "${r.facilityCode}" must be 5 digits: a 2-digit province and a 3-digit facility`,
      { value: r.facilityCode },
    );
  } else facilityCode = r.facilityCode;

  // --- communeCode: format here, existence and scope by the caller
  let communeCode: string | null = null;
  if (r.communeCode === "") required("communeCode");
  else if (!/^\d{5}$/.test(r.communeCode)) {
    add("communeCode", "REGISTRY.COMMUNE_CODE_MALFORMED", `Mã xã "${r.communeCode}" phải gồm 5 chữ số`, `Commune code "${r.communeCode}" must be 5 digits`, {
      value: r.communeCode,
    });
  } else if (receiptDate !== null) {
    const status = context.communeStatus(r.communeCode, receiptDate);
    communeStatusSeen = status;
    if (status === "unknown") {
      add(
        "communeCode",
        "REGISTRY.COMMUNE_UNKNOWN",
        `Không có xã mã ${r.communeCode} vào ngày ${formatDisplayDate(receiptDate)}`,
        `No commune has code ${r.communeCode} on ${formatDisplayDate(receiptDate)}`,
        { value: r.communeCode, onDate: receiptDate },
      );
    } else if (status === "out_of_scope") {
      add(
        "communeCode",
        "REGISTRY.COMMUNE_OUT_OF_SCOPE",
        `Xã mã ${r.communeCode} nằm ngoài địa bàn của đại lý`,
        `Commune ${r.communeCode} is outside the agent's areas`,
        { value: r.communeCode, onDate: receiptDate },
      );
    } else communeCode = r.communeCode;
  }

  // --- caseKind
  let caseKind: AgentRowCase | null = null;
  if (r.caseKind !== "") {
    caseKind = CASES[normaliseName(r.caseKind)] ?? null;
    if (caseKind === null) {
      add(
        "caseKind",
        "REGISTRY.CASE_INVALID",
        `Phương án "${r.caseKind}" không hợp lệ (tăng mới, đóng tiếp hoặc điều chỉnh)`,
        `Case "${r.caseKind}" is not valid (new, renewal or change)`,
        { value: r.caseKind },
      );
    }
  }

  if (problems.length > 0) {
    const order = (f: string) => {
      const i = (agentRowFields as readonly string[]).indexOf(f);
      return i < 0 ? agentRowFields.length : i;
    };
    return {
      ok: false,
      problems: problems
        .map((p, i) => ({ p, i }))
        .sort((a, b) => order(a.p.field) - order(b.p.field) || a.i - b.i)
        .map(({ p }) => p),
    };
  }
  const row: AgentRow = {
    scheme,
    fullName,
    nameKey: normaliseName(fullName),
    socialInsuranceNumber: sin,
    birthDate: birthDate!,
    gender: gender!,
    personalId: personalId!,
    phone,
    ethnicity,
    nationality,
    householdCode,
    householdRank,
    monthsPaid: monthsPaid!,
    monthlyIncome,
    baseShareBp,
    amountPaid: amountPaid!,
    receiptDate: receiptDate!,
    oldCard: oldFrom === null && oldTo === null ? null : { from: oldFrom, to: oldTo },
    newCard: newFrom === null && newTo === null ? null : { from: newFrom, to: newTo },
    facilityCode,
    communeCode: communeCode!,
    caseKind,
    supportGroups: household ? null : stated,
    supportEvidence: r.supportEvidence === "" ? null : r.supportEvidence,
  };
  // Frozen, and remembered with what it was checked against: `decideEnrolment` takes a command
  // made of it (`commandFromAgentRow`) as checked, instead of checking the same line again.
  if (row.supportGroups) Object.freeze(row.supportGroups);
  if (row.oldCard) Object.freeze(row.oldCard);
  if (row.newCard) Object.freeze(row.newCard);
  checkedRows.set(Object.freeze(row), { scheme: context.scheme, communeStatus: communeStatusSeen, rates: context.rates });
  return { ok: true, row };
}

/** Rows `checkAgentRow` accepted, with the scheme, the commune's status and the rates they were checked with. */
const checkedRows = new WeakMap<AgentRow, { scheme: Scheme; communeStatus: CommuneStatus | null; rates: RatesTable | undefined }>();

/** What a row was checked with, when `checkAgentRow` made it (and nobody changed it since: it is frozen). Not exported from the package. */
export function checkedRowContext(row: AgentRow): { scheme: Scheme; communeStatus: CommuneStatus | null; rates: RatesTable | undefined } | undefined {
  return checkedRows.get(row);
}
