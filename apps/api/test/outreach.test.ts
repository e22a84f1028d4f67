/**
 * Campaigns, outreach events, attribution of enrolments (at entry and at import) and the funnel,
 * through tRPC over HTTP, on both databases.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectRows, type Db } from "@ansinh/db";
import type { Scheme } from "@ansinh/domain/eligibility";
import { drainJobs } from "../src/services/jobs.js";
import { recordEnrolment } from "../src/services/record-enrolment.js";
import { call, drivers, PUBLIC_URL, startTestApp, type TestApp } from "./helpers.js";
import { COMMUNES, seedRegistryFixtures } from "./registry-fixtures.js";

type Data = Record<string, unknown>;
const data = <T = Data>(r: { body: { result?: { data: unknown } } }) => r.body.result?.data as T;
const errorOf = (r: { body: { error?: { data: unknown } } }) =>
  r.body.error?.data as { code: string; issues: { path: (string | number)[]; vi: string; en: string }[] };

interface CampaignView {
  id: number;
  name: string;
  version: number;
  areaCodes: string[];
  events: number;
  attendances: number;
  enrolments: number;
}
interface EventView {
  id: number;
  campaignId: number | null;
  version: number;
  attendances: number;
}
interface Step {
  enrolments: number;
  rate: number | null;
  percent: number | null;
  exceedsAttendances: boolean;
}
interface FunnelView {
  attendances: number;
  byScheme: { voluntary_social_insurance: Step; household_health_insurance: Step };
  total: Step;
}
interface FunnelRow {
  key: string;
  label: string;
  attendances: number | null;
  funnel: FunnelView;
}

describe.each(drivers)("campaigns, events, attribution and the funnel on $name", ({ open }) => {
  let t: TestApp;
  let db: Db;
  let dataDir: string;
  let agentId: number;
  const auditCount = async (entity: string) =>
    (await selectRows<{ n: number }>(db, sql`select count(*)::int as n from audit_log where entity = ${entity}`))[0]!.n;
  const mutate = (proc: string, input: unknown, who: keyof TestApp["cookies"] = "manager") =>
    call(t.app, proc, input, { cookie: t.cookies[who], mutation: true });
  const query = (proc: string, input: unknown, who: keyof TestApp["cookies"] = "manager") => call(t.app, proc, input, { cookie: t.cookies[who] });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "ansinh-outreach-test-"));
    t = await startTestApp(open, { server: { dataDir, jobWorker: false } });
    db = t.handle.db;
    ({ agentId } = await seedRegistryFixtures(db));
    await db.execute(sql`insert into agent_collectors (agent_id, user_id) values (${agentId}, ${t.ids.collector})`);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const month = {
    name: "Tháng vận động BHXH tự nguyện 2020",
    theme: "An sinh cho mọi nhà",
    startDate: "2020-04-01",
    endDate: "2020-04-30",
    areaCodes: ["913"],
    partners: ["Hội Liên hiệp Phụ nữ"],
  };
  let campaign: CampaignView;
  let province: CampaignView;

  it("creates a campaign on areas the caller manages, audited; refuses a reversed period, an unknown area, another district, a viewer", async () => {
    const r = await mutate("campaigns.create", month);
    expect(r.status).toBe(200);
    campaign = data<CampaignView>(r);
    expect(campaign).toMatchObject({ name: month.name, version: 1, areaCodes: ["913"], events: 0, attendances: 0, enrolments: 0 });
    expect(await auditCount("campaign")).toBe(1);

    const reversed = await mutate("campaigns.create", { ...month, endDate: "2020-03-01" });
    expect([reversed.status, errorOf(reversed).code, errorOf(reversed).issues[0]!.path]).toEqual([400, "OUTREACH.INVALID_INPUT", ["endDate"]]);
    const unknown = await mutate("campaigns.create", { ...month, areaCodes: ["99999"] });
    expect([unknown.status, errorOf(unknown).code, errorOf(unknown).issues[0]!.path]).toEqual([400, "CAMPAIGN.UNKNOWN_AREA", ["areaCodes", 0]]);
    expect((await mutate("campaigns.create", { ...month, areaCodes: ["911"] })).status).toBe(403);
    expect((await mutate("campaigns.create", month, "viewer")).status).toBe(403);
    expect(await auditCount("campaign")).toBe(1);

    province = data<CampaignView>(await mutate("campaigns.create", { ...month, name: "Ra quân toàn tỉnh", areaCodes: ["91"] }, "admin"));
    expect(province.areaCodes).toEqual(["91"]);
  });

  it("shows a campaign to the callers whose areas it overlaps; elsewhere it is not found", async () => {
    const ids = async (who: keyof TestApp["cookies"]) => data<{ rows: CampaignView[] }>(await query("campaigns.list", {}, who)).rows.map((c) => c.id);
    expect((await ids("viewer")).sort()).toEqual([campaign.id, province.id].sort());
    expect(await ids("otherCollector")).toEqual([province.id]);
    expect((await ids("admin")).length).toBe(2);
    expect((await query("campaigns.get", { id: campaign.id }, "otherCollector")).status).toBe(404);
    const got = data<Data>(await query("campaigns.get", { id: campaign.id }, "viewer"));
    expect(got).toMatchObject({ mayManage: false, graceDays: 90, areas: [{ code: "913" }] });
    expect(data<Data>(await query("campaigns.get", { id: province.id })).mayManage).toBe(false);
    // The district manager sees the province's campaign, but may not change it.
    expect((await mutate("campaigns.update", { ...month, id: province.id, version: 1, areaCodes: ["91"] })).status).toBe(403);
    expect(data<{ rows: CampaignView[] }>(await query("campaigns.list", { search: "ra quan toan tinh" }, "viewer")).rows.map((c) => c.id)).toEqual([
      province.id,
    ]);
  });

  it("updates with the version read; a stale version is a conflict and changes nothing", async () => {
    const ok = await mutate("campaigns.update", { ...month, id: campaign.id, version: 1, theme: "Tuổi già an nhàn" });
    expect(data<CampaignView>(ok)).toMatchObject({ version: 2, theme: "Tuổi già an nhàn" });
    const stale = await mutate("campaigns.update", { ...month, id: campaign.id, version: 1, name: "Other" }, "admin");
    expect([stale.status, errorOf(stale).code]).toEqual([409, "CAMPAIGN.CONFLICT"]);
    expect(data<CampaignView>(await query("campaigns.get", { id: campaign.id })).name).toBe(month.name);
    expect((await mutate("campaigns.update", { ...month, id: campaign.id, version: 2 }, "otherCollector")).status).toBe(403);
    expect(await auditCount("campaign")).toBe(3);
  });

  let session: EventView;
  it("logs events in a campaign (area and date within it), on their own, version-checked, audited, scoped", async () => {
    const r = await mutate("campaigns.createEvent", {
      campaignId: campaign.id,
      type: "communication_session",
      title: "Buổi tuyên truyền ấp 1",
      eventDate: "2020-04-10",
      areaCode: COMMUNES.anMinhBac,
      organiser: "BHXH huyện",
      partner: "Hội Liên hiệp Phụ nữ",
      attendances: 120,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    session = data<EventView>(r);
    expect(session).toMatchObject({ campaignId: campaign.id, version: 1, attendances: 120 });

    const late = await mutate("campaigns.createEvent", { campaignId: campaign.id, type: "parade", eventDate: "2020-05-02", areaCode: "913", attendances: 10 });
    expect([late.status, errorOf(late).code, errorOf(late).issues[0]!.path]).toEqual([400, "OUTREACH.EVENT_OUTSIDE_CAMPAIGN_PERIOD", ["eventDate"]]);
    const negative = await mutate("campaigns.createEvent", {
      campaignId: campaign.id,
      type: "parade",
      eventDate: "2020-04-02",
      areaCode: "913",
      attendances: -1,
    });
    expect(negative.status).toBe(400);
    const elsewhere = await mutate("campaigns.createEvent", { type: "parade", eventDate: "2020-04-02", areaCode: COMMUNES.duongDong, attendances: 10 });
    expect(elsewhere.status).toBe(403);
    expect(
      (
        await mutate(
          "campaigns.createEvent",
          { campaignId: campaign.id, type: "parade", eventDate: "2020-04-02", areaCode: "913", attendances: 1 },
          "otherCollector",
        )
      ).status,
    ).toBe(403);

    const lone = data<EventView>(
      await mutate("campaigns.createEvent", { type: "door_to_door", eventDate: "2020-06-01", areaCode: COMMUNES.thanhYen, attendances: 15 }),
    );
    expect(lone.campaignId).toBeNull();
    const edited = await mutate("campaigns.updateEvent", {
      id: lone.id,
      version: 1,
      type: "door_to_door",
      eventDate: "2020-06-01",
      areaCode: COMMUNES.thanhYen,
      attendances: 18,
    });
    expect(data<EventView>(edited)).toMatchObject({ version: 2, attendances: 18 });
    const stale = await mutate(
      "campaigns.updateEvent",
      { id: lone.id, version: 1, type: "door_to_door", eventDate: "2020-06-01", areaCode: COMMUNES.thanhYen, attendances: 99 },
      "admin",
    );
    expect([stale.status, errorOf(stale).code]).toEqual([409, "OUTREACH_EVENT.CONFLICT"]);

    const list = data<{ total: number; rows: (EventView & { areaName: string })[] }>(await query("campaigns.events", { campaignId: campaign.id }, "viewer"));
    expect(list.rows.map((e) => [e.id, e.areaName])).toEqual([[session.id, "An Minh Bắc"]]);
    expect(data<{ rows: EventView[] }>(await query("campaigns.events", { campaignId: null }, "viewer")).rows.map((e) => e.id)).toEqual([lone.id]);
    expect(data<{ rows: EventView[] }>(await query("campaigns.events", {}, "otherCollector")).rows).toEqual([]);
    expect((await query("campaigns.events", { campaignId: campaign.id }, "otherCollector")).status).toBe(404);

    expect((await mutate("campaigns.removeEvent", { id: lone.id, version: 2 }, "otherCollector")).status).toBe(403);
    expect((await mutate("campaigns.removeEvent", { id: lone.id, version: 2 })).status).toBe(200);
    expect(await auditCount("outreach_event")).toBe(4);
    const inUse = await mutate("campaigns.remove", { id: campaign.id, version: 2 });
    expect([inUse.status, errorOf(inUse).code]).toEqual([400, "CAMPAIGN.IN_USE"]);
  });

  const voluntary = (over: Data = {}, person: Data = {}, payment: Data = {}) => ({
    participant: { personalId: "091177000301", fullName: "Lê Thị Thử", birthDate: "1977-04-14", gender: "female", communeCode: COMMUNES.anMinhBac, ...person },
    months: 3,
    monthlyIncome: 2_000_000,
    payment: { receiptDate: "2020-04-15", receiptNumber: "VD-1", ...payment },
    agentId,
    ...over,
  });
  const enrolmentOf = async (id: number) =>
    (
      await selectRows<{ campaign_id: number | null; outreach_event_id: number | null }>(
        db,
        sql`select campaign_id, outreach_event_id from enrolments where id = ${id}`,
      )
    )[0]!;

  it("offers the campaigns and events usable for a commune and a date", async () => {
    const choices = async (communeCode: string, onDate: string, who: keyof TestApp["cookies"] = "collector") =>
      data<{ campaigns: { id: number }[]; events: { id: number }[] }>(await query("campaigns.choices", { communeCode, onDate }, who));
    const here = await choices(COMMUNES.anMinhBac, "2020-04-15");
    expect(here.campaigns.map((c) => c.id).sort()).toEqual([campaign.id, province.id].sort());
    expect(here.events.map((e) => e.id)).toEqual([session.id]);
    const before = await choices(COMMUNES.anMinhBac, "2020-04-09");
    expect(before.events).toEqual([]);
    const otherCommune = await choices(COMMUNES.thanhYen, "2020-04-15");
    expect([otherCommune.campaigns.length, otherCommune.events.length]).toEqual([2, 0]);
    expect((await choices(COMMUNES.anMinhBac, "2020-07-30")).campaigns).toEqual([]);
    expect(await choices(COMMUNES.anMinhBac, "2020-04-15", "otherCollector")).toEqual({ campaigns: [], events: [] });
  });

  it("attributes an enrolment at entry to an event (and so its campaign); refuses a wrong one with the rule's reason", async () => {
    const ok = await mutate("enrolments.create", voluntary({ outreachEventId: session.id }), "collector");
    expect(ok.status).toBe(200);
    expect(data(ok)).toMatchObject({ outcome: "recorded" });
    expect(await enrolmentOf(data(ok).enrolmentId as number)).toEqual({ campaign_id: campaign.id, outreach_event_id: session.id });

    const early = await mutate(
      "enrolments.create",
      voluntary({ outreachEventId: session.id }, { personalId: "091177000302" }, { receiptDate: "2020-04-05", receiptNumber: "VD-2" }),
      "collector",
    );
    expect([early.status, errorOf(early).code, errorOf(early).issues[0]!.path]).toEqual([400, "OUTREACH.BEFORE_EVENT", ["outreachEventId"]]);
    const away = await mutate(
      "enrolments.create",
      voluntary({ outreachEventId: session.id }, { personalId: "091177000303", communeCode: COMMUNES.thanhYen }, { receiptNumber: "VD-3" }),
      "collector",
    );
    expect([away.status, errorOf(away).code]).toEqual([400, "OUTREACH.OUTSIDE_EVENT_AREA"]);
    const wrongCampaign = await mutate(
      "enrolments.create",
      voluntary({ outreachEventId: session.id, campaignId: province.id }, { personalId: "091177000304" }, { receiptNumber: "VD-4" }),
      "collector",
    );
    expect([wrongCampaign.status, errorOf(wrongCampaign).code]).toEqual([400, "OUTREACH.EVENT_NOT_IN_CAMPAIGN"]);
    const tooLate = await mutate(
      "enrolments.create",
      voluntary({ campaignId: campaign.id }, { personalId: "091177000305" }, { receiptDate: "2020-07-30", receiptNumber: "VD-5" }),
      "collector",
    );
    expect([tooLate.status, errorOf(tooLate).code, errorOf(tooLate).issues[0]!.path]).toEqual([400, "OUTREACH.OUTSIDE_CAMPAIGN_PERIOD", ["campaignId"]]);
    const unknown = await mutate(
      "enrolments.create",
      voluntary({ outreachEventId: 987_654 }, { personalId: "091177000306" }, { receiptNumber: "VD-6" }),
      "collector",
    );
    expect([unknown.status, errorOf(unknown).code]).toEqual([400, "ENROLMENT.EVENT_UNKNOWN"]);
    expect(Number((await selectRows<{ n: number }>(db, sql`select count(*)::int as n from enrolments`))[0]!.n)).toBe(1);

    // Within the grace: 29 July is 90 days after 30 April.
    const grace = await mutate(
      "enrolments.create",
      voluntary(
        { campaignId: campaign.id },
        { personalId: "091177000307", communeCode: COMMUNES.thanhYen },
        { receiptDate: "2020-07-29", receiptNumber: "VD-7" },
      ),
      "collector",
    );
    expect(grace.status).toBe(200);
    expect(await enrolmentOf(data(grace).enrolmentId as number)).toEqual({ campaign_id: campaign.id, outreach_event_id: null });

    const household = await mutate(
      "enrolments.createHousehold",
      {
        householdCode: "HGD-VD-1",
        communeCode: COMMUNES.anMinhBac,
        facilityCode: "91001",
        months: 12,
        receiptDate: "2020-04-20",
        agentId,
        outreachEventId: session.id,
        members: [{ personalId: "091080000401", fullName: "Nguyễn Văn Hộ", birthDate: "1980-01-01", gender: "male", receiptNumber: "VD-H1" }],
      },
      "collector",
    );
    expect(household.status).toBe(200);
    const hhEnrolment = (data(household).members as { enrolmentId: number }[])[0]!.enrolmentId;
    expect(await enrolmentOf(hhEnrolment)).toEqual({ campaign_id: campaign.id, outreach_event_id: session.id });
    const badHousehold = await mutate(
      "enrolments.addMembers",
      {
        householdCode: "HGD-VD-1",
        communeCode: COMMUNES.anMinhBac,
        facilityCode: "91001",
        months: 12,
        receiptDate: "2020-04-08",
        agentId,
        outreachEventId: session.id,
        members: [{ personalId: "091080000402", fullName: "Nguyễn Văn Hai", birthDate: "1980-02-01", gender: "male", receiptNumber: "VD-H2" }],
      },
      "collector",
    );
    expect([badHousehold.status, errorOf(badHousehold).code, errorOf(badHousehold).issues[0]!.path]).toEqual([
      400,
      "OUTREACH.BEFORE_EVENT",
      ["outreachEventId"],
    ]);
    const attributedRemove = await mutate("campaigns.removeEvent", { id: session.id, version: 1 });
    expect([attributedRemove.status, errorOf(attributedRemove).code]).toEqual([400, "OUTREACH_EVENT.IN_USE"]);
  });

  it("attributes an import to a campaign for the whole batch and an event per line; a bad reference rejects its line with the reason", async () => {
    const header =
      "Họ và tên,Ngày sinh,Giới tính,Số định danh cá nhân (CCCD),Dân tộc,Số tháng đóng,Mức thu nhập làm căn cứ đóng / tỷ lệ lương cơ sở,Số tiền đóng,Ngày biên lai,Mã xã nơi cư trú,Số biên lai,Mã sự kiện vận động";
    const names = ["", "Lê Thị Ánh", "Trần Thị Bình", "Phạm Thị Cúc", "Võ Thị Dung", "Đỗ Thị Én"];
    const line = (n: number, receipt: string, commune: string, event: string) =>
      `${names[n]},14/04/1977,Nữ,09117700050${n},Kinh,3,2.000.000,1.273.800,${receipt},${commune},NK-${n},${event}`;
    const csv = [
      header,
      line(1, "15/04/2020", COMMUNES.anMinhBac, String(session.id)),
      line(2, "16/04/2020", COMMUNES.thanhYen, ""),
      line(3, "16/04/2020", COMMUNES.anMinhBac, "abc"),
      line(4, "05/04/2020", COMMUNES.anMinhBac, String(session.id)),
      line(5, "16/04/2020", COMMUNES.anMinhBac, "987654"),
    ].join("\r\n");
    const up = await t.app.inject({
      method: "POST",
      url: `/api/imports/upload?agentId=${agentId}&scheme=voluntary_social_insurance&fileName=van-dong.csv`,
      headers: { origin: PUBLIC_URL, cookie: t.cookies.collector, "content-type": "application/octet-stream" },
      payload: Buffer.from(`\uFEFF${csv}\r\n`),
    });
    expect(up.statusCode).toBe(200);
    const uploaded = up.json() as { hash: string; format: "csv"; fileName: string; suggested: Record<string, string> };
    expect(uploaded.suggested.outreachEvent).toBe("Mã sự kiện vận động");
    const startInput = {
      agentId,
      scheme: "voluntary_social_insurance",
      hash: uploaded.hash,
      format: uploaded.format,
      fileName: uploaded.fileName,
      mapping: uploaded.suggested,
      dryRun: false,
    };
    expect((await mutate("imports.start", { ...startInput, campaignId: campaign.id }, "otherCollector")).status).toBe(403);
    const hidden = await mutate("imports.start", { ...startInput, campaignId: 987_654 }, "collector");
    expect([hidden.status, errorOf(hidden).code]).toEqual([404, "CAMPAIGN.NOT_FOUND"]);
    const started = await mutate("imports.start", { ...startInput, campaignId: campaign.id }, "collector");
    expect(started.status).toBe(200);
    const { batchId } = data<{ batchId: number }>(started);
    await drainJobs(db, { record: recordEnrolment });
    const rows = await selectRows<{
      line: number;
      outcome: string;
      code: string | null;
      path: string | null;
      campaign_id: number | null;
      outreach_event_id: number | null;
    }>(
      db,
      sql`select r.line, r.outcome, r.problems->0->>'code' as code, r.problems->0->'path'->>0 as path, e.campaign_id, e.outreach_event_id
          from import_rows r left join enrolments e on e.id = r.enrolment_id where r.batch_id = ${batchId} order by r.line`,
    );
    expect(rows).toEqual([
      { line: 2, outcome: "imported", code: null, path: null, campaign_id: campaign.id, outreach_event_id: session.id },
      { line: 3, outcome: "imported", code: null, path: null, campaign_id: campaign.id, outreach_event_id: null },
      { line: 4, outcome: "rejected", code: "ENROLMENT.EVENT_UNKNOWN", path: "outreachEvent", campaign_id: null, outreach_event_id: null },
      { line: 5, outcome: "rejected", code: "OUTREACH.BEFORE_EVENT", path: "outreachEventId", campaign_id: null, outreach_event_id: null },
      { line: 6, outcome: "rejected", code: "ENROLMENT.EVENT_UNKNOWN", path: "outreachEventId", campaign_id: null, outreach_event_id: null },
    ]);
    const batch = data<{ imported: number; rejected: number; attribution: Data }>(await query("imports.batch", { id: batchId }, "collector"));
    expect(batch).toMatchObject({ imported: 2, rejected: 3, attribution: { campaignId: campaign.id, outreachEventId: null } });
  });

  it("computes the funnel exactly: 969 attendances → 80 voluntary (8.26%) + 463 household (47.78%), per event, partner, agent and area", async () => {
    const wu = data<CampaignView>(
      await mutate("campaigns.create", {
        name: "Tuyên truyền cùng Hội Phụ nữ",
        startDate: "2020-05-01",
        endDate: "2020-05-31",
        areaCodes: ["913"],
        partners: ["Hội Liên hiệp Phụ nữ"],
      }),
    );
    const attendances = [100, 110, 105, 120, 95, 108, 112, 99, 120];
    const voluntaryPer = [10, 9, 9, 9, 9, 9, 9, 8, 8]; // 80
    const householdPer = [52, 52, 51, 51, 51, 52, 51, 51, 52]; // 463
    const events: EventView[] = [];
    for (const [i, a] of attendances.entries()) {
      const r = await mutate("campaigns.createEvent", {
        campaignId: wu.id,
        type: "communication_session",
        title: `Buổi ${i + 1}`,
        eventDate: `2020-05-${String(i + 2).padStart(2, "0")}`,
        areaCode: i < 4 ? COMMUNES.thanhYen : COMMUNES.vinhHoa,
        partner: "Hội Liên hiệp Phụ nữ",
        attendances: a,
      });
      events.push(data<EventView>(r));
    }
    // The enrolments themselves (543 through the form would only slow the test): attributed records.
    const [person] = await selectRows<{ id: number }>(
      db,
      sql`insert into participants (province_code, personal_id, full_name, name_key, birth_date, gender, commune_code, commune_valid_on)
          values ('91', '091177000999', 'Người Thử Phễu', 'nguoi thu pheu', '1977-01-01', 'female', ${COMMUNES.thanhYen}, '2020-05-01') returning id`,
    );
    for (const [i, e] of events.entries()) {
      const commune = i < 4 ? COMMUNES.thanhYen : COMMUNES.vinhHoa;
      for (const [scheme, n] of [
        ["voluntary_social_insurance", voluntaryPer[i]!],
        ["household_health_insurance", householdPer[i]!],
      ] as const) {
        await db.execute(sql`
          insert into enrolments (province_code, participant_id, scheme, kind, start_date, months, breakdown, rates_effective_from, amount, commune_code, agent_id, campaign_id, outreach_event_id, source)
          select '91', ${person!.id}, ${scheme}, 'new', '2020-06-01', 12, '{}'::jsonb, '2020-01-01', 0, ${commune}, ${agentId}, ${wu.id}, ${e.id}, 'demo'
          from generate_series(1, ${n})`);
      }
    }
    // A cancelled one does not count.
    await db.execute(sql`insert into enrolments (province_code, participant_id, scheme, kind, start_date, months, breakdown, rates_effective_from, amount, commune_code, agent_id, campaign_id, outreach_event_id, source, status)
      values ('91', ${person!.id}, 'voluntary_social_insurance', 'new', '2020-06-01', 12, '{}'::jsonb, '2020-01-01', 0, ${COMMUNES.thanhYen}, ${agentId}, ${wu.id}, ${events[0]!.id}, 'demo', 'cancelled')`);

    const r = await query("campaigns.funnel", { campaignId: wu.id }, "viewer");
    expect(r.status).toBe(200);
    const f = data<{
      total: FunnelView;
      events: number;
      byEvent: FunnelRow[];
      byPartner: FunnelRow[];
      byAgent: FunnelRow[];
      byArea: { areaCode: string; rows: FunnelRow[] };
    }>(r);
    expect(f.events).toBe(9);
    expect(f.total.attendances).toBe(969);
    expect(f.total.byScheme.voluntary_social_insurance).toMatchObject({ enrolments: 80, percent: 8.26 });
    expect(f.total.byScheme.household_health_insurance).toMatchObject({ enrolments: 463, percent: 47.78 });
    expect(f.total.total).toMatchObject({ enrolments: 543, percent: 56.04 });
    expect(f.byEvent[0]).toMatchObject({
      key: String(events[0]!.id),
      attendances: 100,
      funnel: { byScheme: { voluntary_social_insurance: { enrolments: 10, percent: 10 }, household_health_insurance: { enrolments: 52, percent: 52 } } },
    });
    expect(f.byPartner).toHaveLength(1);
    expect(f.byPartner[0]).toMatchObject({ label: "Hội Liên hiệp Phụ nữ", attendances: 969, funnel: { total: { enrolments: 543 } } });
    expect(f.byAgent).toEqual([
      expect.objectContaining({
        key: String(agentId),
        attendances: null,
        funnel: expect.objectContaining({ total: { enrolments: 543, rate: null, percent: null, exceedsAttendances: false } }),
      }),
    ]);
    expect(f.byArea.areaCode).toBe("913");
    const area = Object.fromEntries(
      f.byArea.rows.map((row) => [
        row.key,
        [row.attendances, row.funnel.byScheme.voluntary_social_insurance.enrolments, row.funnel.byScheme.household_health_insurance.enrolments],
      ]),
    );
    expect(area).toEqual({
      [COMMUNES.thanhYen]: [435, 37, 206],
      [COMMUNES.anMinhBac]: [0, 0, 0],
      [COMMUNES.vinhHoa]: [534, 43, 257],
    });

    // A period: the May events, the same figures; the district manager of another district sees nothing of it.
    const period = data<{ total: FunnelView }>(await query("campaigns.funnel", { period: { from: "2020-05-01", to: "2020-05-31" } }, "admin"));
    expect([period.total.attendances, period.total.total.enrolments]).toEqual([969, 543]);
    const other = data<{ total: FunnelView }>(await query("campaigns.funnel", { period: { from: "2020-05-01", to: "2020-05-31" } }, "otherCollector"));
    expect([other.total.attendances, other.total.total.enrolments]).toEqual([0, 0]);
    expect((await query("campaigns.funnel", { campaignId: wu.id }, "otherCollector")).status).toBe(404);
    expect((await query("campaigns.funnel", {}, "viewer")).status).toBe(400);
    const listed = data<{ rows: CampaignView[] }>(await query("campaigns.list", {}, "viewer")).rows.find((c) => c.id === wu.id)!;
    expect(listed).toMatchObject({ events: 9, attendances: 969, enrolments: 543 });
  });

  it("by area agrees with the total: a campaign on one commune counts the commune's own enrolments, and names what lies outside it", async () => {
    const one = data<CampaignView>(
      await mutate("campaigns.create", {
        name: "Vận động tại Thạnh Yên",
        startDate: "2020-07-01",
        endDate: "2020-07-31",
        areaCodes: [COMMUNES.thanhYen],
        partners: [],
      }),
    );
    const ev = data<EventView>(
      await mutate("campaigns.createEvent", { campaignId: one.id, type: "consultation", eventDate: "2020-07-02", areaCode: COMMUNES.thanhYen, attendances: 3 }),
    );
    const [person] = await selectRows<{ id: number }>(db, sql`select id from participants where personal_id = '091177000999'`);
    const enrol = (scheme: string, commune: string, eventId: number | null) =>
      db.execute(sql`
        insert into enrolments (province_code, participant_id, scheme, kind, start_date, months, breakdown, rates_effective_from, amount, commune_code, agent_id, campaign_id, outreach_event_id, source)
        values ('91', ${person!.id}, ${scheme}, 'new', '2020-08-01', 12, '{}'::jsonb, '2020-01-01', 0, ${commune}, ${agentId}, ${one.id}, ${eventId}, 'demo')`);
    // One voluntary at the event in Thạnh Yên; four household in the campaign: three in Thạnh Yên, one in another commune.
    await enrol("voluntary_social_insurance", COMMUNES.thanhYen, ev.id);
    for (let i = 0; i < 3; i++) await enrol("household_health_insurance", COMMUNES.thanhYen, ev.id);
    await enrol("household_health_insurance", COMMUNES.vinhHoa, null);

    const f = data<{ total: FunnelView; byArea: { areaCode: string; rows: FunnelRow[] } }>(await query("campaigns.funnel", { campaignId: one.id }, "viewer"));
    expect(f.total.byScheme.voluntary_social_insurance.enrolments).toBe(1);
    expect(f.byArea.areaCode).toBe(COMMUNES.thanhYen);
    const area = Object.fromEntries(
      f.byArea.rows.map((row) => [
        row.key,
        [row.attendances, row.funnel.byScheme.voluntary_social_insurance.enrolments, row.funnel.byScheme.household_health_insurance.enrolments],
      ]),
    );
    expect(area).toEqual({ [COMMUNES.thanhYen]: [3, 1, 3], "": [0, 0, 1] });
    const sum = (k: Scheme) => f.byArea.rows.reduce((n, r) => n + r.funnel.byScheme[k].enrolments, 0);
    expect([sum("voluntary_social_insurance"), sum("household_health_insurance")]).toEqual([1, 4]);
    // 4 sign-ups at an event of 3 attendances: above 100%, said so.
    const event = f.byArea.rows.find((r) => r.key === COMMUNES.thanhYen)!;
    expect(event.funnel.total).toMatchObject({ enrolments: 4, percent: 133.33, exceedsAttendances: true });
  });
});
