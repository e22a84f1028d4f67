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
 * Messages every module uses: a date, a boolean, and `bilingual` (a rule that makes its own
 * texts, carried in the issue's `params`).
 */
export const baseMessages = /* @__PURE__ */ (() =>
  ({
    date: defineMessage(
      (c) => `Ngày phải là chuỗi dạng YYYY-MM-DD, một ngày có thật từ năm 1900${isDate(c) ? "; hãy truyền chuỗi ngày ISO, không truyền đối tượng Date" : ""}`,
      (c) => `A date must be a string YYYY-MM-DD naming a real day from 1900 on${isDate(c) ? "; pass an ISO date string, not a Date" : ""}`,
    ),
    boolean: defineMessage("Phải là true hoặc false", "Must be true or false"),
    /** A custom issue whose `params` carry `{ vi, en }` (rules that produce their own texts). */
    bilingual: defineMessage(
      (c) => String(c.issue.params?.vi ?? "Không hợp lệ"),
      (c) => String(c.issue.params?.en ?? "Invalid"),
      false,
    ),
  }) satisfies Record<string, CatalogueEntry>)();

/**
 * Texts for the issue codes the domain's own checks use besides message keys: a value missing or
 * of the wrong kind (`invalid_type` with `expected`), anything else "invalid". Zod's other codes
 * are worded by `@ansinh/domain/validation`, which passes its own `fallback`.
 */
export function basicFallback(c: MessageContext): { vi: string; en: string } {
  const i = c.issue;
  if (i.code === "invalid_type" && c.hasInput && c.input === undefined) return { vi: "Thiếu giá trị bắt buộc", en: "Required, but missing" };
  const got = { vi: gotVi(c), en: gotEn(c) };
  if (i.code === "invalid_type" && i.expected === "object") return { vi: `Cần một đối tượng${got.vi}`, en: `Expected an object${got.en}` };
  if (i.code === "invalid_type" && i.expected === "array") return { vi: `Cần một danh sách${got.vi}`, en: `Expected a list${got.en}` };
  return { vi: `Giá trị không hợp lệ${got.vi}`, en: `Invalid value${got.en}` };
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
  /** Texts for an issue whose message is not a catalogue key (default `basicFallback`). */
  fallback?: (c: MessageContext) => { vi: string; en: string };
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
        const near = closest(
          String(path[path.length - 1]),
          known.filter((k) => !issue.keys?.includes(k)),
        );
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
        const f = (options.fallback ?? basicFallback)(c);
        push({ path, vi: f.vi, en: f.en });
      }
    }
  }
  return out;
}
