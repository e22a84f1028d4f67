import * as z from "zod/mini";
import type { IsoDate } from "../dates.js";
import { isoDate } from "../date-schema.js";
import { parseOrThrow, type IssueLike } from "../validation.js";
import { DomainError, type DomainErrorCode, type IdentityErrorCode } from "../errors.js";
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
function analyse(raw: unknown): { parsed: ParsedPersonalId | null; problems: PersonalIdProblem[] } {
  const id = typeof raw === "string" ? raw.trim() : "";
  if (!/^\d{12}$/.test(id)) {
    return {
      parsed: null,
      problems: [
        {
          part: "format",
          code: "IDENTITY.MALFORMED",
          messageVi: `Số định danh cá nhân phải gồm đúng 12 chữ số (nhận được: "${String(raw)}")`,
          messageEn: `A personal identification number is exactly 12 digits (got "${String(raw)}")`,
        },
      ],
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
  const { birthDate, gender } = parseOrThrow(declaredIdentitySchema, declared, declaredCode);
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
          messageVi: `Chữ số thứ 4 cho biết sinh trong thế kỷ ${parsed.century}–${parsed.century + 99}, nhưng ngày sinh khai là ${birthDate}`,
          messageEn: `Digit 4 says born in ${parsed.century}–${parsed.century + 99}, but the declared birth date is ${birthDate}`,
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

/** Zod schema of a well-formed personal identification number (trimmed; province and digit 4 checked). */
export const personalIdSchema = z.string({ error: "personalId.format" }).check(
  z.trim(),
  z.superRefine((value, ctx) => {
    for (const p of analyse(value).problems) {
      ctx.addIssue({ code: "custom", message: "bilingual", params: { domainCode: p.code, vi: p.messageVi, en: p.messageEn } });
    }
  }),
);

export const genderSchema = z.enum(genders, { error: "gender" });

const declaredShape = {
  birthDate: z.nullish(isoDate),
  gender: z.nullish(genderSchema),
};
const declaredIdentitySchema = z.strictObject(declaredShape);

function declaredCode(issues: readonly IssueLike[]): IdentityErrorCode {
  const first = issues[0];
  if (!first || issues.some((i) => i.code === "unrecognized_keys")) return "IDENTITY.INVALID_INPUT";
  if (first.path[0] === "birthDate") return "IDENTITY.INVALID_BIRTH_DATE";
  if (first.path[0] === "gender") return "IDENTITY.INVALID_GENDER";
  return "IDENTITY.INVALID_INPUT";
}

export const checkPersonalIdInputSchema = z.strictObject({
  id: z.string({ error: "personalId.format" }),
  ...declaredShape,
});
