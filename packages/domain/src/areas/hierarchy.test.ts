import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { ancestors, buildAreaTree, descendants, pathOf, walkTree, type AreaRow } from "./index.js";

const row = (code: string, parentCode: string | null, validFrom = "2020-01-01", validTo: string | null = null): AreaRow => ({
  code,
  name: `Unit ${code}`,
  level: parentCode == null ? "province" : code.length === 3 ? "district" : "commune",
  unitType: "",
  parentCode,
  validFrom,
  validTo,
});

const codes = (nodes: { code: string }[]) => nodes.map((n) => n.code);

describe("ancestors, pathOf, descendants", () => {
  const rows = [
    row("91", null),
    row("913", "91"),
    row("914", "91"),
    row("31051", "913"),
    row("31052", "913"),
    row("31060", "914"),
    row("918", "91"), // a district without communes (like Côn Đảo before 2025)
  ];
  const tree = buildAreaTree(rows, "2021-01-01");

  it("walks up nearest first and down depth-first", () => {
    expect(codes(ancestors(tree, "31052"))).toEqual(["913", "91"]);
    expect(codes(pathOf(tree, "31052"))).toEqual(["91", "913", "31052"]);
    expect(codes(pathOf(tree, "91"))).toEqual(["91"]);
    expect(ancestors(tree, "91")).toEqual([]);
    expect(codes(descendants(tree, "91"))).toEqual(["913", "31051", "31052", "914", "31060", "918"]);
    expect(codes(descendants(tree, "91", { includeSelf: true }))[0]).toBe("91");
    expect(descendants(tree, "31051")).toEqual([]);
  });

  it("filters leaves and levels", () => {
    expect(codes(descendants(tree, "91", { leavesOnly: true }))).toEqual(["31051", "31052", "31060", "918"]);
    expect(codes(descendants(tree, "91", { level: "commune" }))).toEqual(["31051", "31052", "31060"]);
    expect(codes(descendants(tree, "91", { level: "district" }))).toEqual(["913", "914", "918"]);
  });

  it("refuses a code not in force on the tree's date with AREAS.NOT_FOUND", () => {
    for (const f of [() => ancestors(tree, "99"), () => pathOf(tree, "99"), () => descendants(tree, "99")]) {
      try {
        f();
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        expect((e as DomainError).code).toBe("AREAS.NOT_FOUND");
        expect((e as DomainError).messageEn).toBe("No unit with code 99 on 2021-01-01");
      }
    }
  });

  it("stops at an orphan whose parent is not in force", () => {
    const t = buildAreaTree([row("913", "91", "2020-01-01"), row("31051", "913")], "2021-01-01");
    expect(codes(pathOf(t, "31051"))).toEqual(["913", "31051"]);
  });
});

describe("a hierarchy that changes on a date", () => {
  // 31051 belongs to district 913 until 2025-06-30 and directly to province 91 from 2025-07-01;
  // 31060 moves from district 914 to district 913 on 2024-11-01 (a district merger).
  const rows = [
    row("91", null),
    row("913", "91", "2020-01-01", "2025-06-30"),
    row("914", "91", "2020-01-01", "2024-10-31"),
    row("31051", "913", "2020-01-01", "2025-06-30"),
    row("31051", "91", "2025-07-01"),
    row("31060", "914", "2020-01-01", "2024-10-31"),
    row("31060", "913", "2024-11-01", "2025-06-30"),
  ];

  it("follows the move on the day it takes effect and not a day earlier", () => {
    expect(codes(pathOf(buildAreaTree(rows, "2024-10-31"), "31060"))).toEqual(["91", "914", "31060"]);
    expect(codes(pathOf(buildAreaTree(rows, "2024-11-01"), "31060"))).toEqual(["91", "913", "31060"]);
    expect(codes(descendants(buildAreaTree(rows, "2024-10-31"), "913"))).toEqual(["31051"]);
    expect(codes(descendants(buildAreaTree(rows, "2024-11-01"), "913"))).toEqual(["31051", "31060"]);
  });

  it("drops the district level on 2025-07-01", () => {
    expect(codes(pathOf(buildAreaTree(rows, "2025-06-30"), "31051"))).toEqual(["91", "913", "31051"]);
    const after = buildAreaTree(rows, "2025-07-01");
    expect(codes(pathOf(after, "31051"))).toEqual(["91", "31051"]);
    expect(after.byCode.has("31060")).toBe(false);
    expect(codes(descendants(after, "91"))).toEqual(["31051"]);
  });
});

describe("cycles", () => {
  it("buildAreaTree refuses parent links that loop instead of dropping the units", () => {
    const rows = [row("91", null), row("913", "914"), row("914", "913")];
    try {
      buildAreaTree(rows, "2021-01-01");
      expect.unreachable();
    } catch (e) {
      expect((e as DomainError).code).toBe("AREAS.CYCLE");
      expect((e as DomainError).details.codes).toEqual(["913", "914"]);
    }
    expect(() => buildAreaTree([row("913", "913")], "2021-01-01")).toThrowError(/cycle/);
  });
});

/** Random forests: node i > 0 hangs under a node with a smaller index, or is a root. */
const randomForest = fc.array(fc.option(fc.nat(), { freq: 5 }), { minLength: 1, maxLength: 80 }).map((parents) =>
  buildAreaTree(
    parents.map((p, i) => row(String(100 + i), i === 0 || p === null ? null : String(100 + (p % i)))),
    "2021-01-01",
  ),
);

describe("hierarchy (property)", () => {
  it("paths are chains of parent links from a root, and descendants invert ancestors", () => {
    fc.assert(
      fc.property(randomForest, (tree) => {
        let total = 0;
        for (const root of tree.roots) total += descendants(tree, root.code, { includeSelf: true }).length;
        expect(total).toBe(tree.byCode.size);
        for (const node of walkTree(tree.roots)) {
          const path = pathOf(tree, node.code);
          expect(path[path.length - 1]).toBe(node);
          expect(path[0]!.parentCode).toBeNull();
          for (let k = 1; k < path.length; k++) expect(path[k]!.parentCode).toBe(path[k - 1]!.code);
          for (const a of ancestors(tree, node.code)) expect(descendants(tree, a.code)).toContain(node);
        }
      }),
    );
  });
});
