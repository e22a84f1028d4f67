/**
 * The package as outside developers get it: build (when dist is missing or older than the
 * sources), `pnpm pack`, install the tarball with npm into a fresh project outside the
 * workspace (zod comes from the registry), then import every subpath of `exports` from plain
 * Node ESM and type-check a consumer against the shipped declarations.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const pkgDir = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as {
  name: string;
  exports: Record<string, string | { types: string; import: string }>;
};
const subpaths = Object.entries(pkg.exports).filter(
  (e): e is [string, { types: string; import: string }] => typeof e[1] === "object",
);

/** A function each module must export, where this test knows one. */
const known: Record<string, string> = {
  "./errors": "DomainError",
  "./rates": "ratesOn",
  "./contributions": "voluntaryContribution",
  "./identity": "parsePersonalId",
  "./eligibility": "checkEligibility",
  "./areas": "buildAreaTree",
  "./coverage": "coverage",
};

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function distIsFresh(): boolean {
  const inputs = Math.max(
    newestSource(join(pkgDir, "src")),
    statSync(join(pkgDir, "package.json")).mtimeMs,
    statSync(join(pkgDir, "tsup.config.ts")).mtimeMs,
  );
  return subpaths.every(([, t]) =>
    [t.import, t.types].every((f) => {
      const path = join(pkgDir, f);
      return existsSync(path) && statSync(path).mtimeMs >= inputs;
    }),
  );
}

const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CI: "true" } });

let work = "";

beforeAll(() => {
  if (!distIsFresh()) run("pnpm", ["exec", "tsup"], pkgDir);
  work = mkdtempSync(join(tmpdir(), "ansinh-domain-pack-"));
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the published package", () => {
  it(
    "packs, installs outside the workspace and imports every subpath",
    () => {
      run("pnpm", ["pack", "--pack-destination", work], pkgDir);
      const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
      expect(tarball, "pnpm pack wrote a tarball").toBeDefined();

      const project = join(work, "consumer");
      mkdirSync(project);
      writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
      run("npm", ["install", join(work, tarball!), "--no-audit", "--no-fund", "--offline=false", "--loglevel=error"], project);

      const installed = join(project, "node_modules", ...pkg.name.split("/"));
      // Only dist, the README and package.json are shipped; no sources or tests.
      expect(existsSync(join(installed, "README.md"))).toBe(true);
      expect(existsSync(join(installed, "src"))).toBe(false);
      for (const [, t] of subpaths) expect(existsSync(join(installed, t.types)), t.types).toBe(true);

      const script = `
const names = ${JSON.stringify(subpaths.map(([p]) => p))};
const out = {};
for (const p of names) {
  const m = await import(${JSON.stringify(pkg.name)} + p.slice(1));
  out[p] = Object.keys(m).filter((k) => typeof m[k] === "function");
}
const { voluntaryContribution } = await import("${pkg.name}/contributions");
out.minimum = voluntaryContribution({
  paymentDate: "2025-07-01", monthlyIncome: 1500000, supportGroups: [], plan: { kind: "periodic", months: 1 },
}).perMonth.net;
console.log(JSON.stringify(out));
`;
      writeFileSync(join(project, "check.mjs"), script);
      const out = JSON.parse(run("node", ["check.mjs"], project)) as Record<string, string[]> & { minimum: number };
      for (const [p] of subpaths) {
        expect(out[p]!.length, `${p} exports functions`).toBeGreaterThan(0);
        if (known[p]) expect(out[p], p).toContain(known[p]);
      }
      // 22% × 1,500,000 − 20% × 22% × 1,500,000 = 330,000 − 66,000
      expect(out.minimum).toBe(264_000);

      // A TypeScript consumer compiles against the shipped declarations (NodeNext resolution).
      const imports = subpaths.map(([p], i) => `import * as m${i} from "${pkg.name}${p.slice(1)}";`).join("\n");
      writeFileSync(
        join(project, "check.ts"),
        `${imports}
void [${subpaths.map((_, i) => `m${i}`).join(", ")}];
import { voluntaryContribution, type VoluntaryContributionResult } from "${pkg.name}/contributions";
import { ratesOn, type Rates } from "${pkg.name}/rates";
const r: VoluntaryContributionResult = voluntaryContribution({
  paymentDate: "2025-07-01", monthlyIncome: 1_500_000, supportGroups: ["poor"], plan: { kind: "periodic", months: 3 },
});
const net: number = r.totals.net;
const rates: Rates = ratesOn("2026-07-01");
export { net, rates };
`,
      );
      writeFileSync(
        join(project, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: { module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, noEmit: true, skipLibCheck: true, types: [] },
          files: ["check.ts"],
        }),
      );
      run("node", [join(pkgDir, "node_modules", "typescript", "bin", "tsc"), "-p", "."], project);
    },
    180_000,
  );
});
