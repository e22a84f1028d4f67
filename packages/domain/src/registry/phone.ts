import { DomainError } from "../errors.js";
import type { RegistryProblem } from "./codes.js";

/** First two digits of a Vietnamese mobile number in its 10-digit national form. */
export const MOBILE_PREFIXES = ["03", "05", "07", "08", "09"] as const;

export type PhoneKind = "mobile" | "landline";

export type PhoneCheck = { ok: true; phone: string; kind: PhoneKind } | { ok: false; problem: RegistryProblem };

/** Separators people put in phone numbers. */
const SEPARATORS = /[\s.\-()/\u00A0]/g;

function problem(code: "REGISTRY.PHONE_MALFORMED" | "REGISTRY.PHONE_UNKNOWN_PREFIX", text: string): PhoneCheck {
  return code === "REGISTRY.PHONE_MALFORMED"
    ? {
        ok: false,
        problem: {
          field: "phone",
          code,
          vi: `Số điện thoại "${text}" không hợp lệ: cần 10 chữ số (di động) hoặc 11 chữ số (cố định, đầu 02), có thể bắt đầu bằng +84`,
          en: `Phone number "${text}" is not valid: 10 digits (mobile) or 11 digits (landline, starting 02) are needed, optionally starting with +84`,
          details: { value: text },
        },
      }
    : {
        ok: false,
        problem: {
          field: "phone",
          code,
          vi: `Số điện thoại "${text}" có đầu số không dùng ở Việt Nam (di động: 03, 05, 07, 08, 09; cố định: 02)`,
          en: `Phone number "${text}" has a prefix not used in Vietnam (mobile: 03, 05, 07, 08, 09; landline: 02)`,
          details: { value: text },
        },
      };
}

/**
 * Reads a Vietnamese phone number as people write it and returns its canonical national form,
 * or the problem, never throwing:
 * - separators (spaces, dots, hyphens, brackets, slashes) are ignored: `0912 345 678`,
 *   `0912.345.678`, `(0297) 384 5678`;
 * - the country code in any common form becomes the leading 0: `+84 912 345 678`, `84912345678`,
 *   `0084912345678`, also `+84 (0) 912…`;
 * - a number whose leading 0 a spreadsheet dropped (`912345678`, `2973845678`) gets it back;
 * - mobile: 10 digits starting 03, 05, 07, 08 or 09; landline: 11 digits starting 02.
 */
export function checkPhone(text: string): PhoneCheck {
  const raw = typeof text === "string" ? text.trim() : "";
  let s = raw.replace(SEPARATORS, "");
  if (!/^\+?\d+$/.test(s)) return problem("REGISTRY.PHONE_MALFORMED", String(text));
  if (s.startsWith("+84")) s = `0${s.slice(3)}`;
  else if (s.startsWith("0084")) s = `0${s.slice(4)}`;
  else if (s.startsWith("+")) return problem("REGISTRY.PHONE_UNKNOWN_PREFIX", raw);
  else if (s.startsWith("84") && (s.length === 11 || s.length === 12)) s = `0${s.slice(2)}`;
  if (s.startsWith("00")) s = s.slice(1); // "+84 (0) 912…" → "00912…"
  if (!s.startsWith("0") && (s.length === 9 || s.length === 10)) s = `0${s}`;
  if (s.length === 10 && (MOBILE_PREFIXES as readonly string[]).includes(s.slice(0, 2))) return { ok: true, phone: s, kind: "mobile" };
  if (s.length === 11 && s.startsWith("02")) return { ok: true, phone: s, kind: "landline" };
  // 10 digits with another prefix; 11 digits starting 01 (mobile numbers before 2018).
  if (s.length === 10 || (s.length === 11 && s.startsWith("01"))) return problem("REGISTRY.PHONE_UNKNOWN_PREFIX", raw);
  return problem("REGISTRY.PHONE_MALFORMED", raw);
}

/**
 * The canonical national form of a phone number (`"0912345678"`), read as `checkPhone` does.
 * Throws `DomainError` `REGISTRY.PHONE_MALFORMED` (also for anything but a string) or
 * `REGISTRY.PHONE_UNKNOWN_PREFIX`.
 */
export function parsePhone(text: string): string {
  const r = checkPhone(text);
  if (!r.ok) throw new DomainError(r.problem.code, [{ path: [], vi: r.problem.vi, en: r.problem.en }], r.problem.details ?? {});
  return r.phone;
}

/**
 * A phone number as shown: mobile `0912 345 678`; landline with its area code, `024 3825 1234`
 * for Hà Nội (024) and Hồ Chí Minh City (028), `0297 384 5678` elsewhere. Accepts anything
 * `parsePhone` accepts and throws as it does.
 */
export function formatPhone(text: string): string {
  const p = parsePhone(text);
  if (p.length === 10) return `${p.slice(0, 4)} ${p.slice(4, 7)} ${p.slice(7)}`;
  if (p.startsWith("024") || p.startsWith("028")) return `${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`;
  return `${p.slice(0, 4)} ${p.slice(4, 7)} ${p.slice(7)}`;
}
