/**
 * The domain's messages as data, without zod: the types of a catalogue (message keys rendered in
 * Vietnamese and English, with what was received filled in), the generic messages, the texts of
 * zod's own issue codes, and `renderIssues`, which turns issues (zod's, or those the domain's own
 * checks make in the same shape) into `{ path, vi, en }`. `@ansinh/domain/validation` builds its
 * `messageCatalogue` and `issuesFromZod` on this; the functions that check their input without
 * zod (contributions, rates, identity, areas) render their issues with it, each with the messages
 * of its own module, so an app that imports one function carries only the texts it can show.
 */
import { describeValue } from "./argument-error.js";
import type { DomainIssue } from "./errors.js";

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
  /** The keys the object at `path` knows (`unrecognized_keys` made by the domain's own checks). */
  known?: readonly string[];
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

export const gotVi: Text = (c) => (c.hasInput ? ` (nhận được: ${describeValue(c.input).vi})` : "");
export const gotEn: Text = (c) => (c.hasInput ? ` (got ${describeValue(c.input).en})` : "");

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

export function fieldName(path: Path): { vi: string; en: string } {
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
export const defineMessage = /* @__NO_SIDE_EFFECTS__ */ (vi: string | Text, en: string | Text, withGot = true): CatalogueEntry => ({
  vi: (c) => (typeof vi === "string" ? vi : vi(c)) + (withGot ? gotVi(c) : ""),
  en: (c) => (typeof en === "string" ? en : en(c)) + (withGot ? gotEn(c) : ""),
});


export const isDate = (c: MessageContext) => c.hasInput && c.input instanceof Date;


/**
 * Messages every module uses: a date, a boolean, a count, a non-negative number, and `bilingual`
 * (a rule that makes its own texts, carried in the issue's `params`).
 */
export const baseMessages = {
  date: defineMessage(
    (c) => `Ngày phải là chuỗi dạng YYYY-MM-DD, một ngày có thật từ năm 1900${isDate(c) ? "; hãy truyền chuỗi ngày ISO, không truyền đối tượng Date" : ""}`,
    (c) => `A date must be a string YYYY-MM-DD naming a real day from 1900 on${isDate(c) ? "; pass an ISO date string, not a Date" : ""}`,
  ),
  boolean: defineMessage("Phải là true hoặc false", "Must be true or false"),
  count: defineMessage(
    (c) => `${fieldName(c.path).vi} phải là số nguyên không âm`,
    (c) => `${fieldName(c.path).en} must be a non-negative integer`,
  ),
  nonNegative: defineMessage(
    (c) => `${fieldName(c.path).vi} phải là số không âm`,
    (c) => `${fieldName(c.path).en} must be a non-negative number`,
  ),
  /** A custom issue whose `params` carry `{ vi, en }` (rules that produce their own texts). */
  bilingual: defineMessage(
    (c) => String(c.issue.params?.vi ?? "Không hợp lệ"),
    (c) => String(c.issue.params?.en ?? "Invalid"),
    false,
  ),
} satisfies Record<string, CatalogueEntry>;

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
export function fallback(c: MessageContext): { vi: string; en: string } {
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

export function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const dd = distance(key, k);
    if (dd < bestD) [best, bestD] = [k, dd];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(key.length / 4)) ? best : undefined;
}

/** Options of `renderIssues`. */
export interface RenderOptions {
  /** The value that was checked: supplies "what was received" for issues that do not carry it. */
  input?: unknown;
  /** Message keys and their texts. A key not found falls back on the issue's code. */
  catalogue: Readonly<Record<string, CatalogueEntry>>;
  /** The keys known at `path`, for "did you mean …?" (issues may also carry their own `known`). */
  knownKeys?: (path: readonly PropertyKey[]) => readonly string[];
}

/**
 * Issues in both languages. `unrecognized_keys` becomes one issue per unknown key, its path ending
 * in that key, with the known key it is closest to when there is one. Messages that are not
 * catalogue keys never reach users: the issue is described from its code instead. The same
 * problem reported twice at the same path (zod does, e.g. for 1e20 against `int()` and
 * `maximum()`) is shown once.
 */
export function renderIssues(issues: readonly IssueLike[], options: RenderOptions): DomainIssue[] {
  const root = "input" in options ? { input: options.input } : undefined;
  const out: DomainIssue[] = [];
  const seen = new Set<string>();
  const push = (issue: DomainIssue) => {
    const key = JSON.stringify(issue);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(issue);
    }
  };
  for (const issue of issues) {
    const basePath = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)) as Path;
    const paths: Path[] = issue.code === "unrecognized_keys" && issue.keys?.length ? issue.keys.map((k) => [...basePath, k]) : [basePath];
    const known = issue.code === "unrecognized_keys" ? (issue.known ?? options.knownKeys?.(issue.path) ?? []) : [];
    for (const path of paths) {
      let hasInput = Object.prototype.hasOwnProperty.call(issue, "input");
      let input = issue.input;
      if (issue.code === "unrecognized_keys") {
        const near = closest(String(path[path.length - 1]), known.filter((k) => !issue.keys?.includes(k)));
        push(
          near === undefined
            ? { path, vi: "Trường không được biết (viết sai tên?)", en: "Unknown key (misspelt?)" }
            : { path, vi: `Trường không được biết; có phải "${near}"?`, en: `Unknown key; did you mean "${near}"?` },
        );
        continue;
      }
      if (issue.code === "invalid_union" && issue.discriminator !== undefined) {
        // zod reports the whole object; what was wrong is its discriminator.
        const at = valueAt(hasInput ? issue.input : valueAt(root?.input, issue.path.slice(0, -1)).value, [issue.discriminator]);
        hasInput = hasInput || root !== undefined;
        input = at.value;
      } else if (!hasInput && root !== undefined) {
        const at = valueAt(root.input, issue.path);
        hasInput = at.found;
        input = at.value;
      }
      const c: MessageContext = { issue, path, hasInput, input };
      const entry = Object.prototype.hasOwnProperty.call(options.catalogue, issue.message) ? options.catalogue[issue.message] : undefined;
      // A key message on a required field that is simply missing reads better as "required".
      if (entry && !(issue.code === "invalid_type" && hasInput && input === undefined)) {
        push({ path, vi: entry.vi(c), en: entry.en(c) });
      } else {
        const f = fallback(c);
        push({ path, vi: f.vi, en: f.en });
      }
    }
  }
  return out;
}
