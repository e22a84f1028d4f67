/**
 * The support group of a voluntary participant as an agent's list states it (docs/rules.md §4b: the
 * "đối tượng" column — hộ nghèo, hộ cận nghèo, dân tộc thiểu số, khác), and the groups a line may
 * be priced with when the list does not say. Pure, no I/O.
 */
import { argumentError } from "../argument-error.js";
import { DomainError } from "../errors.js";
import { isRecord } from "../own-data.js";
import { supportGroupNames, supportGroups, type SupportGroup } from "../rates/types.js";
import { normaliseName } from "./names.js";

/** A programming error (not bad data): what a caller passed is not what the function takes. */
export function invalidInput(what: string): never {
  throw new DomainError("REGISTRY.INVALID_INPUT", `Tham số không hợp lệ: ${what}`, `Invalid argument: ${what}`);
}
const groupList = (groups: unknown): readonly SupportGroup[] =>
  Array.isArray(groups) && groups.every((g) => (supportGroups as readonly unknown[]).includes(g))
    ? (groups as SupportGroup[])
    : invalidInput("groups must be a list of support groups");

/** Kinh, the majority: by name, or by its code 01 on the statistics office's list of 54 ethnic groups. */
const KINH: readonly string[] = ["kinh", "01", "1"];

/** Whether a stated ethnicity is an ethnic minority (given, and not Kinh by name or code). */
export function isEthnicMinority(ethnicity: string | null | undefined): boolean {
  const e = typeof ethnicity === "string" ? ethnicity.trim() : "";
  return e !== "" && !KINH.includes(normaliseName(e));
}

/** The words offices write in the group column (without diacritics, lower case), and the codes. */
const GROUP_WORDS: Readonly<Record<string, SupportGroup>> = {
  "ho ngheo": "poor",
  ngheo: "poor",
  poor: "poor",
  hn: "poor",
  "ho can ngheo": "near_poor",
  "can ngheo": "near_poor",
  near_poor: "near_poor",
  "near poor": "near_poor",
  "near-poor": "near_poor",
  hcn: "near_poor",
  "dan toc thieu so": "ethnic_minority",
  "nguoi dan toc thieu so": "ethnic_minority",
  dtts: "ethnic_minority",
  ethnic_minority: "ethnic_minority",
  "ethnic minority": "ethnic_minority",
  "xa dao": "island",
  "dac khu": "island",
  "xa dao, dac khu": "island",
  island: "island",
  khac: "other",
  "doi tuong khac": "other",
  other: "other",
};

/**
 * The groups a cell states: one or more of the words above, separated by `,`, `;`, `+` or `/`
 * ("Hộ cận nghèo", "DTTS; hộ nghèo", "near_poor"). "khác"/"other" alone is no group (`[]`).
 * An empty cell is `null` (the list does not say: the group is inferred from the amount); a cell
 * with a word that is not a group is `undefined` (the line is refused).
 */
export function parseSupportGroupCell(text: string): SupportGroup[] | null | undefined {
  if (typeof text !== "string") return text == null ? null : undefined;
  const t = text.trim();
  if (t === "") return null;
  const whole = GROUP_WORDS[normaliseName(t)];
  const parts = whole ? [whole] : t.split(/[,;+/]/).map((p) => GROUP_WORDS[normaliseName(p)]);
  if (parts.some((p) => p === undefined)) return undefined;
  const set = new Set(parts as SupportGroup[]);
  return supportGroups.filter((g) => g !== "other" && set.has(g));
}

/** The groups a person is priced with: those stated, with `ethnic_minority` added for a non-Kinh ethnicity. */
export function pricedGroups(stated: readonly SupportGroup[], ethnicity: string | null | undefined): SupportGroup[] {
  const set = new Set<SupportGroup>(groupList(stated).filter((g) => g !== "other"));
  if (isEthnicMinority(ethnicity)) set.add("ethnic_minority");
  return supportGroups.filter((g) => set.has(g));
}

/**
 * What a list without the group column may mean, least claiming first: no group, near-poor,
 * poor (the ethnicity adds `ethnic_minority` to each). Island communes are never inferred: they
 * follow the commune, not the amount.
 */
export function supportGroupCandidates(ethnicity: string | null | undefined): SupportGroup[][] {
  return [[], ["near_poor" as const], ["poor" as const]].map((g) => pricedGroups(g, ethnicity));
}

/** "hộ cận nghèo, người dân tộc thiểu số" / "near-poor household, ethnic minority"; no group: "đối tượng khác". */
export function supportGroupsLabel(groups: readonly SupportGroup[], lang: "vi" | "en"): string {
  const list = groupList(groups).length === 0 ? ["other" as const] : groups;
  return list.map((g) => supportGroupNames[g][lang === "en" ? "en" : "vi"]).join(", ");
}

/**
 * The groups whose claim needs evidence: a poor or near-poor household is on the
 * commune's certified list, or holds a certificate; the claim lowers the amount, so without its
 * evidence it is the collector's word alone. Ethnicity and island communes follow the person's
 * record and the commune, not a paper.
 */
export const EVIDENCED_GROUPS: readonly SupportGroup[] = ["poor", "near_poor"];

/**
 * Whether an enrolment's support claim lacks its evidence: it claims a group of
 * `EVIDENCED_GROUPS` (stated by the collector or inferred from the amount paid) and carries no
 * evidence (none, or only blanks). The registry's "claims without evidence" filter is this, in SQL.
 */
export function claimLacksEvidence(enrolment: { supportGroups: readonly string[] | null | undefined; supportEvidence: string | null | undefined }): boolean {
  if (!isRecord(enrolment)) {
    throw argumentError(
      "REGISTRY.INVALID_INPUT",
      ["enrolment"],
      { vi: "một đăng ký { supportGroups, supportEvidence }", en: "an enrolment { supportGroups, supportEvidence }" },
      enrolment,
    );
  }
  if (enrolment.supportGroups != null && !Array.isArray(enrolment.supportGroups)) {
    throw argumentError(
      "REGISTRY.INVALID_INPUT",
      ["supportGroups"],
      { vi: "một danh sách nhóm đối tượng", en: "a list of support groups" },
      enrolment.supportGroups,
    );
  }
  const groups = enrolment.supportGroups ?? [];
  if (!groups.some((g) => (EVIDENCED_GROUPS as readonly string[]).includes(g))) return false;
  return typeof enrolment.supportEvidence !== "string" || enrolment.supportEvidence.trim() === "";
}
