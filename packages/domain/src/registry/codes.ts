/**
 * The stable codes of the registry module (defined with every other module's codes in
 * `error-codes.ts`, so `DomainError#code` is typed): problems listed by the row and duplicate
 * checks, and errors thrown as `DomainError`. Part of the public contract; never rename one.
 */
import type { RegistryCode } from "../error-codes.js";

export { registryCodes } from "../error-codes.js";
export type { RegistryCode } from "../error-codes.js";
/**
 * One problem found in data (a row of an agent's list, a phone number): which field, a stable
 * code, and what to tell people in Vietnamese and in English — two separate strings, never one
 * joined string. `details` holds the figures behind the message (expected / actual amounts, …).
 */
export interface RegistryProblem {
  field: string;
  code: RegistryCode;
  vi: string;
  en: string;
  details?: Record<string, unknown>;
}
