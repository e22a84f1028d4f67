import * as z from "zod/mini";
import type { DomainErrorCode } from "../errors.js";

export interface SocialInsuranceNumberCheck {
  valid: boolean;
  /** The trimmed number when valid, else null. */
  normalized: string | null;
  problems: Array<{ code: DomainErrorCode; messageVi: string; messageEn: string }>;
}

const MESSAGE_VI = "Mã số BHXH phải gồm đúng 10 chữ số";
const MESSAGE_EN = "A social-insurance number is exactly 10 digits";

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
        messageVi: `${MESSAGE_VI} (nhận được: "${String(value)}")`,
        messageEn: `${MESSAGE_EN} (got "${String(value)}")`,
      },
    ],
  };
}

export const socialInsuranceNumberSchema = z
  .string({ error: "socialInsuranceNumber.format" })
  .check(z.trim(), z.regex(/^\d{10}$/, { error: "socialInsuranceNumber.format" }));
