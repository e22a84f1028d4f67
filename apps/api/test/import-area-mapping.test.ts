/**
 * `pnpm ansinh import-area-mapping`: the service on a small file on both databases (bad rows by
 * line, a re-import changes nothing, one audit row), the command itself on the built CLI, and the
 * shared national mapping (mapping-2024-to-2025.csv) when it is beside the checkout.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, selectRows } from "@ansinh/db";
import { importAreaMapping } from "../src/services/import-area-mapping.js";
import { adminUnitsDir, drivers } from "./helpers.js";

const sharedFile = path.join(adminUnitsDir, "mapping-2024-to-2025.csv");
const hasShared = existsSync(sharedFile);
if (!hasShared) console.warn(`shared mapping file not found at ${sharedFile}: the national-mapping import test only checks that it is absent.`);

const era = { oldValidOn: "2025-06-30", newValidOn: "2025-07-01" };
const small =
  "old_commune_code,new_commune_code,old_district_code,old_province_code,new_province_code,overlap,old_name,new_name,old_in_units_2024,note\n" +
  "31012,31012,913,91,91,full,Xã Thạnh Yên,Xã Vĩnh Hòa,yes,\n" +
  "31027,31027,913,91,91,partial,Xã An Minh Bắc,Xã U Minh Thượng,yes,một phần\n" +
  "3x,31027,913,91,91,full,Bad,Bad,yes,\n" +
  "31054,31012,913,91,91,most,Xã Vĩnh Hòa,Xã Vĩnh Hòa,yes,\n";

const tmp = mkdtempSync(path.join(os.tmpdir(), "ansinh-mapping-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.each(drivers)("area mapping import on $name", ({ open }) => {
  it("stores the good rows with the era's dates, reports bad ones by line, and a re-import changes nothing", async () => {
    const h = await open();
    try {
      const first = await importAreaMapping(h.db, small, era, "small.csv");
      expect(first).toMatchObject({ read: 4, inserted: 2, unchanged: 0 });
      expect(first.rejected.map((r) => [r.line, r.code])).toEqual([
        [4, "3x"],
        [5, "31054"],
      ]);
      const rows = await selectRows<{ old_code: string; new_code: string; overlap: string; note: string | null; o: string; n: string }>(
        h.db,
        sql`select old_code, new_code, overlap, note, to_char(old_valid_on, 'YYYY-MM-DD') as o, to_char(new_valid_on, 'YYYY-MM-DD') as n from area_mappings order by old_code`,
      );
      expect(rows).toEqual([
        { old_code: "31012", new_code: "31012", overlap: "full", note: null, o: "2025-06-30", n: "2025-07-01" },
        { old_code: "31027", new_code: "31027", overlap: "partial", note: "một phần", o: "2025-06-30", n: "2025-07-01" },
      ]);
      const again = await importAreaMapping(h.db, small, era, "small.csv");
      expect(again).toMatchObject({ inserted: 0, unchanged: 2 });
      const audit = await selectRows<{ n: number }>(h.db, sql`select count(*)::int as n from audit_log where entity = 'area_mappings'`);
      expect(audit[0]!.n).toBe(1);
      await expect(importAreaMapping(h.db, "a,b\n1,2\n", era)).rejects.toThrow(/old_commune_code,new_commune_code/);
      await expect(importAreaMapping(h.db, small, { oldValidOn: "2025-07-01", newValidOn: "2025-06-30" })).rejects.toThrow(/must be after/);
    } finally {
      await h.close();
    }
  });
});

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist");
function run(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(dist, "cli.js"), ...args], {
      env: { PATH: process.env.PATH ?? "", DATA_DIR: path.join(tmp, "data"), LOG_LEVEL: "warn" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("pnpm ansinh import-area-mapping", () => {
  it("imports a file given on the command line and says what it did", async () => {
    const file = path.join(tmp, "mapping.csv");
    writeFileSync(file, small);
    const r = await run(["import-area-mapping", file, "--old-valid-on", "2025-06-30", "--new-valid-on", "2025-07-01"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/Read 4 rows: 2 added, 0 already present, 2 rejected/);
    expect(r.stdout).toMatch(/line 4 \(3x\)/);
    const missing = await run(["import-area-mapping", file]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/--old-valid-on YYYY-MM-DD is required/);
  }, 120_000);

  if (hasShared) {
    it("imports the shared national mapping 2024 → 2025", async () => {
      const text = readFileSync(sharedFile, "utf8");
      const lines = text.trim().split("\n").length - 1;
      const h = await createDb({ dataDir: "memory://" });
      try {
        const report = await importAreaMapping(h.db, text, era, "mapping-2024-to-2025.csv");
        expect(report.read).toBe(lines);
        expect(report.rejected).toEqual([]);
        expect(report.inserted).toBe(lines);
        const [row] = await selectRows<{ new_code: string; overlap: string }>(h.db, sql`select new_code, overlap from area_mappings where old_code = '31027'`);
        expect(row).toEqual({ new_code: "31027", overlap: "full" });
      } finally {
        await h.close();
      }
    }, 120_000);
  } else {
    it("the shared national mapping is absent: only the small file above is imported", () => {
      expect(existsSync(sharedFile)).toBe(false);
    });
  }
});
