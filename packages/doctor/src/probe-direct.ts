import { SCOPES, SERVICE_NAME } from "@cc-otel/contract";
import { createLogExporter, createMetricExporter, type ExportTarget } from "@cc-otel/otlp-client";
import { type ExportResult, ExportResultCode } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  LoggerProvider,
  type LogRecordExporter,
  type ReadableLogRecord,
  SimpleLogRecordProcessor,
} from "@opentelemetry/sdk-logs";
import { AggregationTemporality, MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import type { Temporality } from "./config.js";
import { describeExportError } from "./probe-errors.js";
import { PROBE_EVENT, PROBE_ID_KEY, PROBE_METRIC, PROBE_TEMPORALITY_KEY } from "./probe-names.js";

/**
 * The doctor's own send of the probe to a target it chooses — the stack's endpoint, when the
 * user's settings did not get through — so that the rest of the path is still checked. Not the
 * user's settings, so not through the SDK's environment: the exporters of @cc-otel/otlp-client,
 * read back export by export.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TIMEOUT_MS = 5_000;

class ManualReader extends MetricReader {
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const resource = () =>
  resourceFromAttributes({ "service.name": SERVICE_NAME, "service.version": "cc-otel-doctor" });

function resultError(r: ExportResult): string | undefined {
  return r.code === ExportResultCode.SUCCESS ? undefined : describeExportError(r.error);
}

/**
 * Two exports of one counter, like two export intervals of Claude Code: a collector that derives
 * deltas from cumulative input (cumulative_to_delta) may use a stream's first point only as its
 * starting value, so one export alone could legitimately vanish.
 */
export async function sendMetricDirect(
  target: ExportTarget,
  probeId: string,
  temporality: Temporality,
): Promise<string | undefined> {
  const reader = new ManualReader({
    aggregationTemporalitySelector: () =>
      temporality === "delta" ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE,
  });
  const provider = new MeterProvider({ resource: resource(), readers: [reader] });
  const counter = provider
    .getMeter(SCOPES.metrics)
    .createCounter(PROBE_METRIC, { description: "cc-otel doctor probe" });
  const exporter = createMetricExporter({ timeoutMs: TIMEOUT_MS, ...target });
  let error: string | undefined;
  for (let i = 0; i < 2 && !error; i++) {
    counter.add(1, { [PROBE_ID_KEY]: probeId, [PROBE_TEMPORALITY_KEY]: temporality });
    const { resourceMetrics } = await reader.collect();
    error = resultError(
      await new Promise<ExportResult>((resolve) => exporter.export(resourceMetrics, resolve)),
    );
    if (i === 0) await sleep(50);
  }
  await exporter.shutdown().catch(() => {});
  await provider.shutdown().catch(() => {});
  return error;
}

/** Wraps a log exporter to hand out the result of its (single) export. */
class CapturingLogExporter implements LogRecordExporter {
  readonly results: Promise<ExportResult>[] = [];
  constructor(private readonly inner: LogRecordExporter) {}
  export(logs: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    this.results.push(
      new Promise((resolve) =>
        this.inner.export(logs, (r) => {
          resolve(r);
          resultCallback(r);
        }),
      ),
    );
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

export async function sendEventDirect(target: ExportTarget, probeId: string): Promise<string | undefined> {
  const exporter = new CapturingLogExporter(createLogExporter({ timeoutMs: TIMEOUT_MS, ...target }));
  const provider = new LoggerProvider({
    resource: resource(),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  provider.getLogger(SCOPES.events).emit({
    body: PROBE_METRIC,
    timestamp: Date.now(),
    attributes: { "event.name": PROBE_EVENT, [PROBE_ID_KEY]: probeId },
  });
  await provider.forceFlush().catch(() => {});
  const [pending] = exporter.results;
  const result = pending ? await pending : undefined;
  await provider.shutdown().catch(() => {});
  return result ? resultError(result) : "the SDK did not export the event";
}
