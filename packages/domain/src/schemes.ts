/**
 * The two schemes the product enrols people in (docs/rules.md §2 and §3): one list for every module
 * (eligibility, outreach, the registry) and their names in both languages.
 */
import * as z from "zod/mini";

export const schemes = ["voluntary_social_insurance", "household_health_insurance"] as const;
export type Scheme = (typeof schemes)[number];

export const schemeNames: Record<Scheme, { vi: string; en: string }> = {
  voluntary_social_insurance: { vi: "BHXH tự nguyện", en: "voluntary social insurance" },
  household_health_insurance: { vi: "BHYT hộ gia đình", en: "household health insurance" },
};

/** A scheme (message key `scheme`). */
export const schemeSchema = z.enum(schemes, { error: "scheme" });
