import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { householdHealthContribution, voluntaryContribution } from "../contributions/index.js";
import { addDays, formatDisplayDate } from "../dates.js";
import { ratesOn } from "../rates/index.js";
import { agentRowFields, checkAgentRow, registryCodes, type AgentRowContext, type AgentRowInput, type CommuneStatus } from "./index.js";

// U Minh Thượng district, Kiên Giang (pre-2025 GSO codes): An Minh Bắc 31027, Thạnh Yên 31012.
const U_MINH_THUONG = new Set(["31027", "31012", "31015", "31054", "31057", "31066"]);
const KNOWN_ELSEWHERE = new Set(["30613"]);
const communeStatus = (code: string): CommuneStatus => (U_MINH_THUONG.has(code) ? "ok" : KNOWN_ELSEWHERE.has(code) ? "out_of_scope" : "unknown");
const voluntary: AgentRowContext = { scheme: "voluntary_social_insurance", communeStatus };
const householdCtx: AgentRowContext = { scheme: "household_health_insurance", communeStatus };

/** The worked example: a woman born in 1990, ID 091190…, 1,500,000 a month, paid monthly on 15/06/2020. */
const hanRow: AgentRowInput = {
  fullName: "  lê thị   ngọc hân ",
  socialInsuranceNumber: "",
  birthDate: "12/04/1990",
  gender: "Nữ",
  personalId: "091190001234",
  phone: "0912.345.678",
  ethnicity: "Kinh",
  nationality: "Việt Nam",
  monthsPaid: "1",
  incomeOrBaseShare: "1.500.000",
  amountPaid: "314.600",
  receiptDate: "15/06/2020",
  communeCode: "31027",
  caseKind: "Tăng mới",
};

function problemsOf(row: AgentRowInput, ctx: AgentRowContext = voluntary) {
  const r = checkAgentRow(row, ctx);
  return r.ok ? [] : r.problems;
}
const codes = (row: AgentRowInput, ctx: AgentRowContext = voluntary) => problemsOf(row, ctx).map((p) => `${p.field}:${p.code}`);

describe("checkAgentRow: the U Minh Thượng 2020 worked example (voluntary social insurance)", () => {
  it("accepts the row and prices it as the contributions module does", () => {
    const r = checkAgentRow(hanRow, voluntary);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const computed = voluntaryContribution({
      paymentDate: "2020-06-15",
      monthlyIncome: 1_500_000,
      supportGroups: [],
      plan: { kind: "periodic", months: 1 },
    }).totals.net;
    // 22% × 1,500,000 − 10% × 22% × 700,000 (rural poverty line in 2020) = 330,000 − 15,400.
    expect(computed).toBe(314_600);
    expect(r.row).toEqual({
      scheme: "voluntary_social_insurance",
      fullName: "Lê Thị Ngọc Hân",
      nameKey: "le thi ngoc han",
      socialInsuranceNumber: null,
      birthDate: "1990-04-12",
      gender: "female",
      personalId: "091190001234",
      phone: "0912345678",
      ethnicity: "Kinh",
      nationality: "Việt Nam",
      householdCode: null,
      householdRank: null,
      monthsPaid: 1,
      monthlyIncome: 1_500_000,
      baseShareBp: null,
      amountPaid: 314_600,
      receiptDate: "2020-06-15",
      oldCard: null,
      newCard: null,
      facilityCode: null,
      communeCode: "31027",
      caseKind: "new",
      supportGroups: null,
      supportEvidence: null,
    });
  });

  it("reads Excel serials, numbers kept by the spreadsheet, and an ID whose leading 0 was dropped", () => {
    const r = checkAgentRow({ ...hanRow, birthDate: "32975", receiptDate: 43997, personalId: 91190001234, amountPaid: 314600 }, voluntary);
    expect(r.ok && [r.row.birthDate, r.row.receiptDate, r.row.personalId, r.row.amountPaid]).toEqual(["1990-04-12", "2020-06-15", "091190001234", 314_600]);
    expect(checkAgentRow({ ...hanRow, birthDate: "1990-04-12", receiptDate: "2020-06-15" }, voluntary).ok).toBe(true);
  });

  it("reads the support group column as offices write it; an unknown word refuses the line", () => {
    const groupOf = (cell: string) => {
      const r = checkAgentRow({ ...hanRow, supportGroup: cell }, voluntary);
      return r.ok ? r.row.supportGroups : r.problems.map((p) => p.code);
    };
    expect(groupOf("")).toBeNull();
    expect(groupOf("Hộ cận nghèo")).toEqual(["near_poor"]);
    expect(groupOf("ho ngheo")).toEqual(["poor"]);
    expect(groupOf("DTTS; hộ nghèo")).toEqual(["poor", "ethnic_minority"]);
    expect(groupOf("Khác")).toEqual([]);
    expect(groupOf("near_poor")).toEqual(["near_poor"]);
    expect(groupOf("giàu")).toEqual(["REGISTRY.SUPPORT_GROUP_INVALID"]);
  });

  it("refuses a line with a control character or an endless cell, and only that line", () => {
    expect(codes({ ...hanRow, fullName: "Lê Thị\u0000 Hân" })).toEqual(["fullName:REGISTRY.CELL_INVALID"]);
    expect(codes({ ...hanRow, phone: "\ud800" })).toEqual(["phone:REGISTRY.CELL_INVALID"]);
    expect(codes({ ...hanRow, ethnicity: "x".repeat(1_001) })).toEqual(["ethnicity:REGISTRY.CELL_TOO_LONG"]);
    expect(checkAgentRow(hanRow, voluntary).ok).toBe(true);
  });

  it("restores a dropped leading zero only where one can have been dropped", () => {
    const idOf = (personalId: string | number) => {
      const r = checkAgentRow({ ...hanRow, personalId }, voluntary);
      return r.ok ? r.row.personalId : r.problems.map((p) => p.code);
    };
    expect(idOf(91190001234)).toBe("091190001234"); // a numeric cell
    expect(idOf("91190001234")).toBe("091190001234"); // 11 digits not starting with 0
    // 11 digits that start with 0: no zero can have been dropped — "needs 12 digits", not a wrong province
    expect(idOf("09119000123")).toEqual(["REGISTRY.PERSONAL_ID_MALFORMED"]);
    const r = checkAgentRow({ ...hanRow, personalId: "09119000123" }, voluntary);
    expect(!r.ok && r.problems[0]!.vi).toContain("12 chữ số");
  });
});

describe("checkAgentRow: each kind of bad row", () => {
  it("an ID whose century, birth year or gender disagrees with the row", () => {
    expect(codes({ ...hanRow, personalId: "091390001234" })).toEqual(["personalId:REGISTRY.PERSONAL_ID_CENTURY_MISMATCH"]);
    expect(codes({ ...hanRow, personalId: "091191001234" })).toEqual(["personalId:REGISTRY.PERSONAL_ID_BIRTH_YEAR_MISMATCH"]);
    expect(codes({ ...hanRow, personalId: "091090001234" })).toEqual(["personalId:REGISTRY.PERSONAL_ID_GENDER_MISMATCH"]);
    expect(codes({ ...hanRow, personalId: "097190001234" })).toEqual(["personalId:REGISTRY.PERSONAL_ID_UNKNOWN_PROVINCE"]);
    // Ten digits written as text: no zero can have been dropped from text — "needs 12 digits".
    expect(codes({ ...hanRow, personalId: "0911900012" })).toEqual(["personalId:REGISTRY.PERSONAL_ID_MALFORMED"]);
    expect(codes({ ...hanRow, personalId: "09119000123X" })).toEqual(["personalId:REGISTRY.PERSONAL_ID_MALFORMED"]);
    const [p] = problemsOf({ ...hanRow, personalId: "091090001234" });
    expect(p!.vi).toContain("nữ");
    expect(p!.en).toContain("female");
    expect(p!.details).toMatchObject({ part: "gender", expected: "female", actual: "male" });
  });

  it("income below the floor or above the ceiling on the receipt date", () => {
    const { incomeFloor, incomeCeiling } = ratesOn("2020-06-15");
    expect([incomeFloor, incomeCeiling]).toEqual([700_000, 29_800_000]);
    const below = problemsOf({ ...hanRow, incomeOrBaseShare: "650.000" });
    expect(below.map((p) => p.code)).toEqual(["REGISTRY.INCOME_BELOW_FLOOR"]);
    expect(below[0]!.vi).toContain("700.000 đ");
    expect(below[0]!.en).toContain("700,000 VND");
    expect(codes({ ...hanRow, incomeOrBaseShare: String(incomeCeiling + 1) })).toEqual(["incomeOrBaseShare:REGISTRY.INCOME_ABOVE_CEILING"]);
    // The same income is below the floor once the poverty line rose to 1,500,000 (2022).
    expect(codes({ ...hanRow, incomeOrBaseShare: "1.400.000", receiptDate: "15/06/2022" })).toEqual(["incomeOrBaseShare:REGISTRY.INCOME_BELOW_FLOOR"]);
  });

  it("under 15 for voluntary social insurance", () => {
    const young = { ...hanRow, birthDate: "10/07/2005", personalId: "091305001234" }; // turns 15 in July 2020
    const ps = problemsOf(young);
    expect(ps.map((p) => `${p.field}:${p.code}`)).toEqual(["birthDate:REGISTRY.UNDER_15"]);
    expect(ps[0]!.details).toEqual({ ageOnReceiptDate: 14 });
    expect(codes({ ...young, receiptDate: "01/07/2020" })).toEqual([]); // reaches 15 within the start month
    expect(codes({ ...hanRow, birthDate: "16/06/2020", personalId: "091320001234" })).toEqual(["birthDate:REGISTRY.BIRTH_AFTER_RECEIPT"]);
  });

  it("a receipt date before the rates table starts", () => {
    expect(codes({ ...hanRow, receiptDate: "15/06/2015" })).toEqual(["receiptDate:REGISTRY.RATES_NOT_IN_FORCE"]);
  });

  it("not a Vietnamese citizen", () => {
    expect(codes({ ...hanRow, nationality: "Campuchia" })).toEqual(["nationality:REGISTRY.NOT_VIETNAMESE_CITIZEN"]);
    expect(codes({ ...hanRow, nationality: "VN" })).toEqual([]);
  });

  it("bad dates, months, amounts, gender, name, phone, SI number, case", () => {
    expect(codes({ ...hanRow, birthDate: "31/02/1990" })).toEqual(["birthDate:REGISTRY.DATE_INVALID"]);
    expect(codes({ ...hanRow, birthDate: "1990" })).toEqual(["birthDate:REGISTRY.DATE_INVALID"]);
    expect(codes({ ...hanRow, receiptDate: "15/6/20" })).toEqual(["receiptDate:REGISTRY.DATE_INVALID"]);
    expect(codes({ ...hanRow, monthsPaid: "2" })).toEqual(["monthsPaid:REGISTRY.MONTHS_INVALID"]);
    expect(codes({ ...hanRow, monthsPaid: "30" })).toEqual(["monthsPaid:REGISTRY.MONTHS_INVALID"]);
    expect(codes({ ...hanRow, amountPaid: "314,6" })).toEqual(["amountPaid:REGISTRY.MONEY_INVALID"]);
    expect(codes({ ...hanRow, incomeOrBaseShare: "một triệu rưỡi" })).toEqual(["incomeOrBaseShare:REGISTRY.MONEY_INVALID"]);
    expect(codes({ ...hanRow, gender: "X" })).toEqual(["gender:REGISTRY.GENDER_INVALID"]);
    expect(codes({ ...hanRow, fullName: "Lê Thị 2" })).toEqual(["fullName:REGISTRY.NAME_INVALID"]);
    expect(codes({ ...hanRow, phone: "0612345678" })).toEqual(["phone:REGISTRY.PHONE_UNKNOWN_PREFIX"]);
    expect(codes({ ...hanRow, socialInsuranceNumber: "91200012" })).toEqual(["socialInsuranceNumber:REGISTRY.SOCIAL_INSURANCE_NUMBER_MALFORMED"]);
    expect(codes({ ...hanRow, caseKind: "tạm dừng" })).toEqual(["caseKind:REGISTRY.CASE_INVALID"]);
    for (const [text, kind] of [
      ["đóng tiếp", "renewal"],
      ["DIEU CHINH", "change"],
      ["new", "new"],
      ["", null],
    ] as const) {
      const r = checkAgentRow({ ...hanRow, caseKind: text }, voluntary);
      expect(r.ok && r.row.caseKind).toBe(kind);
    }
  });

  it("unknown, out-of-scope or malformed commune; the caller is asked with the receipt date", () => {
    const ask = vi.fn(communeStatus);
    checkAgentRow(hanRow, { ...voluntary, communeStatus: ask });
    expect(ask).toHaveBeenCalledExactlyOnceWith("31027", "2020-06-15");
    expect(codes({ ...hanRow, communeCode: "99999" })).toEqual(["communeCode:REGISTRY.COMMUNE_UNKNOWN"]);
    expect(codes({ ...hanRow, communeCode: "30613" })).toEqual(["communeCode:REGISTRY.COMMUNE_OUT_OF_SCOPE"]);
    expect(codes({ ...hanRow, communeCode: "3102" })).toEqual(["communeCode:REGISTRY.COMMUNE_CODE_MALFORMED"]);
  });

  it("lists every missing required field, in field order", () => {
    expect(codes({}, voluntary)).toEqual([
      "fullName:REGISTRY.REQUIRED",
      "birthDate:REGISTRY.REQUIRED",
      "gender:REGISTRY.REQUIRED",
      "personalId:REGISTRY.REQUIRED",
      "monthsPaid:REGISTRY.REQUIRED",
      "incomeOrBaseShare:REGISTRY.REQUIRED",
      "amountPaid:REGISTRY.REQUIRED",
      "receiptDate:REGISTRY.REQUIRED",
      "communeCode:REGISTRY.REQUIRED",
    ]);
    expect(codes({}, householdCtx)).toEqual([
      "fullName:REGISTRY.REQUIRED",
      "birthDate:REGISTRY.REQUIRED",
      "gender:REGISTRY.REQUIRED",
      "personalId:REGISTRY.REQUIRED",
      "householdCode:REGISTRY.REQUIRED",
      "householdRank:REGISTRY.REQUIRED",
      "monthsPaid:REGISTRY.REQUIRED",
      "amountPaid:REGISTRY.REQUIRED",
      "receiptDate:REGISTRY.REQUIRED",
      "facilityCode:REGISTRY.REQUIRED",
      "communeCode:REGISTRY.REQUIRED",
    ]);
    expect(problemsOf({ fullName: "Lê Văn Tám" })[0]).toEqual({
      field: "birthDate",
      code: "REGISTRY.REQUIRED",
      vi: 'Thiếu "Ngày sinh"',
      en: '"Birth date" is missing',
    });
  });

  it("a row that is not text or numbers is one shape problem", () => {
    expect(codes({ fullName: { x: 1 } } as unknown as AgentRowInput)).toEqual(["fullName:REGISTRY.ROW_SHAPE"]);
  });
});

describe("checkAgentRow: household health insurance (D03-TS)", () => {
  // Đặng Văn Lực, second member of his household, 12 months paid on 15/06/2020, first card.
  const lucRow: AgentRowInput = {
    fullName: "Đặng Văn Lực",
    birthDate: "03/09/1968",
    gender: "Nam",
    personalId: "091068004321",
    householdCode: "9100123456",
    householdRank: "2",
    monthsPaid: "12",
    incomeOrBaseShare: "70%",
    amountPaid: "563.220",
    receiptDate: "15/06/2020",
    newCardFrom: "15/07/2020",
    newCardTo: "14/07/2021",
    facilityCode: "91013",
    communeCode: "31012",
    caseKind: "tăng mới",
  };

  it("accepts the row priced by householdHealthContribution for rank 2", () => {
    const due = householdHealthContribution({ paymentDate: "2020-06-15", months: 12, members: [{ rank: 2 }] }).members[0]!.total;
    expect(due).toBe(563_220); // docs/rules.md §3 worked figure
    const r = checkAgentRow(lucRow, householdCtx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.row).toMatchObject({
      householdCode: "9100123456",
      householdRank: 2,
      monthsPaid: 12,
      monthlyIncome: null,
      baseShareBp: 7_000,
      amountPaid: 563_220,
      newCard: { from: "2020-07-15", to: "2021-07-14" },
      oldCard: null,
      facilityCode: "91013",
    });
  });

  it("checks the share, the amount, the months and the facility", () => {
    expect(codes({ ...lucRow, incomeOrBaseShare: "100%" }, householdCtx)).toEqual(["incomeOrBaseShare:REGISTRY.BASE_SHARE_MISMATCH"]);
    expect(codes({ ...lucRow, incomeOrBaseShare: "1.490.000" }, householdCtx)).toEqual([]);
    expect(codes({ ...lucRow, incomeOrBaseShare: "1.390.000" }, householdCtx)).toEqual(["incomeOrBaseShare:REGISTRY.BASE_SHARE_MISMATCH"]);
    expect(codes({ ...lucRow, monthsPaid: "1" }, householdCtx)).toEqual(["monthsPaid:REGISTRY.MONTHS_INVALID"]);
    expect(codes({ ...lucRow, householdRank: "0" }, householdCtx)).toEqual(["householdRank:REGISTRY.RANK_INVALID"]);
    expect(codes({ ...lucRow, facilityCode: "9101" }, householdCtx)).toEqual(["facilityCode:REGISTRY.FACILITY_CODE_MALFORMED"]);
    expect(codes({ ...lucRow, householdCode: "91 001" }, householdCtx)).toEqual(["householdCode:REGISTRY.HOUSEHOLD_CODE_MALFORMED"]);
  });

  it("checks the new card's dates against the receipt date and the old card", () => {
    expect(codes({ ...lucRow, newCardFrom: "15/06/2020" }, householdCtx)).toEqual(["newCardFrom:REGISTRY.CARD_START_MISMATCH"]);
    expect(codes({ ...lucRow, newCardTo: "15/07/2021" }, householdCtx)).toEqual(["newCardTo:REGISTRY.CARD_END_MISMATCH"]);
    // A continuous renewal: the old card ends 30/06/2020, the new one runs from 01/07/2020.
    const renewal = {
      ...lucRow,
      oldCardFrom: "01/07/2019",
      oldCardTo: "30/06/2020",
      newCardFrom: "01/07/2020",
      newCardTo: "30/06/2021",
      caseKind: "đóng tiếp",
    };
    const r = checkAgentRow(renewal, householdCtx);
    expect(r.ok && [r.row.oldCard, r.row.newCard, r.row.caseKind]).toEqual([
      { from: "2019-07-01", to: "2020-06-30" },
      { from: "2020-07-01", to: "2021-06-30" },
      "renewal",
    ]);
    expect(codes({ ...renewal, oldCardFrom: "01/07/2021" }, householdCtx)).toEqual(["oldCardTo:REGISTRY.CARD_PERIOD_INVALID"]);
  });

  it("children under 6 are insured by the state, not through the household", () => {
    expect(codes({ ...lucRow, birthDate: "01/01/2016", personalId: "091216004321" }, householdCtx)).toEqual(["birthDate:REGISTRY.CHILD_UNDER_6"]);
  });
});

describe("checkAgentRow properties", () => {
  const validRow = fc
    .record({
      day: fc.integer({ min: 0, max: 3650 }),
      fraction: fc.double({ min: 0, max: 1, noNaN: true }),
      months: fc.constantFrom(1, 3, 6, 12),
      age: fc.integer({ min: 15, max: 80 }),
      female: fc.boolean(),
    })
    .map(({ day, fraction, months, age, female }) => {
      const receipt = addDays("2018-01-01", day);
      const { incomeFloor, incomeCeiling } = ratesOn(receipt);
      const income = incomeFloor + Math.floor(fraction * (incomeCeiling - incomeFloor));
      const birth = `${Number(receipt.slice(0, 4)) - age - 1}-03-05`;
      const year = Number(birth.slice(0, 4));
      const digit = (year >= 2000 ? 2 : 0) + (female ? 1 : 0);
      const due = voluntaryContribution({ paymentDate: receipt, monthlyIncome: income, supportGroups: [], plan: { kind: "periodic", months } }).totals.net;
      return {
        due,
        row: {
          ...hanRow,
          gender: female ? "nữ" : "nam",
          birthDate: formatDisplayDate(birth),
          personalId: `091${digit}${String(year % 100).padStart(2, "0")}001234`,
          receiptDate: receipt,
          monthsPaid: String(months),
          incomeOrBaseShare: String(income),
          amountPaid: String(due),
        } satisfies AgentRowInput,
      };
    });

  it("a valid row is accepted whatever its amount: what is due is the enrolment decision's (property)", () => {
    fc.assert(
      fc.property(validRow, fc.constantFrom(-1, 0, 1), ({ due, row }, delta) => {
        const ok = checkAgentRow({ ...row, amountPaid: String(due + delta) }, voluntary);
        expect(ok.ok && ok.row.amountPaid).toBe(due + delta);
      }),
      { numRuns: 50 },
    );
  });

  it("never throws on arbitrary text; every problem is coded, bilingual and on a known field (property)", () => {
    const text = fc.oneof(fc.string({ maxLength: 14 }), fc.stringMatching(/^\d{1,12}$/), fc.constantFrom("", "15/06/2020", "Nữ", "12", "31027", "1.500.000"));
    const rowArb = fc.record(Object.fromEntries(agentRowFields.map((f) => [f, text])) as Record<(typeof agentRowFields)[number], fc.Arbitrary<string>>, {
      requiredKeys: [],
    });
    fc.assert(
      fc.property(rowArb, fc.boolean(), (row, hh) => {
        const r = checkAgentRow(row, hh ? householdCtx : voluntary);
        if (r.ok) return;
        expect(r.problems.length).toBeGreaterThan(0);
        for (const p of r.problems) {
          expect(registryCodes).toContain(p.code);
          expect([...agentRowFields, "row"]).toContain(p.field);
          expect(p.vi.length).toBeGreaterThan(0);
          expect(p.en.length).toBeGreaterThan(0);
          expect(p.vi).not.toBe(p.en);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("registryCodes", () => {
  it("are unique REGISTRY.* codes", () => {
    expect(new Set(registryCodes).size).toBe(registryCodes.length);
    for (const c of registryCodes) expect(c).toMatch(/^REGISTRY\.[A-Z0-9_]+$/);
  });
});
