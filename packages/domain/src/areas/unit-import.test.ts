import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { areaRowSchema } from "./schemas.js";
import type { AreaRow } from "./tree.js";
import { checkUnitRecords, locateUnitColumns, planAreaImport, UNIT_COLUMNS, unitRowProblem } from "./unit-import.js";

const span = { validFrom: "2020-01-01", validTo: "2025-06-30" };
const columns = locateUnitColumns([...UNIT_COLUMNS])!;
const check = (records: string[][]) => checkUnitRecords(records, columns, span, UNIT_COLUMNS.length);

describe("locateUnitColumns", () => {
  it("finds the columns in any order and case, with a BOM on the first", () => {
    expect(locateUnitColumns(["\uFEFFParent_Code", " NAME ", "code", "unit_type", "level"])).toEqual({
      parent_code: 0,
      name: 1,
      code: 2,
      unit_type: 3,
      level: 4,
    });
  });
  it("says null when a column is missing", () => {
    expect(locateUnitColumns(["code", "name", "level", "unit_type"])).toBeNull();
  });
});

describe("checkUnitRecords", () => {
  it("accepts good rows, rejects each bad one with its line and reason, drops none", () => {
    const records = [
      ["91", "Kiên Giang", "province", "Tỉnh", ""],
      ["913", "U Minh Thượng", "district", "Huyện", "91"],
      ["9", "Bad code", "province", "Tỉnh", ""],
      ["31001", "Orphan", "hamlet", "Ấp", "913"],
      ["913", "Again", "district", "Huyện", "91"],
      ["31002", "", "commune", "Xã", "913"],
      ["92", "Cần Thơ", "province", "Tỉnh", "91"],
      ["31003", "No parent", "commune", "Xã", ""],
      ["31004", "Short"],
    ];
    const { rows, rejected } = check(records);
    expect(rows.map((r) => [r.line, r.row.code])).toEqual([
      [2, "91"],
      [3, "913"],
    ]);
    expect(rejected.map((r) => [r.line, r.en])).toEqual([
      [4, 'code "9" must have 2 digits'],
      [5, 'unknown level "hamlet"'],
      [6, "duplicate of line 3"],
      [7, "name is missing"],
      [8, "a province has no parent"],
      [9, "parent code is missing"],
      [10, "missing columns"],
    ]);
    expect(rows.length + rejected.length).toBe(records.length);
    expect(rejected.every((r) => r.vi.length > 0)).toBe(true);
  });

  it("normalises names to NFC and carries the span", () => {
    const decomposed = "U Minh Thượng".normalize("NFD");
    const { rows } = check([["913", decomposed, "district", "Huyện", "91"]]);
    expect(rows[0]!.row).toEqual({ code: "913", name: "U Minh Thượng", level: "district", unitType: "Huyện", parentCode: "91", ...span });
  });
});

const unit = (
  code: string,
  name: string,
  level: AreaRow["level"],
  parentCode: string | null,
  from = "2020-01-01",
  to: string | null = "2025-06-30",
): AreaRow => ({
  code,
  name,
  level,
  unitType: "",
  parentCode,
  validFrom: from,
  validTo: to,
});

describe("planAreaImport", () => {
  const parsed = (rows: AreaRow[]) => rows.map((row, i) => ({ line: i + 2, row }));

  it("inserts new units, counts stored ones as unchanged, so a re-import changes nothing", () => {
    const rows = [unit("91", "Kiên Giang", "province", null), unit("913", "U Minh Thượng", "district", "91")];
    const first = planAreaImport(parsed(rows), []);
    expect(first.insert.map((p) => p.row.code)).toEqual(["91", "913"]);
    const again = planAreaImport(parsed(rows), rows);
    expect(again).toEqual({ insert: [], unchanged: 2, rejected: [] });
  });

  it("rejects a row that contradicts a stored version of the same code in an overlapping span", () => {
    const stored = [unit("91", "Kiên Giang", "province", null, "2020-01-01", null)];
    const plan = planAreaImport(parsed([unit("91", "An Giang", "province", null, "2026-01-01", null)]), stored);
    expect(plan.insert).toEqual([]);
    expect(plan.rejected).toEqual([expect.objectContaining({ line: 2, code: "91", en: expect.stringMatching(/Kiên Giang/) })]);
  });

  it("takes a reused code whose stored version ended before the new span", () => {
    const stored = [unit("91", "Kiên Giang", "province", null)];
    const plan = planAreaImport(parsed([unit("91", "An Giang", "province", null, "2025-07-01", null)]), stored);
    expect(plan.insert.map((p) => p.row.name)).toEqual(["An Giang"]);
  });

  it("rejects a missing parent, then the rows below it in turn", () => {
    const plan = planAreaImport(parsed([unit("913", "U Minh Thượng", "district", "99"), unit("31000", "Thạnh Yên", "commune", "913")]), []);
    expect(plan.insert).toEqual([]);
    expect(plan.rejected.map((r) => [r.line, r.en])).toEqual([
      [2, "parent 99 does not exist"],
      [3, "parent 913 does not exist"],
    ]);
  });

  it("rejects a parent of the wrong level, and accepts parents stored for the row's first day", () => {
    const stored = [unit("91", "Kiên Giang", "province", null), unit("913", "U Minh Thượng", "district", "91")];
    const plan = planAreaImport(parsed([unit("914", "Bad", "district", "913"), unit("31000", "Thạnh Yên", "commune", "913")]), stored);
    expect(plan.insert.map((p) => p.row.code)).toEqual(["31000"]);
    expect(plan.rejected).toEqual([expect.objectContaining({ line: 2, en: "parent 913 is a district, which cannot hold a district" })]);
  });
});

describe("areaRowSchema agrees with the import's rules", () => {
  it("accepts exactly the rows unitRowProblem accepts", () => {
    const level = fc.constantFrom("province", "district", "commune");
    const code = fc.stringMatching(/^\d{1,6}$/);
    fc.assert(
      fc.property(code, fc.constantFrom("", "Xã A"), level, fc.option(code, { nil: null }), (c, name, lv, parent) => {
        const row = { code: c, name, level: lv, unitType: "", parentCode: parent, validFrom: "2020-01-01", validTo: null };
        expect(areaRowSchema.safeParse(row).success).toBe(unitRowProblem(row) === null);
      }),
    );
  });
});
