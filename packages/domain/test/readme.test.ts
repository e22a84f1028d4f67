/**
 * Keeps README.md honest: every ```ts snippet is run (against the sources; test/pack.test.ts runs
 * them again against the packed tarball) and the ```json block after it must be exactly what its
 * last expression evaluates to, as `JSON.stringify(value, null, 2)` prints it.
 * `UPDATE_README=1 pnpm vitest run test/readme.test.ts` rewrites the JSON blocks from the output.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { readmeSnippets, toProgram, tsBlockCount } from "./snippets.js";

const readmePath = fileURLToPath(new URL("../README.md", import.meta.url));
const readme = readFileSync(readmePath, "utf8");
const snippets = readmeSnippets(readme);
const dir = fileURLToPath(new URL("./.snippets/", import.meta.url));
const outputs = new Map<number, string>();

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (process.env.UPDATE_README === "1" && outputs.size === snippets.length) {
    let i = 0;
    const updated = readme.replace(
      /(```ts\n[\s\S]*?\n```\s*\n```json\n)([\s\S]*?)(\n```)/g,
      (_, a: string, _b: string, c: string) => a + outputs.get(++i)! + c,
    );
    writeFileSync(readmePath, updated);
  }
});

describe("README snippets", () => {
  it("pairs every ```ts block with the ```json block of its result", () => {
    expect(snippets.length).toBeGreaterThan(20);
    expect(snippets.length).toBe(tsBlockCount(readme));
  });

  it("cites no file the package does not ship", () => {
    expect(readme).not.toMatch(/\b(src|test|bench)\/[\w/-]+\.ts\b|RULES\.md|\.csv\b/);
  });

  it.each(snippets.map((s) => [s.n, s.line, s] as const))("snippet %i (README line %i) prints what the README shows", async (n, _line, s) => {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `snippet-${n}.ts`);
    writeFileSync(file, toProgram(s.code, "export"));
    const value = ((await import(/* @vite-ignore */ file)) as { default: unknown }).default;
    const json = JSON.stringify(value, null, 2);
    outputs.set(n, json);
    if (process.env.UPDATE_README !== "1") expect(json).toBe(s.json);
  });
});
