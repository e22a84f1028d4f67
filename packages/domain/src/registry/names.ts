/**
 * Vietnamese personal names: a search and duplicate key without diacritics, and the form shown
 * on screens and exports.
 */
import { argumentError } from "../argument-error.js";

const TEXT = { vi: "một chuỗi (họ tên)", en: "a string (a name)" };

/** Apostrophes as typed in names of the Central Highlands peoples (H'Hen, Y'Bih): dropped in keys. */
const APOSTROPHES = /['\u2018\u2019\u02BC\u0060\u00B4]/g;
/** Every combining mark (tones, breve, circumflex, horn) once the text is decomposed. */
const MARKS = /\p{M}/gu;
/** Anything that is neither a letter nor a digit separates words. */
const SEPARATORS = /[^\p{L}\p{N}]+/gu;

/**
 * The key a name is searched and compared by: `normaliseName("  Nguyễn   Văn  A ")` →
 * `"nguyen van a"`. Works the same on composed (NFC) and decomposed (NFD) input; removes every
 * tone and vowel mark (a ă â e ê i o ô ơ u ư y with any of the five tones, either case, and
 * either tone placement: "hoà" = "hòa"); maps đ/Đ (and the look-alike Ð, U+00D0) to d; drops
 * apostrophes ("H'Hen" → "hhen"); turns any other punctuation or run of white space into one
 * space; lower case; trimmed. Idempotent. Used for the "search without diacritics" index and
 * for likely-duplicate detection — never shown to people (see `displayName`). Throws
 * `REGISTRY.INVALID_INPUT` for anything but a string.
 */
export function normaliseName(name: string): string {
  if (typeof name !== "string") throw argumentError("REGISTRY.INVALID_INPUT", ["name"], TEXT, name);
  return remembered(keys, name, keyOf);
}

/** Short texts seen again and again in a list (genders, ethnicities, cases, common names): computed once. */
const keys = new Map<string, string>();
const shown = new Map<string, string>();
function remembered(memo: Map<string, string>, text: string, compute: (t: string) => string): string {
  if (text.length > 64) return compute(text);
  let v = memo.get(text);
  if (v === undefined) {
    if (memo.size >= 20_000) memo.clear();
    memo.set(text, (v = compute(text)));
  }
  return v;
}

function keyOf(name: string): string {
  // Lower case first: lower-casing can itself add a mark (İ → i + U+0307), removed next.
  return name.toLowerCase().normalize("NFD").replace(MARKS, "").replace(/[đð]/g, "d").replace(APOSTROPHES, "").replace(SEPARATORS, " ").trim();
}

/** Upper-cases the first letter of a word part, lower-cases the rest (one NFC code point each). */
function capitalise(part: string): string {
  const chars = [...part];
  const first = chars.findIndex((c) => /\p{L}/u.test(c));
  if (first < 0) return part.toLowerCase();
  return chars.map((c, i) => (i === first ? c.toUpperCase() : c.toLowerCase())).join("");
}

/**
 * A name as shown and stored: NFC, trimmed, runs of white space collapsed to one space, each
 * word capitalised the Vietnamese way — the first letter upper case with its marks kept (ĐỖ THỊ
 * ÁNH → Đỗ Thị Ánh, nguyễn văn ơn → Nguyễn Văn Ơn), the rest lower case; so is each part after a
 * hyphen or an apostrophe (h'hen niê → H'Hen Niê). Tone placement is left as typed (hoà stays
 * hoà). Idempotent. Throws `REGISTRY.INVALID_INPUT` for anything but a string.
 */
export function displayName(name: string): string {
  if (typeof name !== "string") throw argumentError("REGISTRY.INVALID_INPUT", ["name"], TEXT, name);
  return remembered(shown, name, shownOf);
}

function shownOf(name: string): string {
  return name
    .normalize("NFC")
    .trim()
    .split(/\s+/u)
    .filter((w) => w !== "")
    .map((word) =>
      word
        .split(/(['\u2019\u02BC-])/u)
        .map((part, i) => (i % 2 === 1 ? part : capitalise(part)))
        .join(""),
    )
    .join(" ");
}

/**
 * The letters a database must fold to search names the way `normaliseName` compares them: every
 * precomposed Latin letter with marks (both cases: à ă â … ỹ, À … Ỹ) beside its bare letter, and
 * đ/Đ beside d/D. For SQL's `translate(name, from, to)`, lower-cased afterwards (plain ASCII, so
 * it holds whatever the database's locale): the domain stays the one source of the rule, and a
 * test checks that folding then lower-casing equals `normaliseName` on every Vietnamese letter.
 */
export const diacriticFolding: { readonly from: string; readonly to: string } = /* @__PURE__ */ (() => {
  let from = "";
  let to = "";
  for (const [start, end] of [
    [0x00c0, 0x024f],
    [0x1e00, 0x1eff],
  ] as const) {
    for (let cp = start; cp <= end; cp++) {
      const c = String.fromCodePoint(cp);
      const base = c.normalize("NFD").replace(MARKS, "");
      if (base !== c && /^[A-Za-z]$/.test(base)) {
        from += c;
        to += base;
      }
    }
  }
  return { from: `${from}đĐ`, to: `${to}dD` };
})();
