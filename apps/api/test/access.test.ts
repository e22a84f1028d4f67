import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agents, agents as agentsTable, campaigns as campaignsTable, insertBatch, outreachEvents, selectRows } from "@ansinh/db";
import { can, type Action, type RoleAssignment } from "@ansinh/domain/access";
import { appRouter, buildServer } from "../src/index.js";
import type { Meta } from "../src/trpc.js";
import { accounts, call, cookieOf, drivers, PASSWORD, PUBLIC_URL, signIn, startTestApp, type AccountName, type TestApp } from "./helpers.js";
import { prepareRegistryAccess, registryAccessSamples } from "./registry-fixtures.js";
import { seedRegistryFixtures, type RegistryFixtures } from "./registry-list-fixtures.js";
import { seedTargetsAccess, targetsAccessSamples } from "./targets-fixtures.js";

/** Registry rows for the registry's procedures (a participant in 913 and one in 911). */
let registry: RegistryFixtures;

const isNational = (caller: Caller) => caller !== "signedOut" && (accounts[caller].assignments as readonly RoleAssignment[]).some((a) => a.areaCode === null);

type Outcome = "ok" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND";
type Caller = AccountName | "signedOut";

interface ProcedureDef {
  _def: { type: "query" | "mutation" | "subscription"; meta?: Meta };
}
/** Every procedure of the router, with its declared rule: the matrix is generated from these. */
const defs = (appRouter as unknown as { _def: { procedures: Record<string, ProcedureDef> } })._def.procedures;
const procedures = Object.keys(defs).sort();

let serial = 0;
/**
 * Sample inputs only (not expectations): one aimed inside the accounts' area (U Minh Thượng,
 * 913) and one outside it (Phú Quốc, 911), null where the procedure has no area. A procedure
 * without a sample fails the first test below.
 */
const samples: Record<string, { inScope: (t: TestApp) => unknown; outOfScope: ((t: TestApp) => unknown) | null }> = {
  "areas.tree": { inScope: () => ({ onDate: "2020-12-31", rootCode: "913" }), outOfScope: () => ({ onDate: "2020-12-31", rootCode: "911" }) },
  "areas.coverage": { inScope: () => ({ onDate: "2020-12-31", code: "913" }), outOfScope: () => ({ onDate: "2020-12-31", code: "911" }) },
  "dashboard.summary": {
    inScope: () => ({ code: "913", onDate: "2020-12-31", scheme: "voluntary_social_insurance" }),
    outOfScope: () => ({ code: "911", onDate: "2020-12-31", scheme: "voluntary_social_insurance" }),
  },
  "dashboard.retention": {
    inScope: () => ({ code: "913", onDate: "2020-12-31", scheme: "voluntary_social_insurance", year: 2020 }),
    outOfScope: () => ({ code: "911", onDate: "2020-12-31", scheme: "voluntary_social_insurance", year: 2020, month: 6 }),
  },
  // Answers the caller's own first area: nothing out of scope to ask for.
  "dashboard.defaultArea": { inScope: () => ({ onDate: "2020-12-31" }), outOfScope: null },
  // Scoped by filtering: out of scope answers an empty list, tested in users.test.ts.
  "areas.search": { inScope: () => ({ text: "U Minh" }), outOfScope: null },
  // Scoped by filtering too: out of scope answers an empty list (areas.test.ts).
  "areas.searchOn": { inScope: () => ({ text: "u minh", onDate: "2020-12-31" }), outOfScope: null },
  "calculator.rates": { inScope: () => ({ date: "2026-08-01" }), outOfScope: null },
  "calculator.voluntary": {
    inScope: () => ({ paymentDate: "2025-07-01", monthlyIncome: 1_500_000, supportGroups: ["other"], plan: { kind: "periodic", months: 1 } }),
    outOfScope: null,
  },
  "calculator.household": { inScope: () => ({ paymentDate: "2026-08-01", members: 4, months: 12 }), outOfScope: null },
  "calculator.healthCardStart": { inScope: () => ({ paymentDate: "2026-08-01" }), outOfScope: null },
  "calculator.checkPersonalId": { inScope: () => ({ id: "091203004567" }), outOfScope: null },
  "me.get": { inScope: () => undefined, outOfScope: null },
  "staff.list": { inScope: () => ({ onDate: "2020-12-31" }), outOfScope: null },
  "users.list": { inScope: () => ({}), outOfScope: null },
  "users.create": {
    inScope: () => ({ email: `new${++serial}@test.vn`, name: "New", password: PASSWORD, assignments: [{ role: "viewer", areaCode: "913" }] }),
    outOfScope: () => ({ email: `new${++serial}@test.vn`, name: "New", password: PASSWORD, assignments: [{ role: "viewer", areaCode: "911" }] }),
  },
  "users.setDisabled": { inScope: (t) => ({ id: t.ids.collector, disabled: false }), outOfScope: (t) => ({ id: t.ids.otherCollector, disabled: false }) },
  "users.endedRoles": { inScope: (t) => ({ id: t.ids.collector }), outOfScope: (t) => ({ id: t.ids.otherCollector }) },
  "users.setRoles": {
    inScope: (t) => ({ id: t.ids.collector, assignments: [{ role: "collector", areaCode: "913" }] }),
    outOfScope: (t) => ({ id: t.ids.otherCollector, assignments: [{ role: "collector", areaCode: "911" }] }),
  },
  "audit.list": { inScope: () => ({}), outOfScope: null },
  // The fund's returns: read by every signed-in role, set by a national administrator only.
  "fundReturns.list": { inScope: () => undefined, outOfScope: null },
  "fundReturns.set": { inScope: () => ({ year: 2019, monthlyRate: 0.0045, source: "Công bố của quỹ BHXH năm 2019" }), outOfScope: null },
  // Agents: one in U Minh Thượng and one in Phú Quốc, made in beforeAll (agentIds).
  "agents.list": { inScope: () => ({}), outOfScope: null },
  "agents.get": { inScope: () => ({ id: agentIds.in }), outOfScope: () => ({ id: agentIds.out }) },
  "agents.create": {
    inScope: () => ({ name: `Đại lý thử ${++serial}`, kind: "commune_agent", areaCode: "913", areaValidOn: "2020-12-31" }),
    outOfScope: () => ({ name: `Đại lý thử ${++serial}`, kind: "commune_agent", areaCode: "911", areaValidOn: "2020-12-31" }),
  },
  "agents.update": { inScope: () => ({ id: agentIds.in, version: 1 }), outOfScope: () => ({ id: agentIds.out, version: 1 }) },
  // Its own pair: deactivating moves the version the update sample holds.
  "agents.deactivate": { inScope: () => ({ id: agentIds.inToStop }), outOfScope: () => ({ id: agentIds.outToStop }) },
  "agents.candidates": { inScope: () => ({ id: agentIds.in }), outOfScope: () => ({ id: agentIds.out }) },
  "agents.addCollector": {
    inScope: (t) => ({ agentId: agentIds.in, userId: t.ids.collector }),
    outOfScope: (t) => ({ agentId: agentIds.out, userId: t.ids.otherCollector }),
  },
  "agents.removeCollector": {
    inScope: (t) => ({ agentId: agentIds.in, userId: t.ids.collector }),
    outOfScope: (t) => ({ agentId: agentIds.out, userId: t.ids.otherCollector }),
  },
  "agents.performance": {
    inScope: () => ({ agentId: agentIds.in, period: { from: "2020-01-01", to: "2020-12-31" } }),
    outOfScope: () => ({ agentId: agentIds.out, period: { from: "2020-01-01", to: "2020-12-31" } }),
  },
  "facilities.search": { inScope: () => ({ text: "U Minh" }), outOfScope: null },
  ...registryAccessSamples,
  // Figures: a file's lines are scoped one by one (figures.test.ts); a batch is its author's (913's manager) or a national admin's.
  "figures.run": { inScope: () => ({ kind: "population", ...figureFixture.file, dryRun: true }), outOfScope: null },
  "figures.batch": { inScope: () => ({ id: figureFixture.batch913 }), outOfScope: () => ({ id: figureFixture.batchNational }) },
  "figures.rows": { inScope: () => ({ batchId: figureFixture.batch913 }), outOfScope: () => ({ batchId: figureFixture.batchNational }) },
  "figures.batches": { inScope: () => ({}), outOfScope: null },
  "imports.agents": { inScope: () => undefined, outOfScope: null },
  "imports.batch": { inScope: () => ({ id: importFixture.batch913 }), outOfScope: () => ({ id: importFixture.batch911 }) },
  "imports.rows": { inScope: () => ({ batchId: importFixture.batch913 }), outOfScope: () => ({ batchId: importFixture.batch911 }) },
  "imports.batches": { inScope: () => ({}), outOfScope: null },
  "imports.runDryRun": { inScope: () => ({ id: importFixture.dryRun913 }), outOfScope: () => ({ id: importFixture.dryRun911 }) },
  "imports.cancel": { inScope: () => ({ id: importFixture.batch913 }), outOfScope: () => ({ id: importFixture.batch911 }) },
  "imports.start": {
    inScope: () => ({
      agentId: importFixture.agent913,
      scheme: "voluntary_social_insurance",
      ...importFixture.file,
      mapping: importFixture.mapping,
      dryRun: true,
    }),
    outOfScope: () => ({
      agentId: importFixture.agent911,
      scheme: "voluntary_social_insurance",
      ...importFixture.file,
      mapping: importFixture.mapping,
      dryRun: true,
    }),
  },
  // Registry lists are scoped by filtering (out of scope: not in the list), tested in registry-lists.test.ts.
  "participants.list": { inScope: () => ({ search: "nguyen" }), outOfScope: null },
  "participants.get": { inScope: () => ({ id: registry.people.an.id }), outOfScope: () => ({ id: registry.people.hoa.id }) },
  "registry.enrolments": { inScope: () => ({}), outOfScope: null },
  "registry.agents": { inScope: () => undefined, outOfScope: null },
  "renewals.list": { inScope: () => ({ kind: "due" }), outOfScope: null },
  "renewals.summary": { inScope: () => ({}), outOfScope: null },
  // The worklist is scoped by filtering (worklist.test.ts); an outcome is recorded on a person of the area: An's household card is due, Hoa (Phú Quốc) is covered.
  "worklist.list": { inScope: () => ({}), outOfScope: null },
  "worklist.retention": { inScope: () => ({ from: "2020-01-01", to: "2021-12-31" }), outOfScope: null },
  "worklist.reminders": { inScope: () => ({ items: [{ participantId: registry.people.an.id, scheme: "household_health_insurance" }] }), outOfScope: null },
  "worklist.recordOutcome": {
    inScope: () => ({ participantId: registry.people.an.id, scheme: "household_health_insurance", outcome: "moved" }),
    outOfScope: () => ({ participantId: registry.people.hoa.id, scheme: "voluntary_social_insurance", outcome: "moved" }),
  },
  // Targets: a plan on 913 and on 911 and pools to delete, made in beforeAll (targets-fixtures.ts).
  ...targetsAccessSamples,
  // Campaigns and events: one of each in U Minh Thượng and in Phú Quốc, and a pool to remove (outreachFixture).
  "campaigns.list": { inScope: () => ({}), outOfScope: null },
  "campaigns.get": { inScope: () => ({ id: outreachFixture.c913 }), outOfScope: () => ({ id: outreachFixture.c911 }) },
  "campaigns.create": { inScope: () => campaignFields("913"), outOfScope: () => campaignFields("911") },
  "campaigns.update": {
    inScope: () => ({ id: outreachFixture.c913, version: 1, ...campaignFields("913") }),
    outOfScope: () => ({ id: outreachFixture.c911, version: 1, ...campaignFields("911") }),
  },
  "campaigns.remove": {
    inScope: () => ({ id: outreachFixture.pool913.pop() ?? 0, version: 1 }),
    outOfScope: () => ({ id: outreachFixture.pool911.pop() ?? 0, version: 1 }),
  },
  "campaigns.events": { inScope: () => ({ campaignId: outreachFixture.c913 }), outOfScope: () => ({ campaignId: outreachFixture.c911 }) },
  "campaigns.createEvent": {
    inScope: () => ({ campaignId: outreachFixture.c913, ...eventFields("913") }),
    outOfScope: () => ({ campaignId: outreachFixture.c911, ...eventFields("911") }),
  },
  "campaigns.updateEvent": {
    inScope: () => ({ id: outreachFixture.e913, version: 1, ...eventFields("913") }),
    outOfScope: () => ({ id: outreachFixture.e911, version: 1, ...eventFields("911") }),
  },
  "campaigns.removeEvent": {
    inScope: () => ({ id: outreachFixture.eventPool913.pop() ?? 0, version: 1 }),
    outOfScope: () => ({ id: outreachFixture.eventPool911.pop() ?? 0, version: 1 }),
  },
  "campaigns.funnel": { inScope: () => ({ campaignId: outreachFixture.c913 }), outOfScope: () => ({ campaignId: outreachFixture.c911 }) },
  // Scoped by filtering: a commune outside the caller's areas offers nothing (outreach.test.ts).
  "campaigns.choices": { inScope: () => ({ communeCode: "913", onDate: "2020-04-15" }), outOfScope: null },
};

const campaignFields = (area: "913" | "911") => ({
  name: `Đợt vận động ${area}`,
  startDate: "2020-04-01",
  endDate: "2020-04-30",
  areaCodes: [area],
  partners: ["Hội Liên hiệp Phụ nữ"],
});
const eventFields = (area: "913" | "911") => ({ type: "communication_session", eventDate: "2020-04-10", areaCode: area, attendances: 40 });
/** Campaigns and events on each side of the scope line; the pools feed the removals (one per call). */
const outreachFixture = {
  c913: 0,
  c911: 0,
  e913: 0,
  e911: 0,
  pool913: [] as number[],
  pool911: [] as number[],
  eventPool913: [] as number[],
  eventPool911: [] as number[],
};
async function seedOutreachFixture(t: TestApp) {
  const db = t.handle.db;
  const campaign = async (area: "913" | "911") =>
    (
      await db
        .insert(campaignsTable)
        .values({ ...campaignFields(area), provinceCode: "91", areasValidOn: "2020-04-01" })
        .returning()
    )[0]!.id;
  const event = async (area: "913" | "911", campaignId: number | null) =>
    (
      await db
        .insert(outreachEvents)
        .values({ ...eventFields(area), type: "communication_session", campaignId, provinceCode: "91" })
        .returning()
    )[0]!.id;
  outreachFixture.c913 = await campaign("913");
  outreachFixture.c911 = await campaign("911");
  outreachFixture.e913 = await event("913", outreachFixture.c913);
  outreachFixture.e911 = await event("911", outreachFixture.c911);
  for (let i = 0; i < 10; i++) {
    outreachFixture.pool913.push(await campaign("913"));
    outreachFixture.pool911.push(await campaign("911"));
    outreachFixture.eventPool913.push(await event("913", null));
    outreachFixture.eventPool911.push(await event("911", null));
  }
}
/** The agents the samples above aim at, made once the test database is up. */
const agentIds = { in: 0, out: 0, inToStop: 0, outToStop: 0 };
async function makeSampleAgents(t: TestApp) {
  const [a, b, c, d] = await t.handle.db
    .insert(agentsTable)
    .values([
      { name: "Bưu điện thử U Minh Thượng", kind: "post_office", provinceCode: "91", areaCode: "913", areaValidOn: "2020-12-31" },
      { name: "Bưu điện thử Phú Quốc", kind: "post_office", provinceCode: "91", areaCode: "911", areaValidOn: "2020-12-31" },
      { name: "Đại lý thử U Minh Thượng", kind: "commune_agent", provinceCode: "91", areaCode: "913", areaValidOn: "2020-12-31" },
      { name: "Đại lý thử Phú Quốc", kind: "commune_agent", provinceCode: "91", areaCode: "911", areaValidOn: "2020-12-31" },
    ])
    .returning({ id: agentsTable.id });
  agentIds.in = a!.id;
  agentIds.out = b!.id;
  agentIds.inToStop = c!.id;
  agentIds.outToStop = d!.id;
}

/** An agent and a batch on each side of the scope line, and an uploaded file (the imports' samples). */
const importFixture = {
  agent913: 0,
  agent911: 0,
  batch913: 0,
  batch911: 0,
  dryRun913: 0,
  dryRun911: 0,
  file: { hash: "", format: "csv" as const, fileName: "mau.csv" },
  mapping: {} as Record<string, string>,
};
async function seedImportFixture(t: TestApp) {
  const db = t.handle.db;
  const agent = async (name: string, areaCode: string) =>
    (await db.insert(agents).values({ name, kind: "post_office", provinceCode: "91", areaCode, areaValidOn: "2020-01-01" }).returning())[0]!.id;
  importFixture.agent913 = await agent("Đại lý 913", "913");
  importFixture.agent911 = await agent("Đại lý 911", "911");
  const batch = async (agentId: number) =>
    (
      await insertBatch(db, {
        agentId,
        provinceCode: "91",
        scheme: "voluntary_social_insurance",
        fileName: "a.csv",
        fileHash: "0".repeat(64),
        status: "dry_run",
      })
    ).id;
  importFixture.batch913 = await batch(importFixture.agent913);
  importFixture.batch911 = await batch(importFixture.agent911);
  const res = await t.app.inject({
    method: "GET",
    url: "/api/imports/template.csv?scheme=voluntary_social_insurance",
    headers: { cookie: t.cookies.collector },
  });
  const up = await t.app.inject({
    method: "POST",
    url: `/api/imports/upload?agentId=${importFixture.agent913}&scheme=voluntary_social_insurance&fileName=mau.csv`,
    headers: { origin: PUBLIC_URL, cookie: t.cookies.collector, "content-type": "text/csv" },
    payload: res.body,
  });
  const body = up.json() as { hash: string; suggested: Record<string, string> };
  importFixture.file.hash = body.hash;
  importFixture.mapping = body.suggested;
  // Finished dry runs of that file, one per district: what `imports.runDryRun` runs for real.
  const dryRun = async (agentId: number) =>
    (
      await insertBatch(db, {
        agentId,
        provinceCode: "91",
        scheme: "voluntary_social_insurance",
        fileName: "mau.csv",
        fileHash: body.hash,
        status: "dry_run",
        finishedAt: new Date(),
        mapping: { format: "csv", columns: body.suggested },
      })
    ).id;
  importFixture.dryRun913 = await dryRun(importFixture.agent913);
  importFixture.dryRun911 = await dryRun(importFixture.agent911);
}

/** An uploaded population file, a batch of 913's manager and one of the national admin (the figures' samples). */
const figureFixture = { batch913: 0, batchNational: 0, file: { hash: "", format: "csv" as const, fileName: "dan-so.csv" } };
async function seedFigureFixture(t: TestApp) {
  const up = await t.app.inject({
    method: "POST",
    url: "/api/figures/upload?kind=population&fileName=dan-so.csv",
    headers: { origin: PUBLIC_URL, cookie: t.cookies.manager, "content-type": "text/csv" },
    payload: "Mã đơn vị,Năm,Dân số,Dân số trong độ tuổi lao động\n913,2021,71000,45000\n",
  });
  figureFixture.file.hash = (up.json() as { hash: string }).hash;
  const run = async (cookie: string) => {
    const r = await call(t.app, "figures.run", { kind: "population", ...figureFixture.file, dryRun: true }, { cookie, mutation: true });
    return (r.body.result!.data as { batch: { id: number } }).batch.id;
  };
  figureFixture.batch913 = await run(t.cookies.manager);
  figureFixture.batchNational = await run(t.cookies.admin);
}

/**
 * What a caller should get, derived from the procedure's declared rule and the domain's role
 * table (never written by hand): public → everyone; signedIn → any session; an action → the
 * roles that grant it, on the whole country where the rule says national.
 */
function expected(meta: Meta | undefined, caller: Caller): Outcome {
  if (!meta) return "FORBIDDEN";
  if (meta.access === "public") return "ok";
  if (caller === "signedOut") return "UNAUTHORIZED";
  if (meta.access === "signedIn") return "ok";
  const held = accounts[caller].assignments as readonly RoleAssignment[];
  const granting = held.filter((a) => can(a.role, meta.access as Action));
  if (granting.length === 0) return "FORBIDDEN";
  if (meta.national && !granting.some((a) => a.areaCode === null)) return "FORBIDDEN";
  return "ok";
}

/** The outcome by HTTP status (the error code, e.g. AREAS.NOT_FOUND, is finer than the matrix needs). */
const outcomeOfStatus: Record<number, Outcome> = { 200: "ok", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND" };
function outcomeOf(r: { status: number; body: { error?: { data: { code: string } } } }): Outcome | string {
  return outcomeOfStatus[r.status] ?? `HTTP ${r.status} ${r.body.error?.data.code ?? ""}`;
}

describe("permission matrix", () => {
  it("has a rule for every procedure and no rule for a procedure that is gone", () => {
    expect(procedures.filter((p) => !defs[p]!._def.meta?.access)).toEqual([]);
    expect(procedures.filter((p) => !samples[p])).toEqual([]);
    expect(Object.keys(samples).filter((p) => !procedures.includes(p))).toEqual([]);
  });
});

describe.each(drivers)("access on $name", ({ open }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(open);
    // First: these fixtures empty the registry tables before seeding their own rows.
    registry = await seedRegistryFixtures(t.handle.db);
    await makeSampleAgents(t);
    await prepareRegistryAccess(t.handle.db, t.ids);
    await seedImportFixture(t);
    await seedTargetsAccess(t);
    await seedFigureFixture(t);
    await seedOutreachFixture(t);
  });
  afterAll(async () => t?.close());

  const callers: Caller[] = ["signedOut", ...(Object.keys(accounts) as AccountName[])];

  it.each(procedures)("%s: every role in scope, out of scope and signed out", async (proc) => {
    const def = defs[proc]!._def;
    const sample = samples[proc]!;
    const mutation = def.type === "mutation";
    const seen: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const caller of callers) {
      const cookie = caller === "signedOut" ? undefined : t.cookies[caller];
      const granted = expected(def.meta, caller);
      for (const side of ["in", "out"] as const) {
        const input = side === "in" ? sample.inScope : sample.outOfScope;
        if (!input) continue;
        // otherCollector holds its role on Phú Quốc: the "outside" sample is its own area.
        const home = sample.outOfScope === null || isNational(caller) || (side === "in") !== (caller === "otherCollector");
        // Outside its areas a caller gets "not found" or "forbidden", never the thing itself.
        want[`${caller} ${side}`] = granted !== "ok" ? granted : home ? "ok" : "NOT_FOUND|FORBIDDEN";
        const got = outcomeOf(await call(t.app, proc, input(t), { cookie, mutation }));
        seen[`${caller} ${side}`] =
          want[`${caller} ${side}`] === "NOT_FOUND|FORBIDDEN" && (got === "NOT_FOUND" || got === "FORBIDDEN") ? "NOT_FOUND|FORBIDDEN" : got;
      }
    }
    expect(seen).toEqual(want);
  });

  it("shows a district manager only that district", async () => {
    const tree = await call(t.app, "areas.tree", { onDate: "2020-12-31" }, { cookie: t.cookies.manager });
    expect((tree.body.result!.data as { roots: { code: string }[] }).roots.map((r) => r.code)).toEqual(["913"]);
    const staff = await call(t.app, "staff.list", { onDate: "2020-12-31" }, { cookie: t.cookies.manager });
    const emails = (staff.body.result!.data as { rows: { email: string }[] }).rows.map((r) => r.email).sort();
    for (const inside of [accounts.areaAdmin, accounts.collector, accounts.manager, accounts.viewer]) expect(emails).toContain(inside.email);
    for (const outside of [accounts.admin, accounts.otherCollector]) expect(emails).not.toContain(outside.email);
  });

  it("masks colleagues' personal IDs and phones for viewers and collectors; managers see phones; admins both", async () => {
    const asViewer = await call(t.app, "staff.list", { onDate: "2020-12-31" }, { cookie: t.cookies.viewer });
    const ours = Object.values(accounts).map((a) => a.email as string);
    const rowsV = (asViewer.body.result!.data as { rows: { email: string; personalId: string; phone: string; masked: boolean }[] }).rows.filter((r) =>
      ours.includes(r.email),
    );
    expect(rowsV.length).toBeGreaterThan(0);
    for (const r of rowsV) expect(r).toMatchObject({ personalId: "091*******67", phone: "09*****678", masked: true });
    const asManager = await call(t.app, "staff.list", { onDate: "2020-12-31" }, { cookie: t.cookies.manager });
    const rowsM = (asManager.body.result!.data as { rows: { email: string; personalId: string }[] }).rows.filter((r) => ours.includes(r.email));
    expect(rowsM.length).toBe(rowsV.length);
    // A manager coordinates people (phones) but does not administer accounts (IDs).
    for (const r of rowsM) expect(r).toMatchObject({ personalId: "091*******67", phone: "0912345678" });
    const asCollector = await call(t.app, "staff.list", { onDate: "2020-12-31" }, { cookie: t.cookies.collector });
    const rowsC = (asCollector.body.result!.data as { rows: { email: string; personalId: string; phone: string }[] }).rows.filter((r) =>
      ours.includes(r.email),
    );
    expect(rowsC.length).toBe(rowsV.length);
    for (const r of rowsC) expect(r).toMatchObject({ personalId: "091*******67", phone: "09*****678" });
    // The area admin sees the IDs of the people it manages, not that of another admin.
    const asAreaAdmin = await call(t.app, "staff.list", { onDate: "2020-12-31" }, { cookie: t.cookies.areaAdmin });
    const rowsA = (asAreaAdmin.body.result!.data as { rows: { email: string; personalId: string }[] }).rows;
    expect(rowsA.find((r) => r.email === accounts.collector.email)!.personalId).toBe("091203004567");
    expect(rowsA.find((r) => r.email === accounts.areaAdmin.email)!.personalId).toBe("091*******67");
    expect(asViewer.body.result).not.toHaveProperty("data.rows.0.password");
  });

  it("refuses a mutation from a foreign origin (CSRF) and changes nothing", async () => {
    const [before] = await selectRows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from auth_user`);
    const res = await t.app.inject({
      method: "POST",
      url: "/trpc/users.create",
      headers: { origin: "https://evil.example", cookie: t.cookies.admin, "content-type": "application/json" },
      payload: JSON.stringify({ email: "csrf@test.vn", name: "x", password: PASSWORD, assignments: [{ role: "viewer", areaCode: "913" }] }),
    });
    expect(res.statusCode).toBe(403);
    const [after] = await selectRows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from auth_user`);
    expect(after!.n).toBe(before!.n);
  });

  it("sends security headers and a request id", async () => {
    const res = await t.app.inject({ method: "GET", url: "/health" });
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-frame-options"]).toBe("DENY");
    expect(res.headers["x-request-id"]).toMatch(/^[\w-]{8,}$/);
  });

  it("sets the session cookie httpOnly and SameSite, not readable by scripts", async () => {
    const res = await signIn(t.app, accounts.viewer.email, PASSWORD);
    const setCookie = ([] as string[]).concat(res.headers["set-cookie"] as string[] | string);
    const sessionCookie = setCookie.find((c) => c.includes("session_token"))!;
    expect(sessionCookie).toMatch(/HttpOnly/i);
    expect(sessionCookie).toMatch(/SameSite=Lax/i);
  });

  it("locks out a disabled account, including its open session", async () => {
    const target = await signIn(t.app, "other@test.vn", PASSWORD);
    const cookie = cookieOf(target);
    expect((await call(t.app, "me.get", undefined, { cookie })).status).toBe(200);
    expect((await call(t.app, "users.setDisabled", { id: t.ids.otherCollector, disabled: true }, { cookie: t.cookies.admin, mutation: true })).status).toBe(
      200,
    );
    expect((await call(t.app, "me.get", undefined, { cookie })).status).toBe(401);
    expect((await signIn(t.app, "other@test.vn", PASSWORD)).statusCode).toBeGreaterThanOrEqual(400);
    await call(t.app, "users.setDisabled", { id: t.ids.otherCollector, disabled: false }, { cookie: t.cookies.admin, mutation: true });
  });

  it("writes exactly one audit row for a mutation that succeeds, none for one that fails", async () => {
    const count = async () => (await selectRows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from audit_log`))[0]!.n;
    const n0 = await count();
    const ok = await call(
      t.app,
      "users.create",
      { email: "audit@test.vn", name: "Audit", password: PASSWORD, assignments: [{ role: "viewer", areaCode: "913" }] },
      { cookie: t.cookies.admin, mutation: true },
    );
    expect(ok.status).toBe(200);
    expect(await count()).toBe(n0 + 1);
    const [row] = await selectRows<{ actor_email: string; entity: string; action: string; before: unknown; after: { email: string } }>(
      t.handle.db,
      sql`select actor_email, entity, action, before, after from audit_log order by id desc limit 1`,
    );
    expect(row).toMatchObject({ actor_email: accounts.admin.email, entity: "user", action: "create", before: null, after: { email: "audit@test.vn" } });
    expect(JSON.stringify(row)).not.toMatch(/password|scrypt/i);

    const dup = await call(
      t.app,
      "users.create",
      { email: "audit@test.vn", name: "Again", password: PASSWORD, assignments: [{ role: "viewer", areaCode: "913" }] },
      { cookie: t.cookies.admin, mutation: true },
    );
    expect(dup.status).toBe(409);
    expect(dup.body.error!.message).toMatch(/đã được dùng/);
    expect((dup.body.error as unknown as { data: unknown }).data).toMatchObject({
      code: "USER.EMAIL_TAKEN",
      issues: [{ path: ["email"], vi: "Email audit@test.vn đã được dùng", en: "Email audit@test.vn is already used" }],
    });
    expect(await count()).toBe(n0 + 1);
  });

  it("refuses any change to the audit trail, even from the database owner", async () => {
    const refusal = (q: Promise<unknown>) =>
      q.then(
        () => "accepted",
        (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ""}`,
      );
    await call(t.app, "users.setDisabled", { id: t.ids.viewer, disabled: false }, { cookie: t.cookies.admin, mutation: true });
    const rows = async () => (await selectRows<{ n: number }>(t.handle.db, sql`select count(*)::int as n from audit_log`))[0]!.n;
    const n = await rows();
    expect(n).toBeGreaterThan(0);
    expect(await refusal(t.handle.db.execute(sql`update audit_log set action = 'x'`))).toMatch(/append-only \(UPDATE refused\)/);
    expect(await refusal(t.handle.db.execute(sql`delete from audit_log`))).toMatch(/append-only \(DELETE refused\)/);
    expect(await refusal(t.handle.db.execute(sql`truncate audit_log`))).toMatch(/append-only \(TRUNCATE refused\)/);
    expect(await rows()).toBe(n);
  });

  it("answers malformed input to every procedure with a 4xx and a message, never a 500, changing nothing", async () => {
    const snapshot = async () =>
      (
        await selectRows<{ s: string }>(
          t.handle.db,
          sql`select (select count(*) from auth_user) || '/' || (select count(*) from role_assignments) || '/' || (select count(*) from audit_log) || '/' || (select count(*) from areas) || '/' || (select string_agg(disabled::text, ',' order by id) from auth_user) as s`,
        )
      )[0]!.s;
    const before = await snapshot();
    const junk = fc.oneof(
      fc.anything(),
      fc.record(
        {
          onDate: fc.string(),
          code: fc.string(),
          rootCode: fc.anything(),
          id: fc.anything(),
          email: fc.string(),
          assignments: fc.anything(),
          disabled: fc.anything(),
          limit: fc.anything(),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...procedures), junk, async (proc, input) => {
        const mutation = defs[proc]!._def.type === "mutation";
        const r = await call(t.app, proc, input, { cookie: t.cookies.admin, mutation });
        expect(r.status).not.toBeGreaterThanOrEqual(500);
        if (r.status >= 400) expect(r.body.error?.message ?? "").not.toBe("");
        // a mutation with junk never succeeds
        if (mutation) expect(r.status).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: 150 },
    );
    expect(await snapshot()).toBe(before);
  });
});

describe("sign-in rate limit", () => {
  it("answers 429 after too many attempts from one client", async () => {
    const t = await startTestApp(drivers[0]!.open);
    const strict = await buildServer({ handle: t.handle, logLevel: "silent", publicUrl: PUBLIC_URL, signInPerMinute: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await signIn(strict, accounts.viewer.email, "wrong password!")).statusCode);
      expect(codes.slice(0, 3).every((c) => c === 401)).toBe(true);
      expect(codes.slice(3)).toEqual([429, 429]);
      // the right password is refused too while the limit holds
      expect((await signIn(strict, accounts.viewer.email, PASSWORD)).statusCode).toBe(429);
    } finally {
      await strict.close();
      await t.close();
    }
  });
});

describe("account hygiene", () => {
  it("changes a password through better-auth, audits it, and the old password stops working", async () => {
    const t = await startTestApp(drivers[0]!.open);
    try {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/auth/change-password",
        headers: { origin: PUBLIC_URL, cookie: t.cookies.viewer, "content-type": "application/json" },
        payload: { currentPassword: PASSWORD, newPassword: "a new long password", revokeOtherSessions: true },
      });
      expect(res.statusCode).toBe(200);
      expect((await signIn(t.app, accounts.viewer.email, PASSWORD)).statusCode).toBe(401);
      expect((await signIn(t.app, accounts.viewer.email, "a new long password")).statusCode).toBe(200);
      const actions = await selectRows<{ action: string }>(
        t.handle.db,
        sql`select action from audit_log where actor_email = ${accounts.viewer.email} order by id`,
      );
      expect(actions.map((a) => a.action)).toContain("change_password");
      expect(actions.filter((a) => a.action === "sign_in").length).toBeGreaterThanOrEqual(2);
      const signOut = await t.app.inject({
        method: "POST",
        url: "/api/auth/sign-out",
        headers: { origin: PUBLIC_URL, cookie: t.cookies.viewer, "content-type": "application/json" },
        payload: {},
      });
      expect(signOut.statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
