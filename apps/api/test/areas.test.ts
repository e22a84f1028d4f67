import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertAreaRows, type DbHandle } from "@ansinh/db";
import { call as callAs, drivers, startTestApp, type TestApp } from "./helpers.js";

describe.each(drivers)("areas API on $name", ({ open }) => {
  let t: TestApp;
  let h: DbHandle;
  let app: FastifyInstance;
  /** As the national admin: these tests are about the figures; scope has its own tests. */
  const call = (_app: FastifyInstance, proc: string, input: unknown) => callAs(t.app, proc, input, { cookie: t.cookies.admin });
  beforeAll(async () => {
    t = await startTestApp(open);
    h = t.handle;
    app = t.app;
  });
  afterAll(async () => t?.close());

  it("answers /health after checking the database", async () => {
    const res = await app.inject({ method: "GET", url: "/health" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: "ok", database: h.kind });
  });

  it("gives the tree in force on a date", async () => {
    const { status, body } = await call(app, "areas.tree", { onDate: "2020-06-15" });
    expect(status).toBe(200);
    const { roots } = body.result!.data as unknown as { roots: { code: string; name: string; children: { code: string; name: string }[] }[] };
    expect(roots.map((r) => r.name)).toEqual(["Kiên Giang"]);
    expect(roots[0]!.children).toHaveLength(15);
    expect(roots[0]!.children.find((c) => c.code === "913")!.name).toBe("U Minh Thượng");
    // the 2020 districts are gone after the 2025 reform
    const after = await call(app, "areas.tree", { onDate: "2025-07-01" });
    expect(after.body.result!.data).toMatchObject({ roots: [], nearestDate: "2025-06-30" });
    const before = await call(app, "areas.tree", { onDate: "2019-05-01" });
    expect(before.body.result!.data).toMatchObject({ roots: [], nearestDate: "2020-01-01" });
  });

  it("sends a scoped caller to the nearest date when its own area is in force", async () => {
    const manager = await callAs(t.app, "areas.tree", { onDate: "2026-01-01" }, { cookie: t.cookies.manager });
    expect(manager.status).toBe(200);
    expect(manager.body.result!.data).toMatchObject({ roots: [], nearestDate: "2025-06-30" });
  });

  it("gives coverage of an area and its children, U Minh Thượng at 88%", async () => {
    const { status, body } = await call(app, "areas.coverage", { code: "91", onDate: "2020-12-31" });
    expect(status).toBe(200);
    const data = body.result!.data as unknown as {
      area: { coverage: { insured: number; population: number } };
      children: { code: string; coverage: { percent: number; insured: number; population: number } }[];
    };
    const umt = data.children.find((c) => c.code === "913")!;
    expect(umt.coverage).toMatchObject({ known: true, percent: 88, insured: 61_600, population: 70_000 });
    const sumInsured = data.children.reduce((s, c) => s + c.coverage.insured, 0);
    const sumPopulation = data.children.reduce((s, c) => s + c.coverage.population, 0);
    expect(data.area.coverage).toMatchObject({ insured: sumInsured, population: sumPopulation });
    const district = await call(app, "areas.coverage", { code: "913", onDate: "2020-12-31" });
    expect(district.body.result!.data).toMatchObject({ path: [{ code: "91", name: "Kiên Giang" }], children: [] });
  });

  it("answers unknown, not 0%, before any figure was reported", async () => {
    const { body } = await call(app, "areas.coverage", { code: "913", onDate: "2020-03-01" });
    expect((body.result!.data as unknown as { area: { coverage: unknown } }).area.coverage).toMatchObject({ known: false, percent: null });
  });

  it.each([
    [{ code: "91", onDate: "2020-02-30" }, /YYYY-MM-DD/],
    [{ code: "9x", onDate: "2020-06-01" }, /2–5/],
    [{ code: "91" }, /onDate/],
    [{ code: "91", onDate: "2020-06-01", scheme: "dental" }, /scheme/],
  ])("refuses bad input %j with a 400 and a clear message", async (input, message) => {
    const { status, body } = await call(app, "areas.coverage", input);
    expect(status).toBe(400);
    expect(body.error!.message).toMatch(message);
    expect(body.error!.data.code).toBe("INPUT.INVALID");
  });

  it("answers 404 with both languages for an unknown area", async () => {
    const { status, body } = await call(app, "areas.coverage", { code: "01", onDate: "2020-06-01" });
    expect(status).toBe(404);
    expect(body.error!.message).toContain("Không có địa bàn mã 01");
    expect(body.error!.message).toContain("No area with code 01");
    expect(body.error!.data).toMatchObject({ code: "AREAS.NOT_FOUND", issues: [{ path: ["code"], en: "No area with code 01 on 2020-06-01" }] });
  });

  it("answers a malformed request body with a 400, not a 500", async () => {
    const res = await app.inject({ method: "GET", url: "/trpc/areas.tree?input=%7Bnot-json", headers: { cookie: t.cookies.admin } });
    expect(res.statusCode).toBe(400);
  });

  it("finds areas in force on a date without diacritics, each named as on that date (codes are reused across eras)", async () => {
    // A commune before the reform, and the new era's province and commune on the same codes.
    await insertAreaRows(h.db, [
      { code: "31012", name: "Thạnh Yên", level: "commune", unitType: "Xã", parentCode: "913", validFrom: "2020-01-01", validTo: "2025-06-30" },
      { code: "91", name: "An Giang", level: "province", unitType: "Tỉnh", parentCode: null, validFrom: "2025-07-01", validTo: null },
      { code: "31012", name: "Vĩnh Hòa", level: "commune", unitType: "Xã", parentCode: "91", validFrom: "2025-07-01", validTo: null },
    ]);
    type Hit = { code: string; name: string; parentName: string | null };
    const search = async (text: string, onDate: string, who: "admin" | "manager" = "admin") => {
      const r = await callAs(t.app, "areas.searchOn", { text, onDate }, { cookie: t.cookies[who] });
      expect(r.status).toBe(200);
      return r.body.result!.data as Hit[];
    };
    expect(await search("thanh yen", "2020-12-31")).toEqual([expect.objectContaining({ code: "31012", name: "Thạnh Yên", parentName: "U Minh Thượng" })]);
    expect((await search("kien giang", "2020-12-31")).map((h) => `${h.name} (${h.code})`)).toEqual(["Kiên Giang (91)"]);
    // 91 on a 2020 plan is Kiên Giang; on a 2026 one, An Giang.
    expect((await search("91", "2020-12-31")).find((h) => h.code === "91")!.name).toBe("Kiên Giang");
    expect((await search("91", "2026-01-01")).find((h) => h.code === "91")!.name).toBe("An Giang");
    expect(await search("kien giang", "2026-01-01")).toEqual([]);
    expect((await search("31012", "2026-01-01")).map((h) => h.name)).toEqual(["Vĩnh Hòa"]);
    // Within the caller's areas: the U Minh Thượng manager finds its communes, not Phú Quốc.
    expect((await search("thanh yen", "2020-12-31", "manager")).map((h) => h.code)).toEqual(["31012"]);
    expect(await search("phu quoc", "2020-12-31", "manager")).toEqual([]);
    expect((await search("phu quoc", "2020-12-31")).length).toBeGreaterThan(0);
  });
});
