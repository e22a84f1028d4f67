/**
 * One validation per input, errors as data. Zod messages in the domain's schemas are stable
 * message keys (`"plan.months"`, `"count"`, …); `messageCatalogue` maps each key to a Vietnamese
 * and an English text, with what was received filled in. `issuesFromZod` turns a `ZodError` into
 * `{ path, vi, en }` issues (with bilingual texts for zod's own issue codes too, so zod's default
 * English never leaks), and `parseOrThrow` parses with a schema or throws a coded `DomainError`.
 *
 * Public as `@ansinh/domain/validation`: the API uses it for tRPC input errors. Works with zod
 * and zod/mini schemas alike (zod's core only).
 */
import * as core from "zod/v4/core";
import { DomainError, type DomainIssue } from "./errors.js";
import { describeValue } from "./argument-error.js";

export { argumentError, describeValue } from "./argument-error.js";
import type { DomainErrorCode } from "./error-codes.js";

/** Where in the input: keys and array indices. */
export type Path = (string | number)[];

/** What a zod issue carries that the texts may use (a structural subset of zod's issue types). */
export interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  input?: unknown;
  expected?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  origin?: string;
  values?: readonly unknown[];
  keys?: readonly string[];
  options?: readonly unknown[];
  discriminator?: string;
  format?: string;
  divisor?: number;
  params?: Record<string, unknown>;
  errors?: IssueLike[][];
}

/** The context a catalogue text is rendered with. */
export interface MessageContext {
  issue: IssueLike;
  path: Path;
  /** Whether the received value is known (domain functions always know it; tRPC inputs usually do). */
  hasInput: boolean;
  input: unknown;
}

/** A text of the catalogue, from the context of an issue. */
export type Text = (c: MessageContext) => string;
export interface CatalogueEntry {
  vi: Text;
  en: Text;
}

// ----------------------------------------------------------------------------------------------
// Describing what was received

const gotVi: Text = (c) => (c.hasInput ? ` (nhận được: ${describeValue(c.input).vi})` : "");
const gotEn: Text = (c) => (c.hasInput ? ` (got ${describeValue(c.input).en})` : "");

/** The name of the field an issue is about, from the last named segment of its path. */
const fieldNames: Record<string, { vi: string; en: string }> = {
  target: { vi: "Chỉ tiêu", en: "The target" },
  achieved: { vi: "Số đã đạt", en: "The achieved figure" },
  curve: { vi: "Trọng số tháng", en: "A monthly weight" },
  onTrack: { vi: "Ngưỡng đúng tiến độ", en: "The on-track threshold" },
  atRisk: { vi: "Ngưỡng có nguy cơ", en: "The at-risk threshold" },
  total: { vi: "Tổng chỉ tiêu", en: "The total" },
  weight: { vi: "Trọng số", en: "A weight" },
  weights: { vi: "Trọng số", en: "A weight" },
  population: { vi: "Dân số", en: "The population" },
  min: { vi: "Mức tối thiểu", en: "A minimum" },
  locked: { vi: "Giá trị khoá", en: "A locked value" },
  insured: { vi: "Số người có bảo hiểm", en: "The insured count" },
  attendances: { vi: "Số lượt người tham dự", en: "The attendances" },
  voluntary_social_insurance: { vi: "Số người tham gia BHXH tự nguyện", en: "Voluntary social-insurance enrolments" },
  household_health_insurance: { vi: "Số người tham gia BHYT hộ gia đình", en: "Household health-insurance enrolments" },
  supportedMonthsUsed: { vi: "Số tháng đã được hỗ trợ", en: "Months of support already used" },
  localSupportPerMonth: { vi: "Mức ngân sách địa phương hỗ trợ", en: "Local support" },
  monthlyIncome: { vi: "Thu nhập tháng", en: "The monthly income" },
};

function fieldName(path: Path): { vi: string; en: string } {
  for (let i = path.length - 1; i >= 0; i--) {
    const seg = path[i];
    if (typeof seg === "string") return fieldNames[seg] ?? { vi: "Giá trị", en: "The value" };
  }
  return { vi: "Giá trị", en: "The value" };
}

const list = (xs: readonly unknown[], or: string) => {
  const s = xs.map((x) => (typeof x === "string" ? x : String(x)));
  return s.length <= 1 ? s.join("") : `${s.slice(0, -1).join(", ")} ${or} ${s[s.length - 1]}`;
};

/**
 * A catalogue entry: texts (or functions of the context) in both languages; with `withGot`, the
 * received value is appended ("(got a string "x")") whenever it is known.
 */
export const defineMessage = (vi: string | Text, en: string | Text, withGot = true): CatalogueEntry => ({
  vi: (c) => (typeof vi === "string" ? vi : vi(c)) + (withGot ? gotVi(c) : ""),
  en: (c) => (typeof en === "string" ? en : en(c)) + (withGot ? gotEn(c) : ""),
});

const t = defineMessage;

const isDate = (c: MessageContext) => c.hasInput && c.input instanceof Date;

// ----------------------------------------------------------------------------------------------
// The catalogue

/**
 * Every message key used by the domain's schemas, with its texts. Keys are stable; the texts may
 * be improved in any release. Unknown keys never reach users: they fall back on zod's issue code.
 */
export const messageCatalogue = /* @__PURE__ */ buildCatalogue();

function buildCatalogue() {
  return {
    // generic
    date: t(
      (c) => `Ngày phải là chuỗi dạng YYYY-MM-DD, một ngày có thật từ năm 1900${isDate(c) ? "; hãy truyền chuỗi ngày ISO, không truyền đối tượng Date" : ""}`,
      (c) => `A date must be a string YYYY-MM-DD naming a real day from 1900 on${isDate(c) ? "; pass an ISO date string, not a Date" : ""}`,
    ),
    boolean: t("Phải là true hoặc false", "Must be true or false"),
    count: t(
      (c) => `${fieldName(c.path).vi} phải là số nguyên không âm`,
      (c) => `${fieldName(c.path).en} must be a non-negative integer`,
    ),
    nonNegative: t(
      (c) => `${fieldName(c.path).vi} phải là số không âm`,
      (c) => `${fieldName(c.path).en} must be a non-negative number`,
    ),
    /** A custom issue whose `params` carry `{ vi, en }` (rules that produce their own texts). */
    bilingual: t(
      (c) => String(c.issue.params?.vi ?? "Không hợp lệ"),
      (c) => String(c.issue.params?.en ?? "Invalid"),
      false,
    ),

    // contributions
    money: t(
      (c) => `${fieldName(c.path).vi} phải là số nguyên đồng không âm`,
      (c) => `${fieldName(c.path).en} must be a whole number of đồng, 0 or more`,
    ),
    income: t(
      "Thu nhập tháng phải là số nguyên đồng lớn hơn 0",
      "The monthly income must be a whole number of đồng above 0",
    ),
    supportGroup: t(
      "Nhóm hỗ trợ phải là poor, near_poor, ethnic_minority, island hoặc other",
      "A support group is one of poor, near_poor, ethnic_minority, island, other",
    ),
    supportGroups: t(
      "Nhóm hỗ trợ phải là một danh sách (rỗng nếu không thuộc nhóm nào), ví dụ [\"near_poor\"]",
      "supportGroups must be a list (empty for none), e.g. [\"near_poor\"]",
    ),
    "supportGroups.tooMany": t("Quá nhiều nhóm hỗ trợ", "Too many support groups"),
    plan: t(
      'Phương thức đóng phải là { kind: "periodic", months } hoặc { kind: "advance", years, monthlyReturnRate }',
      'The payment plan must be { kind: "periodic", months } or { kind: "advance", years, monthlyReturnRate }',
    ),
    "plan.kind": t(
      'Loại phương thức đóng phải là "periodic" hoặc "advance"',
      'The plan kind must be "periodic" or "advance"',
    ),
    "plan.months": t("Phương thức đóng chỉ có thể là 1, 3, 6 hoặc 12 tháng", "The payment period must be 1, 3, 6 or 12 months"),
    "plan.years": t(
      "Đóng một lần cho nhiều năm về sau chỉ từ 2 đến 5 năm (số nguyên)",
      "An advance payment covers 2 to 5 whole years",
    ),
    "plan.rate": t(
      "Lãi suất đầu tư bình quân tháng phải là số thập phân từ 0 đến dưới 1 (0,005 = 0,5%/tháng)",
      "The monthly return rate must be a decimal from 0 to below 1 (0.005 = 0.5% a month)",
    ),
    monthsUsed: t(
      "Số tháng đã được hỗ trợ phải là số nguyên không âm",
      "Months of support already used must be a whole number ≥ 0",
    ),
    "household.months": t(
      "BHYT hộ gia đình đóng theo kỳ 3, 6 hoặc 12 tháng",
      "Household health insurance is paid for 3, 6 or 12 months",
    ),
    "household.members": t(
      "Thành viên là số người (số nguyên từ 1 đến 1000) hoặc danh sách từ 1 đến 1000 thành viên { rank }",
      "Members are a count (a whole number from 1 to 1000) or a list of 1 to 1000 members { rank }",
    ),
    "household.rank": t("Thứ tự thành viên phải là số nguyên từ 1", "A member's rank must be a whole number from 1"),
    "household.duplicateRank": t("Hai thành viên cùng thứ tự", "Two members have the same rank"),
    "household.id": t("Mã thành viên phải là chuỗi", "A member's id must be a string"),
    rates: t("Bảng thông số phải là một danh sách dòng", "rates must be a list of rate rows"),

    // targets
    "target.scheme": t("Chương trình của chỉ tiêu không hợp lệ", "Unknown scheme for a target"),
    "target.measure": t(
      "Thước đo phải là người tham gia mới, người đang tham gia hoặc tỷ lệ bao phủ",
      "The measure must be new participants, active participants or coverage %",
    ),
    "target.kind": t(
      "Loại chỉ tiêu phải là kế hoạch giao, chỉ tiêu tối thiểu hoặc mốc tiến độ",
      "The kind must be plan, minimum or milestone",
    ),
    "target.value": t("Giá trị chỉ tiêu phải là số không âm", "A target's value must be a number, 0 or more"),
    "target.count": t("Số người phải là số nguyên", "A number of participants must be a whole number"),
    "target.percent": t(
      "Tỷ lệ bao phủ từ 0 đến 100, tối đa hai chữ số thập phân",
      "A coverage percentage lies between 0 and 100 with at most two decimals",
    ),
    "target.schemeOfMeasure": t(
      (c) =>
        c.issue.params?.measure === "coverage_percent"
          ? "Tỷ lệ bao phủ chỉ tính cho BHYT hoặc BHXH"
          : "Số người tham gia chỉ tính cho BHXH tự nguyện hoặc BHYT hộ gia đình",
      (c) =>
        c.issue.params?.measure === "coverage_percent"
          ? "Coverage % is for health insurance or social insurance"
          : "Participant counts are for voluntary social insurance or household health insurance",
    ),
    "target.shareRequired": t("Mốc tiến độ cần tỷ lệ (0–1)", "A milestone needs its share (0–1)", false),
    "target.milestoneByRequired": t("Mốc tiến độ cần ngày đến hạn", "A milestone needs its date", false),
    "target.milestoneOnly": t("Chỉ mốc tiến độ mới có tỷ lệ và ngày đến hạn", "Only a milestone has a share and a date", false),
    "target.countsKinds": t(
      "Loại đăng ký được tính: new, renewal, returning (ít nhất một)",
      "Counted kinds: new, renewal, returning (at least one)",
    ),
    "target.campaign": t("Mã đợt vận động không hợp lệ", "Invalid campaign id"),
    "target.note": t("Ghi chú tối đa 1000 ký tự", "A note has at most 1000 characters"),
    "target.basis": t(
      "Cách phân bổ: population, working_age, last_year_result hoặc equal",
      "The basis: population, working_age, last_year_result or equal",
    ),
    "period.order": t("Ngày kết thúc trước ngày bắt đầu", "The period ends before it starts", false),
    "curve.length": t(
      "Đường cong tiến độ cần đúng 12 trọng số tháng",
      "A progress curve needs exactly 12 monthly weights",
    ),
    "thresholds.order": t(
      "Ngưỡng có nguy cơ không được lớn hơn ngưỡng đúng tiến độ",
      "The at-risk threshold cannot exceed the on-track one",
      false,
    ),
    "milestone.share": t("Tỷ lệ mốc phải từ 0 đến 1", "The milestone share must be between 0 and 1"),
    "milestone.by": t(
      "Ngày của mốc phải nằm trong kỳ kế hoạch",
      "The milestone date must lie within the plan's period",
      false,
    ),
    "allocate.key": t("Thiếu mã của đơn vị nhận", "A child's key is missing"),
    "allocate.children": t("Thiếu danh sách đơn vị nhận", "The list of children is missing"),
    "allocate.duplicateKey": t(
      (c) => `Mã ${String(c.issue.params?.key)} bị lặp`,
      (c) => `The key ${String(c.issue.params?.key)} appears twice`,
      false,
    ),

    // coverage, outreach, eligibility
    "coverage.targetPercent": t("Chỉ tiêu bao phủ phải từ 0 đến 100%", "The coverage target must be between 0 and 100%"),
    "coverage.year": t("Năm phải là số nguyên từ 1900 đến 2999", "The year must be a whole number from 1900 to 2999"),
    scheme: t(
      "Chương trình phải là voluntary_social_insurance (BHXH tự nguyện) hoặc household_health_insurance (BHYT hộ gia đình)",
      "The scheme must be voluntary_social_insurance or household_health_insurance",
    ),
    "outreach.name": t("Tên phải có từ 1 đến 200 ký tự", "A name has 1 to 200 characters"),
    "outreach.text": t("Phải là chuỗi không quá dài (hoặc bỏ trống)", "Must be a string, not too long (or left out)"),
    "outreach.areaCodes": t("Cần từ 1 đến 500 mã địa bàn, không trùng nhau", "One to 500 area codes are needed, none twice"),
    "outreach.partner": t("Đơn vị phối hợp là danh sách tên (tối đa 50)", "Partners are a list of names (at most 50)"),
    "outreach.type": t(
      "Loại sự kiện: launch_ceremony, communication_session, parade, door_to_door hoặc consultation",
      "The event type is launch_ceremony, communication_session, parade, door_to_door or consultation",
    ),
    "eligibility.birthAfter": t("Ngày sinh sau ngày tham gia", "The birth date is after the start date", false),

    // areas
    "area.code": t("Mã đơn vị gồm 2–5 chữ số", "A unit code is 2–5 digits"),
    "area.name": t("Thiếu tên đơn vị", "The unit name is missing"),

    // identity
    "personalId.format": t("Số định danh cá nhân phải là chuỗi 12 chữ số", "A personal ID is a string of 12 digits"),
    gender: t("Giới tính: male hoặc female", "Gender: male or female"),
    "socialInsuranceNumber.format": t("Mã số BHXH phải gồm đúng 10 chữ số", "A social-insurance number is exactly 10 digits"),

    // rates
    "rates.money": t("Số tiền phải là số nguyên đồng không âm", "An amount must be a whole number of đồng, 0 or more"),
    "rates.positiveMoney": t("Số tiền phải là số nguyên đồng lớn hơn 0", "An amount must be a whole number of đồng above 0"),
    "rates.bp": t(
      "Tỷ lệ tính bằng phần vạn nguyên từ 0 đến 10000 (2200 = 22%)",
      "A rate is whole basis points from 0 to 10000 (2200 = 22%)",
    ),
    "rates.multiple": t("Hệ số phải là số nguyên từ 1 trở lên", "A multiple must be a whole number of at least 1"),
    "rates.months": t("Số tháng phải là số nguyên không âm", "Months must be a whole number ≥ 0"),
    "rates.factors": t("Cần ít nhất một hệ số", "At least one factor is needed"),
    "rates.source": t("Mỗi dòng phải ghi nguồn pháp lý", "Every row needs its legal source"),
    "rates.key": t("Loại thông số không hợp lệ", "Unknown rate key"),

    // registry
    "registry.monthOrDate": t(
      "Kỳ đóng bắt đầu từ một tháng (YYYY-MM) hoặc một ngày (YYYY-MM-DD) có thật",
      "A period starts at a month (YYYY-MM) or a real day (YYYY-MM-DD)",
    ),
    "registry.months": t("Số tháng của kỳ đóng phải là số nguyên từ 1 đến 1200", "A period's months must be a whole number from 1 to 1200"),
    "registry.periods": t(
      "Các kỳ đóng phải là một danh sách (tối đa 10000) { from, months }",
      "The periods must be a list (at most 10,000) of { from, months }",
    ),
    "registry.dueWithinDays": t(
      "Số ngày báo đến hạn đóng phải là số nguyên từ 0 đến 366",
      "The renewal window must be a whole number of days from 0 to 366",
    ),
    "registry.options": t("Tuỳ chọn phải là một đối tượng { dueWithinDays }", "The options must be an object { dueWithinDays }"),
    "registry.cardMonths": t("Thẻ BHYT hộ gia đình có kỳ 3, 6 hoặc 12 tháng", "A household health card is for 3, 6 or 12 months"),
    "registry.text": t("Phải là chuỗi (hoặc bỏ trống)", "Must be a string (or left out)"),
    "registry.personalId": t("Thiếu số định danh cá nhân", "The personal ID is missing"),
    "registry.fullName": t("Họ tên phải là chuỗi", "The full name must be a string"),
    "registry.participantId": t("Mã người tham gia đã có phải là chuỗi", "An existing participant's id must be a string"),
    "registry.participants": t(
      "Người tham gia đã có phải là một danh sách { id, personalId, fullName, birthDate, … }",
      "The existing participants must be a list of { id, personalId, fullName, birthDate, … }",
    ),
    "registry.year": t("Năm phải là số nguyên từ 1900 đến 9999", "The year must be a whole number from 1900 to 9999"),
    "registry.members": t(
      "Thành viên hộ là danh sách tối đa 1000 { id, joinedOn, stateSupported? }",
      "A household's members are a list of at most 1000 { id, joinedOn, stateSupported? }",
    ),
    "registry.memberId": t("Mã thành viên phải là chuỗi khác rỗng", "A member's id must be a non-empty string"),
    "registry.duplicateMember": t(
      (c) => `Thành viên ${String(c.issue.params?.id)} có hai lần trong hộ`,
      (c) => `Member ${String(c.issue.params?.id)} is listed twice`,
      false,
    ),
    "registry.cardGroup": t("Mã đối tượng trên thẻ BHYT phải gồm 2 chữ in hoa", "The participant group on a health card is 2 capital letters"),
    "registry.benefitLevel": t("Mức hưởng trên thẻ BHYT là một chữ số từ 1 đến 5", "The benefit level on a health card is one digit from 1 to 5"),
    "registry.provinceCode": t("Mã tỉnh cấp thẻ gồm 2 chữ số (mã trước 2025)", "The issuing province is 2 digits (pre-2025 code)"),
    "registry.cardSocialInsuranceNumber": t(
      "Mã số BHXH trên thẻ phải gồm đúng 10 chữ số",
      "The social-insurance number on a card is exactly 10 digits",
    ),
    "registry.row": t("Dòng phải là một đối tượng { trường: ô }", "A row must be an object { field: cell }"),
    "registry.cell": t("Mỗi ô phải là chữ hoặc số (hoặc để trống)", "Every cell must be text or a number (or empty)"),
    "registry.context": t(
      "Ngữ cảnh kiểm tra phải là một đối tượng { scheme, communeStatus, … }",
      "The check's context must be an object { scheme, communeStatus, … }",
    ),
    "registry.communeStatus": t(
      'communeStatus phải là một hàm (mã xã, ngày) → "ok" | "unknown" | "out_of_scope"',
      'communeStatus must be a function (commune code, date) → "ok" | "unknown" | "out_of_scope"',
    ),

    // access
    "access.role": t("Vai trò không hợp lệ", "Unknown role"),
    "access.national": t("Chỉ quản trị viên mới được gán toàn quốc", "Only admins may hold a national role", false),
    "access.password": t("Mật khẩu dài từ 8 đến 128 ký tự", "A password has 8 to 128 characters", false),
    "access.tooManyRoles": t("Tối đa 20 vai trò", "At most 20 roles", false),
    "access.duplicateRole": t(
      "Một vai trò trên một địa bàn chỉ được gán một lần",
      "The same role on the same area is listed twice",
      false,
    ),
  } satisfies Record<string, CatalogueEntry>;
}

export type MessageKey = keyof typeof messageCatalogue;

// ----------------------------------------------------------------------------------------------
// Zod's own issue codes, in both languages

const typeNames: Record<string, { vi: string; en: string }> = {
  string: { vi: "một chuỗi", en: "a string" },
  number: { vi: "một số", en: "a number" },
  int: { vi: "một số nguyên", en: "an integer" },
  boolean: { vi: "true hoặc false", en: "true or false" },
  array: { vi: "một danh sách", en: "a list" },
  object: { vi: "một đối tượng", en: "an object" },
  bigint: { vi: "một bigint", en: "a bigint" },
  date: { vi: "một ngày", en: "a date" },
  null: { vi: "null", en: "null" },
  undefined: { vi: "không có giá trị", en: "nothing" },
  record: { vi: "một đối tượng", en: "an object" },
};

function bound(c: MessageContext, big: boolean): { vi: string; en: string } {
  const i = c.issue;
  const n = String(big ? i.maximum : i.minimum);
  const incl = i.inclusive !== false;
  switch (i.origin) {
    case "array":
    case "set":
      return big
        ? { vi: `Tối đa ${n} phần tử`, en: `At most ${n} items` }
        : { vi: `Cần ít nhất ${n} phần tử`, en: `At least ${n} items are needed` };
    case "string":
      return big
        ? { vi: `Tối đa ${n} ký tự`, en: `At most ${n} characters` }
        : { vi: `Cần ít nhất ${n} ký tự`, en: `At least ${n} characters are needed` };
    default:
      return big
        ? { vi: `Phải ${incl ? "≤" : "<"} ${n}`, en: `Must be ${incl ? "at most" : "below"} ${n}` }
        : { vi: `Phải ${incl ? "≥" : ">"} ${n}`, en: `Must be ${incl ? "at least" : "above"} ${n}` };
  }
}

/** Bilingual texts for zod's built-in issue codes (no zod English ever reaches a user). */
function fallback(c: MessageContext): { vi: string; en: string } {
  const i = c.issue;
  const got = { vi: gotVi(c), en: gotEn(c) };
  switch (i.code) {
    case "invalid_type": {
      if (c.hasInput && c.input === undefined) return { vi: "Thiếu giá trị bắt buộc", en: "Required, but missing" };
      const want = typeNames[i.expected ?? ""] ?? { vi: String(i.expected), en: String(i.expected) };
      if (i.expected === "string" && isDate(c)) {
        return { vi: `Cần ${want.vi}${got.vi}; hãy truyền chuỗi ngày ISO YYYY-MM-DD, không truyền đối tượng Date`, en: `Expected ${want.en}${got.en}; pass an ISO date string YYYY-MM-DD, not a Date` };
      }
      return { vi: `Cần ${want.vi}${got.vi}`, en: `Expected ${want.en}${got.en}` };
    }
    case "too_big":
    case "too_small": {
      const b = bound(c, i.code === "too_big");
      return { vi: b.vi + got.vi, en: b.en + got.en };
    }
    case "invalid_value":
      return {
        vi: `Phải là ${list((i.values ?? []).map((v) => JSON.stringify(v)), "hoặc")}${got.vi}`,
        en: `Must be ${list((i.values ?? []).map((v) => JSON.stringify(v)), "or")}${got.en}`,
      };
    case "unrecognized_keys":
      return { vi: "Trường không được biết (viết sai tên?)", en: "Unknown key (misspelt?)" };
    case "invalid_union":
      if (i.discriminator !== undefined) {
        const opts = list((i.options ?? []).map((v) => JSON.stringify(v)), "or");
        return { vi: `Phải là ${opts.replace(/ or /g, " hoặc ")}`, en: `Must be ${opts}` };
      }
      return { vi: `Không khớp dạng nào được phép${got.vi}`, en: `Matches none of the allowed forms${got.en}` };
    case "invalid_format":
      return { vi: `Sai định dạng${got.vi}`, en: `Wrong format${got.en}` };
    case "not_multiple_of":
      return { vi: `Phải là bội số của ${i.divisor}${got.vi}`, en: `Must be a multiple of ${i.divisor}${got.en}` };
    case "invalid_key":
      return { vi: "Khoá không hợp lệ", en: "Invalid key" };
    case "invalid_element":
      return { vi: "Phần tử không hợp lệ", en: "Invalid element" };
    default:
      return { vi: `Giá trị không hợp lệ${got.vi}`, en: `Invalid value${got.en}` };
  }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let v: unknown = root;
  for (const seg of path) {
    if (v === null || (typeof v !== "object" && typeof v !== "function")) return { found: true, value: undefined };
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return { found: true, value: v };
}

/** Options of `issuesFromZod`. */
export interface IssuesFromZodOptions {
  /** The value that was parsed: supplies "what was received" for errors made without zod's `reportInput`. */
  input?: unknown;
  /** An application's own message keys (e.g. the API's), looked up before the domain's. */
  catalogue?: Readonly<Record<string, CatalogueEntry>>;
  /** The schema that was used: lets an unknown key suggest the known one it is closest to. */
  schema?: core.$ZodType;
}

/** The keys an object schema knows at `path` (through arrays, optionals and nullables), or []. */
function knownKeysAt(schema: core.$ZodType | undefined, path: readonly PropertyKey[]): string[] {
  let s: core.$ZodType | undefined = schema;
  const unwrap = () => {
    for (let i = 0; i < 5 && s; i++) {
      const def = s._zod.def as { type: string; innerType?: core.$ZodType };
      if ((def.type === "optional" || def.type === "nullable" || def.type === "default") && def.innerType) s = def.innerType;
      else break;
    }
  };
  for (const seg of path) {
    unwrap();
    const def = s?._zod.def as { type?: string; shape?: Record<string, core.$ZodType>; element?: core.$ZodType } | undefined;
    if (def?.type === "object" && typeof seg === "string") s = def.shape?.[seg];
    else if (def?.type === "array" && typeof seg === "number") s = def.element;
    else return [];
  }
  unwrap();
  const def = s?._zod.def as { type?: string; shape?: Record<string, unknown> } | undefined;
  return def?.type === "object" && def.shape ? Object.keys(def.shape) : [];
}

/** Edit distance, to recognise a misspelt key. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const dd = distance(key, k);
    if (dd < bestD) [best, bestD] = [k, dd];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(key.length / 4)) ? best : undefined;
}

/**
 * The issues of a zod error, in both languages. `unrecognized_keys` becomes one issue per unknown
 * key, its path ending in that key. Messages that are not catalogue keys never reach users: the
 * issue is described from zod's issue code instead.
 */
export function issuesFromZod(error: { issues: readonly unknown[] }, options: IssuesFromZodOptions = {}): DomainIssue[] {
  const root = "input" in options ? { input: options.input } : undefined;
  const out: DomainIssue[] = [];
  for (const raw of error.issues) {
    const issue = raw as IssueLike;
    const basePath = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)) as Path;
    const paths: Path[] = issue.code === "unrecognized_keys" && issue.keys?.length ? issue.keys.map((k) => [...basePath, k]) : [basePath];
    const known = issue.code === "unrecognized_keys" ? knownKeysAt(options.schema, issue.path) : [];
    for (const path of paths) {
      let hasInput = Object.prototype.hasOwnProperty.call(issue, "input");
      let input = issue.input;
      if (issue.code === "unrecognized_keys") {
        hasInput = false;
      } else if (issue.code === "invalid_union" && issue.discriminator !== undefined) {
        // zod reports the whole object; what was wrong is its discriminator.
        const at = valueAt(hasInput ? issue.input : valueAt(root?.input, issue.path.slice(0, -1)).value, [issue.discriminator]);
        hasInput = hasInput || root !== undefined;
        input = at.value;
      } else if (!hasInput && root !== undefined) {
        const at = valueAt(root.input, issue.path);
        hasInput = at.found;
        input = at.value;
      }
      if (issue.code === "unrecognized_keys") {
        const near = closest(String(path[path.length - 1]), known.filter((k) => !issue.keys?.includes(k)));
        out.push(
          near === undefined
            ? { path, vi: "Trường không được biết (viết sai tên?)", en: "Unknown key (misspelt?)" }
            : { path, vi: `Trường không được biết; có phải "${near}"?`, en: `Unknown key; did you mean "${near}"?` },
        );
        continue;
      }
      const c: MessageContext = { issue, path, hasInput, input };
      const entry = options.catalogue?.[issue.message] ?? (messageCatalogue as Record<string, CatalogueEntry>)[issue.message];
      // A key message on a required field that is simply missing reads better as "required".
      if (entry && !(issue.code === "invalid_type" && hasInput && input === undefined)) {
        out.push({ path, vi: entry.vi(c), en: entry.en(c) });
      } else {
        const f = fallback(c);
        out.push({ path, vi: f.vi, en: f.en });
      }
    }
  }
  return out;
}

/**
 * `schema.parse(input)`, or a `DomainError(code)` carrying every issue, each with its path and
 * both texts. `code` may depend on the first issue (to keep field-specific codes).
 */
export function parseOrThrow<S extends core.$ZodType, C extends DomainErrorCode>(
  schema: S,
  input: unknown,
  code: C | ((issues: readonly IssueLike[]) => C),
): core.output<S> {
  const r = core.safeParse(schema, input, { reportInput: true });
  if (r.success) return r.data;
  const zodIssues = r.error.issues as unknown as IssueLike[];
  const issues = issuesFromZod(r.error, { input, schema });
  const c = typeof code === "function" ? code(zodIssues) : code;
  throw new DomainError(c, issues, { issues: zodIssues.map((i) => ({ code: i.code, path: i.path, message: i.message })) });
}
