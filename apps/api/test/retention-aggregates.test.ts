/**
 * Retention kept incrementally (migration 0015) on both databases, against the domain's
 * `retention` over the generated rows (the one definition, registry/retention.ts). Random
 * registries (fast-check) on a province whose codes are reused across the 2025 reform: people with
 * payments received early, on time or late, some enrolments cancelled, two agents and two
 * collectors, contact outcomes on some items, some people whose eligibility ended. For calendar
 * years and months, on a date of each era, per child of the province, per agent, per collector and
 * per latest outcome, `retentionAggregates` equals the domain over the people attributed there
 * (the payment whose cover ended: its agent, its enrolment's collector and commune — after the
 * reform, that commune's home). The same after an UPDATE (a cancellation, eligibility ended by an
 * outcome), a DELETE (a payment, an outcome) and after `ansinh_rebuild_aggregates()`.
 */
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  agents,
  areaMappings,
  areas,
  contactOutcomesTable,
  enrolments,
  insertContactOutcome,
  participants,
  payments,
  rebuildAggregates,
  retentionAggregates,
  selectRows,
  user,
  type Db,
  type DbHandle,
  type RetentionCounts,
} from "@ansinh/db";
import { addDays } from "@ansinh/domain/dates";
import type { Scheme } from "@ansinh/domain/eligibility";
import { normaliseName, periodEnd, retention, type RetentionPerson } from "@ansinh/domain/registry";
import { drivers } from "./helpers.js";
import { personalIdFor, resetRegistry } from "./registry-list-fixtures.js";

const schemes: Scheme[] = ["voluntary_social_insurance", "household_health_insurance"];

/** Era 1 (to 2025-06-30): 98 → 981 (98101, 98102), 982 (98201). Era 2: 98 → 98101 (code reused), 98301. */
const ERA2 = "2025-07-01";
const era1 = { children: ["981", "982"], parentOf: { "98101": "981", "98102": "981", "98201": "982" } as Record<string, string> };
const era2 = { children: ["98101", "98301"], parentOf: { "98101": "98101", "98301": "98301" } as Record<string, string> };
const eraOf = (d: string) => (d < ERA2 ? era1 : era2);
const mapping: [string, string][] = [
  ["98101", "98101"],
  ["98102", "98101"],
  ["98102", "98301"],
  ["98201", "98301"],
];
const homeInEra2: Record<string, string> = { "98101": "98101", "98102": "98101", "98201": "98301" };
const COLLECTORS = ["ret-collector-1", "ret-collector-2"];
const OUTCOMES = ["promised", "moved", "refuses", "cannot_afford", "died"] as const;

async function seedAreas(db: Db) {
  await db.execute(sql`delete from areas where code like '98%'`);
  await db.execute(sql`delete from area_mappings where old_code like '98%'`);
  await db
    .insert(areaMappings)
    .values(mapping.map(([oldCode, newCode]) => ({ oldCode, oldValidOn: "2025-06-30", newCode, newValidOn: ERA2, overlap: "partial" as const })));
  const u = (code: string, name: string, level: "province" | "district" | "commune", parentCode: string | null, validFrom: string, validTo: string | null) => ({
    code,
    name,
    level,
    unitType: level === "province" ? "Tỉnh" : level === "district" ? "Huyện" : "Xã",
    parentCode,
    validFrom,
    validTo,
  });
  await db
    .insert(areas)
    .values([
      u("98", "Tỉnh thử", "province", null, "2020-01-01", "2025-06-30"),
      u("981", "Huyện thử Một", "district", "98", "2020-01-01", "2025-06-30"),
      u("982", "Huyện thử Hai", "district", "98", "2020-01-01", "2025-06-30"),
      u("98101", "Xã thử Một", "commune", "981", "2020-01-01", "2025-06-30"),
      u("98102", "Xã thử Hai", "commune", "981", "2020-01-01", "2025-06-30"),
      u("98201", "Xã thử Ba", "commune", "982", "2020-01-01", "2025-06-30"),
      u("98", "Tỉnh thử (mới)", "province", null, ERA2, null),
      u("98101", "Xã thử Một (mới)", "commune", "98", ERA2, null),
      u("98301", "Xã thử Bốn", "commune", "98", ERA2, null),
    ]);
  await db.execute(sql`delete from auth_user where id like 'ret-collector-%'`);
  await db.insert(user).values(COLLECTORS.map((id, i) => ({ id, name: `Nhân viên thu thử ${i + 1}`, email: `${id}@example.test` })));
}

interface GenPayment {
  gapMonths: number;
  months: number;
  /** Receipt relative to the cover's first day, in days (negative: paid early). */
  receiptOffset: number;
}
interface GenEnrolment {
  scheme: Scheme;
  start: string;
  communeIndex: number;
  agentIndex: number;
  collectorIndex: number;
  cancelled: boolean;
  payments: GenPayment[];
}
interface GenPerson {
  enrolments: GenEnrolment[];
  /** Outcome on the item of the n-th payment's end (index into all the person's payments), if any. */
  outcome: { payment: number; outcome: (typeof OUTCOMES)[number] } | null;
  eligibilityEndedAfter: number | null;
}

const dayArb = fc.integer({ min: 0, max: 365 * 3 }).map((n) => addDays("2023-01-01", n));
const enrolmentArb: fc.Arbitrary<GenEnrolment> = fc.record({
  scheme: fc.constantFrom(...schemes),
  start: dayArb,
  communeIndex: fc.nat(10),
  agentIndex: fc.nat(1),
  collectorIndex: fc.nat(2),
  cancelled: fc.boolean(),
  payments: fc.array(
    fc.record({ gapMonths: fc.integer({ min: 0, max: 4 }), months: fc.constantFrom(1, 3, 6, 12), receiptOffset: fc.integer({ min: -40, max: 120 }) }),
    { minLength: 1, maxLength: 4 },
  ),
});
const personArb: fc.Arbitrary<GenPerson> = fc.record({
  enrolments: fc.array(enrolmentArb, { minLength: 1, maxLength: 2 }),
  outcome: fc.option(fc.record({ payment: fc.nat(6), outcome: fc.constantFrom(...OUTCOMES) }), { nil: null }),
  eligibilityEndedAfter: fc.option(fc.integer({ min: 0, max: 900 }), { nil: null }),
});
const registryArb = fc.array(personArb, { minLength: 1, maxLength: 8 });

interface StoredPayment {
  id: number;
  enrolmentId: number;
  coverTo: string;
  receiptDate: string;
}
interface StoredEnrolment {
  id: number;
  scheme: Scheme;
  start: string;
  commune: string;
  agentId: number;
  collectorId: string | null;
  cancelled: boolean;
  payments: StoredPayment[];
}
interface StoredPerson {
  id: number;
  enrolments: StoredEnrolment[];
  eligibilityEndedOn: string | null;
  outcomes: { id: number; scheme: Scheme; coveredUntil: string; outcome: string }[];
}

function communeFor(start: string, index: number): string {
  const list = Object.keys(eraOf(start).parentOf);
  return list[index % list.length]!;
}

async function writeRegistry(db: Db, people: GenPerson[]): Promise<{ stored: StoredPerson[]; agentIds: number[] }> {
  await resetRegistry(db);
  const agentIds: number[] = [];
  for (const name of ["Đại lý thử Một", "Đại lý thử Hai"]) {
    const [a] = await db
      .insert(agents)
      .values({ name, kind: "post_office", provinceCode: "98", areaCode: "98", areaValidOn: "2024-01-01" })
      .returning({ id: agents.id });
    agentIds.push(a!.id);
  }
  const stored: StoredPerson[] = [];
  let serial = 0;
  let receipt = 0;
  for (const g of people) {
    const name = `Người thử ${++serial}`;
    const first = g.enrolments[0]!;
    const [p] = await db
      .insert(participants)
      .values({
        provinceCode: "98",
        personalId: personalIdFor("1980-01-01", "female", serial),
        fullName: name,
        nameKey: normaliseName(name),
        birthDate: "1980-01-01",
        gender: "female",
        communeCode: communeFor(first.start, first.communeIndex),
        communeValidOn: first.start,
      })
      .returning({ id: participants.id });
    const person: StoredPerson = { id: p!.id, enrolments: [], eligibilityEndedOn: null, outcomes: [] };
    for (const e of g.enrolments) {
      const commune = communeFor(e.start, e.communeIndex);
      const collectorId = e.collectorIndex < COLLECTORS.length ? COLLECTORS[e.collectorIndex]! : null;
      const [row] = await db
        .insert(enrolments)
        .values({
          provinceCode: "98",
          participantId: p!.id,
          scheme: e.scheme,
          kind: "new",
          startDate: e.start,
          months: 12,
          breakdown: { fixture: true },
          ratesEffectiveFrom: "2023-01-01",
          amount: 100,
          communeCode: commune,
          agentId: agentIds[e.agentIndex]!,
          collectorId,
          status: e.cancelled ? "cancelled" : "active",
          source: "demo",
        })
        .returning({ id: enrolments.id });
      const se: StoredEnrolment = {
        id: row!.id,
        scheme: e.scheme,
        start: e.start,
        commune,
        agentId: agentIds[e.agentIndex]!,
        collectorId,
        cancelled: e.cancelled,
        payments: [],
      };
      let from = e.start;
      for (const pay of e.payments) {
        from = addDays(from, pay.gapMonths * 30);
        const coverTo = periodEnd({ from, months: pay.months });
        const receiptDate = addDays(from, pay.receiptOffset);
        const [pr] = await db
          .insert(payments)
          .values({
            provinceCode: "98",
            enrolmentId: row!.id,
            participantId: p!.id,
            coverFrom: from,
            months: pay.months,
            coverTo,
            amount: 100,
            receiptDate,
            receiptNumber: `RT${String(++receipt).padStart(6, "0")}`,
            agentId: agentIds[e.agentIndex]!,
          })
          .returning({ id: payments.id });
        se.payments.push({ id: pr!.id, enrolmentId: row!.id, coverTo, receiptDate });
        from = addDays(coverTo, 1);
      }
      person.enrolments.push(se);
    }
    const all = person.enrolments.flatMap((e) => e.payments.map((pm) => ({ scheme: e.scheme, coverTo: pm.coverTo })));
    if (g.outcome && all.length > 0) {
      const target = all[g.outcome.payment % all.length]!;
      const promisedOn = g.outcome.outcome === "promised" ? addDays(target.coverTo, 10) : null;
      const [o] = await db
        .insert(contactOutcomesTable)
        .values({ provinceCode: "98", participantId: p!.id, scheme: target.scheme, coveredUntil: target.coverTo, outcome: g.outcome.outcome, promisedOn })
        .returning({ id: contactOutcomesTable.id });
      person.outcomes.push({ id: o!.id, scheme: target.scheme, coveredUntil: target.coverTo, outcome: g.outcome.outcome });
    }
    if (g.eligibilityEndedAfter !== null) {
      const on = addDays(first.start, g.eligibilityEndedAfter);
      await db.execute(sql`update participants set eligibility_ended_on = ${on}::date, eligibility_ended_by = 'died' where id = ${p!.id}`);
      person.eligibilityEndedOn = on;
    }
    stored.push(person);
  }
  return { stored, agentIds };
}

/** The domain's retention of one period, people grouped by where their ending payment puts them (area on `onDate`, agent, collector, outcome). */
function expected(stored: StoredPerson[], scheme: Scheme, onDate: string, from: string, to: string) {
  const era = eraOf(onDate);
  const byArea = new Map<string, RetentionPerson[]>();
  const byAgent = new Map<string, RetentionPerson[]>();
  const byCollector = new Map<string, RetentionPerson[]>();
  const byOutcome = new Map<string, RetentionPerson[]>();
  const push = (m: Map<string, RetentionPerson[]>, k: string, p: RetentionPerson) => m.set(k, [...(m.get(k) ?? []), p]);
  for (const person of stored) {
    const live = person.enrolments.filter((e) => e.scheme === scheme && !e.cancelled);
    const pays = live.flatMap((e) => e.payments.map((pm) => ({ ...pm, e })));
    const inPeriod = pays
      .filter((pm) => pm.coverTo >= from && pm.coverTo <= to)
      .sort((a, b) => (a.coverTo < b.coverTo ? 1 : a.coverTo > b.coverTo ? -1 : b.id - a.id));
    const ending = inPeriod[0];
    if (!ending) continue;
    const rp: RetentionPerson = {
      payments: pays.map((pm) => ({ coverTo: pm.coverTo, receiptDate: pm.receiptDate })),
      eligibilityEndedOn: person.eligibilityEndedOn,
    };
    const e = ending.e;
    const child = eraOf(e.start) === era ? era.parentOf[e.commune] : era === era2 ? era2.parentOf[homeInEra2[e.commune]!] : undefined;
    if (!child) continue;
    push(byArea, child, rp);
    push(byArea, "98", rp);
    push(byAgent, String(e.agentId), rp);
    push(byCollector, e.collectorId ?? "", rp);
    const outcome = person.outcomes.filter((o) => o.scheme === scheme && o.coveredUntil === ending.coverTo).sort((a, b) => b.id - a.id)[0];
    push(byOutcome, outcome?.outcome ?? "", rp);
  }
  const counts = (list: RetentionPerson[]): RetentionCounts => {
    const [w30, w90] = retention(list, from, to, [30, 90]);
    return { ended30: w30!.ended, renewed30: w30!.renewed, ended90: w90!.ended, renewed90: w90!.renewed };
  };
  const nonEmpty = (c: RetentionCounts) => c.ended30 !== 0 || c.ended90 !== 0;
  const table = (m: Map<string, RetentionPerson[]>) => new Map([...m].map(([k, v]) => [k, counts(v)] as const).filter(([, c]) => nonEmpty(c)));
  return { byArea: table(byArea), byAgent: table(byAgent), byCollector: table(byCollector), byOutcome: table(byOutcome) };
}

const ON_DATES = ["2024-12-31", "2026-11-30"];
const PERIODS: { grain: "y" | "m"; from: string; to: string }[] = [
  { grain: "y", from: "2023-01-01", to: "2023-12-31" },
  { grain: "y", from: "2024-01-01", to: "2024-12-31" },
  { grain: "y", from: "2025-01-01", to: "2025-12-31" },
  { grain: "y", from: "2026-01-01", to: "2026-12-31" },
  { grain: "m", from: "2024-06-01", to: "2024-06-30" },
  { grain: "m", from: "2025-12-01", to: "2025-12-31" },
];

async function checkAll(db: Db, stored: StoredPerson[]) {
  for (const onDate of ON_DATES) {
    const children = eraOf(onDate).children;
    for (const scheme of schemes) {
      for (const p of PERIODS) {
        const want = expected(stored, scheme, onDate, p.from, p.to);
        const got = await retentionAggregates(db, { code: "98", areas: children, onDate, scheme, grain: p.grain, bucket: p.from });
        const label = `${scheme} ${p.from}…${p.to} on ${onDate}`;
        const areasGot = new Map([...got.byArea].filter(([, c]) => c.ended30 !== 0 || c.ended90 !== 0));
        expect(areasGot, `areas ${label}`).toEqual(want.byArea);
        const strip = <T extends RetentionCounts>(c: T): RetentionCounts => ({
          ended30: c.ended30,
          renewed30: c.renewed30,
          ended90: c.ended90,
          renewed90: c.renewed90,
        });
        expect(new Map(got.byAgent.map((a) => [String(a.agentId), strip(a)])), `agents ${label}`).toEqual(want.byAgent);
        expect(new Map(got.byCollector.map((c) => [c.collectorId ?? "", strip(c)])), `collectors ${label}`).toEqual(want.byCollector);
        expect(new Map(got.byOutcome.map((o) => [o.outcome ?? "", strip(o)])), `outcomes ${label}`).toEqual(want.byOutcome);
      }
    }
  }
}

const retentionRows = (db: Db) =>
  selectRows(
    db,
    sql`select area_code, era_since::text, scheme, grain, bucket::text, agent_id, collector_id, outcome, ended30::int, renewed30::int, ended90::int, renewed90::int
        from retention_counts where ended30 <> 0 or renewed30 <> 0 or ended90 <> 0 or renewed90 <> 0 order by 1, 2, 3, 4, 5, 6, 7, 8`,
  );

describe.each(drivers)("retention aggregates on $name", ({ open }) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await open();
    await seedAreas(h.db as Db);
  });
  afterAll(async () => h?.close());

  it(
    "equal the domain's retention per area (across the reform), agent, collector and outcome, after inserts, updates, deletes and a rebuild",
    { timeout: 600_000 },
    async () => {
      const db = h.db as Db;
      await fc.assert(
        fc.asyncProperty(registryArb, fc.nat(), async (people, pick) => {
          const { stored } = await writeRegistry(db, people);
          await checkAll(db, stored);

          // UPDATE: cancel an enrolment; a person's eligibility ends (an outcome that ends it, as
          // worklist.recordOutcome stores it); DELETE: a payment, an outcome.
          const person = stored[pick % stored.length]!;
          const victim = person.enrolments[pick % person.enrolments.length]!;
          await db.execute(sql`update enrolments set status = 'cancelled' where id = ${victim.id}`);
          victim.cancelled = true;
          const other = stored[(pick + 1) % stored.length]!;
          const lastPay = other.enrolments.flatMap((e) => e.payments).sort((a, b) => (a.coverTo < b.coverTo ? -1 : 1))[0];
          if (lastPay && other.eligibilityEndedOn === null) {
            const on = addDays(lastPay.coverTo, 20);
            await db.transaction(async (tx) => {
              await tx.insert(contactOutcomesTable).values({
                provinceCode: "98",
                participantId: other.id,
                scheme: other.enrolments[0]!.scheme,
                coveredUntil: lastPay.coverTo,
                outcome: "compulsory_insurance",
              });
              await tx.execute(
                sql`update participants set eligibility_ended_on = ${on}::date, eligibility_ended_by = 'compulsory_insurance' where id = ${other.id}`,
              );
            });
            const [o] = await selectRows<{ id: number }>(db, sql`select max(id)::int as id from contact_outcomes where participant_id = ${other.id}`);
            other.outcomes.push({ id: o!.id, scheme: other.enrolments[0]!.scheme, coveredUntil: lastPay.coverTo, outcome: "compulsory_insurance" });
            other.eligibilityEndedOn = on;
          }
          const withPayments = stored.flatMap((s) => s.enrolments).find((e) => e.payments.length > 1);
          if (withPayments) {
            const gone = withPayments.payments.pop()!;
            await db.execute(sql`delete from payments where id = ${gone.id}`);
          }
          const withOutcome = stored.find((s) => s.outcomes.length > 0 && s !== other);
          if (withOutcome) {
            const gone = withOutcome.outcomes.pop()!;
            await db.execute(sql`delete from contact_outcomes where id = ${gone.id}`);
          }
          await checkAll(db, stored);

          const before = await retentionRows(db);
          await rebuildAggregates(db);
          expect(await retentionRows(db)).toEqual(before);
        }),
        { numRuns: 8, seed: 2828 },
      );
    },
  );

  it("take a person whose eligibility ended out of the denominators of the windows it ended in, in the write's own transaction", async () => {
    const db = h.db as Db;
    // Cover ended 2024-06-30, not renewed; eligibility ends on 2024-08-15 (E + 46 days): out of the 90-day window, still a loss at 30 days.
    const { stored } = await writeRegistry(db, [
      {
        enrolments: [
          {
            scheme: "voluntary_social_insurance",
            start: "2024-01-01",
            communeIndex: 0,
            agentIndex: 0,
            collectorIndex: 0,
            cancelled: false,
            payments: [{ gapMonths: 0, months: 6, receiptOffset: 0 }],
          },
        ],
        outcome: null,
        eligibilityEndedAfter: null,
      },
    ]);
    const read = async () =>
      (
        await retentionAggregates(db, {
          code: "98",
          areas: era1.children,
          onDate: "2024-12-31",
          scheme: "voluntary_social_insurance",
          grain: "y",
          bucket: "2024-01-01",
        })
      ).byArea.get("98") ?? { ended30: 0, renewed30: 0, ended90: 0, renewed90: 0 };
    expect(await read()).toEqual({ ended30: 1, renewed30: 0, ended90: 1, renewed90: 0 });
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`update participants set eligibility_ended_on = '2024-08-15', eligibility_ended_by = 'died' where id = ${stored[0]!.id}`);
        const [inside] = await selectRows<{ e30: number; e90: number }>(
          tx,
          sql`select coalesce(sum(ended30), 0)::int as e30, coalesce(sum(ended90), 0)::int as e90 from retention_counts where area_code = '98' and era_since < '2025-07-01' and grain = 'y' and bucket = '2024-01-01'`,
        );
        expect(inside).toEqual({ e30: 1, e90: 0 });
        throw new Error("rolled back on purpose");
      }),
    ).rejects.toThrow("rolled back on purpose");
    expect(await read()).toEqual({ ended30: 1, renewed30: 0, ended90: 1, renewed90: 0 });
    // Joined compulsory insurance, recorded as worklist.recordOutcome stores it, by E + 30: out of both windows.
    await insertContactOutcome(
      db,
      {
        provinceCode: "98",
        participantId: stored[0]!.id,
        scheme: "voluntary_social_insurance",
        coveredUntil: "2024-06-30",
        outcome: "compulsory_insurance",
        promisedOn: null,
        note: null,
        agentId: null,
        recordedBy: null,
      },
      true,
      "2024-07-10",
    );
    expect(await read()).toEqual({ ended30: 0, renewed30: 0, ended90: 0, renewed90: 0 });
  });
});
