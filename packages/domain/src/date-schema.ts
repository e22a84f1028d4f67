/** The domain's ISO-date schema under the short name its modules use (defined once, in dates.ts). */
export { isoDateSchema as isoDate } from "./dates.js";
