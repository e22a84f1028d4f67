/**
 * The demo registry's people, households, enrolments and payments, generated deterministically
 * (a seeded PRNG: the same list on every machine and every start). Names are drawn from lists of
 * common Vietnamese family, middle and given names: they name nobody in particular. Personal IDs
 * follow the 12-digit rule (birth-registration province, century and gender digit, two-digit birth
 * year, serial); phones are mobile numbers of the usual prefixes; amounts are left to the domain.
 *
 * Figures behind U Minh Thượng's 2020 report: 366 new voluntary social-insurance participants
 * (80 through the district Women's Union chapter, 286 through the district post office) and 463
 * household health-insurance enrolments (all through the Women's Union chapter). A handful of
 * 2026 enrolments in An Giang's communes that took in U Minh Thượng show the post-2025 era.
 */
import type { DemoAgentKey } from "@ansinh/db";
import { addDays, type IsoDate } from "@ansinh/domain/dates";
import type { Scheme } from "@ansinh/domain/eligibility";
import type { Gender } from "@ansinh/domain/identity";
import { periodEnd, voluntaryStartDate, worklistWindow, type ContactOutcome } from "@ansinh/domain/registry";
import { familyNames, givenNames, int, khmerFamilyNames, middleNames, mobilePrefixes, one, pad, pick, prng, type Weighted } from "./vietnamese-names.js";

export { prng };

export const DEMO_COUNTS = { voluntaryWomensUnion: 80, voluntaryPostOffice: 286, householdMembers: 463 } as const;

/** Birth-registration provinces (pre-2025 codes): Kiên Giang for most, neighbours for some. */
const birthProvinces: Weighted<string> = [
  ["091", 88],
  ["089", 4],
  ["096", 3],
  ["094", 3],
  ["092", 2],
];

/** U Minh Thượng's communes (2020) and the post-2025 communes that took them in. */
export const communes2020 = ["31012", "31015", "31027", "31054", "31057", "31066"] as const;
export const communes2026 = ["31027", "31012"] as const;
/** The commune health stations of ./registry-demo (facility per 2020 commune), else the district centre. */
const stationOf: Record<string, string> = { "31012": "91131", "31015": "91132", "31027": "91133", "31054": "91134", "31057": "91135", "31066": "91136" };
const DISTRICT_CENTRE = "91013";

/** Receipts by month of 2020: steady, with the peak of the mobilisation month (October). */
const monthWeights2020: Weighted<number> = [
  [1, 6],
  [2, 5],
  [3, 8],
  [4, 6],
  [5, 7],
  [6, 8],
  [7, 7],
  [8, 8],
  [9, 10],
  [10, 18],
  [11, 10],
  [12, 7],
];

export interface DemoPerson {
  personalId: string;
  fullName: string;
  birthDate: string;
  gender: Gender;
  ethnicity: string;
  phone: string | null;
  communeCode: string;
  householdCode: string | null;
  relationship: string | null;
}

export interface DemoRecord {
  agent: DemoAgentKey;
  /** Whether the post office's demo collector took it (set when that account exists). */
  byCollector: boolean;
  participant: DemoPerson;
  scheme: Scheme;
  startMonth: string | null;
  months: number;
  monthlyIncome: number | null;
  supportGroups: ("poor" | "near_poor" | "other")[];
  householdRank: number | null;
  facilityCode: string | null;
  receiptDate: string;
  receiptNumber: string;
  /** A further payment of someone already recorded (the 2020 cohort paying in 2025–2026). */
  existing?: boolean;
}

function weekday(rnd: () => number, year: number, month: number, lastDay?: number): string {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  for (;;) {
    const d = int(rnd, 1, Math.min(days, lastDay ?? days));
    const dow = new Date(Date.UTC(year, month - 1, d)).getUTCDay();
    if (dow !== 0 && dow !== 6) return `${year}-${pad(month, 2)}-${pad(d, 2)}`;
  }
}

function birthDate(rnd: () => number, year: number): string {
  const m = int(rnd, 1, 12);
  const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${year}-${pad(m, 2)}-${pad(int(rnd, 1, days), 2)}`;
}

/** The generator's state: unique ID serials, household codes and receipt numbers. */
class Generator {
  private readonly ids = new Set<string>();
  private households = 0;
  private readonly receipts: Record<DemoAgentKey, number> = { womensUnion: 0, postOffice: 0, communePostOffice2026: 0, phuQuocPostOffice: 0 };
  constructor(readonly rnd: () => number) {}

  personalId(birth: string, gender: Gender): string {
    const year = Number(birth.slice(0, 4));
    const centuryDigit = (year >= 2000 ? 2 : 0) + (gender === "female" ? 1 : 0);
    const head = `${pick(this.rnd, birthProvinces)}${centuryDigit}${birth.slice(2, 4)}`;
    for (;;) {
      const id = `${head}${pad(int(this.rnd, 1, 999_999), 6)}`;
      if (!this.ids.has(id)) {
        this.ids.add(id);
        return id;
      }
    }
  }

  name(gender: Gender, family?: string): { fullName: string; family: string; khmer: boolean } {
    const khmer = family ? khmerFamilyNames.includes(family) : this.rnd() < 0.08;
    const fam = family ?? (khmer ? one(this.rnd, khmerFamilyNames) : pick(this.rnd, familyNames));
    const given = one(this.rnd, givenNames[gender]);
    // Khmer names here follow the usual Vietnamese-script pattern of the region (Danh Văn Tâm, Thạch Thị Nga).
    const middle = khmer ? (gender === "female" ? "Thị" : "Văn") : one(this.rnd, middleNames[gender]);
    return { fullName: `${fam} ${middle} ${given}`, family: fam, khmer };
  }

  phone(): string {
    return `${one(this.rnd, mobilePrefixes)}${pad(int(this.rnd, 0, 9_999_999), 7)}`;
  }

  person(o: { birthYear: number; gender: Gender; commune: string; family?: string; phone: boolean; household?: string; relationship?: string }): DemoPerson {
    const bd = birthDate(this.rnd, o.birthYear);
    const n = this.name(o.gender, o.family);
    return {
      personalId: this.personalId(bd, o.gender),
      fullName: n.fullName,
      birthDate: bd,
      gender: o.gender,
      ethnicity: n.khmer ? "Khmer" : this.rnd() < 0.02 ? "Hoa" : "Kinh",
      phone: o.phone ? this.phone() : null,
      communeCode: o.commune,
      householdCode: o.household ?? null,
      relationship: o.relationship ?? null,
    };
  }

  householdCode(): string {
    return `91${pad(13_000_000 + ++this.households, 8)}`;
  }

  receipt(agent: DemoAgentKey, year: number): string {
    const prefix = { womensUnion: "HPN", postOffice: "BĐ", communePostOffice2026: "BĐX", phuQuocPostOffice: "BĐPQ" }[agent];
    return `${prefix}-${year}-${pad(++this.receipts[agent], 5)}`;
  }

  voluntary(agent: DemoAgentKey, year: number, month: number, commune: string, lastDay?: number): DemoRecord {
    const gender: Gender = this.rnd() < 0.55 ? "female" : "male";
    const receiptDate = weekday(this.rnd, year, month, lastDay);
    const support = pick<"poor" | "near_poor" | "other">(this.rnd, [
      ["other", 80],
      ["near_poor", 13],
      ["poor", 7],
    ]);
    return {
      agent,
      byCollector: agent === "postOffice" && this.rnd() < 0.6,
      participant: this.person({ birthYear: year - int(this.rnd, 20, 58), gender, commune, phone: this.rnd() < 0.85 }),
      scheme: "voluntary_social_insurance",
      startMonth: receiptDate.slice(0, 7),
      months: pick(this.rnd, [
        [1, 30],
        [3, 30],
        [6, 20],
        [12, 20],
      ]),
      // Most choose the floor (the rural poverty line); some a higher income, in steps of 50,000 VND.
      monthlyIncome:
        year === 2020
          ? pick(this.rnd, [
              [700_000, 60],
              [1_000_000, 15],
              [1_500_000, 15],
              [2_000_000, 10],
            ])
          : pick(this.rnd, [
              [1_500_000, 70],
              [2_000_000, 20],
              [3_000_000, 10],
            ]),
      supportGroups: [support],
      householdRank: null,
      facilityCode: null,
      receiptDate,
      receiptNumber: this.receipt(agent, year),
    };
  }

  /** A household of `size` (1–6): a head, perhaps a spouse, children of 6 and over, perhaps a parent; all enrol on one day. */
  household(agent: DemoAgentKey, year: number, month: number, commune: string, size: number, facilityCode: string, lastDay?: number): DemoRecord[] {
    const code = this.householdCode();
    const receiptDate = weekday(this.rnd, year, month, lastDay);
    const headGender: Gender = this.rnd() < 0.7 ? "male" : "female";
    const headAge = int(this.rnd, 32, 62);
    const head = this.person({ birthYear: year - headAge, gender: headGender, commune, phone: true, household: code, relationship: "Chủ hộ" });
    const family = head.fullName.split(" ")[0]!;
    const members: DemoPerson[] = [head];
    if (size >= 2) {
      const g: Gender = headGender === "male" ? "female" : "male";
      // The spouse keeps their own family name.
      members.push(
        this.person({
          birthYear: year - headAge + int(this.rnd, -4, 6),
          gender: g,
          commune,
          phone: this.rnd() < 0.5,
          household: code,
          relationship: g === "female" ? "Vợ" : "Chồng",
        }),
      );
    }
    const parent = size >= 5 && this.rnd() < 0.6;
    const children = size - members.length - (parent ? 1 : 0);
    for (let i = 0; i < children; i++) {
      // Children under 6 are insured by the state, not through the household: 7 and over here.
      const age = Math.max(7, Math.min(headAge - 20, int(this.rnd, 7, headAge - 20)));
      members.push(
        this.person({
          birthYear: year - age,
          gender: this.rnd() < 0.5 ? "male" : "female",
          commune,
          family,
          phone: age >= 18 && this.rnd() < 0.4,
          household: code,
          relationship: "Con",
        }),
      );
    }
    if (parent) {
      const g: Gender = this.rnd() < 0.6 ? "female" : "male";
      members.push(
        this.person({
          birthYear: year - headAge - int(this.rnd, 22, 30),
          gender: g,
          commune,
          family: g === "male" ? family : undefined,
          phone: false,
          household: code,
          relationship: g === "female" ? "Mẹ" : "Cha",
        }),
      );
    }
    const months = pick(this.rnd, [
      [12, 85],
      [6, 10],
      [3, 5],
    ]);
    return members.map((p, i) => ({
      agent,
      byCollector: false,
      participant: p,
      scheme: "household_health_insurance" as const,
      startMonth: null,
      months,
      monthlyIncome: null,
      supportGroups: [],
      householdRank: i + 1,
      facilityCode,
      receiptDate,
      receiptNumber: this.receipt(agent, year),
    }));
  }
}

/**
 * The whole demo registry, in receipt order within each agent: 366 new voluntary participants
 * and 463 household health-insurance members in U Minh Thượng in 2020, then a handful of 2026
 * enrolments (6 voluntary, one household of 3) on the post-2025 communes, receipts up to `until2026`.
 */
export function generateDemoRegistry(seed = 2020, until2026 = "2026-10-31"): DemoRecord[] {
  return generateDemo(seed, until2026).records;
}

/** What a collector noted on one item (the person, the scheme and the day their cover ended). */
export interface DemoOutcome {
  personalId: string;
  scheme: "voluntary_social_insurance";
  coveredUntil: IsoDate;
  outcome: ContactOutcome;
  promisedOn: IsoDate | null;
  recordedOn: IsoDate;
}

/**
 * The demo registry and the contact outcomes behind its renewals and lapses. `today` (by default
 * the last receipt day) places the outcomes of the items due now: what the collector's worklist
 * shows this morning.
 */
export function generateDemo(seed = 2020, until2026 = "2026-10-31", today: IsoDate = until2026): { records: DemoRecord[]; outcomes: DemoOutcome[] } {
  const g = new Generator(prng(seed));
  const rnd = g.rnd;
  const commune = () => one(rnd, communes2020);
  const out: DemoRecord[] = [];
  for (let i = 0; i < DEMO_COUNTS.voluntaryWomensUnion; i++) out.push(g.voluntary("womensUnion", 2020, pick(rnd, monthWeights2020), commune()));
  for (let i = 0; i < DEMO_COUNTS.voluntaryPostOffice; i++) out.push(g.voluntary("postOffice", 2020, pick(rnd, monthWeights2020), commune()));
  let left = DEMO_COUNTS.householdMembers;
  while (left > 0) {
    const size = Math.min(
      left,
      pick(rnd, [
        [1, 8],
        [2, 14],
        [3, 22],
        [4, 28],
        [5, 18],
        [6, 10],
      ]),
    );
    const c = commune();
    out.push(...g.household("womensUnion", 2020, pick(rnd, monthWeights2020), c, size, rnd() < 0.8 ? stationOf[c]! : DISTRICT_CENTRE));
    left -= size;
  }
  // 2026: the commune post office of U Minh Thượng (An Giang since 2025-07-01).
  const lastMonth = Number(until2026.slice(5, 7));
  const lastDay = Number(until2026.slice(8, 10));
  const month2026 = () => int(rnd, 1, lastMonth);
  for (let i = 0; i < 6; i++) {
    const m = month2026();
    out.push(g.voluntary("communePostOffice2026", 2026, m, one(rnd, communes2026), m === lastMonth ? lastDay : undefined));
  }
  const m = month2026();
  out.push(...g.household("communePostOffice2026", 2026, m, "31027", 3, DISTRICT_CENTRE, m === lastMonth ? lastDay : undefined));
  const cohort = cohortPayments(out, seed, until2026);
  out.push(...cohort);
  const rounds = postOfficeRounds(out, new Set(cohort.map((r) => r.participant.personalId)), seed, until2026, today);
  out.push(...rounds.records);
  return { records: out, outcomes: rounds.outcomes };
}

/** The year and month `k` months after the month of `d`. */
const monthAfter = (d: string, k: number): [number, number] => {
  const i = Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1 + k;
  return [Math.floor(i / 12), (i % 12) + 1];
};

/**
 * 2021–2026, the district post office's rounds: about a third of its 2020 voluntary
 * payers who do not come back at the commune post office keep paying through it, taken by its
 * collector — every 3, 6 or 12 months, mostly before their cover ends, some in the month after
 * (cover still continues), some a month late (a gap: returning), until some stop. A renewal paid
 * after the end was promised first (a `promised` outcome on the item); a stop has the reason the
 * collector noted (refuses, cannot afford, moved, died, joined compulsory insurance); of the people
 * whose cover ends around `today` (the domain's worklist window), about half were already
 * contacted, mostly with a promise for a day around today. Drawn from a stream of its own, so the
 * records above stay the same; every date follows from the domain's rules of the start and end of
 * cover, so each outcome lands on the item the registry holds.
 */
function postOfficeRounds(
  records: readonly DemoRecord[],
  comeBack: ReadonlySet<string>,
  seed: number,
  until2026: string,
  today: IsoDate,
): { records: DemoRecord[]; outcomes: DemoOutcome[] } {
  const rnd = prng(seed + 2021);
  const out: DemoRecord[] = [];
  const outcomes: DemoOutcome[] = [];
  const window = worklistWindow(today);
  const receipts: Record<number, number> = {};
  const cohort = records.filter(
    (r) => r.agent === "postOffice" && r.scheme === "voluntary_social_insurance" && r.receiptDate < "2021-01-01" && !comeBack.has(r.participant.personalId),
  );
  for (const r of cohort) {
    if (rnd() >= 0.3) continue;
    const personalId = r.participant.personalId;
    // The outcomes of items due now depend on `today`: they draw from a stream of the person's own, so the payments never do.
    const ornd = prng(seed * 1_000_003 + Number(personalId.slice(-6)));
    const note = (o: Omit<DemoOutcome, "personalId" | "scheme">) => outcomes.push({ personalId, scheme: "voluntary_social_insurance", ...o });
    let end = periodEnd({ from: `${r.startMonth}-01`, months: r.months });
    let last = r.receiptDate;
    for (;;) {
      let timing = pick<"onTime" | "monthAfter" | "late" | "stop">(rnd, [
        ["onTime", 68],
        ["monthAfter", 16],
        ["late", 8],
        ["stop", 8],
      ]);
      // The 2020 campaign keeps the figures the story gives (366 new and returning in U Minh
      // Thượng): a renewal paid in 2020 continues its cover (a late one would return, and count).
      if (timing === "late" && monthAfter(end, 2)[0] < 2021) timing = "monthAfter";
      const [y, m] = monthAfter(end, timing === "onTime" || timing === "stop" ? 0 : timing === "monthAfter" ? 1 : 2);
      const drawn = weekday(rnd, y, m);
      // never before the previous receipt (a 1-month plan ends in the month it was paid)
      const receiptDate = drawn > last ? drawn : addDays(last, 1);
      const dueNow = end >= window.lapsedFrom && end <= window.dueTo;
      if (timing === "stop" || receiptDate > until2026) {
        if (dueNow) {
          // This morning's work: half of them were reached already, most with a promise.
          if (ornd() < 0.5) {
            const outcome = pick<ContactOutcome>(ornd, [
              ["promised", 55],
              ["cannot_afford", 15],
              ["refuses", 10],
              ["moved", 10],
              ["paid", 10],
            ]);
            const promisedOn = outcome === "promised" ? addDays(today, int(ornd, -3, 10)) : null;
            const recordedOn = addDays(promisedOn !== null && promisedOn < today ? promisedOn : today, -int(ornd, 1, 12));
            note({ coveredUntil: end, outcome, promisedOn, recordedOn });
          }
        } else if (timing === "stop" && end < window.lapsedFrom) {
          const outcome = pick<ContactOutcome>(ornd, [
            ["refuses", 30],
            ["cannot_afford", 30],
            ["moved", 20],
            ["compulsory_insurance", 12],
            ["died", 8],
          ]);
          const recordedOn = addDays(end, int(ornd, -10, 40));
          note({ coveredUntil: end, outcome, promisedOn: null, recordedOn: recordedOn < today ? recordedOn : today });
        }
        break;
      }
      if (timing !== "onTime" && end >= "2021-01-01") {
        // Paid after the end: a promise first, noted in the last days of cover.
        const recordedOn = addDays(end, -int(ornd, 0, 12));
        note({ coveredUntil: end, outcome: "promised", promisedOn: receiptDate, recordedOn });
      }
      const months = pick(rnd, [
        [12, 85],
        [6, 15],
      ]);
      const year = Number(receiptDate.slice(0, 4));
      receipts[year] = (receipts[year] ?? 0) + 1;
      out.push({
        ...r,
        byCollector: true,
        participant: { ...r.participant, communeCode: receiptDate >= "2025-07-01" ? successor2025[r.participant.communeCode]! : r.participant.communeCode },
        startMonth: null,
        months,
        // The income floor rose with the poverty line in 2022.
        monthlyIncome: year >= 2022 ? Math.max(r.monthlyIncome ?? 0, 1_500_000) : r.monthlyIncome,
        receiptDate,
        receiptNumber: `BĐ-${year}-V${pad(receipts[year], 4)}`,
        existing: true,
      });
      end = periodEnd({ from: voluntaryStartDate(receiptDate, end), months });
      last = receiptDate;
    }
  }
  return { records: out, outcomes };
}

/** The 2025 communes that took over U Minh Thượng's (the shared mapping-2024-to-2025.csv). */
const successor2025: Record<string, string> = { "31012": "31012", "31015": "31012", "31027": "31027", "31054": "31012", "31057": "31012", "31066": "31027" };

/**
 * 2025–2026: about a fifth of the 2020 voluntary cohort pays again at the commune post office
 * after the reform, on the commune that took over theirs (returning participants); some of them
 * pay again in 2026 (still covered today), the others lapse. Drawn from a stream of their own, so
 * the 2020 records are the same as before.
 */
function cohortPayments(records: readonly DemoRecord[], seed: number, until2026: string): DemoRecord[] {
  const rnd = prng(seed + 2025);
  const out: DemoRecord[] = [];
  const cohort = records.filter((r) => r.scheme === "voluntary_social_insurance" && r.receiptDate < "2021-01-01");
  const lastMonth = Number(until2026.slice(5, 7));
  const lastDay = Number(until2026.slice(8, 10));
  let n = 0;
  const payment = (r: DemoRecord, year: number, month: number, months: number, last?: number): DemoRecord => {
    const receiptDate = weekday(rnd, year, month, last);
    return {
      ...r,
      agent: "communePostOffice2026",
      byCollector: false,
      participant: { ...r.participant, communeCode: successor2025[r.participant.communeCode]! },
      // The start is the rules' (cover continues from the last month paid): the decision's, not the seed's.
      startMonth: null,
      months,
      monthlyIncome: 1_500_000,
      receiptDate,
      receiptNumber: `BĐX-${year}-T${pad(++n, 4)}`,
      existing: true,
    };
  };
  for (const r of cohort) {
    if (rnd() >= 0.2) continue;
    out.push(
      payment(
        r,
        2025,
        int(rnd, 7, 12),
        pick(rnd, [
          [6, 50],
          [12, 50],
        ]),
      ),
    );
    if (rnd() < 0.6) {
      const m = int(rnd, 1, lastMonth);
      out.push(payment(r, 2026, m, 12, m === lastMonth ? lastDay : undefined));
    }
  }
  return out;
}
