/**
 * The q-quantile (0..1) of a sample by linear interpolation between closest ranks (the method of
 * spreadsheets' PERCENTILE and numpy's default); null for an empty sample.
 *
 * @example quantile([1, 2, 3, 4], 0.5) === 2.5
 */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? a;
  return a + (b - a) * (pos - lo);
}
