import { defineConfig } from "tsup";

export const modules = ["errors", "dates", "areas/index", "coverage/index", "access/index", "targets/index", "outreach/index", "rates/index", "contributions/index", "identity/index", "eligibility/index"] as const;

export default defineConfig({
  entry: Object.fromEntries(modules.map((m) => [m, `src/${m}.ts`])),
  format: ["esm"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  splitting: true,
  treeshake: true,
});
