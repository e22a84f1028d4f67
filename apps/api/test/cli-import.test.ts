/** `pnpm ansinh import-enrolments`: the sample list, dry run then real run, on the embedded database (built dist). */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { agents, createDb, insertAreaRows, selectRows } from "@ansinh/db";
import { drivers, postgresUrl } from "./helpers.js";

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
      const unit = (code: string, level: "province" | "district" | "commune", parentCode: string | null) => ({
        code,
        name: code,
        level,
        unitType: "",
        parentCode,
        validFrom: "2020-01-01",
        validTo: "2025-06-30",
      });
      await insertAreaRows(h.db, [
        unit("91", "province", null),
        unit("913", "district", "91"),
        unit("911", "district", "91"),
        ...["31012", "31015", "31027", "31054", "31057", "31066"].map((c) => unit(c, "commune", "913")),
        unit("31078", "commune", "911"),
      ]);
      agentId = (
        await h.db
          .insert(agents)
          .values({ name: "Bưu điện U Minh Thượng", kind: "post_office", provinceCode: "91", areaCode: "913", areaValidOn: "2020-01-01" })
          .returning()
      )[0]!.id;
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

/**
 * A process killed (SIGKILL) in the middle of an import, on PostgreSQL (where another process can
 * watch it work): the same command again finishes the batch, every line once, nothing twice.
 */
describe.each(drivers.filter((d) => d.name === "PostgreSQL"))("a killed import process on $name", ({ open }) => {
  it("resumes after the last committed chunk when run again", async () => {
    const h = await open();
    const url = postgresUrl!;
    const env = { DATABASE_URL: url, AUTH_SECRET: "x".repeat(40), DATA_DIR: path.join(tmp, "pgdata") };
    try {
      const unit = (code: string, level: "province" | "district" | "commune", parentCode: string | null) => ({
        code,
        name: code,
        level,
        unitType: "",
        parentCode,
        validFrom: "2020-01-01",
        validTo: "2025-06-30",
      });
      await insertAreaRows(h.db, [
        unit("91", "province", null),
        unit("913", "district", "91"),
        ...["31012", "31015", "31027", "31054", "31057", "31066"].map((c) => unit(c, "commune", "913")),
      ]);
      const agentId = (
        await h.db
          .insert(agents)
          .values({ name: "Đại lý thử", kind: "post_office", provinceCode: "91", areaCode: "913", areaValidOn: "2020-01-01" })
          .returning()
      )[0]!.id;
      // 1,200 good lines: the sample's 12 good ones, each with other ID serials and receipt numbers.
      const lines = readFileSync(sample, "utf8")
        .replace(/^\uFEFF/, "")
        .trim()
        .split(/\r?\n/);
      const body: string[] = [];
      for (let i = 0; i < 1200; i++) {
        const cells = lines[1 + (i % 12)]!.split(",");
        cells[4] = cells[4]!.slice(0, 6) + String(200_000 + i).padStart(6, "0");
        cells[14] = `KILL-${i}`;
        body.push(cells.join(","));
      }
      const file = path.join(tmp, "big.csv");
      writeFileSync(file, [lines[0], ...body].join("\n"));
      const child = spawn(process.execPath, [path.join(dist, "cli.js"), "import-enrolments", file, "--agent", String(agentId), "--scheme", "voluntary"], {
        env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", ...env },
        stdio: "ignore",
      });
      const exited = new Promise((resolve) => child.on("exit", resolve));
      // Killed once some chunks are committed, well before the end.
      let processed = 0;
      for (let i = 0; i < 600 && processed < 200; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const [b] = await selectRows<{ processed_rows: number }>(h.db, sql`select processed_rows from import_batches where agent_id = ${agentId}`);
        processed = b?.processed_rows ?? 0;
      }
      child.kill("SIGKILL");
      await exited;
      const [mid] = await selectRows<{ processed_rows: number; n: number }>(
        h.db,
        sql`select processed_rows, (select count(*)::int from import_rows r where r.batch_id = b.id) as n from import_batches b where agent_id = ${agentId}`,
      );
      expect(mid!.processed_rows).toBeGreaterThan(0);
      expect(mid!.processed_rows).toBeLessThan(1200);
      expect(mid!.n).toBe(mid!.processed_rows);
      // Run again: the same file is the same batch, resumed.
      const again = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const c = spawn(process.execPath, [path.join(dist, "cli.js"), "import-enrolments", file, "--agent", String(agentId), "--scheme", "voluntary"], {
          env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", ...env },
        });
        let stdout = "";
        c.stdout.on("data", (d) => (stdout += d));
        c.on("exit", (code) => resolve({ code, stdout }));
      });
      expect(again.stdout).toMatch(/file imported before/);
      expect(again.stdout).toMatch(/1200 dòng \/ rows — nhập \/ imported 1200, trùng \/ duplicate 0, từ chối \/ rejected 0/);
      const [end] = await selectRows<{ lines: number; distinct_lines: number; payments: number; enrolments: number }>(
        h.db,
        sql`select (select count(*)::int from import_rows) as lines, (select count(distinct line)::int from import_rows) as distinct_lines,
                   (select count(*)::int from payments where agent_id = ${agentId}) as payments,
                   (select count(*)::int from enrolments where agent_id = ${agentId}) as enrolments`,
      );
      expect(end).toEqual({ lines: 1200, distinct_lines: 1200, payments: 1200, enrolments: 1200 });
    } finally {
      await h.close();
    }
  }, 300_000);
});
