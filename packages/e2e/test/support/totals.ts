import { expect } from "vitest";
import { close } from "../../src/index.js";

/**
 * A total in Prometheus against the simulator's ledger. Exact (within `tolerance`) unless the
 * collectors' cumulative_to_delta dropped initial points (`dropped`, see initialPointsDropped): then
 * never more than sent, and the loss stays within what that many points can carry — said in a NOTE.
 */
export function expectLedgerTotal(t: {
  readonly what: string;
  readonly got: number;
  readonly want: number;
  readonly tolerance: number;
  /** Initial cumulative points dropped; 0 for delta clients. */
  readonly dropped: number;
  /** Data points the ledger counts as sent. */
  readonly dataPoints: number;
  /** Who dropped them, for the NOTE. */
  readonly where: string;
}): void {
  if (t.dropped === 0) {
    expect(close(t.got, t.want, t.tolerance), `${t.what}: ${t.got} vs ledger ${t.want}`).toBe(true);
    return;
  }
  console.warn(
    `NOTE ${t.where} dropped ${t.dropped} initial cumulative point(s); ${t.what}: ${t.got} of ${t.want}`,
  );
  expect(t.got, t.what).toBeLessThanOrEqual(t.want * (1 + t.tolerance));
  expect(t.dropped).toBeLessThan(t.dataPoints * 0.01);
  expect(t.got, t.what).toBeGreaterThanOrEqual(t.want * 0.9);
}
