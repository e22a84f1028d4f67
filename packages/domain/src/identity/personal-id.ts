import { describeValue } from "../argument-error.js";
import { formatDisplayDate, isIsoDate, type IsoDate } from "../dates.js";
import { DomainError, type DomainErrorCode, type DomainIssue, type IdentityErrorCode } from "../errors.js";
import { own } from "../own-data.js";
import { personalIdProvinces } from "./provinces.js";

export const genders = ["male", "female"] as const;
export type Gender = (typeof genders)[number];

/** What the 12 digits of a personal identification number (số định danh cá nhân) say. */
export interface ParsedPersonalId {
  id: string;
  /** Digits 1–3: the province where the birth was registered (pre-2025 list), e.g. "091". */
  provinceCode: string;
  provinceName: string;
  /** Digit 4: century and gender (0/1 1900s, 2/3 2000s, 4/5 2100s; even male, odd female). */
  centuryDigit: number;
  /** First year of the century of birth: 1900, 2000 or 2100. */
  century: number;
  gender: Gender;
  /** Digits 5–6: last two digits of the birth year, e.g. "95". */
  birthYearTwoDigits: string;
  /** century + the two digits, e.g. 1995. */
  birthYear: number;
  /** Digits 7–12. */
  serial: string;
}

export type PersonalIdPart = "format" | "province" | "century" | "birthYear" | "gender";

/** One part of the number that is malformed or disagrees with the declared data. */
export interface PersonalIdProblem {
  part: PersonalIdPart;
  code: DomainErrorCode;
  messageVi: string;
  messageEn: string;
  /** What the declared data implies (mismatches only). */
  expected?: string;
  /** What the number says. */
  actual?: string;
}

export interface PersonalIdCheck {
  /** True when the number is well formed and agrees with every declared field. */
  valid: boolean;
  /** Null when the number is not 12 digits; otherwise as much as could be read. */
  parsed: ParsedPersonalId | null;
  problems: PersonalIdProblem[];
}

const GENDER_NAMES: Record<Gender, { vi: string; en: string }> = {
  male: { vi: "nam", en: "male" },
  female: { vi: "nữ", en: "female" },
};

/** Structural problems (format, province, century digit) and what could be read. */
export function analyse(raw: unknown): { parsed: ParsedPersonalId | null; problems: PersonalIdProblem[] } {
  const id = typeof raw === "string" ? raw.trim() : "";
  if (!/^\d{12}$/.test(id)) {
    // What was received as it is: null is null, a number is a number (not a string, and it has
    // lost any leading zero), a string is quoted.
    // A string is what a form or a list sends: say it as staff read it. Anything else is a
    // developer's mistake, and its kind is named.
    const message =
      typeof raw === "string"
        ? {
            vi: `Số định danh cá nhân phải gồm đúng 12 chữ số (nhận được: "${id}")`,
            en: `A personal identification number must be exactly 12 digits (got "${id}")`,
          }
        : (() => {
            const got = describeValue(raw);
            return {
              vi: `Số định danh cá nhân là chuỗi đúng 12 chữ số (nhận được: ${got.vi})`,
              en: `A personal identification number is a string of exactly 12 digits (got ${got.en})`,
            };
          })();
    return {
      parsed: null,
      problems: [{ part: "format", code: "IDENTITY.MALFORMED", messageVi: message.vi, messageEn: message.en }],
    };
  }
  const problems: PersonalIdProblem[] = [];
  const provinceCode = id.slice(0, 3);
  const provinceName = personalIdProvinces.get(provinceCode);
  if (provinceName === undefined) {
    problems.push({
      part: "province",
      code: "IDENTITY.UNKNOWN_PROVINCE",
      messageVi: `Mã tỉnh nơi đăng ký khai sinh "${provinceCode}" không có trong danh sách 63 tỉnh, thành phố (trước 2025)`,
      messageEn: `Province code "${provinceCode}" is not one of the 63 pre-2025 provinces`,
      actual: provinceCode,
    });
  }
  const centuryDigit = Number(id[3]);
  if (centuryDigit > 5) {
    problems.push({
      part: "century",
      code: "IDENTITY.INVALID_CENTURY_DIGIT",
      messageVi: `Chữ số thứ 4 (thế kỷ và giới tính) phải từ 0 đến 5 (nhận được: ${centuryDigit})`,
      messageEn: `Digit 4 (century and gender) must be 0 to 5 (got ${centuryDigit})`,
      actual: String(centuryDigit),
    });
  }
  const century = 1900 + Math.floor(centuryDigit / 2) * 100;
  const twoDigits = id.slice(4, 6);
  return {
    parsed: {
      id,
      provinceCode,
      provinceName: provinceName ?? "",
      centuryDigit,
      century,
      gender: centuryDigit % 2 === 0 ? "male" : "female",
      birthYearTwoDigits: twoDigits,
      birthYear: century + Number(twoDigits),
      serial: id.slice(6),
    },
    problems,
  };
}

/**
 * Reads a personal identification number (12 digits; surrounding spaces ignored).
 * Throws `DomainError` `IDENTITY.MALFORMED`, `IDENTITY.UNKNOWN_PROVINCE` or
 * `IDENTITY.INVALID_CENTURY_DIGIT`.
 */
export function parsePersonalId(id: string): ParsedPersonalId {
  const { parsed, problems } = analyse(id);
  const first = problems[0];
  if (first !== undefined || parsed === null) {
    throw new DomainError(first!.code, first!.messageVi, first!.messageEn, { id, part: first!.part });
  }
  return parsed;
}

export interface DeclaredIdentity {
  /** Declared birth date, `YYYY-MM-DD`. */
  birthDate?: IsoDate | null;
  gender?: Gender | null;
}

/**
 * Checks a personal identification number on its own and against the declared birth date
 * and gender, and says which parts disagree (century, birth year, gender), or which are
 * malformed (format, province, century digit). Never throws for a bad number; throws
 * `IDENTITY.INVALID_BIRTH_DATE` / `IDENTITY.INVALID_GENDER` for bad declared data.
 */
export function checkPersonalId(id: string, declared: DeclaredIdentity = {}): PersonalIdCheck {
  const { birthDate, gender } = checkDeclared(declared);
  const { parsed, problems } = analyse(id);
  if (parsed !== null) {
    const centuryReadable = parsed.centuryDigit <= 5;
    if (birthDate != null) {
      const year = Number(birthDate.slice(0, 4));
      const expectedCentury = Math.floor(year / 100) * 100;
      if (centuryReadable && expectedCentury !== parsed.century) {
        problems.push({
          part: "century",
          code: "IDENTITY.CENTURY_MISMATCH",
          messageVi: `Chữ số thứ 4 cho biết sinh trong thế kỷ ${parsed.century}–${parsed.century + 99}, nhưng ngày sinh khai là ${formatDisplayDate(birthDate)}`,
          messageEn: `Digit 4 says born in ${parsed.century}–${parsed.century + 99}, but the declared birth date is ${formatDisplayDate(birthDate)}`,
          expected: String(expectedCentury),
          actual: String(parsed.century),
        });
      }
      const expectedTwo = String(year % 100).padStart(2, "0");
      if (expectedTwo !== parsed.birthYearTwoDigits) {
        problems.push({
          part: "birthYear",
          code: "IDENTITY.BIRTH_YEAR_MISMATCH",
          messageVi: `Chữ số thứ 5–6 cho biết năm sinh …${parsed.birthYearTwoDigits}, nhưng năm sinh khai là ${year}`,
          messageEn: `Digits 5–6 say a birth year ending in ${parsed.birthYearTwoDigits}, but the declared birth year is ${year}`,
          expected: expectedTwo,
          actual: parsed.birthYearTwoDigits,
        });
      }
    }
    if (gender != null && centuryReadable && gender !== parsed.gender) {
      problems.push({
        part: "gender",
        code: "IDENTITY.GENDER_MISMATCH",
        messageVi: `Chữ số thứ 4 cho biết giới tính ${GENDER_NAMES[parsed.gender].vi}, nhưng giới tính khai là ${GENDER_NAMES[gender].vi}`,
        messageEn: `Digit 4 says ${GENDER_NAMES[parsed.gender].en}, but the declared gender is ${GENDER_NAMES[gender].en}`,
        expected: gender,
        actual: parsed.gender,
      });
    }
  }
  return { valid: problems.length === 0, parsed, problems };
}

/**
 * The declared birth date and gender, checked as `checkPersonalIdInputSchema` checks them, with
 * texts of their own rather than the message catalogue: the identity helpers stay under 3 KB.
 */
function checkDeclared(declared: unknown): { birthDate: IsoDate | null; gender: Gender | null } {
  const issues: DomainIssue[] = [];
  const expected = (path: string[], vi: string, en: string, v: unknown) => {
    const got = describeValue(v);
    issues.push({ path, vi: `Cần ${vi} (nhận được: ${got.vi})`, en: `Expected ${en} (got ${got.en})` });
  };
  if (typeof declared !== "object" || declared === null || Array.isArray(declared) || declared instanceof Date) {
    expected([], "một đối tượng { birthDate?, gender? }", "an object { birthDate?, gender? }", declared);
    throw new DomainError("IDENTITY.INVALID_INPUT", issues);
  }
  const birthDate = own(declared, "birthDate");
  const gender = own(declared, "gender");
  if (birthDate != null && !isIsoDate(birthDate))
    expected(["birthDate"], "một ngày có thật YYYY-MM-DD từ năm 1900", "a real day YYYY-MM-DD from 1900 on", birthDate);
  if (gender != null && !genders.includes(gender as Gender)) expected(["gender"], "male hoặc female", "male or female", gender);
  let code: IdentityErrorCode = issues[0]?.path[0] === "birthDate" ? "IDENTITY.INVALID_BIRTH_DATE" : "IDENTITY.INVALID_GENDER";
  for (const k of Object.keys(declared)) {
    if (k === "birthDate" || k === "gender") continue;
    // Two known keys: a misspelling is a matter of case ("birthdate"), or nothing close.
    const near = ["birthDate", "gender"].find((known) => known.toLowerCase() === k.toLowerCase());
    issues.push({
      path: [k],
      vi: `Trường không được biết${near ? `; có phải "${near}"?` : " (viết sai tên?)"}`,
      en: `Unknown key${near ? `; did you mean "${near}"?` : " (misspelt?)"}`,
    });
    code = "IDENTITY.INVALID_INPUT";
  }
  if (issues.length > 0) throw new DomainError(code, issues);
  return { birthDate: (birthDate as IsoDate | null | undefined) ?? null, gender: (gender as Gender | null | undefined) ?? null };
}
