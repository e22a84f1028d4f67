/**
 * The contribution commands checked without zod: every field, unknown (misspelt) keys refused
 * with the known key they are closest to, only own properties read. Each function returns the
 * command as plain data (a fresh object of the known fields) or throws the coded `DomainError`
 * with every issue, exactly as `voluntaryContributionInputSchema` … would refuse the input (a
 * property test keeps them in step); only the codes are finer (a negative income is below the
 * floor, 1e20 is too large).
 */
import { checkBoolean, checkDate, checkMoney, checkOneOf, checkWhole, report, unknownKeys, type Issues } from "../check.js";
import type { IsoDate } from "../dates.js";
import { DomainError } from "../errors.js";
import { baseMessages, renderIssues } from "../messages.js";
import { isRecord, own } from "../own-data.js";
import { supportGroups, type RatesTable, type SupportGroup } from "../rates/types.js";
import { contributionCode } from "./common.js";
import {
  ADVANCE_MAX_YEARS,
  ADVANCE_MIN_YEARS,
  householdMonths,
  MAX_HOUSEHOLD_MEMBERS,
  MAX_MONTHLY_RETURN_RATE,
  MAX_SUPPORTED_MONTHS_USED,
  periodicMonths,
  type HouseholdMonths,
  type PeriodicMonths,
} from "./constants.js";
import { householdMessages, voluntaryMessages } from "./messages.js";

type Catalogue = Parameters<typeof renderIssues>[1]["catalogue"];

/** A payment plan as checked. */
export type CheckedPlan = { kind: "periodic"; months: PeriodicMonths } | { kind: "advance"; years: number; monthlyReturnRate: number };

/** A voluntary contribution command as checked: the input's own known fields, nothing else. */
export interface VoluntaryCommand {
  paymentDate: IsoDate;
  monthlyIncome: number;
  supportGroups: SupportGroup[];
  plan: CheckedPlan;
  supportedMonthsUsed?: number;
  localSupportPerMonth?: number;
  rates?: RatesTable;
}

export interface HouseholdCommand {
  paymentDate: IsoDate;
  members: number | { rank: number; stateSupported?: boolean; id?: string }[];
  months: HouseholdMonths;
  stateSupported?: boolean;
  rates?: RatesTable;
}

export interface HealthCardCommand {
  paymentDate: IsoDate;
  previousCardEnd?: IsoDate | null;
  rates?: RatesTable;
}

function fail(issues: Issues, input: unknown, messages: Catalogue): never {
  throw new DomainError(contributionCode(issues), renderIssues(issues, { input, catalogue: { ...baseMessages, ...messages } }), {
    issues: issues.map((i) => ({ code: i.code, path: i.path, message: i.message })),
  });
}

/** The root: an object (else one issue at []), or nothing else is checked. */
function root(input: unknown, out: Issues): input is Record<string, unknown> {
  if (isRecord(input)) return true;
  out.push({ code: "invalid_type", expected: "object", path: [], message: "", input });
  return false;
}

function checkRates(o: Record<string, unknown>, out: Issues): void {
  const rates = own(o, "rates");
  if (rates !== undefined && !Array.isArray(rates)) report(out, "custom", ["rates"], "rates", rates);
}

function checkPlan(plan: unknown, out: Issues): void {
  const path = ["plan"];
  if (!isRecord(plan)) {
    report(out, "invalid_type", path, "plan", plan);
    return;
  }
  const kind = own(plan, "kind");
  if (kind === "periodic") {
    checkOneOf(own(plan, "months"), periodicMonths, ["plan", "months"], out, "plan.months");
    unknownKeys(plan, ["kind", "months"], path, out);
  } else if (kind === "advance") {
    checkWhole(own(plan, "years"), ["plan", "years"], out, "plan.years", ADVANCE_MIN_YEARS, ADVANCE_MAX_YEARS);
    const r = own(plan, "monthlyReturnRate");
    if (typeof r !== "number") report(out, "invalid_type", ["plan", "monthlyReturnRate"], "plan.rate", r);
    else if (!(r >= 0 && r <= MAX_MONTHLY_RETURN_RATE)) report(out, "custom", ["plan", "monthlyReturnRate"], "plan.rate", r);
    unknownKeys(plan, ["kind", "years", "monthlyReturnRate"], path, out);
  } else {
    report(out, "invalid_union", ["plan", "kind"], "plan", kind);
  }
}

const voluntaryKeys = ["paymentDate", "monthlyIncome", "supportGroups", "plan", "supportedMonthsUsed", "localSupportPerMonth", "rates"];

/** The issues of a voluntary contribution command (none: it is well formed). */
export function voluntaryIssues(input: unknown, keys: readonly string[] = voluntaryKeys): Issues {
  const out: Issues = [];
  if (!root(input, out)) return out;
  checkDate(own(input, "paymentDate"), ["paymentDate"], out);
  const income = own(input, "monthlyIncome");
  if (typeof income === "number" && Number.isInteger(income) && income <= 0) {
    // Below every floor: the floor's code, not "not an integer".
    report(out, "custom", ["monthlyIncome"], "income", income, { code: "CONTRIBUTION.INCOME_BELOW_FLOOR" });
  } else {
    checkMoney(income, ["monthlyIncome"], out, "income", 1, "CONTRIBUTION.AMOUNT_TOO_LARGE");
  }
  const groups = own(input, "supportGroups");
  if (!Array.isArray(groups)) {
    report(out, "invalid_type", ["supportGroups"], "supportGroups", groups);
  } else {
    groups.forEach((g, i) => checkOneOf(g, supportGroups, ["supportGroups", i], out, "supportGroup"));
    if (groups.length > supportGroups.length) report(out, "too_big", ["supportGroups"], "supportGroups.tooMany", groups);
  }
  checkPlan(own(input, "plan"), out);
  const used = own(input, "supportedMonthsUsed");
  if (used !== undefined) checkWhole(used, ["supportedMonthsUsed"], out, "monthsUsed", 0, MAX_SUPPORTED_MONTHS_USED);
  const local = own(input, "localSupportPerMonth");
  if (local !== undefined) checkMoney(local, ["localSupportPerMonth"], out, "money", 0, "CONTRIBUTION.AMOUNT_TOO_LARGE");
  if (keys.includes("rates")) checkRates(input, out);
  unknownKeys(input, keys, [], out);
  return out;
}

/** The voluntary contribution command, checked (throws `CONTRIBUTION.*`). */
export function checkVoluntaryCommand(input: unknown): VoluntaryCommand {
  const issues = voluntaryIssues(input);
  if (issues.length > 0) fail(issues, input, voluntaryMessages);
  const o = input as Record<string, unknown>;
  const plan = own(o, "plan") as Record<string, unknown>;
  const command: VoluntaryCommand = {
    paymentDate: own(o, "paymentDate") as IsoDate,
    monthlyIncome: own(o, "monthlyIncome") as number,
    supportGroups: [...(own(o, "supportGroups") as SupportGroup[])],
    plan:
      own(plan, "kind") === "periodic"
        ? { kind: "periodic", months: own(plan, "months") as PeriodicMonths }
        : { kind: "advance", years: own(plan, "years") as number, monthlyReturnRate: own(plan, "monthlyReturnRate") as number },
  };
  for (const k of ["supportedMonthsUsed", "localSupportPerMonth", "rates"] as const) {
    const v = own(o, k);
    if (v !== undefined) (command as unknown as Record<string, unknown>)[k] = v;
  }
  return command;
}

const memberKeys = ["rank", "stateSupported", "id"];

function checkMembers(members: unknown, out: Issues): void {
  const path = ["members"];
  if (typeof members === "number") {
    checkWhole(members, path, out, "household.members", 1, MAX_HOUSEHOLD_MEMBERS);
    return;
  }
  if (!Array.isArray(members) || members.length < 1 || members.length > MAX_HOUSEHOLD_MEMBERS) {
    report(out, "invalid_union", path, "household.members", members);
    return;
  }
  const ranks = new Set<unknown>();
  const ids = new Set<unknown>();
  members.forEach((m: unknown, i) => {
    if (!isRecord(m)) {
      report(out, "invalid_type", ["members", i], "household.member", m);
      return;
    }
    const rank = own(m, "rank");
    if (checkWhole(rank, ["members", i, "rank"], out, "household.rank", 1, Number.MAX_SAFE_INTEGER)) {
      if (ranks.has(rank)) report(out, "custom", ["members", i, "rank"], "household.duplicateRank", rank, { code: "CONTRIBUTION.DUPLICATE_MEMBER_RANK" });
      ranks.add(rank);
    }
    const supported = own(m, "stateSupported");
    if (supported !== undefined) checkBoolean(supported, ["members", i, "stateSupported"], out);
    const id = own(m, "id");
    if (id !== undefined) {
      if (typeof id !== "string") report(out, "invalid_type", ["members", i, "id"], "household.id", id);
      else {
        if (ids.has(id)) report(out, "custom", ["members", i, "id"], "household.duplicateId", id, { code: "CONTRIBUTION.DUPLICATE_MEMBER_ID" });
        ids.add(id);
      }
    }
    unknownKeys(m, memberKeys, ["members", i], out);
  });
}

const householdKeys = ["paymentDate", "members", "months", "stateSupported", "rates"];

/** The issues of a household health-insurance command (none: it is well formed). */
export function householdIssues(input: unknown, keys: readonly string[] = householdKeys): Issues {
  const out: Issues = [];
  if (!root(input, out)) return out;
  checkDate(own(input, "paymentDate"), ["paymentDate"], out);
  checkMembers(own(input, "members"), out);
  checkOneOf(own(input, "months"), householdMonths, ["months"], out, "household.months");
  const supported = own(input, "stateSupported");
  if (supported !== undefined) checkBoolean(supported, ["stateSupported"], out);
  if (keys.includes("rates")) checkRates(input, out);
  unknownKeys(input, keys, [], out);
  return out;
}

/** The household command, checked (throws `CONTRIBUTION.*`). */
export function checkHouseholdCommand(input: unknown): HouseholdCommand {
  const issues = householdIssues(input);
  if (issues.length > 0) fail(issues, input, householdMessages);
  const o = input as Record<string, unknown>;
  const members = own(o, "members") as HouseholdCommand["members"];
  const command: HouseholdCommand = {
    paymentDate: own(o, "paymentDate") as IsoDate,
    members:
      typeof members === "number"
        ? members
        : members.map((m) => {
            const out: { rank: number; stateSupported?: boolean; id?: string } = { rank: own(m, "rank") as number };
            for (const k of ["stateSupported", "id"] as const) {
              const v = own(m, k);
              if (v !== undefined) (out as Record<string, unknown>)[k] = v;
            }
            return out;
          }),
    months: own(o, "months") as HouseholdMonths,
  };
  for (const k of ["stateSupported", "rates"] as const) {
    const v = own(o, k);
    if (v !== undefined) (command as unknown as Record<string, unknown>)[k] = v;
  }
  return command;
}

const cardKeys = ["paymentDate", "previousCardEnd", "rates"];

/** The issues of a health-card start command (none: it is well formed). */
export function healthCardIssues(input: unknown, keys: readonly string[] = cardKeys): Issues {
  const out: Issues = [];
  if (!root(input, out)) return out;
  checkDate(own(input, "paymentDate"), ["paymentDate"], out);
  const end = own(input, "previousCardEnd");
  if (end != null) checkDate(end, ["previousCardEnd"], out);
  if (keys.includes("rates")) checkRates(input, out);
  unknownKeys(input, keys, [], out);
  return out;
}

/** The health-card start command, checked (throws `CONTRIBUTION.*`). */
export function checkHealthCardCommand(input: unknown): HealthCardCommand {
  const issues = healthCardIssues(input);
  if (issues.length > 0) fail(issues, input, householdMessages);
  const o = input as Record<string, unknown>;
  const end = own(o, "previousCardEnd") as IsoDate | null | undefined;
  const rates = own(o, "rates") as RatesTable | undefined;
  return { paymentDate: own(o, "paymentDate") as IsoDate, ...(end == null ? {} : { previousCardEnd: end }), ...(rates === undefined ? {} : { rates }) };
}
