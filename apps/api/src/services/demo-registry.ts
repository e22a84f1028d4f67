import { count, eq, sql } from "drizzle-orm";
import { appendAudit, enrolments, rebuildAggregates, seedRegistryReference, user, DEMO_POST_OFFICE_COLLECTOR_EMAIL, type Db } from "@ansinh/db";
import { todayInVietnam } from "@ansinh/domain/dates";
import { generateDemoRegistry, type DemoRecord } from "./demo-registry-data.js";
import { recordEnrolment } from "./record-enrolment.js";

export interface DemoRegistryResult {
  /** Enrolments recorded by this call (0 when the demo was there already). */
  recorded: number;
  /** Records found already stored (a seed interrupted earlier and resumed). */
  alreadyThere: number;
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
  const records = generateDemoRegistry(2020, limit).filter((r) => r.receiptDate <= limit);
  return db.transaction(async (tx) => {
    const agentIds = await seedRegistryReference(tx);
    const [stored] = await tx.select({ n: count() }).from(enrolments).where(eq(enrolments.source, "demo"));
    if (Number(stored?.n ?? 0) >= records.length) return { recorded: 0, alreadyThere: records.length, seconds: (performance.now() - started) / 1000 };
    const [collector] = await tx.select({ id: user.id }).from(user).where(eq(user.email, DEMO_POST_OFFICE_COLLECTOR_EMAIL));
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
        after: { recorded, alreadyThere },
      });
    }
    return { recorded, alreadyThere, seconds: (performance.now() - started) / 1000 };
  });
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
