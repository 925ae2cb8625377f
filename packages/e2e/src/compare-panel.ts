import type { Labels } from "./ledger-values.js";
import { rowKey } from "./ledger-values.js";
import type { Expect, ExpectedRows } from "./panel-expectations.js";

/**
 * Compares what Prometheus answered for a panel with what the journal says, row by row (and step
 * by step for a time series). Returns the differences, one line each; empty when they agree.
 */

/** Sums of many floats in another order differ in the last digits; nothing else may. */
const RELATIVE = 1e-9;

export interface Tolerance {
  /**
   * Widest bucket of the native histograms (upper / lower bound): Prometheus interpolates a
   * quantile inside the bucket where its rank falls, so it is within this factor of the true value.
   */
  readonly bucketFactor: number;
}

function closeTo(got: number, want: number): boolean {
  return Math.abs(got - want) <= RELATIVE * Math.max(1, Math.abs(want));
}

function matches(got: number, e: Expect, t: Tolerance): boolean {
  if (e.kind === "value") return e.candidates.some((c) => closeTo(got, c));
  if (e.bounds) return got >= e.bounds[0] / t.bucketFactor && got <= e.bounds[1] * t.bucketFactor;
  return e.candidates.some(
    ([lo, hi]) => got >= lo / t.bucketFactor - 1e-9 && got <= hi * t.bucketFactor + 1e-9,
  );
}

function describeExpect(e: Expect): string {
  const list = (xs: readonly unknown[]) =>
    xs
      .slice(0, 6)
      .map((x) => (Array.isArray(x) ? `${x[0]}..${x[1]}` : String(x)))
      .join(" | ") + (xs.length > 6 ? " | …" : "");
  if (e.kind === "value")
    return e.candidates.length === 1 ? list(e.candidates) : `one of ${list(e.candidates)}`;
  return e.bounds
    ? `a quantile within ${e.bounds[0]}..${e.bounds[1]}`
    : `a quantile within a bucket of ${list(e.candidates)}`;
}

/** One evaluation (an instant, or one step of a range) of a panel: rows by labels. */
export function compareRows(
  got: ReadonlyMap<string, { labels: Labels; value: number }>,
  want: ExpectedRows,
  t: Tolerance,
  where = "",
): string[] {
  const problems: string[] = [];
  for (const [key, { labels, expect }] of want) {
    const row = got.get(key);
    const name = `${where}${JSON.stringify(labels)}`;
    if (!row) {
      if (!expect.optional) problems.push(`${name}: no data, want ${describeExpect(expect)}`);
      continue;
    }
    if (!matches(row.value, expect, t))
      problems.push(`${name}: got ${row.value}, want ${describeExpect(expect)}`);
  }
  for (const [key, row] of got)
    if (!want.has(key) && Number.isFinite(row.value))
      problems.push(`${where}${JSON.stringify(row.labels)}: got ${row.value}, want no data`);
  return problems;
}

/** Prometheus' rows keyed like the expectations (by all their labels). */
export function keyed(
  rows: readonly { metric: Record<string, string>; value: number }[],
): Map<string, { labels: Labels; value: number }> {
  return new Map(rows.map((r) => [rowKey(r.metric), { labels: r.metric, value: r.value }]));
}
