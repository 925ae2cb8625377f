/** What PromQL and LogQL write the same way. */

/** Window of instant "over the panel's time range" queries. */
export const RANGE = "$__range";

/** A PromQL/LogQL string literal (both use Go escaping, which JSON's matches for these values). */
export function str(value: string): string {
  return JSON.stringify(value);
}

/** `sum(expr)` or `sum by (labels) (expr)`. */
export function sum(expr: string, by: readonly string[] = []): string {
  return by.length ? `sum by (${by.join(", ")}) (${expr})` : `sum(${expr})`;
}
