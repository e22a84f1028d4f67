/**
 * Campaigns (đợt vận động) and their outreach events (lễ ra quân, buổi tuyên truyền, diễu hành…),
 * the funnel from attendances to the enrolments attributed to them, and the choices the
 * enrolment form offers. Load → the domain's rules (`@ansinh/domain/outreach`) → store, audited.
 * Scope: a campaign or event is seen when its area overlaps the caller's; out of scope is "not
 * found". Changing one needs `manage` on each of its areas.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import {
  ancestryOf,
  areaRowsOn,
  attributedEnrolmentCount,
  attributionCandidates,
  campaigns,
  funnelFigures,
  getCampaign,
  getOutreachEvent,
  listCampaigns,
  listOutreachEvents,
  outreachEvents,
  type CampaignListRow,
  type Db,
  type OutreachEventRow,
} from "@ansinh/db";
import { addDays, isoDateSchema, todayInVietnam as today } from "@ansinh/domain/dates";
import {
  ATTRIBUTION_GRACE_DAYS,
  checkAttribution,
  checkCampaign,
  checkEventInCampaign,
  checkOutreachEvent,
  funnel,
  outreachEventTypes,
  type Funnel,
} from "@ansinh/domain/outreach";
import { apiError } from "../errors.js";
import { audited } from "../services/audited.js";
import { forbidden, protectedProcedure, router, type Access } from "../trpc.js";
import { page, text } from "./inputs.js";

const idSchema = z.number({ message: "agent.id" }).int("agent.id").positive("agent.id").max(2_147_483_647, "agent.id");
const versionSchema = z.number({ message: "agent.version" }).int("agent.version").min(1, "agent.version").max(2_147_483_647, "agent.version");
const codeSchema = z.string().regex(/^\d{2,5}$/, "area.code");

const campaignNotFound = () => apiError("CAMPAIGN.NOT_FOUND", "Không tìm thấy đợt vận động", "No such campaign");
const eventNotFound = () => apiError("OUTREACH_EVENT.NOT_FOUND", "Không tìm thấy sự kiện", "No such outreach event");
const campaignConflict = () =>
  apiError("CAMPAIGN.CONFLICT", "Đợt vận động vừa được người khác sửa; hãy tải lại rồi sửa lại", "Someone else changed this campaign; reload and try again", [
    "version",
  ]);
const eventConflict = () =>
  apiError("OUTREACH_EVENT.CONFLICT", "Sự kiện vừa được người khác sửa; hãy tải lại rồi sửa lại", "Someone else changed this event; reload and try again", [
    "version",
  ]);
const unknownArea = (code: string, onDate: string, path: (string | number)[]) =>
  apiError("CAMPAIGN.UNKNOWN_AREA", `Không có địa bàn mã ${code} vào ngày ${onDate}`, `No area with code ${code} on ${onDate}`, path);

// ------------------------------------------------------------------------------------------------
// Loading with scope

/** The campaign if the caller may read it; "not found" otherwise. */
export async function readableCampaign(db: Db, access: Access, id: number): Promise<CampaignListRow> {
  const c = await getCampaign(db, id, await access.rootsAcrossEras("read"));
  if (!c) throw campaignNotFound();
  return c;
}

/** The event if the caller may read it; "not found" otherwise. */
export async function readableEvent(db: Db, access: Access, id: number): Promise<OutreachEventRow> {
  const e = await getOutreachEvent(db, id, await access.rootsAcrossEras("read"));
  if (!e) throw eventNotFound();
  return e;
}

/** Each code's ancestry on `onDate` (root first); unknown codes refused under `path`. */
async function pathsOf(db: Db, codes: readonly string[], onDate: string, path: (c: number) => (string | number)[]): Promise<string[][]> {
  const out: string[][] = [];
  for (const [i, code] of codes.entries()) {
    const p = await ancestryOf(db, code, onDate);
    if (p.length === 0) throw unknownArea(code, onDate, path(i));
    out.push(p);
  }
  return out;
}

/** The caller must manage every one of `codes` on `onDate`. */
async function checkManages(access: Access, codes: readonly string[], onDate: string): Promise<void> {
  for (const code of codes) if (!(await access.capabilitiesOn(code, onDate)).has("manage")) throw forbidden();
}

async function mayManageCampaign(access: Access, c: { areaCodes: string[]; areasValidOn: string }): Promise<boolean> {
  for (const code of c.areaCodes) if (!(await access.capabilitiesOn(code, c.areasValidOn)).has("manage")) return false;
  return true;
}

/** The event's campaign must hold it (the domain's `checkEventInCampaign`); refused as OUTREACH.* with the fields' paths. */
function checkPlacement(event: { eventDate: string; areaPath: string[] }, c: { startDate: string; endDate: string; areaCodes: string[] }) {
  const problems = checkEventInCampaign({ event, campaign: { startDate: c.startDate, endDate: c.endDate, areaCodes: c.areaCodes } });
  if (problems.length) {
    throw apiError(problems[0]!.code, problems[0]!.vi, problems[0]!.en, [problems[0]!.field]);
  }
}

// ------------------------------------------------------------------------------------------------
// Views

function campaignView(c: CampaignListRow) {
  return {
    id: c.id,
    name: c.name,
    theme: c.theme,
    provinceCode: c.provinceCode,
    startDate: c.startDate,
    endDate: c.endDate,
    areaCodes: c.areaCodes,
    areasValidOn: c.areasValidOn,
    partners: c.partners,
    version: c.version,
    events: c.events,
    attendances: c.attendances,
    enrolments: c.enrolments,
  };
}
const campaignAudit = (c: CampaignListRow) => {
  const { events: _e, attendances: _a, enrolments: _n, ...rest } = campaignView(c);
  return rest;
};
const eventAudit = (e: OutreachEventRow) => ({
  id: e.id,
  campaignId: e.campaignId,
  provinceCode: e.provinceCode,
  type: e.type,
  title: e.title,
  eventDate: e.eventDate,
  areaCode: e.areaCode,
  organiser: e.organiser,
  partner: e.partner,
  attendances: e.attendances,
  notes: e.notes,
  version: e.version,
});

// ------------------------------------------------------------------------------------------------
// Inputs (shapes only: the rules are the domain's)

const campaignFields = {
  name: text(200),
  theme: text(500).nullish(),
  startDate: isoDateSchema,
  endDate: isoDateSchema,
  areaCodes: z.array(codeSchema).min(1).max(500),
  partners: z.array(text(200)).max(50).default([]),
};

const eventFields = {
  type: z.enum(outreachEventTypes),
  title: text(200).nullish(),
  eventDate: isoDateSchema,
  areaCode: codeSchema,
  organiser: text(200).nullish(),
  partner: text(200).nullish(),
  attendances: z.number().int().min(0).max(10_000_000),
  notes: text(2000).nullish(),
};

const periodSchema = z.object({ from: isoDateSchema, to: isoDateSchema }).refine((p) => p.from <= p.to, { message: "agent.period", path: ["to"] });

// ------------------------------------------------------------------------------------------------
// The funnel

export interface FunnelRow {
  key: string;
  label: string;
  attendances: number | null;
  funnel: Funnel;
}

function funnelOf(attendances: number | null, counts: { voluntary_social_insurance: number; household_health_insurance: number }): Funnel {
  return funnel({ attendances: attendances ?? 0, enrolments: counts });
}

const zero = () => ({ voluntary_social_insurance: 0, household_health_insurance: 0 });
type Counts = ReturnType<typeof zero>;
const add = (c: Counts, scheme: string, n: number) => {
  if (scheme === "voluntary_social_insurance" || scheme === "household_health_insurance") c[scheme] += n;
};

export const campaignsRouter = router({
  /** Campaigns in the caller's areas, latest first, with their events, attendances and attributed enrolments. */
  list: protectedProcedure
    .meta({ access: "read" })
    .input(z.object({ search: text(100).optional(), ...page }))
    .query(async ({ ctx, input }) => {
      const { rows, total } = await listCampaigns(ctx.readDb, { roots: await ctx.access.rootsAcrossEras("read"), ...input });
      return { total, rows: rows.map(campaignView) };
    }),

  get: protectedProcedure
    .meta({ access: "read" })
    .input(z.object({ id: idSchema }))
    .query(async ({ ctx, input }) => {
      const c = await readableCampaign(ctx.db, ctx.access, input.id);
      const names = await areaRowsOn(ctx.db, c.areasValidOn, c.areaCodes);
      const byCode = new Map(names.map((a) => [a.code, a.name]));
      return {
        ...campaignView(c),
        areas: c.areaCodes.map((code) => ({ code, name: byCode.get(code) ?? null })),
        mayManage: await mayManageCampaign(ctx.access, c),
        graceDays: ATTRIBUTION_GRACE_DAYS,
      };
    }),

  /** A new campaign: its areas are checked on its first day, and the caller must manage each. */
  create: protectedProcedure
    .meta({ access: "manage" })
    .input(z.object(campaignFields))
    .mutation(async ({ ctx, input }) => {
      const c = checkCampaign(input);
      const paths = await pathsOf(ctx.db, c.areaCodes, c.startDate, (i) => ["areaCodes", i]);
      await checkManages(ctx.access, c.areaCodes, c.startDate);
      return audited(ctx, async (tx) => {
        const [created] = await tx
          .insert(campaigns)
          .values({ ...c, areasValidOn: c.startDate, provinceCode: paths[0]![0]!, createdBy: ctx.access.user.id })
          .returning({ id: campaigns.id });
        const row = (await getCampaign(tx, created!.id, null))!;
        return { entity: "campaign", entityId: String(row.id), action: "create", before: null, after: campaignAudit(row), result: campaignView(row) };
      });
    }),

  /** Changes a campaign; `version` is the one the caller read: a newer one answers CAMPAIGN.CONFLICT. */
  update: protectedProcedure
    .meta({ access: "manage" })
    .input(z.object({ id: idSchema, version: versionSchema, ...campaignFields }))
    .mutation(async ({ ctx, input }) => {
      const before = await readableCampaign(ctx.db, ctx.access, input.id);
      if (!(await mayManageCampaign(ctx.access, before))) throw forbidden();
      const { id: _id, version, ...fields } = input;
      const c = checkCampaign(fields);
      const paths = await pathsOf(ctx.db, c.areaCodes, c.startDate, (i) => ["areaCodes", i]);
      await checkManages(ctx.access, c.areaCodes, c.startDate);
      const changed =
        JSON.stringify([c.name, c.theme, c.startDate, c.endDate, c.areaCodes, c.partners]) !==
        JSON.stringify([before.name, before.theme, before.startDate, before.endDate, before.areaCodes, before.partners]);
      return audited(ctx, async (tx) => {
        // An update that changes nothing keeps the version (a second click is harmless).
        const [updated] = await tx
          .update(campaigns)
          .set({ ...c, areasValidOn: c.startDate, provinceCode: paths[0]![0]!, ...(changed ? { updatedAt: new Date(), version: before.version + 1 } : {}) })
          .where(and(eq(campaigns.id, input.id), eq(campaigns.version, version)))
          .returning({ id: campaigns.id });
        if (!updated) throw campaignConflict();
        const after = (await getCampaign(tx, input.id, null))!;
        return {
          entity: "campaign",
          entityId: String(input.id),
          action: "update",
          before: campaignAudit(before),
          after: campaignAudit(after),
          result: campaignView(after),
        };
      });
    }),

  /** Removes a campaign with no events and no attributed enrolments (else CAMPAIGN.IN_USE: the records stay). */
  remove: protectedProcedure
    .meta({ access: "manage" })
    .input(z.object({ id: idSchema, version: versionSchema }))
    .mutation(async ({ ctx, input }) => {
      const before = await readableCampaign(ctx.db, ctx.access, input.id);
      if (!(await mayManageCampaign(ctx.access, before))) throw forbidden();
      const attributed = await attributedEnrolmentCount(ctx.db, { campaignId: input.id });
      if (before.events > 0 || attributed > 0) {
        throw apiError(
          "CAMPAIGN.IN_USE",
          `Đợt vận động còn ${before.events} sự kiện và ${attributed} lượt tham gia được ghi nhận: không xoá được`,
          `The campaign still has ${before.events} events and ${attributed} attributed enrolments: it cannot be removed`,
        );
      }
      return audited(ctx, async (tx) => {
        const removed = await tx
          .delete(campaigns)
          .where(and(eq(campaigns.id, input.id), eq(campaigns.version, input.version)))
          .returning({ id: campaigns.id });
        if (removed.length === 0) throw campaignConflict();
        return {
          entity: "campaign",
          entityId: String(input.id),
          action: "remove",
          before: campaignAudit(before),
          after: null,
          result: { id: input.id, removed: true },
        };
      });
    }),

  /** Events in the caller's areas: of a campaign (`campaignId`), outside any (`campaignId: null`), or all; optionally in a period. */
  events: protectedProcedure
    .meta({ access: "read" })
    .input(z.object({ campaignId: idSchema.nullish(), period: periodSchema.optional(), ...page }))
    .query(async ({ ctx, input }) => {
      if (input.campaignId != null) await readableCampaign(ctx.db, ctx.access, input.campaignId);
      const { rows, total } = await listOutreachEvents(ctx.db, {
        roots: await ctx.access.rootsAcrossEras("read"),
        campaignId: input.campaignId,
        from: input.period?.from,
        to: input.period?.to,
        limit: input.limit,
        offset: input.offset,
      });
      const out = [];
      for (const e of rows) out.push({ ...e, mayManage: (await ctx.access.capabilitiesOn(e.areaCode, e.eventDate)).has("manage") });
      return { total, rows: out };
    }),

  /** A new event, of a campaign (its area and date within the campaign's) or on its own. */
  createEvent: protectedProcedure
    .meta({ access: "manage" })
    .input(z.object({ campaignId: idSchema.nullish(), ...eventFields }))
    .mutation(async ({ ctx, input }) => {
      const { campaignId, ...fields } = input;
      const e = checkOutreachEvent(fields);
      const [areaPath] = await pathsOf(ctx.db, [e.areaCode], e.eventDate, () => ["areaCode"]);
      await checkManages(ctx.access, [e.areaCode], e.eventDate);
      if (campaignId != null) {
        const c = await readableCampaign(ctx.db, ctx.access, campaignId);
        checkPlacement({ eventDate: e.eventDate, areaPath: areaPath! }, c);
      }
      return audited(ctx, async (tx) => {
        const [created] = await tx
          .insert(outreachEvents)
          .values({ ...e, campaignId: campaignId ?? null, provinceCode: areaPath![0]!, createdBy: ctx.access.user.id })
          .returning();
        return {
          entity: "outreach_event",
          entityId: String(created!.id),
          action: "create",
          before: null,
          after: eventAudit(created!),
          result: eventAudit(created!),
        };
      });
    }),

  /** Changes an event; `version` is the one the caller read: a newer one answers OUTREACH_EVENT.CONFLICT. */
  updateEvent: protectedProcedure
    .meta({ access: "manage" })
    .input(z.object({ id: idSchema, version: versionSchema, campaignId: idSchema.nullish(), ...eventFields }))
    .mutation(async ({ ctx, input }) => {
      const before = await readableEvent(ctx.db, ctx.access, input.id);
      await checkManages(ctx.access, [before.areaCode], before.eventDate);
      const { id: _id, version, campaignId: given, ...fields } = input;
      const campaignId = given === undefined ? before.campaignId : given;
      const e = checkOutreachEvent(fields);
      const [areaPath] = await pathsOf(ctx.db, [e.areaCode], e.eventDate, () => ["areaCode"]);
      await checkManages(ctx.access, [e.areaCode], e.eventDate);
      if (campaignId != null) {
        const c = await readableCampaign(ctx.db, ctx.access, campaignId);
        checkPlacement({ eventDate: e.eventDate, areaPath: areaPath! }, c);
      }
      const keys = ["type", "title", "eventDate", "areaCode", "organiser", "partner", "attendances", "notes"] as const;
      const changed = campaignId !== before.campaignId || keys.some((k) => e[k] !== before[k]);
      return audited(ctx, async (tx) => {
        const [after] = await tx
          .update(outreachEvents)
          .set({ ...e, campaignId, provinceCode: areaPath![0]!, ...(changed ? { updatedAt: new Date(), version: before.version + 1 } : {}) })
          .where(and(eq(outreachEvents.id, input.id), eq(outreachEvents.version, version)))
          .returning();
        if (!after) throw eventConflict();
        return {
          entity: "outreach_event",
          entityId: String(input.id),
          action: "update",
          before: eventAudit(before),
          after: eventAudit(after),
          result: eventAudit(after),
        };
      });
    }),

  /** Removes an event no enrolment is attributed to (else OUTREACH_EVENT.IN_USE). */
  removeEvent: protectedProcedure
    .meta({ access: "manage" })
    .input(z.object({ id: idSchema, version: versionSchema }))
    .mutation(async ({ ctx, input }) => {
      const before = await readableEvent(ctx.db, ctx.access, input.id);
      await checkManages(ctx.access, [before.areaCode], before.eventDate);
      const attributed = await attributedEnrolmentCount(ctx.db, { outreachEventId: input.id });
      if (attributed > 0) {
        throw apiError(
          "OUTREACH_EVENT.IN_USE",
          `Có ${attributed} lượt tham gia được ghi nhận theo sự kiện này: không xoá được`,
          `${attributed} enrolments are attributed to this event: it cannot be removed`,
        );
      }
      return audited(ctx, async (tx) => {
        const removed = await tx
          .delete(outreachEvents)
          .where(and(eq(outreachEvents.id, input.id), eq(outreachEvents.version, input.version)))
          .returning({ id: outreachEvents.id });
        if (removed.length === 0) throw eventConflict();
        return {
          entity: "outreach_event",
          entityId: String(input.id),
          action: "remove",
          before: eventAudit(before),
          after: null,
          result: { id: input.id, removed: true },
        };
      });
    }),

  /**
   * The funnel (the domain's `funnel`): attendances (person-times) → the enrolments attributed,
   * per scheme, for a campaign or for the events dated in a period, in total and per event, per
   * partner, per agent (enrolments only: agents hold no sessions) and per child of `areaCode`
   * (default: the campaign's first area, or the caller's first area). Enrolments are counted in
   * the caller's areas only.
   */
  funnel: protectedProcedure
    .meta({ access: "read" })
    .input(
      z
        .object({ campaignId: idSchema.optional(), period: periodSchema.optional(), areaCode: codeSchema.optional() })
        .refine((i) => (i.campaignId === undefined) !== (i.period === undefined), { message: "agent.period", path: ["period"] }),
    )
    .query(async ({ ctx, input }) => {
      const campaign = input.campaignId !== undefined ? await readableCampaign(ctx.readDb, ctx.access, input.campaignId) : null;
      const onDate = campaign ? campaign.areasValidOn : input.period!.from;
      // The caller's territory follows the reform: events of every era on its units
      // (as the campaign and event lists read them), enrolments on its territory on the date.
      const communeScope = await ctx.access.scopeFor("read", onDate);
      const { events, counts } = await funnelFigures(ctx.readDb, {
        roots: await ctx.access.rootsAcrossEras("read"),
        communeScope,
        campaignId: campaign?.id,
        from: input.period?.from,
        to: input.period?.to,
        onDate,
      });

      const totalCounts = zero();
      const perEvent = new Map<number, Counts>();
      const perAgent = new Map<string, { label: string; counts: Counts }>();
      for (const c of counts) {
        add(totalCounts, c.scheme, c.enrolments);
        if (c.outreachEventId !== null) {
          const m = perEvent.get(c.outreachEventId) ?? zero();
          add(m, c.scheme, c.enrolments);
          perEvent.set(c.outreachEventId, m);
        }
        const key = c.agentId === null ? "none" : String(c.agentId);
        const a = perAgent.get(key) ?? { label: c.agentName ?? "", counts: zero() };
        add(a.counts, c.scheme, c.enrolments);
        perAgent.set(key, a);
      }
      const attendances = events.reduce((s, e) => s + e.attendances, 0);

      const byEvent = events.map((e) => ({
        key: String(e.id),
        label: e.title,
        event: e,
        attendances: e.attendances,
        funnel: funnelOf(e.attendances, perEvent.get(e.id) ?? zero()),
      }));

      const partners = new Map<string, { attendances: number; counts: Counts; events: number }>();
      for (const e of events) {
        const key = e.partner ?? "";
        const p = partners.get(key) ?? { attendances: 0, counts: zero(), events: 0 };
        p.attendances += e.attendances;
        p.events += 1;
        const c = perEvent.get(e.id) ?? zero();
        p.counts.voluntary_social_insurance += c.voluntary_social_insurance;
        p.counts.household_health_insurance += c.household_health_insurance;
        partners.set(key, p);
      }
      const byPartner = [...partners.entries()]
        .map(([key, p]) => ({ key, label: key, events: p.events, attendances: p.attendances, funnel: funnelOf(p.attendances, p.counts) }))
        .sort((a, b) => b.funnel.total.enrolments - a.funnel.total.enrolments || a.label.localeCompare(b.label, "vi"));

      const byAgent: FunnelRow[] = [...perAgent.entries()]
        .map(([key, a]) => ({ key, label: a.label, attendances: null, funnel: funnelOf(null, a.counts) }))
        .sort((a, b) => b.funnel.total.enrolments - a.funnel.total.enrolments || a.label.localeCompare(b.label, "vi"));

      // Per child of the chosen area, on the campaign's (or the period's first) day.
      // Without a campaign or an area: the first unit of the caller's territory on that day.
      const rootCode = input.areaCode ?? campaign?.areaCodes[0] ?? (await ctx.access.rootsOn("read", onDate))?.[0] ?? null;
      let byArea: { areaCode: string | null; areaName: string | null; onDate: string; rows: (FunnelRow & { level: string | null })[] } = {
        areaCode: null,
        areaName: null,
        onDate,
        rows: [],
      };
      if (rootCode !== null) {
        const units = await areaRowsOn(ctx.readDb, onDate, [rootCode]);
        const self = units.find((u) => u.code === rootCode);
        if (self) {
          const parent = new Map(units.map((u) => [u.code, u.parentCode]));
          const children = units.filter((u) => u.parentCode === rootCode).sort((a, b) => a.code.localeCompare(b.code));
          const childOf = (code: string): string | null => {
            for (let c: string | null | undefined = code, i = 0; c && i < 10; c = parent.get(c), i++) {
              if (parent.get(c) === rootCode) return c;
            }
            return null;
          };
          const rows = new Map<string, { attendances: number; counts: Counts }>();
          for (const ch of children) rows.set(ch.code, { attendances: 0, counts: zero() });
          // The area itself (an event held there, an enrolment in it when it is a commune) and
          // what lies outside its tree on that day (a commune of another era, or another of the
          // campaign's areas): counted too, so that the rows add up to the total.
          const atSelf = { attendances: 0, counts: zero() };
          const elsewhere = { attendances: 0, counts: zero() };
          const placeOf = (code: string) => (code === rootCode ? atSelf : (rows.get(childOf(code) ?? "") ?? elsewhere));
          for (const e of events) placeOf(e.areaCode).attendances += e.attendances;
          for (const c of counts) add((c.sameEra ? placeOf(c.communeCode) : elsewhere).counts, c.scheme, c.enrolments);
          const some = (r: { attendances: number; counts: Counts }) =>
            r.attendances > 0 || r.counts.voluntary_social_insurance > 0 || r.counts.household_health_insurance > 0;
          const out = children.map((ch) => {
            const r = rows.get(ch.code)!;
            return { key: ch.code, label: ch.name, level: ch.level as string | null, attendances: r.attendances, funnel: funnelOf(r.attendances, r.counts) };
          });
          if (some(atSelf)) {
            out.unshift({ key: rootCode, label: self.name, level: null, attendances: atSelf.attendances, funnel: funnelOf(atSelf.attendances, atSelf.counts) });
          }
          // Empty label: the page names it ("other areas or units of another era").
          if (some(elsewhere))
            out.push({ key: "", label: "", level: null, attendances: elsewhere.attendances, funnel: funnelOf(elsewhere.attendances, elsewhere.counts) });
          byArea = { areaCode: rootCode, areaName: self.name, onDate, rows: out };
        }
      }

      return {
        campaignId: campaign?.id ?? null,
        period: campaign ? { from: campaign.startDate, to: campaign.endDate } : input.period!,
        total: funnelOf(attendances, totalCounts),
        events: events.length,
        byEvent,
        byPartner,
        byAgent,
        byArea,
      };
    }),

  /**
   * The campaigns and events an enrolment in `communeCode` on `onDate` may be attributed to (the
   * domain's `checkAttribution`), for the enrolment form's select.
   */
  choices: protectedProcedure
    .meta({ access: "write" })
    .input(z.object({ communeCode: codeSchema, onDate: z.optional(isoDateSchema) }))
    .query(async ({ ctx, input }) => {
      const onDate = input.onDate ?? today();
      const scope = await ctx.access.scopeFor("write", onDate);
      const path = scope && !scope.has(input.communeCode) ? [] : await ancestryOf(ctx.db, input.communeCode, onDate);
      if (path.length === 0) return { campaigns: [], events: [] };
      const earliest = addDays(onDate, -ATTRIBUTION_GRACE_DAYS);
      const found = await attributionCandidates(ctx.db, { path, onDate, earliestEnd: earliest, earliestEvent: "1900-01-01" });
      const byId = new Map(found.campaigns.map((c) => [c.id, c]));
      const enrolment = { date: onDate, communePath: path };
      const usableCampaigns = found.campaigns.filter(
        (c) => checkAttribution({ enrolment, campaign: { id: c.id, startDate: c.startDate, endDate: c.endDate, areaCodes: c.areaCodes } }).length === 0,
      );
      const usableEvents = [];
      for (const e of found.events) {
        const c = e.campaignId !== null ? byId.get(e.campaignId) : undefined;
        if (e.campaignId !== null && !c) continue;
        const problems = checkAttribution({
          enrolment,
          event: { id: e.id, campaignId: e.campaignId, eventDate: e.eventDate, areaCode: e.areaCode },
          campaign: c ? { id: c.id, startDate: c.startDate, endDate: c.endDate, areaCodes: c.areaCodes } : null,
        });
        if (problems.length === 0) {
          usableEvents.push({
            id: e.id,
            campaignId: e.campaignId,
            campaignName: e.campaignName,
            type: e.type,
            title: e.title,
            eventDate: e.eventDate,
            areaCode: e.areaCode,
            partner: e.partner,
          });
        }
      }
      return {
        campaigns: usableCampaigns.map((c) => ({ id: c.id, name: c.name, startDate: c.startDate, endDate: c.endDate })),
        events: usableEvents,
      };
    }),
});
