/**
 * The registry follows the library's conventions: coded `DomainError`s with `{ path, vi, en }`
 * issues (`e.code` typed), one strict schema per input (unknown keys refused, required keys
 * required, the received type named), and problems returned as data with vi / en apart.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import { DomainError, domainErrorCodes, isDomainError, type DomainErrorCode } from "../errors.js";
import {
  checkAgentRow,
  coverageStatus,
  findDuplicates,
  healthCardCode,
  parsePhone,
  periodEnd,
  rankHouseholdMembers,
  registryCodes,
  type RegistryCode,
} from "./index.js";

function caught(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (isDomainError(e)) return e as DomainError;
    throw e;
  }
  throw new Error("did not throw");
}

describe("registry errors", () => {
  it("registers every registry code among the domain's codes, typed", () => {
    for (const c of registryCodes) expect(domainErrorCodes).toContain(c);
    expectTypeOf<RegistryCode>().toMatchTypeOf<DomainErrorCode>();
    const e = caught(() => parsePhone("12ab"));
    expect(e.code).toBe("REGISTRY.PHONE_MALFORMED");
    expect(e.issues).toEqual([
      {
        path: [],
        vi: 'Số điện thoại "12ab" không hợp lệ: cần 10 chữ số (di động) hoặc 11 chữ số (cố định, đầu 02), có thể bắt đầu bằng +84',
        en: 'Phone number "12ab" is not valid: 10 digits (mobile) or 11 digits (landline, starting 02) are needed, optionally starting with +84',
      },
    ]);
  });

  it("names the field and what was received", () => {
    const e = caught(() => rankHouseholdMembers([], 20.5));
    expect(e.code).toBe("REGISTRY.INVALID_YEAR");
    expect(e.issues).toEqual([
      {
        path: ["year"],
        vi: "Năm phải là số nguyên từ 1900 đến 9999 (nhận được: số 20.5)",
        en: "The year must be a whole number from 1900 to 9999 (got the number 20.5)",
      },
    ]);
    const card = caught(() => healthCardCode({ group: "GD", benefitLevel: 3, provinceCode: "91", socialInsuranceNumber: "9120456789" }));
    expect(card.issues.map((i) => i.path)).toEqual([["benefitLevel"]]);
  });

  it("refuses unknown keys and requires required keys", () => {
    const typo = caught(() => periodEnd({ from: "2020-06", months: 1, monts: 2 } as never));
    expect(typo.code).toBe("REGISTRY.INVALID_INPUT");
    expect(typo.issues.map((i) => i.path)).toEqual([["monts"]]);
    const missing = caught(() => periodEnd({ from: "2020-06" } as never));
    expect(missing.code).toBe("REGISTRY.INVALID_MONTHS");
    expect(missing.issues[0]).toEqual({ path: ["months"], vi: "Thiếu giá trị bắt buộc", en: "Required, but missing" });
    const option = caught(() => coverageStatus([], "2020-06-01", { dueWithin: 3 } as never));
    expect(option.issues.map((i) => i.path)).toEqual([["options", "dueWithin"]]);
    const participant = caught(() => findDuplicates({ personalId: "091190001234", fullName: "A", birthDate: "1990-01-01" }, [{ id: 1 } as never]));
    expect(participant.code).toBe("REGISTRY.INVALID_PARTICIPANT");
    expect(participant.issues[0]!.path).toEqual(["existing", 0, "id"]);
  });

  it("lists row problems as data, vi and en apart, and throws for a bad context", () => {
    const r = checkAgentRow({ fullName: "An", note: "x" } as never, { scheme: "voluntary_social_insurance", communeStatus: () => "ok" });
    expect(r).toEqual({
      ok: false,
      problems: [
        { field: "row", code: "REGISTRY.ROW_SHAPE", vi: "Trường không được biết (viết sai tên?)", en: "Unknown key (misspelt?)", details: { path: ["note"] } },
      ],
    });
    const e = caught(() => checkAgentRow({}, { scheme: "voluntary_social_insurance" } as never));
    expect(e.code).toBe("REGISTRY.INVALID_INPUT");
    expect(e.issues[0]!.path).toEqual(["communeStatus"]);
  });
});
