import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, drivers, PASSWORD, startTestApp, type TestApp } from "./helpers.js";

type Issue = { path: (string | number)[]; vi: string; en: string };

describe.each(drivers)("users and areas as an office uses them, on $name", ({ open }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(open);
  });
  afterAll(async () => t?.close());

  const create = (email: string, phone: string) =>
    call(
      t.app,
      "users.create",
      { email, name: "Cán bộ điện thoại", password: PASSWORD, phone, assignments: [{ role: "collector", areaCode: "913" }] },
      { cookie: t.cookies.admin, mutation: true },
    );

  let made = 0;
  it.each([
    ["0912 345 678", "0912345678"],
    ["0912.345.678", "0912345678"],
    ["+84 912 345 678", "0912345678"],
    ["0297 3800 913", "02973800913"],
  ])("takes the phone %s as people write it and stores %s", async (written, stored) => {
    const res = await create(`phone-${++made}@test.vn`, written);
    expect(res.status).toBe(200);
    const id = (res.body.result!.data as { id: string }).id;
    const list = await call(t.app, "staff.list", { search: "Cán bộ điện thoại", limit: 50 }, { cookie: t.cookies.admin });
    const row = (list.body.result!.data as { rows: { id: string; phone: string }[] }).rows.find((r) => r.id === id);
    expect(row?.phone).toBe(stored);
  });

  it("refuses a phone that is not one, under the phone field, in both languages", async () => {
    const res = await create("bad-phone@test.vn", "0912.345");
    expect(res.status).toBe(400);
    const issues = (res.body.error as unknown as { data: { issues: Issue[] } }).data.issues;
    expect(issues).toEqual([expect.objectContaining({ path: ["phone"], vi: expect.stringMatching(/không hợp lệ/), en: expect.stringMatching(/not valid/) })]);
  });

  it("finds areas by name within the caller's scope, any era", async () => {
    const national = await call(t.app, "areas.search", { text: "U Minh" }, { cookie: t.cookies.admin });
    expect(national.status).toBe(200);
    const hits = national.body.result!.data as { code: string; name: string; parentName: string | null; validTo: string | null }[];
    expect(hits.map((h) => h.code)).toContain("913");
    expect(hits.find((h) => h.code === "913")).toMatchObject({ name: "U Minh Thượng", parentName: "Kiên Giang", validTo: "2025-06-30" });
    // by code prefix too
    const byCode = await call(t.app, "areas.search", { text: "91" }, { cookie: t.cookies.admin });
    expect((byCode.body.result!.data as { code: string }[]).every((h) => h.code.startsWith("91"))).toBe(true);
    // an area admin of U Minh Thượng finds nothing outside it
    const scoped = await call(t.app, "areas.search", { text: "Phú Quốc" }, { cookie: t.cookies.areaAdmin });
    expect(scoped.status).toBe(200);
    expect(scoped.body.result!.data).toEqual([]);
    // % and _ are taken literally, and an empty search is refused
    const literal = await call(t.app, "areas.search", { text: "%" }, { cookie: t.cookies.admin });
    expect(literal.body.result!.data).toEqual([]);
    const empty = await call(t.app, "areas.search", { text: "" }, { cookie: t.cookies.admin });
    expect(empty.status).toBe(400);
  });

  it("shows the audit trail in names and words, personal data masked, filtered by action and subject", async () => {
    const made = await call(
      t.app,
      "users.create",
      {
        email: "audit-subject@test.vn",
        name: "Trần Thị Kiểm Tra",
        password: PASSWORD,
        phone: "0912 777 888",
        personalId: "091195001234",
        assignments: [{ role: "viewer", areaCode: "913" }],
      },
      { cookie: t.cookies.admin, mutation: true },
    );
    expect(made.status).toBe(200);
    const res = await call(t.app, "audit.list", { action: "create", subject: "Kiểm Tra", limit: 10 }, { cookie: t.cookies.admin });
    expect(res.status).toBe(200);
    const data = res.body.result!.data as {
      total: number;
      rows: { action: string; actorName: string; subjectName: string; changes: { field: string; after: unknown }[]; after: Record<string, unknown> }[];
    };
    expect(data.total).toBe(1);
    const [entry] = data.rows;
    expect(entry).toMatchObject({ action: "create", actorName: "Test admin", subjectName: "Trần Thị Kiểm Tra" });
    expect(entry!.changes).toEqual(
      expect.arrayContaining([
        { field: "personalId", before: null, after: "091*******34" },
        { field: "phone", before: null, after: "09*****888" },
      ]),
    );
    expect(JSON.stringify(data)).not.toContain("091195001234");
    expect(JSON.stringify(data)).not.toContain("0912777888");
    const none = await call(t.app, "audit.list", { action: "disable", subject: "Kiểm Tra", limit: 10 }, { cookie: t.cookies.admin });
    expect((none.body.result!.data as { total: number }).total).toBe(0);
  });

  it("finds users, staff and areas by name without diacritics or case", async () => {
    const made = await call(
      t.app,
      "users.create",
      { email: "duc@test.vn", name: "Nguyễn Văn Đức", password: PASSWORD, assignments: [{ role: "collector", areaCode: "913" }] },
      { cookie: t.cookies.admin, mutation: true },
    );
    expect(made.status).toBe(200);
    for (const search of ["nguyen van duc", "NGUYEN VAN DUC", "Nguyễn Văn Đức", "văn đuc"]) {
      const users = await call(t.app, "users.list", { search, limit: 10 }, { cookie: t.cookies.admin });
      expect(
        (users.body.result!.data as { rows: { email: string }[] }).rows.map((r) => r.email),
        search,
      ).toContain("duc@test.vn");
      const staff = await call(t.app, "staff.list", { search, limit: 10 }, { cookie: t.cookies.manager });
      expect(
        (staff.body.result!.data as { rows: { email: string }[] }).rows.map((r) => r.email),
        search,
      ).toContain("duc@test.vn");
    }
    const other = await call(t.app, "users.list", { search: "nguyen van dung", limit: 10 }, { cookie: t.cookies.admin });
    expect((other.body.result!.data as { rows: { email: string }[] }).rows.map((r) => r.email)).not.toContain("duc@test.vn");
    const areas = await call(t.app, "areas.search", { text: "u minh thuong" }, { cookie: t.cookies.admin });
    expect((areas.body.result!.data as { code: string }[]).map((h) => h.code)).toContain("913");
  });
});
