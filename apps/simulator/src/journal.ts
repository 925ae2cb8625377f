import type { EventName, MetricName } from "@cc-otel/contract";

/**
 * The journal: every data point and event the receiver acknowledged, one record each, with its
 * time, its attributes (the resource's merged under the record's, as a backend sees them) and,
 * for events, when the export that carried it was sent and taken. The ledger's totals say how much
 * arrived; the journal says when and for whom, so a test can compute any dashboard number (a day's
 * cost for one team, one hour's bar, a p95 per model) from what was sent rather than from another
 * query. Off by default: a long run makes millions of records.
 */

export type JournalValue = string | number | boolean;

export interface JournalPoint {
  readonly metric: MetricName;
  /** The point's end time (what the backend stamps it with), unix ms. */
  readonly timeMs: number;
  /** What the point adds to its running total: the delta, or a cumulative point's growth since the last. */
  readonly increment: number;
  readonly attributes: Readonly<Record<string, JournalValue>>;
}

export interface JournalEvent {
  readonly name: EventName;
  /** The event's own timestamp, unix ms. */
  readonly timeMs: number;
  /**
   * When the export carrying it was first sent and when the receiver took it, unix ms. A collector
   * that stamps what it derives from events on arrival stamps them in between (or shortly after, if
   * it batches before deriving).
   */
  readonly sentMs: number;
  readonly ackedMs: number;
  /** Which export carried it (numbered per run): a collector takes an export's records together. */
  readonly exportId: number;
  readonly attributes: Readonly<Record<string, JournalValue>>;
}

export interface Journal {
  readonly points: JournalPoint[];
  readonly events: JournalEvent[];
}

/** Attributes as plain values: arrays and maps (never used by Claude Code's points) are dropped. */
export function journalAttributes(
  resource: Readonly<Record<string, unknown>>,
  own: Readonly<Record<string, unknown>>,
): Record<string, JournalValue> {
  const out: Record<string, JournalValue> = {};
  for (const source of [resource, own])
    for (const [k, v] of Object.entries(source))
      if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = v;
  return out;
}
