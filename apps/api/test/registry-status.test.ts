/**
 * Coverage status is a domain rule (coverageStatus); the lists read it from `participant_coverage`,
 * kept in SQL by the registry's statement-level triggers, so they can filter and page on
 * it. This property test stores, updates and deletes generated enrolments and payments and checks,
 * on PGlite and on PostgreSQL, that the SQL says exactly what the domain says for the same rows and
 * date (2019–2027: across the 2025 reform), and that a rebuild (the bulk loads' path) agrees.
 */
import { eq, inArray, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agents, coverageStatusNames, enrolments, listParticipants, participants, payments, schemeStatusesOf, type DbHandle } from "@ansinh/db";
import { addDays, fromDayNumber, toDayNumber } from "@ansinh/domain/dates";
import { coverageStatus, normaliseName, periodEnd } from "@ansinh/domain/registry";
import { drivers } from "./helpers.js";
import { resetRegistry } from "./registry-list-fixtures.js";

const schemes = ["voluntary_social_insurance", "household_health_insurance"] as const;
const first = toDayNumber("2019-01-01");
const last = toDayNumber("2027-12-31");
const dayArb = fc.integer({ min: first, max: last }).map(fromDayNumber);

const paymentArb = fc.record({
  scheme: fc.constantFrom(...schemes),
  /** Where it starts: anywhere, or relative to the end of the one before (back to back, a gap of 1 or 2 days, overlapping). */
  after: fc.constantFrom<"anywhere" | 0 | 1 | 2 | -10>("anywhere", 0, 0, 1, 2, -10),
  from: dayArb,
  // Voluntary cover starts on a month's first day; household cards on any day.
  monthStart: fc.boolean(),
  months: fc.oneof(fc.constantFrom(1, 3, 6, 12, 24, 60), fc.integer({ min: 1, max: 36 })),
  /** About one in seven enrolments cancelled: their payments cover nothing. */
  cancelled: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
});

const caseArb = fc.record({
  payments: fc.array(paymentArb, { maxLength: 6 }),
  /** A scheme enrolled in without any payment yet. */
  unpaid: fc.option(fc.constantFrom(...schemes), { nil: null }),
  /** The date: anywhere, or near an edge of one of the periods (its first or last day, the day after, the window's edge). */
  onDate: dayArb,
  near: fc.option(fc.record({ index: fc.nat(), edge: fc.constantFrom("from", "to"), shift: fc.integer({ min: -2, max: 2 }), window: fc.boolean() }), {
    nil: null,
  }),
  window: fc.oneof(fc.constant(30), fc.integer({ min: 0, max: 120 })),
});

/** The generated periods as stored: each placed where `after` says. */
function periodsOf(c: { payments: (typeof paymentArb extends fc.Arbitrary<infer P> ? P : never)[] }) {
  const out: { scheme: (typeof schemes)[number]; from: string; months: number; cancelled: boolean; to: string }[] = [];
  for (const p of c.payments) {
    const prev = out[out.length - 1];
    let from = p.after === "anywhere" || !prev ? p.from : addDays(prev.to, 1 + p.after);
    if (p.monthStart) from = `${from.slice(0, 7)}-01`;
    if (from < "2000-01-01" || from > "2099-01-01") from = p.from;
    out.push({ scheme: p.scheme, from, months: p.months, cancelled: p.cancelled, to: periodEnd({ from, months: p.months }) });
  }
  return out;
}

describe.each(drivers)("coverage status in SQL equals the domain's on $name", ({ open }) => {
  let h: DbHandle;
  let pid: number;
  beforeAll(async () => {
    h = await open();
    await resetRegistry(h.db);
    const [p] = await h.db
      .insert(participants)
      .values({
        provinceCode: "91",
        personalId: "091085000001",
        fullName: "Người Thử",
        nameKey: normaliseName("Người Thử"),
        birthDate: "1985-01-01",
        gender: "male",
        communeCode: "31051",
        communeValidOn: "2020-06-30",
      })
      .returning({ id: participants.id });
    pid = p!.id;
  }, 60_000);
  afterAll(async () => h?.close());

  it("for generated payments, dates and windows", async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        await h.db.delete(payments).where(eq(payments.participantId, pid));
        await h.db.delete(enrolments).where(eq(enrolments.participantId, pid));
        let n = 0;
        const enrol = async (scheme: (typeof schemes)[number], from: string, months: number, cancelled: boolean) => {
          const [e] = await h.db
            .insert(enrolments)
            .values({
              provinceCode: "91",
              participantId: pid,
              scheme,
              kind: "new",
              startDate: from,
              months,
              breakdown: {},
              ratesEffectiveFrom: "2024-07-01",
              amount: 0,
              communeCode: "31051",
              source: "demo",
              status: cancelled ? "cancelled" : "active",
            })
            .returning({ id: enrolments.id });
          return e!.id;
        };
        const periods = periodsOf(c);
        let onDate = c.onDate;
        if (c.near && periods.length) {
          const p = periods[c.near.index % periods.length]!;
          onDate = addDays(c.near.edge === "from" ? p.from : p.to, c.near.shift - (c.near.window ? c.window : 0));
        }
        // Half the cancellations happen later, as the cancel action does: an UPDATE of the enrolment.
        const cancelLater: number[] = [];
        for (const p of periods) {
          const later = p.cancelled && n % 2 === 0;
          const enrolmentId = await enrol(p.scheme, p.from, p.months, p.cancelled && !later);
          if (later) cancelLater.push(enrolmentId);
          await h.db.insert(payments).values({
            provinceCode: "91",
            enrolmentId,
            participantId: pid,
            coverFrom: p.from,
            months: p.months,
            coverTo: p.to,
            amount: 0,
            receiptDate: p.from,
            receiptNumber: `P${++n}`,
            agentId: await agentId(),
          });
        }
        if (cancelLater.length) await h.db.update(enrolments).set({ status: "cancelled" }).where(inArray(enrolments.id, cancelLater));
        if (c.unpaid) await enrol(c.unpaid, onDate, 1, false);

        const got = await schemeStatusesOf(h.db, pid, onDate, c.window);
        const enrolled = [...new Set([...periods.filter((p) => !p.cancelled).map((p) => p.scheme), ...(c.unpaid ? [c.unpaid] : [])])].sort();
        expect(got.map((g) => g.scheme)).toEqual(enrolled);
        for (const g of got) {
          const d = coverageStatus(
            periods.filter((p) => p.scheme === g.scheme && !p.cancelled).map((p) => ({ from: p.from, months: p.months })),
            onDate,
            { dueWithinDays: c.window },
          );
          const want =
            d.status === "active" || d.status === "due"
              ? { status: d.status, coveredUntil: d.coveredUntil, daysLeft: d.daysLeft, since: null }
              : d.status === "lapsed"
                ? { status: d.status, coveredUntil: d.lastCoveredDay, daysLeft: null, since: d.since, nextFrom: d.resumesOn }
                : { status: d.status, coveredUntil: null, daysLeft: null, since: null, nextFrom: d.startsOn };
          expect(g).toMatchObject(want);
          if (g.status === "lapsed") expect(g.since).toBe(addDays(g.coveredUntil!, 1));
        }
        // The lists' status filter (a cheap pre-filter, then the exact status) finds the person
        // exactly when one of their schemes (or the chosen one) has that status.
        for (const status of coverageStatusNames) {
          for (const scheme of [undefined, ...schemes]) {
            const page = await listParticipants(h.db, {
              communes: null,
              status,
              scheme,
              onDate,
              dueWithinDays: c.window,
              sort: "name",
              direction: "asc",
              limit: 5,
              offset: 0,
            });
            const want = got.some((g) => g.status === status && (scheme === undefined || g.scheme === scheme));
            expect([status, scheme, page.rows.some((r) => r.id === pid)]).toEqual([status, scheme, want]);
          }
        }
      }),
      { numRuns: 80 },
    );
  }, 300_000);

  it("keeps the same segments whether kept by the triggers or rebuilt after a bulk load (COPY + rebuild)", async () => {
    const snapshot = async () =>
      (await h.db.execute(sql`select participant_id, scheme, seg_from::text, seg_to::text, state, covered_until::text, next_from::text
        from participant_coverage order by participant_id, scheme, seg_from`)) as unknown;
    const rowsOf = (r: unknown) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows);
    // A registry of its own (the property test leaves whatever its last case was, possibly
    // nothing): two paid periods with a gap, kept by the triggers, and an unpaid enrolment.
    await h.db.delete(payments).where(eq(payments.participantId, pid));
    await h.db.delete(enrolments).where(eq(enrolments.participantId, pid));
    const enrolment = {
      provinceCode: "91",
      participantId: pid,
      kind: "new" as const,
      breakdown: {},
      ratesEffectiveFrom: "2024-07-01",
      amount: 0,
      communeCode: "31051",
      source: "demo" as const,
    };
    let n = 0;
    for (const [from, to] of [
      ["2024-01-01", "2024-06-30"],
      ["2024-10-01", "2025-09-30"],
    ] as const) {
      const months = from === "2024-01-01" ? 6 : 12;
      const [e] = await h.db
        .insert(enrolments)
        .values({ ...enrolment, scheme: "voluntary_social_insurance", startDate: from, months })
        .returning({ id: enrolments.id });
      await h.db.insert(payments).values({
        provinceCode: "91",
        enrolmentId: e!.id,
        participantId: pid,
        coverFrom: from,
        months,
        coverTo: to,
        amount: 0,
        receiptDate: from,
        receiptNumber: `S${++n}`,
        agentId: await agentId(),
      });
    }
    await h.db.insert(enrolments).values({ ...enrolment, scheme: "household_health_insurance", startDate: "2025-03-01", months: 12 });
    const kept = rowsOf(await snapshot());
    expect(kept.length).toBeGreaterThan(1);
    await h.db.execute(sql`select ansinh_rebuild_aggregates()`);
    expect(rowsOf(await snapshot())).toEqual(kept);
  });

  let agent: number | null = null;
  async function agentId(): Promise<number> {
    if (agent !== null) return agent;
    const [a] = await h.db
      .insert(agents)
      .values({ name: "Đại lý thử", kind: "online", provinceCode: "91", areaCode: "913", areaValidOn: "2020-06-30" })
      .returning({ id: agents.id });
    agent = a!.id;
    return agent;
  }
});
