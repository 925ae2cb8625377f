export { eventually } from "@cc-otel/harness";

/** |a - b| within `relative` of the larger magnitude (exact for integers when relative = 0). */
export function close(a: number, b: number, relative: number): boolean {
  return Math.abs(a - b) <= relative * Math.max(Math.abs(a), Math.abs(b));
}
