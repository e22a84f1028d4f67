/**
 * The domain's shared arithmetic (not part of any public subpath), used by areas, targets,
 * coverage and outreach: display percentages, exact largest-remainder apportionment, and a
 * deterministic string order for tie-breaks.
 */

/** Percent to two decimals, for display; the ratio keeps full precision. */
export function toPercent(ratio: number): number {
  return Math.round(ratio * 10_000) / 100;
}

/**
 * Exact integer numerators for non-negative finite doubles over one common power of two, so
 * that shares and remainders can be compared without rounding error (0.1 + 0.2 ties stay ties).
 */
export function exactWeights(weights: readonly number[]): bigint[] {
  const scaled: { n: bigint; k: number }[] = [];
  let kMax = 0;
  for (const w of weights) {
    let x = w;
    let k = 0;
    // Doubling a double is exact; a finite non-integer becomes an integer after at most 1074 steps.
    while (!Number.isInteger(x)) {
      x *= 2;
      k++;
    }
    scaled.push({ n: BigInt(x), k });
    if (k > kMax) kMax = k;
  }
  return scaled.map(({ n, k }) => n << BigInt(kMax - k));
}

/**
 * Largest-remainder (Hamilton) apportionment of an integer `total` by exact weights with a
 * positive sum: each part gets floor(total·w/W), and the units left over go to the largest
 * remainders; equal remainders are ordered by `tieBefore` (negative: i first). Sums exactly to
 * `total`.
 */
export function largestRemainder(total: bigint, weights: readonly bigint[], tieBefore: (i: number, j: number) => number): bigint[] {
  let sum = 0n;
  for (const w of weights) sum += w;
  if (sum <= 0n) throw new RangeError("largestRemainder needs a positive weight sum");
  const parts: bigint[] = new Array(weights.length);
  const rem: bigint[] = new Array(weights.length);
  let given = 0n;
  for (let i = 0; i < weights.length; i++) {
    const n = total * weights[i]!;
    parts[i] = n / sum;
    rem[i] = n % sum;
    given += parts[i]!;
  }
  let left = total - given;
  if (left > 0n) {
    const order = weights.map((_, i) => i);
    order.sort((i, j) => (rem[i]! > rem[j]! ? -1 : rem[i]! < rem[j]! ? 1 : tieBefore(i, j)));
    for (let k = 0; left > 0n; k++, left--) {
      const i = order[k]!;
      parts[i] = parts[i]! + 1n;
    }
  }
  return parts;
}

/** Plain string order (not locale-dependent), for deterministic tie-breaks. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
