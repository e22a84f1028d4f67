import { DomainError } from "./errors.js";

/**
 * Integer money arithmetic (VND has no minor unit). Internal helpers shared by the
 * rates and contributions modules; not a public subpath.
 *
 * Every amount is an integer number of đồng. Products of amounts and rates are computed
 * exactly with bigint and rounded once, half up (0.5 đồng → 1 đồng), so no result depends on
 * floating-point representation.
 */

/** Rates are integers in basis points: 10,000 bp = 100%, 2,200 bp = 22%, 450 bp = 4.5%. */
export const BP = 10_000n;

/** num / den rounded half up, for num ≥ 0 and den > 0. */
export function divRoundHalfUp(num: bigint, den: bigint): bigint {
  return (2n * num + den) / (2n * den);
}

/**
 * amount × rate₁ × rate₂ × … (each rate in basis points), rounded half up to the đồng once.
 * E.g. `applyBp(700_000, 1_000, 2_200)` = 10% × 22% × 700,000 = 15,400.
 */
export function applyBp(amount: number, ...ratesBp: number[]): number {
  let num = BigInt(amount);
  let den = 1n;
  for (const r of ratesBp) {
    num *= BigInt(r);
    den *= BP;
  }
  return toSafe(divRoundHalfUp(num, den));
}

/** Converts back to number, refusing anything outside the safe-integer range. */
export function toSafe(n: bigint): number {
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new DomainError("CONTRIBUTION.AMOUNT_TOO_LARGE", `Số tiền ${n} vượt quá giới hạn tính toán`, `The amount ${n} is beyond the safe integer range`, {
      amount: n.toString(),
    });
  }
  return Number(n);
}

export function isMoney(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
}

/** Thousands grouping without Intl (deterministic everywhere): vi "1.500.000", en "1,500,000". */
export function formatVnd(n: number, lang: "vi" | "en"): string {
  const s = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, lang === "vi" ? "." : ",");
  return `${n < 0 ? "-" : ""}${s}${lang === "vi" ? " đ" : " VND"}`;
}

/** Basis points as a percent: 2,200 → "22%", 450 → "4,5%" (vi) / "4.5%" (en). */
export function formatBp(bp: number, lang: "vi" | "en"): string {
  const whole = Math.trunc(bp / 100);
  const frac = Math.abs(bp % 100);
  if (frac === 0) return `${whole}%`;
  const digits = String(frac).padStart(2, "0").replace(/0+$/, "");
  return `${whole}${lang === "vi" ? "," : "."}${digits}%`;
}

/**
 * The exact decimal value of a finite, non-negative JS number as a fraction p / q (q = 10^d),
 * taken from its shortest round-trip representation: 0.0041 is exactly 41 / 10,000.
 */
export function decimalFraction(x: number): { p: bigint; q: bigint } {
  if (!Number.isFinite(x) || x < 0) throw new RangeError(`Not a finite non-negative number: ${x}`);
  const [mantissa, expPart] = String(x).toLowerCase().split("e");
  const exp = expPart === undefined ? 0 : Number(expPart);
  const [intDigits, fracDigits = ""] = mantissa!.split(".");
  let p = BigInt(`${intDigits}${fracDigits}`);
  let scale = fracDigits.length - exp;
  if (scale < 0) {
    p *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { p, q: 10n ** BigInt(scale) };
}
