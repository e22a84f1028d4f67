import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@ansinh/db";
import { buildServer } from "../src/index.js";
import { drivers } from "./helpers.js";

interface ErrorBody {
  message: string;
  data: { code: string; httpStatus: number; issues: { path: (string | number)[]; vi: string; en: string }[] };
}

/** A GET with no cookie at all: the calculator is for anyone, signed in or not. */
async function call<T = unknown>(app: FastifyInstance, proc: string, input: unknown) {
  const res = await app.inject({ method: "GET", url: `/trpc/calculator.${proc}?input=${encodeURIComponent(JSON.stringify(input))}` });
  const body = res.json() as { result?: { data: T }; error?: ErrorBody };
  return { status: res.statusCode, data: body.result?.data as T, error: body.error };
}

interface MoneyLine {
  gross: number;
  state: number;
  local: number;
  net: number;
}

const monthly = { kind: "periodic", months: 1 } as const;

describe.each(drivers)("calculator API on $name, signed out", ({ open }) => {
  let h: DbHandle;
  let app: FastifyInstance;
  beforeAll(async () => {
    h = await open();
    app = await buildServer({ handle: h, logLevel: "silent" });
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
  });

  it("refuses a signed-in-only procedure without a session, so the calls below really are signed out", async () => {
    const res = await app.inject({ method: "GET", url: `/trpc/areas.tree?input=${encodeURIComponent(JSON.stringify({ onDate: "2020-06-15" }))}` });
    expect(res.statusCode).toBe(401);
  });

  it("gives the figures in force on a date, with the income range and the unconfirmed ones", async () => {
    const { status, data } = await call<{
      incomeFloor: number;
      incomeCeiling: number;
      baseSalary: number;
      stateSupportBp: Record<string, number>;
      supportCapMonths: number;
      unconfirmed: string[];
      provenance: { key: string; source: string; unconfirmed: boolean }[];
    }>(app, "rates", { date: "2026-07-01" });
    expect(status).toBe(200);
    // floor = rural poverty line 1,500,000; ceiling = 20 × base salary 2,530,000
    expect(data).toMatchObject({ incomeFloor: 1_500_000, incomeCeiling: 50_600_000, baseSalary: 2_530_000, supportCapMonths: 120 });
    expect(data.stateSupportBp).toEqual({ poor: 5000, near_poor: 4000, ethnic_minority: 3000, island: 5000, other: 2000 });
    expect(data.unconfirmed).toEqual(["baseSalary"]);
    expect(data.provenance.find((p) => p.key === "baseSalary")).toMatchObject({ source: "Decree 161/2026/NĐ-CP", unconfirmed: true });

    const old = await call<{ incomeFloor: number; incomeCeiling: number; unconfirmed: string[] }>(app, "rates", { date: "2020-06-15" });
    // 2020: poverty line 700,000; base salary 1,490,000 × 20
    expect(old.data).toMatchObject({ incomeFloor: 700_000, incomeCeiling: 29_800_000, unconfirmed: [] });
  });

  it.each([
    // [date, groups, gross, state, net] at the minimum income, paid monthly
    ["2020-06-15", [], 154_000, 15_400, 138_600], // 22% × 700,000; 10% × 22% × 700,000
    ["2020-06-15", ["poor"], 154_000, 46_200, 107_800], // 30%
    ["2025-06-30", ["near_poor"], 330_000, 82_500, 247_500], // 25% × 330,000
    ["2025-07-01", ["other"], 330_000, 66_000, 264_000], // Decree 159/2025: 20%
    ["2025-07-01", ["ethnic_minority", "near_poor"], 330_000, 132_000, 198_000], // highest k only: 40%
  ] as const)("computes %s %j at the minimum income: %i − %i = %i", async (paymentDate, groups, gross, state, net) => {
    const income = paymentDate < "2022-01-01" ? 700_000 : 1_500_000;
    const { status, data } = await call<{ perMonth: MoneyLine; totals: MoneyLine; explanation: { vi: string; en: string; source: string }[] }>(
      app,
      "voluntary",
      { paymentDate, monthlyIncome: income, supportGroups: groups, plan: monthly },
    );
    expect(status).toBe(200);
    expect(data.perMonth).toEqual({ gross, state, local: 0, net });
    expect(data.totals).toEqual({ gross, state, local: 0, net });
    expect(data.explanation.length).toBeGreaterThan(3);
    for (const step of data.explanation) {
      expect(step.vi).not.toBe("");
      expect(step.en).not.toBe("");
      expect(step.source).not.toBe("");
    }
  });

  it("computes a 12-month payment with local support and the support cap falling inside it", async () => {
    const { data } = await call<{ segments: { months: number; perMonth: MoneyLine }[]; totals: MoneyLine; supportMonthsLeft: number }>(app, "voluntary", {
      paymentDate: "2025-07-01",
      monthlyIncome: 2_000_000,
      supportGroups: ["poor"],
      plan: { kind: "periodic", months: 12 },
      supportedMonthsUsed: 115,
      localSupportPerMonth: 10_000,
    });
    // gross 22% × 2,000,000 = 440,000; state 50% × 22% × 1,500,000 = 165,000 for the 5 months left
    expect(data.segments).toEqual([
      { months: 5, stateSupported: true, perMonth: { gross: 440_000, state: 165_000, local: 10_000, net: 265_000 } },
      { months: 7, stateSupported: false, perMonth: { gross: 440_000, state: 0, local: 10_000, net: 430_000 } },
    ]);
    expect(data.totals).toEqual({ gross: 5_280_000, state: 825_000, local: 120_000, net: 5 * 265_000 + 7 * 430_000 });
    expect(data.supportMonthsLeft).toBe(0);
  });

  it("discounts an advance payment for 5 years", async () => {
    const { status, data } = await call<{ totals: MoneyLine; undiscountedTotals: MoneyLine; discount: number }>(app, "voluntary", {
      paymentDate: "2026-08-01",
      monthlyIncome: 2_000_000,
      supportGroups: [],
      plan: { kind: "advance", years: 5, monthlyReturnRate: 0.005 },
    });
    expect(status).toBe(200);
    // Σ_{i=1..60} 440,000 / 1.005^(i−1), rounded once
    let expected = 0;
    for (let i = 1; i <= 60; i++) expected += 440_000 / 1.005 ** (i - 1);
    expect(Math.abs(data.totals.gross - expected)).toBeLessThan(1);
    expect(data.totals.gross).toBe(22_873_043);
    expect(data.undiscountedTotals.gross).toBe(60 * 440_000);
    expect(data.totals.state).toBe(60 * 66_000);
    expect(data.discount).toBe(60 * 440_000 - 22_873_043);
  });

  it("refuses an income below the floor with a 400 in Vietnamese and English", async () => {
    const { status, error } = await call(app, "voluntary", {
      paymentDate: "2025-07-01",
      monthlyIncome: 1_000_000,
      supportGroups: ["other"],
      plan: monthly,
    });
    expect(status).toBe(400);
    expect(error!.data.code).toBe("CONTRIBUTION.INCOME_BELOW_FLOOR");
    expect(error!.message).toContain("thấp hơn mức tối thiểu 1.500.000 đ");
    expect(error!.message).toContain("below the floor of 1,500,000 VND");
    expect(error!.data.issues).toEqual([
      { path: ["monthlyIncome"], vi: expect.stringContaining("Thu nhập tháng"), en: expect.stringContaining("monthly income") },
    ]);
  });

  it("refuses an income above the ceiling with a 400", async () => {
    const { status, error } = await call(app, "voluntary", {
      paymentDate: "2024-07-01",
      monthlyIncome: 46_800_001, // 20 × 2,340,000 + 1
      supportGroups: [],
      plan: monthly,
    });
    expect(status).toBe(400);
    expect(error!.data.code).toBe("CONTRIBUTION.INCOME_ABOVE_CEILING");
    expect(error!.message).toContain("46.800.000 đ");
    expect(error!.message).toContain("46,800,000 VND");
  });

  it.each([
    ["voluntary", { paymentDate: "2025-07-01", monthlyIncome: 1_500_000, supportGroups: [], plan: { kind: "periodic", months: 2 } }, /1, 3, 6 (hoặc|or) 12/],
    [
      "voluntary",
      { paymentDate: "2025-07-01", monthlyIncome: 1_500_000, supportGroups: [], plan: { kind: "advance", years: 7, monthlyReturnRate: 0.005 } },
      /2 (đến|to) 5/,
    ],
    ["voluntary", { paymentDate: "2025-07-01", monthlyIncome: 1_500_000.5, supportGroups: [], plan: monthly }, /số nguyên|whole number/],
    ["voluntary", { paymentDate: "2025-02-30", monthlyIncome: 1_500_000, supportGroups: [], plan: monthly }, /YYYY-MM-DD/],
    ["voluntary", { paymentDate: "2025-07-01", monthlyIncome: 1_500_000, supportGroups: ["rich"], plan: monthly }, /Nhóm hỗ trợ/],
    ["voluntary", { paymentDate: "2025-07-01", monthlyIncome: 1_500_000, supportGroups: [], plan: monthly, supportedMonthsUsed: -1 }, /từ 0 đến 1\.200/],
    ["household", { paymentDate: "2026-08-01", members: 4, months: 5 }, /3, 6 (hoặc|or) 12/],
    ["household", { paymentDate: "2026-08-01", members: 0, months: 12 }, /từ 1 đến 1000/],
    ["healthCardStart", { paymentDate: "2026-13-01" }, /YYYY-MM-DD/],
    ["rates", { date: "2010-01-01" }, /2010-01-01/],
    ["checkPersonalId", { id: "091095001234", birthDate: "1995-02-31" }, /YYYY-MM-DD/],
  ] as const)("answers bad %s input %j with a 400 and a clear message", async (proc, input, message) => {
    const { status, error } = await call(app, proc, input);
    expect(status).toBe(400);
    expect(error!.data.code).toMatch(/^(INPUT\.INVALID|RATES\.NOT_IN_FORCE)$/);
    expect(error!.message).toMatch(message);
    // Both languages, as data: one issue per problem, none of zod's default English.
    expect(error!.data.issues.length).toBeGreaterThan(0);
    const text = error!.data.issues.map((i) => `${i.vi} / ${i.en}`).join("\n");
    expect(text).toMatch(message);
    expect(text).not.toMatch(/Invalid input|expected \w+, received/);
  });

  it("computes the household health insurance per member and for the household", async () => {
    const { status, data } = await call<{
      members: { rank: number; factorBp: number; perMonth: number; total: number }[];
      perMonth: number;
      total: number;
      explanation: { id: string; vi: string }[];
    }>(app, "household", { paymentDate: "2026-08-01", members: 5, months: 12 });
    expect(status).toBe(200);
    // 4.5% × 2,530,000 = 113,850 a month × 100% / 70% / 60% / 50% / 40%
    expect(data.members.map((m) => [m.rank, m.factorBp, m.perMonth, m.total])).toEqual([
      [1, 10_000, 113_850, 1_366_200],
      [2, 7_000, 79_695, 956_340],
      [3, 6_000, 68_310, 819_720],
      [4, 5_000, 56_925, 683_100],
      [5, 4_000, 45_540, 546_480],
    ]);
    expect(data.perMonth).toBe(113_850 + 79_695 + 68_310 + 56_925 + 45_540);
    expect(data.total).toBe(12 * data.perMonth);
    expect(data.explanation.at(-1)!.vi).toContain("4.371.840");

    // docs/rules.md §3's worked figures: base 2,340,000, 12 months → 1,263,600 / 884,520 / …
    const y2024 = await call<{ members: { total: number }[] }>(app, "household", { paymentDate: "2024-07-01", members: 5, months: 12 });
    expect(y2024.data.members.map((m) => m.total)).toEqual([1_263_600, 884_520, 758_160, 631_800, 505_440]);
  });

  it("gives the health card's first valid day", async () => {
    const first = await call<{ validFrom: string; kind: string }>(app, "healthCardStart", { paymentDate: "2026-08-01" });
    expect(first.data).toMatchObject({ validFrom: "2026-08-31", kind: "first_time" });
    const renewal = await call<{ validFrom: string; kind: string }>(app, "healthCardStart", {
      paymentDate: "2026-08-01",
      previousCardEnd: "2026-08-15",
    });
    expect(renewal.data).toMatchObject({ validFrom: "2026-08-16", kind: "continuous" });
    const lapsed = await call<{ validFrom: string; kind: string }>(app, "healthCardStart", {
      paymentDate: "2026-08-01",
      previousCardEnd: "2026-03-31",
    });
    expect(lapsed.data).toMatchObject({ validFrom: "2026-08-31", kind: "lapsed" });
  });

  it("reads a personal id and says which parts disagree; a malformed one is listed, never a 500", async () => {
    const ok = await call<{ valid: boolean; parsed: { provinceName: string; birthYear: number; gender: string } }>(app, "checkPersonalId", {
      id: "091095001234",
      birthDate: "1995-03-04",
      gender: "male",
    });
    expect(ok.status).toBe(200);
    expect(ok.data).toMatchObject({ valid: true, parsed: { provinceName: "Kiên Giang", birthYear: 1995, gender: "male" } });

    const mismatch = await call<{ valid: boolean; problems: { part: string; code: string }[] }>(app, "checkPersonalId", {
      id: "091195001234",
      birthDate: "1996-05-02",
      gender: "male",
    });
    expect(mismatch.data.valid).toBe(false);
    expect(mismatch.data.problems.map((p) => p.code)).toEqual(["IDENTITY.BIRTH_YEAR_MISMATCH", "IDENTITY.GENDER_MISMATCH"]);

    for (const id of ["12345", "09109500123x", "999095001234", "091695001234", ""]) {
      const bad = await call<{ valid: boolean; problems: { messageVi: string; messageEn: string }[] }>(app, "checkPersonalId", { id });
      expect(bad.status, id).toBe(200);
      expect(bad.data.valid, id).toBe(false);
      expect(bad.data.problems.length, id).toBeGreaterThan(0);
      expect(bad.data.problems[0]!.messageVi, id).not.toBe("");
    }
    const noId = await call(app, "checkPersonalId", { id: 91095001234 });
    expect(noId.status).toBe(400);
  });

  it("answers a malformed query string with a 400, not a 500", async () => {
    const res = await app.inject({ method: "GET", url: "/trpc/calculator.voluntary?input=%7Bnot-json" });
    expect(res.statusCode).toBe(400);
    const none = await app.inject({ method: "GET", url: "/trpc/calculator.voluntary" });
    expect(none.statusCode).toBe(400);
  });
});
