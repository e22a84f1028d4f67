import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAreaTree } from "@ansinh/domain/areas";
import { rollUp } from "@ansinh/domain/coverage";
import { areaRowsOn, coverageFiguresOn, createDb, DbConfigError, resetDatabase, seedDemo, type DbHandle } from "../src/index.js";
import { drivers } from "./db-helpers.js";

describe.each(drivers)("$name", ({ open }) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await open();
    // A real PostgreSQL may hold a previous file's data: start clean.
    await resetDatabase(h.db);
  });
  afterAll(async () => h?.close());

  it("seeds the demo once and only once", async () => {
    expect(await seedDemo(h.db)).toEqual({ seeded: true });
    expect(await seedDemo(h.db)).toEqual({ seeded: false });
    const rows = await areaRowsOn(h.db, "2020-06-15");
    expect(rows.filter((r) => r.level === "district")).toHaveLength(15);
  });

  it("rolls U Minh Thượng's health coverage up to 88% from the stored figures", async () => {
    const tree = buildAreaTree(await areaRowsOn(h.db, "2020-07-01"), "2020-07-01");
    const figures = await coverageFiguresOn(h.db, { onDate: "2020-07-01", scheme: "health_insurance" });
    expect(figures.get("913")).toMatchObject({ insured: 61_600, population: 70_000, reportedOn: "2020-06-30", populationYear: 2020 });
    const result = rollUp(tree, figures);
    expect(result.get("913")!.percent).toBe(88);
    let insured = 0;
    let population = 0;
    for (const f of figures.values()) {
      insured += f.insured!;
      population += f.population!;
    }
    expect(result.get("91")).toMatchObject({ insured, population });
  });

  it("knows no figures before the first report and no units after the reform", async () => {
    const before = await coverageFiguresOn(h.db, { onDate: "2020-06-29", scheme: "health_insurance" });
    expect(before.get("913")).toMatchObject({ insured: null, population: 70_000 });
    expect(await areaRowsOn(h.db, "2025-07-01")).toEqual([]);
  });
});

describe("createDb errors", () => {
  it("names a malformed DATABASE_URL in one line", async () => {
    await expect(createDb({ databaseUrl: "mysql://x@y/z" })).rejects.toThrow(DbConfigError);
    await expect(createDb({ databaseUrl: "not a url" })).rejects.toThrow(/DATABASE_URL/);
  });

  it("names an unreachable server without its password", async () => {
    const err = await createDb({ databaseUrl: "postgres://u:secret@127.0.0.1:1/db" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DbConfigError);
    expect((err as Error).message).toMatch(/127\.0\.0\.1:1/);
    expect((err as Error).message).not.toMatch(/secret/);
    expect((err as Error).message).not.toMatch(/\n/);
  });
});
