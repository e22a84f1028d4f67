import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { buildAreaTree, walkTree, type AreaRow } from "./index.js";

const row = (code: string, parentCode: string | null, validFrom = "2020-01-01", validTo: string | null = null): AreaRow => ({
  code,
  name: `Unit ${code}`,
  level: parentCode == null ? "province" : code.length === 3 ? "district" : "commune",
  unitType: "",
  parentCode,
  validFrom,
  validTo,
});

describe("buildAreaTree", () => {
  const rows = [
    row("91", null, "2020-01-01", "2025-06-30"),
    row("913", "91", "2020-01-01", "2025-06-30"),
    row("909", "91", "2020-01-01", "2025-06-30"),
    row("31051", "913", "2020-01-01", "2025-06-30"),
    // 2025: code 91 reused for the merged province; communes hang directly under it.
    row("91", null, "2025-07-01"),
    row("31051", "91", "2025-07-01"),
  ];

  it("keeps only the rows in force on the date, children sorted by code", () => {
    const t = buildAreaTree(rows, "2020-06-15");
    expect(t.roots.map((r) => r.code)).toEqual(["91"]);
    expect(t.roots[0]!.children.map((c) => c.code)).toEqual(["909", "913"]);
    expect(t.byCode.get("31051")!.parentCode).toBe("913");
    expect(t.orphans).toEqual([]);
  });

  it("follows a parent change on the change date, both sides", () => {
    expect(buildAreaTree(rows, "2025-06-30").byCode.get("31051")!.parentCode).toBe("913");
    const after = buildAreaTree(rows, "2025-07-01");
    expect(after.byCode.get("31051")!.parentCode).toBe("91");
    expect(after.byCode.has("913")).toBe(false);
    expect([...walkTree(after.roots)].map((n) => n.code)).toEqual(["91", "31051"]);
  });

  it("reports rows whose parent is not in force as orphans", () => {
    const t = buildAreaTree([row("913", "91")], "2021-01-01");
    expect(t.roots).toEqual([]);
    expect(t.orphans.map((o) => o.code)).toEqual(["913"]);
  });

  it("refuses two rows of one code in force on the same date", () => {
    expect(() => buildAreaTree([row("91", null), row("91", null, "2021-01-01")], "2022-01-01")).toThrowError(DomainError);
  });
});
