import type { HouseholdMemberInput } from "../contributions/household-health.js";
import type { IsoDate } from "../dates.js";
import { parseOrThrow } from "../validation.js";
import { rankHouseholdMembersInputSchema, registryCode } from "./schemas.js";

/** A household member and the day they joined household health insurance. */
export interface HouseholdMemberJoin {
  id: string;
  /** The day the member joined (their payment's receipt date), `YYYY-MM-DD`. */
  joinedOn: IsoDate;
  /** The state budget pays part of this member's contribution: no reduction, but a rank like the others. */
  stateSupported?: boolean;
}

export interface RankedHouseholdMember {
  id: string;
  joinedOn: IsoDate;
  stateSupported: boolean;
  /** 1 for the first member to join in the year, 2 for the second, …, state-supported members included. */
  rank: number;
}

export interface HouseholdRanking {
  year: number;
  /** The year's members, by rank (join order). */
  members: RankedHouseholdMember[];
  /** Ids of members who joined in another year (not ranked here). */
  notInYear: string[];
  /** The same members as `householdHealthContribution` takes them: each with its rank and `stateSupported`. */
  contributionMembers: HouseholdMemberInput[];
}

/**
 * Ranks a household's members for household health insurance (docs/rules.md §3): in the order they
 * join within the calendar year `year`, the first member is 1 (100%), the second 2 (70%), then
 * 3 (60%), 4 (50%), 5 and later (40%). A member the state budget partly pays for keeps the rank
 * of their place in that order but gets no reduction (100%), and the others are not shifted:
 * docs/rules.md ranks every member by join order and only removes the reduction where the state pays
 * part (as `householdHealthContribution` prices them). Members who joined on the same day keep the order they are
 * given in (list them in the order they were entered). Members who joined in another year are
 * listed in `notInYear`, not ranked. Throws `REGISTRY.INVALID_YEAR`, `REGISTRY.INVALID_DATE`,
 * `REGISTRY.DUPLICATE_MEMBER` (the same id twice) or `REGISTRY.INVALID_INPUT` (not a list of
 * `{ id, joinedOn, stateSupported? }`, an unknown key).
 */
export function rankHouseholdMembers(members: readonly HouseholdMemberJoin[], year: number): HouseholdRanking {
  const args = parseOrThrow(rankHouseholdMembersInputSchema, { members, year }, registryCode);
  members = args.members;
  const prefix = String(year).padStart(4, "0");
  const inYear = members
    .map((m, index) => ({ m, index }))
    .filter(({ m }) => m.joinedOn.startsWith(`${prefix}-`))
    .sort((a, b) => (a.m.joinedOn < b.m.joinedOn ? -1 : a.m.joinedOn > b.m.joinedOn ? 1 : a.index - b.index))
    .map(({ m }) => m);
  const ranked: RankedHouseholdMember[] = inYear.map((m, i) => ({ id: m.id, joinedOn: m.joinedOn, stateSupported: m.stateSupported === true, rank: i + 1 }));
  return {
    year,
    members: ranked,
    notInYear: members.filter((m) => !m.joinedOn.startsWith(`${prefix}-`)).map((m) => m.id),
    contributionMembers: ranked.map((m) => ({ id: m.id, rank: m.rank, stateSupported: m.stateSupported })),
  };
}
