/**
 * README snippets as programs. Every ```ts block of the README is followed by the ```json block
 * of what its last expression evaluates to (as `JSON.stringify(value, null, 2)` prints it), and
 * is self-contained: its own imports and data, so it can be pasted into one file.
 */
import ts from "typescript";

export interface Snippet {
  /** 1-based, in README order. */
  n: number;
  /** The first line of the README where the ```ts block starts (for messages). */
  line: number;
  code: string;
  json: string;
}

const block = /```ts\n([\s\S]*?)\n```\s*\n```json\n([\s\S]*?)\n```/g;

export function readmeSnippets(readme: string): Snippet[] {
  const out: Snippet[] = [];
  for (const m of readme.matchAll(block)) {
    out.push({ n: out.length + 1, line: readme.slice(0, m.index).split("\n").length, code: m[1]!, json: m[2]! });
  }
  return out;
}

/** Every ```ts block, paired or not (each must be paired). */
export function tsBlockCount(readme: string): number {
  return [...readme.matchAll(/```ts\n/g)].length;
}

/**
 * The snippet with its last statement, an expression, turned into `export default (…)`
 * (`sink: "export"`) or `console.log(JSON.stringify(…, null, 2))` (`sink: "log"`).
 */
export function toProgram(code: string, sink: "export" | "log"): string {
  const file = ts.createSourceFile("snippet.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const last = file.statements[file.statements.length - 1];
  if (!last || !ts.isExpressionStatement(last)) throw new Error(`the snippet must end with an expression:\n${code}`);
  const expr = last.expression.getText(file);
  const head = code.slice(0, last.getStart(file));
  return sink === "export" ? `${head}export default (${expr});\n` : `${head}console.log(JSON.stringify(${expr}, null, 2));\n`;
}

/** TypeScript → JavaScript of one module system, without type checking (types are checked apart). */
export function transpile(code: string, module: "esm" | "cjs"): string {
  return ts.transpileModule(code, {
    compilerOptions: {
      module: module === "esm" ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  }).outputText;
}

/** A ```sh block of the README: its commands, and where they run. */
export interface Commands {
  /** The first line of the README where the block starts (for messages). */
  line: number;
  /** "app" when the text before the block says so ("… in your app:"), else the repository's root. */
  where: "root" | "app";
  commands: string[];
}

/** Every ```sh block, with the commands one per line (blank lines and comments left out). */
export function readmeCommands(readme: string): Commands[] {
  const out: Commands[] = [];
  for (const m of readme.matchAll(/```sh\n([\s\S]*?)\n```/g)) {
    const before = readme.slice(0, m.index).trimEnd();
    const lead = before.slice(before.lastIndexOf("\n") + 1);
    out.push({
      line: before.split("\n").length + 1,
      where: /in your app:$/i.test(lead) ? "app" : "root",
      commands: m[1]!
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "" && !l.startsWith("#")),
    });
  }
  return out;
}

/** Every `pnpm --filter @ansinh/domain <script>` the README names, in blocks or in the text. */
export function readmeScripts(readme: string): string[] {
  return [...new Set([...readme.matchAll(/pnpm --filter @ansinh\/domain ([\w:-]+)/g)].map((m) => m[1]!))];
}
