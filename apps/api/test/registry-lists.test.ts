/**
 * The registry's read side on PGlite and PostgreSQL: participants and enrolments lists (search
 * without diacritics, by ID and phone; filters; sort; scope), one participant in detail, the
 * renewals list, masking for roles without read_personal, and the XLSX exports read back.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAudit, areas, duplicateReviews, importBatches, participants, selectRows } from "@ansinh/db";
import { addDays } from "@ansinh/domain/dates";
import { claimLacksEvidence, dueRange, formatPhone, normaliseName } from "@ansinh/domain/registry";
import { listExports } from "../src/services/export-registry.js";
import { call, drivers, startTestApp, type AccountName, type TestApp } from "./helpers.js";
import { seedRegistryFixtures, type RegistryFixtures } from "./registry-list-fixtures.js";

interface Page<R> {
  total: number;
  rows: R[];
}
interface PRow {
  id: number;
  fullName: string;
  personalId: string;
  phone: string | null;
  socialInsuranceNumber: string | null;
  masked: boolean;
  statuses: { scheme: string; status: string }[];
}

describe.each(drivers)("registry lists on $name", ({ open }) => {
  let t: TestApp;
  let f: RegistryFixtures;
  beforeAll(async () => {
    t = await startTestApp(open);
    f = await seedRegistryFixtures(t.handle.db, { uminh: t.ids.collector, phuquoc: t.ids.otherCollector });
  }, 60_000);
  afterAll(async () => t?.close());

  const query = async <R>(proc: string, input: unknown, who: AccountName = "admin") => {
    const r = await call(t.app, proc, input, { cookie: t.cookies[who] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.result!.data as R;
  };
  const names = (p: Page<{ fullName: string }>) => p.rows.map((r) => r.fullName).sort();

  it("keeps a name search in name order, both ways (sorted on lower(name_key), not the name index)", async () => {
    const order = async (direction: "asc" | "desc") =>
      (await query<Page<PRow>>("participants.list", { search: "thi", sort: "name", direction })).rows.map((r) => r.fullName);
    expect(await order("asc")).toEqual(["Đặng Thị Đào", "Phạm Thị Hoa", "Võ Thị Lan"]);
    expect(await order("desc")).toEqual(["Võ Thị Lan", "Phạm Thị Hoa", "Đặng Thị Đào"]);
  });

  it("finds a name typed without diacritics or case, đ as d", async () => {
    expect(names(await query<Page<PRow>>("participants.list", { search: "nguyen van an" }))).toEqual(["Nguyễn Văn An"]);
    expect(names(await query<Page<PRow>>("participants.list", { search: "DANG THI DAO" }))).toEqual(["Đặng Thị Đào"]);
    expect(names(await query<Page<PRow>>("participants.list", { search: "thi" }))).toEqual(["Phạm Thị Hoa", "Võ Thị Lan", "Đặng Thị Đào"].sort());
    expect((await query<Page<PRow>>("participants.list", { search: "%" })).total).toBe(0);
  });

  it("finds by personal ID and by phone however it is written, never by a part of a number", async () => {
    const an = f.people.an;
    expect(names(await query<Page<PRow>>("participants.list", { search: an.personalId }))).toEqual(["Nguyễn Văn An"]);
    for (const phone of [an.phone!, formatPhone(an.phone!), `+84${an.phone!.slice(1)}`]) {
      expect(names(await query<Page<PRow>>("participants.list", { search: phone })), phone).toEqual(["Nguyễn Văn An"]);
    }
    expect(names(await query<Page<PRow>>("participants.list", { search: an.socialInsuranceNumber! }))).toEqual(["Nguyễn Văn An"]);
    expect((await query<Page<PRow>>("participants.list", { search: an.personalId.slice(0, 8) })).total).toBe(0);
  });

  it("scopes to the caller's areas", async () => {
    const all = ["Lê Quốc Cường", "Nguyễn Văn An", "Phạm Thị Hoa", "Trần Văn Bình", "Võ Thị Lan", "Đặng Thị Đào"].sort();
    expect(names(await query<Page<PRow>>("participants.list", {}))).toEqual(all);
    const inside = ["Lê Quốc Cường", "Nguyễn Văn An", "Trần Văn Bình", "Đặng Thị Đào"].sort();
    for (const who of ["manager", "viewer", "collector", "areaAdmin"] as const) {
      expect(names(await query<Page<PRow>>("participants.list", {}, who)), who).toEqual(inside);
    }
    expect(names(await query<Page<PRow>>("participants.list", {}, "otherCollector"))).toEqual(["Phạm Thị Hoa", "Võ Thị Lan"]);
    // The area filter narrows, never widens.
    expect(names(await query<Page<PRow>>("participants.list", { areaCode: "31054" }))).toEqual(["Lê Quốc Cường", "Trần Văn Bình"]);
    expect((await query<Page<PRow>>("participants.list", { areaCode: "911" }, "manager")).total).toBe(0);
    // The detail of someone outside answers "not found".
    const out = await call(t.app, "participants.get", { id: f.people.hoa.id }, { cookie: t.cookies.manager });
    expect(out.status).toBe(404);
    expect(out.body.error!.data.code).toBe("PARTICIPANT.NOT_FOUND");
    const enr = await query<Page<{ fullName: string }>>("registry.enrolments", { limit: 200 }, "manager");
    expect(enr.rows.every((r) => !["Phạm Thị Hoa", "Võ Thị Lan"].includes(r.fullName))).toBe(true);
    expect(enr.total).toBe(5);
  });

  it("derives each scheme's status and filters on it", async () => {
    const page = await query<Page<PRow>>("participants.list", { limit: 50 });
    for (const p of Object.values(f.people)) {
      const row = page.rows.find((r) => r.id === p.id)!;
      expect(Object.fromEntries(row.statuses.map((s) => [s.scheme, s.status])), p.fullName).toEqual(p.expected);
    }
    const withStatus = (status: string, scheme?: string) =>
      Object.values(f.people)
        .filter((p) => Object.entries(p.expected).some(([s, st]) => st === status && (!scheme || s === scheme)))
        .map((p) => p.fullName)
        .sort();
    for (const status of ["active", "due", "lapsed", "not_started"]) {
      expect(names(await query<Page<PRow>>("participants.list", { status })), status).toEqual(withStatus(status));
    }
    expect(names(await query<Page<PRow>>("participants.list", { status: "due", scheme: "household_health_insurance" }))).toEqual(
      withStatus("due", "household_health_insurance"),
    );
    expect(names(await query<Page<PRow>>("participants.list", { scheme: "household_health_insurance" }))).toEqual(
      ["Lê Quốc Cường", "Nguyễn Văn An", "Võ Thị Lan"].sort(),
    );
    expect(names(await query<Page<PRow>>("participants.list", { agentId: f.agents.phuquoc }))).toEqual(["Phạm Thị Hoa", "Võ Thị Lan"]);
    // Period: the not-started card was paid today.
    expect(names(await query<Page<PRow>>("participants.list", { from: f.today, to: f.today }))).toEqual(["Lê Quốc Cường"]);
  });

  it("filters enrolments by scheme, status, agent and period (start or receipt date)", async () => {
    type E = Page<{ fullName: string; scheme: string; status: string; receiptDate: string; startDate: string }>;
    const household = await query<E>("registry.enrolments", { scheme: "household_health_insurance" });
    expect(household.rows.map((r) => r.fullName).sort()).toEqual(["Lê Quốc Cường", "Nguyễn Văn An", "Võ Thị Lan"].sort());
    const due = await query<E>("registry.enrolments", { status: "due" });
    expect(due.rows.map((r) => `${r.fullName}/${r.scheme}`).sort()).toEqual([
      "Nguyễn Văn An/household_health_insurance",
      "Trần Văn Bình/voluntary_social_insurance",
    ]);
    expect(due.rows.every((r) => r.status === "due")).toBe(true);
    expect((await query<E>("registry.enrolments", { agentId: f.agents.phuquoc })).total).toBe(2);
    // Paid today, its card starting in 30 days: found by the receipt date, and by the start date.
    expect(names(await query<E>("registry.enrolments", { from: f.today, to: f.today }))).toEqual(["Lê Quốc Cường"]);
    const later = await query<E>("registry.enrolments", { from: addDays(f.today, 30), to: addDays(f.today, 30) });
    expect(names(later)).toEqual(["Lê Quốc Cường"]);
    expect((await query<E>("registry.enrolments", { search: "nguyen van an" })).total).toBe(2);
    // Each row's status is its person's in the row's scheme.
    const all = await query<Page<{ participantId: number; scheme: string; status: string }>>("registry.enrolments", { limit: 200 });
    for (const r of all.rows) {
      const p = Object.values(f.people).find((x) => x.id === r.participantId)!;
      expect([p.fullName, r.scheme, r.status]).toEqual([p.fullName, r.scheme, p.expected[r.scheme as keyof typeof p.expected]]);
    }
  });

  it("filters the support claims without evidence: exactly the domain's claimLacksEvidence, scoped", async () => {
    const db = t.handle.db;
    // Each enrolment gets a claim in turn: poor without evidence, near-poor with blank evidence,
    // poor with a certificate, an ethnic minority (no paper needed).
    const claims: [string[], string | null][] = [
      [["poor"], null],
      [["near_poor", "ethnic_minority"], "  "],
      [["poor"], "GCN 12/2025"],
      [["ethnic_minority"], null],
    ];
    const ids = (await selectRows<{ id: number }>(db, sql`select id::int as id from enrolments order by id`)).map((r) => Number(r.id));
    try {
      for (const [i, id] of ids.entries()) {
        const [groups, evidence] = claims[i % claims.length]!;
        await db.execute(sql`update enrolments set support_groups = ${`{${groups.join(",")}}`}::text[], support_evidence = ${evidence} where id = ${id}`);
      }
      const stored = await selectRows<{ id: number; commune_code: string; support_groups: string[]; support_evidence: string | null }>(
        db,
        sql`select id::int as id, commune_code, support_groups, support_evidence from enrolments`,
      );
      const lacking = (communes: string[] | null) =>
        stored
          .filter(
            (r) =>
              (communes === null || communes.includes(r.commune_code)) &&
              claimLacksEvidence({ supportGroups: r.support_groups, supportEvidence: r.support_evidence }),
          )
          .map((r) => Number(r.id))
          .sort((a, b) => a - b);
      const shown = async (who: AccountName) =>
        (await query<Page<{ id: number }>>("registry.enrolments", { withoutEvidence: true, limit: 200 }, who)).rows.map((r) => r.id).sort((a, b) => a - b);
      const everywhere = lacking(null);
      const in913 = lacking(["31051", "31054"]);
      expect(everywhere.length).toBeGreaterThan(in913.length);
      expect(in913.length).toBeGreaterThan(0);
      expect(everywhere.length).toBeLessThan(ids.length);
      expect(await shown("admin")).toEqual(everywhere);
      // A collector of U Minh Thượng sees only that district's claims.
      expect(await shown("collector")).toEqual(in913);
      // Combined with another filter, and off when false.
      expect((await query<Page<{ id: number }>>("registry.enrolments", { withoutEvidence: true, agentId: f.agents.phuquoc })).total).toBe(
        everywhere.length - in913.length,
      );
      expect((await query<Page<{ id: number }>>("registry.enrolments", { withoutEvidence: false, limit: 200 })).total).toBe(ids.length);
    } finally {
      await db.execute(sql`update enrolments set support_groups = '{}'::text[], support_evidence = null`);
    }
  });

  it("sorts on the server and pages", async () => {
    const asc = await query<Page<PRow>>("participants.list", { sort: "name", direction: "asc", limit: 2 });
    const desc = await query<Page<PRow>>("participants.list", { sort: "name", direction: "desc", limit: 50 });
    expect(asc.total).toBe(6);
    expect(asc.rows).toHaveLength(2);
    expect(
      desc.rows
        .slice(-2)
        .reverse()
        .map((r) => r.id),
    ).toEqual(asc.rows.map((r) => r.id));
    const second = await query<Page<PRow>>("participants.list", { sort: "name", direction: "asc", limit: 2, offset: 2 });
    expect(second.rows.map((r) => r.id)).toEqual(
      desc.rows
        .slice(-4, -2)
        .reverse()
        .map((r) => r.id),
    );
    const byAmount = await query<Page<{ amount: number }>>("registry.enrolments", { sort: "amount", direction: "asc" });
    const amounts = byAmount.rows.map((r) => r.amount);
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
  });

  it("pages by keyset: every row once, in order, while rows are inserted between the pages", async () => {
    type KPage = Page<PRow> & { nextCursor: string | null; totalExact: boolean };
    const before = (await query<KPage>("participants.list", { sort: "name", limit: 50 })).rows.map((r) => r.id);
    const added: number[] = [];
    for (const [sort, direction] of [
      ["name", "asc"],
      ["name", "desc"],
      ["birthDate", "desc"],
      ["commune", "asc"],
      ["createdAt", "asc"],
    ] as const) {
      const seen: number[] = [];
      let after: string | undefined;
      for (let n = 0; n < 20; n++) {
        const page = await query<KPage>("participants.list", { sort, direction, limit: 2, ...(after ? { after } : {}) });
        expect(page.totalExact).toBe(true);
        seen.push(...page.rows.map((r) => r.id));
        // Someone new between two requests: sorting first, last or in the middle.
        const name = ["An Văn Mới", "Yến Thị Mới", "Nguyễn Văn Mới"][added.length % 3]!;
        const [p] = await t.handle.db
          .insert(participants)
          .values({
            provinceCode: "91",
            personalId: `0910900${String(90000 + added.length).padStart(5, "0")}`,
            fullName: name,
            nameKey: normaliseName(name),
            birthDate: "1990-01-01",
            gender: "male",
            communeCode: "31051",
            communeValidOn: "2020-06-30",
          })
          .returning({ id: participants.id });
        added.push(p!.id);
        if (!page.nextCursor) break;
        after = page.nextCursor;
      }
      expect(new Set(seen).size, `${sort} ${direction}: no row twice`).toBe(seen.length);
      expect(
        before.filter((id) => !seen.includes(id)),
        `${sort} ${direction}: no row lost`,
      ).toEqual([]);
      // What was there from the start comes in the order of the sort, inserted rows aside.
      const order = (await query<KPage>("participants.list", { sort, direction, limit: 200 })).rows.map((r) => r.id);
      expect(seen.filter((id) => before.includes(id))).toEqual(order.filter((id) => before.includes(id)));
    }
    const bad = await call(t.app, "participants.list", { after: "not-a-cursor" }, { cookie: t.cookies.admin });
    expect(bad.status).toBe(400);
    await t.handle.db.delete(participants).where(inArray(participants.id, added));
  });

  it("pages the duplicate queue, the import history and the audit trail by keyset: every row once, in order, while rows are inserted between the pages", async () => {
    const db = t.handle.db;
    type KPage = Page<{ id: number }> & { nextCursor: string | null; totalExact: boolean };
    /** Walks `proc` two rows a page, calling `insert` between the pages; checks nothing was lost, repeated or reordered. */
    const walk = async (proc: string, input: Record<string, unknown>, insert: (n: number) => Promise<void>) => {
      const before = (await query<KPage>(proc, { ...input, limit: 200 })).rows.map((r) => r.id);
      expect(before.length, proc).toBeGreaterThan(4);
      const seen: number[] = [];
      let after: string | undefined;
      for (let n = 0; n < 40; n++) {
        const page = await query<KPage>(proc, { ...input, limit: 2, ...(after ? { after } : {}) });
        expect(page.totalExact).toBe(true);
        seen.push(...page.rows.map((r) => r.id));
        await insert(n);
        if (!page.nextCursor) break;
        after = page.nextCursor;
      }
      expect(new Set(seen).size, `${proc}: no row twice`).toBe(seen.length);
      expect(
        before.filter((id) => !seen.includes(id)),
        `${proc}: no row lost`,
      ).toEqual([]);
      expect(
        seen.filter((id) => before.includes(id)),
        `${proc}: in order`,
      ).toEqual(before);
      const bad = await call(t.app, proc, { ...input, after: "not-a-cursor" }, { cookie: t.cookies.admin });
      expect(bad.status, proc).toBe(400);
    };

    // The duplicate queue (highest score first, then oldest first) between people of its own.
    const people = await db
      .insert(participants)
      .values(
        Array.from({ length: 12 }, (_, i) => ({
          provinceCode: "91",
          personalId: `0910800${String(80000 + i).padStart(5, "0")}`,
          fullName: "Trùng Văn Thử",
          nameKey: normaliseName("Trùng Văn Thử"),
          birthDate: "1990-01-01",
          gender: "male" as const,
          communeCode: "31051",
          communeValidOn: "2020-06-30",
        })),
      )
      .returning({ id: participants.id });
    const ids = people.map((p) => p.id);
    const pairs = ids.flatMap((a, i) => ids.slice(i + 1).map((b) => [a, b] as const));
    let nextPair = 0;
    const review = (score: number) => {
      const [participantId, matchId] = pairs[nextPair++]!;
      return { provinceCode: "91", participantId, matchId, score, reasons: [] };
    };
    // Ties on a score (ordered by id) and scores above, below and between the ones shown.
    await db.insert(duplicateReviews).values([90, 70, 70, 70, 50, 50, 30].map(review));
    await walk("duplicates.list", { status: "open" }, async (n) => {
      await db.insert(duplicateReviews).values(review([95, 70, 10, 60][n % 4]!));
    });
    await db.delete(duplicateReviews).where(inArray(duplicateReviews.participantId, ids));
    await db.delete(participants).where(inArray(participants.id, ids));

    // The import history (newest first, then the higher id), with batches started in the same instant.
    const at = (iso: string) => new Date(iso);
    const batch = (createdAt: Date, n: number) => ({
      agentId: f.agents.uminh,
      provinceCode: "91",
      scheme: "voluntary_social_insurance" as const,
      fileName: `keyset-${n}.csv`,
      fileHash: `${"0".repeat(56)}${String(n).padStart(8, "0")}`,
      status: "dry_run" as const,
      createdAt,
    });
    const start = [
      at("2026-03-01T01:00:00Z"),
      at("2026-02-01T01:00:00Z"),
      at("2026-02-01T01:00:00Z"),
      at("2026-02-01T01:00:00Z"),
      at("2026-01-01T01:00:00Z"),
      at("2025-12-01T01:00:00Z"),
    ];
    const batchIds = (await db.insert(importBatches).values(start.map(batch)).returning({ id: importBatches.id })).map((b) => b.id);
    await walk("imports.batches", { agentId: f.agents.uminh }, async (n) => {
      const when = [new Date(), at("2026-02-01T01:00:00Z"), at("2025-01-01T01:00:00Z"), at("2026-01-15T01:00:00Z")][n % 4]!;
      const [b] = await db
        .insert(importBatches)
        .values(batch(when, 100 + n))
        .returning({ id: importBatches.id });
      batchIds.push(b!.id);
    });
    await db.delete(importBatches).where(inArray(importBatches.id, batchIds));

    // The audit trail (newest first), filtered on an entity; entries keep being written meanwhile.
    const entry = (n: number) =>
      appendAudit(db, { actorId: null, actorEmail: null, action: "update", entity: "keyset_check", entityId: String(n), before: null, after: { n } });
    for (let n = 0; n < 7; n++) await entry(n);
    await walk("audit.list", { entity: "keyset_check" }, (n) => entry(100 + n));
  });

  it("masks personal ID, social-insurance number and phone for a viewer, in the answer itself", async () => {
    const secrets = Object.values(f.people)
      .flatMap((p) => [p.personalId, p.phone, p.socialInsuranceNumber])
      .filter((x): x is string => !!x);
    const answers = [
      await call(t.app, "participants.list", { limit: 200 }, { cookie: t.cookies.viewer }),
      await call(t.app, "participants.list", { search: f.people.an.personalId }, { cookie: t.cookies.viewer }),
      await call(t.app, "participants.get", { id: f.people.an.id }, { cookie: t.cookies.viewer }),
      await call(t.app, "registry.enrolments", { limit: 200 }, { cookie: t.cookies.viewer }),
      await call(t.app, "renewals.list", { kind: "due" }, { cookie: t.cookies.viewer }),
      await call(t.app, "renewals.list", { kind: "lapsed" }, { cookie: t.cookies.viewer }),
    ];
    for (const a of answers) {
      expect(a.status).toBe(200);
      const text = JSON.stringify(a.body);
      for (const s of secrets) expect(text).not.toContain(s);
    }
    const found = answers[1]!.body.result!.data as Page<PRow>;
    expect(found.rows[0]).toMatchObject({
      personalId: `${f.people.an.personalId.slice(0, 3)}*******${f.people.an.personalId.slice(-2)}`,
      phone: "09*****001",
      masked: true,
    });
    // A collector of the area sees them; the card code too.
    const asCollector = await query<{ personalId: string; phone: string; healthCard: { code: string | null } }>(
      "participants.get",
      { id: f.people.an.id },
      "collector",
    );
    expect(asCollector.personalId).toBe(f.people.an.personalId);
    expect(asCollector.phone).toBe(f.people.an.phone);
    expect(asCollector.healthCard.code).toBe(`GD491${f.people.an.socialInsuranceNumber}`);
  });

  it("shows one participant: household and members, enrolments, payments, status, card validity and facility", async () => {
    const d = await query<{
      household: { code: string };
      members: { fullName: string; cardCode: string | null }[];
      supportGroups: string[] | null;
      enrolments: { scheme: string }[];
      payments: { scheme: string; card: { validFrom: string; validTo: string } | null }[];
      statuses: { scheme: string; status: { status: string } }[];
      healthCard: { code: string | null; validFrom: string; validTo: string; facilityCode: string };
    }>("participants.get", { id: f.people.an.id });
    expect(d.household.code).toBe(f.householdCode);
    expect(d.members.map((m) => m.fullName)).toEqual(["Nguyễn Văn An", "Đặng Thị Đào", "Lê Quốc Cường"]);
    // Each member's card code where their SI number is known (the head's), none without one; never the SI number itself.
    expect(d.members.map((m) => m.cardCode)).toEqual([`GD491${f.people.an.socialInsuranceNumber}`, null, null]);
    expect(d.members.every((m) => !("socialInsuranceNumber" in m))).toBe(true);
    // The support group of the voluntary enrolment (none here: the "other people" group).
    expect(d.supportGroups).toEqual([]);
    expect(d.enrolments).toHaveLength(2);
    expect(Object.fromEntries(d.statuses.map((s) => [s.scheme, s.status.status]))).toEqual(f.people.an.expected);
    const card = d.payments.find((p) => p.scheme === "household_health_insurance")!.card!;
    expect(d.healthCard).toMatchObject({
      code: `GD491${f.people.an.socialInsuranceNumber}`,
      facilityCode: "91012",
      validFrom: card.validFrom,
      validTo: card.validTo,
    });
    // Without a social-insurance number there is no card code to show.
    const c = await query<{ healthCard: { code: string | null } }>("participants.get", { id: f.people.cuong.id });
    expect(c.healthCard.code).toBeNull();
  });

  it("lists who is due and who lapsed; a collector sees their own agent's people by default", async () => {
    type R = Page<{ fullName: string; scheme: string; status: string; agentName: string | null }> & { mine: boolean };
    const due = await query<R>("renewals.list", { kind: "due" });
    expect(due.rows.map((r) => `${r.fullName}/${r.scheme}`).sort()).toEqual([
      "Nguyễn Văn An/household_health_insurance",
      "Trần Văn Bình/voluntary_social_insurance",
    ]);
    const lapsed = await query<R>("renewals.list", { kind: "lapsed" });
    expect(names(lapsed)).toEqual(["Võ Thị Lan", "Đặng Thị Đào"].sort());
    const manager = await query<R>("renewals.list", { kind: "lapsed" }, "manager");
    expect(names(manager)).toEqual(["Đặng Thị Đào"]);
    const mine = await query<R>("renewals.list", { kind: "lapsed" }, "otherCollector");
    expect(mine.mine).toBe(true);
    expect(names(mine)).toEqual(["Võ Thị Lan"]);
    expect(names(await query<R>("renewals.list", { kind: "due", agentId: f.agents.phuquoc }))).toEqual([]);
  });

  it("offers due this month and next month (offices plan by month), and a period on who lapsed", async () => {
    type R = Page<{ fullName: string; scheme: string; coveredUntil: string; since: string | null }>;
    const anEnds = addDays(f.today, 10); // An's household card; Bình's cover ends on this month's last day
    for (const w of ["thisMonth", "nextMonth"] as const) {
      const range = dueRange(f.today, w);
      const rows = (await query<R>("renewals.list", { kind: "due", dueWindow: w })).rows;
      for (const r of rows) expect(r.coveredUntil >= (range.from ?? f.today) && r.coveredUntil <= range.to).toBe(true);
      const expected = [
        ...(w === "thisMonth" ? ["Trần Văn Bình"] : []),
        ...(anEnds >= (range.from ?? f.today) && anEnds <= range.to ? ["Nguyễn Văn An"] : []),
      ].sort();
      expect(names({ rows } as R)).toEqual(expected);
    }
    // Lapsed since the first day of the month two months back: Đào (since then), not Lan (a month earlier).
    const lapsedFrom = `${addDays(`${f.today.slice(0, 7)}-01`, -32).slice(0, 7)}-01`;
    const lapsedFromDao = (await query<R>("renewals.list", { kind: "lapsed", lapsedFrom, lapsedTo: f.today })).rows;
    expect(names({ rows: lapsedFromDao } as R)).toEqual(["Đặng Thị Đào"]);
    for (const r of lapsedFromDao) expect(r.since! >= lapsedFrom).toBe(true);
    // The summary's lapsed column follows the period, its due column the window.
    type C = { communeName: string | null; due: number; lapsed: number }[];
    const summary = await query<C>("renewals.summary", { lapsedFrom, lapsedTo: f.today, dueWindow: "thisMonth" });
    expect(summary.reduce((n, c) => n + c.lapsed, 0)).toBe(1);
    expect(summary.reduce((n, c) => n + c.due, 0)).toBe((await query<R>("renewals.list", { kind: "due", dueWindow: "thisMonth" })).total);
  });

  it("counts who is due and lapsed per agent and commune, scoped like the list", async () => {
    type C = { agentName: string | null; communeCode: string; communeName: string | null; communeValidOn: string; due: number; lapsed: number }[];
    const all = await query<C>("renewals.summary", {});
    const line = (c: C[number]) => `${c.agentName} / ${c.communeName}: ${c.due} due, ${c.lapsed} lapsed`;
    expect(all.map(line)).toEqual([
      "Bưu điện huyện U Minh Thượng (thử) / An Minh Bắc: 1 due, 0 lapsed",
      "Bưu điện huyện U Minh Thượng (thử) / Thạnh Yên: 1 due, 1 lapsed",
      "Chi hội Phụ nữ Dương Tơ (thử) / Dương Tơ: 0 due, 1 lapsed",
    ]);
    const manager = await query<C>("renewals.summary", {}, "manager");
    expect(manager.map(line)).toEqual(all.slice(0, 2).map(line));
    // Each count is the length of the list with the same filters.
    const dueList = await query<Page<unknown>>("renewals.list", { kind: "due" });
    expect(all.reduce((n, c) => n + c.due, 0)).toBe(dueList.total);
    // One line chosen (an agent and a 2020 commune whose code the reform gave to another unit):
    // the line carries the day that names its unit, and the list narrows to that unit's people.
    await t.handle.db
      .insert(areas)
      .values({ code: "31051", name: "Vĩnh Phong (thử)", level: "commune", unitType: "Xã", parentCode: null, validFrom: "2025-07-01" });
    try {
      type R = Page<{ fullName: string; communeCode: string }>;
      const thanhYen = all[1]!;
      expect(thanhYen).toMatchObject({ communeCode: "31051", communeName: "Thạnh Yên", communeValidOn: "2020-06-30" });
      const chosen = { agentId: f.agents.uminh, areaCode: thanhYen.communeCode, areaValidOn: thanhYen.communeValidOn };
      const one = await query<R>("renewals.list", { kind: "due", ...chosen });
      expect(one.rows.map((r) => `${r.fullName}/${r.communeCode}`)).toEqual(["Nguyễn Văn An/31051"]);
      expect((await query<C>("renewals.summary", chosen)).map(line)).toEqual([line(thanhYen)]);
    } finally {
      await t.handle.db.delete(areas).where(and(eq(areas.code, "31051"), eq(areas.validFrom, "2025-07-01")));
    }
  });

  describe("XLSX export", () => {
    const download = (list: string, input: unknown, who?: AccountName, lang = "vi") =>
      t.app.inject({
        method: "GET",
        url: `/trpc/export/${list}?input=${encodeURIComponent(JSON.stringify(input))}&lang=${lang}`,
        headers: who ? { cookie: t.cookies[who] } : {},
      });
    const read = async (body: Buffer) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(body as unknown as ArrayBuffer);
      return wb.worksheets[0]!;
    };

    it("exports the participants list as shown: same rows, order and filters, Vietnamese headers, dd/MM/yyyy", async () => {
      const input = { search: "van", sort: "name", direction: "desc" };
      const res = await download("participants", input, "admin");
      expect(res.statusCode).toBe(200);
      expect(res.headers["cache-control"]).toBe("no-store");
      expect(res.headers["content-type"]).toContain("spreadsheetml");
      expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="nguoi-tham-gia-\d{4}-\d{2}-\d{2}\.xlsx"$/);
      const sheet = await read(res.rawPayload);
      expect(sheet.getRow(1).getCell(1).value).toBe("Họ và tên");
      expect(sheet.getRow(1).getCell(4).value).toBe("Ngày sinh");
      const shown = await query<Page<PRow & { birthDate: string }>>("participants.list", input);
      expect(sheet.rowCount - 1).toBe(shown.total);
      shown.rows.forEach((r, i) => {
        const row = sheet.getRow(i + 2);
        expect(row.getCell(1).value).toBe(r.fullName);
        expect(row.getCell(2).value).toBe(r.personalId);
        expect((row.getCell(4).value as Date).toISOString().slice(0, 10)).toBe(r.birthDate);
        expect(row.getCell(4).numFmt).toBe("dd/mm/yyyy");
      });
    });

    it("exports the agents list in the caller's area only", async () => {
      const all = await download("agents", {}, "admin");
      expect(all.statusCode).toBe(200);
      expect(all.headers["content-disposition"]).toMatch(/^attachment; filename="dai-ly-thu-\d{4}-\d{2}-\d{2}\.xlsx"$/);
      const sheet = await read(all.rawPayload);
      expect((sheet.getRow(1).values as unknown[]).slice(1, 3)).toEqual(["Đại lý thu", "Loại"]);
      const names = (s: typeof sheet) => Array.from({ length: s.rowCount - 1 }, (_, i) => s.getRow(i + 2).getCell(1).value);
      expect(names(sheet)).toEqual(expect.arrayContaining(["Bưu điện huyện U Minh Thượng (thử)", "Chi hội Phụ nữ Dương Tơ (thử)"]));
      // A collector of U Minh Thượng gets its district's agents, not Phú Quốc's.
      const mine = names(await read((await download("agents", {}, "collector")).rawPayload));
      expect(mine).toContain("Bưu điện huyện U Minh Thượng (thử)");
      expect(mine).not.toContain("Chi hội Phụ nữ Dương Tơ (thử)");
    });

    it("writes amounts as numbers with thousands separators, English headers on request", async () => {
      const res = await download("enrolments", { sort: "amount", direction: "desc" }, "admin", "en");
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-disposition"]).toContain("enrolments-");
      const sheet = await read(res.rawPayload);
      const headers = (sheet.getRow(1).values as unknown[]).slice(1);
      const amountCol = headers.indexOf("Amount (VND)") + 1;
      expect(amountCol).toBeGreaterThan(0);
      const cell = sheet.getRow(2).getCell(amountCol);
      expect(cell.value).toBe(3_960_000);
      expect(cell.numFmt).toBe("#,##0");
      expect(sheet.rowCount - 1).toBe(7);
    });

    it("scopes and masks the export like the list: a viewer's file holds no full number", async () => {
      const res = await download("renewals", { kind: "due" }, "viewer");
      expect(res.statusCode).toBe(200);
      const all = await download("participants", {}, "viewer");
      const sheet = await read(all.rawPayload);
      const cells: string[] = [];
      sheet.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
      expect(sheet.rowCount - 1).toBe(4);
      for (const p of Object.values(f.people)) {
        for (const s of [p.personalId, p.phone, p.socialInsuranceNumber]) if (s) expect(cells.join("|")).not.toContain(s);
      }
      expect(cells.join("|")).not.toContain("Phạm Thị Hoa");
    });

    it("answers hostile filters with a 4xx or a file, never a 500", async () => {
      const hostile: unknown[] = [
        "\u0000",
        "%",
        "_",
        "\\",
        "x".repeat(5000),
        "\ud800",
        -1,
        1.5,
        2 ** 53,
        null,
        [],
        {},
        "2020-02-30",
        "9999-12-31",
        "'; drop table participants; --",
      ];
      const fields = ["search", "areaCode", "scheme", "status", "agentId", "from", "to", "sort", "direction", "kind", "mine", "active", "limit", "offset"];
      for (const list of Object.keys(listExports)) {
        for (const field of fields) {
          for (const v of hostile) {
            const r = await download(list, { [field]: v }, "admin");
            expect([list, field, v, r.statusCode < 500]).toEqual([list, field, v, true]);
          }
        }
      }
    });

    it("refuses without a session, on a bad filter and for an unknown list", async () => {
      expect((await download("participants", {})).statusCode).toBe(401);
      const bad = await download("participants", { status: "gone" }, "admin");
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.data.code).toBe("INPUT.INVALID");
      expect((await download("nothing", {}, "admin")).statusCode).toBe(404);
      const junk = await t.app.inject({ method: "GET", url: "/trpc/export/participants?input=%7Bnot-json", headers: { cookie: t.cookies.admin } });
      expect(junk.statusCode).toBe(400);
    });
  });
});
