/**
 * Collection agents, their collectors and what they brought in. An agent's area is
 * checked on the agent's own date (`area_valid_on`): codes are reused across eras, so scope is
 * walked along the hierarchy of that date, in SQL.
 */
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.js";
import { agentCollectors, agents, areas, user } from "../schema/index.js";
import { eraRootValues, inRootEra, type RootArg } from "./era-roots.js";
import { containsPattern, foldedContains, selectRows } from "./sql.js";

export type AgentRow = typeof agents.$inferSelect;

const codeList = (codes: readonly string[]) =>
  codes.length
    ? sql.join(
        codes.map((c) => sql`${c}`),
        sql`, `,
      )
    : sql`null`;

/**
 * Ids of the agents whose area, on the agent's own date, lies in the subtree of one of `roots`
 * (the caller's roles for an action), each root counting only for agents dated in its era. Walks
 * up from each agent's area along the units in force on that agent's date.
 */
export function agentIdsWithinSql(roots: readonly RootArg[]): SQL {
  if (roots.length === 0) return sql`select null::int as agent_id where false`;
  return sql`
    with recursive roots(code, era_from, era_to) as (values ${eraRootValues(roots)}),
    up(agent_id, code, on_date, depth) as (
      select a.id, a.area_code, a.area_valid_on, 0 from agents a
      union all
      select up.agent_id, ar.parent_code, up.on_date, up.depth + 1
      from up join areas ar on ar.code = up.code and ar.valid_from <= up.on_date and (ar.valid_to is null or ar.valid_to >= up.on_date)
      where ar.parent_code is not null and up.depth < 10
    )
    select distinct up.agent_id from up join roots r on r.code = up.code and ${inRootEra("up.on_date")}`;
}

const scopeCondition = (roots: readonly RootArg[] | null): SQL | undefined => (roots === null ? undefined : sql`${agents.id} in (${agentIdsWithinSql(roots)})`);

export interface AgentListRow extends AgentRow {
  areaName: string | null;
  collectors: number;
}

const areaNameSql = sql<string | null>`(select ar.name from ${areas} ar where ar.code = ${agents.areaCode}
  and ar.valid_from <= ${agents.areaValidOn} and (ar.valid_to is null or ar.valid_to >= ${agents.areaValidOn}) limit 1)`;
const collectorCountSql = sql<number>`(select count(*)::int from ${agentCollectors} ac where ac.agent_id = ${agents.id})`;

/** Agents in the subtrees of `roots` (null: all), by name; `search` ignores case and diacritics. */
export async function listAgents(
  db: Db,
  opts: { roots: readonly RootArg[] | null; search?: string | undefined; active?: boolean | undefined; limit: number; offset: number },
): Promise<{ rows: AgentListRow[]; total: number }> {
  const conditions = [scopeCondition(opts.roots)];
  if (opts.search) conditions.push(foldedContains(agents.name, opts.search));
  if (opts.active !== undefined) conditions.push(eq(agents.active, opts.active));
  const where = and(...conditions.filter((c): c is SQL => c !== undefined));
  const [rows, [count]] = await Promise.all([
    db
      .select({ agent: agents, areaName: areaNameSql, collectors: collectorCountSql })
      .from(agents)
      .where(where)
      .orderBy(asc(agents.name), asc(agents.id))
      .limit(opts.limit)
      .offset(opts.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(agents)
      .where(where),
  ]);
  return { rows: rows.map((r) => ({ ...r.agent, areaName: r.areaName, collectors: Number(r.collectors) })), total: Number(count?.n ?? 0) };
}

/** One agent, when it lies in the subtrees of `roots` (null: anywhere). */
export async function getAgent(db: Db, id: number, roots: readonly RootArg[] | null): Promise<AgentListRow | undefined> {
  const [r] = await db
    .select({ agent: agents, areaName: areaNameSql, collectors: collectorCountSql })
    .from(agents)
    .where(and(eq(agents.id, id), scopeCondition(roots)));
  return r ? { ...r.agent, areaName: r.areaName, collectors: Number(r.collectors) } : undefined;
}

export interface AgentCollectorRow {
  userId: string;
  name: string;
  email: string;
  disabled: boolean;
}

export async function agentCollectorsOf(db: Db, agentId: number): Promise<AgentCollectorRow[]> {
  return db
    .select({ userId: user.id, name: user.name, email: user.email, disabled: user.disabled })
    .from(agentCollectors)
    .innerJoin(user, eq(user.id, agentCollectors.userId))
    .where(eq(agentCollectors.agentId, agentId))
    .orderBy(asc(user.name), asc(user.id));
}

/** Users holding the collector role on one of `codes` (an agent's area and its ancestors). */
export async function collectorCandidates(db: Db, codes: readonly string[], search?: string): Promise<AgentCollectorRow[]> {
  const rows = await selectRows<AgentCollectorRow>(
    db,
    sql`select u.id as "userId", u.name, u.email, u.disabled from auth_user u
        where exists (select 1 from role_assignments ra where ra.user_id = u.id and ra.role = 'collector' and ra.area_code in (${codeList(codes)}))
        ${search ? sql`and (${foldedContains(sql`u.name`, search)} or u.email ilike ${containsPattern(search)})` : sql``}
        order by u.name, u.id limit 100`,
  );
  return rows;
}

/** Adds a collector; false when it was one already. */
export async function addAgentCollector(db: Db, agentId: number, userId: string): Promise<boolean> {
  const res = await db.insert(agentCollectors).values({ agentId, userId }).onConflictDoNothing().returning({ agentId: agentCollectors.agentId });
  return res.length > 0;
}

/** Removes a collector; false when it was not one. */
export async function removeAgentCollector(db: Db, agentId: number, userId: string): Promise<boolean> {
  const res = await db
    .delete(agentCollectors)
    .where(and(eq(agentCollectors.agentId, agentId), eq(agentCollectors.userId, userId)))
    .returning({ agentId: agentCollectors.agentId });
  return res.length > 0;
}

export interface PerformanceRow {
  agentId: number;
  agentName: string;
  collectorId: string | null;
  collectorName: string | null;
  scheme: string;
  kind: string;
  enrolments: number;
  amount: number;
}

/**
 * What agents brought in between two receipt dates (inclusive): enrolments (counted once however
 * many payments) and the amounts received, by agent, collector, scheme and kind (new / renewal /
 * returning). Only agents in the subtrees of `roots` (null: all); `agentId` narrows to one.
 */
export async function agentPerformance(
  db: Db,
  opts: { roots: readonly RootArg[] | null; from: string; to: string; agentId?: number | undefined },
): Promise<PerformanceRow[]> {
  const rows = await selectRows<PerformanceRow>(
    db,
    sql`select p.agent_id as "agentId", a.name as "agentName", e.collector_id as "collectorId", u.name as "collectorName",
               e.scheme, e.kind, count(distinct e.id)::int as enrolments, coalesce(sum(p.amount), 0)::bigint as amount
        from payments p
        join enrolments e on e.id = p.enrolment_id
        join agents a on a.id = p.agent_id
        left join auth_user u on u.id = e.collector_id
        where p.receipt_date between ${opts.from}::date and ${opts.to}::date
          and e.status = 'active'
          ${opts.agentId !== undefined ? sql`and p.agent_id = ${opts.agentId}` : sql``}
          ${opts.roots === null ? sql`` : sql`and p.agent_id in (${agentIdsWithinSql(opts.roots)})`}
        group by p.agent_id, a.name, e.collector_id, u.name, e.scheme, e.kind
        order by a.name, p.agent_id, u.name nulls last, e.scheme, e.kind`,
  );
  return rows.map((r) => ({ ...r, enrolments: Number(r.enrolments), amount: Number(r.amount) }));
}
