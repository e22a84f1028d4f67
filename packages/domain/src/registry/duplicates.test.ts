import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isDomainError } from "../errors.js";
import { checkAgentRow, duplicateKeyList, duplicateKeys, findDuplicates, type ExistingParticipant } from "./index.js";

// Fictional people of U Minh Thượng (Kiên Giang); IDs are valid for their birth date and gender.
const lan: ExistingParticipant = {
  id: "p-001",
  personalId: "091190004512",
  socialInsuranceNumber: "9120004512",
  fullName: "Nguyễn Thị Lan",
  birthDate: "1990-03-05",
  phone: "0912 345 678",
  communeCode: "30613",
};
const khanh: ExistingParticipant = {
  id: "p-002",
  personalId: "091085001177",
  socialInsuranceNumber: null,
  fullName: "Trần Văn Khánh",
  birthDate: "1985-11-20",
  phone: "0387654321",
  communeCode: "30616",
};
const sa: ExistingParticipant = {
  id: "p-003",
  personalId: "091178002345",
  fullName: "Danh Thị Sà Rương",
  birthDate: "1978-07-01",
  phone: null,
  communeCode: "30613",
};
const registry = [lan, khanh, sa];

describe("duplicateKeys", () => {
  it("builds the keys a database indexes", () => {
    expect(duplicateKeys(lan)).toEqual({
      personalId: "091190004512",
      socialInsuranceNumber: "9120004512",
      nameBirthCommune: "nguyen thi lan|1990-03-05|30613",
      phoneBirth: "0912345678|1990-03-05",
    });
    expect(duplicateKeys(sa)).toEqual({
      personalId: "091178002345",
      socialInsuranceNumber: null,
      nameBirthCommune: "danh thi sa ruong|1978-07-01|30613",
      phoneBirth: null,
    });
  });

  it("leaves a key out when a part is missing or unreadable", () => {
    expect(duplicateKeys({ ...lan, communeCode: null }).nameBirthCommune).toBeNull();
    expect(duplicateKeys({ ...lan, phone: "12" }).phoneBirth).toBeNull();
    expect(duplicateKeys({ ...lan, socialInsuranceNumber: "  " }).socialInsuranceNumber).toBeNull();
  });

  it("refuses a participant without personal ID or with a bad birth date", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isDomainError(e) ? e.code : "other";
      }
      return undefined;
    };
    expect(code(() => duplicateKeys({ ...lan, personalId: " " }))).toBe("REGISTRY.INVALID_PARTICIPANT");
    expect(code(() => duplicateKeys({ ...lan, birthDate: "05/03/1990" }))).toBe("REGISTRY.INVALID_PARTICIPANT");
  });
});

describe("findDuplicates", () => {
  it("refuses the same personal ID and links to the existing person", () => {
    const r = findDuplicates({ personalId: " 091190004512 ", fullName: "Nguyễn Thị Lành", birthDate: "1990-03-05" }, registry);
    expect(r.refused).toBe(true);
    expect(r.refusedBecauseOf).toBe("p-001");
    expect(r.matches).toHaveLength(1);
    expect(r.matches[0]).toMatchObject({ participantId: "p-001", kind: "exact", score: 100 });
    expect(r.matches[0]!.reasons.map((x) => x.code)).toEqual(["REGISTRY.DUPLICATE_PERSONAL_ID"]);
  });

  it("an equal social-insurance number is an exact match, sent to review rather than refused", () => {
    const r = findDuplicates({ personalId: "091190004521", socialInsuranceNumber: "9120004512", fullName: "Lê Thị Mai", birthDate: "1990-04-05" }, registry);
    expect(r.refused).toBe(false);
    expect(r.refusedBecauseOf).toBeNull();
    expect(r.matches).toEqual([
      {
        participantId: "p-001",
        kind: "exact",
        score: 90,
        reasons: [
          {
            code: "REGISTRY.DUPLICATE_SOCIAL_INSURANCE_NUMBER",
            score: 90,
            vi: "Trùng mã số BHXH với người đã có",
            en: "Same social-insurance number as an existing person",
          },
        ],
      },
    ]);
  });

  it("finds a likely duplicate typed without diacritics in another case", () => {
    const r = findDuplicates(
      { personalId: "091190009999", fullName: "  NGUYEN thi   LAN ", birthDate: "1990-03-05", communeCode: "30613", phone: "+84 912 345 678" },
      registry,
    );
    expect(r.refused).toBe(false);
    expect(r.matches).toHaveLength(1);
    expect(r.matches[0]!.kind).toBe("likely");
    expect(r.matches[0]!.score).toBe(75); // 70 + 5 for the second reason
    expect(r.matches[0]!.reasons.map((x) => x.code)).toEqual(["REGISTRY.LIKELY_DUPLICATE_NAME_BIRTH_COMMUNE", "REGISTRY.LIKELY_DUPLICATE_PHONE_BIRTH"]);
  });

  it("a different commune or birth date is not a likely duplicate by name", () => {
    expect(findDuplicates({ personalId: "091190009999", fullName: "Nguyễn Thị Lan", birthDate: "1990-03-05", communeCode: "30616" }, registry).matches).toEqual(
      [],
    );
    expect(findDuplicates({ personalId: "091190009999", fullName: "Nguyễn Thị Lan", birthDate: "1990-03-06", communeCode: "30613" }, registry).matches).toEqual(
      [],
    );
  });

  it("same phone and birth date is a likely duplicate (score 60)", () => {
    const r = findDuplicates({ personalId: "091085009999", fullName: "Trần Khánh", birthDate: "1985-11-20", phone: "038.765.4321" }, registry);
    expect(r.matches.map((m) => [m.participantId, m.kind, m.score])).toEqual([["p-002", "likely", 60]]);
  });

  it("orders exact matches first, then by score and id", () => {
    const r = findDuplicates({ personalId: "091085001177", fullName: "Nguyễn Thị Lan", birthDate: "1990-03-05", communeCode: "30613", phone: "0912345678" }, [
      sa,
      lan,
      khanh,
    ]);
    expect(r.matches.map((m) => [m.participantId, m.kind, m.score])).toEqual([
      ["p-002", "exact", 100],
      ["p-001", "likely", 75],
    ]);
    expect(r.refusedBecauseOf).toBe("p-002");
  });

  it("takes a checked row of an agent's list as a candidate", () => {
    const r = checkAgentRow(
      {
        fullName: "NGUYỄN THỊ LAN",
        birthDate: "05/03/1990",
        gender: "Nữ",
        personalId: "091190004599",
        phone: "0912 345 678",
        monthsPaid: "1",
        incomeOrBaseShare: "1500000",
        amountPaid: "314600",
        receiptDate: "15/06/2020",
        communeCode: "30613",
      },
      { scheme: "voluntary_social_insurance", communeStatus: () => "ok" },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // The candidate's fields of the row (the functions refuse unknown keys, like every other input).
    const { personalId, socialInsuranceNumber, fullName, birthDate, phone, communeCode } = r.row;
    const candidate = { personalId, socialInsuranceNumber, fullName, birthDate, phone, communeCode };
    expect(duplicateKeyList(candidate)).toEqual(["pid:091190004599", "nbc:nguyen thi lan|1990-03-05|30613", "pb:0912345678|1990-03-05"]);
    expect(findDuplicates(candidate, registry).matches.map((m) => [m.participantId, m.kind, m.score])).toEqual([["p-001", "likely", 75]]);
  });

  it("skips the candidate's own record", () => {
    expect(findDuplicates(lan, registry).matches).toEqual([]);
  });

  // Small pools so that collisions are common.
  const personArb = fc.record({
    id: fc.constantFrom("a", "b", "c", "d", "e", "f"),
    personalId: fc.constantFrom("091190004512", "091190004513", "091085001177"),
    socialInsuranceNumber: fc.constantFrom(null, "9120004512", "9120004513"),
    fullName: fc.constantFrom("Nguyễn Thị Lan", "nguyen thi lan", "Nguyễn Thị Lán", "Trần Văn Khánh"),
    birthDate: fc.constantFrom("1990-03-05", "1985-11-20"),
    phone: fc.constantFrom(null, "0912345678", "+84 912 345 678", "0387654321"),
    communeCode: fc.constantFrom(null, "30613", "30616"),
  });

  it("a reason is given exactly when the corresponding keys are equal and not null (property)", () => {
    fc.assert(
      fc.property(personArb, personArb, (a, b) => {
        const ka = duplicateKeys(a);
        const kb = duplicateKeys(b);
        const codes = findDuplicates({ ...a, id: null }, [b]).matches[0]?.reasons.map((r) => r.code) ?? [];
        expect(codes.includes("REGISTRY.DUPLICATE_PERSONAL_ID")).toBe(ka.personalId === kb.personalId);
        expect(codes.includes("REGISTRY.DUPLICATE_SOCIAL_INSURANCE_NUMBER")).toBe(
          ka.socialInsuranceNumber !== null && ka.socialInsuranceNumber === kb.socialInsuranceNumber,
        );
        expect(codes.includes("REGISTRY.LIKELY_DUPLICATE_NAME_BIRTH_COMMUNE")).toBe(
          ka.nameBirthCommune !== null && ka.nameBirthCommune === kb.nameBirthCommune,
        );
        expect(codes.includes("REGISTRY.LIKELY_DUPLICATE_PHONE_BIRTH")).toBe(ka.phoneBirth !== null && ka.phoneBirth === kb.phoneBirth);
        // The flat list shares a string exactly when there is a reason.
        const shared = duplicateKeyList(a).filter((x) => duplicateKeyList(b).includes(x));
        expect(shared.length).toBe(codes.length);
        // Symmetric: a looks like b exactly when b looks like a.
        const back = findDuplicates({ ...b, id: null }, [{ ...a, id: "x" }]).matches[0]?.reasons.map((r) => r.code) ?? [];
        expect(back).toEqual(codes);
      }),
      { numRuns: 300 },
    );
  });

  it("does not depend on the order of the existing participants (property)", () => {
    const uniqueIds = fc.uniqueArray(personArb, { selector: (p) => p.id, maxLength: 6 });
    fc.assert(
      fc.property(personArb, uniqueIds, fc.func(fc.integer()), (c, existing, f) => {
        const shuffled = [...existing].sort((x, y) => f(x.id) - f(y.id));
        const r = findDuplicates({ ...c, id: null }, existing);
        expect(findDuplicates({ ...c, id: null }, shuffled)).toEqual(r);
        for (const m of r.matches) expect(m.score).toBeLessThanOrEqual(100);
        expect(r.refused).toBe(existing.some((e) => e.personalId === c.personalId));
      }),
      { numRuns: 200 },
    );
  });
});
