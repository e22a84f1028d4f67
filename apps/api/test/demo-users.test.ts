import { describe, expect, it } from "vitest";
import { todayInVietnam } from "@ansinh/domain/dates";
import { parsePersonalId } from "@ansinh/domain/identity";
import { demoAccounts } from "../src/services/demo-users.js";

describe("demo staff", () => {
  it("carry personal IDs that decode to adults born in Kiên Giang", () => {
    const thisYear = Number(todayInVietnam().slice(0, 4));
    const ids = demoAccounts.map((a) => a.personalId).filter((id): id is string => id !== null);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const parsed = parsePersonalId(id);
      expect(parsed.provinceCode, id).toBe("091");
      expect(parsed.birthYear, id).toBeGreaterThanOrEqual(1950);
      expect(thisYear - parsed.birthYear, id).toBeGreaterThanOrEqual(18);
    }
  });
});
