/**
 * The package as outside developers get it: build (when dist is missing or older than the
 * sources), pack it with the README's own pack command, and install the tarball with npm,
 * offline, as the README says, into an app outside the workspace; four projects beside it use
 * that one install: ESM and CommonJS, each in plain JavaScript and in TypeScript (NodeNext,
 * strict). zod is installed from a tarball of the workspace's own copy, so no network is needed.
 * In each project every README snippet runs (all of a project's snippets in one Node process,
 * each one's output captured apart) and prints exactly what the README shows, and a misspelt key
 * throws a coded DomainError. publint, attw and size-limit check the package, a date literal not
 * shaped YYYY-MM-DD does not compile against its types, and the README's commands run as written.
 *
 * The README's `build`, `size` and `docs:api` commands are the scripts that `pnpm build` (before
 * the tests), the size-limit check below and test/docs.test.ts (typedoc) already run;
 * `DOMAIN_PACK=full` (and `pnpm bench`) runs them again exactly as the README spells them.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modules } from "../tsup.config.js";
import { budgets } from "./bundle-size.js";
import { readmeCommands, readmeScripts, readmeSnippets, toProgram, transpile } from "./snippets.js";

const pkgDir = fileURLToPath(new URL("..", import.meta.url));
type Target = { types: string; default: string };
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as {
  name: string;
  version: string;
  files: string[];
  exports: Record<string, string | { import: Target; require: Target }>;
};
const subpaths = Object.entries(pkg.exports).filter((e): e is [string, { import: Target; require: Target }] => typeof e[1] === "object");
const readme = readFileSync(join(pkgDir, "README.md"), "utf8");
const snippets = readmeSnippets(readme);
const repoRoot = join(pkgDir, "..", "..");
const tsc = join(pkgDir, "node_modules", "typescript", "bin", "tsc");
const bin = (name: string) => join(pkgDir, "node_modules", ".bin", name);
/** DOMAIN_PACK=full: every README command runs as written, the ones other checks cover too. */
const full = process.env.DOMAIN_PACK === "full";

/** A function each module must export, where this test knows one. */
const known: Record<string, string> = {
  ".": "withRates",
  "./errors": "DomainError",
  "./validation": "parseOrThrow",
  "./rates": "ratesOn",
  "./contributions": "voluntaryContribution",
  "./identity": "parsePersonalId",
  "./eligibility": "checkEligibility",
  "./registry": "checkAgentRow",
  "./areas": "buildAreaTree",
  "./coverage": "coverage",
  "./dates": "addDays",
};

/** Untyped input, as from an API body, with `supportGroups` misspelt. */
const misspelt = `import { voluntaryContribution } from "@ansinh/domain/contributions";
import { isDomainError } from "@ansinh/domain/errors";

const body: unknown = { paymentDate: "2026-08-01", monthlyIncome: 2_700_000, supportGroup: ["near_poor"], plan: { kind: "periodic", months: 1 } };
let out: unknown = "no error";
try {
  out = voluntaryContribution(body as never).perMonth;
} catch (e) {
  out = isDomainError(e) ? { code: e.code, paths: e.issues.map((i) => i.path.join(".")), instance: e instanceof Error } : String(e);
}
out;
`;
/** Two dates written day first, where the functions take a date: neither may compile. */
const dayFirst = `import { ratesOn } from "@ansinh/domain/rates";
import { voluntaryContribution } from "@ansinh/domain/contributions";

ratesOn("01/07/2025");
voluntaryContribution({ paymentDate: "01/07/2025", monthlyIncome: 2_000_000, supportGroups: [], plan: { kind: "periodic", months: 1 } });
// A string from a form still compiles: it is checked when the function runs.
const fromAForm: string = "01/07/2025";
export const checkedAtRunTime = () => ratesOn(fromAForm);
`;

const misspeltExpected = { code: "CONTRIBUTION.INVALID_INPUT", paths: ["supportGroups", "supportGroup"], instance: true };

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
    statSync(join(pkgDir, "tsconfig.build.json")).mtimeMs,
    statSync(join(pkgDir, "scripts", "build.mjs")).mtimeMs,
  );
  return subpaths.every(([, t]) =>
    [t.import.default, t.import.types, t.require.default, t.require.types].every((f) => {
      const path = join(pkgDir, f);
      return existsSync(path) && statSync(path).mtimeMs >= inputs;
    }),
  );
}

const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CI: "true", npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" },
  });

let work = "";
let home = "";
let app = "";
let tarball = "";
let zodTarball = "";
/** What `npm pack` puts in the tarball, as its paths inside the package. */
let packed: string[] = [];

const npmEnv = () => ({
  ...process.env,
  HOME: home,
  CI: "true",
  npm_config_offline: "true",
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
});

/** Runs one of the README's ```sh blocks as written, where it says. */
function runBlock(commands: string[], where: "root" | "app") {
  execFileSync("sh", ["-e", "-c", commands.join("\n")], {
    cwd: where === "app" ? app : repoRoot,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: npmEnv(),
  });
}

const blocks = readmeCommands(readme);
/**
 * The README commands that other checks already run (see the header): `build` (`pnpm build`
 * before the tests), `size` (size-limit, below) and `docs:api` (typedoc, test/docs.test.ts).
 */
const coveredElsewhere = (command: string) => /^pnpm --filter @ansinh\/domain (build|size|docs:api)$/.test(command);

beforeAll(() => {
  // The package's own build (tsup, then tsc for the declarations), as `pnpm build` runs it.
  if (!distIsFresh()) run("node", [join(pkgDir, "scripts", "build.mjs")], pkgDir);
  work = mkdtempSync(join(tmpdir(), "ansinh-domain-pack-"));
  home = join(work, "home");
  app = join(work, "app");
  mkdirSync(home);
  mkdirSync(app);
  // The README's pack command, as written (with HOME here, ~/tarballs is in the work folder).
  const pack = blocks[0]?.commands.find((c) => / pack /.test(c));
  if (!pack) throw new Error("the README's first ```sh block has no pack command");
  runBlock([pack], "root");
  tarball = join(
    home,
    "tarballs",
    readdirSync(join(home, "tarballs")).find((f) => f.endsWith(".tgz"))!,
  );
  packed = run("tar", ["-tzf", tarball], work)
    .split("\n")
    .filter((f) => f.startsWith("package/") && !f.endsWith("/"))
    .map((f) => f.slice("package/".length));
  // zod from the workspace's own copy (no registry at test time).
  const zodDir = dirname(createRequire(join(pkgDir, "package.json")).resolve("zod/package.json"));
  // An npm tarball is the package folder as package/; pnpm's store hard-links files, which npm's
  // extraction skips, so they are stored as plain files.
  zodTarball = join(work, "zod.tgz");
  run("tar", ["--hard-dereference", "-czf", zodTarball, "--transform", "s,^\\.,package,", "-C", zodDir, "."], work);
  // The one install: zod from the workspace's copy, so that the README's own npm install needs no
  // registry, then the README's app block as written.
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  run("npm", ["install", zodTarball, "--offline", "--no-audit", "--no-fund", "--loglevel=error"], app);
  const appBlock = blocks.find((b) => b.where === "app");
  if (!appBlock) throw new Error("the README has no ```sh block to run in an app");
  runBlock(appBlock.commands, "app");
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
}, 60_000);

/** A fresh project of its own kind, using the app's installed packages (the tarball and zod). */
function project(name: string, type: "module" | "commonjs"): string {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, private: true, ...(type === "module" ? { type } : {}) }));
  symlinkSync(join(app, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

/**
 * Runs `files` one after the other in one Node process (import for ESM, require for CommonJS) and
 * gives what each printed, captured apart; a file that throws gives the error instead.
 */
function runAll(dir: string, files: string[], type: "module" | "commonjs"): string[] {
  const load = type === "module" ? "await import(pathToFileURL(resolve(f)).href)" : "require(resolve(f))";
  const body = `const out = [];
const write = process.stdout.write.bind(process.stdout);
for (const f of JSON.parse(process.argv[2])) {
  let printed = "";
  process.stdout.write = (chunk) => ((printed += String(chunk)), true);
  try {
    ${load};
  } catch (e) {
    printed += \`threw: \${(e && e.stack) || e}\`;
  } finally {
    process.stdout.write = write;
  }
  out.push(printed);
}
write(JSON.stringify(out));
`;
  const runner = type === "module" ? "run-all.mjs" : "run-all.cjs";
  const head =
    type === "module" ? `import { resolve } from "node:path";\nimport { pathToFileURL } from "node:url";\n` : `const { resolve } = require("node:path");\n`;
  writeFileSync(join(dir, runner), type === "module" ? head + body : `${head}(async () => {\n${body}})();\n`);
  const out = JSON.parse(run("node", [runner, JSON.stringify(files)], dir)) as string[];
  expect(out.length).toBe(files.length);
  return out;
}

const expectedOf = (json: string) => `${json}\n`;

describe("the published package", () => {
  it("ships dist, README, CHANGELOG and LICENSE only, every exported file, and no source maps", () => {
    expect(packed.length).toBeGreaterThan(0);
    const files = packed;
    expect(files.filter((f) => !f.startsWith("dist/")).sort()).toEqual(["CHANGELOG.md", "LICENSE", "README.md", "package.json"]);
    for (const [, t] of subpaths)
      for (const f of [t.import.default, t.import.types, t.require.default, t.require.types]) expect(files, f).toContain(f.slice(2));
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
  }, 60_000);

  it("keeps the exports map, the tsup entries and the size budgets in step", () => {
    const entries = modules.map((m) => (m === "index" ? "." : `./${m.replace(/\/index$/, "")}`)).sort();
    expect(subpaths.map(([p]) => p).sort()).toEqual(entries);
    // Every entry point has at least one budget, and every budget measures an entry point.
    expect([...new Set(budgets.map((b) => b.path))].sort()).toEqual(subpaths.map(([, t]) => t.import.default.slice(2)).sort());
  });

  it("passes publint, attw (node16 and bundler) and size-limit", () => {
    expect(run(bin("publint"), ["--strict"], pkgDir)).toMatch(/All good/);
    run(bin("attw"), [tarball, "--profile", "node16", "--format", "ascii"], pkgDir);
    const sizes = JSON.parse(run(bin("size-limit"), ["--json"], pkgDir)) as { name: string; passed: boolean; size: number }[];
    expect(sizes.length).toBe(budgets.length);
    for (const s of sizes) expect(s.passed, `${s.name}: ${s.size} B`).toBe(true);
    // Importing only the date helpers costs no zod at all.
    expect(sizes.find((s) => s.name.includes("/dates"))!.size).toBeLessThan(500);
  }, 240_000);

  it("runs every README snippet and refuses a misspelt key in plain JavaScript, ESM and CommonJS", () => {
    for (const [name, type, ext] of [
      ["esm-js", "module", "mjs"],
      ["cjs-js", "commonjs", "cjs"],
    ] as const) {
      const dir = project(name, type);
      const installed = join(dir, "node_modules", ...pkg.name.split("/"));
      expect(existsSync(join(installed, "src")), "no sources shipped").toBe(false);
      const files: string[] = [];
      for (const s of snippets) {
        writeFileSync(join(dir, `snippet-${s.n}.${ext}`), transpile(toProgram(s.code, "log"), type === "module" ? "esm" : "cjs"));
        files.push(`snippet-${s.n}.${ext}`);
      }
      writeFileSync(join(dir, `misspelt.${ext}`), transpile(toProgram(misspelt, "log"), type === "module" ? "esm" : "cjs"));
      const printed = runAll(dir, [...files, `misspelt.${ext}`], type);
      for (const s of snippets) expect(printed[s.n - 1], `${name}, snippet ${s.n} (README line ${s.line})`).toBe(expectedOf(s.json));
      expect(JSON.parse(printed.at(-1)!), name).toEqual(misspeltExpected);

      // Every subpath loads and exports what it should.
      const load = type === "module" ? (p: string) => `await import("${pkg.name}${p.slice(1)}")` : (p: string) => `require("${pkg.name}${p.slice(1)}")`;
      const lines = subpaths.map(([p]) => `out[${JSON.stringify(p)}] = Object.keys(${load(p)}).filter((k) => k !== "__esModule");`);
      const body = `const out = {};\n${lines.join("\n")}\nconsole.log(JSON.stringify(out));\n`;
      writeFileSync(join(dir, `subpaths.${ext}`), type === "module" ? body : `(async () => {\n${body}})();\n`);
      const out = JSON.parse(run("node", [`subpaths.${ext}`], dir)) as Record<string, string[]>;
      for (const [p] of subpaths) {
        expect(out[p]!.length, `${name}: ${p} exports something`).toBeGreaterThan(0);
        if (known[p]) expect(out[p], `${name}: ${p}`).toContain(known[p]);
      }
    }
  }, 300_000);

  it("compiles every README snippet with tsc --strict (NodeNext) and runs it, in an ESM and a CommonJS TypeScript project", () => {
    // Both projects in one tsc program (each file's module kind is its own project's, from the
    // nearest package.json, as NodeNext decides), the JavaScript written beside the sources.
    const projects = [
      ["esm-ts", "module"],
      ["cjs-ts", "commonjs"],
    ] as const;
    const files: string[] = [];
    for (const [name, type] of projects) {
      const dir = project(name, type);
      for (const s of snippets) {
        writeFileSync(join(dir, `snippet-${s.n}.ts`), toProgram(s.code, "log"));
        files.push(`${name}/snippet-${s.n}.ts`);
      }
      writeFileSync(join(dir, "misspelt.ts"), toProgram(misspelt, "log"));
      files.push(`${name}/misspelt.ts`);
      // A date literal not shaped YYYY-MM-DD does not compile against the published types: the
      // same tsc run compiles it, and its two errors (in each project) must be the only ones.
      writeFileSync(join(dir, "day-first.ts"), dayFirst);
      files.push(`${name}/day-first.ts`);
    }
    writeFileSync(
      join(work, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          lib: ["es2022", "dom"],
          strict: true,
          types: [],
          skipLibCheck: false,
        },
        files,
      }),
    );
    let out = "";
    try {
      run("node", [tsc, "-p", "."], work);
    } catch (e) {
      out = String((e as { stdout?: string }).stdout);
    }
    const errors = out.match(/^\S+\(\d+,\d+\): error TS\d+/gm) ?? [];
    expect(
      errors.filter((e) => !/^[\w-]+\/day-first\.ts\(/.test(e)),
      `only day-first.ts may fail to compile:\n${out}`,
    ).toEqual([]);
    for (const [name, type] of projects) {
      const dir = join(work, name);
      expect(
        errors.filter((e) => e.startsWith(`${name}/day-first.ts(`)),
        `${name}: ${out}`,
      ).toHaveLength(2);
      // The emitted modules are of the project's kind: CommonJS output uses require().
      const first = readFileSync(join(dir, "snippet-1.js"), "utf8");
      expect(first.includes("require("), name).toBe(type === "commonjs");
      const printed = runAll(dir, [...snippets.map((s) => `snippet-${s.n}.js`), "misspelt.js"], type);
      for (const s of snippets) expect(printed[s.n - 1], `${name}, snippet ${s.n} (README line ${s.line})`).toBe(expectedOf(s.json));
      expect(JSON.parse(printed.at(-1)!), name).toEqual(misspeltExpected);
    }
    expect(out).toContain('"01/07/2025"');
  }, 300_000);

  it(`runs the README's commands as written: build, pack, install into an app, size, docs:api${full ? "" : " (build, size and docs:api: see the header)"}`, () => {
    const scripts = (JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    // Every `pnpm --filter @ansinh/domain X` of the README names one of the package's scripts.
    const named = readmeScripts(readme);
    expect(named).toEqual(expect.arrayContaining(["build", "pack", "size", "docs:api", "test"]));
    for (const script of named) if (script !== "pack") expect(Object.keys(scripts), script).toContain(script);
    expect(scripts.build).toBe("node scripts/build.mjs");
    expect(scripts.size).toBe("size-limit");

    // The install (beforeAll) gave the app a working package.
    expect(blocks.map((b) => b.where)).toEqual(["root", "app", "root"]);
    expect(readdirSync(join(home, "tarballs"))).toEqual([`ansinh-domain-${pkg.version}.tgz`]);
    const baseSalary = run(
      "node",
      ["--input-type=module", "-e", 'import { ratesOn } from "@ansinh/domain/rates"; console.log(ratesOn("2026-08-01").baseSalary);'],
      app,
    );
    expect(baseSalary.trim()).toBe("2530000");

    // The root blocks: everything with DOMAIN_PACK=full; otherwise what no other check runs.
    for (const block of blocks.filter((b) => b.where === "root")) {
      const commands = full ? block.commands : block.commands.filter((c) => !coveredElsewhere(c) && !/ pack /.test(c));
      if (commands.length > 0) runBlock(commands, "root");
    }
    if (full) {
      expect(readdirSync(join(home, "tarballs"))).toEqual([`ansinh-domain-${pkg.version}.tgz`]);
      // docs:api wrote the reference.
      expect(existsSync(join(pkgDir, "docs", "api", "index.html"))).toBe(true);
    }
  }, 600_000);
});
