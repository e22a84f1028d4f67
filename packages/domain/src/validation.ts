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
import { areaMessages } from "./areas/messages.js";
import { contributionMessages } from "./contributions/messages.js";
import type { DomainErrorCode } from "./error-codes.js";
import { DomainError, type DomainIssue } from "./errors.js";
import { identityMessages } from "./identity/messages.js";
import {
  baseMessages,
  gotEn,
  gotVi,
  isDate,
  renderIssues,
  defineMessage as t,
  type CatalogueEntry,
  type IssueLike,
  type MessageContext,
  type Path,
} from "./messages.js";
import { ownData } from "./own-data.js";
import { rateMessages } from "./rates/messages.js";

export { argumentError, describeValue } from "./argument-error.js";
export { defineMessage, renderIssues } from "./messages.js";
export type { CatalogueEntry, IssueLike, MessageContext, Path, RenderOptions, Text } from "./messages.js";
export { ownData } from "./own-data.js";

// ----------------------------------------------------------------------------------------------
// Describing fields, and zod's own issue codes, in both languages

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
      return big ? { vi: `Tối đa ${n} phần tử`, en: `At most ${n} items` } : { vi: `Cần ít nhất ${n} phần tử`, en: `At least ${n} items are needed` };
    case "string":
      return big ? { vi: `Tối đa ${n} ký tự`, en: `At most ${n} characters` } : { vi: `Cần ít nhất ${n} ký tự`, en: `At least ${n} characters are needed` };
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
        return {
          vi: `Cần ${want.vi}${got.vi}; hãy truyền chuỗi ngày ISO YYYY-MM-DD, không truyền đối tượng Date`,
          en: `Expected ${want.en}${got.en}; pass an ISO date string YYYY-MM-DD, not a Date`,
        };
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
        vi: `Phải là ${list(
          (i.values ?? []).map((v) => JSON.stringify(v)),
          "hoặc",
        )}${got.vi}`,
        en: `Must be ${list(
          (i.values ?? []).map((v) => JSON.stringify(v)),
          "or",
        )}${got.en}`,
      };
    case "unrecognized_keys":
      return { vi: "Trường không được biết (viết sai tên?)", en: "Unknown key (misspelt?)" };
    case "invalid_union":
      if (i.discriminator !== undefined) {
        const opts = list(
          (i.options ?? []).map((v) => JSON.stringify(v)),
          "or",
        );
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

// ----------------------------------------------------------------------------------------------
// The catalogue

/**
 * Every message key used by the domain's schemas, with its texts. Keys are stable; the texts may
 * be improved in any release. Unknown keys never reach users: they fall back on zod's issue code.
 */
export const messageCatalogue = /* @__PURE__ */ buildCatalogue();

function buildCatalogue() {
  return {
    ...baseMessages,
    ...contributionMessages,
    ...rateMessages,
    ...identityMessages,
    ...areaMessages,
    count: t(
      (c) => `${fieldName(c.path).vi} phải là số nguyên không âm`,
      (c) => `${fieldName(c.path).en} must be a non-negative integer`,
    ),
    nonNegative: t(
      (c) => `${fieldName(c.path).vi} phải là số không âm`,
      (c) => `${fieldName(c.path).en} must be a non-negative number`,
    ),
    // targets
    "target.scheme": t("Chương trình của chỉ tiêu không hợp lệ", "Unknown scheme for a target"),
    "target.measure": t(
      "Thước đo phải là người tham gia mới, người đang tham gia hoặc tỷ lệ bao phủ",
      "The measure must be new participants, active participants or coverage %",
    ),
    "target.kind": t("Loại chỉ tiêu phải là kế hoạch giao, chỉ tiêu tối thiểu hoặc mốc tiến độ", "The kind must be plan, minimum or milestone"),
    "target.value": t("Giá trị chỉ tiêu phải là số không âm", "A target's value must be a number, 0 or more"),
    "target.count": t("Số người phải là số nguyên", "A number of participants must be a whole number"),
    "target.percent": t("Tỷ lệ bao phủ từ 0 đến 100, tối đa hai chữ số thập phân", "A coverage percentage lies between 0 and 100 with at most two decimals"),
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
    "target.countsKinds": t("Loại đăng ký được tính: new, renewal, returning (ít nhất một)", "Counted kinds: new, renewal, returning (at least one)"),
    "target.campaign": t("Mã đợt vận động không hợp lệ", "Invalid campaign id"),
    "target.note": t("Ghi chú tối đa 1000 ký tự", "A note has at most 1000 characters"),
    "target.basis": t("Cách phân bổ: population, working_age, last_year_result hoặc equal", "The basis: population, working_age, last_year_result or equal"),
    "period.order": t("Ngày kết thúc trước ngày bắt đầu", "The period ends before it starts", false),
    "curve.length": t("Đường cong tiến độ cần đúng 12 trọng số tháng", "A progress curve needs exactly 12 monthly weights"),
    "thresholds.order": t("Ngưỡng có nguy cơ không được lớn hơn ngưỡng đúng tiến độ", "The at-risk threshold cannot exceed the on-track one", false),
    "milestone.share": t("Tỷ lệ mốc phải từ 0 đến 1", "The milestone share must be between 0 and 1"),
    "milestone.by": t("Ngày của mốc phải nằm trong kỳ kế hoạch", "The milestone date must lie within the plan's period", false),
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
    "registry.dueWithinDays": t("Số ngày báo đến hạn đóng phải là số nguyên từ 0 đến 366", "The renewal window must be a whole number of days from 0 to 366"),
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
    "registry.cardSocialInsuranceNumber": t("Mã số BHXH trên thẻ phải gồm đúng 10 chữ số", "The social-insurance number on a card is exactly 10 digits"),
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
    "access.duplicateRole": t("Một vai trò trên một địa bàn chỉ được gán một lần", "The same role on the same area is listed twice", false),
  } satisfies Record<string, CatalogueEntry>;
}

export type MessageKey = keyof typeof messageCatalogue;

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

/**
 * The issues of a zod error, in both languages. `unrecognized_keys` becomes one issue per unknown
 * key, its path ending in that key. Messages that are not catalogue keys never reach users: the
 * issue is described from zod's issue code instead.
 */
export function issuesFromZod(error: { issues: readonly unknown[] }, options: IssuesFromZodOptions = {}): DomainIssue[] {
  return renderIssues(error.issues as IssueLike[], {
    ...("input" in options ? { input: options.input } : {}),
    catalogue: options.catalogue ? { ...messageCatalogue, ...options.catalogue } : messageCatalogue,
    knownKeys: (path) => knownKeysAt(options.schema, path),
    fallback,
  });
}

/**
 * `schema.parse(input)`, or a `DomainError(code)` carrying every issue, each with its path and
 * both texts. `code` may depend on the first issue (to keep field-specific codes). Only own
 * properties are read (see `ownData`), whatever zod version is installed.
 */
export function parseOrThrow<S extends core.$ZodType, C extends DomainErrorCode>(
  schema: S,
  value: unknown,
  code: C | ((issues: readonly IssueLike[]) => C),
): core.output<S> {
  const input = ownData(value);
  const r = core.safeParse(schema, input, { reportInput: true });
  if (r.success) return r.data;
  const zodIssues = r.error.issues as unknown as IssueLike[];
  const issues = issuesFromZod(r.error, { input, schema });
  const c = typeof code === "function" ? code(zodIssues) : code;
  throw new DomainError(c, issues, { issues: zodIssues.map((i) => ({ code: i.code, path: i.path, message: i.message })) });
}
