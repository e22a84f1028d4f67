import { describe, expect, it } from "vitest";
import { rankAreas } from "./index.js";

const areas = [
  { code: "911", percent: 80 as number | null },
  { code: "912", percent: 90 as number | null },
  { code: "913", percent: 88 as number | null },
  { code: "914", percent: null as number | null },
  { code: "915", percent: 88 as number | null },
  { code: "916", percent: 70 as number | null },
];

describe("rankAreas", () => {
  it("ranks highest first with ties sharing a rank (1, 2, 2, 4, …) and unknowns last, unranked", () => {
    const r = rankAreas(areas, "percent");
    expect(r.map((x) => [x.item.code, x.rank])).toEqual([
      ["912", 1],
      ["913", 2],
      ["915", 2],
      ["911", 4],
      ["916", 5],
      ["914", null],
    ]);
  });

  it("offers dense ranks and ascending order", () => {
    expect(rankAreas(areas, "percent", { method: "dense" }).map((x) => x.rank)).toEqual([1, 2, 2, 3, 4, null]);
    const asc = rankAreas(areas, (a) => a.percent, { order: "asc" });
    expect(asc.map((x) => [x.item.code, x.rank])).toEqual([
      ["916", 1],
      ["911", 2],
      ["913", 3],
      ["915", 3],
      ["912", 5],
      ["914", null],
    ]);
  });

  it("treats NaN as unknown and ties ratios of integers exactly", () => {
    const r = rankAreas([{ v: Number.NaN }, { v: 1 / 3 }, { v: 2 / 6 }, { v: 0 }], "v");
    expect(r.map((x) => x.rank)).toEqual([1, 1, 3, null]);
    expect(r[3]!.value).toBeNull();
    expect(rankAreas([], "v" as never)).toEqual([]);
  });
});
