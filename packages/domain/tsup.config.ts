import { defineConfig, type Options } from "tsup";

/** One entry per public subpath (see `exports` in package.json; a test keeps them in step). */
export const modules = [
  "index",
  "errors",
  "validation",
  "dates",
  "areas/index",
  "coverage/index",
  "access/index",
  "targets/index",
  "outreach/index",
  "rates/index",
  "contributions/index",
  "identity/index",
  "eligibility/index",
  "registry/index",
] as const;

/**
 * Every source module is compiled to one file, not bundled, in both formats: ESM in `dist/`,
 * CommonJS in `dist/cjs/` (whose package.json says `"type": "commonjs"`). With
 * `"sideEffects": false`, a bundler then keeps only the modules an app reaches:
 * `import { maskPhone } from "@ansinh/domain/access"` costs that function, not every schema of the
 * subpath (bundled entries mix their modules in one file, and whatever one of them builds at load
 * time stays in every app). Declarations come from `tsc -p tsconfig.build.json` (see `build`).
 */
const common: Options = {
  entry: ["src/**/*.ts", "!src/**/*.test.ts", "!src/**/*.test-support.ts"],
  bundle: false,
  target: "es2022",
  dts: false,
  // No source maps: with the sources embedded they were over half the package, and even without
  // them they were a third; the output is not minified, so stack traces read well as they are.
  sourcemap: false,
  // `pnpm build` empties dist first; the two builds run side by side.
  clean: false,
};

export default defineConfig([
  { ...common, format: ["esm"], outDir: "dist" },
  { ...common, format: ["cjs"], outDir: "dist/cjs", outExtension: () => ({ js: ".js" }) },
]);
