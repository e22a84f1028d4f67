/**
 * The administrative units a synthetic dataset is spread over: a units CSV (code, name, level,
 * unit_type, parent_code) as `import-areas` reads it — by default the 2025 list of 34 provinces
 * and 3,321 communes in ../shared/data/admin-units/units-2025.csv, resolved from the repo root.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";

export interface GenProvince {
  code: string;
  name: string;
}
export interface GenCommune {
  code: string;
  name: string;
  provinceCode: string;
}
export interface GenUnits {
  provinces: GenProvince[];
  communes: GenCommune[];
  /** The file they were read from (its base name, for the manifest). */
  source: string;
}

/** The repository's root: the nearest folder above this module with pnpm-workspace.yaml (works from src and from the bundled dist). */
export const repoRoot = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(path.join(dir, "pnpm-workspace.yaml"))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
})();
export const DEFAULT_UNITS = path.resolve(repoRoot, "../shared/data/admin-units/units-2025.csv");

export class UnitsFileMissing extends Error {
  constructor(readonly file: string) {
    super(
      `Không tìm thấy tệp đơn vị hành chính ${file} (mặc định ../shared/data/admin-units/units-2025.csv tính từ thư mục gốc của kho mã); hãy chỉ tệp bằng --units / ` +
        `The administrative-unit file ${file} was not found (default ../shared/data/admin-units/units-2025.csv from the repository root); name one with --units`,
    );
  }
}

/** Reads a units CSV; communes are those whose province (walking parents) is kept. */
export function readUnits(file: string, province?: string | null): GenUnits {
  if (!existsSync(file)) throw new UnitsFileMissing(file);
  const rows = parse(readFileSync(file, "utf8"), { columns: true, skip_empty_lines: true, bom: true, trim: true }) as Record<string, string>[];
  const byCode = new Map(rows.map((r) => [r.code!, r]));
  const provinceOf = (code: string): string | null => {
    let cur = byCode.get(code);
    for (let i = 0; cur && i < 5; i++) {
      if (cur.level === "province") return cur.code!;
      cur = cur.parent_code ? byCode.get(cur.parent_code) : undefined;
    }
    return null;
  };
  const provinces = rows
    .filter((r) => r.level === "province" && (!province || r.code === province))
    .map((r) => ({ code: r.code!, name: r.name! }))
    .sort((a, b) => (a.code < b.code ? -1 : 1));
  const kept = new Set(provinces.map((p) => p.code));
  const communes: GenCommune[] = [];
  for (const r of rows) {
    if (r.level !== "commune") continue;
    const p = provinceOf(r.code!);
    if (p && kept.has(p)) communes.push({ code: r.code!, name: r.name!, provinceCode: p });
  }
  communes.sort((a, b) => (a.code < b.code ? -1 : 1));
  return { provinces: provinces.filter((p) => communes.some((c) => c.provinceCode === p.code)), communes, source: path.basename(file) };
}
