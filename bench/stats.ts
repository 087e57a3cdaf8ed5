// Small statistics helpers for the result table (no dependency for a median).

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function min(xs: readonly number[]): number {
  return xs.reduce((a, b) => Math.min(a, b), Infinity);
}

export function max(xs: readonly number[]): number {
  return xs.reduce((a, b) => Math.max(a, b), -Infinity);
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Sample standard deviation (n - 1); 0 for a single sample. */
export function stddev(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

// Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom; 1.96 beyond.
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** The 95% confidence interval of the mean (Student's t, the runs taken as independent);
 *  [mean, mean] for a single sample, which has none. */
export function ci95(xs: readonly number[]): [number, number] {
  const m = mean(xs);
  if (xs.length < 2) return [m, m];
  const t = T95[xs.length - 2] ?? 1.96;
  const h = (t * stddev(xs)) / Math.sqrt(xs.length);
  return [m - h, m + h];
}

export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
  mean: number;
  stddev: number;
  /** 95% confidence interval of the mean, [low, high]. */
  ci95: [number, number];
  /** Coefficient of variation: stddev / mean (0 for one sample). */
  cv: number;
}

export function summarize(xs: readonly number[]): Summary {
  const m = mean(xs);
  const s = stddev(xs);
  return { n: xs.length, median: median(xs), min: min(xs), max: max(xs), mean: m, stddev: s, ci95: ci95(xs), cv: m > 0 ? s / m : 0 };
}
