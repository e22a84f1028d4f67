import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { modules } from "./tsup.config.js";

const src = (m: string) => fileURLToPath(new URL(`./src/${m}.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // README snippets import the package by name; in-repo they run against the sources.
    alias: modules.map((m) => ({
      find: m === "index" ? /^@ansinh\/domain$/ : new RegExp(`^@ansinh/domain/${m.replace(/\/index$/, "")}$`),
      replacement: src(m),
    })),
  },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    benchmark: { include: ["bench/**/*.bench.ts"] },
  },
});
