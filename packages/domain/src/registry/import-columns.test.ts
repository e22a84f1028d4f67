import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeOf } from "../code-of.test-support.js";
import {
  columnMappingProblems,
  HEADER_MATCH_THRESHOLD,
  headerScore,
  importColumnNames,
  importColumns,
  requiredImportColumns,
  suggestColumnMapping,
} from "./import-columns.js";

const templateHeaders = importColumns.map((c) => importColumnNames[c].vi);

describe("import columns", () => {
  it("maps the template's own headers to their columns", () => {
    const m = suggestColumnMapping(templateHeaders);
    for (const c of importColumns) expect(m[c]).toBe(importColumnNames[c].vi);
  });

  it("recognises agents' other spellings, without diacritics, case or extra spaces", () => {
    const m = suggestColumnMapping(["STT", "HỌ TÊN", "Số  CCCD", "Ngày BL", "So bien lai", "Mã xã", "Số tháng", "Mức thu nhập"]);
    expect(m).toMatchObject({
      fullName: "HỌ TÊN",
      personalId: "Số  CCCD",
      receiptDate: "Ngày BL",
      receiptNumber: "So bien lai",
      communeCode: "Mã xã",
      monthsPaid: "Số tháng",
      incomeOrBaseShare: "Mức thu nhập",
    });
    expect(Object.values(m)).not.toContain("STT");
  });

  it("uses the agent's saved mapping first, and each header once", () => {
    const headers = ["Tên người", "Ngày sinh", "Ngày nộp"];
    const m = suggestColumnMapping(headers, { fullName: "Tên người", receiptDate: "Ngày nộp", phone: "not in this file" });
    expect(m).toEqual({ fullName: "Tên người", receiptDate: "Ngày nộp", birthDate: "Ngày sinh" });
  });

  it("never maps one header twice nor below the threshold (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 20 }), { maxLength: 30 }), (headers) => {
        const m = suggestColumnMapping(headers);
        const used = Object.values(m);
        expect(new Set(used).size).toBe(used.length);
        for (const [c, h] of Object.entries(m)) {
          expect(headers).toContain(h);
          expect(headerScore(c as (typeof importColumns)[number], h)).toBeGreaterThanOrEqual(HEADER_MATCH_THRESHOLD);
        }
      }),
    );
  });

  it("scores the template header 1 and an unrelated one low", () => {
    expect(headerScore("birthDate", "ngay sinh")).toBe(1);
    expect(headerScore("birthDate", "Số tiền")).toBeLessThan(HEADER_MATCH_THRESHOLD);
    expect(headerScore("birthDate", "   ")).toBe(0);
  });

  it("says which columns a scheme needs", () => {
    expect(requiredImportColumns("voluntary_social_insurance")).toContain("incomeOrBaseShare");
    expect(requiredImportColumns("voluntary_social_insurance")).not.toContain("householdCode");
    expect(requiredImportColumns("household_health_insurance")).toEqual(expect.arrayContaining(["householdCode", "householdRank", "facilityCode"]));
  });

  it("lists each problem of a mapping under its column, in both languages", () => {
    const headers = ["Họ tên", "Ngày", "CCCD"];
    const problems = columnMappingProblems(
      { fullName: "Họ tên", birthDate: "Ngày", receiptDate: "Ngày", phone: "Điện thoại" },
      headers,
      "voluntary_social_insurance",
    );
    const byField = Object.fromEntries(problems.map((p) => [p.field, p]));
    expect(byField.receiptDate).toMatchObject({
      code: "REGISTRY.MAPPING_COLUMN_REUSED",
      vi: 'Cột "Ngày" đã được chọn cho "Ngày sinh"',
      en: 'Column "Ngày" is already used for "Birth date"',
    });
    expect(byField.phone).toMatchObject({ code: "REGISTRY.MAPPING_COLUMN_MISSING", en: 'The file has no column "Điện thoại"' });
    expect(byField.personalId).toMatchObject({ code: "REGISTRY.MAPPING_REQUIRED", vi: expect.stringContaining("Chưa chọn cột") });
    expect(byField.fullName).toBeUndefined();
    expect(columnMappingProblems(suggestColumnMapping(templateHeaders), templateHeaders, "household_health_insurance")).toEqual([]);
  });

  it("refuses arguments of the wrong shape with a coded error", () => {
    expect(codeOf(() => requiredImportColumns("both" as never))).toBe("REGISTRY.INVALID_INPUT");
    expect(codeOf(() => suggestColumnMapping("a,b" as never))).toBe("REGISTRY.INVALID_INPUT");
    expect(codeOf(() => columnMappingProblems({ nonsense: "x" } as never, [], "voluntary_social_insurance"))).toBe("REGISTRY.INVALID_INPUT");
  });
});
