/**
 * The README's generated tables stay in step with the code: the legal coverage table (every row of
 * `defaultRates`), the error catalogue (every code of `domainErrorCodes`) and the bundle budgets
 * (every check of `.size-limit.json`).
 * `UPDATE_README=1 pnpm vitest run test/docs.test.ts` rewrites both from the code.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { domainErrorCodes } from "../src/errors.js";
import { defaultRates, rateChangeDates, rateKeys, type RateRow } from "../src/rates/index.js";
import { budgets } from "./bundle-size.js";
import { errorCatalogue } from "./error-catalogue.js";

const readmePath = fileURLToPath(new URL("../README.md", import.meta.url));
let readme = readFileSync(readmePath, "utf8");

const group = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function valueText(row: RateRow): string {
  const v = row.value as unknown;
  const unit = row.key.endsWith("Bp") ? " bp" : row.key === "baseSalary" || row.key === "ruralPovertyLine" ? " VND" : "";
  if (typeof v === "number") return `${group(v)}${unit}`;
  if (Array.isArray(v)) return v.map((x: number) => group(x)).join(", ") + unit;
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${k} ${typeof x === "number" ? group(x) + unit : JSON.stringify(x)}`)
    .join("; ");
}

function coverageTable(): string {
  const rows = [...defaultRates].sort((a, b) => rateKeys.indexOf(a.key) - rateKeys.indexOf(b.key) || a.from.localeCompare(b.from));
  const changes = rateChangeDates();
  const lines = [
    "| key | from | value | source | confirmed | note |",
    "|---|---|---|---|---|---|",
    ...rows.map(
      (r) => `| \`${r.key}\` | ${r.from} | ${cell(valueText(r))} | ${cell(r.source)} | ${r.unconfirmed ? "**no**" : "yes"} | ${cell(r.note ?? "")} |`,
    ),
  ];
  return [
    `Current as of the latest change in the table, on **${changes[changes.length - 1]}**: a date after`,
    "it gets the figures of that day until a newer row is added. Rows marked **no** are the best",
    "reading found and still need confirming (the figure, its date or its decree number).",
    "",
    ...lines,
  ].join("\n");
}

function catalogueTable(): string {
  return [
    "| code | when | vi | en |",
    "|---|---|---|---|",
    ...domainErrorCodes.map((c) => {
      const r = errorCatalogue[c];
      return `| \`${c}\` | ${cell(r.when)} | ${cell(r.vi)} | ${cell(r.en)} |`;
    }),
  ].join("\n");
}

function budgetsTable(): string {
  return ["| import | budget (gzipped) |", "|---|---|", ...budgets.map((b) => `| \`${b.name.replace(/ \{/, "` `{")}\` | ${b.limit} |`)].join("\n");
}

function section(name: string): { start: number; end: number } {
  const open = `<!-- ${name}:start -->\n`;
  const start = readme.indexOf(open);
  const end = readme.indexOf(`\n<!-- ${name}:end -->`);
  expect(start, `README has <!-- ${name}:start -->`).toBeGreaterThanOrEqual(0);
  expect(end, `README has <!-- ${name}:end -->`).toBeGreaterThan(start);
  return { start: start + open.length, end };
}

function check(name: string, generated: string) {
  const { start, end } = section(name);
  if (process.env.UPDATE_README === "1") readme = readme.slice(0, start) + generated + readme.slice(end);
  else expect(readme.slice(start, end)).toBe(generated);
}

afterAll(() => {
  if (process.env.UPDATE_README === "1") writeFileSync(readmePath, readme);
});

describe("README tables generated from the code", () => {
  it("lists every code of domainErrorCodes in the catalogue, and no other", () => {
    expect(Object.keys(errorCatalogue).sort()).toEqual([...domainErrorCodes].sort());
    expect(new Set(domainErrorCodes).size).toBe(domainErrorCodes.length);
  });

  it("shows the error catalogue", () => check("error-catalogue", catalogueTable()));

  it("shows every bundle budget of .size-limit.json", () => check("size-budgets", budgetsTable()));

  it("shows every row of defaultRates in the legal coverage table", () => {
    expect(
      coverageTable()
        .split("\n")
        .filter((l) => l.startsWith("| `")),
    ).toHaveLength(defaultRates.length);
    check("rates-table", coverageTable());
  });
});

describe("API reference", () => {
  it("builds with typedoc from the types and doc comments, without a warning, as `docs:api` writes it", () => {
    const pkgDir = fileURLToPath(new URL("..", import.meta.url));
    const scripts = (JSON.parse(readFileSync(`${pkgDir}/package.json`, "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts["docs:api"]).toBe("typedoc");
    // The `docs:api` script itself, warnings as errors: the one typedoc run of the tests
    // (test/pack.test.ts counts on it for the README's docs:api command).
    const started = Date.now();
    execFileSync(fileURLToPath(new URL("../node_modules/.bin/typedoc", import.meta.url)), ["--treatWarningsAsErrors"], {
      cwd: pkgDir,
      stdio: "pipe",
    });
    const index = `${pkgDir}/docs/api/index.html`;
    expect(existsSync(index)).toBe(true);
    expect(statSync(index).mtimeMs).toBeGreaterThanOrEqual(started - 1000);
  }, 300_000);
});
