/**
 * Identifiers: the personal identification number (số định danh cá nhân, 12 digits: province
 * of birth registration, century and gender, birth year, serial) and the social-insurance
 * number (mã số BHXH, 10 digits).
 */
export { parsePersonalId, checkPersonalId, genders } from "./personal-id.js";
export { personalIdSchema, genderSchema, checkPersonalIdInputSchema, socialInsuranceNumberSchema } from "./schemas.js";
export type { ParsedPersonalId, PersonalIdCheck, PersonalIdProblem, PersonalIdPart, DeclaredIdentity, Gender } from "./personal-id.js";
export { checkSocialInsuranceNumber } from "./social-insurance-number.js";
export type { SocialInsuranceNumberCheck } from "./social-insurance-number.js";
export { personalIdProvinces } from "./provinces.js";

/** Stable error codes of this module (thrown, or listed as problems). */
export { identityErrorCodes } from "../error-codes.js";
export type { IdentityErrorCode } from "../error-codes.js";
