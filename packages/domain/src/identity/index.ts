/**
 * Identifiers: the personal identification number (số định danh cá nhân, 12 digits: province
 * of birth registration, century and gender, birth year, serial) and the social-insurance
 * number (mã số BHXH, 10 digits).
 */
export { parsePersonalId, checkPersonalId, personalIdSchema, genderSchema, genders, checkPersonalIdInputSchema } from "./personal-id.js";
export type {
  ParsedPersonalId,
  PersonalIdCheck,
  PersonalIdProblem,
  PersonalIdPart,
  DeclaredIdentity,
  Gender,
} from "./personal-id.js";
export { checkSocialInsuranceNumber, socialInsuranceNumberSchema } from "./social-insurance-number.js";
export type { SocialInsuranceNumberCheck } from "./social-insurance-number.js";
export { personalIdProvinces } from "./provinces.js";

/** Stable error codes of this module (thrown, or listed as problems). */
export { identityErrorCodes } from "../error-codes.js";
export type { IdentityErrorCode } from "../error-codes.js";
