/**
 * Common Vietnamese family, middle and given names, mobile prefixes, and a small seeded PRNG with
 * its pickers: shared by the demo registry (./demo-registry-data) and the synthetic national
 * dataset (./generate). Combinations name nobody in particular.
 */
import type { Gender } from "@ansinh/domain/identity";

/** mulberry32: a small, fast, seeded PRNG (uniform in [0, 1)). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Weighted<T> = readonly (readonly [T, number])[];
export function pick<T>(rnd: () => number, list: Weighted<T>): T {
  const total = list.reduce((s, [, w]) => s + w, 0);
  let x = rnd() * total;
  for (const [v, w] of list) if ((x -= w) < 0) return v;
  return list[list.length - 1]![0];
}
export const one = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
export const int = (rnd: () => number, lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
export const pad = (n: number, w: number) => String(n).padStart(w, "0");

/** Family names, weighted roughly as in the Mekong delta; Khmer families (Danh, Thạch) in Kiên Giang. */
export const familyNames: Weighted<string> = [
  ["Nguyễn", 34],
  ["Trần", 11],
  ["Lê", 9],
  ["Phạm", 6],
  ["Huỳnh", 6],
  ["Võ", 5],
  ["Phan", 4],
  ["Trương", 2],
  ["Đặng", 2],
  ["Bùi", 2],
  ["Đỗ", 1.5],
  ["Hồ", 1.5],
  ["Ngô", 1.5],
  ["Dương", 1],
  ["Lý", 1],
  ["Lâm", 1],
  ["Tô", 0.5],
  ["Châu", 0.5],
];
export const khmerFamilyNames: readonly string[] = ["Danh", "Thạch", "Sơn", "Kim"];
export const middleNames: Record<Gender, readonly string[]> = {
  male: ["Văn", "Văn", "Văn", "Hữu", "Minh", "Quốc", "Thanh", "Công", "Đức", "Hoàng", "Ngọc", "Tấn", "Phước"],
  female: ["Thị", "Thị", "Thị", "Thị", "Ngọc", "Thanh", "Kim", "Mỹ", "Hồng", "Bích", "Thu", "Diễm"],
};
export const givenNames: Record<Gender, readonly string[]> = {
  male: [
    "Hùng",
    "Dũng",
    "Tuấn",
    "Phúc",
    "Tài",
    "Lộc",
    "Khang",
    "Sơn",
    "Hải",
    "Long",
    "Nam",
    "Thắng",
    "Toàn",
    "Vũ",
    "Hiếu",
    "Nhân",
    "Nghĩa",
    "Tâm",
    "Trí",
    "Thành",
    "Bảo",
    "Khoa",
    "Quang",
    "Đạt",
    "Phước",
    "Hậu",
    "Lợi",
    "Tùng",
    "Định",
    "Cường",
  ],
  female: [
    "Lan",
    "Hoa",
    "Hương",
    "Mai",
    "Thảo",
    "Linh",
    "Trang",
    "Nhung",
    "Hằng",
    "Yến",
    "Loan",
    "Phượng",
    "Tuyết",
    "Ngân",
    "Diễm",
    "Trinh",
    "Thủy",
    "Hạnh",
    "Nga",
    "Vân",
    "Oanh",
    "Nhi",
    "Ánh",
    "Thư",
    "Uyên",
    "Đào",
    "Kiều",
    "Xuân",
  ],
};
export const mobilePrefixes = [
  "090",
  "091",
  "093",
  "094",
  "096",
  "097",
  "098",
  "032",
  "033",
  "034",
  "035",
  "036",
  "037",
  "038",
  "039",
  "070",
  "076",
  "077",
  "078",
  "079",
  "081",
  "082",
  "083",
  "084",
  "085",
  "086",
  "088",
  "089",
];
