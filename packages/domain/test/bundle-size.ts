/**
 * What importing one thing from the package costs an app: the entry bundled with esbuild as an
 * app's bundler would (minified, tree-shaken, the package's `"sideEffects": false` honoured), then
 * gzipped at level 9 — as size-limit measures the built package (`pnpm size`, run by
 * test/pack.test.ts), here from the sources, so the budgets hold in every `pnpm test` without a
 * build. The budgets are `.size-limit.json`'s.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

export const pkgDir = fileURLToPath(new URL("..", import.meta.url));

export interface Budget {
  name: string;
  /** The built file (`dist/contributions/index.js`). */
  path: string;
  /** What is imported (`{ voluntaryContribution }`). */
  import: string;
  /** "12 kB" (1 kB = 1,000 bytes, as size-limit reads it). */
  limit: string;
  gzip?: boolean;
}

export const budgets = JSON.parse(readFileSync(join(pkgDir, ".size-limit.json"), "utf8")) as Budget[];

/** "12 kB" → 12,000; "500 B" → 500. */
export function limitBytes(limit: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(B|kB|KB)$/.exec(limit.trim());
  if (!m) throw new Error(`Unreadable limit "${limit}" (write "500 B" or "12 kB")`);
  return Math.round(Number(m[1]) * (m[2] === "B" ? 1 : 1000));
}

/** The source module of a built file: dist/contributions/index.js → src/contributions/index.ts. */
export function sourceOf(distPath: string): string {
  return join(pkgDir, distPath.replace(/^dist\//, "src/").replace(/\.js$/, ".ts"));
}

export interface Measured {
  /** Minified bytes. */
  minified: number;
  /** Gzipped bytes (level 9). */
  gzipped: number;
  /** The modules that put code in the bundle (paths relative to the package, or node_modules/…). */
  modules: string[];
}

/** Bundles `import { a, b } from "<file>"` the way an app does and measures it. */
export async function measure(file: string, names: string): Promise<Measured> {
  const result = await build({
    stdin: {
      contents: `import ${names} from ${JSON.stringify(file)};\nconsole.log(${names
        .replace(/[{}]/g, "")
        .split(",")
        .map((n) => n.trim())
        .join(", ")});\n`,
      resolveDir: pkgDir,
      loader: "ts",
    },
    bundle: true,
    minify: true,
    treeShaking: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  const inputs = Object.values(result.metafile.outputs)[0]!.inputs;
  return {
    minified: code.length,
    gzipped: gzipSync(code, { level: 9 }).length,
    modules: Object.entries(inputs)
      .filter(([, v]) => v.bytesInOutput > 0)
      .map(([k]) => k.replace(/^.*node_modules\//, "node_modules/")),
  };
}
