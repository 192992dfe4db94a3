/**
 * The few statistics a benchmark report needs: Wilson score intervals for success rates, means,
 * quantiles and an integer histogram.
 * @module
 */

/** z for a two-sided 95% interval. */
const Z95 = 1.959963984540054;

/**
 * Wilson score interval of a success rate (95% by default). Unlike the normal approximation it
 * stays inside [0, 1] and is informative at 0/n and n/n, which small benchmarks hit all the time.
 * Returns null when there are no trials.
 */
export function wilsonInterval(successes: number, trials: number, z = Z95): [number, number] | null {
  if (trials <= 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  // At 0/n and n/n the bound is exactly 0 or 1; floating point would give 0.9999999999999999.
  return [successes === 0 ? 0 : Math.max(0, centre - half), successes === trials ? 1 : Math.min(1, centre + half)];
}

/** Mean of the values, or null when there are none. */
export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Quantile by linear interpolation between order statistics (q in [0, 1]); null when empty. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** A bin of a histogram over integers: `from` to `to` inclusive. */
export interface Bin {
  from: number;
  to: number;
}

/** Integer bins covering [min, max]: one per value when the range is small, else about `maxBins` equal-width bins. */
export function integerBins(min: number, max: number, maxBins = 20): Bin[] {
  if (max < min) return [];
  const width = Math.max(1, Math.ceil((max - min + 1) / maxBins));
  const bins: Bin[] = [];
  for (let from = min; from <= max; from += width) bins.push({ from, to: Math.min(max, from + width - 1) });
  return bins;
}
