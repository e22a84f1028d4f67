import { describe, expect, it } from "vitest";
import { isDomainError } from "../errors.js";
import {
  checkFigureRow,
  duplicateRowProblem,
  figureKey,
  figureOutcome,
  figureUnitDate,
  figureUnitVersion,
  locateFigureColumns,
  unitOutOfScopeProblem,
  unitUnknownProblem,
  type FigureRow,
} from "./figure-rows.js";

const popHeader = ["STT", "Mã đơn vị", "Tên đơn vị", "Năm", "Dân số", "Dân số trong độ tuổi lao động"];
const insHeader = ["Mã đơn vị", "Ngày báo cáo", "Loại bảo hiểm", "Nhóm đối tượng", "Số người tham gia"];

describe("locateFigureColumns", () => {
  it("finds the Vietnamese headers, with or without diacritics, in any case", () => {
    expect(locateFigureColumns("population", popHeader)).toEqual({
      columns: { areaCode: 1, areaName: 2, year: 3, total: 4, workingAge: 5 },
      problems: [],
    });
    const plain = locateFigureColumns("population", ["MA DON VI", "nam", "dan so", "Dan so trong do tuoi lao dong", "Ngay hieu luc"]);
    expect(plain.columns).toEqual({ areaCode: 0, year: 1, total: 2, workingAge: 3, effectiveDate: 4 });
    expect(locateFigureColumns("insured", insHeader).columns).toEqual({ areaCode: 0, asOf: 1, scheme: 2, insuredGroup: 3, count: 4 });
    expect(locateFigureColumns("insured", ["Unit code", "Report date", "Scheme", "Insured group", "Insured count"]).problems).toEqual([]);
  });

  it("reports a missing required column and a repeated one", () => {
    const r = locateFigureColumns("population", ["Mã đơn vị", "Ma don vi", "Dân số"]);
    expect(r.problems.map((p) => p.code)).toEqual(["COVERAGE.FIGURE_COLUMN_REPEATED", "COVERAGE.FIGURE_COLUMN_MISSING"]);
    expect(r.problems[1]).toMatchObject({ path: ["header"], vi: 'Thiếu cột "Năm"', en: 'The column "Year" is missing' });
    // An insured file is not a population file.
    expect(locateFigureColumns("insured", popHeader).problems.map((p) => p.code)).toContain("COVERAGE.FIGURE_COLUMN_MISSING");
  });
});

describe("checkFigureRow: population", () => {
  const cols = locateFigureColumns("population", [...popHeader, "Ngày hiệu lực"]).columns;
  const row = (code: string, year: string, total: string, working = "", eff = "") => checkFigureRow("population", ["1", code, "X", year, total, working, eff], cols);

  it("reads a good row, keeping leading zeros and reading thousands separators", () => {
    expect(row("00004", "2025", "12.345", "8 000")).toEqual({
      ok: true,
      row: { areaCode: "00004", year: 2025, total: 12345, workingAge: 8000, effectiveDate: null },
    });
    expect(row("913", "2020.0", "70000", "", "15/03/2020")).toEqual({
      ok: true,
      row: { areaCode: "913", year: 2020, total: 70000, workingAge: null, effectiveDate: "2020-03-15" },
    });
  });

  it("codes each problem with its column", () => {
    const codes = (r: ReturnType<typeof row>) => (r.ok ? [] : r.problems.map((p) => `${p.code}@${p.path[0]}`));
    expect(codes(row("4", "2025", "10"))).toEqual(["COVERAGE.FIGURE_CODE_INVALID@areaCode"]);
    expect(codes(row("91", "1850", "10"))).toEqual(["COVERAGE.FIGURE_YEAR_INVALID@year"]);
    expect(codes(row("91", "2025", "-5"))).toEqual(["COVERAGE.FIGURE_COUNT_INVALID@total"]);
    expect(codes(row("91", "2025", "1.5"))).toEqual(["COVERAGE.FIGURE_COUNT_INVALID@total"]);
    expect(codes(row("91", "2025", "100", "101"))).toEqual(["COVERAGE.FIGURE_WORKING_AGE_ABOVE_TOTAL@workingAge"]);
    expect(codes(row("", "", ""))).toEqual(["COVERAGE.FIGURE_REQUIRED@areaCode", "COVERAGE.FIGURE_REQUIRED@year", "COVERAGE.FIGURE_REQUIRED@total"]);
    expect(codes(row("91", "2025", "100", "", "31/02/2025"))).toEqual(["COVERAGE.FIGURE_DATE_INVALID@effectiveDate"]);
    expect(codes(row("91", "2025", "100", "", "01/01/2024"))).toEqual(["COVERAGE.FIGURE_DATE_OUTSIDE_YEAR@effectiveDate"]);
  });

  it("hints at a lost leading zero in both languages", () => {
    const r = row("4", "2025", "10");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems[0]!.vi).toContain("Văn bản");
      expect(r.problems[0]!.en).toContain("format the column as Text");
    }
  });
});

describe("checkFigureRow: insured counts", () => {
  const cols = locateFigureColumns("insured", insHeader).columns;
  const row = (...cells: string[]) => checkFigureRow("insured", cells, cols);

  it("reads schemes and groups by their Vietnamese or English name, dates as dd/MM/yyyy or Excel serials", () => {
    expect(row("913", "30/06/2020", "Bảo hiểm y tế", "Hộ gia đình", "15.400")).toEqual({
      ok: true,
      row: { areaCode: "913", asOf: "2020-06-30", scheme: "health_insurance", insuredGroup: "household", count: 15400 },
    });
    expect(row("913", "44012", "BHYT", "children under 6", "10")).toMatchObject({ ok: true, row: { asOf: "2020-06-30", insuredGroup: "children_under_6" } });
    expect(row("913", "2020-06-30", "Bao hiem xa hoi", "BHXH tu nguyen", "0")).toMatchObject({ ok: true, row: { scheme: "social_insurance", insuredGroup: "voluntary", count: 0 } });
    expect(row("913", "30/06/2020", "health insurance", "students", "1")).toMatchObject({ ok: true, row: { insuredGroup: "students" } });
  });

  it("refuses unknown schemes, groups of the other scheme, bad dates and counts", () => {
    const codes = (r: ReturnType<typeof row>) => (r.ok ? [] : r.problems.map((p) => p.code));
    expect(codes(row("913", "30/06/2020", "Bảo hiểm thất nghiệp", "Khác", "1"))).toEqual(["COVERAGE.FIGURE_SCHEME_UNKNOWN"]);
    expect(codes(row("913", "30/06/2020", "BHXH", "Hộ gia đình", "1"))).toEqual(["COVERAGE.FIGURE_GROUP_UNKNOWN"]);
    expect(codes(row("913", "30/13/2020", "BHYT", "Khác", "1"))).toEqual(["COVERAGE.FIGURE_DATE_INVALID"]);
    expect(codes(row("913", "01/01/1980", "BHYT", "Khác", "1"))).toEqual(["COVERAGE.FIGURE_DATE_INVALID"]);
    expect(codes(row("913", "30/06/2020", "BHYT", "Khác", "abc"))).toEqual(["COVERAGE.FIGURE_COUNT_INVALID"]);
  });
});

describe("which unit version a row means", () => {
  // Code 91: Kiên Giang until 30/06/2025, An Giang from 01/07/2025.
  const v91 = [
    { id: 1, validFrom: "2020-01-01", validTo: "2025-06-30" },
    { id: 2, validFrom: "2025-07-01", validTo: null },
  ];
  const pop = (year: number, effectiveDate: string | null = null): FigureRow => ({ areaCode: "91", year, total: 1, workingAge: null, effectiveDate });

  it("takes a reform year's last day unless the row has an effective date", () => {
    expect(figureUnitDate(pop(2025))).toBe("2025-12-31");
    expect(figureUnitVersion(pop(2025), v91)?.id).toBe(2);
    expect(figureUnitVersion(pop(2025, "2025-03-01"), v91)?.id).toBe(1);
    expect(figureUnitVersion(pop(2024), v91)?.id).toBe(1);
  });

  it("takes an abolished unit's last version for its last year, and nothing for a later one", () => {
    const district = [{ id: 7, validFrom: "2020-01-01", validTo: "2025-06-30" }];
    expect(figureUnitVersion({ ...pop(2025), areaCode: "913" }, district)?.id).toBe(7);
    expect(figureUnitVersion({ ...pop(2026), areaCode: "913" }, district)).toBeNull();
    expect(figureUnitVersion({ ...pop(2019), areaCode: "913" }, district)).toBeNull();
  });

  it("takes the unit in force on an insured count's report date", () => {
    const ins = (asOf: string): FigureRow => ({ areaCode: "91", asOf, scheme: "health_insurance", insuredGroup: "other", count: 1 });
    expect(figureUnitVersion(ins("2025-06-30"), v91)?.id).toBe(1);
    expect(figureUnitVersion(ins("2025-07-01"), v91)?.id).toBe(2);
    expect(figureUnitVersion(ins("2019-12-31"), v91)).toBeNull();
    expect(unitUnknownProblem(ins("2019-12-31"))).toMatchObject({ code: "COVERAGE.FIGURE_UNIT_UNKNOWN", vi: "Không có đơn vị mã 91 có hiệu lực ngày 31/12/2019" });
  });
});

describe("keys and outcomes", () => {
  const p: FigureRow = { areaCode: "91", year: 2020, total: 100, workingAge: 60, effectiveDate: null };
  const i: FigureRow = { areaCode: "91", asOf: "2020-06-30", scheme: "health_insurance", insuredGroup: "other", count: 5 };

  it("keys a population by unit and year, a count by unit, date, scheme and group", () => {
    expect(figureKey(p, 3)).toBe("3|2020");
    expect(figureKey({ ...p, effectiveDate: "2020-05-01" }, 3)).toBe("3|2020");
    expect(figureKey(i, 3)).toBe("3|2020-06-30|health_insurance|other");
    expect(duplicateRowProblem(4)).toMatchObject({ code: "COVERAGE.FIGURE_DUPLICATE_IN_FILE", en: "Same unit and period as line 4 of the file" });
    expect(unitOutOfScopeProblem(p).code).toBe("COVERAGE.FIGURE_UNIT_OUT_OF_SCOPE");
  });

  it("is unchanged only when the stored value is the same", () => {
    expect(figureOutcome(p, null)).toBe("imported");
    expect(figureOutcome(p, { total: 100, workingAge: 60 })).toBe("unchanged");
    expect(figureOutcome(p, { total: 100, workingAge: null })).toBe("imported");
    expect(figureOutcome(p, { total: 101, workingAge: 60 })).toBe("imported");
    expect(figureOutcome(i, { count: 5 })).toBe("unchanged");
    expect(figureOutcome(i, { count: 6 })).toBe("imported");
  });

  it("throws a coded error on bad arguments", () => {
    for (const f of [() => checkFigureRow("nope" as never, [], {}), () => figureUnitVersion({} as never, []), () => locateFigureColumns("insured", [1] as never)]) {
      try {
        f();
        expect.fail("no error");
      } catch (e) {
        expect(isDomainError(e) && e.code).toBe("COVERAGE.INVALID_INPUT");
      }
    }
  });
});
