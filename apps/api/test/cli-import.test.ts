/** `pnpm ansinh import-enrolments`: the sample list, dry run then real run, on the embedded database (built dist). */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { agents, createDb, insertAreaRows, selectRows } from "@ansinh/db";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, "../dist");
const sample = path.resolve(here, "../../../docs/samples/d05-ts-tu-nguyen.csv");
const tmp = mkdtempSync(path.join(os.tmpdir(), "ansinh-cli-import-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(dist, "cli.js"), ...args], {
      env: { PATH: process.env.PATH ?? "", DATA_DIR: path.join(tmp, "data"), LOG_LEVEL: "warn" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("pnpm ansinh import-enrolments", () => {
  it("dry-runs, imports, and imports the same file again without change", async () => {
    const h = await createDb({ dataDir: path.join(tmp, "data") });
    let agentId: number;
    try {
      const unit = (code: string, level: "province" | "district" | "commune", parentCode: string | null) => ({ code, name: code, level, unitType: "", parentCode, validFrom: "2020-01-01", validTo: "2025-06-30" });
      await insertAreaRows(h.db, [
        unit("91", "province", null),
        unit("913", "district", "91"),
        unit("911", "district", "91"),
        ...["31012", "31015", "31027", "31054", "31057", "31066"].map((c) => unit(c, "commune", "913")),
        unit("31078", "commune", "911"),
      ]);
      agentId = (await h.db.insert(agents).values({ name: "Bưu điện U Minh Thượng", kind: "post_office", provinceCode: "91", areaCode: "913", areaValidOn: "2020-01-01" }).returning())[0]!.id;
    } finally {
      await h.close();
    }
    const dry = await run(["import-enrolments", sample, "--agent", String(agentId), "--scheme", "voluntary", "--dry-run"]);
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(2);
    expect(dry.stdout).toMatch(/23 dòng \/ rows — sẽ nhập \/ would import 12, trùng \/ duplicate 1, từ chối \/ rejected 10/);
    expect(dry.stdout).toMatch(/dòng\/line 17 từ chối\/rejected: .*below the floor/);
    const real = await run(["import-enrolments", sample, "--agent", String(agentId), "--scheme", "voluntary"]);
    expect(real.stdout).toMatch(/imported 12, trùng \/ duplicate 1, từ chối \/ rejected 10/);
    const again = await run(["import-enrolments", sample, "--agent", String(agentId), "--scheme", "voluntary"]);
    expect(again.stdout).toMatch(/file imported before/);
    expect(again.stdout).toMatch(/imported 12/);
    const bad = await run(["import-enrolments", sample, "--agent", String(agentId)]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--scheme/);
    const h2 = await createDb({ dataDir: path.join(tmp, "data") });
    try {
      const [n] = await selectRows<{ n: number }>(h2.db, sql`select count(*)::int as n from payments`);
      expect(n!.n).toBe(12);
    } finally {
      await h2.close();
    }
  }, 120_000);
});
