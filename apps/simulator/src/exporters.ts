import {
  createLogExporter as createOtlpLogExporter,
  createMetricExporter as createOtlpMetricExporter,
  type ExportTarget,
  PROTOCOLS,
  type Protocol,
  signalUrlFromBase,
} from "@cc-otel/otlp-client";
import { type ExportResult, ExportResultCode } from "@opentelemetry/core";
import type { LogRecordExporter, ReadableLogRecord } from "@opentelemetry/sdk-logs";
import type { InstrumentType, PushMetricExporter, ResourceMetrics } from "@opentelemetry/sdk-metrics";
import type { LedgerRecorder } from "./ledger.js";

/**
 * The OTLP exporters, built once per run from the resolved configuration by @cc-otel/otlp-client,
 * and the wrappers every export passes through: the ledger learns what was acknowledged, and
 * ExportHealth notices a receiver that is not there.
 */

export { PROTOCOLS, type Protocol };
export type Temporality = "delta" | "cumulative";
export type Signal = "metrics" | "logs";

export interface ExportConfig {
  readonly protocol: Protocol;
  /**
   * Per-signal protocols (OTEL_EXPORTER_OTLP_{METRICS,LOGS}_PROTOCOL), `protocol` when absent: the CLI
   * honours them, so a user may send metrics over HTTP and events over gRPC.
   */
  readonly metricsProtocol?: Protocol | undefined;
  readonly logsProtocol?: Protocol | undefined;
  /** Base endpoint: gRPC `http://host:4317`; HTTP `http://host:4318` (/v1/metrics, /v1/logs appended). */
  readonly endpoint: string;
  /** Full per-signal URLs (OTEL_EXPORTER_OTLP_{METRICS,LOGS}_ENDPOINT), used as they are. */
  readonly metricsEndpoint?: string | undefined;
  readonly logsEndpoint?: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  /** A signal's headers (OTEL_EXPORTER_OTLP_{METRICS,LOGS}_HEADERS over the general ones), `headers` when absent. */
  readonly metricsHeaders?: Readonly<Record<string, string>> | undefined;
  readonly logsHeaders?: Readonly<Record<string, string>> | undefined;
  readonly temporality: Temporality;
  readonly compression?: "gzip" | "none" | undefined;
  readonly timeoutMs?: number | undefined;
  /**
   * Keep retrying an export the receiver refused with a retryable status (see isRetryableExportError)
   * for up to this long, with backoff, like the collector's own exporters (retry_on_failure).
   * Default 0: only what the OpenTelemetry JS exporters (0.301.0) do by themselves — over HTTP up to
   * 5 retries while they fit in the export timeout (10 s by default: about 4), over gRPC none.
   */
  readonly retryForMs?: number | undefined;
}

export function signalProtocol(config: ExportConfig, signal: Signal): Protocol {
  return (signal === "metrics" ? config.metricsProtocol : config.logsProtocol) ?? config.protocol;
}

export function signalUrl(config: ExportConfig, signal: Signal): string {
  const specific = signal === "metrics" ? config.metricsEndpoint : config.logsEndpoint;
  return specific || signalUrlFromBase(config.endpoint, signalProtocol(config, signal), signal);
}

/** "grpc → http://host:4317", or each signal's protocol and URL once they do not share the general one. */
export function describeExport(config: ExportConfig): string {
  if (
    signalProtocol(config, "metrics") === config.protocol &&
    signalProtocol(config, "logs") === config.protocol
  )
    return `${config.protocol} → ${config.endpoint}`;
  return (["metrics", "logs"] as const)
    .map((s) => `${s} ${signalProtocol(config, s)} → ${signalUrl(config, s)}`)
    .join(", ");
}

/** What @cc-otel/otlp-client builds one signal's exporter from. */
export function exportTarget(config: ExportConfig, signal: Signal): ExportTarget {
  return {
    protocol: signalProtocol(config, signal),
    url: signalUrl(config, signal),
    headers: (signal === "metrics" ? config.metricsHeaders : config.logsHeaders) ?? config.headers,
    timeoutMs: config.timeoutMs,
    compression: config.compression,
    // The direct path keeps a few exports in flight; the SDK path one per session timer.
    concurrencyLimit: 64,
  };
}

export function createMetricExporter(config: ExportConfig): PushMetricExporter {
  return createOtlpMetricExporter(exportTarget(config, "metrics"), { temporality: config.temporality });
}

export function createLogExporter(config: ExportConfig): LogRecordExporter {
  return createOtlpLogExporter(exportTarget(config, "logs"));
}

/**
 * gRPC status codes the OTLP specification calls retryable, less DEADLINE_EXCEEDED: a request that
 * timed out on the client may still have been accepted, and sending it again would deliver it twice
 * (the ledger would then understate what arrived). RESOURCE_EXHAUSTED is retryable only with a
 * RetryInfo detail, which this does not read; gRPC also uses it for "message larger than max".
 */
const RETRYABLE_GRPC_CODES: ReadonlySet<number> = new Set([
  1, // CANCELLED
  10, // ABORTED
  11, // OUT_OF_RANGE
  14, // UNAVAILABLE (the collector's memory_limiter: "data refused due to high memory usage")
  15, // DATA_LOSS
]);
/** Connection-level failures of the HTTP exporter: nothing reached the receiver, so safe to resend. */
const RETRYABLE_NETWORK_ERRORS: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "EAI_AGAIN",
  "ENOTFOUND",
  "ENETUNREACH",
  "EHOSTUNREACH",
]);

/**
 * Whether a failed export may be sent again: a retryable gRPC status; an HTTP export whose 429 /
 * 502 / 503 / 504 outlasted the exporter's own retries (it then reports "Export failed with retryable
 * status", the status code dropped); or a connection that could not be made.
 */
export function isRetryableExportError(error: Error | undefined): boolean {
  if (!error) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") return RETRYABLE_NETWORK_ERRORS.has(code);
  // The HTTP exporters put the HTTP status on OTLPExporterError.code; gRPC ServiceErrors their status.
  if (error.name === "OTLPExporterError")
    return code === undefined && /retryable status/i.test(error.message);
  if (typeof code === "number") return RETRYABLE_GRPC_CODES.has(code);
  return false;
}

export interface RetryPolicy {
  /** Give up once the next attempt would start later than this after the first one. */
  readonly maxElapsedMs: number;
  readonly initialIntervalMs?: number;
  readonly maxIntervalMs?: number;
}

/**
 * One export, sent again after a retryable refusal until it succeeds, fails for good, or the
 * policy's time is up; resolves with the last result. The backoff is the OpenTelemetry JS HTTP
 * exporter's own (1 s, x1.5, at most 5 s, ±20% jitter so parallel clients do not come back in step;
 * the jitter only moves timing, never what is generated) without its cap of 5 retries.
 */
export async function exportWithRetry<T>(
  exporter: { export(data: T, cb: (r: ExportResult) => void): void },
  data: T,
  policy: RetryPolicy | undefined,
  onRetry: () => void = () => {},
): Promise<ExportResult> {
  const started = Date.now();
  let interval = policy?.initialIntervalMs ?? 1000;
  for (;;) {
    const result = await exportAsync(exporter, data);
    if (result.code === ExportResultCode.SUCCESS || !policy || !isRetryableExportError(result.error))
      return result;
    const wait = Math.min(interval, policy.maxIntervalMs ?? 5_000) * (0.8 + 0.4 * Math.random());
    if (Date.now() + wait - started > policy.maxElapsedMs) return result;
    interval *= 1.5;
    onRetry();
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/**
 * Watches export results. A receiver that never acknowledged anything, or that failed several
 * exports in a row, is reported once through onFatal so the run can stop with a clear message
 * instead of generating into the void.
 */
export class ExportHealth {
  private delivered = 0;
  private consecutiveFailures = 0;
  private reported = false;

  constructor(
    private readonly onFatal: (error: Error, signal: Signal) => void,
    private readonly maxConsecutiveFailures = 5,
  ) {}

  success(): void {
    this.delivered++;
    this.consecutiveFailures = 0;
  }

  failure(error: Error | undefined, signal: Signal): void {
    this.consecutiveFailures++;
    if (this.reported) return;
    if (this.delivered === 0 || this.consecutiveFailures >= this.maxConsecutiveFailures) {
      this.reported = true;
      this.onFatal(error ?? new Error("export failed"), signal);
    }
  }
}

/** Exports in progress (retries included), so that forceFlush waits for them too. */
class Pending {
  private readonly inFlight = new Set<Promise<void>>();
  add(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }
  async settled(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }
}

/**
 * Runs tasks one after another per key, tasks of different keys concurrently. A task starts when the
 * previous one of its key has settled, whatever its outcome.
 */
class KeyedSequence {
  private readonly tails = new Map<string, Promise<void>>();
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

/** The resource's identity as a receiver sees it: its attributes, whatever object carries them. */
function resourceKey(metrics: ResourceMetrics): string {
  return JSON.stringify(Object.entries(metrics.resource.attributes).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * Records every export in the ledger, once, with its final outcome (after any retries); shutdown is
 * left to the owner (several readers share it).
 *
 * With a retry policy, the exports of one resource are delivered in order: each waits until the
 * previous one of the same resource has been taken or has failed for good, retries included; other
 * resources' exports stay concurrent. Otherwise the SDK reader, which stops waiting after its export
 * timeout (the interval at most), would export a session's next delta while the previous one is
 * still being resent after a refusal, and whichever landed first would win: the collector's
 * delta_to_cumulative drops the older delta (ErrOlderStart / ErrOutOfOrder) and the running total
 * falls short. Without a retry policy nothing is resent and exports go out as the SDK makes them,
 * as in the CLI.
 */
export class RecordingMetricExporter implements PushMetricExporter {
  private readonly pending = new Pending();
  private readonly inOrder = new KeyedSequence();

  constructor(
    private readonly inner: PushMetricExporter,
    private readonly ledger: LedgerRecorder,
    private readonly health: ExportHealth,
    private readonly retry?: RetryPolicy,
  ) {}

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    const send = () => exportWithRetry(this.inner, metrics, this.retry, () => this.ledger.metricsRetried());
    // pending holds the export from now on, its wait for the previous one included (forceFlush).
    this.pending.add(
      (this.retry ? this.inOrder.run(resourceKey(metrics), send) : send()).then((result) => {
        if (result.code === ExportResultCode.SUCCESS) {
          this.ledger.metricsDelivered(metrics);
          this.health.success();
        } else {
          this.ledger.metricsFailed(metrics);
          this.health.failure(result.error, "metrics");
        }
        resultCallback(result);
      }),
    );
  }

  async forceFlush(): Promise<void> {
    await this.pending.settled();
    await this.inner.forceFlush();
  }

  selectAggregationTemporality(instrumentType: InstrumentType) {
    if (!this.inner.selectAggregationTemporality) throw new Error("exporter has no temporality selector");
    return this.inner.selectAggregationTemporality(instrumentType);
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export class RecordingLogExporter implements LogRecordExporter {
  private readonly pending = new Pending();
  private exports = 0;

  constructor(
    private readonly inner: LogRecordExporter,
    private readonly ledger: LedgerRecorder,
    private readonly health: ExportHealth,
    private readonly retry?: RetryPolicy,
  ) {}

  export(logs: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    const sentMs = Date.now();
    const exportId = ++this.exports;
    this.pending.add(
      exportWithRetry(this.inner, logs, this.retry, () => this.ledger.logsRetried()).then((result) => {
        if (result.code === ExportResultCode.SUCCESS) {
          this.ledger.logsDelivered(logs, { sentMs, ackedMs: Date.now(), exportId });
          this.health.success();
        } else {
          this.ledger.logsFailed(logs);
          this.health.failure(result.error, "logs");
        }
        resultCallback(result);
      }),
    );
  }

  async forceFlush(): Promise<void> {
    await this.pending.settled();
    await this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Promise form of an exporter's callback-style export. */
export function exportAsync<T>(
  exporter: { export(data: T, cb: (r: ExportResult) => void): void },
  data: T,
): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(data, resolve));
}
