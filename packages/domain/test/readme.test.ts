/**
 * Keeps README.md honest: each example is run here and its output must appear in the README
 * exactly as `JSON.stringify(value, null, 2)` prints it.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { healthCardStart, householdHealthContribution, voluntaryContribution } from "../src/contributions/index.js";
import { checkEligibility } from "../src/eligibility/index.js";
import { checkPersonalId, checkSocialInsuranceNumber, parsePersonalId } from "../src/identity/index.js";
import { defaultRates, ratesOn, type RateRow } from "../src/rates/index.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const shows = (value: unknown) => expect(readme).toContain(`\`\`\`json\n${JSON.stringify(value, null, 2)}\n\`\`\``);

describe("README examples", () => {
  it("ratesOn", () => {
    const r = ratesOn("2026-07-01");
    shows({
      baseSalary: r.baseSalary,
      ruralPovertyLine: r.ruralPovertyLine,
      incomeFloor: r.incomeFloor,
      incomeCeiling: r.incomeCeiling,
      stateSupportBp: r.stateSupportBp,
      supportCapMonths: r.supportCapMonths,
      unconfirmed: r.unconfirmed,
      provenance: r.provenance.baseSalary,
    });
  });

  it("voluntaryContribution, periodic and advance", () => {
    const v = voluntaryContribution({
      paymentDate: "2025-07-01",
      monthlyIncome: 1_500_000,
      supportGroups: ["poor"],
      plan: { kind: "periodic", months: 12 },
      supportedMonthsUsed: 115,
    });
    shows({ perMonth: v.perMonth, segments: v.segments, totals: v.totals, supportedMonths: v.supportedMonths, supportMonthsLeft: v.supportMonthsLeft });
    shows(v.explanation.map((s) => s.en));
    const a = voluntaryContribution({
      paymentDate: "2026-08-01",
      monthlyIncome: 2_000_000,
      supportGroups: [],
      plan: { kind: "advance", years: 5, monthlyReturnRate: 0.005 },
    });
    shows({ perMonth: a.perMonth, totals: a.totals, undiscountedTotals: a.undiscountedTotals, discount: a.discount });
  });

  it("householdHealthContribution and healthCardStart", () => {
    const h = householdHealthContribution({ paymentDate: "2026-08-01", members: 4, months: 12 });
    shows({ members: h.members, perMonth: h.perMonth, total: h.total });
    shows(healthCardStart({ paymentDate: "2026-08-01", previousCardEnd: "2026-03-31" }));
  });

  it("identity", () => {
    shows(parsePersonalId("091095001234"));
    shows(
      checkPersonalId("091195001234", { birthDate: "1996-05-02", gender: "male" }).problems.map((p) => ({
        part: p.part,
        code: p.code,
        messageEn: p.messageEn,
      })),
    );
    shows(checkSocialInsuranceNumber("79123"));
  });

  it("checkEligibility", () => {
    shows(
      checkEligibility({
        scheme: "voluntary_social_insurance",
        birthDate: "2010-09-15",
        onDate: "2025-07-01",
        inCompulsorySocialInsurance: true,
      }),
    );
  });

  it("own rates", () => {
    const province: RateRow[] = [
      ...defaultRates,
      {
        key: "localSupport",
        from: "2025-07-01",
        value: { poor: { rateBp: 1000 }, other: { amount: 20000 } },
        source: "Nghị quyết HĐND tỉnh (ví dụ)",
      },
    ];
    shows(
      voluntaryContribution({
        paymentDate: "2025-07-01",
        monthlyIncome: 1_500_000,
        supportGroups: ["poor"],
        plan: { kind: "periodic", months: 1 },
        rates: province,
      }).perMonth,
    );
    const corrected: RateRow[] = [
      ...defaultRates,
      { key: "ruralPovertyLine", from: "2027-01-01", value: 2_300_000, source: "Nghị định … (đã xác nhận)" },
    ];
    shows(
      voluntaryContribution({
        paymentDate: "2027-01-01",
        monthlyIncome: 2_300_000,
        supportGroups: [],
        plan: { kind: "periodic", months: 1 },
        rates: corrected,
      }).perMonth,
    );
  });
});
