import { readFile } from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allAreaRows, areaRowsOn, selectRows, type DbHandle } from "@ansinh/db";
import { buildAreaTree } from "@ansinh/domain/areas";
import { importAreas } from "../src/services/import-areas.js";
import { adminUnitsDir, drivers, hasAdminUnits } from "./helpers.js";

const SMALL = `code,name,level,unit_type,parent_code
91,Kiên Giang,province,Tỉnh,
913,U Minh Thượng,district,Huyện,91
31000,Thạnh Yên,commune,Xã,913
9,Bad code,province,Tỉnh,
31001,Orphan,commune,Xã,999
913,Again,district,Huyện,91
31002,,commune,Xã,913
`;

describe.each(drivers)("import-areas on $name", ({ open }) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await open();
  });
  afterAll(async () => h?.close());

  it("takes the good rows and reports each bad one with its line number", async () => {
    const report = await importAreas(h.db, SMALL, { validFrom: "2020-01-01", validTo: "2025-06-30" });
    expect(report).toMatchObject({ read: 7, inserted: 3, unchanged: 0 });
    expect(report.rejected.map((r) => r.line)).toEqual([5, 6, 7, 8]);
    expect(report.rejected[1]!.en).toMatch(/parent 999 does not exist/);
    expect(report.rejected[2]!.en).toMatch(/duplicate of line 3/);
  });

  it("leaves one audit row for an import that adds units", async () => {
    const rows = await selectRows<{ action: string; entity: string; after: { inserted: number; rejected: number } }>(
      h.db,
      sql`select action, entity, after from audit_log where entity = 'areas'`,
    );
    expect(rows).toEqual([{ action: "import", entity: "areas", after: expect.objectContaining({ inserted: 3, rejected: 4, validFrom: "2020-01-01" }) }]);
  });

  it("changes nothing on a re-import of the same file", async () => {
    const before = await allAreaRows(h.db);
    const report = await importAreas(h.db, SMALL, { validFrom: "2020-01-01", validTo: "2025-06-30" });
    expect(report).toMatchObject({ inserted: 0, unchanged: 3 });
    expect(await allAreaRows(h.db)).toEqual(before);
  });

  it("refuses a row that contradicts a stored unit over the same dates", async () => {
    const report = await importAreas(h.db, "code,name,level,unit_type,parent_code\n91,An Giang,province,Tỉnh,\n", {
      validFrom: "2024-01-01",
      validTo: null,
    });
    expect(report.inserted).toBe(0);
    expect(report.rejected[0]).toMatchObject({ line: 2, code: "91" });
    expect(report.rejected[0]!.en).toMatch(/Kiên Giang/);
  });

  it.each([
    ["a file without the header", "91,Kiên Giang,province,Tỉnh,\n", /header/],
    ["a file that is not CSV", 'code,name\n"unterminated', /not valid CSV/],
  ])("refuses %s whole, writing nothing", async (_what, text, message) => {
    const before = await allAreaRows(h.db);
    await expect(importAreas(h.db, text, { validFrom: "2026-01-01", validTo: null })).rejects.toThrow(message);
    expect(await allAreaRows(h.db)).toEqual(before);
  });
});

describe.runIf(hasAdminUnits).each(drivers)("the real 2024 and 2025 lists on $name", ({ open }) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await open();
  });
  afterAll(async () => h?.close());

  it("imports all 10,794 + 3,355 rows, every parent found, and a re-import changes nothing", async () => {
    const y2024 = await readFile(path.join(adminUnitsDir, "units-2024.csv"), "utf8");
    const y2025 = await readFile(path.join(adminUnitsDir, "units-2025.csv"), "utf8");
    const r1 = await importAreas(h.db, y2024, { validFrom: "2025-03-01", validTo: "2025-06-30" });
    expect(r1).toEqual({ read: 10_794, inserted: 10_794, unchanged: 0, rejected: [] });
    const r2 = await importAreas(h.db, y2025, { validFrom: "2025-07-01", validTo: null });
    expect(r2).toEqual({ read: 3_355, inserted: 3_355, unchanged: 0, rejected: [] });

    const old = buildAreaTree(await areaRowsOn(h.db, "2025-06-30"), "2025-06-30");
    expect(old.roots).toHaveLength(63);
    expect(old.orphans).toEqual([]);
    expect(old.byCode.get("91")!.name).toBe("Kiên Giang");
    expect(old.byCode.get("913")!.children).toHaveLength(6);
    const now = buildAreaTree(await areaRowsOn(h.db, "2025-07-01"), "2025-07-01");
    expect(now.roots).toHaveLength(34);
    expect(now.orphans).toEqual([]);
    expect(now.byCode.get("91")!.name).toBe("An Giang");
    expect(now.byCode.has("89")).toBe(false);

    const again = await importAreas(h.db, y2025, { validFrom: "2025-07-01", validTo: null });
    expect(again).toEqual({ read: 3_355, inserted: 0, unchanged: 3_355, rejected: [] });
  });
});
