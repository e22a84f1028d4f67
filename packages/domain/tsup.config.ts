import { defineConfig } from "tsup";

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

export default defineConfig({
  entry: Object.fromEntries(modules.map((m) => [m, `src/${m}.ts`])),
  // ESM (.js) and CommonJS (.cjs), each with its own declarations (.d.ts / .d.cts).
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  // No source maps: with the sources embedded they were over half the package, and even without
  // them they were a third; the output is not minified, so stack traces read well as they are.
  sourcemap: false,
  target: "es2022",
  splitting: true,
  treeshake: true,
});
