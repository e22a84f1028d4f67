/**
 * Campaigns (đợt vận động), their outreach events and the enrolments attributed to them (issue
 * 11). A campaign's areas are checked on its `areas_valid_on`, an event's area on its own date:
 * codes are reused across eras, so scope is walked along the hierarchy of that date, in SQL.
 * A row is visible to a caller when its area and the caller's areas overlap: the area lies in the
 * caller's subtrees, or contains one of the caller's roots (a province's campaign is seen by the
 * districts it covers).
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.js";
import { agents, areas, campaigns, enrolments, outreachEvents } from "../schema/index.js";
import { eraRootValues, inRootEra, type RootArg } from "./era-roots.js";
import { foldedContains, selectRows } from "./sql.js";

export type CampaignRow = typeof campaigns.$inferSelect;
export type OutreachEventRow = typeof outreachEvents.$inferSelect;

/**
 * Ids of the rows of `source` (`select id, code, on_date …`) whose unit, on the row's date,
 * overlaps the subtrees of `roots`, each root counting only for rows dated in its era.
 */
function overlappingIdsSql(source: SQL, roots: readonly RootArg[]): SQL {
  if (roots.length === 0) return sql`select null::int as id where false`;
  const live = (alias: string, on: string) => sql.raw(`${alias}.valid_from <= ${on} and (${alias}.valid_to is null or ${alias}.valid_to >= ${on})`);
  return sql`
    with recursive src(id, code, on_date) as (${source}),
    roots(code, era_from, era_to) as (values ${eraRootValues(roots)}),
    up(id, code, on_date, depth) as (
      select id, code, on_date, 0 from src
      union all
      select up.id, ar.parent_code, up.on_date, up.depth + 1
      from up join areas ar on ar.code = up.code and ${live("ar", "up.on_date")}
      where ar.parent_code is not null and up.depth < 10
    ),
    rup(code, on_date, depth) as (
      select r.code, d.on_date, 0 from (select distinct on_date from src) d join roots r on ${inRootEra("d.on_date")}
      union all
      select ar.parent_code, rup.on_date, rup.depth + 1
      from rup join areas ar on ar.code = rup.code and ${live("ar", "rup.on_date")}
      where ar.parent_code is not null and rup.depth < 10
    )
    select up.id from up join roots r on r.code = up.code and ${inRootEra("up.on_date")}
    union
    select src.id from src join rup on rup.code = src.code and rup.on_date = src.on_date`;
}

const campaignSource = sql`select c.id, unnest(c.area_codes), c.areas_valid_on from campaigns c`;
const eventSource = sql`select e.id, e.area_code, e.event_date from outreach_events e`;

const campaignScope = (roots: readonly RootArg[] | null): SQL | undefined =>
  roots === null ? undefined : sql`${campaigns.id} in (${overlappingIdsSql(campaignSource, roots)})`;
const eventScope = (roots: readonly RootArg[] | null): SQL | undefined =>
  roots === null ? undefined : sql`${outreachEvents.id} in (${overlappingIdsSql(eventSource, roots)})`;

export interface CampaignListRow extends CampaignRow {
  events: number;
  attendances: number;
  enrolments: number;
}

const eventCountSql = sql<number>`(select count(*)::int from ${outreachEvents} oe where oe.campaign_id = "campaigns"."id")`;
const attendanceSumSql = sql<number>`(select coalesce(sum(oe.attendances), 0)::int from ${outreachEvents} oe where oe.campaign_id = "campaigns"."id")`;
const enrolmentCountSql = sql<number>`(select count(*)::int from ${enrolments} en where en.campaign_id = "campaigns"."id" and en.status = 'active')`;

/** Campaigns overlapping the subtrees of `roots` (null: all), latest first; `search` ignores case and diacritics. */
export async function listCampaigns(
  db: Db,
  opts: { roots: readonly RootArg[] | null; search?: string | undefined; limit: number; offset: number },
): Promise<{ rows: CampaignListRow[]; total: number }> {
  const conditions = [campaignScope(opts.roots)];
  if (opts.search) conditions.push(foldedContains(campaigns.name, opts.search));
  const where = and(...conditions.filter((c): c is SQL => c !== undefined));
  const [rows, [count]] = await Promise.all([
    db
      .select({ c: campaigns, events: eventCountSql, attendances: attendanceSumSql, enrolments: enrolmentCountSql })
      .from(campaigns)
      .where(where)
      .orderBy(desc(campaigns.startDate), asc(campaigns.name), asc(campaigns.id))
      .limit(opts.limit)
      .offset(opts.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(campaigns)
      .where(where),
  ]);
  return {
    rows: rows.map((r) => ({ ...r.c, events: Number(r.events), attendances: Number(r.attendances), enrolments: Number(r.enrolments) })),
    total: Number(count?.n ?? 0),
  };
}

/** One campaign, when it overlaps the subtrees of `roots` (null: anywhere). */
export async function getCampaign(db: Db, id: number, roots: readonly RootArg[] | null): Promise<CampaignListRow | undefined> {
  const [r] = await db
    .select({ c: campaigns, events: eventCountSql, attendances: attendanceSumSql, enrolments: enrolmentCountSql })
    .from(campaigns)
    .where(and(eq(campaigns.id, id), campaignScope(roots)));
  return r ? { ...r.c, events: Number(r.events), attendances: Number(r.attendances), enrolments: Number(r.enrolments) } : undefined;
}

export async function campaignById(db: Db, id: number): Promise<CampaignRow | undefined> {
  const [r] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  return r;
}

export async function outreachEventById(db: Db, id: number): Promise<OutreachEventRow | undefined> {
  const [r] = await db.select().from(outreachEvents).where(eq(outreachEvents.id, id));
  return r;
}

export interface OutreachEventListRow extends OutreachEventRow {
  areaName: string | null;
  campaignName: string | null;
  enrolments: { voluntary_social_insurance: number; household_health_insurance: number };
}

const eventAreaNameSql = sql<string | null>`(select ar.name from ${areas} ar where ar.code = "outreach_events"."area_code"
  and ar.valid_from <= "outreach_events"."event_date" and (ar.valid_to is null or ar.valid_to >= "outreach_events"."event_date") limit 1)`;
const eventCampaignNameSql = sql<string | null>`(select c.name from ${campaigns} c where c.id = "outreach_events"."campaign_id")`;
const eventEnrolmentsSql = (scheme: string) =>
  sql<number>`(select count(*)::int from ${enrolments} en where en.outreach_event_id = "outreach_events"."id" and en.status = 'active' and en.scheme = ${scheme})`;

/**
 * Events overlapping the subtrees of `roots` (null: all), by date: of one campaign, outside any
 * campaign (`campaignId: null`), or all; optionally between two dates (inclusive).
 */
export async function listOutreachEvents(
  db: Db,
  opts: {
    roots: readonly RootArg[] | null;
    campaignId?: number | null | undefined;
    from?: string | undefined;
    to?: string | undefined;
    limit: number;
    offset: number;
  },
): Promise<{ rows: OutreachEventListRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [eventScope(opts.roots)];
  if (opts.campaignId === null) conditions.push(sql`${outreachEvents.campaignId} is null`);
  else if (opts.campaignId !== undefined) conditions.push(eq(outreachEvents.campaignId, opts.campaignId));
  if (opts.from) conditions.push(sql`${outreachEvents.eventDate} >= ${opts.from}::date`);
  if (opts.to) conditions.push(sql`${outreachEvents.eventDate} <= ${opts.to}::date`);
  const where = and(...conditions.filter((c): c is SQL => c !== undefined));
  const [rows, [count]] = await Promise.all([
    db
      .select({
        e: outreachEvents,
        areaName: eventAreaNameSql,
        campaignName: eventCampaignNameSql,
        voluntary: eventEnrolmentsSql("voluntary_social_insurance"),
        household: eventEnrolmentsSql("household_health_insurance"),
      })
      .from(outreachEvents)
      .where(where)
      .orderBy(asc(outreachEvents.eventDate), asc(outreachEvents.id))
      .limit(opts.limit)
      .offset(opts.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(outreachEvents)
      .where(where),
  ]);
  return {
    rows: rows.map((r) => ({
      ...r.e,
      areaName: r.areaName,
      campaignName: r.campaignName,
      enrolments: { voluntary_social_insurance: Number(r.voluntary), household_health_insurance: Number(r.household) },
    })),
    total: Number(count?.n ?? 0),
  };
}

/** One event, when it overlaps the subtrees of `roots` (null: anywhere). */
export async function getOutreachEvent(db: Db, id: number, roots: readonly RootArg[] | null): Promise<OutreachEventRow | undefined> {
  const [r] = await db
    .select()
    .from(outreachEvents)
    .where(and(eq(outreachEvents.id, id), eventScope(roots)));
  return r;
}

/** Enrolments attributed to a campaign or an event (any status), so a removal can say what it detaches. */
export async function attributedEnrolmentCount(db: Db, by: { campaignId: number } | { outreachEventId: number }): Promise<number> {
  const where = "campaignId" in by ? eq(enrolments.campaignId, by.campaignId) : eq(enrolments.outreachEventId, by.outreachEventId);
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(enrolments)
    .where(where);
  return Number(r?.n ?? 0);
}

// ------------------------------------------------------------------------------------------------
// Choices for the enrolment form

/**
 * Candidate campaigns and events for an enrolment in a commune on a date: campaigns covering one
 * of `path` (the commune and its ancestors) that start on or before `onDate` and end no earlier
 * than `earliestEnd`; events in one of `path` dated between `earliestEvent` and `onDate`. The
 * rule (`checkAttribution`) is applied by the caller.
 */
export async function attributionCandidates(
  db: Db,
  opts: { path: readonly string[]; onDate: string; earliestEnd: string; earliestEvent: string },
): Promise<{ campaigns: CampaignRow[]; events: (OutreachEventRow & { campaignName: string | null })[] }> {
  if (opts.path.length === 0) return { campaigns: [], events: [] };
  const pathArray = sql`array[${sql.join(
    opts.path.map((c) => sql`${c}`),
    sql`, `,
  )}]::text[]`;
  const [cs, es] = await Promise.all([
    db
      .select()
      .from(campaigns)
      .where(
        and(
          sql`${campaigns.areaCodes} && ${pathArray}`,
          sql`${campaigns.startDate} <= ${opts.onDate}::date`,
          sql`${campaigns.endDate} >= ${opts.earliestEnd}::date`,
        ),
      )
      .orderBy(desc(campaigns.startDate), asc(campaigns.id))
      .limit(100),
    db
      .select({ e: outreachEvents, campaignName: eventCampaignNameSql })
      .from(outreachEvents)
      .where(
        and(
          inArray(outreachEvents.areaCode, [...opts.path]),
          sql`${outreachEvents.eventDate} <= ${opts.onDate}::date`,
          sql`${outreachEvents.eventDate} >= ${opts.earliestEvent}::date`,
        ),
      )
      .orderBy(desc(outreachEvents.eventDate), asc(outreachEvents.id))
      .limit(300),
  ]);
  return { campaigns: cs, events: es.map((r) => ({ ...r.e, campaignName: r.campaignName })) };
}

// ------------------------------------------------------------------------------------------------
// The funnel's figures

export interface FunnelEvent {
  id: number;
  campaignId: number | null;
  type: string;
  title: string;
  eventDate: string;
  areaCode: string;
  areaName: string | null;
  organiser: string | null;
  partner: string | null;
  attendances: number;
}

export interface AttributedCount {
  outreachEventId: number | null;
  agentId: number | null;
  agentName: string | null;
  communeCode: string;
  /**
   * Whether the commune code, read on the enrolment's start, is the same unit as on the funnel's
   * day (`onDate`; true without one): codes are reused across eras (31012 was Thạnh Yên, is Vĩnh
   * Hòa since 2025-07-01), so an enrolment of another era is not placed by its code alone.
   */
  sameEra: boolean;
  scheme: string;
  enrolments: number;
}

/**
 * The events of a funnel — of a campaign, or dated in a period — overlapping the subtrees of
 * `roots` (null: all), and the active enrolments attributed to them (to one of those events, or
 * to the campaign itself) counted by event, agent, commune and scheme, the enrolments' communes
 * limited to `communeScope` (null: anywhere).
 */
export async function funnelFigures(
  db: Db,
  opts: {
    roots: readonly RootArg[] | null;
    communeScope: ReadonlySet<string> | null;
    campaignId?: number | undefined;
    from?: string | undefined;
    to?: string | undefined;
    onDate?: string | undefined;
  },
): Promise<{ events: FunnelEvent[]; counts: AttributedCount[] }> {
  const { rows } = await listOutreachEvents(db, {
    roots: opts.roots,
    campaignId: opts.campaignId,
    from: opts.from,
    to: opts.to,
    limit: 100_000,
    offset: 0,
  });
  const events: FunnelEvent[] = rows.map((e) => ({
    id: e.id,
    campaignId: e.campaignId,
    type: e.type,
    title: e.title,
    eventDate: e.eventDate,
    areaCode: e.areaCode,
    areaName: e.areaName,
    organiser: e.organiser,
    partner: e.partner,
    attendances: e.attendances,
  }));
  if (opts.communeScope !== null && opts.communeScope.size === 0) return { events, counts: [] };
  const ids = events.map((e) => e.id);
  const byEvent = ids.length
    ? sql`en.outreach_event_id in (${sql.join(
        ids.map((i) => sql`${i}`),
        sql`, `,
      )})`
    : sql`false`;
  const byCampaign = opts.campaignId !== undefined ? sql`or (en.campaign_id = ${opts.campaignId} and en.outreach_event_id is null)` : sql``;
  const inScope =
    opts.communeScope === null
      ? sql``
      : sql`and en.commune_code in (${sql.join(
          [...opts.communeScope].map((c) => sql`${c}`),
          sql`, `,
        )})`;
  const sameEra =
    opts.onDate === undefined
      ? sql`true`
      : sql`exists (select 1 from areas u where u.code = en.commune_code and u.valid_from <= least(en.start_date, ${opts.onDate}::date)
                      and (u.valid_to is null or u.valid_to >= greatest(en.start_date, ${opts.onDate}::date)))`;
  const counts = await selectRows<AttributedCount>(
    db,
    sql`select en.outreach_event_id as "outreachEventId", en.agent_id as "agentId", a.name as "agentName",
               en.commune_code as "communeCode", ${sameEra} as "sameEra", en.scheme, count(*)::int as enrolments
        from enrolments en left join ${agents} a on a.id = en.agent_id
        where en.status = 'active' and (${byEvent} ${byCampaign}) ${inScope}
        group by en.outreach_event_id, en.agent_id, a.name, en.commune_code, 5, en.scheme
        order by en.outreach_event_id nulls last, en.agent_id, en.commune_code, en.scheme`,
  );
  return {
    events,
    counts: counts.map((c) => ({
      ...c,
      sameEra: c.sameEra === true || String(c.sameEra) === "t",
      outreachEventId: c.outreachEventId === null ? null : Number(c.outreachEventId),
      enrolments: Number(c.enrolments),
    })),
  };
}
