import { InMemoryLogRecordExporter, type ReadableLogRecord } from "@opentelemetry/sdk-logs";
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  type ResourceMetrics,
} from "@opentelemetry/sdk-metrics";
import { type Clock, type Ledger, runSimulation, type SimulationOptions } from "../../src/index.js";

/** A fixed "now": Wednesday 25 November 2026, 12:00 UTC, so backfills cover known weekdays. */
export const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
export const DAY = 86_400_000;

export const fixedClock: Clock = { now: () => NOW, sleep: async () => {} };

export interface InMemoryRun {
  readonly ledger: Ledger;
  readonly logs: ReadableLogRecord[];
  readonly metrics: ResourceMetrics[];
}

/**
 * The real generators and direct emitter with the SDK's in-memory exporters in place of the
 * network: what a backfill would have sent, as the SDK structures.
 */
export async function runInMemory(
  options: Partial<SimulationOptions> & { days?: number } = {},
): Promise<InMemoryRun> {
  const { days = 1, ...rest } = options;
  const temporality = rest.export?.temporality ?? "delta";
  const metric = new InMemoryMetricExporter(
    temporality === "delta" ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE,
  );
  const log = new InMemoryLogRecordExporter();
  const ledger = await runSimulation({
    seed: 1,
    users: 4,
    export: { protocol: "grpc", endpoint: "http://127.0.0.1:9", headers: {}, temporality },
    mode: { kind: "backfill", windowMs: days * DAY },
    clock: fixedClock,
    exporters: { metric, log },
    ...rest,
  });
  return { ledger, logs: log.getFinishedLogRecords(), metrics: metric.getMetrics() };
}

export function attrs(r: ReadableLogRecord): Record<string, unknown> {
  return r.attributes as Record<string, unknown>;
}

export function eventName(r: ReadableLogRecord): string {
  return String(attrs(r)["event.name"]);
}
