import { count, eq, sql } from "drizzle-orm";
import { appendAudit, DEMO_POST_OFFICE_COLLECTOR_EMAIL, enrolments, rebuildAggregates, seedRegistryReference, selectRows, user, type Db } from "@ansinh/db";
import { todayInVietnam } from "@ansinh/domain/dates";
import { endsEligibility } from "@ansinh/domain/registry";
import { generateDemo, type DemoOutcome, type DemoRecord } from "./demo-registry-data.js";
import { recordEnrolment } from "./record-enrolment.js";

export interface DemoRegistryResult {
  /** Enrolments recorded by this call (0 when the demo was there already). */
  recorded: number;
  /** Records found already stored (a seed interrupted earlier and resumed). */
  alreadyThere: number;
  /** Contact outcomes written by this call (0 when they were there already). */
  outcomes: number;
  seconds: number;
}

/** The last 2026 receipt date the demo holds: today, at the latest the end of October 2026. */
const until2026 = (today: string) => (today < "2026-10-31" ? today : "2026-10-31");

/**
 * Seeds the demo registry: the reference data (communes, facilities, agents, the post office's
 * collector) and the generated people, households, enrolments and payments of
 * ./demo-registry-data, every one written through `recordEnrolment` (the registry's one write
 * path: kind, amount and cover are the domain's). Idempotent: a second start finds the records
 * and writes nothing; a seed interrupted part-way is finished (stored receipts are duplicates).
 * One transaction, one audit row.
 */
export async function seedDemoRegistry(db: Db, today = todayInVietnam()): Promise<DemoRegistryResult> {
  const started = performance.now();
  const limit = until2026(today);
  const demo = generateDemo(2020, limit, today);
  const records = demo.records.filter((r) => r.receiptDate <= limit);
  return db.transaction(async (tx) => {
    const agentIds = await seedRegistryReference(tx);
    const [stored] = await tx.select({ n: count() }).from(enrolments).where(eq(enrolments.source, "demo"));
    const [collector] = await tx.select({ id: user.id }).from(user).where(eq(user.email, DEMO_POST_OFFICE_COLLECTOR_EMAIL));
    if (Number(stored?.n ?? 0) >= records.length) {
      // The registry is there; its outcomes are written if missing (the triggers keep retention).
      const outcomes = await seedDemoOutcomes(tx, demo.outcomes, agentIds.postOffice, collector?.id ?? null);
      return { recorded: 0, alreadyThere: records.length, outcomes, seconds: (performance.now() - started) / 1000 };
    }
    // A bulk load: the dashboard's aggregates are rebuilt once, in this transaction, rather than
    // refreshed by every statement (migration 0006).
    await tx.execute(sql`set local ansinh.defer_aggregates = 'on'`);
    let recorded = 0;
    let alreadyThere = 0;
    for (const r of records) {
      const result = await recordEnrolment(tx, commandOf(r, agentIds[r.agent], r.byCollector ? (collector?.id ?? null) : null), { actorId: null });
      if (result.outcome === "recorded") recorded++;
      else if (result.outcome === "duplicate" && result.code === "ENROLMENT.DUPLICATE_RECEIPT") alreadyThere++;
      // The generator's records are valid by construction: anything else is a bug, and nothing is kept.
      else throw new Error(`demo record ${r.receiptNumber} ${result.outcome}: ${JSON.stringify(result.issues)}`);
    }
    const outcomes = await seedDemoOutcomes(tx, demo.outcomes, agentIds.postOffice, collector?.id ?? null);
    await rebuildAggregates(tx);
    await tx.execute(sql`set local ansinh.defer_aggregates = 'off'`);
    if (recorded > 0) {
      await appendAudit(tx, {
        actorId: null,
        actorEmail: null,
        action: "seed",
        entity: "demo_registry",
        entityId: "U Minh Thượng",
        before: null,
        after: { recorded, alreadyThere, outcomes },
      });
    }
    return { recorded, alreadyThere, outcomes, seconds: (performance.now() - started) / 1000 };
  });
}

/**
 * The demo's contact outcomes, each on its item (the person by personal ID, the scheme and the
 * day cover ended), written once: an item that has an outcome already is left alone, so a second
 * start writes nothing. Outcomes that end eligibility mark the person (the first day stays), as
 * worklist.recordOutcome does. Recorded at 09:00 in Vietnam on their day, by the post office's
 * collector when that account exists. Returns how many were written.
 */
async function seedDemoOutcomes(tx: Db, outcomes: readonly DemoOutcome[], agentId: number, collectorId: string | null): Promise<number> {
  if (outcomes.length === 0) return 0;
  const rows = JSON.stringify(
    outcomes.map((o) => ({ pid: o.personalId, scheme: o.scheme, cu: o.coveredUntil, outcome: o.outcome, promised: o.promisedOn, on: o.recordedOn })),
  );
  const written = await selectRows<{ n: number }>(
    tx,
    sql`with x as (
          select * from jsonb_to_recordset(${rows}::jsonb) as x(pid text, scheme text, cu date, outcome text, promised date, "on" date)
        ), ins as (
          insert into contact_outcomes (province_code, participant_id, scheme, covered_until, outcome, promised_on, agent_id, recorded_by, recorded_at)
          select p.province_code, p.id, x.scheme, x.cu, x.outcome, x.promised, ${agentId}, ${collectorId}, (x."on"::timestamp + interval '9 hours') at time zone 'Asia/Ho_Chi_Minh'
          from x join participants p on p.personal_id = x.pid
          where not exists (select 1 from contact_outcomes o where o.participant_id = p.id and o.scheme = x.scheme and o.covered_until = x.cu)
          order by p.id, x.cu
          returning 1
        )
        select count(*)::int as n from ins`,
  );
  const ends = outcomes.filter((o) => endsEligibility(o.outcome)).map((o) => ({ pid: o.personalId, outcome: o.outcome, on: o.recordedOn }));
  if (ends.length > 0)
    await tx.execute(sql`
      update participants p set eligibility_ended_on = x."on", eligibility_ended_by = x.outcome, updated_at = now(), version = p.version + 1
      from jsonb_to_recordset(${JSON.stringify(ends)}::jsonb) as x(pid text, outcome text, "on" date)
      where p.personal_id = x.pid and p.eligibility_ended_on is null`);
  return Number(written[0]?.n ?? 0);
}

function commandOf(r: DemoRecord, agentId: number, collectorId: string | null) {
  return {
    participant: r.participant,
    scheme: r.scheme,
    startMonth: r.startMonth,
    months: r.months,
    monthlyIncome: r.monthlyIncome,
    supportGroups: r.supportGroups,
    householdRank: r.householdRank,
    facilityCode: r.facilityCode,
    // No amount: the domain computes it (what the agent collects is what the rules say).
    payment: { amount: null, receiptDate: r.receiptDate, receiptNumber: r.receiptNumber },
    agentId,
    collectorId,
    source: "demo" as const,
    participantMode: r.existing ? ("any" as const) : ("new" as const),
  };
}
