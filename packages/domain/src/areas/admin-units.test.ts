import { beforeAll, describe, expect, it } from "vitest";
import { rollUp } from "../coverage/index.js";
import {
  adminUnitsAvailable,
  adminUnitsMissingNote,
  loadRawMapping,
  loadUnits2024,
  loadUnits2025,
  parseCsv,
  parseCsvRecords,
  syntheticLeafFigures,
  toMappingRows,
  type RawMappingRow,
} from "./admin-units.test-support.js";
import {
  buildAreaMapping,
  buildAreaTree,
  descendants,
  mapFigures,
  pathOf,
  predecessorsOf,
  successorsOf,
  type AreaMapping,
  type AreaRow,
  type AreaTree,
} from "./index.js";

describe("the test CSV reader (RFC 4180)", () => {
  it("handles quoted commas, doubled quotes, line breaks in quotes, CRLF and a final newline", () => {
    expect(parseCsv('a,b,c\n1,"x, y",\n"say ""hi""","two\nlines",3\r\nlast,,\n')).toEqual([
      ["a", "b", "c"],
      ["1", "x, y", ""],
      ['say "hi"', "two\nlines", "3"],
      ["last", "", ""],
    ]);
    expect(parseCsvRecords('code,note\n01,"corrected (a + b) per x, y"')).toEqual([{ code: "01", note: "corrected (a + b) per x, y" }]);
    expect(() => parseCsv('a,"open\n')).toThrow(/unterminated/);
    expect(() => parseCsvRecords("a,b\n1,2,3\n")).toThrow(/3 fields/);
  });
});

if (!adminUnitsAvailable) console.warn(adminUnitsMissingNote);

describe.runIf(adminUnitsAvailable)("real administrative units (../shared/data/admin-units)", () => {
  let rows: AreaRow[];
  let before: AreaTree;
  let after: AreaTree;
  let raw: RawMappingRow[];
  let mapping: AreaMapping;

  beforeAll(() => {
    rows = [...loadUnits2024(), ...loadUnits2025()];
    before = buildAreaTree(rows, "2025-06-30");
    after = buildAreaTree(rows, "2025-07-01");
    raw = loadRawMapping();
    mapping = buildAreaMapping(toMappingRows(raw));
  });

  it("reads every row, including the quoted notes of the mapping", () => {
    expect(rows.length).toBe(10_794 + 3_355);
    expect(raw.length).toBe(10_584);
    const quoted = raw.find((r) => r.old_commune_code === "09859")!;
    expect(quoted.new_commune_code).toBe("09871");
    expect(quoted.note).toMatch(/^corrected \(dvhcvn had 09616 \+ 09871\) per 1656\/NQ-UBTVQH15 khoản 104 \(Xã Sơn Đồng, h\. Hoài Đức/);
    expect(raw.filter((r) => r.overlap === "partial").length).toBe(974);
  });

  it("builds the 2024 three-level tree on 2025-06-30 and the 2025 two-level tree the next day", () => {
    const count = (t: AreaTree, level: string) => [...t.byCode.values()].filter((n) => n.level === level).length;
    expect([before.roots.length, count(before, "district"), count(before, "commune"), before.orphans.length]).toEqual([63, 696, 10_035, 0]);
    expect([after.roots.length, count(after, "district"), count(after, "commune"), after.orphans.length]).toEqual([34, 0, 3_321, 0]);
    // code 91: Kiên Giang, then the merged An Giang
    expect(before.byCode.get("91")!.name).toBe("Kiên Giang");
    expect(after.byCode.get("91")!.name).toBe("An Giang");
    expect(before.byCode.has("89")).toBe(true);
    expect(after.byCode.has("89")).toBe(false);
  });

  it("follows a commune whose parent changes on 2025-07-01 (00004: Trúc Bạch under Ba Đình district → Phường Ba Đình under Hà Nội)", () => {
    expect(pathOf(before, "00004").map((n) => `${n.code} ${n.name}`)).toEqual(["01 Hà Nội", "001 Ba Đình", "00004 Trúc Bạch"]);
    expect(pathOf(after, "00004").map((n) => `${n.code} ${n.name}`)).toEqual(["01 Hà Nội", "00004 Ba Đình"]);
    // U Minh Thượng (913), the seed article's district, had 6 communes
    expect(descendants(before, "913").length).toBe(6);
  });

  it("maps every 2024 leaf and reaches every 2025 commune", () => {
    const leaves = [...before.byCode.values()].filter((n) => n.children.length === 0);
    expect(leaves.length).toBe(10_035 + 5);
    for (const leaf of leaves) expect(successorsOf(leaf.code, mapping).length).toBeGreaterThan(0);
    for (const n of after.byCode.values()) if (n.level === "commune") expect(predecessorsOf(n.code, mapping).length).toBeGreaterThan(0);
    const split = [...mapping.successors.entries()].filter(([, s]) => s.length > 1);
    expect(split.length).toBe(442);
    expect(Math.max(...split.map(([, s]) => s.length))).toBe(5);
  });

  it("carries figures onto 2025 units conserving the national total and each province's total", () => {
    const figures = syntheticLeafFigures(before);
    const old = rollUp(before, figures);
    const mapped = mapFigures(figures, mapping, { split: "equal" });
    expect(mapped.unmapped).toEqual([]);
    expect(mapped.split.length).toBe(442);
    const now = rollUp(after, mapped.figures as Map<string, { insured: number; population: number }>);

    const sumOver = (r: typeof old, roots: readonly { code: string }[], field: "insured" | "population") =>
      roots.reduce((s, n) => s + (r.get(n.code)![field] ?? 0), 0);
    for (const field of ["insured", "population"] as const) {
      expect(sumOver(now, after.roots, field)).toBe(sumOver(old, before.roots, field));
    }
    // Every old province went into exactly one new province: totals must match province by province.
    const oldProvincesOf = new Map<string, Set<string>>();
    for (const r of raw) {
      let s = oldProvincesOf.get(r.new_province_code);
      if (!s) oldProvincesOf.set(r.new_province_code, (s = new Set()));
      s.add(r.old_province_code);
    }
    expect(oldProvincesOf.size).toBe(34);
    for (const [code, olds] of oldProvincesOf) {
      const n = now.get(code)!;
      const o = [...olds].map((c) => old.get(c)!);
      expect(n.population).toBe(o.reduce((s, x) => s + x.population!, 0));
      expect(n.insured).toBe(o.reduce((s, x) => s + x.insured!, 0));
      expect(n.missing).toBe(0);
    }
    // and back onto the 2024 units: the national total survives the round trip
    const back = mapFigures(mapped.figures, mapping, { split: "equal", direction: "backward" });
    expect(back.unmapped).toEqual([]);
    let pop = 0;
    for (const f of back.figures.values()) pop += (f as { population: number }).population;
    expect(pop).toBe(sumOver(old, before.roots, "population"));
  });
});
