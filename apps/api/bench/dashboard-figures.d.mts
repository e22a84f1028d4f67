// Types of bench/dashboard-figures.mjs, for its test (test/bench-figures.test.ts).
export function prng(seed: number): () => number;
export function seedOf(text: string): number;
export const HEALTH_GROUPS: [string, number][];
export const SOCIAL_GROUPS: [string, number][];
export interface BenchUnit {
  id: number;
  code: string;
  level: string;
  parentCode: string | null;
  validFrom: string;
}
export interface BenchEra {
  reportDates: string[];
  years: number[];
  plans: { periodStart: string; periodEnd: string }[];
}
export function generateFigures(
  units: BenchUnit[],
  eras: Record<string, BenchEra>,
  options?: { leavesOnly?: boolean },
): {
  populations: { areaId: number; year: number; total: number; workingAge: number }[];
  coverage: { areaId: number; asOf: string; scheme: "health_insurance" | "social_insurance"; group: string; count: number }[];
  targets: {
    provinceCode: string;
    areaCode: string;
    areaValidOn: string;
    periodStart: string;
    periodEnd: string;
    scheme: string;
    measure: string;
    value: number;
  }[];
};
