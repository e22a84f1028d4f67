/**
 * `@ansinh/domain`: `withRates(table)` (every rates-dependent function bound to one table) and
 * the error type. The rules themselves are imported by subpath (`@ansinh/domain/contributions`,
 * `/rates`, `/eligibility`, …), so an app loads only what it uses.
 */
export { withRates } from "./with-rates.js";
export type { Bound, RatesBoundApi } from "./with-rates.js";
export { DomainError, isDomainError } from "./errors.js";
export type { DomainErrorCode, DomainIssue } from "./errors.js";
