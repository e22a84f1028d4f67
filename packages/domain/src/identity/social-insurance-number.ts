import { describeValue } from "../argument-error.js";
import type { DomainErrorCode } from "../errors.js";

export interface SocialInsuranceNumberCheck {
  valid: boolean;
  /** The trimmed number when valid, else null. */
  normalized: string | null;
  problems: Array<{ code: DomainErrorCode; messageVi: string; messageEn: string }>;
}

/**
 * Checks a social-insurance number (mã số BHXH): 10 digits, otherwise opaque. Surrounding
 * spaces are ignored. Never throws.
 */
export function checkSocialInsuranceNumber(value: string): SocialInsuranceNumberCheck {
  const s = typeof value === "string" ? value.trim() : "";
  if (/^\d{10}$/.test(s)) return { valid: true, normalized: s, problems: [] };
  return {
    valid: false,
    normalized: null,
    problems: [
      {
        code: "IDENTITY.SOCIAL_INSURANCE_NUMBER_MALFORMED",
        // A number is refused: it is not a string of digits, and loses a leading zero.
        messageVi: `Mã số BHXH là chuỗi đúng 10 chữ số (nhận được: ${describeValue(value).vi})`,
        messageEn: `A social-insurance number is a string of exactly 10 digits (got ${describeValue(value).en})`,
      },
    ],
  };
}
