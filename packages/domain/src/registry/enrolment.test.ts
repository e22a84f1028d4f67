import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { voluntaryContribution } from "../contributions/index.js";
import type { SupportGroup } from "../rates/index.js";
import {
  checkAgentRow,
  commandFromAgentRow,
  decideEnrolment,
  type AgentRowInput,
  type EnrolmentCommand,
  type EnrolmentSnapshot,
  type KnownPerson,
} from "./index.js";

// U Minh Thượng district (Kiên Giang, before the 2025 reform): An Minh Bắc 31027.
const world = (over: Partial<EnrolmentSnapshot> = {}): EnrolmentSnapshot => ({
  agent: { id: 7, name: "Bưu điện U Minh Thượng" },
  receiptTaken: null,
  commune: { code: "31027", provinceCode: "91", path: ["31027", "913", "91"] },
  communeInScope: true,
  person: null,
  sinHolder: null,
  household: null,
  campaign: null,
  event: null,
  fundMonthlyReturn: null,
  duplicateCandidates: [],
  ...over,
});

const form = (over: Partial<EnrolmentCommand> = {}, payment: Partial<EnrolmentCommand["payment"]> = {}): EnrolmentCommand => ({
  scheme: "voluntary_social_insurance",
  participant: { personalId: "091190001234", fullName: "Lê Thị Ngọc Hân", birthDate: "1990-04-12", gender: "female", ethnicity: "Kinh", communeCode: "31027" },
  months: 12,
  monthlyIncome: 1_500_000,
  payment: { amount: null, receiptDate: "2020-06-15", receiptNumber: "BL-1", ...payment },
  participantMode: "any",
  ...over,
});

const due = (paymentDate: string, supportGroups: SupportGroup[], months: 1 | 3 | 6 | 12 = 12, monthlyIncome = 1_500_000, supportedMonthsUsed = 0) =>
  voluntaryContribution({ paymentDate, monthlyIncome, supportGroups, plan: { kind: "periodic", months }, supportedMonthsUsed }).totals.net;

const row = (over: AgentRowInput = {}): AgentRowInput => ({
  fullName: "Lê Thị Ngọc Hân",
  birthDate: "12/04/1990",
  gender: "Nữ",
  personalId: "091190001234",
  ethnicity: "Kinh",
  monthsPaid: "12",
  incomeOrBaseShare: "1500000",
  receiptDate: "15/06/2020",
  communeCode: "31027",
  ...over,
});

/** An agent's line decided as an import decides it. */
function decideLine(line: AgentRowInput, snapshot = world()) {
  const checked = checkAgentRow(line, { scheme: "voluntary_social_insurance", communeStatus: () => "ok" });
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return decideEnrolment(commandFromAgentRow(checked.row, { receiptNumber: "BL-1" }), snapshot);
}

const person = (over: Partial<KnownPerson> = {}): KnownPerson => ({
  id: 41,
  fullName: "Lê Thị Ngọc Hân",
  birthDate: "1990-04-12",
  gender: "female",
  householdId: null,
  inScope: true,
  areaName: "Kiên Giang",
  periods: [],
  supportedMonthsUsed: 0,
  ...over,
});

describe("decideEnrolment: the support group", () => {
  it("infers each group from the amount a list without the column states", () => {
    for (const groups of [[], ["near_poor"], ["poor"]] as SupportGroup[][]) {
      const amount = due("2020-06-15", groups);
      const d = decideLine(row({ amountPaid: String(amount) }));
      expect(d.outcome === "record" && [d.record.supportGroups, d.record.amount, d.record.supportClaim]).toEqual([
        groups,
        amount,
        groups.length ? "inferred" : "none",
      ]);
    }
  });

  it("an ethnic-minority person is priced with the group whatever the column says", () => {
    const amount = due("2025-08-15", ["ethnic_minority"], 3);
    const d = decideLine(row({ ethnicity: "Khmer", receiptDate: "15/08/2025", monthsPaid: "3", amountPaid: String(amount) }));
    expect(d.outcome === "record" && d.record.supportGroups).toEqual(["ethnic_minority"]);
    expect(decideLine(row({ ethnicity: "01", receiptDate: "15/08/2025", monthsPaid: "3", amountPaid: String(amount) })).outcome).toBe("rejected"); // 01 = Kinh
  });

  it("an amount no group pays is refused with what each group would have paid", () => {
    const d = decideLine(row({ amountPaid: "2000000" }));
    expect(d.outcome).toBe("rejected");
    if (d.outcome !== "rejected") return;
    expect(d.code).toBe("REGISTRY.AMOUNT_MISMATCH");
    for (const groups of [[], ["near_poor"], ["poor"]] as SupportGroup[][]) {
      expect(d.issues[0]!.en).toContain(due("2020-06-15", groups).toLocaleString("en-US"));
    }
    expect(d.issues[0]!.vi).toContain("hộ cận nghèo");
  });

  it("a stated group is priced as stated, and one đồng off is refused with both figures (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<SupportGroup[]>([], ["near_poor"], ["poor"]),
        fc.constantFrom(1, 3, 6, 12),
        fc.constantFrom(-1, 0, 1),
        (groups, months, delta) => {
          const amount = due("2020-06-15", groups, months as 1) + delta;
          const d = decideEnrolment(form({ supportGroups: groups, months }, { amount }), world());
          if (delta === 0) expect(d.outcome === "record" && d.record.amount).toBe(amount);
          else {
            expect(d.outcome === "rejected" && d.code).toBe("REGISTRY.AMOUNT_MISMATCH");
            if (d.outcome === "rejected") expect(d.issues[0]!.en).toContain((amount - delta).toLocaleString("en-US"));
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("the form and the agent's line of the same facts decide the same (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<SupportGroup[]>([], ["near_poor"], ["poor"]),
        fc.constantFrom(1, 3, 6, 12),
        fc.integer({ min: 0, max: 2_000 }),
        (groups, months, day) => {
          const receipt = new Date(Date.UTC(2018, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
          const amount = due(receipt, groups, months as 1);
          const fromForm = decideEnrolment(form({ supportGroups: groups, months }, { amount, receiptDate: receipt }), world());
          const fromLine = decideLine(
            row({ monthsPaid: String(months), amountPaid: String(amount), receiptDate: receipt, supportGroup: groups.length ? groups[0] : "khác" }),
          );
          expect(fromLine).toEqual(fromForm);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("decideEnrolment: a command made of a checked row", () => {
  it("is taken as checked and decides as the same command checked afresh (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<SupportGroup[] | null>(null, [], ["near_poor"], ["poor"]),
        fc.constantFrom(1, 3, 6, 12),
        fc.integer({ min: -1, max: 1 }),
        fc.integer({ min: 0, max: 3_000 }),
        fc.constantFrom("ok", "no commune", "out of scope"),
        fc.boolean(),
        (groups, months, delta, day, commune, known) => {
          const receipt = new Date(Date.UTC(2018, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
          const amount = due(receipt, groups ?? [], months as 1) + delta;
          const cell = groups === null ? {} : { supportGroup: groups.length ? groups[0] : "khác" };
          const checked = checkAgentRow(row({ monthsPaid: String(months), amountPaid: String(amount), receiptDate: receipt, ...cell }), {
            scheme: "voluntary_social_insurance",
            communeStatus: () => "ok",
          });
          if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
          const snapshot = world({
            ...(commune === "no commune" ? { commune: null } : {}),
            communeInScope: commune !== "out of scope",
            person: known ? person({ periods: [{ scheme: "voluntary_social_insurance", from: "2017-01-01", to: receipt }], supportedMonthsUsed: 24 }) : null,
          });
          const cmd = commandFromAgentRow(checked.row, { receiptNumber: "BL-1" });
          // A copy is not the checked row's command: the decision checks it as the form's.
          const copy: EnrolmentCommand = { ...cmd, participant: { ...cmd.participant }, payment: { ...cmd.payment } };
          expect(decideEnrolment(cmd, snapshot)).toEqual(decideEnrolment(copy, snapshot));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("cannot be changed after it was made, nor can its row", () => {
    const checked = checkAgentRow(row({ amountPaid: String(due("2020-06-15", [])) }), { scheme: "voluntary_social_insurance", communeStatus: () => "ok" });
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    const cmd = commandFromAgentRow(checked.row, { receiptNumber: "BL-1" });
    expect(Object.isFrozen(checked.row) && Object.isFrozen(cmd) && Object.isFrozen(cmd.participant) && Object.isFrozen(cmd.payment)).toBe(true);
    expect(() => {
      (cmd.payment as { amount: number | null }).amount = 1;
    }).toThrow();
  });
});

describe("decideEnrolment: history", () => {
  it("a renewal after the state support is used up owes the full amount on every channel (2029)", () => {
    const renewing = person({ supportedMonthsUsed: 120, periods: [{ scheme: "voluntary_social_insurance", from: "2019-01-01", to: "2029-02-28" }] });
    // 3 months × 22% × 3,000,000, no support left.
    const d = decideLine(row({ monthsPaid: "3", incomeOrBaseShare: "3000000", amountPaid: "1980000", receiptDate: "10/03/2029" }), world({ person: renewing }));
    expect(d.outcome === "record" && [d.record.amount, d.record.kind, d.record.startDate]).toEqual([1_980_000, "renewal", "2029-03-01"]);
  });

  it("the start continues cover on every channel; a start month the rules do not give is refused", () => {
    const covered = person({ periods: [{ scheme: "voluntary_social_insurance", from: "2020-03-01", to: "2020-08-31" }] });
    const amount = due("2020-06-15", []);
    const line = decideLine(row({ amountPaid: String(amount) }), world({ person: covered }));
    const byForm = decideEnrolment(form({}, { amount }), world({ person: covered }));
    expect(line.outcome === "record" && line.record.startDate).toBe("2020-09-01");
    expect(byForm).toEqual(line);
    const wrong = decideEnrolment(form({ startMonth: "2020-06" }, { amount }), world({ person: covered }));
    expect(wrong.outcome === "rejected" && wrong.code).toBe("ENROLMENT.START_MONTH_INVALID");
    expect(decideEnrolment(form({ startMonth: "2099-01" }, { amount }), world()).outcome).toBe("rejected");
  });

  it("an advance payment is priced with the fund's return the server holds, and waits for it when unset", () => {
    const missing = decideEnrolment(form({ months: 24 }), world());
    expect(missing.outcome === "rejected" && missing.code).toBe("ENROLMENT.RETURN_RATE_MISSING");
    const d = decideEnrolment(form({ months: 24 }), world({ fundMonthlyReturn: 0.004 }));
    const expected = voluntaryContribution({
      paymentDate: "2020-06-15",
      monthlyIncome: 1_500_000,
      supportGroups: [],
      plan: { kind: "advance", years: 2, monthlyReturnRate: 0.004 },
    }).totals.net;
    expect(d.outcome === "record" && d.record.amount).toBe(expected);
  });
});

describe("decideEnrolment: who may learn about a person", () => {
  it("a person registered outside the caller's area is named by their office only", () => {
    const d = decideEnrolment(
      form({}, { amount: due("2020-06-15", []) }),
      world({ person: person({ inScope: false, areaName: "An Giang", fullName: "Nguyễn Văn Bí Mật" }) }),
    );
    expect(d.outcome).toBe("duplicate");
    const text = JSON.stringify(d);
    expect(text).toContain("An Giang");
    expect(text).not.toContain("Bí Mật");
    expect(text).not.toContain('"existingParticipantId":41');
  });

  it("a registered person in scope whose birth date differs is refused; in 'new' mode a duplicate", () => {
    const amount = due("2020-06-15", []);
    const other = decideEnrolment(form({}, { amount }), world({ person: person({ birthDate: "1991-01-01" }) }));
    expect(other.outcome === "rejected" && other.code).toBe("ENROLMENT.PARTICIPANT_MISMATCH");
    const dup = decideEnrolment(form({ participantMode: "new" }, { amount }), world({ person: person() }));
    expect(dup.outcome === "duplicate" && dup.existingParticipantId).toBe(41);
  });

  it("a household of another area cannot be joined", () => {
    const cmd: EnrolmentCommand = {
      ...form(),
      scheme: "household_health_insurance",
      participant: { ...form().participant, householdCode: "HGD-1" },
      months: 12,
      monthlyIncome: null,
      facilityCode: "91013",
      payment: { amount: null, receiptDate: "2020-06-15", receiptNumber: "BL-2" },
    };
    const d = decideEnrolment(cmd, world({ household: { id: 5, inScope: false, areaName: "An Giang", joins: [] } }));
    expect(d.outcome === "rejected" && d.code).toBe("ENROLMENT.HOUSEHOLD_OUT_OF_SCOPE");
    const mine = decideEnrolment(
      cmd,
      world({ household: { id: 5, inScope: true, areaName: "Kiên Giang", joins: [{ participantId: 9, joinedOn: "2020-02-01" }] } }),
    );
    expect(mine.outcome === "record" && [mine.record.householdId, mine.record.householdRank]).toEqual([5, 2]);
  });
});
