/**
 * The synthetic national dataset: people, households, enrolments and payments over
 * several years, agents, campaigns and outreach events — generated deterministically from a seed
 * (a small seeded PRNG, no clock, no Math.random): the same arguments give the same rows.
 *
 * Every rule is the domain's: personal IDs carry the birth-registration province and the
 * century/gender digit (`identity`); phones are mobile numbers `parsePhone` keeps; incomes lie
 * within the floor and ceiling in force (`ratesOn`); amounts and breakdowns are
 * `voluntaryContribution` / `householdHealthContribution` with the figures in force on the receipt
 * date; cards start as `healthCardStart` says; cover ends are `periodEnd`; kinds `enrolmentKind`;
 * attributions pass `checkAttribution`. The domain's functions validate their arguments on every
 * call, so their results are memoised per rates period (the result depends on the date only through
 * the figures in force and the date itself, which is substituted — checked once per key against a
 * second direct call; a key that does not check out is computed directly every time).
 *
 * The generator calls a sink for each household, participant and enrolment (with its payment), in
 * order; sinks write files or the database.
 */
import { healthCardStart, householdHealthContribution, voluntaryContribution } from "@ansinh/domain/contributions";
import type { Scheme } from "@ansinh/domain/eligibility";
import { personalIdProvinces, type Gender } from "@ansinh/domain/identity";
import { ATTRIBUTION_GRACE_DAYS, checkAttribution, outreachEventTypeNames, outreachEventTypes, type OutreachEventType } from "@ansinh/domain/outreach";
import { rateChangeDates, ratesOn } from "@ansinh/domain/rates";
import { enrolmentKind, normaliseName, periodEnd } from "@ansinh/domain/registry";
import { familyNames, givenNames, khmerFamilyNames, middleNames, mobilePrefixes, prng, type Weighted } from "../vietnamese-names.js";
import type { GenUnits } from "./units.js";

export type GenScheme = Scheme;

export interface GenAgent {
  id: number;
  key: string;
  name: string;
  kind: "post_office" | "partner";
  provinceCode: string;
  areaCode: string;
  areaValidOn: string;
}
export interface GenCampaign {
  id: number;
  name: string;
  provinceCode: string;
  theme: string;
  startDate: string;
  endDate: string;
  areaCodes: string[];
  areasValidOn: string;
  partners: string[];
}
export interface GenEvent {
  id: number;
  campaignId: number;
  provinceCode: string;
  type: OutreachEventType;
  title: string;
  eventDate: string;
  areaCode: string;
  organiser: string;
  partner: string;
  attendances: number;
}
export interface GenHousehold {
  id: number;
  provinceCode: string;
  code: string;
  communeCode: string;
  communeValidOn: string;
  headParticipantId: number;
  facilityCode: string;
}
export interface GenParticipant {
  id: number;
  provinceCode: string;
  personalId: string;
  fullName: string;
  nameKey: string;
  birthDate: string;
  gender: Gender;
  ethnicity: string;
  phone: string | null;
  communeCode: string;
  communeValidOn: string;
  householdId: number | null;
  relationship: string | null;
  householdJoinedOn: string | null;
}
export interface GenEnrolment {
  id: number;
  /** 1 for a person's first enrolment, 2 for the next…: the import file ("wave") it goes in. */
  wave: number;
  provinceCode: string;
  participant: GenParticipant;
  scheme: GenScheme;
  kind: "new" | "renewal" | "returning";
  startDate: string;
  months: number;
  monthlyIncome: number | null;
  supportGroups: string[];
  householdRank: number | null;
  household: GenHousehold | null;
  facilityCode: string | null;
  /** The breakdown as the domain returns it, as JSON text (only when the sink asks for it). */
  breakdown: string | null;
  ratesEffectiveFrom: string;
  amount: number;
  communeCode: string;
  agent: GenAgent;
  campaignId: number | null;
  outreachEventId: number | null;
  coverTo: string;
  receiptDate: string;
  receiptNumber: string;
}

export interface GenSink {
  /** Whether enrolments need their breakdown JSON (the database does, files do not). */
  readonly wantsBreakdown: boolean;
  household(h: GenHousehold): void;
  participant(p: GenParticipant): void;
  enrolment(e: GenEnrolment): void;
}

export interface GenOptions {
  participants: number;
  seed: string;
  units: GenUnits;
  fromYear: number;
  toYear: number;
  /** Only one scheme (every participant in it); both by default (about 3 draws in 4 a voluntary participant, 1 in 4 a household). */
  only?: GenScheme | null;
  /** First ids (the database may hold rows already); 1 by default. */
  firstIds?: { agent?: number; campaign?: number; event?: number; household?: number; participant?: number; enrolment?: number };
}

export interface GenCounts {
  participants: number;
  households: number;
  enrolments: number;
  payments: number;
  voluntaryEnrolments: number;
  householdEnrolments: number;
  attributedEnrolments: number;
}

/** A seed (any text) as 32 bits: FNV-1a. */
export function seedNumber(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A fast weighted picker over a fixed list (cumulative weights, binary search). */
function picker<T>(list: Weighted<T>): (rnd: () => number) => T {
  const values = list.map(([v]) => v);
  const cum: number[] = [];
  let s = 0;
  for (const [, w] of list) cum.push((s += w));
  return (rnd) => {
    const x = rnd() * s;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x < cum[mid]!) hi = mid;
      else lo = mid + 1;
    }
    return values[lo]!;
  };
}

const DAY = 86_400_000;
const p2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const isoCache: string[] = [];
const ISO_BASE = Math.round(Date.UTC(2000, 0, 1) / DAY);
/** A day number (days since 1970-01-01) as YYYY-MM-DD; cached for 2000–2099. */
const isoOfDay = (d: number) => {
  const i = d - ISO_BASE;
  if (i < 0 || i >= 36_525) return new Date(d * DAY).toISOString().slice(0, 10);
  return (isoCache[i] ??= new Date(d * DAY).toISOString().slice(0, 10));
};
const dayOfIso = (iso: string) => Math.round(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY);
export const dmyOfIso = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

const VOLUNTARY_KEYS = [
  "baseSalary",
  "ruralPovertyLine",
  "voluntaryContributionRateBp",
  "incomeFloorMultiple",
  "incomeCeilingMultiple",
  "stateSupportBp",
  "supportCapMonths",
  "localSupport",
] as const;
const HOUSEHOLD_KEYS = ["baseSalary", "healthInsuranceRateBp", "healthMemberFactorsBp"] as const;

/** The first day in force among the figures a breakdown used (as the registry's write path stores it). */
function ratesEffectiveFrom(date: string, keys: readonly string[]): string {
  const r = ratesOn(date);
  let from = "0000-01-01";
  for (const k of keys) {
    const p = (r.provenance as Record<string, { from: string } | undefined>)[k];
    if (p && p.from > from) from = p.from;
  }
  return from;
}

/** The most months of state support (docs/rules.md §2; `supportCapMonths` since 2018). */
const SUPPORT_CAP_MONTHS = 120;

const replaceDate = (json: string, from: string, to: string) => json.replaceAll(from, to).replaceAll(dmyOfIso(from), dmyOfIso(to));

interface Priced {
  net: number;
  supportedMonths: number;
  /** JSON of the result for `date`, or null when the key must be computed directly. */
  template: string | null;
  date: string;
  effectiveFrom: string;
}

/** Amounts and breakdowns, memoised per rates period (see the module's comment). */
export class Pricing {
  private readonly changes = rateChangeDates();
  private readonly voluntary = new Map<string, Priced>();
  private readonly household = new Map<string, Priced>();
  private readonly effective = new Map<string, string>();

  period(date: string): number {
    let lo = 0;
    let hi = this.changes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.changes[mid]! <= date) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Another day of the same rates period as `date` (for checking a template), or null. */
  private sibling(date: string): string | null {
    const d = dayOfIso(date);
    const seg = this.period(date);
    for (const other of [d + 1, d - 1, d + 2, d - 2]) {
      const iso = isoOfDay(other);
      if (this.period(iso) === seg && iso.slice(0, 7) === date.slice(0, 7)) return iso;
    }
    return null;
  }

  private memo(
    map: Map<string, Priced>,
    key: string,
    date: string,
    compute: (date: string) => { json: string; net: number; supportedMonths: number },
    keys: readonly string[],
  ): Priced {
    let p = map.get(key);
    if (!p) {
      const a = compute(date);
      const sib = this.sibling(date);
      const ok = sib !== null && replaceDate(a.json, date, sib) === compute(sib).json;
      p = { net: a.net, supportedMonths: a.supportedMonths, template: ok ? a.json : null, date, effectiveFrom: ratesEffectiveFrom(date, keys) };
      map.set(key, p);
    }
    return p;
  }

  voluntaryPrice(date: string, monthlyIncome: number, months: 1 | 3 | 6 | 12, groups: readonly string[], used: number, withJson: boolean) {
    const compute = (d: string) => {
      const r = voluntaryContribution({
        paymentDate: d,
        monthlyIncome,
        supportGroups: groups as never,
        plan: { kind: "periodic", months },
        supportedMonthsUsed: used,
      });
      return { json: JSON.stringify(r), net: r.totals.net, supportedMonths: r.supportedMonths };
    };
    // The breakdown shows the months of support left (it depends on `used`); the amount does not
    // while every month is supported (`used + months` within the cap of 120).
    const usedKey = withJson || used + months > SUPPORT_CAP_MONTHS ? used : -1;
    const p = this.memo(this.voluntary, `${this.period(date)}|${monthlyIncome}|${months}|${groups.join("+")}|${usedKey}`, date, compute, VOLUNTARY_KEYS);
    const json = !withJson ? null : p.template !== null ? replaceDate(p.template, p.date, date) : compute(date).json;
    return { net: p.net, supportedMonths: p.supportedMonths, json, effectiveFrom: p.effectiveFrom };
  }

  /** One member's household contribution: its total and the `contribution` and `member` JSON. */
  householdPrice(date: string, months: 3 | 6 | 12, rank: number, withJson: boolean) {
    const compute = (d: string) => {
      const c = householdHealthContribution({ paymentDate: d, months, members: [{ rank, id: "member" }] });
      return { json: JSON.stringify(c), net: c.members[0]!.total, supportedMonths: 0 };
    };
    const p = this.memo(this.household, `${this.period(date)}|${months}|${rank}`, date, compute, HOUSEHOLD_KEYS);
    const json = !withJson ? null : p.template !== null ? replaceDate(p.template, p.date, date) : compute(date).json;
    return { net: p.net, json, effectiveFrom: p.effectiveFrom };
  }

  incomeFloor(date: string): number {
    const k = `f${this.period(date)}`;
    let v = this.effective.get(k);
    if (v === undefined) this.effective.set(k, (v = String(ratesOn(date).incomeFloor)));
    return Number(v);
  }
}

const ETHNICITIES: Weighted<string> = [
  ["Kinh", 855],
  ["Tày", 19],
  ["Thái", 18],
  ["Mường", 15],
  ["Khmer", 13],
  ["Hoa", 8],
  ["Nùng", 11],
  ["Mông", 13],
  ["Dao", 9],
  ["Gia Rai", 5],
  ["Ê Đê", 4],
  ["Ba Na", 3],
  ["Chăm", 2],
];
const VOLUNTARY_MONTHS: Weighted<1 | 3 | 6 | 12> = [
  [1, 25],
  [3, 30],
  [6, 20],
  [12, 25],
];
/** Chosen income above the floor, in 50,000 VND steps: most choose the floor. */
const INCOME_STEPS: Weighted<number> = [
  [0, 60],
  [10, 12],
  [20, 10],
  [30, 6],
  [50, 6],
  [100, 4],
  [200, 2],
];
const HOUSEHOLD_SIZES: Weighted<number> = [
  [1, 8],
  [2, 14],
  [3, 22],
  [4, 28],
  [5, 18],
  [6, 10],
];
const EVENT_TYPES: Weighted<OutreachEventType> = outreachEventTypes.map((t) => [t, t === "communication_session" ? 5 : t === "door_to_door" ? 3 : 1] as const);
const PARTNERS = ["Hội Liên hiệp Phụ nữ", "Đoàn Thanh niên", "Hội Nông dân", "Bưu điện", "Hội Cựu chiến binh"] as const;
const ID_PROVINCES = [...personalIdProvinces.keys()];
/** A bijection of 0…999,999 (7,919 is prime to 10⁶): serials look scattered, never repeat. */
const scramble = (n: number, offset: number) => (n * 7919 + offset) % 1_000_000;

/**
 * Generates the dataset into `sink`; returns the agents, campaigns, events and the counts.
 * `onProgress` is called every `progressEvery` participants; `yieldEvery` lets the caller drain
 * its buffers (awaited) every so many participants.
 */
export async function generate(
  o: GenOptions,
  sink: GenSink,
  hooks: {
    pause?: () => Promise<void>;
    pauseEvery?: number;
    onProgress?: (done: number) => void;
    /** Called once the agents, campaigns and events are fixed, before any person. */
    reference?: (r: { agents: GenAgent[]; campaigns: GenCampaign[]; events: GenEvent[] }) => Promise<void>;
  } = {},
): Promise<{ agents: GenAgent[]; campaigns: GenCampaign[]; events: GenEvent[]; counts: GenCounts }> {
  const rnd = prng(seedNumber(o.seed));
  const rint = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const { provinces, communes } = o.units;
  if (provinces.length === 0 || communes.length === 0) throw new Error("no communes to generate over");
  const ids = { agent: 1, campaign: 1, event: 1, household: 1, participant: 1, enrolment: 1, ...o.firstIds };
  const first = dayOfIso(`${o.fromYear}-01-01`);
  const last = dayOfIso(`${o.toYear}-12-31`);
  const pricing = new Pricing();
  const withJson = sink.wantsBreakdown;

  // --- agents: a post office and a Women's Union chapter (partner) per province
  const agents: GenAgent[] = [];
  const postOffice = new Map<string, GenAgent>();
  const areaValidOn = `${o.fromYear}-01-01`;
  for (const p of provinces) {
    const po: GenAgent = {
      id: ids.agent++,
      key: `${p.code}-post-office`,
      name: `Bưu điện ${p.name}`,
      kind: "post_office",
      provinceCode: p.code,
      areaCode: p.code,
      areaValidOn,
    };
    const partner: GenAgent = {
      id: ids.agent++,
      key: `${p.code}-womens-union`,
      name: `Hội Liên hiệp Phụ nữ ${p.name}`,
      kind: "partner",
      provinceCode: p.code,
      areaCode: p.code,
      areaValidOn,
    };
    agents.push(po, partner);
    postOffice.set(p.code, po);
  }

  // --- campaigns (two a year per province) and their events (in about one commune in eight)
  const communesOf = new Map<string, number[]>();
  communes.forEach((c, i) => communesOf.set(c.provinceCode, [...(communesOf.get(c.provinceCode) ?? []), i]));
  const campaigns: GenCampaign[] = [];
  const events: GenEvent[] = [];
  const eventsByCommune = new Map<number, { event: GenEvent; campaign: GenCampaign }[]>();
  const pickEventType = picker(EVENT_TYPES);
  for (const p of provinces) {
    const mine = communesOf.get(p.code) ?? [];
    for (let y = o.fromYear; y <= o.toYear; y++) {
      for (const [name, theme, start, end] of [
        [`Đợt vận động đầu năm ${y} — ${p.name}`, "BHXH tự nguyện và BHYT hộ gia đình: tham gia từ đầu năm", `${y}-03-01`, `${y}-04-30`],
        [`Tháng cao điểm vận động BHXH tự nguyện, BHYT hộ gia đình năm ${y} — ${p.name}`, "An sinh cho mọi nhà", `${y}-09-15`, `${y}-11-15`],
      ] as const) {
        const c: GenCampaign = {
          id: ids.campaign++,
          name,
          provinceCode: p.code,
          theme,
          startDate: start,
          endDate: end,
          areaCodes: [p.code],
          areasValidOn: start,
          partners: ["Bưu điện", "Hội Liên hiệp Phụ nữ", "Đoàn Thanh niên"],
        };
        campaigns.push(c);
        const n = Math.max(2, Math.round(mine.length / 8));
        const d0 = dayOfIso(start);
        const d1 = dayOfIso(end);
        for (let k = 0; k < n; k++) {
          const ci = mine[Math.floor(rnd() * mine.length)]!;
          const type = pickEventType(rnd);
          const e: GenEvent = {
            id: ids.event++,
            campaignId: c.id,
            provinceCode: p.code,
            type,
            title: `${outreachEventTypeNames[type].vi} — ${communes[ci]!.name}`,
            eventDate: isoOfDay(rint(d0, d1)),
            areaCode: communes[ci]!.code,
            organiser: `Bảo hiểm xã hội ${p.name}`,
            partner: PARTNERS[Math.floor(rnd() * PARTNERS.length)]!,
            attendances: rint(30, 400),
          };
          events.push(e);
          const list = eventsByCommune.get(ci) ?? [];
          list.push({ event: e, campaign: c });
          eventsByCommune.set(ci, list);
        }
      }
    }
  }

  await hooks.reference?.({ agents, campaigns, events });
  /** The last day an enrolment may be attributed to a campaign (its end + the domain's grace days). */
  const lastAttributable = new Map(campaigns.map((c) => [c.id, isoOfDay(dayOfIso(c.endDate) + ATTRIBUTION_GRACE_DAYS)]));

  // --- people
  const pickFamily = picker(familyNames);
  const pickEthnicity = picker(ETHNICITIES);
  const pickMonths = picker(VOLUNTARY_MONTHS);
  const pickStep = picker(INCOME_STEPS);
  const pickSize = picker(HOUSEHOLD_SIZES);
  const serials = new Map<string, { n: number; offset: number }>();
  const receipts = new Map<string, number>();
  const counts: GenCounts = {
    participants: 0,
    households: 0,
    enrolments: 0,
    payments: 0,
    voluntaryEnrolments: 0,
    householdEnrolments: 0,
    attributedEnrolments: 0,
  };
  const one = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

  const personalId = (birth: string, gender: Gender, provinceCode: string) => {
    const prov = rnd() < 0.85 ? `0${provinceCode}` : one(ID_PROVINCES);
    const year = Number(birth.slice(0, 4));
    const head = `${prov}${(year >= 2000 ? 2 : 0) + (gender === "female" ? 1 : 0)}${birth.slice(2, 4)}`;
    let serial = serials.get(head);
    if (!serial) serials.set(head, (serial = { n: 0, offset: seedNumber(`${o.seed}|${head}`) % 1_000_000 }));
    if (serial.n >= 1_000_000) throw new Error(`more than a million people born in ${year} registered in province ${prov}: use fewer participants`);
    return `${head}${String(scramble(serial.n++, serial.offset)).padStart(6, "0")}`;
  };
  const birthDate = (year: number) => {
    const m = rint(1, 12);
    const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
    return `${year}-${p2(m)}-${p2(rint(1, days))}`;
  };
  const phone = () => `${one(mobilePrefixes)}${String(Math.floor(rnd() * 10_000_000)).padStart(7, "0")}`;
  const person = (a: { birthYear: number; gender: Gender; ci: number; family?: string; ethnicity?: string; withPhone: boolean }) => {
    const ethnicity = a.ethnicity ?? pickEthnicity(rnd);
    const family = a.family ?? (ethnicity === "Khmer" ? one(khmerFamilyNames) : pickFamily(rnd));
    const middle = ethnicity === "Khmer" ? (a.gender === "female" ? "Thị" : "Văn") : one(middleNames[a.gender]);
    const fullName = `${family} ${middle} ${one(givenNames[a.gender])}`;
    const bd = birthDate(a.birthYear);
    const c = communes[a.ci]!;
    return {
      fullName,
      family,
      ethnicity,
      birthDate: bd,
      gender: a.gender,
      personalId: personalId(bd, a.gender, c.provinceCode),
      phone: a.withPhone ? phone() : null,
    };
  };
  const receiptNumber = (provinceCode: string) => {
    const n = (receipts.get(provinceCode) ?? 0) + 1;
    receipts.set(provinceCode, n);
    return `BĐ${provinceCode}-${String(n).padStart(9, "0")}`;
  };
  /** An outreach event of the commune the enrolment may be attributed to (the domain's rule), or null. */
  const attribution = (ci: number, receipt: string) => {
    const list = eventsByCommune.get(ci);
    if (!list || rnd() >= 0.6) return null;
    const c = communes[ci]!;
    for (const { event, campaign } of list) {
      if (receipt < event.eventDate || receipt > lastAttributable.get(campaign.id)!) continue;
      const problems = checkAttribution({
        enrolment: { date: receipt, communePath: [c.code, c.provinceCode] },
        campaign: { id: campaign.id, startDate: campaign.startDate, endDate: campaign.endDate, areaCodes: campaign.areaCodes },
        event: { id: event.id, campaignId: event.campaignId, eventDate: event.eventDate, areaCode: event.areaCode },
      });
      if (problems.length === 0) return { campaignId: campaign.id, eventId: event.id };
    }
    return null;
  };
  const nameKeys = new Map<string, string>();
  const nameKey = (fullName: string) => {
    let k = nameKeys.get(fullName);
    if (k === undefined) nameKeys.set(fullName, (k = normaliseName(fullName)));
    return k;
  };
  const participantRow = (
    x: ReturnType<typeof person>,
    ci: number,
    firstReceipt: string,
    household: GenHousehold | null,
    relationship: string | null,
  ): GenParticipant => {
    const c = communes[ci]!;
    return {
      id: ids.participant++,
      provinceCode: c.provinceCode,
      personalId: x.personalId,
      fullName: x.fullName,
      nameKey: nameKey(x.fullName),
      birthDate: x.birthDate,
      gender: x.gender,
      ethnicity: x.ethnicity,
      phone: x.phone,
      communeCode: c.code,
      communeValidOn: firstReceipt,
      householdId: household?.id ?? null,
      relationship,
      householdJoinedOn: household ? firstReceipt : null,
    };
  };
  const periodEnds = new Map<string, string>();
  const coverEnd = (from: string, months: number) => {
    const k = `${from}|${months}`;
    let v = periodEnds.get(k);
    if (v === undefined) periodEnds.set(k, (v = periodEnd({ from, months })));
    return v;
  };
  const kinds = new Map<string, GenEnrolment["kind"]>();
  const kindOf = (prev: string | null, start: string): GenEnrolment["kind"] => {
    if (prev === null) return "new";
    const k = `${prev}|${start}`;
    let v = kinds.get(k);
    if (v === undefined) kinds.set(k, (v = enrolmentKind(prev, start)));
    return v;
  };
  const cap = (d: number) => Math.min(d, last);
  const cards = new Map<string, ReturnType<typeof healthCardStart>>();
  const cardStart = (paymentDate: string, previousCardEnd: string | null) => {
    const k = `${paymentDate}|${previousCardEnd}`;
    let v = cards.get(k);
    if (v === undefined) cards.set(k, (v = healthCardStart({ paymentDate, previousCardEnd })));
    return v;
  };
  const MAX_PAYMENTS = 12;

  /** A voluntary participant and their payments: renewals in the month after cover ends, some lapses. */
  const voluntaryPerson = () => {
    const ci = Math.floor(rnd() * communes.length);
    const c = communes[ci]!;
    let day = rint(first, last);
    const year = Number(isoOfDay(day).slice(0, 4));
    const gender: Gender = rnd() < 0.55 ? "female" : "male";
    const x = person({ birthYear: year - rint(18, 58), gender, ci, withPhone: rnd() < 0.88 });
    const groups = x.ethnicity === "Kinh" ? [] : ["ethnic_minority"];
    const step = pickStep(rnd);
    const months = pickMonths(rnd);
    const agent = postOffice.get(c.provinceCode)!;
    let participant: GenParticipant | null = null;
    let prevEnd: string | null = null;
    let used = 0;
    for (let k = 1; k <= MAX_PAYMENTS; k++) {
      const receipt = isoOfDay(day);
      if (!participant) {
        participant = participantRow(x, ci, receipt, null, null);
        sink.participant(participant);
        counts.participants++;
      }
      const start = `${receipt.slice(0, 7)}-01`;
      const income = pricing.incomeFloor(receipt) + step * 50_000;
      const price = pricing.voluntaryPrice(receipt, income, months, groups, used, withJson);
      used += price.supportedMonths;
      const kind = kindOf(prevEnd, start);
      const attributed = kind === "new" ? attribution(ci, receipt) : null;
      const coverTo = coverEnd(start, months);
      sink.enrolment({
        id: ids.enrolment++,
        wave: k,
        provinceCode: c.provinceCode,
        participant,
        scheme: "voluntary_social_insurance",
        kind,
        startDate: start,
        months,
        monthlyIncome: income,
        supportGroups: groups,
        householdRank: null,
        household: null,
        facilityCode: null,
        breakdown: price.json,
        ratesEffectiveFrom: price.effectiveFrom,
        amount: price.net,
        communeCode: c.code,
        agent,
        campaignId: attributed?.campaignId ?? null,
        outreachEventId: attributed?.eventId ?? null,
        coverTo,
        receiptDate: receipt,
        receiptNumber: receiptNumber(c.provinceCode),
      });
      counts.enrolments++;
      counts.payments++;
      counts.voluntaryEnrolments++;
      if (attributed) counts.attributedEnrolments++;
      prevEnd = coverTo;
      // Renew (about half do), in the month right after cover ends — or, one in five, after a gap.
      if (rnd() >= 0.55) break;
      const endDay = dayOfIso(coverTo);
      const gapMonths = rnd() < 0.8 ? 0 : rint(1, 12);
      const next = endDay + 1 + gapMonths * 30 + rint(0, 26);
      if (next > last) break;
      day = next;
    }
  };

  /** A household of 1–6 (head, spouse, children 7+, a parent): all members renew their 12-month cards together. */
  const household = () => {
    const ci = Math.floor(rnd() * communes.length);
    const c = communes[ci]!;
    let day = rint(first, last);
    const year = Number(isoOfDay(day).slice(0, 4));
    const size = Math.min(pickSize(rnd), Math.max(1, o.participants - counts.participants));
    const headGender: Gender = rnd() < 0.7 ? "male" : "female";
    const headAge = rint(30, 62);
    const ethnicity = pickEthnicity(rnd);
    const members: { x: ReturnType<typeof person>; relationship: string }[] = [];
    const head = person({ birthYear: year - headAge, gender: headGender, ci, ethnicity, withPhone: true });
    members.push({ x: head, relationship: "Chủ hộ" });
    if (size >= 2) {
      const g: Gender = headGender === "male" ? "female" : "male";
      members.push({
        x: person({ birthYear: year - headAge + rint(-4, 6), gender: g, ci, ethnicity, withPhone: rnd() < 0.5 }),
        relationship: g === "female" ? "Vợ" : "Chồng",
      });
    }
    const parent = size >= 5 && rnd() < 0.6;
    const children = size - members.length - (parent ? 1 : 0);
    for (let i = 0; i < children; i++) {
      // Children under 6 are insured by the state, not through the household: 7 and over here.
      const age = Math.max(7, Math.min(headAge - 20, rint(7, headAge - 20)));
      members.push({
        x: person({ birthYear: year - age, gender: rnd() < 0.5 ? "male" : "female", ci, family: head.family, ethnicity, withPhone: age >= 18 && rnd() < 0.4 }),
        relationship: "Con",
      });
    }
    if (parent) {
      const g: Gender = rnd() < 0.6 ? "female" : "male";
      members.push({
        x: person({ birthYear: year - headAge - rint(22, 30), gender: g, ci, family: g === "male" ? head.family : undefined, ethnicity, withPhone: false }),
        relationship: g === "female" ? "Mẹ" : "Cha",
      });
    }
    const receipt0 = isoOfDay(day);
    const hh: GenHousehold = {
      id: ids.household++,
      provinceCode: c.provinceCode,
      code: `${c.provinceCode}${String(ids.household - 1).padStart(8, "0")}`,
      communeCode: c.code,
      communeValidOn: receipt0,
      headParticipantId: ids.participant,
      facilityCode: `${c.provinceCode}${String(rint(1, 40)).padStart(3, "0")}`,
    };
    sink.household(hh);
    counts.households++;
    const rows = members.map((m) => {
      const p = participantRow(m.x, ci, receipt0, hh, m.relationship);
      sink.participant(p);
      counts.participants++;
      return p;
    });
    const agent = postOffice.get(c.provinceCode)!;
    let prevEnd: string | null = null;
    for (let k = 1; k <= MAX_PAYMENTS; k++) {
      const receipt = isoOfDay(day);
      const card = cardStart(receipt, prevEnd);
      const start = card.validFrom;
      const coverTo = coverEnd(start, 12);
      const kind = kindOf(prevEnd, start);
      const attributed = kind === "new" ? attribution(ci, receipt) : null;
      const cardJson = withJson ? JSON.stringify(card) : "";
      rows.forEach((participant, i) => {
        const rank = i + 1;
        const price = pricing.householdPrice(receipt, 12, rank, withJson);
        let breakdown: string | null = null;
        if (price.json !== null) {
          const member = JSON.stringify((JSON.parse(price.json) as { members: unknown[] }).members[0]);
          breakdown = `{"rank":${rank},"member":${member},"contribution":${price.json},"cardStart":${cardJson}}`;
        }
        sink.enrolment({
          id: ids.enrolment++,
          wave: k,
          provinceCode: c.provinceCode,
          participant,
          scheme: "household_health_insurance",
          kind,
          startDate: start,
          months: 12,
          monthlyIncome: null,
          supportGroups: [],
          householdRank: rank,
          household: hh,
          facilityCode: hh.facilityCode,
          breakdown,
          ratesEffectiveFrom: price.effectiveFrom,
          amount: price.net,
          communeCode: c.code,
          agent,
          campaignId: attributed?.campaignId ?? null,
          outreachEventId: attributed?.eventId ?? null,
          coverTo,
          receiptDate: receipt,
          receiptNumber: receiptNumber(c.provinceCode),
        });
        counts.enrolments++;
        counts.payments++;
        counts.householdEnrolments++;
        if (attributed) counts.attributedEnrolments++;
      });
      prevEnd = coverTo;
      // Renew (six in ten): most before the card ends, some late (a late renewal, or a lapse).
      if (rnd() >= 0.6) break;
      const endDay = dayOfIso(coverTo);
      const next = rnd() < 0.8 ? endDay - rint(0, 30) : endDay + rint(1, 150);
      if (next > last || next <= day) break;
      day = cap(next);
    }
  };

  const pauseEvery = hooks.pauseEvery ?? 10_000;
  let nextPause = pauseEvery;
  while (counts.participants < o.participants) {
    const draw = rnd();
    if (o.only === "voluntary_social_insurance" || (o.only !== "household_health_insurance" && draw < 0.75)) voluntaryPerson();
    else household();
    if (counts.participants >= nextPause) {
      nextPause = counts.participants + pauseEvery;
      hooks.onProgress?.(counts.participants);
      await hooks.pause?.();
    }
  }
  hooks.onProgress?.(counts.participants);
  return { agents, campaigns, events, counts };
}
