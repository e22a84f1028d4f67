/**
 * Test and bench support only: never exported by a module's index, never bundled. Reads the real
 * administrative-unit lists from `<repo>/../shared/data/admin-units/` (beside the repository, not
 * in it) with a tiny RFC 4180 CSV reader, so the domain package needs no CSV dependency.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AreaMappingRow } from "./mapping.js";
import type { AreaLevel, AreaNode, AreaRow, AreaTree } from "./tree.js";

/** packages/domain/src/areas → the repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
export const adminUnitsDir = path.resolve(repoRoot, "../shared/data/admin-units");
const files = ["units-2024.csv", "units-2025.csv", "mapping-2024-to-2025.csv"] as const;
export const adminUnitsAvailable = files.every((f) => existsSync(path.join(adminUnitsDir, f)));
export const adminUnitsMissingNote = `shared admin-unit data not found at ${adminUnitsDir}; skipping real-data tests`;

/**
 * RFC 4180: comma-separated fields, optionally in double quotes; inside quotes a doubled quote is
 * a quote and commas and line breaks are data. CRLF or LF records; a trailing newline is ignored.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  const n = text.length;
  let quoted = false;
  while (i < n) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === "") {
      quoted = true;
      i++;
    } else if (ch === ",") {
      row.push(field);
      field = "";
      i++;
    } else if (ch === "\n" || ch === "\r") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) throw new Error("CSV: unterminated quoted field");
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Records keyed by the header row. */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((r, k) => {
    if (r.length !== header.length) throw new Error(`CSV: record ${k + 2} has ${r.length} fields, expected ${header.length}`);
    return Object.fromEntries(header.map((h, j) => [h, r[j]!]));
  });
}

function readRecords(file: (typeof files)[number]): Record<string, string>[] {
  return parseCsvRecords(readFileSync(path.join(adminUnitsDir, file), "utf8"));
}

/** The 2024 units were valid from 2025-03-01 to 2025-06-30 (SOURCE.md); the 2025 units from 2025-07-01. */
export const ERA_2024 = { validFrom: "2025-03-01", validTo: "2025-06-30" } as const;
export const ERA_2025 = { validFrom: "2025-07-01", validTo: null } as const;

function unitRows(file: "units-2024.csv" | "units-2025.csv", era: { validFrom: string; validTo: string | null }): AreaRow[] {
  return readRecords(file).map((r) => ({
    code: r.code!,
    name: r.name!,
    level: r.level as AreaLevel,
    unitType: r.unit_type!,
    parentCode: r.parent_code ? r.parent_code : null,
    validFrom: era.validFrom,
    validTo: era.validTo,
  }));
}

export const loadUnits2024 = (): AreaRow[] => unitRows("units-2024.csv", ERA_2024);
export const loadUnits2025 = (): AreaRow[] => unitRows("units-2025.csv", ERA_2025);

export interface RawMappingRow {
  old_commune_code: string;
  new_commune_code: string;
  old_district_code: string;
  old_province_code: string;
  new_province_code: string;
  overlap: string;
  old_name: string;
  new_name: string;
  old_in_units_2024: string;
  note: string;
}
export const loadRawMapping = (): RawMappingRow[] => readRecords("mapping-2024-to-2025.csv") as unknown as RawMappingRow[];

/** The five districts without communes are mapped at district level (empty old commune code). */
export const toMappingRows = (raw: readonly RawMappingRow[]): AreaMappingRow[] =>
  raw.map((r) => ({ oldCode: r.old_commune_code || r.old_district_code, newCode: r.new_commune_code }));

/** Deterministic pseudo-random numbers (mulberry32), for synthetic figures. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Synthetic integer coverage figures on every leaf of the tree (population 500…30,499, ~70–100% insured). */
export function syntheticLeafFigures(tree: Pick<AreaTree, "byCode">, seed = 2020): Map<string, { insured: number; population: number }> {
  const rnd = seeded(seed);
  const out = new Map<string, { insured: number; population: number }>();
  const leaves: AreaNode[] = [...tree.byCode.values()].filter((n) => n.children.length === 0);
  leaves.sort((a, b) => (a.code < b.code ? -1 : 1));
  for (const n of leaves) {
    const population = 500 + Math.floor(rnd() * 30_000);
    out.set(n.code, { population, insured: Math.floor(population * (0.7 + 0.3 * rnd())) });
  }
  return out;
}
