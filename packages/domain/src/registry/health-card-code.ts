import { DomainError } from "../errors.js";
import { personalIdProvinces } from "../identity/provinces.js";
import { parseOrThrow } from "../validation.js";
import type { RegistryCode } from "./codes.js";
import { healthCardCodePartsSchema, registryCode } from "./schemas.js";

/** Participant group of household health insurance on the card (hộ gia đình). */
export const HOUSEHOLD_CARD_GROUP = "GD";
/** Benefit level printed on household cards (docs/rules.md §4). */
export const HOUSEHOLD_BENEFIT_LEVEL = 4;

export interface HealthCardCodeParts {
  /** Two capital letters: the participant group (`GD` = household health insurance). */
  group: string;
  /** One digit, 1–5: the benefit level (household cards: 4). */
  benefitLevel: number;
  /** Two digits: the issuing province, pre-2025 code (Kiên Giang `91`). */
  provinceCode: string;
  /** The 10-digit social-insurance number. */
  socialInsuranceNumber: string;
}

export interface ParsedHealthCardCode extends HealthCardCodeParts {
  /** The 15 characters, upper case, no spaces. */
  code: string;
}

/** The two-digit pre-2025 province codes (the personal-ID list without its leading 0). */
const PROVINCES_2: ReadonlyMap<string, string> = new Map([...personalIdProvinces].map(([k, v]) => [k.slice(1), v]));

function fail(code: RegistryCode, path: (string | number)[], vi: string, en: string, details: Record<string, unknown>): never {
  throw new DomainError(code, [{ path, vi, en }], details);
}

function checkParts(p: HealthCardCodeParts): void {
  if (typeof p.group !== "string" || !/^[A-Z]{2}$/.test(p.group)) {
    fail(
      "REGISTRY.HEALTH_CARD_GROUP_INVALID",
      ["group"],
      `Mã đối tượng trên thẻ BHYT phải gồm 2 chữ in hoa (nhận được: "${String(p.group)}")`,
      `The participant group on a health card is 2 capital letters (got "${String(p.group)}")`,
      { group: p.group },
    );
  }
  const levelOk =
    Number.isInteger(p.benefitLevel) &&
    p.benefitLevel >= 1 &&
    p.benefitLevel <= 5 &&
    (p.group !== HOUSEHOLD_CARD_GROUP || p.benefitLevel === HOUSEHOLD_BENEFIT_LEVEL);
  if (!levelOk) {
    fail(
      "REGISTRY.HEALTH_CARD_BENEFIT_LEVEL_INVALID",
      ["benefitLevel"],
      p.group === HOUSEHOLD_CARD_GROUP
        ? `Thẻ BHYT hộ gia đình (GD) có mức hưởng ${HOUSEHOLD_BENEFIT_LEVEL} (nhận được: ${String(p.benefitLevel)})`
        : `Mức hưởng trên thẻ BHYT là một chữ số từ 1 đến 5 (nhận được: ${String(p.benefitLevel)})`,
      p.group === HOUSEHOLD_CARD_GROUP
        ? `Household (GD) cards have benefit level ${HOUSEHOLD_BENEFIT_LEVEL} (got ${String(p.benefitLevel)})`
        : `The benefit level on a health card is one digit from 1 to 5 (got ${String(p.benefitLevel)})`,
      { group: p.group, benefitLevel: p.benefitLevel },
    );
  }
  if (typeof p.provinceCode !== "string" || !PROVINCES_2.has(p.provinceCode)) {
    fail(
      "REGISTRY.HEALTH_CARD_PROVINCE_UNKNOWN",
      ["provinceCode"],
      `Mã tỉnh cấp thẻ "${String(p.provinceCode)}" không thuộc danh sách 63 tỉnh, thành phố (mã 2 chữ số trước 2025)`,
      `Issuing province "${String(p.provinceCode)}" is not one of the 63 pre-2025 two-digit province codes`,
      { provinceCode: p.provinceCode },
    );
  }
  if (typeof p.socialInsuranceNumber !== "string" || !/^\d{10}$/.test(p.socialInsuranceNumber)) {
    fail(
      "REGISTRY.HEALTH_CARD_CODE_MALFORMED",
      ["socialInsuranceNumber"],
      `Mã số BHXH trên thẻ phải gồm đúng 10 chữ số (nhận được: "${String(p.socialInsuranceNumber)}")`,
      `The social-insurance number on a card is exactly 10 digits (got "${String(p.socialInsuranceNumber)}")`,
      { socialInsuranceNumber: p.socialInsuranceNumber },
    );
  }
}

/**
 * The 15-character health-insurance card code (mã thẻ BHYT, Decision 1351/QĐ-BHXH, docs/rules.md §4):
 * group (2 letters) + benefit level (1 digit) + issuing province (2 digits, pre-2025 code) +
 * social-insurance number (10 digits). `healthCardCode({ group: "GD", benefitLevel: 4,
 * provinceCode: "91", socialInsuranceNumber: "9123456789" })` → `"GD4919123456789"`.
 * Household cards (`GD`) must have benefit level 4. Derived, never typed by a user.
 * Throws `DomainError` `REGISTRY.HEALTH_CARD_*` (the path names the part), or
 * `REGISTRY.INVALID_INPUT` (not an object, an unknown key).
 */
export function healthCardCode(parts: HealthCardCodeParts): string {
  parts = parseOrThrow(healthCardCodePartsSchema, parts, registryCode);
  checkParts(parts);
  return `${parts.group}${parts.benefitLevel}${parts.provinceCode}${parts.socialInsuranceNumber}`;
}

/**
 * Reads a 15-character card code as printed or typed (spaces and hyphens ignored, any case):
 * `parseHealthCardCode("gd4 91 9123456789")` → `{ group: "GD", benefitLevel: 4,
 * provinceCode: "91", socialInsuranceNumber: "9123456789", code: "GD4919123456789" }`.
 * Throws `DomainError` `REGISTRY.HEALTH_CARD_CODE_MALFORMED` (not 2 letters + 13 digits), or
 * the part's code as `healthCardCode` does.
 */
export function parseHealthCardCode(text: string): ParsedHealthCardCode {
  const code = typeof text === "string" ? text.replace(/[\s-]/g, "").toUpperCase() : "";
  const m = /^([A-Z]{2})(\d)(\d{2})(\d{10})$/.exec(code);
  if (!m) {
    fail(
      "REGISTRY.HEALTH_CARD_CODE_MALFORMED",
      [],
      `Mã thẻ BHYT phải gồm 15 ký tự: 2 chữ cái rồi 13 chữ số (nhận được: "${String(text)}")`,
      `A health-insurance card code is 15 characters: 2 letters then 13 digits (got "${String(text)}")`,
      { code: text },
    );
  }
  const parts: HealthCardCodeParts = { group: m[1]!, benefitLevel: Number(m[2]), provinceCode: m[3]!, socialInsuranceNumber: m[4]! };
  checkParts(parts);
  return { ...parts, code };
}

/** True when `text` (spaces and hyphens ignored) is a valid 15-character card code. */
export function isHealthCardCode(text: string): boolean {
  try {
    parseHealthCardCode(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * True when `code` is an initial health-care facility code (mã nơi đăng ký KCB ban đầu): exactly
 * 5 digits, the first two one of the 63 pre-2025 province codes (every post-2025 province kept
 * one of them), the last three the facility (`89006`, `91012`). Whether the facility exists is a
 * question for the reference list, not for this function.
 */
export function isFacilityCode(code: string): boolean {
  return typeof code === "string" && /^\d{5}$/.test(code) && PROVINCES_2.has(code.slice(0, 2));
}

/**
 * The province of a facility code: `{ code: "89", name: "An Giang" }` for `89006` (the name from
 * the pre-2025 list, the era facility codes were issued in), or null when `code` is not one.
 */
export function facilityProvince(code: string): { code: string; name: string } | null {
  if (!isFacilityCode(code)) return null;
  const p = code.slice(0, 2);
  return { code: p, name: PROVINCES_2.get(p)! };
}
