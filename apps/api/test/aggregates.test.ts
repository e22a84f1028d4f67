/**
 * The dashboard's incremental figures (migration 0006) on both databases, against the domain and
 * against the plain GROUP BY over the registry they replace. Random registries (fast-check) on a
 * province whose codes are reused across two eras: people with enrolments in both schemes, some
 * cancelled, payments joined or not; then, on random dates, for each child of the province:
 *  - covered and lapsed participants equal the domain's `coverageStatus` of each person's payments,
 *    each person counted under the commune of their latest enrolment started by the date;
 *  - enrolments in a window equal a count of the generated rows;
 *  - `dashboardFigures` (the aggregates) equals `dashboardActivityFromRegistry` (the GROUP BY);
 * and the same after cancellations, a deleted payment and a merge of two people (UPDATE and DELETE
 * statements), and after `ansinh_rebuild_aggregates()`. Across the reform: on a date of
 * the second era, a person whose latest enrolment was made on a first-era commune is active or
 * lapsed on that commune's home (the mapping below, with a split; new enrolments are not carried).
 */
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  agents,
  areaMappings,
  areas,
  dashboardActivityFromRegistry,
  dashboardFigures,
  enrolments,
  participants,
  payments,
  rebuildAggregates,
  selectRows,
  type Db,
  type DbHandle,
} from "@ansinh/db";
import { addDays } from "@ansinh/domain/dates";
import type { Scheme } from "@ansinh/domain/eligibility";
import { coverageStatus, normaliseName, periodEnd } from "@ansinh/domain/registry";
import { drivers } from "./helpers.js";
import { personalIdFor, resetRegistry } from "./registry-list-fixtures.js";

const schemes: Scheme[] = ["voluntary_social_insurance", "household_health_insurance"];
const kindsAll = ["new", "renewal", "returning"] as const;

/** Era 1 (to 2025-06-30): province 98 → districts 981 (communes 98101, 98102), 982 (98201). Era 2: 98 → communes 98101 (code reused), 98301. */
const ERA2 = "2025-07-01";
const era1 = { children: ["981", "982"], parentOf: { "98101": "981", "98102": "981", "98201": "982" } as Record<string, string> };
const era2 = { children: ["98101", "98301"], parentOf: { "98101": "98101", "98301": "98301" } as Record<string, string> };
const eraOf = (d: string) => (d < ERA2 ? era1 : era2);
/** The reform's mapping: 98102 was split between 98101 and 98301 (its home: 98101, the first by code). */
const mapping: [string, string][] = [
  ["98101", "98101"],
  ["98102", "98101"],
  ["98102", "98301"],
  ["98201", "98301"],
];
const homeInEra2: Record<string, string> = { "98101": "98101", "98102": "98101", "98201": "98301" };

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
}

interface GenPayment {
  offsetMonths: number;
  months: number;
}
interface GenEnrolment {
  scheme: Scheme;
  kind: (typeof kindsAll)[number];
  start: string;
  communeIndex: number;
  months: number;
  cancelled: boolean;
  amount: number;
  payments: GenPayment[];
}
type GenPerson = GenEnrolment[];

const dayArb = fc.integer({ min: 0, max: 365 * 4 }).map((n) => addDays("2023-01-01", n));
const enrolmentArb: fc.Arbitrary<GenEnrolment> = fc.record({
  scheme: fc.constantFrom(...schemes),
  kind: fc.constantFrom(...kindsAll),
  start: dayArb,
  communeIndex: fc.nat(10),
  months: fc.constantFrom(1, 3, 6, 12),
  cancelled: fc.boolean(),
  amount: fc.integer({ min: 0, max: 5_000_000 }),
  payments: fc.array(fc.record({ offsetMonths: fc.integer({ min: 0, max: 14 }), months: fc.constantFrom(1, 3, 6, 12) }), { minLength: 0, maxLength: 2 }),
});
const registryArb = fc.array(fc.array(enrolmentArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 10 });
const datesArb = fc.array(dayArb, { minLength: 1, maxLength: 3 });

interface Stored {
  id: number;
  participantId: number;
  scheme: Scheme;
  kind: string;
  start: string;
  commune: string;
  cancelled: boolean;
  amount: number;
  payments: { id: number; participantId: number; from: string; months: number }[];
}

function communeFor(start: string, index: number): string {
  const list = Object.keys(eraOf(start).parentOf);
  return list[index % list.length]!;
}

async function writeRegistry(db: Db, people: GenPerson[]): Promise<Stored[]> {
  await resetRegistry(db);
  const [agent] = await db
    .insert(agents)
    .values({ name: "Đại lý thử", kind: "post_office", provinceCode: "98", areaCode: "98", areaValidOn: "2024-01-01" })
    .returning({ id: agents.id });
  const out: Stored[] = [];
  let serial = 0;
  let receipt = 0;
  for (const person of people) {
    const name = `Người thử ${++serial}`;
    const [p] = await db
      .insert(participants)
      .values({
        provinceCode: "98",
        personalId: personalIdFor("1980-01-01", "female", serial),
        fullName: name,
        nameKey: normaliseName(name),
        birthDate: "1980-01-01",
        gender: "female",
        communeCode: communeFor(person[0]!.start, person[0]!.communeIndex),
        communeValidOn: person[0]!.start,
      })
      .returning({ id: participants.id });
    for (const g of person) {
      const commune = communeFor(g.start, g.communeIndex);
      const [e] = await db
        .insert(enrolments)
        .values({
          provinceCode: "98",
          participantId: p!.id,
          scheme: g.scheme,
          kind: g.kind,
          startDate: g.start,
          months: g.months,
          breakdown: { fixture: true },
          ratesEffectiveFrom: "2023-01-01",
          amount: g.amount,
          communeCode: commune,
          agentId: agent!.id,
          status: g.cancelled ? "cancelled" : "active",
          source: "demo",
        })
        .returning({ id: enrolments.id });
      const stored: Stored = {
        id: e!.id,
        participantId: p!.id,
        scheme: g.scheme,
        kind: g.kind,
        start: g.start,
        commune,
        cancelled: g.cancelled,
        amount: g.amount,
        payments: [],
      };
      for (const pay of g.payments) {
        const from = addDays(g.start, pay.offsetMonths * 30);
        const [row] = await db
          .insert(payments)
          .values({
            provinceCode: "98",
            enrolmentId: e!.id,
            participantId: p!.id,
            coverFrom: from,
            months: pay.months,
            coverTo: periodEnd({ from, months: pay.months }),
            amount: g.amount,
            receiptDate: g.start,
            receiptNumber: `AG${String(++receipt).padStart(6, "0")}`,
            agentId: agent!.id,
          })
          .returning({ id: payments.id });
        stored.payments.push({ id: row!.id, participantId: p!.id, from, months: pay.months });
      }
      out.push(stored);
    }
  }
  return out;
}

/** What the domain says, from the generated rows: per child of 98 on `onDate`, covered and lapsed people, and enrolments started in [from, onDate]. */
function expected(rows: Stored[], scheme: Scheme, onDate: string, from: string, kinds: readonly string[]) {
  const era = eraOf(onDate);
  const out = new Map<string, { active: number; lapsed: number; n: number; amount: number }>(
    era.children.map((c) => [c, { active: 0, lapsed: 0, n: 0, amount: 0 }]),
  );
  const childOf = (r: Stored) => (eraOf(r.start) === era ? era.parentOf[r.commune] : undefined);
  const live = rows.filter((r) => r.scheme === scheme && !r.cancelled);
  for (const r of live) {
    const c = childOf(r);
    if (c && r.start >= from && r.start <= onDate && kinds.includes(r.kind)) {
      out.get(c)!.n += 1;
      out.get(c)!.amount += r.amount;
    }
  }
  const byPerson = new Map<number, Stored[]>();
  for (const r of live) byPerson.set(r.participantId, [...(byPerson.get(r.participantId) ?? []), r]);
  const paymentsOf = (pid: number) => live.flatMap((r) => r.payments.filter((p) => p.participantId === pid));
  for (const [pid, list] of byPerson) {
    const started = list.filter((r) => r.start <= onDate).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id - b.id));
    const latest = started[started.length - 1];
    if (!latest) continue;
    // active and lapsed follow the person's commune across the reform (its home)
    const c = childOf(latest) ?? (era === era2 ? era2.parentOf[homeInEra2[latest.commune]!] : undefined);
    if (!c) continue;
    const s = coverageStatus(
      paymentsOf(pid).map((p) => ({ from: p.from, months: p.months })),
      onDate,
    );
    if (s.status === "active" || s.status === "due") out.get(c)!.active += 1;
    else if (s.status === "lapsed") out.get(c)!.lapsed += 1;
  }
  return out;
}

async function incremental(db: Db, scheme: Scheme, onDate: string, from: string, kinds: readonly string[]) {
  const children = eraOf(onDate).children;
  const f = await dashboardFigures(db, { code: "98", areas: children, onDate, scheme, kinds, days: [addDays(from, -1), onDate], seriesFrom: from });
  const at = (c: string, d: string) => f.totals.get(c)?.get(d) ?? { n: 0, amount: 0 };
  return new Map(
    children.map((c) => [
      c,
      {
        active: f.status.get(c)?.active ?? 0,
        lapsed: f.status.get(c)?.lapsed ?? 0,
        n: at(c, onDate).n - at(c, addDays(from, -1)).n,
        amount: at(c, onDate).amount - at(c, addDays(from, -1)).amount,
      },
    ]),
  );
}

async function groupBy(db: Db, scheme: Scheme, onDate: string, from: string, kinds: readonly string[]) {
  const a = await dashboardActivityFromRegistry(db, { code: "98", onDate, scheme, from, kinds });
  return new Map(
    eraOf(onDate).children.map((c) => {
      const x = a.byChild.get(c);
      return [c, { active: x?.active ?? 0, lapsed: x?.lapsed ?? 0, n: (x?.daily ?? []).reduce((s, [, n]) => s + n, 0), amount: x?.amount ?? 0 }];
    }),
  );
}

async function checkAll(db: Db, rows: Stored[], dates: string[]) {
  for (const onDate of dates) {
    for (const scheme of schemes) {
      for (const kinds of [kindsAll, ["new", "returning"]] as const) {
        const from = `${onDate.slice(0, 4)}-01-01`;
        const want = expected(rows, scheme, onDate, from, kinds);
        expect(await incremental(db, scheme, onDate, from, kinds), `incremental on ${onDate} ${scheme}`).toEqual(want);
        expect(await groupBy(db, scheme, onDate, from, kinds), `GROUP BY on ${onDate} ${scheme}`).toEqual(want);
      }
    }
  }
}

const aggregateRows = async (db: Db) => ({
  counts: await selectRows(
    db,
    sql`select area_code, era_since::text, scheme, kind, grain, bucket::text, n::float8, amount::float8 from enrolment_counts where n <> 0 or amount <> 0 order by 1, 2, 3, 4, 5, 6`,
  ),
  coverage: await selectRows(
    db,
    sql`select area_code, era_since::text, scheme, grain, bucket::text, active::float8, lapsed::float8 from coverage_counts where active <> 0 or lapsed <> 0 order by 1, 2, 3, 4, 5`,
  ),
});

describe.each(drivers)("incremental dashboard figures on $name", ({ open }) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await open();
    await seedAreas(h.db as Db);
  });
  afterAll(async () => h?.close());

  it("equal the domain's coverageStatus and the GROUP BY over the registry, after inserts, updates, deletes and a rebuild", { timeout: 600_000 }, async () => {
    const db = h.db as Db;
    await fc.assert(
      fc.asyncProperty(registryArb, datesArb, fc.nat(), async (people, dates, pick) => {
        const rows = await writeRegistry(db, people);
        await checkAll(db, rows, dates);

        // UPDATE: cancel one enrolment; DELETE: a payment; a merge moves one person's rows to another.
        const victim = rows[pick % rows.length]!;
        await db.execute(sql`update enrolments set status = 'cancelled' where id = ${victim.id}`);
        victim.cancelled = true;
        const paid = rows.find((r) => r.payments.length > 0);
        if (paid) {
          const gone = paid.payments.pop()!;
          await db.execute(sql`delete from payments where id = ${gone.id}`);
        }
        const ids = [...new Set(rows.map((r) => r.participantId))];
        if (ids.length > 1) {
          const [kept, merged] = [ids[0]!, ids[ids.length - 1]!];
          await db.transaction(async (tx) => {
            await tx.execute(sql`update enrolments set participant_id = ${kept} where participant_id = ${merged}`);
            await tx.execute(sql`update payments set participant_id = ${kept} where participant_id = ${merged}`);
          });
          for (const r of rows) {
            if (r.participantId === merged) r.participantId = kept;
            for (const p of r.payments) if (p.participantId === merged) p.participantId = kept;
          }
        }
        await checkAll(db, rows, dates);

        const before = await aggregateRows(db);
        await rebuildAggregates(db);
        expect(await aggregateRows(db)).toEqual(before);
      }),
      { numRuns: 25, seed: 1212 },
    );
  });

  it("are kept in the write's own transaction: a rolled-back write leaves no trace", async () => {
    const db = h.db as Db;
    const rows = await writeRegistry(db, [
      [
        {
          scheme: "voluntary_social_insurance",
          kind: "new",
          start: "2024-03-01",
          communeIndex: 0,
          months: 12,
          cancelled: false,
          amount: 100,
          payments: [{ offsetMonths: 0, months: 12 }],
        },
      ],
    ]);
    const before = await aggregateRows(db);
    expect(before.counts.length).toBeGreaterThan(0);
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`update enrolments set status = 'cancelled' where id = ${rows[0]!.id}`);
        const inside = await selectRows<{ n: number }>(
          tx,
          sql`select coalesce(sum(n), 0)::int as n from enrolment_counts where area_code = '98' and grain = 'y'`,
        );
        expect(inside[0]!.n).toBe(0);
        throw new Error("rolled back on purpose");
      }),
    ).rejects.toThrow("rolled back on purpose");
    expect(await aggregateRows(db)).toEqual(before);
  });

  it("are rebuilt when the registry is truncated", async () => {
    const db = h.db as Db;
    await writeRegistry(db, [
      [
        {
          scheme: "household_health_insurance",
          kind: "new",
          start: "2025-08-01",
          communeIndex: 1,
          months: 12,
          cancelled: false,
          amount: 100,
          payments: [{ offsetMonths: 0, months: 12 }],
        },
      ],
    ]);
    expect((await aggregateRows(db)).coverage.length).toBeGreaterThan(0);
    await resetRegistry(db);
    expect(await aggregateRows(db)).toEqual({ counts: [], coverage: [] });
  });
});
