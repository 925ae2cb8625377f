import { Metadata } from "@grpc/grpc-js";
import { type ExportResult, ExportResultCode } from "@opentelemetry/core";
import { OTLPLogExporter as GrpcLogExporter } from "@opentelemetry/exporter-logs-otlp-grpc";
import { OTLPLogExporter as JsonLogExporter } from "@opentelemetry/exporter-logs-otlp-http";
import { OTLPLogExporter as ProtoLogExporter } from "@opentelemetry/exporter-logs-otlp-proto";
import { OTLPMetricExporter as GrpcMetricExporter } from "@opentelemetry/exporter-metrics-otlp-grpc";
import {
  AggregationTemporalityPreference,
  OTLPMetricExporter as JsonMetricExporter,
} from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPMetricExporter as ProtoMetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { CompressionAlgorithm } from "@opentelemetry/otlp-exporter-base";
import type { LogRecordExporter, ReadableLogRecord } from "@opentelemetry/sdk-logs";
import type { InstrumentType, PushMetricExporter, ResourceMetrics } from "@opentelemetry/sdk-metrics";
import type { LedgerRecorder } from "./ledger.js";

/**
 * The OTLP exporters, built once per run from the resolved configuration, and the wrappers every
 * export passes through: the ledger learns what was acknowledged, and ExportHealth notices a
 * receiver that is not there.
 */

export const PROTOCOLS = ["grpc", "http/protobuf", "http/json"] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export type Temporality = "delta" | "cumulative";

export interface ExportConfig {
  readonly protocol: Protocol;
  /** Base endpoint: gRPC `http://host:4317`; HTTP `http://host:4318` (/v1/metrics, /v1/logs appended). */
  readonly endpoint: string;
  /** Full per-signal URLs (OTEL_EXPORTER_OTLP_{METRICS,LOGS}_ENDPOINT), used as they are. */
  readonly metricsEndpoint?: string | undefined;
  readonly logsEndpoint?: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly temporality: Temporality;
  readonly compression?: "gzip" | "none" | undefined;
  readonly timeoutMs?: number | undefined;
}

export function signalUrl(config: ExportConfig, signal: "metrics" | "logs"): string {
  const specific = signal === "metrics" ? config.metricsEndpoint : config.logsEndpoint;
  if (specific) return specific;
  if (config.protocol === "grpc") return config.endpoint;
  return `${config.endpoint.replace(/\/+$/, "")}/v1/${signal}`;
}

function common(config: ExportConfig) {
  return {
    ...(config.timeoutMs !== undefined ? { timeoutMillis: config.timeoutMs } : {}),
    ...(config.compression !== undefined
      ? { compression: config.compression === "gzip" ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE }
      : {}),
    // The direct path keeps a few exports in flight; the SDK path one per session timer.
    concurrencyLimit: 64,
  };
}

function metadataOf(headers: Readonly<Record<string, string>>): Metadata {
  const md = new Metadata();
  for (const [k, v] of Object.entries(headers)) md.set(k, v);
  return md;
}

export function createMetricExporter(config: ExportConfig): PushMetricExporter {
  const temporalityPreference =
    config.temporality === "delta"
      ? AggregationTemporalityPreference.DELTA
      : AggregationTemporalityPreference.CUMULATIVE;
  const url = signalUrl(config, "metrics");
  switch (config.protocol) {
    case "grpc":
      return new GrpcMetricExporter({
        ...common(config),
        url,
        metadata: metadataOf(config.headers),
        temporalityPreference,
      });
    case "http/protobuf":
      return new ProtoMetricExporter({
        ...common(config),
        url,
        headers: { ...config.headers },
        temporalityPreference,
      });
    case "http/json":
      return new JsonMetricExporter({
        ...common(config),
        url,
        headers: { ...config.headers },
        temporalityPreference,
      });
  }
}

export function createLogExporter(config: ExportConfig): LogRecordExporter {
  const url = signalUrl(config, "logs");
  switch (config.protocol) {
    case "grpc":
      return new GrpcLogExporter({ ...common(config), url, metadata: metadataOf(config.headers) });
    case "http/protobuf":
      return new ProtoLogExporter({ ...common(config), url, headers: { ...config.headers } });
    case "http/json":
      return new JsonLogExporter({ ...common(config), url, headers: { ...config.headers } });
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
    private readonly onFatal: (error: Error) => void,
    private readonly maxConsecutiveFailures = 5,
  ) {}

  success(): void {
    this.delivered++;
    this.consecutiveFailures = 0;
  }

  failure(error: Error | undefined): void {
    this.consecutiveFailures++;
    if (this.reported) return;
    if (this.delivered === 0 || this.consecutiveFailures >= this.maxConsecutiveFailures) {
      this.reported = true;
      this.onFatal(error ?? new Error("export failed"));
    }
  }
}

/** Records every export in the ledger; shutdown is left to the owner (several readers share it). */
export class RecordingMetricExporter implements PushMetricExporter {
  constructor(
    private readonly inner: PushMetricExporter,
    private readonly ledger: LedgerRecorder,
    private readonly health: ExportHealth,
  ) {}

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    this.inner.export(metrics, (result) => {
      if (result.code === ExportResultCode.SUCCESS) {
        this.ledger.metricsDelivered(metrics);
        this.health.success();
      } else {
        this.ledger.metricsFailed(metrics);
        this.health.failure(result.error);
      }
      resultCallback(result);
    });
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
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
  constructor(
    private readonly inner: LogRecordExporter,
    private readonly ledger: LedgerRecorder,
    private readonly health: ExportHealth,
  ) {}

  export(logs: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(logs, (result) => {
      if (result.code === ExportResultCode.SUCCESS) {
        this.ledger.logsDelivered(logs);
        this.health.success();
      } else {
        this.ledger.logsFailed(logs);
        this.health.failure(result.error);
      }
      resultCallback(result);
    });
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
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
