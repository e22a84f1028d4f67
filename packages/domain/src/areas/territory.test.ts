import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scopeOn } from "../access/index.js";
import { isDomainError } from "../errors.js";
import { buildAreaWorld, homeOn, territoryOn, versionOf, type AreaRow, type Reform } from "./index.js";

const OLD_FROM = "2020-01-01";
const OLD_TO = "2025-06-30";
const NEW_FROM = "2025-07-01";

const row = (code: string, level: AreaRow["level"], parentCode: string | null, validFrom: string, validTo: string | null): AreaRow => ({
  code,
  name: `Unit ${code}`,
  level,
  unitType: "",
  parentCode,
  validFrom,
  validTo,
});

/**
 * A random world of two eras: provinces → districts → communes until 2025-06-30, provinces →
 * communes from 2025-07-01, with codes reused across the eras (the same number spaces), and a
 * many-to-many mapping of old communes into new ones (splits and merges).
 */
const worldArb = fc
  .record({
    oldProvinces: fc.integer({ min: 1, max: 3 }),
    districtsPer: fc.integer({ min: 1, max: 3 }),
    communesPer: fc.integer({ min: 0, max: 4 }),
    newProvinces: fc.integer({ min: 1, max: 2 }),
    newCommunes: fc.integer({ min: 1, max: 8 }),
    links: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 30 }),
  })
  .map(({ oldProvinces, districtsPer, communesPer, newProvinces, newCommunes, links }) => {
    const rows: AreaRow[] = [];
    const oldLeaves: string[] = [];
    for (let p = 0; p < oldProvinces; p++) {
      const pc = String(91 + p);
      rows.push(row(pc, "province", null, OLD_FROM, OLD_TO));
      for (let d = 0; d < districtsPer; d++) {
        const dc = `${pc}${d}`;
        rows.push(row(dc, "district", pc, OLD_FROM, OLD_TO));
        if (communesPer === 0) oldLeaves.push(dc);
        for (let c = 0; c < communesPer; c++) {
          const cc = String(31000 + p * 100 + d * 10 + c);
          rows.push(row(cc, "commune", dc, OLD_FROM, OLD_TO));
          oldLeaves.push(cc);
        }
      }
    }
    const newLeaves: string[] = [];
    for (let p = 0; p < newProvinces; p++) rows.push(row(String(91 + p), "province", null, NEW_FROM, null));
    for (let c = 0; c < newCommunes; c++) {
      const cc = String(31000 + c * 7); // may reuse an old commune code
      if (newLeaves.includes(cc)) continue;
      rows.push(row(cc, "commune", String(91 + (c % newProvinces)), NEW_FROM, null));
      newLeaves.push(cc);
    }
    const mapping = links.map(([o, n]) => ({ oldCode: oldLeaves[o % oldLeaves.length]!, newCode: newLeaves[n % newLeaves.length]! }));
    const reform: Reform = { oldValidOn: OLD_TO, newValidOn: NEW_FROM, rows: mapping };
    return { rows, oldLeaves, newLeaves, mapping, world: buildAreaWorld(rows, [reform]) };
  });

const oldDate = fc.constantFrom("2020-01-01", "2020-06-30", "2023-05-17", OLD_TO);
const newDate = fc.constantFrom(NEW_FROM, "2025-12-31", "2026-12-07");
const anyDate = fc.oneof(oldDate, newDate);

const subtreeOf = (rows: AreaRow[], code: string, on: string): Set<string> => {
  const live = rows.filter((r) => r.validFrom <= on && (r.validTo === null || r.validTo >= on));
  const out = new Set<string>();
  if (!live.some((r) => r.code === code)) return out;
  const walk = (c: string) => {
    out.add(c);
    for (const r of live) if (r.parentCode === c) walk(r.code);
  };
  walk(code);
  return out;
};
const leavesOf = (rows: AreaRow[], codes: Set<string>, on: string) => {
  const live = rows.filter((r) => r.validFrom <= on && (r.validTo === null || r.validTo >= on));
  return [...codes].filter((c) => !live.some((r) => r.parentCode === c)).sort();
};

describe("territoryOn: a unit's territory across a reform", () => {
  it("in the unit's own era, is its subtree on that date (before and on the reform's eve)", () => {
    fc.assert(
      fc.property(worldArb, oldDate, oldDate, ({ rows, world }, granted, asked) => {
        for (const r of rows.filter((x) => x.validTo === OLD_TO)) {
          expect(territoryOn(world, { code: r.code, validOn: granted }, asked)).toEqual([...subtreeOf(rows, r.code, asked)].sort());
        }
      }),
    );
  });

  it("after the reform, reaches exactly the new units its leaves went into (splits: every piece; merges: from each source)", () => {
    fc.assert(
      fc.property(worldArb, oldDate, newDate, ({ rows, mapping, world }, granted, asked) => {
        for (const r of rows.filter((x) => x.validTo === OLD_TO)) {
          const oldLeaves = leavesOf(rows, subtreeOf(rows, r.code, granted), granted);
          const expected = new Set(mapping.filter((m) => oldLeaves.includes(m.oldCode)).map((m) => m.newCode));
          const got = territoryOn(world, { code: r.code, validOn: granted }, asked);
          expect(leavesOf(rows, new Set(got), asked)).toEqual([...expected].sort());
        }
      }),
    );
  });

  it("before the reform, a new unit reaches the old units it was formed from", () => {
    fc.assert(
      fc.property(worldArb, newDate, oldDate, ({ rows, mapping, world, newLeaves }, granted, asked) => {
        for (const c of newLeaves) {
          const expected = new Set(mapping.filter((m) => m.newCode === c).map((m) => m.oldCode));
          const got = territoryOn(world, { code: c, validOn: granted }, asked);
          expect(leavesOf(rows, new Set(got), asked)).toEqual([...expected].sort());
        }
      }),
    );
  });

  it("a unit's territory holds its children's, and a parent is in it only when all its children are", () => {
    fc.assert(
      fc.property(worldArb, anyDate, anyDate, ({ rows, world }, granted, asked) => {
        const live = rows.filter((r) => r.validFrom <= granted && (r.validTo === null || r.validTo >= granted));
        for (const r of live) {
          const mine = new Set(territoryOn(world, { code: r.code, validOn: granted }, asked));
          for (const child of live.filter((x) => x.parentCode === r.code)) {
            for (const c of territoryOn(world, { code: child.code, validOn: granted }, asked)) expect(mine.has(c)).toBe(true);
          }
          const onAsked = rows.filter((x) => x.validFrom <= asked && (x.validTo === null || x.validTo >= asked));
          for (const u of onAsked) {
            const kids = onAsked.filter((x) => x.parentCode === u.code);
            if (kids.length > 0 && mine.has(u.code)) expect(kids.every((k) => mine.has(k.code))).toBe(true);
          }
        }
      }),
    );
  });

  it("places every record once: its home on another date lies in the territory of every unit that held it", () => {
    fc.assert(
      fc.property(worldArb, oldDate, newDate, ({ rows, world, oldLeaves }, granted, asked) => {
        for (const leaf of oldLeaves) {
          const home = homeOn(world, { code: leaf, validOn: granted }, asked);
          const holders = rows.filter((r) => r.validTo === OLD_TO && subtreeOf(rows, r.code, granted).has(leaf));
          for (const h of holders) {
            if (home !== null) expect(territoryOn(world, { code: h.code, validOn: granted }, asked)).toContain(home);
          }
          expect(home === null).toBe(territoryOn(world, { code: leaf, validOn: granted }, asked).length === 0);
        }
      }),
    );
  });
});

describe("the demo's U Minh Thượng across the 2025 reform", () => {
  const rows: AreaRow[] = [
    row("91", "province", null, OLD_FROM, OLD_TO),
    row("913", "district", "91", OLD_FROM, OLD_TO),
    row("911", "district", "91", OLD_FROM, OLD_TO),
    ...["31012", "31015", "31027", "31054"].map((c) => row(c, "commune", "913", OLD_FROM, OLD_TO)),
    row("91", "province", null, NEW_FROM, null),
    ...["31012", "31027", "30742"].map((c) => row(c, "commune", "91", NEW_FROM, null)),
  ];
  const reform: Reform = {
    oldValidOn: OLD_TO,
    newValidOn: NEW_FROM,
    rows: [
      { oldCode: "31012", newCode: "31012" },
      { oldCode: "31015", newCode: "31012" },
      { oldCode: "31027", newCode: "31027" },
      // a split: part of 31054 went to each
      { oldCode: "31054", newCode: "31012" },
      { oldCode: "31054", newCode: "31027" },
    ],
  };
  const world = buildAreaWorld(rows, [reform]);

  it("the district covers, in 2026, the communes that took over its communes", () => {
    expect(territoryOn(world, { code: "913", validOn: "2020-06-30" }, "2026-12-07")).toEqual(["31012", "31027"]);
    expect(territoryOn(world, { code: "913", validOn: "2020-06-30" }, OLD_TO)).toEqual(["31012", "31015", "31027", "31054", "913"]);
    expect(territoryOn(world, { code: "31054", validOn: "2020-06-30" }, NEW_FROM)).toEqual(["31012", "31027"]);
    expect(homeOn(world, { code: "31054", validOn: "2020-06-30" }, NEW_FROM)).toBe("31012");
    expect(versionOf(world, { code: "913", validOn: "2021-01-01" })?.validTo).toBe(OLD_TO);
  });

  it("code 91 names Kiên Giang in 2020 and An Giang in 2026: each keeps its own territory", () => {
    // Kiên Giang in 2026: only where its communes went (Phú Quốc, 911, has no mapping here).
    expect(territoryOn(world, { code: "91", validOn: "2020-01-01" }, "2026-12-07")).toEqual(["31012", "31027"]);
    // An Giang in 2020: the old units its communes were formed from, with U Minh Thượng whole.
    expect(territoryOn(world, { code: "91", validOn: "2026-01-01" }, "2020-10-01")).toEqual(["31012", "31015", "31027", "31054", "913"]);
    expect(territoryOn(world, { code: "91", validOn: "2026-01-01" }, "2026-12-07")).toEqual(["30742", "31012", "31027", "91"]);
  });

  it("a role's scope is the union of its roles' territories, for the roles that grant the action", () => {
    const roles = [
      { role: "collector" as const, areaCode: "913", areaValidOn: "2020-01-01" },
      { role: "viewer" as const, areaCode: "91", areaValidOn: "2026-01-01" },
    ];
    expect(scopeOn(world, roles, "write", "2026-12-07")).toEqual(["31012", "31027"]);
    expect(scopeOn(world, roles, "read", "2026-12-07")).toEqual(["30742", "31012", "31027", "91"]);
    expect(scopeOn(world, [{ role: "admin", areaCode: null }], "read", "2026-12-07")).toBeNull();
    // no era given: the unit the code names on the date asked
    expect(scopeOn(world, [{ role: "viewer", areaCode: "913" }], "read", "2026-12-07")).toEqual([]);
    expect(territoryOn(world, { code: "913", validOn: "2026-01-01" }, OLD_TO)).toEqual([]);
  });

  it("refuses what is not a world, a unit or a date with a coded error", () => {
    for (const bad of [
      () => territoryOn({} as never, { code: "91", validOn: "2020-01-01" }, OLD_TO),
      () => territoryOn(world, { code: "91", validOn: "x" }, OLD_TO),
      () => buildAreaWorld(rows, [{ ...reform, newValidOn: "2020-01-01" }]),
    ]) {
      try {
        bad();
        expect.unreachable();
      } catch (e) {
        expect(isDomainError(e)).toBe(true);
      }
    }
  });
});
