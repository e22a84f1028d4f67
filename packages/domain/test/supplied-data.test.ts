/**
 * No silently wrong money from data a developer supplies: each case an outside test found, as it was
 * reported, now refused with a coded error naming the row and field, next to the figure the
 * corrected data gives. (Against the sources; test/pack.test.ts runs the README's versions of
 * these against the packed tarball.)
 */
import { describe, expect, it } from "vitest";
import { buildAreaTree, planAreaImport, type AreaRow } from "../src/areas/index.js";
import {
  healthCardStart,
  householdHealthContribution,
  MAX_MONTHLY_RETURN_RATE,
  safeHealthCardStart,
  safeHouseholdHealthContribution,
  safeVoluntaryContribution,
  voluntaryContribution,
  type VoluntaryContributionInput,
} from "../src/contributions/index.js";
import { rollUp } from "../src/coverage/index.js";
import { parseIsoDate, type ValidIsoDate } from "../src/dates.js";
import { checkEligibility } from "../src/eligibility/index.js";
import { attempt, DomainError, isDomainError } from "../src/errors.js";
import { checkPersonalId, checkSocialInsuranceNumber, parsePersonalId } from "../src/identity/index.js";
import { withRates } from "../src/index.js";
import { defaultRates, rateChangeDates, rateRowOn, ratesOn, type RateRow } from "../src/rates/index.js";
import { progress } from "../src/targets/index.js";

function errorOf(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (isDomainError(e)) return e as DomainError;
    throw e;
  }
  throw new Error("expected a DomainError, got a result");
}

const poorAtTheFloor: VoluntaryContributionInput = {
  paymentDate: "2025-08-01",
  monthlyIncome: 1_500_000,
  supportGroups: ["poor"],
  plan: { kind: "periodic", months: 1 },
};
/** A province adds 10% × 22% × 1,500,000 = 33,000 a month for the poor from 2025-07-01. */
const localSupport = { key: "localSupport", from: "2025-07-01", value: { poor: { rateBp: 1_000 } }, source: "Resolution of the provincial council" };

describe("a rates table a developer supplies is checked, every row, by every function that takes one", () => {
  it("the province's local support row, spelt right: 33,000 a month", () => {
    const rates = [...defaultRates, localSupport] as RateRow[];
    expect(voluntaryContribution({ ...poorAtTheFloor, rates }).perMonth.local).toBe(33_000);
  });

  it("a row whose key is misspelt (localSuport) is RATES.INVALID_ROW naming the row and the key it meant, not local support 0", () => {
    const rates = [...defaultRates, { ...localSupport, key: "localSuport" }] as unknown as RateRow[];
    const row = defaultRates.length;
    for (const call of [
      () => voluntaryContribution({ ...poorAtTheFloor, rates }),
      () => ratesOn("2025-08-01", rates),
      () => withRates(rates),
      () => householdHealthContribution({ paymentDate: "2025-08-01", members: 2, months: 12, rates }),
      () => healthCardStart({ paymentDate: "2025-08-01", rates }),
      () => checkEligibility({ scheme: "voluntary_social_insurance", birthDate: "1990-01-01", onDate: "2025-08-01", rates }),
      () => rateRowOn("baseSalary", "2025-08-01", rates),
      () => rateChangeDates(rates),
    ]) {
      const e = errorOf(call);
      expect(e.code).toBe("RATES.INVALID_ROW");
      expect(e.issues).toEqual([
        {
          path: ["rates", row, "key"],
          vi: `rates[${row}] ("localSuport" từ 2025-07-01) key: Loại thông số không có (nhận được: chuỗi "localSuport"); có phải "localSupport"?`,
          en: `rates[${row}] ("localSuport" from 2025-07-01) key: Unknown rate key (got a string "localSuport"); did you mean "localSupport"?`,
        },
      ]);
    }
  });

  it("a row dated 2025-7-1 is RATES.INVALID_ROW on its from, not a row that never comes into force", () => {
    const rates = [...defaultRates, { ...localSupport, from: "2025-7-1" }] as RateRow[];
    const e = errorOf(() => voluntaryContribution({ ...poorAtTheFloor, rates }));
    expect(e.code).toBe("RATES.INVALID_ROW");
    expect(e.issues.map((i) => i.path)).toEqual([["rates", defaultRates.length, "from"]]);
    expect(e.issues[0]!.en).toContain('(got a string "2025-7-1")');
  });

  it("a misspelt correction (ruralPovertyLin) is refused instead of leaving state support at 96,800 (101,200 with the correction)", () => {
    const other = { paymentDate: "2027-03-01", monthlyIncome: 2_300_000, supportGroups: [], plan: { kind: "periodic", months: 1 } } as const;
    const correction = { key: "ruralPovertyLine", from: "2027-01-01", value: 2_300_000, source: "Corrected by the admin" } as const;
    // 20% × 22% × 2,200,000 = 96,800 with the national table; 20% × 22% × 2,300,000 = 101,200 corrected
    expect(voluntaryContribution(other).perMonth.state).toBe(96_800);
    expect(voluntaryContribution({ ...other, rates: [...defaultRates, correction] }).perMonth.state).toBe(101_200);
    const e = errorOf(() => voluntaryContribution({ ...other, rates: [...defaultRates, { ...correction, key: "ruralPovertyLin" }] as unknown as RateRow[] }));
    expect(e.code).toBe("RATES.INVALID_ROW");
    expect(e.issues[0]!.en).toMatch(/did you mean "ruralPovertyLine"\?$/);
  });

  it("names every malformed row and field at once: unknown field, bad value, missing source", () => {
    const rates = [
      ...defaultRates,
      { key: "baseSalary", from: "2030-01-01", value: 3_000_000, source: "x", sorce: "typo" },
      { key: "stateSupportBp", from: "2030-01-01", value: { poor: 5_000, near_poor: 4_000, ethnic_minority: 3_000, island: 5_000, othr: 2_000 }, source: "x" },
      { key: "supportCapMonths", from: "2030-01-01", value: 12_000, source: " " },
    ] as unknown as RateRow[];
    const n = defaultRates.length;
    const e = errorOf(() => ratesOn("2026-08-01", rates));
    expect(e.code).toBe("RATES.INVALID_ROW");
    expect(e.issues.map((i) => i.path)).toEqual([
      ["rates", n, "sorce"],
      ["rates", n + 1, "value", "other"],
      ["rates", n + 1, "value", "othr"],
      ["rates", n + 2, "value"],
      ["rates", n + 2, "source"],
    ]);
    expect(e.issues[0]!.en).toBe(`rates[${n}] ("baseSalary" from 2030-01-01) sorce: Unknown key; did you mean "source"?`);
    expect(e.issues[3]!.en).toContain("from 0 to 1,200");
    expect(e.details.rows).toEqual([n, n + 1, n + 2]);
  });

  it("checks a table once: the same array again is not checked again, a row added to it is", () => {
    const rates: RateRow[] = [...defaultRates];
    expect(ratesOn("2026-08-01", rates).baseSalary).toBe(2_530_000);
    // a row pushed into the same array: seen, and checked
    rates.push({ key: "baseSalary", from: "2026-08-01", value: 2_400_000, source: "test" });
    expect(ratesOn("2026-08-01", rates).baseSalary).toBe(2_400_000);
    rates.push({ key: "baseSalary", from: "2026-09-01", value: -1, source: "test" });
    expect(errorOf(() => ratesOn("2026-08-01", rates)).code).toBe("RATES.INVALID_ROW");
    // a row replaced in place, or a row's value reassigned: seen too
    rates.pop();
    rates[rates.length - 1] = { key: "baseSalary", from: "2026-08-01", value: 2_500_000, source: "test" };
    expect(ratesOn("2026-08-01", rates).baseSalary).toBe(2_500_000);
    (rates[rates.length - 1] as { value: number }).value = 2_600_000;
    expect(ratesOn("2026-08-01", rates).baseSalary).toBe(2_600_000);
  });

  it("a table checked once costs a comparison of its rows: ratesOn with the same table is several times faster than with a new one each call", () => {
    const rates = [...defaultRates, localSupport] as RateRow[];
    const time = (f: () => unknown) => {
      let best = Infinity;
      for (let round = 0; round < 3; round++) {
        const t0 = performance.now();
        for (let i = 0; i < 2_000; i++) f();
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    const same = time(() => ratesOn("2025-08-01", rates));
    const fresh = time(() => ratesOn("2025-08-01", [...defaultRates, localSupport] as RateRow[]));
    expect(same * 3).toBeLessThan(fresh);
  });
});

describe("monthlyReturnRate is a rate per month, at most MAX_MONTHLY_RETURN_RATE (0.02)", () => {
  const nearPoorFiveYears = (monthlyReturnRate: number) =>
    voluntaryContribution({
      paymentDate: "2026-08-01",
      monthlyIncome: 1_500_000,
      supportGroups: ["near_poor"],
      plan: { kind: "advance", years: 5, monthlyReturnRate },
    });

  it("0.005 (0.5% a month) gives a 5-year near-poor advance a net of 9,234,782", () => {
    expect(nearPoorFiveYears(0.005).totals.net).toBe(9_234_782);
    expect(MAX_MONTHLY_RETURN_RATE).toBe(0.02);
    expect(nearPoorFiveYears(0.02).totals.net).toBeGreaterThan(0);
  });

  it("0.5 (a developer meaning 0.5%) is CONTRIBUTION.INVALID_RETURN_RATE saying the unit, not a net of 0", () => {
    const e = errorOf(() => nearPoorFiveYears(0.5));
    expect(e.code).toBe("CONTRIBUTION.INVALID_RETURN_RATE");
    expect(e.issues).toEqual([
      {
        path: ["plan", "monthlyReturnRate"],
        vi: "Lãi suất đầu tư bình quân tháng là số thập phân mỗi tháng, từ 0 đến 0,02 (0,005 = 0,5%/tháng; 0,02 = 2%/tháng) (nhận được: số 0.5)",
        en: "The monthly return rate is a decimal per month, from 0 to 0.02 (0.005 = 0.5% a month; 0.02 = 2% a month) (got the number 0.5)",
      },
    ]);
    for (const r of [0.0201, 0.05, 1, -0.001]) expect(errorOf(() => nearPoorFiveYears(r)).code).toBe("CONTRIBUTION.INVALID_RETURN_RATE");
  });
});

describe("area rows a developer supplies are checked by buildAreaTree", () => {
  const unit = (code: string, level: AreaRow["level"], parentCode: string | null): AreaRow => ({
    code,
    name: `Unit ${code}`,
    level,
    unitType: "",
    parentCode,
    validFrom: "2020-01-01",
    validTo: null,
  });
  const rows = [unit("91", "province", null), unit("913", "district", "91"), unit("31051", "commune", "913"), unit("31054", "commune", "913")];
  const figures = { "31051": { insured: 912, population: 1_000 }, "31054": { insured: 730, population: 900 } };

  it("district 913 rolls up to 86.42% with its two communes (1,642 / 1,900)", () => {
    const r = rollUp(buildAreaTree(rows, "2024-01-01"), figures).get("913")!;
    expect([r.percent, r.missing]).toEqual([86.42, 0]);
  });

  it("a commune with parentcode (misspelt) is AREAS.INVALID_INPUT naming the row, not a root that leaves 913 at 91.2% with nothing missing", () => {
    const { parentCode, ...rest } = rows[3]!;
    const misspelt = [...rows.slice(0, 3), { ...rest, parentcode: parentCode }] as unknown as AreaRow[];
    const e = errorOf(() => buildAreaTree(misspelt, "2024-01-01"));
    expect(e.code).toBe("AREAS.INVALID_INPUT");
    expect(e.issues).toEqual([
      { path: ["rows", 3, "parentCode"], vi: "rows[3] (31054) parentCode: Thiếu giá trị bắt buộc", en: "rows[3] (31054) parentCode: Required, but missing" },
      {
        path: ["rows", 3, "parentcode"],
        vi: 'rows[3] (31054) parentcode: Trường không được biết; có phải "parentCode"?',
        en: 'rows[3] (31054) parentcode: Unknown key; did you mean "parentCode"?',
      },
    ]);
  });

  it("a level outside the list and a validFrom of 2025-02-30 are refused, in a tree and against stored units", () => {
    const bad = [rows[0]!, { ...rows[1]!, level: "ward" }, { ...rows[2]!, validFrom: "2025-02-30" }] as unknown as AreaRow[];
    const e = errorOf(() => buildAreaTree(bad, "2024-01-01"));
    expect(e.code).toBe("AREAS.INVALID_INPUT");
    expect(e.issues.map((i) => i.path)).toEqual([
      ["rows", 1, "level"],
      ["rows", 2, "validFrom"],
    ]);
    expect(e.issues[0]!.en).toBe('rows[1] (913) level: The level is one of country, province, district, commune (got a string "ward")');
    expect(errorOf(() => planAreaImport([], bad)).issues[0]!.path).toEqual(["existing", 1, "level"]);
  });
});

describe("a household's members", () => {
  it("with the same id twice is CONTRIBUTION.DUPLICATE_MEMBER_ID, not charged twice", () => {
    const e = errorOf(() =>
      householdHealthContribution({
        paymentDate: "2026-08-01",
        months: 12,
        members: [
          { rank: 1, id: "a" },
          { rank: 2, id: "b" },
          { rank: 3, id: "a" },
        ],
      }),
    );
    expect(e.code).toBe("CONTRIBUTION.DUPLICATE_MEMBER_ID");
    expect(e.issues).toEqual([
      {
        path: ["members", 2, "id"],
        vi: 'Mã thành viên đã có ở một thành viên khác: một người chỉ được tính một lần (nhận được: chuỗi "a")',
        en: 'Another member has the same id: a person is counted once (got a string "a")',
      },
    ]);
    // distinct ids, or none, are priced as before
    expect(
      householdHealthContribution({ paymentDate: "2026-08-01", months: 12, members: [{ rank: 1, id: "a" }, { rank: 2 }, { rank: 3 }] }).members,
    ).toHaveLength(3);
  });
});

describe("codes and messages say what is wrong", () => {
  const ok = { paymentDate: "2026-08-01", monthlyIncome: 2_000_000, supportGroups: [], plan: { kind: "periodic", months: 1 } };
  const call = (patch: Record<string, unknown>) => errorOf(() => voluntaryContribution({ ...ok, ...patch } as VoluntaryContributionInput));

  it("a negative or zero income is INCOME_BELOW_FLOOR, not INCOME_NOT_INTEGER", () => {
    for (const monthlyIncome of [-1_500_000, -1, 0]) expect(call({ monthlyIncome }).code).toBe("CONTRIBUTION.INCOME_BELOW_FLOOR");
    expect(call({ monthlyIncome: 1_500_000.5 }).code).toBe("CONTRIBUTION.INCOME_NOT_INTEGER");
  });

  it("1e20 is AMOUNT_TOO_LARGE, reported once", () => {
    const e = call({ monthlyIncome: 1e20 });
    expect(e.code).toBe("CONTRIBUTION.AMOUNT_TOO_LARGE");
    expect(e.issues).toEqual([
      {
        path: ["monthlyIncome"],
        vi: "Thu nhập tháng vượt quá số tiền lớn nhất được tính chính xác (9.007.199.254.740.991 đồng) (nhận được: số 100000000000000000000)",
        en: "The monthly income is beyond the largest amount computed exactly (9,007,199,254,740,991 đồng) (got the number 100000000000000000000)",
      },
    ]);
    expect(call({ localSupportPerMonth: 1e20 }).code).toBe("CONTRIBUTION.AMOUNT_TOO_LARGE");
    expect(call({ supportedMonthsUsed: 1e20 }).issues).toHaveLength(1);
  });

  it('supportGroups: "near_poor" (a string) is one issue, without a bogus "Too many support groups"', () => {
    const e = call({ supportGroups: "near_poor" });
    expect(e.code).toBe("CONTRIBUTION.UNKNOWN_SUPPORT_GROUP");
    expect(e.issues.map((i) => i.en)).toEqual(['supportGroups must be a list (empty for none), e.g. ["near_poor"] (got a string "near_poor")']);
  });

  it('parsePersonalId(null) says it got null, not "null"', () => {
    const e = errorOf(() => parsePersonalId(null as never));
    expect(e.code).toBe("IDENTITY.MALFORMED");
    expect(e.messageEn).toBe("A personal identification number is a string of exactly 12 digits (got null)");
    expect(checkPersonalId(undefined as never).problems[0]!.messageEn).toContain("(got nothing (undefined))");
    expect(errorOf(() => parsePersonalId("09109500123")).messageEn).toContain('must be exactly 12 digits (got "09109500123")');
  });

  it("checkSocialInsuranceNumber(7912345678), a number, must be a string of digits", () => {
    expect(checkSocialInsuranceNumber(7912345678 as never).problems[0]).toEqual({
      code: "IDENTITY.SOCIAL_INSURANCE_NUMBER_MALFORMED",
      messageVi: "Mã số BHXH là chuỗi đúng 10 chữ số (nhận được: số 7912345678)",
      messageEn: "A social-insurance number is a string of exactly 10 digits (got the number 7912345678)",
    });
  });
});

describe("an object's inherited keys are not its data (pinned, whatever zod version is installed)", () => {
  it("an enumerable key on the prototype is neither an unknown key nor a value", () => {
    const withExtra = Object.assign(Object.create({ extra: 1 }) as object, ok());
    expect(voluntaryContribution(withExtra as VoluntaryContributionInput).perMonth.gross).toBe(440_000);
    // a known key only inherited is missing, not read
    const { supportGroups: _, ...rest } = ok();
    const inherited = Object.assign(Object.create({ supportGroups: ["poor"] }) as object, rest);
    const e = errorOf(() => voluntaryContribution(inherited as VoluntaryContributionInput));
    expect(e.issues).toEqual([{ path: ["supportGroups"], vi: "Thiếu giá trị bắt buộc", en: "Required, but missing" }]);
  });

  it("holds for the functions checked with zod too, and with a polluted Object.prototype", () => {
    const input = { target: 244, achieved: 366, period: { start: "2020-01-01", end: "2020-12-31" }, asOf: "2020-09-15" };
    const before = progress(input);
    expect(progress(Object.assign(Object.create({ extra: 1 }) as object, input) as typeof input)).toEqual(before);
    const proto = Object.prototype as Record<string, unknown>;
    proto.polluted = true;
    try {
      expect(progress({ ...input })).toEqual(before);
      expect(voluntaryContribution(ok()).perMonth.gross).toBe(440_000);
    } finally {
      delete proto.polluted;
    }
  });

  function ok(): VoluntaryContributionInput {
    return { paymentDate: "2026-08-01", monthlyIncome: 2_000_000, supportGroups: [], plan: { kind: "periodic", months: 1 } };
  }
});

describe("the calculators without throwing", () => {
  it("safeVoluntaryContribution: { ok: true, value } or { ok: false, error } with the code", () => {
    const good = safeVoluntaryContribution(poorAtTheFloor);
    expect(good).toEqual({ ok: true, value: voluntaryContribution(poorAtTheFloor) });
    const bad = safeVoluntaryContribution({ ...poorAtTheFloor, monthlyIncome: 1_000_000 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error).toBeInstanceOf(DomainError);
      expect(bad.error.code).toBe("CONTRIBUTION.INCOME_BELOW_FLOOR");
    }
  });

  it("safeHouseholdHealthContribution, safeHealthCardStart and withRates(…).safe… alike", () => {
    expect(safeHouseholdHealthContribution({ paymentDate: "2026-08-01", members: 2, months: 12 }).ok).toBe(true);
    const dup = safeHouseholdHealthContribution({
      paymentDate: "2026-08-01",
      members: [
        { rank: 1, id: "x" },
        { rank: 2, id: "x" },
      ],
      months: 12,
    });
    expect(dup.ok || dup.error.code).toBe("CONTRIBUTION.DUPLICATE_MEMBER_ID");
    const card = safeHealthCardStart({ paymentDate: "2026-02-30" });
    expect(card.ok || card.error.code).toBe("CONTRIBUTION.INVALID_DATE");
    const bound = withRates([...defaultRates, localSupport] as RateRow[]);
    const r = bound.safeVoluntaryContribution({ ...poorAtTheFloor, plan: { kind: "advance", years: 2, monthlyReturnRate: 0.5 } });
    expect(r.ok || r.error.code).toBe("CONTRIBUTION.INVALID_RETURN_RATE");
    expect(bound.safeHouseholdHealthContribution({ paymentDate: "2026-08-01", members: 1, months: 3 }).ok).toBe(true);
  });

  it("attempt() gives the same for any function, and rethrows what is not a DomainError (a bug)", () => {
    const r = attempt(() => parsePersonalId("091095001234"));
    expect(r.ok && r.value.provinceName).toBe("Kiên Giang");
    expect(() => attempt(() => JSON.parse("{"))).toThrow(SyntaxError);
  });
});

describe("ISO dates", () => {
  it("parseIsoDate gives a ValidIsoDate, or DATES.INVALID_DATE pointing a day-first date to parseDisplayDate", () => {
    const d: ValidIsoDate = parseIsoDate("2025-07-01");
    expect(d).toBe("2025-07-01");
    const e = errorOf(() => parseIsoDate("01/07/2025"));
    expect(e.code).toBe("DATES.INVALID_DATE");
    expect(e.messageEn).toBe(
      'A date must be a string YYYY-MM-DD naming a real day from 1900 on (got a string "01/07/2025"); read a day-first date with parseDisplayDate',
    );
    expect(errorOf(() => parseIsoDate("2025-02-30")).messageEn).not.toContain("parseDisplayDate");
  });

  it("a date literal not shaped YYYY-MM-DD does not compile where the functions take a date (checked by tsc)", () => {
    const typeErrors = () => {
      // @ts-expect-error "01/07/2025" is not shaped YYYY-MM-DD
      voluntaryContribution({ ...poorAtTheFloor, paymentDate: "01/07/2025" });
      // @ts-expect-error day first
      ratesOn("01/07/2025");
      // @ts-expect-error day first, no leading zeros
      householdHealthContribution({ paymentDate: "1/7/2025", members: 1, months: 3 });
      // @ts-expect-error words
      healthCardStart({ paymentDate: "July 1, 2025" });
      // @ts-expect-error a plain string is not a checked date
      const checked: ValidIsoDate = "2025-07-01";
      return checked;
    };
    // A string from a form or a database still compiles, and is checked at run time.
    const fromAForm: string = "01/07/2025";
    expect(errorOf(() => ratesOn(fromAForm)).code).toBe("RATES.INVALID_DATE");
    expect(errorOf(typeErrors).code).toBe("CONTRIBUTION.INVALID_DATE");
  });
});
