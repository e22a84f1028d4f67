/**
 * `pnpm build`: empties dist, compiles every module to ESM (dist/) and CommonJS (dist/cjs/) with
 * tsup, and writes the declarations with tsc, once for each format (dist/cjs/package.json makes
 * the files under it CommonJS for Node and TypeScript alike).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(pkgDir, "dist");
const bin = (name) => join(pkgDir, "node_modules", ".bin", name);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: pkgDir, stdio: "inherit" });

rmSync(dist, { recursive: true, force: true });
run(bin("tsup"), ["--silent"]);
run(bin("tsc"), ["-p", "tsconfig.build.json"]);
mkdirSync(join(dist, "cjs"), { recursive: true });
writeFileSync(join(dist, "cjs", "package.json"), `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`);
for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith(".d.ts")) continue;
  const from = join(entry.parentPath, entry.name);
  const rel = from.slice(dist.length + 1);
  if (rel.startsWith("cjs")) continue;
  mkdirSync(dirname(join(dist, "cjs", rel)), { recursive: true });
  copyFileSync(from, join(dist, "cjs", rel));
}
